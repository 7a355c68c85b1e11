"""The briefing's exports on the sample LA: written by ``senddash briefing``, opened, and compared with the
numbers of ``dashboard.read.kpis`` (what ``senddash kpis --json`` prints) under the same suppression."""

from __future__ import annotations

import copy
import datetime as dt
import io
import shutil
import subprocess

import lxml.html
import openpyxl
import pytest
from pypdf import PdfReader

from dashboard import read
from dashboard.briefing import build_briefing, render
from dashboard.briefing.model import fmt
from dashboard.cli import main
from dashboard.kpi.rounding import pct
from dashboard.kpi.timeliness import _by_team

from .conftest import ARTIFACTS, LA, plain_settings

C = "c"
SHEETS = ["Headlines", "Timeliness by year", "Timeliness by month", "Requests", "Open assessments",
          "Plans at January", "Plans by age band", "Needs", "Complaints", "Transitions", "Notes", "Glossary"]


@pytest.fixture(scope="module")
def exports(demo_url, tmp_path_factory, monkeypatch_module):
    """The three files, written by the command line on the sample database."""
    out = tmp_path_factory.mktemp("briefing-exports")
    paths = {}
    for suffix in (".xlsx", ".html", ".pdf"):
        paths[suffix] = out / f"b{suffix}"
        assert main(["--db", demo_url, "briefing", "--out", str(paths[suffix])]) == 0
    return paths


@pytest.fixture(scope="module")
def monkeypatch_module(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SENDDASH_SETTINGS", str(tmp_path_factory.mktemp("cfg") / "none.toml"))
    mp.delenv("SENDDASH_SUPPRESSION_THRESHOLD", raising=False)
    yield mp
    mp.undo()


def expect_count(shown, true: int | None) -> None:
    """A shown count is the engine's count or "c"; a count from 1 to 4 is always "c"."""
    if true is not None and 0 < true < 5:
        assert shown == C, f"{true} should be hidden, not {shown!r}"
    else:
        assert shown in (true, C), f"{shown!r} is neither {true} nor c"


def expect_pct(shown, true: float | None, *parts) -> None:
    """A percentage is the engine's, or "c" exactly when a count it rests on is hidden."""
    assert shown == (C if C in parts else true)


def xlsx_table(ws, title: str, width: int) -> tuple[list[str], list[list]]:
    """Header and rows of the table written under ``title`` (rows up to the first blank line or note)."""
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == title)
    header = [ws.cell(top + 1, j).value for j in range(1, width + 1)]
    rows = []
    for r in range(top + 2, ws.max_row + 2):
        values = [ws.cell(r, j).value for j in range(1, width + 1)]
        if all(v is None for v in values) or ws.cell(r, 1).font.i:
            break
        rows.append(values)
    return header, rows


