"""Fixtures for the Streamlit AppTest suite: the demo database (built once), empty and broken databases,
and a driver that opens the app on a database, switches pages and reads what a person would see.

The app reads its database URL from ``SENDDASH_DATABASE_URL`` and its LA from ``SENDDASH_LA_CODE``.
``dashboard.ui.data`` reads those settings once, at import (``SETTINGS = load_settings()``), so within one
test process a later change of the environment would not reach it; ``open`` therefore also re-reads the
settings into that module, as a freshly started server process would.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from dashboard import demo, read
from dashboard.settings import load_settings
from data_access.engine import make_engine, upgrade

LA = "351"
APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
TIMEOUT = 60
# page name -> (path relative to the entry file, the page's title)
PAGES: dict[str, tuple[str, str]] = {
    "Overview": ("../pages/overview.py", "SEND performance overview"),
    "Timeliness": ("../pages/timeliness.py", "20-week timeliness"),
    "Requests & assessments": ("../pages/requests.py", "Requests and assessments"),
    "Annual reviews": ("../pages/reviews.py", "Annual reviews"),
    "EHCP growth": ("../pages/growth.py", "EHC plan growth"),
    "Placements": ("../pages/placements.py", "Placements"),
    "Ceased plans": ("../pages/ceased.py", "Ceased plans"),
    "Needs": ("../pages/needs.py", "Primary needs"),
    "Census": ("../pages/census.py", "School census"),
    "Complaints": ("../pages/complaints.py", "Complaints and compliments"),
    "Transitions": ("../pages/transitions.py", "Phase transfers"),
    "Forecast": ("../pages/forecast.py", "Forecast"),
    "Programme": ("../pages/programme.py", "Programme"),
    "High-needs finance": ("../pages/finance.py", "High-needs finance"),
    "Data": ("../pages/data.py", "Data"),
    "Data quality": ("../pages/quality.py", "Data quality"),
}
UNREACHABLE_URL = "postgresql+psycopg://nobody:x@127.0.0.1:1/none"


class App:
    """One simulated browser session of the dashboard."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, url: str, query_params: dict | None = None) -> None:
        monkeypatch.setenv("SENDDASH_DATABASE_URL", url)
        monkeypatch.setenv("SENDDASH_LA_CODE", LA)
        import dashboard.ui.data as data_module

        monkeypatch.setattr(data_module, "SETTINGS", load_settings(), raising=False)
        self.at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        self.at.query_params.update(query_params or {})

    def run(self) -> App:
        # The project hides error details from users; a failing test should show them.
        with patch_config_options({"client.showErrorDetails": "full"}):
            self.at.run(timeout=TIMEOUT)
        problems = [f"{e.value}\n{''.join(e.stack_trace)}" for e in self.at.exception]
        assert not problems, "the page raised:\n" + "\n".join(problems)
        return self

    def page(self, name: str) -> App:
        """Open a page the way the navigation menu does (the entry file must have run once)."""
        self.at.switch_page(PAGES[name][0])
        return self.run()

    def open(self, name: str) -> App:
        self.run()
        return self if name == "Overview" else self.page(name)

    # what the page shows
    def metrics(self) -> dict[str, str]:
        return {m.label: m.value for m in self.at.metric}

    def titles(self) -> list[str]:
        return [t.value for t in self.at.title]

    def infos(self) -> list[str]:
        return [i.value for i in self.at.info]

    def errors(self) -> list[str]:
        return [e.value for e in self.at.error]

    def captions(self) -> list[str]:
        return [c.value for c in self.at.caption]

    def tables(self) -> list[pd.DataFrame]:
        return [d.value for d in self.at.dataframe]

    def charts(self) -> dict[str, pd.DataFrame]:
        """Each vega-lite chart's title and the data it plots (its named dataset)."""
        out = {}
        for chart in self.at.get("vega_lite_chart"):
            spec = json.loads(chart.proto.spec)
            title = spec.get("title")
            title = title.get("text") if isinstance(title, dict) else title
            frames = [dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets]
            if chart.proto.data.data:
                frames.append(dataframe_util.convert_arrow_bytes_to_pandas_df(chart.proto.data.data))
            out[str(title)] = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        return out

    def text(self) -> str:
        """Every piece of text on the page (for checks such as 'no traceback')."""
        parts = [*self.titles(), *self.infos(), *self.errors(), *self.captions()]
        parts += [m.value for m in self.at.markdown] + [w.value for w in self.at.warning]
        return "\n".join(str(p) for p in parts)


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches(monkeypatch, tmp_path) -> Iterator[None]:
    """Each test starts with empty Streamlit caches and no settings file of the developer's."""
    monkeypatch.setenv("SENDDASH_SETTINGS", str(tmp_path / "no-settings.toml"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def open_app(monkeypatch):
    """``open_app(url, query_params=None)`` -> an :class:`App` on that database (not yet run)."""

    def _open(url: str, query_params: dict | None = None) -> App:
        return App(monkeypatch, url, query_params)

    return _open


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory) -> str:
    """The synthetic sample LA and the shipped benchmarks, built once per test process. Read-only."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}"
    eng = make_engine(url)
    demo.build_demo(eng, la_code=LA)
    eng.dispose()
    return url


@pytest.fixture(scope="session")
def demo_engine(demo_url):
    eng = make_engine(demo_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def expected_kpis(demo_engine):
    """``expected_kpis(**filters)``: the SPEC section 3 object computed straight from the database."""
    cache: dict = {}

    def _kpis(*, as_at: dt.date | None = None, needs: tuple = (), age_bands: tuple = ()) -> dict:
        key = (as_at, tuple(needs), tuple(age_bands))
        if key not in cache:
            cache[key] = read.kpis(demo_engine, la_code=LA, as_at=as_at, needs=list(needs),
                                       age_bands=list(age_bands))
        return cache[key]

    return _kpis


@pytest.fixture(scope="session")
def migrated_empty_url(tmp_path_factory) -> str:
    """A database at the newest schema version with nothing loaded. Read-only."""
    url = f"sqlite:///{tmp_path_factory.mktemp('empty') / 'empty.sqlite'}"
    eng = make_engine(url)
    upgrade(eng)
    eng.dispose()
    return url
