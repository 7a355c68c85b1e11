"""The Programme page in a real browser (issue 15): the sample plan, an action's progress typed into the
editable grid (a canvas: the cell is selected with the keyboard and typed over) and saved; the success line,
the audit trail in the database and the action's history on the page. On a copy of the sample database of
its own (the save changes it), served by a server of its own. Screenshots go to test-artifacts/screenshots/;
one is kept as docs/images/programme-page.png."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard.reports import render
from dashboard.reports.command import inputs_from_db
from dashboard.settings import load_settings
from data_access import queries
from data_access.engine import make_engine

from . import LA_CODE, arm_rerun, metric_value, running_app, screenshot, wait_drawn, wait_idle, wait_rerun

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "images" / "programme-page.png"
PROGRESS_COLUMN = 6  # ref, workstream, action, lead, due date, status, progress, expected date


@pytest.fixture
def own_app(demo_db, tmp_path):
    path = tmp_path / "programme.sqlite"
    shutil.copy(demo_db.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    with running_app(url, log_path=tmp_path / "server.log") as base:
        yield base, url


def test_a_lead_types_an_actions_progress_and_saves_it(page, own_app, screenshots):
    base, url = own_app  # the sample database runs in demo mode: everyone is an admin, so may edit
    page.goto(base + "/programme")
    wait_idle(page)
    wait_drawn(page)
    assert metric_value(page, "Actions") == "30"
    screenshot(page, screenshots / "programme-page.png")

    grid = page.locator(".st-key-prog_editor_0")
    changed = page.get_by_text("1 action(s) changed and not saved yet.")
    for attempt in range(3):  # a canvas grid: a click while it is still laying out can land on no cell
        grid.scroll_into_view_if_needed()
        box = grid.locator("canvas").first.bounding_box()
        assert box is not None  # the first row's ref cell (header 35 px, rows 35 px); the scroller above takes clicks
        page.mouse.click(box["x"] + 20, box["y"] + 35 + 17)
        page.wait_for_timeout(500)  # the grid takes the keyboard focus: keys pressed before it are lost
        for _ in range(PROGRESS_COLUMN):
            page.keyboard.press("ArrowRight", delay=30)
        page.keyboard.press("Enter")  # open the cell's editor
        # the progress column's text editor (a textarea): a key lost under load would leave another column
        # selected, whose editor (a date or a select's input) must not be typed into
        editor = page.locator("#portal textarea").first
        try:
            editor.wait_for(state="visible", timeout=10_000)
            editor.fill("Reopened after the audit.")
            page.keyboard.press("Enter")
            changed.wait_for(timeout=15_000)
            break
        except PlaywrightTimeout:
            screenshot(page, screenshots / f"programme-edit-attempt-{attempt + 1}.png")  # what the page showed
            page.keyboard.press("Escape")
            if attempt == 2:
                raise
    grid.screenshot(path=screenshots / "programme-editor.png")

    arm_rerun(page)
    page.locator(".st-key-prog_save button").click()
    wait_rerun(page)
    wait_drawn(page)
    ok = page.locator('[data-testid="stAlertContentSuccess"]')
    assert ok.inner_text().strip() == "Saved action A01: progress 'Reopened after the audit.'."
    eng = make_engine(url)
    try:
        edits = queries.load_edits(eng, la_code=LA_CODE, table="actions", ref="A01")
    finally:
        eng.dispose()
    assert list(zip(edits["field"], edits["old_value"], edits["new_value"], strict=True)) == [
        ("progress", "Complete.", "Reopened after the audit.")]
    wait_idle(page)  # the save's own run ends in st.rerun(): the page is drawn once more
    wait_drawn(page)
    history = page.locator('[data-testid="stDataFrame"]').last
    history.wait_for(state="visible", timeout=30_000)
    history.scroll_into_view_if_needed()
    screenshot(page, screenshots / "programme-saved.png")
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1100})
    page.goto(base + "/programme")
    wait_idle(page)
    wait_drawn(page)
    page.screenshot(path=screenshots / "programme-top.png")
    shutil.copy(screenshots / "programme-top.png", DOCS)
    assert DOCS.stat().st_size < 300_000


def _download(page, key: str, tmp_path: Path) -> bytes:
    button = page.locator(f".st-key-{key} button").first
    button.wait_for(state="visible", timeout=30_000)
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=120_000) as info:
        button.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path.read_bytes()


def test_a_lead_overrides_the_overall_rag_and_downloads_the_reports(page, own_app, screenshots, tmp_path):
    import io

    import docx
    import openpyxl

    base, url = own_app
    page.goto(base + "/programme?need=ASD&as_at=2025-06-30")  # need filtered: the reports cover the whole LA
    wait_idle(page)
    wait_drawn(page)
    select = page.locator(".st-key-prog_rag").get_by_role("combobox")
    select.wait_for(state="visible", timeout=30_000)
    select.scroll_into_view_if_needed()
    select.click()
    arm_rerun(page)
    page.get_by_role("option", name="Red", exact=True).click()
    wait_rerun(page)
    reason = page.locator(".st-key-prog_rag_reason input")
    reason.fill("The board asked for red until the recruitment lands.")
    arm_rerun(page)
    reason.press("Enter")
    wait_rerun(page)
    page.locator(".st-key-report-highlight-docx").scroll_into_view_if_needed()
    screenshot(page, screenshots / "programme-reports.png")

    word = docx.Document(io.BytesIO(_download(page, "report-highlight-docx", tmp_path)))
    text = "\n".join(p.text for p in word.paragraphs) + "\n".join(
        c.text for t in word.tables for row in t.rows for c in row.cells)
    assert "The board asked for red until the recruitment lands." in text and "Red" in text
    book = openpyxl.load_workbook(io.BytesIO(_download(page, "report-safety-valve-xlsx", tmp_path)))
    assert book.sheetnames[0] == "Summary" and len(book.sheetnames) >= 6  # summary, five conditions, notes
    eng = make_engine(url)  # the CLI's report (the whole LA; the page's user is an admin: finance shown)
    try:
        cli = inputs_from_db(eng, la_code=LA_CODE, settings=load_settings(), show_finance=True,
                             as_at=dt.date(2025, 6, 30))
    finally:
        eng.dispose()
    want = openpyxl.load_workbook(io.BytesIO(render("safety-valve", cli, ".xlsx")))
    assert book.sheetnames == want.sheetnames
    for name in book.sheetnames:
        got = [[c.value for c in row] for row in book[name].iter_rows()]
        assert got == [[c.value for c in row] for row in want[name].iter_rows()], name
    assert _download(page, "report-highlight-pdf", tmp_path)[:5] == b"%PDF-"
