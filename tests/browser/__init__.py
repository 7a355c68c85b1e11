"""Drive the running app in Debian's Chromium through Playwright (tests and ``bench/bench_pages.py``).

Helpers shared by the browser tests and the page benchmark: build the sample database, start
``python -m dashboard --db URL serve`` on a free loopback port and stop it (with its children), launch
the system Chromium (never a downloaded browser) so it can only reach 127.0.0.1, and wait until
Streamlit has finished running the page script.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
LA_CODE = "351"
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--no-proxy-server",
    # Any host name other than 127.0.0.1 fails to resolve: the browser can only talk to the app.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1400, "height": 1000}
# URL path -> the page's h1 title.
PAGES = {
    "/": "SEND performance overview",
    "/timeliness": "20-week timeliness",
    "/requests": "Requests and assessments",
    "/reviews": "Annual reviews",
    "/growth": "EHC plan growth",
    "/placements": "Placements",
    "/ceased": "Ceased plans",
    "/needs": "Primary needs",
    "/census": "School census",
    "/complaints": "Complaints and compliments",
    "/transitions": "Phase transfers",
    "/briefing": "Scrutiny briefing",
    "/data": "Data",
    "/quality": "Data quality",
}
APP = '[data-testid="stApp"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
STATUS_RUNNING = '[data-testid="stStatusWidget"]'
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_db(path: Path) -> str:
    """Build the synthetic sample database (published benchmarks + sample LA 351) at ``path``."""
    from dashboard import demo
    from data_access.engine import make_engine

    url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        reports = demo.build_demo(engine, la_code=LA_CODE)
    finally:
        engine.dispose()
    bad = [r.summary() for r in reports if not r.ok]
    if bad:
        raise RuntimeError("The sample database did not build: " + "; ".join(bad))
    return url


def _health(base: str) -> bool:
    try:
        with _NO_PROXY.open(f"{base}/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().decode().strip() == "ok"
    except OSError:
        return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


@contextmanager
def running_app(db_url: str, *, log_path: Path, timeout: float = 60.0) -> Iterator[str]:
    """Start the app as ``senddash serve`` would on a free loopback port; yield its base URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENDDASH_", "STREAMLIT_"))}
    env.update(SENDDASH_LA_CODE=LA_CODE, SENDDASH_SETTINGS=str(log_path.parent / "no-settings-file.toml"),
               STREAMLIT_SERVER_HEADLESS="true", STREAMLIT_SERVER_FILE_WATCHER_TYPE="none")
    cmd = [sys.executable, "-m", "dashboard", "--db", db_url, "serve", "--port", str(port), "--address", "127.0.0.1"]
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        # cwd=ROOT so Streamlit reads the project's .streamlit/config.toml, as `senddash serve` does.
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while not _health(base):
            if proc.poll() is not None:
                raise RuntimeError(f"The app exited with code {proc.returncode} before answering; log: "
                                   f"{log_path}\n{log_path.read_text(errors='replace')[-2000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"The app did not answer {base}/_stcore/health within {timeout:.0f} s; "
                                   f"log: {log_path}")
            time.sleep(0.2)
        yield base
    finally:
        _stop(proc)


def launch(playwright: Any) -> Any:
    """Headless Debian Chromium (``playwright install`` is never used)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)


def wait_idle(page: Any, *, timeout_ms: float = 60_000) -> None:
    """Wait until Streamlit has finished the script run: not running, no status widget, an h1 shown."""
    page.wait_for_selector(IDLE, timeout=timeout_ms)
    page.locator(STATUS_RUNNING).wait_for(state="detached", timeout=timeout_ms)
    page.locator("h1").first.wait_for(state="visible", timeout=timeout_ms)


def wait_drawn(page: Any, *, timeout_ms: float = 30_000) -> None:
    """After ``wait_idle``: wait until no element is still a loading placeholder and every chart is drawn."""
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]')
                 && [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
                        .every(c => c.querySelector('svg.marks, canvas'))""",
        timeout=timeout_ms,
    )


def screenshot(page: Any, path: Path) -> Path:
    """The whole page (Streamlit scrolls inside its main pane, so the window is made as tall as it)."""
    wait_drawn(page)
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height), 12_000))})
    try:
        wait_drawn(page)
        page.screenshot(path=path)
    finally:
        page.set_viewport_size(size)
    return path


def arm_rerun(page: Any) -> None:
    """Note any change of the script state from now on (call before an action that reruns the script)."""
    page.evaluate(
        """() => {
            window.__stRerun = false;
            const app = document.querySelector('[data-testid="stApp"]');
            new MutationObserver(() => { window.__stRerun = true; })
                .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
        }"""
    )


def wait_rerun(page: Any, *, timeout_ms: float = 60_000) -> None:
    """After ``arm_rerun`` and an action: wait for the rerun it started to finish."""
    try:
        page.wait_for_function(
            """() => window.__stRerun === true && document.querySelector('[data-testid="stApp"]')
                       .getAttribute('data-test-script-state') === 'notRunning'""",
            timeout=timeout_ms,
        )
    except Exception as exc:
        state = page.evaluate("""() => [window.__stRerun, document.querySelector('[data-testid="stApp"]')
            .getAttribute('data-test-script-state'), document.querySelector('[data-testid="stApp"]')
            .getAttribute('data-test-connection-state')]""")
        raise AssertionError(f"no finished rerun within {timeout_ms / 1000:.0f} s at {page.url} (rerun seen, "
                             f"script state, connection): {state}") from exc
    wait_idle(page, timeout_ms=timeout_ms)


def need_filter(page: Any) -> Any:
    """The sidebar's "Primary need" multiselect."""
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="Primary need")


def open_need_menu(page: Any) -> None:
    need_filter(page).get_by_role("combobox").click()


def pick_need(page: Any, code: str) -> None:
    """Click the open menu's option for ``code`` (its label is "CODE" or "CODE – name")."""
    page.get_by_role("option", name=re.compile(rf"^{re.escape(code)}(\s|$)")).click()


def choose_need(page: Any, code: str) -> None:
    """Pick ``code`` in the sidebar's "Primary need" multiselect."""
    open_need_menu(page)
    pick_need(page, code)


def metric_value(page: Any, label: str) -> str:
    """The shown value of the ``st.metric`` whose label is ``label``."""
    metric = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label))
    return metric.locator('[data-testid="stMetricValue"]').first.inner_text().strip()
