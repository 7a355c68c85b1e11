"""Published DfE benchmarks: England, the LA's region, the LA itself and its comparator LAs.

Input: the benchmark frame (``source, measure, time_period, year, geographic_level, area_code,
area_name, region_code, breakdown_topic, breakdown, value``; ``value`` None/NaN = not available).
Measures are the lower-cased published column names. Output: plain Python dicts/lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dashboard.kpi import bench_series as journey
from dashboard.kpi.bench_breakdowns import ALL_CHILDREN, matched
from dashboard.kpi.records import per_frame
from dashboard.kpi.rounding import pct, round1

ENGLAND = "E92000001"
LA_LEVEL = "local authority"
NEED_CODES = ("ASD", "DS", "HI", "MLD", "MSI", "OTH", "PD", "PMLD", "SEMH", "SLCN", "SLD", "SPLD", "VI")

# block key -> (source or None, [measures tried in order, per year]); "All ..." breakdown rows.
# sen2_mi.csv (2022 release, 2014-2021) carries the older timeliness columns (the importer also stores
# them under the 2025 names) and sen2_age_caseload.csv the 2010-2022 January totals (as ehcplans);
# where sources overlap, the one running to the later year wins.
SERIES = {
    "timeliness_pct_ex": (None, ["pc_plans_issued_20_weeks_ex", "noexc20weekrate"]),
    "timeliness_pct": (None, ["pc_plans_issued_within_20_weeks", "incexc20weekrate"]),
    "plans_january": (None, ["ehcplans"]),
    "requests": (None, ["requests_received_in_year"]),
    "decided_within_6_weeks_pct": (None, ["request_outcome_six_weeks_pc"]),
}
# the statutory journey and placements (issue 12): published for every area, whole population only
ALL_SERIES = SERIES | journey.SERIES
BLOCK_KEYS = (*SERIES, "plans_growth_pct", "need_shares", *journey.SERIES, *journey.DERIVED_KEYS)
# the LA's own published counts (``la_published`` only; a mean of counts over comparators means nothing):
# a count the engine computes that equals one of these for the same year is public (see the catalogue's
# ``published`` and :mod:`dashboard.disclosure.kpis`)
COUNT_SERIES = {
    "plans_issued": (None, ["plans_issued_den"]),
    "plans_within": (None, ["plans_issued_within_20_weeks"]),
    "plans_issued_ex": (None, ["plans_issued_den_ex"]),
    "plans_within_ex": (None, ["plans_issued_20_weeks_ex"]),
    "requests_decided_6_weeks": (None, ["request_outcome_six_weeks"]),
    **journey.COUNT_SERIES,
}
COUNT_KEYS = (*COUNT_SERIES, *journey.DERIVED_COUNT_KEYS)  # with the counts computed from published ones


def growth_pct(prev: float | None, cur: float | None) -> float | None:
    """% change from ``prev`` to ``cur``, one decimal; None when either is missing or ``prev`` is 0."""
    if prev is None or cur is None or pd.isna(prev) or pd.isna(cur):
        return None
    return pct(float(cur) - float(prev), prev)


def _plain(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _all_rows(breakdown: pd.Series) -> pd.Series:
    """The whole-population rows: breakdown "All ..." (e.g. "All EHC plans issued"), "Total", blank, or
    newplans.csv's "New EHC plans" as published (the importer stores it as "All new EHC plans")."""
    b = breakdown.astype("string").str.strip().str.lower()
    whole = b.isna() | b.eq("") | b.eq("total") | b.eq("new ehc plans") | b.str.startswith("all ")
    return whole.fillna(True).astype(bool)


def _isin_lower(column: pd.Series, wanted: Iterable[str]) -> pd.Series:
    """``column.str.lower().isin(wanted)``, lower-casing only the distinct values (fast on big frames)."""
    wanted = {str(w).lower() for w in wanted}
    keep = [u for u in pd.unique(column) if isinstance(u, str) and u.lower() in wanted]
    return column.isin(keep)


# (area_code, measure) -> {source: {year: value}}: each (area, measure) looked up directly, not scanned for
Values = dict[tuple[str, str], dict[str, dict[int, float | None]]]


