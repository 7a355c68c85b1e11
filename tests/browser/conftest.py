"""Fixtures for the browser tests: the sample database, the app served on loopback, headless Chromium.

The database is built once per test run (under pytest-xdist the workers share it through a lock);
each worker starts its own server and browser. Every test gets a fresh browser context. Chromium is
started so that it cannot resolve any host but 127.0.0.1.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from . import CHROMIUM, LA_CODE, VIEWPORT, build_db, launch, running_app

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> str:
    """SQLite URL of the synthetic sample database (built once, shared by the xdist workers)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    path = shared / "browser-demo.sqlite"
    with open(shared / "browser-demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (shared / "browser-demo.done").exists():
                path.unlink(missing_ok=True)
                build_db(path)
                (shared / "browser-demo.done").touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def demo_engine(demo_db):
    from data_access.engine import make_engine

    engine = make_engine(demo_db)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def app_url(demo_db, tmp_path_factory) -> Iterator[str]:
    """Base URL of the app serving the sample database on a free 127.0.0.1 port."""
    log = tmp_path_factory.mktemp("app") / "server.log"
    with running_app(demo_db, log_path=log) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Browser tests skipped: {CHROMIUM} is missing (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Browser tests skipped: playwright not installed")
    with sync_api.sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


@pytest.fixture
def page(browser, app_url):
    """A fresh page (own cookies and session). ``page.outside`` lists requests it made off the app."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.set_default_timeout(30_000)
    outside: list[str] = []
    context.on("request", lambda r: None if r.url.startswith(("data:", "blob:", app_url)) else outside.append(r.url))
    p = context.new_page()
    p.outside = outside
    yield p
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def la_code() -> str:
    return LA_CODE
