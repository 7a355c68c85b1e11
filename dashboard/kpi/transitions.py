"""Phase transfers: amended plans finalised by the statutory deadline (SEND Regulations 2014, reg. 18).

Persons with a ``phase_transfer_due_date`` (inside the row's event window, so several SEN2 returns do
not double count; due dates after the latest SEN2 return's period come from that return), by due date: ``due``; ``final_on_time`` = finalised on or before the due date;
``final_late`` = finalised after it; ``outstanding`` = no final date on or before as-at. Only due
dates in transfer years up to the year after as-at's are listed. The age-band filter uses the age on
the 31 August before the due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.kpi.filters import filter_mask, in_window, prepare
from dashboard.kpi.rounding import pct

# (month, day, what) of the statutory deadlines for the amended plan
DEADLINES: tuple[tuple[int, int, str], ...] = (
    (2, 15, "school phase transfer"),
    (3, 31, "transfer to post-16"),
)


def _due_rows(records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str], age_bands: Iterable[str]
              ) -> pd.DataFrame:
    df = prepare(records)
    last_day = dt.date(as_at.year + 1, 12, 31)
    keep = in_window(df, "phase_transfer_due_date", last_day)
    # an SEN2 return lists the transfers due after its period (15 February, 31 March): those due after
    # the period of the latest return are taken from it (a later return, when loaded, covers them)
    due, end, ref = (df[c].to_numpy() for c in ("phase_transfer_due_date", "period_end", "reference_date"))
    sen2 = df["source"].eq("sen2").to_numpy(dtype=bool) & ~np.isnat(ref)
    if sen2.any():
        latest = sen2 & (ref == ref[sen2].max())
        keep |= latest & (due > end) & (due <= pd.Timestamp(last_day).to_datetime64())
    keep &= filter_mask(df, needs=needs, age_bands=age_bands, on="phase_transfer_due_date")
    return df.loc[keep, ["dataset_id", "person_ref", "phase_transfer_due_date", "phase_transfer_final_date"]]


def phase_transfers(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> list[dict]:
    """``[{"due_date", "due", "final_on_time", "final_late", "outstanding", "pct_on_time"}]`` by due date."""
    rows = _due_rows(records, as_at=as_at, needs=needs, age_bands=age_bands)
    # one per person and due date (a person with two requests is one transfer); keep the finalised one
    rows = rows.sort_values("phase_transfer_final_date", na_position="last").drop_duplicates(
        ["dataset_id", "person_ref", "phase_transfer_due_date"])
    due, final = rows["phase_transfer_due_date"], rows["phase_transfer_final_date"]
    known = final.notna() & (final <= pd.Timestamp(as_at))
    table = pd.DataFrame({
        "due_date": due,
        "due": 1,
        "final_on_time": known & (final <= due),
        "final_late": known & (final > due),
        "outstanding": ~known,
    }).groupby("due_date")[["due", "final_on_time", "final_late", "outstanding"]].sum().sort_index()
    return [
        {"due_date": when.date().isoformat(), "due": int(t["due"]), "final_on_time": int(t["final_on_time"]),
         "final_late": int(t["final_late"]), "outstanding": int(t["outstanding"]),
         "pct_on_time": pct(int(t["final_on_time"]), int(t["due"]))}
        for when, t in table.iterrows()
    ]


def next_deadline(as_at: dt.date) -> dict:
    """The next statutory phase-transfer deadline on or after as-at: ``{"date", "kind", "days"}``."""
    candidates = sorted(
        (dt.date(year, month, day), kind) for year in (as_at.year, as_at.year + 1) for month, day, kind in DEADLINES
    )
    when, kind = next((d, k) for d, k in candidates if d >= as_at)
    return {"date": when.isoformat(), "kind": kind, "days": (when - as_at).days}


def days_to_next_deadline(as_at: dt.date) -> int:
    """Whole days from as-at to the next 15 February or 31 March (0 on the day itself)."""
    return int(next_deadline(as_at)["days"])
