"""EHC plans maintained, January snapshots, breakdowns, new and ceased plans (hand-worked)."""

from datetime import date

from dashboard.kpi.ehcps import (
    breakdowns,
    ehcps_block,
    january_counts,
    maintained_mask,
    plans_by_month,
    plans_by_year,
)
from dashboard.kpi.records import filter_mask, prepare
from tests.kpi.fixtures import casework, empty, frame, sen2

D = date(2024, 1, 18)


def maintained_plans(records, *, on, needs=(), age_bands=()):
    """The plans maintained at ``on`` under the filters, as ehcps_block and the views pick them."""
    df = prepare(records)
    return df.loc[maintained_mask(df, on=on) & filter_mask(df, needs=needs, age_bands=age_bands, on=on)]


def maintained_count(records, **kw):
    return len(maintained_plans(records, **kw))


def _plan(start, cease=None, **extra):
    return {"plan_start_date": start, "plan_cease_date": cease, **extra}


def test_casework_maintained_at_a_date():
    records = casework([
        _plan("2024-01-18"),  # starts on D: maintained
        _plan("2024-01-19"),  # starts after D
        _plan("2020-05-01", "2024-01-18"),  # ceases on D: no longer maintained on D
        _plan("2020-05-01", "2024-01-19"),  # ceases the day after: maintained
        _plan("2020-05-01", "2023-12-31"),  # ceased before
        {"received_date": "2023-10-01"},  # no plan
    ])
    assert maintained_count(records, on=D) == 2
    assert maintained_count(records, on=date(2024, 1, 17)) == 2  # the two 2020 plans ceasing on 18 and 19 Jan


def test_sen2_active_plans_counted_at_the_latest_return():
    records = frame(
        sen2(2023, [_plan("2021-01-01", active=True), _plan("2022-03-01", active=True)]),
        sen2(2024, [
            _plan("2021-01-01", active=True),
            {"active": True, "transfer_la": "123"},  # an ActivePlan with no start date: maintained
            _plan("2023-05-01", "2024-02-01", active=True),  # ceases after the reference date
            _plan("2022-03-01", "2023-06-01"),  # ceased in the period: not under ActivePlans
        ]),
    )
    assert maintained_count(records, on=date(2023, 1, 18)) == 0  # before any return
    assert maintained_count(records, on=date(2023, 1, 19)) == 2  # 2023 return
    assert maintained_count(records, on=date(2024, 1, 17)) == 2  # still the 2023 return
    assert maintained_count(records, on=D) == 3  # 2024 return
    assert maintained_count(records, on=date(2024, 2, 1)) == 2  # one ceased on 1 February


def test_january_growth_from_sen2_returns():
    # LA 351: 1,617 (2019), 1,727 (2020: +6.8%, 110/1617 = 6.80), 1,935 (2021: +12.0%, 208/1727 = 12.04)
    records = frame(
        sen2(2019, [{"active": True}] * 1617),
        sen2(2020, [{"active": True}] * 1727),
        sen2(2021, [{"active": True}] * 1935 + [{"active": False}] * 5),
    )
    rows = january_counts(records, as_at=date(2021, 6, 1))
    assert rows == [
        {"year": 2019, "date": "2019-01-17", "count": 1617, "growth_pct": None},
        {"year": 2020, "date": "2020-01-16", "count": 1727, "growth_pct": 6.8},
        {"year": 2021, "date": "2021-01-21", "count": 1935, "growth_pct": 12.0},
    ]
    assert [r["year"] for r in january_counts(records, as_at=date(2021, 1, 20))] == [2019, 2020]


def test_january_counts_from_casework_dates():
    records = casework([
        _plan("2022-03-01"), _plan("2022-06-01", "2023-01-19"),  # ceases on the 2023 reference date
        _plan("2023-01-19"), _plan("2023-09-01"), _plan("2024-01-18"),
    ])
    rows = january_counts(records, as_at=date(2024, 1, 18))
    # 2022-01-20: 0; 2023-01-19: 2022-03-01 and 2023-01-19 = 2; 2024-01-18: 2 + 2023-09-01 + 2024-01-18 = 4
    assert [(r["year"], r["date"], r["count"], r["growth_pct"]) for r in rows] == [
        (2022, "2022-01-20", 0, None), (2023, "2023-01-19", 2, None), (2024, "2024-01-18", 4, 100.0)]


