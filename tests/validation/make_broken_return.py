"""Make a deliberately broken copy of the sample's SEN2 return: one new Person for each fault, each a copy of one
clean Person of the sample with one thing wrong, appended after the sample's own Persons.

    python -m tests.validation.make_broken_return OUT.xml

``FAULTS`` lists (the rule that must report it, what is wrong, old text, new text); the n-th fault is Person
``P<first + n>`` where ``first`` is one past the sample's last Person. Each copy has its own made-up UPN (LA 000)
so that only the duplicate-person fault makes a duplicate.
"""

from __future__ import annotations

import sys
from pathlib import Path

from data_access.samples import SAMPLE_DIR
from data_access.validation.identifiers import upn_check_letter

SAMPLE = SAMPLE_DIR / "sen2_2025.xml"
TEMPLATE = 2105  # a clean Person: request and plan in 2024, two needs, a placement, a phase transfer due
TEMPLATE_UPN = "Q000000002104"
FAULTS: list[tuple[str, str, str, str]] = [
    ("ID01", "a UPN of 12 characters", f"<UPN>{TEMPLATE_UPN}</UPN>", "<UPN>Q00000000210</UPN>"),
    ("ID02", "a UPN with the wrong check letter", f"<UPN>{TEMPLATE_UPN}</UPN>", "<UPN>A000000002104</UPN>"),
    ("ID03", "a ULN of 3 digits", "<UniqueLearnerNumber></UniqueLearnerNumber>",
     "<UniqueLearnerNumber>123</UniqueLearnerNumber>"),
    ("ID04", "a ULN with the wrong check digit", "<UniqueLearnerNumber></UniqueLearnerNumber>",
     "<UniqueLearnerNumber>1234567890</UniqueLearnerNumber>"),
    ("ID05", "a child of school age with no UPN, reason or ULN", f"<UPN>{TEMPLATE_UPN}</UPN>", "<UPN></UPN>"),
    ("ID08", "sex not known", "<Sex>M</Sex>", "<Sex>U</Sex>"),
    ("DT22", "born in the future", "<PersonBirthDate>2009-04-14</PersonBirthDate>",
     "<PersonBirthDate>2099-04-14</PersonBirthDate>"),
    ("DT24", "an impossible received date", "<ReceivedDate>2024-04-19</ReceivedDate>",
     "<ReceivedDate>2024-02-30</ReceivedDate>"),
    ("DT05", "an assessment outcome before the request", "<AssessmentOutcomeDate>2024-07-23</AssessmentOutcomeDate>",
     "<AssessmentOutcomeDate>2024-04-01</AssessmentOutcomeDate>"),
    ("DT10", "a plan starting after the reference date", "<StartDate>2024-08-04</StartDate>",
     "<StartDate>2025-02-03</StartDate>"),
    ("DT12", "a cease date without a reason", "<CeaseDate></CeaseDate>", "<CeaseDate>2024-12-01</CeaseDate>"),
    ("DT13", "a cease reason without a date", "<CeaseReason></CeaseReason>", "<CeaseReason>2</CeaseReason>"),
    ("DT15", "a placement left before it began", "<LeavingDate></LeavingDate>", "<LeavingDate>2024-08-01</LeavingDate>"),
    ("DT17", "a review meeting before the plan started", "<ReviewMeeting></ReviewMeeting>",
     "<ReviewMeeting>2024-07-01</ReviewMeeting>"),
    ("DT18", "a review meeting after the reference date", "<ReviewMeeting></ReviewMeeting>",
     "<ReviewMeeting>2025-02-03</ReviewMeeting>"),
    ("CD01", "an unknown SENtype", "<SENtype>MLD</SENtype>", "<SENtype>XYZ</SENtype>"),
    ("CD02", "two needs of rank 1", "<SENtypeRank>2</SENtypeRank>", "<SENtypeRank>1</SENtypeRank>"),
    ("CD03", "no need of rank 1", "<SENtypeRank>1</SENtypeRank>", "<SENtypeRank>3</SENtypeRank>"),
    ("CD04", "Week20 left empty on an issued plan", "<Week20>0</Week20>", "<Week20></Week20>"),
    ("CD08", "a request refused, yet assessed", "<RequestOutcome>Y</RequestOutcome>",
     "<RequestOutcome>N</RequestOutcome>"),
    ("CD10", "a placement with no URN, UKPRN or SENSetting",
     "<URN>990110</URN><UKPRN></UKPRN><SENSetting></SENSetting><SENSettingOther></SENSettingOther><PlacementRank>1"
     "</PlacementRank><EntryDate>", "<URN></URN><UKPRN></UKPRN><SENSetting></SENSetting><SENSettingOther>"
     "</SENSettingOther><PlacementRank>1</PlacementRank><EntryDate>"),
    ("CD11", "a URN not in the establishments list", "<URN>990110</URN>", "<URN>999999</URN>"),
    ("CD12", "a phase transfer due on neither 15 February nor 31 March",
     "<PhaseTransferDueDate>2025-03-31</PhaseTransferDueDate>",
     "<PhaseTransferDueDate>2025-03-30</PhaseTransferDueDate>"),
    ("CN01", "the template Person entered a second time", f"<UPN>{TEMPLATE_UPN}</UPN>", f"<UPN>{TEMPLATE_UPN}</UPN>"),
    ("CN04", "a plan transferred in from the LA itself", "<TransferLA></TransferLA>", "<TransferLA>351</TransferLA>"),
]


def _upn(n: int) -> str:
    body = f"000999{n:06d}"
    return upn_check_letter("A" + body) + body


def broken_text(sample: str = "") -> tuple[str, int]:
    """The broken return's text and the position of its first added Person."""
    text = sample or SAMPLE.read_text(encoding="utf-8")
    head, *people = text.split("    <Person>\n")
    last = people[-1]
    tail_at = last.index("    </Person>\n") + len("    </Person>\n")
    people[-1], tail = last[:tail_at], last[tail_at:]
    template = people[TEMPLATE - 1]
    assert f"<UPN>{TEMPLATE_UPN}</UPN>" in template, "the template Person has changed: pick another"
    added = []
    for n, (_rule, _what, old, new) in enumerate(FAULTS):
        assert template.count(old) >= 1, (_rule, old)
        person = template
        if _rule != "CN01" and f"<UPN>{TEMPLATE_UPN}</UPN>" in person and old != f"<UPN>{TEMPLATE_UPN}</UPN>":
            person = person.replace(f"<UPN>{TEMPLATE_UPN}</UPN>", f"<UPN>{_upn(n)}</UPN>")
        added.append(person.replace(old, new, -1 if _rule == "CD11" else 1))  # the URN: in both its places
    first = len(people) + 1
    return head + "".join("    <Person>\n" + p for p in [*people, *added]) + tail, first


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m tests.validation.make_broken_return OUT.xml", file=sys.stderr)
        return 2
    text, first = broken_text()
    Path(args[0]).write_text(text, encoding="utf-8")
    print(f"Wrote {args[0]}: the sample return plus {len(FAULTS)} Persons with one fault each "
          f"(P{first} to P{first + len(FAULTS) - 1}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
