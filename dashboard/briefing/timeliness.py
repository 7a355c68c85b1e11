"""Briefing tables for 20-week timeliness, requests and 6-week decisions, and open assessments.

``register`` puts every count (and the undisplayed counts that follow from them) into the shared
:class:`~dashboard.briefing.protect.Cells` with their ties; ``tables`` reads them back as shown values.
"""

from __future__ import annotations

import datetime as dt

from dashboard.briefing.common import bench, recent
from dashboard.briefing.model import Column, Table, long_date
from dashboard.briefing.protect import Cells

# The DfE headline measure (excluding exceptions) and all plans issued. "Within 20 weeks" for all plans is
# left out: beside the other three it would give away the few plans with an exception, and hide the
# headline percentage with them.
SHOWN = ("issued", "issued_ex", "within_ex")
NOT_RECORDED = "Not recorded"
TOTAL = "Total"


def _register_row(cells: Cells, prefix: tuple, row: dict) -> None:
    """Plans issued, those without a 20-week exception, and those of them issued within 20 weeks; the
    plans with an exception and the late plans follow from them and are protected too."""
    for f in SHOWN:
        cells.add((*prefix, f), row.get(f))
    key = lambda f: (*prefix, f)  # noqa: E731
    cells.add_rest(key("over_ex"), key("issued_ex"), [key("within_ex")])
    cells.add_rest(key("exc"), key("issued"), [key("issued_ex")])


def _at_risk(k: dict) -> dict[str, dict[str, int]]:
    """team -> {"w16": n, "over20": n} from the engine's list of at-risk open assessments."""
    out: dict[str, dict[str, int]] = {}
    for r in (k["timeliness"].get("open_assessments") or {}).get("at_risk", []):
        team = str(r.get("team") or NOT_RECORDED)
        team = f"{team} (team)" if team == TOTAL else team
        slot = "over20" if r.get("status") == "over 20 weeks" else "w16"
        out.setdefault(team, {"w16": 0, "over20": 0})[slot] += 1
    return dict(sorted(out.items(), key=lambda kv: (kv[0] == NOT_RECORDED, kv[0].lower())))


def register(k: dict, cells: Cells) -> None:
    t = k["timeliness"]
    for r in t["by_year"]:
        _register_row(cells, ("tl_y", int(r["year"])), r)
    months: dict[int, list[str]] = {}
    for r in t["by_month"]:
        _register_row(cells, ("tl_m", r["month"]), r)
        months.setdefault(int(r["month"][:4]), []).append(r["month"])
    for year, ms in months.items():  # a year's plans are the sum of its months when both are shown
        if ("tl_y", year, "issued") in cells:
            for f in SHOWN:
                cells.tie(("tl_y", year, f), [("tl_m", m, f) for m in ms])
    for r in k["requests"]["by_year"]:
        y = int(r["year"])
        for f in ("received", "decided", "decided_within_6_weeks"):
            cells.add(("rq", y, f), r.get(f))
        cells.add_rest(("rq", y, "late6"), ("rq", y, "decided"), [("rq", y, "decided_within_6_weeks")])
        cells.add_rest(("rq", y, "undecided"), ("rq", y, "received"), [("rq", y, "decided")])
    oa = t.get("open_assessments") or {}
    cells.add(("open", "total"), oa.get("total"))
    cells.add(("open", "w16"), oa.get("weeks_16_to_20"))
    cells.add(("open", "over20"), oa.get("over_20_weeks", t.get("open_over_20_weeks")))
    cells.add_rest(("open", "under16"), ("open", "total"), [("open", "w16"), ("open", "over20")])
    teams = _at_risk(k)
    cells.add(("open", "risk"), sum(v["w16"] + v["over20"] for v in teams.values()))
    cells.tie(("open", "risk"), [("open", "w16"), ("open", "over20")])
    for team, v in teams.items():
        for slot, n in v.items():
            cells.add(("risk", team, slot), n)
        cells.add(("risk", team, "total"), v["w16"] + v["over20"])
        cells.tie(("risk", team, "total"), [("risk", team, "w16"), ("risk", team, "over20")])
    for slot in ("w16", "over20", "total"):
        total = ("open", {"total": "risk"}.get(slot, slot))
        cells.tie(total, [("risk", team, slot) for team in teams])


