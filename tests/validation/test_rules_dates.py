"""Date rules (DT): each broken by one hand-built record and kept by a near miss; the clean samples keep them."""

from __future__ import annotations

import re

import pytest

from data_access.importers.base import Rejection
from data_access.validation.registry import RULES

from .returns_a import (
    PLACEMENT,
    found,
    make,
    ours,
    parsed_sen2,
    request,
    sample_casework,
    sample_sen2,
    sen2_file,
)

ONE = [("P1", "P1-R1")]
PERSON = [("P1", None)]
CEASED = {"plan_active": False, "received_date": "2017-01-10", "request_outcome": "H", "request_outcome_date": None,
          "assessment_outcome": None, "assessment_outcome_date": None, "plan_start_date": "2017-05-10",
          "review_meeting_date": None, "review_outcome": None, "last_review_date": None}

# rule, the request's changes that break it, the findings, changes that are near misses (no finding)
REQUEST_CASES = [
    ("DT01", {"received_date": "2025-01-20"}, ONE, [{"received_date": "2025-01-16"}]),
    ("DT02", {"received_date": "2025-01-05"}, ONE, [{"received_date": "2024-12-31"},
                                                    {"received_date": "2025-01-17"}]),
    ("DT03", {"received_date": "2023-05-01", "request_outcome": "N", "request_outcome_date": "2023-06-10",
              "has_assessment": False, "assessment_outcome": None, "assessment_outcome_date": None,
              "has_plan": False, "plan_active": False, "plan_start_date": None}, ONE,
     [{"received_date": "2023-05-01", "request_outcome": "H", "request_outcome_date": "2023-06-10",
       "assessment_outcome_date": "2023-09-01", "plan_start_date": "2023-09-10"},
      {"received_date": "2023-11-01", "request_outcome": "A", "request_outcome_date": None,
       "assessment_outcome": None, "assessment_outcome_date": None, "plan_start_date": None},
      {"received_date": "2023-11-01", "request_outcome_date": "2023-12-10", "assessment_outcome": "A",
       "assessment_outcome_date": None, "plan_start_date": None},
      {"received_date": "2023-11-01", "request_outcome_date": "2024-01-02"},
      {"received_date": "2023-11-01", "request_outcome": "W", "request_outcome_date": None, "has_assessment": False,
       "assessment_outcome": None, "assessment_outcome_date": None, "has_plan": False, "plan_start_date": None},
      {"received_date": "2023-09-01", "request_outcome_date": "2023-10-10", "assessment_outcome_date": "2024-01-05"},
      {"received_date": "2023-08-01", "request_outcome_date": "2023-09-10", "assessment_outcome_date": "2023-12-20",
       "plan_start_date": "2024-01-03"}]),
    ("DT03", {"received_date": "2023-11-01", "request_outcome": "W", "request_outcome_date": "2023-12-01",
              "has_assessment": False, "assessment_outcome": None, "assessment_outcome_date": None, "has_plan": False,
              "plan_active": False, "plan_start_date": None}, ONE, []),
    ("DT04", {"request_outcome_date": "2024-01-20"}, ONE, [{"request_outcome_date": "2024-02-01"}]),
    ("DT05", {"assessment_outcome_date": "2024-01-15"}, ONE, [{"assessment_outcome_date": "2024-02-01"}]),
    ("DT06", {"assessment_outcome_date": "2024-03-01"}, ONE, [{"assessment_outcome_date": "2024-03-10"}]),
    ("DT07", {"request_outcome_date": "2099-01-20", "assessment_outcome": "A", "assessment_outcome_date": None,
              "plan_start_date": None}, ONE, [{"request_outcome_date": "2025-01-20", "assessment_outcome": "A",
                                               "assessment_outcome_date": None, "plan_start_date": None}]),
    ("DT07", {"assessment_outcome_date": "2099-02-01", "plan_start_date": None}, ONE,
     [{"assessment_outcome_date": "2025-02-01", "plan_start_date": None}]),
    ("DT08", {"assessment_outcome": "A", "assessment_outcome_date": None}, ONE,
     [{"request_outcome": "H", "assessment_outcome": None, "assessment_outcome_date": None},
      {"assessment_outcome": None, "assessment_outcome_date": None, "transfer_la": "352"},
      {"assessment_outcome": "A", "assessment_outcome_date": None, "plan_start_date": None, "has_plan": False}]),
    ("DT09", {"plan_start_date": "2024-01-15"}, ONE,
     [{"plan_start_date": "2024-01-15", "transfer_la": "352"},
      {"plan_start_date": "2024-01-15", "request_outcome": "H"}, {"plan_start_date": "2024-02-01"}]),
    ("DT10", {"plan_start_date": "2025-01-20"}, ONE, [{"plan_start_date": "2025-01-16"}]),
    ("DT11", {"plan_cease_date": "2024-06-01", "cease_reason": "2"}, ONE,
     [{"plan_cease_date": "2024-06-10", "cease_reason": "2"}]),
    ("DT12", {"plan_cease_date": "2024-11-01", "cease_reason": None}, ONE,
     [{"plan_cease_date": "2024-11-01", "cease_reason": "2"}, {"cease_reason": None}]),
    ("DT12", {"plan_cease_date": "2024-11-01", "cease_reason": " "}, ONE, []),
    ("DT13", {"cease_reason": "2"}, ONE, [{"plan_cease_date": "2024-11-01", "cease_reason": "2"}]),
    ("DT14", {"plan_cease_date": "2025-02-01", "cease_reason": "5"}, ONE,
     [{"plan_cease_date": "2025-01-16", "cease_reason": "5"}]),
    ("DT17", {"review_meeting_date": "2024-06-01"}, ONE,
     [{"review_meeting_date": "2024-06-10"}, {"review_meeting_date": "2024-06-01", "transfer_la": "352"}]),
    ("DT18", {"review_meeting_date": "2025-01-20", "last_review_date": None}, ONE,
     [{"review_meeting_date": "2025-01-16", "last_review_date": None}]),
    ("DT19", {"last_review_date": "2024-11-20"}, ONE, [{"last_review_date": "2024-12-01"}]),
    ("DT19", {"last_review_date": "2025-01-20"}, ONE, [{"last_review_date": "2025-01-16"}]),
    ("DT20", {"phase_transfer_due_date": "2025-02-15", "phase_transfer_final_date": "2024-05-01"}, ONE,
     [{"phase_transfer_due_date": "2025-02-15", "phase_transfer_final_date": "2024-06-10"},
      {"phase_transfer_final_date": "2024-05-01", "transfer_la": "352"}]),
    ("DT20", {"phase_transfer_due_date": "2025-02-15", "phase_transfer_final_date": "2025-02-01"}, ONE,
     [{"phase_transfer_due_date": "2025-02-15", "phase_transfer_final_date": "2025-01-16"}]),
    # 26 on the 31 August 2024 with an active plan; born after the reference date
    ("DT21", {"birth_date": "1998-05-01"}, PERSON,
     [{"birth_date": "1998-09-01"},  # 25 on 31 August 2024 (26 at the reference date): still fine
      {"birth_date": "1996-05-01", "plan_cease_date": "2022-07-20", "cease_reason": "1", **CEASED}]),
    ("DT21", {"birth_date": "2025-01-17"}, PERSON, [{"birth_date": "2025-01-16"}]),
    # a plan ceased when the young person was 26 on the 31 August before it
    ("DT21", {"birth_date": "1996-05-01", "plan_cease_date": "2023-07-31", "cease_reason": "1", **CEASED},
     PERSON, []),
    ("DT22", {"birth_date": "2100-01-01"}, PERSON, [{"birth_date": "2012-05-01"}]),
    ("DT23", {"birth_date": "2024-03-01"}, ONE, [{"birth_date": "2024-02-01"}]),
]


