"""EHC plans ceased per year, by reason (SPEC section 2).

Plans whose ``plan_cease_date`` falls in year Y (inside the row's event window, on or before as-at), by
``cease_reason`` (SEN2 CeaseReason, codes 1-9; blank or any other code ``unknown``). The total is the same
count as ``ehcps.plans_by_year[].ceased``. The age-band filter uses the age on the 31 August before the
cease date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from dashboard.kpi.records import event_years, filter_mask, in_window, prepare
from dashboard.kpi.rounding import pct

CEASE_REASONS = (*(str(n) for n in range(1, 10)), "unknown")


def ceased_by_year(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> list[dict]:
    """``[{"year", "total", "by_reason": {"1".."9", "unknown"}, "by_reason_pct"}]`` for every event year
    (the shares are of the year's ceased plans)."""
    df = prepare(records)
    keep = in_window(df, "plan_cease_date", as_at)
    keep &= filter_mask(df, needs=needs, age_bands=age_bands, on="plan_cease_date")
    rows = df.loc[keep]
    reason = rows["cease_reason"].astype(object).where(rows["cease_reason"].notna(), "").astype(str).str.strip()
    reason = reason.where(reason.isin(CEASE_REASONS[:-1]), "unknown")
    counts = pd.DataFrame({"year": rows["plan_cease_date"].dt.year, "reason": reason}).groupby(
        ["year", "reason"]).size().to_dict()  # one dict: a MultiIndex lookup per cell cost more
    out = []
    for year in event_years(df, as_at):
        by_reason = {r: int(counts.get((year, r), 0)) for r in CEASE_REASONS}
        total = sum(by_reason.values())
        out.append({"year": year, "total": total, "by_reason": by_reason,
                    "by_reason_pct": {r: pct(n, total) for r, n in by_reason.items()}})
    return out
