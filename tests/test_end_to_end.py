"""End to end: ``senddash demo`` then ``senddash kpis --json --as-at 2025-10-31`` gives LA 351's published figures.

The sample LA is built to reproduce the DfE "Education, health and care plans" release 2025 for LA 351
(Bury) for 2019-2024 (sample_data/README.md). Here the published figures are read from the real DfE
files in ../shared/reference/ees with pandas (skipped when that folder is not beside the project) and
are also hand-copied below, so the test still bites without it. The KPI object's benchmark block
must carry the published England and North West headline figures.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from dashboard.cli import main

EES = Path(__file__).resolve().parent.parent.parent / "shared" / "reference" / "ees"
YEARS = range(2019, 2025)
TIMELINESS_KEYS = ("issued", "within", "pct", "issued_ex", "within_ex", "pct_ex")

# Hand-copied from ehcp-plans-release-2025.zip, rows with old_la_code 351 (and breakdown "All ...").
# timeliness_20_week.csv: plans_issued_den, plans_issued_within_20_weeks, pc_plans_issued_within_20_weeks,
# plans_issued_den_ex, plans_issued_20_weeks_ex, PC_plans_issued_20_weeks_ex
TIMELINESS = {
    2019: (213, 168, 78.9, 213, 168, 78.9),
    2020: (302, 82, 27.2, 274, 75, 27.4),
    2021: (263, 90, 34.2, 259, 90, 34.7),
    2022: (429, 219, 51.0, 429, 219, 51.0),
    2023: (436, 323, 74.1, 436, 323, 74.1),
    2024: (296, 293, 99.0, 296, 293, 99.0),
}
REQUESTS = {2019: 336, 2020: 370, 2021: 477, 2022: 610, 2023: 675, 2024: 560}  # requests_received_in_year
JANUARY = {2019: 1617, 2020: 1727, 2021: 1935, 2022: 2087, 2023: 2241, 2024: 2686, 2025: 2804}  # caseload ehcplans
# PC_plans_issued_20_weeks_ex, "All EHC plans issued": England (National) and North West (Regional)
ENGLAND_PCT_EX = {2019: 60.4, 2020: 58.0, 2021: 59.9, 2022: 49.2, 2023: 50.3, 2024: 46.4}
NORTH_WEST_PCT_EX = {2019: 60.1, 2020: 62.5, 2021: 66.5, 2022: 62.7, 2023: 56.7, 2024: 50.5}


@pytest.fixture(scope="module")
def kpis(tmp_path_factory) -> dict:
    """demo into a fresh SQLite file, then the KPI JSON as at the sample snapshot date."""
    folder = tmp_path_factory.mktemp("e2e")
    db = f"sqlite:///{folder / 'demo.sqlite'}"
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith("SENDDASH_") and name != "SENDDASH_TEST_POSTGRES_URL":
                mp.delenv(name)
        mp.setenv("SENDDASH_SETTINGS", str(folder / "no-such-settings.toml"))
        mp.chdir(folder)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
            assert main(["--db", db, "demo"]) == 0, err.getvalue()
        with contextlib.redirect_stdout(out):
            assert main(["--db", db, "kpis", "--json", "--as-at", "2025-10-31"]) == 0
    return json.loads(out.getvalue())


def _read(zip_name: str, member: str) -> pd.DataFrame:
    with zipfile.ZipFile(EES / zip_name) as z:
        df = pd.read_csv(io.BytesIO(z.read(member)), dtype=str, encoding="utf-8-sig")
    df.columns = [c.lower() for c in df.columns]  # column case changes between releases
    return df


@pytest.fixture(scope="module")
def published() -> dict:
    """The same figures as the tables above, read from the real DfE release with pandas."""
    if not (EES / "ehcp-plans-release-2025.zip").is_file():
        pytest.skip("../shared/reference/ees is not beside the project: the DfE files are not re-read")
    zip_name = "ehcp-plans-release-2025.zip"
    t = _read(zip_name, "data/timeliness_20_week.csv")
    t = t[t["breakdown"] == "All EHC plans issued"]
    la = t[t["old_la_code"] == "351"].set_index("time_period")
    cols = ("plans_issued_den", "plans_issued_within_20_weeks", "pc_plans_issued_within_20_weeks",
            "plans_issued_den_ex", "plans_issued_20_weeks_ex", "pc_plans_issued_20_weeks_ex")
    r = _read(zip_name, "data/requests.csv")
    r = r[(r["old_la_code"] == "351") & r["breakdown"].str.startswith("All requests")].set_index("time_period")
    c = _read(zip_name, "data/caseload.csv")
    c = c[(c["old_la_code"] == "351") & (c["breakdown"] == "All EHC plans")].set_index("time_period")
    national = t[t["geographic_level"] == "National"].set_index("time_period")
    north_west = t[(t["geographic_level"] == "Regional") & (t["region_name"] == "North West")].set_index("time_period")
    return {
        "timeliness": {y: tuple(float(la.loc[str(y), col]) for col in cols) for y in YEARS},
        "requests": {y: int(r.loc[str(y), "requests_received_in_year"]) for y in YEARS},
        # caseload is by academic year: 201819 is the January 2019 snapshot ... 202425 January 2025
        "january": {y: int(c.loc[f"{y - 1}{y % 100:02d}", "ehcplans"]) for y in range(2019, 2026)},
        "england": {y: float(national.loc[str(y), "pc_plans_issued_20_weeks_ex"]) for y in YEARS},
        "north_west": {y: float(north_west.loc[str(y), "pc_plans_issued_20_weeks_ex"]) for y in YEARS},
    }


def test_the_hand_copied_tables_are_the_published_files(published):
    assert published["timeliness"] == {y: tuple(float(v) for v in row) for y, row in TIMELINESS.items()}
    assert published["requests"] == REQUESTS
    assert published["january"] == JANUARY
    assert published["england"] == ENGLAND_PCT_EX
    assert published["north_west"] == NORTH_WEST_PCT_EX


def _timeliness(kpis: dict) -> dict[int, tuple]:
    rows = {r["year"]: r for r in kpis["timeliness"]["by_year"]}
    return {y: tuple(rows[y][k] for k in TIMELINESS_KEYS) for y in YEARS}


def test_kpis_command_is_for_the_sample_la_at_the_snapshot(kpis):
    assert (kpis["as_at"], kpis["la_code"], kpis["filters"]) == ("2025-10-31", "351", {"need": [], "age_band": []})


def test_timeliness_by_year_is_the_published_figures(kpis):
    assert _timeliness(kpis) == TIMELINESS


def test_timeliness_by_year_matches_the_dfe_file(kpis, published):
    assert {y: tuple(float(v) for v in row) for y, row in _timeliness(kpis).items()} == published["timeliness"]


def test_requests_received_by_year(kpis, published):
    got = {r["year"]: r["received"] for r in kpis["requests"]["by_year"] if r["year"] in YEARS}
    assert got == REQUESTS == published["requests"]
    growth = {r["year"]: r["growth_pct"] for r in kpis["requests"]["by_year"]}
    assert growth[2021] == 28.9 and growth[2024] == -17.0  # 477/370 - 1, 560/675 - 1 by hand


def test_plans_at_january_2019_to_2025(kpis, published):
    got = {r["year"]: r["count"] for r in kpis["ehcps"]["january"] if 2019 <= r["year"] <= 2025}
    assert got == JANUARY == published["january"]
    growth = {r["year"]: r["growth_pct"] for r in kpis["ehcps"]["january"]}
    assert (growth[2021], growth[2025]) == (12.0, 4.4)  # 1935/1727 - 1 = 12.04%, 2804/2686 - 1 = 4.39%


def test_benchmarks_block_has_england_and_north_west(kpis, published):
    bench = kpis["benchmarks"]  # as printed and read back: JSON object keys are strings
    england = bench["england"]["timeliness_pct_ex"]
    region = bench["region"]
    assert (region["code"], region["name"]) == ("E12000002", "North West")
    assert {y: england[str(y)] for y in YEARS} == ENGLAND_PCT_EX == published["england"]
    assert {y: region["timeliness_pct_ex"][str(y)] for y in YEARS} == NORTH_WEST_PCT_EX == published["north_west"]
    # the LA's own published headline, shipped with the product, is what the casework gives
    own = bench["la_published"]["timeliness_pct_ex"]
    assert {y: own[str(y)] for y in YEARS} == {y: row[5] for y, row in TIMELINESS.items()}
    assert {y: bench["la_published"]["plans_january"][str(y)] for y in JANUARY} == JANUARY
