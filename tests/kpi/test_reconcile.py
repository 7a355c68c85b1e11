"""Reconciliation of casework, an SEN2 return and DfE's published figures, on small frames worked by hand.

Collection year 2025: reference date 2025-01-16 (third Thursday), period calendar 2024. Synthetic people.

  A  born 2015-01-01 M: received 2024-01-10, plan 2024-05-01 (112 days, within), ASD, mainstream -- the same in both
  B  born 2016-02-02 F: received 2024-02-05, 20-week exception, SEMH, special; plan 2024-08-01 in the casework
     (178 days, late), 2024-06-20 in the return (136 days, within): a different date
  C  born 2017-03-03 M: received 2024-03-01; casework N (not to assess), return Y: a different outcome
  D  born 2018-04-04 F: received 2024-04-01, awaiting a decision: casework only (missing from the return)
  E  born 2012-05-05 M: received 2024-06-01, withdrawn: return only (missing from the casework)
  F  born 2009-06-06 F: received 2019-01-10, plan 2019-05-01, MLD, special; in the return H with no NamedPlan,
     under ActivePlans -- the same (a start date the return does not carry, before 2024, is not a difference)

Casework: plans issued in 2024 A, B = 2, within 20 weeks A = 1 (50.0%); exceptions left out A: 1 of 1 (100.0%);
requests received A-D = 4; plans at January 2025 A, B, F = 3 (ASD 1, SEMH 1, MLD 1; mainstream 1, special 2).
Return: plans issued A, B = 2, both within (100.0%); exceptions left out 1 of 1; requests A, B, C, E = 4; plans 3.
Published (made up for LA 999): 3 issued, 2 within (66.7%), 5 requests, 3 plans, 2 in special schools.
"""

from __future__ import annotations

import pandas as pd

from dashboard.kpi.reconcile import reconcile
from tests.kpi.fixtures import casework, sen2

LA = "999"
PEOPLE = {"A": ("2015-01-01", "M"), "B": ("2016-02-02", "F"), "C": ("2017-03-03", "M"), "D": ("2018-04-04", "F"),
          "E": ("2012-05-05", "M"), "F": ("2009-06-06", "F"), "G": ("2014-07-07", "M")}


def who(name: str, ref: str, **row) -> dict:
    birth, sex = PEOPLE[name]
    return {"person_ref": name if not ref.startswith("P") else ref.split("-")[0], "request_ref": ref,
            "birth_date": birth, "sex": sex, **row}


def cw_frame(*extra: dict) -> pd.DataFrame:
    return casework([
        who("A", "R-A", received_date="2024-01-10", request_outcome="Y", request_outcome_date="2024-02-01",
            assessment_outcome="Y", plan_start_date="2024-05-01", primary_need="ASD", setting_type="mainstream"),
        who("B", "R-B", received_date="2024-02-05", request_outcome="Y", request_outcome_date="2024-03-01",
            assessment_outcome="Y", plan_start_date="2024-08-01", week20_exception=True, primary_need="SEMH",
            setting_type="special_maintained"),
        who("C", "R-C", received_date="2024-03-01", request_outcome="N", request_outcome_date="2024-03-20"),
        who("D", "R-D", received_date="2024-04-01", request_outcome="A"),
        who("F", "R-F", received_date="2019-01-10", request_outcome="Y", request_outcome_date="2019-02-01",
            assessment_outcome="Y", plan_start_date="2019-05-01", primary_need="MLD", setting_type="special_maintained"),
        *extra,
    ])