def _timeliness_row(cells: Cells, prefix: tuple, r: dict) -> dict:
    key = lambda f: (*prefix, f)  # noqa: E731
    return {
        **{f: cells.count(key(f)) for f in SHOWN},
        "pct_ex": cells.pct(r.get("pct_ex"), key("within_ex"), key("issued_ex")),
        # the median of a handful of plans would describe those few children: hidden with their count
        "median_weeks": cells.pct(r.get("median_weeks"), key("issued"), key("issued")),
    }


TIMELINESS_COLUMNS = [
    Column("issued", "Plans issued"), Column("issued_ex", "Plans issued, excluding exceptions"),
    Column("within_ex", "Within 20 weeks, excluding exceptions"),
    Column("pct_ex", "% within 20 weeks, excluding exceptions", "pct"),
    Column("median_weeks", "Median weeks to issue", "weeks"),
]


def tables(k: dict, cells: Cells, *, as_at: dt.date, region: str) -> list[Table]:
    t = k["timeliness"]
    years = []
    for r in recent(t["by_year"], "year", as_at.year):
        y = int(r["year"])
        years.append({"year": y, **_timeliness_row(cells, ("tl_y", y), r),
                      "england": bench(k, "england", "timeliness_pct_ex", y),
                      "region": bench(k, "region", "timeliness_pct_ex", y)})
    months = [{"month": r["month"], **_timeliness_row(cells, ("tl_m", r["month"]), r)} for r in t["by_month"]]
    requests = []
    for r in recent(k["requests"]["by_year"], "year", as_at.year):
        y = int(r["year"])
        requests.append({
            "year": y, "received": cells.count(("rq", y, "received")),
            "growth_pct": cells.pct(r.get("growth_pct"), ("rq", y, "received"), ("rq", y - 1, "received")),
            "decided": cells.count(("rq", y, "decided")),
            "decided_within_6_weeks": cells.count(("rq", y, "decided_within_6_weeks")),
            "decided_within_6_weeks_pct": cells.pct(r.get("decided_within_6_weeks_pct"),
                                                    ("rq", y, "decided_within_6_weeks"), ("rq", y, "decided")),
            "england": bench(k, "england", "decided_within_6_weeks_pct", y),
            "region": bench(k, "region", "decided_within_6_weeks_pct", y)})
    teams = [{"team": team, "w16": cells.count(("risk", team, "w16")),
              "over20": cells.count(("risk", team, "over20")), "total": cells.count(("risk", team, "total"))}
             for team in _at_risk(k)]
    teams.append({"team": TOTAL, "w16": cells.count(("open", "w16")), "over20": cells.count(("open", "over20")),
                  "total": cells.count(("open", "risk"))})
    bench_cols = [Column("england", "England % (published)", "pct"), Column("region", f"{region} % (published)", "pct")]
    return [
        Table("timeliness_by_year", "EHC plans issued within 20 weeks, by calendar year",
              [Column("year", "Year", "year"), *TIMELINESS_COLUMNS, *bench_cols], years,
              "England and regional figures are the DfE's published percentages excluding exceptions."),
        Table("timeliness_by_month", "EHC plans issued within 20 weeks, by month",
              [Column("month", "Month", "month"), *TIMELINESS_COLUMNS], months),
        Table("requests_by_year", "Requests for an EHC needs assessment and decisions within 6 weeks",
              [Column("year", "Year", "year"), Column("received", "Requests received"),
               Column("growth_pct", "Change on the year before", "signed_pct"),
               Column("decided", "Decisions to assess or not"),
               Column("decided_within_6_weeks", "Decided within 6 weeks"),
               Column("decided_within_6_weeks_pct", "% decided within 6 weeks", "pct"), *bench_cols], requests),
        Table("open_by_team", f"Open assessments at 16 weeks or more on {long_date(as_at)}, by team",
              [Column("team", "Team", "text"), Column("w16", "At 16-20 weeks"), Column("over20", "Over 20 weeks"),
               Column("total", "Total")], teams, total_label=TOTAL),
    ]
