"""Where children with an EHC plan are placed: setting groups at each January and at as-at, new plans.

Plans maintained at a date D are the ones :func:`dashboard.kpi.ehcps.maintained_filtered` counts (for SEN2
returns, the return's ActivePlans at its reference date), so ``total`` equals ``ehcps.january[].count``.
A plan's placement at D is the row of the placements frame (:mod:`frames.placements`) with the same
``dataset_id`` and ``request_ref`` whose entry date (NaT: from the start) is on or before D and leaving
date (NaT: still there) on or after D; of several, the latest entry date, then the lowest
``placement_rank``, then the first in the placements frame. No such row, or a setting code not in
``SETTING_GROUPS``: ``unknown``. With no placements frame the records' own ``setting_type`` /
``setting_in_la`` stand (the current setting). The records are matched with the placements once per
block (:class:`_Placed`); each date is then a few array operations over the matched pairs.

Per date: ``total``, the seven groups of SPEC 2.1, ``independent`` (independent mainstream, independent
special, non-maintained special: inside the mainstream and special groups), ``out_of_area``
(``setting_in_la`` false) and their shares of ``total``. New plans in year Y: plans whose
``plan_start_date`` is in Y, transferred in included, by their placement at the start date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.kpi.ehcps import january_dates, maintained_filtered
from dashboard.kpi.records import (
    blank,
    check_age_bands,
    event_years,
    filter_mask,
    in_window,
    on_distinct,
    prepare,
)
from dashboard.kpi.rounding import pct
from frames.placements import GROUPS, INDEPENDENT, SETTING_GROUPS

KEYS = ["dataset_id", "request_ref"]
_GROUP_CODE = {g: i for i, g in enumerate(GROUPS)}


def _has(placements: pd.DataFrame | None) -> bool:
    return placements is not None and len(placements) > 0


def _typed(placements: pd.DataFrame) -> pd.DataFrame:
    pl = placements.assign(dataset_id=placements["dataset_id"].astype("int64"),
                           request_ref=placements["request_ref"].astype(str),
                           entry_date=pd.to_datetime(placements["entry_date"]),
                           leaving_date=pd.to_datetime(placements["leaving_date"]))
    return pl if "urn" in pl else pl.assign(urn=None)


def _keys(plans: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"dataset_id": plans["dataset_id"].astype("int64").to_numpy(),
                         "request_ref": plans["request_ref"].astype(str).to_numpy()})


def placed_at(plans: pd.DataFrame, placements: pd.DataFrame | None, dates: pd.Series) -> pd.DataFrame:
    """``setting_type`` and ``setting_in_la`` of each plan (row of ``plans``) at its date in ``dates``."""
    if not _has(placements):
        return pd.DataFrame({"setting_type": plans["setting_type"].astype(object),
                             "setting_in_la": plans["setting_in_la"].astype("boolean")}, index=plans.index)
    pl = _typed(placements)
    left = _keys(plans).assign(_row=plans.index, _on=pd.to_datetime(dates).to_numpy())
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


def _group_names(settings: pd.Series) -> pd.Series:
    codes = settings.astype(object).where(~blank(settings), "unknown").astype(str).str.strip()
    return codes.map(SETTING_GROUPS).fillna("unknown")


def groups_of(settings: pd.Series) -> pd.Series:
    """The SPEC 2.1 group of each setting code (blank or not a known code: unknown)."""
    return pd.Series(on_distinct(settings, _group_names), index=settings.index, name=settings.name)


def _mix(total: int, counts: dict[str, int], independent: int, out_of_area: int) -> dict:
    return {"total": total, **counts, **{f"{g}_pct": pct(n, total) for g, n in counts.items()},
            "independent": independent, "independent_pct": pct(independent, total),
            "out_of_area": out_of_area, "out_of_area_pct": pct(out_of_area, total)}


def mix(placed: pd.DataFrame) -> dict:
    """``total``, the groups, independent and out of area (counts and shares of the total)."""
    groups = groups_of(placed["setting_type"]).value_counts()
    return _mix(len(placed), {g: int(groups.get(g, 0)) for g in GROUPS},
                int(placed["setting_type"].isin(INDEPENDENT).sum()),
                int(placed["setting_in_la"].eq(False).fillna(False).sum()))


@dataclass(frozen=True)
class _Settings:
    """What :func:`mix` and :func:`_by_school` read of each placement, one row per placement (or, with no
    placements frame, per record) and a last row for "no placement": group code (the index in ``GROUPS``;
    ``len(GROUPS)`` for another group), independent, out of area, URN (stripped; None when blank)."""

    group: np.ndarray
    independent: np.ndarray
    out_of_area: np.ndarray
    urn: np.ndarray

    @classmethod
    def of(cls, frame: pd.DataFrame) -> _Settings:
        none = pd.Series([None], dtype=object)
        settings = pd.concat([frame["setting_type"].astype(object), none], ignore_index=True)
        out_of_area = frame["setting_in_la"].astype("boolean").eq(False).fillna(False).to_numpy(dtype=bool)
        urn = pd.concat([frame["urn"].astype(object), none], ignore_index=True) if "urn" in frame else None
        return cls(group=groups_of(settings).map(_GROUP_CODE).fillna(len(GROUPS)).to_numpy("int64"),
                   independent=settings.isin(INDEPENDENT).to_numpy(dtype=bool),
                   out_of_area=np.r_[out_of_area, False],
                   urn=np.full(len(settings), None, dtype=object) if urn is None else on_distinct(urn, _urn_key))


def _urn_key(urns: pd.Series) -> pd.Series:
    return urns.astype(str).str.strip().astype(object).where(~blank(urns), None)


@dataclass(frozen=True)
class _Placed:
    """Each record's placement at a date, as a row of :class:`_Settings` (-1, the last: none)."""

    settings: _Settings
    by_school: bool  # a placements frame was given (its URNs make the list of schools)
    # with a placements frame, every (record, placement) pair of the same dataset and request: sorted by
    # record, then latest entry date (NaT: from the start), then lowest rank, then placements frame order
    row: np.ndarray | None = None
    place: np.ndarray | None = None
    entry: np.ndarray | None = None
    leaving: np.ndarray | None = None

    @classmethod
    def of(cls, df: pd.DataFrame, placements: pd.DataFrame | None) -> _Placed:
        if not _has(placements):
            return cls(_Settings.of(df), by_school=False)
        pl = _typed(placements)
        right = pl[KEYS].assign(_place=np.arange(len(pl)))
        m = _keys(df).assign(_row=np.arange(len(df))).merge(right, on=KEYS, how="inner")
        row, place = m["_row"].to_numpy(), m["_place"].to_numpy()
        entry, leaving = pl["entry_date"].to_numpy()[place], pl["leaving_date"].to_numpy()[place]
        entry_key = np.where(np.isnat(entry), np.iinfo(np.int64).min + 1, entry.view("int64"))
        rank = pd.to_numeric(pl["placement_rank"], errors="coerce").astype("float64").fillna(np.inf).to_numpy()
        order = np.lexsort((place, rank[place], -entry_key, row))
        return cls(_Settings.of(pl), by_school=True, row=row[order], place=place[order], entry=entry[order],
                   leaving=leaving[order])

    def at(self, keep: np.ndarray, on: np.datetime64 | np.ndarray) -> np.ndarray:
        """The row of :attr:`settings` of each kept record at ``on`` (one date, or one per record)."""
        if self.row is None:
            return np.flatnonzero(keep)
        when = on[self.row] if isinstance(on, np.ndarray) else on
        ok = keep[self.row] & (np.isnat(self.entry) | (self.entry <= when)) & (
            np.isnat(self.leaving) | (self.leaving >= when))
        chosen = np.flatnonzero(ok)
        rows = self.row[chosen]
        chosen = chosen[np.r_[True, rows[1:] != rows[:-1]]] if len(chosen) else chosen
        best = np.full(len(keep), -1)
        best[self.row[chosen]] = self.place[chosen]
        return best[keep]

    def mix(self, rows: np.ndarray) -> dict:
        s = self.settings
        counts = np.bincount(s.group[rows], minlength=len(GROUPS) + 1)
        return _mix(len(rows), {g: int(counts[i]) for i, g in enumerate(GROUPS)},
                    int(s.independent[rows].sum()), int(s.out_of_area[rows].sum()))


