"""Complaints and compliments KPIs (SPEC §2 "Complaints").

Input: the complaints frame (``record_id, kind, received_date, stage, category, due_date,
responded_date, outcome, team``; see docs/architecture.md). Output: plain Python lists/dicts.

Definitions used throughout, all judged *as at* a date (records received after it are ignored and
responses dated after it have not happened yet):

- **received**: complaints (``kind`` = complaint) received in the period; compliments are counted
  separately and never enter a complaint figure.
- **responded on time**: ``responded_date <= due_date`` (a response on the due date is on time). The
  percentage is taken over the complaints that can be judged: those responded to by the as-at date
  plus those whose due date has passed (on or before as-at) without a response (late). A complaint
  still inside its response window is not counted either way; None when none can be judged.
  A complaint withdrawn without a response is not judged.
- **open**: complaints with no response by the as-at date, other than withdrawn ones.
- **due date**: as recorded; when missing, 20 working days after receipt, counting Monday to Friday
  only (bank holidays are ignored here; the importers store the proper due date).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from dashboard.kpi.rounding import pct

STAGES = ("1", "2", "ombudsman")
CATEGORIES = ("decision", "process", "communication", "timeliness", "provision", "staff_conduct", "other")
OUTCOMES = ("upheld", "partly_upheld", "not_upheld", "withdrawn", "open")
RESPONSE_WORKING_DAYS = 20


def default_due_dates(received: pd.Series) -> pd.Series:
    """20 working days (Mon-Fri) after each receipt date; a weekend receipt counts from the Monday."""
    rec = pd.to_datetime(received, errors="coerce")
    out = pd.Series(pd.NaT, index=rec.index, dtype="datetime64[ns]")
    ok = rec.notna()
    if ok.any():
        days = rec[ok].to_numpy().astype("datetime64[D]")
        due = np.busday_offset(days, RESPONSE_WORKING_DAYS, roll="forward")
        out[ok] = pd.to_datetime(due)
    return out


def _prepare(complaints: pd.DataFrame, as_at: date) -> pd.DataFrame:
    """Normalised copy: datetime columns, lower-case codes, due dates filled, judged/on-time flags."""
    df = pd.DataFrame({
        "kind": complaints["kind"].astype("string").str.strip().str.lower(),
        "received": pd.to_datetime(complaints["received_date"], errors="coerce"),
        "stage": complaints["stage"].astype("string").str.strip().str.lower(),
        "category": complaints["category"].astype("string").str.strip().str.lower(),
        "due": pd.to_datetime(complaints["due_date"], errors="coerce"),
        "responded": pd.to_datetime(complaints["responded_date"], errors="coerce"),
        "outcome": complaints["outcome"].astype("string").str.strip().str.lower(),
    })
    cutoff = pd.Timestamp(as_at)
    df = df[df["received"].notna() & (df["received"] <= cutoff)].copy()
    df["due"] = df["due"].fillna(default_due_dates(df["received"]))
    responded = df["responded"].notna() & (df["responded"] <= cutoff)
    withdrawn = df["outcome"].eq("withdrawn").fillna(False).astype(bool)
    complaint = df["kind"].eq("complaint").fillna(False).astype(bool)
    df["complaint"] = complaint
    df["compliment"] = df["kind"].eq("compliment").fillna(False).astype(bool)
    df["responded_flag"] = complaint & responded
    df["judged"] = complaint & (responded | ((df["due"] <= cutoff) & ~withdrawn))
    df["on_time"] = complaint & responded & (df["responded"] <= df["due"])
    df["open"] = complaint & ~responded & ~withdrawn
    return df


def _summary_columns(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """Per value of ``key``: received, responded, judged, on_time, open (complaints only)."""
    c = df[df["complaint"]]
    return c.groupby(key, dropna=False).agg(
        received=("complaint", "size"),
        responded=("responded_flag", "sum"),
        judged=("judged", "sum"),
        on_time=("on_time", "sum"),
        open=("open", "sum"),
    )


def _periodic(df: pd.DataFrame, as_at: date, freq: str, label: str) -> list[dict]:
    """Rows per period of a frame made by :func:`_prepare`, from the first period with a record to as_at's.

    Each count is one ``bincount`` over the rows' period numbers (year * 12 + month, or year * 4 + quarter)."""
    if df.empty:
        return []
    per_year, month_of = (12, lambda m: m - 1) if freq == "M" else (4, lambda m: (m - 1) // 3)
    received = df["received"]
    number = received.dt.year.to_numpy() * per_year + month_of(received.dt.month.to_numpy())
    first = int(number.min())
    size = as_at.year * per_year + month_of(as_at.month) - first + 1
    position = number - first

    def count(mask: pd.Series | np.ndarray) -> list[int]:
        return np.bincount(position[np.asarray(mask, dtype=bool)], minlength=size).tolist()

    complaint = df["complaint"].to_numpy()
    stage = df["stage"]
    cols = {"received": count(complaint), "responded": count(df["responded_flag"]),
            "on_time": count(df["on_time"]), "judged": count(df["judged"]), "open": count(df["open"]),
            "compliments": count(df["compliment"]),
            **{f"stage_{s}": count(complaint & stage.eq(s).fillna(False).to_numpy(dtype=bool)) for s in STAGES}}
    rows = []
    for i in range(size):
        year, part = divmod(first + i, per_year)
        name = f"{year}-Q{part + 1}" if freq == "Q" else f"{year}-{part + 1:02d}"
        on_time, judged = cols["on_time"][i], cols["judged"][i]
        rows.append({
            label: name,
            "received": cols["received"][i],
            "responded": cols["responded"][i],
            "responded_on_time": on_time,
            "judged": judged,
            "responded_on_time_pct": pct(on_time, judged),
            "compliments": cols["compliments"][i],
            "stage_1": cols["stage_1"][i],
            "stage_2": cols["stage_2"][i],
            "ombudsman": cols["stage_ombudsman"][i],
            "open": cols["open"][i],
        })
    return rows


def complaints_block(complaints: pd.DataFrame, *, as_at: date) -> dict:
    """``{"by_month": [...], "by_quarter": [...]}`` from one pass over the log (the KPI object's block).

    One row per month ("YYYY-MM") or quarter ("2024-Q1") from the first with a record to ``as_at``'s.
    Each row: received, responded, responded_on_time, judged (answered, or past the due date unanswered:
    the on-time percentage's denominator), responded_on_time_pct, compliments, stage_1, stage_2,
    ombudsman, open (see the module docstring for the definitions).
    """
    df = _prepare(complaints, as_at)
    return {"by_month": _periodic(df, as_at, "M", "month"), "by_quarter": _periodic(df, as_at, "Q", "quarter")}


def _in_period(complaints: pd.DataFrame, start: date, end: date, as_at: date | None) -> pd.DataFrame:
    df = _prepare(complaints, as_at or end)
    return df[(df["received"] >= pd.Timestamp(start)) & (df["received"] <= pd.Timestamp(end))]


def _grouped(df: pd.DataFrame, key: str, known: tuple[str, ...], label: str) -> list[dict]:
    df = df.assign(**{key: df[key].fillna("unknown")})
    summary = _summary_columns(df, key)
    extra = sorted(str(v) for v in summary.index if v not in known)
    summary = summary.reindex([*known, *extra], fill_value=0)
    return [
        {
            label: value,
            "received": int(s["received"]),
            "responded": int(s["responded"]),
            "responded_on_time": int(s["on_time"]),
            "responded_on_time_pct": pct(int(s["on_time"]), int(s["judged"])),
            "open": int(s["open"]),
        }
        for value, s in summary.iterrows()
    ]


def complaints_by_category(
    complaints: pd.DataFrame, *, start: date, end: date, as_at: date | None = None
) -> list[dict]:
    """Complaints received from ``start`` to ``end`` (inclusive) by category.

    Every SPEC category is listed (zeros included), then any other recorded value, then "unknown" for
    a missing category. Responses are judged as at ``as_at`` (default: ``end``).
    """
    return _grouped(_in_period(complaints, start, end, as_at), "category", CATEGORIES, "category")


def outcomes(complaints: pd.DataFrame, *, start: date, end: date) -> dict[str, int]:
    """Complaints received from ``start`` to ``end`` (inclusive) counted by outcome.

    The five SPEC outcomes are always present; any other recorded value follows, and complaints with no
    outcome recorded are counted under "not_recorded" (present only when there are some).
    """
    df = _in_period(complaints, start, end, None)
    counts = df.loc[df["complaint"], "outcome"].fillna("not_recorded").value_counts()
    result = {o: int(counts.get(o, 0)) for o in OUTCOMES}
    for other in sorted(set(counts.index) - set(OUTCOMES)):
        result[str(other)] = int(counts[other])
    return result
