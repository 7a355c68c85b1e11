"""The briefing as data: tables of shown values, headline rows, sentences, glossary and notes.

Every number held here has already been through suppression (``"c"`` in place of a small count or a
percentage built on one); the exports and the page only format it. No Streamlit, no files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from dashboard.format import filters_text
from dashboard.measures.headlines import Headline, long_date, month_label  # noqa: F401 - the briefing's own
from dashboard.suppression import SUPPRESSED

Value = int | float | str | None
KINDS = ("text", "year", "month", "date", "count", "pct", "signed_pct", "weeks")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "count"  # one of KINDS


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Value]]
    note: str = ""
    total_label: str | None = None  # the label of a totals row, when the table has one

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def frame(self) -> pd.DataFrame:
        """Shown values (numbers, "c", None) with the column labels as headers."""
        return pd.DataFrame([[r.get(c.key) for c in self.columns] for r in self.rows],
                            columns=[c.label for c in self.columns], dtype=object)

    def formatted(self) -> list[list[str]]:
        """Every cell as text for a person (numbers with separators and one decimal place)."""
        return [[fmt_cell(r, c) for c in self.columns] for r in self.rows]


@dataclass
class Briefing:
    la_code: str
    la_name: str | None
    region_name: str | None
    as_at: dt.date
    needs: list[str]
    age_bands: list[str]
    comparators: list[str]
    threshold: int
    headlines: list[Headline]
    sentences: list[str]
    sections: dict[str, list[Table]]  # sheet / section name -> tables, in order
    glossary: list[tuple[str, str]]
    notes: list[tuple[str, str]]
    link: str  # path and query string that open this briefing in the app with its filters
    extra: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        who = f"{self.la_name} (LA {self.la_code})" if self.la_name else f"LA {self.la_code}"
        internal = " (internal: filtered, not for publication)" if self.internal else ""
        return f"SEND scrutiny briefing: {who}{internal}"

    @property
    def internal(self) -> bool:
        """A briefing filtered by need or age band: safe on its own, but beside the unfiltered one its
        figures could give a small number away by subtraction, so it is never for publication."""
        return bool(self.needs or self.age_bands)

    @property
    def filters_text(self) -> str:
        return filters_text(self.needs, self.age_bands, need="primary need ", age="age ")

    @property
    def as_at_text(self) -> str:
        return long_date(self.as_at)

    def table(self, key: str) -> Table:
        for tables in self.sections.values():
            for t in tables:
                if t.key == key:
                    return t
        raise KeyError(key)

    def tables(self) -> list[Table]:
        return [t for tables in self.sections.values() for t in tables]

    def headline_table(self) -> Table:
        """The headline rows as a table (value columns hold counts or percentages, see ``kind``)."""
        region = self.region_name or "Region"
        cols = [Column("measure", "Measure", "text"), Column("period", "This period", "text"),
                Column("value", "Value", "value"), Column("source", "Source", "text"),
                Column("previous_period", "Previous period", "text"),
                Column("previous", "Previous value", "value"), Column("england", "England", "value"),
                Column("region", region, "value"), Column("bench_year", "Published year", "year"),
                Column("target", "Target", "value"), Column("rag", "RAG", "text"),
                Column("movement", "Movement", "text")]
        rows = [{"measure": h.measure, "period": h.period, "value": h.value,
                 "source": PUBLISHED if h.published else f"no data: {h.no_data}" if h.no_data else "",
                 "previous_period": h.previous_period,
                 "previous": h.previous, "england": h.england, "region": h.region, "bench_year": h.bench_year,
                 "target": h.target, "rag": h.rag.word, "movement": h.movement, "_kind": h.kind,
                 "_bench_kind": "signed_pct" if h.kind == "signed_pct" else "pct"}
                for h in self.headlines]
        return Table("headlines", "Headline measures", cols, rows)


PUBLISHED = "published by DfE"  # a figure equal to the DfE's publication for the LA (public, never hidden)


def fmt(value: Value, kind: str) -> str:
    """A shown value as text: "c" stays "c", None is "–"."""
    if value is None:
        return "–"
    if isinstance(value, str) and kind not in ("text", "month", "date"):
        return value
    if kind == "count":
        return f"{int(value):,}"
    if kind == "pct":
        return f"{float(value):.1f}%"
    if kind == "signed_pct":
        return f"{float(value):+.1f}%"
    if kind == "weeks":
        return f"{float(value):.1f}"
    if kind == "month":
        return month_label(str(value))
    if kind == "date":
        return long_date(dt.date.fromisoformat(str(value)))
    return str(value)


def fmt_cell(row: dict, column: Column) -> str:
    """Like :func:`fmt`, resolving the headline table's per-row kinds."""
    kind = column.kind
    if kind == "value":
        kind = row.get("_bench_kind", "pct") if column.key in ("england", "region") else row.get("_kind", "pct")
        if column.key == "target":
            kind = "pct" if row.get("_kind") == "pct" else "count"
    return fmt(row.get(column.key), kind)


def is_suppressed(value: Value) -> bool:
    return isinstance(value, str) and value == SUPPRESSED
