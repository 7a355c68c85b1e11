"""20-week timeliness of EHC plans, weeks to issue, and the assessments still open (SPEC section 2).

Plans issued in a period: requests with a ``received_date`` whose final plan ``plan_start_date`` falls
in the period (inside the row's event window, on or before as-at), not transferred in from another LA
(``transfer_la`` empty). A request marked H in an SEN2 return whose plan is issued in the return's
period counts. Within 20 weeks = ``plan_start_date - received_date <= 140`` days. ``pct`` counts all
plans; ``pct_ex`` leaves out plans with a 20-week exception (the DfE headline figure). The age-band
filter uses the age on the 31 August before the plan was issued.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from dashboard.kpi.dates import month_of
from dashboard.kpi.records import NO_TRANSFER, event_years, filter_mask, in_window, prepare, report_months
from dashboard.kpi.rounding import pct, round1

WITHIN_DAYS = 140
AT_RISK_DAYS = 112  # 16 weeks: the at-risk view lists open assessments from here on
# open assessments by weeks elapsed since the request: (label, first day, last day); the last two are the
# at-risk bands (day 112 is 16 weeks, day 140 the last within 20 weeks)
OPEN_BANDS: tuple[tuple[str, int, float], ...] = (
    ("under 6 weeks", 0, 41), ("6-12 weeks", 42, 83), ("12-16 weeks", 84, AT_RISK_DAYS - 1),
    ("16-20 weeks", AT_RISK_DAYS, WITHIN_DAYS), ("over 20 weeks", WITHIN_DAYS + 1, float("inf")),
)
# (label, highest number of days) of the weeks-to-issue distribution; the last band is open-ended
WEEK_BANDS: tuple[tuple[str, float], ...] = (
    ("up to 6 weeks", 42), ("6-12 weeks", 84), ("12-16 weeks", 112), ("16-20 weeks", 140),
    ("20-26 weeks", 182), ("26-39 weeks", 273), ("39-52 weeks", 364), ("over 52 weeks", float("inf")),
)
_COUNTS = ("issued", "within", "issued_ex", "within_ex", "over_20_weeks_within_year", "over_a_year")
YEAR_DAYS = 365  # SPEC 2 timeliness bands: over 20 weeks within a year = 141-365 days, over a year > 365


def issued_plans(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> pd.DataFrame:
    """One row per plan issued on or before as-at: ``year, month, days, within, exception``."""
    df = prepare(records)
    keep = df["received_date"].notna().to_numpy() & in_window(df, "plan_start_date", as_at) & df[NO_TRANSFER].to_numpy()
    keep &= filter_mask(df, needs=needs, age_bands=age_bands, on="plan_start_date")
    rows = df.loc[keep, ["plan_start_date", "received_date", "week20_exception"]]
    start = rows["plan_start_date"]
    days = (start - rows["received_date"]).dt.days
    return pd.DataFrame({
        "year": start.dt.year.astype("int64"),
        "month": month_of(start),
        "days": days.astype("int64"),
        "within": (days <= WITHIN_DAYS).astype(bool),
        "exception": rows["week20_exception"].astype(bool),
        "over_a_year": (days > YEAR_DAYS).astype(bool),
    }, index=rows.index)


def _counts(plans: pd.DataFrame, key: str) -> pd.DataFrame:
    counted = plans.assign(
        issued=1, issued_ex=~plans["exception"], within_ex=plans["within"] & ~plans["exception"],
        over_20_weeks_within_year=~plans["within"] & ~plans["over_a_year"],
    )
    grouped = counted.groupby(key)[list(_COUNTS)].sum()
    grouped["median_days"] = plans.groupby(key)["days"].median()
    return grouped


def _rows(grouped: pd.DataFrame, keys: list, label: str) -> list[dict]:
    out = []
    table = grouped.to_dict("index")  # {key: {column: value}}, read once: a .loc per key cost more than the sums
    for key in keys:
        if key in table:
            g = table[key]
            issued, within, issued_ex, within_ex, over_20, over_year = (int(g[c]) for c in _COUNTS)
            median = round1(float(g["median_days"]) / 7)
        else:
            issued = within = issued_ex = within_ex = over_20 = over_year = 0
            median = None
        row = {
            label: key, "issued": issued, "within": within, "pct": pct(within, issued),
            "issued_ex": issued_ex, "within_ex": within_ex, "pct_ex": pct(within_ex, issued_ex),
            "median_weeks": median,
        }
        if label == "year":  # the bands are yearly (as the DfE publishes them): by month they would be small
            row.update({"over_20_weeks_within_year": over_20, "over_a_year": over_year,  # counts hidden at 1-4 and
                        "over_20_weeks_within_year_pct": pct(over_20, issued),  # force the monthly figures out
                        "over_a_year_pct": pct(over_year, issued)})
        out.append(row)
    return out


def weeks_distribution(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> list[dict]:
    """Per year: how many plans were issued within each band of weeks (``{"year", "bands": {...}}``)."""
    plans = issued_plans(records, as_at=as_at, needs=needs, age_bands=age_bands)
    return _distribution(plans, event_years(records, as_at))


def _distribution(plans: pd.DataFrame, years: list[int]) -> list[dict]:
    edges = [float("-inf")] + [limit for _, limit in WEEK_BANDS]
    labels = [label for label, _ in WEEK_BANDS]
    band = pd.cut(plans["days"], bins=edges, labels=labels, right=True)
    table = pd.crosstab(plans["year"], band).reindex(columns=labels, fill_value=0).to_dict("index")
    none = dict.fromkeys(labels, 0)
    return [{"year": year, "bands": {label: int(table.get(year, none)[label]) for label in labels}} for year in years]


def open_assessments(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> pd.DataFrame:
    """Requests being assessed at as-at: outcome Y decided by then, no plan issued and no N/W outcome yet.

    SEN2 returns repeat requests, so for SEN2 data only one return is read: the first whose period
    ends on or after as-at (else the latest). The age-band filter uses the age when the request was
    received. Columns: ``request_ref, person_ref, caseworker, team, received_date, days, weeks``.
    """
    df = prepare(records)
    stamp = pd.Timestamp(as_at)
    sen2 = df["source"].eq("sen2")
    one_return = pd.Series(True, index=df.index)
    if sen2.any():
        ends = df.loc[sen2, ["dataset_id", "period_end", "reference_date"]].drop_duplicates("dataset_id")
        covering = ends[ends["period_end"].isna() | (ends["period_end"] >= stamp)]
        chosen = (covering.sort_values("period_end") if len(covering)
                  else ends.sort_values("reference_date", ascending=False)).iloc[0]["dataset_id"]
        one_return = ~sen2 | df["dataset_id"].eq(chosen)
    received = df["received_date"]
    decided = df["assessment_outcome"].isin(["N", "W"]) & (
        df["assessment_outcome_date"].isna() | (df["assessment_outcome_date"] <= stamp))
    # in an SEN2 return a request decided to assess in an earlier year is marked H, and its assessment
    # may still be open: it counts when an assessment is recorded for it
    assessing = df["request_outcome"].eq("Y") | (
        sen2 & df["request_outcome"].eq("H") & df["assessment_outcome"].notna())
    keep = (
        one_return & assessing
        & (df["request_outcome_date"].isna() | (df["request_outcome_date"] <= stamp))
        & received.notna() & (received <= stamp)
        & (df["plan_start_date"].isna() | (df["plan_start_date"] > stamp))
        & ~decided
    )
    keep = keep.to_numpy(dtype=bool) & filter_mask(df, needs=needs, age_bands=age_bands, on="received_date")
    rows = df.loc[keep, ["request_ref", "person_ref", "caseworker", "team", "received_date"]]
    days = (stamp - rows["received_date"]).dt.days.astype("int64")
    out = rows[["request_ref", "person_ref", "caseworker", "team", "received_date"]].assign(
        days=days, weeks=days / 7)
    return out.sort_values(["days", "request_ref"], ascending=[False, True])


def open_summary(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> dict:
    """``{"total", "over_20_weeks", "weeks_16_to_20", "by_weeks", "at_risk": [...]}`` for the at-risk view.

    ``by_weeks`` counts the open assessments in each band of :data:`OPEN_BANDS` (it adds up to ``total``);
    ``by_team`` counts the at-risk ones by team.

    ``at_risk`` lists the open assessments at 16 weeks (112 days) or more, oldest first, each with
    request_ref, person_ref, caseworker, team, received_date, days, weeks (one decimal) and status
    ("over 20 weeks" when more than 140 days, else "16-20 weeks").
    """
    rows = open_assessments(records, as_at=as_at, needs=needs, age_bands=age_bands)
    over = rows["days"] > WITHIN_DAYS
    risk = rows.loc[rows["days"] >= AT_RISK_DAYS]
    at_risk = [
        {"request_ref": _text(r.request_ref), "person_ref": _text(r.person_ref),
         "caseworker": _text(r.caseworker), "team": _text(r.team),
         "received_date": r.received_date.date().isoformat(), "days": int(r.days),
         "weeks": round1(r.weeks), "status": "over 20 weeks" if r.days > WITHIN_DAYS else "16-20 weeks"}
        for r in risk.itertuples(index=False)
    ]
    by_weeks = {label: int(rows["days"].between(lo, hi).sum()) for label, lo, hi in OPEN_BANDS}
    return {"total": len(rows), "over_20_weeks": int(over.sum()),
            "weeks_16_to_20": int(((rows["days"] >= AT_RISK_DAYS) & ~over).sum()), "by_weeks": by_weeks,
            "at_risk_total": len(at_risk), "by_team": _by_team(at_risk), "at_risk": at_risk}


NOT_RECORDED = "Not recorded"


def _by_team(at_risk: list[dict]) -> list[dict]:
    """The at-risk list counted by team: ``[{"team", "weeks_16_to_20", "over_20_weeks", "total"}]``, teams in
    alphabetical order and the assessments with no team last."""
    out: dict[str, dict] = {}
    for r in at_risk:
        team = r["team"] or NOT_RECORDED
        row = out.setdefault(team, {"team": team, "weeks_16_to_20": 0, "over_20_weeks": 0, "total": 0})
        row["over_20_weeks" if r["status"] == "over 20 weeks" else "weeks_16_to_20"] += 1
        row["total"] += 1
    return sorted(out.values(), key=lambda r: (r["team"] == NOT_RECORDED, r["team"].lower()))


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def timeliness_block(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> dict:
    """The SPEC section 3 ``timeliness`` object, plus ``weeks_distribution`` and ``open_assessments``."""
    plans = issued_plans(records, as_at=as_at, needs=needs, age_bands=age_bands)
    years = event_years(records, as_at)
    months = report_months(records, as_at)
    opened = open_summary(records, as_at=as_at, needs=needs, age_bands=age_bands)
    return {
        "by_year": _rows(_counts(plans, "year"), years, "year"),
        "by_month": _rows(_counts(plans, "month"), months, "month"),
        "open_over_20_weeks": opened["over_20_weeks"],
        "weeks_distribution": _distribution(plans, years),
        "open_assessments": opened,
    }
