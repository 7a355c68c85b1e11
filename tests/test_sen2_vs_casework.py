"""The same facts as SEN2 returns or as a casework extract give the same KPIs.

Database A holds the SEN2 returns for collection years 2020..2025 written from sample_data/casework.csv
by sample_data/sen2_writer.py; database B holds casework.csv itself. Timeliness, requests and January
stocks must agree (and be LA 351's published figures). A small hand-written case checks the same
with a casework CSV and an SEN2 XML written here by hand, with hand-worked numbers.


"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from dashboard import read
from data_access.engine import make_engine, upgrade
from data_access.importers import run_import
from sample_data.sen2_writer import write_sen2

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
AS_AT = dt.date(2025, 10, 31)
COLLECTION_YEARS = range(2020, 2026)
YEARS = range(2019, 2025)
# LA 351, DfE release 2025 (timeliness_20_week.csv, requests.csv, caseload.csv; see test_end_to_end.py)
PUBLISHED_TIMELINESS = {2019: (213, 168, 213, 168), 2020: (302, 82, 274, 75), 2021: (263, 90, 259, 90),
                        2022: (429, 219, 429, 219), 2023: (436, 323, 436, 323), 2024: (296, 293, 296, 293)}
PUBLISHED_REQUESTS = {2019: 336, 2020: 370, 2021: 477, 2022: 610, 2023: 675, 2024: 560}
PUBLISHED_JANUARY = {2020: 1727, 2021: 1935, 2022: 2087, 2023: 2241, 2024: 2686, 2025: 2804}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dbs(tmp_path_factory):
    """(engine A with the six SEN2 returns, engine B with the casework extract, import reports)."""
    folder = tmp_path_factory.mktemp("sen2_vs_casework")
    cw = pd.read_csv(SAMPLE / "casework.csv", dtype=str, keep_default_na=False)
    a = make_engine(f"sqlite:///{folder / 'a_sen2.sqlite'}")
    b = make_engine(f"sqlite:///{folder / 'b_casework.sqlite'}")
    upgrade(a)
    upgrade(b)
    reports = [run_import(a, write_sen2(cw, collection_year=y, la_code="351", path=folder / f"sen2_{y}.xml"))
               for y in COLLECTION_YEARS]
    reports.append(run_import(b, SAMPLE / "casework.csv"))
    yield a, b, reports
    a.dispose()
    b.dispose()


@pytest.fixture(scope="module")
def kpis(dbs):
    a, b, _ = dbs
    return (read.kpis(a, la_code="351", as_at=AS_AT), read.kpis(b, la_code="351", as_at=AS_AT))


def by_year(rows: list[dict], key: str = "year") -> dict:
    return {r[key]: r for r in rows}


def test_every_return_and_the_extract_load_whole(dbs):
    *_, reports = dbs
    assert [(r.kind, r.status, r.rows_rejected) for r in reports] == [("sen2", "loaded", 0)] * 6 + [
        ("casework", "loaded", 0)]
    assert [r.target for r in reports[:6]] == [f"sen2:351:{y}" for y in COLLECTION_YEARS]


def test_timeliness_by_year_is_the_same_in_every_field(kpis):
    sen2, casework = (by_year(k["timeliness"]["by_year"]) for k in kpis)
    assert {y: sen2[y] for y in YEARS} == {y: casework[y] for y in YEARS}
    assert {y: tuple(sen2[y][k] for k in ("issued", "within", "issued_ex", "within_ex")) for y in YEARS} \
        == PUBLISHED_TIMELINESS


def test_requests_received_by_year_are_the_same(kpis):
    sen2, casework = (by_year(k["requests"]["by_year"]) for k in kpis)
    fields = ("received", "decided", "decided_within_6_weeks", "decided_within_6_weeks_pct")
    assert {y: {f: sen2[y][f] for f in fields} for y in YEARS} == {y: {f: casework[y][f] for f in fields} for y in YEARS}
    assert {y: sen2[y]["received"] for y in YEARS} == PUBLISHED_REQUESTS
    # growth needs the year before: the 2020 return is the first, so 2019 has none from SEN2
    assert {y: sen2[y]["growth_pct"] for y in range(2020, 2025)} == {
        y: casework[y]["growth_pct"] for y in range(2020, 2025)}


def test_january_counts_are_the_same(kpis):
    sen2, casework = (by_year(k["ehcps"]["january"]) for k in kpis)
    years = range(2020, 2026)
    assert {y: (sen2[y]["date"], sen2[y]["count"]) for y in years} == {
        y: (casework[y]["date"], casework[y]["count"]) for y in years}
    assert {y: sen2[y]["count"] for y in years} == PUBLISHED_JANUARY
    assert {y: sen2[y]["growth_pct"] for y in range(2021, 2026)} == {
        y: casework[y]["growth_pct"] for y in range(2021, 2026)}


def test_plans_maintained_at_the_last_reference_date_by_need_are_the_same(dbs):
    a, b, _ = dbs
    day = dt.date(2025, 1, 16)
    sen2, casework = (read.kpis(e, la_code="351", as_at=day)["ehcps"] for e in (a, b))
    assert sen2["maintained"] == casework["maintained"] == 2804
    assert sen2["by_age_band"] == casework["by_age_band"] and sen2["by_sex"] == casework["by_sex"]
    # the casework lists DS (a need first used after January 2025) with 0; compare the needs present
    assert {n: v for n, v in sen2["by_need"].items() if v} == {n: v for n, v in casework["by_need"].items() if v}


def test_open_assessments_at_past_dates_are_the_same(dbs):
    a, b, _ = dbs
    days = [dt.date(2020, 6, 30), dt.date(2022, 1, 20), dt.date(2023, 1, 19), dt.date(2024, 1, 18)]
    got = {}
    for name, engine in (("sen2", a), ("casework", b)):
        for day in days:
            t = read.kpis(engine, la_code="351", as_at=day)["timeliness"]
            got[name, day] = (t["open_assessments"]["total"], t["open_over_20_weeks"])
    assert {d: got["sen2", d] for d in days} == {d: got["casework", d] for d in days}


def test_school_phase_transfers_due_are_the_same(kpis):
    # 15 February transfers only: a 31 March post-16 transfer of a plan started after the reference
    # date cannot be in that year's return (the casework has 4 such in 2024)
    sen2, casework = ({t["due_date"]: t["due"] for t in k["transitions"]} for k in kpis)
    feb = [f"{y}-02-15" for y in COLLECTION_YEARS]
    assert {d: sen2.get(d) for d in feb} == {d: casework.get(d) for d in feb}


# --------------------------------------------------------------------------- a small case by hand

# Collection year 2024: reference date 18 January 2024 (third Thursday), period calendar 2023.
#  P1 received 2022-10-03, decided (Y) 2022-11-10, plan issued 2023-02-20: 140 days, within 20 weeks;
#     decided before the period, so RequestOutcome H in the return, yet the plan counts in 2023.
#  P2 plan transferred in from LA 352 on 2023-05-01: maintained, never timed.
#  P3 received 2023-01-09, plan issued 2023-07-03 with a 20-week exception: 175 days, late.
#  P4 received 2023-03-01, plan issued 2023-07-10: 131 days, within.
#  P5 received 2023-04-03, refused 2023-05-10.
#  P6 received 2019-01-10, plan issued 2019-05-01, ceased 2023-09-30: not maintained at the reference date.
# 2023: issued 3 (P1, P3, P4), within 2 (66.7%); excluding exceptions 2 of 2 (100.0%); median
# 140 days = 20.0 weeks. Requests received in 2023: 3 (P3, P4, P5). Maintained at 2024-01-18: 4 (P1-P4).
HAND_CASEWORK = """\
person_id,birth_date,sex,request_id,received_date,request_outcome,request_outcome_date,assessment_outcome,\
assessment_outcome_date,week20_exception,plan_start_date,plan_cease_date,cease_reason,transfer_la,primary_need,la_code
P1,2012-03-14,M,R1,2022-10-03,Y,2022-11-10,Y,2023-02-01,0,2023-02-20,,,,ASD,351
P2,2009-06-30,F,R2,,H,,,,0,2023-05-01,,,352,SEMH,351
P3,2015-11-02,M,R3,2023-01-09,Y,2023-02-10,Y,2023-06-12,1,2023-07-03,,,,SLCN,351
P4,2017-01-20,F,R4,2023-03-01,Y,2023-04-05,Y,2023-06-20,0,2023-07-10,,,,MLD,351
P5,2016-08-15,M,R5,2023-04-03,N,2023-05-10,,,0,,,,,,351
P6,2005-04-11,F,R6,2019-01-10,H,,,,0,2019-05-01,2023-09-30,2,,PD,351
"""


def _person(birth: str, sex: str, requests: str) -> str:
    return f"""    <Person>
      <Surname></Surname><Forename></Forename>
      <PersonBirthDate>{birth}</PersonBirthDate><Sex>{sex}</Sex><Ethnicity>WBRI</Ethnicity>
      <PostCode></PostCode><UPN></UPN><UniqueLearnerNumber></UniqueLearnerNumber><UPNunknown>UN1</UPNunknown>
      <Requests>
{requests}      </Requests>
    </Person>
