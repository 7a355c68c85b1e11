"""Column preparation for the SEN2 writer: typed casework columns, placements, reviews as at a date.

SYNTHETIC SAMPLE DATA — not real children. Placements are made up deterministically from the person
id (URNs 99xxxx, UKPRNs 1009xxxx: the same made-up schools as the sample census).
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from sample_data._schools import _urn

DATES = (
    "birth_date", "received_date", "request_outcome_date", "assessment_outcome_date", "plan_start_date",
    "plan_cease_date", "review_meeting_date", "last_review_date", "review_draft_date",
    "phase_transfer_due_date", "phase_transfer_final_date",
)
TEXT = (
    "person_id", "sex", "ethnicity", "request_id", "request_source", "request_outcome", "assessment_outcome",
    "cease_reason", "transfer_la", "primary_need", "secondary_need", "setting_type", "review_outcome",
)
FLAGS = ("rya", "week20_exception", "setting_in_la", "request_mediation", "request_tribunal", "assessment_mediation",
         "assessment_tribunal")


def _text(s: pd.Series) -> pd.Series:
    t = s.astype(object).where(s.notna(), None)
    t = t.map(lambda v: None if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip()))
    return t.where(t.map(lambda v: v not in (None, "", "nan", "NaT", "None")), None)


def typed(casework: pd.DataFrame) -> pd.DataFrame:
    """The casework columns as dates (datetime64), text (str / None) and flags (0/1/NA)."""
    out = pd.DataFrame(index=casework.index)
    for col in DATES:
        s = casework[col] if col in casework else pd.Series(None, index=casework.index, dtype=object)
        if not pd.api.types.is_datetime64_any_dtype(s):
            s = pd.to_datetime(_text(s), errors="coerce", format="%Y-%m-%d")
        out[col] = s.astype("datetime64[s]")
    for col in TEXT:
        out[col] = _text(casework[col]) if col in casework else None
    for col in FLAGS:
        s = casework[col] if col in casework else pd.Series(None, index=casework.index, dtype=object)
        out[col] = pd.to_numeric(_text(s), errors="coerce").astype("Int64")
    for col in ("request_outcome", "assessment_outcome", "sex", "ethnicity", "primary_need", "secondary_need",
                "review_outcome"):
        out[col] = out[col].map(lambda v: v.upper() if isinstance(v, str) else v)
    for col in TEXT:  # object columns holding str or None (never NaN, never the text "nan")
        out[col] = pd.Series([v if isinstance(v, str) else None for v in out[col]], index=out.index, dtype=object)
    return out


def iso(s: pd.Series) -> np.ndarray:
    """ISO dates as strings, '' for none."""
    return pd.to_datetime(s).dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)


def _key(person_ids: pd.Series) -> np.ndarray:
    return np.array([zlib.crc32(str(p).encode()) for p in person_ids], dtype=np.int64)


def placements(df: pd.DataFrame, ref: pd.Timestamp, age: np.ndarray) -> pd.DataFrame:
    """URN / UKPRN / SENSetting and flags of each row's placement, made up from its setting_type."""
    key = _key(df["person_id"])
    st = df["setting_type"].fillna("unknown").to_numpy(dtype=object)
    in_la = df["setting_in_la"].fillna(1).to_numpy(dtype=int) == 1
    def school(kind: tuple[str, str], inside: np.ndarray) -> np.ndarray:  # a school of establishments.csv
        return np.array([_urn(kind, bool(i), int(k)) for i, k in zip(inside, key, strict=True)], dtype=np.int64)

    phase = np.where(age <= 10, 1, 0).astype(bool)
    mainstream = np.where(phase, school(("mainstream", "p"), in_la), school(("mainstream", "s"), in_la))
    urn_by_type = {
        "mainstream": mainstream, "resourced_provision": mainstream,
        "special_maintained": school(("special_maintained", ""), in_la),
        "special_academy_free": school(("special_academy_free", ""), in_la),
        "independent_special": school(("independent_special", ""), in_la),
        "independent_mainstream": school(("independent_mainstream", ""), in_la),
        "alternative_provision": school(("alternative_provision", ""), in_la),
    }
    urn = np.full(len(df), "", dtype=object)
    for kind, values in urn_by_type.items():
        m = st == kind
        urn[m] = values[m].astype(str)
    ukprn = np.where(st == "post16", (10099001 + key % 8).astype(str), "").astype(object)
    other = np.array(["OLA", "OPA", "EHE"], dtype=object)[key % 3]
    setting = np.select([st == "early_years", st == "other_arrangements", st == "not_in_education"],
                        ["EYP", other, np.where(age >= 16, "NEET", "NIEC")], "").astype(object)
    start = df["plan_start_date"]
    september = pd.Timestamp(year=ref.year - 1 if ref.month < 9 else ref.year, month=9, day=1)
    entry = iso(start.where(start > september, september).where(start.notna()))
    res = np.where((st == "independent_special") & (key % 10 == 0), "B",
                   np.where((st == "independent_special") & (key % 10 == 1), "A", ""))
    wbp = np.where((st == "post16") & (age >= 18) & (key % 20 == 0), "S", "")
    return pd.DataFrame({
        "urn": urn, "ukprn": ukprn, "setting": setting, "entry": entry, "leaving": "",
        "rp": np.where(st == "resourced_provision", "1", "0"), "unit": "0", "res": res.astype(object),
        "wbp": wbp.astype(object),
    }, index=df.index)


