"""Reshaping the KPI object for charts (dashboard.ui.tidy), including suppressed ("c") cells."""

import pandas as pd

from dashboard.ui.tidy import cumulative_by_year


def _month(month: str, issued_ex, within_ex) -> dict:
    return {"month": month, "issued": issued_ex, "within": within_ex, "pct": None,
            "issued_ex": issued_ex, "within_ex": within_ex, "pct_ex": None}


def test_year_to_date_runs_within_each_calendar_year():
    k = {"timeliness": {"by_month": [_month("2023-11", 10, 5), _month("2023-12", 10, 10),
                                     _month("2024-01", 8, 6), _month("2024-02", 12, 3)]}}
    df = cumulative_by_year(k).set_index("month")
    assert df.loc["2023-12", ["cum_issued", "cum_within"]].tolist() == [20, 15]
    assert df.loc["2023-12", "pct_ex_ytd"] == 75.0  # 15 / 20
    assert df.loc["2024-01", "pct_ex_ytd"] == 75.0  # 6 / 8: January starts again
    assert df.loc["2024-02", "pct_ex_ytd"] == 45.0  # 9 / 20


def test_a_suppressed_count_ends_the_running_share():
    # a viewer's object: 2024-02 has 12 plans but only "c" (1-4) of them in time
    k = {"timeliness": {"by_month": [_month("2024-01", 8, 6), _month("2024-02", 12, "c"),
                                     _month("2024-03", 10, 9)]}}
    df = cumulative_by_year(k).set_index("month")
    assert df.loc["2024-01", "pct_ex_ytd"] == 75.0
    # no share from February on: March's would give February's hidden count away by subtraction
    assert pd.isna(df.loc["2024-02", "pct_ex_ytd"])
    assert pd.isna(df.loc["2024-03", "pct_ex_ytd"])


def test_no_months_gives_an_empty_table():
    assert cumulative_by_year({"timeliness": {"by_month": []}}).empty


def test_weeks_to_issue_shows_the_latest_three_years():
    from dashboard.ui.tidy import weeks_distribution

    dist = [{"year": y, "bands": {"up to 6 weeks": y - 2000, "over 52 weeks": 1}} for y in range(2015, 2026)]
    df = weeks_distribution({"timeliness": {"weeks_distribution": dist}})
    assert sorted(set(df["year"])) == ["2023", "2024", "2025"]
    assert df.loc[(df["year"] == "2025") & (df["weeks"] == "up to 6 weeks"), "plans"].tolist() == [25]


def test_years_before_any_data_are_left_out_and_later_gaps_stay():
    from dashboard.ui.tidy import drop_leading_empty_years

    df = pd.DataFrame({"year": [2013, 2014, 2015, 2016, 2017], "issued": [0, 0, 5, 0, 7],
                       "pct": [None, None, 40.0, None, 50.0]})
    assert drop_leading_empty_years(df)["year"].tolist() == [2015, 2016, 2017]
    assert drop_leading_empty_years(df.iloc[:2]).empty
    hidden = pd.DataFrame({"year": [2014, 2015], "issued": [0, "c"]})  # a hidden count is data
    assert drop_leading_empty_years(hidden)["year"].tolist() == [2015]


def test_timeliness_table_puts_the_dfe_headline_first():
    from dashboard.ui.tidy import timeliness_table

    row = {"year": 2014, "issued": 0, "within": 0, "pct": None, "issued_ex": 0, "within_ex": 0, "pct_ex": None,
           "median_weeks": None}
    later = {**row, "year": 2015, "issued": 10, "within": 5, "pct": 50.0, "issued_ex": 8, "within_ex": 5,
             "pct_ex": 62.5, "median_weeks": 19.0}
    df = timeliness_table({"timeliness": {"by_year": [row, later]}})
    assert list(df.columns)[:3] == ["year", "pct_ex", "median_weeks"]
    assert df["year"].tolist() == [2015]


def test_need_trend_table_has_a_column_per_code_and_no_empty_years():
    from dashboard.ui.tidy import need_trend_table

    trend = pd.DataFrame([{"year": 2014, "need": "ASD", "share": None}, {"year": 2014, "need": "SEMH", "share": None},
                          {"year": 2015, "need": "ASD", "share": 40.0}, {"year": 2015, "need": "SEMH", "share": 60.0}])
    table = need_trend_table(trend)
    assert list(table.columns) == ["year", "ASD", "SEMH"] and table["year"].tolist() == [2015]


def test_breakdown_values_in_words():
    from dashboard.ui.tidy import breakdown_words, census_split

    assert breakdown_words("sex", pd.Series(["M", "F", "U"])).tolist() == ["Boys", "Girls", "Not known"]
    assert breakdown_words("fsm", pd.Series([True, False])).tolist() == ["Free school meals", "No free school meals"]
    assert breakdown_words("eal", pd.Series([True])).tolist() == ["English as an additional language"]
    assert breakdown_words("need", pd.Series(["NSA", "ASD"])).tolist() == [
        "SEN support without a specialist assessment", "Autistic spectrum disorder"]
    assert breakdown_words("phase", pd.Series(["Primary"])).tolist() == ["Primary"]
    split = pd.DataFrame({"need": ["ASD", "NONE", "NSA"], "ehcp": [5, 0, 0], "sen_support": [4, 0, 9]})
    long = census_split(split, "need")
    assert set(long["need"]) == {"Autistic spectrum disorder", "SEN support without a specialist assessment"}


def test_caseworkers_sort_by_name_with_numbers_in_order():
    from dashboard.ui.tidy import natural_key

    names = ["CW10", "not recorded", "CW2", "cw1", "Ann Lee"]
    assert sorted(names, key=natural_key) == ["Ann Lee", "cw1", "CW2", "CW10", "not recorded"]
