"""Date rules (DT): dates after the reference date, dates out of order, a request outside the collection
period, a plan's cease date and reason, placement and review dates, the person's age.

Each check is one vectorised pass over a :class:`~data_access.validation.model.Return` frame. Some impossible
dates never reach the frames: the reader refuses the whole Person (SEN2) or row (casework) and lists it in
``Return.rejections``; those rules report the rejection too (:func:`rejected_for`), so a hand-built Return and
a parsed file are checked alike.

Age is completed years on the 31 August before the date in question (SPEC section 2), as the KPIs count it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

from data_access.validation.model import Return
from data_access.validation.registry import blank, hits, person_hits, rejected, rule

SEN2 = ("sen2",)
# the date elements of an SEN2 file; a casework extract's date columns end in "_date"
SEN2_DATES = frozenset({"PersonBirthDate", "ReceivedDate", "RequestOutcomeDate", "AssessmentOutcomeDate",
                        "StartDate", "CeaseDate", "EntryDate", "LeavingDate", "ReviewMeeting", "LastReview",
                        "ReviewDraft", "PhaseTransferDueDate", "PhaseTransferFinalDate"})
BIRTH = ("PersonBirthDate", "birth_date")
EVENTS = ("received_date", "request_outcome_date", "assessment_outcome_date", "plan_start_date",
          "plan_cease_date", "review_meeting_date", "last_review_date")


def rejected_for(r: Return, columns: tuple[str, ...] | frozenset[str] | None, phrase: str = "") -> pd.DataFrame:
    """The reader's rejections on ``columns`` (None: any ``*_date`` or SEN2 date column) whose reason holds
    ``phrase`` (the reasons are the reader's own words, never the file's), as :func:`registry.rejected` finds."""
    cols = columns if columns is not None else SEN2_DATES
    keep = [x for x in r.rejections
            if (x.column in cols or (columns is None and x.column.endswith("_date"))) and phrase in x.reason]
    return rejected(dataclasses.replace(r, rejections=keep), *{x.column for x in keep})


def _both(*parts: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(parts, ignore_index=True)


def _own(req: pd.DataFrame) -> pd.Series:
    """Requests whose plan must follow them: not historical (H) and not transferred in from another LA."""
    return req["request_outcome"].ne("H") & blank(req["transfer_la"])


def _after_reference(rows: pd.DataFrame, col: str, r: Return) -> pd.DataFrame:
    """The rows whose ``col`` is after the return's reference date."""
    return hits(rows, rows[col] > r.reference)


def _before(rows: pd.DataFrame, col: str, other: str) -> pd.DataFrame:
    """The rows whose ``col`` is before their ``other`` date."""
    return hits(rows, rows[col] < rows[other])


def age_on_31_august(birth: pd.Series, on: pd.Series | pd.Timestamp) -> pd.Series:
    """Completed years on the 31 August before ``on`` (a date or a date column aligned with ``birth``)."""
    year = (on.dt.year - (on.dt.month < 9)) if isinstance(on, pd.Series) else on.year - (on.month < 9)
    return year - birth.dt.year - (birth.dt.month >= 9)


@rule("DT01", "error", "A request's ReceivedDate is after the return's reference date.", fields=("ReceivedDate",))
def received_in_future(r: Return) -> pd.DataFrame:
    return _after_reference(r.requests, "received_date", r)


@rule("DT02", "query", "A request's ReceivedDate is after the end of the collection period.",
      fields=("ReceivedDate",), sources=SEN2)
def received_after_period(r: Return) -> pd.DataFrame:
    req = r.requests
    return hits(req, (req["received_date"] > pd.Timestamp(r.period_end)) & (req["received_date"] <= r.reference))


@rule("DT03", "query", "A request received before the collection period is not H, not awaiting a decision (A) "
      "and has no decision, assessment outcome or plan start in the period.",
      fields=("ReceivedDate", "RequestOutcome", "RequestOutcomeDate", "AssessmentOutcome", "AssessmentOutcomeDate",
              "StartDate"), sources=SEN2)
def old_request_not_in_progress(r: Return) -> pd.DataFrame:
    """SEN2 carries earlier requests only while in progress: H (decided before the period or transferred
    in), still awaiting a decision or assessment (A), or with a decision, outcome or plan on or after the
    period's start. A withdrawal (W) with no RequestOutcomeDate cannot be placed in time and is let be."""
    req = r.requests
    start = pd.Timestamp(r.period_start)
    waiting = req["request_outcome"].isin(["H", "A"]) | req["assessment_outcome"].eq("A")
    undated_withdrawal = req["request_outcome"].eq("W") & req["request_outcome_date"].isna()
    event = ((req["request_outcome_date"] >= start) | (req["assessment_outcome_date"] >= start)
             | (req["plan_start_date"] >= start))
    return hits(req, (req["received_date"] < start) & ~waiting & ~undated_withdrawal & ~event)


