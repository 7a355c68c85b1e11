"""SEN2 return, XML, 2024+ structure (SPEC section 1.1).

The file is parsed with lxml with entity resolution, DTD loading and network access off, and any
document declaring a DOCTYPE or ENTITY is refused (no XXE, no "billion laughs"). Persons are walked
element by element into column lists (one list per table, never a DataFrame per row), then loaded in
bulk. Names and postcodes are never read; a UPN or ULN is checked as it is read (format, check
character) and only the result is kept, for validation, never written (``RecordTables.checks``). SEN2 has no case id, so a Person's reference is
its 1-based position in the file ("P7"); each of its ``Requests`` is "P7-R1", "P7-R2", ...

One bad value (unknown code, impossible date) rejects that Person (row = its position, column = the
element name); the other Persons load. A file that is not an SEN2 return is rejected whole. No reason
quotes a value from the file, dates included (SPEC section 5): it names the element and what was expected.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from lxml import etree
from sqlalchemy import Connection

from data_access.importers import Parsed
from data_access.importers import _values as v
from data_access.importers._guard import unicode_bom
from data_access.importers._records import RecordTables, write_records
from data_access.importers.base import ImportRejected, ImportReport, Rejection
from data_access.importers.codes import (
    ASSESSMENT_OUTCOMES,
    CEASE_REASONS,
    REQUEST_OUTCOMES,
    REQUEST_SOURCES,
    REVIEW_OUTCOMES,
    SEN_SETTINGS,
    SEN_TYPES,
    SEX_CODES,
    SEX_NUMERIC,
    setting_type_from_sen2,
)
from data_access.importers.detect import blade_message, doctype_message
from data_access.validation import identifiers as ids

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_LA = re.compile(r"^\d{3}$")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           remove_comments=True, remove_pis=True)


# libxml2's messages quote the file (a tag, an entity, a comment, the declared encoding), and a value
# with a stray "<" or "&" becomes a tag or entity name: each is said in words of our own instead
_SYNTAX = (
    ("Premature end of data", "the file ends before its elements are closed (it may be cut short)"),
    ("Opening and ending tag mismatch", "an element is closed by a tag of another name"),
    ("Extra content at the end of the document", "there is content after the last closing tag"),
    ("Document is empty", "there is no XML in it"),
    ("Start tag expected", "it does not start with an XML element"),
    ("Entity", "an '&' does not start an entity such as &amp;"),  # also EntityRef
    ("xmlParseEntityRef", "an '&' does not start an entity such as &amp;"),
    ("Comment", "a comment is not closed properly"),
    ("Double hyphen within comment", "a comment holds '--'"),
    ("Unsupported encoding", "its XML declaration names an encoding that cannot be read"),
    ("Input is not proper UTF-8", "it is not UTF-8 text and its XML declaration does not say which encoding it is"),
    ("PCDATA invalid Char value", "it holds a control character that XML does not allow"),
    ("Char 0x", "it holds a character that XML does not allow"),
    ("invalid character in attribute value", "an attribute holds a character that XML does not allow"),
)


def _syntax_problem(msg: str | None) -> str:
    """What is wrong with XML that is not well-formed, in words that quote nothing from the file."""
    first = (msg or "").split("\n")[0].strip()
    for start, words in _SYNTAX:
        if first.startswith(start):
            return words
    return "an element, attribute or character is not written as XML requires"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def read_xml(name: str, data: bytes) -> etree._Element:
    """Parse safely; a DOCTYPE/ENTITY declaration or malformed XML rejects the file in one sentence."""
    bom = unicode_bom(data)
    text = data.decode(bom, "ignore").encode("utf-8") if bom else data  # UTF-16/32: look at the characters
    if _DECLARATION.search(text):
        raise ImportRejected(doctype_message(name))
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (exc.lineno or 1, 0)
        where = f"line {line}, column {col}" if col else f"line {line}"
        raise ImportRejected(f"{name} is not well-formed XML ({where}): {_syntax_problem(exc.msg)}.") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ImportRejected(doctype_message(name))
    if root.tag.startswith("{"):  # a namespaced file: compare local names only
        for el in root.iter():
            if isinstance(el.tag, str):
                el.tag = _local(el.tag)
    return root


def _text(el: etree._Element | None) -> str | None:
    if el is None or el.text is None:
        return None
    t = el.text.strip()
    return t or None


def _fields(el: etree._Element) -> dict[str, str | None]:
    """Children as tag -> stripped text (None when empty; a parent element's text is only whitespace)."""
    out: dict[str, str | None] = {}
    for ch in el:
        t = ch.text
        out[ch.tag] = (t.strip() or None) if t else None
    return out


def _header(name: str, root: etree._Element, la_code: str | None) -> tuple[str, int, dt.date]:
    if root.tag != "Message":
        raise ImportRejected(f"{name} is not an SEN2 return: its root element is <{root.tag}>, not <Message>.")
    cd = root.find("Header/CollectionDetails")
    collection = _text(cd.find("Collection")) if cd is not None else None
    if collection is None:
        raise ImportRejected(f"{name} has no Header/CollectionDetails/Collection, so it is not an SEN2 return.")
    if collection.upper() != "SEN2":
        raise ImportRejected(f"{name} is not an SEN2 return: its Header/CollectionDetails/Collection is not SEN2.")
    year_text = _text(cd.find("Year"))
    if year_text is None:
        raise ImportRejected(f"{name} has no collection Year in Header/CollectionDetails.")
    if not re.fullmatch(r"\d{4}", year_text) or not 2000 <= int(year_text) <= 2100:
        raise ImportRejected(f"{name} has a collection Year in Header/CollectionDetails that is not a year "
                             "from 2000 to 2100.")
    try:
        reference = v.date(_text(cd.find("ReferenceDate")), "ReferenceDate")
    except v.BadValue as exc:
        raise ImportRejected(f"{name} has a bad Header/CollectionDetails/ReferenceDate: {exc.reason}.") from None
    if reference is None:
        raise ImportRejected(f"{name} has no ReferenceDate in Header/CollectionDetails.")
    lea = _text(root.find("Header/Source/LEA"))
    if lea is not None and not _LA.match(lea):
        raise ImportRejected(f"{name} was not imported: LEA in Header/Source is not a 3-digit LA code.")
    la = lea or la_code
    if la is None:
        raise ImportRejected(f"{name} does not say which LA it is for (no Header/Source/LEA); pass --la.")
    return la, int(year_text), reference


class _Tables:
    """Column lists per table, with local 0-based ids."""

    COLUMNS = {
        "person": ("id", "person_ref", "birth_date", "sex", "ethnicity"),
        "request": ("id", "person_id", "request_ref", "received_date", "request_source", "rya",
                    "request_outcome", "request_outcome_date", "request_mediation", "request_tribunal"),
        "assessment": ("id", "request_id", "assessment_outcome", "assessment_outcome_date", "week20_exception",
                       "assessment_mediation", "assessment_tribunal"),
        "plan": ("id", "request_id", "start_date", "cease_date", "cease_reason", "transfer_la", "active"),
        "placement": ("id", "plan_id", "placement_rank", "urn", "ukprn", "sen_setting", "setting_type",
                      "setting_in_la", "entry_date", "leaving_date", "sen_unit", "resourced_provision"),
        "need": ("id", "plan_id", "sen_type", "rank"),
        "review": ("id", "plan_id", "review_meeting_date", "review_outcome", "last_review_date",
                   "review_draft_date", "review_decision_date"),
        "phase_transfer": ("id", "plan_id", "due_date", "final_date"),
    }

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple]] = {t: [] for t in self.COLUMNS}

    def add(self, staged: dict[str, list[tuple]]) -> None:
        for t, rows in staged.items():
            self.rows[t].extend(rows)

    def frames(self) -> dict[str, pd.DataFrame]:
        out = {}
        for t, cols in self.COLUMNS.items():
            df = pd.DataFrame.from_records(self.rows[t], columns=list(cols), coerce_float=False)
            out[t] = df.astype({c: object for c in cols if c not in ("id", "person_id", "request_id", "plan_id")})
        return out


