"""The app in a real browser: every page renders, the need filter works from the UI and from a copied link,
and a chart's CSV download holds the chart's data. Numbers are checked against ``dashboard.read.kpis`` on the
same database. Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from dashboard import read
from data_access.samples import sample_files

from . import (
    PAGES,
    arm_rerun,
    choose_need,
    metric_value,
    need_filter,
    screenshot,
    wait_drawn,
    wait_idle,
    wait_rerun,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PLANS = "EHC plans maintained"
ERROR_ALERT = '[data-testid="stAlertContentError"]'


@pytest.fixture(scope="session")
def kpis(demo_engine, la_code):
    """``dashboard.read.kpis`` for a filter set, computed once per set."""
    done: dict[tuple, dict] = {}

    def get(needs: tuple = (), age_bands: tuple = ()) -> dict:
        if (needs, age_bands) not in done:
            done[needs, age_bands] = read.kpis(demo_engine, la_code=la_code, needs=list(needs),
                                                   age_bands=list(age_bands))
        return done[needs, age_bands]

    return get


def _plans(k: dict) -> str:
    return f"{k['ehcps']['maintained']:,}"


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _caption(page) -> str:
    return page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()


def _choose_upload(page, app_url: str, path) -> object:
    """The Data page with ``path`` chosen in the open tab's uploader ("Load files"; the Benchmarks tab's
    own uploader is in the page too, hidden); returns that tab."""
    page.goto(app_url + "/data")
    wait_idle(page)
    panel = page.get_by_role("tabpanel")
    panel.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    panel.locator('[data-testid="stFileChipName"]').wait_for(state="visible", timeout=30_000)
    return panel


def _press_import(page, panel) -> None:
    """Click the tab's Import button and wait for the rerun it starts."""
    arm_rerun(page)
    panel.get_by_role("button", name="Import").click()
    wait_rerun(page)


def _shown(locator) -> None:
    """Wait (up to 30 s) until the first element ``locator`` finds is visible; Playwright's ``is_visible`` does
    not wait, so an element drawn by a rerun still in flight would fail the test by chance."""
    locator.first.wait_for(state="visible", timeout=30_000)


def _assert_clean(page, shot) -> None:
    body = page.locator("body").inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0, f"exception shown; see {shot}"
    assert "Traceback" not in body, f"traceback shown; see {shot}"
    errors = page.locator(ERROR_ALERT).all_inner_texts()
    assert not errors, f"error message shown: {errors}; see {shot}"


@pytest.mark.parametrize("path", list(PAGES))
def test_page_renders(page, app_url, screenshots, kpis, path):
    page.goto(app_url + path)
    wait_idle(page)
    shot = screenshots / f"page-{path.strip('/') or 'overview'}.png"
    screenshot(page, shot)
    _assert_clean(page, shot)
    assert page.locator("h1").first.inner_text().strip() == PAGES[path]
    if path == "/data":
        assert page.get_by_role("tab", name="Import history").is_visible()
        return
    if path == "/quality":  # not filtered by the sidebar: no as-at line
        assert "Errors (DfE COLLECT would reject)" in page.locator("body").inner_text()
        return
    as_at = dt.date.fromisoformat(kpis()["as_at"])
    assert f"As at {as_at:%d %B %Y} · LA 351 · all children and young people" in _caption(page)
    if path == "/":
        assert metric_value(page, PLANS) == _plans(kpis())
    else:
        assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 1, f"no chart on {path}; see {shot}"


def test_app_loads_nothing_from_outside_the_server(page, app_url):
    """Council networks often block the internet, and no third party should learn who opens the app."""
    page.goto(app_url + "/")
    wait_idle(page)
    page.wait_for_load_state("networkidle")
    assert page.outside == [], f"the page requested addresses outside the app: {page.outside[:5]}"


def test_need_filter_set_in_the_sidebar(page, app_url, screenshots, kpis):
    page.goto(app_url + "/")
    wait_idle(page)
    before = metric_value(page, PLANS)
    assert before == _plans(kpis())

    arm_rerun(page)
    choose_need(page, "ASD")
    wait_rerun(page)
    page.keyboard.press("Escape")
    shot = screenshots / "filter-need-asd-overview.png"
    screenshot(page, shot)
    _assert_clean(page, shot)
    after = metric_value(page, PLANS)
    assert after != before
    assert after == _plans(kpis(("ASD",)))
    assert "need: ASD" in _caption(page)
    assert _query(page).get("need") == ["ASD"], f"the URL should carry need=ASD, it is {page.url}"

    # The filter holds when moving to another page through the navigation. (Waiting for the new page's
    # title rather than for a script-state change: under load the switch can finish between two checks.)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Timeliness").click()
    page.wait_for_function("(title) => document.querySelector('h1')?.innerText.trim() === title",
                           arg=PAGES["/timeliness"], timeout=60_000)
    wait_idle(page)
    screenshot(page, screenshots / "filter-need-asd-timeliness.png")
    assert page.locator("h1").first.inner_text().strip() == PAGES["/timeliness"]
    assert "need: ASD" in _caption(page)
    assert _query(page).get("need") == ["ASD"], f"the URL should still carry need=ASD, it is {page.url}"


