"""Identifier rules (ID): each broken by one hand-built person and kept by a near miss; the clean samples."""

from __future__ import annotations

import pytest

from data_access.importers.base import Rejection
from data_access.validation.registry import RULES

from .returns_a import found, make, ours, request, sample_casework, sample_sen2

PERSON = [("P1", None)]
NONE = {"upn_status": "missing", "uln_status": "missing"}
# the reference date is 16 January 2025, so ages are taken on 31 August 2024
AGED_5, AGED_4 = "2019-08-31", "2019-09-01"
AGED_15, AGED_16 = "2008-09-01", "2008-08-31"

# rule, the person's (status) changes and its request's changes that break it, near misses
PERSON_CASES = [
    ("ID01", {"upn_status": "format"}, {}, [({"upn_status": "ok"}, {}), ({"upn_status": "check"}, {})]),
    ("ID02", {"upn_status": "check"}, {}, [({"upn_status": "format"}, {}), ({"upn_status": "explained"}, {})]),
    ("ID03", {"uln_status": "format"}, {}, [({"uln_status": "ok"}, {}), ({"uln_status": "check"}, {})]),
    ("ID04", {"uln_status": "check"}, {}, [({"uln_status": "format"}, {}), ({"uln_status": "missing"}, {})]),
    ("ID05", NONE, {}, [({**NONE, "upn_status": "explained"}, {}), ({**NONE, "uln_status": "ok"}, {}),
                        ({**NONE, "upn_status": "format"}, {}),
                        (NONE, {"birth_date": AGED_4}), (NONE, {"birth_date": AGED_16})]),
    ("ID05", NONE, {"birth_date": AGED_5}, [(NONE, {"birth_date": AGED_4})]),
    ("ID05", NONE, {"birth_date": AGED_15}, [(NONE, {"birth_date": AGED_16})]),
    ("ID06", NONE, {"birth_date": AGED_16}, [(NONE, {"birth_date": AGED_15}), ({**NONE, "uln_status": "ok"},
                                                                                {"birth_date": AGED_16}),
                                              ({**NONE, "upn_status": "ok"}, {"birth_date": AGED_16})]),
    # a UPNunknown reason explains a missing UPN, but past school age the ULN is the identifier expected
    ("ID06", {**NONE, "upn_status": "explained"}, {"birth_date": "2003-02-01"}, []),
    ("ID07", {}, {"sex": None}, [({}, {"sex": "U"}), ({}, {"sex": "M"})]),
    ("ID07", {}, {"sex": " "}, []),
    ("ID08", {}, {"sex": "U"}, [({}, {"sex": "F"}), ({}, {"sex": None})]),
    ("ID09", {}, {"birth_date": None}, [({}, {"birth_date": "2012-05-01"})]),
]


@pytest.mark.parametrize(("rule_id", "person", "changes", "near"), PERSON_CASES, ids=[c[0] for c in PERSON_CASES])
def test_person_rule(rule_id: str, person: dict, changes: dict, near: list[tuple[dict, dict]]) -> None:
    assert found(rule_id, make([request(**changes)], persons={"P1": person})) == PERSON
    for person_ok, changes_ok in near:
        assert found(rule_id, make([request(**changes_ok)], persons={"P1": person_ok})) == [], (person_ok, changes_ok)


def test_a_person_with_two_requests_is_one_finding() -> None:
    two = [request(), request(request_ref="P1-R2"), request(person_ref="P2", request_ref="P2-R1")]
    assert found("ID01", make(two, persons={"P1": {"upn_status": "format"}})) == PERSON


@pytest.mark.parametrize(("rule_id", "column", "reason"), [
    ("ID07", "sex", "'sex' is required but empty"),
    ("ID09", "birth_date", "'birth_date' is required but empty"),
])
def test_casework_rows_refused_for_a_missing_value(rule_id: str, column: str, reason: str) -> None:
    assert found(rule_id, make(rejections=[Rejection(9, column, reason)], source="casework")) == [(None, None)]
    other = Rejection(9, column, f"'{column}' is not a valid date" if column == "birth_date" else
                      f"'{column}' has an unknown code (allowed: F, M, U)")
    assert found(rule_id, make(rejections=[other], source="casework")) == []


def test_upn_and_uln_rules_are_sen2_only() -> None:
    sen2_only = [i for i in ours(("ID",)) if RULES[i].sources == ("sen2",)]
    assert sen2_only == ["ID01", "ID02", "ID03", "ID04", "ID05", "ID06"]
    assert all(RULES[i].sources == ("sen2", "casework") for i in ours(("ID",)) if i not in sen2_only)


# Left out of the sample checks, with the reason (the rule is right; the sample is not yet):
SAMPLE_SEN2_KNOWN: set[str] = set()  # the sample has no sex U any more: LA 351 publishes none
SAMPLE_CASEWORK_KNOWN: set[str] = set()


def test_clean_sample_return_breaks_no_identifier_rule() -> None:
    ret = sample_sen2()
    broken = {i: len(RULES[i].check(ret)) for i in ours(("ID",)) if i not in SAMPLE_SEN2_KNOWN}
    assert {i: n for i, n in broken.items() if n} == {}


def test_clean_sample_casework_breaks_no_identifier_rule() -> None:
    ret = sample_casework()
    broken = {i: len(RULES[i].check(ret)) for i in ours(("ID",))
              if "casework" in RULES[i].sources and i not in SAMPLE_CASEWORK_KNOWN}
    assert {i: n for i, n in broken.items() if n} == {}
