"""The programme's monthly highlight report: SRO, period, overall RAG, key progress, decisions and
agreements, top issues, top risks (likelihood × impact before and after mitigation), milestones and every
action with its due (re-planned) date, five-state RAG and linked measure.

:func:`build_highlight` makes the model (plain text only) that :func:`to_pdf` (ReportLab, with
:mod:`~dashboard.reports.pdf_kit`) and :func:`dashboard.reports.highlight_docx.to_docx` (Word) both draw,
so the two files say the same. Every status is written as its word beside its colour.

Measure values come only from the protected KPI object (a hidden value is "c"); the plan's own counts
(actions, risks) are not about children and are shown as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from dashboard.disclosure.figures import evidence_table
from dashboard.format import SUPPRESSED, fmt_int, fmt_pct
from dashboard.kpi.programme import (
    WORST_FIRST,
    actions_view,
    date_text,
    milestones_next_quarter,
    overall_rag,
    risks_scored,
    status_changes,
    when,
)
from dashboard.measures.headlines import long_date
from dashboard.reports import pdf_kit
from dashboard.reports.inputs import ReportInputs
from dashboard.reports.pdf_kit import STATUS_HEX, STATUS_WORDS

HEADINGS: tuple[str, ...] = ("Overall status", "Key progress", "Decisions and agreements", "Top issues",
                             "Top risks", "Milestones", "Actions")
AUTO_REASON = "worst status of the open actions"
NO_PROGRESS = "No action changed status in this period."
TOP_RISKS = 5
LATEST_DECISIONS = 5


@dataclass(frozen=True)
class Block:
    """One table: header, rows of plain text, and the status key of each row's ``status_col`` cell."""
    header: list[str]
    rows: list[list[str]]
    status_col: int | None = None
    statuses: list[str | None] = field(default_factory=list)
    caption: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    text: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Highlight:
    title: str
    who: str
    sro: str
    author: str
    period: tuple[dt.date, dt.date]
    period_text: str
    as_at: dt.date
    overall: str | None  # a status key (purple..blue), None with no actions
    overall_reason: str
    overridden: bool
    sections: list[Section]

    @property
    def overall_word(self) -> str:
        return STATUS_WORDS.get(self.overall or "", "No actions")

    def section(self, heading: str) -> Section:
        return next(s for s in self.sections if s.heading == heading)


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _word(status: object) -> str:
    return STATUS_WORDS.get(_text(status), _text(status))


def _figure(value: object, unit: str) -> str:
    """A measure's value as shown: "c" when hidden, "–" when missing."""
    if value == SUPPRESSED:
        return SUPPRESSED
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, str):
        return value
    return fmt_pct(float(value)) if unit == "pct" else fmt_int(value) if unit == "count" else f"{value:,g}"


def _in(days: pd.Series, start: dt.date, end: dt.date) -> pd.Series:
    return (days >= pd.Timestamp(start)) & (days <= pd.Timestamp(end))


def _overall(inputs: ReportInputs, actions: pd.DataFrame) -> Section:
    counts = actions["status"].value_counts()
    rows = [[STATUS_WORDS[s], str(int(counts.get(s, 0)))] for s in WORST_FIRST]
    block = Block(["Status", "Number of actions"], rows, 0, list(WORST_FIRST), "Actions by status")
    overdue = int(actions_view(actions, as_at=inputs.as_at)["overdue"].sum()) if len(actions) else 0
    return Section(HEADINGS[0], [f"{len(actions)} actions in the plan; {overdue} overdue at {long_date(inputs.as_at)}."],
                   [block])


def _progress(inputs: ReportInputs, actions: pd.DataFrame, start: dt.date, end: dt.date) -> Section:
    changes = status_changes(inputs.edits, start=start, end=end)
    joined = changes.merge(actions[["ref", "action", "lead", "progress"]], on="ref", how="left")
    blocks, text = [], []
    if joined.empty:
        text.append(NO_PROGRESS)
    else:
        rows = [[_text(r.ref), _text(r.action), _text(r.lead), _word(r.old_value), _word(r.new_value),
                 pd.Timestamp(r.edited_at).strftime("%d/%m/%y"), _text(r.progress)] for r in joined.itertuples()]
        blocks.append(Block(["Ref", "Action", "Lead", "From", "To", "Changed", "Progress"], rows, 4,
                            [_text(s) for s in joined["new_value"]], "Status changes in the period"))
    done = actions[(actions["status"] == "blue") & _in(when(actions), start, end)].sort_values("ref")
    if len(done):
        rows = [[_text(r.ref), _text(r.action), _text(r.lead), date_text(r.due_date, r.expected_date),
                 STATUS_WORDS["blue"]] for r in done.itertuples()]
        blocks.append(Block(["Ref", "Action", "Lead", "Due (expected)", "Status"], rows, 4, ["blue"] * len(rows),
                            "Completed, due in the period"))
    return Section(HEADINGS[1], text, blocks)


