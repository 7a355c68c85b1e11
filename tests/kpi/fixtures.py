"""Build small records frames (docs/architecture.md) by hand for the KPI tests. Synthetic people only.

``casework([...])`` makes a casework snapshot (no event window, ``active`` NA); ``sen2(year, [...])``
makes one SEN2 return of collection year ``year`` (reference date = third Thursday of January
``year``, period = calendar year ``year - 1``). Rows are dicts of column -> value, dates as ISO strings;
missing columns are not recorded. ``frame(a, b, ...)`` stacks several.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd

from frames.records import DATE_COLUMNS, FLAG_COLUMNS, STR_COLUMNS

_ids = itertools.count(1)
# third Thursday of January, written out by hand (not computed by the code under test)
SEN2_REFERENCE = {2019: "2019-01-17", 2020: "2020-01-16", 2021: "2021-01-21", 2022: "2022-01-20", 2023: "2023-01-19",
                  2024: "2024-01-18", 2025: "2025-01-16"}


def _frame(rows: list[dict], common: dict) -> pd.DataFrame:
    full = []
    for row in rows:
        n = next(_ids)
        full.append({"person_ref": f"P{n}", "request_ref": f"R{n}", "sex": "M", "birth_date": "2012-05-01",
                     "la_code": "999", **common, **row})
    data: dict[str, pd.Series] = {}
    for col in DATE_COLUMNS:
        data[col] = pd.to_datetime(pd.Series([r.get(col) for r in full], dtype=object)).astype("datetime64[ns]")
    for col in FLAG_COLUMNS:
        data[col] = pd.Series([r.get(col) for r in full], dtype="boolean")
    data["week20_exception"] = pd.Series([bool(r.get("week20_exception", False)) for r in full], dtype=bool)
    for col in STR_COLUMNS:
        data[col] = pd.Series([r.get(col) for r in full], dtype=object)
    data["dataset_id"] = pd.Series([r.get("dataset_id", 0) for r in full], dtype="int64")
    data["collection_year"] = pd.Series([r.get("collection_year") for r in full], dtype="Int64")
    return pd.DataFrame(data)


def casework(rows: list[dict], *, snapshot: str = "2025-03-31") -> pd.DataFrame:
    return _frame(rows, {"source": "casework", "dataset_id": 1, "reference_date": snapshot})


def sen2(year: int, rows: list[dict]) -> pd.DataFrame:
    """One SEN2 return; rows default to ``active`` False (not under ActivePlans)."""
    common = {"source": "sen2", "dataset_id": 100 + year, "collection_year": year,
              "reference_date": SEN2_REFERENCE[year], "period_start": f"{year - 1}-01-01",
              "period_end": f"{year - 1}-12-31", "active": False}
    return _frame(rows, common)


def frame(*parts: pd.DataFrame) -> pd.DataFrame:
    return pd.concat(parts, ignore_index=True)


def empty() -> pd.DataFrame:
    return _frame([], {})


def plan(received: str, issued: str, **extra) -> dict:
    """A request assessed (Y) and a plan issued on ``issued``."""
    return {"received_date": received, "request_outcome": "Y", "request_outcome_date": received,
            "assessment_outcome": "Y", "plan_start_date": issued, **extra}


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def placements(rows: list[dict]) -> pd.DataFrame:
    """A placements frame (frames/placements.py): each row names its plan by ``request_ref`` (and
    ``dataset_id``, default 1 = a ``casework`` frame's); dates as ISO strings, missing = NaT."""
    from frames.placements import PLACEMENT_COLUMNS

    data: dict[str, pd.Series] = {}
    for col, kind in PLACEMENT_COLUMNS.items():
        values = [r.get(col, 1 if col == "dataset_id" else None) for r in rows]
        if kind == "date":
            data[col] = pd.to_datetime(pd.Series(values, dtype=object)).astype("datetime64[ns]")
        elif kind == "boolean":
            data[col] = pd.Series(values, dtype="boolean")
        elif kind in ("int64", "Int64"):
            data[col] = pd.Series(values, dtype=kind)
        else:
            data[col] = pd.Series(values, dtype=object)
    return pd.DataFrame(data)
