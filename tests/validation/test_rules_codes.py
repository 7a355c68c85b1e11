"""Codes rules CD01..CD18: one record that breaks each rule and one that does not."""

from __future__ import annotations

import pytest

from data_access.validation.model import Return
from data_access.validation.registry import RULES
from tests.validation.returns_b import (
    found,
    my_rules,
    rejection,
    request,
    ret,
    sample_casework,
    sample_sen2,
)

P1 = ("P1", "P1-R1")


@pytest.mark.parametrize(("rule_id", "column"), [
    ("CD01", "SENtype"), ("CD13", "RequestOutcome"), ("CD13", "AssessmentOutcome"), ("CD13", "RequestSource"),
    ("CD14", "CeaseReason"), ("CD14", "ReviewOutcome"), ("CD14", "TransferLA"), ("CD15", "SENSetting"),
    ("CD16", "Sex"), ("CD17", "Week20"), ("CD17", "RYA"), ("CD18", "SENtypeRank"), ("CD18", "PlacementRank"),
])
def test_a_person_refused_at_read_is_reported_under_its_element(rule_id: str, column: str) -> None:
    assert found(rule_id, ret(request(), rejections=[rejection(3, column)])) == [("P3", None)]
    assert found(rule_id, ret(request(), rejections=[rejection(3, "PersonBirthDate")])) == []
    assert found(rule_id, ret(request())) == []


@pytest.mark.parametrize(("rule_id", "column"), [
    ("CD01", "primary_need"), ("CD13", "request_outcome"), ("CD14", "cease_reason"), ("CD15", "setting_type"),
    ("CD16", "sex"), ("CD17", "week20_exception"),
])
def test_a_casework_row_refused_at_read_has_no_person_ref(rule_id: str, column: str) -> None:
    r = ret(request(), source="casework", rejections=[rejection(5, column)])
    assert found(rule_id, r) == [(None, None)]


def test_cd02_two_needs_of_one_plan_with_the_same_rank() -> None:
    needs = [{"person_ref": "P1", "request_ref": "P1-R1", "sen_type": t, "rank": 1} for t in ("ASD", "SLCN")]
    assert found("CD02", ret(request(), needs=needs)) == [P1]
    needs[1]["rank"] = 2
    assert found("CD02", ret(request(), needs=needs)) == []


def test_cd03_an_active_plan_without_a_rank_1_need() -> None:
    needs = [{"person_ref": "P1", "request_ref": "P1-R1", "sen_type": "ASD", "rank": 2}]
    assert found("CD03", ret(request(), needs=needs)) == [P1]
    assert found("CD03", ret(request())) == []
    assert found("CD03", ret(request(plan_active=False, plan_cease_date="2024-09-01", cease_reason="2"),
                             needs=[])) == []


def test_cd04_week20_empty_on_an_assessment_that_issued_a_plan() -> None:
    assert found("CD04", ret(request(week20=None))) == [P1]
    assert found("CD04", ret(request(week20=False))) == []
    assert found("CD04", ret(request(week20=None, plan_start_date=None, plan_active=False, has_plan=False))) == []
    assert RULES["CD04"].sources == ("sen2",)


def test_cd05_a_request_decided_to_assess_with_no_assessment() -> None:
    r = ret(request(has_assessment=False, assessment_outcome=None, assessment_outcome_date=None,
                    has_plan=False, plan_active=False, plan_start_date=None))
    assert found("CD05", r) == [P1]
    assert found("CD05", ret(request())) == []
    assert RULES["CD05"].sources == ("sen2",)


def test_cd06_a_request_not_yet_decided_with_a_decision_date() -> None:
    undecided = {"request_outcome": "A", "has_assessment": False, "assessment_outcome": None,
                 "assessment_outcome_date": None, "has_plan": False, "plan_active": False, "plan_start_date": None}
    assert found("CD06", ret(request(**undecided))) == [P1]
    assert found("CD06", ret(request(**{**undecided, "request_outcome_date": None}))) == []


