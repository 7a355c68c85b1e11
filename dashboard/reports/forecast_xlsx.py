"""The plans forecast as an Excel workbook (openpyxl) for the finance team to check.

Sheets: About (what the workbook is, the LA, the as-at date, the scenario, the method, the assumptions),
Forecast, By need, By age band, By setting group, By finance line (Januaries as rows, the base January first
and marked actual), Model inputs, Backtests, History and, when the forecast is priced (``projected``), Cost
and Cost per placement. Numbers are written as numbers with number formats (money ``£#,##0``, rates
``0.000``, percentages ``0.0%``); every text cell goes through :func:`dashboard.formula_guard.neutralise`
so a scenario or label starting with ``=``, ``+``, ``-`` or ``@`` is never run as a formula (SPEC 5).
With no forecast years (not enough history) the workbook is About and History only, saying so.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.formula_guard import put
from dashboard.kpi.finance import PROJECTION_ASSUMPTIONS, january_of
from frames.finance import LINE_LABELS, LINES, PLACEMENT_LINES
from frames.placements import GROUPS

FORMATS = {"year": "0", "count": "#,##0", "decimal": "#,##0.0", "money": "£#,##0", "rate": "0.000",
           "pct": "0.0%", "number": "0.0"}
BOLD, TITLE = Font(bold=True), Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
GROUP_LABELS = {"mainstream": "Mainstream", "special": "Special", "ap_pru": "Alternative provision / PRU",
                "post16": "Post-16", "early_years": "Early years", "elsewhere": "Educated elsewhere",
                "unknown": "Unknown setting"}
METHOD_WORDS = {
    "cohort": "Cohort flow by single year of age: each January's plans age one year and continue at the "
              "age-specific continuation rate seen over the last three years, and are joined by new plans at "
              "the age-specific rate seen over the last three years (see Model inputs).",
    "linear": "A straight line fitted to the totals at each January (History), carried forward.",
    "growth": "The average yearly growth of the total at January over recent years, carried forward.",
}
NOT_ENOUGH = ("There is not enough history of plans at January to forecast: the model needs several "
              "Januaries of plans by age. The History sheet shows the Januaries loaded.")
Cell = tuple[object, str | None]  # a value and its FORMATS key


def _put(ws: Worksheet, row: int, col: int, value: object, kind: str | None = None):
    return put(ws, row, col, value, FORMATS.get(kind) if kind else None)


def _table(ws: Worksheet, headers: list[str], rows: Iterable[list[Cell]], *, first: int = 22,
           rest: int = 15, note: str | None = None) -> None:
    """Headers (bold, filled, frozen) in row 1, then the rows; an italic note under them when given."""
    for j, text in enumerate(headers, start=1):
        cell = _put(ws, 1, j, text)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    i = 1
    for i, row in enumerate(rows, start=2):
        for j, (value, kind) in enumerate(row, start=1):
            _put(ws, i, j, value, kind)
    if note:
        _put(ws, i + 2, 1, note).font = Font(italic=True)
    ws.freeze_panes = "A2"
    for j in range(1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(j)].width = first if j == 1 else rest


def _methods(forecast: dict) -> list[dict]:
    """Each method with its ``years`` and ``backtest``, from the engine's layout or from the KPI object's
    (``methods[]`` flat rows with the backtest's fields, ``method_years[]`` one row per January)."""
    methods = [m for m in forecast.get("methods") or [] if isinstance(m, dict)]
    if "method_years" not in forecast:
        return methods
    out = []
    for m in methods:
        key = m.get("key")
        test = None if m.get("predicted") is None else {f: m.get(f) for f in ("from_year", "to_year", "predicted",
                                                                             "actual", "error_pct")}
        out.append({**m, "backtest": test, "years": [{"year": y["year"], "total": y[key]}
                                                     for y in forecast["method_years"] if y.get(key) is not None]})
    return out


def _headline(forecast: dict) -> dict | None:
    """The method whose totals are the forecast's (cohort when none matches exactly)."""
    totals = {y["year"]: y.get("total") for y in forecast.get("years") or []}
    methods = _methods(forecast)
    for method in methods:
        if totals and {y["year"]: y.get("total") for y in method.get("years") or []} == totals:
            return method
    return next((m for m in methods if m.get("key") == "cohort"), None)


def _line(key: object) -> str:
    return LINE_LABELS.get(str(key), str(key))


def _scenario_rows(scenario: dict | None) -> list[tuple[str, object, str | None]]:
    """The scenario's settings, one row each (numbers as numbers)."""
    if not scenario:
        return [("Scenario settings", "None: the rates seen in the data continue unchanged", None)]
    growth, cease = scenario.get("request_growth_pct"), scenario.get("cease_16_19_pct")
    moves = [f"{per_year} plans a year from {_line(a)} to {_line(b)}"
             for a, b, per_year in (m for m in scenario.get("moves") or [] if len(m) == 3)]
    return [("Growth in requests (% a year)", "None" if growth is None else growth, "number"),
            ("Moves between finance lines", "; ".join(moves) or "None", None),
            ("Ceasing at 16-19 (%)", "None" if cease is None else cease, "number")]


def _about(wb: Workbook, forecast: dict, *, scenario_name: str, la_name: str, as_at: str,
           priced: bool) -> None:
    ws = wb.create_sheet("About")
    _put(ws, 1, 1, f"EHC plans forecast — {la_name}").font = TITLE
    base = forecast.get("base") or {}
    headline = _headline(forecast)
    others = [m.get("label") or m.get("key") for m in _methods(forecast) if m is not headline]
    rows: list[tuple[str, object, str | None]] = [
        ("What this is", "A forecast of the EHC plans the local authority will maintain at each January, "
                         "for finance to check and to cost. The figures are modelled, not counts of children.",
         None),
        ("Local authority", la_name, None), ("As at", as_at, None), ("Scenario", scenario_name, None),
        *_scenario_rows(forecast.get("scenario")),
    ]
    if forecast.get("years"):
        rows += [
            ("Base", f"January {forecast.get('base_year')} ({forecast.get('base_date')}): plans maintained, "
                     "actual", None),
            ("Plans at the base", base.get("total"), "count"),
            ("Method", METHOD_WORDS.get((headline or {}).get("key", "cohort"), METHOD_WORDS["cohort"]), None),
            ("Range", "Low and high run the same model with the continuation rates and new plans at the low "
                      "and high ends of the spread of those rates (Model inputs).", None),
            ("Other methods", "; ".join(str(o) for o in others) or "None", None),
            ("Backtest", "Each method run from a January three years back and compared with the actual "
                         "count since (Backtests).", None),
            ("Assumptions", "Rates seen over the last three years continue; a scenario changes them as set out "
                            "above. Breakdowns are modelled separately and may not add up exactly to the total.",
             None),
        ]
    else:
        rows.append(("Not enough history", NOT_ENOUGH, None))
    if priced:
        rows += [(f"Cost assumption {n}", text, None) for n, text in enumerate(PROJECTION_ASSUMPTIONS, start=1)]
    rows.append(("Modelled, not counted", "Every forecast figure is a model output, not a count of children.",
                 None))
    for i, (label, value, kind) in enumerate(rows, start=3):
        _put(ws, i, 1, label).font = BOLD
        cell = _put(ws, i, 2, value, kind)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 30, 100


def _rows_by_year(forecast: dict) -> list[tuple[int, str, dict]]:
    """(January, "Actual" | "Forecast", the year's figures): the base first."""
    base = forecast.get("base") or {}
    return [(forecast.get("base_year"), "Actual", base),
            *((y["year"], "Forecast", y) for y in forecast.get("years") or [])]


def _forecast_sheet(wb: Workbook, forecast: dict) -> None:
    methods = _methods(forecast)
    totals = [{y["year"]: y.get("total") for y in m.get("years") or []} for m in methods]
    rows = []
    for year, basis, figures in _rows_by_year(forecast):
        rows.append([(year, "year"), (basis, None), (figures.get("total"), "count"),
                     (figures.get("low"), "count"), (figures.get("high"), "count"),
                     *((t.get(year), "count") for t in totals)])
    headers = ["January", "Basis", "Total", "Low", "High",
               *(f"{m.get('label') or m.get('key')} (total)" for m in methods)]
    _table(wb.create_sheet("Forecast"), headers, rows, first=12)


def _keys(forecast: dict, field: str, order: Iterable[str] = ()) -> list[str]:
    seen: list[str] = []
    for _, _, figures in _rows_by_year(forecast):
        seen += [k for k in (figures.get(field) or {}) if k not in seen]
    ordered = [k for k in order if k in seen]
    return ordered + [k for k in seen if k not in ordered]


def _breakdown(wb: Workbook, forecast: dict, name: str, field: str, keys: list[str], labels: dict) -> None:
    rows = [[(year, "year"), (basis, None), *(((figures.get(field) or {}).get(k), "count") for k in keys),
             (figures.get("total"), "count")] for year, basis, figures in _rows_by_year(forecast)]
    headers = ["January", "Basis", *(str(labels.get(k, k)) for k in keys), "Total plans"]
    _table(wb.create_sheet(name), headers, rows, first=12,
           note="Modelled figures: each breakdown is rounded to whole plans and may not add up to the total.")


def _inputs(wb: Workbook, forecast: dict) -> None:
    kinds = (("age", "year"), ("plans", "count"), ("continuation_rate", "rate"), ("continuation_low", "rate"),
             ("continuation_high", "rate"), ("new_plans", "decimal"), ("new_low", "decimal"), ("new_high", "decimal"))
    rows = [[(row.get(key), kind) for key, kind in kinds] for row in forecast.get("inputs") or []]
    headers = ["Age", f"Plans at January {forecast.get('base_year')}", "Continuation rate", "Continuation low",
               "Continuation high", "New plans a year", "New plans low", "New plans high"]
    _table(wb.create_sheet("Model inputs"), headers, rows, first=8,
           note="Continuation rate: the share of plans at one age still maintained a year later at the next age.")


def _backtest_row(label: str, test: dict | None) -> list[Cell]:
    if not test:
        return [(label, None), *([(None, None)] * 5), ("Not enough history for a backtest", None)]
    error = test.get("error_pct")
    return [(label, None), (test.get("from_year"), "year"), (test.get("to_year"), "year"),
            (test.get("predicted"), "count"), (test.get("actual"), "count"),
            (None if error is None else error / 100, "pct"), (None, None)]


def _backtests(wb: Workbook, forecast: dict) -> None:
    rows = []
    if "backtest" in forecast:
        rows.append(_backtest_row("Headline forecast", forecast.get("backtest")))
    rows += [_backtest_row(str(m.get("label") or m.get("key")), m.get("backtest")) for m in _methods(forecast)]
    _table(wb.create_sheet("Backtests"), ["Method", "From January", "To January", "Predicted", "Actual",
                                          "Error %", "Note"], rows, first=24,
           note="Each method run from the earlier January, its prediction against the actual count at the "
                "later one; error % as a share of the actual.")


def _history(wb: Workbook, forecast: dict) -> None:
    rows = [[(h.get("year"), "year"), (h.get("total"), "count")] for h in forecast.get("history") or []]
    _table(wb.create_sheet("History"), ["January", "Plans maintained (actual)"], rows, first=12, rest=26)


def _gap(cumulative: object, planned: object) -> float | None:
    if isinstance(cumulative, int | float) and isinstance(planned, int | float):
        return float(cumulative) - float(planned)
    return None


def _cost(wb: Workbook, projected: list[dict], finance: dict | None) -> None:
    money = ("placement_cost", "income", "in_year_balance", "cumulative_balance", "planned_cumulative_balance")
    rows = []
    current = (finance or {}).get("current_year")
    if current:
        year = next((y for y in finance["years"] if y["financial_year"] == current), {})
        lines = {r["line"]: r for r in finance.get("by_line") or []}
        plans = [lines[k]["plans"] for k in PLACEMENT_LINES if lines.get(k, {}).get("plans") is not None]
        now = {"placement_cost": year.get("forecast_outturn"), **year}
        rows.append([(current, None), (f"Current year: forecast outturn, period {year.get('period')}", None),
                     (sum(plans) if plans else None, "count"), *((now.get(k), "money") for k in money),
                     (year.get("cumulative_gap"), "money"),
                     *((lines.get(k, {}).get("forecast_outturn"), "money") for k in PLACEMENT_LINES)])
    for r in projected:
        rows.append([(r["financial_year"], None), ("Projected", None), (r.get("plans"), "count"),
                     *((r.get(k), "money") for k in money),
                     (_gap(r.get("cumulative_balance"), r.get("planned_cumulative_balance")), "money"),
                     *(((r.get("by_line") or {}).get(k), "money") for k in PLACEMENT_LINES)])
    headers = ["Financial year", "Basis", "Plans", "Placement cost", "Income", "In-year balance",
               "Cumulative balance", "Planned cumulative balance", "Gap to plan",
               *(f"Cost: {LINE_LABELS[k]}" for k in PLACEMENT_LINES)]
    note = ("Negative balance = deficit. Gap to plan = cumulative balance - planned cumulative balance. "
            + " ".join(PROJECTION_ASSUMPTIONS)) if projected else (
        "No cost: the current year has no cost per placement (no finance loaded, or no plans at its January).")
    _table(wb.create_sheet("Cost"), headers, rows, first=14, rest=16, note=note)


def _unit_costs(wb: Workbook, finance: dict | None) -> None:
    current = (finance or {}).get("current_year")
    rows = [[(r["label"], None), (r.get("budget"), "money"), (r.get("forecast_outturn"), "money"),
             (r.get("actual_to_date"), "money"), (r.get("plans"), "count"), (r.get("cost_per_placement"), "money")]
            for r in (finance or {}).get("by_line") or [] if r["line"] in PLACEMENT_LINES]
    january = f"January {january_of(current)}" if current else "January"
    headers = ["Placement line", "Budget", "Forecast outturn", "Actual to date", f"Plans at {january}",
               "Cost per placement"]
    note = (f"Financial year {current}. Cost per placement = forecast outturn / plans at {january}; blank "
            "when the line has no plans.") if current else "No finance loaded for a current financial year."
    _table(wb.create_sheet("Cost per placement"), headers, rows, first=40, rest=16, note=note)


def forecast_workbook(forecast: dict, *, finance: dict | None, projected: list[dict] | None,
                      scenario_name: str, la_name: str, as_at: str) -> bytes:
    """The forecast (and, with ``projected``, its cost) as XLSX bytes."""
    forecast = forecast or {}
    wb = Workbook()
    wb.remove(wb.active)
    priced = projected is not None
    _about(wb, forecast, scenario_name=scenario_name, la_name=la_name, as_at=as_at, priced=priced)
    if forecast.get("years"):
        _forecast_sheet(wb, forecast)
        _breakdown(wb, forecast, "By need", "by_need", sorted(_keys(forecast, "by_need")), {})
        _breakdown(wb, forecast, "By age band", "by_age_band", _keys(forecast, "by_age_band"), {})
        _breakdown(wb, forecast, "By setting group", "by_group", _keys(forecast, "by_group", GROUPS), GROUP_LABELS)
        _breakdown(wb, forecast, "By finance line", "by_line", _keys(forecast, "by_line", LINES), LINE_LABELS)
        _inputs(wb, forecast)
        _backtests(wb, forecast)
    _history(wb, forecast)
    if priced:
        _cost(wb, projected or [], finance)
        _unit_costs(wb, finance)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
