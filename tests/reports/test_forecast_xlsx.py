"""The forecast workbook for the finance team: sheets, cells, number formats, formula neutralisation."""

from __future__ import annotations

import io

import openpyxl

from dashboard.reports.forecast_xlsx import forecast_workbook
from frames.finance import LINE_LABELS, PLACEMENT_LINES


def _backtest(predicted: int, actual: int, error: float) -> dict:
    return {"from_year": 2022, "to_year": 2025, "predicted": predicted, "actual": actual, "error_pct": error}


FORECAST = {
    "base_year": 2025, "base_date": "2025-01-16",
    "history": [{"year": 2023, "total": 90}, {"year": 2024, "total": 95}, {"year": 2025, "total": 100}],
    "base": {"total": 100, "by_need": {"SLCN": 40, "ASD": 60}, "by_age_band": {"5-10": 70, "11-15": 30},
             "by_group": {"special": 30, "mainstream": 70},
             "by_line": {"special_maintained": 30, "mainstream_top_ups": 70}},
    "years": [
        {"year": 2026, "total": 110, "low": 105, "high": 116, "by_need": {"ASD": 66, "SLCN": 44},
         "by_age_band": {"5-10": 76, "11-15": 34}, "by_group": {"mainstream": 77, "special": 33},
         "by_line": {"mainstream_top_ups": 77, "special_maintained": 33}},
        {"year": 2027, "total": 121, "low": 112, "high": 131, "by_need": {"ASD": 73, "SLCN": 48},
         "by_age_band": {"5-10": 84, "11-15": 37}, "by_group": {"mainstream": 85, "special": 36},
         "by_line": {"mainstream_top_ups": 85, "special_maintained": 36}},
    ],
    "inputs": [
        {"age": 5, "plans": 20, "continuation_rate": None, "continuation_low": None, "continuation_high": None,
         "new_plans": 6.5, "new_low": 5.0, "new_high": 8.0},
        {"age": 6, "plans": 25, "continuation_rate": 0.9625, "continuation_low": 0.95, "continuation_high": 0.975,
         "new_plans": 3.0, "new_low": 2.0, "new_high": 4.0},
    ],
    "methods": [
        {"key": "cohort", "label": "Cohort flow", "years": [{"year": 2026, "total": 110}, {"year": 2027, "total": 121}],
         "backtest": _backtest(98, 100, -2.0)},
        {"key": "linear", "label": "Straight line", "years": [{"year": 2026, "total": 105}, {"year": 2027, "total": 110}],
         "backtest": None},
    ],
    "backtest": _backtest(98, 100, -2.0),
    "scenario": {"name": "=HYPERLINK(\"http://x\")", "request_growth_pct": 5.0,
                 "moves": [["special_independent", "special_maintained", 3]], "cease_16_19_pct": 10.0},
}
FINANCE = {
    "current_year": "2024-25",
    "years": [{"financial_year": "2024-25", "period": 9, "forecast_outturn": 1000.0, "income": 900.0,
               "in_year_balance": -100.0, "cumulative_balance": -250.0, "planned_cumulative_balance": -200.0,
               "cumulative_gap": -50.0}],
    "by_line": [{"line": line, "label": LINE_LABELS[line], "budget": 0.0, "forecast_outturn": 0.0,
                 "actual_to_date": 0.0, "plans": 0, "cost_per_placement": None} for line in PLACEMENT_LINES]
    + [{"line": "income", "label": LINE_LABELS["income"], "budget": 900.0, "forecast_outturn": 900.0,
        "actual_to_date": 600.0, "plans": None, "cost_per_placement": None}],
}
FINANCE["by_line"][0].update(budget=700.0, forecast_outturn=700.0, actual_to_date=500.0, plans=70,
                             cost_per_placement=10.0)
FINANCE["by_line"][2].update(budget=250.0, forecast_outturn=300.0, actual_to_date=200.0, plans=30,
                             cost_per_placement=10.0)
# 2025-26: 77 x 10 + 33 x 10 = 1100; in-year 900 - 1100 = -200; cumulative -250 - 200 = -450; planned -400
PROJECTED = [{"financial_year": "2025-26", "plans": 110, "placement_cost": 1100.0, "income": 900.0,
              "in_year_balance": -200.0, "cumulative_balance": -450.0, "planned_in_year_balance": -150.0,
              "planned_cumulative_balance": -400.0,
              "by_line": {**dict.fromkeys(PLACEMENT_LINES, 0.0), "mainstream_top_ups": 770.0,
                          "special_maintained": 330.0}}]


def book(forecast: dict = FORECAST, **kwargs) -> openpyxl.Workbook:
    args = {"finance": FINANCE, "projected": PROJECTED, "scenario_name": "=cmd|' /C calc'!A0",
            "la_name": "Exampleshire", "as_at": "2025-03-31", **kwargs}
    return openpyxl.load_workbook(io.BytesIO(forecast_workbook(forecast, **args)))


def column(ws, header: str) -> int:
    return next(c.column for c in ws[1] if c.value == header)


def test_sheets():
    assert book().sheetnames == ["About", "Forecast", "By need", "By age band", "By setting group",
                                 "By finance line", "Model inputs", "Backtests", "History", "Cost",
                                 "Cost per placement"]
    assert "Cost" not in book(projected=None).sheetnames


