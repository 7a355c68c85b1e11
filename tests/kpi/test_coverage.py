"""Each source covers its own dates; a period after a source's end is "no data", not 0; a measure whose
column no file had is "not recorded" (issue 11, parts 1 and 6). Synthetic people only."""

from datetime import date

import pandas as pd

from dashboard.disclosure.kpis import protect_kpis
from dashboard.kpi import coverage
from dashboard.kpi.kpi_object import build_kpis, default_as_at
from tests.kpi.fixtures import casework, plan, sen2

COMPLAINTS = "record_id kind received_date stage category due_date responded_date outcome team".split()
CENSUS = "census_date provision need age_band sex fsm eal phase pupils".split()
BENCH = ("source measure time_period year geographic_level area_code area_name region_code breakdown_topic "
         "breakdown value").split()
CASEWORK_COLUMNS = ("person_id", "birth_date", "sex", "request_id", "received_date", "request_outcome",
                    "request_outcome_date", "assessment_outcome", "plan_start_date", "primary_need",
                    # issue 12's inputs, so that only the request flags below are missing
                    "assessment_mediation", "assessment_tribunal", "review_meeting_date", "review_decision_date",
                    "review_outcome", "cease_reason")


def _complaints(rows: list[tuple[str, str | None]]) -> pd.DataFrame:
    """Complaints received (and answered) on the given dates."""
    df = pd.DataFrame([{"record_id": f"C{i}", "kind": "complaint", "received_date": r, "stage": "1",
                        "category": "process", "due_date": None, "responded_date": a, "outcome": "upheld",
                        "team": "North"} for i, (r, a) in enumerate(rows)], columns=COMPLAINTS)
    for c in ("received_date", "due_date", "responded_date"):
        df[c] = pd.to_datetime(df[c])
    return df


