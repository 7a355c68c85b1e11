"""Ages on the 31 August before a date, age bands, SEN2 reference dates (expected values by hand).

The ages are computed as the engine computes them, for a whole prepared frame (``records.ages_on``),
and the bands as its filters pick them (``records.band_mask``).
"""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.kpi.dates import AGE_BANDS, month_keys, reference_date
from dashboard.kpi.records import ages_on, band_mask, prepare

CASES = [
    # (birth, on, age): on 31 Aug 2024 the age is taken on 31 Aug 2023; on 1 Sep 2024, on 31 Aug 2024
    (date(2010, 8, 31), date(2024, 8, 31), 13),
    (date(2010, 8, 31), date(2024, 9, 1), 14),  # a 31 August birthday is reached on the day
    (date(2010, 9, 1), date(2024, 9, 1), 13),  # a 1 September birthday is not reached by 31 August
    (date(2010, 9, 1), date(2024, 8, 31), 12),
    (date(2012, 2, 29), date(2023, 9, 1), 11),  # leap-day birthday, non-leap year
    (date(2012, 2, 29), date(2024, 1, 18), 11),
    (date(2020, 1, 1), date(2024, 3, 1), 3),
]


def _births(*births) -> pd.DataFrame:
    return prepare(pd.DataFrame({"birth_date": pd.Series(births, dtype=object)}))


@pytest.mark.parametrize(("birth", "on", "age"), CASES)
def test_age_on_31_august_before(birth, on, age):
    assert ages_on(_births(birth), on).tolist() == [age]


def test_missing_birth_date_has_no_age():
    assert np.isnan(ages_on(_births(None), date(2024, 1, 1))).all()


def test_ages_with_one_date_and_with_a_date_column():
    df = _births(date(2010, 8, 31), date(2010, 9, 1), None, date(2012, 2, 29))
    assert ages_on(df, date(2024, 9, 1)).tolist()[:2] == [14, 13]
    assert ages_on(df, date(2024, 8, 31)).tolist()[3] == 11
    df = df.assign(received_date=pd.to_datetime(["2024-08-31", "2024-09-01", "2024-09-01", None]))
    ages = ages_on(df, "received_date")
    assert ages[:2].tolist() == [13, 13] and np.isnan(ages[2:]).all()


@pytest.mark.parametrize(("age", "band"), [
    (0, "Under 5"), (4, "Under 5"), (5, "5-10"), (10, "5-10"), (11, "11-15"), (15, "11-15"),
    (16, "16-19"), (19, "16-19"), (20, "20-25"), (25, "20-25"), (26, None), (-1, None), (None, None),
])
def test_age_band(age, band):
    ages = np.array([np.nan if age is None else age], dtype="float64")
    assert [b for b in AGE_BANDS if band_mask(ages, [b])[0]] == ([band] if band else [])
    assert AGE_BANDS == ("Under 5", "5-10", "11-15", "16-19", "20-25")


@pytest.mark.parametrize(("year", "expected"), [
    (2025, date(2025, 1, 16)), (2024, date(2024, 1, 18)), (2021, date(2021, 1, 21)),
    (2020, date(2020, 1, 16)), (2026, date(2026, 1, 15)), (2019, date(2019, 1, 17)),
])
def test_reference_date_is_third_thursday_of_january(year, expected):
    assert reference_date(year) == expected
    assert reference_date(year).weekday() == 3


def test_month_keys():
    assert month_keys(date(2023, 11, 5), date(2024, 2, 1)) == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert month_keys(date(2024, 3, 1), date(2024, 2, 1)) == []
