"""Reading an SEN2 return's Persons into table rows, one Person at a time (the SEN2 importer's reader).

Each Person's rows are appended to one list per table as its values are checked; a bad value (``BadValue``)
cuts the lists back to where that Person began, so the Person is left out whole and the next one takes the
same local ids (0-based, per table, in file order). A date is parsed once per distinct text in the file (a
return repeats a few thousand dates over some 37,000 date elements); only good dates are remembered, and
only for this reader, so no value outlives the import.
"""

from __future__ import annotations

import datetime as dt
import secrets

import pandas as pd
from lxml import etree

from data_access.importers import _values as v
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
from data_access.validation import identifiers as ids

# the code lists as sets: one lookup per value (a reason still lists them sorted)
_SEX, _SOURCES, _REQUEST_OUTCOMES = frozenset(SEX_CODES), frozenset(REQUEST_SOURCES), frozenset(REQUEST_OUTCOMES)
_ASSESSMENT_OUTCOMES, _CEASE_REASONS = frozenset(ASSESSMENT_OUTCOMES), frozenset(CEASE_REASONS)
_SETTINGS, _SEN_TYPES, _REVIEW_OUTCOMES = frozenset(SEN_SETTINGS), frozenset(SEN_TYPES), frozenset(REVIEW_OUTCOMES)
# the child elements each level's walk goes on into
_PERSON_PARTS = frozenset({"Requests"})
_REQUEST_PARTS = frozenset({"Assessment", "NamedPlan", "ActivePlans"})
_ASSESSMENT_PARTS = frozenset({"NamedPlan"})
_ACTIVE_PARTS = frozenset({"PlacementDetail", "SENneed"})
_NAMED_PARTS = frozenset({"PlanDetail"})
_NONE: tuple[etree._Element | None] = (None,)


def fields(el: etree._Element) -> dict[str, str | None]:
    """Children as tag -> stripped text (None when empty; a parent element's text is only whitespace)."""
    out: dict[str, str | None] = {}
    for ch in el:
        t = ch.text
        out[ch.tag] = (t.strip() or None) if t else None
    return out


def fields_and_parts(el: etree._Element, parts: frozenset[str]) -> tuple[dict[str, str | None],
                                                                        dict[str, list[etree._Element]]]:
    """:func:`fields`, and in the same pass the children whose tag is one of ``parts``, by tag in file order
    (what ``find`` and ``iterchildren`` would give, without walking the children again for each tag)."""
    out: dict[str, str | None] = {}
    found: dict[str, list[etree._Element]] = {}
    for ch in el:
        tag, t = ch.tag, ch.text
        out[tag] = (t.strip() or None) if t else None
        if tag in parts:
            kids = found.get(tag)
            if kids is None:
                found[tag] = [ch]
            else:
                kids.append(ch)
    return out, found


def _append(rows: list[tuple], row: tuple) -> int:
    """Add a row under the next local id of its table; returns that id."""
    new_id = len(rows)
    rows.append((new_id, *row))
    return new_id


class SEN2Tables:
    """Row lists per table; each row starts with its local 0-based id (its position in the list)."""

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

    def frames(self) -> dict[str, pd.DataFrame]:
        out = {}
        for t, cols in self.COLUMNS.items():
            df = pd.DataFrame.from_records(self.rows[t], columns=list(cols), coerce_float=False)
            out[t] = df.astype({c: object for c in cols if c not in ("id", "person_id", "request_id", "plan_id")})
        return out