def _ids(cases: list) -> list[str]:
    return [c[0] for c in cases]


@pytest.mark.parametrize(("rule_id", "bad", "expected", "near"), REQUEST_CASES, ids=_ids(REQUEST_CASES))
def test_request_rule(rule_id: str, bad: dict, expected: list, near: list[dict]) -> None:
    assert found(rule_id, make([request(**bad)])) == expected
    for changes in near:
        assert found(rule_id, make([request(**changes)])) == [], changes


@pytest.mark.parametrize(("rule_id", "bad", "near"), [
    ("DT15", {"leaving_date": "2024-06-01"}, {"leaving_date": "2024-06-10"}),
    ("DT16", {"entry_date": "2025-02-01"}, {"entry_date": "2025-01-16"}),
])
def test_placement_rule(rule_id: str, bad: dict, near: dict) -> None:
    second = {**PLACEMENT, "urn": "100001"}
    assert found(rule_id, make(placements=[{**PLACEMENT, **bad}, second])) == ONE
    assert found(rule_id, make(placements=[{**PLACEMENT, **near}, second])) == []


# rule, a rejection the reader made (SEN2 Person 7, or casework row 12), a near miss
REJECTION_CASES = [
    ("DT04", Rejection(7, "RequestOutcomeDate", "Person 7: RequestOutcomeDate is before the ReceivedDate of the "
                       "same request"), Rejection(7, "RequestOutcomeDate", "Person 7: RequestOutcomeDate is not a date")),
    ("DT09", Rejection(7, "StartDate", "Person 7: StartDate is before the request's ReceivedDate"),
     Rejection(7, "StartDate", "Person 7: StartDate is not a possible date")),
    ("DT11", Rejection(7, "CeaseDate", "Person 7: CeaseDate is before the plan's StartDate"),
     Rejection(7, "CeaseReason", "Person 7: unknown CeaseReason code (allowed: 1, 2)")),
    ("DT22", Rejection(7, "PersonBirthDate", "Person 7: PersonBirthDate is in the future"),
     Rejection(7, "PersonBirthDate", "Person 7: PersonBirthDate is after the ReceivedDate of one of the "
               "Person's requests")),
    ("DT23", Rejection(7, "PersonBirthDate", "Person 7: PersonBirthDate is after the ReceivedDate of one of the "
                       "Person's requests"), Rejection(7, "PersonBirthDate", "Person 7: PersonBirthDate is in the future")),
    ("DT24", Rejection(7, "EntryDate", "Person 7: EntryDate is not a possible date"),
     Rejection(7, "EntryDate", "Person 7: EntryDate is before ...")),
    ("DT24", Rejection(7, "ReviewMeeting", "Person 7: ReviewMeeting is not a date (expected YYYY-MM-DD)"),
     Rejection(7, "TransferLA", "Person 7: TransferLA is not a 3-digit LA code")),
]
CASEWORK_REJECTIONS = [
    ("DT04", Rejection(12, "request_outcome_date", "'request_outcome_date' is before 'received_date'")),
    ("DT09", Rejection(12, "plan_start_date", "'plan_start_date' is before 'received_date' of the same request")),
    ("DT11", Rejection(12, "plan_cease_date", "'plan_cease_date' is before 'plan_start_date'")),
    ("DT22", Rejection(12, "birth_date", "'birth_date' is in the future")),
    ("DT23", Rejection(12, "birth_date", "'birth_date' is after 'received_date'")),
    ("DT24", Rejection(12, "review_meeting_date", "'review_meeting_date' is not a valid date")),
]


