"""Reconciliation of one collection year (issue 13 part 3): casework, SEN2 return, DfE's published figure.

For collection year Y (reference date = third Thursday of January Y, period = calendar year Y-1) each
headline measure is computed three ways, with the engine's own definitions (nothing re-derived here):

* **casework**: the casework snapshot's records frame, counted as the return would count it;
* **sen2**: the records frame of the loaded SEN2 return of year Y (one return only);
* **published**: DfE's published figure for the LA (``timeliness_20_week``, ``requests`` for calendar year
  Y-1; ``caseload`` and ``sen_needs_all_plans`` for January Y) -- None until DfE publishes year Y (in June).

Measures: plans issued in Y-1 and within 20 weeks, with and without the 20-week exceptions
(:func:`dashboard.kpi.timeliness.issued_plans`, and their percentages), requests received in Y-1
(:func:`dashboard.kpi.requests.received_requests`), and plans maintained at January Y
(:func:`dashboard.kpi.ehcps.maintained_mask`) in total, by primary need and by setting group
(:func:`dashboard.kpi.placements.placed_at`, SPEC 2.1 groups). A source that is missing (no casework
snapshot, no return for Y) gives None figures, and every difference with a None side is None. Differences of
percentages are in percentage points. The request-level drill-down (why casework and return differ) is
:mod:`dashboard.kpi.reconcile_match`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.kpi import benchmarks as bench_kpi
from dashboard.kpi.dates import reference_date
from dashboard.kpi.ehcps import maintained_mask
from dashboard.kpi.placements import mix, placed_at
from dashboard.kpi.reconcile_match import compare
from dashboard.kpi.records import NEED, UNKNOWN_NEED, prepare
from dashboard.kpi.requests import received_requests
from dashboard.kpi.rounding import pct, round1
from dashboard.kpi.timeliness import issued_plans
from frames.placements import GROUPS

NEEDS = (*bench_kpi.NEED_CODES, UNKNOWN_NEED)
NEED_SOURCE = "sen_needs_all_plans"
GROUP_LABELS = {"mainstream": "mainstream", "special": "special schools", "ap_pru": "alternative provision / PRU",
                "post16": "post-16", "early_years": "early years", "elsewhere": "educated elsewhere",
                "unknown": "setting not known"}
# measure -> (label, "count" | "pct", la_published key, year offset from Y of the published figure)
HEADLINES: dict[str, tuple[str, str, str | None, int]] = {
    "plans_issued": ("Plans issued in {p}", "count", "plans_issued", -1),
    "plans_within": ("of which within 20 weeks", "count", "plans_within", -1),
    "timeliness_pct": ("Within 20 weeks, all plans (%)", "pct", "timeliness_pct", -1),
    "plans_issued_ex": ("Plans issued in {p}, exceptions left out", "count", "plans_issued_ex", -1),
    "plans_within_ex": ("of which within 20 weeks, exceptions left out", "count", "plans_within_ex", -1),
    "timeliness_pct_ex": ("Within 20 weeks, exceptions left out (%)", "pct", "timeliness_pct_ex", -1),
    "requests_received": ("Requests for assessment received in {p}", "count", "requests", -1),
    "plans_january": ("Plans maintained at January {y}", "count", "plans_january", 0),
}


def is_missing(records: pd.DataFrame | None) -> bool:
    return records is None or len(records) == 0


def figures(records: pd.DataFrame | None, *, year: int, placements: pd.DataFrame | None = None) -> dict | None:
    """measure -> value of one source for collection year ``year`` (None when the source is missing).

    ``placements``: the source's placements frame (a casework placement history); without it the records'
    own ``setting_type`` is the setting (for an SEN2 return: the placement current at its reference date).
    """
    if is_missing(records):
        return None
    df = prepare(records)
    period_end, ref = dt.date(year - 1, 12, 31), reference_date(year)
    plans = issued_plans(df, as_at=period_end)
    plans = plans[plans["year"] == year - 1]
    ex = ~plans["exception"]
    issued, within = len(plans), int(plans["within"].sum())
    issued_ex, within_ex = int(ex.sum()), int((plans["within"] & ex).sum())
    received = received_requests(df, as_at=period_end)
    maintained = df.loc[maintained_mask(df, on=ref)]
    needs = maintained[NEED].value_counts()
    placed = placed_at(maintained, placements, pd.Series(pd.Timestamp(ref), index=maintained.index))
    groups = mix(placed)
    return {
        "plans_issued": issued, "plans_within": within, "timeliness_pct": pct(within, issued),
        "plans_issued_ex": issued_ex, "plans_within_ex": within_ex, "timeliness_pct_ex": pct(within_ex, issued_ex),
        "requests_received": int((received["year"] == year - 1).sum()),
        "plans_january": len(maintained),
        **{f"need_{code}": int(needs.get(code, 0)) for code in NEEDS},
        **{f"setting_{g}": groups[g] for g in GROUPS},
    }


def _need_measure(code: str) -> str:
    return "number_need_unknown" if code == UNKNOWN_NEED else f"number_{code.lower()}"


def published_figures(published: pd.DataFrame | dict | None, *, year: int, la_code: str) -> dict:
    """measure -> DfE's published figure for the LA (None where not published, e.g. before June of Y).

    ``published``: the benchmark frame (``data_access.queries.load_benchmarks``; need counts are read from
    its ``sen_needs_all_plans`` rows), or a KPI object's ``benchmarks`` block, or its ``la_published``
    block (these carry no need counts: the need rows are then None).
    """
    need_counts: dict[str, float | None] = {}
    if published is None:
        block: dict = {}
    elif isinstance(published, pd.DataFrame):
        block = bench_kpi.benchmark_block(published, la_code=str(la_code), comparators=[], years=[])["la_published"]
        for code in NEEDS:
            need_counts[code] = bench_kpi.series(published, measure=_need_measure(code), area_code=str(la_code),
                                                 source=NEED_SOURCE).get(year)
    else:
        block = published.get("la_published", published)
    out: dict[str, float | None] = {}
    for measure, (_, _, key, offset) in HEADLINES.items():
        out[measure] = (block.get(key) or {}).get(year + offset) if key else None
    for code in NEEDS:
        out[f"need_{code}"] = need_counts.get(code)
    for g in GROUPS:
        out[f"setting_{g}"] = (block.get(f"placements_{g}") or {}).get(year)
    return {k: _number(v) for k, v in out.items()}


def _number(value: object) -> int | float | None:
    if value is None or pd.isna(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def _minus(a: float | None, b: float | None, unit: str) -> int | float | None:
    if a is None or b is None:
        return None
    return round1(a - b) if unit == "pct" else _number(a - b)


def _labels(year: int) -> dict[str, tuple[str, str]]:
    p = str(year - 1)
    out = {m: (label.format(p=p, y=year), unit) for m, (label, unit, _, _) in HEADLINES.items()}
    out |= {f"need_{c}": (f"Plans at January {year}, primary need {c if c != UNKNOWN_NEED else 'not recorded'}",
                          "count") for c in NEEDS}
    out |= {f"setting_{g}": (f"Plans at January {year}, {GROUP_LABELS[g]}", "count") for g in GROUPS}
    return out


def _notes(casework_records: pd.DataFrame | None, year: int) -> list[str]:
    if is_missing(casework_records) or "reference_date" not in casework_records:
        return []
    snapshot = pd.to_datetime(casework_records["reference_date"]).max()
    if pd.isna(snapshot) or snapshot.date() >= reference_date(year):
        return []
    return [f"The casework snapshot is of {snapshot.date().isoformat()}, before the return's reference date "
            f"({reference_date(year).isoformat()}): its figures go only as far as the snapshot."]


def reconcile(
    casework_records: pd.DataFrame | None,
    sen2_records: pd.DataFrame | None,
    benchmarks_or_published: pd.DataFrame | dict | None,
    *,
    year: int,
    la_code: str,
    casework_placements: pd.DataFrame | None = None,
) -> dict:
    """``{"year", "la_code", "reference_date", "period", "sources", "rows", "differences", "matching"}``.

    ``rows``: one per measure, ``{"measure", "label", "unit", "casework", "sen2", "published",
    "casework_minus_sen2", "sen2_minus_published"}``; a need row is left out when no source has a plan
    with that need and DfE publishes none. ``differences``: the requests counted in the casework and not
    the return or the other way round, and why (see :func:`dashboard.kpi.reconcile_match.compare`); empty
    when either source is missing. ``sources``: which of the three were there.
    """
    year = int(year)
    cw = figures(casework_records, year=year, placements=casework_placements)
    s2 = figures(sen2_records, year=year)
    pub = published_figures(benchmarks_or_published, year=year, la_code=la_code)
    rows = []
    for measure, (label, unit) in _labels(year).items():
        c = cw.get(measure) if cw else None
        s = s2.get(measure) if s2 else None
        p = pub.get(measure)
        if measure.startswith("need_") and not c and not s and p is None:
            continue
        rows.append({"measure": measure, "label": label, "unit": unit, "casework": c, "sen2": s, "published": p,
                     "casework_minus_sen2": _minus(c, s, unit), "sen2_minus_published": _minus(s, p, unit)})
    if cw is not None and s2 is not None:
        differences, matching = compare(casework_records, sen2_records, year=year,
                                        casework_placements=casework_placements)
    else:
        differences, matching = [], None
    return {
        "year": year, "la_code": str(la_code), "reference_date": reference_date(year).isoformat(),
        "notes": _notes(casework_records, year),
        "period": [dt.date(year - 1, 1, 1).isoformat(), dt.date(year - 1, 12, 31).isoformat()],
        "sources": {"casework": cw is not None, "sen2": s2 is not None,
                    "published": any(v is not None for v in pub.values())},
        "rows": rows, "differences": differences, "matching": matching,
    }
