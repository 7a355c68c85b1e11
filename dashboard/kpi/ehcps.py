"""EHC plans maintained at a date, January snapshots and growth, breakdowns, new and ceased plans.

Maintained at a date D (SPEC section 2):

* casework rows (``active`` NA): ``plan_start_date <= D`` and no ``plan_cease_date`` or one after D
  (a plan ceasing on D is not maintained on D);
* SEN2 rows: the return with the greatest ``reference_date`` on or before D; its rows under
  ActivePlans (``active`` True) with no cease date or one after D. They are the plans maintained at
  its reference date even with no start date (e.g. a plan transferred in). No such return: 0.

The age-band filter uses the age on the 31 August before D.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.kpi.dates import AGE_BANDS, month_of, reference_date
from dashboard.kpi.records import (
    AGE_BASE,
    NEED,
    NO_TRANSFER,
    SEN2,
    UNKNOWN_NEED,
    ages_on,
    band_mask,
    blank,
    check_age_bands,
    clean_needs,
    event_years,
    filter_mask,
    in_window,
    per_frame,
    prepare,
    truthy,
)
from dashboard.kpi.requests import growth_pct
from dashboard.kpi.rounding import pct
from frames.placements import SETTING_GROUPS

SEXES = ("M", "F", "U")
SETTING_TYPES = tuple(SETTING_GROUPS)  # SPEC 2.1's setting codes, in its order


def maintained_mask(records: pd.DataFrame, *, on: dt.date) -> np.ndarray:
    """True for the rows (plans) of a prepared frame maintained at ``on`` (no filters)."""
    df = prepare(records)
    stamp = pd.Timestamp(on).to_datetime64()
    start, cease = df["plan_start_date"].to_numpy(), df["plan_cease_date"].to_numpy()
    not_ceased = np.isnat(cease) | (cease > stamp)
    sen2 = df[SEN2].to_numpy()
    keep = ~sen2 & (start <= stamp) & not_ceased  # NaT compares False
    ref = df["reference_date"].to_numpy()
    returns = ref[sen2 & (ref <= stamp)]
    if len(returns):
        keep |= sen2 & (ref == returns.max()) & truthy(df["active"]).to_numpy() & not_ceased
    return keep


def maintained_filtered(
    records: pd.DataFrame, *, on: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> np.ndarray:
    """The plans of a prepared frame maintained at ``on`` (:func:`maintained_mask`) whose primary need is
    selected and whose age on the 31 August before ``on`` is in a selected band: the plans every count
    "at a date" (January snapshots, breakdowns, month ends, placements, reviews due) is taken over."""
    return maintained_mask(records, on=on) & filter_mask(records, needs=needs, age_bands=age_bands, on=on)


def january_dates(records: pd.DataFrame, *, as_at: dt.date) -> list[tuple[int, dt.date]]:
    """(year, snapshot date) of each January snapshot on or before as-at.

    SEN2 data: one per return (its reference date). Casework: the third Thursday of January of every
    year from the first year with an event to as-at's year.
    """
    df = prepare(records)
    return list(per_frame(df, ("january_dates", as_at), lambda: _january_dates(df, as_at)))  # type: ignore[call-overload]


def _january_dates(df: pd.DataFrame, as_at: dt.date) -> list[tuple[int, dt.date]]:
    sen2 = df.loc[df["source"].eq("sen2"), ["collection_year", "reference_date"]].dropna(
        subset=["reference_date"])
    if len(sen2):
        sen2 = sen2.drop_duplicates("reference_date")
        sen2 = sen2.loc[sen2["reference_date"] <= pd.Timestamp(as_at)].sort_values("reference_date")
        return [(int(y) if pd.notna(y) else r.year, r.date())
                for y, r in zip(sen2["collection_year"], sen2["reference_date"], strict=True)]
    dates = [(y, reference_date(y)) for y in event_years(df, as_at)]
    return [(y, d) for y, d in dates if d <= as_at]


def january_counts(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> list[dict]:
    """``[{"year", "date", "count", "growth_pct"}]``: plans at each January snapshot, growth on the last."""
    df = prepare(records)
    needs, bands = clean_needs(needs), check_age_bands(age_bands)
    out, previous = [], None
    for year, when in january_dates(df, as_at=as_at):
        count = int(maintained_filtered(df, on=when, needs=needs, age_bands=bands).sum())
        out.append({"year": year, "date": when.isoformat(), "count": count,
                    "growth_pct": growth_pct(previous, count)})
        previous = count
    return out


def _counts(values: pd.Series, keys: Iterable[str]) -> dict[str, int]:
    counts = values.value_counts()
    return {k: int(counts.get(k, 0)) for k in keys}


def need_codes(records: pd.DataFrame) -> list[str]:
    """Every primary need code present in the records, sorted, then UNKNOWN."""
    codes = prepare(records)[NEED].unique()
    return sorted(set(codes) - {UNKNOWN_NEED}) + [UNKNOWN_NEED]


def breakdowns(
    records: pd.DataFrame, *, on: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> dict:
    """Plans maintained at ``on``: total and by age band, sex, primary need, setting type and area."""
    df = prepare(records)
    keep = maintained_filtered(df, on=on, needs=needs, age_bands=age_bands)
    plans = df.loc[keep, ["sex", "setting_type", "setting_in_la", NEED, AGE_BASE]]
    sex = plans["sex"].astype(object).where(plans["sex"].isin(SEXES), "U")
    setting = plans["setting_type"].astype(object).where(~blank(plans["setting_type"]), "unknown")
    extra_settings = sorted(set(setting) - set(SETTING_TYPES))
    in_la = plans["setting_in_la"]
    by_need = _counts(plans[NEED], need_codes(df))
    return {
        "maintained": len(plans),
        "by_age_band": {band: int(band_mask(ages_on(plans, on), [band]).sum()) for band in AGE_BANDS},
        "by_sex": _counts(sex, SEXES),
        "by_need": by_need,
        # the need shares (DfE's half-up rounding), as compared with England's published shares
        "by_need_pct": {code: pct(n, len(plans)) for code, n in by_need.items()},
        "by_setting": _counts(setting, (*SETTING_TYPES, *extra_settings)),
        "in_area": {"in_area": int(truthy(in_la).sum()), "out_of_area": int(in_la.eq(False).fillna(False).sum()),
                    "unknown": int(in_la.isna().sum())},
    }


def _event_dates(records: pd.DataFrame, column: str, *, as_at: dt.date, needs, age_bands,
                 exclude_transfers: bool) -> pd.Series:
    df = prepare(records)
    keep = in_window(df, column, as_at) & filter_mask(df, needs=needs, age_bands=age_bands, on=column)
    if exclude_transfers:
        keep &= df[NO_TRANSFER].to_numpy()
    return df.loc[keep, column]


def plans_by_month(
    records: pd.DataFrame, *, as_at: dt.date, months: list[str], needs: Iterable[str] = (),
    age_bands: Iterable[str] = (),
) -> list[dict]:
    """``[{"month", "new", "ceased"}]``: plans issued (not transferred in) and plans ceased per month."""
    new = month_of(_event_dates(records, "plan_start_date", as_at=as_at, needs=needs, age_bands=age_bands,
                                exclude_transfers=True)).value_counts()
    ceased = month_of(_event_dates(records, "plan_cease_date", as_at=as_at, needs=needs, age_bands=age_bands,
                                   exclude_transfers=False)).value_counts()
    return [{"month": m, "new": int(new.get(m, 0)), "ceased": int(ceased.get(m, 0))} for m in months]


def plans_by_year(
    records: pd.DataFrame, *, as_at: dt.date, needs: Iterable[str] = (), age_bands: Iterable[str] = ()
) -> list[dict]:
    """``[{"year", "new", "ceased"}]`` for every year from the first with an event to as-at's year."""
    new = _event_dates(records, "plan_start_date", as_at=as_at, needs=needs, age_bands=age_bands,
                       exclude_transfers=True).dt.year.value_counts()
    ceased = _event_dates(records, "plan_cease_date", as_at=as_at, needs=needs, age_bands=age_bands,
                          exclude_transfers=False).dt.year.value_counts()
    return [{"year": y, "new": int(new.get(y, 0)), "ceased": int(ceased.get(y, 0))}
            for y in event_years(records, as_at)]