@rule("DT04", "error", "A request's RequestOutcomeDate is before its ReceivedDate.",
      fields=("RequestOutcomeDate", "ReceivedDate"))
def decision_before_request(r: Return) -> pd.DataFrame:
    req = r.requests
    return _both(hits(req, req["request_outcome_date"] < req["received_date"]),
                 rejected_for(r, ("RequestOutcomeDate", "request_outcome_date"), "before"))


@rule("DT05", "error", "An AssessmentOutcomeDate is before the request's ReceivedDate.",
      fields=("AssessmentOutcomeDate", "ReceivedDate"))
def assessment_before_request(r: Return) -> pd.DataFrame:
    return _before(r.requests, "assessment_outcome_date", "received_date")


@rule("DT06", "error", "An AssessmentOutcomeDate is before the request's RequestOutcomeDate.",
      fields=("AssessmentOutcomeDate", "RequestOutcomeDate"))
def assessment_before_decision(r: Return) -> pd.DataFrame:
    return _before(r.requests, "assessment_outcome_date", "request_outcome_date")


@rule("DT07", "error", "A RequestOutcomeDate or AssessmentOutcomeDate is in the future (after the day the file is "
      "checked).", fields=("RequestOutcomeDate", "AssessmentOutcomeDate"))
def decision_in_future(r: Return) -> pd.DataFrame:
    """A decision made after the reference date but before the return is prepared is a real decision (the return
    reports a request's outcome as known when it is made); one dated after today cannot have happened."""
    req, today = r.requests, pd.Timestamp(dt.date.today())
    return hits(req, (req["request_outcome_date"] > today) | (req["assessment_outcome_date"] > today))


@rule("DT08", "error", "A plan has a StartDate but its request has no AssessmentOutcome Y and is neither H nor "
      "transferred in (TransferLA).", fields=("StartDate", "AssessmentOutcome", "RequestOutcome", "TransferLA"))
def plan_without_assessment(r: Return) -> pd.DataFrame:
    req = r.requests
    return hits(req, req["plan_start_date"].notna() & req["assessment_outcome"].ne("Y") & _own(req))


@rule("DT09", "error", "A plan's StartDate is before its request's ReceivedDate (not H, not transferred in).",
      fields=("StartDate", "ReceivedDate", "RequestOutcome", "TransferLA"))
def plan_before_request(r: Return) -> pd.DataFrame:
    req = r.requests
    return _both(hits(req, (req["plan_start_date"] < req["received_date"]) & _own(req)),
                 rejected_for(r, ("StartDate", "plan_start_date"), "before"))


@rule("DT10", "error", "A plan's StartDate is after the return's reference date.", fields=("StartDate",))
def plan_in_future(r: Return) -> pd.DataFrame:
    return _after_reference(r.requests, "plan_start_date", r)


@rule("DT11", "error", "A plan's CeaseDate is before its StartDate.", fields=("CeaseDate", "StartDate"))
def cease_before_start(r: Return) -> pd.DataFrame:
    return _both(_before(r.requests, "plan_cease_date", "plan_start_date"),
                 rejected_for(r, ("CeaseDate", "plan_cease_date"), "before"))


@rule("DT12", "error", "A plan has a CeaseDate but no CeaseReason.", fields=("CeaseDate", "CeaseReason"))
def cease_without_reason(r: Return) -> pd.DataFrame:
    req = r.requests
    return hits(req, req["plan_cease_date"].notna() & blank(req["cease_reason"]))


@rule("DT13", "error", "A plan has a CeaseReason but no CeaseDate.", fields=("CeaseReason", "CeaseDate"))
def reason_without_cease(r: Return) -> pd.DataFrame:
    req = r.requests
    return hits(req, req["plan_cease_date"].isna() & ~blank(req["cease_reason"]))


@rule("DT14", "query", "A plan's CeaseDate is after the return's reference date.", fields=("CeaseDate",))
def cease_in_future(r: Return) -> pd.DataFrame:
    return _after_reference(r.requests, "plan_cease_date", r)


