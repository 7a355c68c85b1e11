"""Requests received per year, growth and decisions within 6 weeks (hand-worked, synthetic people)."""

from datetime import date

from dashboard.kpi.requests import growth_pct, requests_by_month, requests_by_year
from tests.kpi.fixtures import casework, empty, frame, sen2


def _req(received, outcome=None, decided=None, **extra):
    return {"received_date": received, "request_outcome": outcome, "request_outcome_date": decided, **extra}


def test_la_351_received_and_growth():
    # 336 in 2019, 370 in 2020 (+10.1%: 34/336 = 10.12), 477 in 2021 (+28.9%: 107/370 = 28.92)
    rows = ([_req("2019-06-01")] * 336 + [_req("2020-06-01")] * 370 + [_req("2021-06-01")] * 477)
    by_year = requests_by_year(casework(rows), as_at=date(2021, 12, 31))
    assert [(r["year"], r["received"], r["growth_pct"]) for r in by_year] == [
        (2019, 336, None), (2020, 370, 10.1), (2021, 477, 28.9)]


def test_growth_from_nothing_and_falling():
    assert growth_pct(None, 5) is None
    assert growth_pct(0, 5) is None
    assert growth_pct(4, 3) == -25.0
    rows = [_req("2021-03-01"), _req("2023-03-01"), _req("2023-04-01")]
    by_year = requests_by_year(casework(rows), as_at=date(2023, 12, 31))
    assert [(r["year"], r["received"], r["growth_pct"]) for r in by_year] == [
        (2021, 1, None), (2022, 0, -100.0), (2023, 2, None)]


def test_decided_within_6_weeks():
    rows = [
        _req("2021-03-01", "Y", "2021-04-12"),  # 42 days: within
        _req("2021-03-01", "Y", "2021-04-13"),  # 43 days
        _req("2021-03-01", "N", "2021-04-11"),  # 41 days: within
        _req("2021-03-01", "A"),  # awaiting: left out
        _req("2021-03-01", "W", "2021-03-10"),  # withdrawn: left out
        _req("2021-03-01", "Y"),  # no outcome date: left out
        _req("2021-12-20", "Y", "2022-01-05"),  # decided after as-at: left out
    ]
    row = requests_by_year(casework(rows), as_at=date(2021, 12, 31))[0]
    assert row == {"year": 2021, "received": 7, "growth_pct": None, "decided": 3, "decided_within_6_weeks": 2,
                   "decided_within_6_weeks_pct": 66.7, "assess": 2, "not_assess": 1, "withdrawn": 1,
                   "not_decided": 2, "assess_pct": 28.6, "not_assess_pct": 14.3, "withdrawn_pct": 14.3,
                   "not_decided_pct": 28.6, "plan_issued": 0, "no_plan": 0, "assessment_withdrawn": 0,
                   "assessing": 2, "mediation": 0, "tribunal": 0,
                   "by_source": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0, "unknown": 7}}
    # 2 + 1 + 1 + 2 = 6 of 7: the Y with no decision date is in no outcome
    # a year with no decisions has no percentage
    later = requests_by_year(casework(rows + [_req("2022-02-01", "A")]), as_at=date(2022, 1, 31))
    assert later[1]["decided_within_6_weeks_pct"] is None


def test_sen2_returns_count_each_request_once():
    records = frame(
        sen2(2023, [_req("2022-05-01", "A"), _req("2022-11-01", "N", "2022-12-01")]),
        # the May request again, decided in 2023 (received date outside this return's period), and a new one
        sen2(2024, [_req("2022-05-01", "Y", "2023-01-10"), _req("2023-02-01", "Y", "2023-03-01")]),
    )
    by_year = requests_by_year(records, as_at=date(2024, 1, 18))
    assert [(r["year"], r["received"], r["decided"], r["decided_within_6_weeks"]) for r in by_year] == [
        (2022, 2, 1, 1), (2023, 1, 1, 1)]  # no 2024 (no return covers it yet)


def test_need_and_age_filters_use_the_received_date():
    rows = [
        _req("2024-09-02", primary_need="SLCN", birth_date="2020-08-31"),  # 4 on 31/8/2024
        _req("2024-08-30", primary_need="SLCN", birth_date="2020-08-31"),  # 3 on 31/8/2023
        _req("2024-09-02", birth_date="2019-09-01"),  # 4, need unknown
        _req("2024-09-02", primary_need="ASD", birth_date="2008-01-01"),  # 16
    ]
    as_at = date(2024, 12, 31)

    def received(**filters):
        return requests_by_year(casework(rows), as_at=as_at, **filters)[0]["received"]

    assert received() == 4
    assert received(needs=["SLCN"]) == 2
    assert received(needs=["UNKNOWN", "ASD"]) == 2
    assert received(age_bands=["Under 5"]) == 3
    assert received(age_bands=["16-19"]) == 1
    assert received(needs=["SLCN"], age_bands=["Under 5"]) == 2
    assert received(needs=["ASD"], age_bands=["Under 5"]) == 0


def test_requests_by_month():
    rows = [_req("2023-01-15"), _req("2024-02-01"), _req("2024-02-28"), _req("2024-03-02")]
    months = requests_by_month(casework(rows), as_at=date(2024, 3, 1))
    assert months[0] == {"month": "2023-01", "received": 1}
    assert months[-2:] == [{"month": "2024-02", "received": 2}, {"month": "2024-03", "received": 0}]
    assert len(months) == 15