def s2_frame(*extra: dict) -> pd.DataFrame:
    return sen2(2025, [
        who("A", "P1-R1", received_date="2024-01-10", request_outcome="Y", request_outcome_date="2024-02-01",
            assessment_outcome="Y", plan_start_date="2024-05-01", active=True, primary_need="ASD",
            setting_type="mainstream"),
        who("B", "P2-R1", received_date="2024-02-05", request_outcome="Y", request_outcome_date="2024-03-01",
            assessment_outcome="Y", plan_start_date="2024-06-20", week20_exception=True, active=True,
            primary_need="SEMH", setting_type="special_maintained"),
        who("C", "P3-R1", received_date="2024-03-01", request_outcome="Y", request_outcome_date="2024-03-20"),
        who("E", "P4-R1", received_date="2024-06-01", request_outcome="W"),
        who("F", "P5-R1", received_date="2019-01-10", request_outcome="H", active=True, primary_need="MLD",
            setting_type="special_maintained"),
        *extra,
    ])


PUBLISHED = {"la_published": {"plans_issued": {2024: 3.0}, "plans_within": {2024: 2.0}, "timeliness_pct": {2024: 66.7},
                              "requests": {2024: 5.0, 2023: 9.0}, "plans_january": {2025: 3.0},
                              "placements_special": {2025: 2.0}}}


def rows(result: dict) -> dict[str, tuple]:
    return {r["measure"]: (r["casework"], r["sen2"], r["published"], r["casework_minus_sen2"],
                           r["sen2_minus_published"]) for r in result["rows"]}


def test_three_columns_and_their_differences():
    got = reconcile(cw_frame(), s2_frame(), PUBLISHED, year=2025, la_code=LA)
    assert (got["year"], got["reference_date"], got["period"]) == (2025, "2025-01-16", ["2024-01-01", "2024-12-31"])
    r = rows(got)
    assert r["plans_issued"] == (2, 2, 3, 0, -1)
    assert r["plans_within"] == (1, 2, 2, -1, 0)
    assert r["timeliness_pct"] == (50.0, 100.0, 66.7, -50.0, 33.3)
    assert r["plans_issued_ex"] == (1, 1, None, 0, None)  # not published here: None, and no difference
    assert r["plans_within_ex"] == (1, 1, None, 0, None)
    assert r["timeliness_pct_ex"] == (100.0, 100.0, None, 0.0, None)
    assert r["requests_received"] == (4, 4, 5, 0, -1)  # 2024's figure, not 2023's
    assert r["plans_january"] == (3, 3, 3, 0, 0)
    # need rows only where some source has a plan (the la_published block carries no need counts)
    assert {m: v for m, v in r.items() if m.startswith("need_")} == {
        "need_ASD": (1, 1, None, 0, None), "need_MLD": (1, 1, None, 0, None), "need_SEMH": (1, 1, None, 0, None)}
    assert r["setting_mainstream"] == (1, 1, None, 0, None)
    assert r["setting_special"] == (2, 2, 2, 0, 0)
    assert r["setting_unknown"] == (0, 0, None, 0, None)
    assert got["sources"] == {"casework": True, "sen2": True, "published": True}


def test_the_requests_counted_differently_and_why():
    got = reconcile(cw_frame(), s2_frame(), PUBLISHED, year=2025, la_code=LA)
    assert got["differences"] == [
        {"reason": "missing from the return", "request_ref_casework": "R-D", "request_ref_sen2": None,
         "person_ref": "D", "detail": "received 2024-04-01"},
        {"reason": "missing from the casework", "request_ref_casework": None, "request_ref_sen2": "P4-R1",
         "person_ref": "P4", "detail": "received 2024-06-01"},
        {"reason": "a different date", "request_ref_casework": "R-B", "request_ref_sen2": "P2-R1", "person_ref": "B",
         "detail": "plan start date: casework 2024-08-01, return 2024-06-20"},
        {"reason": "a different outcome", "request_ref_casework": "R-C", "request_ref_sen2": "P3-R1",
         "person_ref": "C", "detail": "request outcome: casework N, return Y"},
    ]
    m = got["matching"]
    assert (m["casework_requests"], m["sen2_requests"], m["matched"], m["ambiguous"]) == (5, 5, 4, 0)
    assert (m["missing_from_the_return"], m["missing_from_the_casework"]) == (1, 1)