def test_the_workbook_holds_the_kpi_numbers_after_suppression(exports, sample_kpis, sample_briefing):
    k = sample_kpis
    wb = openpyxl.load_workbook(exports[".xlsx"])
    assert wb.sheetnames == SHEETS
    b = sample_briefing
    t = b.table("timeliness_by_year")
    header, rows = xlsx_table(wb["Timeliness by year"], t.title, len(t.columns))
    assert header == [c.label for c in t.columns]
    years = {r["year"]: r for r in k["timeliness"]["by_year"]}
    assert [r[0] for r in rows] == list(range(2019, 2026))
    for year, issued, issued_ex, within_ex, pct_ex, median, england, region in rows:
        true = years[year]
        expect_count(issued, true["issued"])
        expect_count(issued_ex, true["issued_ex"])
        expect_count(within_ex, true["within_ex"])
        expect_pct(pct_ex, true["pct_ex"], issued_ex, within_ex)
        expect_pct(median, true["median_weeks"], issued)
        assert england == k["benchmarks"]["england"]["timeliness_pct_ex"].get(year)
        assert region == k["benchmarks"]["region"]["timeliness_pct_ex"].get(year)
    assert rows[-1][:5] == [2025, 316, 310, 283, 91.3]  # the sample LA's 2025 to date, shown in full

    t = b.table("plans_january")
    _, rows = xlsx_table(wb["Plans at January"], t.title, len(t.columns))
    january = {r["year"]: r for r in k["ehcps"]["january"]}
    assert [(r[0], r[2], r[3]) for r in rows] == [(y, january[y]["count"], january[y]["growth_pct"])
                                                  for y in range(2019, 2026)]
    t = b.table("needs")
    _, rows = xlsx_table(wb["Needs"], t.title, len(t.columns))
    for need, _name, plans, share, *_ in rows[:-1]:
        expect_count(plans, k["ehcps"]["by_need"][need])
        expect_pct(share, pct(k["ehcps"]["by_need"][need], k["ehcps"]["maintained"]), plans)
    assert rows[-1][:3] == ["Total", "All plans", k["ehcps"]["maintained"]]
    assert {r[0]: r[2] for r in rows}["DS"] == C  # 3 plans
    t = b.table("transitions")
    _, rows = xlsx_table(wb["Transitions"], t.title, len(t.columns))
    transfers = {x["due_date"]: x for x in k["transitions"]}
    for due_date, _kind, due, on_time, late, outstanding, on_time_pct in rows:
        true = transfers[due_date]
        for shown, key in ((due, "due"), (on_time, "final_on_time"), (late, "final_late"),
                           (outstanding, "outstanding")):
            expect_count(shown, true[key])
        expect_pct(on_time_pct, true["pct_on_time"], on_time, due)

    head = wb["Headlines"]
    _, rows = xlsx_table(head, "Headline measures", 12)
    assert [(r[0], r[1], r[2]) for r in rows][:2] == [
        ("Plans issued within 20 weeks (excluding exceptions)", "Oct 2025", k["timeliness"]["by_month"][-1]["pct_ex"]),
        ("Plans issued within 20 weeks (excluding exceptions)", "2025 to date", years[2025]["pct_ex"])]
    maintained = next(r for r in rows if r[0] == "EHC plans maintained")
    assert maintained[2] == k["ehcps"]["maintained"] == 2937
    assert [r[10] for r in rows][:2] == ["Near target", "On target"]
    last_year = rows[2]  # 2024's 99.0% is what the DfE publishes for the LA: shown, and marked so
    assert (last_year[1], last_year[2], last_year[3]) == ("2024", 99.0, "published by DfE")


def test_the_workbook_has_native_charts_notes_and_glossary(exports):
    wb = openpyxl.load_workbook(exports[".xlsx"])
    assert [type(c).__name__ for c in wb["Timeliness by year"]._charts] == ["LineChart"]
    assert [type(c).__name__ for c in wb["Plans at January"]._charts] == ["BarChart"]
    assert [type(c).__name__ for c in wb["Needs"]._charts] == ["BarChart"]
    assert all(not wb[name]._charts for name in ("Requests", "Complaints", "Transitions"))
    notes = {wb["Notes"].cell(r, 1).value: wb["Notes"].cell(r, 2).value for r in range(5, wb["Notes"].max_row + 1)}
    assert "Counts from 1 to 4 are shown as 'c'" in notes["What 'c' means"]
    assert notes["As at"].startswith("31 October 2025")
    terms = [wb["Glossary"].cell(r, 1).value for r in range(5, wb["Glossary"].max_row + 1)]
    assert "EHCP / EHC plan" in terms and "SEN2" in terms and "RAG" in terms


