"""Ceased plans per year by reason (hand-worked)."""

from datetime import date

from dashboard.kpi.ceased import ceased_by_year
from dashboard.kpi.ehcps import plans_by_year
from tests.kpi.fixtures import casework, empty, plan

NONE = dict.fromkeys((*"123456789", "unknown"), 0)


def test_by_reason_and_the_year_of_the_cease_date():
    rows = [
        plan("2020-01-01", "2020-05-01", plan_cease_date="2024-01-01", cease_reason="2"),
        plan("2020-01-01", "2020-05-01", plan_cease_date="2024-12-31", cease_reason="2"),
        plan("2020-01-01", "2020-05-01", plan_cease_date="2024-06-01", cease_reason=" 5 "),
        plan("2020-01-01", "2020-05-01", plan_cease_date="2024-06-01", cease_reason="12"),  # not a code
        plan("2020-01-01", "2020-05-01", plan_cease_date="2024-06-01"),  # no reason
        plan("2020-01-01", "2020-05-01", plan_cease_date="2023-12-31", cease_reason="1"),
        plan("2020-01-01", "2020-05-01", plan_cease_date="2025-01-02", cease_reason="1"),  # after as-at
    ]
    records = casework(rows)
    by_year = {r["year"]: r for r in ceased_by_year(records, as_at=date(2024, 12, 31))}
    assert by_year[2024]["total"] == 5
    assert by_year[2024]["by_reason"] == {**NONE, "2": 2, "5": 1, "unknown": 2}
    assert by_year[2024]["by_reason_pct"]["2"] == 40.0 and by_year[2024]["by_reason_pct"]["1"] == 0.0
    assert (by_year[2023]["total"], by_year[2023]["by_reason"]["1"]) == (1, 1)
    assert by_year[2020] == {"year": 2020, "total": 0, "by_reason": NONE, "by_reason_pct": dict.fromkeys(NONE)}
    # the same plans as ehcps.plans_by_year's ceased
    ceased = {r["year"]: r["ceased"] for r in plans_by_year(records, as_at=date(2024, 12, 31))}
    assert ceased == {y: r["total"] for y, r in by_year.items()}


def test_need_filter():
    rows = [plan("2020-01-01", "2020-05-01", plan_cease_date="2024-06-01", cease_reason="3", primary_need="ASD"),
            plan("2020-01-01", "2020-05-01", plan_cease_date="2024-06-01", cease_reason="3")]
    row = ceased_by_year(casework(rows), as_at=date(2024, 12, 31), needs=["ASD"])[-1]
    assert (row["year"], row["total"], row["by_reason"]["3"]) == (2024, 1, 1)


def test_empty():
    assert ceased_by_year(empty(), as_at=date(2024, 1, 1)) == []
