"""The parts of the KPI object no filter changes, kept apart (dashboard.read.unfiltered_parts): the object built
with them equals the object built without, and building does not change them (the app shares one copy).

On the sample LA's casework, placements and complaints with the shipped DfE releases, in SQLite."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from dashboard import read
from data_access.engine import make_engine, upgrade
from data_access.importers import run_import
from data_access.published import ensure_published

LA = "351"
SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
FILTERS = [{}, {"needs": ["ASD"]}, {"age_bands": ["5-10"]}, {"needs": ["ASD", "MLD"], "age_bands": ["11-15"]},
           {"as_at": dt.date(2024, 12, 31), "needs": ["SEMH"]}, {"comparators": ["352", "355"], "needs": ["ASD"]},
           # after the extracts end: the months past each source's coverage are blanked in the built object
           {"as_at": dt.date(2026, 3, 31), "age_bands": ["Under 5"]}]


@pytest.fixture(scope="module")
def frames(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('unfiltered') / 'db.sqlite'}")
    upgrade(engine)
    ensure_published(engine)
    for name, kind in (("casework.csv", "casework"), ("casework_placements.csv", "placements"),
                       ("complaints.csv", "complaints")):
        assert run_import(engine, SAMPLE_DIR / name, kind=kind, la_code=LA).ok
    yield read.load_frames(engine, la_code=LA)
    engine.dispose()


def _json(value) -> str:
    return json.dumps(value, sort_keys=True, default=str)


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: _json(f))
def test_the_object_built_with_the_kept_parts_is_the_object_built_without(frames, filters):
    parts = read.unfiltered_parts(frames, la_code=LA, as_at=filters.get("as_at"),
                                  comparators=filters.get("comparators", ()))
    kept = copy.deepcopy(parts)
    with_parts = read.kpis_from_frames(frames, la_code=LA, unfiltered=parts, **filters)
    assert _json(with_parts) == _json(read.kpis_from_frames(frames, la_code=LA, **filters))
    assert _json(parts) == _json(kept)  # not changed by building, nor by changing what was built
    with_parts["complaints"]["by_month"].clear()
    with_parts["benchmarks"]["england"].clear()
    assert _json(parts) == _json(kept)
    assert _json(read.kpis_from_frames(frames, la_code=LA, unfiltered=parts, **filters)) == _json(
        read.kpis_from_frames(frames, la_code=LA, **filters))


def test_the_kept_parts_hold_the_published_figures_and_the_complaints(frames):
    parts = read.unfiltered_parts(frames, la_code=LA)
    assert parts["benchmarks"]["england"]["plans_january"][2025] > 400_000  # England's plans in January 2025
    assert len(parts["benchmarks"]["comparators"]) == 10  # the LA's statistical neighbours
    assert parts["complaints"]["by_month"] and parts["coverage"]["casework"]
    assert parts["years"] == sorted(parts["years"]) and parts["years"][-1] == 2025
