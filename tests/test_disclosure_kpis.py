"""The viewer's KPI object: hand-worked small numbers become "c", ties cannot give them away."""

from dashboard.disclosure.kpis import protect_kpis as suppress_kpis


def _k(**over):
    k = {
        "as_at": "2025-03-31", "la_code": "351", "filters": {"need": [], "age_band": []},
        "timeliness": {
            "by_year": [{"year": 2024, "issued": 10, "within": 7, "pct": 70.0, "issued_ex": 9, "within_ex": 7,
                         "pct_ex": 77.8, "median_weeks": 18.0},
                        {"year": 2025, "issued": 3, "within": 3, "pct": 100.0, "issued_ex": 3, "within_ex": 3,
                         "pct_ex": 100.0, "median_weeks": 15.0}],
            "by_month": [], "open_over_20_weeks": 2,
            "open_assessments": {"total": 20, "over_20_weeks": 2, "weeks_16_to_20": 6,
                                 "at_risk": [{"request_ref": "R1"}]},
        },
        "requests": {"by_year": [{"year": 2024, "received": 40, "growth_pct": 5.0, "decided": 30,
                                  "decided_within_6_weeks": 28, "decided_within_6_weeks_pct": 93.3}]},
        "ehcps": {"maintained": 100, "january": [{"year": 2025, "count": 98, "growth_pct": 2.0}],
                  "by_age_band": {"Under 5": 2, "5-10": 50, "11-15": 40, "16-19": 8, "20-25": 0},
                  "by_sex": {"M": 70, "F": 30, "U": 0}, "by_need": {"ASD": 60, "SEMH": 37, "UNKNOWN": 3}},
        "census": {"by_date": []}, "complaints": {"by_month": []},
        "transitions": [{"due_date": "2025-02-15", "due": 12, "final_on_time": 9, "final_late": 3,
                         "outstanding": 0, "pct_on_time": 75.0, "pct_finalised": 100.0}],
    }
    k.update(over)
    return k


def test_small_counts_and_their_percentages_become_c():
    s = suppress_kpis(_k())
    y2024, y2025 = s["timeliness"]["by_year"]
    # 2024: over 20 weeks = 10 - 7 = 3 (not shown, small): "within" (7) or "issued" (10) hides with it
    assert "c" in (y2024["within"], y2024["issued"]) and y2024["pct"] == "c"
    # exceptions = 10 - 9 = 1 and late excluding exceptions = 9 - 7 = 2, both small: "issued" (10) hides
    # for the first, and one of 9 and 7 for the second, so pct_ex too
    assert y2024["issued"] == "c" and "c" in (y2024["issued_ex"], y2024["within_ex"]) and y2024["pct_ex"] == "c"
    assert y2025["issued"] == "c" and y2025["median_weeks"] == "c"
    assert s["timeliness"]["open_over_20_weeks"] == "c"
    assert s["timeliness"]["open_assessments"]["at_risk"] == []


def test_breakdowns_of_plans_maintained_cannot_be_worked_out_from_the_total():
    s = suppress_kpis(_k())
    ages = s["ehcps"]["by_age_band"]
    assert ages["Under 5"] == "c"
    hidden = [b for b, v in ages.items() if v == "c"]
    assert len(hidden) >= 2 and ages["20-25"] == 0  # zero is not disclosive and never the complement
    assert s["ehcps"]["by_need"]["UNKNOWN"] == "c"
    assert sum(v == "c" for v in s["ehcps"]["by_need"].values()) >= 2
    assert s["ehcps"]["maintained"] == 100 and s["ehcps"]["by_sex"] == {"M": 70, "F": 30, "U": 0}


def test_transitions_late_count_is_protected_with_a_complement():
    row = suppress_kpis(_k())["transitions"][0]
    assert row["final_late"] == "c" and row["final_on_time"] == "c" and row["pct_on_time"] == "c"
    assert row["due"] == 12 and row["outstanding"] == 0
    assert row["pct_finalised"] == 100.0  # due 12 and none outstanding are shown: all finalised is no secret


