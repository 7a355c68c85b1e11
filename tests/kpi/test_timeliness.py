"""20-week timeliness, weeks to issue and open assessments on hand-made records (synthetic people)."""

from datetime import date

from dashboard.kpi.timeliness import (
    open_summary,
    timeliness_block,
    weeks_distribution,
)
from tests.kpi.fixtures import casework, empty, frame, plan, sen2


def timeliness_by_year(records, **kw):
    return timeliness_block(records, **kw)["by_year"]


def timeliness_by_month(records, **kw):
    return timeliness_block(records, **kw)["by_month"]


def _year(rows, year):
    return next(r for r in rows if r["year"] == year)


def test_day_140_is_within_and_day_141_is_not():
    # 2024-01-01 + 140 days = 2024-05-20 (31 + 29 + 31 + 30 + 19); + 141 days = 2024-05-21
    records = casework([plan("2024-01-01", "2024-05-20"), plan("2024-01-01", "2024-05-21")])
    row = _year(timeliness_by_year(records, as_at=date(2024, 12, 31)), 2024)
    assert row == {"year": 2024, "issued": 2, "within": 1, "pct": 50.0, "issued_ex": 2, "within_ex": 1,
                   "pct_ex": 50.0, "median_weeks": 20.1,  # median 140.5 days = 20.07 weeks
                   "over_20_weeks_within_year": 1, "over_20_weeks_within_year_pct": 50.0, "over_a_year": 0,
                   "over_a_year_pct": 0.0}


def test_day_365_is_within_a_year_and_day_366_is_over():
    # 2023-01-01 + 365 days = 2024-01-01; + 366 days = 2024-01-02; + 140 = 2023-05-21 (within 20 weeks)
    records = casework([plan("2023-01-01", "2024-01-01"), plan("2023-01-01", "2024-01-02"),
                        plan("2023-01-01", "2024-01-02", week20_exception=True),
                        plan("2023-08-15", "2024-01-02")])  # 140 days: within 20 weeks
    row = _year(timeliness_by_year(records, as_at=date(2024, 12, 31)), 2024)
    assert (row["issued"], row["within"], row["over_20_weeks_within_year"], row["over_a_year"]) == (4, 1, 1, 2)
    # all plans, exceptions included; 1 + 1 + 2 = 4 issued
    assert (row["over_20_weeks_within_year_pct"], row["over_a_year_pct"]) == (25.0, 50.0)
    empty_year = _year(timeliness_by_year(records, as_at=date(2024, 12, 31)), 2023)
    assert (empty_year["over_a_year"], empty_year["over_a_year_pct"]) == (0, None)


def test_exceptions_leave_the_ex_figures_only():
    records = casework([
        plan("2024-01-01", "2024-03-01"),  # 60 days, within
        plan("2024-01-01", "2024-09-01", week20_exception=True),  # late, exception
        plan("2024-01-01", "2024-02-01", week20_exception=True),  # within, exception
        plan("2024-01-01", "2024-10-01"),  # late
    ])
    row = _year(timeliness_by_year(records, as_at=date(2024, 12, 31)), 2024)
    assert (row["issued"], row["within"], row["pct"]) == (4, 2, 50.0)
    assert (row["issued_ex"], row["within_ex"], row["pct_ex"]) == (2, 1, 50.0)


def test_transferred_in_plans_and_plans_without_a_request_are_left_out():
    records = casework([
        plan("2024-01-01", "2024-02-01"),
        plan("2024-01-01", "2024-02-01", transfer_la="123"),  # transferred in
        {"request_outcome": "H", "plan_start_date": "2024-03-01"},  # no received date
        plan("2024-01-01", "2025-01-05"),  # issued after as-at
    ])
    assert _year(timeliness_by_year(records, as_at=date(2024, 12, 31)), 2024)["issued"] == 1
    assert [r["year"] for r in timeliness_by_year(records, as_at=date(2024, 12, 31))] == [2024]


