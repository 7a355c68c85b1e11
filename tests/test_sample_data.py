"""The committed synthetic sample data reproduces LA 351's published figures, and is reproducible.

Every figure is re-derived from the committed files with small counting functions written here (SPEC
section 2 arithmetic by hand, pandas only: no database, no KPI engine) and compared with the table in
sample_data/_common.py and, when ../shared/reference is present, with the DfE files themselves.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

from data_access.validation.identifiers import upn_status
from sample_data import _common as targets
from sample_data.sen2_writer import write_sen2

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
EES = ROOT.parent / "shared" / "reference" / "ees"
MOCK = ROOT.parent / "shared" / "reference" / "sen2-mock.xml"
SNAPSHOT = pd.Timestamp("2025-10-31")
JANUARY = {2019: "2019-01-17", 2020: "2020-01-16", 2021: "2021-01-21", 2022: "2022-01-20", 2023: "2023-01-19",
           2024: "2024-01-18", 2025: "2025-01-16"}  # third Thursdays, worked out on a calendar
DATES = ("birth_date", "received_date", "request_outcome_date", "assessment_outcome_date", "plan_start_date",
         "plan_cease_date", "review_meeting_date", "last_review_date", "review_draft_date",
         "phase_transfer_due_date", "phase_transfer_final_date")


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "casework.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def cw(raw) -> pd.DataFrame:
    df = raw.copy()
    for col in DATES:
        df[col] = pd.to_datetime(df[col].replace("", None), format="%Y-%m-%d")
    return df


def timeliness(df: pd.DataFrame, year: int) -> tuple[int, int, int, int]:
    issued = df["received_date"].notna() & (df["plan_start_date"].dt.year == year) & (df["transfer_la"] == "")
    within = issued & ((df["plan_start_date"] - df["received_date"]).dt.days <= 140)
    ex = df["week20_exception"] == "1"
    return int(issued.sum()), int(within.sum()), int((issued & ~ex).sum()), int((within & ~ex).sum())


def maintained(df: pd.DataFrame, when: str) -> pd.Series:
    d = pd.Timestamp(when)
    return (df["plan_start_date"] <= d) & (df["plan_cease_date"].isna() | (df["plan_cease_date"] > d))


def decisions(df: pd.DataFrame, year: int) -> tuple[int, int]:
    yn = (df["received_date"].dt.year == year) & df["request_outcome"].isin(["Y", "N"])
    fast = yn & ((df["request_outcome_date"] - df["received_date"]).dt.days <= 42)
    return int(fast.sum()), int(yn.sum())


def _ees(zip_name: str, member: str) -> pd.DataFrame:
    with zipfile.ZipFile(EES / zip_name) as z:
        df = pd.read_csv(io.BytesIO(z.read(member)), dtype=str, encoding="utf-8-sig")
    df.columns = [c.lower() for c in df.columns]
    return df[(df["old_la_code"] == "351") & df.get("breakdown", pd.Series("All", index=df.index)).str.startswith("All")]


@pytest.fixture(scope="module")
def published():
    if not EES.is_dir():
        pytest.skip("../shared/reference/ees is not beside the project: published figures not compared")
    files = {"timeliness": "timeliness_20_week", "requests": "requests", "caseload": "caseload",
             "needs": "sen_needs_all_plans"}
    out = {k: _ees("ehcp-plans-release-2025.zip", f"data/{f}.csv").set_index("time_period") for k, f in files.items()}
    return out | {"mi": _ees("ehcp-plans-release-2022.zip", "data/sen2_mi.csv").set_index("time_period")}


def test_hard_coded_targets_are_the_published_figures(published):
    t, r, c, n, mi = (published[k] for k in ("timeliness", "requests", "caseload", "needs", "mi"))
    cols = ["plans_issued_den", "plans_issued_within_20_weeks", "plans_issued_den_ex", "plans_issued_20_weeks_ex"]
    for year, expected in targets.TIMELINESS.items():
        assert tuple(int(t.loc[str(year), c_]) for c_ in cols) == expected
    for year in (2019, 2020, 2021):  # the older release agrees
        old = tuple(int(mi.loc[str(year), c_]) for c_ in ("totincexcehc", "incexc20weekehc", "totnoexcehc", "noexc20weekehc"))
        assert old == targets.TIMELINESS[year]
    for year, expected in targets.REQUESTS.items():
        assert int(r.loc[str(year), "requests_received_in_year"]) == expected
        assert int(r.loc[str(year), "requests_decided_not_to_assess"]) == targets.NOT_TO_ASSESS[year]
    for year, expected in targets.TO_ASSESS.items():
        assert int(r.loc[str(year), "requests_decided_to_assess"]) == expected
        assert float(r.loc[str(year), "request_outcome_six_weeks_pc"]) == targets.PUBLISHED_SIX_WEEKS_PCT[year]
    for year, expected in targets.JANUARY_STOCK.items():
        assert int(c.loc[f"{year - 1}{str(year)[2:]}", "ehcplans"]) == expected
    row = n.loc["202425"]
    for need, expected in targets.NEEDS_2025.items():
        assert int(row["number_need_unknown" if need is None else f"number_{need.lower()}"]) == expected
    assert int(row["ehc_plans"]) == targets.JANUARY_STOCK[2025] == sum(targets.NEEDS_2025.values())


def test_casework_header_is_the_spec_columns(raw):
    assert list(raw.columns) == [
        "person_id", "birth_date", "sex", "ethnicity", "request_id", "received_date", "request_source", "rya",
        "request_outcome", "request_outcome_date", "assessment_outcome", "assessment_outcome_date",
        "week20_exception", "plan_start_date", "plan_cease_date", "cease_reason", "transfer_la", "primary_need",
        "secondary_need", "setting_type", "setting_in_la", "review_meeting_date", "review_outcome",
        "last_review_date", "review_draft_date", "phase_transfer_due_date", "phase_transfer_final_date",
        "request_mediation", "request_tribunal", "assessment_mediation", "assessment_tribunal",
        "review_decision_date", "caseworker", "team", "la_code"]
    assert raw["request_id"].is_unique and set(raw["la_code"]) == {"351"}
    assert raw["person_id"].str.fullmatch(r"P\d{6}").all() and raw["request_id"].str.fullmatch(r"R\d{6}").all()


def test_timeliness_by_year_is_exact(cw):
    assert {y: timeliness(cw, y) for y in range(2019, 2025)} == targets.TIMELINESS
    assert timeliness(cw, 2020) == (302, 82, 274, 75)  # the README's worked example
    issued, within, *_ = timeliness(cw, 2025)
    assert 0.85 <= within / issued <= 0.95  # the plausible live year


def test_requests_and_decisions_by_year(cw):
    year = cw["received_date"].dt.year
    assert {y: int((year == y).sum()) for y in range(2019, 2025)} == targets.REQUESTS
    outcome = {y: cw.loc[year == y, "request_outcome"].value_counts() for y in range(2019, 2025)}
    assert {y: int(outcome[y].get("N", 0)) for y in outcome} == targets.NOT_TO_ASSESS
    assert {y: int(outcome[y].get("Y", 0)) for y in (2023, 2024)} == targets.TO_ASSESS
    assert decisions(cw, 2023) == (661, 665) and decisions(cw, 2024) == (514, 542)
    for y, pct in targets.PUBLISHED_SIX_WEEKS_PCT.items():
        fast, n = decisions(cw, y)
        assert abs(round(100 * fast / n, 1) - pct) <= 0.15
    assert 400 <= (year == 2025).sum() <= 460  # ~500 a year to 31 October


def test_january_stock_and_needs_are_exact(cw, raw):
    assert {y: int(maintained(cw, d).sum()) for y, d in JANUARY.items()} == targets.JANUARY_STOCK
    stock = raw[maintained(cw, JANUARY[2025]).to_numpy()]
    counts = stock["primary_need"].replace("", None).value_counts(dropna=False)
    assert {(None if pd.isna(k) else k): int(v) for k, v in counts.items()} == targets.NEEDS_2025
    ti = cw["transfer_la"] != ""
    assert (cw.loc[ti, "request_outcome"] == "H").all() and cw.loc[ti, "received_date"].isna().all()
    assert ti.sum() > 100 and (maintained(cw, JANUARY[2025]) & ti).sum() > 50
    hist = (cw["request_outcome"] == "H") & ~ti
    assert (cw.loc[hist, "plan_start_date"] < "2019-01-01").all()
    assert cw.loc[hist, "received_date"].dropna().between("2014-01-01", "2018-12-31").all()


def test_dates_follow_a_real_workflow(cw):
    for col in DATES:
        if col != "phase_transfer_due_date":  # a statutory deadline, may be after the snapshot
            assert (cw[col].dropna() <= SNAPSHOT).all(), col
    decided = (cw["request_outcome_date"] - cw["received_date"]).dt.days.dropna()
    assert decided.between(7, 112).all()
    yn = cw["request_outcome"].isin(["Y", "N"])
    assert cw.loc[yn, "request_outcome_date"].notna().all()
    plan = cw["plan_start_date"].notna() & cw["received_date"].notna()
    assert (cw.loc[plan, "plan_start_date"] > cw.loc[plan, "received_date"]).all()
    assert (cw.loc[plan, "assessment_outcome_date"] < cw.loc[plan, "plan_start_date"]).all()
    assert (cw.loc[plan, "assessment_outcome_date"] > cw.loc[plan, "request_outcome_date"]).all()
    ceased = cw["plan_cease_date"].notna()
    assert (cw.loc[ceased, "plan_cease_date"] > cw.loc[ceased, "plan_start_date"]).all()
    assert set(cw.loc[ceased, "cease_reason"]) <= set("123456789")
    reasons = cw.loc[ceased, "cease_reason"].value_counts()
    assert reasons[["2", "5", "6"]].sum() > 0.6 * reasons.sum()  # needs met, moved LA, not engaging


def _age(birth: pd.Series, at: pd.Series) -> pd.Series:
    """Completed years on the 31 August on or before ``at`` (SPEC 2)."""
    ref = at.dt.year - ((at.dt.month < 8) | ((at.dt.month == 8) & (at.dt.day < 31))).astype(int)
    return ref - birth.dt.year - (birth.dt.month > 8).astype(int)


def test_people_are_plausible(cw, raw):
    plan = cw["plan_start_date"].notna()
    age = _age(cw.loc[plan, "birth_date"], cw.loc[plan, "plan_start_date"])
    assert age.between(0, 25).all() and age.between(4, 15).mean() > 0.6
    for when in JANUARY.values():
        m = maintained(cw, when)
        assert _age(cw.loc[m, "birth_date"], pd.Series(pd.Timestamp(when), index=cw.index)[m]).between(0, 25).all()
    people = raw.drop_duplicates("person_id")
    assert 0.65 <= (people["sex"] == "M").mean() <= 0.75
    assert set(people["ethnicity"]) <= {"WBRI", "WIRI", "WOTH", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
                                        "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"}
    assert raw["person_id"].nunique() < len(raw)  # some people asked more than once
    assert set(raw["caseworker"]) == {f"CW{i:02d}" for i in range(1, 15)}
    assert set(raw["team"]) == {"North", "South", "East", "West", "Post-16"}
    assert raw.loc[plan.to_numpy(), "setting_in_la"].isin(["1", "0", ""]).all()
    assert (raw.loc[plan.to_numpy(), "setting_in_la"] == "1").mean() > 0.6


def test_open_assessments_at_the_snapshot(cw):
    open_ = (cw["request_outcome"] == "Y") & cw["plan_start_date"].isna() & cw["assessment_outcome"].isin(["A", ""])
    weeks = (SNAPSHOT - cw.loc[open_, "received_date"]).dt.days / 7
    assert 130 <= open_.sum() <= 170
    assert (weeks > 20).sum() > 0
    assert 30 <= (weeks.gt(16) & weeks.le(20)).sum() <= 50


def test_phase_transfers(cw):
    due = cw["phase_transfer_due_date"].dropna()
    assert set(due.dt.strftime("%m-%d")) == {"02-15", "03-31"}
    assert due.dt.year.min() == 2019 and due.dt.year.max() == 2026
    final = cw.loc[due.index, "phase_transfer_final_date"]
    past = due <= SNAPSHOT
    assert (final[past] <= due[past]).mean() > 0.7  # mostly on time
    assert (final[past] > due[past]).sum() > 0 and final[past].isna().sum() > 0  # some late, some outstanding
    for d in ("2026-02-15", "2026-03-31"):
        assert (due.eq(pd.Timestamp(d)) & final.isna()).sum() > 50


def test_complaints_log():
    df = pd.read_csv(SAMPLE / "complaints.csv", dtype=str, keep_default_na=False)
    received = pd.to_datetime(df["received_date"])
    assert received.min() >= pd.Timestamp("2022-01-01") and received.max() <= SNAPSHOT
    c = df[df["kind"] == "complaint"]
    per_year = pd.to_datetime(c["received_date"]).dt.year.value_counts()
    assert per_year[[2022, 2023, 2024]].between(100, 140).all()
    assert df["kind"].eq("compliment").sum() / 3.83 == pytest.approx(40, abs=8)
    assert c["stage"].value_counts(normalize=True)["1"] > 0.7 and set(c["stage"]) == {"1", "2", "ombudsman"}
    assert ((c["stage"] == "1") & (c["due_date"] == "")).sum() > 10
    done = c[(c["due_date"] != "") & (c["responded_date"] != "")]
    assert (done["responded_date"] <= done["due_date"]).mean() > 0.7


def test_censuses():
    e_share, k_share = [], []
    for year in range(2018, 2026):
        with gzip.open(SAMPLE / "census" / f"spring_census_{year}.csv.gz", "rt") as f:
            df = pd.read_csv(f, dtype=str, keep_default_na=False)
        assert list(df.columns) == ["upn", "census_date", "dob", "sex", "ncyearactual", "senprovision",
                                    "primary_sen_type", "fsmeligible", "language", "urn", "phase"]
        assert set(df["census_date"]) == {JANUARY.get(year, "2018-01-18")}
        assert 28_000 <= len(df) <= 33_000 and df["upn"].is_unique
        assert df["upn"].str.fullmatch(r"Z\d{12}").all()
        e_share.append((df["senprovision"] == "E").mean())
        k_share.append((df["senprovision"] == "K").mean())
        assert 0.13 <= (df["fsmeligible"] == "1").mean() <= 0.27
        assert 0.08 <= (df["language"] != "ENG").mean() <= 0.12
        assert "NSA" in set(df.loc[df["senprovision"] == "K", "primary_sen_type"])
        assert (df.loc[df["senprovision"] == "N", "primary_sen_type"] == "").all()
    assert e_share == sorted(e_share) and k_share == sorted(k_share)
    assert abs(e_share[0] - 0.028) < 0.004 and abs(e_share[-1] - 0.046) < 0.004
    assert abs(k_share[0] - 0.11) < 0.01 and abs(k_share[-1] - 0.14) < 0.01


def _paths(path: Path) -> set[str]:
    els = (el for el in etree.parse(str(path)).getroot().iter() if isinstance(el.tag, str))
    return {"/".join([a.tag for a in reversed(list(el.iterancestors()))] + [el.tag]) for el in els}


def sen2_requests(path: Path) -> pd.DataFrame:
    """One row per Requests element, read by hand with lxml, named like the casework columns."""
    fields = {"received_date": "ReceivedDate", "request_outcome_date": "RequestOutcomeDate",
              "request_outcome": "RequestOutcome", "week20_exception": "Assessment/Week20",
              "plan_start_date": "Assessment/NamedPlan/StartDate", "transfer_la": "ActivePlans/TransferLA"}
    rows = [{k: req.findtext(x) or "" for k, x in fields.items()} | {"active": req.find("ActivePlans") is not None}
            for req in etree.parse(str(path)).getroot().iter("Requests")]
    df = pd.DataFrame(rows)
    for col in ("received_date", "request_outcome_date", "plan_start_date"):
        df[col] = pd.to_datetime(df[col].replace("", None), format="%Y-%m-%d")
    return df


def check_return(xml: Path, cw: pd.DataFrame, year: int) -> None:
    """The return for ``year`` carries the casework's facts for calendar year ``year - 1``."""
    s, period = sen2_requests(xml), year - 1
    assert timeliness(s, period) == timeliness(cw, period)
    assert decisions(s, period) == decisions(cw, period)
    assert int(s["active"].sum()) == int(maintained(cw, JANUARY[year]).sum())
    assert (s["received_date"].dt.year == period).sum() == (cw["received_date"].dt.year == period).sum()
    earlier = (s["plan_start_date"].dt.year == period) & (s["request_outcome_date"].dt.year < period)
    assert earlier.any() and (s.loc[earlier, "request_outcome"] == "H").all()


