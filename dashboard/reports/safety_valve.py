"""The quarterly Safety Valve report to the DfE: one section per Safety Valve condition (the distinct
``condition`` values of the plan's actions, in first-seen order), as PDF (here) or XLSX
(:mod:`dashboard.reports.safety_valve_xlsx`).

* **Quarter**: the calendar quarter that contains the as-at date, worded "October to December 2025"; the
  report says the figures are as at the as-at date (so a quarter still running is reported to date).
* **Summary**: per condition, its actions in total, by the five states and overdue (not complete and
  expected, else due, before the as-at date).
* **Per condition**: its actions (overdue first, then the worst state) and its linked measures (each
  distinct ``measure`` key of its actions once, first-seen order) with the latest value, target, RAG word
  and England and regional figures from the protected KPI object: a hidden value prints as "c".
* **Finance** (once, not per condition), only when the inputs show finance and the block has years: each
  financial year's in-year and cumulative balance (income - outturn; negative = deficit) against the
  agreement's planned figures, and the latest year's cumulative variance in words (actual - planned;
  negative = worse than the agreement). Otherwise one sentence says the balance is shown to leads only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from dashboard.disclosure.figures import evidence, measure_figures
from dashboard.format import SUPPRESSED, num
from dashboard.kpi.programme import WORST_FIRST, actions_view, overdue, status_counts
from dashboard.measures.headlines import headlines, long_date
from dashboard.reports import pdf_kit as kit
from dashboard.reports.inputs import ReportInputs

SUPPRESSION_NOTE = "c = not shown to protect small numbers"
SOURCE = "SEND performance dashboard: the LA's case records, improvement plan and high-needs finance."
FINANCE_WITHHELD = ("The high-needs balance against the Safety Valve agreement is shown to leads only "
                    "(setting show_finance_to_viewers).")
NO_FINANCE = "No high-needs finance is loaded, so the balance against the agreement cannot be shown."
TITLE_STYLE = ParagraphStyle("svt", parent=kit.STYLES["title"], fontSize=17, leading=22)  # one line on A4
# a heading stays on the page of what it heads
HEAD = {n: ParagraphStyle(f"sv{n}", parent=kit.STYLES[n], keepWithNext=1) for n in ("h1", "h2")}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class ActionRow:
    ref: str
    action: str
    lead: str
    date_text: str  # "30/03/19 (01/09/19)": due, re-planned in brackets
    status: str  # purple..blue
    status_word: str
    overdue: bool


@dataclass(frozen=True)
class MeasureRow:
    key: str
    label: str
    unit: str  # "pct", "count", ...
    period: str
    value: int | float | str | None  # "c": hidden
    target: float | None
    rag: str  # the RAG status (green, amber, red, none)
    rag_word: str
    england: float | None
    region: float | None


@dataclass(frozen=True)
class SummaryRow:
    condition: str
    total: int
    by_status: dict[str, int]  # purple..blue
    overdue: int


@dataclass(frozen=True)
class Condition:
    name: str
    actions: list[ActionRow]
    measures: list[MeasureRow]


@dataclass(frozen=True)
class FinanceYear:
    financial_year: str
    in_year_balance: float | None
    planned_in_year_balance: float | None
    cumulative_balance: float | None
    planned_cumulative_balance: float | None


@dataclass(frozen=True)
class SafetyValveReport:
    title: str
    who: str
    quarter: str  # "October to December 2025"
    as_at: dt.date
    summary: list[SummaryRow]
    conditions: list[Condition]
    finance: list[FinanceYear] | None  # None: not shown
    finance_words: str  # the latest year's variance in words, or why there are no figures


def quarter_words(day: dt.date) -> str:
    """The calendar quarter containing ``day``: 2025-10-31 -> "October to December 2025"."""
    first = (day.month - 1) // 3 * 3
    return f"{MONTHS[first]} to {MONTHS[first + 2]} {day.year}"


def money(value: float | None) -> str:
    """-2400000 -> "-£2.4m"; None -> "–"."""
    if value is None:
        return "–"
    return f"{'-' if value < 0 else ''}£{abs(value) / 1e6:,.1f}m"


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _opt(value: object) -> float | None:
    number = num(value)
    if not isinstance(number, int | float) or pd.isna(number):
        return None
    return float(number)


def figure(value: object, unit: str) -> str:
    """A measure's value or benchmark as printed: "c" hidden, "–" none, "58.3%" or "2,937"."""
    if value == SUPPRESSED:
        return SUPPRESSED
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return "–"
    return f"{value:.1f}%" if unit == "pct" else f"{value:,.0f}" if unit == "count" else f"{value:,g}"


