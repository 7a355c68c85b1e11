"""The as-at date in a real browser (issue 11, part 9): a typed date applies on Enter, and the briefing's Data
notes link opens the same date."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from . import arm_rerun, screenshot, wait_idle, wait_rerun

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _caption(page) -> str:
    return page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()


def test_a_typed_as_at_date_applies_on_enter(page, app_url, screenshots):
    page.goto(app_url + "/")
    wait_idle(page)
    assert "As at 31 October 2025" in _caption(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"] [data-type="day"]').click()
    page.keyboard.type("30062024")  # day, month and year: the field moves on by itself
    arm_rerun(page)
    page.keyboard.press("Enter")
    wait_rerun(page)
    screenshot(page, screenshots / "as-at-typed-enter.png")
    assert parse_qs(urlparse(page.url).query).get("as_at") == ["2024-06-30"]
    assert "As at 30 June 2024" in _caption(page)


def test_the_briefing_data_notes_link_opens_the_same_date(page, app_url):
    page.goto(app_url + "/briefing?as_at=2024-06-30")
    wait_idle(page)
    assert "As at 30 June 2024" in _caption(page)
    notes = page.locator('[data-testid="stMarkdownContainer"] li').filter(has_text="Open this briefing on the dashboard")
    href = notes.get_by_role("link").get_attribute("href")
    assert "%5C" not in href and "\\" not in href, href
    assert parse_qs(urlparse(href).query).get("as_at") == ["2024-06-30"], href
    page.goto(href if "://" in href else app_url + href)
    wait_idle(page)
    assert page.locator("h1").first.inner_text().strip() == "Scrutiny briefing"
    assert "As at 30 June 2024" in _caption(page)
