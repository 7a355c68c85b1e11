"""Plausibility rules PL01..PL04 (aggregates of the return's own history): a small set of records that breaks
each rule and one that does not; a finding has person_ref and request_ref None."""

from __future__ import annotations

import dataclasses
import datetime as dt

from tests.validation.returns_b import found, many, request, ret

ONE = [(None, None)]
# a plan started long before the collection period, still maintained
OLD = {"request_outcome": "H", "received_date": None, "request_outcome_date": None, "has_assessment": False,
       "assessment_outcome": None, "assessment_outcome_date": None, "plan_start_date": "2020-06-01"}


def _with_exceptions(n: int) -> list[dict]:
    rows = many(10)
    for q in rows[:n]:
        q["week20"] = True
    return rows


def test_pl01_exceptions_above_a_tenth_of_plans_issued() -> None:
    assert found("PL01", ret(*_with_exceptions(2))) == ONE
    assert found("PL01", ret(*_with_exceptions(1))) == []  # exactly a tenth
    transferred = [request("T1", week20=True, transfer_la="352")]  # not a plan issued by the LA
    assert found("PL01", ret(*_with_exceptions(1), *transferred)) == []
    assert found("PL01", ret()) == []


def test_pl02_plans_at_january_jump_by_more_than_a_quarter() -> None:
    old = many(20, "O", **OLD)
    assert found("PL02", ret(*old, *many(6))) == ONE  # 20 -> 26
    assert found("PL02", ret(*old, *many(5))) == []  # 20 -> 25: exactly a quarter
    ceased = many(10, "C", **OLD, plan_active=False, plan_cease_date="2024-06-30", cease_reason="1")
    assert found("PL02", ret(*old, *many(1), *ceased)) == ONE  # 30 -> 21 (a fall counts too)
    assert found("PL02", ret(*many(10, "O", **OLD), *many(10))) == []  # 10 before: too few to judge


def test_pl02_an_extract_taken_before_januarys_census_compares_the_januaries_before() -> None:
    r = ret(*many(20, "O", **OLD), *many(6))  # 20 at January 2024, 26 at January 2025
    early = dataclasses.replace(r, reference_date=dt.date(2025, 1, 10), period_end=dt.date(2025, 1, 10))
    assert found("PL02", r) == [(None, None)]
    assert found("PL02", early) == []  # January 2023 and 2024: 20 and 20


def test_pl03_an_age_band_halving_from_one_month_end_to_the_next() -> None:
    under_5 = {**OLD, "birth_date": "2021-01-01", "plan_start_date": "2023-01-01"}
    gone = many(30, "U", **under_5, plan_active=False, plan_cease_date="2024-06-15", cease_reason="2")
    assert found("PL03", ret(*gone, *many(30, "S", **OLD))) == ONE  # 30 under 5 at May's end, none at June's
    assert found("PL03", ret(*many(30, "U", **under_5), *many(30, "S", **OLD))) == []


def test_pl03_the_september_move_up_a_year_is_not_a_swing() -> None:
    # four on 31 August 2023, five on 31 August 2024: the Under 5 band empties at the end of September
    turning_5 = many(30, "U", **{**OLD, "birth_date": "2019-06-01", "plan_start_date": "2022-01-01"})
    assert found("PL03", ret(*turning_5)) == []


def test_pl03_small_counts_are_not_judged() -> None:
    under_5 = {**OLD, "birth_date": "2021-01-01", "plan_start_date": "2023-01-01"}
    gone = many(19, "U", **under_5, plan_active=False, plan_cease_date="2024-06-15", cease_reason="2")
    assert found("PL03", ret(*gone)) == []


def test_pl04_all_or_none_of_more_than_20_plans_within_20_weeks() -> None:
    assert found("PL04", ret(*many(21))) == ONE  # all within (121 days)
    late = {"received_date": "2023-11-01", "request_outcome_date": "2023-12-01"}  # 213 days
    assert found("PL04", ret(*many(21, **late))) == ONE
    assert found("PL04", ret(*many(20))) == []  # 20 plans: too few to judge
    assert found("PL04", ret(*many(20), request("L1", **late))) == []


def test_pl04_counts_20_weeks_as_140_days() -> None:
    on_the_day = {"received_date": "2024-01-13"}  # 140 days before 1 June 2024
    assert found("PL04", ret(*many(20), request("L1", **on_the_day))) == ONE
    a_day_late = {"received_date": "2024-01-12"}
    assert found("PL04", ret(*many(20), request("L1", **a_day_late))) == []
