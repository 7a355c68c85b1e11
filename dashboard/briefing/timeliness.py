"""Briefing tables for 20-week timeliness, requests and 6-week decisions, and open assessments, read from
the protected KPI object (:mod:`dashboard.disclosure`), so they show exactly what the pages show a viewer."""

from __future__ import annotations

import datetime as dt

from dashboard.briefing.common import bench, recent
from dashboard.briefing.model import Column, Table, long_date

NOT_RECORDED = "Not recorded"
TOTAL = "Total"


def _timeliness_row(r: dict) -> dict:
    """Plans issued, those without a 20-week exception and those of them within 20 weeks. "Within 20 weeks"
    for all plans is left out: beside the other three it would draw the eye to the few plans with an exception."""
    return {f: r.get(f) for f in ("issued", "issued_ex", "within_ex", "pct_ex", "median_weeks")}


def _teams(p: dict) -> list[dict]:
    oa = p["timeliness"].get("open_assessments") or {}
    rows = [{"team": f"{r['team']} (team)" if r["team"] == TOTAL else r["team"], "w16": r.get("weeks_16_to_20"),
             "over20": r.get("over_20_weeks"), "total": r.get("total")} for r in oa.get("by_team") or []]
    return [*rows, {"team": TOTAL, "w16": oa.get("weeks_16_to_20"),
                    "over20": oa.get("over_20_weeks", p["timeliness"].get("open_over_20_weeks")),
                    "total": oa.get("at_risk_total")}]


TIMELINESS_COLUMNS = [
    Column("issued", "Plans issued"), Column("issued_ex", "Plans issued, excluding exceptions"),
    Column("within_ex", "Within 20 weeks, excluding exceptions"),
    Column("pct_ex", "% within 20 weeks, excluding exceptions", "pct"),
    Column("median_weeks", "Median weeks to issue", "weeks"),
]


def tables(p: dict, *, as_at: dt.date, region: str) -> list[Table]:
    """The tables from the protected KPI object ``p`` (its numbers are shown as they stand)."""
    t = p["timeliness"]
    years = [{"year": int(r["year"]), **_timeliness_row(r),
              "england": bench(p, "england", "timeliness_pct_ex", int(r["year"])),
              "region": bench(p, "region", "timeliness_pct_ex", int(r["year"]))}
             for r in recent(t["by_year"], "year", as_at.year)]
    months = [{"month": r["month"], **_timeliness_row(r)} for r in t["by_month"]]
    requests = [{**{f: r.get(f) for f in ("received", "growth_pct", "decided", "decided_within_6_weeks",
                                          "decided_within_6_weeks_pct")}, "year": int(r["year"]),
                 "england": bench(p, "england", "decided_within_6_weeks_pct", int(r["year"])),
                 "region": bench(p, "region", "decided_within_6_weeks_pct", int(r["year"]))}
                for r in recent(p["requests"]["by_year"], "year", as_at.year)]
    teams = _teams(p)
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
