"""The Data quality page's reconciliation: casework, the SEN2 return and DfE's published figure side by side.

``section(url, la)`` draws the whole block (a collection-year choice, then :func:`show`); ``show(result)`` draws
one reconciliation (:func:`dashboard.read.reconciliation`, the object ``senddash reconcile --json`` prints):
the three-column table with the differences, what matched, and for SEND leads (``case_lists``) the requests
counted differently, with a CSV download. A viewer (no ``unsuppressed``) sees the casework and return
columns with small numbers suppressed (primary, and complementary within the need and setting rows, which add
up to the plans at January), the differences built on a suppressed cell as ``c``, and no request list.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from dashboard import read
from dashboard.format import fmt_int, fmt_pct
from dashboard.kpi.dates import reference_date
from dashboard.suppression import SUPPRESSED, suppress_count, suppress_table
from dashboard.ui import access, data
from dashboard.ui.components import csv_download, table_with_download
from data_access import queries

COLUMNS = {"label": "Measure", "casework": "Casework", "sen2": "SEN2 return", "published": "DfE published",
           "casework_minus_sen2": "Casework − SEN2", "sen2_minus_published": "SEN2 − DfE published"}
_PCT_PARTS = {"timeliness_pct": ("plans_within", "plans_issued"), "timeliness_pct_ex": ("plans_within_ex",
                                                                                       "plans_issued_ex")}


@st.cache_data(ttl=data.TTL, show_spinner=False)
def reconciliation(url: str, la: str, year: int) -> dict:
    return read.reconciliation(data._engine(url), la_code=la, year=year)  # the server's one engine for this url


@st.cache_data(ttl=data.TTL, show_spinner=False)
def years(url: str, la: str) -> tuple[list[int], int | None]:
    """(the collection years to offer, latest first; the one shown first). Offered: the loaded returns' years
    and, with a casework snapshot, the latest year whose reference date it is past and the next (the return
    being prepared). Shown first: the latest loaded return, else that latest year."""
    engine = data._engine(url)  # the server's one engine for this url
    returns = read.return_years(engine, la_code=la)
    found = set(returns)
    sources = queries.load_sources(engine, la_code=la)
    refs = pd.to_datetime(sources.loc[sources["kind"] == "casework", "reference_date"]).dropna()
    past = None
    if len(refs):
        snapshot = refs.max().date()
        past = snapshot.year if reference_date(snapshot.year) <= snapshot else snapshot.year - 1
        found |= {past, past + 1}
    offered = sorted(found, reverse=True)
    return offered, (returns[0] if returns else past)


def _shown(value: object, unit: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, str):
        return value
    return fmt_pct(value) if unit == "pct" else fmt_int(value)


def _block(rows: list[dict], prefix: str, total: dict | None, column: str) -> dict[str, object]:
    """measure -> the column's cell as a viewer sees it, for the rows of one block adding up to ``total``."""
    members = [r for r in rows if r["measure"].startswith(prefix)]
    if not members or total is None or total[column] is None or any(r[column] is None for r in members):
        return {r["measure"]: suppress_count(r[column]) for r in members}
    frame = pd.DataFrame({"label": [r["measure"] for r in members] + ["total"],
                          column: [r[column] for r in members] + [total[column]]})
    if frame[column].iloc[:-1].sum() != frame[column].iloc[-1]:  # not a tie (a need row left out): primary only
        return {r["measure"]: suppress_count(r[column]) for r in members}
    out = suppress_table(frame, count_columns=[column], total_row_label="total", label_column="label")
    return dict(zip(out["label"].iloc[:-1], out[column].iloc[:-1], strict=True))


