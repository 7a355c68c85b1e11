"""The quarterly Safety Valve report (dashboard.reports.safety_valve and safety_valve_xlsx) on the sample."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import openpyxl
import pytest
from pypdf import PdfReader

from dashboard.kpi.programme import WORST_FIRST, overdue
from dashboard.reports import render
from dashboard.reports import safety_valve as sv
from dashboard.reports.safety_valve_xlsx import sheet_names, to_xlsx


@pytest.fixture
def viewer(make_inputs):
    inputs = make_inputs()
    return inputs, sv.build_report(inputs)


@pytest.fixture
def lead(make_inputs):
    inputs = make_inputs(show_finance=True)
    return inputs, sv.build_report(inputs)


def _pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _cells(data: bytes) -> dict[str, list[object]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: [v for row in ws.iter_rows(values_only=True) for v in row if v is not None] for ws in wb}


def test_title_quarter_and_as_at(viewer):
    inputs, report = viewer
    assert report.title == f"Quarterly Safety Valve report: {inputs.who}"
    assert report.as_at == inputs.as_at
    assert sv.quarter_words(dt.date(2025, 10, 31)) == "October to December 2025"
    assert sv.quarter_words(dt.date(2026, 3, 31)) == "January to March 2026"


def test_conditions_are_the_actions_distinct_conditions_in_order(viewer):
    inputs, report = viewer
    actions = inputs.programme["actions"]
    expected = list(dict.fromkeys(actions["condition"]))
    assert len(expected) > 1
    assert [c.name for c in report.conditions] == expected
    assert [s.condition for s in report.summary] == expected


def test_each_condition_has_its_actions_and_their_distinct_measures(viewer):
    inputs, report = viewer
    actions = inputs.programme["actions"]
    for c in report.conditions:
        rows = actions[actions["condition"] == c.name]
        assert sorted(a.ref for a in c.actions) == sorted(rows["ref"])
        assert len(c.actions) == len(rows)
        assert [m.key for m in c.measures] == list(dict.fromkeys(rows["measure"].dropna()))
        for a in c.actions:
            assert a.status_word == sv.kit.STATUS_WORDS[a.status]


def test_summary_counts_add_up_to_the_frame(viewer):
    inputs, report = viewer
    actions = inputs.programme["actions"]
    late = overdue(actions, as_at=inputs.as_at)
    for s in report.summary:
        mine = actions["condition"] == s.condition
        assert s.total == int(mine.sum()) == sum(s.by_status.values())
        for status in WORST_FIRST:
            assert s.by_status[status] == int((actions.loc[mine, "status"] == status).sum())
        assert s.overdue == int(late[mine].sum())
    assert sum(s.total for s in report.summary) == len(actions)
    assert sv.summary_rows(report)[-1] == ["All conditions", len(actions),
                                           *(int((actions["status"] == s).sum()) for s in WORST_FIRST),
                                           int(late.sum())]


def test_viewer_sees_no_finance_number_only_the_sentence(viewer):
    inputs, report = viewer
    assert report.finance is None
    assert report.finance_words == sv.FINANCE_WITHHELD
    assert "show_finance_to_viewers" in report.finance_words
    text = " ".join(_pdf_text(sv.to_pdf(report)))
    assert "shown to leads only" in text
    assert "£" not in text and "Cumulative balance" not in text
    cells = _cells(to_xlsx(report))
    assert "Finance" not in cells
    assert not any("£" in str(v) for values in cells.values() for v in values)


def test_lead_sees_the_finance_rows_of_the_kpi_object(lead):
    inputs, report = lead
    years = inputs.k["finance"]["years"]
    assert years and report.finance is not None
    assert [dataclasses.astuple(y) for y in report.finance] == [
        (y["financial_year"], y["in_year_balance"], y["planned_in_year_balance"], y["cumulative_balance"],
         y["planned_cumulative_balance"]) for y in years]
    current = next(y for y in years if y["financial_year"] == inputs.k["finance"]["current_year"])
    gap = current["cumulative_balance"] - current["planned_cumulative_balance"]
    word = "worse" if gap < 0 else "better"
    assert f"£{abs(gap) / 1e6:,.1f}m {word} than the agreement" in report.finance_words
    text = " ".join(_pdf_text(sv.to_pdf(report)))
    assert sv.money(current["cumulative_balance"]) in text
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(report)))
    ws = wb["Finance"]
    assert [c.value for c in ws[1]] == sv.FINANCE_HEADER
    first = years[0]
    assert ws.cell(2, 1).value == first["financial_year"]
    assert ws.cell(2, 2).value == first["in_year_balance"] and ws.cell(2, 2).number_format == "£#,##0"
    assert ws.cell(2, 4).value == first["cumulative_balance"]


def test_variance_words_signs():
    year = sv.FinanceYear("2025-26", -1e6, 0.0, -2.4e6, 0.0)
    assert sv.variance_words([year]) == ("In 2025-26 the cumulative balance is -£2.4m: £2.4m worse than the "
                                         "agreement (£0.0m planned).")
    ahead = dataclasses.replace(year, cumulative_balance=-1e6, planned_cumulative_balance=-3e6)
    assert "£2.0m better than the agreement" in sv.variance_words([ahead])
    unplanned = dataclasses.replace(year, planned_cumulative_balance=None)
    assert "no planned figure" in sv.variance_words([unplanned])


def test_a_hidden_value_prints_as_c(viewer):
    _, report = viewer
    hidden = [(c, m) for c in report.conditions for m in c.measures if m.value == "c"]
    assert hidden, "the sample has a measure hidden for small numbers"
    condition, measure = hidden[0]
    assert sv.measure_cells(measure)[2] == "c"
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(report)))
    ws = wb[sheet_names([c.name for c in report.conditions])[report.conditions.index(condition)]]
    row = next(r for r in ws.iter_rows() if r[0].value == measure.label)
    assert row[3].value == "c"


def test_a_value_made_hidden_prints_as_c():
    m = sv.MeasureRow("x", "X", "pct", "2025", "c", 60.0, "none", "Not shown (small numbers)", 50.0, None)
    assert sv.measure_cells(m)[2:] == ["c", "60.0%", "Not shown (small numbers)", "50.0%", "–"]
    shown = dataclasses.replace(m, value=58.25)
    assert sv.measure_cells(shown)[2] == "58.2%"


def test_pdf_first_page_has_the_title_and_summary_and_every_condition_appears(viewer):
    _, report = viewer
    pages = _pdf_text(render("safety-valve", viewer[0], ".pdf"))
    first = " ".join(pages[0].split())
    assert report.title in first
    assert "Summary of actions by Safety Valve condition" in first
    assert f"All conditions {sum(s.total for s in report.summary)}" in first
    everything = " ".join(" ".join(p.split()) for p in pages)
    for c in report.conditions:
        assert c.name in everything
        for a in c.actions:
            assert a.ref in everything


def test_xlsx_sheets_fills_numbers_and_no_formulas(viewer):
    inputs, report = viewer
    data = render("safety-valve", inputs, ".xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    names = sheet_names([c.name for c in report.conditions])
    assert wb.sheetnames == ["Summary", *names, "Notes"]
    for name in wb.sheetnames:
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
    summary = wb["Summary"]
    assert summary.freeze_panes == "A2" and summary.cell(1, 1).font.bold
    assert summary.cell(2, 1).value == report.summary[0].condition
    assert isinstance(summary.cell(2, 2).value, int) and summary.cell(2, 2).number_format == "#,##0"
    ws = wb[names[0]]
    first = report.conditions[0].actions[0]
    assert ws.cell(2, 1).value == first.ref and ws.cell(2, 5).value == first.status_word
    assert ws.cell(2, 5).fill.fgColor.rgb[-6:] == sv.kit.STATUS_HEX[first.status].lstrip("#").upper()
    pct = next(r for r in ws.iter_rows() if r[1].value == "pct" and isinstance(r[3].value, float))
    assert pct[3].number_format == "0.0"
    notes = [v for row in wb["Notes"].iter_rows(values_only=True) for v in row if v]
    assert sv.SUPPRESSION_NOTE in notes and "31 October 2025" in notes
    for sheet in wb:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and v.startswith("=") for v in row)


def test_formula_like_text_is_neutralised(viewer):
    _, report = viewer
    first = report.conditions[0]
    evil = dataclasses.replace(first.actions[0], action='=HYPERLINK("http://x","y")', lead="@SUM(A1)")
    report = dataclasses.replace(report, conditions=[dataclasses.replace(first, actions=[evil]),
                                                     *report.conditions[1:]])
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx(report)))[sheet_names([first.name])[0]]
    assert ws.cell(2, 2).value.startswith("'=") and ws.cell(2, 2).data_type == "s"
    assert ws.cell(2, 3).value == "'@SUM(A1)"


def test_sheet_names_are_safe_and_unique():
    long = "C9 A condition with a very long name: part [one] / two?"
    names = sheet_names([long, long, "Summary", "C1*"])
    assert len(set(n.lower() for n in names)) == 4
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert names[1].endswith("(2)") and names[2] != "Summary"


def test_render_refuses_other_formats(viewer):
    inputs, _ = viewer
    with pytest.raises(ValueError, match="not .docx"):
        sv.render(inputs, ".docx")
    with pytest.raises(ValueError, match="safety valve report is written as"):
        render("safety-valve", inputs, ".docx")
