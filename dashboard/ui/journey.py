"""Tidy tables for the statutory-journey pages (requests and assessments, annual reviews, placements,
ceased plans): pieces of the ``kpis`` object reshaped for charts, codes in words. No Streamlit, no
arithmetic beyond reshaping; a suppressed ``"c"`` passes through (charts leave it out)."""

from __future__ import annotations

import pandas as pd

from dashboard.measures.categories import CEASE_NAMES, GROUP_NAMES, SOURCE_NAMES
from dashboard.ui.tidy import LA_LABEL, YEARS_SHOWN, published

GROUP_WORDS: dict[str, str] = GROUP_NAMES
GROUPS = tuple(GROUP_WORDS)
CEASE_WORDS: dict[str, str] = CEASE_NAMES
SOURCE_WORDS: dict[str, str] = SOURCE_NAMES
OUTCOME_WORDS = {"assess": "Decided to assess", "not_assess": "Decided not to assess", "withdrawn": "Withdrawn",
                 "not_decided": "Waiting for a decision"}
REVIEW_WORDS = {"A": "Amend the plan", "C": "Cease the plan", "M": "Maintain the plan"}


def rows(k: dict, section: str, key: str = "by_year") -> list[dict]:
    """``k[section][key]``, the latest seven years, or [] when the section is absent."""
    return list((k.get(section) or {}).get(key) or [])[-YEARS_SHOWN:]


def years(k: dict, section: str) -> list[int]:
    return [r["year"] for r in rows(k, section)]


def funnel(k: dict, year: int) -> pd.DataFrame:
    """The journey of the requests received in ``year``: stage / requests, in the order a request moves."""
    row = next((r for r in rows(k, "requests") if r["year"] == year), None)
    if row is None:
        return pd.DataFrame(columns=["stage", "requests"])
    stages = [("Requests received", "received"), ("Decided to assess", "assess"),
              ("Plan issued", "plan_issued"), ("Decided not to assess", "not_assess"),
              ("Withdrawn", "withdrawn"), ("Waiting for a decision", "not_decided"),
              ("Assessed, no plan", "no_plan"), ("Assessment withdrawn", "assessment_withdrawn"),
              ("Still being assessed", "assessing")]
    return pd.DataFrame([{"stage": label, "requests": row.get(key)} for label, key in stages if key in row])


def long(k: dict, section: str, fields: dict[str, str], *, name: str = "outcome", value: str = "requests",
         nested: str | None = None) -> pd.DataFrame:
    """Year / ``name`` / ``value`` from each year's row: ``fields`` maps a field (or, with ``nested``, a key of
    the row's ``nested`` dict) to its words."""
    out = []
    for r in rows(k, section):
        source = r.get(nested) or {} if nested else r
        out += [{"year": r["year"], name: words, value: source.get(key)} for key, words in fields.items()
                if key in source]
    return pd.DataFrame(out, columns=["year", name, value])


def area_shares(k: dict, la_row: dict | None, *, key_of: str = "placements_{}_pct", total: str = "total",
                year: int | None = None) -> pd.DataFrame:
    """Group / area / share of plans (%): this LA (from its counts) beside each published area's shares."""
    out = []
    if la_row:
        whole = la_row.get(total)
        for g in GROUPS:
            n = la_row.get(g)
            share = round(100 * n / whole, 1) if isinstance(n, int | float) and isinstance(whole, int | float) and whole else None
            out.append({"group": GROUP_WORDS[g], "area": LA_LABEL, "share": share})
    for g in GROUPS:
        for area, series in published(k, key_of.format(g), comparators=False):
            if series:
                y = year if year in series else max(series)
                out.append({"group": GROUP_WORDS[g], "area": f"{area}, {y}", "share": series.get(y)})
    return pd.DataFrame(out, columns=["group", "area", "share"])


def latest(k: dict, section: str, key: str) -> dict | None:
    """The last row of ``k[section][key]`` (a year or January), or None."""
    found = (k.get(section) or {}).get(key) or []
    return found[-1] if found else None


def latest_published(k: dict, section: str, key: str) -> dict | None:
    """The last year row of ``k[section]`` for which England's ``key`` is published, else the last row: a
    comparison with England is made on a year DfE has published."""
    england = ((k.get("benchmarks") or {}).get("england") or {}).get(key) or {}
    years = {int(y) for y, v in england.items() if v is not None}
    found = [r for r in rows(k, section) if r["year"] in years]
    return found[-1] if found else latest(k, section, "by_year")


