"""Where children with an EHC plan are placed: setting groups at each January and at as-at, new plans.

Plans maintained at a date D are the ones :func:`dashboard.kpi.ehcps.maintained_mask` counts (for SEN2
returns, the return's ActivePlans at its reference date), so ``total`` equals ``ehcps.january[].count``.
A plan's placement at D is the row of the placements frame (:mod:`frames.placements`) with the same
``dataset_id`` and ``request_ref`` whose entry date (NaT: from the start) is on or before D and leaving
date (NaT: still there) on or after D; of several, the latest entry date, then the lowest
``placement_rank``. No such row, or a setting code not in ``SETTING_GROUPS``: ``unknown``. With no
placements frame the records' own ``setting_type`` / ``setting_in_la`` stand (the current setting).

Per date: ``total``, the seven groups of SPEC 2.1, ``independent`` (independent mainstream, independent
special, non-maintained special: inside the mainstream and special groups), ``out_of_area``
(``setting_in_la`` false) and their shares of ``total``. New plans in year Y: plans whose
``plan_start_date`` is in Y, transferred in included, by their placement at the start date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.kpi.ehcps import january_dates, maintained_mask
from dashboard.kpi.records import (
    ages_on,
    band_mask,
    blank,
    check_age_bands,
    event_years,
    filter_mask,
    in_window,
    prepare,
)
from dashboard.kpi.rounding import pct
from frames.placements import GROUPS, INDEPENDENT, SETTING_GROUPS

KEYS = ["dataset_id", "request_ref"]


def _has(placements: pd.DataFrame | None) -> bool:
    return placements is not None and len(placements) > 0


def placed_at(plans: pd.DataFrame, placements: pd.DataFrame | None, dates: pd.Series) -> pd.DataFrame:
    """``setting_type`` and ``setting_in_la`` of each plan (row of ``plans``) at its date in ``dates``."""
    if not _has(placements):
        return pd.DataFrame({"setting_type": plans["setting_type"].astype(object),
                             "setting_in_la": plans["setting_in_la"].astype("boolean")}, index=plans.index)
    pl = placements.assign(dataset_id=placements["dataset_id"].astype("int64"),
                           request_ref=placements["request_ref"].astype(str),
                           entry_date=pd.to_datetime(placements["entry_date"]),
                           leaving_date=pd.to_datetime(placements["leaving_date"]))
    left = pd.DataFrame({"_row": plans.index, "dataset_id": plans["dataset_id"].astype("int64").to_numpy(),
                         "request_ref": plans["request_ref"].astype(str).to_numpy(),
                         "_on": pd.to_datetime(dates).to_numpy()})
    if "urn" not in pl:
        pl = pl.assign(urn=None)
    m = left.merge(pl[[*KEYS, "placement_rank", "urn", "setting_type", "setting_in_la", "entry_date",
                       "leaving_date"]], on=KEYS, how="inner")
    spans = (m["entry_date"].isna() | (m["entry_date"] <= m["_on"])) & (
        m["leaving_date"].isna() | (m["leaving_date"] >= m["_on"]))
    m = m[spans].assign(_entry=lambda x: x["entry_date"].fillna(pd.Timestamp.min),
                        _rank=lambda x: pd.to_numeric(x["placement_rank"], errors="coerce").astype("float64").fillna(np.inf))
    m = m.sort_values(["_row", "_entry", "_rank"], ascending=[True, False, True]).drop_duplicates("_row")
    best = m.set_index("_row")
    return pd.DataFrame({"setting_type": best["setting_type"].reindex(plans.index).astype(object),
                         "setting_in_la": best["setting_in_la"].reindex(plans.index).astype("boolean"),
                         "urn": best["urn"].reindex(plans.index).astype(object)},
                        index=plans.index)


def groups_of(settings: pd.Series) -> pd.Series:
    """The SPEC 2.1 group of each setting code (blank or not a known code: unknown)."""
    codes = settings.astype(object).where(~blank(settings), "unknown").astype(str).str.strip()
    return codes.map(SETTING_GROUPS).fillna("unknown")


def mix(placed: pd.DataFrame) -> dict:
    """``total``, the groups, independent and out of area (counts and shares of the total)."""
    groups = groups_of(placed["setting_type"]).value_counts()
    total = len(placed)
    independent = int(placed["setting_type"].isin(INDEPENDENT).sum())
    out_of_area = int(placed["setting_in_la"].eq(False).fillna(False).sum())
    counts = {g: int(groups.get(g, 0)) for g in GROUPS}
    return {"total": total, **counts, **{f"{g}_pct": pct(n, total) for g, n in counts.items()},
            "independent": independent, "independent_pct": pct(independent, total),
            "out_of_area": out_of_area, "out_of_area_pct": pct(out_of_area, total)}


def _at(df: pd.DataFrame, placements: pd.DataFrame | None, on: dt.date, needs, bands) -> pd.DataFrame:
    keep = maintained_mask(df, on=on) & filter_mask(df, needs=needs, on=on)
    if bands:
        keep &= band_mask(ages_on(df, on), bands)
    plans = df.loc[keep]
    return placed_at(plans, placements, pd.Series(pd.Timestamp(on), index=plans.index))


def _by_school(placed: pd.DataFrame) -> list[dict]:
    """``[{"urn", "total", <group>...}]`` per URN, sorted by URN (a list of schools: leads only, never declared
    to the disclosure control, so a viewer gets an empty list)."""
    if "urn" not in placed:
        return []
    rows = placed[~blank(placed["urn"])]
    counts = pd.DataFrame({"urn": rows["urn"].astype(str).str.strip(),
                           "group": groups_of(rows["setting_type"])}).groupby(["urn", "group"]).size()
    out: dict[str, dict] = {}
    for (urn, group), n in counts.items():
        row = out.setdefault(str(urn), {"urn": str(urn), "total": 0, **dict.fromkeys(GROUPS, 0)})
        row[str(group)] += int(n)
        row["total"] += int(n)
    return [out[u] for u in sorted(out)]


def placements_block(
    records: pd.DataFrame, placements: pd.DataFrame | None, *, as_at: dt.date, needs: Iterable[str] = (),
    age_bands: Iterable[str] = (),
) -> dict:
    """``{"january": [...], "at_as_at": {...}, "new_by_year": [...], "by_school": [...]}``."""
    df = prepare(records)
    bands = check_age_bands(age_bands)
    january = [{"year": year, "date": when.isoformat(), **mix(_at(df, placements, when, needs, bands))}
               for year, when in january_dates(df, as_at=as_at)]
    now = _at(df, placements, as_at, needs, bands)
    keep = in_window(df, "plan_start_date", as_at)
    keep &= filter_mask(df, needs=needs, age_bands=bands, on="plan_start_date")
    new = df.loc[keep]
    new_placed = placed_at(new, placements, new["plan_start_date"]).assign(year=new["plan_start_date"].dt.year)
    new_by_year = []
    for year in event_years(df, as_at):
        m = mix(new_placed[new_placed["year"] == year])
        new_by_year.append({"year": year, "total": m["total"], **{g: m[g] for g in GROUPS},
                            **{f"{g}_pct": m[f"{g}_pct"] for g in GROUPS}})
    return {"january": january, "at_as_at": mix(now), "new_by_year": new_by_year, "by_school": _by_school(now)}