def test_copied_link_reproduces_the_view(page, app_url, screenshots, kpis):
    page.goto(app_url + "/?need=SEMH&age=11-15")
    wait_idle(page)
    shot = screenshots / "link-need-semh-age-11-15.png"
    screenshot(page, shot)
    _assert_clean(page, shot)
    assert kpis(("SEMH",), ("11-15",))["ehcps"]["maintained"] < kpis()["ehcps"]["maintained"]
    assert metric_value(page, PLANS) == _plans(kpis(("SEMH",), ("11-15",))), f"link filters not applied; see {shot}"
    assert "need: SEMH; age: 11-15" in _caption(page)

    page.goto(app_url + "/timeliness?need=SEMH")
    wait_idle(page)
    shot = screenshots / "link-timeliness-need-semh.png"
    screenshot(page, shot)
    tags = need_filter(page).locator('[data-testid="stMultiSelectTagsContainer"]').inner_text()
    assert re.match(r"^SEMH(\s|$)", tags.strip()), f"need filter shows {tags!r}, not SEMH; see {shot}"
    assert "need: SEMH" in _caption(page)


def test_chart_csv_download(page, app_url, tmp_path, kpis):
    page.goto(app_url + "/timeliness")
    wait_idle(page)
    wait_drawn(page)
    with page.expect_download() as info:
        page.locator('[data-testid="stDownloadButton"] button').first.click()
    download = info.value
    assert download.suggested_filename == "timeliness-by-month.csv"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    # a byte-order mark first, so Excel reads the en dashes and accents as UTF-8
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert path.read_text(encoding="utf-8-sig").splitlines()[0] == "month,series,value,issued"

    csv = pd.read_csv(path, dtype={"month": str})
    months = [r["month"] for r in kpis()["timeliness"]["by_month"]]
    assert len(months) > 12
    assert list(dict.fromkeys(csv["month"])) == months
    own = csv[csv["series"] == "% within 20 weeks (excl. exceptions)"]
    assert own["value"].tolist() == pytest.approx(
[float("nan") if r["pct_ex"] is None else r["pct_ex"] for r in kpis()["timeliness"]["by_month"]],
        nan_ok=True)
    assert own["issued"].astype(int).tolist() == [r["issued"] for r in kpis()["timeliness"]["by_month"]]


def test_a_bad_upload_on_the_data_page_is_one_sentence_and_changes_nothing(page, app_url, screenshots,
                                                                          demo_engine, tmp_path):
    """An analyst uploads a cut-off SEN2 return through the browser: one sentence, nothing imported."""
    from data_access import queries

    before = len(queries.import_history(demo_engine))
    bad = tmp_path / "SEN2_2025_cut_off.xml"
    bad.write_text('<?xml version="1.0"?><Message><Header><CollectionDetails><Collection>SEN2</Collection>',
                   encoding="utf-8")
    panel = _choose_upload(page, app_url, bad)
    _press_import(page, panel)
    page.locator(ERROR_ALERT).first.wait_for(state="visible", timeout=30_000)
    shot = screenshots / "data-page-bad-upload.png"
    screenshot(page, shot)
    errors = page.locator(ERROR_ALERT).all_inner_texts()
    assert len(errors) == 1, errors
    message = errors[0].strip()
    assert "SEN2_2025_cut_off.xml" in message and "\n" not in message and message.endswith("."), message
    assert "Traceback" not in page.locator("body").inner_text()
    assert len(queries.import_history(demo_engine)) == before  # nothing logged as loaded, nothing written