"""


def _request(received: str, outcome: str, decided: str) -> str:
    return f"""        <ReceivedDate>{received}</ReceivedDate><RYA>0</RYA>
        <RequestOutcomeDate>{decided}</RequestOutcomeDate><RequestOutcome>{outcome}</RequestOutcome>
        <RequestMediation>0</RequestMediation><RequestTribunal>0</RequestTribunal><Exported></Exported>
"""


def _assessment(outcome: str, date: str, week20: int, start: str, cease: str = "", reason: str = "") -> str:
    return f"""        <Assessment>
          <AssessmentOutcome>{outcome}</AssessmentOutcome><AssessmentOutcomeDate>{date}</AssessmentOutcomeDate>
          <Week20>{week20}</Week20>
          <NamedPlan>
            <StartDate>{start}</StartDate>
            <PlanRes></PlanRes><PlanWBP></PlanWBP><PB>0</PB><OA>0</OA><DP></DP>
            <CeaseDate>{cease}</CeaseDate><CeaseReason>{reason}</CeaseReason>
          </NamedPlan>
        </Assessment>
"""


def _active(need: str, transfer_la: str = "") -> str:
    return f"""        <ActivePlans>
          <TransferLA>{transfer_la}</TransferLA>
          <SENneed><SENtype>{need}</SENtype><SENtypeRank>1</SENtypeRank></SENneed>
          <ReviewMeeting></ReviewMeeting><ReviewOutcome></ReviewOutcome><LastReview></LastReview>
        </ActivePlans>