def test_transitions_share_finalised_is_hidden_with_a_small_outstanding_count():
    k = _k()
    k["transitions"] = [{"due_date": "2026-02-15", "due": 12, "final_on_time": 10, "final_late": 0,
                         "outstanding": 2, "pct_on_time": None, "pct_finalised": 83.3}]
    row = suppress_kpis(k)["transitions"][0]
    assert row["outstanding"] == "c" and row["pct_finalised"] == "c"
    assert row["pct_on_time"] is None  # not given before the deadline, and not made up by suppression


def test_no_count_from_1_to_4_survives_anywhere():
    def walk(v):
        if isinstance(v, dict):
            for key, x in v.items():
                if key not in ("year", "threshold") and not key.startswith("pct") and key != "median_weeks":
                    yield from walk(x)
        elif isinstance(v, list):
            for x in v:
                yield from walk(x)
        elif isinstance(v, int) and not isinstance(v, bool):
            yield v

    s = suppress_kpis(_k())
    assert not [n for n in walk({k: s[k] for k in ("timeliness", "requests", "ehcps", "transitions")})
                if 1 <= n <= 4]


def test_open_assessments_by_weeks_hide_small_bands_and_agree_with_the_summary():
    k = _k()
    k["timeliness"]["open_assessments"] = {
        "total": 34, "over_20_weeks": 6, "weeks_16_to_20": 3, "at_risk": [{"request_ref": "R1"}],
        "by_weeks": {"under 6 weeks": 10, "6-12 weeks": 8, "12-16 weeks": 7, "16-20 weeks": 3, "over 20 weeks": 6}}
    k["timeliness"]["open_over_20_weeks"] = 6
    oa = suppress_kpis(k)["timeliness"]["open_assessments"]
    bands = oa["by_weeks"]
    assert bands["16-20 weeks"] == "c" and oa["weeks_16_to_20"] == "c"
    # the total is shown, so a second band is hidden: 34 minus the shown bands must not give the 3
    hidden = [b for b, v in bands.items() if v == "c"]
    assert len(hidden) == 2 and oa["total"] == 34
    # the summary's counts are the bands' own cells, and the headline count agrees with them
    assert oa["over_20_weeks"] == bands["over 20 weeks"]
    assert suppress_kpis(k)["timeliness"]["open_over_20_weeks"] == bands["over 20 weeks"]
    assert oa["at_risk"] == []


def test_census_need_shares_hide_small_needs_their_complement_and_their_shares():
    row = {"census_date": "2025-01-16", "pupils": 1000, "ehcp": 40, "sen_support": 3, "pct_ehcp": 4.0,
           "pct_sen_support": 0.3, "pct_all_sen": 4.3,
           "ehcp_by_need": {"ASD": 20, "SEMH": 17, "VI": 3}, "ehcp_need_pct": {"ASD": 50.0, "SEMH": 42.5, "VI": 7.5},
           "sen_support_by_need": {"SLCN": 3}, "sen_support_need_pct": {"SLCN": 100.0}}
    out = suppress_kpis(_k(census={"by_date": [row]}))["census"]["by_date"][0]
    need, share = out["ehcp_by_need"], out["ehcp_need_pct"]
    assert need["VI"] == "c" and share["VI"] == "c"
    assert sum(v == "c" for v in need.values()) == 2  # 40 - 20 - 17 would give VI's 3 away
    assert all(share[n] == "c" for n, v in need.items() if v == "c")
    assert out["ehcp"] == 40 and need["ASD"] == 20 and share["ASD"] == 50.0
    # SEN support of 3 is hidden, and with it every need count and share under it
    assert out["sen_support"] == "c"
    assert out["sen_support_by_need"] == {"SLCN": "c"} and out["sen_support_need_pct"] == {"SLCN": "c"}


def _month_row(month, received, responded, on_time, pct, compliments):
    return {"month": month, "received": received, "responded": responded, "responded_on_time": on_time, "judged": responded,
            "responded_on_time_pct": pct, "compliments": compliments, "stage_1": received, "stage_2": 0,
            "ombudsman": 0, "open": received - responded}