def test_a_casework_upload_that_lost_a_column_is_refused_with_what_it_feeds(page, app_url, screenshots,
                                                                            demo_engine, tmp_path):
    """Tonight's extract without plan_start_date (a changed report definition): refused, nothing changes."""
    from data_access import queries

    before = (len(queries.import_history(demo_engine)), len(queries.load_records(demo_engine, la_code="351")))
    df = pd.read_csv(sample_files()[0][0], dtype=str, keep_default_na=False)
    path = tmp_path / "casework_tonight.csv"
    df.drop(columns=["plan_start_date"]).to_csv(path, index=False)
    panel = _choose_upload(page, app_url, path)
    # the checkbox comes with the rerun the upload starts, which may land after the file's chip is drawn
    _shown(panel.get_by_text("Load even if a column is missing"))
    _press_import(page, panel)
    page.locator(ERROR_ALERT).first.wait_for(state="visible", timeout=30_000)
    screenshot(page, screenshots / "data-page-lost-column.png")
    errors = page.locator(ERROR_ALERT).all_inner_texts()
    assert len(errors) == 1, errors
    message = errors[0].strip()
    assert message.startswith("casework_tonight.csv has no 'plan_start_date' column") and "\n" not in message
    assert "--allow-missing plan_start_date" in message
    assert page.locator('[data-testid="stDataFrame"]').count() >= 1  # the column and what it feeds
    _shown(page.get_by_text("tick Load even if a column is missing"))
    after = (len(queries.import_history(demo_engine)), len(queries.load_records(demo_engine, la_code="351")))
    assert after == before

def test_a_real_casework_upload_into_the_demo_asks_first_and_cancel_changes_nothing(page, app_url, screenshots,
                                                                                    demo_engine, tmp_path):
    """Tonight's (complete) extract offered to the demo database: real and synthetic records are never mixed, so
    the page asks before the sample is removed; Cancel leaves everything as it was (issue 11)."""
    from data_access import queries

    before = (len(queries.import_history(demo_engine)), len(queries.load_records(demo_engine, la_code="351")))
    df = pd.read_csv(sample_files()[0][0], dtype=str, keep_default_na=False)
    path = tmp_path / "casework_tonight.csv"
    df.loc[0, "request_id"] += "-real"  # no longer byte for byte the sample: real
    df.to_csv(path, index=False)
    panel = _choose_upload(page, app_url, path)
    _press_import(page, panel)
    question = page.get_by_text("casework_tonight.csv: real data, and the database at")
    question.wait_for(state="visible", timeout=30_000)
    screenshot(page, screenshots / "data-page-replace-demo-question.png")
    assert "removes the synthetic records first" in question.inner_text()
    _shown(page.get_by_role("button", name="Remove the synthetic sample and import"))
    arm_rerun(page)
    page.get_by_role("button", name="Cancel: keep the sample, import nothing").click()
    wait_rerun(page)
    _shown(page.get_by_text("Demo mode"))
    after = (len(queries.import_history(demo_engine)), len(queries.load_records(demo_engine, la_code="351")))
    assert after == before


METRIC_FAMILIES = {"cache_memory_bytes", "cache_lookups", "cache_compute_duration_seconds", "cache_evictions",
                   "session_events", "session_duration_seconds", "active_sessions"}
METRIC_LABELS = {"cache", "cache_type", "le", "reason", "result", "trigger", "type"}


def test_metrics_endpoint_reveals_no_data(page, app_url, kpis):
    """Streamlit serves /_stcore/metrics to anyone who can reach it (docs/security.md): only cache and session
    counters, never a figure, a filter value, a name or an email."""
    import urllib.request

    page.goto(app_url + "/?need=SEMH&age=11-15")
    wait_idle(page)
    assert metric_value(page, PLANS) == _plans(kpis(("SEMH",), ("11-15",)))
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(app_url + "/_stcore/metrics", timeout=10) as resp:
        body = resp.read().decode()
    families = {line.split()[2] for line in body.splitlines() if line.startswith("# TYPE ")}
    assert families <= METRIC_FAMILIES, f"new metric families to review: {families - METRIC_FAMILIES}"
    labels = re.findall(r'([a-z_]+)="([^"]*)"', body)
    assert labels and {k for k, _ in labels} <= METRIC_LABELS
    for key, value in labels:
        assert re.fullmatch(r"[A-Za-z0-9_.+\-]*", value), f"unexpected label {key}={value!r}"
        assert key != "cache" or value == "" or value.startswith(("dashboard.", "__main__.")), value
    for line in body.splitlines():
        assert line.startswith("#") or re.fullmatch(r"[a-z_]+(\{[^}]*\})? [0-9.e+\-]+|# EOF|", line), line
    for secret in ("SEMH", "11-15", "@"):
        assert secret not in body
    # a count shown on the page must not be a label or a whole value; it may be digits inside a timing's value
    # (e.g. a duration sum 5062926000.35522 holds "355"), which is why values are compared whole
    names = " ".join(line.rsplit(" ", 1)[0] for line in body.splitlines() if line and not line.startswith("#"))
    values = {line.rsplit(" ", 1)[1] for line in body.splitlines() if line and not line.startswith("#")}
    for count in (_plans(kpis(("SEMH",), ("11-15",))), _plans(kpis())):
        assert count not in names and count.replace(",", "") not in names
        assert count.replace(",", "") not in values
