"""The KPI object as a *viewer* (or a publication) may see it: small counts shown as "c" (SPEC section 5).

Built on :mod:`dashboard.suppression`; every list of rows is suppressed with the relations that tie its
counts (plans issued = within + over 20 weeks; due = on time + late + outstanding), and every breakdown
of plans maintained is a row whose total is the number maintained. Lists of individual cases are removed.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from dashboard.suppression import SUPPRESSED, suppress_count, suppress_pct, suppress_series

TIMELINESS = {
    "count_keys": ["issued", "within", "issued_ex", "within_ex"],
    "pct_keys": {"pct": ("within", "issued"), "pct_ex": ("within_ex", "issued_ex")},
    "relations": [("issued", ["within", "over"]), ("issued_ex", ["within_ex", "over_ex"]),
                  ("issued", ["issued_ex", "exceptions"])],
}


@dataclass(frozen=True)
class Rule:
    threshold: int = 5
    protect_derived: bool = True


def _series(rows: list[dict], rule: Rule, **spec) -> list[dict]:
    return suppress_series(rows, threshold=rule.threshold, protect_derived=rule.protect_derived,
                           **spec) if rows else []


def _breakdown(counts: dict, total: int, rule: Rule) -> dict:
    """One row of counts whose total is shown elsewhere (plans maintained)."""
    if not counts:
        return counts
    keys = list(counts)
    row = {**counts, "_total": total}
    rest = "_rest" if sum(counts.values()) != total else None
    children = keys + ([rest] if rest else [])
    out = suppress_series([row], count_keys=[*keys, "_total"], threshold=rule.threshold,
                          protect_derived=rule.protect_derived,
                          relations=[("_total", children)] if total >= sum(counts.values()) else [])[0]
    return {k: out[k] for k in keys}


def _hide_if(value: object, *counts: object) -> object:
    return SUPPRESSED if any(c == SUPPRESSED for c in counts) else value


def suppress_kpis(k: dict, *, threshold: int = 5, protect_derived: bool = True) -> dict:
    """A suppressed deep copy of the SPEC section 3 object (plus its extra keys) for viewers.

    ``protect_derived`` (the ``protect_derived_counts`` setting): also protect small counts that are never
    shown but follow from shown ones (plans issued late = issued - within).
    """
    rule = Rule(threshold, protect_derived)
    out = copy.deepcopy(k)
    t = out["timeliness"]
    t["by_year"] = [{**r, "median_weeks": _hide_if(r.get("median_weeks"), r["issued"])}
                    for r in _series(t["by_year"], rule, **TIMELINESS)]
    t["by_month"] = [{**r, "median_weeks": _hide_if(r.get("median_weeks"), r["issued"])}
                     for r in _series(t["by_month"], rule, **TIMELINESS)]
    t["open_over_20_weeks"] = suppress_count(t["open_over_20_weeks"], threshold=threshold)
    oa = t.get("open_assessments")
    if oa and oa.get("by_weeks"):
        # one row: the bands add up to the total, and the two at-risk bands are the summary's counts
        bands = oa["by_weeks"]
        row = _series([{"total": oa["total"], **bands}], rule, count_keys=["total", *bands],
                      relations=[("total", list(bands))])[0]
        t["open_assessments"] = {"total": row["total"], "over_20_weeks": row["over 20 weeks"],
                                 "weeks_16_to_20": row["16-20 weeks"], "by_weeks": {b: row[b] for b in bands},
                                 "at_risk": []}
        t["open_over_20_weeks"] = row["over 20 weeks"]
    elif oa:
        row = _series([{"total": oa["total"], "over_20_weeks": oa["over_20_weeks"],
                        "weeks_16_to_20": oa["weeks_16_to_20"]}], rule,
                      count_keys=["total", "over_20_weeks", "weeks_16_to_20"],
                      relations=[("total", ["over_20_weeks", "weeks_16_to_20", "under_16"])])[0]
        t["open_assessments"] = {**row, "at_risk": []}
    t["weeks_distribution"] = [{**d, "bands": _breakdown(d["bands"], sum(d["bands"].values()), rule)}
                               for d in t.get("weeks_distribution", [])]
    r = out["requests"]
    r["by_year"] = [{**row, "growth_pct": _hide_if(row.get("growth_pct"), row["received"])}
                    for row in _series(r["by_year"], rule, count_keys=["received", "decided",
                                                                            "decided_within_6_weeks"],
                                       pct_keys={"decided_within_6_weeks_pct": ("decided_within_6_weeks", "decided")})]
    if r.get("by_month"):
        r["by_month"] = _series(r["by_month"], rule, count_keys=["received"])
    e = out["ehcps"]
    total = e["maintained"]
    for key in ("by_age_band", "by_sex", "by_need", "by_setting", "in_area"):
        if key in e:
            e[key] = _breakdown(e[key], total, rule)
    if "by_need_pct" in e:  # a share goes with its count (and with the total it is a share of)
        e["by_need_pct"] = {n: _hide_if(v, e["by_need"].get(n), suppress_count(total, threshold=threshold))
                            for n, v in e["by_need_pct"].items()}
    e["maintained"] = suppress_count(total, threshold=threshold)
    e["january"] = [{**row, "growth_pct": _hide_if(row.get("growth_pct"), row["count"])}
                    for row in _series(e["january"], rule, count_keys=["count"])]
    for key in ("plans_by_month", "plans_by_year"):
        if key in e:
            e[key] = _series(e[key], rule, count_keys=["new", "ceased"])
    out["census"]["by_date"] = _series(
        out["census"]["by_date"], rule, count_keys=["pupils", "ehcp", "sen_support"],
        pct_keys={"pct_ehcp": ("ehcp", "pupils"), "pct_sen_support": ("sen_support", "pupils")})
    for row, true in zip(out["census"]["by_date"], k["census"]["by_date"], strict=True):
        row["pct_all_sen"] = _hide_if(row.get("pct_all_sen"), row["ehcp"], row["sen_support"])
        for total, counts, shares in (("ehcp", "ehcp_by_need", "ehcp_need_pct"),
                                      ("sen_support", "sen_support_by_need", "sen_support_need_pct")):
            if counts not in row:
                continue
            # the needs add up to the total: a small need and its complement are hidden; all of them
            # when the total itself is hidden
            shown = (_breakdown(row[counts], true[total], rule) if row[total] != SUPPRESSED
                     else dict.fromkeys(row[counts], SUPPRESSED))
            row[counts] = shown
            row[shares] = {n: _hide_if(v, shown[n]) for n, v in row.get(shares, {}).items()}
    months = out["complaints"]["by_month"]
    if months:
        keys = [c for c in ("received", "compliments", "stage_1", "stage_2", "ombudsman", "open", "responded",
                            "responded_on_time") if c in months[0]]
        out["complaints"]["by_month"] = [
            {**row, "responded_on_time_pct": _hide_if(row.get("responded_on_time_pct"), row["received"],
                                                      row.get("responded_on_time"))}
            for row in _series(months, rule, count_keys=keys)]
    if out["complaints"].get("by_quarter"):
        out["complaints"]["by_quarter"] = _quarters(out["complaints"]["by_quarter"],
                                                    out["complaints"]["by_month"], threshold)
    out["transitions"] = _series(out["transitions"], rule,
                                 count_keys=["due", "final_on_time", "final_late", "outstanding"],
                                 pct_keys={"pct_on_time": ("final_on_time", "due"),
                                           # finalised = due - outstanding: hidden when either is
                                           "pct_finalised": ("outstanding", "due")},
                                 relations=[("due", ["final_on_time", "final_late", "outstanding"])])
    out["suppressed"] = {"threshold": threshold}
    return out


def _quarters(quarters: list[dict], months: list[dict], threshold: int) -> list[dict]:
    """Quarters as the sums of the (already suppressed) months: a quarter's count is hidden when it is
    small or when any of its months' counts is hidden (else the quarter less the other two months would
    give that month away); its on-time % goes with its counts."""
    by_quarter: dict[str, list[dict]] = {}
    for m in months:
        year, month = m["month"].split("-")
        by_quarter.setdefault(f"{year}-Q{(int(month) - 1) // 3 + 1}", []).append(m)
    out = []
    for q in quarters:
        row, members = dict(q), by_quarter.get(q["quarter"], [])
        for key, value in q.items():
            if key in ("quarter", "responded_on_time_pct") or not isinstance(value, int):
                continue
            hidden = any(m.get(key) == SUPPRESSED for m in members)
            row[key] = SUPPRESSED if hidden else suppress_count(value, threshold=threshold)
        row["responded_on_time_pct"] = _hide_if(q.get("responded_on_time_pct"), row["received"],
                                                row["responded_on_time"], row["responded"])
        out.append(row)
    return out


def shown_pct(value: object, *, numerator: object, denominator: object, threshold: int = 5) -> object:
    """A percentage as shown beside suppressed counts (re-exported for the pages)."""
    return suppress_pct(value, numerator=numerator, denominator=denominator, threshold=threshold)
