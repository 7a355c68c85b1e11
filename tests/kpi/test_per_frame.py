"""``records.per_frame``: a value computed once per prepared frame and key, never handed to another frame.

The KPI blocks ask for the event years and January dates of one frame many times; the memo must give each
frame its own answer (a new frame that reuses a freed frame's memory address included) and forget a frame
when it is gone.
"""

from __future__ import annotations

import datetime as dt
import gc

import pandas as pd

from dashboard.kpi import ehcps, records
from dashboard.kpi.records import event_years, per_frame, prepare


def _frame(first_year: int) -> pd.DataFrame:
    return prepare(pd.DataFrame({"received_date": pd.to_datetime([f"{first_year}-03-01", "2024-05-01"]),
                                 "request_ref": ["R1", "R2"], "person_ref": ["P1", "P2"]}))


def test_the_value_is_computed_once_per_frame_and_key():
    df, calls = _frame(2019), []

    def compute():
        calls.append(1)
        return [1, 2]

    assert per_frame(df, "k", compute) == [1, 2]
    assert per_frame(df, "k", compute) == [1, 2]
    assert per_frame(df, "other", compute) == [1, 2]
    assert len(calls) == 2


def test_each_frame_gets_its_own_years_and_a_dead_frame_is_forgotten():
    as_at = dt.date(2025, 3, 31)
    for first in (2016, 2018, 2020, 2022):  # new frames, often at a freed frame's address
        df = _frame(first)
        assert event_years(df, as_at) == list(range(first, 2026))
        assert event_years(df, as_at) == list(range(first, 2026))  # the kept value, the same answer
        del df
        gc.collect()
    assert not [k for k in records._KEPT if k[1][0] == "event_years"]


def test_a_caller_changing_its_list_does_not_change_the_kept_one():
    df, as_at = _frame(2020), dt.date(2025, 3, 31)
    years = event_years(df, as_at)
    years.append(1900)
    dates = ehcps.january_dates(df, as_at=as_at)
    dates.clear()
    assert event_years(df, as_at) == list(range(2020, 2026))
    assert [y for y, _ in ehcps.january_dates(df, as_at=as_at)] == list(range(2020, 2026))
