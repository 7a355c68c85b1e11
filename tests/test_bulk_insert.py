"""Bulk inserts (COPY on PostgreSQL, multi-row INSERTs on SQLite) store every value exactly, at any size.

Also: a casework snapshot stored before ``casework_record`` existed is still read and replaced, and the
benchmark table's index is there after an import that rebuilt it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import insert, inspect, select

from data_access import queries
from data_access.engine import upgrade
from data_access.importers import _records, run_import
from data_access.schema import CaseworkRecord, Dataset, ImportLog, Need, Person, Plan, Request

AWKWARD = [
    "a,b", 'say "hi"', "two\nlines", "cr\r\nlf", "tab\there", "back\\slash", "\\N", "NULL", "", " padded ",
    "é ü ß ✓ 日本 😀", "'; DROP TABLE benchmark; --", ",", '"', "x" * 100,
]


def _dataset(conn) -> int:
    log = conn.execute(insert(ImportLog).values(
        file_name="t.csv", sha256="0" * 64, status="started", rows_read=0, rows_loaded=0, rows_rejected=0,
        started_at=dt.datetime(2026, 1, 1)).returning(ImportLog.id)).scalar_one()
    return conn.execute(insert(Dataset).values(
        kind="casework", la_code="351", key="snapshot", import_id=log, sha256="0" * 64).returning(Dataset.id)).scalar_one()


def _rows(n: int) -> pd.DataFrame:
    texts = [AWKWARD[i % len(AWKWARD)] if i % 7 else None for i in range(n)]
    dates = pd.Series(pd.to_datetime([None if i % 5 == 0 else dt.date(1900 + i % 200, 1 + i % 12, 1 + i % 28)
                                      for i in range(n)])).astype("datetime64[ns]")
    return pd.DataFrame({
        "person_ref": [f"P{i}" for i in range(n)],
        "request_ref": [f"R{i}" for i in range(n)],
        "team": pd.Series(texts, dtype=object),
        "caseworker": pd.Series([t[::-1] if t else t for t in texts], dtype=object),
        "received_date": dates,
        "rya": pd.Series([None if i % 3 == 0 else bool(i % 2) for i in range(n)], dtype=object),
        "week20_exception": np.array([i % 2 == 0 for i in range(n)]),
    })


def _stored(engine, dataset_id: int) -> dict[str, list]:
    t = CaseworkRecord.__table__
    with engine.connect() as conn:
        rows = conn.execute(select(t.c.person_ref, t.c.request_ref, t.c.team, t.c.caseworker, t.c.received_date,
                                   t.c.rya, t.c.week20_exception)
                            .where(t.c.dataset_id == dataset_id).order_by(t.c.id)).all()
    names = ["person_ref", "request_ref", "team", "caseworker", "received_date", "rya", "week20_exception"]
    return {c: [r[i] for r in rows] for i, c in enumerate(names)}  # as the driver gave them


def _batch() -> int:
    """Rows per SQLite INSERT for the frame above plus dataset_id."""
    return _records._SQLITE_VALUES_PER_INSERT // (len(_rows(1).columns) + 1)


@pytest.mark.parametrize("rows", ["one", "a batch less one", "a batch", "two batches and one"])
def test_values_come_back_exactly_across_batch_boundaries(engine, rows):
    per = _batch()
    size = {"one": 1, "a batch less one": per - 1, "a batch": per, "two batches and one": 2 * per + 1}[rows]
    df = _rows(size)
    upgrade(engine)
    with engine.begin() as conn:
        ds = _dataset(conn)
        _records.bulk_insert(conn, CaseworkRecord.__table__, df.assign(dataset_id=ds))
    got = _stored(engine, ds)
    assert len(got["person_ref"]) == size
    for col in ("person_ref", "request_ref", "team", "caseworker"):
        assert got[col] == df[col].tolist(), col  # commas, quotes, newlines, '' and NULL kept apart
    want_dates = [None if pd.isna(d) else d.date() for d in df["received_date"]]
    assert [None if v is None else pd.Timestamp(v).date() for v in got["received_date"]] == want_dates
    assert got["rya"] == df["rya"].tolist()
    assert [bool(v) for v in got["week20_exception"]] == df["week20_exception"].tolist()


def test_missing_values_are_null_whether_or_not_the_column_holds_empty_text(engine):
    """On SQLite a missing value in a column without '' is sent as '' and stored by NULLIF as NULL; a column that
    does hold '' sends None, so its '' stays text. Flags are stored as the integers 0 and 1 either way."""
    n = 7
    upgrade(engine)
    with engine.begin() as conn:
        ds = _dataset(conn)
        _records.bulk_insert(conn, CaseworkRecord.__table__, pd.DataFrame({
            "person_ref": [f"P{i}" for i in range(n)], "request_ref": [f"R{i}" for i in range(n)],
            "team": pd.Series(["a", None, "b", None, "a", "c", None], dtype=object),  # no ''
            "caseworker": pd.Series(["", None, "x", "", None, "y", "z"], dtype=object),  # '' and None
            "ethnicity": pd.Series(["WBRI", None, None, "WBRI", "ABAN", None, "WBRI"], dtype="string[pyarrow]"),
            "received_date": pd.to_datetime(["2024-01-02", None, "2024-01-02", None, "1999-12-31", None, None]),
            "rya": pd.Series([True, None, False, None, True, False, None], dtype=object),
            "week20_exception": np.array([True, False, True, False, False, True, False]),
            "dataset_id": ds}))
        if conn.dialect.name == "sqlite":
            kinds = conn.exec_driver_sql(
                "SELECT typeof(team), typeof(caseworker), typeof(ethnicity), typeof(received_date), typeof(rya), "
                "typeof(week20_exception) FROM casework_record ORDER BY id").all()
            assert [k[0] for k in kinds] == ["text", "null", "text", "null", "text", "text", "null"]
            assert [k[1] for k in kinds] == ["text", "null", "text", "text", "null", "text", "text"]
            assert [k[2] for k in kinds] == ["text", "null", "null", "text", "text", "null", "text"]
            assert [k[3] for k in kinds] == ["text", "null", "text", "null", "text", "null", "null"]
            assert [k[4] for k in kinds] == ["integer", "null", "integer", "null", "integer", "integer", "null"]
            assert {k[5] for k in kinds} == {"integer"}
    got = _stored(engine, ds)
    assert got["team"] == ["a", None, "b", None, "a", "c", None]
    assert got["caseworker"] == ["", None, "x", "", None, "y", "z"]
    assert got["received_date"][:2] == [dt.date(2024, 1, 2), None] and got["received_date"][4] == dt.date(1999, 12, 31)
    assert got["rya"] == [True, None, False, None, True, False, None]
    assert [bool(v) for v in got["week20_exception"]] == [True, False, True, False, False, True, False]


def test_date_objects_are_stored_as_the_driver_would_store_them(engine):
    """A column of datetime.date and None (the SEN2 reader's) is formatted by Arrow on SQLite instead of by the
    driver's adapter cell by cell: the same ISO text; a column that is not only dates is left to the driver."""
    dates = [dt.date(1900, 1, 1), None, dt.date(2024, 2, 29), dt.date(2100, 12, 31), dt.date(1999, 10, 9)]
    assert _records._cells(pd.Series(dates, dtype=object))[0].tolist() == [d and d.isoformat() for d in dates]
    mixed = [dt.date(2024, 1, 1), dt.datetime(2024, 1, 1, 5, 30), None]
    assert _records._cells(pd.Series(mixed, dtype=object))[0].tolist() == mixed
    upgrade(engine)
    with engine.begin() as conn:
        ds = _dataset(conn)
        _records.bulk_insert(conn, CaseworkRecord.__table__, pd.DataFrame({
            "person_ref": [f"P{i}" for i in range(len(dates))], "request_ref": [f"R{i}" for i in range(len(dates))],
            "received_date": pd.Series(dates, dtype=object), "week20_exception": False, "dataset_id": ds}))
        if conn.dialect.name == "sqlite":  # the stored text itself, as sqlite3's date adapter writes it
            raw = conn.exec_driver_sql("SELECT received_date FROM casework_record ORDER BY id").scalars().all()
            assert raw == [d and d.isoformat() for d in dates]
    assert _stored(engine, ds)["received_date"] == dates


def test_benchmark_values_and_nulls_survive_the_bulk_path(engine):
    upgrade(engine)
    from data_access.schema import Benchmark

    df = pd.DataFrame({
        "source": "s", "release": [None, "r,1", 'r"2'], "measure": "m", "time_period": "202425", "year": 2025,
        "geographic_level": "National", "area_code": "E92000001", "area_name": ["Eng\nland", "", "ü"],
        "region_code": None, "breakdown_topic": "All", "breakdown": "All",
        "value": [1.5, np.nan, 1e-7],
    })
    with engine.begin() as conn:
        _records.bulk_insert(conn, Benchmark.__table__, df)
        rows = conn.execute(select(Benchmark.release, Benchmark.area_name, Benchmark.value, Benchmark.year)
                            .order_by(Benchmark.id)).all()
    assert [r.release for r in rows] == [None, "r,1", 'r"2']
    assert [r.area_name for r in rows] == ["Eng\nland", "", "ü"]
    assert rows[0].value == 1.5 and rows[1].value is None and rows[2].value == pytest.approx(1e-7)
    assert {r.year for r in rows} == {2025}


def test_a_snapshot_stored_before_casework_record_is_read_and_then_replaced(engine, tmp_path):
    upgrade(engine)
    with engine.begin() as conn:  # the shape casework snapshots had before migration 0003
        ds = _dataset(conn)
        person = conn.execute(insert(Person).values(dataset_id=ds, person_ref="OLD1", birth_date=dt.date(2015, 1, 1),
                                                    sex="M").returning(Person.id)).scalar_one()
        req = conn.execute(insert(Request).values(dataset_id=ds, person_id=person, request_ref="R-OLD",
                                                  received_date=dt.date(2024, 1, 2), request_outcome="Y",
                                                  request_outcome_date=dt.date(2024, 2, 1)).returning(Request.id)
                           ).scalar_one()
        plan = conn.execute(insert(Plan).values(request_id=req, start_date=dt.date(2024, 5, 1)).returning(Plan.id)
                            ).scalar_one()
        conn.execute(insert(Need).values(plan_id=plan, sen_type="ASD", rank=1))
    rec = queries.load_records(engine, la_code="351")
    assert rec[["source", "person_ref", "request_ref", "primary_need"]].values.tolist() == [
        ["casework", "OLD1", "R-OLD", "ASD"]]
    assert rec["plan_start_date"].tolist() == [pd.Timestamp("2024-05-01")]

    new = tmp_path / "casework.csv"
    new.write_text("person_id,birth_date,sex,request_id,received_date,request_outcome,request_outcome_date,"
                   "plan_start_date,primary_need,la_code\n"
                   "N1,2016-01-01,F,R-NEW,2024-03-01,Y,2024-04-01,2024-07-01,SEMH,351\n", encoding="utf-8")
    assert run_import(engine, new, kind="casework").status == "loaded"
    rec = queries.load_records(engine, la_code="351")
    assert rec[["person_ref", "request_ref", "primary_need"]].values.tolist() == [["N1", "R-NEW", "SEMH"]]
    with engine.connect() as conn:  # the old rows went with the old snapshot
        assert conn.execute(select(Request.id)).all() == [] and conn.execute(select(Need.id)).all() == []


def test_the_benchmark_area_index_is_there_after_an_import_rebuilt_it(engine, reference_dir):
    report = run_import(engine, reference_dir / "ees" / "ehcp-plans-release-2022.zip", kind="benchmarks")
    assert report.status == "loaded"
    indexes = {ix["name"]: ix["column_names"] for ix in inspect(engine).get_indexes("benchmark")}
    assert indexes["ix_benchmark_area"] == ["area_code"]  # schema 0010
    assert "ix_benchmark_lookup" not in indexes
