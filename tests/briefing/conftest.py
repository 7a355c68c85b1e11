"""Fixtures for the briefing tests: the synthetic sample LA in a database built once per test process,
its KPI object and its briefing, and settings that ignore any developer's settings file."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import demo, read
from dashboard.briefing import build_briefing
from dashboard.briefing.content import la_name
from dashboard.settings import load_settings
from data_access.engine import make_engine

LA = "351"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "briefing"


def plain_settings(**changes) -> dict:
    """The default settings (no settings file), with ``changes``."""
    return {**load_settings(Path("/nonexistent/senddash.toml")), **changes}


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('briefing-demo') / 'demo.sqlite'}"
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
def sample_kpis(demo_engine) -> dict:
    """``dashboard.read.kpis`` for the sample LA with no filters (what ``senddash kpis --json`` prints)."""
    return read.kpis(demo_engine, la_code=LA)


@pytest.fixture(scope="session")
def sample_briefing(demo_engine, sample_kpis):
    frames = read.load_frames(demo_engine, la_code=LA)
    return build_briefing(sample_kpis, settings=plain_settings(), la_name=la_name(frames["benchmarks"], LA))