class _Reader:
    def __init__(self) -> None:
        self.tables = _Tables()
        self.next_id = dict.fromkeys(_Tables.COLUMNS, 0)
        self.salt = secrets.token_bytes(16)  # this run's only: the match keys mean nothing outside it
        self.identity: list[tuple] = []  # (person_ref, upn_status, uln_status, match_key)
        self.week20: list[tuple] = []  # (request_ref, Week20 as the file has it: True, False or None)

    def checks(self) -> dict[str, pd.DataFrame]:
        return {"identity": pd.DataFrame(self.identity, columns=["person_ref", "upn_status", "uln_status",
                                                                 "match_key"], dtype=object),
                "week20": pd.DataFrame(self.week20, columns=["request_ref", "week20"], dtype=object)}

    def _new(self, staged: dict[str, list[tuple]], table: str, row: tuple) -> int:
        new_id = self.next_id[table]
        self.next_id[table] += 1
        staged.setdefault(table, []).append((new_id, *row))
        return new_id

    def person(self, pos: int, el: etree._Element) -> None:
        """Read one Person; stages all its rows and only keeps them if every value is good."""
        saved, week20 = dict(self.next_id), len(self.week20)
        staged: dict[str, list[tuple]] = {}
        try:
            f = _fields(el)
            sex = f.get("Sex")
            sex = SEX_NUMERIC.get(sex, sex) if sex else None
            birth = v.date(f.get("PersonBirthDate"), "PersonBirthDate")
            if birth and birth > dt.date.today():
                raise v.BadValue("PersonBirthDate", "PersonBirthDate is in the future")
            person_id = self._new(staged, "person", (
                f"P{pos}", birth, v.code(sex, "Sex", SEX_CODES),
                v.ethnicity(f.get("Ethnicity"), "Ethnicity"),
            ))
            n = 0
            for req in el.iterchildren("Requests"):
                n += 1
                self._request(staged, person_id, f"P{pos}-R{n}", req, birth=birth)
        except v.BadValue:
            self.next_id = saved
            del self.week20[week20:]
            raise
        self.tables.add(staged)
        upn = f.get("UPN")
        self.identity.append((f"P{pos}", ids.upn_status(upn, unknown_reason=f.get("UPNunknown")),
                              ids.uln_status(f.get("UniqueLearnerNumber")),
                              ids.match_key(self.salt, birth, sex, upn)))

    def _request(self, staged: dict, person_id: int, ref: str, req: etree._Element, *,
                 birth: dt.date | None) -> None:
        f = _fields(req)
        received = v.date(f.get("ReceivedDate"), "ReceivedDate")
        decided = v.date(f.get("RequestOutcomeDate"), "RequestOutcomeDate")
        if received and decided and decided < received:
            raise v.BadValue("RequestOutcomeDate", "RequestOutcomeDate is before the ReceivedDate of the same request")
        if received and birth and birth > received:
            raise v.BadValue("PersonBirthDate", "PersonBirthDate is after the ReceivedDate of one of the Person's requests")
        outcome = v.code(f.get("RequestOutcome"), "RequestOutcome", REQUEST_OUTCOMES)
        request_id = self._new(staged, "request", (
            person_id, ref, received, v.code(f.get("RequestSource"), "RequestSource", REQUEST_SOURCES),
            v.flag(f.get("RYA"), "RYA"), outcome,
            decided, v.flag(f.get("RequestMediation"), "RequestMediation"),
            v.flag(f.get("RequestTribunal"), "RequestTribunal"),
        ))
        assessment = req.find("Assessment")
        named = None
        if assessment is not None:
            a = _fields(assessment)
            week20 = v.flag(a.get("Week20"), "Week20")
            self.week20.append((ref, week20))
            self._new(staged, "assessment", (
                request_id, v.code(a.get("AssessmentOutcome"), "AssessmentOutcome", ASSESSMENT_OUTCOMES),
                v.date(a.get("AssessmentOutcomeDate"), "AssessmentOutcomeDate"),
                bool(week20),
                v.flag(a.get("AssessmentMediation"), "AssessmentMediation"),
                v.flag(a.get("AssessmentTribunal"), "AssessmentTribunal"),
            ))
            named = assessment.find("NamedPlan")
        if named is None:
            named = req.find("NamedPlan")
        active = req.find("ActivePlans")
        if named is not None or active is not None:
            self._plan(staged, request_id, named, active, received=received if outcome != "H" else None)

    def _plan(self, staged: dict, request_id: int, named, active, *, received: dt.date | None) -> None:
        """``received``: the request's date when the plan must follow it (not for H, historical requests)."""
        nf = _fields(named) if named is not None else {}
        af = _fields(active) if active is not None else {}
        start = v.date(nf.get("StartDate"), "StartDate")
        cease = v.date(nf.get("CeaseDate"), "CeaseDate")
        if start and cease and cease < start:
            raise v.BadValue("CeaseDate", "CeaseDate is before the plan's StartDate")
        transfer_la = v.la_code(af.get("TransferLA"), "TransferLA")
        if start and received and transfer_la is None and start < received:
            raise v.BadValue("StartDate", "StartDate is before the request's ReceivedDate")
        plan_id = self._new(staged, "plan", (
            request_id, start, cease, v.code(nf.get("CeaseReason"), "CeaseReason", CEASE_REASONS),
            transfer_la, active is not None,
        ))
        placements = list(active.iterchildren("PlacementDetail")) if active is not None else []
        if not placements and named is not None:
            placements = list(named.iterchildren("PlanDetail"))
        for i, pl in enumerate(placements, 1):
            p = _fields(pl)
            urn = v.number(p.get("URN"), "URN", max_digits=10)
            ukprn = v.number(p.get("UKPRN"), "UKPRN", max_digits=10)
            setting = v.code(p.get("SENSetting"), "SENSetting", SEN_SETTINGS)
            entry, leaving = v.date(p.get("EntryDate"), "EntryDate"), v.date(p.get("LeavingDate"), "LeavingDate")
            self._new(staged, "placement", (
                plan_id, v.rank(p.get("PlacementRank"), "PlacementRank", i), urn, ukprn, setting,
                setting_type_from_sen2(urn, ukprn, setting), None, entry, leaving,
                v.flag(p.get("SENunitIndicator"), "SENunitIndicator"),
                v.flag(p.get("ResourcedProvisionIndicator"), "ResourcedProvisionIndicator"),
            ))
        if active is None:
            return
        for i, need in enumerate(active.iterchildren("SENneed"), 1):
            nd = _fields(need)
            sen_type = v.code(nd.get("SENtype"), "SENtype", SEN_TYPES)
            if sen_type is not None:
                self._new(staged, "need", (plan_id, sen_type, v.rank(nd.get("SENtypeRank"), "SENtypeRank", i)))
        review = (v.date(af.get("ReviewMeeting"), "ReviewMeeting"),
                  v.code(af.get("ReviewOutcome"), "ReviewOutcome", REVIEW_OUTCOMES),
                  v.date(af.get("LastReview"), "LastReview"), v.date(af.get("ReviewDraft"), "ReviewDraft"))
        if any(x is not None for x in review):  # LastReview: the date the review decision was sent
            review = (*review, review[2])
            self._new(staged, "review", (plan_id, *review))
        due = v.date(af.get("PhaseTransferDueDate"), "PhaseTransferDueDate")
        final = v.date(af.get("PhaseTransferFinalDate"), "PhaseTransferFinalDate")
        if due is not None:  # a final date with no due date has nothing to be measured against
            self._new(staged, "phase_transfer", (plan_id, due, final))


