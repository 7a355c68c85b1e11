"""Requests for an EHC needs assessment: received per year and month, growth, decided within 6 weeks, refused.

A request counts in the calendar year of its ``received_date`` (inside the row's event window, on or
before as-at). Decided within 6 weeks: of the requests received in the year whose outcome is Y or N
with an outcome date on or before as-at, the share with ``request_outcome_date - received_date <= 42``
days. Refused: of those decisions, the ones not to assess (outcome N), and their share of the requests
received in the year. The age-band filter uses the age on the 31 August before the request was received.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from dashboard.kpi.dates import month_of
from dashboard.kpi.records import event_years, filter_mask, in_window, prepare, report_months, truthy
from dashboard.kpi.rounding import pct

DECISION_DAYS = 42


def received_requests(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> pd.DataFrame:
    """One row per request received on or before as-at: ``year, month, decided, decided_in_6_weeks,
    mediation, tribunal`` (the last two: the request went to mediation / an appeal to the tribunal)."""
    df = prepare(records)
    keep = in_window(df, "received_date", as_at)
    keep &= filter_mask(df, needs=needs, age_bands=age_bands, on="received_date")
    rows = df.loc[keep, ["received_date", "request_outcome", "request_outcome_date", "request_mediation",
                         "request_tribunal"]]
    outcome_date = rows["request_outcome_date"]
    decided = (rows["request_outcome"].isin(["Y", "N"]) & outcome_date.notna()
               & (outcome_date <= pd.Timestamp(as_at)))
    days = (outcome_date - rows["received_date"]).dt.days
    return pd.DataFrame({
        "year": rows["received_date"].dt.year.astype("int64"),
        "month": month_of(rows["received_date"]),
        "decided": decided.astype(bool),
        "decided_in_6_weeks": (decided & (days <= DECISION_DAYS)).fillna(False).astype(bool),
        "refused": (decided & rows["request_outcome"].eq("N")).astype(bool),
        "mediation": truthy(rows["request_mediation"]),
        "tribunal": truthy(rows["request_tribunal"]),
    }, index=rows.index)


def growth_pct(previous: int | None, current: int | None) -> float | None:
    """Percentage change from ``previous`` to ``current`` (one decimal, half up); None if previous is 0/None."""
    if previous is None or current is None or previous == 0:
        return None
    return pct(current - previous, previous)


def requests_by_year(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> list[dict]:
    """Per calendar year: received, growth_pct on the year before, decided, decided_within_6_weeks(_pct),
    decided_not_to_assess and its share of the requests received (refused_pct, SPEC section 2's request
    outcomes), and how many of the year's
    requests went to mediation and to the tribunal."""
    reqs = received_requests(records, as_at=as_at, needs=needs, age_bands=age_bands)
    fields = ["received", "decided", "decided_in_6_weeks", "refused", "mediation", "tribunal"]
    counts = reqs.assign(received=1).groupby("year")[fields].sum()
    out, previous = [], None
    for year in event_years(records, as_at):
        received, decided, quick, refused, mediation, tribunal = (
            (int(v) for v in counts.loc[year]) if year in counts.index else (0,) * len(fields))
        out.append({
            "year": year, "received": received, "growth_pct": growth_pct(previous, received),
            "decided": decided, "decided_within_6_weeks": quick,
            "decided_within_6_weeks_pct": pct(quick, decided), "decided_not_to_assess": refused,
            "refused_pct": pct(refused, received), "mediation": mediation, "tribunal": tribunal,
        })
        previous = received
    return out


def requests_by_month(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> list[dict]:
    """Requests received per month "YYYY-MM", January of the year before as-at to as-at's month."""
    reqs = received_requests(records, as_at=as_at, needs=needs, age_bands=age_bands)
    counts = reqs.groupby("month").size()
    return [{"month": m, "received": int(counts.get(m, 0))}
            for m in report_months(records, as_at)]