def _at(df: pd.DataFrame, placed: _Placed, on: dt.date, needs, bands) -> np.ndarray:
    return placed.at(maintained_filtered(df, on=on, needs=needs, age_bands=bands), pd.Timestamp(on).to_datetime64())


def _by_school(placed: _Placed, rows: np.ndarray) -> list[dict]:
    """``[{"urn", "total", <group>...}]`` per URN, sorted by URN (a list of schools: leads only, never declared
    to the disclosure control, so a viewer gets an empty list)."""
    if not placed.by_school:
        return []
    urns = placed.settings.urn[rows]
    named = np.flatnonzero(pd.notna(urns))
    groups = np.array([*GROUPS, None], dtype=object)[placed.settings.group[rows[named]]]
    counts = pd.DataFrame({"urn": urns[named], "group": groups}).groupby(["urn", "group"]).size()
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
    placed = _Placed.of(df, placements)
    january = [{"year": year, "date": when.isoformat(), **placed.mix(_at(df, placed, when, needs, bands))}
               for year, when in january_dates(df, as_at=as_at)]
    now = _at(df, placed, as_at, needs, bands)
    keep = in_window(df, "plan_start_date", as_at)
    keep &= filter_mask(df, needs=needs, age_bands=bands, on="plan_start_date")
    start = df["plan_start_date"].to_numpy()
    new = placed.at(keep, start)
    years = df["plan_start_date"].dt.year.to_numpy()[keep]
    new_by_year = []
    for year in event_years(df, as_at):
        m = placed.mix(new[years == year])
        new_by_year.append({"year": year, "total": m["total"], **{g: m[g] for g in GROUPS},
                            **{f"{g}_pct": m[f"{g}_pct"] for g in GROUPS}})
    return {"january": january, "at_as_at": placed.mix(now), "new_by_year": new_by_year,
            "by_school": _by_school(placed, now)}