def parse(path: Path, data: bytes, *, la_code: str | None = None,
          mapping: Mapping[str, Any] | None = None) -> Parsed:
    """Read and check an SEN2 return (``mapping`` is not used: SEN2 element names are fixed)."""
    name = path.name
    blade = blade_message(path, data)
    if blade:
        raise ImportRejected(blade)
    root = read_xml(name, data)
    la, year, reference = _header(name, root, la_code)
    persons = root.find("Persons")
    people = list(persons.iterchildren("Person")) if persons is not None else []
    if not people:
        raise ImportRejected(f"{name} has no Persons/Person records, so nothing was imported.")
    reader = _Reader()
    rejections: list[Rejection] = []
    first_problem = ""
    for pos, el in enumerate(people, 1):
        try:
            reader.person(pos, el)
        except v.BadValue as exc:
            rejections.append(Rejection(pos, exc.column, f"Person {pos}: {exc.reason}"))
            first_problem = first_problem or f"Person {pos}, {exc.column}: {exc.reason}"
    report = ImportReport(file_name=name, kind="sen2", la_code=la, target=f"sen2:{la}:{year}",
                          rows_read=len(people), rows_rejected=len(rejections),
                          rows_loaded=len(people) - len(rejections), rejections=rejections)
    if report.rows_loaded == 0:
        raise ImportRejected(f"{name} was not imported because no Person record could be loaded ({first_problem}).")
    dataset = {"kind": "sen2", "la_code": la, "key": str(year), "collection_year": year,
               "reference_date": reference, "period_start": dt.date(year - 1, 1, 1),
               "period_end": dt.date(year - 1, 12, 31)}
    payload = RecordTables(dataset=dataset, tables=reader.tables.frames(), checks=reader.checks())
    return Parsed(kind="sen2", la_code=la, target=report.target, report=report, payload=payload)


def write(conn: Connection, parsed: Parsed, *, import_id: int, sha256: str) -> None:
    write_records(conn, parsed.payload, import_id=import_id, sha256=sha256, synthetic=parsed.synthetic)