def from_history(place: pd.DataFrame, df: pd.DataFrame, ref: pd.Timestamp, age: np.ndarray,
                 history: pd.DataFrame) -> pd.DataFrame:
    """Each row's placement spanning ``ref`` from the placement history (casework_placements.csv)."""
    h = history.copy()
    for col in ("entry_date", "leaving_date"):
        h[col] = pd.to_datetime(h[col].replace("", None))
    spans = h[(h["entry_date"] <= ref) & (h["leaving_date"].isna() | (h["leaving_date"] >= ref))]
    cur = spans.sort_values("entry_date", kind="stable").groupby("request_id").tail(1).set_index("request_id")
    cur = cur.reindex(df["request_id"])
    out = place.copy()
    has = cur["setting_type"].notna().to_numpy()
    code = cur["setting_type"].fillna("").to_numpy(dtype=object)
    urn = cur["urn"].fillna("").astype(str).to_numpy(dtype=object)
    sen = np.select([code == "early_years", code == "home_education", code == "other_arrangements",
                     code == "not_in_education"], ["EYP", "EHE", "OLA", np.where(age >= 16, "NEET", "NIEC")], "")
    out["urn"] = np.where(has, urn, out["urn"])
    out["ukprn"] = np.where(has, "", out["ukprn"])
    out["setting"] = np.where(has, np.where(urn == "", sen, ""), out["setting"])
    out["entry"] = np.where(has, iso(cur["entry_date"]), out["entry"])
    out["leaving"] = np.where(has, iso(cur["leaving_date"].where(cur["leaving_date"] <= ref)), "")  # known by then
    out["rp"] = np.where(has, np.where(code == "resourced_provision", "1", "0"), out["rp"])
    out["unit"] = np.where(has & (code == "sen_unit"), "1", "0")
    return out


def reviews_at(df: pd.DataFrame, ref: pd.Timestamp) -> pd.DataFrame:
    """The latest annual review known at ``ref``: the casework's, stepped back whole years if later."""
    meeting, last, draft = df["review_meeting_date"], df["last_review_date"], df["review_draft_date"]
    back = pd.Series(0, index=df.index)
    for k in range(1, 12):
        later = (meeting - pd.DateOffset(years=k - 1)) > ref
        back = back.where(~later, k)
    shift = {k: pd.DateOffset(years=k) for k in range(12)}
    m = meeting.copy()
    lr = last.copy()
    dr = draft.copy()
    for k, off in shift.items():
        sel = back == k
        if k and sel.any():
            m[sel], lr[sel], dr[sel] = meeting[sel] - off, last[sel] - off, draft[sel] - off
    ok = m.notna() & (m >= df["plan_start_date"] + pd.Timedelta(days=300))
    known = ok & lr.notna() & (lr <= ref)
    return pd.DataFrame({
        "meeting": iso(m.where(ok)),
        "outcome": df["review_outcome"].where(known, None).fillna("").to_numpy(dtype=object),
        "last": iso(lr.where(known)),
        "draft": iso(dr.where(known & dr.notna() & (dr <= ref))),
    }, index=df.index)
