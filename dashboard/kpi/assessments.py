"""EHC needs assessments completed per year, by outcome, and decisions not to issue within 16 weeks.

Assessments completed in year Y (SPEC section 2): requests whose ``assessment_outcome_date`` falls in Y
(inside the row's event window, on or before as-at) with outcome Y (plan to be issued), N (not to issue)
or W (withdrawn). Not issued within 16 weeks: of the N, those with ``assessment_outcome_date -
received_date <= 112`` days. Mediation / tribunal: completed assessments whose ``assessment_mediation`` /
``assessment_tribunal`` flag is true. The age-band filter uses the age on the 31 August before the
outcome date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from dashboard.kpi.records import event_years, filter_mask, in_window, prepare, truthy
from dashboard.kpi.rounding import pct

SIXTEEN_WEEKS = 112


def _code(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), "").astype(str).str.strip()


def assessments_by_year(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> list[dict]:
    """``[{"year", "completed", "issued", "not_issued", "withdrawn", "not_issued_within_16_weeks",
    "not_issued_within_16_weeks_pct", "mediation", "tribunal"}]`` for every event year."""
    df = prepare(records)
    keep = in_window(df, "assessment_outcome_date", as_at)
    keep &= filter_mask(df, needs=needs, age_bands=age_bands, on="assessment_outcome_date")
    rows = df.loc[keep]
    code = _code(rows["assessment_outcome"])
    done = code.isin(["Y", "N", "W"])
    rows, code = rows[done], code[done]
    days = (rows["assessment_outcome_date"] - rows["received_date"]).dt.days
    frame = pd.DataFrame({
        "year": rows["assessment_outcome_date"].dt.year, "completed": 1,
        "issued": code.eq("Y"), "not_issued": code.eq("N"), "withdrawn": code.eq("W"),
        "not_issued_within_16_weeks": code.eq("N") & (days <= SIXTEEN_WEEKS).fillna(False).astype(bool),
        "mediation": truthy(rows["assessment_mediation"]), "tribunal": truthy(rows["assessment_tribunal"]),
    })
    fields = [c for c in frame.columns if c != "year"]
    counts = frame.groupby("year")[fields].sum().to_dict("index")  # one dict: a .loc per cell cost more
    out = []
    for year in event_years(df, as_at):
        c = {f: int(counts[year][f]) for f in fields} if year in counts else dict.fromkeys(fields, 0)
        out.append({"year": year, **c,
                    "not_issued_within_16_weeks_pct": pct(c["not_issued_within_16_weeks"], c["not_issued"])})
    return out