def test_a_quarter_is_hidden_where_one_of_its_months_is():
    months = [_month_row("2025-01", 10, 10, 9, 90.0, 6), _month_row("2025-02", 3, 3, 3, 100.0, 7),
              _month_row("2025-03", 12, 10, 8, 80.0, 5),
              _month_row("2025-04", 10, 10, 10, 100.0, 0), _month_row("2025-05", 10, 10, 10, 100.0, 0),
              _month_row("2025-06", 10, 9, 9, 100.0, 1)]
    quarters = [{**_month_row("2025-Q1", 25, 23, 20, 87.0, 18), "quarter": "2025-Q1"},
                {**_month_row("2025-Q2", 30, 29, 29, 100.0, 1), "quarter": "2025-Q2"}]
    for q in quarters:
        q.pop("month")
    out = suppress_kpis(_k(complaints={"by_month": months, "by_quarter": quarters}))["complaints"]
    q1, q2 = out["by_quarter"]
    # February's 3 complaints are hidden, so Q1's 25 would give them away (25 - 10 - 12): another month of
    # the quarter, or the quarter itself, is hidden too
    assert out["by_month"][1]["received"] == "c" and q1["responded_on_time_pct"] == "c"
    assert [out["by_month"][i]["received"] for i in (0, 2)].count("c") + [q1["received"]].count("c") >= 1
    assert q1["compliments"] == 18  # no month's compliments are hidden
    # Q2: 30 received, 29 answered (all on time), 1 not answered: "not answered" (1) hides with "answered"
    # (or "received"); answered, judged and on time are the same 29, so they hide together with the %
    assert q2["open"] == "c" and "c" in (q2["received"], q2["responded"])
    if q2["responded"] == "c":
        assert (q2["responded_on_time"], q2["judged"], q2["responded_on_time_pct"]) == ("c", "c", "c")
    assert q2["compliments"] == "c"


def test_with_protect_derived_off_only_shown_counts_are_protected():
    s = suppress_kpis(_k(), protect_derived=False)
    y2024, y2025 = s["timeliness"]["by_year"]
    # over 20 weeks (3) and exceptions (1) are never shown: 7 of 10 and 9 of 10 stand, as DfE shows them
    assert (y2024["issued"], y2024["within"], y2024["pct"]) == (10, 7, 70.0)
    assert (y2024["issued_ex"], y2024["pct_ex"]) == (9, 77.8)
    assert y2025["issued"] == "c" and y2025["median_weeks"] == "c"  # a shown small count: still hidden
    assert s["ehcps"]["by_age_band"]["Under 5"] == "c"  # a shown breakdown cell, and its complement
    assert sum(v == "c" for v in s["ehcps"]["by_age_band"].values()) >= 2


def test_issue_12_small_counts_hide_with_a_complement_along_their_ties():
    req = {"year": 2024, "received": 40, "growth_pct": 5.0, "decided": 30, "decided_within_6_weeks": 28,
           "decided_within_6_weeks_pct": 93.3, "assess": 27, "not_assess": 3, "withdrawn": 6, "not_decided": 4,
           "assess_pct": 67.5, "not_assess_pct": 7.5, "withdrawn_pct": 15.0, "not_decided_pct": 10.0,
           "by_source": {"1": 20, "2": 18, "3": 2, "4": 0, "5": 0, "unknown": 0}}
    ceased = {"year": 2024, "total": 30, "by_reason": {**{str(n): 0 for n in range(1, 10)}, "2": 20, "5": 8,
                                                       "7": 2, "unknown": 0},
              "by_reason_pct": {}}
    s = suppress_kpis(_k(requests={"by_year": [req]}, ceased={"by_year": [ceased]}))
    row = s["requests"]["by_year"][0]
    # received = assess + not_assess + withdrawn + not_decided (40 = 27 + 3 + 6 + 4); decided = assess + not_assess
    assert row["not_assess"] == "c" and row["not_decided"] == "c" and row["not_assess_pct"] == "c"
    assert "c" in (row["assess"], row["decided"])  # else not_assess = decided - assess
    assert row["by_source"]["3"] == "c" and sum(v == "c" for v in row["by_source"].values()) >= 2
    reasons = s["ceased"]["by_year"][0]["by_reason"]
    assert reasons["7"] == "c" and sum(v == "c" for v in reasons.values()) >= 2 and reasons["1"] == 0
