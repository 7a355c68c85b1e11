"""Annual reviews: due, meetings, decided within 4 weeks, outcomes, overdue (hand-worked, synthetic people)."""

from datetime import date

from dashboard.kpi.reviews import reviews_block
from tests.kpi.fixtures import casework, empty, plan


def _p(start, **extra):
    return plan("2019-01-01", start, **extra)


def _year(block, year):
    return next(r for r in block["by_year"] if r["year"] == year)


def test_due_means_started_at_least_365_days_before_31_december():
    # 2024-12-31 - 365 days = 2024-01-01 (2024 is a leap year): due; started 2024-01-02 (364 days): not due
    rows = [_p("2024-01-01"), _p("2024-01-02"), _p("2020-05-01"),
            _p("2020-05-01", plan_cease_date="2024-12-31"),  # ceased on the day: not maintained
            _p("2020-05-01", plan_cease_date="2025-01-01")]  # still maintained on 31 December
    block = reviews_block(casework(rows), as_at=date(2025, 3, 31))
    assert _year(block, 2024)["due"] == 3
    # a year not yet over is counted at the as-at date: 2025-03-31 - 365 = 2024-03-31
    late = casework([_p("2024-03-31"), _p("2024-04-01")])
    assert _year(reviews_block(late, as_at=date(2025, 3, 31)), 2025)["due"] == 1


def test_meetings_decided_within_4_weeks_and_outcomes():
    rows = [
        # meeting 2024-03-01 + 28 days = 2024-03-29: within; + 29 days = 2024-03-30: not
        _p("2020-05-01", review_meeting_date="2024-03-01", review_decision_date="2024-03-29", review_outcome="M"),
        _p("2020-05-01", review_meeting_date="2024-03-01", review_decision_date="2024-03-30", review_outcome="A"),
        _p("2020-05-01", review_meeting_date="2024-06-01", review_outcome="A"),  # no decision yet
        _p("2020-05-01", review_meeting_date="2024-12-20", review_decision_date="2025-01-05",
           review_outcome="C"),  # decided after as-at: a meeting, not decided
        _p("2020-05-01", review_meeting_date="2023-12-31", review_decision_date="2024-01-02"),  # a 2023 meeting
        _p("2020-05-01", review_meeting_date="2025-01-02"),  # after as-at
    ]
    block = reviews_block(casework(rows), as_at=date(2024, 12, 31))
    row = _year(block, 2024)
    assert {k: row[k] for k in ("meetings", "decided", "within_4_weeks", "within_4_weeks_pct", "outcomes")} == {
        "meetings": 4, "decided": 2, "within_4_weeks": 1, "within_4_weeks_pct": 50.0,
        "outcomes": {"A": 2, "C": 1, "M": 1}}
    row23 = _year(block, 2023)
    assert (row23["meetings"], row23["decided"], row23["within_4_weeks"]) == (1, 1, 1)
    months = {m["month"]: m for m in block["by_month"]}
    assert months["2024-03"] == {"month": "2024-03", "meetings": 2, "decided": 2, "within_4_weeks": 1,
                                 "within_4_weeks_pct": 50.0}
    assert months["2024-06"] == {"month": "2024-06", "meetings": 1, "decided": 0, "within_4_weeks": 0,
                                 "within_4_weeks_pct": None}
    # the decision on 2025-01-05 counts once the as-at date reaches it
    later = _year(reviews_block(casework(rows), as_at=date(2025, 1, 31)), 2024)
    assert (later["decided"], later["within_4_weeks"]) == (3, 2)


def test_overdue_a_year_and_a_day_after_the_latest_review_or_start():
    # as-at 2025-03-31: 365 days before = 2024-03-31 (not overdue), 366 days = 2024-03-30 (overdue)
    rows = [
        _p("2020-05-01", review_meeting_date="2024-03-31", team="North", caseworker="Ann"),
        _p("2020-05-01", review_meeting_date="2024-03-30", team="North", caseworker="Ann"),
        _p("2024-03-31", team="South"),  # no review yet, started 365 days before: not overdue
        _p("2024-03-30", team="South", caseworker="Bob"),  # started 366 days before, no review: overdue
        _p("2020-05-01", review_meeting_date="2024-01-01"),  # overdue, no team or caseworker
        _p("2020-05-01", review_meeting_date="2024-01-01", plan_cease_date="2025-02-01"),  # ceased
        _p("2020-05-01", review_meeting_date="2025-04-02", team="North"),  # meeting after as-at: start counts
    ]
    block = reviews_block(casework(rows), as_at=date(2025, 3, 31))
    assert block["overdue"] == 4
    assert block["overdue_by_team"] == {"North": 2, "South": 1, "unknown": 1}
    assert block["overdue_by_caseworker"] == {"Ann": 1, "Bob": 1, "unknown": 2}
    # the leads' list: one row per overdue plan, most overdue first; days since the latest review on or
    # before as-at, or since the start (2020-05-01 is 1,795 days before 2025-03-31; 2024-01-01 is 455)
    listed = [(r["team"], r["caseworker"], r["last_review"], r["days_since"], r["days_overdue"])
              for r in block["overdue_list"]]
    assert listed == [("North", None, None, 1795, 1430), (None, None, "2024-01-01", 455, 90),
                      ("North", "Ann", "2024-03-30", 366, 1), ("South", "Bob", None, 366, 1)]
    assert [r["plan_start_date"] for r in block["overdue_list"]][:2] == ["2020-05-01", "2020-05-01"]
    assert len({r["request_ref"] for r in block["overdue_list"]}) == 4


def test_filters_apply():
    rows = [_p("2020-05-01", review_meeting_date="2024-03-01", primary_need="ASD", birth_date="2010-01-01"),
            _p("2020-05-01", review_meeting_date="2024-03-01", birth_date="2010-01-01")]
    block = reviews_block(casework(rows), as_at=date(2024, 12, 31), needs=["ASD"])
    assert (_year(block, 2024)["meetings"], _year(block, 2024)["due"], block["overdue"]) == (1, 1, 0)
    older = reviews_block(casework(rows), as_at=date(2024, 12, 31), age_bands=["16-19"])
    assert (_year(older, 2024)["meetings"], _year(older, 2024)["due"]) == (0, 0)  # 14 on 31/8/2024


def test_empty():
    assert reviews_block(empty(), as_at=date(2024, 1, 1)) == {
        "by_year": [], "by_month": [], "overdue": 0, "overdue_by_team": {}, "overdue_by_caseworker": {},
        "overdue_list": []}
