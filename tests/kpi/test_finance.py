"""High-needs finance (SPEC 1.7, SPEC 2): balances, variance, cost per placement, savings, the projection.

Every expected figure is worked by hand in the comments below; none is copied from the code's output.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.kpi.finance import finance_block, financial_year_of, january_of, projected_balance
from frames.finance import (
    AGREEMENT_COLUMNS,
    BUDGET_COLUMNS,
    LINES,
    PLACEMENT_LINES,
    SAVINGS_COLUMNS,
    STATUSES,
)

NAN = float("nan")


def frame(columns: dict[str, str], rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(columns))
    for col, kind in columns.items():
        if kind == "float":
            df[col] = df[col].astype(float)
        elif kind == "int64":
            df[col] = df[col].astype("int64")
        else:
            df[col] = df[col].astype(object)
    return df


# budget: (financial_year, period, line, budget, forecast_outturn, actual_to_date)
BUDGET = frame(BUDGET_COLUMNS, [
    # 2023-24: period 6 is superseded by period 12
    ("2023-24", 6, "mainstream_top_ups", 1000, 1100, 500),
    ("2023-24", 6, "income", 3500, 3500, 1750),
    # period 12: budget 1000 + 2000 + 500 = 3500; outturn 1200 + 1900 + 800 = 3900 = actual;
    # income 3600; in-year 3600 - 3900 = -300; cumulative -300
    ("2023-24", 12, "mainstream_top_ups", 1000, 1200, 1200),
    ("2023-24", 12, "special_maintained", 2000, 1900, 1900),
    ("2023-24", 12, "special_independent", 500, 800, 800),
    ("2023-24", 12, "income", 3500, 3600, 3600),
    # 2024-25: period 3 is superseded by period 9; alternative provision only has a period-3 row (0 at 9)
    ("2024-25", 3, "mainstream_top_ups", 1100, 1150, 300),
    ("2024-25", 3, "alternative_provision", 70, 70, 20),
    # period 9: budget 1100 + 2100 + 0 (NaN) + 50 = 3250; outturn 1300 + 2000 + 1000 + 60 = 4360;
    # actual 900 + 1500 + 700 + 40 = 3140; income 4000; in-year 4000 - 4360 = -360; cumulative -300 - 360 = -660
    ("2024-25", 9, "mainstream_top_ups", 1100, 1300, 900),
    ("2024-25", 9, "special_maintained", 2100, 2000, 1500),
    ("2024-25", 9, "special_independent", NAN, 1000, 700),
    ("2024-25", 9, "other", 50, 60, 40),
    ("2024-25", 9, "income", 4000, 4000, 3000),
])
# agreement: (financial_year, planned_in_year, planned_cumulative, dfe, la); 2025-26 is agreement only
AGREEMENT = frame(AGREEMENT_COLUMNS, [
    ("2023-24", -250, -250, 0, 0),
    ("2024-25", -200, -450, 100, NAN),
    ("2025-26", -100, -550, 50, 25),
])
# savings: (ref, workstream, description, financial_year, target, delivered, status)
SAVINGS = frame(SAVINGS_COLUMNS, [
    ("S1", "SEND transport", "Route review", "2023-24", 100, 80, "green"),
    ("S2", "Inclusion", "Outreach", "2024-25", 200, 50, "amber"),
    ("S3", "Inclusion", "Resourced bases", "2024-25", 300, NAN, "red"),
    ("S4", "SEND transport", "Travel training", "2024-25", 50, 50, "Blue "),
])
# plans at January 2025 (financial year 2024-25): post16 absent (0 plans), alternative provision 0
PLANS = {2025: {"mainstream_top_ups": 10, "special_maintained": 40, "special_independent": 4,
                "alternative_provision": 0, "other": 0}}


def block(as_at: date | None = date(2025, 3, 31), plans: dict | None = None) -> dict:
    return finance_block(BUDGET, AGREEMENT, SAVINGS, plans_by_line=PLANS if plans is None else plans, as_at=as_at)


def empty(columns: dict[str, str]) -> pd.DataFrame:
    return frame(columns, [])


def test_financial_year_helpers():
    assert financial_year_of(date(2025, 10, 31)) == "2025-26"
    assert financial_year_of("2025-10-31") == "2025-26"
    assert financial_year_of(date(2026, 3, 31)) == "2025-26"
    assert financial_year_of(date(2026, 4, 1)) == "2026-27"
    assert financial_year_of(date(1999, 5, 1)) == "1999-00"
    assert january_of("2024-25") == 2025


def test_years_latest_period_and_balances():
    years = {y["financial_year"]: y for y in block()["years"]}
    assert list(years) == ["2023-24", "2024-25", "2025-26"]
    first = years["2023-24"]
    assert first["period"] == 12
    assert (first["budget"], first["forecast_outturn"], first["actual_to_date"]) == (3500, 3900, 3900)
    assert first["income"] == 3600
    assert first["in_year_balance"] == -300 and first["cumulative_balance"] == -300
    second = years["2024-25"]
    assert second["period"] == 9
    assert (second["budget"], second["forecast_outturn"], second["actual_to_date"]) == (3250, 4360, 3140)
    assert second["income"] == 4000
    assert second["in_year_balance"] == -360 and second["cumulative_balance"] == -660


def test_agreement_and_gap():
    years = {y["financial_year"]: y for y in block()["years"]}
    assert years["2023-24"]["planned_cumulative_balance"] == -250
    assert years["2023-24"]["cumulative_gap"] == -50  # -300 - (-250)
    second = years["2024-25"]
    assert (second["planned_in_year_balance"], second["planned_cumulative_balance"]) == (-200, -450)
    assert (second["dfe_contribution"], second["la_contribution"]) == (100, None)
    assert second["cumulative_gap"] == -210  # -660 - (-450)
    # an agreement-only year: no position, no gap, the trajectory kept
    third = years["2025-26"]
    assert third["period"] is None and third["budget"] is None and third["income"] is None
    assert third["in_year_balance"] is None and third["cumulative_balance"] is None
    assert third["cumulative_gap"] is None and third["planned_cumulative_balance"] == -550


@pytest.mark.parametrize(("as_at", "expected"), [
    (date(2025, 3, 31), "2024-25"), (date(2024, 4, 1), "2024-25"), (date(2024, 3, 31), "2023-24"),
    (date(2025, 6, 1), "2024-25"),  # 2025-26 has started but has no budget rows
    (date(2023, 3, 31), None), (None, "2024-25"),
])
def test_current_year_against_as_at(as_at, expected):
    assert block(as_at)["current_year"] == expected


def test_by_line_variance_and_cost_per_placement():
    result = block()
    rows = {r["line"]: r for r in result["by_line"]}
    assert [r["line"] for r in result["by_line"]] == list(LINES)
    main = rows["mainstream_top_ups"]
    assert main["label"] == "Mainstream top-ups"
    assert (main["budget"], main["forecast_outturn"], main["actual_to_date"]) == (1100, 1300, 900)
    assert main["variance"] == 200 and main["variance_pct"] == 18.2  # 200 / 1100 = 18.18%
    assert main["plans"] == 10 and main["cost_per_placement"] == 130  # 1300 / 10
    special = rows["special_maintained"]
    assert special["variance"] == -100 and special["variance_pct"] == -4.8  # -100 / 2100 = -4.76%
    assert special["cost_per_placement"] == 50  # 2000 / 40
    independent = rows["special_independent"]  # blank budget counts 0: no variance %
    assert independent["budget"] == 0 and independent["variance"] == 1000 and independent["variance_pct"] is None
    assert independent["cost_per_placement"] == 250  # 1000 / 4
    # a line with only an earlier period's row, and a line with no rows: 0 at the latest period
    assert rows["alternative_provision"]["forecast_outturn"] == 0 and rows["alternative_provision"]["plans"] == 0
    assert rows["post16"]["budget"] == 0 and rows["post16"]["plans"] == 0
    assert rows["post16"]["cost_per_placement"] is None and rows["other"]["cost_per_placement"] is None
    assert rows["income"]["variance"] == 0 and rows["income"]["variance_pct"] == 0.0
    assert rows["income"]["plans"] is None and rows["income"]["cost_per_placement"] is None
    assert result["cost_per_placement"] == {
        **dict.fromkeys(PLACEMENT_LINES), "mainstream_top_ups": 130, "special_maintained": 50,
        "special_independent": 250}


def test_no_plans_at_the_january():
    # 2023-24's January is 2024, not in the plans: plans and cost per placement unknown
    rows = block(date(2024, 3, 31))["by_line"]
    assert {r["line"]: r["forecast_outturn"] for r in rows}["special_independent"] == 800
    assert all(r["plans"] is None and r["cost_per_placement"] is None for r in rows)


def test_savings_by_status_and_workstream():
    savings = block()["savings"]
    # target 100 + 200 + 300 + 50 = 650; delivered 80 + 50 + 0 + 50 = 180; 180 / 650 = 27.69%
    assert (savings["target"], savings["delivered"], savings["delivered_pct"]) == (650, 180, 27.7)
    assert savings["by_status"] == {
        "purple": {"count": 0, "target": 0, "delivered": 0}, "red": {"count": 1, "target": 300, "delivered": 0},
        "amber": {"count": 1, "target": 200, "delivered": 50}, "green": {"count": 1, "target": 100, "delivered": 80},
        "blue": {"count": 1, "target": 50, "delivered": 50}}
    inclusion, transport = savings["by_workstream"]
    assert (inclusion["workstream"], inclusion["target"], inclusion["delivered"]) == ("Inclusion", 500, 50)
    assert inclusion["delivered_pct"] == 10.0 and inclusion["count"] == 2
    assert inclusion["by_status"] == {**dict.fromkeys(STATUSES, 0), "amber": 1, "red": 1}
    assert (transport["workstream"], transport["target"], transport["delivered"]) == ("SEND transport", 150, 130)
    assert transport["delivered_pct"] == 86.7  # 130 / 150 = 86.67%
    assert transport["by_status"] == {**dict.fromkeys(STATUSES, 0), "green": 1, "blue": 1}


def test_projected_balance():
    forecast = {
        2025: {"mainstream_top_ups": 11},  # the current year's January: not projected
        2026: {"mainstream_top_ups": 12, "special_maintained": 40, "special_independent": 5, "other": 3},
        2027: {"mainstream_top_ups": 14, "special_maintained": 42, "special_independent": 6},
    }
    rows = projected_balance(block(), forecast_by_line=forecast)
    assert [r["financial_year"] for r in rows] == ["2025-26", "2026-27"]
    first, second = rows
    # 2025-26: 12 x 130 = 1560, 40 x 50 = 2000, 5 x 250 = 1250, other (no unit cost) held at 60: 4870
    assert first["by_line"]["mainstream_top_ups"] == 1560 and first["by_line"]["special_independent"] == 1250
    assert first["by_line"]["other"] == 60 and first["by_line"]["post16"] == 0
    assert first["plans"] == 60 and first["placement_cost"] == 4870 and first["income"] == 4000
    # in-year 4000 - 4870 = -870; cumulative -660 - 870 = -1530
    assert first["in_year_balance"] == -870 and first["cumulative_balance"] == -1530
    assert (first["planned_in_year_balance"], first["planned_cumulative_balance"]) == (-100, -550)
    # 2026-27: 1820 + 2100 + 1500 + 60 = 5480; in-year -1480; cumulative -1530 - 1480 = -3010; after the
    # agreement's last year (2025-26) its final position is held: in-year 0, cumulative -550
    assert second["plans"] == 62 and second["placement_cost"] == 5480
    assert second["in_year_balance"] == -1480 and second["cumulative_balance"] == -3010
    assert second["planned_cumulative_balance"] == -550 and second["planned_in_year_balance"] == 0


def test_projected_balance_needs_a_unit_cost():
    forecast = {2026: {"mainstream_top_ups": 12}}
    assert projected_balance(block(date(2024, 3, 31)), forecast_by_line=forecast) == []  # no plans at Jan 2024
    assert projected_balance(block(date(2023, 3, 31)), forecast_by_line=forecast) == []  # no current year


def test_empty_inputs():
    result = finance_block(empty(BUDGET_COLUMNS), empty(AGREEMENT_COLUMNS), empty(SAVINGS_COLUMNS),
                           plans_by_line={}, as_at=date(2025, 3, 31))
    zero = {"count": 0, "target": 0, "delivered": 0}
    assert result == {
        "years": [], "current_year": None, "by_line": [], "cost_per_placement": {},
        "savings": {"target": 0, "delivered": 0, "delivered_pct": None,
                    "by_status": {s: zero for s in STATUSES}, "by_workstream": []},
        "loaded": False}
    assert projected_balance(result, forecast_by_line={2026: {"mainstream_top_ups": 1}}) == []


def test_savings_only_is_loaded_and_json_plain():
    result = finance_block(empty(BUDGET_COLUMNS), empty(AGREEMENT_COLUMNS), SAVINGS, plans_by_line={}, as_at=None)
    assert result["loaded"] is True and result["years"] == [] and result["current_year"] is None
    full = block()

    def plain(value):
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or type(value) in (str, int, float, bool)

    assert plain(full) and plain(result)


def test_after_the_agreement_its_final_position_is_held():
    from dashboard.kpi.finance import after_agreement

    agreed = {"2023-24": {"planned_in_year_balance": 1.0, "planned_cumulative_balance": -5.0},
              "2024-25": {"planned_in_year_balance": 5.0, "planned_cumulative_balance": 0.0}}
    assert after_agreement(agreed, "2024-25") is agreed["2024-25"]
    assert after_agreement(agreed, "2026-27")["planned_cumulative_balance"] == 0.0
    assert after_agreement(agreed, "2026-27")["planned_in_year_balance"] == 0.0
    assert after_agreement(agreed, "2022-23") is None and after_agreement({}, "2026-27") is None
