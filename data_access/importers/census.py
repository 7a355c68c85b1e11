"""Spring school census, pupil level (SPEC 1.4), CSV / XLSX / .csv.gz: kept only as aggregate counts.

Pupils are counted once per census date by UPN (or pupil id), which is read only for that and never
stored. Counts go to ``census_aggregate`` by census date x provision x need x age band x sex x FSM x
EAL x phase, one ``dataset`` (kind "census", key = census date) per date; re-importing a census date
replaces it. A file in the COLLECT ``senneeds`` layout (one row per need, ``sentype`` + ``sentyperank``)
is read as well: a pupil's need is their rank-1 need.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete, insert, select

from data_access.importers import Parsed
from data_access.importers._table_file import mapped_table
from data_access.importers.base import (
    ImportRejected,
    ImportReport,
    RowChecker,
    clean_str,
    records,
)
from data_access.importers.codes import SEN_TYPES
from data_access.importers.complaints import resolve_la_code
from data_access.schema import CensusAggregate, Dataset

COLUMNS = ("upn", "census_date", "dob", "sex", "ncyearactual", "senprovision", "primary_sen_type", "sentype",
           "sentyperank", "fsmeligible", "language", "urn", "phase", "la_code")
ALIASES = {
    "upn": ("pupil_id", "pupilid", "pupil_ref"),
    "dob": ("date_of_birth", "birth_date", "birthdate"),
    "sex": ("gender",),
    "senprovision": ("sen_provision_type", "sen_status"),
    "primary_sen_type": ("primary_need", "sen_type_1", "primarysentypecode"),
    "fsmeligible": ("fsm", "fsm_eligible_flag"),
    "language": ("first_language", "language_code", "languagecode"),
    "phase": ("school_phase", "phase_type"),
    "la_code": ("la", "lea"),
}
GROUP = ["census_date", "provision", "need", "age_band", "sex", "fsm", "eal", "phase"]
SEX = {"M": "M", "F": "F", "U": "U", "1": "M", "2": "F", "MALE": "M", "FEMALE": "F", "9": "U", "0": "U"}
NOT_EAL = {"ENG", "ENB", "NOT", "REF"}  # English, believed English, not obtained, refused
PHASES = {
    "NS": "Nursery", "NURSERY": "Nursery",
    "PS": "Primary", "MP": "Primary", "PRIMARY": "Primary", "MIDDLE DEEMED PRIMARY": "Primary",
    "SS": "Secondary", "MS": "Secondary", "SECONDARY": "Secondary", "MIDDLE DEEMED SECONDARY": "Secondary",
    "AT": "All-through", "ALL-THROUGH": "All-through", "ALL THROUGH": "All-through",
    "SP": "Special", "SPECIAL": "Special",
    "PR": "PRU", "PRU": "PRU", "PUPIL REFERRAL UNIT": "PRU",
    "AP": "Alternative provision", "ALTERNATIVE PROVISION": "Alternative provision",
    "16": "16 plus", "16 PLUS": "16 plus", "POST-16": "16 plus",
}
AGE_BANDS = np.array(["Under 5", "5-10", "11-15", "16-19", "20-25"], dtype=object)
AGE_EDGES = [5, 11, 16, 20, 26]


def _upper(values: pd.Series) -> pd.Series:
    return clean_str(values).map(lambda v: " ".join(v.upper().split()) if isinstance(v, str) else v)


def _coded(chk: RowChecker, df: pd.DataFrame, column: str, table: dict, default: str, what: str) -> pd.Series:
    if column not in df:
        return pd.Series(default, index=df.index, dtype=object)
    s = _upper(df[column])
    out = s.map(table)
    chk.reject(s.notna() & out.isna(), column, f"'{column}' has an unknown code ({what})")
    return out.fillna(default)


def age_bands(census_date: pd.Series, dob: pd.Series) -> tuple[pd.Series, pd.Series]:
    """SPEC 2 age band (completed years on the 31 August on or before the census date) and the age."""
    cd = pd.DatetimeIndex(census_date)
    ref_year = cd.year - ((cd.month < 8) | ((cd.month == 8) & (cd.day < 31))).astype(int)
    born = pd.DatetimeIndex(dob)
    age = pd.Series(ref_year - born.year - (born.month > 8).astype(int), index=dob.index)
    idx = np.searchsorted(AGE_EDGES, age.to_numpy(dtype=float), side="right").clip(0, len(AGE_BANDS) - 1)
    return pd.Series(AGE_BANDS[idx], index=dob.index), age


def parse(path: Path, data: bytes, *, la_code: str | None = None, mapping: Mapping[str, Any] | None = None) -> Parsed:
    name = path.name
    df, chk = mapped_table(path, data, COLUMNS, ALIASES, mapping, ("upn", "census_date", "dob", "senprovision"))
    la = resolve_la_code(df, name, la_code, mapping)

    upn = clean_str(df["upn"])
    chk.reject(upn.isna(), "upn", "'upn' (or 'pupil_id') is required but empty")
    census_date = chk.dates("census_date", required=True)
    dob = chk.dates("dob", required=True)
    chk.reject(dob > census_date, "dob", "'dob' is after 'census_date'")
    band, age = age_bands(census_date, dob)
    chk.reject(age > 25, "dob", "'dob' gives an age over 25 on the 31 August before the census date")

    provision = _upper(df["senprovision"]).fillna("N")
    chk.reject(~provision.isin(["E", "K", "N"]), "senprovision", "'senprovision' has an unknown code (E, K or N)")

    rank = pd.Series(1.0, index=df.index)
    need_col = "primary_sen_type" if "primary_sen_type" in df else ("sentype" if "sentype" in df else None)
    if need_col == "sentype" and "sentyperank" in df:
        rank = pd.to_numeric(clean_str(df["sentyperank"]), errors="coerce")
        bad_rank = df["sentyperank"].notna() & rank.isna()
        chk.reject(bad_rank, "sentyperank", "'sentyperank' is not a number")
    first = rank.isna() | (rank == 1)
    need = _upper(df[need_col]) if need_col else pd.Series(None, index=df.index, dtype=object)
    used = first & provision.isin(["E", "K"]) & need.notna()
    ok_need = need.isin(SEN_TYPES) | ((need == "NSA") & (provision == "K"))
    chk.reject(used & ~ok_need, need_col or "primary_sen_type",
               f"'{need_col}' has an unknown SEN type (allowed: {', '.join(SEN_TYPES)}; NSA for K)")

    sex = _coded(chk, df, "sex", SEX, "U", "M/F or 1/2")
    phase = _coded(chk, df, "phase", PHASES, "Unknown", "a school phase such as PS, SS, SP")
    fsm = chk.flags("fsmeligible").fillna(False).astype(bool)
    lang = _upper(df["language"]) if "language" in df else pd.Series(None, index=df.index, dtype=object)
    eal = lang.notna() & ~lang.isin(NOT_EAL)

    report = ImportReport(file_name=name, kind="census")
    chk.report_into(report)
    keep = ~chk.bad
    if not keep.any():
        r = report.rejections[0]
        raise ImportRejected(f"{name}: no row could be loaded (row {r.row}, column '{r.column}': {r.reason}).")
    pupils = pd.DataFrame({
        "census_date": census_date, "upn": upn, "rank": rank.fillna(1.0), "provision": provision,
        "need": need.where(first, None), "age_band": band, "sex": sex, "fsm": fsm, "eal": eal, "phase": phase,
    })[keep]
    # One row per pupil and census date: the rank-1 need row first; then duplicates (dual registrations) go.
    pupils = pupils.sort_values(["census_date", "upn", "rank"], kind="stable")
    pupils = pupils.drop_duplicates(["census_date", "upn"], keep="first")
    pupils["need"] = np.where(pupils["provision"] == "N", "NONE", pupils["need"].fillna("UNK"))
    agg = pupils.groupby(GROUP, sort=True).size().rename("pupils").reset_index()
    dates = sorted({d.date() for d in agg["census_date"]})
    target = f"census:{la}:" + ",".join(d.isoformat() for d in dates)
    return Parsed(kind="census", la_code=la, target=target[:200], report=report, payload=agg,
                  extra={"dates": dates, "pupils": int(len(pupils))}, columns=tuple(df.columns))


def write(conn: Connection, parsed: Parsed, *, import_id: int, sha256: str) -> None:
    la = parsed.la_code
    agg: pd.DataFrame = parsed.payload
    keys = [d.isoformat() for d in parsed.extra["dates"]]
    old = conn.execute(
        select(Dataset.id).where(Dataset.kind == "census", Dataset.la_code == la, Dataset.key.in_(keys))
    ).scalars().all()
    if old:
        conn.execute(delete(CensusAggregate).where(CensusAggregate.dataset_id.in_(old)))
        conn.execute(delete(Dataset).where(Dataset.id.in_(old)))
    ids = {}
    for day in parsed.extra["dates"]:
        ids[day] = conn.execute(
            insert(Dataset).values(kind="census", la_code=la, key=day.isoformat(), collection_year=day.year,
                                   reference_date=day, import_id=import_id, sha256=sha256,
                                   synthetic=parsed.synthetic)
            .returning(Dataset.id)
        ).scalar_one()
    rows = agg.copy()
    rows["dataset_id"] = rows["census_date"].dt.date.map(ids)
    conn.execute(insert(CensusAggregate), records(rows))
