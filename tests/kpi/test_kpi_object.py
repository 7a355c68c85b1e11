"""The SPEC section 3 ``kpis`` object: keys, JSON types, as-at default, filters (synthetic people)."""

import importlib.util
import json
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.kpi.kpi_object import build_core_kpis, build_kpis, default_as_at, to_plain
from dashboard.kpi.records import filter_mask, prepare
from dashboard.measures.about import ABOUT
from tests.kpi.fixtures import casework, empty, frame, plan, sen2

OTHERS = ("dashboard.kpi.complaints", "dashboard.kpi.census", "dashboard.kpi.benchmarks")
HAVE_OTHERS = all(importlib.util.find_spec(m) is not None for m in OTHERS)
COMPLAINTS = "record_id kind received_date stage category due_date responded_date outcome team".split()
CENSUS = "census_date provision need age_band sex fsm eal phase pupils".split()
BENCH = ("source measure time_period year geographic_level area_code area_name region_code breakdown_topic "
         "breakdown value").split()
SPEC_KEYS = {"as_at", "la_code", "filters", "timeliness", "requests", "ehcps", "census", "complaints",
             "transitions"}


def _plain_json_only(value, path="kpis"):
    """Fail naming the first value that is not a plain JSON type (numpy ints, Timestamps, ...)."""
    if isinstance(value, dict):
        for k, v in value.items():
            assert isinstance(k, str | int), f"{path}: key {k!r}"
            _plain_json_only(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _plain_json_only(v, f"{path}[{i}]")
    else:
        assert value is None or type(value) in (str, int, float, bool), f"{path}: {type(value)}"


def _sample():
    return casework([
        plan("2023-01-09", "2023-05-29", primary_need="ASD", birth_date="2015-03-01"),  # 140 days
        plan("2023-01-09", "2023-06-30", primary_need="SEMH", week20_exception=True, birth_date="2012-10-01"),
        {"received_date": "2024-01-08", "request_outcome": "Y", "request_outcome_date": "2024-02-05"},
        {**plan("2018-03-01", "2018-09-01"), "phase_transfer_due_date": "2024-02-15",
         "phase_transfer_final_date": "2024-02-01", "birth_date": "2013-05-05"},
    ], snapshot="2024-03-31")


def test_core_kpis_on_a_small_casework_snapshot():
    out = build_core_kpis(records=_sample(), as_at=date(2024, 3, 31), la_code="999")
    assert {"as_at", "la_code", "filters", "timeliness", "requests", "ehcps", "transitions"} <= set(out)
    assert out["as_at"] == "2024-03-31" and out["la_code"] == "999"
    assert out["filters"] == {"need": [], "age_band": []}
    by_year = {r["year"]: r for r in out["timeliness"]["by_year"]}
    assert sorted(by_year) == list(range(2018, 2025))
    assert (by_year[2023]["issued"], by_year[2023]["within"], by_year[2023]["pct"]) == (2, 1, 50.0)
    assert (by_year[2023]["issued_ex"], by_year[2023]["pct_ex"]) == (1, 100.0)
    assert len(out["timeliness"]["by_month"]) == 15  # 2023-01 .. 2024-03
    # the 2024 request: open since 8 January, 83 days at 31 March
    assert out["timeliness"]["open_over_20_weeks"] == 0 and out["timeliness"]["open_assessments"]["total"] == 1
    req = {r["year"]: r for r in out["requests"]["by_year"]}
    assert (req[2024]["received"], req[2024]["decided_within_6_weeks_pct"]) == (1, 100.0)
    assert req[2023]["growth_pct"] is None and req[2024]["growth_pct"] == -50.0
    assert out["ehcps"]["maintained"] == 3
    assert out["ehcps"]["by_need"] == {"ASD": 1, "SEMH": 1, "UNKNOWN": 1}
    assert [(j["year"], j["count"]) for j in out["ehcps"]["january"]] == [
        (2018, 0), (2019, 1), (2020, 1), (2021, 1), (2022, 1), (2023, 1), (2024, 3)]
    assert out["ehcps"]["january"][-1]["growth_pct"] == 200.0
    assert out["transitions"] == [{"due_date": "2024-02-15", "due": 1, "final_on_time": 1, "final_late": 0,
                                   "outstanding": 0, "pct_on_time": 100.0, "pct_finalised": 100.0}]
    _plain_json_only(out)
    json.dumps(out)


def test_filters_are_echoed_and_applied():
    out = build_core_kpis(records=_sample(), as_at=date(2024, 3, 31), la_code="999", needs=["asd"],
                          age_bands=["5-10"])
    assert out["filters"] == {"need": ["ASD"], "age_band": ["5-10"]}
    # the ASD child (born 1 March 2015) is 7 on 31/8/2022 (plan issued May 2023) and 8 on 31/8/2023
    assert {r["year"]: r["issued"] for r in out["timeliness"]["by_year"]}[2023] == 1
    assert out["ehcps"]["maintained"] == 1 and out["transitions"] == []
    with pytest.raises(ValueError, match="'6-9' is not an age band"):
        build_core_kpis(records=_sample(), as_at=date(2024, 3, 31), la_code="999", age_bands=["6-9"])


def test_filter_mask_alone_and_combined():
    records = casework([
        {"primary_need": "ASD", "birth_date": "2019-08-31", "received_date": "2024-09-01"},  # 5
        {"primary_need": "ASD", "birth_date": "2019-09-01", "received_date": "2024-09-01"},  # 4
        {"primary_need": None, "birth_date": "2019-09-01", "received_date": "2024-09-01"},  # 4
        {"primary_need": "HI", "birth_date": None, "received_date": "2024-09-01"},  # no age
    ])
    refs = records["request_ref"].tolist()

    def kept(**kw):
        df = prepare(records)
        return [refs.index(r) for r in df.loc[filter_mask(df, **kw), "request_ref"]]

    assert kept(on="received_date") == [0, 1, 2, 3]
    assert kept(needs=["ASD"], on="received_date") == [0, 1]
    assert kept(needs=["UNKNOWN"], on="received_date") == [2]
    assert kept(age_bands=["Under 5"], on="received_date") == [1, 2]
    assert kept(age_bands=["Under 5"], on=date(2025, 9, 1)) == []  # all 5 or 6 by then
    assert kept(needs=["ASD"], age_bands=["Under 5"], on="received_date") == [1]


def test_the_engine_reads_every_row_it_is_given():
    """The source (casework snapshot, else SEN2 returns) is chosen by data_access.queries.load_records
    (tests/test_queries_records.py); the engine counts whatever frame it is handed."""
    both = frame(sen2(2024, [plan("2023-01-02", "2023-03-01")]), casework([plan("2023-05-01", "2023-06-01")]))
    assert sorted(prepare(both)["source"].unique()) == ["casework", "sen2"]
    out = build_core_kpis(records=both, as_at=date(2023, 12, 31), la_code="999")
    assert [(r["year"], r["issued"]) for r in out["timeliness"]["by_year"]] == [(2023, 2)]


def test_empty_frame_has_every_key():
    for records in (empty(), pd.DataFrame()):
        out = build_core_kpis(records=records, as_at=date(2024, 1, 1), la_code="351")
        assert out["timeliness"] == {**out["timeliness"], "by_year": [], "by_month": [], "open_over_20_weeks": 0}
        assert out["requests"]["by_year"] == [] and out["transitions"] == []
        assert out["ehcps"]["maintained"] == 0 and out["ehcps"]["january"] == []
        assert out["ehcps"]["by_sex"] == {"M": 0, "F": 0, "U": 0}
        assert set(out["ehcps"]["by_age_band"]) == {"Under 5", "5-10", "11-15", "16-19", "20-25"}
        # issue 12's blocks
        assert out["assessments"] == {"by_year": []} and out["ceased"] == {"by_year": []}
        assert out["reviews"] == {"by_year": [], "by_month": [], "overdue": 0, "overdue_by_team": {},
                                  "overdue_by_caseworker": {}, "overdue_list": []}
        assert (out["placements"]["january"], out["placements"]["new_by_year"]) == ([], [])
        assert out["placements"]["at_as_at"]["total"] == 0
        json.dumps(out)


def test_default_as_at():
    records = _sample()
    # the casework coverage end: its latest recorded date (the 15 Feb 2024 deadline is not one), not the snapshot's
    assert default_as_at(records, today=date(2030, 1, 1)) == date(2024, 2, 5)
    assert default_as_at(records, today=date(2024, 2, 10)) == date(2024, 2, 5)  # latest event by then
    assert default_as_at(empty(), today=date(2024, 5, 5)) == date(2024, 5, 5)
    sen2_only = sen2(2024, [plan("2023-01-02", "2023-03-01", active=True)])
    assert default_as_at(sen2_only, today=date(2030, 1, 1)) == date(2024, 1, 18)  # the reference date


def test_to_plain_converts_numpy_and_dates():
    out = to_plain({"a": np.int64(3), "b": [np.float64(1.5), np.float64("nan")], "c": pd.Timestamp("2024-01-02"),
                    "d": date(2024, 1, 3), "e": np.bool_(True), "f": pd.NA, 2024: (1, 2)})
    assert out == {"a": 3, "b": [1.5, None], "c": "2024-01-02", "d": "2024-01-03", "e": True, "f": None,
                   2024: [1, 2]}
    _plain_json_only(out)


def test_to_plain_handles_subclasses_and_odd_keys_as_the_plain_types():
    from collections import OrderedDict

    out = to_plain(OrderedDict([(np.int64(7), float("nan")), ("x", [True, np.float32(0.5), pd.NaT])]))
    assert out == {"7": None, "x": [True, 0.5, None]}
    assert type(out) is dict and type(out["x"][1]) is float
    assert to_plain({date(2024, 1, 1): float("inf"), 3: "s"}) == {"2024-01-01": float("inf"), 3: "s"}
    _plain_json_only(to_plain({"y": (np.int32(1), {"z": np.bool_(False)})}))


def test_about_text_for_every_kpi():
    for kpi in ("timeliness", "requests", "decision_6_weeks", "ehcps_maintained", "ehcps_january",
                "primary_need", "open_assessments", "transitions", "census", "complaints", "benchmarks",
                "timeliness_bands", "request_outcomes", "request_sources", "assessments", "ceased", "annual_reviews",
                "placements", "new_placements"):
        assert len(ABOUT[kpi]) > 100 and "\n" not in ABOUT[kpi]


@pytest.mark.skipif(not HAVE_OTHERS, reason="complaints/census/benchmarks KPI modules not written yet")
def test_build_kpis_has_every_spec_key():
    empties = {"complaints": pd.DataFrame(columns=COMPLAINTS), "census": pd.DataFrame(columns=CENSUS),
               "benchmarks": pd.DataFrame(columns=BENCH)}
    for records, as_at in ((empty(), None), (_sample(), date(2024, 3, 31))):
        out = build_kpis(records=records, as_at=as_at, la_code="351", **empties)
        assert SPEC_KEYS <= set(out)
        assert out["census"] == {"by_date": []} and out["complaints"] == {"by_month": [], "by_quarter": []}
        assert {"england", "region", "la_published", "comparators"} <= set(out["benchmarks"])
        _plain_json_only(out)
        json.dumps(out)
    assert build_kpis(records=empty(), as_at=None, la_code="351", **empties)["as_at"] == date.today().isoformat()


@pytest.mark.skipif(not HAVE_OTHERS, reason="complaints/census/benchmarks KPI modules not written yet")
def test_build_kpis_carries_issue_12_blocks_with_the_placements_frame_and_blanks_after_the_casework_end():
    from tests.kpi.fixtures import placements

    empties = {"complaints": pd.DataFrame(columns=COMPLAINTS), "census": pd.DataFrame(columns=CENSUS),
               "benchmarks": pd.DataFrame(columns=BENCH)}
    records = casework([
        plan("2023-01-02", "2023-05-01", request_ref="K1", review_meeting_date="2024-02-01",
             review_decision_date="2024-02-20", review_outcome="M"),
        plan("2023-01-02", "2023-06-01", request_ref="K2", plan_cease_date="2024-02-10", cease_reason="4",
             assessment_outcome_date="2023-05-01"),
    ], snapshot="2024-03-31")
    pl = placements([{"request_ref": "K1", "setting_type": "independent_special", "setting_in_la": False},
                     {"request_ref": "K2", "setting_type": "mainstream"}])
    out = build_kpis(records=records, as_at=date(2025, 6, 30), la_code="351", placements=pl, **empties)
    jan = {r["year"]: r for r in out["placements"]["january"]}
    assert (jan[2024]["total"], jan[2024]["special"], jan[2024]["mainstream"], jan[2024]["independent"]) == (2, 1, 1, 1)
    reviews = {r["year"]: r for r in out["reviews"]["by_year"]}
    assert (reviews[2024]["meetings"], reviews[2024]["within_4_weeks_pct"]) == (1, 100.0)
    # the casework ends on 2024-02-20 (its latest date): 2025 is "no data", not 0
    assert reviews[2025]["meetings"] is None and reviews[2025]["outcomes"] == {"A": None, "C": None, "M": None}
    ceased = {r["year"]: r for r in out["ceased"]["by_year"]}
    assert (ceased[2024]["total"], ceased[2024]["by_reason"]["4"], ceased[2025]["total"]) == (1, 1, None)
    assert {r["year"]: r["completed"] for r in out["assessments"]["by_year"]} == {2023: 1, 2024: 0, 2025: None}
    assert {r["year"]: r["total"] for r in out["placements"]["new_by_year"]} == {2023: 2, 2024: 0, 2025: None}
    # no mediation or tribunal flags in any row and no file columns known: not recorded
    assert {"assessments_mediation", "assessments_tribunal"} <= set(out["not_recorded"])
    assert all(r["mediation"] is None for r in out["assessments"]["by_year"])
    _plain_json_only(out)