def _values(benchmarks: pd.DataFrame, *, measures: Iterable[str], area_codes: Iterable[str],
            breakdown: str | None = None) -> Values:
    """(area_code, measure) -> {source: {year: value}} for the wanted measures and areas, in one pass.

    Sources and measures are lower-cased; rows are the ``breakdown`` rows or, when None, the
    whole-population rows; where a year has several rows the first available value is kept.
    """
    b = _of_areas(benchmarks, area_codes)
    sel = b[_isin_lower(b["measure"], measures)]
    if breakdown is None:
        sel = sel[_all_rows(sel["breakdown"])]
    else:
        sel = sel[sel["breakdown"].astype("string").str.strip().str.lower() == breakdown.strip().lower()]
    out: Values = {}
    columns = (sel["area_code"].astype(str), sel["source"].astype("string").str.lower().fillna(""),
               sel["measure"].str.lower(), sel["year"].astype(int), pd.to_numeric(sel["value"], errors="coerce"))
    for area, source, measure, year, value in zip(*(c.tolist() for c in columns), strict=True):
        per_year = out.setdefault((area, measure), {}).setdefault(source, {})
        if per_year.get(year) is None:  # the first available value in row order
            per_year[year] = None if value != value else value  # NaN: not available
    return out


def _area_positions(benchmarks: pd.DataFrame) -> dict[object, np.ndarray]:
    """Row positions of each area code, found once per frame (the published frame has ~90,000 rows; a KPI
    object looks a dozen areas up)."""
    return per_frame(benchmarks, "area_positions",  # type: ignore[return-value]
                     lambda: benchmarks.groupby(benchmarks["area_code"], sort=False, dropna=True).indices)


def _of_areas(benchmarks: pd.DataFrame, area_codes: Iterable[str]) -> pd.DataFrame:
    """The rows of these area codes, in the frame's order (as ``area_code.isin`` would keep them)."""
    where = _area_positions(benchmarks)
    found = [where[a] for a in dict.fromkeys(str(a) for a in area_codes) if a in where]
    return benchmarks.iloc[np.sort(np.concatenate(found)) if found else np.array([], dtype=np.intp)]


def _pick(values: Values, *, area: str, measure: str, source: str | None) -> dict[int, float | None]:
    """One area's series of ``measure`` from :func:`_values`, merged over sources unless ``source``."""
    found = sorted((src, per_year) for src, per_year in values.get((area, measure), {}).items()
                   if source is None or src == source.lower())
    # the newer release wins: the source whose figures run to the later year (as load_benchmarks does)
    found.sort(key=lambda item: max(item[1], default=0), reverse=True)
    merged: dict[int, float | None] = {}
    for _, per_year in found:
        for y, v in per_year.items():
            if merged.get(y) is None:
                merged[y] = v
    return dict(sorted(merged.items()))


def series(
    benchmarks: pd.DataFrame,
    *,
    measure: str,
    area_code: str,
    breakdown: str | None = None,
    source: str | None = None,
) -> dict[int, float | None]:
    """year -> published value of ``measure`` for one area, oldest first (None = not available).

    ``breakdown`` picks rows by their breakdown (case-insensitive); when None, the whole-population
    rows ("All EHC plans", "All requests ...", "Total" or blank). ``source`` (file stem, e.g.
    "caseload") narrows to one file where several publish the same column name. Where several sources
    give a year, the one whose figures run to the later year (the newer release) wins; within a
    source, the first available value.
    """
    values = _values(benchmarks, measures=[measure], area_codes=[area_code], breakdown=breakdown)
    return _pick(values, area=str(area_code), measure=measure.lower(), source=source)


def _latest_la_rows(benchmarks: pd.DataFrame) -> pd.DataFrame:
    """One row per LA code (its latest year): area_code, area_name, region_code, year (found once per frame:
    the benchmark block and the statistical neighbours both ask)."""
    return per_frame(benchmarks, "latest_la_rows", lambda: _find_latest_la_rows(benchmarks)).copy(deep=False)  # type: ignore[attr-defined]


