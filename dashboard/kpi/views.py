"""Tables the pages show beyond the ``kpis`` object: need x age band, need trend, and the outstanding
phase-transfer list. Pure pandas, built on the same definitions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from dashboard.kpi.dates import AGE_BANDS
from dashboard.kpi.ehcps import january_dates, maintained_mask, need_codes
from dashboard.kpi.records import NEED, ages_on, band_mask, filter_mask, prepare
from dashboard.kpi.transitions import _due_rows


def need_by_age_band(records: pd.DataFrame, *, on: dt.date, needs: Iterable[str] = (),
                     age_bands: Iterable[str] = ()) -> list[dict]:
    """Plans maintained at ``on`` by primary need and age band: ``[{"need", "age_band", "count"}]``."""
    df = prepare(records)
    keep = maintained_mask(df, on=on) & filter_mask(df, needs=needs, age_bands=age_bands, on=on)
    plans = df.loc[keep]
    ages = ages_on(plans, on)
    out = []
    for band in AGE_BANDS:
        in_band = band_mask(ages, [band])
        counts = plans.loc[in_band, NEED].value_counts()
        out += [{"need": need, "age_band": band, "count": int(counts.get(need, 0))} for need in need_codes(df)]
    return out


def need_trend(records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (),
               age_bands: Iterable[str] = ()) -> list[dict]:
    """Plans maintained at each January snapshot by primary need: ``[{"year", "need", "count", "share"}]``."""
    df = prepare(records)
    need_ok = filter_mask(df, needs=needs, on=as_at)
    bands = tuple(age_bands)
    out = []
    for year, when in january_dates(df, as_at=as_at):
        keep = maintained_mask(df, on=when) & need_ok
        if bands:
            keep &= band_mask(ages_on(df, when), bands)
        counts = df.loc[keep, NEED].value_counts()
        total = int(counts.sum())
        for need in need_codes(df):
            n = int(counts.get(need, 0))
            out.append({"year": year, "need": need, "count": n,
                        "share": round(100 * n / total, 1) if total else None})
    return out


def transfers_outstanding(records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (),
                          age_bands: Iterable[str] = ()) -> list[dict]:
    """Phase transfers with no final plan at as-at: who holds each case and the days to (or past) the due date."""
    df = prepare(records)
    rows = _due_rows(df, as_at=as_at, needs=needs, age_bands=age_bands)
    rows = df.loc[rows.index, ["person_ref", "phase_transfer_due_date", "phase_transfer_final_date",
                               "caseworker", "team"]]
    final = rows["phase_transfer_final_date"]
    open_ = rows.loc[final.isna() | (final > pd.Timestamp(as_at))]
    open_ = open_.sort_values(["phase_transfer_due_date", "person_ref"]).drop_duplicates(
        ["person_ref", "phase_transfer_due_date"])
    return [
        {"person_ref": p, "due_date": d.date().isoformat(), "days_to_due": (d.date() - as_at).days,
         "caseworker": c if isinstance(c, str) else None, "team": t if isinstance(t, str) else None}
        for p, d, c, t in zip(open_["person_ref"], open_["phase_transfer_due_date"], open_["caseworker"],
                              open_["team"], strict=True)
    ]