def _decisions(decisions: pd.DataFrame, start: dt.date, end: dt.date) -> Section:
    hit = decisions[_in(decisions["date"], start, end)].sort_values(["date", "ref"])
    text = []
    if hit.empty:
        hit = decisions.sort_values(["date", "ref"]).tail(LATEST_DECISIONS)
        text.append(f"No decision is dated in this period; the latest {len(hit)} are listed."
                    if len(hit) else "The plan records no decisions.")
    rows = [[_text(r.ref), pd.Timestamp(r.date).strftime("%d/%m/%y") if pd.notna(r.date) else "",
             _text(r.decision), _text(r.made_by)] for r in hit.itertuples()]
    return Section(HEADINGS[2], text, [Block(["Ref", "Date", "Decision or agreement", "Made by"], rows)] if rows else [])


def _issues(view: pd.DataFrame) -> Section:
    hit = view[view["status"].isin(["purple", "red"])]
    if hit.empty:
        return Section(HEADINGS[3], ["No action is red or needs re-planning."])
    rows = [[_text(r.ref), _text(r.action), _text(r.lead), r.date_text, r.status_label,
             "Overdue" if r.overdue else "", _text(r.progress)] for r in hit.itertuples()]
    return Section(HEADINGS[3], ["Red actions and those needing re-planning, overdue first."],
                   [Block(["Ref", "Action", "Lead", "Due (expected)", "Status", "Overdue", "Progress"], rows, 4,
                          list(hit["status"]))])


def _risks(risks: pd.DataFrame) -> Section:
    scored = risks_scored(risks)
    top = scored[scored["status"] == "open"].head(TOP_RISKS)
    if top.empty:
        return Section(HEADINGS[4], ["No risk is open."])

    def lxi(likelihood: object, impact: object) -> str:
        if pd.isna(likelihood) or pd.isna(impact):
            return "–"
        return f"{int(likelihood)} × {int(impact)} = {int(likelihood) * int(impact)}"
    rows = [[_text(r.ref), _text(r.risk), lxi(r.likelihood, r.impact), _text(r.mitigation),
             lxi(r.mitigated_likelihood, r.mitigated_impact), "High" if r.high else "", _text(r.owner)]
            for r in top.itertuples()]
    return Section(HEADINGS[4], [f"The {len(top)} open risks with the highest score after mitigation "
                                 "(likelihood × impact, 1-5 each)."],
                   [Block(["Ref", "Risk", "Before (L × I)", "Mitigation", "After (L × I)", "High", "Owner"], rows)])


def _milestones(milestones: pd.DataFrame, as_at: dt.date) -> Section:
    soon = set(milestones_next_quarter(milestones, as_at=as_at)["ref"])
    m = milestones.sort_values("ref")
    rows = [[_text(r.ref), _text(r.milestone), _text(r.workstream), date_text(r.due_date, r.expected_date),
             _word(r.status), "Next quarter" if r.ref in soon else ""] for r in m.itertuples()]
    return Section(HEADINGS[5], [f"{len(soon)} milestones are due in the next quarter."],
                   [Block(["Ref", "Milestone", "Workstream", "Due (expected)", "Status", "When"], rows, 4,
                          list(m["status"]))])


def _actions(inputs: ReportInputs, actions: pd.DataFrame) -> Section:
    ev = evidence_table(inputs.k, actions, inputs.settings).set_index("ref")
    a = actions.sort_values("ref")
    rows = []
    for r in a.itertuples():
        e = ev.loc[r.ref] if r.ref in ev.index else None
        measure = "" if e is None else f"{e['label']} ({e['period']})" if e["period"] else str(e["label"])
        value = "" if e is None else _figure(e["value"], e["unit"])
        target = "" if e is None or pd.isna(e["target"]) else _figure(e["target"], e["unit"])
        rows.append([_text(r.ref), _text(r.workstream), _text(r.action), _text(r.lead),
                     date_text(r.due_date, r.expected_date), _word(r.status), measure, value, target,
                     "" if e is None else str(e["rag"])])
    header = ["Ref", "Workstream", "Action", "Lead", "Due (expected)", "Status", "Linked measure", "Value",
              "Target", "Measure RAG"]
    return Section(HEADINGS[6], ["Every action; a re-planned date is shown in brackets after the due date."],
                   [Block(header, rows, 5, list(a["status"]))])