def test_cd07_an_assessment_not_yet_decided_with_an_outcome_date() -> None:
    open_ = {"assessment_outcome": "A", "has_plan": False, "plan_active": False, "plan_start_date": None}
    assert found("CD07", ret(request(**open_))) == [P1]
    assert found("CD07", ret(request(**open_, assessment_outcome_date=None))) == []


@pytest.mark.parametrize("outcome", ["N", "W"])
def test_cd08_a_request_not_to_assess_or_withdrawn_with_an_assessment(outcome: str) -> None:
    no_plan = {"request_outcome": outcome, "has_plan": False, "plan_active": False, "plan_start_date": None}
    assert found("CD08", ret(request(**no_plan))) == [P1]
    assert found("CD08", ret(request(**no_plan, has_assessment=False, assessment_outcome=None,
                                     assessment_outcome_date=None))) == []


def test_cd09_an_active_plan_with_no_placement() -> None:
    assert found("CD09", ret(request(), placements=[])) == [P1]
    assert found("CD09", ret(request())) == []
    other = [{"person_ref": "P2", "request_ref": "P1-R1", "urn": "100001"}]  # the keys are pairs
    assert found("CD09", ret(request(), placements=other)) == [P1]


def test_cd10_a_placement_that_names_nothing() -> None:
    assert found("CD10", ret(request(), placements=[{"person_ref": "P1", "request_ref": "P1-R1"}])) == [P1]
    for given in ({"urn": "100001"}, {"ukprn": "10012345"}, {"sen_setting": "EHE"}):
        assert found("CD10", ret(request(), placements=[{"person_ref": "P1", "request_ref": "P1-R1", **given}])) == []


def test_cd11_a_urn_the_establishments_list_lacks() -> None:
    assert found("CD11", ret(request(), establishments=frozenset({"100002"}))) == [P1]
    assert found("CD11", ret(request(), establishments=frozenset({"100001"}))) == []
    assert found("CD11", ret(request())) == []  # no establishments list loaded
    setting = [{"person_ref": "P1", "request_ref": "P1-R1", "sen_setting": "EHE"}]
    assert found("CD11", ret(request(), placements=setting, establishments=frozenset())) == []


@pytest.mark.parametrize(("due", "bad"), [("2025-03-01", True), ("2025-02-14", True), ("2025-02-15", False),
                                          ("2025-03-31", False), (None, False)])
def test_cd12_a_phase_transfer_due_date_not_statutory(due: str | None, bad: bool) -> None:
    assert found("CD12", ret(request(phase_transfer_due_date=due))) == ([P1] if bad else [])


# --- the clean sample returns ------------------------------------------------------------------------------
# What the rules find in the sample is what LA 351 itself published for January 2025 (caseload.csv,
# sen_needs_all_plans.csv): 2 plans whose primary need is not recorded (CD03, a query: DfE accepts and publishes
# them) and 100 whose setting is not known (CD10, 100 active plans with an empty PlacementDetail). Nothing else.
SAMPLE_FINDINGS = {
    "sen2": {"CD03": 2, "CD10": 100},
    "casework": {"CD03": 2},
}
SAMPLE_EXAMPLES = {
    "sen2": {"CD03": [("P1382", "P1382-R1"), ("P2664", "P2664-R1")]},
    "casework": {"CD03": [("P002244", "R002249"), ("P004103", "R004483")]},
}


@pytest.fixture(scope="module", params=["sen2", "casework"])
def sample(request: pytest.FixtureRequest) -> Return:
    return sample_sen2() if request.param == "sen2" else sample_casework()


def test_the_sample_returns_break_no_rule_but_for_the_samples_known_faults(sample: Return) -> None:
    counts = {i: len(RULES[i].check(sample)) for i in my_rules(sample)}
    assert {i: n for i, n in counts.items() if n} == SAMPLE_FINDINGS[sample.source]
    for rule_id, refs in SAMPLE_EXAMPLES[sample.source].items():
        assert found(rule_id, sample) == refs


def test_the_sample_is_checked_against_its_establishments_list(sample: Return) -> None:
    assert sample.establishments and not sample.rejections
    assert len(my_rules(sample)) >= 22