def test_forecast_sheet_values_and_formats():
    ws = book()["Forecast"]
    assert [c.value for c in ws[1]] == ["January", "Basis", "Total", "Low", "High", "Cohort flow (total)",
                                        "Straight line (total)"]
    assert ws[1][0].font.bold and ws.freeze_panes == "A2"
    assert [c.value for c in ws[2]][:3] == [2025, "Actual", 100]
    assert [c.value for c in ws[3]] == [2026, "Forecast", 110, 105, 116, 110, 105]
    assert ws["C3"].number_format == "#,##0" and ws["A3"].number_format == "0"
    assert ws.column_dimensions["A"].width > 0


def test_breakdowns_base_first_and_labelled():
    wb = book()
    need = wb["By need"]
    assert [c.value for c in need[1]] == ["January", "Basis", "ASD", "SLCN", "Total plans"]
    assert [c.value for c in need[2]] == [2025, "Actual", 60, 40, 100]
    assert [c.value for c in need[4]] == [2027, "Forecast", 73, 48, 121]
    lines = wb["By finance line"]  # in the finance report's order, labelled
    assert [c.value for c in lines[1]][2:4] == ["Mainstream top-ups", "Maintained special and special academies"]
    assert lines["C3"].value == 77
    assert [c.value for c in wb["By age band"][1]][2:4] == ["5-10", "11-15"]
    assert [c.value for c in wb["By setting group"][1]][2:4] == ["Mainstream", "Special"]


def test_inputs_backtests_history():
    wb = book()
    inputs = wb["Model inputs"]
    assert inputs["B1"].value == "Plans at January 2025"
    assert inputs["C2"].value is None and inputs["F2"].value == 6.5
    assert inputs["C3"].value == 0.9625 and inputs["C3"].number_format == "0.000"
    tests = wb["Backtests"]
    assert [c.value for c in tests[3]][:6] == ["Cohort flow", 2022, 2025, 98, 100, -0.02]
    assert tests["F3"].number_format == "0.0%"
    assert tests["A4"].value == "Straight line" and tests["G4"].value.startswith("Not enough history")
    history = wb["History"]
    assert [(r[0].value, r[1].value) for r in history.iter_rows(min_row=2)] == [(2023, 90), (2024, 95), (2025, 100)]


def test_cost_sheets():
    wb = book()
    cost = wb["Cost"]
    gap = column(cost, "Gap to plan")
    current, projected = cost[2], cost[3]
    assert current[0].value == "2024-25" and current[2].value == 100  # 70 + 30 plans
    assert current[column(cost, "Placement cost") - 1].value == 1000
    assert current[gap - 1].value == -50
    assert projected[0].value == "2025-26" and projected[1].value == "Projected"
    assert projected[column(cost, "Cumulative balance") - 1].value == -450
    assert projected[gap - 1].value == -50  # -450 - (-400)
    assert projected[gap - 1].number_format == "£#,##0"
    assert projected[column(cost, "Cost: Mainstream top-ups") - 1].value == 770
    unit = wb["Cost per placement"]
    assert unit["E1"].value == "Plans at January 2025"
    assert [c.value for c in unit[2]] == ["Mainstream top-ups", 700, 700, 500, 70, 10]
    assert unit["F2"].number_format == "£#,##0"
    assert unit.max_row >= len(PLACEMENT_LINES) + 1 and unit["F3"].value is None


def test_text_is_neutralised():
    wb = book()
    about = {r[0].value: r[1].value for r in wb["About"].iter_rows(min_row=3) if r[0].value}
    assert about["Scenario"] == "'=cmd|' /C calc'!A0"
    assert about["Local authority"] == "Exampleshire"
    assert about["Growth in requests (% a year)"] == 5.0
    assert "3 plans a year from Independent and non-maintained special" in about["Moves between finance lines"]
    hostile = {**FORECAST, "methods": [{**FORECAST["methods"][0], "label": "+SUM(A1)"}]}
    assert book(hostile)["Forecast"]["F1"].value == "'+SUM(A1) (total)"
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")))


def test_empty_forecast():
    empty = {"base_year": 2025, "base_date": "2025-01-16", "history": [{"year": 2025, "total": 100}],
             "base": {"total": 100}, "years": [], "inputs": [], "methods": [], "backtest": None, "scenario": None}
    wb = book(empty, finance=None, projected=None)
    assert wb.sheetnames == ["About", "History"]
    about = {r[0].value: r[1].value for r in wb["About"].iter_rows(min_row=3) if r[0].value}
    assert about["Not enough history"].startswith("There is not enough history")
    assert wb["History"]["B2"].value == 100
    assert book({}, finance=None, projected=None).sheetnames == ["About", "History"]


def test_the_kpi_objects_layout_gives_the_same_workbook_cells():
    """The page and the command line hand over the KPI object's ``forecast`` (methods laid out flat by
    dashboard.kpi.outlook.lay_out): its methods' totals and backtests reach the workbook as the engine's do."""
    from dashboard.kpi.outlook import lay_out

    def cells(forecast: dict) -> dict:
        wb = openpyxl.load_workbook(io.BytesIO(forecast_workbook(forecast, finance=None, projected=None,
                                                                 scenario_name="Baseline", la_name="LA 999",
                                                                 as_at="2025-10-31")))
        return {name: [[c for c in row] for row in wb[name].iter_rows(values_only=True)]
                for name in ("Forecast", "Backtests")}

    engine_shape, kpi_shape = cells(FORECAST), cells(lay_out(FORECAST))
    assert kpi_shape == engine_shape
    assert any(row[3] is not None for row in kpi_shape["Backtests"][1:])  # a method's predicted total is there
