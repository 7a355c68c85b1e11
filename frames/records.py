"""The records frame (docs/architecture.md): one row per request, every column with its kind.

``data_access.queries.load_records`` builds the frame to this declaration (and refuses a column not in
it), ``dashboard.kpi.records.prepare`` types a frame built elsewhere (a test's) to it, and the casework
importer takes its date and flag columns from it. Kinds, as pandas dtypes:

* ``date`` - ``datetime64[ns]``, NaT when not recorded;
* ``boolean`` - pandas' nullable boolean, NA when not recorded;
* ``bool`` - numpy bool, False when not recorded;
* ``str`` - object, None when not recorded;
* ``int64`` and ``Int64`` (nullable).
"""

from __future__ import annotations

RECORD_COLUMNS: dict[str, str] = {
    "dataset_id": "int64", "source": "str", "collection_year": "Int64", "reference_date": "date",
    "period_start": "date", "period_end": "date", "la_code": "str", "person_ref": "str",
    "birth_date": "date", "sex": "str", "ethnicity": "str", "request_ref": "str", "received_date": "date",
    "request_source": "str", "rya": "boolean", "request_outcome": "str", "request_outcome_date": "date",
    "request_mediation": "boolean", "request_tribunal": "boolean", "assessment_outcome": "str",
    "assessment_outcome_date": "date", "assessment_mediation": "boolean", "assessment_tribunal": "boolean", "week20_exception": "bool", "plan_start_date": "date",
    "plan_cease_date": "date", "cease_reason": "str", "transfer_la": "str", "active": "boolean",
    "primary_need": "str", "secondary_need": "str", "setting_type": "str", "setting_in_la": "boolean",
    "review_meeting_date": "date", "last_review_date": "date", "review_draft_date": "date",
    "review_outcome": "str", "review_decision_date": "date", "phase_transfer_due_date": "date", "phase_transfer_final_date": "date",
    "caseworker": "str", "team": "str",
}


def columns_of(*kinds: str) -> tuple[str, ...]:
    """The record columns of the given kinds, in the frame's order."""
    return tuple(c for c, k in RECORD_COLUMNS.items() if k in kinds)


DATE_COLUMNS = columns_of("date")
FLAG_COLUMNS = columns_of("boolean")  # nullable flags; week20_exception is the one plain bool
STR_COLUMNS = columns_of("str")