def _find_latest_la_rows(benchmarks: pd.DataFrame) -> pd.DataFrame:
    """Works on row positions and integer codes: taking 1.6 million string rows of the full published
    frame just to keep 158 of them costs seconds."""
    b = benchmarks
    pos = np.flatnonzero(_isin_lower(b["geographic_level"], [LA_LEVEL]).to_numpy())
    cols = ["area_code", "area_name", "region_code", "year"]
    if len(pos) == 0:
        return b[cols].iloc[0:0]
    codes, _ = pd.factorize(b["area_code"].to_numpy()[pos])
    years = pd.to_numeric(b["year"]).to_numpy()[pos]
    best = pd.Series(years).groupby(codes).idxmax().to_numpy()
    return b[cols].iloc[pos[best]].sort_values("year", kind="stable")


def _region(benchmarks: pd.DataFrame, la_rows: pd.DataFrame, la_code: str) -> tuple[str, str] | None:
    hit = la_rows[la_rows["area_code"].astype(str) == str(la_code)]
    if hit.empty or pd.isna(hit["region_code"].iloc[0]) or not str(hit["region_code"].iloc[0]).strip():
        return None
    code = str(hit["region_code"].iloc[0])
    regions = _of_areas(benchmarks, [code])[["year", "area_name"]]
    name = str(regions.sort_values("year")["area_name"].iloc[-1]) if not regions.empty else code
    return code, name


def _restrict(values: dict[int, float | None], years: list[int]) -> dict[int, float | None]:
    return {y: v for y, v in values.items() if not years or y in years}


_NEED_MEASURES = {f"{code.lower()}_pc": code for code in (*NEED_CODES, "UNKNOWN")}


def _needs_from(values: dict, area: str, years: list[int]) -> dict[str, float]:
    by_need = {
        code: {y: v for y, v in _restrict(_pick(values, area=area, measure=measure,
                                                source="sen_needs_all_plans"), years).items()
               if v is not None}
        for measure, code in _NEED_MEASURES.items()
    }
    present = [y for per_year in by_need.values() for y in per_year]
    if not present:
        return {}
    latest = max(present)
    return {code: per_year[latest] for code, per_year in by_need.items() if latest in per_year}


def need_shares(benchmarks: pd.DataFrame, *, area_code: str, years: Iterable[int] = ()) -> dict[str, float]:
    """Primary need shares (%) of all EHC plans in the latest year available (within ``years``).

    From sen_needs_all_plans.csv's ``<need>_pc`` columns; keys are upper-case need codes and
    "UNKNOWN". Needs not published for that year (e.g. DS before 2025) are left out.
    """
    values = _values(benchmarks, measures=_NEED_MEASURES, area_codes=[area_code])
    return _needs_from(values, str(area_code), list(years))


def block_measures() -> list[str]:
    return sorted({m for _, measures in (*ALL_SERIES.values(), *COUNT_SERIES.values()) for m in measures}
                  | set(_NEED_MEASURES) | set(journey.measures()))


def _area_block(values: dict, area: str, years: list[int], *, counts: bool = False) -> dict:
    out: dict = {}
    for key, (source, measures) in (ALL_SERIES | COUNT_SERIES if counts else ALL_SERIES).items():
        merged: dict[int, float | None] = {}
        for measure in measures:
            for y, v in _pick(values, area=area, measure=measure, source=source).items():
                if merged.get(y) is None:
                    merged[y] = v
        out[key] = dict(sorted(merged.items()))
    plans = out["plans_january"]
    out["plans_growth_pct"] = {y: growth_pct(plans.get(y - 1), v) for y, v in plans.items() if (y - 1) in plans}
    out |= journey.derived(lambda source, measure: _pick(values, area=area, measure=measure, source=source),
                           counts=counts)
    out = {k: _restrict(v, years) for k, v in out.items()}
    out["need_shares"] = _needs_from(values, area, years)
    return {k: out[k] for k in (*BLOCK_KEYS, *(COUNT_KEYS if counts else ()))}


