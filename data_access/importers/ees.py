"""DfE Explore Education Statistics (EES) CSVs -> the long ``benchmark`` table (SPEC 1.5).

One row per area x time period x breakdown x measure. Column names are matched case-insensitively
(they change case between releases); ``x``, ``c``, ``z``, ``low`` and blanks are "not available"
(None, never 0). Only National, Regional and Local authority rows and the measures the dashboard uses
are kept. The 2014-2021 ``sen2_mi`` timeliness and the 2010-2022 ``sen2_age_caseload`` totals are also
stored under the 2025-release measure names, so one series runs across both releases. newplans.csv's
whole-population rows ("New EHC plans") are stored as "All new EHC plans", like every other file's "All ...".
The SEND Tribunal supporting file is read by :mod:`data_access.importers.ees_tribunals`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data_access.importers.base import Rejection

NOT_AVAILABLE = ("x", "c", "z", "low", "u", ":", "..", "")
LEVELS = {"national": "National", "regional": "Regional", "local authority": "Local authority"}
ENGLAND = "E92000001"
ALL_ISSUED = "All EHC plans issued"
ALL_PLANS = "All EHC plans"
ALL_NEW = "All new EHC plans"  # newplans.csv publishes its whole-population rows as "New EHC plans"
COLUMNS = ["source", "release", "measure", "time_period", "year", "geographic_level", "area_code", "area_name",
           "region_code", "breakdown_topic", "breakdown", "value"]
MAX_TEXT = 100
MAX_CODE = 10  # area and region codes (E92000001, E12000002)
MAX_MEASURE = 60  # a published measure column's name
# Breakdowns kept besides the "All ..." rows: the dashboard's own dimensions (age and sex). Ethnicity,
# age when the plan started, years in place and type of placement would more than double the table.
KEEP_TOPICS = ("child or young persons age", "sex")
_NEW_TOPICS: tuple[str, ...] = ()  # the files new in issue 12: their "All" rows only (by age, sex would add 200k rows)
_BANDS = tuple(f"{pc}plans_issued_{band}{ex}" for band in ("gt20weeks_ltyear", "gt_1_year")
               for pc in ("", "pc_") for ex in ("", "_ex"))
_REQUESTS_NEW = ("requests_decision_not_made", "requests_withdrawn", "request_assess_pc", "request_not_assess_pc",
                 "request_outstanding_pc", "request_withdrawn_pc", "mediation_related_request",
                 "tribunal_related_request", "tribunal_after_mediation_request", "requests_rya")
_SETTINGS = ("mainstream_independent", "special_independent", "special_non_maintained", "ed_elsewhere",
             "nm_early_years", "placement_unknown")


@dataclass(frozen=True)
class Source:
    signature: tuple[str, ...]  # lower-case columns that identify the file
    measures: tuple[str, ...] = ()  # lower-case measure columns kept
    patterns: tuple[str, ...] = ()  # regexes for further measure columns kept
    # published measure -> also stored as (measure, rows where characteristic_age is this, or None for all)
    aliases: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    breakdown: str | None = None  # for files without breakdown columns
    label: str = ""
    topics: tuple[str, ...] = KEEP_TOPICS  # breakdown topics kept besides the "All ..." rows
    all_only: tuple[str, ...] = ()  # measures kept on the "All ..." rows only (not by age or sex)


SOURCES: dict[str, Source] = {
    "timeliness_20_week": Source(
        ("plans_issued_den_ex",),
        ("plans_issued_den", "plans_issued_den_ex", "plans_issued_within_20_weeks", "plans_issued_20_weeks_ex",
         "pc_plans_issued_within_20_weeks", "pc_plans_issued_20_weeks_ex", *_BANDS),
        label="EHC plans issued within 20 weeks", all_only=_BANDS),
    "caseload": Source(
        ("ehcplans",), ("ehcplans", *_SETTINGS), (r".+_total", r".+_pc"), label="EHC plans at January by setting",
        all_only=_SETTINGS[:3]),
    "sen_needs_all_plans": Source(
        ("ehc_plans", "number_asd"), ("ehc_plans",), (r"number_.+", r".+_pc"),
        label="EHC plans at January by primary need"),
    "requests": Source(
        ("requests_received_in_year",),
        ("requests_received_in_year", "request_outcome_six_weeks", "request_outcome_over_6_weeks",
         "request_outcome_six_weeks_pc", "requests_decided_to_assess", "requests_decided_not_to_assess",
         *_REQUESTS_NEW),
        label="requests for EHC needs assessment", all_only=_REQUESTS_NEW),
    "assessments": Source(
        ("assess_in_year",),
        ("assess_in_year", "assess_issued", "assess_not_issued", "assess_withdrawn", "assess_not_made",
         "assess_issued_pc", "assess_not_issued_pc", "assess_withdrawn_pc", "assess_not_made_pc",
         "outcome_decision_within_time", "outcome_decision_over_time", "outcome_decision_within_time_pc",
         "outcome_decision_over_time_pc", "number_assess_mediation", "number_assess_tribunal",
         "number_asssess_mediation_tribunal"),
        label="EHC needs assessments completed", topics=_NEW_TOPICS),
    "annual_reviews": Source(
        ("review_expected", "total_review_meeting"),
        ("total_ehc_plans", "review_expected", "review_not_expected", "review_meeting_25", "review_meeting_24",
         "total_review_meeting", "no_review_meeting", "review_decision25", "review_decision24",
         "review_decision_prior24", "review_decision_not_due", "review_decision_outstanding", "outcome_amend",
         "outcome_cease", "outcome_maintan", "no_outcome", "number_decsion_4weeks", "number_decision_gt_4weeks",
         "pc_decsion_4weeks", "pc_decision_gt_4weeks"),
        label="annual reviews of EHC plans", topics=_NEW_TOPICS),
    "ceased_plans": Source(
        ("total_ceased",), ("max_age", "needs_met", "he", "employ", "transfer", "no_engage", "moved_outside_eng",
                            "deceased", "not_rec", "other", "total_ceased"),
        label="EHC plans ceased by reason", topics=_NEW_TOPICS),
    "newplans": Source(
        ("new_ehc_plans",), ("new_ehc_plans", *_SETTINGS), (r".+_total", r".+_pc"),
        label="new EHC plans by setting", topics=_NEW_TOPICS),
    "sen2_mi": Source(
        ("totnoexcehc", "noexc20weekrate"),
        ("totincexcehc", "incexc20weekehc", "incexc20weekrate", "totnoexcehc", "noexc20weekehc", "noexc20weekrate"),
        aliases={
            "totincexcehc": ("plans_issued_den", None),
            "incexc20weekehc": ("plans_issued_within_20_weeks", None),
            "incexc20weekrate": ("pc_plans_issued_within_20_weeks", None),
            "totnoexcehc": ("plans_issued_den_ex", None),
            "noexc20weekehc": ("plans_issued_20_weeks_ex", None),
            "noexc20weekrate": ("pc_plans_issued_20_weeks_ex", None),
        },
        breakdown=ALL_ISSUED, label="SEN2 2014-2021 timeliness"),
    "sen2_age_caseload": Source(
        ("total_ehc", "characteristic_age"), ("total_ehc",), aliases={"total_ehc": ("ehcplans", "Total")},
        label="EHC plans at January 2010-2022 by age"),
}


def source_name(file_name: str) -> str:
    """'timeliness_20_week (1).csv' -> 'timeliness_20_week'."""
    stem = re.sub(r"\.(csv|xlsx|gz|zip)$", "", file_name.strip().lower())
    stem = re.sub(r"\.(csv|xlsx)$", "", stem)
    stem = re.sub(r"\s*\(\d+\)$", "", stem)
    return re.sub(r"[\s\-]+", "_", stem)


def identify(file_name: str, columns: list[str]) -> str | None:
    """Which known source a table is: by its name when that is a known file, else by its columns."""
    lower = {c.strip().lower() for c in columns}
    stem = source_name(file_name)
    if stem in SOURCES:
        return stem
    for name, src in SOURCES.items():
        if set(src.signature) <= lower:
            return name
    return None


def _text(df: pd.DataFrame, lower: dict[str, str], name: str, *, code: bool = False) -> np.ndarray:
    """A column as an object array of stripped strings, None for blanks (vectorised)."""
    if name not in lower:
        return np.full(len(df), None, dtype=object)
    s = df[lower[name]].astype("str").str.strip()
    if code:  # a code read from Excel as a number: 351.0 -> 351
        s = s.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    return s.where(s != "").to_numpy(dtype=object, na_value=None)


def _arrow(values: np.ndarray) -> pd.Series:
    """An object array of str/None as Arrow strings, so ``.str`` methods run vectorised, not per element."""
    return pd.Series(values, dtype="str")


def kept_topic(topic: np.ndarray, topics: tuple[str, ...] = KEEP_TOPICS) -> np.ndarray:
    """The "All ..." rows (and newplans' "New EHC plans") and the kept breakdown topics."""
    low = _arrow(topic).str.lower()
    whole = low.str.startswith("all ").fillna(False) | low.eq("new ehc plans").fillna(False)
    return (whole | low.isin(topics)).to_numpy(dtype=bool)


def to_long(df: pd.DataFrame, source: str, file_name: str, release: str | None
            ) -> tuple[pd.DataFrame, list[Rejection], int]:
    """The kept rows and measures of one EES table in long form, its rejections and rejected row count."""
    src = SOURCES[source]
    lower = {str(c).strip().lower(): c for c in df.columns}
    rows = np.arange(len(df)) + int(df.attrs.get("first_row", 2))
    rejections: list[Rejection] = []
    bad = np.zeros(len(df), dtype=bool)

    def reject(mask: np.ndarray, column: str, reason: str) -> None:
        mask = mask & ~bad
        rejections.extend(Rejection(int(r), column, f"{file_name}: {reason}") for r in rows[mask][:1000])
        bad[mask] = True

    level = _arrow(_text(df, lower, "geographic_level")).str.lower().map(LEVELS)
    level = level.to_numpy(dtype=object, na_value=None)
    if src.breakdown:
        topic = breakdown = np.full(len(df), src.breakdown, dtype=object)
    elif "characteristic_age" in lower:
        breakdown = _text(df, lower, "characteristic_age")
        total = breakdown == "Total"
        topic = np.where(total, ALL_PLANS, "Child or young persons age").astype(object)
        breakdown = np.where(total, ALL_PLANS, breakdown).astype(object)
    else:
        topic, breakdown = _text(df, lower, "breakdown_topic"), _text(df, lower, "breakdown")
        whole = _arrow(topic).str.lower().eq("new ehc plans").fillna(False).to_numpy(dtype=bool)
        if whole.any():  # newplans.csv's whole-population rows: named like every other file's
            topic = np.where(whole, ALL_NEW, topic).astype(object)
            breakdown = np.where(whole, ALL_NEW, breakdown).astype(object)
    keep = (level != None) & (kept_topic(topic, src.topics) | (topic == None))  # noqa: E711 - elementwise
    tp = _text(df, lower, "time_period", code=True)
    tp_s = _arrow(tp)
    tp_ok = tp_s.str.fullmatch(r"\d{4}(\d{2})?").fillna(False).to_numpy(dtype=bool)
    reject(keep & ~tp_ok, "time_period", "'time_period' is not a year such as 2024 or 202425")
    year = np.where(tp_ok, pd.to_numeric(tp_s.str.slice(0, 4), errors="coerce").fillna(0), 0).astype(int)
    year += tp_ok & (tp_s.str.len().fillna(0) == 6).to_numpy(dtype=bool)

    is_nat, is_reg = level == "National", level == "Regional"
    region = _text(df, lower, "region_code")
    la = _text(df, lower, "old_la_code", code=True)
    country = _text(df, lower, "country_code")
    area = np.where(is_nat, np.where(country == None, ENGLAND, country), np.where(is_reg, region, la))  # noqa: E711
    names = np.where(is_nat, "England", np.where(is_reg, _text(df, lower, "region_name"), _text(df, lower, "la_name")))
    la_ok = _arrow(la).str.fullmatch(r"\d{3}").fillna(False).to_numpy(dtype=bool)
    reject(keep & (level == "Local authority") & ~la_ok, "old_la_code", "an LA row has no 3-digit 'old_la_code'")
    reject(keep & (area == None), "region_code", "a regional row has no 'region_code'")  # noqa: E711
    for label, arr in (("country_code", area), ("region_code", region)):
        too_long = _arrow(arr).str.len().fillna(0).to_numpy() > MAX_CODE
        reject(keep & too_long, label, f"'{label}' is longer than {MAX_CODE} characters")
    for label, arr in (("breakdown_topic", topic), ("breakdown", breakdown), ("la_name", names)):
        reject(keep & (arr == None), label, f"'{label}' is empty")  # noqa: E711
        too_long = _arrow(arr).str.len().fillna(0).to_numpy() > MAX_TEXT
        reject(keep & too_long, label, f"'{label}' is longer than {MAX_TEXT} characters")

    measures = [m for m in lower if m in src.measures
                or (len(m) <= MAX_MEASURE and any(re.fullmatch(p, m) for p in src.patterns))]
    sub = df.iloc[np.flatnonzero(keep), [df.columns.get_loc(lower[m]) for m in measures]]
    n, m = sub.shape
    text = pd.Series(sub.to_numpy(dtype=object).ravel(), dtype="str").str.strip().str.lower().fillna("")
    missing = text.isin(NOT_AVAILABLE).to_numpy()
    values = pd.to_numeric(text.where(~missing).str.replace(",", "", regex=False), errors="coerce").to_numpy(float)
    cell_bad = (~missing & np.isnan(values)).reshape(n, m)
    kept_pos = np.flatnonzero(keep)
    for j, meas in enumerate(measures):
        mask = np.zeros(len(df), dtype=bool)
        mask[kept_pos[cell_bad[:, j]]] = True
        reject(mask, meas, f"'{meas}' is not a number or x, c, z, low")
    ok_in_sub = ~bad[kept_pos]
    idx = kept_pos[ok_in_sub]
    vals = values.reshape(n, m)[ok_in_sub]

    ids = {"time_period": tp[idx], "year": year[idx], "geographic_level": level[idx], "area_code": area[idx],
           "area_name": names[idx], "region_code": region[idx], "breakdown_topic": topic[idx],
           "breakdown": breakdown[idx]}
    parts = [{"measure": np.tile(np.array(measures, dtype=object), len(idx)),
              **{k: np.repeat(v, m) for k, v in ids.items()}, "value": vals.ravel()}]
    if src.all_only and m:  # these measures only on the whole-population rows
        broken = np.repeat(~kept_topic(topic[idx], ()) & (topic[idx] != None), m)  # noqa: E711 - elementwise
        drop = broken & np.tile(np.isin(np.array(measures, dtype=object), src.all_only), len(idx))
        parts[0] = {k: v[~drop] for k, v in parts[0].items()}
    char_age = _text(df, lower, "characteristic_age")[idx]
    for published, (alias, only) in src.aliases.items():
        if published in measures:
            sel = np.ones(len(idx), dtype=bool) if only is None else (char_age == only)
            parts.append({"measure": np.full(int(sel.sum()), alias, dtype=object),
                          **{k: v[sel] for k, v in ids.items()}, "value": vals[sel, measures.index(published)]})
    cols = {c: np.concatenate([p[c] for p in parts]) for c in parts[0]}
    size = len(cols["measure"])
    cols["source"] = np.full(size, source, dtype=object)
    cols["release"] = np.full(size, release, dtype=object)
    out = pd.DataFrame({c: pd.Series(cols[c], dtype=object if c not in ("year", "value") else None)
                        for c in COLUMNS})
    return out, sorted(rejections, key=lambda r: r.row), int(bad.sum())
