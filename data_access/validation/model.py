"""What the validation rules read: one return (an SEN2 file or a casework extract) as flat frames.

A :class:`Return` is built from a parsed file before anything is written (``build.py``), so the same rules run
on an import, on ``senddash validate`` and on the Data quality page. Its frames, every date ``datetime64``:

* ``requests``: one row per request: person_ref, request_ref, birth_date, sex, received_date, request_source,
  request_outcome, request_outcome_date, has_assessment, assessment_outcome, assessment_outcome_date, week20
  (True / False / None when the file leaves it empty), has_plan, plan_active (the request has ActivePlans, or a
  casework plan not ceased), plan_start_date, plan_cease_date, cease_reason, transfer_la, review_meeting_date,
  review_outcome, last_review_date, review_draft_date, phase_transfer_due_date, phase_transfer_final_date;
* ``persons``: one row per person: person_ref, birth_date, sex, upn_status and uln_status ("ok", "missing",
  "format", "check", or None when the source has no such field), match_key (a salted hash of birth date, sex and
  UPN, made for this run only and never stored; None without a UPN);
* ``needs``: person_ref, request_ref, sen_type, rank (one row per SENneed of an active plan);
* ``placements``: person_ref, request_ref, urn, ukprn, sen_setting, setting_type, entry_date, leaving_date;
* ``rejections``: the rows the reader refused (row, column, reason), each already a problem with the file.

UPNs and ULNs never reach a Return: the reader checks them and keeps only the result (SPEC section 5).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from data_access.importers.base import Rejection

REQUEST_COLUMNS = (
    "person_ref", "request_ref", "birth_date", "sex", "received_date", "request_source", "request_outcome",
    "request_outcome_date", "has_assessment", "assessment_outcome", "assessment_outcome_date", "week20",
    "has_plan", "plan_active", "plan_start_date", "plan_cease_date", "cease_reason", "transfer_la",
    "review_meeting_date", "review_outcome", "last_review_date", "review_draft_date",
    "phase_transfer_due_date", "phase_transfer_final_date",
)
PERSON_COLUMNS = ("person_ref", "birth_date", "sex", "upn_status", "uln_status", "match_key")
NEED_COLUMNS = ("person_ref", "request_ref", "sen_type", "rank")
PLACEMENT_COLUMNS = ("person_ref", "request_ref", "urn", "ukprn", "sen_setting", "setting_type", "entry_date",
                     "leaving_date")
DATE_COLUMNS = frozenset(c for c in (*REQUEST_COLUMNS, *PLACEMENT_COLUMNS, *PERSON_COLUMNS)
                         if c.endswith("_date"))
KEYS = ["person_ref", "request_ref"]


def frame(columns: tuple[str, ...], data: dict | pd.DataFrame | None = None) -> pd.DataFrame:
    """A frame with exactly ``columns`` (missing ones empty), dates as datetime64 and the rest as object."""
    df = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data if data is not None else {}, copy=False)
    n = len(df)
    out = {}
    for c in columns:
        s = df[c] if c in df else pd.Series([None] * n, index=df.index, dtype=object)
        if c in DATE_COLUMNS:  # already datetime64[ns] (every importer's dates) or parsed
            out[c] = s if s.dtype == "datetime64[ns]" else pd.to_datetime(s, errors="coerce")
        else:
            out[c] = s if s.dtype == object else s.astype(object)
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)


@dataclass
class Return:
    source: str  # "sen2" | "casework"
    file_name: str
    la_code: str
    reference_date: dt.date  # SEN2's ReferenceDate; casework: the day of the extract (the latest date in it)
    period_start: dt.date  # the collection period (SEN2: the calendar year before the reference date)
    period_end: dt.date
    requests: pd.DataFrame
    persons: pd.DataFrame
    needs: pd.DataFrame = field(default_factory=lambda: frame(NEED_COLUMNS))
    placements: pd.DataFrame = field(default_factory=lambda: frame(PLACEMENT_COLUMNS))
    rejections: list[Rejection] = field(default_factory=list)
    establishments: frozenset[str] | None = None  # URNs of the loaded establishments list; None: none loaded
    _kept: dict = field(default_factory=dict, repr=False, compare=False)  # plans(), active_plans(): made once

    @property
    def reference(self) -> pd.Timestamp:
        return pd.Timestamp(self.reference_date)

    def plans(self) -> pd.DataFrame:
        """The requests that carry a plan (a NamedPlan or ActivePlans; casework: a start or cease date)."""
        return self._where("has_plan")

    def active_plans(self) -> pd.DataFrame:
        return self._where("plan_active")

    def _where(self, flag: str) -> pd.DataFrame:
        """The requests whose ``flag`` is true; several rules ask, so the selection is made once (copy-on-write
        keeps it as it was if a rule changes its copy)."""
        if flag not in self._kept:
            self._kept[flag] = self.requests.loc[self.requests[flag].astype(bool)]
        return self._kept[flag]