def _actions(frame: pd.DataFrame, as_at: dt.date) -> list[ActionRow]:
    view = actions_view(frame, as_at=as_at)
    return [ActionRow(_text(r["ref"]), _text(r["action"]), _text(r["lead"]), r["date_text"], r["status"],
                      r["status_label"], bool(r["overdue"])) for _, r in view.iterrows()]


def _measures(k: dict, keys: list[str], settings: dict, figs: dict, heads: list) -> list[MeasureRow]:
    out = []
    for key in keys:
        e = evidence(k, key, settings, figures=figs, heads=heads)
        if e is None:
            continue
        value = e.value if e.value == SUPPRESSED or e.value is None else _opt(e.value)
        out.append(MeasureRow(e.measure, e.label, e.unit, e.period, value, e.target, e.rag.status, e.rag.word,
                              _opt(e.england), _opt(e.region)))
    return out


def _finance(inputs: ReportInputs) -> tuple[list[FinanceYear] | None, str]:
    block = inputs.k.get("finance") or {}
    if not inputs.show_finance or block.get("shown") is False:
        return None, FINANCE_WITHHELD
    if not block.get("years"):
        return None, NO_FINANCE
    years = [FinanceYear(y["financial_year"], _opt(y.get("in_year_balance")), _opt(y.get("planned_in_year_balance")),
                         _opt(y.get("cumulative_balance")), _opt(y.get("planned_cumulative_balance")))
             for y in block["years"]]
    return years, variance_words(years, block.get("current_year"))


def variance_words(years: list[FinanceYear], current: str | None = None) -> str:
    """The latest year's (the current year's, else the last with a balance) cumulative balance against the
    agreement's planned cumulative balance, in words."""
    shown = [y for y in years if y.cumulative_balance is not None]
    latest = next((y for y in shown if y.financial_year == current), shown[-1] if shown else None)
    if latest is None:
        return "No financial year has a balance loaded yet."
    said = f"In {latest.financial_year} the cumulative balance is {money(latest.cumulative_balance)}"
    if latest.planned_cumulative_balance is None:
        return f"{said}; the agreement sets no planned figure for that year."
    gap = latest.cumulative_balance - latest.planned_cumulative_balance  # type: ignore[operator]
    if abs(gap) < 50_000:
        return f"{said}, in line with the agreement ({money(latest.planned_cumulative_balance)})."
    side = "better" if gap > 0 else "worse"
    return (f"{said}: £{abs(gap) / 1e6:,.1f}m {side} than the agreement "
            f"({money(latest.planned_cumulative_balance)} planned).")


def build_report(inputs: ReportInputs) -> SafetyValveReport:
    """The report's content from the inputs (see the module docstring)."""
    actions, as_at, settings = inputs.programme["actions"], inputs.as_at, inputs.settings
    names = list(dict.fromkeys(actions["condition"].fillna("(none)")))
    late = overdue(actions, as_at=as_at) if len(actions) else pd.Series(dtype=bool)
    counts = status_counts(actions, by="condition") if len(actions) else pd.DataFrame()
    cond = actions["condition"].fillna("(none)")
    summary = [SummaryRow(r["condition"], int(r["total"]), {s: int(r[s]) for s in WORST_FIRST},
                          int(late[cond == r["condition"]].sum())) for _, r in counts.iterrows()]
    figs, heads = measure_figures(inputs.k), headlines(inputs.k, settings)
    sections = []
    for name in names:
        rows = actions[cond == name]
        keys = list(dict.fromkeys(m for m in rows["measure"] if isinstance(m, str) and m))
        sections.append(Condition(name, _actions(rows, as_at), _measures(inputs.k, keys, settings, figs, heads)))
    finance, words = _finance(inputs)
    return SafetyValveReport(f"Quarterly Safety Valve report: {inputs.who}", inputs.who, quarter_words(as_at),
                             as_at, summary, sections, finance, words)


