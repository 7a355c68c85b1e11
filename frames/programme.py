"""The programme workbook's frames (SPEC 1.8): the improvement plan's actions, milestones, risks and decisions.

``data_access.queries.load_programme`` returns ``{"actions": ..., "milestones": ..., "risks": ...,
"decisions": ...}`` built to these declarations (kinds as in :mod:`frames.records`: ``str`` = object with
None, ``date`` = datetime64[ns] with NaT, ``Int64`` = nullable integer), plus a ``version`` column (int64,
the row's edit counter, for optimistic concurrency on edits). ``ref`` is unique within a frame of an LA.

``status`` of actions and milestones is one of :data:`STATUSES` (purple = re-planning needed, blue =
complete); ``expected_date`` is the re-planned date when it differs from ``due_date``. A risk's scores are
1-5 (:data:`SCORE_RANGE`) and its status one of :data:`RISK_STATUSES`. An action's ``measure`` names a
measure key of the catalogue (SPEC 2) that evidences it.
"""

from __future__ import annotations

from frames.finance import STATUSES

STATUS_LABELS: dict[str, str] = {"purple": "Re-planning needed", "red": "Red", "amber": "Amber",
                                 "green": "Green", "blue": "Complete"}
RISK_STATUSES: tuple[str, ...] = ("open", "closed")
SCORE_RANGE: tuple[int, int] = (1, 5)
EARLIEST_DATE = "2000-01-01"  # an edit may not set a date before this

ACTION_COLUMNS: dict[str, str] = {
    "ref": "str", "workstream": "str", "condition": "str", "action": "str", "lead": "str",
    "due_date": "date", "expected_date": "date", "status": "str", "progress": "str",
    "success_measure": "str", "measure": "str",
}
MILESTONE_COLUMNS: dict[str, str] = {
    "ref": "str", "workstream": "str", "milestone": "str", "due_date": "date", "expected_date": "date",
    "status": "str",
}
RISK_COLUMNS: dict[str, str] = {
    "ref": "str", "workstream": "str", "risk": "str", "likelihood": "Int64", "impact": "Int64",
    "mitigation": "str", "mitigated_likelihood": "Int64", "mitigated_impact": "Int64", "owner": "str",
    "status": "str",
}
DECISION_COLUMNS: dict[str, str] = {"ref": "str", "date": "date", "decision": "str", "made_by": "str"}

PROGRAMME_FRAMES: dict[str, dict[str, str]] = {
    "actions": ACTION_COLUMNS, "milestones": MILESTONE_COLUMNS, "risks": RISK_COLUMNS,
    "decisions": DECISION_COLUMNS,
}
SHEETS: tuple[str, ...] = tuple(PROGRAMME_FRAMES)
# the audit trail of in-app edits (data_access.queries.load_edits)
EDIT_COLUMNS: dict[str, str] = {
    "table": "str", "ref": "str", "field": "str", "old_value": "str", "new_value": "str", "edited_by": "str",
    "edited_at": "date",
}

__all__ = ["ACTION_COLUMNS", "DECISION_COLUMNS", "EARLIEST_DATE", "EDIT_COLUMNS", "MILESTONE_COLUMNS",
           "PROGRAMME_FRAMES", "RISK_COLUMNS", "RISK_STATUSES", "SCORE_RANGE", "SHEETS", "STATUSES",
           "STATUS_LABELS"]