def build_highlight(inputs: ReportInputs) -> Highlight:
    """The highlight report's model from the report inputs."""
    actions, prog = inputs.programme["actions"], inputs.programme
    start, end = inputs.report_period
    override = inputs.override
    overall, reason = override if override else (overall_rag(actions), AUTO_REASON)
    view = actions_view(actions, as_at=inputs.as_at)
    sections = [_overall(inputs, actions), _progress(inputs, actions, start, end),
                _decisions(prog["decisions"], start, end), _issues(view), _risks(prog["risks"]),
                _milestones(prog["milestones"], inputs.as_at), _actions(inputs, actions)]
    settings = inputs.settings
    return Highlight(title=f"Monthly highlight report: {inputs.who}", who=inputs.who,
                     sro=str(settings.get("programme_sro") or "").strip() or "not set",
                     author=str(settings.get("report_author") or "").strip() or "not set", period=(start, end),
                     period_text=f"{long_date(start)} to {long_date(end)}", as_at=inputs.as_at,
                     overall=overall, overall_reason=reason, overridden=override is not None, sections=sections)


# headings and a section's lead-in stay with what follows them (no heading alone at a page's foot)
_KEEP = {name: ParagraphStyle(f"{name}-keep", parent=pdf_kit.STYLES[name], keepWithNext=1)
         for name in ("h1", "h2", "body")}


def _kept(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), _KEEP[style])


def _block(b: Block, width: float) -> list:
    fills = {(b.status_col, i): STATUS_HEX[s] for i, s in enumerate(b.statuses)
             if b.status_col is not None and s in STATUS_HEX}
    out: list = [_kept(b.caption, "h2")] if b.caption else []
    grid = pdf_kit.table(b.header, b.rows, width=width, fills=fills)
    grid.hAlign = "LEFT"
    return [*out, grid, Spacer(1, 6)]


def _rag_box(h: Highlight, width: float) -> Table:
    label = "Set by the programme (override)" if h.overridden else "Calculated"
    box = Table([[pdf_kit.p(f"Overall status: {h.overall_word}", "big")],
                 [pdf_kit.p(f"{label}; reason: {h.overall_reason}")]],
                colWidths=[width / 2])
    box.hAlign = "LEFT"
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(STATUS_HEX.get(h.overall or "",
                                                                                             "#EDEDED"))),
                             ("BOX", (0, 0), (-1, -1), 1, colors.HexColor("#555555")),
                             ("LEFTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 4)]))
    return box


def to_pdf(h: Highlight) -> bytes:
    """The highlight report as a landscape A4 PDF: page 1 carries the title, SRO, author, period, as-at date,
    the overall RAG box with its reason, then key progress."""
    width = pdf_kit.page_width(wide=True)
    story: list = [pdf_kit.p(h.title, "title")]
    for label, value in (("Senior responsible owner", h.sro), ("Report author", h.author),
                         ("Period", h.period_text), ("As at", long_date(h.as_at))):
        story.append(pdf_kit.p(f"{label}: {value}"))
    story.append(Spacer(1, 8))
    for s in h.sections:
        story.append(_kept(s.heading, "h1"))
        if s.heading == HEADINGS[0]:
            story += [_rag_box(h, width), Spacer(1, 6)]
        story += [_kept(t, "body") if s.blocks else pdf_kit.p(t) for t in s.text]
        for b in s.blocks:
            story += _block(b, width / 3 if s.heading == HEADINGS[0] else width)
    return pdf_kit.document(story, title=h.title, wide=True, subject="Monthly highlight report",
                            footer=f"{h.title} · {h.period_text} · as at {long_date(h.as_at)}")


def render(inputs: ReportInputs, suffix: str) -> bytes:
    """The highlight report as ".pdf" or ".docx"; ValueError for any other format."""
    if suffix == ".pdf":
        return to_pdf(build_highlight(inputs))
    if suffix == ".docx":
        from dashboard.reports.highlight_docx import to_docx
        return to_docx(build_highlight(inputs))
    raise ValueError(f"The monthly highlight report is written as .pdf or .docx, not {suffix}.")
