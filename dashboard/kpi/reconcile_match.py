"""Which requests the casework and the SEN2 return of collection year Y count differently, and why.

SEN2 carries no request id (a request's ref is its position, "P7-R1"), so a casework request and a return
request are matched on what both record, in passes (:data:`PASSES`), each over the requests the earlier ones
left, the stricter keys first so that among requests sharing a looser key the likelier pairs are taken:

1. birth date, sex, received date, plan start date and primary need; then birth date, sex and received date;
2. requests with no received date on either side (H, historical or transferred in): birth date, sex and plan
   start date; then birth date, sex, transfer LA and primary need; then birth date, sex and transfer LA; then
   birth date and sex;
3. any request left: birth date and sex, only where the person has exactly one request left on each side
   (these pairs are the requests whose received date differs).

Where a key is shared by several requests on one side (twins born the same day, two requests of one child
received the same day) they are paired in order of received date, plan start date and ref, and each such pair
is counted in ``matching["ambiguous"]``: the pairing may be wrong, the totals are not. (Passes 2 and 3 look
only at the casework requests the return should hold.)

The casework requests the return should hold are the ones with an event in calendar year Y-1 (received,
decided, assessed, plan issued or ceased; not a plan transferred in, which SEN2 records only while it is
maintained) or a plan maintained at the reference date; every request of the return is in it. Reasons, one row per pair and reason (the details of one reason joined by "; "):

* ``missing from the return``: a casework request the return should hold that matches none of it;
* ``missing from the casework``: a request of the return that matches no casework request;
* ``a different date``: received date, plan start date or cease date differ (dates after the reference date are
  not in the return, so the casework's are read as at it; a date one side lacks counts when the other's is in
  Y-1 or later, and a transferred-in plan's start date, which SEN2 does not record, is not compared);
* ``a different outcome``: the request outcome (a casework decision made before Y-1 is the return's H), the
  assessment outcome (where both are Y, N or W), the 20-week exception of a plan issued in Y-1, or whether the
  plan is maintained at the reference date when no date explains it;
* ``a different need`` / ``a different setting``: a plan maintained at the reference date on both sides whose
  primary need / setting group (SPEC 2.1) differs.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dashboard.kpi.dates import reference_date
from dashboard.kpi.ehcps import maintained_mask
from dashboard.kpi.placements import groups_of, placed_at
from dashboard.kpi.records import NEED, blank, prepare

KEY = ("birth date, sex and received date (no received date: plan start date, else transfer LA, else birth date "
       "and sex)")
REASONS = ("missing from the return", "missing from the casework", "a different date", "a different outcome",
           "a different need", "a different setting")
_EVENTS = ("received_date", "request_outcome_date", "assessment_outcome_date", "plan_start_date", "plan_cease_date")
_DATES = {"received": "received date", "start": "plan start date", "cease": "plan cease date"}


def _code(values: pd.Series, default: str | None = None) -> pd.Series:
    text = values.astype(object).where(~blank(values), default)
    return text.map(lambda v: v if v is None else str(v).strip().upper())


def _side(records: pd.DataFrame, *, year: int, casework: bool, placements: pd.DataFrame | None) -> pd.DataFrame:
    """One row per request with what is compared, the casework's read as at the reference date."""
    df = prepare(records)
    ref, start, end = pd.Timestamp(reference_date(year)), pd.Timestamp(year - 1, 1, 1), pd.Timestamp(year - 1, 12, 31)
    maintained = maintained_mask(df, on=ref.date())
    outcome = _code(df["request_outcome"], "A")
    plan_start, cease = df["plan_start_date"], df["plan_cease_date"]
    if casework:
        outcome = outcome.where(~(df["request_outcome_date"] < start), "H")
        plan_start, cease = plan_start.where(plan_start <= ref), cease.where(cease <= ref)
        event = pd.Series(False, index=df.index)
        for col in _EVENTS:
            event |= (df[col] >= start) & (df[col] <= end)
        # a plan transferred in that ceased before the reference date: SEN2 has no element for it
        in_return = (event & blank(df["transfer_la"])) | maintained
    else:
        in_return = pd.Series(True, index=df.index)
    kept = df.loc[maintained]
    group = pd.Series(None, index=df.index, dtype=object)
    group.loc[kept.index] = groups_of(placed_at(kept, placements, pd.Series(ref, index=kept.index))["setting_type"])
    out = pd.DataFrame({
        "ref": df["request_ref"].astype(object), "person": df["person_ref"].astype(object),
        "birth": df["birth_date"], "sex": _code(df["sex"], "U"), "received": df["received_date"],
        "start": plan_start, "cease": cease, "outcome": outcome, "assessment": _code(df["assessment_outcome"]),
        "week20": df["week20_exception"].astype(bool), "transfer": ~blank(df["transfer_la"]),
        "maintained": maintained, "need": df[NEED].where(maintained, None), "group": group,
        "in_return": in_return.to_numpy(dtype=bool),
        # as recorded, for the detail (a casework date after the reference date is compared as none)
        "start_as_recorded": df["plan_start_date"], "cease_as_recorded": df["plan_cease_date"],
    }, index=df.index)
    # the keys as text ("" = not recorded), so that "not recorded" on both sides is equal
    for col in ("received", "start"):
        out[f"k_{col}"] = out[col].dt.strftime("%Y-%m-%d").fillna("")
    out["k_transfer"] = _code(df["transfer_la"], "").astype(str)
    out["k_need"] = out["need"].fillna("").astype(str)
    return out


