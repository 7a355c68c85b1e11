"""Every page in a real browser on a database holding only one LA's own imported files (no demo): the
casework extract to 15 March 2025, the complaints log to December 2024, two spring censuses.

As an admin (every page, the Data page too) and as a viewer (the Overview and the briefing a councillor
sees). Screenshots go to test-artifacts/screenshots/own-data/; the ones in docs/images/ are copied from
there.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.own_data import build_own_db

from . import PAGES, metric_value, running_app, screenshot, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def own_db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("own-data")
    url = f"sqlite:///{folder / 'own.sqlite'}"
    build_own_db(url, folder / "files")
    return url


def _serve(own_db: str, tmp_path_factory, role: str) -> Iterator[str]:
    logs = tmp_path_factory.mktemp(f"own-{role}")
    # the app reads this settings file: sign-in off, everyone gets ``role`` (a server behind the council's own)
    (logs / "no-settings-file.toml").write_text(f'allow_unauthenticated = true\nunauthenticated_role = "{role}"\n')
    with running_app(own_db, log_path=logs / "server.log") as base:
        yield base


@pytest.fixture(scope="module")
def admin_url(own_db, tmp_path_factory) -> Iterator[str]:
    yield from _serve(own_db, tmp_path_factory, "admin")


@pytest.fixture(scope="module")
def viewer_url(own_db, tmp_path_factory) -> Iterator[str]:
    yield from _serve(own_db, tmp_path_factory, "viewer")


@pytest.fixture
def shots(screenshots):
    folder = screenshots / "own-data"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _clean(page, shot) -> str:
    body = page.locator("body").inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0, f"exception shown; see {shot}"
    assert "Traceback" not in body, f"traceback shown; see {shot}"
    assert "Demo mode" not in body and "synthetic" not in body.lower(), f"demo banner on own data; see {shot}"
    assert "None" not in body.split(), f"a 'None' shown; see {shot}"
    return body


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_on_own_data(page, admin_url, shots, path):
    page.goto(admin_url + path)
    wait_idle(page)
    shot = shots / f"admin-{path.strip('/') or 'overview'}.png"
    screenshot(page, shot)
    body = _clean(page, shot)
    assert page.locator("h1").first.inner_text().strip() == PAGES[path]
    if path not in ("/data", "/quality"):
        assert "As at 15 March 2025" in body, f"the as-at date is the casework's last date; see {shot}"


def test_a_councillor_sees_the_published_figure_and_no_zero_complaints(page, viewer_url, shots):
    page.goto(viewer_url + "/")
    wait_idle(page)
    shot = screenshot(page, shots / "viewer-overview.png")
    body = _clean(page, shot)
    assert metric_value(page, "Within 20 weeks, 2024") == "99.0%"  # 293 of 296, as the DfE publishes
    assert "Published by DfE · 2024: England 46.4%" in body
    # the complaints log ends in December 2024: 2025 Q1 is no data, never a count of 0
    assert metric_value(page, "Complaints, Q1 2025") != "0"
    page.goto(viewer_url + "/briefing")
    wait_idle(page)
    shot = screenshot(page, shots / "viewer-briefing.png")
    body = _clean(page, shot)
    assert "published by DfE" in body
    assert "received 0 complaints" not in body and "no data: the complaints log ends on" in body