def _sources(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame([{"kind": k, "key": key, "reference_date": pd.Timestamp(ref) if ref else pd.NaT,
                          "imported_at": pd.Timestamp(imp), "columns": cols} for k, key, ref, imp, cols in rows],
                        columns=["kind", "key", "reference_date", "imported_at", "columns"])


def _casework_to_march() -> pd.DataFrame:
    return casework([plan("2024-06-03", "2024-10-01"), plan("2024-09-02", "2025-01-13"),
                     {"received_date": "2025-02-03", "request_outcome": "Y", "request_outcome_date": "2025-03-15"}],
                    snapshot="2025-03-15")


def _kpis(records, complaints, sources=None, as_at=None) -> dict:
    return build_kpis(records=records, complaints=complaints, census=pd.DataFrame(columns=CENSUS),
                      benchmarks=pd.DataFrame(columns=BENCH), as_at=as_at, la_code="351", sources=sources)


def test_each_source_has_its_own_coverage_end():
    k = _kpis(_casework_to_march(), _complaints([("2024-11-04", "2024-12-31"), ("2024-12-02", None)]))
    assert k["as_at"] == "2025-03-15"  # the casework extract's end
    assert k["coverage"] == {"casework": "2025-03-15", "sen2": None, "complaints": "2024-12-31", "census": None,
                             "finance": None}


def test_complaints_after_the_log_ends_are_no_data_not_zero():
    k = _kpis(_casework_to_march(), _complaints([("2024-11-04", "2024-12-10"), ("2024-12-02", None)]))
    quarters = {q["quarter"]: q for q in k["complaints"]["by_quarter"]}
    assert quarters["2024-Q4"]["received"] == 2
    assert quarters["2025-Q1"]["received"] is None and quarters["2025-Q1"]["compliments"] is None
    months = {m["month"]: m for m in k["complaints"]["by_month"]}
    assert months["2024-12"]["received"] == 1 and months["2025-01"]["received"] is None
    assert months["2025-03"]["responded_on_time_pct"] is None
    shown = protect_kpis(k, threshold=1)  # the viewer's copy keeps the blanks and the coverage
    assert {q["quarter"]: q["received"] for q in shown["complaints"]["by_quarter"]}["2025-Q1"] is None
    assert shown["coverage"]["complaints"] == "2024-12-10"


def test_record_periods_after_the_extract_ends_are_no_data():
    k = _kpis(_casework_to_march(), _complaints([]), as_at=date(2025, 6, 30))
    months = {m["month"]: m for m in k["requests"]["by_month"]}
    assert months["2025-02"]["received"] == 1 and months["2025-04"]["received"] is None
    assert {m["month"]: m["issued"] for m in k["timeliness"]["by_month"]}["2025-05"] is None
    stock = {m["month"]: m["maintained"] for m in k["ehcps"]["maintained_by_month"]}
    assert stock["2025-03"] == 2 and stock["2025-06"] is None  # the month the extract ends in keeps its figure


def test_casework_end_is_never_after_the_import():
    records = casework([plan("2024-06-03", "2024-10-01", review_meeting_date="2025-09-01")], snapshot="2025-01-31")
    imported = _sources(("casework", "snapshot", "2025-01-31", "2025-02-01 10:00", None))
    assert coverage.casework_end(records, imported, today=date(2026, 1, 1)) == date(2024, 10, 1)
    assert default_as_at(records, sources=imported, today=date(2026, 1, 1)) == date(2024, 10, 1)


def test_sen2_only_default_as_at_is_the_returns_reference_date():
    # a return whose records carry a date after its reference date (a phase transfer finalised in March)
    returns = sen2(2025, [plan("2024-02-05", "2024-06-03", active=True, phase_transfer_due_date="2025-02-15",
                               phase_transfer_final_date="2025-03-15")])
    assert default_as_at(returns, today=date(2026, 1, 1)) == date(2025, 1, 16)
    k = _kpis(returns, _complaints([]))
    assert k["as_at"] == "2025-01-16" and k["coverage"]["sen2"] == "2025-01-16"


def test_sen2_coverage_is_reported_beside_casework():
    sources = _sources(("sen2", "2024", "2024-01-18", "2024-02-01", None),
                       ("casework", "snapshot", "2025-03-15", "2025-03-16", CASEWORK_COLUMNS))
    k = _kpis(_casework_to_march(), _complaints([]), sources=sources)
    assert k["coverage"]["sen2"] == "2024-01-18" and k["coverage"]["casework"] == "2025-03-15"


def test_a_column_no_file_had_is_not_recorded():
    sources = _sources(("casework", "snapshot", "2025-03-15", "2025-03-16", CASEWORK_COLUMNS))
    k = _kpis(_casework_to_march(), _complaints([]), sources=sources)
    assert k["not_recorded"] == ["requests_mediation", "requests_tribunal"]
    assert all(r["mediation"] is None and r["tribunal"] is None for r in k["requests"]["by_year"])
    shown = protect_kpis(k, threshold=5)
    assert shown["not_recorded"] == ["requests_mediation", "requests_tribunal"]
    assert all(r["mediation"] is None for r in shown["requests"]["by_year"])


def test_a_column_the_file_had_is_recorded_even_when_all_no():
    cols = (*CASEWORK_COLUMNS, "request_mediation", "request_tribunal")
    sources = _sources(("casework", "snapshot", "2025-03-15", "2025-03-16", cols))
    k = _kpis(_casework_to_march(), _complaints([]), sources=sources)
    assert k["not_recorded"] == []
    assert {r["year"]: r["mediation"] for r in k["requests"]["by_year"]}[2024] == 0


def test_without_file_columns_an_empty_column_is_not_recorded():
    records = _casework_to_march()  # no mediation values in any row, and no file columns known
    missing = coverage.not_recorded(records)
    assert missing[:2] == ["requests_mediation", "requests_tribunal"] and "reviews_decided" in missing
    records.loc[0, "request_mediation"] = False
    records.loc[0, "review_decision_date"] = pd.Timestamp("2025-01-10")
    missing = coverage.not_recorded(records)
    assert "requests_mediation" not in missing and "requests_tribunal" in missing
    assert "reviews_decided" not in missing and "reviews_within_4_weeks_pct" not in missing


def test_period_start_and_blank_after():
    assert [coverage.period_start(p) for p in (2025, "2025", "2025-03", "2025-Q2", "2025-01-16")] == [
        date(2025, 1, 1), date(2025, 1, 1), date(2025, 3, 1), date(2025, 4, 1), date(2025, 1, 16)]
    rows = [{"quarter": "2024-Q4", "received": 3, "bands": {"a": 1}}, {"quarter": "2025-Q1", "received": 0,
                                                                       "bands": {"a": 0}}]
    assert coverage.blank_after(rows, "quarter", "2024-12-31") == [
        rows[0], {"quarter": "2025-Q1", "received": None, "bands": {"a": None}}]
    assert coverage.blank_after(rows, "quarter", None) == rows
