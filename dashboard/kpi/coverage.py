"""What each source covers, and the honest blanks that follow from it.

Every source ends somewhere (its *coverage end*), and a month, quarter or year after it is "no data", never
0:

- the casework extract: its latest date in any date column (deadlines and the dataset's own dates aside),
  never after its import date;
- an SEN2 return: its reference date (the latest return's, for several);
- the complaints log: its latest received or responded date;
- census: its (latest) census date;
- finance: the last day of the latest month (``period``) of the latest financial year in the budget frame.

A measure whose input column is absent from every loaded file (``import_log.columns``) is *not recorded*:
its figures are None and its key is listed in the KPI object's ``not_recorded``. When the loaded files do
not say which columns they had (SEN2 returns, a frame built by hand), a column with no value in any row
is taken as not recorded.

Input frames: the records frame, the complaints and census frames, and the sources frame
(``kind, key, reference_date, imported_at, columns``; ``data_access.queries.load_sources``). Pure pandas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from dashboard.kpi.records import prepare
from dashboard.measures.coverage import period_start
from frames.records import DATE_COLUMNS

SOURCES = ("casework", "sen2", "complaints", "census", "finance")
# dates that are not events of the extract: the dataset's own dates, and deadlines (they lie ahead)
_NOT_EVENTS = {"reference_date", "period_start", "period_end", "phase_transfer_due_date"}
CASEWORK_DATES = tuple(c for c in DATE_COLUMNS if c not in _NOT_EVENTS)

# measure key -> (the records column it is counted from, where its figures sit: (block, field)...)
def _both(field: str) -> tuple[tuple[str, str], ...]:
    """A review figure's places: by year and by month."""
    return (("reviews.by_year", field), ("reviews.by_month", field))


INPUTS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "requests_mediation": ("request_mediation", (("requests.by_year", "mediation"),)),
    "requests_tribunal": ("request_tribunal", (("requests.by_year", "tribunal"),)),
    "assessments_mediation": ("assessment_mediation", (("assessments.by_year", "mediation"),)),
    "assessments_tribunal": ("assessment_tribunal", (("assessments.by_year", "tribunal"),)),
    "reviews_meetings": ("review_meeting_date", _both("meetings")),
    "reviews_decided": ("review_decision_date", _both("decided")),
    "reviews_within_4_weeks": ("review_decision_date", _both("within_4_weeks")),
    "reviews_within_4_weeks_pct": ("review_decision_date", _both("within_4_weeks_pct")),
    **{k: ("review_outcome", (("reviews.by_year", "outcomes"),))
       for k in ("reviews_amend", "reviews_cease", "reviews_maintain")},
    **{f"ceased_reason_{r}": ("cease_reason", (("ceased.by_year", "by_reason"),)) for r in (*range(1, 10), "unknown")},
    **{f"ceased_reason_{r}_pct": ("cease_reason", (("ceased.by_year", "by_reason_pct"),))
       for r in (*range(1, 10), "unknown")},
}
# the KPI object's blocks of periods read from the records, and their period fields
RECORD_BLOCKS = (
    ("timeliness.by_year", "year"), ("timeliness.by_month", "month"), ("timeliness.weeks_distribution", "year"),
    ("requests.by_year", "year"), ("requests.by_month", "month"),
    ("ehcps.plans_by_year", "year"), ("ehcps.plans_by_month", "month"),
    ("assessments.by_year", "year"), ("ceased.by_year", "year"), ("reviews.by_year", "year"),
    ("reviews.by_month", "month"), ("placements.new_by_year", "year"),
    # the month-end stock by its month (the month the extract ends in keeps its figure). The January
    # snapshots, like plans maintained at the as-at date, are counted at their date from the plans as known.
    ("ehcps.maintained_by_month", "month"),
)
COMPLAINT_BLOCKS = (("complaints.by_month", "month"), ("complaints.by_quarter", "quarter"))
_LABELS = {"month", "quarter", "year", "date"}  # fields of a blanked row that name its period


def _max(values: Iterable[object]) -> dt.date | None:
    """The latest of ``values`` (dates, timestamps or date columns, whose own latest counts), None if none."""
    found = []
    for v in values:
        if isinstance(v, pd.Series):
            v = v.max() if pd.api.types.is_datetime64_any_dtype(v) else _max(v)
        if v is not None and pd.notna(v):
            found.append(pd.Timestamp(v))
    return max(found).date() if found else None


def _sources(sources: pd.DataFrame | None, kind: str) -> pd.DataFrame:
    if sources is None or sources.empty:
        return pd.DataFrame(columns=["kind", "key", "reference_date", "imported_at", "columns"])
    return sources[sources["kind"] == kind]


def casework_end(records: pd.DataFrame, sources: pd.DataFrame | None = None, *,
                 today: dt.date | None = None) -> dt.date | None:
    """The casework extract's latest date in any date column, not after its import date (None: no extract).

    The import date is the sources frame's; without one, the snapshot date the frame carries stands in.
    """
    df = prepare(records)
    cw = df[df["source"].eq("casework").fillna(False).astype(bool)]
    if cw.empty:
        return None
    imported = _max([_sources(sources, "casework")["imported_at"]]) or _max([cw["reference_date"]])
    cap = pd.Timestamp(min(d for d in (imported, today or dt.date.today()) if d is not None))
    return _max(cw.loc[cw[c] <= cap, c].max() for c in CASEWORK_DATES)


