"""The Scrutiny briefing page (Streamlit AppTest) on the sample LA: it shows the suppressed briefing, the
same numbers as the exports, no small count anywhere, the downloads, print CSS, and a link that carries
the filters and the as-at date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from dashboard import read
from dashboard.briefing import build_briefing
from dashboard.briefing.content import la_name
from dashboard.settings import load_settings

from .conftest import LA, plain_settings

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
PAGE = "../pages/briefing.py"
TIMEOUT = 90


@pytest.fixture(autouse=True)
def _clean(monkeypatch, tmp_path):
    monkeypatch.setenv("SENDDASH_SETTINGS", str(tmp_path / "no-settings.toml"))
    monkeypatch.delenv("SENDDASH_SUPPRESSION_THRESHOLD", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def open_page(monkeypatch, demo_url):
    def _open(query: dict | None = None, **env) -> AppTest:
        monkeypatch.setenv("SENDDASH_DATABASE_URL", demo_url)
        monkeypatch.setenv("SENDDASH_LA_CODE", LA)
        for name, value in env.items():
            monkeypatch.setenv(f"SENDDASH_{name.upper()}", str(value))
        import dashboard.ui.data as data_module

        monkeypatch.setattr(data_module, "SETTINGS", load_settings())
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.query_params.update(query or {})
        at.run(timeout=TIMEOUT)
        at.switch_page(PAGE)
        at.run(timeout=TIMEOUT)
        problems = [f"{e.value}\n{''.join(e.stack_trace)}" for e in at.exception]
        assert not problems, "the page raised:\n" + "\n".join(problems)
        return at

    return _open


def _briefing(demo_engine, **filters):
    k = read.kpis(demo_engine, la_code=LA, **filters)
    name = la_name(read.load_frames(demo_engine, la_code=LA)["benchmarks"], LA)
    return build_briefing(k, settings=plain_settings(), la_name=name)


def _charts(at: AppTest) -> dict[str, pd.DataFrame]:
    out = {}
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        title = spec.get("title")
        frames = [dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets]
        out[str(title)] = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return out


def test_the_page_shows_the_suppressed_briefing(open_page, demo_engine):
    at = open_page()
    b = _briefing(demo_engine)
    assert [t.value for t in at.title] == ["Scrutiny briefing"]
    assert not at.error
    assert any("As at 31 October 2025 · LA 351 · all children and young people" in c.value for c in at.caption)
    tables = [t.value for t in at.table]
    expected = [b.headline_table(), *b.tables()]
    assert len(tables) == len(expected)
    for shown, table in zip(tables, expected, strict=True):
        want = pd.DataFrame(table.formatted(), columns=[c.label for c in table.columns])
        if table.key == "headlines":
            want["RAG"] = [f"{s} {w}" for s, w in zip(
                [{"green": "✓", "amber": "!", "red": "✗"}.get(h.rag.status, "–") for h in b.headlines],
                want["RAG"], strict=True)]
        pd.testing.assert_frame_equal(shown.reset_index(drop=True), want, check_dtype=False)
    head = tables[0]
    assert head.iloc[0][["This period", "Value", "RAG"]].tolist() == ["Oct 2025", "58.3%", "! Near target"]
    assert head.set_index("Measure").loc["EHC plans maintained", "Value"] == "2,937"
    assert [s.value for s in at.subheader][:1] == ["EHC plans issued within 20 weeks, by calendar year"]
    assert [b.label for b in at.get("download_button")] == ["Download PDF", "Download Excel",
                                                           "Download Web page (HTML)"]


def test_no_small_count_is_displayed_in_a_table_or_a_chart(open_page, demo_engine):
    at = open_page()
    b = _briefing(demo_engine)
    for shown, table in zip([t.value for t in at.table][1:], b.tables(), strict=True):
        for column in (c.label for c in table.columns if c.kind == "count"):
            assert not shown[column].isin(["1", "2", "3", "4"]).any(), f"{table.title}: {column}"
    # 2024's 293 of 296 is the DfE's published figure for the LA: shown, though 3 plans were late
    assert "99.0%" in set(at.table[1].value["% within 20 weeks, excluding exceptions"])
    charts = _charts(at)
    monthly = charts["EHC plans issued each month"]
    assert not monthly["issued"].between(1, 4).any()
    shown = dict(zip(monthly["month"], monthly["pct_shown"], strict=True))
    months = {r["month"]: r for r in b.table("timeliness_by_month").rows}
    assert shown == {pd.Period(m, freq="M").strftime("%b %Y"): ("c" if r["pct_ex"] == "c" else f"{r['pct_ex']:.1f}%")
                     for m, r in months.items()}
    line = charts["% of EHC plans issued within 20 weeks (excluding exceptions)"]
    la = line[line["area"] == "This LA"].dropna(subset=["value"])
    years = {str(r["year"]): r["pct_ex"] for r in b.table("timeliness_by_year").rows if r["pct_ex"] != "c"}
    assert dict(zip(la["year"], la["value"], strict=True)) == {y: v for y, v in years.items() if v is not None}


def test_the_link_carries_filters_and_as_at_and_opens_the_same_briefing(open_page, demo_engine):
    at = open_page({"need": "ASD", "as_at": "2025-06-30"})
    caption = next(c.value for c in at.caption if "Link to this briefing" in c.value)
    assert "briefing?need=ASD&as_at=2025-06-30)" in caption
    assert any("As at 30 June 2025 · LA 351 · need: ASD" in c.value for c in at.caption)
    b = _briefing(demo_engine, as_at=dt.date(2025, 6, 30), needs=["ASD"])
    want = pd.DataFrame(b.table("needs").formatted(), columns=[c.label for c in b.table("needs").columns])
    shown = next(t.value for t in at.table if "Primary need" in t.value.columns)
    pd.testing.assert_frame_equal(shown.reset_index(drop=True), want, check_dtype=False)


def test_print_css_and_glossary_are_on_the_page(open_page):
    at = open_page()
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "@media print" in html and "stSidebar" in html and "display: none" in html
    text = " ".join(m.value for m in at.markdown)
    for term in ("EHCP", "SEN2", "SEMH", "SLCN", "RAG"):
        assert f"**{term}" in text
    assert [h.value for h in at.header] == ["Headline measures", "Summary", "Key charts", "Timeliness", "Plans",
                                           "Needs", "Complaints", "Transitions", "Glossary", "Data notes"]


def test_the_threshold_setting_reaches_the_page(open_page, demo_engine):
    at = open_page(suppression_threshold=10)
    b = build_briefing(read.kpis(demo_engine, la_code=LA), settings=plain_settings(suppression_threshold=10))
    needs = next(t.value for t in at.table if "Primary need" in t.value.columns)
    assert needs["EHC plans"].tolist() == [r[2] for r in b.table("needs").formatted()]
    assert needs.set_index("Need").loc["MSI", "EHC plans"] == "c"  # 6 plans: shown at 5, hidden at 10
    assert any("counts from 1 to 9 are shown as **c**" in c.value for c in at.caption)


def test_the_data_notes_link_is_not_escaped_and_carries_the_as_at_date(open_page):
    """Issue 11, part 9: the Data notes' link was written with markdown escapes (``as\\_at``), which the browser
    sends as ``as%5C_at``, so it opened the default date."""
    at = open_page({"need": "ASD", "as_at": "2025-06-30"})
    notes = next(m.value for m in at.markdown if "**Link**" in m.value)
    line = next(ln for ln in notes.splitlines() if ln.startswith("- **Link**"))
    href = line[line.index("](") + 2:line.rindex(")")]
    assert href.endswith("briefing?need=ASD&as_at=2025-06-30"), line
    assert "\\" not in href


def test_the_html_briefings_data_notes_link_works(demo_engine):
    from dashboard.briefing.html import to_html

    k = read.kpis(demo_engine, la_code=LA, as_at=dt.date(2025, 6, 30))
    b = build_briefing(k, settings=plain_settings(), base_url="https://send.example.gov.uk")
    page = to_html(b)
    notes = page[page.index("<h2>Data notes</h2>"):]
    assert '<a href="https://send.example.gov.uk/briefing?as_at=2025-06-30">' in notes
