"""Turn pieces of the ``kpis`` object into tidy tables for charts. No Streamlit, no arithmetic of its own
beyond reshaping (cumulative sums use the engine's rounding)."""

from __future__ import annotations

import re

import pandas as pd

from dashboard.kpi.rounding import pct
from dashboard.measures.headlines import bench_label, bench_scope
from dashboard.measures.needs import NEED_NAMES

LA_LABEL = "This LA"

# a census or plans breakdown's values in words (the codes stay in the CSV download)
BREAKDOWN_WORDS: dict[str, dict] = {
    "need": {**NEED_NAMES, "NONE": "No SEN"},
    "sex": {"M": "Boys", "F": "Girls", "U": "Not known"},
    "fsm": {True: "Free school meals", False: "No free school meals"},
    "eal": {True: "English as an additional language", False: "English as a first language"},
}
BREAKDOWN_NAMES = {"need": "Primary need", "age_band": "Age band", "sex": "Sex", "fsm": "Free school meals",
                   "eal": "English as an additional language", "phase": "Phase"}
YEARS_SHOWN = 7  # yearly charts show the latest seven years (the 2014-2018 move from statements distorts growth)


def breakdown_words(by: str, values: pd.Series) -> pd.Series:
    """A breakdown's values (``by`` = need, sex, fsm, eal...) in words; values without words unchanged."""
    words = BREAKDOWN_WORDS.get(by, {})
    return values.map(lambda v: words.get(v, v) if isinstance(v, str | bool) else v)


def natural_key(value: object) -> tuple:
    """Sort key putting "CW2" before "CW10", text case-blind, and anything "not recorded" last."""
    text = str(value)
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in re.split(r"(\d+)", text) if p)
    return (text.lower() == "not recorded", parts)


def recent(values: dict, n: int = YEARS_SHOWN) -> dict:
    """The last ``n`` years of a year -> value mapping."""
    keep = sorted(values)[-n:]
    return {y: values[y] for y in keep}


def _bench(k: dict, key: str, *, comparators: bool = True) -> list[tuple[str, dict]]:
    """(label, year -> value) of each published series; in a filtered view, the label says which breakdown
    it is ("England, ages 5-10") or that it is everyone's ("England, all children")."""
    b, scope = k.get("benchmarks") or {}, bench_scope(k, key)
    out = [(bench_label("England", scope), (b.get("england") or {}).get(key) or {})]
    region = b.get("region") or {}
    if region.get("name"):
        out.append((bench_label(f"{region['name']} (region)", scope), region.get(key) or {}))
    if comparators and b.get("comparators"):
        out.append((bench_label("Comparators (mean)", "all children" if scope else ""),
                    (b.get("comparator_mean") or {}).get(key) or {}))
    return out


def published(k: dict, key: str, *, comparators: bool = True) -> list[tuple[str, dict]]:
    """(label, year -> value) of each published series of ``key``: England, the region, the comparators' mean."""
    return _bench(k, key, comparators=comparators)


def area_series(k: dict, key: str, la_values: dict[int, float | None], *, comparators: bool = True) -> pd.DataFrame:
    """Long table year / area / value: this LA (computed) beside the published benchmark series ``key``."""
    la_values = recent(la_values)
    rows = [{"year": int(y), "area": LA_LABEL, "value": v} for y, v in la_values.items()]
    years = {int(y) for y in la_values}
    for area, series in _bench(k, key, comparators=comparators):
        rows += [{"year": int(y), "area": area, "value": v} for y, v in series.items()
                 if v is not None and (not years or int(y) in years)]
    return pd.DataFrame(rows, columns=["year", "area", "value"])


def yearly(k: dict, section: str, field: str) -> dict[int, float | None]:
    """``{year: value}`` from ``k[section]["by_year"]`` rows."""
    return {r["year"]: r.get(field) for r in (k.get(section) or {}).get("by_year", [])}


def monthly_timeliness(k: dict) -> pd.DataFrame:
    """Months with plans issued and % within 20 weeks (all, excluding exceptions), long by measure."""
    rows = []
    for r in k["timeliness"]["by_month"]:
        rows.append({"month": r["month"], "series": "% within 20 weeks (excl. exceptions)", "value": r["pct_ex"],
                     "issued": r["issued"]})
        rows.append({"month": r["month"], "series": "% within 20 weeks (all plans)", "value": r["pct"],
                     "issued": r["issued"]})
    ex = dict(_bench(k, "timeliness_pct_ex", comparators=False))
    for area, series in ex.items():
        for r in k["timeliness"]["by_month"]:
            v = series.get(int(r["month"][:4]))
            if v is not None:
                rows.append({"month": r["month"], "series": f"{area} {r['month'][:4]} (excl. exceptions)",
                             "value": v, "issued": None})
    return pd.DataFrame(rows, columns=["month", "series", "value", "issued"])


def cumulative_by_year(k: dict) -> pd.DataFrame:
    """Calendar-year-to-date % within 20 weeks (excluding exceptions) month by month."""
    df = pd.DataFrame(k["timeliness"]["by_month"])
    if df.empty:
        return pd.DataFrame(columns=["year", "month_no", "pct_ex_ytd"])
    df["year"] = df["month"].str[:4]
    df["month_no"] = df["month"].str[5:7].astype(int)
    for col in ("issued_ex", "within_ex"):  # a suppressed month ("c") ends the running total (NaN)
        df[col] = pd.to_numeric(df[col], errors="coerce")
    df[["cum_issued", "cum_within"]] = df.groupby("year")[["issued_ex", "within_ex"]].transform(
        lambda s: s.cumsum(skipna=False))
    # either count suppressed ends the line: a later share must not let a hidden month be worked out
    df["pct_ex_ytd"] = [None if pd.isna(i) or pd.isna(w) else pct(int(w), int(i))
                        for w, i in zip(df["cum_within"], df["cum_issued"], strict=True)]
    return df[["year", "month_no", "month", "cum_issued", "cum_within", "pct_ex_ytd"]]