def test_formula_like_text_from_the_data_is_neutralised(sample_kpis, tmp_path):
    k = copy.deepcopy(sample_kpis)
    evil = ['=HYPERLINK("http://example.invalid","click")', "+1+1", "-2+3", "@SUM(A1:A2)"]
    for row, team in zip(k["timeliness"]["open_assessments"]["at_risk"], evil * 20, strict=False):
        row["team"] = team
    k["timeliness"]["open_assessments"]["by_team"] = _by_team(k["timeliness"]["open_assessments"]["at_risk"])
    wb = openpyxl.load_workbook(io.BytesIO(render(build_briefing(k, settings=plain_settings()), ".xlsx")))
    ws = wb["Open assessments"]
    found = {ws.cell(r, 1).value: ws.cell(r, 1).data_type for r in range(1, ws.max_row + 1)
             if str(ws.cell(r, 1).value or "").startswith("'")}
    assert set(found) == {"'" + e for e in evil}
    assert set(found.values()) == {"s"}
    formulas = [(s.title, c.coordinate) for s in wb for row in s.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_the_html_is_self_contained_and_shows_the_same_numbers(exports, sample_kpis, sample_briefing):
    text = exports[".html"].read_text(encoding="utf-8")
    doc = lxml.html.fromstring(text)
    assert not doc.xpath("//script") and not doc.xpath("//link")
    sources = doc.xpath("//img/@src")
    assert len(sources) == 4 and all(s.startswith("data:image/svg+xml;base64,") for s in sources)
    assert "@media print" in text and "@page" in text
    rows = doc.xpath('//table[@id="plans_january"]/tbody/tr')
    january = {r["year"]: r for r in sample_kpis["ehcps"]["january"]}
    for tr in rows:
        cells = [td.text_content() for td in tr.xpath("td")]
        year = int(cells[0])
        assert cells[2] == f"{january[year]['count']:,}"
        assert cells[3] == f"{january[year]['growth_pct']:+.1f}%"
    by_need = sample_kpis["ehcps"]["by_need"]
    needs = {tr.xpath("td")[0].text_content(): tr.xpath("td")[2].text_content()
             for tr in doc.xpath('//table[@id="needs"]/tbody/tr')}
    for need, shown in needs.items():
        if need != "Total":
            expect_count(C if shown == C else int(shown.replace(",", "")), by_need[need])
    head = doc.xpath("//table[@id='headlines']/tbody/tr")
    assert len(head) == len(sample_briefing.headlines)
    first = [td.text_content() for td in head[0].xpath("td")]
    assert first[2] == fmt(sample_kpis["timeliness"]["by_month"][-1]["pct_ex"], "pct") == "58.3%"
    assert first[10] == "! Near target"
    assert [td.text_content() for td in head[2].xpath("td")][2:4] == ["99.0%", "published by DfE"]
    assert "/briefing?as_at=2025-10-31" in doc.xpath("//header//a/@href")[0]


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_pdf_holds_title_page_headlines_charts_and_notes(exports, sample_kpis, sample_briefing):
    reader = PdfReader(exports[".pdf"])
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4
    text = _pdf_text(exports[".pdf"])
    assert "SEND scrutiny briefing" in text and "As at 31 October 2025" in text and "Synthetic sample LA (made-up children; totals modelled on Bury) (LA 351)" in text
    for h in sample_briefing.headlines:
        assert fmt(h.value, h.kind) in text
    assert f"{sample_kpis['ehcps']['maintained']:,}" in text
    assert sum(len(page.images) for page in reader.pages) == 4  # the four key charts, as on the page
    for n, page in enumerate(reader.pages, start=1):  # the footer's two lines never run into each other
        footer = page.extract_text()
        assert "c = not shown to protect small numbers" in footer and f"Page {n}" in footer, footer[-300:]
    assert "Glossary" in text and "Data notes" in text and "Speech, language and communication needs" in text


def test_the_pdf_turns_into_png_pages(exports):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed (Debian package poppler-utils); the PDF page images are not checked")
    out = exports[".pdf"].parent / "page"
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(exports[".pdf"]), str(out)], check=True, timeout=120)
    pages = sorted(exports[".pdf"].parent.glob("page-*.png"))
    assert len(pages) == len(PdfReader(exports[".pdf"]).pages) >= 8
    from PIL import Image

    with Image.open(pages[1]) as img:
        width, height = img.size
    assert height / width == pytest.approx(297 / 210, rel=0.01)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for i in (0, 1, 2):
        shutil.copy(pages[i], ARTIFACTS / f"briefing-page-{i + 1}.png")