@rule("DT15", "error", "A placement's LeavingDate is before its EntryDate.", fields=("LeavingDate", "EntryDate"))
def leaving_before_entry(r: Return) -> pd.DataFrame:
    return _before(r.placements, "leaving_date", "entry_date")


@rule("DT16", "query", "A placement's EntryDate is after the return's reference date.", fields=("EntryDate",))
def entry_in_future(r: Return) -> pd.DataFrame:
    return _after_reference(r.placements, "entry_date", r)


@rule("DT17", "error", "A plan's ReviewMeeting is before its StartDate (not transferred in).",
      fields=("ReviewMeeting", "StartDate", "TransferLA"))
def review_before_plan(r: Return) -> pd.DataFrame:
    req = r.requests
    return hits(req, (req["review_meeting_date"] < req["plan_start_date"]) & blank(req["transfer_la"]))


@rule("DT18", "error", "A plan's ReviewMeeting is after the return's reference date.", fields=("ReviewMeeting",))
def review_in_future(r: Return) -> pd.DataFrame:
    return _after_reference(r.requests, "review_meeting_date", r)


@rule("DT19", "query", "A plan's LastReview (review decision sent) is before its ReviewMeeting or after the "
      "reference date.", fields=("LastReview", "ReviewMeeting"))
def review_decision_out_of_order(r: Return) -> pd.DataFrame:
    req = r.requests
    return hits(req, (req["last_review_date"] < req["review_meeting_date"]) | (req["last_review_date"] > r.reference))


@rule("DT20", "query", "A PhaseTransferFinalDate is before the plan's StartDate (not transferred in) or after "
      "the reference date.", fields=("PhaseTransferFinalDate", "StartDate", "TransferLA"))
def phase_transfer_out_of_order(r: Return) -> pd.DataFrame:
    req = r.requests
    final = req["phase_transfer_final_date"]
    return hits(req, ((final < req["plan_start_date"]) & blank(req["transfer_la"])) | (final > r.reference))


@rule("DT21", "query", "A child or young person is born after the reference date, or is over 25 on the 31 August "
      "before it (before their last recorded event when nothing is still open).", fields=("PersonBirthDate",))
def age_out_of_range(r: Return) -> pd.DataFrame:
    """Ceased plans and decided requests stay in a return or extract after the person ages out, so a person
    with no active plan and nothing awaiting a decision (A) is aged on their last event instead."""
    req, people = r.requests, r.persons
    open_ = (req["plan_active"].eq(True) | req["request_outcome"].eq("A") | req["assessment_outcome"].eq("A")).to_numpy()
    # each request's last event and each person's latest, as integers (NaT is the smallest, so it never wins)
    last = np.column_stack([req[c].to_numpy(dtype="datetime64[ns]").view("i8") for c in EVENTS]).max(axis=1)
    person, refs = pd.factorize(req["person_ref"])
    known = person >= 0
    never = np.iinfo(np.int64).min
    # one more entry, for a person without a request (index -1): not open, no event
    is_open = np.append(np.bincount(person[known], weights=open_[known], minlength=len(refs)) > 0, False)
    latest = np.full(len(refs) + 1, never)
    np.maximum.at(latest, person[known], last[known])
    at = pd.Index(refs).get_indexer(people["person_ref"])
    aged_on_last = ~is_open[at] & (latest[at] != never)
    on = pd.Series(np.where(aged_on_last, latest[at], np.datetime64(r.reference, "ns").view("i8")).view("datetime64[ns]"),
                   index=people.index).clip(upper=r.reference)
    birth = people["birth_date"]
    return person_hits(people, (birth > r.reference) | (age_on_31_august(birth, on) > 25))


@rule("DT22", "error", "A PersonBirthDate is in the future.", fields=("PersonBirthDate",))
def birth_in_future(r: Return) -> pd.DataFrame:
    p = r.persons
    return _both(person_hits(p, p["birth_date"] > pd.Timestamp.today().normalize()),
                 rejected_for(r, BIRTH, "future"))


@rule("DT23", "error", "A PersonBirthDate is after the ReceivedDate of one of the person's requests.",
      fields=("PersonBirthDate", "ReceivedDate"))
def birth_after_request(r: Return) -> pd.DataFrame:
    req = r.requests
    return _both(hits(req, req["birth_date"] > req["received_date"]), rejected_for(r, BIRTH, "after"))


@rule("DT24", "error", "A date is not written as YYYY-MM-DD or is not a possible date.", fields=tuple(sorted(SEN2_DATES)))
def not_a_date(r: Return) -> pd.DataFrame:
    return rejected_for(r, None, "not a")
