"""The headline rows: this period, the previous one, England, the region, target, RAG word and movement.

Built from the briefing's already-suppressed tables, so a headline never shows a number the tables hide;
the RAG rating and the movement are worked out from the shown values only.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd

from dashboard.briefing.common import bench, latest_bench_year
from dashboard.briefing.model import Headline, Table, Value, is_suppressed, long_date, month_label
from dashboard.format import Rag, rag

NOT_SHOWN = Rag("none", "Not shown (small numbers)")


def movement(current: Value, previous: Value, higher_is_better: bool | None) -> str:
    """Improved / Worsened / No change (Up / Down for measures that are neither good nor bad); "–"
    when either value is missing or suppressed."""
    if not isinstance(current, int | float) or not isinstance(previous, int | float):
        return "–"
    if current == previous:
        return "No change"
    up = current > previous
    if higher_is_better is None:
        return "Up" if up else "Down"
    return "Improved" if up == higher_is_better else "Worsened"


def rag_of(value: Value, target: float | None, *, margin: float, higher_is_better: bool = True) -> Rag:
    if is_suppressed(value):
        return NOT_SHOWN
    return rag(value if isinstance(value, int | float) else None, target, amber_margin=margin,
               higher_is_better=higher_is_better)


def _rows(table: Table, key: str) -> dict:
    return {r[key]: r for r in table.rows if r.get(key) != table.total_label}


def _latest_complete_month(as_at: dt.date) -> str:
    last_day = calendar.monthrange(as_at.year, as_at.month)[1]
    month = pd.Period(as_at, freq="M")
    return str(month if as_at.day == last_day else month - 1)


class _Maker:
    def __init__(self, k: dict, settings: dict) -> None:
        self.k, self.margin = k, float(settings["amber_margin_pct"])
        self.out: list[Headline] = []

    def add(self, key: str, measure: str, kind: str, period: str, value: Value, previous_period: str,
            previous: Value, *, bench_key: str | None = None, bench_year: int | None = None,
            target: float | None = None, higher_is_better: bool | None = True, rag_margin: float | None = None,
            period_key: str = "") -> None:
        year = latest_bench_year(self.k, bench_key, not_after=bench_year) if bench_key else None
        rating = rag_of(value, target, margin=self.margin if rag_margin is None else rag_margin,
                        higher_is_better=higher_is_better is not False) if target is not None \
            else Rag("none", "No target")
        self.out.append(Headline(
            key, measure, kind, period, value, previous_period, previous,
            bench(self.k, "england", bench_key, year) if bench_key else None,
            bench(self.k, "region", bench_key, year) if bench_key else None, year, target, rating,
            movement(value, previous, higher_is_better), period_key))


def headlines(k: dict, tables: dict[str, Table], settings: dict, as_at: dt.date) -> list[Headline]:
    """The headline rows, in the order the briefing shows them."""
    h, y = _Maker(k, settings), as_at.year
    target = float(settings["target_timeliness_pct"])
    months, years = _rows(tables["timeliness_by_month"], "month"), _rows(tables["timeliness_by_year"], "year")
    m = _latest_complete_month(as_at)
    prev_m = str(pd.Period(m, freq="M") - 1)
    get = lambda rows, key, field: (rows.get(key) or {}).get(field)  # noqa: E731
    within = "Plans issued within 20 weeks (excluding exceptions)"
    h.add("timeliness_month", within, "pct", month_label(m), get(months, m, "pct_ex"), month_label(prev_m),
          get(months, prev_m, "pct_ex"), bench_key="timeliness_pct_ex", bench_year=int(m[:4]), target=target,
          period_key=m)
    h.add("timeliness_ytd", within, "pct", f"{y} to date", get(years, y, "pct_ex"), str(y - 1),
          get(years, y - 1, "pct_ex"), bench_key="timeliness_pct_ex", bench_year=y, target=target, period_key=str(y))
    h.add("timeliness_last_year", within, "pct", str(y - 1), get(years, y - 1, "pct_ex"), str(y - 2),
          get(years, y - 2, "pct_ex"), bench_key="timeliness_pct_ex", bench_year=y - 1, target=target)

    jan = _rows(tables["plans_january"], "year")
    maintained = next((r["plans"] for r in tables["plans_by_age"].rows if r["band"] == "Total"), None)
    h.add("plans_maintained", "EHC plans maintained", "count", f"On {long_date(as_at)}", maintained,
          f"January {y}", get(jan, y, "count"), higher_is_better=None)
    h.add("plans_growth", "Growth in EHC plans on the January before", "signed_pct", f"January {y}",
          get(jan, y, "growth_pct"), f"January {y - 1}", get(jan, y - 1, "growth_pct"),
          bench_key="plans_growth_pct", bench_year=y, higher_is_better=None)

    req = _rows(tables["requests_by_year"], "year")
    h.add("requests", "Requests for an EHC needs assessment", "count", str(y - 1), get(req, y - 1, "received"),
          str(y - 2), get(req, y - 2, "received"), higher_is_better=None)
    h.add("decisions_6_weeks", "Requests decided within 6 weeks", "pct", str(y - 1),
          get(req, y - 1, "decided_within_6_weeks_pct"), str(y - 2), get(req, y - 2, "decided_within_6_weeks_pct"),
          bench_key="decided_within_6_weeks_pct", bench_year=y - 1,
          target=float(settings["target_decision_6_weeks_pct"]))
    over20 = next((r["over20"] for r in tables["open_by_team"].rows if r["team"] == "Total"), None)
    h.add("open_over_20_weeks", "Open assessments over 20 weeks", "count", f"On {long_date(as_at)}", over20,
          "–", None, target=0.0, higher_is_better=False, rag_margin=5.0)

    quarters = tables["complaints_by_quarter"].rows
    cur = quarters[-1] if quarters else {}
    prev = quarters[-2] if len(quarters) > 1 else {}
    this_q, last_q = cur.get("quarter", "–"), prev.get("quarter", "–")
    h.add("complaints", "Complaints received", "count", f"{this_q} (to {as_at:%d %b})", cur.get("received"), last_q,
          prev.get("received"), higher_is_better=None)
    h.add("complaints_on_time", "Complaints answered on time", "pct", f"{this_q} (to {as_at:%d %b})",
          cur.get("responded_on_time_pct"), last_q, prev.get("responded_on_time_pct"),
          target=float(settings["target_complaints_on_time_pct"]))

    transfers = {r["due_date"]: r for r in tables["transitions"].rows}
    for suffix, label in (("02-15", "School phase transfers finalised on time"),
                          ("03-31", "Post-16 transfers finalised on time")):
        due = sorted(d for d in transfers if d.endswith(suffix) and d <= as_at.isoformat())
        if due:
            last, before = due[-1], f"{int(due[-1][:4]) - 1}-{suffix}"
            h.add(f"transfers_{suffix}", label, "pct", f"Due {long_date(dt.date.fromisoformat(last))}",
                  transfers[last]["pct_on_time"], f"Due {long_date(dt.date.fromisoformat(before))}",
                  get(transfers, before, "pct_on_time"), target=float(settings["target_transfers_on_time_pct"]),
                  period_key=last)
    return h.out
