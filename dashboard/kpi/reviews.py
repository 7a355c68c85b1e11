"""Annual reviews of EHC plans: due, meetings held, decided within 4 weeks, outcomes, overdue (SPEC section 2).

The records frame holds each plan's latest review only (SEN2 ``ReviewMeeting``, ``ReviewOutcome``; the
casework ``review_meeting_date``, ``review_outcome``, ``review_decision_date``), so a year's meetings are
the latest reviews that fell in it. For calendar year Y, as known at as-at:

* due: plans maintained on 31 December Y (or as-at when earlier) whose ``plan_start_date`` is at least
  365 days before that date;
* meetings: ``review_meeting_date`` in Y (inside the row's event window, on or before as-at);
* decided: of those, the ones with a ``review_decision_date`` on or before as-at; within 4 weeks: decided
  no more than 28 days after the meeting (its share is of the decided);
* outcomes: the meetings by ``review_outcome`` A (amend), C (cease), M (maintain).

Overdue at as-at: plans maintained at as-at whose latest review meeting (or, with none, start) is more
than 365 days before as-at; a plan with neither date is not counted. The need filter applies throughout;
the age band is taken on the 31 August before the date counted (the meeting's, the due date, as-at).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.kpi.dates import month_of
from dashboard.kpi.ehcps import maintained_mask
from dashboard.kpi.records import blank, event_years, filter_mask, in_window, prepare, report_months
from dashboard.kpi.rounding import pct

YEAR_DAYS = 365
DECISION_DAYS = 28
OUTCOMES = ("A", "C", "M")


def _meetings(df: pd.DataFrame, *, as_at: dt.date, needs, age_bands) -> pd.DataFrame:
    keep = in_window(df, "review_meeting_date", as_at)
    keep &= filter_mask(df, needs=needs, age_bands=age_bands, on="review_meeting_date")
    rows = df.loc[keep]
    meeting, decision = rows["review_meeting_date"], rows["review_decision_date"]
    decided = (decision.notna() & (decision <= pd.Timestamp(as_at))).astype(bool)
    outcome = rows["review_outcome"].astype(object).where(rows["review_outcome"].notna(), "").astype(str).str.strip()
    return pd.DataFrame({
        "year": meeting.dt.year, "month": month_of(meeting), "meetings": 1, "decided": decided,
        "within_4_weeks": decided & ((decision - meeting).dt.days <= DECISION_DAYS).fillna(False).astype(bool),
        **{o: outcome.eq(o) for o in OUTCOMES},
    }, index=rows.index)


def due_on(df: pd.DataFrame, *, on: dt.date, needs=(), age_bands=()) -> int:
    """Plans maintained at ``on`` that started at least 365 days before it."""
    started = df["plan_start_date"].to_numpy()
    keep = maintained_mask(df, on=on) & filter_mask(df, needs=needs, age_bands=age_bands, on=on)
    keep &= ~np.isnat(started) & (started <= pd.Timestamp(on - dt.timedelta(days=YEAR_DAYS)).to_datetime64())
    return int(keep.sum())


def overdue_mask(df: pd.DataFrame, *, as_at: dt.date, needs=(), age_bands=()) -> np.ndarray:
    """The plans maintained at as-at whose latest review (or start) is more than 365 days before it."""
    stamp = pd.Timestamp(as_at)
    meeting = df["review_meeting_date"].where(df["review_meeting_date"] <= stamp)
    latest = meeting.fillna(df["plan_start_date"])
    late = ((stamp - latest).dt.days > YEAR_DAYS).fillna(False).to_numpy(dtype=bool)
    return maintained_mask(df, on=as_at) & filter_mask(df, needs=needs, age_bands=age_bands, on=as_at) & late


def overdue_list(late: pd.DataFrame, *, as_at: dt.date) -> list[dict]:
    """The overdue plans for leads, most overdue first: request_ref, person_ref, team, caseworker,
    plan_start_date, last_review (the latest meeting on or before as-at, or None), days since it (or since
    the start, with no review) and days overdue (those days less 365)."""
    stamp = pd.Timestamp(as_at)
    meeting = late["review_meeting_date"].where(late["review_meeting_date"] <= stamp)
    days = (stamp - meeting.fillna(late["plan_start_date"])).dt.days
    order = days.sort_values(ascending=False, kind="stable").index
    rows = late.loc[order]
    texts = [[_text(v) for v in rows[c].tolist()] for c in ("request_ref", "person_ref", "team", "caseworker")]
    starts = rows["plan_start_date"].tolist()
    meetings = meeting.loc[order].tolist()
    return [{"request_ref": ref, "person_ref": person, "team": team, "caseworker": worker,
             "plan_start_date": start.date().isoformat(),
             "last_review": None if pd.isna(met) else met.date().isoformat(),
             "days_since": int(d), "days_overdue": int(d) - YEAR_DAYS}
            for ref, person, team, worker, start, met, d in zip(*texts, starts, meetings, days.loc[order].tolist(),
                                                                  strict=True)]


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value).strip() or None


def _by(values: pd.Series) -> dict[str, int]:
    names = values.astype(object).where(~blank(values), "unknown").astype(str).str.strip()
    return {str(k): int(v) for k, v in names.value_counts().sort_index().items()}


def reviews_block(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> dict:
    """``{"by_year": [...], "by_month": [...], "overdue", "overdue_by_team", "overdue_by_caseworker",
    "overdue_list": [...]}`` (the list is for leads only; the disclosure control empties it for viewers)."""
    df = prepare(records)
    meets = _meetings(df, as_at=as_at, needs=needs, age_bands=age_bands)
    fields = ["meetings", "decided", "within_4_weeks", *OUTCOMES]
    # {year or month: {field: count}}, read once: a .loc per cell cost more than the sums
    by_year = meets.groupby("year")[fields].sum().astype("int64").to_dict("index")
    by_month = meets.groupby("month")[fields].sum().astype("int64").to_dict("index")

    def counts(table: dict, key: object) -> dict[str, int]:
        return {f: int(v) for f, v in table[key].items()} if key in table else dict.fromkeys(fields, 0)

    years = []
    for year in event_years(df, as_at):
        c = counts(by_year, year)
        years.append({"year": year, "due": due_on(df, on=min(dt.date(year, 12, 31), as_at), needs=needs,
                                                  age_bands=age_bands),
                      "meetings": c["meetings"], "decided": c["decided"], "within_4_weeks": c["within_4_weeks"],
                      "within_4_weeks_pct": pct(c["within_4_weeks"], c["decided"]),
                      "outcomes": {o: c[o] for o in OUTCOMES}})
    months = []
    for month in report_months(df, as_at):
        c = counts(by_month, month)
        months.append({"month": month, "meetings": c["meetings"], "decided": c["decided"],
                       "within_4_weeks": c["within_4_weeks"],
                       "within_4_weeks_pct": pct(c["within_4_weeks"], c["decided"])})
    late = df.loc[overdue_mask(df, as_at=as_at, needs=needs, age_bands=age_bands)]
    return {"by_year": years, "by_month": months, "overdue": len(late),
            "overdue_by_team": _by(late["team"]), "overdue_by_caseworker": _by(late["caseworker"]),
            "overdue_list": overdue_list(late, as_at=as_at)}
