"""Every query is parameterised (SPEC section 5), checked three ways.

1. Statically: the ``ast`` of every module in ``data_access/`` and ``dashboard/`` is scanned for SQL
   sinks (``text``, ``literal_column``, ``execute``, ``executemany``, ``exec_driver_sql``, a driver
   ``copy``, ``read_sql``) whose SQL is built with an f-string, ``%``, ``+``, ``.format`` or ``.join``.
   Only a short, reviewed list of functions may do so, and only with table and column names from the
   schema; the scanner is itself tested on good and bad snippets.
2. While importing files full of SQL-looking values, no SQL statement sent to the database contains
   them (they travel as bound parameters) and they come back verbatim.
3. Hostile filter values (LA code, needs, age bands, comparators, as they could arrive from a URL)
   give empty results or a clear ValueError, and every table still exists.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest
from dbsnap import snapshot
from sqlalchemy import event, inspect, select

from dashboard import read
from data_access import queries
from data_access.importers import run_import
from data_access.published import ensure_published
from data_access.schema import Base, CaseworkRecord, Complaint

ROOT = Path(__file__).resolve().parents[2]
SINK_METHODS = {"execute", "executemany", "exec_driver_sql", "copy", "read_sql", "read_sql_query"}
SINK_FUNCTIONS = {"text", "literal_column", "read_sql", "read_sql_query"}
# Reviewed: these build SQL only from table/column names taken from data_access.schema, never a value.
ALLOWED = {
    ("data_access/importers/_records.py", "_max_ids"),
    ("data_access/importers/_records.py", "bulk_insert"),
    ("data_access/importers/_records.py", "write_records"),
}


def _dynamic(node: ast.AST, assigned: dict[str, list[ast.AST]], seen: frozenset = frozenset()) -> bool:
    """True when ``node`` builds a string from something other than constants."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return not (_constant(node.left, assigned) and _constant(node.right, assigned))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
        return True
    if isinstance(node, ast.Name) and node.id not in seen:
        return any(_dynamic(v, assigned, seen | {node.id}) for v in assigned.get(node.id, []))
    return False


def _constant(node: ast.AST, assigned: dict[str, list[ast.AST]]) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.BinOp):
        return _constant(node.left, assigned) and _constant(node.right, assigned)
    return isinstance(node, ast.JoinedStr) and not _dynamic(node, assigned)


def _sql_arg(call: ast.Call) -> ast.AST | None:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    if (isinstance(func, ast.Attribute) and name in SINK_METHODS) or (isinstance(func, ast.Name)
                                                                        and name in SINK_FUNCTIONS):
        if call.args:
            return call.args[0]
        return next((k.value for k in call.keywords if k.arg in ("sql", "statement", "query", "text")), None)
    return None


def dynamic_sql(source: str) -> list[tuple[str, int]]:
    """(function name, line) of every SQL sink whose SQL is built from non-constant parts."""
    tree = ast.parse(source)
    found = []
    scopes = [tree, *[n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]]
    for scope in scopes:
        assigned: dict[str, list[ast.AST]] = {}
        body = list(ast.walk(scope)) if scope is not tree else list(ast.iter_child_nodes(scope))
        for node in body:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, []).append(node.value)
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and isinstance(node.target, ast.Name) \
                    and node.value is not None:
                assigned.setdefault(node.target.id, []).append(
                    node.value if isinstance(node, ast.AnnAssign) else ast.BinOp(node.target, node.op, node.value))
        name = getattr(scope, "name", "<module>")
        for node in (ast.walk(scope) if scope is not tree else []):
            if isinstance(node, ast.Call):
                arg = _sql_arg(node)
                if arg is not None and _dynamic(arg, assigned):
                    found.append((name, node.lineno))
    return sorted(set(found), key=lambda f: f[1])


def _modules() -> list[Path]:
    return sorted(p for d in ("data_access", "dashboard") for p in (ROOT / d).rglob("*.py")
                  if "migrations" not in p.parts)


BAD = {
    "f-string": 'def f(conn, la):\n    conn.execute(text(f"SELECT * FROM request WHERE la = \'{la}\'"))\n',
    "percent": 'def f(conn, la):\n    conn.exec_driver_sql("SELECT * FROM request WHERE la = \'%s\'" % la)\n',
    "plus via a name": 'def f(conn, la):\n    sql = "SELECT * FROM t WHERE la = " + la\n    conn.execute(text(sql))\n',
    "format": 'def f(cur, la):\n    cur.execute("SELECT {}".format(la))\n',
    "augmented": 'def f(conn, la):\n    q = "SELECT 1"\n    q += la\n    conn.exec_driver_sql(q)\n',
    "literal_column": 'def f(la):\n    return literal_column(f"\'{la}\'")\n',
    "pandas": 'def f(engine, la):\n    return pd.read_sql(f"SELECT * FROM t WHERE la={la}", engine)\n',
}
GOOD = {
    "constant": 'def f(conn):\n    conn.execute(text("SELECT 1"))\n',
    "bound": 'def f(conn, la):\n    conn.execute(text("SELECT * FROM t WHERE la = :la"), {"la": la})\n',
    "constant f-string parts": 'def f(conn):\n    conn.execute(text("SELECT " "1" + " FROM t"))\n',
    "construct": 'def f(conn, la):\n    stmt = select(T).where(T.la == la)\n    conn.execute(stmt)\n',
    "pandas copy": 'def f(df):\n    return df.copy()\n',
}


