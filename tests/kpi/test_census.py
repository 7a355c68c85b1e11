"""Census KPIs on a hand-made aggregate frame (synthetic counts)."""

from datetime import date

import pandas as pd
import pytest

from dashboard.kpi.census import census_breakdown, census_by_date

COLUMNS = ["census_date", "provision", "need", "age_band", "sex", "fsm", "eal", "phase", "pupils"]
JAN24, JAN23, JAN25 = date(2024, 1, 18), date(2023, 1, 19), date(2025, 1, 16)
ROWS = [
    (JAN24, "E", "ASD", "5-10", "M", False, False, "primary", 10),
    (JAN24, "E", "SEMH", "11-15", "M", True, False, "secondary", 6),
    (JAN24, "E", "ASD", "11-15", "F", False, True, "secondary", 4),
    (JAN24, "K", "SLCN", "5-10", "M", False, False, "primary", 20),
    (JAN24, "K", "ASD", "11-15", "F", True, False, "secondary", 5),
    (JAN24, "K", "NSA", "5-10", "F", False, True, "primary", 5),
    (JAN24, "N", "NONE", "5-10", "M", False, False, "primary", 200),
    (JAN24, "N", "NONE", "11-15", "F", True, False, "secondary", 150),
    (JAN23, "E", "ASD", "5-10", "M", False, False, "primary", 8),
    (JAN23, "K", "SLCN", "5-10", "M", False, False, "primary", 12),
    (JAN23, "N", "NONE", "5-10", "M", False, False, "primary", 180),
    (JAN25, "E", "ASD", "5-10", "M", False, False, "primary", 99),
]
# 2024 totals: pupils 400, EHCP 10+6+4 = 20, SEN support 20+5+5 = 30


@pytest.fixture
def census() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=COLUMNS)


NEED_KEYS = ("ehcp_by_need", "ehcp_need_pct", "sen_support_by_need", "sen_support_need_pct")


def _core(rows):
    """The counts and percentages of each row, without the need shares (tested on their own below)."""
    if isinstance(rows, dict):
        return {k: v for k, v in rows.items() if k not in NEED_KEYS}
    return [_core(r) for r in rows]


def _d(day, pupils, ehcp, k, pe, pk, pall):
    return {"census_date": day, "pupils": pupils, "ehcp": ehcp, "sen_support": k, "pct_ehcp": pe,
            "pct_sen_support": pk, "pct_all_sen": pall}


def test_by_date_unfiltered_and_as_at_cut_off(census):
    assert _core(census_by_date(census, as_at=date(2024, 6, 1))) == [
        _d("2023-01-19", 200, 8, 12, 4.0, 6.0, 10.0),
        _d("2024-01-18", 400, 20, 30, 5.0, 7.5, 12.5),
    ]
    assert [r["census_date"] for r in census_by_date(census, as_at=date(2024, 1, 17))] == ["2023-01-19"]
    assert census_by_date(census, as_at=date(2025, 1, 16))[-1]["census_date"] == "2025-01-16"


def test_age_band_filter_restricts_pupils_too(census):
    rows = census_by_date(census, as_at=date(2024, 6, 1), age_bands=["11-15"])
    # 2024 11-15: pupils 6+4+5+150 = 165, EHCP 10 (6.06%), K 5 (3.03%), all 15 (9.09%)
    # 2023 has no 11-15 pupils: listed with zeros and no percentages
    assert _core(rows) == [_d("2023-01-19", 0, 0, 0, None, None, None), _d("2024-01-18", 165, 10, 5, 6.1, 3.0, 9.1)]


def test_need_filter_restricts_e_and_k_but_not_pupils(census):
    rows = census_by_date(census, as_at=date(2024, 6, 1), needs=["ASD"])
    # 2024: EHCP ASD 10+4 = 14 of 400 = 3.5%; K ASD 5 of 400 = 1.25% -> 1.3 (half up); 19/400 = 4.75 -> 4.8
    assert _core(rows[1]) == _d("2024-01-18", 400, 14, 5, 3.5, 1.3, 4.8)
    assert _core(rows[0]) == _d("2023-01-19", 200, 8, 0, 4.0, 0.0, 4.0)
    assert census_by_date(census, as_at=date(2024, 6, 1), needs=["asd"]) == rows


def test_need_and_age_filters_combined(census):
    rows = census_by_date(census, as_at=date(2024, 6, 1), needs=["ASD", "SEMH"], age_bands=["11-15"])
    # 11-15: pupils 165; EHCP ASD 4 + SEMH 6 = 10 (6.1%); K ASD 5 (3.0%); 15 (9.1%)
    assert _core(rows[1]) == _d("2024-01-18", 165, 10, 5, 6.1, 3.0, 9.1)
    rows = census_by_date(census, as_at=date(2024, 6, 1), needs=["ASD"], age_bands=["11-15"])
    assert _core(rows[1]) == _d("2024-01-18", 165, 4, 5, 2.4, 3.0, 5.5)  # 4/165 = 2.42, 9/165 = 5.45


