"""Assessments completed per year by outcome, decisions not to issue within 16 weeks (hand-worked)."""

from datetime import date

from dashboard.kpi.assessments import assessments_by_year
from tests.kpi.fixtures import casework, empty, frame, sen2


def _a(received, outcome, decided, **extra):
    return {"received_date": received, "request_outcome": "Y", "request_outcome_date": received,
            "assessment_outcome": outcome, "assessment_outcome_date": decided, **extra}


def _year(rows, year):
    return next(r for r in rows if r["year"] == year)


def test_outcomes_and_the_16_week_boundary():
    # 2024-01-01 + 112 days = 2024-04-22 (31 + 29 + 31 + 21); + 113 days = 2024-04-23
    rows = [
        _a("2024-01-01", "N", "2024-04-22"),  # 112 days: within 16 weeks
        _a("2024-01-01", "N", "2024-04-23"),  # 113 days: not
        _a("2024-01-01", "N", "2024-03-01", assessment_mediation=True, assessment_tribunal=True),
        _a("2024-01-01", "Y", "2024-05-01", assessment_mediation=True),
        _a("2024-01-01", "Y", "2024-05-01", assessment_tribunal=False),
        _a("2024-01-01", "W", "2024-02-01"),
        _a("2024-01-01", "A", "2024-02-01"),  # awaiting: not completed
        _a("2024-06-01", "Y", "2025-01-05"),  # after as-at: not yet
        _a("2023-10-01", "Y", None),  # no outcome date
    ]
    row = _year(assessments_by_year(casework(rows), as_at=date(2024, 12, 31)), 2024)
    assert row == {"year": 2024, "completed": 6, "issued": 2, "not_issued": 3, "withdrawn": 1,
                   "not_issued_within_16_weeks": 2, "not_issued_within_16_weeks_pct": 66.7,
                   "mediation": 2, "tribunal": 1}
    # 2023 has a request, no completed assessment: zeros and no share
    assert _year(assessments_by_year(casework(rows), as_at=date(2024, 12, 31)), 2023) == {
        "year": 2023, "completed": 0, "issued": 0, "not_issued": 0, "withdrawn": 0,
        "not_issued_within_16_weeks": 0, "not_issued_within_16_weeks_pct": None, "mediation": 0, "tribunal": 0}


def test_counted_in_the_year_of_the_outcome_date_and_once_across_sen2_returns():
    records = frame(sen2(2024, [_a("2023-11-01", "A", None)]),
                    sen2(2025, [_a("2023-11-01", "Y", "2024-02-01"), _a("2024-03-01", "N", "2024-05-01")]))
    rows = assessments_by_year(records, as_at=date(2025, 1, 16))
    assert [(r["year"], r["completed"], r["issued"], r["not_issued"]) for r in rows] == [
        (2023, 0, 0, 0), (2024, 2, 1, 1)]


def test_filters_apply():
    rows = [_a("2024-01-01", "Y", "2024-03-01", primary_need="ASD", birth_date="2010-01-01"),
            _a("2024-01-01", "N", "2024-03-01", primary_need="SEMH", birth_date="2022-01-01")]
    assert _year(assessments_by_year(casework(rows), as_at=date(2024, 12, 31), needs=["ASD"]), 2024)[
        "completed"] == 1
    under5 = _year(assessments_by_year(casework(rows), as_at=date(2024, 12, 31), age_bands=["Under 5"]), 2024)
    assert (under5["completed"], under5["not_issued"]) == (1, 1)


def test_empty():
    assert assessments_by_year(empty(), as_at=date(2024, 1, 1)) == []
