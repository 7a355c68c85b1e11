"""Data-quality checks on hand-made records."""

from dashboard.kpi.quality import completeness, dates_out_of_order
from tests.kpi.fixtures import casework


def test_completeness_counts_fields_over_the_records_they_apply_to():
    recs = casework([
        {"plan_start_date": "2024-01-10", "primary_need": "ASD", "setting_type": "mainstream", "ethnicity": "WBRI",
         "caseworker": "CW1"},
        {"plan_start_date": "2024-02-10", "primary_need": None, "ethnicity": None},
        {"received_date": "2024-03-01", "caseworker": "CW2"},  # no plan: need/setting do not apply
    ])
    got = {r["column"]: (r["records"], r["complete"], r["pct_complete"]) for r in completeness(recs)}
    assert got["primary_need"] == (2, 1, 50.0)
    assert got["setting_type"] == (2, 1, 50.0)
    assert got["ethnicity"] == (3, 1, 33.3)
    assert got["caseworker"] == (3, 2, 66.7)


def test_dates_out_of_order_are_counted_with_their_request_ids():
    recs = casework([
        {"request_ref": "R1", "received_date": "2024-03-01", "request_outcome_date": "2024-02-01"},
        {"request_ref": "R2", "received_date": "2024-03-01", "plan_start_date": "2024-06-01",
         "plan_cease_date": "2024-05-01"},
        {"request_ref": "R3", "received_date": "2024-03-01", "request_outcome_date": "2024-03-01"},
    ])
    got = {r["check"]: (r["count"], r["request_refs"]) for r in dates_out_of_order(recs)}
    assert got["Decision before the request was received"] == (1, ["R1"])
    assert got["Plan ceased before it started"] == (1, ["R2"])
    assert got["Plan issued before the request was received"] == (0, [])
