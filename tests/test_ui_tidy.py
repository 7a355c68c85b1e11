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