def test_sen2_2025_has_the_mock_structure_and_no_personal_data():
    if not MOCK.is_file():
        pytest.skip("../shared/reference/sen2-mock.xml is not beside the project")
    ours, mock = _paths(SAMPLE / "sen2_2025.xml"), _paths(MOCK)
    documented = {"Message/Persons/Person/Requests/ActivePlans/ReviewDraft"}  # SPEC 1.1, SEN2 v1.3
    assert ours <= mock | documented and mock <= ours
    root = etree.parse(str(SAMPLE / "sen2_2025.xml")).getroot()
    for tag in ("Surname", "Forename", "PostCode", "UniqueLearnerNumber"):
        assert all(not (el.text or "").strip() for el in root.iter(tag))
    # made-up UPNs: LA number 000, which DfE never issues, each with its correct check letter, one per person
    upns = [el.text for el in root.iter("UPN")]
    assert len(upns) == len(set(upns)) == len(root.findall("Persons/Person"))
    assert all(u[1:4] == "000" and upn_status(u) == "ok" for u in upns)
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2025-01-16"
    assert root.findtext("Header/Source/LEA") == "351"
    assert "SYNTHETIC SAMPLE DATA" in (SAMPLE / "sen2_2025.xml").read_text(encoding="utf-8")[:300]


def test_sen2_2025_carries_the_casework_facts(cw):
    s = sen2_requests(SAMPLE / "sen2_2025.xml")
    assert int(s["active"].sum()) == 2804
    transferred = s["transfer_la"] != ""
    assert transferred.any() and s.loc[transferred, "plan_start_date"].isna().all()
    check_return(SAMPLE / "sen2_2025.xml", cw, 2025)


@pytest.mark.slow
@pytest.mark.parametrize("year", [2020, 2021, 2022, 2023, 2024])
def test_sen2_returns_of_earlier_years(tmp_path, raw, cw, year):
    path = write_sen2(raw, collection_year=year, la_code="351", path=tmp_path / f"sen2_{year}.xml")
    check_return(path, cw, year)


@pytest.mark.slow
def test_generator_is_reproducible(tmp_path):
    from sample_data.generate import generate

    written = generate(tmp_path)
    assert len(written) == 15  # with finance.xlsx and programme.xlsx
    for path in written:
        committed = SAMPLE / path.relative_to(tmp_path)
        assert path.read_bytes() == committed.read_bytes(), path.name