def summary_rows(report: SafetyValveReport) -> list[list[object]]:
    """The summary table's body with a total row: condition, total, the five states, overdue."""
    rows: list[list[object]] = [[s.condition, s.total, *(s.by_status[w] for w in WORST_FIRST), s.overdue]
                                for s in report.summary]
    totals = [sum(int(r[j]) for r in rows) for j in range(1, len(WORST_FIRST) + 3)]  # type: ignore[arg-type]
    return [*rows, ["All conditions", *totals]] if rows else rows


SUMMARY_HEADER = ["Condition", "Actions", *(kit.STATUS_WORDS[s] for s in WORST_FIRST), "Overdue"]
ACTION_HEADER = ["Ref", "Action", "Lead", "Due (re-planned)", "Status", "Overdue"]
MEASURE_HEADER = ["Measure", "Period", "Value", "Target", "RAG", "England", "Region"]
FINANCE_HEADER = ["Financial year", "In-year balance", "Planned in-year", "Cumulative balance",
                  "Planned cumulative"]


def measure_cells(m: MeasureRow) -> list[str]:
    return [m.label, m.period or "–", figure(m.value, m.unit), figure(m.target, m.unit), m.rag_word,
            figure(m.england, m.unit), figure(m.region, m.unit)]


def to_pdf(report: SafetyValveReport) -> bytes:
    """The report as an A4 portrait PDF (pdf_kit): title, summary, finance, then a section per condition."""
    story: list = [Paragraph(escape(report.title), TITLE_STYLE),
                   kit.p(f"Quarter: {report.quarter}. Figures as at {long_date(report.as_at)}.", "big"),
                   kit.p(f"One section per Safety Valve condition: its actions and the measures they are "
                         f"evidenced by. {SUPPRESSION_NOTE}.", "note"),
                   kit.p("Summary of actions by Safety Valve condition", "h1")]
    body = summary_rows(report)
    fills = {(2 + j, i): kit.STATUS_HEX[s] for i, r in enumerate(body) for j, s in enumerate(WORST_FIRST)
             if r[2 + j]}
    story += [kit.table(SUMMARY_HEADER, body, numeric=range(1, 8), fills=fills),
              kit.p("Overdue: not complete and expected (else due) before the as-at date.", "note"),
              kit.p("High-needs balance against the agreement", "h1")]
    if report.finance is None:
        story.append(kit.p(report.finance_words))
    else:
        story += [kit.p(report.finance_words),
                  kit.table(FINANCE_HEADER, [[y.financial_year, money(y.in_year_balance),
                                              money(y.planned_in_year_balance), money(y.cumulative_balance),
                                              money(y.planned_cumulative_balance)] for y in report.finance],
                            numeric=range(1, 5)),
                  kit.p("Balance = income - forecast outturn; negative is a deficit.", "note")]
    for c in report.conditions:
        story.append(Paragraph(escape(c.name), HEAD["h1"]))
        story.append(Paragraph(f"Actions ({len(c.actions)})", HEAD["h2"]))
        rows = [[a.ref, a.action, a.lead, a.date_text, a.status_word, "Yes" if a.overdue else ""]
                for a in c.actions]
        story.append(kit.table(ACTION_HEADER, rows, fills={(4, i): kit.STATUS_HEX[a.status]
                                                           for i, a in enumerate(c.actions)}))
        story.append(Paragraph("Linked measures", HEAD["h2"]))
        if c.measures:
            story.append(kit.table(MEASURE_HEADER, [measure_cells(m) for m in c.measures], numeric=(2, 3, 5, 6),
                                   fills={(4, i): kit.RAG_HEX.get(m.rag, kit.RAG_HEX["none"])
                                          for i, m in enumerate(c.measures)}))
        else:
            story.append(kit.p("No action of this condition names a measure."))
    story += [kit.p("Notes", "h1"), kit.p(SUPPRESSION_NOTE, "note"), kit.p(f"Source: {SOURCE}", "note")]
    footer = f"{report.title} · {report.quarter} · as at {long_date(report.as_at)}"
    return kit.document(story, title=report.title, footer=footer, subject="Safety Valve report")


def render(inputs: ReportInputs, suffix: str) -> bytes:
    """The report as ".pdf" or ".xlsx"; ValueError for any other format."""
    suffix = suffix.lower()
    if suffix == ".pdf":
        return to_pdf(build_report(inputs))
    if suffix == ".xlsx":
        from dashboard.reports.safety_valve_xlsx import to_xlsx
        return to_xlsx(build_report(inputs))
    raise ValueError(f"The Safety Valve report is written as .pdf or .xlsx, not {suffix}.")
