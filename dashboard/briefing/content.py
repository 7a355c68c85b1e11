"""The scrutiny briefing's content: one function turns the KPI object into a suppressed :class:`Briefing`.

Pure: reads the SPEC section 3 object (``dashboard.read.kpis``) and the settings, never the database, and
never recomputes a KPI. The object goes through the one disclosure control of every viewer-facing output
(:func:`dashboard.disclosure.kpis.protect_kpis`) before any table, headline, sentence or chart is made
from it, so the page, every export and a viewer's pages show the same, safe numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlencode

import pandas as pd

from dashboard.briefing import complaints_transfers, glossary, outlook, plans, sentences, timeliness
from dashboard.briefing.model import Briefing, Table, long_date
from dashboard.disclosure.kpis import protect_kpis
from dashboard.measures import coverage as cov
from dashboard.measures.catalogue import BY_KEY
from dashboard.measures.headlines import headlines

SECTIONS = ("Timeliness", "Plans", "Needs", "Complaints", "Transitions")


def link(*, as_at: dt.date, needs: list[str], age_bands: list[str], comparators: list[str],
         base_url: str | None = None) -> str:
    """The app address of this briefing: the briefing page with the sidebar's URL parameters."""
    params = [("need", n) for n in needs] + [("age", a) for a in age_bands] + [("as_at", as_at.isoformat())]
    params += [("cmp", c) for c in comparators]
    path = "/briefing?" + urlencode(params)
    return (base_url.rstrip("/") + path) if base_url else path


def la_name(benchmarks: pd.DataFrame, la_code: str) -> str | None:
    """The LA's published name from the benchmark frame (its latest year), or None."""
    rows = benchmarks.loc[benchmarks["area_code"].astype(str) == str(la_code), ["year", "area_name"]]
    rows = rows.dropna()
    return None if rows.empty else str(rows.sort_values("year")["area_name"].iloc[-1])


def build_briefing(k: dict, *, settings: dict, la_name: str | None = None, base_url: str | None = None,
                   chosen_comparators: Sequence[str] = ()) -> Briefing:
    """The suppressed briefing for a KPI object (the one source of the page and every export).

    ``chosen_comparators`` are the comparator LAs picked in the filters (none: the defaults), carried in
    the briefing's link with the filters and the as-at date.
    """
    threshold = int(settings["suppression_threshold"])
    as_at = dt.date.fromisoformat(k["as_at"])
    b = k.get("benchmarks") or {}
    region = (b.get("region") or {}).get("name")
    p = protect_kpis(k, threshold=threshold, protect_derived=bool(settings.get("protect_derived_counts", True)),
                     show_finance=bool(settings.get("show_finance_to_viewers", False)))
    label = region or "Region"
    sections: dict[str, list[Table]] = {
        "Timeliness": timeliness.tables(p, as_at=as_at, region=label),
        **plans.tables(p, as_at=as_at, region=label),
        **complaints_transfers.tables(p, as_at=as_at),
    }
    by_key = {t.key: t for ts in sections.values() for t in ts}
    heads = headlines(p, settings)
    open_total = (p["timeliness"].get("open_assessments") or {}).get("total")
    words = sentences.sentences(heads, by_key, as_at=as_at, region=region, open_total=open_total)
    at = len(words) - 1 if words and words[-1].startswith("c: ") else len(words)  # before the "c:" note
    words[at:at] = outlook.sentences(p)
    needs, bands = list(k["filters"]["need"]), list(k["filters"]["age_band"])
    url = link(as_at=as_at, needs=needs, age_bands=bands, comparators=[str(c) for c in chosen_comparators],
               base_url=base_url)
    briefing = Briefing(
        la_code=str(k["la_code"]), la_name=la_name, region_name=region, as_at=as_at, needs=needs, age_bands=bands,
        comparators=[f"{c.get('la_name') or c.get('la_code')}" for c in b.get("comparators") or []],
        threshold=threshold, headlines=heads, sentences=words, sections=sections, glossary=glossary.GLOSSARY,
        notes=[], link=url, extra={"open_total": open_total},
    )
    who = f"{la_name} (LA {briefing.la_code})" if la_name else f"LA {briefing.la_code}"
    briefing.notes = glossary.notes(as_at_text=long_date(as_at), la=who, filters_text=briefing.filters_text,
                                    threshold=threshold, region=region, comparators=briefing.comparators, link=url,
                                    coverage=[cov.ends_text(k, s) for s in cov.NAMES if cov.end(k, s)],
                                    not_recorded=[BY_KEY[m].label for m in k.get("not_recorded") or [] if m in BY_KEY])
    return briefing
