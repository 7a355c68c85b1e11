"""Consistency rules CN01..CN07: one record that breaks each rule and one that does not."""

from __future__ import annotations

import pytest

from data_access.validation.registry import RULES
from tests.validation.returns_b import found, request, ret

P1 = ("P1", "P1-R1")
# an old plan of the LA's own, decided before the collection period (H), still maintained
OLD = {"request_outcome": "H", "received_date": None, "request_outcome_date": None, "has_assessment": False,
       "assessment_outcome": None, "assessment_outcome_date": None, "week20": None, "plan_start_date": None}


def test_cn01_the_same_child_twice_reports_each_person_of_the_pair() -> None:
    persons = [{"person_ref": "P1", "match_key": "k1"}, {"person_ref": "P2", "match_key": "k1"},
               {"person_ref": "P3", "match_key": "k3"}, {"person_ref": "P4", "match_key": None},
               {"person_ref": "P5", "match_key": None}]
    r = ret(*(request(f"P{i}") for i in range(1, 6)), persons=persons)
    assert found("CN01", r) == [("P1", None), ("P2", None)]
    persons[1]["match_key"] = "k2"
    assert found("CN01", ret(*(request(f"P{i}") for i in range(1, 6)), persons=persons)) == []
    assert RULES["CN01"].sources == ("sen2",)


def test_cn02_a_plan_ceased_by_the_reference_date_still_active() -> None:
    assert found("CN02", ret(request(plan_cease_date="2024-12-01", cease_reason="2"))) == [P1]
    assert found("CN02", ret(request(plan_cease_date="2025-01-16", cease_reason="2"))) == [P1]  # on the day
    assert found("CN02", ret(request(plan_cease_date="2024-12-01", cease_reason="2", plan_active=False))) == []
    assert found("CN02", ret(request())) == []
    assert RULES["CN02"].sources == ("sen2",)


def test_cn03_a_plan_that_can_only_have_been_transferred_in_names_no_la() -> None:
    assert found("CN03", ret(request(**{**OLD, "plan_start_date": "2024-05-01"}))) == [P1]
    assert found("CN03", ret(request(**{**OLD, "plan_start_date": "2024-05-01", "transfer_la": "352"}))) == []
    assert found("CN03", ret(request(**OLD))) == []  # an old plan with no start date
    assert found("CN03", ret(request(**{**OLD, "plan_start_date": "2019-05-01"}))) == []  # before the period
    # decided before the period (H) but assessed and issued in it: the LA's own plan
    own = {**OLD, "has_assessment": True, "assessment_outcome": "Y", "assessment_outcome_date": "2024-01-10",
           "plan_start_date": "2024-02-01", "week20": False}
    assert found("CN03", ret(request(**own))) == []


def test_cn04_a_plan_transferred_in_from_the_returns_own_la() -> None:
    assert found("CN04", ret(request(**{**OLD, "transfer_la": "351"}))) == [P1]
    assert found("CN04", ret(request(**{**OLD, "transfer_la": "352"}))) == []
    assert found("CN04", ret(request(**{**OLD, "transfer_la": "351"}), la_code="352")) == []


def test_cn05_two_active_plans_for_one_person_reports_each_plan() -> None:
    r = ret(request("P1", 1), request("P1", 2), request("P2", 1))
    assert found("CN05", r) == [("P1", "P1-R1"), ("P1", "P1-R2")]
    ceased = request("P1", 1, plan_active=False, plan_cease_date="2024-05-01", cease_reason="9")
    assert found("CN05", ret(ceased, request("P1", 2))) == []


@pytest.mark.parametrize("outcome", ["A", "N", "W"])
def test_cn06_a_plan_issued_on_a_request_not_decided_to_assess(outcome: str) -> None:
    assert found("CN06", ret(request(request_outcome=outcome))) == [P1]
    assert found("CN06", ret(request(request_outcome=outcome, has_plan=False, plan_active=False,
                                     plan_start_date=None))) == []
    assert found("CN06", ret(request())) == []


@pytest.mark.parametrize("outcome", ["A", "N", "W"])
def test_cn07_a_plan_issued_against_its_assessment_outcome(outcome: str) -> None:
    assert found("CN07", ret(request(assessment_outcome=outcome))) == [P1]
    assert found("CN07", ret(request(assessment_outcome=outcome, has_plan=False, plan_active=False,
                                     plan_start_date=None))) == []
    assert found("CN07", ret(request())) == []