@pytest.mark.parametrize(("rule_id", "bad", "near"), REJECTION_CASES, ids=_ids(REJECTION_CASES))
def test_rule_reports_what_the_sen2_reader_refused(rule_id: str, bad: Rejection, near: Rejection) -> None:
    assert found(rule_id, make(rejections=[bad])) == [("P7", None)]
    assert found(rule_id, make(rejections=[near])) == []


@pytest.mark.parametrize(("rule_id", "bad"), CASEWORK_REJECTIONS, ids=_ids(CASEWORK_REJECTIONS))
def test_rule_reports_what_the_casework_reader_refused(rule_id: str, bad: Rejection) -> None:
    assert found(rule_id, make(rejections=[bad], source="casework")) == [(None, None)]
    assert found(rule_id, make(rejections=[Rejection(12, "caseworker", "'caseworker' is too long")],
                               source="casework")) == []


def test_a_person_is_one_finding_however_many_requests() -> None:
    two = [request(birth_date="1998-05-01"), request(request_ref="P1-R2", birth_date="1998-05-01")]
    assert found("DT21", make(two)) == PERSON


def test_collection_period_rules_are_sen2_only() -> None:
    assert RULES["DT02"].sources == ("sen2",) and RULES["DT03"].sources == ("sen2",)
    assert all(RULES[i].sources == ("sen2", "casework") for i in ours(("DT",)) if i not in ("DT02", "DT03"))


@pytest.mark.parametrize("source", ["sen2", "casework"])
def test_the_clean_record_breaks_no_date_or_identifier_rule(source: str) -> None:
    ret = make(source=source)
    assert {i: found(i, ret) for i in ours() if source in RULES[i].sources} == dict.fromkeys(
        (i for i in ours() if source in RULES[i].sources), [])