def test_need_shares_of_ehcp_and_sen_support_pupils(census):
    rows = census_by_date(census, as_at=date(2024, 6, 1))
    jan24 = rows[1]
    # 2024: EHCP ASD 10+4 = 14, SEMH 6 of 20; SEN support SLCN 20, ASD 5, NSA 5 of 30
    assert jan24["ehcp_by_need"] == {"ASD": 14, "SEMH": 6}
    assert jan24["ehcp_need_pct"] == {"ASD": 70.0, "SEMH": 30.0}
    assert jan24["sen_support_by_need"] == {"ASD": 5, "NSA": 5, "SLCN": 20}
    assert jan24["sen_support_need_pct"] == {"ASD": 16.7, "NSA": 16.7, "SLCN": 66.7}
    assert rows[0]["ehcp_by_need"] == {"ASD": 8} and rows[0]["sen_support_need_pct"] == {"SLCN": 100.0}
    # filtered to 11-15 and ASD: only those pupils; a date with none has empty shares
    f = census_by_date(census, as_at=date(2024, 6, 1), needs=["ASD"], age_bands=["11-15"])
    assert (f[0]["ehcp_by_need"], f[0]["ehcp_need_pct"]) == ({}, {})
    assert f[1]["ehcp_by_need"] == {"ASD": 4} and f[1]["sen_support_by_need"] == {"ASD": 5}


def test_breakdown_by_sex(census):
    rows = census_breakdown(census, census_date=JAN24, by="sex")
    assert rows == [
        # M: pupils 10+6+20+200 = 236, E 16 (6.78%), K 20 (8.47%), 36 (15.25%); 16 of 20 EHCPs, 20 of 30 K
        {"sex": "M", "pupils": 236, "ehcp": 16, "sen_support": 20, "pct_ehcp": 6.8, "pct_sen_support": 8.5,
         "pct_all_sen": 15.3, "share_of_ehcp": 80.0, "share_of_sen_support": 66.7},
        # F: pupils 164, E 4 (2.44%), K 10 (6.10%), 14 (8.54%)
        {"sex": "F", "pupils": 164, "ehcp": 4, "sen_support": 10, "pct_ehcp": 2.4, "pct_sen_support": 6.1,
         "pct_all_sen": 8.5, "share_of_ehcp": 20.0, "share_of_sen_support": 33.3},
    ]


def test_breakdown_by_need_and_need_filter(census):
    rows = census_breakdown(census, census_date=JAN24, by="need")
    assert [r["need"] for r in rows] == ["ASD", "NONE", "NSA", "SEMH", "SLCN"]
    asd = rows[0]
    assert (asd["pupils"], asd["ehcp"], asd["sen_support"], asd["share_of_ehcp"]) == (19, 14, 5, 70.0)
    assert asd["pct_ehcp"] == 73.7  # 14 of the 19 ASD pupils
    only = census_breakdown(census, census_date=JAN24, by="need", needs=["ASD", "SEMH"])
    assert [(r["need"], r["ehcp"], r["share_of_ehcp"]) for r in only] == [("ASD", 14, 70.0), ("SEMH", 6, 30.0)]


def test_breakdown_by_age_band_orders_bands_and_by_fsm_gives_plain_bools(census):
    bands = census_breakdown(census, census_date=JAN24, by="age_band")
    assert [(r["age_band"], r["pupils"], r["ehcp"]) for r in bands] == [("5-10", 235, 10), ("11-15", 165, 10)]
    fsm = census_breakdown(census, census_date=JAN24, by="fsm", age_bands=["11-15"])
    # FSM 11-15: 6+5+150 = 161 (E 6, K 5); not FSM: 4 (E 4)
    assert [(r["fsm"], r["pupils"], r["ehcp"], r["sen_support"]) for r in fsm] == [(False, 4, 4, 0),
                                                                                   (True, 161, 6, 5)]
    assert all(type(r["fsm"]) is bool for r in fsm)
    small = pd.DataFrame([(JAN24, "N", "NONE", band, "M", False, False, "x", 1)
                          for band in ["20-25", "16-19", "11-15", "5-10", "Under 5"]], columns=COLUMNS)
    assert [r["age_band"] for r in census_breakdown(small, census_date=JAN24, by="age_band")] == [
        "Under 5", "5-10", "11-15", "16-19", "20-25"]


def test_breakdown_other_date_and_bad_dimension(census):
    rows = census_breakdown(census, census_date=JAN23, by="phase")
    assert rows == [{"phase": "primary", "pupils": 200, "ehcp": 8, "sen_support": 12, "pct_ehcp": 4.0,
                     "pct_sen_support": 6.0, "pct_all_sen": 10.0, "share_of_ehcp": 100.0,
                     "share_of_sen_support": 100.0}]
    assert census_breakdown(census, census_date=date(2022, 1, 20), by="sex") == []
    with pytest.raises(ValueError, match="must be one of"):
        census_breakdown(census, census_date=JAN24, by="postcode")


def test_datetime64_census_dates(census):
    as_dt = census.assign(census_date=pd.to_datetime(census["census_date"]))
    assert census_by_date(as_dt, as_at=date(2024, 6, 1)) == census_by_date(census, as_at=date(2024, 6, 1))
