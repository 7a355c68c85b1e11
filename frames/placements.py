"""The placements frame: one row per placement of a plan, with its dates (SPEC sections 1.1, 1.6, 2.1).

``data_access.queries.load_placements`` builds it from the same source as the records frame (an LA's
casework snapshot, else its SEN2 returns); ``dashboard.kpi.placements`` reads it. A row belongs to the
record with the same ``dataset_id`` and ``request_ref``. Kinds as in :mod:`frames.records`.

* SEN2: every ``PlacementDetail`` of every plan, its ``setting_type`` classed from the establishments list
  (SPEC 1.6) or ``SENSetting``; an unknown URN is ``unknown``.
* Casework: the placement history file when one is loaded, else one row per plan with the extract's own
  ``setting_type`` / ``setting_in_la`` and no dates (the current setting, taken to span every date).

The placement at a date D is the row whose ``entry_date`` (NaT = from the start) is on or before D and
whose ``leaving_date`` (NaT = still there) is on or after D; of several, the latest entry date wins, then
the lowest ``placement_rank``. A plan with no such row is placed ``unknown``.
"""

from __future__ import annotations

PLACEMENT_COLUMNS: dict[str, str] = {
    "dataset_id": "int64", "source": "str", "la_code": "str", "person_ref": "str", "request_ref": "str",
    "placement_rank": "Int64", "urn": "str", "setting_type": "str", "setting_in_la": "boolean",
    "entry_date": "date", "leaving_date": "date",
}

# SPEC 2.1: setting code -> group (the groups add up to plans maintained; blank = unknown)
SETTING_GROUPS: dict[str, str] = {
    "mainstream": "mainstream", "resourced_provision": "mainstream", "sen_unit": "mainstream",
    "independent_mainstream": "mainstream",
    "special_maintained": "special", "special_academy_free": "special", "independent_special": "special",
    "non_maintained_special": "special",
    "alternative_provision": "ap_pru",
    "post16": "post16", "specialist_post16": "post16",
    "early_years": "early_years",
    "home_education": "elsewhere", "other_arrangements": "elsewhere", "not_in_education": "elsewhere",
    "unknown": "unknown",
}
GROUPS: tuple[str, ...] = ("mainstream", "special", "ap_pru", "post16", "early_years", "elsewhere", "unknown")
INDEPENDENT: tuple[str, ...] = ("independent_mainstream", "independent_special", "non_maintained_special")
