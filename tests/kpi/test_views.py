"""Page tables beyond the kpis object, on hand-made records (expected numbers worked by hand)."""

import datetime as dt

from dashboard.kpi.ehcps import maintained_by_month
from dashboard.kpi.views import need_by_age_band, need_trend, transfers_outstanding
from tests.kpi.fixtures import casework

D = dt.date


def _plans():
    return casework([
        # born 2016-05-01: age 8 on 31 Aug 2024 -> 5-10
        {"birth_date": "2016-05-01", "plan_start_date": "2023-03-01", "primary_need": "ASD"},
        # born 2010-09-01: on 31 Aug 2024 still 13 -> 11-15
        {"birth_date": "2010-09-01", "plan_start_date": "2023-06-01", "primary_need": "ASD"},
        {"birth_date": "2010-09-01", "plan_start_date": "2024-02-01", "primary_need": None},
        # ceased 2024-06-30: not maintained at 2024-12-31
        {"birth_date": "2012-01-01", "plan_start_date": "2022-01-10", "plan_cease_date": "2024-06-30",
         "primary_need": "SEMH"},
    ])


def test_need_by_age_band_counts_maintained_plans_at_the_date():
    rows = need_by_age_band(_plans(), on=D(2024, 12, 31))
    got = {(r["need"], r["age_band"]): r["count"] for r in rows if r["count"]}
    assert got == {("ASD", "5-10"): 1, ("ASD", "11-15"): 1, ("UNKNOWN", "11-15"): 1}


def test_need_trend_by_january_snapshot():
    rows = need_trend(_plans(), as_at=D(2024, 12, 31))
    by = {(r["year"], r["need"]): (r["count"], r["share"]) for r in rows}
    # Jan 2023 (19th): only the SEMH plan (started 2022-01-10)
    assert by[(2023, "SEMH")] == (1, 100.0)
    assert by[(2023, "ASD")] == (0, 0.0)
    # Jan 2024 (18th): SEMH + two ASD; the unknown-need plan starts in February
    assert by[(2024, "ASD")] == (2, 66.7)
    assert by[(2024, "SEMH")] == (1, 33.3)
    assert by[(2024, "UNKNOWN")] == (0, 0.0)


def test_need_trend_respects_need_filter():
    rows = need_trend(_plans(), as_at=D(2024, 12, 31), needs=["SEMH"])
    assert {(r["year"], r["need"]): r["count"] for r in rows if r["count"]} == {
        (2022, "SEMH"): 1, (2023, "SEMH"): 1, (2024, "SEMH"): 1}  # 2022 reference date is the 20th: started the 10th


def test_maintained_by_month_uses_month_end_and_as_at():
    rows = maintained_by_month(_plans(), months=["2024-01", "2024-06", "2024-07"], as_at=D(2024, 7, 15))
    # end Jan: SEMH + 2 ASD = 3; end June (30th): cease date is the 30th, so not maintained -> ASD x2 + unknown = 3
    # July, measured at as-at 15 July: 3
    assert [(r["month"], r["maintained"]) for r in rows] == [("2024-01", 3), ("2024-06", 3), ("2024-07", 3)]
    assert rows[-1]["date"] == "2024-07-15"


def test_transfers_outstanding_lists_open_cases_with_days_to_due():
    recs = casework([
        {"person_ref": "P1", "phase_transfer_due_date": "2025-02-15", "caseworker": "CW1", "team": "North"},
        {"person_ref": "P2", "phase_transfer_due_date": "2025-02-15", "phase_transfer_final_date": "2025-02-01"},
        {"person_ref": "P3", "phase_transfer_due_date": "2025-03-31", "phase_transfer_final_date": "2025-04-20"},
    ])
    rows = transfers_outstanding(recs, as_at=D(2025, 2, 10))
    # P2 final before as-at: done. P3 finalised after as-at: still outstanding at 10 Feb.
    assert [(r["person_ref"], r["days_to_due"], r["caseworker"]) for r in rows] == [("P1", 5, "CW1"), ("P3", 49, None)]