def viewer_rows(rows: list[dict]) -> list[dict]:
    """The rows with the casework and return counts suppressed for a viewer (module docstring)."""
    by = {r["measure"]: r for r in rows}
    out = []
    cells: dict[str, dict[str, object]] = {}
    for column in ("casework", "sen2"):
        cells[column] = {r["measure"]: suppress_count(r[column]) for r in rows if r["unit"] == "count"}
        for prefix in ("need_", "setting_"):
            cells[column] |= _block(rows, prefix, by.get("plans_january"), column)
        for measure, (num, den) in _PCT_PARTS.items():
            if measure in by:
                hidden = SUPPRESSED in (cells[column].get(num), cells[column].get(den))
                cells[column][measure] = SUPPRESSED if hidden else by[measure][column]
    for r in rows:
        c, s = cells["casework"].get(r["measure"]), cells["sen2"].get(r["measure"])
        out.append({**r, "casework": c, "sen2": s,
                    "casework_minus_sen2": SUPPRESSED if SUPPRESSED in (c, s) else r["casework_minus_sen2"],
                    "sen2_minus_published": SUPPRESSED if s == SUPPRESSED else r["sen2_minus_published"]})
    return out


def _signed(value: object, unit: str) -> str:
    """A difference: a sign when not 0; percentages in percentage points."""
    if not isinstance(value, int | float) or isinstance(value, bool) or pd.isna(value):
        return _shown(value, unit)
    if unit == "pct":
        return f"{value:+.1f} pts" if value else "0.0 pts"
    return f"+{fmt_int(value)}" if value > 0 else fmt_int(value)


def show(result: dict, *, lists: bool | None = None, unsuppressed: bool | None = None) -> None:
    """Draw one reconciliation. ``lists`` / ``unsuppressed`` default to what the signed-in user may see."""
    who = access.current()
    lists = who.can("case_lists") if lists is None else lists
    unsuppressed = who.can("unsuppressed") if unsuppressed is None else unsuppressed
    year, src = result["year"], result["sources"]
    st.caption(f"The SEN2 return {year} (reference date {result['reference_date']}; events of calendar year "
               f"{year - 1}) beside the casework snapshot counted the way the return counts, and the figure DfE "
               "published for the LA. DfE publishes a year's figures in June: until then the published column is "
               "empty, and the return column is what it will publish.")
    missing = [text for key, text in (("casework", "no casework snapshot is loaded"),
                                      ("sen2", f"no SEN2 return for {year} is loaded"),
                                      ("published", f"DfE has not published {year - 1}'s figures yet")) if not src[key]]
    if missing:
        st.info("Shown as –: " + "; ".join(missing) + ".")
    for note in result.get("notes") or []:
        st.caption(note)
    rows = result["rows"] if unsuppressed else viewer_rows(result["rows"])
    table = pd.DataFrame([{COLUMNS["label"]: r["label"],
                           **{COLUMNS[k]: _shown(r[k], r["unit"]) for k in ("casework", "sen2", "published")},
                           **{COLUMNS[k]: _signed(r[k], r["unit"]) for k in ("casework_minus_sen2",
                                                                             "sen2_minus_published")}}
                          for r in rows])
    st.dataframe(table, hide_index=True, width="stretch")
    csv_download(pd.DataFrame(rows), f"reconciliation-{year}")
    if not (src["casework"] and src["sen2"]):
        return
    diffs = result["differences"]
    m = result.get("matching") or {}
    counts = {reason: n if unsuppressed else suppress_count(n) for reason, n in Counter(d["reason"] for d in diffs).items()}
    st.markdown("**Requests counted differently:** " + (", ".join(f"{reason} {_shown(n, 'count')}"
                                                                   for reason, n in counts.items()) if diffs else "none."))
    if m and unsuppressed:
        st.caption(f"Requests matched on {m['key']}: {m['matched']:,} of the return's {m['sen2_requests']:,}; "
                   f"{m['ambiguous']:,} matched where several requests shared the key (the pairing may be wrong "
                   "there, the totals are not).")
    if not lists:
        st.caption("The requests behind the differences are listed for SEND leads.")
        return
    table_with_download(pd.DataFrame(diffs, columns=["reason", "person_ref", "request_ref_casework",
                                                     "request_ref_sen2", "detail"]),
                        f"reconciliation-{year}-requests", empty="Every request is counted the same way.")


def section(url: str, la: str) -> None:
    """The year choice and the reconciliation of that year (the Data quality tab's block)."""
    offered, first = data.guard(years, url, la)
    if not offered:
        st.info("Reconciliation appears once a casework snapshot or an SEN2 return is loaded.")
        return
    year = st.selectbox("Collection year (SEN2 return)", offered, index=offered.index(first), key="reconcile_year")
    show(data.guard(reconciliation, url, la, int(year)))
