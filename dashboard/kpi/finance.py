"""High-needs finance (SPEC 1.7, SPEC 2 "High-needs finance"): the ``finance`` block of the KPI object,
and the cost of the placement forecast.

Reads the three frames of :mod:`frames.finance` (``budget``, ``agreement``, ``savings``; any may be empty).

- A financial year's position is its **latest period** loaded (the highest ``period`` of any of its budget
  rows). A line with no row at that period counts 0; a blank (NaN) amount counts 0. A year with no budget
  rows at all (an agreement-only year) has None figures and is left out of the running sums.
- Expenditure (``budget``, ``forecast_outturn``, ``actual_to_date``) is the sum over the placement lines;
  ``income`` is the income line's forecast outturn. In-year balance = income - forecast outturn (negative
  = overspend); cumulative balance = the running sum of in-year balances over the loaded years.
- The current year is the latest financial year with budget rows that has started (1 April) by the as-at
  date. Cost per placement of a line = its forecast outturn / its plans at the January in that year
  (January 2025 for 2024-25); None when there are no plans.
- Savings are summed over every loaded year, by status and by workstream.

:func:`projected_balance` prices the placement forecast. Its assumptions, shown on the page
(:data:`PROJECTION_ASSUMPTIONS`): unit costs stay at the current year's cost per placement (today's
prices, no inflation); income stays at the current year's income; a line with no cost per placement (no
plans in it) keeps its current forecast outturn; the agreement's planned figures are shown as signed.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from dashboard.kpi.rounding import pct
from frames.finance import INCOME_LINE, LINE_LABELS, PLACEMENT_LINES, STATUSES

MONEY = ("budget", "forecast_outturn", "actual_to_date")
AGREED = ("planned_in_year_balance", "planned_cumulative_balance", "dfe_contribution", "la_contribution")
PROJECTION_ASSUMPTIONS: tuple[str, ...] = (
    "Unit costs stay at the current year's cost per placement (today's prices: no inflation, no change in the "
    "mix of placements within a line).",
    "Income stays at the current year's high-needs income.",
    "A line with no plans this year (no cost per placement) keeps its current forecast outturn.",
    "Figures are modelled from the plans forecast; they are not a budget.",
)


def financial_year_of(day: dt.date | str) -> str:
    """The financial year (April to March) of a date: 2025-10-31 -> "2025-26", 2026-03-31 -> "2025-26"."""
    day = dt.date.fromisoformat(day[:10]) if isinstance(day, str) else day
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def january_of(financial_year: str) -> int:
    """The year of the January inside a financial year: "2024-25" -> 2025."""
    return int(financial_year[:4]) + 1


def _start(financial_year: str) -> dt.date:
    return dt.date(int(financial_year[:4]), 4, 1)


def _num(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _money(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    out = frame.copy()
    for col in columns:
        out[col] = pd.to_numeric(out[col], errors="coerce").fillna(0.0).astype(float)
    return out


def _positions(budget: pd.DataFrame) -> dict[str, dict]:
    """{financial_year: {"period", "lines": {line: {budget, forecast_outturn, actual_to_date}}}} at each
    year's latest period."""
    df = _money(budget, MONEY)
    df["period"] = pd.to_numeric(df["period"], errors="coerce")
    df = df.loc[df["period"].notna() & df["financial_year"].notna()].copy()
    df["line"] = df["line"].astype(str).str.strip()
    # two group-bys for every year at once (the frame is small; a pair of them per year cost more than the sums)
    periods = df.groupby("financial_year", sort=True)["period"].max()
    latest = df.loc[df["period"].eq(df["financial_year"].map(periods))]
    sums = latest.groupby(["financial_year", "line"], sort=True)[list(MONEY)].sum().to_dict("index")
    zero = dict.fromkeys(MONEY, 0.0)
    return {str(year): {"period": int(period), "lines": {
        line: {col: float(v) for col, v in sums.get((year, line), zero).items()}
        for line in (*PLACEMENT_LINES, INCOME_LINE)}} for year, period in periods.items()}


