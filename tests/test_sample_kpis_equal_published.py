"""Issue 12, done when: ``senddash kpis --json`` on the bundled sample reproduces LA 351's published request
outcomes, mediation and tribunal counts, assessments, ceased plans by reason and placement mix, cell for cell.

The published figures are read here straight from the DfE's release zip with the csv module (not through the
dashboard's benchmark importer), and the KPI figures from the CLI's JSON, as an outside checker would."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import zipfile

import pytest

from dashboard.cli import main
from data_access.reference import shipped_benchmark_files

LA = "351"
GROUPS = {"mainstream": "mainstream_total", "special": "special_total", "ap_pru": "ap_pru_total",
          "post16": "fe_total", "early_years": "nm_early_years", "elsewhere": "ed_elsewhere"}
REASONS = ("max_age", "needs_met", "he", "employ", "transfer", "no_engage", "moved_outside_eng", "deceased", "other")


def _published(name: str, topic: str) -> dict[int, dict[str, str]]:
    """LA 351's "All ..." rows of one file of the June 2025 release, by calendar year (January for caseload)."""
    release = next(p for p in shipped_benchmark_files() if "2025" in p.name)
    with zipfile.ZipFile(release) as z:
        member = next(n for n in z.namelist() if n.endswith(f"/{name}.csv"))
        rows = csv.DictReader(io.TextIOWrapper(z.open(member), encoding="utf-8-sig"))
        return {int(r["time_period"][-2:]) + 2000 if len(r["time_period"]) == 6 else int(r["time_period"]): r
                for r in rows if r["old_la_code"] == LA and r["breakdown_topic"] == topic}


@pytest.fixture(scope="module")
def kpis(tmp_path_factory) -> dict:
    url = f"sqlite:///{tmp_path_factory.mktemp('sample') / 'demo.sqlite'}"
    assert main(["--db", url, "demo"]) == 0
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--db", url, "kpis", "--json"]) == 0
    return json.loads(out.getvalue())


def _by_year(k: dict, section: str, key: str = "by_year") -> dict[int, dict]:
    return {r["year"]: r for r in k[section][key]}


def test_request_outcomes_mediation_and_tribunal(kpis):
    ours, theirs = _by_year(kpis, "requests"), _published("requests", "All requests for EHC needs assessments")
    for year in (2023, 2024):
        r, p = ours[year], theirs[year]
        assert (r["received"], r["assess"], r["not_assess"], r["withdrawn"], r["not_decided"]) == tuple(
            int(p[c]) for c in ("requests_received_in_year", "requests_decided_to_assess",
                                "requests_decided_not_to_assess", "requests_withdrawn", "requests_decision_not_made"))
        assert r["assess_pct"] == float(p["request_assess_pc"])
        assert (r["mediation"], r["tribunal"]) == (int(p["mediation_related_request"]),
                                                   int(p["tribunal_related_request"]))
    assert [ours[y]["not_assess"] for y in range(2019, 2025)] == [
        int(theirs[y]["requests_decided_not_to_assess"]) for y in range(2019, 2025)]


def test_assessments_completed(kpis):
    ours, theirs = _by_year(kpis, "assessments"), _published("assessments", "All EHC needs assessments")
    for year in (2023, 2024):
        a, p = ours[year], theirs[year]
        assert (a["completed"], a["issued"], a["not_issued"], a["not_issued_within_16_weeks"],
                a["mediation"], a["tribunal"]) == tuple(int(p[c]) for c in (
                    "assess_in_year", "assess_issued", "assess_not_issued", "outcome_decision_within_time",
                    "number_assess_mediation", "number_assess_tribunal"))
        assert a["not_issued_within_16_weeks_pct"] == float(p["outcome_decision_within_time_pc"])


def test_ceased_plans_by_reason(kpis):
    ours, theirs = _by_year(kpis, "ceased"), _published("ceased_plans", "All ceased EHC plans")
    for year in (2022, 2023, 2024):
        assert ours[year]["total"] == int(theirs[year]["total_ceased"])
        assert [ours[year]["by_reason"][str(n)] for n in range(1, 10)] == [int(theirs[year][c]) for c in REASONS]


def test_placement_mix_at_each_january(kpis):
    ours, theirs = _by_year(kpis, "placements", "january"), _published("caseload", "All EHC plans")
    for year in range(2019, 2026):
        row, p = ours[year], theirs[year]
        assert row["total"] == int(p["ehcplans"]), year
        for group, column in GROUPS.items():
            if p[column] not in ("x", "c", "z", ""):
                assert row[group] == int(p[column]), (year, group)
        independent = sum(int(p[c]) for c in ("mainstream_independent", "special_independent", "special_non_maintained"))
        assert row["independent"] == independent, year
    assert ours[2025]["independent_pct"] == 8.7 and ours[2025]["unknown"] == int(theirs[2025]["placement_unknown"])
