"""School census KPIs (SPEC §2 "Census").

Input: the census frame (``census_date, provision (E/K/N), need, age_band, sex, fsm, eal, phase,
pupils``): aggregate pupil counts, one row per combination. Output: plain Python lists/dicts.

Filters (the sidebar's need types and age bands):

- ``age_bands`` restricts every count, pupils included: the figures describe only pupils in those
  bands.
- ``needs`` restricts the EHCP (E) and SEN support (K) counts to pupils whose primary need is one of
  ``needs``, while ``pupils`` stays the (age-filtered) total, so ``pct_ehcp`` reads "pupils with an
  EHCP for autism as a % of all pupils". Pupils without SEN have no need and cannot be filtered by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import pandas as pd

from dashboard.kpi.rounding import pct

BREAKDOWNS = ("need", "age_band", "sex", "fsm", "eal", "phase")
_SEX_ORDER = {"M": 0, "F": 1, "U": 2}


def _prepare(census: pd.DataFrame, needs: Iterable[str], age_bands: Iterable[str]) -> pd.DataFrame:
    """Copy with datetime census dates, E/K counts (need-filtered) and the age filter applied."""
    df = census.copy()
    df["census_date"] = pd.to_datetime(df["census_date"], errors="coerce")
    df["pupils"] = pd.to_numeric(df["pupils"], errors="coerce").fillna(0).astype("int64")
    bands = list(age_bands)
    if bands:
        df = df[df["age_band"].isin(bands)]
    provision = df["provision"].astype("string").str.strip().str.upper()
    counted = pd.Series(True, index=df.index)
    wanted = [str(n).upper() for n in needs]
    if wanted:
        counted = df["need"].astype("string").str.upper().isin(wanted).fillna(False).astype(bool)
    df["ehcp"] = df["pupils"].where(provision.eq("E").fillna(False) & counted, 0)
    df["sen_support"] = df["pupils"].where(provision.eq("K").fillna(False) & counted, 0)
    return df


def _row(pupils: int, ehcp: int, sen_support: int) -> dict:
    return {
        "pupils": pupils,
        "ehcp": ehcp,
        "sen_support": sen_support,
        "pct_ehcp": pct(ehcp, pupils),
        "pct_sen_support": pct(sen_support, pupils),
        "pct_all_sen": pct(ehcp + sen_support, pupils),
    }


def census_by_date(
    census: pd.DataFrame, *, as_at: date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> list[dict]:
    """Per census date on or before ``as_at`` (oldest first): pupils, EHCP, SEN support and their %.

    ``age_bands`` restricts all counts, pupils too; ``needs`` restricts the EHCP and SEN support counts
    to those primary needs while ``pupils`` stays the (age-filtered) total of all pupils.
    Every census date is listed, with zeros when no pupil is in the chosen age bands.
    Row: ``{"census_date": ISO date, "pupils", "ehcp", "sen_support", "pct_ehcp", "pct_sen_support",
    "pct_all_sen", "ehcp_by_need", "ehcp_need_pct", "sen_support_by_need", "sen_support_need_pct"}``:
    the need shares are each primary need's count and % of the pupils with an EHCP (with SEN support;
    "NSA" = SEN support with no specialist assessment of the type of need).
    """
    dates = pd.to_datetime(census["census_date"], errors="coerce")
    dates = sorted(dates[dates.notna() & (dates <= pd.Timestamp(as_at))].unique())
    df = _prepare(census, needs, age_bands)
    totals = df.groupby("census_date")[["pupils", "ehcp", "sen_support"]].sum()
    totals = totals.reindex(pd.DatetimeIndex(dates), fill_value=0)  # a date with no pupils in the bands stays
    sen = df[(df["ehcp"] > 0) | (df["sen_support"] > 0)]
    by_need = sen.assign(need=sen["need"].astype("string").str.upper()).groupby(["census_date", "need"])[
        ["ehcp", "sen_support"]].sum()
    out = []
    for when, t in totals.iterrows():
        ehcp, k = int(t["ehcp"]), int(t["sen_support"])
        needs_then = by_need.loc[when] if when in by_need.index.get_level_values(0) else by_need.iloc[0:0]
        e_need = {str(n): int(v) for n, v in needs_then["ehcp"].items() if v}
        k_need = {str(n): int(v) for n, v in needs_then["sen_support"].items() if v}
        out.append({"census_date": when.date().isoformat(), **_row(int(t["pupils"]), ehcp, k),
                    "ehcp_by_need": e_need, "ehcp_need_pct": {n: pct(v, ehcp) for n, v in e_need.items()},
                    "sen_support_by_need": k_need,
                    "sen_support_need_pct": {n: pct(v, k) for n, v in k_need.items()}})
    return out


def _order_key(by: str, value: object) -> tuple:
    if by == "age_band":  # "Under 5" < "5-10" < "11-15" < ...
        digits = re.match(r"\d+", str(value))
        return (0 if str(value).lower().startswith("under") else 1, int(digits.group()) if digits else 999)
    if by == "sex":
        return (_SEX_ORDER.get(str(value), 9), str(value))
    return (str(value),)


def _plain(value: object) -> object:
    """numpy / pandas scalars as plain Python values (JSON-serialisable); missing as None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def census_breakdown(
    census: pd.DataFrame,
    *,
    census_date: date,
    by: str,
    needs: Iterable[str] = (),
    age_bands: Iterable[str] = (),
) -> list[dict]:
    """Census counts at one census date split by ``by`` (one of need, age_band, sex, fsm, eal, phase).

    One row per value of ``by``: ``{by: value, "pupils", "ehcp", "sen_support", "pct_ehcp",
    "pct_sen_support", "pct_all_sen", "share_of_ehcp", "share_of_sen_support"}``. ``pct_*`` are % of
    the pupils in that group (e.g. of girls, the % with an EHCP); ``share_of_*`` are the group's % of
    all EHCP (SEN support) pupils at that date (e.g. the need shares). Filters as in
    :func:`census_by_date`; with ``by="need"`` and ``needs`` given only those needs are listed.
    """
    if by not in BREAKDOWNS:
        raise ValueError(f"Census breakdown must be one of {', '.join(BREAKDOWNS)}, not {by!r}.")
    wanted = [str(n).upper() for n in needs]
    df = _prepare(census, wanted, age_bands)
    df = df[df["census_date"] == pd.Timestamp(census_date)]
    groups = df.groupby(by, dropna=False)[["pupils", "ehcp", "sen_support"]].sum()
    all_ehcp, all_k = int(groups["ehcp"].sum()), int(groups["sen_support"].sum())
    rows = []
    for value, g in groups.iterrows():
        if by == "need" and wanted and str(value).upper() not in wanted:
            continue
        ehcp, k = int(g["ehcp"]), int(g["sen_support"])
        rows.append({by: _plain(value), **_row(int(g["pupils"]), ehcp, k),
                     "share_of_ehcp": pct(ehcp, all_ehcp), "share_of_sen_support": pct(k, all_k)})
    return sorted(rows, key=lambda r: _order_key(by, r[by]))
