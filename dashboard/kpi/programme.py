"""The improvement plan's figures (SPEC 2, "Programme"): pure functions over the frames of
:func:`data_access.queries.load_programme` (declared in :mod:`frames.programme`).

* An action or milestone is **overdue** when it is not complete (blue) and its expected date (the
  re-planned one, else the due date) is before the as-at date.
* **Milestones next quarter**: not complete, expected (else due) in the three months after the as-at date
  (after it, up to and including the same day three months on).
* A risk's **score** is likelihood × impact, its **mitigated score** mitigated likelihood × mitigated impact;
  an open risk with a mitigated score of 15 or more is **high**.
* The **overall RAG** is the worst status of the actions not yet complete (purple, the re-planning state,
  is the worst); blue when every action is complete.

Nothing here is about a child: the plan's counts are not small-number protected.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from frames.programme import STATUS_LABELS, STATUSES

WORST_FIRST: tuple[str, ...] = STATUSES  # purple, red, amber, green, blue
HIGH_RISK = 15  # a mitigated score at or above this is high (SPEC 2)
_RANK = {s: i for i, s in enumerate(WORST_FIRST)}


def short_date(day: object) -> str:
    """``30/03/19``, as the highlight report writes dates; "" for no date."""
    if day is None or pd.isna(day):
        return ""
    return pd.Timestamp(day).strftime("%d/%m/%y")


def date_text(due: object, expected: object) -> str:
    """The due date, with the re-planned (expected) date in brackets when it differs:
    ``30/03/19 (01/09/19)``."""
    first, second = short_date(due), short_date(expected)
    if not first:
        return second
    return f"{first} ({second})" if second and second != first else first


def when(frame: pd.DataFrame) -> pd.Series:
    """Each row's expected date, else its due date."""
    return frame["expected_date"].fillna(frame["due_date"])


def overdue(frame: pd.DataFrame, *, as_at: dt.date) -> pd.Series:
    """True for each action or milestone not complete whose expected (else due) date is before ``as_at``."""
    return (frame["status"] != "blue") & (when(frame) < pd.Timestamp(as_at))


def actions_view(actions: pd.DataFrame, *, as_at: dt.date) -> pd.DataFrame:
    """The actions as the Programme page and the reports list them: overdue first, then the worst status,
    then the earliest date; with ``overdue`` (bool), ``date_text`` and ``status_label`` columns."""
    out = actions.copy()
    out["overdue"] = overdue(out, as_at=as_at) if len(out) else pd.Series(dtype=bool)
    out["date_text"] = [date_text(d, e) for d, e in zip(out["due_date"], out["expected_date"], strict=True)]
    out["status_label"] = out["status"].map(STATUS_LABELS)
    order = pd.DataFrame({"o": ~out["overdue"].astype(bool), "r": out["status"].map(_RANK), "w": when(out),
                          "ref": out["ref"]})
    return out.loc[order.sort_values(["o", "r", "w", "ref"]).index].reset_index(drop=True)


