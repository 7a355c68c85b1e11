"""Placements by setting group at each January, at as-at and for new plans (hand-worked, synthetic people)."""

from datetime import date

from dashboard.kpi.ehcps import january_counts
from dashboard.kpi.placements import placements_block
from tests.kpi.fixtures import casework, empty, frame, placements, plan, sen2

AS_AT = date(2025, 3, 31)  # the January 2025 snapshot is Thursday 16 January 2025
GROUPS = ("mainstream", "special", "ap_pru", "post16", "early_years", "elsewhere", "unknown")


def _plans(n, **extra):
    return [plan("2023-01-01", "2023-05-01", request_ref=f"R{i}", **extra) for i in range(1, n + 1)]


def _jan(block, year):
    return next(r for r in block["january"] if r["year"] == year)


def _groups(row):
    return {g: row[g] for g in GROUPS if row[g]}


def test_the_placement_spanning_the_january_date_counts():
    records = casework(_plans(6))
    pl = placements([
        # R1: left the day before the snapshot -> its later special school placement counts
        {"request_ref": "R1", "setting_type": "mainstream", "entry_date": "2023-05-01", "leaving_date": "2025-01-15"},
        {"request_ref": "R1", "setting_type": "independent_special", "setting_in_la": False,
         "entry_date": "2025-01-16", "urn": "100002"},
        # R2: leaves on the snapshot day itself: still there
        {"request_ref": "R2", "setting_type": "resourced_provision", "setting_in_la": True,
         "entry_date": "2023-05-01", "leaving_date": "2025-01-16", "urn": "100001"},
        # R3: a code not in SPEC 2.1 -> unknown
        {"request_ref": "R3", "setting_type": "boarding_school"},
        # R4: its only placement starts after the snapshot -> unknown at January, post16 at as-at
        {"request_ref": "R4", "setting_type": "post16", "entry_date": "2025-02-01", "setting_in_la": True},
        # R5: no placement at all -> unknown; R6: non-maintained special, out of area, no dates
        {"request_ref": "R6", "setting_type": "non_maintained_special", "setting_in_la": False, "urn": "100003"},
        # a placement of another dataset's R5 is not R5's
        {"dataset_id": 2, "request_ref": "R5", "setting_type": "mainstream"},
    ])
    block = placements_block(records, pl, as_at=AS_AT)
    jan = _jan(block, 2025)
    assert jan["date"] == "2025-01-16" and jan["total"] == 6
    assert _groups(jan) == {"mainstream": 1, "special": 2, "unknown": 3}
    assert (jan["independent"], jan["independent_pct"], jan["out_of_area"], jan["out_of_area_pct"]) == (
        2, 33.3, 2, 33.3)
    assert (jan["special_pct"], jan["unknown_pct"]) == (33.3, 50.0)
    now = block["at_as_at"]
    assert _groups(now) == {"special": 2, "post16": 1, "unknown": 3} and now["total"] == 6
    # R2 left on 16 January, so at as-at only the two special schools have a URN
    assert block["by_school"] == [
        {"urn": "100002", "total": 1, **dict.fromkeys(GROUPS, 0), "special": 1},
        {"urn": "100003", "total": 1, **dict.fromkeys(GROUPS, 0), "special": 1}]
    # the groups add up to plans maintained, equal to ehcps.january's count
    assert [r["total"] for r in block["january"]] == [r["count"] for r in january_counts(records, as_at=AS_AT)]
    assert all(sum(r[g] for g in GROUPS) == r["total"] for r in block["january"])


def test_of_two_placements_on_the_day_the_latest_entry_then_the_lowest_rank_wins():
    records = casework(_plans(2))
    pl = placements([
        {"request_ref": "R1", "setting_type": "mainstream", "entry_date": "2022-09-01"},
        {"request_ref": "R1", "setting_type": "alternative_provision", "entry_date": "2024-09-01"},
        {"request_ref": "R2", "setting_type": "early_years", "placement_rank": 2},
        {"request_ref": "R2", "setting_type": "home_education", "placement_rank": 1},
    ])
    assert _groups(_jan(placements_block(records, pl, as_at=AS_AT), 2025)) == {"ap_pru": 1, "elsewhere": 1}