def test_breakdowns_age_sex_need_setting():
    records = casework([
        _plan("2020-01-01", birth_date="2019-08-31", sex="F", primary_need="ASD",
              setting_type="early_years", setting_in_la=True),  # 4 on 31/8/2023 -> Under 5
        _plan("2020-01-01", birth_date="2018-09-01", sex="M", primary_need="SEMH",
              setting_type="mainstream", setting_in_la=False),  # 4 on 31/8/2023
        _plan("2020-01-01", birth_date="2018-08-31", sex=None, primary_need=None),  # 5 -> 5-10
        _plan("2020-01-01", birth_date="1998-01-01", sex="U", primary_need="ASD"),  # 25
        _plan("2020-01-01", birth_date="1997-01-01", sex="M", primary_need="ASD"),  # 26: no band
        _plan("2020-01-01", "2023-01-01", birth_date="2015-01-01", primary_need="VI"),  # ceased
    ])
    out = breakdowns(records, on=D)
    assert out["maintained"] == 5
    assert out["by_age_band"] == {"Under 5": 2, "5-10": 1, "11-15": 0, "16-19": 0, "20-25": 1}
    assert out["by_sex"] == {"M": 2, "F": 1, "U": 2}
    assert out["by_need"] == {"ASD": 3, "SEMH": 1, "VI": 0, "UNKNOWN": 1}
    assert out["by_need_pct"] == {"ASD": 60.0, "SEMH": 20.0, "VI": 0.0, "UNKNOWN": 20.0}  # of 5 plans
    assert out["by_setting"]["early_years"] == 1 and out["by_setting"]["mainstream"] == 1
    assert out["by_setting"]["unknown"] == 3
    assert out["in_area"] == {"in_area": 1, "out_of_area": 1, "unknown": 3}


def test_filters_on_maintained_plans_use_age_at_the_date():
    records = casework([
        _plan("2020-01-01", birth_date="2019-08-31", primary_need="ASD"),
        _plan("2020-01-01", birth_date="2018-09-01", primary_need="SEMH"),
        _plan("2020-01-01", birth_date="2018-08-31"),
    ])
    assert maintained_count(records, on=D, age_bands=["Under 5"]) == 2
    assert maintained_count(records, on=date(2024, 9, 1), age_bands=["Under 5"]) == 0  # ages 5, 5, 6
    assert maintained_count(records, on=D, needs=["UNKNOWN"]) == 1
    assert maintained_count(records, on=D, needs=["ASD", "UNKNOWN"], age_bands=["5-10"]) == 1
    assert maintained_plans(records, on=D, needs=["ASD", "SEMH"], age_bands=["Under 5"])[
        "primary_need"].tolist() == ["ASD", "SEMH"]
    # by_need keeps every code under a need filter
    assert breakdowns(records, on=D, needs=["SEMH"])["by_need"] == {"ASD": 0, "SEMH": 1, "UNKNOWN": 0}


def test_new_and_ceased_plans():
    records = casework([
        _plan("2023-12-05"), _plan("2024-01-10", "2024-02-20"), _plan("2024-01-31", transfer_la="123"),
        _plan("2020-01-01", "2024-01-05"),
    ])
    months = plans_by_month(records, as_at=date(2024, 2, 15), months=["2023-12", "2024-01", "2024-02"])
    # the cease of 20 February is after as-at; the transferred-in plan is not new
    assert months == [{"month": "2023-12", "new": 1, "ceased": 0}, {"month": "2024-01", "new": 1, "ceased": 1},
                      {"month": "2024-02", "new": 0, "ceased": 0}]
    years = plans_by_year(records, as_at=date(2024, 12, 31))
    assert years[0] == {"year": 2020, "new": 1, "ceased": 0}
    assert years[-2:] == [{"year": 2023, "new": 1, "ceased": 0}, {"year": 2024, "new": 1, "ceased": 2}]


def test_sen2_new_plans_counted_once():
    records = frame(sen2(2023, [_plan("2022-04-01", active=True)]),
                    sen2(2024, [_plan("2022-04-01", active=True), _plan("2023-04-01", active=True)]))
    years = plans_by_year(records, as_at=date(2024, 1, 18))
    assert [(y["year"], y["new"]) for y in years] == [(2022, 1), (2023, 1)]


def test_empty_frame():
    block = ehcps_block(empty(), as_at=D, months=[])
    assert block["maintained"] == 0 and block["january"] == []
    assert block["by_age_band"] == {"Under 5": 0, "5-10": 0, "11-15": 0, "16-19": 0, "20-25": 0}
    assert block["by_sex"] == {"M": 0, "F": 0, "U": 0}
    assert block["by_need"] == {"UNKNOWN": 0}
