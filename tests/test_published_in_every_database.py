"""DfE's published figures in every database, not only the demo (issue 10, part 3).

Before: a council that imported only its own casework got empty ``benchmarks`` from ``senddash kpis``
and no England or North West figures anywhere, because the shipped releases were loaded only by
``senddash demo``.
"""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
import pytest

from dashboard.cli import main
from data_access.engine import make_engine
from data_access.published import holds_benchmarks
from data_access.reference import HERE, statistical_neighbours
from tests.conftest import SAMPLE

pytestmark = pytest.mark.usefixtures("no_local_settings")


def _published_england_2024() -> float:
    """England's 2024 % within 20 weeks excluding exceptions, read straight from the shipped release."""
    with zipfile.ZipFile(HERE / "ees" / "ehcp-plans-release-2025.zip") as z:
        df = pd.read_csv(io.BytesIO(z.read("data/timeliness_20_week.csv")), dtype=str)
    df.columns = [c.lower() for c in df.columns]
    row = df[(df["geographic_level"] == "National") & (df["time_period"] == "2024")
             & df["breakdown"].str.startswith("All")]
    return float(row["pc_plans_issued_20_weeks_ex"].iloc[0])


def _kpis(capsys, db_url: str) -> dict:
    assert main(["--db", db_url, "kpis"]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_database_holding_only_the_las_casework_has_every_benchmark(db_url, capsys):
    assert main(["--db", db_url, "import", str(SAMPLE / "casework.csv")]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.strip() == ("casework.csv: casework loaded: 5,408 rows read, 5,408 loaded, 0 rejected. "
                                    "Validation: 0 errors, 2 queries (senddash validate lists them).")
    b = _kpis(capsys, db_url)["benchmarks"]
    assert b["england"]["timeliness_pct_ex"]["2024"] == _published_england_2024()
    assert b["region"]["name"] == "North West" and b["region"]["timeliness_pct_ex"]["2024"] is not None
    assert b["la_published"]["plans_january"]["2025"] is not None
    sn = statistical_neighbours()
    bury = sn[sn["la_name"] == "Bury"]["neighbour_la_name"].tolist()
    assert len(bury) == 10 and [c["la_name"] for c in b["comparators"]] == bury


def test_first_use_by_kpis_alone_and_a_newer_release_still_replaces(db_url, capsys, tmp_path):
    assert _kpis(capsys, db_url)["benchmarks"]["england"]["timeliness_pct_ex"]["2024"] == _published_england_2024()
    newer = tmp_path / "timeliness_20_week.csv"
    newer.write_text(
        "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
        "new_la_code,old_la_code,la_name,breakdown_topic,breakdown,plans_issued_den,plans_issued_den_ex,"
        "plans_issued_within_20_weeks,plans_issued_20_weeks_ex,pc_plans_issued_within_20_weeks,"
        "pc_plans_issued_20_weeks_ex\n"
        "2024,Calendar year,National,E92000001,England,,,,,,All EHC plans issued,All EHC plans issued,"
        "100,90,45,45,45.0,50.0\n", encoding="utf-8")
    assert main(["--db", db_url, "import", str(newer)]) == 0
    capsys.readouterr()
    assert _kpis(capsys, db_url)["benchmarks"]["england"]["timeliness_pct_ex"]["2024"] == 50.0


def test_a_read_only_database_without_benchmarks_still_answers(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'ro.sqlite'}"
    eng = make_engine(url)
    from data_access.engine import upgrade

    upgrade(eng)
    eng.dispose()
    ro = f"sqlite:///file:{tmp_path / 'ro.sqlite'}?mode=ro&uri=true"
    k = _kpis(capsys, ro)  # nothing could be loaded, and that is not an error for a reader
    assert k["benchmarks"]["comparators"] == [] and not holds_benchmarks(make_engine(ro, create=False))