def status_counts(actions: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Actions by status (columns purple..blue and total), one row per ``by`` value (workstream or
    condition, in first-seen order), or one row when ``by`` is None."""
    if by is None:
        counts = actions["status"].value_counts()
        row = {s: int(counts.get(s, 0)) for s in WORST_FIRST}
        return pd.DataFrame([{**row, "total": sum(row.values())}], columns=[*WORST_FIRST, "total"])
    groups = list(dict.fromkeys(actions[by].fillna("(none)")))
    table = pd.crosstab(actions[by].fillna("(none)"), actions["status"]).reindex(index=groups,
                                                                                 columns=list(WORST_FIRST),
                                                                                 fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.astype(int).rename_axis(by).reset_index()


def overall_rag(actions: pd.DataFrame) -> str | None:
    """The worst status among actions not complete; "blue" when all are complete; None with no actions."""
    if actions.empty:
        return None
    open_ = actions.loc[actions["status"] != "blue", "status"]
    if open_.empty:
        return "blue"
    return min(open_, key=_RANK.__getitem__)


def quarter_after(as_at: dt.date) -> tuple[dt.date, dt.date]:
    """The three months after ``as_at``: (the day after it, the same day three months on)."""
    end = (pd.Timestamp(as_at) + pd.DateOffset(months=3)).date()
    return as_at + dt.timedelta(days=1), end


def milestones_next_quarter(milestones: pd.DataFrame, *, as_at: dt.date) -> pd.DataFrame:
    """Milestones not complete and expected (else due) in :func:`quarter_after` ``as_at``, by date."""
    start, end = quarter_after(as_at)
    d = when(milestones)
    mask = (milestones["status"] != "blue") & (d >= pd.Timestamp(start)) & (d <= pd.Timestamp(end))
    return milestones.loc[mask].assign(_d=d[mask]).sort_values(["_d", "ref"]).drop(columns="_d")


def quarter_of(day: object) -> str:
    """``2025-Q3`` (calendar quarter) of a date; "" for none."""
    if day is None or pd.isna(day):
        return ""
    ts = pd.Timestamp(day)
    return f"{ts.year}-Q{(ts.month - 1) // 3 + 1}"


def risks_scored(risks: pd.DataFrame) -> pd.DataFrame:
    """The risks with ``score``, ``mitigated_score`` (Int64) and ``high`` (open and mitigated score ≥ 15),
    highest mitigated score first."""
    out = risks.copy()
    out["score"] = (out["likelihood"] * out["impact"]).astype("Int64")
    out["mitigated_score"] = (out["mitigated_likelihood"] * out["mitigated_impact"]).astype("Int64")
    out["high"] = (out["status"] == "open") & (out["mitigated_score"].fillna(0) >= HIGH_RISK)
    return out.sort_values(["mitigated_score", "score", "ref"], ascending=[False, False, True],
                           na_position="last").reset_index(drop=True)


def risk_matrix(risks: pd.DataFrame, *, mitigated: bool) -> pd.DataFrame:
    """Open risks counted by (likelihood, impact), before or after mitigation: every cell of the 5 × 5
    grid, with ``count`` and ``refs`` (the risks' refs, comma-separated)."""
    lk, im = ("mitigated_likelihood", "mitigated_impact") if mitigated else ("likelihood", "impact")
    open_ = risks[risks["status"] == "open"]
    rows = []
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            hit = open_[(open_[lk] == likelihood) & (open_[im] == impact)]
            rows.append({"likelihood": likelihood, "impact": impact, "score": likelihood * impact,
                         "count": len(hit), "refs": ", ".join(hit["ref"])})
    return pd.DataFrame(rows)


def status_changes(edits: pd.DataFrame, *, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The in-app status changes of actions made from ``start`` to ``end`` (inclusive): one row per action
    (ref, old_value = the status before the first change in the period, new_value = after the last one),
    leaving out an action changed and changed back."""
    cols = ["ref", "old_value", "new_value", "edited_at"]
    if edits.empty:
        return pd.DataFrame(columns=cols)
    day = pd.to_datetime(edits["edited_at"]).dt.normalize()
    hit = edits[(edits["table"] == "actions") & (edits["field"] == "status")
                & (day >= pd.Timestamp(start)) & (day <= pd.Timestamp(end))].sort_values("edited_at", kind="stable")
    if hit.empty:
        return pd.DataFrame(columns=cols)
    first = hit.groupby("ref", sort=False).first()
    last = hit.groupby("ref", sort=False).last()
    out = pd.DataFrame({"ref": first.index, "old_value": first["old_value"].to_numpy(),
                        "new_value": last["new_value"].to_numpy(), "edited_at": last["edited_at"].to_numpy()})
    return out[out["old_value"] != out["new_value"]].reset_index(drop=True)


def programme_block(programme: dict[str, pd.DataFrame], *, as_at: dt.date) -> dict:
    """SPEC 3's ``programme`` block: actions by status and overdue, milestones due next quarter, and open and
    high risks."""
    actions, risks = programme["actions"], programme["risks"]
    counts = status_counts(actions).iloc[0]
    scored = risks_scored(risks)
    return {
        "actions": {"total": int(counts["total"]), "by_status": {s: int(counts[s]) for s in WORST_FIRST},
                    "overdue": int(overdue(actions, as_at=as_at).sum())},
        "milestones_next_quarter": len(milestones_next_quarter(programme["milestones"], as_at=as_at)),
        "risks": {"open": int((risks["status"] == "open").sum()), "high": int(scored["high"].sum())},
    }
