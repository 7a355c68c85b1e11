"""load_finance: the frames.finance frames, on an empty database, and on one made before schema 0006."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import insert, inspect

from data_access import queries
from data_access.engine import make_engine, schema_current, upgrade
from data_access.schema import Base, FinanceAgreement, FinanceBudget, FinanceSaving, ImportLog
from frames.finance import FINANCE_FRAMES

DTYPES = {"str": "object", "int64": "int64", "float": "float64"}


def _shape_is_declared(frames: dict[str, pd.DataFrame]) -> None:
    assert set(frames) == {"budget", "agreement", "savings"}
    for name, kinds in FINANCE_FRAMES.items():
        df = frames[name]
        assert list(df.columns) == list(kinds), name
        assert {c: str(t) for c, t in df.dtypes.items()} == {c: DTYPES[k] for c, k in kinds.items()}, name


def _at(engine, revision: str) -> None:
    from alembic import command

    from data_access.engine import _alembic_config

    cfg = _alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def test_empty_database_gives_empty_frames_of_the_declared_shape(engine):
    frames = queries.load_finance(engine, la_code="351")
    _shape_is_declared(frames)
    assert all(df.empty for df in frames.values())
    _shape_is_declared(queries.empty_finance())


def test_rows_read_back_typed_sorted_and_by_la(engine):
    import datetime as dt

    with engine.begin() as conn:
        log = conn.execute(insert(ImportLog).values(file_name="f.xlsx", sha256="0" * 64, kind="finance",
                                                    status="loaded", started_at=dt.datetime(2025, 1, 1))
                           .returning(ImportLog.id)).scalar_one()
        conn.execute(insert(FinanceBudget), [
            {"la_code": "351", "financial_year": "2024-25", "period": 7, "line": "post16", "budget": 10.0,
             "forecast_outturn": 12.5, "actual_to_date": None, "import_id": log},
            {"la_code": "351", "financial_year": "2023-24", "period": 12, "line": "income", "budget": 5.0,
             "forecast_outturn": 5.0, "actual_to_date": 5.0, "import_id": log},
            {"la_code": "352", "financial_year": "2023-24", "period": 12, "line": "income", "budget": 1.0,
             "forecast_outturn": 1.0, "actual_to_date": 1.0, "import_id": log},
        ])
        conn.execute(insert(FinanceAgreement), [{"la_code": "351", "financial_year": "2024-25",
                                                 "planned_in_year_balance": 1.0, "planned_cumulative_balance": -2.0,
                                                 "dfe_contribution": None, "la_contribution": 0.5, "import_id": log}])
        conn.execute(insert(FinanceSaving), [{"la_code": "351", "ref": "S1", "workstream": "W", "description": None,
                                              "financial_year": "2024-25", "target": 3.0, "delivered": None,
                                              "status": "red", "import_id": log}])
    f = queries.load_finance(engine, la_code="351")
    _shape_is_declared(f)
    assert f["budget"]["financial_year"].tolist() == ["2023-24", "2024-25"]
    assert f["budget"]["forecast_outturn"].sum() == 17.5
    assert pd.isna(f["budget"]["actual_to_date"].iloc[1])
    assert pd.isna(f["agreement"]["dfe_contribution"].iloc[0]) and f["savings"]["description"].iloc[0] is None
    assert len(queries.load_finance(engine, la_code="352")["budget"]) == 1
    # deleting the import deletes its rows (ON DELETE CASCADE; SQLite enforces foreign keys here)
    from sqlalchemy import delete
    with engine.begin() as conn:
        conn.execute(delete(ImportLog).where(ImportLog.id == log))
    assert all(df.empty for df in queries.load_finance(engine, la_code="351").values())


def test_a_database_made_before_the_finance_tables_does_not_raise(db_url):
    engine = make_engine(db_url)
    _at(engine, "0005")
    assert not inspect(engine).has_table("finance_budget") and not schema_current(engine)
    frames = queries.load_finance(engine, la_code="351")
    _shape_is_declared(frames)
    assert all(df.empty for df in frames.values())
    assert queries.load_scenarios(engine, la_code="351") == []
    assert not queries.holds_real_records(engine)
    from data_access.samples import remove_synthetic, synthetic_counts

    assert synthetic_counts(engine) == {"datasets": 0, "complaints": 0, "finance": 0}
    remove_synthetic(engine)
    upgrade(engine)  # 0005 -> 0006
    assert schema_current(engine) and inspect(engine).has_table("forecast_scenario")
    engine.dispose()


def test_the_migrations_build_the_schema_the_models_declare(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