@pytest.mark.parametrize("case", list(BAD))
def test_the_scanner_finds_sql_built_from_values(case):
    assert dynamic_sql(BAD[case]) != [], case


@pytest.mark.parametrize("case", list(GOOD))
def test_the_scanner_passes_parameterised_sql(case):
    assert dynamic_sql(GOOD[case]) == [], case


def test_no_sql_is_built_from_values_outside_the_reviewed_functions():
    modules = _modules()
    assert len(modules) > 30  # the scan really covers the code
    found = {(str(p.relative_to(ROOT)), name, line) for p in modules
             for name, line in dynamic_sql(p.read_text(encoding="utf-8"))}
    unexpected = sorted(f for f in found if (f[0], f[1]) not in ALLOWED)
    assert unexpected == [], f"SQL built from values (use bound parameters): {unexpected}"
    stale = ALLOWED - {(f[0], f[1]) for f in found}
    assert not stale, f"no longer build SQL dynamically; remove from ALLOWED: {stale}"


# --------------------------------------------------------------------------- values travel as parameters

HOSTILE = ["351'; DROP TABLE request;--", "' OR 1=1 --", 'x"); DELETE FROM dataset; --', "Robert'); --",
           "\\'; SELECT pg_sleep(5); --", "a;b", "%s %(x)s ? :la", "\\.", "O'Brien \u2019s team"]


def _csv(rows: list[dict]) -> str:
    return pd.DataFrame(rows).to_csv(index=False)


def test_sql_looking_values_are_stored_verbatim_and_never_in_a_statement(engine, tmp_path):
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda c, cur, stmt, *a: statements.append(stmt))
    case = tmp_path / "casework.csv"
    case.write_text(_csv([
        {"person_id": f"P{i}", "birth_date": "2015-01-01", "sex": "M", "request_id": f"R{i} {v}",
         "received_date": "2024-01-01", "request_outcome": "A", "caseworker": v, "team": v, "la_code": "351",
         "plan_start_date": "", "primary_need": ""}
        for i, v in enumerate(HOSTILE)]), encoding="utf-8")
    complaints = tmp_path / "complaints.csv"
    complaints.write_text(_csv([
        {"record_id": v, "kind": "complaint", "received_date": "2024-02-01", "responded_date": "", "team": v}
        for v in HOSTILE]),
        encoding="utf-8")
    for path, kind in ((case, "casework"), (complaints, "complaints")):
        report = run_import(engine, path, kind=kind, la_code="351")
        assert (report.status, report.rows_loaded) == ("loaded", len(HOSTILE)), report.summary()
    assert statements, "the listener saw the statements"
    for stmt in statements:
        for value in HOSTILE[:5]:
            assert value not in stmt, stmt[:300]
    with engine.connect() as conn:
        assert sorted(conn.execute(select(CaseworkRecord.team)).scalars()) == sorted(HOSTILE)
        assert sorted(conn.execute(select(CaseworkRecord.caseworker)).scalars()) == sorted(HOSTILE)
        assert sorted(conn.execute(select(Complaint.record_id)).scalars()) == sorted(HOSTILE)
        assert sorted(conn.execute(select(Complaint.team)).scalars()) == sorted(HOSTILE)
    assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)


# --------------------------------------------------------------------------- hostile filter values


@pytest.fixture
def loaded(engine, tmp_path):
    root = ROOT / "sample_data"
    for path, kind in ((root / "casework.csv", "casework"), (root / "complaints.csv", "complaints")):
        assert run_import(engine, path, kind=kind, la_code="351").status == "loaded"
    ensure_published(engine)  # as the CLI's first use would (so the reads below find a used database)
    return engine


@pytest.mark.parametrize("value", HOSTILE[:4])
def test_hostile_la_codes_find_nothing_and_harm_nothing(loaded, value):
    before = snapshot(loaded)
    assert len(queries.load_records(loaded, la_code=value)) == 0
    assert len(queries.load_complaints(loaded, la_code=value)) == 0
    assert len(queries.load_census(loaded, la_code=value)) == 0
    assert len(queries.load_benchmarks(loaded, measures=[value], area_codes=[value], sources=[value])) == 0
    try:
        result = read.kpis(loaded, la_code=value)
    except ValueError as exc:  # a clear refusal naming the value is also fine
        assert value in str(exc), exc
    else:
        assert result["la_code"] == value
        assert result["requests"]["by_year"] == [] or all(r["received"] == 0 for r in result["requests"]["by_year"])
    assert snapshot(loaded) == before
    assert set(inspect(loaded).get_table_names()) >= set(Base.metadata.tables)


@pytest.mark.parametrize("field", ["needs", "age_bands", "comparators"])
def test_hostile_filters_are_refused_or_match_nothing(loaded, field):
    before = snapshot(loaded)
    plain = read.kpis(loaded, la_code="351")
    try:
        result = read.kpis(loaded, la_code="351", **{field: [HOSTILE[0], HOSTILE[1]]})
    except ValueError as exc:
        assert HOSTILE[0] in str(exc) or HOSTILE[1] in str(exc), exc
    else:
        if field == "needs":  # no request has that need: nothing counted
            assert all(r["received"] == 0 for r in result["requests"]["by_year"]), result["requests"]
        else:  # comparators only choose benchmark rows, none of which has that code
            assert result["requests"] == plain["requests"]
    assert snapshot(loaded) == before
    assert set(inspect(loaded).get_table_names()) >= set(Base.metadata.tables)
