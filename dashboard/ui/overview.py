"""The Overview page's tiles, built from the ``kpis`` object (the numbers are the engine's)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.format import Rag, change, fmt_int, fmt_pct, fmt_pp, num, rag
from dashboard.ui import components as ui


@dataclass
class Tile:
    label: str
    value: str
    delta: str | None = None
    compare: str | None = None
    rag: Rag | None = None
    help: str | None = None
    delta_color: str = "normal"

    def show(self) -> None:
        ui.tile(self.label, self.value, delta=self.delta, compare=self.compare, rag=self.rag, help=self.help,
                delta_color=self.delta_color)


def has_data(k: dict) -> bool:
    return bool(k["timeliness"]["by_year"] or k["ehcps"]["january"] or k["requests"]["by_year"])


def _bench_text(k: dict, key: str, year: int, *, pct: bool = True) -> str | None:
    b = k.get("benchmarks") or {}
    fmt = fmt_pct if pct else fmt_int
    parts = []
    eng = (b.get("england") or {}).get(key, {}).get(year)
    if eng is not None:
        parts.append(f"England {fmt(eng)}")
    region = b.get("region") or {}
    reg = (region.get(key) or {}).get(year)
    if reg is not None:
        parts.append(f"{region.get('name')} {fmt(reg)}")
    return f"{year}: " + " · ".join(parts) if parts else None


def _latest_bench_year(k: dict, key: str) -> int | None:
    years = [y for y, v in ((k.get("benchmarks") or {}).get("england") or {}).get(key, {}).items() if v is not None]
    return max(years) if years else None


def timeliness_tiles(k: dict, s: dict) -> list[Tile]:
    as_at = dt.date.fromisoformat(k["as_at"])
    target, margin = s["target_timeliness_pct"], s["amber_margin_pct"]
    months = [m for m in k["timeliness"]["by_month"] if m["issued_ex"]]
    years = {r["year"]: r for r in k["timeliness"]["by_year"]}
    bench_year = _latest_bench_year(k, "timeliness_pct_ex")
    tiles = []
    if months:
        last, prev = months[-1], (months[-2] if len(months) > 1 else None)
        label = pd.Period(last["month"], freq="M").strftime("%B %Y")
        tiles.append(Tile(f"Plans within 20 weeks, {label}", fmt_pct(last["pct_ex"]),
                          delta=fmt_pp(change(last["pct_ex"], prev and prev["pct_ex"])) if prev else None,
                          compare=f"{fmt_int(last['within_ex'])} of {fmt_int(last['issued_ex'])} plans, excluding exceptions",
                          rag=rag(last["pct_ex"], target, amber_margin=margin)))
    ytd = years.get(as_at.year)
    if ytd:
        tiles.append(Tile(f"Within 20 weeks, {as_at.year} to date", fmt_pct(ytd["pct_ex"]),
                          compare=f"{fmt_int(ytd['within_ex'])} of {fmt_int(ytd['issued_ex'])} plans; target {target:.0f}%",
                          rag=rag(ytd["pct_ex"], target, amber_margin=margin)))
    last_year = years.get(as_at.year - 1)
    if last_year:
        before = years.get(as_at.year - 2)
        tiles.append(Tile(f"Within 20 weeks, {as_at.year - 1}", fmt_pct(last_year["pct_ex"]),
                          delta=fmt_pp(change(last_year["pct_ex"], before and before["pct_ex"])) if before else None,
                          compare=_bench_text(k, "timeliness_pct_ex", min(as_at.year - 1, bench_year or 0)),
                          rag=rag(last_year["pct_ex"], target, amber_margin=margin)))
    return tiles


def plan_tiles(k: dict) -> list[Tile]:
    jan = k["ehcps"]["january"]
    since = (num(k["ehcps"]["maintained"]) - num(jan[-1]["count"])
             if jan and num(k["ehcps"]["maintained"]) is not None and num(jan[-1]["count"]) is not None else None)
    tiles = [Tile("EHC plans maintained", fmt_int(k["ehcps"]["maintained"]),
                  delta=f"{since:+,} since January" if since is not None else None, delta_color="off")]
    if jan and num(jan[-1]["growth_pct"]) is not None:
        y = jan[-1]["year"]
        tiles.append(Tile(f"Growth in plans, January {y}", fmt_pct(jan[-1]["growth_pct"], signed=True),
                          compare=_bench_text(k, "plans_growth_pct", y), delta_color="off"))
    return tiles


def request_tiles(k: dict, as_at: dt.date, s: dict) -> list[Tile]:
    years = {r["year"]: r for r in k["requests"]["by_year"]}
    tiles = []
    last = years.get(as_at.year - 1)
    if last:
        tiles.append(Tile(f"Requests for assessment, {as_at.year - 1}", fmt_int(last["received"]),
                          delta=fmt_pct(last["growth_pct"], signed=True) if num(last["growth_pct"]) is not None else None,
                          delta_color="off",
                          compare=" · ".join(filter(None, (
                              f"Decided within 6 weeks: {fmt_pct(last['decided_within_6_weeks_pct'])}",
                              _bench_text(k, "decided_within_6_weeks_pct", as_at.year - 1)))),
                          rag=rag(last["decided_within_6_weeks_pct"], s["target_decision_6_weeks_pct"],
                                  amber_margin=s["amber_margin_pct"])))
    oa = k["timeliness"].get("open_assessments") or {}
    tiles.append(Tile("Open assessments over 20 weeks", fmt_int(k["timeliness"]["open_over_20_weeks"]),
                      compare=f"{fmt_int(oa.get('weeks_16_to_20'))} more at 16–20 weeks; {fmt_int(oa.get('total'))} open",
                      rag=rag(k["timeliness"]["open_over_20_weeks"], 0, amber_margin=5, higher_is_better=False)))
    return tiles


def complaints_tile(k: dict, as_at: dt.date, s: dict) -> Tile | None:
    """Complaints received this quarter (the engine's quarter, suppressed as one), against the last."""
    quarters = k["complaints"].get("by_quarter") or []
    name = f"{as_at.year}-Q{(as_at.month - 1) // 3 + 1}"
    now = next((q for q in quarters if q["quarter"] == name), None)
    if now is None:
        return None
    before = quarters[quarters.index(now) - 1] if quarters.index(now) else None
    delta = change(now["received"], before and before["received"])
    return Tile(f"Complaints, Q{name[-1]} {as_at.year} to date", fmt_int(now["received"]),
                delta=f"{delta:+,.0f} on all of {before['quarter']}" if delta is not None else None,
                delta_color="inverse",
                compare=f"Answered on time: {fmt_pct(now['responded_on_time_pct'])} · compliments: "
                        f"{fmt_int(now['compliments'])}",
                rag=rag(now["responded_on_time_pct"], s["target_complaints_on_time_pct"],
                        amber_margin=s["amber_margin_pct"]))


def transfer_tiles(k: dict, as_at: dt.date, s: dict) -> list[Tile]:
    """The latest 15 February and 31 March deadlines that have passed, each against the year before."""
    rows = {t["due_date"]: t for t in k["transitions"]}
    tiles = []
    for suffix, what in (("02-15", "School phase transfers"), ("03-31", "Post-16 transfers")):
        passed = sorted(d for d in rows if d.endswith(suffix) and d <= as_at.isoformat())
        if not passed:
            continue
        t, before = rows[passed[-1]], rows.get(f"{int(passed[-1][:4]) - 1}-{suffix}")
        tiles.append(Tile(f"{what} on time, {dt.date.fromisoformat(t['due_date']):%b %Y}", fmt_pct(t["pct_on_time"]),
                          delta=fmt_pp(change(t["pct_on_time"], before["pct_on_time"])) if before else None,
                          compare=f"{fmt_int(t['final_on_time'])} of {fmt_int(t['due'])} by "
                                  f"{dt.date.fromisoformat(t['due_date']):%d %B}; {fmt_int(t['outstanding'])} outstanding",
                          rag=rag(t["pct_on_time"], s["target_transfers_on_time_pct"],
                                  amber_margin=s["amber_margin_pct"])))
    return tiles


def other_tiles(k: dict, as_at: dt.date, s: dict) -> list[Tile]:
    complaints = complaints_tile(k, as_at, s)
    return ([complaints] if complaints else []) + transfer_tiles(k, as_at, s)


def tiles(k: dict, settings: dict) -> list[Tile]:
    as_at = dt.date.fromisoformat(k["as_at"])
    return (timeliness_tiles(k, settings) + plan_tiles(k) + request_tiles(k, as_at, settings)
            + other_tiles(k, as_at, settings))


def last_import_text(history: pd.DataFrame) -> str:
    """The newest import that loaded (one interrupted or failed since changed nothing)."""
    loaded = history[history["status"] == "loaded"] if history is not None and not history.empty else None
    if loaded is None or loaded.empty:
        return "No files imported yet."
    last = loaded.iloc[0]
    return f"Last import: {last['file_name']} ({last['kind']}) at {pd.Timestamp(last['finished_at']):%d %b %Y %H:%M} UTC."
