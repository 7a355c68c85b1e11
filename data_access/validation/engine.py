"""Run every rule on a return: ``findings(ret)`` -> one row per finding (SPEC section 3 ``validate``)."""

from __future__ import annotations

import pandas as pd

from data_access.validation import rules as _rules  # noqa: F401 - registers every rule
from data_access.validation.model import Return
from data_access.validation.registry import CLAIMED, RULES, Rule, rejected, rule

# Runs after every other rule (engine order), so that it knows which columns they claimed.
LAST = "RD01"


@rule(LAST, "error", "A row was refused as the file was read (an impossible date, a bad code or a value out of "
      "range): the import report names its row, column and reason.", fields=("any",))
def refused_as_read(r: Return) -> pd.DataFrame:
    unclaimed = sorted({x.column for x in r.rejections} - CLAIMED)
    return rejected(r, *unclaimed) if unclaimed else rejected(r)

FINDING_COLUMNS = ["rule", "severity", "message", "person_ref", "request_ref"]


def applicable(ret: Return) -> list[Rule]:
    return [r for r in RULES.values() if ret.source in r.sources]


def findings(ret: Return) -> pd.DataFrame:
    """Every finding of every rule that applies to the return's source, rule by rule in id order."""
    parts = []
    for r in sorted(applicable(ret), key=lambda r: (r.id == LAST, r.id)):
        found = r.check(ret)
        if len(found):
            parts.append(pd.DataFrame({"rule": r.id, "severity": r.severity, "message": r.message,
                                       "person_ref": found["person_ref"].to_numpy(dtype=object),
                                       "request_ref": found["request_ref"].to_numpy(dtype=object)}))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in FINDING_COLUMNS})
    return pd.concat(parts, ignore_index=True)[FINDING_COLUMNS]


def counts(found: pd.DataFrame) -> dict[str, int]:
    """``{"errors": n, "queries": m}``."""
    sev = found["severity"] if len(found) else pd.Series(dtype=object)
    return {"errors": int((sev == "error").sum()), "queries": int((sev == "query").sum())}


def by_rule(found: pd.DataFrame) -> pd.DataFrame:
    """rule, severity, message, findings: one row per rule in the registry (0 when nothing broke it)."""
    n = found.groupby("rule").size() if len(found) else pd.Series(dtype=int)
    return pd.DataFrame([{"rule": r.id, "severity": r.severity, "area": r.area, "message": r.message,
                          "findings": int(n.get(r.id, 0))} for r in sorted(RULES.values(), key=lambda r: r.id)],
                        columns=["rule", "severity", "area", "message", "findings"])