def _mean_block(blocks: list[dict]) -> dict:
    """Per key and year (or need), the mean over the comparators that have a value, one decimal.

    One frame for every (key, year) column: a frame per key cost ~40 frames a KPI object."""
    frame = pd.DataFrame([{(key, k): v for key in BLOCK_KEYS for k, v in b[key].items()} for b in blocks],
                         dtype="float64")
    means = frame.mean(skipna=True) if not frame.empty else pd.Series(dtype="float64")
    by_key: dict[str, dict] = {key: {} for key in BLOCK_KEYS}
    for (key, k), v in means.items():
        by_key[key][k if key == "need_shares" else int(k)] = v
    return {key: {k: round1(v) for k, v in sorted(cells.items())} for key, cells in by_key.items()}


def _filtered(block: dict, breakdowns: pd.DataFrame | None, area: str, needs: list[str],
              bands: list[str], years: list[int]) -> tuple[dict, dict[str, str]]:
    """``block`` with the series the DfE publishes for the filtered breakdown swapped in, and the scope of
    each series ("ages 5-10", or "all children" where there is no such breakdown); unchanged, with no
    scopes, for an unfiltered view."""
    if not (needs or bands):
        return block, {}
    found = matched(breakdowns, area=area, needs=needs, age_bands=bands) if breakdowns is not None else {}
    out, scope = dict(block), {}
    for key in (*SERIES, "plans_growth_pct"):
        if key in found:
            series, scope[key] = found[key]
            out[key] = _restrict(series, years)
        else:
            scope[key] = ALL_CHILDREN
    for key in (*journey.SERIES, *journey.DERIVED_KEYS, "need_shares"):  # published for all children only
        scope[key] = ALL_CHILDREN
    return out, scope


def benchmark_block(
    benchmarks: pd.DataFrame, *, la_code: str, comparators: list[str], years: list[int],
    needs: Iterable[str] = (), age_bands: Iterable[str] = (), breakdowns: pd.DataFrame | None = None,
) -> dict:
    """National, regional, the LA's own published and comparator figures, restricted to ``years``.

    ``{"england": S, "region": {"code", "name", **S}, "la_published": S, "comparators": [{"la_code",
    "la_name", **S}], "comparator_mean": S}`` where S holds year -> value series for
    timeliness_pct_ex, timeliness_pct, plans_january, plans_growth_pct, requests and
    decided_within_6_weeks_pct, plus ``need_shares`` (need -> % in the latest year), and the statutory
    journey's and placements' series (:mod:`dashboard.kpi.bench_series`: request outcomes, assessments,
    annual reviews, ceased plans, placements and new plans by setting group, the tribunal appeal rate),
    which are for all children only (their ``scope`` is "all children" in a filtered view). For a view filtered
    by need or age band, England's and the region's series are the DfE's matching breakdown where it
    publishes one (:mod:`dashboard.kpi.bench_breakdowns`), and ``scope`` says for each series which
    breakdown it is ("ages 5-10") or "all children"; comparators and the LA's own figures are always for
    all children. ``scope`` is empty for an unfiltered view. ``la_published``
    also holds the LA's published counts (:data:`COUNT_SERIES`, and :data:`COUNT_KEYS`' computed ones). Every key is
    always present (empty dicts when there is no data; None values where the DfE shows x/c/z/low).
    The comparator mean averages, year by year (need by need), only the comparators with a value (one
    decimal), and is None where none has one; its plans_growth_pct is the mean of their growth rates. ``years`` empty = every published year.
    """
    return filtered_block(unfiltered_block(benchmarks, la_code=la_code, comparators=comparators, years=years),
                          breakdowns=breakdowns, needs=needs, age_bands=age_bands, years=years)