def test_a_received_date_that_differs_pairs_the_one_request_left_of_the_person():
    g_cw = who("G", "R-G", received_date="2024-09-01", request_outcome="A")
    g_s2 = who("G", "P6-R1", received_date="2024-09-03", request_outcome="A")
    got = reconcile(cw_frame(g_cw), s2_frame(g_s2), None, year=2025, la_code=LA)
    dates = [d for d in got["differences"] if d["reason"] == "a different date"]
    assert {"reason": "a different date", "request_ref_casework": "R-G", "request_ref_sen2": "P6-R1",
            "person_ref": "G", "detail": "received date: casework 2024-09-01, return 2024-09-03"} in dates
    assert rows(got)["requests_received"] == (5, 5, None, 0, None)
    assert got["sources"]["published"] is False


def test_requests_sharing_the_key_are_paired_and_counted_as_ambiguous():
    twin = {"received_date": "2024-10-01", "request_outcome": "A"}
    got = reconcile(cw_frame(who("G", "R-G1", **twin), who("G", "R-G2", **twin)),
                    s2_frame(who("G", "P6-R1", **twin), who("G", "P7-R1", **twin)), None, year=2025, la_code=LA)
    assert got["matching"]["ambiguous"] == 2
    assert not [d for d in got["differences"] if d["person_ref"] in ("G", "P6", "P7")]


def test_a_missing_source_gives_none_and_no_drill_down():
    got = reconcile(cw_frame(), None, PUBLISHED, year=2025, la_code=LA)
    r = rows(got)
    assert r["plans_issued"] == (2, None, 3, None, None)
    assert got["differences"] == [] and got["matching"] is None
    assert got["sources"] == {"casework": True, "sen2": False, "published": True}
    # nothing published for 2026 yet (DfE publishes in June): the published column is empty
    later = rows(reconcile(cw_frame(), s2_frame(), PUBLISHED, year=2026, la_code=LA))
    assert {v[2] for v in later.values()} == {None}


def test_published_figures_from_the_benchmark_frame_include_the_need_counts():
    cols = {"geographic_level": "Local authority", "area_code": LA, "area_name": "Test LA", "region_code": None,
            "breakdown_topic": "All EHC plans"}
    bench = pd.DataFrame([
        {"source": "timeliness_20_week", "measure": "plans_issued_den", "time_period": "2024", "year": 2024,
         "breakdown": "All EHC plans issued", "value": 3.0, **cols},
        {"source": "caseload", "measure": "ehcplans", "time_period": "202425", "year": 2025,
         "breakdown": "All EHC plans", "value": 3.0, **cols},
        {"source": "sen_needs_all_plans", "measure": "number_asd", "time_period": "202425", "year": 2025,
         "breakdown": "All EHC plans", "value": 1.0, **cols},
        {"source": "sen_needs_all_plans", "measure": "number_pd", "time_period": "202425", "year": 2025,
         "breakdown": "All EHC plans", "value": 2.0, **cols},
    ])
    r = rows(reconcile(cw_frame(), s2_frame(), bench, year=2025, la_code=LA))
    assert r["plans_issued"] == (2, 2, 3, 0, -1)
    assert r["plans_january"] == (3, 3, 3, 0, 0)
    assert r["need_ASD"] == (1, 1, 1, 0, 0)
    assert r["need_PD"] == (0, 0, 2, 0, -2)  # DfE counts plans the return does not have


def test_a_casework_plan_start_after_the_reference_date_is_not_in_the_return():
    later = cw_frame()
    later.loc[later["request_ref"] == "R-A", "plan_start_date"] = pd.Timestamp("2025-02-03")
    got = reconcile(later, s2_frame(), None, year=2025, la_code=LA)
    assert rows(got)["plans_issued"] == (1, 2, None, -1, None)
    assert rows(got)["plans_january"] == (2, 3, None, -1, None)
    assert [d["detail"] for d in got["differences"] if d["request_ref_casework"] == "R-A"] == [
        "plan start date: casework 2025-02-03 (after the reference date), return 2024-05-01"]