def test_messages_quote_nothing_from_a_file() -> None:
    """No date, id, code or LA number: at most the two-digit numbers of the rule itself (25, 31 August)."""
    assert [i for i in ours() if re.search(r"\d{3,}|\d-\d", RULES[i].message)] == []


# The sample's decisions on requests received late in 2024 are dated after the reference date (16 January 2025)
# but before the return was made, as a real return reports them: DT07 does not count them (it looks for dates
# that cannot have happened yet).
SAMPLE_SEN2_KNOWN: set[str] = set()


def test_clean_sample_return_breaks_no_date_rule() -> None:
    ret = sample_sen2()
    broken = {i: len(RULES[i].check(ret)) for i in ours(("DT",)) if i not in SAMPLE_SEN2_KNOWN}
    assert {i: n for i, n in broken.items() if n} == {}


def test_clean_sample_casework_breaks_no_date_rule() -> None:
    ret = sample_casework()
    broken = {i: len(RULES[i].check(ret)) for i in ours(("DT",)) if "casework" in RULES[i].sources}
    assert {i: n for i, n in broken.items() if n} == {}


def _person(birth: str, request: str, plan: str = "") -> str:
    return (f"<PersonBirthDate>{birth}</PersonBirthDate><Sex>F</Sex><Requests>{request}"
            f"<Assessment><AssessmentOutcome>Y</AssessmentOutcome><AssessmentOutcomeDate>2024-06-01"
            f"</AssessmentOutcomeDate><Week20>0</Week20><NamedPlan>{plan}</NamedPlan></Assessment></Requests>")


def test_a_parsed_sen2_file_is_reported_person_by_person() -> None:
    """Through the reader: a Person it refused is reported by its position, one it kept by its request."""
    ok = "<ReceivedDate>2024-02-01</ReceivedDate><RequestOutcomeDate>2024-03-01</RequestOutcomeDate>"
    decided_first = "<ReceivedDate>2024-02-01</ReceivedDate><RequestOutcomeDate>2024-01-20</RequestOutcomeDate>"
    data = sen2_file(
        _person("2012-05-01", ok + "<RequestOutcome>Y</RequestOutcome>", "<StartDate>2024-06-10</StartDate>"),
        _person("2012-05-01", decided_first + "<RequestOutcome>Y</RequestOutcome>"),
        _person("2012-05-01", ok + "<RequestOutcome>Y</RequestOutcome>",
                "<StartDate>2024-06-10</StartDate><CeaseDate>2024-11-01</CeaseDate>"),
        _person("2012-05-01", ok + "<RequestOutcome>Y</RequestOutcome>", "<StartDate>2024-06-10</StartDate>"
                "<CeaseReason>2</CeaseReason>"),
        _person("2012-13-01", ok + "<RequestOutcome>Y</RequestOutcome>"),
    )
    ret = parsed_sen2(data)
    assert found("DT04", ret) == [("P2", None)]
    assert found("DT12", ret) == [("P3", "P3-R1")]
    assert found("DT13", ret) == [("P4", "P4-R1")]
    assert found("DT24", ret) == [("P5", None)]
    assert {i for i in ours(("DT",)) if found(i, ret)} == {"DT04", "DT12", "DT13", "DT24"}


def test_a_person_without_any_request_is_aged_on_the_reference_date() -> None:
    """An SEN2 Person whose only request was refused (or a return of people alone): DT21 still judges their age,
    on the reference date, and a return with no requests at all is checked without error."""
    import dataclasses

    import pandas as pd

    from data_access.validation.model import PERSON_COLUMNS, frame

    alone = pd.DataFrame([{"person_ref": "P9", "birth_date": "1990-01-01", "sex": "M"},
                          {"person_ref": "P8", "birth_date": "2015-01-01", "sex": "F"}])
    with_one = make([request()])
    both = dataclasses.replace(with_one, persons=pd.concat([with_one.persons, frame(PERSON_COLUMNS, alone)],
                                                           ignore_index=True))
    assert found("DT21", both) == [("P9", None)]
    nobody_asked = dataclasses.replace(make([]), persons=frame(PERSON_COLUMNS, alone))
    assert found("DT21", nobody_asked) == [("P9", None)]
