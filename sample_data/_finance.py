"""The synthetic high-needs finance workbook (SPEC 1.7): ``finance_bytes()`` -> the bytes of ``finance.xlsx``.

SYNTHETIC SAMPLE DATA — the figures are made up for the demo; they are not any council's accounts. They are
shaped like a Safety Valve (deficit-recovery) agreement of a council of ~2,800 EHC plans (the sample LA is
modelled on LA 351): the high-needs block overspends from 2018-19 (the workbook's first year, so the
dashboard's running sum of in-year balances is the council's whole deficit) and the cumulative DSG deficit
reaches -£16.0m by March 2020; an agreement from 2020-21 to 2024-25 with DfE contributions (£7.5m in
2020-21, then £3.1m a year) plans it back to zero by March 2025. The actual outturns miss the plan a little
every year, so the deficit ends 2024-25 at -£1.4m instead of 0, and 2025-26 (after the agreement, no DfE
money) adds an in-year deficit of £1.0m.

Conventions (the same in docs/imports.md): placement lines are spending (positive pounds); the ``income``
line is the money into the high-needs block (the DSG allocation, plus the year's DfE and LA contributions
under the agreement), also positive; a year's in-year balance is income minus the placement lines
(negative = deficit). There was no deficit at 31 March 2018, before the workbook starts.

No randomness: every figure is fixed below. The workbook's properties (created, modified) and the zip
entries' dates are fixed, so writing it again gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io

from data_access.programme_workbook import fixed_zip
from frames.finance import PLACEMENT_LINES

FIXED_TIME = dt.datetime(2025, 11, 14, 9, 0, 0)  # after the October (period 7) monitoring of 2025-26
YEARS = ("2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25", "2025-26")
AGREEMENT_YEARS = YEARS[2:7]
CURRENT_YEAR, CURRENT_PERIOD = "2025-26", 7  # the demo's as-at is 2025-10-31: seven months of 2025-26
OPENING_CUMULATIVE = 0  # 31 March 2018: the deficit starts in the workbook's first year

M = 1_000_000
# £m a year: high-needs spend (the placement lines' outturn; 2025-26 its forecast), the high-needs block
# allocation, and the spending budget set at the start of the year
SPEND = dict(zip(YEARS, (37.0, 41.2, 41.9, 44.3, 46.4, 48.5, 50.9, 53.8), strict=True))
BLOCK = dict(zip(YEARS, (30.0, 32.2, 38.0, 42.5, 45.5, 48.3, 50.8, 52.8), strict=True))
SPEND_BUDGET = dict(zip(YEARS, (35.5, 39.8, 41.2, 43.9, 46.0, 48.2, 50.6, 53.0), strict=True))
DFE = dict(zip(AGREEMENT_YEARS, (7.5, 3.1, 3.1, 3.1, 3.1), strict=True))  # £19.9m in all
LA = dict(zip(AGREEMENT_YEARS, (0.4, 0.3, 0.3, 0.3, 0.3), strict=True))
# the agreement's planned underlying balance (block - spend budget) of each year, £m
PLANNED_UNDERLYING = dict(zip(AGREEMENT_YEARS, (-3.5, -1.5, -0.5, 0.0, 0.0), strict=True))

# each line's share of spend in 2018-19 and in 2025-26 (straight line between); special_independent
# 2025-26: ~£11.0m for ~245 independent and non-maintained placements; mainstream ~£10.1m for ~1,300 plans
SHARES_FROM = dict(zip(PLACEMENT_LINES, (0.165, 0.055, 0.300, 0.180, 0.065, 0.110, 0.025, 0.100), strict=True))
SHARES_TO = dict(zip(PLACEMENT_LINES, (0.195, 0.062, 0.270, 0.212, 0.052, 0.108, 0.024, 0.077), strict=True))
# where a year's over- or underspend against budget falls
VARIANCE = {"special_independent": 0.7, "post16": 0.3}
# actual to date at period 7 of 2025-26 as a share of the year's forecast (7/12 = 0.583: term-time
# top-ups are paid behind, independent fees termly in advance)
TO_DATE = {"mainstream_top_ups": 0.55, "resourced_provision": 0.58, "special_maintained": 0.58,
           "special_independent": 0.61, "alternative_provision": 0.57, "post16": 0.52, "early_years": 0.56,
           "other": 0.59, "income": 7 / 12}

SAVINGS = (  # ref, workstream, description, financial_year, target £, delivered £, status
    ("SV01", "Inclusion in mainstream", "Graduated response toolkit and SENCO network in every school",
     "2024-25", 450_000, 470_000, "blue"),
    ("SV02", "Inclusion in mainstream", "Early help for SEMH needs before an EHC needs assessment",
     "2025-26", 600_000, 310_000, "green"),
    ("SV03", "Inclusion in mainstream", "Banded top-up funding replacing individual agreements",
     "2025-26", 800_000, 280_000, "amber"),
    ("SV04", "Specialist capacity in borough", "New 60-place special free school (Phase 1)",
     "2024-25", 900_000, 650_000, "blue"),
    ("SV05", "Specialist capacity in borough", "Two resourced provisions in secondary schools",
     "2025-26", 500_000, 120_000, "red"),
    ("SV06", "Specialist capacity in borough", "Expansion of the maintained special school by 24 places",
     "2025-26", 400_000, 230_000, "green"),
    ("SV07", "Post-16 pathways", "Supported internships with local employers",
     "2024-25", 250_000, 260_000, "blue"),
    ("SV08", "Post-16 pathways", "Local college study programmes instead of independent specialist colleges",
     "2025-26", 550_000, 140_000, "amber"),
    ("SV09", "Post-16 pathways", "Preparing for adulthood reviews from Year 9",
     "2025-26", 150_000, 0, "purple"),
    ("SV10", "Commissioning and contracts", "Regional framework prices for independent special schools",
     "2024-25", 700_000, 540_000, "blue"),
    ("SV11", "Commissioning and contracts", "Home-to-school transport route review (high-needs share)",
     "2025-26", 300_000, 190_000, "green"),
    ("SV12", "Commissioning and contracts", "Annual review of high-cost placements with health and care",
     "2025-26", 650_000, 150_000, "red"),
)

README = (
    "SYNTHETIC SAMPLE DATA — made up for the dashboard's demo.",
    "These figures are not any council's accounts and describe no real budget, school or child.",
    "They are shaped like a Safety Valve (DSG deficit-recovery) agreement of a council with about 2,800 EHC plans.",
    "Sheets: budget (financial_year, period, line, budget, forecast_outturn, actual_to_date), agreement "
    "(the planned trajectory and the contributions), savings (the savings plan), as SPEC 1.7 describes.",
    "Money in pounds. Placement lines are spending; the income line is money into the high-needs block "
    "(DSG allocation plus the year's DfE and LA contributions). Negative balance = deficit.",
    "period = month of the financial year (1 = April ... 12 = March): 12 for complete years, 7 (October) for 2025-26.",
    "Made by sample_data/_finance.py (python -m sample_data.generate).",
)


def _share(line: str, year: str) -> float:
    t = YEARS.index(year) / (len(YEARS) - 1)
    return SHARES_FROM[line] + (SHARES_TO[line] - SHARES_FROM[line]) * t


def _split(total_m: float, year: str) -> dict[str, int]:
    """A year's spend (£m) by line, in whole £1,000s, adding up exactly (``other`` takes the rounding)."""
    total = round(total_m * M)
    out = {line: round(total * _share(line, year), -3) for line in PLACEMENT_LINES}
    out["other"] += total - sum(out.values())
    return out