def _pair(a: pd.DataFrame, b: pd.DataFrame, keys: list[str], *, unique_only: bool = False) -> pd.DataFrame:
    """``[c, s, ambiguous]``: rows of ``a`` and ``b`` (index labels) paired on ``keys``, in order within a key."""
    a, b = a.dropna(subset=keys), b.dropna(subset=keys)
    if a.empty or b.empty:
        return pd.DataFrame({"c": [], "s": [], "ambiguous": []})
    order = ["received", "start", "ref"]
    sides = []
    for side, name in ((a, "c"), (b, "s")):
        side = side.sort_values(order, kind="stable", na_position="first")
        g = side.groupby(keys, sort=False)
        sides.append(pd.DataFrame({**{k: side[k] for k in keys}, "_n": g.cumcount(), f"_size_{name}": g["ref"].transform(
            "size"), name: side.index}))
    m = sides[0].merge(sides[1], on=[*keys, "_n"])
    several = (m["_size_c"] > 1) | (m["_size_s"] > 1)
    if unique_only:
        m, several = m[~several], several[~several]
    return pd.DataFrame({"c": m["c"].to_numpy(), "s": m["s"].to_numpy(), "ambiguous": several.to_numpy(dtype=bool)})


# (keys, only requests with no received date on either side, only people with one request left on each side)
PASSES: tuple[tuple[tuple[str, ...], bool, bool], ...] = (
    (("birth", "sex", "received", "k_start", "k_need"), False, False),
    (("birth", "sex", "received"), False, False),
    (("birth", "sex", "start"), True, False),
    (("birth", "sex", "k_transfer", "k_need"), True, False),
    (("birth", "sex", "k_transfer"), True, False),
    (("birth", "sex"), True, False),
    (("birth", "sex"), False, True),
)


def match(cw: pd.DataFrame, s2: pd.DataFrame) -> pd.DataFrame:
    """The passes of the module docstring (:data:`PASSES`, the stricter keys first, so that among requests
    sharing a looser key the likelier pairs are taken): ``[c, s, ambiguous, pass]`` (index labels)."""
    found = []
    left_c, left_s = cw, s2
    for n, (keys, undated_only, unique) in enumerate(PASSES, start=1):
        a, b = left_c, left_s
        if undated_only:
            a, b = a[a["received"].isna()], b[b["received"].isna()]
        if "received" not in keys:
            a = a[a["in_return"]]
        pairs = _pair(a, b, list(keys), unique_only=unique).assign(**{"pass": n})
        found.append(pairs)
        left_c, left_s = left_c.drop(index=pairs["c"]), left_s.drop(index=pairs["s"])
    return pd.concat(found, ignore_index=True)


def _iso(value: object) -> str:
    return "not recorded" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _yes(value: object) -> str:
    return "yes" if value else "no"


def _date_details(c: pd.Series, s: pd.Series, start: pd.Timestamp) -> list[str]:
    out = []
    for col, words in _DATES.items():
        a, b = c[col], s[col]
        if pd.isna(a) and pd.isna(b):
            continue
        if col == "start" and (c["transfer"] or s["transfer"]):
            continue
        known = a if pd.notna(a) else b
        if (pd.notna(a) and pd.notna(b) and a != b) or ((pd.isna(a) or pd.isna(b)) and known >= start):
            later = c.get(f"{col}_as_recorded")
            mine = (f"{_iso(later)} (after the reference date)" if pd.isna(a) and later is not None and pd.notna(later)
                    else _iso(a))
            out.append(f"{words}: casework {mine}, return {_iso(b)}")
    return out


def _outcome_details(c: pd.Series, s: pd.Series, start: pd.Timestamp, end: pd.Timestamp, dated: bool) -> list[str]:
    out = []
    if c["outcome"] != s["outcome"]:
        out.append(f"request outcome: casework {c['outcome']}, return {s['outcome']}")
    if c["assessment"] in ("Y", "N", "W") and s["assessment"] in ("Y", "N", "W") and c["assessment"] != s["assessment"]:
        out.append(f"assessment outcome: casework {c['assessment']}, return {s['assessment']}")
    issued = any(pd.notna(x["start"]) and start <= x["start"] <= end for x in (c, s))
    if issued and bool(c["week20"]) != bool(s["week20"]):
        out.append(f"20-week exception: casework {_yes(c['week20'])}, return {_yes(s['week20'])}")
    if bool(c["maintained"]) != bool(s["maintained"]) and not dated:
        out.append(f"maintained at the reference date: casework {_yes(c['maintained'])}, "
                   f"return {_yes(s['maintained'])}")
    return out