def test_without_a_placements_frame_the_records_own_setting_stands():
    records = casework([*_plans(2, setting_type="independent_mainstream", setting_in_la=False),
                        plan("2023-01-01", "2023-05-01", setting_type="special_academy_free", setting_in_la=True),
                        plan("2023-01-01", "2023-05-01")])
    for pl in (None, placements([])):
        jan = _jan(placements_block(records, pl, as_at=AS_AT), 2025)
        assert _groups(jan) == {"mainstream": 2, "special": 1, "unknown": 1}
        assert (jan["independent"], jan["out_of_area"], jan["out_of_area_pct"]) == (2, 2, 50.0)
    assert placements_block(records, None, as_at=AS_AT)["by_school"] == []


def test_sen2_the_return_s_active_plans_are_the_january_plans():
    ret = sen2(2025, [{"active": True, "request_ref": "A1"}, {"active": True, "request_ref": "A2"},
                      {"active": False, "request_ref": "A3", "plan_start_date": "2020-01-01"},
                      {"received_date": "2024-03-01", "request_outcome": "A"}])
    pl = placements([{"dataset_id": 2125, "request_ref": "A1", "setting_type": "special_maintained",
                      "entry_date": "2019-09-01", "leaving_date": "2025-07-20"},
                     {"dataset_id": 2125, "request_ref": "A3", "setting_type": "mainstream"}])
    block = placements_block(ret, pl, as_at=date(2025, 1, 16))
    jan = _jan(block, 2025)
    assert (jan["total"], _groups(jan)) == (2, {"special": 1, "unknown": 1})


def test_new_plans_by_their_placement_at_the_start_include_transfers_in():
    records = casework([
        plan("2024-01-01", "2024-05-01", request_ref="N1"),
        plan("2024-01-01", "2024-06-01", request_ref="N2", transfer_la="340"),  # transferred in: counts
        plan("2023-01-01", "2023-05-01", request_ref="N3"),
        {"request_ref": "N4", "request_outcome": "H", "plan_start_date": "2024-09-01", "transfer_la": "341"},
    ])
    pl = placements([
        {"request_ref": "N1", "setting_type": "mainstream", "leaving_date": "2024-08-31"},  # at the start
        {"request_ref": "N1", "setting_type": "special_maintained", "entry_date": "2024-09-01"},
        {"request_ref": "N2", "setting_type": "post16", "entry_date": "2024-06-02"},  # starts the day after
        {"request_ref": "N3", "setting_type": "early_years"},
        {"request_ref": "N4", "setting_type": "sen_unit"},
    ])
    new = {r["year"]: r for r in placements_block(records, pl, as_at=AS_AT)["new_by_year"]}
    assert (new[2024]["total"], _groups(new[2024])) == (3, {"mainstream": 2, "unknown": 1})
    assert (new[2024]["mainstream_pct"], new[2023]["total"], new[2023]["early_years"]) == (66.7, 1, 1)
    assert new[2025]["total"] == 0 and new[2025]["mainstream_pct"] is None


def test_filters_apply_like_ehcps():
    records = casework([*_plans(2, primary_need="ASD", birth_date="2010-01-01"),
                        plan("2023-01-01", "2023-05-01", request_ref="R9", birth_date="2020-01-01")])
    pl = placements([{"request_ref": "R1", "setting_type": "mainstream"},
                     {"request_ref": "R9", "setting_type": "early_years"}])
    asd = placements_block(records, pl, as_at=AS_AT, needs=["ASD"])
    assert (_jan(asd, 2025)["total"], _groups(_jan(asd, 2025))) == (2, {"mainstream": 1, "unknown": 1})
    young = placements_block(records, pl, as_at=AS_AT, age_bands=["Under 5"])
    assert _groups(_jan(young, 2025)) == {"early_years": 1} and young["at_as_at"]["total"] == 1
    assert [r["total"] for r in asd["january"]] == [
        r["count"] for r in january_counts(records, as_at=AS_AT, needs=["ASD"])]


def test_empty():
    block = placements_block(empty(), None, as_at=AS_AT)
    assert (block["january"], block["new_by_year"], block["by_school"]) == ([], [], [])
    assert block["at_as_at"]["total"] == 0 and block["at_as_at"]["independent_pct"] is None
    assert placements_block(frame(empty()), placements([]), as_at=AS_AT)["at_as_at"]["unknown"] == 0