WEEKS_YEARS = 3  # the weeks-to-issue bars: the latest three years, so each year's shade can be told apart


def weeks_distribution(k: dict) -> pd.DataFrame:
    """Plans issued by weeks from request, for the latest :data:`WEEKS_YEARS` years."""
    years = k["timeliness"].get("weeks_distribution", [])[-WEEKS_YEARS:]
    rows = [{"year": str(d["year"]), "weeks": band, "plans": n} for d in years for band, n in d["bands"].items()]
    return pd.DataFrame(rows, columns=["year", "weeks", "plans"])


def counts(mapping: dict, *, label: str, value: str = "plans") -> pd.DataFrame:
    return pd.DataFrame([{label: key, value: n} for key, n in mapping.items()], columns=[label, value])


def indexed(k: dict, la_values: dict[int, float | None]) -> pd.DataFrame:
    """Plans at January as an index (first year this LA has = 100) beside England and the region."""
    la_values = recent({y: v for y, v in la_values.items() if v})
    base_year = min(la_values) if la_values else None
    rows = []
    series = [(LA_LABEL, la_values), *[(a, {int(y): v for y, v in s.items()})
                                       for a, s in _bench(k, "plans_january", comparators=False)]]
    for area, values in series:
        base = values.get(base_year)
        if not base:
            continue
        rows += [{"year": y, "area": area, "value": round(100 * v / base, 1)}
                 for y, v in sorted(values.items()) if v is not None and y >= base_year and y in la_values]
    return pd.DataFrame(rows, columns=["year", "area", "value"])


def need_shares(k: dict) -> pd.DataFrame:
    """% of plans by primary need: this LA now (computed) beside the latest published shares."""
    shares = k["ehcps"].get("by_need_pct") or {}
    rows = [{"need": n, "area": LA_LABEL, "share": v if v != "c" else None} for n, v in shares.items()]
    for area, shares in _bench(k, "need_shares"):
        rows += [{"need": n, "area": area, "share": v} for n, v in shares.items() if v is not None]
    return pd.DataFrame(rows, columns=["need", "area", "share"])


def census_vs_england(rows: pd.DataFrame) -> pd.DataFrame:
    """The LA's % EHCP and % SEN support per census year beside England's published headline figures."""
    from data_access.reference import england_census_headlines

    out = []
    for r in rows.itertuples():
        year = int(str(r.census_date)[:4])
        out += [{"year": year, "series": "This LA: EHC plan", "value": r.pct_ehcp},
                {"year": year, "series": "This LA: SEN support", "value": r.pct_sen_support}]
    years = {o["year"] for o in out}
    for e in england_census_headlines().itertuples():
        if e.year in years:
            out += [{"year": e.year, "series": "England: EHC plan", "value": e.pct_ehcp},
                    {"year": e.year, "series": "England: SEN support", "value": e.pct_sen_support}]
    return pd.DataFrame(out, columns=["year", "series", "value"])


def drop_leading_empty_years(df: pd.DataFrame, *, year: str = "year") -> pd.DataFrame:
    """``df`` without its first years that hold no data (every other cell blank or 0: e.g. 2014, before the
    first plan); a year with no data after the first one with data stays, its blanks shown as "–"."""
    if df.empty or year not in df.columns:
        return df
    values = df.drop(columns=[year]).apply(pd.to_numeric, errors="coerce")
    has_data = (values.fillna(0) != 0).any(axis=1) | df.drop(columns=[year]).isin(["c"]).any(axis=1)
    if not has_data.any():
        return df.iloc[0:0]
    first = has_data.to_numpy().argmax()
    return df.iloc[first:].reset_index(drop=True)


# the DfE headline first: % within 20 weeks excluding exceptions, then the median, then the counts behind them
TIMELINESS_COLUMNS = ["year", "pct_ex", "median_weeks", "issued_ex", "within_ex", "pct", "issued", "within"]


def timeliness_table(k: dict) -> pd.DataFrame:
    """Timeliness by calendar year for the table: the headline column first, years before any data left out."""
    df = pd.DataFrame(k["timeliness"]["by_year"])
    if df.empty:
        return df
    cols = [c for c in TIMELINESS_COLUMNS if c in df.columns]
    return drop_leading_empty_years(df[cols + [c for c in df.columns if c not in cols]])


def need_trend_table(trend: pd.DataFrame) -> pd.DataFrame:
    """% of plans by need at each January, a column per need code, years before any plan left out."""
    if trend.empty:
        return trend
    table = trend.pivot(index="year", columns="need", values="share").reset_index()
    table.columns.name = None
    return drop_leading_empty_years(table)


def census_split(split: pd.DataFrame, by: str) -> pd.DataFrame:
    """A census breakdown, long by provision, its values in words for the chart (no "No SEN" row: it has no
    pupils with an EHC plan or SEN support)."""
    if split.empty:
        return pd.DataFrame(columns=[by, "provision", "count"])
    if by == "need":
        split = split[split["need"].astype(str).str.upper() != "NONE"]
    long = split.melt(id_vars=[by], value_vars=["ehcp", "sen_support"], var_name="provision", value_name="count")
    return long.assign(**{by: breakdown_words(by, long[by])})