def maintained_by_month(records: pd.DataFrame, *, months: list[str], as_at: dt.date,
                        needs: Iterable[str] = (), age_bands: Iterable[str] = ()) -> list[dict]:
    """Plans maintained at the end of each month (or at as-at for its own month)."""
    df = prepare(records)
    out = []
    for month in months:
        start = pd.Period(month, freq="M")
        when = min(start.end_time.date(), as_at)
        keep = maintained_filtered(df, on=when, needs=needs, age_bands=age_bands)
        out.append({"month": month, "date": when.isoformat(), "maintained": int(keep.sum())})
    return out


def ehcps_block(
    records: pd.DataFrame, *, as_at: dt.date, months: list[str], needs: Iterable[str] = (),
    age_bands: Iterable[str] = (),
) -> dict:
    """The SPEC section 3 ``ehcps`` object plus by_setting, in_area, plans_by_month, plans_by_year and
    maintained_by_month (the stock at each month end, or at as-at for its own month)."""
    return {
        **breakdowns(records, on=as_at, needs=needs, age_bands=age_bands),
        "january": january_counts(records, as_at=as_at, needs=needs, age_bands=age_bands),
        "plans_by_month": plans_by_month(records, as_at=as_at, months=months, needs=needs, age_bands=age_bands),
        "plans_by_year": plans_by_year(records, as_at=as_at, needs=needs, age_bands=age_bands),
        "maintained_by_month": maintained_by_month(records, months=months, as_at=as_at, needs=needs,
                                                   age_bands=age_bands),
    }