def _row(reason: str, c: pd.Series | None, s: pd.Series | None, detail: str) -> dict:
    person = c["person"] if c is not None else s["person"]
    return {"reason": reason, "request_ref_casework": None if c is None else str(c["ref"]),
            "request_ref_sen2": None if s is None else str(s["ref"]), "person_ref": None if person is None else str(person),
            "detail": detail}


def _alone(r: pd.Series) -> str:
    parts = [f"received {_iso(r['received'])}"]
    if pd.notna(r["start"]):
        parts.append(f"plan start {_iso(r['start'])}")
    if r["maintained"]:
        parts.append("plan maintained at the reference date")
    return ", ".join(parts)


def _suspects(cw: pd.DataFrame, s2: pd.DataFrame, pairs: pd.DataFrame, start: pd.Timestamp) -> list[tuple]:
    """The pairs that may differ, found column by column over all pairs at once (the date rule of
    :func:`_date_details`; anything else that is not equal), so that only those are looked at one by one."""
    a = cw.loc[pairs["c"]].reset_index(drop=True)
    b = s2.loc[pairs["s"]].reset_index(drop=True)
    differ = np.zeros(len(pairs), dtype=bool)
    transfer = (a["transfer"] | b["transfer"]).to_numpy(dtype=bool)
    for col in _DATES:
        x, y = a[col], b[col]
        one = (x.isna() ^ y.isna()).to_numpy(dtype=bool)
        changed = ((x != y) & x.notna() & y.notna()).to_numpy(dtype=bool) | (one & (x.fillna(y) >= start).to_numpy())
        differ |= changed & ~transfer if col == "start" else changed
    def ne(col: str) -> np.ndarray:
        x, y = a[col], b[col]
        return ((x != y) & ~(x.isna() & y.isna())).to_numpy(dtype=bool)

    decided = (a["assessment"].isin(["Y", "N", "W"]) & b["assessment"].isin(["Y", "N", "W"])).to_numpy(dtype=bool)
    issued = np.zeros(len(pairs), dtype=bool)
    for side in (a, b):
        issued |= ((side["start"] >= start) & (side["start"] <= pd.Timestamp(start.year, 12, 31))).to_numpy(dtype=bool)
    both = (a["maintained"] & b["maintained"]).to_numpy(dtype=bool)
    differ |= ne("outcome") | (ne("assessment") & decided) | (ne("week20") & issued) | ne("maintained")
    differ |= (ne("need") | ne("group")) & both
    differ &= (a["in_return"] | b["in_return"]).to_numpy(dtype=bool)
    return list(zip(pairs["c"].to_numpy()[differ], pairs["s"].to_numpy()[differ], strict=True))


def compare(casework: pd.DataFrame, sen2: pd.DataFrame, *, year: int,
            casework_placements: pd.DataFrame | None = None) -> tuple[list[dict], dict]:
    """(differences, matching): the drill-down rows (``reason, request_ref_casework, request_ref_sen2,
    person_ref, detail``; person_ref is the casework's id, else the return's position) in the order of
    :data:`REASONS`, and ``{"key", "casework_requests", "sen2_requests", "matched", "ambiguous",
    "by_pass", "missing_from_the_return", "missing_from_the_casework"}``."""
    cw = _side(casework, year=year, casework=True, placements=casework_placements)
    s2 = _side(sen2, year=year, casework=False, placements=None)
    pairs = match(cw, s2)
    start, end = pd.Timestamp(year - 1, 1, 1), pd.Timestamp(dt.date(year - 1, 12, 31))
    rows: list[dict] = []
    for c_label, s_label in _suspects(cw, s2, pairs, start):
        c, s = cw.loc[c_label], s2.loc[s_label]
        dates = _date_details(c, s, start)
        found = {"a different date": dates, "a different outcome": _outcome_details(c, s, start, end, bool(dates))}
        if c["maintained"] and s["maintained"]:
            if c["need"] != s["need"]:
                found["a different need"] = [f"primary need: casework {c['need']}, return {s['need']}"]
            if c["group"] != s["group"]:
                found["a different setting"] = [f"setting group: casework {c['group']}, return {s['group']}"]
        rows += [_row(reason, c, s, "; ".join(details)) for reason, details in found.items() if details]
    only_c = cw[cw["in_return"] & ~cw.index.isin(pairs["c"])]
    only_s = s2[~s2.index.isin(pairs["s"])]
    rows += [_row(REASONS[0], r, None, _alone(r)) for _, r in only_c.iterrows()]
    rows += [_row(REASONS[1], None, r, _alone(r)) for _, r in only_s.iterrows()]
    rows.sort(key=lambda r: (REASONS.index(r["reason"]), r["person_ref"] or "", r["request_ref_casework"] or "",
                             r["request_ref_sen2"] or ""))
    by_pass = pairs.groupby("pass").size()
    matching = {"key": KEY, "casework_requests": int(cw["in_return"].sum()), "sen2_requests": len(s2),
                "matched": len(pairs), "ambiguous": int(np.count_nonzero(pairs["ambiguous"].to_numpy(dtype=bool))),
                "by_pass": {int(k): int(v) for k, v in by_pass.items()},
                "missing_from_the_return": len(only_c), "missing_from_the_casework": len(only_s)}
    return rows, matching
