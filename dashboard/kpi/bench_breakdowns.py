"""England's and the region's published figures for the breakdown a filtered view shows.

A view filtered by age band is compared with the DfE's figures summed over the same single years of age
(timeliness, requests and 6-week decisions, plans each January, where the DfE publishes them by age); a
view filtered by primary need with the DfE's plans by need (plans each January). Anything else has no
published breakdown: it keeps the all-children figure and its ``scope`` says so, so that a page can label
the line "England, all children".

Input: the benchmark frame's breakdown rows (``breakdown_topic`` "Child or young persons age" and the
need counts ``number_<need>``), for England and the regions. Output: plain year -> value series.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from dashboard.kpi.dates import AGE_BANDS, BAND_LIMITS
from dashboard.kpi.rounding import pct

AGE_TOPIC = "child or young persons age"
ALL_CHILDREN = "all children"
# series key -> (numerator measure, denominator measures summed) or a count measure
AGE_RATES = {
    "timeliness_pct_ex": ("plans_issued_20_weeks_ex", ("plans_issued_den_ex",)),
    "timeliness_pct": ("plans_issued_within_20_weeks", ("plans_issued_den",)),
    "decided_within_6_weeks_pct": ("request_outcome_six_weeks", ("request_outcome_six_weeks",
                                                                 "request_outcome_over_6_weeks")),
}
AGE_COUNTS = {"plans_january": "ehcplans", "requests": "requests_received_in_year"}
NEED_MEASURE = "number_{need}"


def measures(need_codes: Iterable[str]) -> list[str]:
    """The published measures a breakdown is built from (for the read path to load)."""
    out = {m for num, dens in AGE_RATES.values() for m in (num, *dens)} | set(AGE_COUNTS.values())
    return sorted(out | {need_measure(c) for c in need_codes})


def age_of(label: object) -> int | None:
    """The age a DfE age label stands for: "age 7", "Aged 7" -> 7; "under 3", "Aged 2 and under" -> 2;
    "age 20 and over" -> 20; "Age unknown" -> None."""
    text = str(label).strip().lower()
    if text.startswith("under"):
        return 2
    found = re.search(r"\d+", text)
    return int(found.group()) if found else None


def _ages(bands: Iterable[str]) -> set[int]:
    limits = dict(zip(AGE_BANDS, BAND_LIMITS, strict=True))
    return {age for band in bands for age in range(limits[band][0], limits[band][1] + 1)}


def _sums(rows: pd.DataFrame, area: str, measure: str) -> dict[int, float]:
    sel = rows[(rows["area_code"] == area) & (rows["measure"] == measure)]
    if sel.empty or sel["value"].isna().any():
        return {}
    return {int(y): float(v) for y, v in sel.groupby("year")["value"].sum().items()}


def _age_rows(breakdowns: pd.DataFrame, bands: Iterable[str]) -> pd.DataFrame:
    b = breakdowns[breakdowns["breakdown_topic"].astype("string").str.lower() == AGE_TOPIC]
    if b.empty:
        return b
    wanted = _ages(bands)
    ages = b["breakdown"].map(age_of)
    return b[ages.isin(wanted).to_numpy()]


def _growth(plans: dict[int, float]) -> dict[int, float | None]:
    return {y: pct(v - plans[y - 1], plans[y - 1]) if plans[y - 1] else None
            for y, v in plans.items() if (y - 1) in plans}


def matched(breakdowns: pd.DataFrame, *, area: str, needs: Iterable[str], age_bands: Iterable[str]) -> dict:
    """Series key -> (year -> value, scope) for the filtered view, where the DfE publishes the breakdown.

    ``scope`` names the breakdown ("ages 5-10", "primary need ASD"); a key the DfE does not break down
    this way is absent (the caller keeps the all-children series).
    """
    needs, bands = list(needs), list(age_bands)
    if breakdowns is None or breakdowns.empty or (needs and bands) or not (needs or bands):
        return {}
    out: dict = {}
    if bands:
        rows = _age_rows(breakdowns, bands)
        scope = "ages " + ", ".join(bands)
        for key, (num, dens) in AGE_RATES.items():
            top, bottom = _sums(rows, area, num), [_sums(rows, area, d) for d in dens]
            years = set(top).intersection(*[set(b) for b in bottom]) if bottom else set()
            series = {y: pct(top[y], sum(b[y] for b in bottom)) for y in sorted(years)}
            if series:
                out[key] = (series, scope)
        for key, measure in AGE_COUNTS.items():
            series = _sums(rows, area, measure)
            if series:
                out[key] = (dict(sorted(series.items())), scope)
    else:
        scope = "primary need " + ", ".join(needs)
        parts = [_sums(breakdowns[_all_rows(breakdowns)], area, need_measure(n)) for n in needs]
        years = set(parts[0]).intersection(*[set(p) for p in parts[1:]]) if parts else set()
        if years:
            out["plans_january"] = ({y: sum(p[y] for p in parts) for y in sorted(years)}, scope)
    if "plans_january" in out:
        plans, scope = out["plans_january"]
        growth = _growth(plans)
        if growth:
            out["plans_growth_pct"] = (growth, scope)
    return out


def _all_rows(b: pd.DataFrame) -> pd.Series:
    topic = b["breakdown_topic"].astype("string").str.lower()
    return topic.str.startswith("all ").fillna(False).astype(bool)


def need_measure(code: str) -> str:
    return "number_need_unknown" if code.upper() == "UNKNOWN" else NEED_MEASURE.format(need=code.lower())
