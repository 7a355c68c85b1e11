"""Briefing tables for EHC plans: January snapshots and growth, plans maintained by age band and by need
(read from the protected KPI object)."""

from __future__ import annotations

import datetime as dt

from dashboard.briefing.common import bench, recent
from dashboard.briefing.model import Column, Table, long_date
from dashboard.measures.needs import NEED_NAMES

TOTAL = "Total"


def tables(p: dict, *, as_at: dt.date, region: str) -> dict[str, list[Table]]:
    """The tables from the protected KPI object ``p``."""
    e = p["ehcps"]
    january = [{
        "year": int(r["year"]), "date": r.get("date"), "count": r.get("count"), "growth_pct": r.get("growth_pct"),
        "england": bench(p, "england", "plans_growth_pct", int(r["year"])),
        "region": bench(p, "region", "plans_growth_pct", int(r["year"])),
    } for r in recent(e["january"], "year", as_at.year)]
    maintained = e.get("maintained")
    ages = [{"band": b, "plans": n} for b, n in (e.get("by_age_band") or {}).items()]
    ages.append({"band": TOTAL, "plans": maintained})
    shares = e.get("by_need_pct") or {}
    needs = [{"need": need, "name": NEED_NAMES.get(need, need), "plans": n, "share": shares.get(need),
              "england": _share(p, "england", need), "region": _share(p, "region", need)}
             for need, n in (e.get("by_need") or {}).items()]
    whole = 100.0 if isinstance(maintained, int) and maintained else "c" if maintained == "c" else None
    needs.append({"need": TOTAL, "name": "All plans", "plans": maintained, "england": None, "region": None,
                  "share": whole})
    when = long_date(as_at)
    return {
        "Plans": [
            Table("plans_january", "EHC plans maintained at the January snapshot, and growth",
                  [Column("year", "Year", "year"), Column("date", "Snapshot date", "date"),
                   Column("count", "EHC plans"), Column("growth_pct", "Growth on the January before", "signed_pct"),
                   Column("england", "England growth (published)", "signed_pct"),
                   Column("region", f"{region} growth (published)", "signed_pct")], january),
            Table("plans_by_age", f"EHC plans maintained on {when}, by age band",
                  [Column("band", "Age band", "text"), Column("plans", "EHC plans")], ages,
                  "Age on the 31 August before the date.", total_label=TOTAL),
        ],
        "Needs": [
            Table("needs", f"EHC plans maintained on {when}, by primary need",
                  [Column("need", "Need", "text"), Column("name", "Primary need", "text"),
                   Column("plans", "EHC plans"), Column("share", "% of plans", "pct"),
                   Column("england", "England % (published)", "pct"),
                   Column("region", f"{region} % (published)", "pct")], needs,
                  "England and regional shares are the DfE's latest published figures for all EHC plans.",
                  total_label=TOTAL),
        ],
    }


def _share(k: dict, area: str, need: str) -> float | None:
    shares = ((k.get("benchmarks") or {}).get(area) or {}).get("need_shares") or {}
    value = shares.get(need)
    return None if value is None else float(value)
