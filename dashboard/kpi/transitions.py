"""Phase transfers: amended plans finalised by the statutory deadline (SEND Regulations 2014, reg. 18).

Persons with a ``phase_transfer_due_date`` (from SEN2 returns, each due date is taken from the latest
return that lists it, so a transfer listed by two returns counts once, as last known), by due date: ``due``; ``final_on_time`` = finalised on or before the due date;
``final_late`` = finalised after it; ``outstanding`` = no final date on or before as-at. Only due
dates in transfer years up to the year after as-at's are listed. The age-band filter uses the age on
the 31 August before the due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from dashboard.kpi.records import filter_mask, prepare
from dashboard.kpi.rounding import pct

# (month, day, what) of the statutory deadlines for the amended plan
DEADLINES: tuple[tuple[int, int, str], ...] = (
    (2, 15, "school phase transfer"),
    (3, 31, "transfer to post-16"),
)


def _due_rows(records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str], age_bands: Iterable[str]
              ) -> pd.DataFrame:
    df = prepare(records)
    last_day = pd.Timestamp(dt.date(as_at.year + 1, 12, 31))
    due = df["phase_transfer_due_date"]
    listed = due.notna() & (due <= last_day)
    sen2 = df["source"].eq("sen2")
    # casework: every transfer. SEN2: a transfer is listed by several returns (the return of year Y lists
    # those due in Y; a later one may list it again, finalised): take each due date from the latest
    # return that lists it, so it counts once and as last known
    latest = df.loc[listed & sen2].groupby("phase_transfer_due_date")["reference_date"].transform("max")
    from_latest = pd.Series(False, index=df.index)
    from_latest.loc[latest.index] = df.loc[latest.index, "reference_date"].eq(latest)
    keep = (listed & (~sen2 | from_latest)).to_numpy(dtype=bool)
    keep = keep & filter_mask(df, needs=needs, age_bands=age_bands, on="phase_transfer_due_date")
    return df.loc[keep, ["dataset_id", "person_ref", "phase_transfer_due_date", "phase_transfer_final_date"]]


def phase_transfers(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> list[dict]:
    """``[{"due_date", "due", "final_on_time", "final_late", "outstanding", "pct_on_time", "pct_finalised"}]``.

    ``pct_on_time`` is only given once the deadline has passed (on or before as-at): before it, a transfer
    not yet finalised is not late, so a share "on time" would mislead; ``pct_finalised`` (finalised so
    far, of those due) shows the progress towards a deadline still ahead.
    """
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
         "pct_on_time": pct(int(t["final_on_time"]), int(t["due"])) if when <= pd.Timestamp(as_at) else None,
         "pct_finalised": pct(int(t["due"]) - int(t["outstanding"]), int(t["due"]))}
        for when, t in table.iterrows()
    ]


def next_deadline(as_at: dt.date) -> dict:
    """The next statutory phase-transfer deadline on or after as-at: ``{"date", "kind", "days"}``."""
    candidates = sorted(
        (dt.date(year, month, day), kind) for year in (as_at.year, as_at.year + 1) for month, day, kind in DEADLINES
    )
    when, kind = next((d, k) for d, k in candidates if d >= as_at)
    return {"date": when.isoformat(), "kind": kind, "days": (when - as_at).days}


