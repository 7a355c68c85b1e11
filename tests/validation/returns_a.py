"""Small hand-built returns for the identifier and date rule tests (one clean request, changed per test)."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pandas as pd

from data_access.importers.base import Rejection
from data_access.validation import engine  # noqa: F401 - registers every rule
from data_access.validation.model import (
    PERSON_COLUMNS,
    PLACEMENT_COLUMNS,
    REQUEST_COLUMNS,
    Return,
    frame,
)
from data_access.validation.registry import RULES

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = dt.date(2025, 1, 16)

# one child of 12, a request received in the collection period, assessed, a plan issued and reviewed
REQUEST = {
    "person_ref": "P1", "request_ref": "P1-R1", "birth_date": "2012-05-01", "sex": "F",
    "received_date": "2024-02-01", "request_source": "1", "request_outcome": "Y",
    "request_outcome_date": "2024-03-10", "has_assessment": True, "assessment_outcome": "Y",
    "assessment_outcome_date": "2024-06-01", "week20": False, "has_plan": True, "plan_active": True,
    "plan_start_date": "2024-06-10", "plan_cease_date": None, "cease_reason": None, "transfer_la": None,
    "review_meeting_date": "2024-12-01", "review_outcome": "M", "last_review_date": "2024-12-10",
    "review_draft_date": None, "phase_transfer_due_date": None, "phase_transfer_final_date": None,
}
PLACEMENT = {"person_ref": "P1", "request_ref": "P1-R1", "urn": "100000", "entry_date": "2024-06-10",
             "leaving_date": None}
PERSON = {"upn_status": "ok", "uln_status": "missing", "match_key": None}


def request(**changes: object) -> dict:
    return {**REQUEST, **changes}


def make(requests: list[dict] | None = None, *, persons: dict[str, dict] | None = None,
         placements: list[dict] | None = None, rejections: list[Rejection] = (),  # type: ignore[assignment]
         source: str = "sen2", reference: dt.date = REFERENCE) -> Return:
    """A Return of ``requests`` (default: the one clean request); each person once, from its first request,
    with ``persons[ref]`` changing its row (e.g. ``{"P1": {"upn_status": "format"}}``)."""
    req = pd.DataFrame(requests if requests is not None else [request()], columns=list(REQUEST_COLUMNS))
    people = req.drop_duplicates("person_ref")[["person_ref", "birth_date", "sex"]].to_dict("records")
    casework = {"upn_status": None, "uln_status": None} if source == "casework" else {}
    people = [{**PERSON, **casework, **p, **(persons or {}).get(p["person_ref"], {})} for p in people]
    return Return(source=source, file_name="test", la_code="351", reference_date=reference,
                  period_start=dt.date(reference.year - 1, 1, 1), period_end=dt.date(reference.year - 1, 12, 31),
                  requests=frame(REQUEST_COLUMNS, req), persons=frame(PERSON_COLUMNS, pd.DataFrame(people)),
                  placements=frame(PLACEMENT_COLUMNS, pd.DataFrame(placements if placements is not None
                                                                   else [PLACEMENT])),
                  rejections=list(rejections))


def found(rule_id: str, ret: Return) -> list[tuple[str | None, str | None]]:
    """(person_ref, request_ref) of each finding of one rule."""
    f = RULES[rule_id].check(ret)
    return list(zip(f["person_ref"], f["request_ref"], strict=True))


def ours(prefixes: tuple[str, ...] = ("ID", "DT")) -> list[str]:
    return sorted(i for i in RULES if i.startswith(prefixes))


@functools.cache
def sample_sen2() -> Return:
    """Parsed once per run (the rules only read a Return)."""
    from data_access.importers import sen2
    from data_access.validation import build

    path = ROOT / "sample_data" / "sen2_2025.xml"
    parsed = sen2.parse(path, path.read_bytes())
    p = parsed.payload
    return build.from_sen2(p.tables, p.checks, p.dataset, file_name=path.name, rejections=parsed.report.rejections)


@functools.cache
def sample_casework() -> Return:
    from data_access.importers import casework
    from data_access.validation import build

    path = ROOT / "sample_data" / "casework.csv"
    parsed = casework.parse(path, path.read_bytes(), la_code="351")
    return build.from_casework(parsed.payload.casework, parsed.payload.dataset, file_name=path.name,
                               rejections=parsed.report.rejections)


def sen2_file(*persons: str, reference: str = "2025-01-16") -> bytes:
    """A small SEN2 file of ``persons`` (each the inside of one <Person>)."""
    people = "".join(f"<Person>{p}</Person>" for p in persons)
    return (f"<?xml version='1.0' encoding='UTF-8'?><Message><Header><CollectionDetails><Collection>SEN2</Collection>"
            f"<Year>2025</Year><ReferenceDate>{reference}</ReferenceDate></CollectionDetails><Source><LEA>351</LEA>"
            f"</Source></Header><Persons>{people}</Persons></Message>").encode()


def parsed_sen2(data: bytes) -> Return:
    from data_access.importers import sen2
    from data_access.validation import build

    path = Path("test.xml")
    parsed = sen2.parse(path, data)
    p = parsed.payload
    return build.from_sen2(p.tables, p.checks, p.dataset, file_name=path.name, rejections=parsed.report.rejections)
