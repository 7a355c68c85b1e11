"""Reading the one table of a CSV or XLSX import (census, complaints, establishments, placements)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from data_access.importers.base import ImportRejected, RowChecker, match_columns
from data_access.importers.detect import binary_message
from data_access.importers.mapping import apply_values, mapping_columns
from data_access.importers.reading import read_table


def read_or_reject(path: Path, data: bytes) -> pd.DataFrame:
    """The file's table; ImportRejected (one sentence) for a binary file that is not a table or one that
    cannot be read as one."""
    message = binary_message(path, data)
    if message:
        raise ImportRejected(message)
    try:
        return read_table(path, data)
    except ValueError as exc:
        raise ImportRejected(f"{path.name} could not be read as a table: {exc}.") from None


def mapped_table(path: Path, data: bytes, columns: Sequence[str], aliases: Mapping[str, Sequence[str]],
                 mapping: Mapping[str, Any] | None, required: Iterable[str]) -> tuple[pd.DataFrame, RowChecker]:
    """The file's table in our column names (a mapping file's columns and values applied, the reader's attrs
    kept) and its row checker; ImportRejected when one of the ``required`` columns is missing."""
    raw = read_table(path, data)
    df = match_columns(raw, columns, aliases=aliases, mapping=mapping_columns(mapping))
    df.attrs.update(raw.attrs)
    df = apply_values(df, mapping)
    chk = RowChecker(df, path.name)
    chk.require_columns(required, df.columns)
    return df, chk
