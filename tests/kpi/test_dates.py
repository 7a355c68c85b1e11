"""Ages on the 31 August before a date, age bands, SEN2 reference dates (expected values by hand)."""

from datetime import date

import pandas as pd
import pytest

from dashboard.kpi.dates import (
    AGE_BANDS,
    age_at,
    age_band,
    age_bands_of,
    age_on_31_august_before,
    ages_on_31_august_before,
    month_keys,
    reference_date,
)

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


@pytest.mark.parametrize(("birth", "on", "age"), CASES)
def test_age_on_31_august_before(birth, on, age):
    assert age_on_31_august_before(birth, on) == age


def test_missing_birth_date_has_no_age():
    assert age_on_31_august_before(None, date(2024, 1, 1)) is None


def test_leap_day_birthday_reached_on_1_march_in_non_leap_years():
    assert age_at(date(2012, 2, 29), date(2023, 2, 28)) == 10
    assert age_at(date(2012, 2, 29), date(2023, 3, 1)) == 11
    assert age_at(date(2012, 2, 29), date(2024, 2, 28)) == 11
    assert age_at(date(2012, 2, 29), date(2024, 2, 29)) == 12


def test_vectorised_ages_with_one_date_and_with_a_series():
    births = pd.Series(pd.to_datetime(["2010-08-31", "2010-09-01", None, "2012-02-29"]))
    assert ages_on_31_august_before(births, date(2024, 9, 1)).tolist() == [14, 13, pd.NA, 12]
    assert ages_on_31_august_before(births, date(2024, 8, 31)).tolist() == [13, 12, pd.NA, 11]
    ons = pd.Series(pd.to_datetime(["2024-08-31", "2024-09-01", "2024-09-01", None]))
    assert ages_on_31_august_before(births, ons).tolist() == [13, 13, pd.NA, pd.NA]


@pytest.mark.parametrize(("age", "band"), [
    (0, "Under 5"), (4, "Under 5"), (5, "5-10"), (10, "5-10"), (11, "11-15"), (15, "11-15"),
    (16, "16-19"), (19, "16-19"), (20, "20-25"), (25, "20-25"), (26, None), (-1, None), (None, None),
])
def test_age_band(age, band):
    assert age_band(age) == band


def test_vectorised_age_bands():
    ages = pd.Series([4, 5, 26, None, 19, -2], dtype="Int64")
    assert age_bands_of(ages).tolist() == ["Under 5", "5-10", None, None, "16-19", None]
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
