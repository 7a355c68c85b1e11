"""The sample LA's report inputs, built once: the demo database (synthetic sample, its plan and finance),
its KPI object with the outlook and programme blocks, protected as a viewer's report is."""

from __future__ import annotations

import pytest

from dashboard import demo, read
from dashboard.reports.inputs import build_inputs
from dashboard.settings import SETTINGS
from data_access import queries
from data_access.engine import make_engine


@pytest.fixture(scope="session")
def sample_engine(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('reports') / 'demo.sqlite'}")
    demo.build_demo(engine, la_code="351")
    return engine


@pytest.fixture(scope="session")
def sample_settings() -> dict:
    return {s.name: s.default for s in SETTINGS} | {"programme_sro": "Director of Children's Services",
                                                     "report_author": "SEND Programme Manager"}


@pytest.fixture(scope="session")
def sample_kpis(sample_engine) -> tuple[dict, dict]:
    """(the unprotected KPI object with outlook and programme, the frames it came from)."""
    frames = read.load_frames(sample_engine, la_code="351")
    return read.kpis_from_frames(frames, la_code="351", outlook=True), frames


@pytest.fixture
def make_inputs(sample_engine, sample_kpis, sample_settings):
    """make_inputs(**options) -> ReportInputs of the sample (viewer view unless show_finance=True)."""
    k, frames = sample_kpis

    def make(settings: dict | None = None, **options):
        return build_inputs(k, read.programme_of(frames), queries.load_edits(sample_engine, la_code="351"),
                            settings or sample_settings, la_name="Sample LA", **options)
    return make
