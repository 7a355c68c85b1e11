"""A SPEC section 3 KPI object written by hand for the briefing tests (every key present)."""

from __future__ import annotations

import copy

from dashboard.kpi.rounding import pct
from dashboard.kpi.timeliness import _by_team

BENCHMARKS = {
    "england": {"timeliness_pct_ex": {2023: 50.3, 2024: 46.4}, "plans_growth_pct": {2024: 11.5, 2025: 10.8},
                "decided_within_6_weeks_pct": {2024: 84.8}, "need_shares": {"ASD": 31.5, "SEMH": 20.7, "VI": 0.8}},
    "region": {"code": "E12000002", "name": "North West", "timeliness_pct_ex": {2023: 56.7, 2024: 50.5},
               "plans_growth_pct": {2024: 15.1, 2025: 12.1}, "decided_within_6_weeks_pct": {2024: 88.7},
               "need_shares": {"ASD": 27.9, "SEMH": 22.8, "VI": 0.8}},
    "la_published": {}, "comparators": [], "comparator_mean": {},
}


def tl(period: str | int, issued: int, issued_ex: int, within_ex: int, *, within: int | None = None,
       median: float | None = 18.0) -> dict:
    """A timeliness row (by_year when ``period`` is an int, by_month when "YYYY-MM")."""
    within = within_ex + (issued - issued_ex) if within is None else within
    row = {"issued": issued, "within": within, "pct": round(100 * within / issued, 1) if issued else None,
           "issued_ex": issued_ex, "within_ex": within_ex,
           "pct_ex": round(100 * within_ex / issued_ex, 1) if issued_ex else None, "median_weeks": median}
    return {("year" if isinstance(period, int) else "month"): period, **row}


def complaint_month(month: str, received: int, stage_1: int, stage_2: int, ombudsman: int, responded: int,
                    on_time: int, compliments: int) -> dict:
    return {"month": month, "received": received, "responded": responded, "responded_on_time": on_time,
            "judged": responded, "responded_on_time_pct": round(100 * on_time / responded, 1) if responded else None,
            "compliments": compliments, "stage_1": stage_1, "stage_2": stage_2, "ombudsman": ombudsman,
            "open": received - responded}


def transfer(due_date: str, due: int, on_time: int, late: int) -> dict:
    return {"due_date": due_date, "due": due, "final_on_time": on_time, "final_late": late,
            "outstanding": due - on_time - late, "pct_on_time": round(100 * on_time / due, 1) if due else None}


def kpi(*, as_at: str = "2025-04-30", by_year=(), by_month=(), requests=(), january=(), maintained: int = 0,
        by_age: dict | None = None, by_need: dict | None = None, at_risk=(), open_total: int = 0,
        complaints=(), transitions=(), needs=(), age_bands=(), benchmarks: dict | None = None) -> dict:
    at_risk = list(at_risk)
    return {
        "as_at": as_at, "la_code": "999", "filters": {"need": list(needs), "age_band": list(age_bands)},
        "timeliness": {
            "by_year": list(by_year), "by_month": list(by_month),
            "open_over_20_weeks": sum(r["status"] == "over 20 weeks" for r in at_risk),
            "open_assessments": {"total": open_total,
                                 "over_20_weeks": sum(r["status"] == "over 20 weeks" for r in at_risk),
                                 "weeks_16_to_20": sum(r["status"] == "16-20 weeks" for r in at_risk),
                                 "at_risk_total": len(at_risk), "by_team": _by_team(at_risk),
                                 "at_risk": at_risk},
        },
        "requests": {"by_year": list(requests)},
        "ehcps": {"maintained": maintained, "january": list(january),
                  "by_age_band": by_age if by_age is not None else {},
                  "by_need": by_need if by_need is not None else {}, "by_sex": {},
                  "by_need_pct": {n: pct(v, maintained) for n, v in (by_need or {}).items()}},
        "census": {"by_date": []},
        "complaints": {"by_month": list(complaints), "by_quarter": quarters(complaints)},
        "transitions": list(transitions),
        "benchmarks": copy.deepcopy(BENCHMARKS if benchmarks is None else benchmarks),
    }


def risk(team: str | None, status: str, n: int) -> list[dict]:
    """``n`` at-risk open assessments of one team ("16-20 weeks" or "over 20 weeks")."""
    return [{"request_ref": f"R{i}", "person_ref": f"P{i}", "caseworker": "CW1", "team": team,
             "received_date": "2025-01-02", "days": 120, "weeks": 17.1, "status": status} for i in range(n)]


def quarters(months) -> list[dict]:
    """The months added up by quarter, as the engine's ``complaints.by_quarter``."""
    out: dict[str, dict] = {}
    for m in months:
        name = f"{m['month'][:4]}-Q{(int(m['month'][5:7]) - 1) // 3 + 1}"
        q = out.setdefault(name, {"quarter": name})
        for f, v in m.items():
            if f not in ("month", "responded_on_time_pct"):
                q[f] = q.get(f, 0) + v
    for q in out.values():
        q["responded_on_time_pct"] = pct(q["responded_on_time"], q["judged"])
    return [out[q] for q in sorted(out)]
