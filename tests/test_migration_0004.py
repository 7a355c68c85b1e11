"""Migration 0004 (issue 12 inputs) upgrades a database at 0003 with data in place."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import inspect, text

from data_access import queries
from data_access.engine import _alembic_config, ensure_schema, make_engine, schema_current


def _at_revision(engine, revision: str) -> None:
    cfg = _alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def test_upgrade_from_0003_keeps_the_records_and_adds_the_new_columns(db_url):
    engine = make_engine(db_url)
    _at_revision(engine, "0003")
    now = dt.datetime(2026, 1, 1)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO import_log (id, file_name, sha256, kind, status, rows_read, rows_loaded, "
                          "rows_rejected, started_at) VALUES (1, 'x.xml', :s, 'sen2', 'loaded', 1, 1, 0, :t)"),
                     {"s": "a" * 64, "t": now})
        conn.execute(text("INSERT INTO dataset (id, kind, la_code, key, collection_year, reference_date, import_id, "
                          "sha256) VALUES (1, 'sen2', '351', '2025', 2025, '2025-01-16', 1, :s)"), {"s": "a" * 64})
        conn.execute(text("INSERT INTO person (id, dataset_id, person_ref) VALUES (1, 1, 'P1')"))
        conn.execute(text("INSERT INTO request (id, dataset_id, person_id, request_ref, request_outcome) "
                          "VALUES (1, 1, 1, 'P1-R1', 'Y')"))
        conn.execute(text("INSERT INTO assessment (id, request_id, assessment_outcome, week20_exception) "
                          "VALUES (1, 1, 'Y', false)"))
        conn.execute(text("INSERT INTO plan (id, request_id, start_date, active) VALUES (1, 1, '2024-07-15', true)"))
        conn.execute(text("INSERT INTO placement (id, plan_id, placement_rank, urn, setting_type) "
                          "VALUES (1, 1, 1, NULL, 'early_years')"))
        conn.execute(text("INSERT INTO review (id, plan_id, review_meeting_date) VALUES (1, 1, '2024-11-12')"))
    assert not schema_current(engine)
    ensure_schema(engine)
    assert schema_current(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"establishment", "casework_placement"} <= tables
    cols = {c["name"] for c in inspect(engine).get_columns("placement")}
    assert {"sen_unit", "resourced_provision"} <= cols
    rec = queries.load_records(engine)
    assert rec["request_ref"].tolist() == ["P1-R1"]
    assert rec["setting_type"].tolist() == ["early_years"]
    assert rec["review_meeting_date"].tolist() == [dt.datetime(2024, 11, 12)]
    assert rec["assessment_mediation"].isna().all() and rec["review_decision_date"].isna().all()
    assert queries.load_placements(engine)["setting_type"].tolist() == ["early_years"]
    engine.dispose()