def by_words(mapping: dict | None, words: dict[str, str], *, label: str, value: str) -> pd.DataFrame:
    """A ``{code: count}`` dict as label / value rows, codes in words, in the words' order."""
    mapping = mapping or {}
    return pd.DataFrame([{label: w, value: mapping.get(c)} for c, w in words.items() if c in mapping],
                        columns=[label, value])


def with_la_published(k: dict, key: str) -> pd.DataFrame:
    """Year / area / value of a figure the DfE publishes for every LA (e.g. the tribunal appeal rate) that the
    records cannot give: this LA's published series beside England, the region and the comparators."""
    mine = ((k.get("benchmarks") or {}).get("la_published") or {}).get(key) or {}
    out = [{"year": int(y), "area": f"{LA_LABEL} (published by DfE)", "value": v} for y, v in mine.items()]
    for area, series in published(k, key):
        out += [{"year": int(y), "area": area, "value": v} for y, v in series.items() if v is not None]
    df = pd.DataFrame(out, columns=["year", "area", "value"])
    keep = sorted(set(df["year"]))[-YEARS_SHOWN:]
    return df[df["year"].isin(keep)].reset_index(drop=True)


def reason_shares(k: dict, row: dict) -> pd.DataFrame:
    """Reason / area / share of plans ceased (%): this LA's year beside the published shares for that year."""
    out = []
    counts, total = row.get("by_reason") or {}, row.get("total")
    for code, words in CEASE_WORDS.items():
        n = counts.get(code)
        if isinstance(n, int | float) and isinstance(total, int | float) and total:
            out.append({"reason": words, "area": LA_LABEL, "share": round(100 * n / total, 1)})
        if code == "unknown":
            continue
        for area, series in published(k, f"ceased_reason_{code}_pct", comparators=False):
            value = series.get(row["year"]) if series else None
            if value is not None:
                out.append({"reason": words, "area": area, "share": value})
    return pd.DataFrame(out, columns=["reason", "area", "share"])


OVERDUE_COLUMNS = {"team": "Team", "caseworker": "Caseworker", "request_ref": "Request", "person_ref": "Child",
                   "plan_start_date": "Plan started", "last_review": "Latest review", "days_overdue": "Days overdue"}


def overdue_table(k: dict, *, team: str | None = None, caseworker: str | None = None) -> pd.DataFrame:
    """The leads' overdue-reviews list by team and caseworker (most overdue first within each), narrowed to one
    team or caseworker when given; a blank team or caseworker reads 'not recorded'."""
    listed = pd.DataFrame((k.get("reviews") or {}).get("overdue_list") or [], columns=list(OVERDUE_COLUMNS))
    for col in ("team", "caseworker"):
        listed[col] = listed[col].fillna("not recorded")
    if team:
        listed = listed.loc[listed["team"] == team]
    if caseworker:
        listed = listed.loc[listed["caseworker"] == caseworker]
    listed = listed.sort_values(["team", "caseworker", "days_overdue"], ascending=[True, True, False], kind="stable")
    return listed.rename(columns=OVERDUE_COLUMNS).reset_index(drop=True)


def by_school(k: dict, names: dict[str, str]) -> pd.DataFrame:
    """The leads' children-by-school table: URN, the school's name from the establishments list, the total and
    each setting group, largest first."""
    schools = pd.DataFrame((k.get("placements") or {}).get("by_school") or [], columns=["urn", "total", *GROUPS])
    schools.insert(1, "school", schools["urn"].map(names).fillna("not in the establishments list"))
    schools = schools.sort_values(["total", "urn"], ascending=[False, True], kind="stable")
    return schools.rename(columns={"urn": "URN", "school": "School", "total": "Plans", **GROUP_WORDS})


def ceased_table(k: dict) -> pd.DataFrame:
    """Plans ceased each year: the total and the count for each reason."""
    out = [{"Year": r["year"], "Plans ceased": r.get("total"),
            **{words: (r.get("by_reason") or {}).get(code) for code, words in CEASE_WORDS.items()}}
           for r in rows(k, "ceased")]
    return pd.DataFrame(out)
