"""Data-quality checks on the records frame: completeness, dates out of order, and measures not recorded in
the extract. Pure pandas."""

from __future__ import annotations

import pandas as pd

from dashboard.kpi import coverage
from dashboard.kpi.rounding import pct
from dashboard.measures.catalogue import BY_KEY

COMPLETENESS = (
    ("primary_need", "Primary need", "plans"),
    ("setting_type", "Setting type", "plans"),
    ("ethnicity", "Ethnicity", "requests"),
    ("caseworker", "Caseworker", "requests"),
    ("birth_date", "Date of birth", "requests"),
)

ORDER_CHECKS = (
    ("received_date", "request_outcome_date", "Decision before the request was received"),
    ("received_date", "plan_start_date", "Plan issued before the request was received"),
    ("request_outcome_date", "plan_start_date", "Plan issued before the decision to assess"),
    ("plan_start_date", "plan_cease_date", "Plan ceased before it started"),
    ("birth_date", "received_date", "Request received before the child was born"),
)


def _has_plan(records: pd.DataFrame) -> pd.Series:
    return records["plan_start_date"].notna() | records["active"].fillna(False).astype(bool)


def completeness(records: pd.DataFrame) -> list[dict]:
    """For each field: how many records should have it, how many do, and the % complete."""
    out = []
    plans = _has_plan(records) if len(records) else pd.Series(dtype=bool)
    for column, label, scope in COMPLETENESS:
        rows = records[plans] if scope == "plans" else records
        present = int(rows[column].notna().sum()) if column in rows else 0
        out.append({"field": label, "column": column, "applies_to": scope, "records": len(rows),
                    "complete": present, "missing": len(rows) - present, "pct_complete": pct(present, len(rows))})
    return out


def dates_out_of_order(records: pd.DataFrame) -> list[dict]:
    """Counts of records whose dates contradict each other, with the request ids (first 50)."""
    out = []
    for first, second, label in ORDER_CHECKS:
        if first not in records or second not in records:
            continue
        bad = records[first].notna() & records[second].notna() & (records[second] < records[first])
        refs = records.loc[bad, "request_ref"].astype(str).head(50).tolist() if "request_ref" in records else []
        out.append({"check": label, "count": int(bad.sum()), "request_refs": refs})
    return out


def not_recorded(records: pd.DataFrame, sources: pd.DataFrame | None = None) -> list[dict]:
    """The measures whose input column no loaded file had (``dashboard.kpi.coverage.not_recorded``): they
    show "not recorded in the extract", not 0."""
    return [{"measure": BY_KEY[key].label, "column": coverage.INPUTS[key][0], "status": "not recorded in the extract"}
            for key in coverage.not_recorded(records, sources)]