def test_dfe_rounding_of_la_351_figures():
    # 2020: 302 issued, 82 within (27.2%); excluding exceptions 274 and 75 (27.4%)
    # -> 75 within no exception, 7 within with exception, 199 late no exception, 21 late with exception
    # 2021: 263 issued, 90 within (34.2%); excluding exceptions 259 and 90 (34.7%)
    # -> 90 within, 169 late no exception, 4 late with exception
    rows = (
        [plan("2020-01-06", "2020-03-02")] * 75
        + [plan("2020-01-06", "2020-03-02", week20_exception=True)] * 7
        + [plan("2020-01-06", "2020-09-01")] * 199
        + [plan("2020-01-06", "2020-09-01", week20_exception=True)] * 21
        + [plan("2021-01-04", "2021-04-01")] * 90
        + [plan("2021-01-04", "2021-10-01")] * 169
        + [plan("2021-01-04", "2021-10-01", week20_exception=True)] * 4
    )
    by_year = timeliness_by_year(casework(rows), as_at=date(2021, 12, 31))
    assert [(r["year"], r["issued"], r["within"], r["pct"], r["issued_ex"], r["within_ex"], r["pct_ex"])
            for r in by_year] == [(2020, 302, 82, 27.2, 274, 75, 27.4), (2021, 263, 90, 34.2, 259, 90, 34.7)]


def test_sen2_h_request_with_plan_issued_this_period_counts_and_returns_do_not_double_count():
    records = frame(
        sen2(2023, [
            plan("2022-01-10", "2022-06-01"),  # 142 days: late
            {"received_date": "2022-10-03", "request_outcome": "Y", "request_outcome_date": "2022-11-01"},
        ]),
        sen2(2024, [
            # the same first request again, now under ActivePlans: its plan is outside this period
            plan("2022-01-10", "2022-06-01", active=True),
            # decided in the earlier return, so H here; its plan, issued in 2023 (120 days), counts
            {"received_date": "2022-10-03", "request_outcome": "H", "plan_start_date": "2023-01-31",
             "active": True},
        ]),
    )
    by_year = timeliness_by_year(records, as_at=date(2024, 1, 18))
    # SEN2 returns cover 2022 and 2023: 2024 is not listed as a year with nothing issued
    assert [(r["year"], r["issued"], r["within"], r["pct"]) for r in by_year] == [
        (2022, 1, 0, 0.0), (2023, 1, 1, 100.0)]
    months = timeliness_by_month(records, as_at=date(2024, 1, 18))
    assert [m["month"] for m in months] == [f"2023-{m:02d}" for m in range(1, 13)]
    assert [m["month"] for m in months if m["issued"]] == ["2023-01"]


def test_by_month_runs_from_january_of_the_year_before():
    records = casework([plan("2023-02-01", "2023-03-15"), plan("2024-01-02", "2024-03-01"),
                        plan("2024-01-02", "2024-03-20", week20_exception=True)])
    months = timeliness_by_month(records, as_at=date(2024, 3, 15))
    assert [m["month"] for m in months] == [f"2023-{m:02d}" for m in range(1, 13)] + ["2024-01", "2024-02", "2024-03"]
    by = {m["month"]: m for m in months}
    assert (by["2023-03"]["issued"], by["2023-03"]["pct"]) == (1, 100.0)
    # the plan of 20 March is after as-at
    assert (by["2024-03"]["issued"], by["2024-03"]["within"], by["2024-03"]["issued_ex"]) == (1, 1, 1)
    assert (by["2023-04"]["issued"], by["2023-04"]["pct"], by["2023-04"]["pct_ex"]) == (0, None, None)


def test_median_weeks_and_distribution():
    records = casework([plan("2024-01-01", "2024-03-11"),  # 70 days
                        plan("2024-01-01", "2024-05-20"),  # 140 days
                        plan("2024-01-01", "2024-05-21"),  # 141 days
                        plan("2024-01-01", "2025-01-06")])  # 371 days
    assert _year(timeliness_by_year(records, as_at=date(2025, 2, 1)), 2024)["median_weeks"] == 20.0  # 70, 140, 141
    dist = _year(weeks_distribution(records, as_at=date(2025, 2, 1)), 2024)["bands"]
    assert dist == {"up to 6 weeks": 0, "6-12 weeks": 1, "12-16 weeks": 0, "16-20 weeks": 1, "20-26 weeks": 1,
                    "26-39 weeks": 0, "39-52 weeks": 0, "over 52 weeks": 0}
    assert _year(weeks_distribution(records, as_at=date(2025, 2, 1)), 2025)["bands"]["over 52 weeks"] == 1


def _assess(received, **extra):
    return {"received_date": received, "request_outcome": "Y", "request_outcome_date": received, **extra}