def _agreement(agreement: pd.DataFrame) -> dict[str, dict]:
    """{financial_year: {planned_in_year_balance, ...}} (the last row of a year wins; NaN -> None)."""
    out: dict[str, dict] = {}
    for row in agreement.to_dict("records"):
        year = row.get("financial_year")
        if isinstance(year, str) and year:
            out[year] = {col: _num(row.get(col)) for col in AGREED}
    return out


def after_agreement(agreed: dict[str, dict], year: str) -> dict | None:
    """The agreement's figures for ``year``: its own row, or for a year after its last one the position it
    ends at, held (planned in-year balance 0, the final planned cumulative balance): a council out of its
    deficit is to stay out. None for a year before the agreement (or no agreement)."""
    if year in agreed:
        return agreed[year]
    done = [y for y in sorted(agreed) if agreed[y].get("planned_cumulative_balance") is not None]
    if not done or year < done[-1]:
        return None
    return {"planned_in_year_balance": 0.0, "planned_cumulative_balance": agreed[done[-1]]["planned_cumulative_balance"],
            "dfe_contribution": None, "la_contribution": None}


def _year_row(year: str, position: dict | None, agreed: dict | None, running: float | None) -> dict:
    row: dict = {"financial_year": year, "period": None, **dict.fromkeys(MONEY), "income": None,
                 "in_year_balance": None, "cumulative_balance": None}
    if position is not None:
        lines = position["lines"]
        row["period"] = position["period"]
        for col in MONEY:
            row[col] = float(sum(lines[line][col] for line in PLACEMENT_LINES))
        row["income"] = lines[INCOME_LINE]["forecast_outturn"]
        row["in_year_balance"] = row["income"] - row["forecast_outturn"]
        row["cumulative_balance"] = running
    row.update(agreed or dict.fromkeys(AGREED))
    planned = row["planned_cumulative_balance"]
    row["cumulative_gap"] = (None if row["cumulative_balance"] is None or planned is None
                             else row["cumulative_balance"] - planned)
    return row


def _current_year(positions: dict[str, dict], as_at: dt.date | None) -> str | None:
    if isinstance(as_at, dt.datetime):
        as_at = as_at.date()
    years = sorted(y for y in positions if as_at is None or _start(y) <= as_at)
    return years[-1] if years else None


def _by_line(position: dict, plans: dict[str, int] | None) -> list[dict]:
    out = []
    for line in (*PLACEMENT_LINES, INCOME_LINE):
        figures = position["lines"][line]
        count = None if plans is None or line == INCOME_LINE else int(plans.get(line, 0) or 0)
        variance = figures["forecast_outturn"] - figures["budget"]
        out.append({"line": line, "label": LINE_LABELS[line], **figures, "variance": variance,
                    "variance_pct": pct(variance, figures["budget"]), "plans": count,
                    "cost_per_placement": figures["forecast_outturn"] / count if count else None})
    return out


def _status(value: object) -> str:
    return str(value).strip().lower() if isinstance(value, str) else ""


def savings_block(savings: pd.DataFrame) -> dict:
    """Savings target and delivered over all loaded years, by status (every status of STATUSES) and by
    workstream (sorted; a blank workstream is "")."""
    df = _money(savings, ("target", "delivered"))
    df["status"] = df["status"].map(_status)
    df["workstream"] = df["workstream"].map(lambda w: w.strip() if isinstance(w, str) else "")

    def sums(rows: pd.DataFrame) -> tuple[float, float]:
        return float(rows["target"].sum()), float(rows["delivered"].sum())

    target, delivered = sums(df)
    by_status = {}
    for status in STATUSES:
        rows = df.loc[df["status"] == status]
        t, d = sums(rows)
        by_status[status] = {"count": len(rows), "target": t, "delivered": d}
    by_workstream = []
    for workstream, rows in sorted(df.groupby("workstream"), key=lambda pair: str(pair[0])):
        t, d = sums(rows)
        by_workstream.append({"workstream": str(workstream), "target": t, "delivered": d,
                              "delivered_pct": pct(d, t), "count": len(rows),
                              "by_status": {s: int((rows["status"] == s).sum()) for s in STATUSES}})
    return {"target": target, "delivered": delivered, "delivered_pct": pct(delivered, target),
            "by_status": by_status, "by_workstream": by_workstream}