def unfiltered_block(benchmarks: pd.DataFrame, *, la_code: str, comparators: list[str], years: list[int]) -> dict:
    """:func:`benchmark_block` for all children: what no need or age-band filter changes (the app keeps it)."""
    la_code, years = str(la_code), list(years)
    codes = [str(c) for c in comparators]
    la_rows = _latest_la_rows(benchmarks)
    region = _region(benchmarks, la_rows, la_code)
    areas = [ENGLAND, la_code, *codes, *([region[0]] if region else [])]
    values = _values(benchmarks, measures=block_measures(), area_codes=areas)
    names = dict(zip(la_rows["area_code"].astype(str), la_rows["area_name"], strict=True))
    comparator_blocks = [
        {"la_code": code, "la_name": names.get(code), **_area_block(values, code, years)} for code in codes
    ]
    return {
        "england": _area_block(values, ENGLAND, years),
        "region": {"code": region[0] if region else None, "name": region[1] if region else None,
                   **_area_block(values, region[0] if region else "", years)},
        "scope": {},
        "la_published": _area_block(values, la_code, years, counts=True),
        "comparators": comparator_blocks,
        "comparator_mean": _mean_block(comparator_blocks),
    }


def filtered_block(block: dict, *, breakdowns: pd.DataFrame | None, needs: Iterable[str], age_bands: Iterable[str],
                   years: list[int]) -> dict:
    """An :func:`unfiltered_block` (not changed) with England's and the region's series for the filters and
    their ``scope`` (:func:`benchmark_block`)."""
    needs, bands, years = [str(n) for n in needs], [str(b) for b in age_bands], list(years)
    region = block["region"]
    england, scope = _filtered(block["england"], breakdowns, ENGLAND, needs, bands, years)
    regional, _ = _filtered({k: v for k, v in region.items() if k not in ("code", "name")}, breakdowns,
                            region["code"] or "", needs, bands, years)
    return {**block, "england": england, "region": {"code": region["code"], "name": region["name"], **regional},
            "scope": scope}


def la_name(benchmarks: pd.DataFrame, la_code: str) -> str | None:
    """The LA's published name from the benchmark frame (its latest year), or None."""
    rows = benchmarks.loc[benchmarks["area_code"].astype(str) == str(la_code), ["year", "area_name"]].dropna()
    return None if rows.empty else str(rows.sort_values("year")["area_name"].iloc[-1])


def name_key(name: object) -> str:
    """An LA name reduced for matching: case, punctuation, "City of"/"County" and "Borough" ignored.

    "St. Helens" = "St Helens"; "Bristol, City of" = "Bristol"; "County Durham" = "Durham";
    "Bedford Borough" = "Bedford"; "Herefordshire, County of" = "Herefordshire".
    """
    s = str(name).lower().replace("&", " and ").strip()
    s = re.sub(r",\s*(city|county) of$", "", s)
    s = re.sub(r"^county\s+", "", s)
    s = re.sub(r"\s+borough$", "", s)
    return re.sub(r"[^a-z0-9]", "", s)


def statistical_neighbours(neighbours_df: pd.DataFrame, bench: pd.DataFrame, *, la_code: str) -> list[str]:
    """The LA's statistical neighbours as LA codes, in rank order.

    ``neighbours_df`` has ``la_name, rank, neighbour_la_name`` (any column case); names are mapped to
    codes through the benchmark frame's LA rows (the latest name for each code, matched with
    :func:`name_key`). Neighbours whose name matches no published LA are left out.
    """
    la = _latest_la_rows(bench)
    own = la.loc[la["area_code"].astype(str) == str(la_code), "area_name"]
    if own.empty:
        return []
    keys = la.assign(key=la["area_name"].map(name_key)).sort_values("year", kind="stable")
    code_of = dict(zip(keys["key"], keys["area_code"].astype(str), strict=True))  # latest year wins
    n = neighbours_df.rename(columns=lambda c: str(c).strip().lower())
    names = pd.unique(n["la_name"])  # each LA's name is there once for each of its ten neighbours
    ours = {name for name in names if name_key(name) == name_key(own.iloc[0])}
    mine = n[n["la_name"].isin(ours)]
    mine = mine.assign(rank=pd.to_numeric(mine["rank"], errors="coerce")).sort_values("rank")
    codes = [code_of.get(name_key(name)) for name in mine["neighbour_la_name"]]
    return [c for c in codes if c is not None and c != str(la_code)]