def test_open_assessments_as_at():
    records = casework([
        _assess("2024-02-10", request_ref="A", caseworker="Cw1", team="North"),  # 141 days at 30 June
        _assess("2024-02-11", request_ref="B"),  # 140 days
        _assess("2024-03-10", request_ref="C"),  # 112 days = 16 weeks
        _assess("2024-03-11", request_ref="D"),  # 111 days: open, not at risk
        _assess("2024-01-02", request_ref="E", plan_start_date="2024-07-05"),  # 180 days, plan after as-at
        _assess("2024-01-02", request_ref="F", plan_start_date="2024-06-01"),  # plan issued
        _assess("2024-01-02", request_ref="G", assessment_outcome="W", assessment_outcome_date="2024-05-01"),
        _assess("2024-01-02", request_ref="H", assessment_outcome="N"),
        {"received_date": "2024-01-02", "request_outcome": "N", "request_outcome_date": "2024-02-01"},
        _assess("2024-07-01", request_ref="I"),  # received after as-at
    ])
    out = open_summary(records, as_at=date(2024, 6, 30))
    assert (out["total"], out["over_20_weeks"], out["weeks_16_to_20"]) == (5, 2, 2)
    # by weeks elapsed: D at day 111 is the last day of 12-16 weeks, B at day 140 the last of 16-20
    assert out["by_weeks"] == {"under 6 weeks": 0, "6-12 weeks": 0, "12-16 weeks": 1, "16-20 weeks": 2,
                               "over 20 weeks": 2}
    assert [(r["request_ref"], r["days"], r["weeks"], r["status"]) for r in out["at_risk"]] == [
        ("E", 180, 25.7, "over 20 weeks"), ("A", 141, 20.1, "over 20 weeks"),
        ("B", 140, 20.0, "16-20 weeks"), ("C", 112, 16.0, "16-20 weeks")]
    assert out["at_risk"][1]["caseworker"] == "Cw1" and out["at_risk"][1]["team"] == "North"
    assert timeliness_block(records, as_at=date(2024, 6, 30))["open_over_20_weeks"] == 2


def test_open_assessments_read_one_sen2_return():
    open_row = _assess("2022-10-03")
    records = frame(sen2(2023, [open_row]), sen2(2024, [{**open_row, "plan_start_date": "2023-02-01"}]))
    # at 1 Jan 2023 the 2024 return (period 2023) is read: open, 90 days
    assert open_summary(records, as_at=date(2023, 1, 1))["total"] == 1
    # at 1 Mar 2023 the plan has been issued
    assert open_summary(records, as_at=date(2023, 3, 1))["total"] == 0


def test_need_and_age_filters_use_the_plan_date():
    records = casework([
        plan("2024-05-01", "2024-09-01", primary_need="ASD", birth_date="2019-08-31"),  # 5 at 31/8/2024
        plan("2024-05-01", "2024-09-01", primary_need="ASD", birth_date="2019-09-01"),  # 4
        plan("2024-05-01", "2024-08-31", primary_need="SEMH", birth_date="2019-08-31"),  # 4 at 31/8/2023
        plan("2024-05-01", "2024-12-01", birth_date="2019-08-31"),  # need unknown, 5, late
    ])
    as_at = date(2024, 12, 31)

    def issued(**filters):
        return _year(timeliness_by_year(records, as_at=as_at, **filters), 2024)["issued"]

    assert issued() == 4
    assert issued(needs=["ASD"]) == 2
    assert issued(needs=["UNKNOWN"]) == 1
    assert issued(needs=["asd", "semh"]) == 3
    assert issued(age_bands=["Under 5"]) == 2
    assert issued(age_bands=["5-10"]) == 2
    assert issued(needs=["ASD"], age_bands=["5-10"]) == 1
    assert issued(needs=["SEMH"], age_bands=["5-10"]) == 0
    # the year list does not shrink under a filter that matches nothing
    assert [r["year"] for r in timeliness_by_year(records, as_at=as_at, needs=["VI"])] == [2024]


def test_empty_frame():
    block = timeliness_block(empty(), as_at=date(2024, 6, 30))
    assert block["by_year"] == [] and block["by_month"] == [] and block["open_over_20_weeks"] == 0
    assert block["open_assessments"] == {"total": 0, "over_20_weeks": 0, "weeks_16_to_20": 0, "at_risk": [], "by_team": [], "at_risk_total": 0,
                                         "by_weeks": dict.fromkeys(["under 6 weeks", "6-12 weeks", "12-16 weeks",
                                                                    "16-20 weeks", "over 20 weeks"], 0)}
