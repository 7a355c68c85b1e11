"""The Data quality page's validation section (issue 13): each validated import's findings by rule, the trend
across imports, and for leads the cases behind each rule with a workbook for caseworkers to fix them."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from dashboard.formula_guard import neutralise_frame
from dashboard.ui import components as ui
from dashboard.ui import data
from data_access import queries
from data_access.validation.engine import RULES, by_rule

AIM_PCT = 25  # the improvement the seeds' programme aimed for: a quarter fewer findings
KIND_WORDS = {"sen2": "SEN2 return", "casework": "casework extract"}


@st.cache_data(ttl=data.TTL, show_spinner=False)
def imports(url: str, la: str) -> pd.DataFrame:
    return queries.validated_imports(data._engine(url), la_code=la)


@st.cache_data(ttl=data.TTL, show_spinner=False)
def findings(url: str, import_id: int) -> pd.DataFrame:
    return queries.import_findings(data._engine(url), import_id)


def rules_table(found: pd.DataFrame) -> pd.DataFrame:
    """Every rule with its count in ``found``: the broken ones first (errors before queries), then the rest."""
    df = by_rule(found)[["rule", "severity", "area", "findings", "message"]]
    df = df.rename(columns=str.capitalize).assign(_none=lambda d: d["Findings"] == 0)
    return df.sort_values(["_none", "Severity", "Rule"], kind="stable").drop(columns="_none").reset_index(drop=True)


def trend(history: pd.DataFrame) -> pd.DataFrame:
    """import / source / severity / findings, one point per import and severity, in import order."""
    rows = []
    for r in history.itertuples(index=False):
        when = f"{pd.Timestamp(r.finished_at):%d %b %Y} #{r.import_id}"
        for sev, n in (("errors", r.errors), ("queries", r.queries)):
            rows.append({"import": when, "series": f"{KIND_WORDS.get(r.kind, r.kind)}: {sev}", "findings": int(n)})
    return pd.DataFrame(rows, columns=["import", "series", "findings"])


def improvement(history: pd.DataFrame, kind: str) -> str | None:
    """One sentence on the change in findings from the first validated import of ``kind`` to the latest."""
    runs = history[history["kind"] == kind]
    if len(runs) < 2:
        return None
    first, last = runs.iloc[0], runs.iloc[-1]
    before, after = int(first.errors + first.queries), int(last.errors + last.queries)
    words = KIND_WORDS.get(kind, kind)
    if before == 0:
        return f"The first validated {words} had no findings; the latest has {after:,}."
    change = 100 * (before - after) / before
    verdict = "meets" if change >= AIM_PCT else "does not yet meet"
    return (f"Findings in the {words} went from {before:,} to {after:,} over {len(runs)} imports: "
            f"{abs(change):.0f}% {'fewer' if change >= 0 else 'more'}, which {verdict} the aim of {AIM_PCT}% fewer.")


def workbook(found: pd.DataFrame, file_name: str) -> bytes:
    """The findings for caseworkers: a Findings sheet (rule, severity, message, person, request) and a Rules sheet."""
    messages = {r.id: r.message for r in RULES.values()}
    listed = found.assign(message=found["rule"].map(messages))[["rule", "severity", "message", "person_ref",
                                                                 "request_ref"]]
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as xl:
        neutralise_frame(listed).to_excel(xl, sheet_name="Findings", index=False)
        neutralise_frame(rules_table(found)).to_excel(xl, sheet_name="Rules", index=False)
        pd.DataFrame({"About": [f"Validation findings of {file_name}", "Fix each case in the case system, then "
                                "import the extract again."]}).to_excel(xl, sheet_name="About", index=False)
    return out.getvalue()


def show(url: str, la: str, *, lists: bool) -> None:
    """The validation section: latest import of each kind, its rules, the trend; ``lists`` for leads."""
    history = data.guard(imports, url, la)
    if history.empty:
        st.info("No SEN2 return or casework extract has been validated yet. Each import on the Data page is "
                "checked against every rule; `senddash validate FILE` checks a file without loading it.")
        return
    for kind in ("sen2", "casework"):
        runs = history[history["kind"] == kind]
        if runs.empty:
            continue
        last = runs.iloc[-1]
        st.subheader(f"Latest {KIND_WORDS[kind]}: {last.file_name}")
        c1, c2 = st.columns(2)
        c1.metric("Errors (DfE COLLECT would reject)", f"{int(last.errors):,}")
        c2.metric("Queries (need an explanation)", f"{int(last.queries):,}")
        found = data.guard(findings, url, int(last.import_id))
        ui.table_with_download(rules_table(found), f"validation-rules-{kind}")
        sentence = improvement(history, kind)
        if sentence:
            st.caption(sentence)
        if not lists:
            st.caption("The cases behind each rule are shown to SEND leads only.")
            continue
        broken = sorted(set(found["rule"]))
        if broken:
            pick = st.selectbox("Cases breaking rule", broken, key=f"rule_{kind}",
                                format_func=lambda r: f"{r}: {RULES[r].message}" if r in RULES else r)
            ui.table_with_download(found[found["rule"] == pick][["person_ref", "request_ref"]],
                                   f"validation-{kind}-{pick}")
            st.download_button("Download every finding for caseworkers (XLSX)", workbook(found, last.file_name),
                               file_name=f"validation-{kind}-{int(last.import_id)}.xlsx", key=f"xlsx-{kind}",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               icon=":material/download:")
    st.subheader("Findings at each import")
    st.caption("One point for each validated import (the Data page's import history numbers them): fewer findings "
               "from one extract to the next is the data getting better.")
    ui.line_chart(trend(history), x="import", y="findings", series="series", name="validation-trend",
                  title="Validation findings at each import", y_title="Findings")