def finance_block(budget: pd.DataFrame, agreement: pd.DataFrame, savings: pd.DataFrame, *,
                  plans_by_line: dict[int, dict[str, int]], as_at: dt.date | None) -> dict:
    """SPEC 3's ``finance`` object: ``years`` (every financial year in budget or agreement, ascending),
    ``current_year``, ``by_line`` and ``cost_per_placement`` (current year), ``savings``, ``loaded``."""
    positions = _positions(budget)
    agreed = _agreement(agreement)
    years, running = [], 0.0
    for year in sorted(set(positions) | set(agreed)):
        position = positions.get(year)
        if position is not None:
            lines = position["lines"]
            running += lines[INCOME_LINE]["forecast_outturn"] - sum(
                lines[line]["forecast_outturn"] for line in PLACEMENT_LINES)
        years.append(_year_row(year, position, after_agreement(agreed, year), running if position else None))
    current = _current_year(positions, as_at)
    by_line: list[dict] = []
    if current is not None:
        by_line = _by_line(positions[current], plans_by_line.get(january_of(current)))
    return {
        "years": years, "current_year": current, "by_line": by_line,
        "cost_per_placement": {r["line"]: r["cost_per_placement"] for r in by_line if r["line"] != INCOME_LINE},
        "savings": savings_block(savings),
        "loaded": bool(len(budget) or len(agreement) or len(savings)),
    }


def projected_balance(block: dict, *, forecast_by_line: dict[int, dict[str, int]]) -> list[dict]:
    """The placement forecast priced at the current year's cost per placement, one row per forecast January
    whose financial year is after the current year (see the module docstring for the assumptions).

    Rows: ``financial_year``, ``plans`` (total over placement lines), ``placement_cost``, ``income``,
    ``in_year_balance``, ``cumulative_balance`` (from the current year's), the agreement's
    ``planned_in_year_balance`` / ``planned_cumulative_balance`` (after the agreement's last year, its final
    position held: in-year 0; None with no agreement) and ``by_line``
    (cost by placement line). Empty when there is no current year or no cost per placement.
    """
    current = block.get("current_year")
    unit = block.get("cost_per_placement") or {}
    if current is None or not any(v is not None for v in unit.values()):
        return []
    lines = {r["line"]: r for r in block["by_line"]}
    years = {r["financial_year"]: r for r in block["years"]}
    income = float(lines[INCOME_LINE]["forecast_outturn"])
    running = float(years[current]["cumulative_balance"])
    agreed = {r["financial_year"]: r for r in block["years"] if r.get("planned_cumulative_balance") is not None}
    out = []
    for january in sorted(forecast_by_line):
        year = f"{january - 1}-{january % 100:02d}"
        if january - 1 <= int(current[:4]):
            continue
        plans = forecast_by_line[january]
        by_line = {}
        for line in PLACEMENT_LINES:
            cost = unit.get(line)
            by_line[line] = (float(plans.get(line, 0) or 0) * cost if cost is not None
                             else float(lines[line]["forecast_outturn"]))
        placement_cost = float(sum(by_line.values()))
        balance = income - placement_cost
        running += balance
        planned = years.get(year) or after_agreement(agreed, year) or {}
        total = int(sum(int(plans.get(line, 0) or 0) for line in PLACEMENT_LINES))
        out.append({"financial_year": year, "plans": total, "placement_cost": placement_cost, "income": income,
                    "in_year_balance": balance, "cumulative_balance": running,
                    "planned_in_year_balance": planned.get("planned_in_year_balance"),
                    "planned_cumulative_balance": planned.get("planned_cumulative_balance"), "by_line": by_line})
    return out
