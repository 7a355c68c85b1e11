"""The high-needs finance frames (SPEC 1.7) and the placement lines they are reported by.

``data_access.queries.load_finance`` returns ``{"budget": ..., "agreement": ..., "savings": ...}`` built
to these declarations (kinds as in :mod:`frames.records`; ``float`` = float64 pounds, NaN when blank);
``dashboard.kpi.finance`` reads them. Money is in pounds; ``financial_year`` is ``"2024-25"`` (April to
March); ``period`` is the month of the financial year (1 = April ... 12 = March). A negative balance is a
deficit.

A placement line's plans are the plans maintained whose setting code (SPEC 2.1) is in
:data:`LINE_SETTINGS` of that line; the lines' plans add up to plans maintained. Cost per placement of a
line = its forecast outturn / its plans at the January in the financial year (January 2025 for 2024-25).
"""

from __future__ import annotations

FINANCIAL_YEAR_PATTERN = r"\d{4}-\d{2}"  # "2024-25": the second part is the first year + 1, mod 100

# SPEC 1.7: the placement lines of the high-needs block, in the order finance reports show them
PLACEMENT_LINES: tuple[str, ...] = (
    "mainstream_top_ups", "resourced_provision", "special_maintained", "special_independent",
    "alternative_provision", "post16", "early_years", "other",
)
INCOME_LINE = "income"
LINES: tuple[str, ...] = (*PLACEMENT_LINES, INCOME_LINE)

# which setting codes (frames.placements.SETTING_GROUPS' keys) each placement line pays for
LINE_SETTINGS: dict[str, tuple[str, ...]] = {
    "mainstream_top_ups": ("mainstream",),
    "resourced_provision": ("resourced_provision", "sen_unit"),
    "special_maintained": ("special_maintained", "special_academy_free"),
    # independent and non-maintained placements: SPEC 2's "independent" measure
    "special_independent": ("independent_special", "non_maintained_special", "independent_mainstream"),
    "alternative_provision": ("alternative_provision",),
    "post16": ("post16", "specialist_post16"),
    "early_years": ("early_years",),
    "other": ("home_education", "other_arrangements", "not_in_education", "unknown"),
}
SETTING_LINE: dict[str, str] = {code: line for line, codes in LINE_SETTINGS.items() for code in codes}

LINE_LABELS: dict[str, str] = {
    "mainstream_top_ups": "Mainstream top-ups", "resourced_provision": "Resourced provision and SEN units",
    "special_maintained": "Maintained special and special academies",
    "special_independent": "Independent and non-maintained special", "alternative_provision": "Alternative provision",
    "post16": "Post-16 and further education", "early_years": "Early years", "other": "Other",
    "income": "Income (high-needs block)",
}

BUDGET_COLUMNS: dict[str, str] = {
    "financial_year": "str", "period": "int64", "line": "str", "budget": "float",
    "forecast_outturn": "float", "actual_to_date": "float",
}
AGREEMENT_COLUMNS: dict[str, str] = {
    "financial_year": "str", "planned_in_year_balance": "float", "planned_cumulative_balance": "float",
    "dfe_contribution": "float", "la_contribution": "float",
}
SAVINGS_COLUMNS: dict[str, str] = {
    "ref": "str", "workstream": "str", "description": "str", "financial_year": "str", "target": "float",
    "delivered": "float", "status": "str",
}
FINANCE_FRAMES: dict[str, dict[str, str]] = {
    "budget": BUDGET_COLUMNS, "agreement": AGREEMENT_COLUMNS, "savings": SAVINGS_COLUMNS,
}
# SPEC 1.8's RAG statuses, used by savings too
STATUSES: tuple[str, ...] = ("purple", "red", "amber", "green", "blue")
