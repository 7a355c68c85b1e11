"""The shipped parsed copies of the DfE releases (``data_access/reference/ees/*.parsed.parquet``) are exactly
what the benchmark importer's ``parse`` makes of the shipped zips: rebuild them with
``python -m data_access.reference.build --parsed`` when this fails."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from data_access.importers import benchmarks, run_import
from data_access.reference import PARSED_SUFFIX, parsed_release, shipped_benchmark_files


def _parsed_from_the_zip(path):
    """``benchmarks.parse`` with the shipped copy out of the way: the CSVs parsed."""
    original = benchmarks._shipped
    benchmarks._shipped = lambda _path, _data: None
    try:
        return benchmarks.parse(path, path.read_bytes())
    finally:
        benchmarks._shipped = original


@pytest.mark.parametrize("release", shipped_benchmark_files(), ids=lambda p: p.name)
def test_the_parsed_copy_matches_the_shipped_zip(release):
    assert release.with_suffix(PARSED_SUFFIX).exists(), "run python -m data_access.reference.build --parsed"
    cached = benchmarks.parse(release, release.read_bytes())
    parsed = _parsed_from_the_zip(release)
    assert cached.payload is not parsed.payload
    assert (cached.kind, cached.la_code, cached.target, cached.extra) == (parsed.kind, parsed.la_code, parsed.target,
                                                                         parsed.extra)
    assert cached.report == parsed.report
    as_text = {c: "str" for c in parsed.payload.columns if parsed.payload[c].dtype == object}
    pd.testing.assert_frame_equal(cached.payload, parsed.payload.astype(as_text))


def test_only_the_same_bytes_and_release_name_use_the_parsed_copy(tmp_path):
    release = shipped_benchmark_files()[0]
    assert parsed_release("0" * 64) is None
    renamed = tmp_path / "my-copy.zip"  # the release column is named after the file: parsed again
    shutil.copyfile(release, renamed)
    assert benchmarks._shipped(renamed, renamed.read_bytes()) is None
    assert set(benchmarks.parse(renamed, renamed.read_bytes()).payload["release"]) == {"my_copy"}
    same_name = tmp_path / release.name
    shutil.copyfile(release, same_name)
    assert benchmarks._shipped(same_name, same_name.read_bytes()) is not None
    changed = tmp_path / "changed" / release.name
    changed.parent.mkdir()
    changed.write_bytes(release.read_bytes() + b"\0")  # other bytes: not the shipped file
    assert benchmarks._shipped(changed, changed.read_bytes()) is None


def test_a_database_loaded_from_the_parsed_copy_holds_what_parsing_gives(engine, tmp_path):
    from sqlalchemy import select

    from data_access.schema import Benchmark

    for release in shipped_benchmark_files():
        assert run_import(engine, release, kind="benchmarks").status == "loaded"
    want = pd.concat([_parsed_from_the_zip(r).payload for r in shipped_benchmark_files()], ignore_index=True)
    with engine.connect() as conn:
        rows = conn.execute(select(*(Benchmark.__table__.c[c] for c in want.columns)).order_by(Benchmark.id)).all()
    stored = pd.DataFrame(rows, columns=list(want.columns))
    assert len(stored) == len(want)
    for c in want.columns:
        a, b = stored[c].tolist(), want[c].tolist()
        assert [None if pd.isna(v) else v for v in a] == [None if pd.isna(v) else v for v in b], c
