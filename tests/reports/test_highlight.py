"""The monthly highlight report of the sample LA: its model, PDF and Word document."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import docx
import pandas as pd
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from dashboard.reports import highlight
from dashboard.reports import render as render_report
from dashboard.reports.highlight import HEADINGS, NO_PROGRESS, build_highlight
from dashboard.reports.pdf_kit import STATUS_HEX, STATUS_WORDS
from frames.programme import EDIT_COLUMNS

WORST = ("purple", "red", "amber", "green", "blue")


def _refs(section, col: int = 0) -> list[str]:
    return [row[col] for b in section.blocks for row in b.rows]


def _edits(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(EDIT_COLUMNS))
    frame["edited_at"] = pd.to_datetime(frame["edited_at"])
    return frame


@pytest.fixture
def inputs(make_inputs):
    return make_inputs()


@pytest.fixture
def h(inputs):
    return build_highlight(inputs)


def test_header_and_sections_in_order(h, inputs):
    assert [s.heading for s in h.sections] == list(HEADINGS) == [
        "Overall status", "Key progress", "Decisions and agreements", "Top issues", "Top risks", "Milestones",
        "Actions"]
    assert h.title == "Monthly highlight report: Sample LA (LA 351)"
    assert h.sro == "Director of Children's Services"
    assert h.author == "SEND Programme Manager"
    start, end = inputs.report_period
    assert h.period_text == f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"
    assert h.period_text == "1 October 2025 to 31 October 2025"


def test_sro_not_set(make_inputs, sample_settings):
    h = build_highlight(make_inputs(settings=sample_settings | {"programme_sro": ""}))
    assert h.sro == "not set"


def test_overall_rag_is_worst_open_status(h, inputs):
    actions = inputs.programme["actions"]
    open_statuses = set(actions.loc[actions["status"] != "blue", "status"])
    worst = next(s for s in WORST if s in open_statuses)
    assert h.overall == worst
    assert h.overall_reason == "worst status of the open actions"
    assert not h.overridden


def test_override_with_reason_wins(make_inputs):
    h = build_highlight(make_inputs(rag_override=("amber", "Board agreed the recovery plan on 20 October")))
    assert (h.overall, h.overall_word, h.overridden) == ("amber", "Amber", True)
    text = " ".join(PdfReader(io.BytesIO(highlight.to_pdf(h))).pages[0].extract_text().split())
    assert "Board agreed the recovery plan on 20 October" in text
    assert "Overall status: Amber" in text


def test_top_issues_are_the_red_and_purple_actions(h, inputs):
    actions = inputs.programme["actions"]
    expected = set(actions.loc[actions["status"].isin(["red", "purple"]), "ref"])
    assert expected  # the sample has some
    refs = _refs(h.section("Top issues"))
    assert len(refs) == len(set(refs)) and set(refs) == expected
    block = h.section("Top issues").blocks[0]
    overdue = [row[5] == "Overdue" for row in block.rows]
    assert overdue == sorted(overdue, reverse=True)  # overdue first
    assert {row[4] for row in block.rows} <= {STATUS_WORDS["red"], STATUS_WORDS["purple"]}


def test_top_risks_by_mitigated_score(h, inputs):
    risks = inputs.programme["risks"]
    block = h.section("Top risks").blocks[0]
    assert 0 < len(block.rows) <= 5
    by_ref = risks.set_index("ref")
    scores = [int(by_ref.at[r[0], "mitigated_likelihood"] * by_ref.at[r[0], "mitigated_impact"])
              for r in block.rows]
    assert scores == sorted(scores, reverse=True)
    open_ = risks[risks["status"] == "open"]
    best = (open_["mitigated_likelihood"] * open_["mitigated_impact"]).astype(int).sort_values(ascending=False)
    assert scores == list(best.head(5))
    assert all(by_ref.at[r[0], "status"] == "open" for r in block.rows)
    first = by_ref.loc[block.rows[0][0]]
    assert block.rows[0][2] == f"{first.likelihood} × {first.impact} = {first.likelihood * first.impact}"


def test_replanned_date_text(h, inputs):
    actions = inputs.programme["actions"]
    moved = actions[actions["expected_date"].notna() & (actions["expected_date"] != actions["due_date"])]
    r = moved.iloc[0]
    row = next(row for row in h.section("Actions").blocks[0].rows if row[0] == r["ref"])
    assert row[4] == f"{r['due_date']:%d/%m/%y} ({r['expected_date']:%d/%m/%y})"
    assert len(row[4]) == len("30/03/19 (01/09/19)")
    still = actions[actions["expected_date"].isna()].iloc[0]
    row = next(row for row in h.section("Actions").blocks[0].rows if row[0] == still["ref"])
    assert row[4] == f"{still['due_date']:%d/%m/%y}"


def test_actions_table_every_action_with_word_and_colour(h, inputs):
    actions = inputs.programme["actions"]
    block = h.section("Actions").blocks[0]
    assert sorted(r[0] for r in block.rows) == sorted(actions["ref"])
    status = actions.set_index("ref")["status"]
    for row, key in zip(block.rows, block.statuses, strict=True):
        assert key == status[row[0]] and row[block.status_col] == STATUS_WORDS[key]
    # hidden (small-number) values are shown as "c", as the protected object holds them
    ev = {r[0]: r[7] for r in block.rows}
    assert "c" in ev.values()


def test_milestones_next_quarter_marked(h, inputs):
    block = h.section("Milestones").blocks[0]
    assert len(block.rows) == len(inputs.programme["milestones"])
    marked = {r[0] for r in block.rows if r[5] == "Next quarter"}
    m = inputs.programme["milestones"]
    d = m["expected_date"].fillna(m["due_date"])
    soon = m[(m["status"] != "blue") & (d > pd.Timestamp(inputs.as_at))
             & (d <= pd.Timestamp(inputs.as_at) + pd.DateOffset(months=3))]
    assert marked == set(soon["ref"]) and marked


def test_decisions_in_period(h, inputs):
    start, end = inputs.report_period
    d = inputs.programme["decisions"]
    in_period = set(d.loc[(d["date"] >= pd.Timestamp(start)) & (d["date"] <= pd.Timestamp(end)), "ref"])
    assert in_period and set(_refs(h.section("Decisions and agreements"))) == in_period


def test_decisions_latest_when_none_in_period(make_inputs):
    h = build_highlight(make_inputs(period=(dt.date(2030, 1, 1), dt.date(2030, 1, 31))))
    s = h.section("Decisions and agreements")
    assert len(_refs(s)) == 5 and "latest 5" in s.text[0]


def test_key_progress_after_status_edit(inputs):
    assert build_highlight(inputs).section("Key progress").text == [NO_PROGRESS]
    edits = _edits([
        {"table": "actions", "ref": "A03", "field": "status", "old_value": "amber", "new_value": "green",
         "edited_by": "lead@example.org", "edited_at": "2025-10-14 09:30"},
        {"table": "actions", "ref": "A05", "field": "status", "old_value": "red", "new_value": "green",
         "edited_by": "lead@example.org", "edited_at": "2025-09-20 09:30"},  # before the period
    ])
    h = build_highlight(dataclasses.replace(inputs, edits=edits))
    s = h.section("Key progress")
    assert NO_PROGRESS not in s.text
    block = s.blocks[0]
    assert [r[0] for r in block.rows] == ["A03"]
    assert block.rows[0][3:5] == ["Amber", "Green"] and block.statuses == ["green"]


def test_pdf(h):
    reader = PdfReader(io.BytesIO(highlight.to_pdf(h)))
    first = " ".join(reader.pages[0].extract_text().split())  # wrapped lines joined
    for text in (h.title, h.sro, h.author, h.period_text, "As at: 31 October 2025",
                 f"Overall status: {h.overall_word}", "worst status of the open actions", "Key progress"):
        assert text in first, text
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    positions = [lines.index(heading) for heading in HEADINGS]  # a heading is a line of its own
    assert positions == sorted(positions)


def test_docx(h, inputs):
    d = docx.Document(io.BytesIO(highlight.render(inputs, ".docx")))
    assert d.core_properties.title == h.title and d.core_properties.author == h.author
    heads = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert heads == list(HEADINGS)
    assert d.paragraphs[0].style.name == "Title" and d.paragraphs[0].text == h.title
    actions = d.tables[-1]
    assert len(actions.rows) == len(inputs.programme["actions"]) + 1
    assert actions.rows[0].cells[0].text == "Ref" and actions.rows[0].cells[5].text == "Status"
    fills = {}
    for row in actions.rows[1:]:
        shd = row.cells[5]._tc.tcPr.find(qn("w:shd"))
        fills[row.cells[5].text] = shd.get(qn("w:fill"))
    word_to_key = {w: k for k, w in STATUS_WORDS.items()}
    assert fills and all(STATUS_HEX[word_to_key[w]].lstrip("#") == f for w, f in fills.items())


def test_render_formats(inputs):
    assert render_report("highlight", inputs, ".pdf").startswith(b"%PDF")
    assert render_report("highlight", inputs, ".docx")[:2] == b"PK"
    with pytest.raises(ValueError):
        highlight.render(inputs, ".xlsx")
    with pytest.raises(ValueError):
        render_report("highlight", inputs, ".xlsx")
