"""The sample casework follows LA 351's published 2023-2024 request outcomes, assessments and ceased plans.

Each figure is counted straight from sample_data/casework.csv with pandas using SPEC section 2's
definitions (no KPI engine) and compared with the LA 351 "All ..." row of the DfE release 2025 zip,
read here; no published number is written in this file.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
CASEWORK = ROOT / "sample_data" / "casework.csv"
RELEASE = ROOT.parent / "shared" / "reference" / "ees" / "ehcp-plans-release-2025.zip"
AS_AT = pd.Timestamp("2025-10-31")  # the sample's snapshot
DATES = ("received_date", "request_outcome_date", "assessment_outcome_date", "plan_start_date", "plan_cease_date")
CEASE_COLUMNS = {"1": "max_age", "2": "needs_met", "3": "he", "4": "employ", "5": "transfer", "6": "no_engage",
                 "7": "moved_outside_eng", "8": "deceased", "9": "not_rec"}


def _published(member: str) -> pd.DataFrame:
    if not RELEASE.is_file():
        pytest.skip(f"{RELEASE} is not beside the project: published figures not compared")
    with zipfile.ZipFile(RELEASE) as z:
        df = pd.read_csv(io.BytesIO(z.read(f"data/{member}.csv")), dtype=str, encoding="utf-8-sig")
    la = df[(df["old_la_code"] == "351") & df["breakdown"].str.startswith("All")]
    return la.set_index("time_period")


@pytest.fixture(scope="module")
def cw() -> pd.DataFrame:
    df = pd.read_csv(CASEWORK, dtype=str, keep_default_na=False)
    for col in DATES:
        df[col] = pd.to_datetime(df[col].replace("", None), format="%Y-%m-%d")
    return df


def _cell(df: pd.DataFrame, year: int, column: str) -> int:
    return int(df.loc[str(year), column])


@pytest.mark.parametrize("year", [2023, 2024])
def test_request_outcomes_mediation_and_tribunal(cw, year):
    pub = _published("requests")
    received = cw[cw["received_date"].dt.year == year]
    outcome = received["request_outcome"]
    undecided = (outcome == "A") | (received["request_outcome_date"] > AS_AT)
    assert len(received) == _cell(pub, year, "requests_received_in_year")
    assert int((outcome == "Y").sum()) == _cell(pub, year, "requests_decided_to_assess")
    assert int((outcome == "N").sum()) == _cell(pub, year, "requests_decided_not_to_assess")
    assert int((outcome == "W").sum()) == _cell(pub, year, "requests_withdrawn")
    assert int(undecided.sum()) == _cell(pub, year, "requests_decision_not_made")
    assert int((received["request_mediation"] == "1").sum()) == _cell(pub, year, "mediation_related_request")
    assert int((received["request_tribunal"] == "1").sum()) == _cell(pub, year, "tribunal_related_request")


@pytest.mark.parametrize("year", [2023, 2024])
def test_assessments_completed(cw, year):
    pub = _published("assessments")
    done = cw[cw["assessment_outcome_date"].dt.year == year]
    outcome = done["assessment_outcome"]
    not_issued = done[outcome == "N"]
    fast = (not_issued["assessment_outcome_date"] - not_issued["received_date"]).dt.days <= 112
    assert len(done[outcome.isin(["Y", "N", "W"])]) == _cell(pub, year, "assess_in_year")
    assert int((outcome == "Y").sum()) == _cell(pub, year, "assess_issued")
    assert len(not_issued) == _cell(pub, year, "assess_not_issued")
    assert int((outcome == "W").sum()) == _cell(pub, year, "assess_withdrawn")
    assert int(fast.sum()) == _cell(pub, year, "outcome_decision_within_time")
    assert int((~fast).sum()) == _cell(pub, year, "outcome_decision_over_time")
    assert int((done["assessment_mediation"] == "1").sum()) == _cell(pub, year, "number_assess_mediation")
    assert int((done["assessment_tribunal"] == "1").sum()) == _cell(pub, year, "number_assess_tribunal")


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_ceased_plans_by_reason(cw, year):
    pub = _published("ceased_plans")
    ceased = cw[cw["plan_cease_date"].dt.year == year]
    assert len(ceased) == _cell(pub, year, "total_ceased")
    counts = ceased["cease_reason"].value_counts()
    assert {c: int(counts.get(r, 0)) for r, c in CEASE_COLUMNS.items()} == {
        c: _cell(pub, year, c) for c in CEASE_COLUMNS.values()}


def test_plans_at_january_still_published(cw):
    pub = _published("caseload")
    for year, day in {2022: "2022-01-20", 2023: "2023-01-19", 2024: "2024-01-18", 2025: "2025-01-16"}.items():
        d = pd.Timestamp(day)
        kept = (cw["plan_start_date"] <= d) & (cw["plan_cease_date"].isna() | (cw["plan_cease_date"] > d))
        assert int(kept.sum()) == _cell(pub, f"{year - 1}{year % 100:02d}", "ehcplans")