"""


HAND_SEN2 = f"""<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails><Collection>SEN2</Collection><Year>2024</Year><ReferenceDate>2024-01-18</ReferenceDate>
    </CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>351</LEA><SoftwareCode>hand</SoftwareCode><Release>1.0</Release>
      <SerialNo>001</SerialNo><DateTime>2024-01-19T09:00:00</DateTime><DMO>Y</DMO><DCO>Y</DCO></Source>
  </Header>
  <Persons>
{_person("2012-03-14", "M", _request("2022-10-03", "H", "2022-11-10") + _assessment("Y", "2023-02-01", 0, "2023-02-20")
         + _active("ASD"))}\
{_person("2009-06-30", "F", _request("", "H", "") + _active("SEMH", transfer_la="352"))}\
{_person("2015-11-02", "M", _request("2023-01-09", "Y", "2023-02-10") + _assessment("Y", "2023-06-12", 1, "2023-07-03")
         + _active("SLCN"))}\
{_person("2017-01-20", "F", _request("2023-03-01", "Y", "2023-04-05") + _assessment("Y", "2023-06-20", 0, "2023-07-10")
         + _active("MLD"))}\
{_person("2016-08-15", "M", _request("2023-04-03", "N", "2023-05-10"))}\
{_person("2005-04-11", "F", _request("2019-01-10", "H", "") + _assessment("H", "", 0, "2019-05-01", "2023-09-30", "2"))}\
  </Persons>
</Message>
"""


@pytest.fixture
def hand(tmp_path):
    a = make_engine(f"sqlite:///{tmp_path / 'hand_sen2.sqlite'}")
    b = make_engine(f"sqlite:///{tmp_path / 'hand_casework.sqlite'}")
    upgrade(a)
    upgrade(b)
    (tmp_path / "hand.xml").write_text(HAND_SEN2, encoding="utf-8")
    (tmp_path / "hand.csv").write_text(HAND_CASEWORK, encoding="utf-8")
    reports = (run_import(a, tmp_path / "hand.xml"), run_import(b, tmp_path / "hand.csv"))
    yield a, b, reports
    a.dispose()
    b.dispose()


def test_hand_written_case_gives_the_same_timeliness_and_maintained(hand):
    a, b, reports = hand
    assert [(r.kind, r.status, r.rows_read, r.rows_rejected) for r in reports] == [
        ("sen2", "loaded", 6, 0), ("casework", "loaded", 6, 0)]
    day = dt.date(2024, 1, 18)
    sen2, casework = (read.kpis(e, la_code="351", as_at=day) for e in (a, b))
    expected = {"year": 2023, "issued": 3, "within": 2, "pct": 66.7, "issued_ex": 2, "within_ex": 2,
                "pct_ex": 100.0, "median_weeks": 20.0,
                # the one plan past 140 days was issued within the year
                "over_20_weeks_within_year": 1, "over_20_weeks_within_year_pct": 33.3, "over_a_year": 0,
                "over_a_year_pct": 0.0}
    assert by_year(sen2["timeliness"]["by_year"])[2023] == expected
    assert by_year(casework["timeliness"]["by_year"])[2023] == expected
    assert sen2["ehcps"]["maintained"] == casework["ehcps"]["maintained"] == 4
    assert {n: v for n, v in sen2["ehcps"]["by_need"].items() if v} == {"ASD": 1, "SEMH": 1, "SLCN": 1, "MLD": 1}
    assert {n: v for n, v in casework["ehcps"]["by_need"].items() if v} == {"ASD": 1, "SEMH": 1, "SLCN": 1, "MLD": 1}
    assert by_year(sen2["ehcps"]["january"])[2024]["count"] == by_year(casework["ehcps"]["january"])[2024]["count"] == 4
    assert by_year(sen2["requests"]["by_year"])[2023]["received"] == 3
    assert by_year(casework["requests"]["by_year"])[2023]["received"] == 3
    assert sen2["timeliness"]["open_over_20_weeks"] == casework["timeliness"]["open_over_20_weeks"] == 0
