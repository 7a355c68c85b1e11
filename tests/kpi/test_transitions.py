"""Phase transfers by due date and the next statutory deadline (hand-worked, synthetic people)."""

from datetime import date

import pytest

from dashboard.kpi.transitions import next_deadline, phase_transfers
from tests.kpi.fixtures import casework, empty, frame, sen2


def _pt(due, final=None, **extra):
    return {"plan_start_date": "2018-01-01", "phase_transfer_due_date": due, "phase_transfer_final_date": final,
            **extra}


def test_on_time_late_outstanding_by_due_date():
    records = casework([
        _pt("2025-02-15", "2025-02-15"),  # on the due date: on time
        _pt("2025-02-15", "2025-01-20"),  # on time
        _pt("2025-02-15", "2025-02-20"),  # late
        _pt("2025-02-15"),  # outstanding
        _pt("2025-02-15", "2025-03-10"),  # finalised after as-at: outstanding at as-at
        _pt("2025-03-31", "2025-03-01"),
        _pt("2025-03-31"),
        _pt("2026-02-15"),  # transfer year = as-at year + 1: listed
        _pt("2027-02-15"),  # too far ahead
        {"plan_start_date": "2018-01-01"},  # no phase transfer
    ])
    rows = phase_transfers(records, as_at=date(2025, 3, 1))
    assert rows == [
        {"due_date": "2025-02-15", "due": 5, "final_on_time": 2, "final_late": 1, "outstanding": 2,
         "pct_on_time": 40.0, "pct_finalised": 60.0},
        # 31 March is after as-at: not yet late, so no share on time; half finalised so far
        {"due_date": "2025-03-31", "due": 2, "final_on_time": 1, "final_late": 0, "outstanding": 1,
         "pct_on_time": None, "pct_finalised": 50.0},
        {"due_date": "2026-02-15", "due": 1, "final_on_time": 0, "final_late": 0, "outstanding": 1,
         "pct_on_time": None, "pct_finalised": 0.0},
    ]


def test_one_transfer_per_person_and_filters():
    records = casework([
        _pt("2025-02-15", None, person_ref="X", primary_need="ASD", birth_date="2014-08-31"),
        _pt("2025-02-15", "2025-02-01", person_ref="X", primary_need="ASD", birth_date="2014-08-31"),
        _pt("2025-02-15", "2025-02-01", person_ref="Y", primary_need=None, birth_date="2014-09-01"),
    ])
    # X twice (two requests) is one transfer, finalised; ages on 31/8/2024: X 10, Y 9
    assert phase_transfers(records, as_at=date(2025, 3, 1))[0]["due"] == 2
    assert phase_transfers(records, as_at=date(2025, 3, 1), needs=["UNKNOWN"])[0]["due"] == 1
    assert phase_transfers(records, as_at=date(2025, 3, 1), age_bands=["11-15"]) == []
    assert phase_transfers(records, as_at=date(2025, 3, 1), needs=["ASD"], age_bands=["5-10"])[0][
        "final_on_time"] == 1


def test_sen2_returns_count_a_transfer_once():
    row = _pt("2024-02-15", "2024-02-10", active=True)
    records = frame(sen2(2024, [{**row, "phase_transfer_final_date": None}]), sen2(2025, [row]))
    rows = phase_transfers(records, as_at=date(2025, 1, 16))
    assert rows == [{"due_date": "2024-02-15", "due": 1, "final_on_time": 1, "final_late": 0, "outstanding": 0,
                     "pct_on_time": 100.0, "pct_finalised": 100.0}]


def test_sen2_due_dates_after_the_latest_period_come_from_the_latest_return():
    listed = _pt("2024-02-15", active=True)  # listed in the January 2024 return, due after its period
    finalised = _pt("2024-02-15", "2024-03-01", active=True)  # the 2025 return: finalised late
    only_2024 = sen2(2024, [listed, _pt("2024-03-31", active=True), _pt("2023-02-15", "2023-02-01", active=True)])
    rows = phase_transfers(only_2024, as_at=date(2024, 1, 18))
    assert [(r["due_date"], r["due"], r["final_on_time"], r["outstanding"]) for r in rows] == [
        ("2023-02-15", 1, 1, 0), ("2024-02-15", 1, 0, 1), ("2024-03-31", 1, 0, 1)]
    both = frame(sen2(2024, [listed]), sen2(2025, [finalised, _pt("2025-02-15", active=True)]))
    rows = phase_transfers(both, as_at=date(2025, 1, 16))
    assert [(r["due_date"], r["due"], r["final_late"], r["outstanding"]) for r in rows] == [
        ("2024-02-15", 1, 1, 0), ("2025-02-15", 1, 0, 1)]
    # as at mid-2024 the 2025 return still covers February 2024 (finalised 1 March, late): counted once
    rows = phase_transfers(both, as_at=date(2024, 6, 1))
    assert [(r["due_date"], r["due"], r["final_late"]) for r in rows] == [("2024-02-15", 1, 1), ("2025-02-15", 1, 0)]


@pytest.mark.parametrize(("as_at", "when", "kind", "days"), [
    (date(2025, 2, 15), "2025-02-15", "school phase transfer", 0),
    (date(2025, 2, 16), "2025-03-31", "transfer to post-16", 43),
    (date(2025, 4, 1), "2026-02-15", "school phase transfer", 320),
    (date(2024, 12, 31), "2025-02-15", "school phase transfer", 46),
])
def test_next_deadline(as_at, when, kind, days):
    assert next_deadline(as_at) == {"date": when, "kind": kind, "days": days}


def test_empty():
    assert phase_transfers(empty(), as_at=date(2025, 1, 1)) == []
