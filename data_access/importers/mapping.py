"""Mapping files: an LA's own column names and codes mapped onto ours, without editing code (SPEC 1.2).

A mapping file is TOML::

    la_code = "351"                      # optional: the LA the files are for

    [columns]                            # their header = our column name
    "Child ID" = "person_id"
    "Referral received" = "received_date"

    [values.sex]                         # their code = our code, per (our) column
    Male = "M"
    Female = "F"

    [sheets]                             # a workbook's sheet names = our sheet (finance: budget,
    "HN Monitoring" = "budget"           # agreement, savings)

:func:`load_mapping` returns ``{"columns": {...}, "values": {column: {...}}, "sheets": {...},
"la_code": str | None}``;
that dict is what importers receive as ``mapping``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from data_access.importers.base import ImportRejected, clean_str


def _scalar(value: object) -> str | None:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (str, int, float)):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()
    return None


def load_mapping(path: str | Path) -> dict[str, Any]:
    """Read and check a TOML mapping file; a bad file raises ImportRejected naming it."""
    path = Path(path)
    name = path.name
    try:
        conf = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ImportRejected(f"The mapping file {name} could not be opened ({exc.strerror or exc}).") from exc
    except UnicodeDecodeError as exc:
        raise ImportRejected(f"The mapping file {name} is not UTF-8 text.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ImportRejected(f"The mapping file {name} is not valid TOML ({exc}).") from exc

    unknown = sorted(set(conf) - {"columns", "values", "sheets", "la_code"})
    if unknown:
        raise ImportRejected(
            f"The mapping file {name} has an unknown entry '{unknown[0]}' "
            "(allowed: la_code, [columns], [values.<column>] and [sheets])."
        )
    sheets = conf.get("sheets", {})
    if not isinstance(sheets, dict) or not all(isinstance(v, str) and v.strip() for v in sheets.values()):
        raise ImportRejected(f"The mapping file {name} must have [sheets] as a table of \"their sheet\" = \"our sheet\".")
    columns = conf.get("columns", {})
    if not isinstance(columns, dict):
        raise ImportRejected(f"The mapping file {name} must have [columns] as a table of \"their header\" = \"our column\".")
    cols: dict[str, str] = {}
    for theirs, ours in columns.items():
        if not isinstance(ours, str) or not ours.strip():
            raise ImportRejected(
                f"The mapping file {name} maps column '{theirs}' to {ours!r}, which is not a column name."
            )
        cols[str(theirs)] = ours.strip()

    values = conf.get("values", {})
    if not isinstance(values, dict):
        raise ImportRejected(f"The mapping file {name} must have [values.<column>] tables of \"their code\" = \"our code\".")
    vals: dict[str, dict[str, str]] = {}
    for column, table in values.items():
        if not isinstance(table, dict):
            raise ImportRejected(
                f"The mapping file {name} has values.{column} = {table!r}; it must be a table of \"their code\" = \"our code\"."
            )
        out: dict[str, str] = {}
        for theirs, ours in table.items():
            mapped = _scalar(ours)
            if mapped is None:
                raise ImportRejected(
                    f"The mapping file {name} maps value '{theirs}' of {column} to {ours!r}, which is not a code."
                )
            out[str(theirs).strip()] = mapped
        vals[str(column)] = out

    la = conf.get("la_code")
    if la is not None:
        la = _scalar(la)
        if la is None or not re.fullmatch(r"\d{3}", la):
            raise ImportRejected(f"The mapping file {name} has la_code {conf.get('la_code')!r}; it must be a 3-digit DfE LA code.")
    return {"columns": cols, "values": vals, "sheets": {str(k): v.strip() for k, v in sheets.items()}, "la_code": la}


def mapping_columns(mapping: Mapping[str, Any] | None) -> dict[str, str]:
    return dict((mapping or {}).get("columns") or {})


def mapping_sheets(mapping: Mapping[str, Any] | None) -> dict[str, str]:
    return dict((mapping or {}).get("sheets") or {})


def mapping_la(mapping: Mapping[str, Any] | None) -> str | None:
    return (mapping or {}).get("la_code")


def apply_values(df: pd.DataFrame, mapping: Mapping[str, Any] | None) -> pd.DataFrame:
    """Replace an LA's codes with ours in the (already renamed) columns the mapping's [values] names.

    Matching ignores case and surrounding spaces; values not in the table are left as they are.
    """
    tables = (mapping or {}).get("values") or {}
    if not tables:
        return df
    df = df.copy()
    for column, table in tables.items():
        if column not in df.columns or not table:
            continue
        lookup = {str(k).strip().lower(): v for k, v in table.items()}
        s = clean_str(df[column])
        key = s.map(lambda v: v.lower() if isinstance(v, str) else v)
        df[column] = key.map(lookup).where(key.isin(lookup.keys()), s).astype(object)
    return df
