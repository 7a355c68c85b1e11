"""Requests for an EHC needs assessment: received per year and month, growth, decided within 6 weeks, refused.

A request counts in the calendar year of its ``received_date`` (inside the row's event window, on or
before as-at). Decided within 6 weeks: of the requests received in the year whose outcome is Y or N
with an outcome date on or before as-at, the share with ``request_outcome_date - received_date <= 42``
days. Outcomes (SPEC section 2, as known at as-at): assess (Y), not to assess (N), withdrawn (W) and not
yet decided (A, or a Y/N decision dated after as-at), each with its share of the requests received. Assess
and not to assess are decisions dated on or before as-at (so they add up to ``decided``); H, other codes and a
Y/N with no decision date are in none of them. Mediation / tribunal: the request's flag is true. By source: SEN2
``RequestSource`` 1-5, anything else ``unknown``. Where the requests agreed for assessment are now (the journey
funnel, as known at as-at), one each, in this order: ``plan_issued`` (a final plan dated on or before as-at),
``no_plan`` (assessment outcome N), ``assessment_withdrawn`` (assessment outcome W), else ``assessing``. The age-band filter uses the age on the 31 August before the request was received.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from dashboard.kpi.dates import month_of
from dashboard.kpi.records import event_years, filter_mask, in_window, prepare, report_months, truthy
from dashboard.kpi.rounding import pct

DECISION_DAYS = 42
OUTCOMES = ("assess", "not_assess", "withdrawn", "not_decided")
JOURNEY = ("plan_issued", "no_plan", "assessment_withdrawn", "assessing")  # of "assess", one each
SOURCES = ("1", "2", "3", "4", "5", "unknown")


def received_requests(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> pd.DataFrame:
    """One row per request received on or before as-at: ``year, month, decided, decided_in_6_weeks,
    mediation, tribunal`` (the last two: the request went to mediation / an appeal to the tribunal)."""
    df = prepare(records)
    rows = df.loc[_received(df, as_at=as_at, needs=needs, age_bands=age_bands),
                  ["received_date", "request_outcome", "request_outcome_date", "request_mediation",
                   "request_tribunal", "request_source", "assessment_outcome", "assessment_outcome_date",
                   "plan_start_date"]]
    outcome_date = rows["request_outcome_date"]
    decided = (rows["request_outcome"].isin(["Y", "N"]) & outcome_date.notna()
               & (outcome_date <= pd.Timestamp(as_at)))
    days = (outcome_date - rows["received_date"]).dt.days
    code = rows["request_outcome"].astype(object).where(rows["request_outcome"].notna(), "").astype(str).str.strip()
    later = (outcome_date > pd.Timestamp(as_at)).fillna(False).astype(bool)
    source = rows["request_source"].astype(object).where(rows["request_source"].notna(), "").astype(str).str.strip()
    stamp = pd.Timestamp(as_at)
    assess = (decided & code.eq("Y")).astype(bool)
    issued = assess & (rows["plan_start_date"] <= stamp).fillna(False).astype(bool)
    a_code = rows["assessment_outcome"].astype(object).where(rows["assessment_outcome"].notna(), "").astype(str)
    a_known = (rows["assessment_outcome_date"] <= stamp).fillna(False).astype(bool)
    no_plan = assess & ~issued & a_code.str.strip().eq("N") & a_known
    a_withdrawn = assess & ~issued & ~no_plan & a_code.str.strip().eq("W")
    return pd.DataFrame({
        "year": rows["received_date"].dt.year.astype("int64"),
        "month": month_of(rows["received_date"]),
        "decided": decided.astype(bool),
        "decided_in_6_weeks": (decided & (days <= DECISION_DAYS)).fillna(False).astype(bool),
        "assess": assess,
        "plan_issued": issued, "no_plan": no_plan, "assessment_withdrawn": a_withdrawn,
        "assessing": assess & ~issued & ~no_plan & ~a_withdrawn,
        "not_assess": (decided & code.eq("N")).astype(bool),
        "withdrawn": code.eq("W").astype(bool),
        "not_decided": (code.eq("A") | (code.isin(["Y", "N"]) & later)).astype(bool),
        "source": source.where(source.isin(SOURCES[:-1]), "unknown"),
        "mediation": truthy(rows["request_mediation"]),
        "tribunal": truthy(rows["request_tribunal"]),
    }, index=rows.index)


def _received(df: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str], age_bands: Iterable[str]) -> pd.Series:
    """Which rows of the prepared frame are requests received on or before as-at (inside their window)."""
    return in_window(df, "received_date", as_at) & filter_mask(df, needs=needs, age_bands=age_bands,
                                                               on="received_date")


def growth_pct(previous: int | None, current: int | None) -> float | None:
    """Percentage change from ``previous`` to ``current`` (one decimal, half up); None if previous is 0/None."""
    if previous is None or current is None or previous == 0:
        return None
    return pct(current - previous, previous)


def requests_by_year(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> list[dict]:
    """Per calendar year: received, growth_pct on the year before, decided, decided_within_6_weeks(_pct),
    the outcomes assess / not_assess / withdrawn / not_decided with their shares of the requests received
    (``<outcome>_pct``), how many went to mediation and to the tribunal, and ``by_source``."""
    reqs = received_requests(records, as_at=as_at, needs=needs, age_bands=age_bands)
    fields = ["received", "decided", "decided_in_6_weeks", *OUTCOMES, *JOURNEY, "mediation", "tribunal"]
    # read once into dicts: a .loc per (year, field) cost more than the sums
    counts = reqs.assign(received=1).groupby("year")[fields].sum().to_dict("index")
    sources = reqs.groupby(["year", "source"]).size().to_dict()
    out, previous = [], None
    for year in event_years(records, as_at):
        c = ({f: int(counts[year][f]) for f in fields} if year in counts else dict.fromkeys(fields, 0))
        received = c["received"]
        out.append({
            "year": year, "received": received, "growth_pct": growth_pct(previous, received),
            "decided": c["decided"], "decided_within_6_weeks": c["decided_in_6_weeks"],
            "decided_within_6_weeks_pct": pct(c["decided_in_6_weeks"], c["decided"]),
            **{k: c[k] for k in OUTCOMES}, **{f"{k}_pct": pct(c[k], received) for k in OUTCOMES},
            **{k: c[k] for k in JOURNEY},
            "mediation": c["mediation"], "tribunal": c["tribunal"],
            "by_source": {s: int(sources.get((year, s), 0)) for s in SOURCES},
        })
        previous = received
    return out


def requests_by_month(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> list[dict]:
    """Requests received per month "YYYY-MM", January of the year before as-at to as-at's month."""
    df = prepare(records)
    received = df.loc[_received(df, as_at=as_at, needs=needs, age_bands=age_bands), "received_date"]
    counts = month_of(received).value_counts()
    return [{"month": m, "received": int(counts.get(m, 0))}
            for m in report_months(records, as_at)]