def test_a_filtered_briefing_is_written_only_as_internal(demo_url, tmp_path, capsys):
    out = tmp_path / "asd.html"
    assert main(["--db", demo_url, "briefing", "--out", str(out), "--need", "ASD"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("senddash: a briefing filtered by need or age band is not written for publication")
    assert "--internal" in err and not out.exists()
    assert main(["--db", demo_url, "briefing", "--out", str(out), "--age-band", "5-10", "--internal"]) == 0
    assert "internal: filtered, not for publication" in out.read_text(encoding="utf-8")


def test_filters_and_as_at_reach_the_export(demo_engine, demo_url, tmp_path, monkeypatch_module):
    out = tmp_path / "asd.xlsx"
    assert main(["--db", demo_url, "briefing", "--out", str(out), "--as-at", "2025-06-30", "--need", "ASD",
                 "--internal"]) == 0
    k = read.kpis(demo_engine, la_code=LA, as_at=dt.date(2025, 6, 30), needs=["ASD"])
    ws = openpyxl.load_workbook(out)["Plans by age band"]
    assert ws.cell(2, 1).value.startswith("As at 30 June 2025; primary need ASD.")
    _, rows = xlsx_table(ws, "EHC plans maintained on 30 June 2025, by age band", 2)
    for (band, shown), (key, true) in zip(rows[:-1], k["ehcps"]["by_age_band"].items(), strict=True):
        assert band == key
        expect_count(shown, true)
    expect_count(rows[-1][1], k["ehcps"]["maintained"])


def test_an_unsupported_extension_is_refused_in_one_sentence(demo_url, tmp_path, capsys):
    assert main(["--db", demo_url, "briefing", "--out", str(tmp_path / "b.docx")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"senddash: cannot write {tmp_path / 'b.docx'}: the briefing can be written as .xlsx, .html or .pdf."
    assert not (tmp_path / "b.docx").exists()


def test_the_public_url_setting_makes_the_exported_link_open_the_same_view(demo_url, tmp_path, monkeypatch):
    out = tmp_path / "b.html"
    monkeypatch.setenv("SENDDASH_PUBLIC_URL", "https://send.example.gov.uk/")
    assert main(["--db", demo_url, "briefing", "--out", str(out), "--as-at", "2025-06-30", "--need", "ASD",
                 "--internal"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "https://send.example.gov.uk/briefing?need=ASD&amp;as_at=2025-06-30" in html
    monkeypatch.delenv("SENDDASH_PUBLIC_URL")
    assert main(["--db", demo_url, "briefing", "--out", str(out), "--as-at", "2025-06-30"]) == 0
    assert "https://" not in out.read_text(encoding="utf-8").split("/briefing?as_at=2025-06-30")[0][-40:]


JOURNEY_TERMS = ("Mediation", "Tribunal", "Annual review", "Independent special school",
                 "Non-maintained special school", "Out of area")


def test_every_export_carries_the_journey_sentences_headlines_and_glossary(exports, sample_briefing, sample_kpis):
    """Issue 12's measures reach all three files, opened back: the refusal, 4-week review and independent-share
    sentences, their headline rows and the six glossary terms."""
    journey = [s for s in sample_briefing.sentences
               if "refused an assessment" in s or "within 4 weeks" in s or "independent or non-maintained" in s]
    assert len(journey) == 3
    refused = next(r for r in sample_kpis["requests"]["by_year"] if r["year"] == 2024)["not_assess_pct"]
    assert f"Of the requests received in 2024, {refused:.1f}% were refused an assessment" in journey[0]
    assert set(JOURNEY_TERMS) <= {t for t, _ in sample_briefing.glossary}
    wb = openpyxl.load_workbook(exports[".xlsx"])
    cells = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    html = lxml.html.fromstring(exports[".html"].read_text(encoding="utf-8")).text_content()
    pdf = " ".join(_pdf_text(exports[".pdf"]).split())
    for sentence in journey:
        assert sentence in cells and sentence in html, sentence
        assert " ".join(sentence.split()) in pdf, sentence
    for measure in ("Share of requests refused an assessment", "Share of annual reviews decided within 4 weeks",
                    "Share of EHC plans in independent or non-maintained schools"):
        assert measure in {h.measure for h in sample_briefing.headlines}
        assert measure in cells and measure in html and measure in pdf, measure
    glossary = wb["Glossary"]
    sheet_terms = {glossary.cell(r, 1).value for r in range(5, glossary.max_row + 1)}
    assert set(JOURNEY_TERMS) <= sheet_terms
    assert all(t in html and t in pdf for t in JOURNEY_TERMS)


def test_every_export_carries_the_forecast_paragraph_but_no_money_unless_shown(exports, sample_briefing, sample_kpis):
    """Issue 14: the forecast for next January with its range, and its backtest, in all three files; the
    high-needs balance only when the council shows finance to viewers (off by default)."""
    fc = sample_kpis["forecast"]
    first = fc["years"][0]
    forecast = next(s for s in sample_briefing.sentences if s.startswith("The forecast is "))
    assert (f"{first['total']:,} EHC plans in January {first['year']} (range {first['low']:,} to {first['high']:,})"
            in forecast)
    assert f"predicted {fc['backtest']['predicted']:,} plans for January {fc['backtest']['to_year']}" in forecast
    assert not any("High-needs block" in s for s in sample_briefing.sentences)
    wb = openpyxl.load_workbook(exports[".xlsx"])
    cells = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    html = lxml.html.fromstring(exports[".html"].read_text(encoding="utf-8")).text_content()
    pdf = " ".join(_pdf_text(exports[".pdf"]).split())
    assert forecast in cells and forecast in html and " ".join(forecast.split()) in pdf
    assert "High-needs block" not in html and "£" not in pdf

    shown = build_briefing(sample_kpis, settings=plain_settings(show_finance_to_viewers=True))
    money = next(s for s in shown.sentences if s.startswith("High-needs block"))
    now = next(y for y in sample_kpis["finance"]["years"] if y["financial_year"] == sample_kpis["finance"]["current_year"])
    assert f"High-needs block {now['financial_year']}: a forecast in-year balance of " in money
    assert "planned in the agreement" in money