def sen2_end(records: pd.DataFrame, sources: pd.DataFrame | None = None) -> dt.date | None:
    """The latest loaded SEN2 return's reference date (None: no return)."""
    df = prepare(records)
    in_records = df.loc[df["source"].eq("sen2").fillna(False).astype(bool), "reference_date"]
    return _max([in_records, _sources(sources, "sen2")["reference_date"]])


def complaints_end(complaints: pd.DataFrame | None) -> dt.date | None:
    """The complaints log's latest received or responded date (None: no log)."""
    if complaints is None or complaints.empty:
        return None
    return _max([pd.to_datetime(complaints[c], errors="coerce").max() for c in ("received_date", "responded_date")])


def census_end(census: pd.DataFrame | None, sources: pd.DataFrame | None = None) -> dt.date | None:
    """The latest census date loaded (None: no census)."""
    dates = [] if census is None or census.empty else [pd.to_datetime(census["census_date"])]
    return _max([*dates, _sources(sources, "census")["reference_date"]])


def finance_end(budget: pd.DataFrame | None) -> dt.date | None:
    """The last day of the latest month loaded: period 7 of 2025-26 is October 2025, so 31 October 2025."""
    if budget is None or budget.empty:
        return None
    rows = budget.dropna(subset=["financial_year", "period"])
    if rows.empty:
        return None
    start = rows["financial_year"].astype(str).str[:4].astype(int)
    months = start * 12 + 2 + rows["period"].astype(int)  # months since year 0 (0 = January); period 1 = April
    year, month0 = divmod(int(months.max()), 12)
    first_next = dt.date(year + 1, 1, 1) if month0 == 11 else dt.date(year, month0 + 2, 1)
    return first_next - dt.timedelta(days=1)


def coverage(*, records: pd.DataFrame, complaints: pd.DataFrame | None = None, census: pd.DataFrame | None = None,
             sources: pd.DataFrame | None = None, finance: pd.DataFrame | None = None,
             today: dt.date | None = None) -> dict[str, str | None]:
    """Each source's coverage end as an ISO date, or None when it is not loaded (the KPI object's block)."""
    ends = {
        "casework": casework_end(records, sources, today=today),
        "sen2": sen2_end(records, sources),
        "complaints": complaints_end(complaints),
        "census": census_end(census, sources),
        "finance": finance_end(finance),
    }
    return {k: (v.isoformat() if v else None) for k, v in ends.items()}


def default_as_at(records: pd.DataFrame, *, sources: pd.DataFrame | None = None,
                  today: dt.date | None = None) -> dt.date:
    """The casework coverage end, or with no casework the latest SEN2 return's reference date; today if none."""
    today = today or dt.date.today()
    return casework_end(records, sources, today=today) or sen2_end(records, sources) or today


def records_end(ends: dict[str, str | None], records: pd.DataFrame) -> str | None:
    """The coverage end of the source the records frame holds (casework, else SEN2)."""
    df = prepare(records)
    return ends["casework"] if df["source"].eq("casework").any() else ends["sen2"]


def not_recorded(records: pd.DataFrame, sources: pd.DataFrame | None = None) -> list[str]:
    """The measures whose input column no loaded file of the records' source had (see the module docstring)."""
    df = prepare(records)
    if df.empty:
        return []
    kind = "casework" if df["source"].eq("casework").any() else "sen2"
    files = _sources(sources, kind)["columns"].tolist()
    out = []
    for key, (column, _) in INPUTS.items():
        known = [set(c) for c in files if c is not None]
        if known and len(known) == len(files):
            absent = not any(column in c for c in known)
        else:
            absent = column not in df or not df[column].notna().any()
        if absent:
            out.append(key)
    return out


def _blank(value: object) -> object:
    if isinstance(value, dict):
        return {k: _blank(v) for k, v in value.items()}
    return None


def blank_after(rows: list[dict], field: str, end: str | None) -> list[dict]:
    """``rows`` with every figure of a period starting after ``end`` set to None ("no data", not 0)."""
    if end is None:
        return rows
    last = dt.date.fromisoformat(end)
    return [{k: (v if k in _LABELS else _blank(v)) for k, v in r.items()} if period_start(r[field]) > last else r
            for r in rows]


def _node(k: dict, path: str) -> tuple[dict, str]:
    *parents, leaf = path.split(".")
    node = k
    for p in parents:
        node = node[p]
    return node, leaf


def apply(k: dict, *, ends: dict[str, str | None], records_source_end: str | None, missing: list[str]) -> dict:
    """The KPI object ``k`` (changed in place and returned) with its periods after each source's end and its
    not-recorded measures blanked, and its ``coverage`` and ``not_recorded`` keys."""
    for blocks, end in ((RECORD_BLOCKS, records_source_end), (COMPLAINT_BLOCKS, ends["complaints"])):
        for path, field in blocks:
            node, leaf = _node(k, path)
            if isinstance(node.get(leaf), list):
                node[leaf] = blank_after(node[leaf], field, end)
    for key in missing:
        for path, field in INPUTS[key][1]:
            node, leaf = _node(k, path)
            node[leaf] = [{**r, field: None} for r in node.get(leaf) or []]
    k["coverage"] = dict(ends)
    k["not_recorded"] = list(missing)
    return k
