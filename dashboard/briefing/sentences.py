"""Short plain-English sentences written from the briefing's shown (already suppressed) numbers.

A suppressed value is never put into words: it appears as "c" (explained in the data notes) and no rise
or fall is claimed against it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.briefing.model import Headline, Table, fmt, is_suppressed, long_date
from dashboard.measures.headlines import bench_label

HIDDEN = "not shown (c), to protect small numbers"


def say(value: object, kind: str) -> str:
    """A value for a sentence: "36.2%", "2,937", "c" or "not available"."""
    if is_suppressed(value):
        return "c"
    if value is None:
        return "not available"
    return fmt(value, kind)  # type: ignore[arg-type]


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _month(month: str) -> str:
    return pd.Period(month, freq="M").strftime("%B %Y")


def _scope(h: Headline) -> str:
    return f" ({h.bench_scope})" if h.bench_scope else ""


def _bench(h: Headline, region: str | None, kind: str = "pct") -> str:
    parts = []
    if h.england is not None:
        parts.append(f"{bench_label('England', h.bench_scope)} {fmt(h.england, kind)}")
    if h.region is not None and region:
        parts.append(f"{bench_label(region, h.bench_scope)} {fmt(h.region, kind)}")
    return ", ".join(parts)


def _timeliness_month(h: Headline, months: Table, as_at: dt.date, region: str | None) -> str:
    """"... rose from 36.0% in January 2025 to 72.0% in April 2025; England's 2024 figure was 46.4%"."""
    rows = {r["month"]: r for r in months.rows}
    latest, text = h.period_key, "The share of plans issued within 20 weeks (excluding exceptions)"
    start = f"{latest[:4]}-01" if latest[5:] != "01" else str(pd.Period(latest, freq="M") - 1)
    first = (rows.get(start) or {}).get("pct_ex")
    if not _number(first):
        start, first = str(pd.Period(latest, freq="M") - 1), h.previous
    value = h.value
    if _number(value) and _number(first):
        if value == first:
            sentence = f"{text} was {fmt(value, 'pct')} in both {_month(start)} and {_month(latest)}"
        else:
            verb = "rose" if value > first else "fell"
            sentence = (f"{text} {verb} from {fmt(first, 'pct')} in {_month(start)} to {fmt(value, 'pct')} "
                        f"in {_month(latest)}")
    elif _number(value):
        sentence = f"{text} was {fmt(value, 'pct')} in {_month(latest)}"
    elif is_suppressed(value):
        sentence = f"{text} in {_month(latest)} is {HIDDEN}"
    else:
        sentence = f"No plans were issued in {_month(latest)}"
    if h.england is not None:
        sentence += f"; England's {h.bench_year} figure{_scope(h)} was {fmt(h.england, 'pct')}"
        if h.region is not None and region:
            sentence += f" and the {region}'s {fmt(h.region, 'pct')}"
    return sentence + "."


def _year(h: Headline, ytd: Headline | None, region: str | None) -> str:
    if is_suppressed(h.value):
        s = f"For {h.period}, the share of EHC plans issued within 20 weeks (excluding exceptions) is {HIDDEN}"
    else:
        s = f"In {h.period}, {say(h.value, 'pct')} of EHC plans were issued within 20 weeks (excluding exceptions)"
        if h.published:
            s += " (the figure the DfE publishes for the council)"
    bench = _bench(h, region)
    if bench:
        s += f"; the published {h.bench_year} figures are {bench}"
    if h.target is not None:
        s += f"; the target is {h.target:g}%"
    if ytd is not None and _number(ytd.value):
        s += f". So far in {ytd.period_key} the figure is {fmt(ytd.value, 'pct')}"
    return s + "."


def _plans(maintained: Headline, growth: Headline, jan_count: object, region: str | None, as_at: dt.date) -> str:
    s = f"The council maintained {say(maintained.value, 'count')} EHC plans on {long_date(as_at)}."
    if jan_count is not None:
        s += f" At the {growth.period} snapshot there were {say(jan_count, 'count')}"
        g = growth.value
        if _number(g):
            s += f", {abs(g):.1f}% {'more' if g >= 0 else 'fewer'} than a year before"
            bench = _bench(growth, region, "signed_pct")
            if bench:
                s += f" (growth in {growth.bench_year}: {bench})"
        s += "."
    return s


def _requests(req: Headline, dec: Headline, growth: object, region: str | None) -> str:
    s = f"The council received {say(req.value, 'count')} requests for an EHC needs assessment in {req.period}"
    if _number(growth):
        s += f", {abs(growth):.1f}% {'more' if growth >= 0 else 'fewer'} than in {req.previous_period}"
    if _number(dec.value):
        s += f"; {fmt(dec.value, 'pct')} of decisions on whether to assess were made within 6 weeks"
    else:
        s += f"; the share of decisions made within 6 weeks is {HIDDEN if dec.value else 'not available'}"
    extra = [b for b in (_bench(dec, region),) if b]
    if dec.target is not None:
        extra.append(f"target {dec.target:g}%")
    return s + (f" ({'; '.join(extra)})." if extra else ".")


def _journey(refused: Headline, reviews: Headline, independent: Headline, region: str | None) -> list[str]:
    """A sentence each on refusals, annual reviews decided within 4 weeks and independent placements."""
    out = []
    if refused.value is not None:
        b = _bench(refused, region)
        out.append(f"Of the requests received in {refused.period}, {say(refused.value, 'pct')} were refused an "
                   f"assessment" + (f" ({b})." if b else "."))
    if reviews.value is not None:
        b = _bench(reviews, region)
        out.append(f"In {reviews.period}, {say(reviews.value, 'pct')} of annual review decisions were sent to the "
                   f"family within 4 weeks of the review meeting" + (f" ({b})." if b else "."))
    if independent.value is not None:
        b = _bench(independent, region)
        out.append(f"In {independent.period}, {say(independent.value, 'pct')} of children and young people with a "
                   f"plan were in independent or non-maintained schools" + (f" ({b})." if b else "."))
    return out


def _open(over: Headline, w16: object, total: object, as_at: dt.date) -> str:
    return (f"On {long_date(as_at)}, {say(total, 'count')} assessments were open: {say(over.value, 'count')} "
            f"had passed the 20-week limit and {say(w16, 'count')} more were at 16 to 20 weeks.")


def _complaints(received: Headline, on_time: Headline, compliments: object) -> str:
    if received.no_data:  # the log ends before the quarter began: no data, never "0 complaints"
        quarter = received.period_key.replace("-Q", " Q")
        return f"There is no complaints data for {quarter}: {received.no_data}."
    s = (f"In {received.period} the service received {say(received.value, 'count')} complaints and "
         f"{say(compliments, 'count')} compliments")
    if _number(on_time.value):
        s += f"; {fmt(on_time.value, 'pct')} of the complaints answered were answered on time"
    elif is_suppressed(on_time.value):
        s += f"; the share answered on time is {HIDDEN}"
    if on_time.target is not None and on_time.value is not None:
        s += f" (target {on_time.target:g}%)"
    return s + "."


def _transfers(h: Headline, row: dict) -> str:
    what = "school phase transfers" if "School" in h.measure else "transfers to post-16"
    due = long_date(dt.date.fromisoformat(h.period_key))
    s = f"Of the {say(row.get('due'), 'count')} {what} due by {due}, {say(row.get('final_on_time'), 'count')}"
    s += f" ({fmt(h.value, 'pct')})" if _number(h.value) else ""
    s += " were finalised on time"
    out = row.get("outstanding")
    if is_suppressed(out) or (_number(out) and out):
        s += f" and {say(out, 'count')} are still outstanding"
    return s + "."


def sentences(heads: list[Headline], tables: dict[str, Table], *, as_at: dt.date, region: str | None,
              open_total: object) -> list[str]:
    h = {x.key: x for x in heads}
    out = [_timeliness_month(h["timeliness_month"], tables["timeliness_by_month"], as_at, region),
           _year(h["timeliness_last_year"], h.get("timeliness_ytd"), region)]
    jan = {r["year"]: r for r in tables["plans_january"].rows}
    out.append(_plans(h["plans_maintained"], h["plans_growth"], (jan.get(as_at.year) or {}).get("count"), region,
                      as_at))
    req = {r["year"]: r for r in tables["requests_by_year"].rows}
    out.append(_requests(h["requests"], h["decisions_6_weeks"], (req.get(as_at.year - 1) or {}).get("growth_pct"),
                         region))
    out += _journey(h["refusals"], h["reviews_4_weeks"], h["independent_share"], region)
    total_row = next((r for r in tables["open_by_team"].rows if r["team"] == "Total"), {})
    out.append(_open(h["open_over_20_weeks"], total_row.get("w16"), open_total, as_at))
    quarters = tables["complaints_by_quarter"].rows
    if quarters:
        out.append(_complaints(h["complaints"], h["complaints_on_time"], quarters[-1].get("compliments")))
    transfers = {r["due_date"]: r for r in tables["transitions"].rows}
    for key in ("transfers_02-15", "transfers_03-31"):
        if key in h:
            out.append(_transfers(h[key], transfers.get(h[key].period_key, {})))
    if any(" c " in s or s.endswith(" c.") or " c)" in s for s in out):
        out.append("c: a number not shown, to protect children's privacy (see the data notes).")
    return out
