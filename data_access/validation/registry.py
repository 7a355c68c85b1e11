"""The validation rules, one declarative entry each (SPEC section 3 ``validate``; issue 13).

A rule is a small function from a :class:`~data_access.validation.model.Return` to the rows that break it
(a frame with ``person_ref`` and ``request_ref``; ``request_ref`` None for a finding about a person), registered
with its id, severity, one-sentence message and the fields it reads::

    @rule("DT01", "error", "A request's ReceivedDate is after the return's reference date.",
          fields=("ReceivedDate",))
    def request_in_the_future(r: Return) -> pd.DataFrame:
        req = r.requests
        return hits(req, req["received_date"] > r.reference)

Severity: ``error`` is what DfE's COLLECT would reject; ``query`` needs an explanation before sign-off.
``sources`` says which extracts a rule can be checked on (a casework extract has no UPN, no Week20 left empty).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data_access.validation.model import KEYS, Return

SEVERITIES = ("error", "query")
Check = Callable[[Return], pd.DataFrame]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    message: str
    fields: tuple[str, ...]
    check: Check
    sources: tuple[str, ...] = ("sen2", "casework")

    @property
    def area(self) -> str:
        """The family the id's letters name (ID identifiers, DT dates, CD codes, CN consistency, PL plausibility)."""
        return AREAS.get(self.id.rstrip("0123456789"), "other")


AREAS = {"ID": "identifiers", "DT": "dates", "CD": "codes", "CN": "consistency", "PL": "plausibility",
         "RD": "reading"}
RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: str, message: str, *, fields: tuple[str, ...],
         sources: tuple[str, ...] = ("sen2", "casework")) -> Callable[[Check], Check]:
    """Register ``check`` as rule ``rule_id``. Ids are unique; the message is one sentence."""
    if severity not in SEVERITIES:
        raise ValueError(f"rule {rule_id}: severity must be one of {SEVERITIES}")
    if not message.endswith(".") or len(message) > 200:
        raise ValueError(f"rule {rule_id}: the message must be one sentence ending in a full stop")

    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} is defined twice")
        RULES[rule_id] = Rule(rule_id, severity, message, tuple(fields), check, tuple(sources))
        return check

    return register


def hits(df: pd.DataFrame, mask: pd.Series | np.ndarray) -> pd.DataFrame:
    """The rows of ``df`` under ``mask`` as findings: person_ref and request_ref (None when ``df`` has none)."""
    mask = np.asarray(pd.Series(mask, index=df.index).fillna(False), dtype=bool)
    # only the two key columns are taken under the mask (not every column of the rows, then two of them)
    return pd.DataFrame({k: df[k].to_numpy(dtype=object)[mask] if k in df else np.full(int(mask.sum()), None, dtype=object)
                         for k in KEYS})


def blank(s: pd.Series) -> pd.Series:
    """Missing, or text that is empty once stripped; each distinct value is looked at once."""
    codes, distinct = pd.factorize(s)
    empty = pd.Series(np.asarray(distinct, dtype=object), dtype=object).astype(str).str.strip().eq("").to_numpy(bool)
    return pd.Series(np.append(empty, True)[codes], index=s.index)


def person_hits(df: pd.DataFrame, mask: pd.Series | np.ndarray) -> pd.DataFrame:
    """As :func:`hits`, about a person (request_ref None), one finding per person."""
    out = hits(df, mask).drop_duplicates("person_ref")
    out["request_ref"] = None
    return out.reset_index(drop=True)


CLAIMED: set[str] = set()  # columns some rule reports the reader's rejections of (the rest go to RD01)


def rejected(r: Return, *columns: str) -> pd.DataFrame:
    """The reader's rejections on any of ``columns`` as findings (an SEN2 row is its Person's position).
    The columns are claimed: rule RD01 reports the rejections no rule claims, so each is reported once."""
    CLAIMED.update(columns)
    rows = [x.row for x in r.rejections if x.column in columns]
    refs = [f"P{row}" if r.source == "sen2" else None for row in rows]
    return pd.DataFrame({"person_ref": pd.Series(refs, dtype=object),
                         "request_ref": pd.Series([None] * len(rows), dtype=object)})