class PersonReader:
    """Reads Persons into :class:`SEN2Tables`, keeping the identifier checks and Week20 for validation."""

    def __init__(self) -> None:
        self.tables = SEN2Tables()
        rows = self.tables.rows
        self.persons, self.requests, self.assessments = rows["person"], rows["request"], rows["assessment"]
        self.plans, self.placements, self.needs = rows["plan"], rows["placement"], rows["need"]
        self.reviews, self.phase_transfers = rows["review"], rows["phase_transfer"]
        self.salt = secrets.token_bytes(16)  # this run's only: the match keys mean nothing outside it
        self.identity: list[tuple] = []  # (person_ref, upn_status, uln_status, match_key)
        self.week20: list[tuple] = []  # (request_ref, Week20 as the file has it: True, False or None)
        self.today = dt.date.today()
        self._dates: dict[str, dt.date] = {}  # date text -> date, for the texts already read (good ones only)

    def checks(self) -> dict[str, pd.DataFrame]:
        return {"identity": pd.DataFrame(self.identity, columns=["person_ref", "upn_status", "uln_status",
                                                                 "match_key"], dtype=object),
                "week20": pd.DataFrame(self.week20, columns=["request_ref", "week20"], dtype=object)}

    def date(self, value: str | None, column: str) -> dt.date | None:
        """:func:`_values.date`, once per distinct text (a bad one raises every time it is read)."""
        if value is None:
            return None
        out = self._dates.get(value)
        if out is None:
            out = self._dates[value] = v.date(value, column)
        return out

    def person(self, pos: int, el: etree._Element) -> None:
        """Read one Person; its rows are kept only if every value is good."""
        lists = self.tables.rows.values()
        sizes = [len(rows) for rows in lists]
        week20 = len(self.week20)
        ref = f"P{pos}"
        try:
            f, parts = fields_and_parts(el, _PERSON_PARTS)
            sex = f.get("Sex")
            sex = SEX_NUMERIC.get(sex, sex) if sex else None
            birth = self.date(f.get("PersonBirthDate"), "PersonBirthDate")
            if birth and birth > self.today:
                raise v.BadValue("PersonBirthDate", "PersonBirthDate is in the future")
            person_id = _append(self.persons, (
                ref, birth, v.code(sex, "Sex", _SEX), v.ethnicity(f.get("Ethnicity"), "Ethnicity"),
            ))
            for n, req in enumerate(parts.get("Requests", ()), 1):
                self._request(person_id, f"{ref}-R{n}", req, birth=birth)
        except v.BadValue:
            for rows, size in zip(lists, sizes, strict=True):
                del rows[size:]
            del self.week20[week20:]
            raise
        upn = f.get("UPN")
        self.identity.append((ref, ids.upn_status(upn, unknown_reason=f.get("UPNunknown")),
                              ids.uln_status(f.get("UniqueLearnerNumber")), ids.match_key(self.salt, birth, sex, upn)))

    def _request(self, person_id: int, ref: str, req: etree._Element, *, birth: dt.date | None) -> None:
        f, parts = fields_and_parts(req, _REQUEST_PARTS)
        received = self.date(f.get("ReceivedDate"), "ReceivedDate")
        decided = self.date(f.get("RequestOutcomeDate"), "RequestOutcomeDate")
        if received and decided and decided < received:
            raise v.BadValue("RequestOutcomeDate", "RequestOutcomeDate is before the ReceivedDate of the same request")
        if received and birth and birth > received:
            raise v.BadValue("PersonBirthDate", "PersonBirthDate is after the ReceivedDate of one of the Person's requests")
        outcome = v.code(f.get("RequestOutcome"), "RequestOutcome", _REQUEST_OUTCOMES)
        request_id = _append(self.requests, (
            person_id, ref, received, v.code(f.get("RequestSource"), "RequestSource", _SOURCES),
            v.flag(f.get("RYA"), "RYA"), outcome,
            decided, v.flag(f.get("RequestMediation"), "RequestMediation"),
            v.flag(f.get("RequestTribunal"), "RequestTribunal"),
        ))
        assessment = parts.get("Assessment", _NONE)[0]
        named = None
        if assessment is not None:
            a, assessment_parts = fields_and_parts(assessment, _ASSESSMENT_PARTS)
            week20 = v.flag(a.get("Week20"), "Week20")
            self.week20.append((ref, week20))
            _append(self.assessments, (
                request_id, v.code(a.get("AssessmentOutcome"), "AssessmentOutcome", _ASSESSMENT_OUTCOMES),
                self.date(a.get("AssessmentOutcomeDate"), "AssessmentOutcomeDate"),
                bool(week20),
                v.flag(a.get("AssessmentMediation"), "AssessmentMediation"),
                v.flag(a.get("AssessmentTribunal"), "AssessmentTribunal"),
            ))
            named = assessment_parts.get("NamedPlan", _NONE)[0]
        if named is None:
            named = parts.get("NamedPlan", _NONE)[0]
        active = parts.get("ActivePlans", _NONE)[0]
        if named is not None or active is not None:
            self._plan(request_id, named, active, received=received if outcome != "H" else None)

    def _plan(self, request_id: int, named, active, *, received: dt.date | None) -> None:
        """``received``: the request's date when the plan must follow it (not for H, historical requests)."""
        date = self.date
        nf, named_parts = fields_and_parts(named, _NAMED_PARTS) if named is not None else ({}, {})
        af, active_parts = fields_and_parts(active, _ACTIVE_PARTS) if active is not None else ({}, {})
        start = date(nf.get("StartDate"), "StartDate")
        cease = date(nf.get("CeaseDate"), "CeaseDate")
        if start and cease and cease < start:
            raise v.BadValue("CeaseDate", "CeaseDate is before the plan's StartDate")
        transfer_la = v.la_code(af.get("TransferLA"), "TransferLA")
        if start and received and transfer_la is None and start < received:
            raise v.BadValue("StartDate", "StartDate is before the request's ReceivedDate")
        plan_id = _append(self.plans, (
            request_id, start, cease, v.code(nf.get("CeaseReason"), "CeaseReason", _CEASE_REASONS),
            transfer_la, active is not None,
        ))
        placements = active_parts.get("PlacementDetail") or named_parts.get("PlanDetail", ())
        for i, pl in enumerate(placements, 1):
            p = fields(pl)
            urn = v.number(p.get("URN"), "URN", max_digits=10)
            ukprn = v.number(p.get("UKPRN"), "UKPRN", max_digits=10)
            setting = v.code(p.get("SENSetting"), "SENSetting", _SETTINGS)
            entry, leaving = date(p.get("EntryDate"), "EntryDate"), date(p.get("LeavingDate"), "LeavingDate")
            _append(self.placements, (
                plan_id, v.rank(p.get("PlacementRank"), "PlacementRank", i), urn, ukprn, setting,
                setting_type_from_sen2(urn, ukprn, setting), None, entry, leaving,
                v.flag(p.get("SENunitIndicator"), "SENunitIndicator"),
                v.flag(p.get("ResourcedProvisionIndicator"), "ResourcedProvisionIndicator"),
            ))
        if active is None:
            return
        for i, need in enumerate(active_parts.get("SENneed", ()), 1):
            nd = fields(need)
            sen_type = v.code(nd.get("SENtype"), "SENtype", _SEN_TYPES)
            if sen_type is not None:
                _append(self.needs, (plan_id, sen_type, v.rank(nd.get("SENtypeRank"), "SENtypeRank", i)))
        review = (date(af.get("ReviewMeeting"), "ReviewMeeting"),
                  v.code(af.get("ReviewOutcome"), "ReviewOutcome", _REVIEW_OUTCOMES),
                  date(af.get("LastReview"), "LastReview"), date(af.get("ReviewDraft"), "ReviewDraft"))
        if any(x is not None for x in review):  # LastReview: the date the review decision was sent
            _append(self.reviews, (plan_id, *review, review[2]))
        due = date(af.get("PhaseTransferDueDate"), "PhaseTransferDueDate")
        final = date(af.get("PhaseTransferFinalDate"), "PhaseTransferFinalDate")
        if due is not None:  # a final date with no due date has nothing to be measured against
            _append(self.phase_transfers, (plan_id, due, final))