def income(year: str) -> int:
    return round((BLOCK[year] + DFE.get(year, 0) + LA.get(year, 0)) * M)


def budget_rows() -> list[tuple]:
    """(financial_year, period, line, budget, forecast_outturn, actual_to_date) for every year and line."""
    rows = []
    for year in YEARS:
        current = year == CURRENT_YEAR
        period = CURRENT_PERIOD if current else 12
        outturn = _split(SPEND[year], year)
        variance = round((SPEND[year] - SPEND_BUDGET[year]) * M)
        budget = dict(outturn)
        for line, part in VARIANCE.items():
            budget[line] -= round(variance * part, -3)
        budget["other"] += sum(outturn.values()) - variance - sum(budget.values())
        outturn["income"] = budget["income"] = income(year)
        for line in (*PLACEMENT_LINES, "income"):
            to_date = round(outturn[line] * TO_DATE[line], -3) if current else outturn[line]
            rows.append((year, period, line, float(budget[line]), float(outturn[line]), float(to_date)))
    return rows


def agreement_rows() -> list[tuple]:
    """(financial_year, planned_in_year_balance, planned_cumulative_balance, dfe_contribution, la_contribution)."""
    cumulative = OPENING_CUMULATIVE + sum(round((BLOCK[y] - SPEND[y]) * M) for y in YEARS[:2])
    rows = []
    for year in AGREEMENT_YEARS:
        in_year = round((PLANNED_UNDERLYING[year] + DFE[year] + LA[year]) * M)
        cumulative += in_year
        rows.append((year, float(in_year), float(cumulative), float(DFE[year] * M), float(round(LA[year] * M))))
    return rows


def finance_bytes() -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    wb.properties.creator = "senddash sample_data (synthetic)"
    wb.properties.title = "SYNTHETIC high-needs finance sample"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    ws = wb.active
    ws.title = "README"
    for text in README:
        ws.append([text])
    ws["A1"].font = Font(bold=True)
    ws.column_dimensions["A"].width = 120
    sheets = (
        ("budget", ("financial_year", "period", "line", "budget", "forecast_outturn", "actual_to_date"),
         budget_rows()),
        ("agreement", ("financial_year", "planned_in_year_balance", "planned_cumulative_balance",
                       "dfe_contribution", "la_contribution"), agreement_rows()),
        ("savings", ("ref", "workstream", "description", "financial_year", "target", "delivered", "status"),
         [(*r[:4], float(r[4]), float(r[5]), r[6]) for r in SAVINGS]),
    )
    for title, header, rows in sheets:
        sheet = wb.create_sheet(title)
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(list(row))
        for col in "ABCDEFG"[:len(header)]:
            sheet.column_dimensions[col].width = 24
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue(), FIXED_TIME)