def test_empty():
    assert requests_by_year(empty(), as_at=date(2024, 1, 1)) == []
    assert requests_by_month(empty(), as_at=date(2024, 1, 1)) == []


def test_mediation_and_tribunal_counted_by_year_received():
    # 2023: two requests went to mediation (one of them on to the tribunal); 2024: one to the tribunal only
    rows = [_req("2023-05-01", request_mediation=True, request_tribunal=False),
            _req("2023-06-01", request_mediation=True, request_tribunal=True),
            _req("2023-07-01"),
            _req("2024-01-03", request_mediation=None, request_tribunal=True)]
    by_year = requests_by_year(casework(rows), as_at=date(2024, 6, 30))
    assert [(r["year"], r["received"], r["mediation"], r["tribunal"]) for r in by_year] == [
        (2023, 3, 2, 1), (2024, 1, 0, 1)]


def test_refused_counts_decisions_not_to_assess_only():
    rows = [
        _req("2022-03-01", "N", "2022-04-01"),  # refused
        _req("2022-03-01", "N", "2022-05-30"),  # refused, after 6 weeks: still refused
        _req("2022-03-01", "Y", "2022-04-01"),  # agreed
        _req("2022-03-01", "N"),  # no outcome date: not decided, so not refused
        _req("2022-11-20", "N", "2023-01-05"),  # decided after as-at: not yet refused
        _req("2022-03-01", "W", "2022-03-10"),  # withdrawn: not a decision
    ]
    row = requests_by_year(casework(rows), as_at=date(2022, 12, 31))[0]
    # the share is of the requests received (SPEC section 2): 2 of 6
    assert (row["received"], row["decided"], row["not_assess"], row["not_assess_pct"]) == (6, 3, 2, 33.3)
    assert (row["assess"], row["withdrawn"], row["not_decided"]) == (1, 1, 1)  # the N decided after as-at
    awaiting = requests_by_year(casework([_req("2022-03-01", "A")]), as_at=date(2022, 12, 31))[0]
    assert (awaiting["not_assess"], awaiting["not_assess_pct"]) == (0, 0.0)
    assert (awaiting["not_decided"], awaiting["not_decided_pct"]) == (1, 100.0)


def test_a_decision_dated_after_as_at_is_not_decided_until_then():
    rows = [_req("2024-11-01", "Y", "2025-01-02"), _req("2024-11-01", "N", "2024-12-31")]
    row = requests_by_year(casework(rows), as_at=date(2024, 12, 31))[0]
    assert (row["assess"], row["not_assess"], row["not_decided"], row["assess_pct"]) == (0, 1, 1, 0.0)
    row = requests_by_year(casework(rows), as_at=date(2025, 1, 2))[0]
    assert (row["assess"], row["not_assess"], row["not_decided"], row["assess_pct"]) == (1, 1, 0, 50.0)


def test_request_sources_by_year():
    rows = [_req("2024-02-01", request_source="1"), _req("2024-03-01", request_source="1"),
            _req("2024-03-01", request_source=" 3 "), _req("2024-04-01", request_source="7"),
            _req("2024-04-01"), _req("2023-04-01", request_source="2")]
    by_year = requests_by_year(casework(rows), as_at=date(2024, 12, 31))
    assert [r["by_source"] for r in by_year] == [
        {"1": 0, "2": 1, "3": 0, "4": 0, "5": 0, "unknown": 0},
        {"1": 2, "2": 0, "3": 1, "4": 0, "5": 0, "unknown": 2}]  # "7" is not a SEN2 code: unknown


def test_request_filters_apply_to_outcomes():
    rows = [_req("2024-02-01", "Y", "2024-03-01", primary_need="ASD"), _req("2024-02-01", "N", "2024-03-01")]
    row = requests_by_year(casework(rows), as_at=date(2024, 12, 31), needs=["ASD"])[0]
    assert (row["received"], row["assess"], row["not_assess"], row["assess_pct"]) == (1, 1, 0, 100.0)


def test_where_the_requests_agreed_for_assessment_are_now():
    y = ("2024-03-01", "Y", "2024-04-01")
    rows = [
        _req(*y, plan_start_date="2024-07-01"),  # a plan: issued
        _req(*y, plan_start_date="2024-12-31"),  # issued on the as-at date itself
        _req(*y, plan_start_date="2025-01-02"),  # after as-at: still being assessed
        _req(*y, assessment_outcome="N", assessment_outcome_date="2024-06-20"),  # no plan
        _req(*y, assessment_outcome="N", assessment_outcome_date="2025-01-10"),  # decided after as-at: assessing
        _req(*y, assessment_outcome="W", assessment_outcome_date="2024-05-01"),  # assessment withdrawn
        _req(*y, assessment_outcome="Y", assessment_outcome_date="2024-07-01"),  # plan to be issued, not yet
        _req("2024-03-01", "N", "2024-04-01", plan_start_date="2024-07-01"),  # refused: not in the funnel
    ]
    row = requests_by_year(casework(rows), as_at=date(2024, 12, 31))[0]
    assert (row["assess"], row["plan_issued"], row["no_plan"], row["assessment_withdrawn"], row["assessing"]) == (
        7, 2, 1, 1, 3)
    assert row["plan_issued"] + row["no_plan"] + row["assessment_withdrawn"] + row["assessing"] == row["assess"]
