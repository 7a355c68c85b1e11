"""Small hand-built returns for the codes, consistency and plausibility rule tests (CD, CN, PL).

``request(...)`` is one clean SEN2 request (received, decided Y, assessed Y, plan issued within 20 weeks in
the 2024 collection period and active at the 2025 reference date); keywords change any column. ``ret(...)``
makes a :class:`Return` of such requests, giving every active plan a rank-1 need and a placement with a URN
unless ``needs`` / ``placements`` are passed. ``found(rule_id, r)`` is what one rule reports, as
``(person_ref, request_ref)`` pairs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from data_access.importers import casework, sen2
from data_access.importers.base import Rejection
from data_access.validation import build
from data_access.validation import rules as _rules  # noqa: F401 - registers every rule
from data_access.validation.model import (
    NEED_COLUMNS,
    PERSON_COLUMNS,
    PLACEMENT_COLUMNS,
    REQUEST_COLUMNS,
    Return,
    frame,
)
from data_access.validation.registry import RULES
from data_access.validation.run import establishment_urns_in_file

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
REFERENCE = dt.date(2025, 1, 16)
PERIOD = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
URN = "100001"
MINE = ("CD", "CN", "PL")  # the rule families these tests cover


def request(person: str = "P1", n: int = 1, **over: object) -> dict:
    row = {
        "person_ref": person, "request_ref": f"{person}-R{n}", "birth_date": "2015-03-01", "sex": "M",
        "received_date": "2024-02-01", "request_source": "1", "request_outcome": "Y",
        "request_outcome_date": "2024-03-01", "has_assessment": True, "assessment_outcome": "Y",
        "assessment_outcome_date": "2024-05-20", "week20": False, "has_plan": True, "plan_active": True,
        "plan_start_date": "2024-06-01", "plan_cease_date": None, "cease_reason": None, "transfer_la": None,
    }
    row.update(over)
    return row


def many(count: int, prefix: str = "P", **over: object) -> list[dict]:
    """``count`` clean requests of as many persons (``prefix`` + number)."""
    return [request(f"{prefix}{i}", **over) for i in range(1, count + 1)]


def ret(*requests: dict, needs: Iterable[dict] | None = None, placements: Iterable[dict] | None = None,
        persons: Iterable[dict] | None = None, source: str = "sen2", rejections: Iterable[Rejection] = (),
        establishments: frozenset[str] | None = None, la_code: str = "351") -> Return:
    rows = list(requests)
    active = [q for q in rows if q.get("plan_active")]
    if needs is None:
        needs = [{"person_ref": q["person_ref"], "request_ref": q["request_ref"], "sen_type": "ASD", "rank": 1}
                 for q in active]
    if placements is None:
        placements = [{"person_ref": q["person_ref"], "request_ref": q["request_ref"], "urn": URN} for q in active]
    if persons is None:
        seen: dict[str, dict] = {}
        for q in rows:
            seen.setdefault(q["person_ref"], {"person_ref": q["person_ref"], "birth_date": q["birth_date"],
                                              "sex": q["sex"]})
        persons = list(seen.values())
    listed = {c: [x.get(c) for x in rows] for c in REQUEST_COLUMNS}
    return Return(source=source, file_name="test.xml", la_code=la_code, reference_date=REFERENCE,
                  period_start=PERIOD[0], period_end=PERIOD[1], requests=frame(REQUEST_COLUMNS, listed),
                  persons=frame(PERSON_COLUMNS, _columns(persons, PERSON_COLUMNS)),
                  needs=frame(NEED_COLUMNS, _columns(needs, NEED_COLUMNS)),
                  placements=frame(PLACEMENT_COLUMNS, _columns(placements, PLACEMENT_COLUMNS)),
                  rejections=list(rejections), establishments=establishments)


def _columns(rows: Iterable[dict], columns: tuple[str, ...]) -> dict[str, list]:
    rows = list(rows)
    return {c: [x.get(c) for x in rows] for c in columns}


def rejection(row: int, column: str) -> Rejection:
    return Rejection(row, column, f"Person {row}: {column} is not a known code")


def found(rule_id: str, r: Return) -> list[tuple[object, object]]:
    out = RULES[rule_id].check(r)
    return list(zip(out["person_ref"], out["request_ref"], strict=True))


def sample_establishments() -> frozenset[str]:
    return establishment_urns_in_file(SAMPLE / "establishments.csv")


def sample_sen2() -> Return:
    path = SAMPLE / "sen2_2025.xml"
    parsed = sen2.parse(path, path.read_bytes())
    p = parsed.payload
    return build.from_sen2(p.tables, p.checks, p.dataset, file_name=path.name,
                           rejections=parsed.report.rejections, establishments=sample_establishments())


def sample_casework() -> Return:
    path = SAMPLE / "casework.csv"
    parsed = casework.parse(path, path.read_bytes(), la_code="351")
    return build.from_casework(parsed.payload.casework, parsed.payload.dataset, file_name=path.name,
                               rejections=parsed.report.rejections, establishments=sample_establishments())


def my_rules(r: Return) -> list[str]:
    """The ids of this family's rules that apply to the return's source."""
    return sorted(i for i, x in RULES.items() if i.startswith(MINE) and r.source in x.sources)
