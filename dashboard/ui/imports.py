"""The Data page's upload form: the same importers as ``senddash import``, with their reports shown."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from dashboard import demo
from dashboard.settings import load_settings
from dashboard.ui.access import IMPORT_NOTES
from data_access.importers import KINDS
from data_access.importers.base import MAX_FILE_BYTES

ALLOWED = ["xml", "csv", "xlsx", "gz", "zip"]
KIND_LABELS = {"": "Detect from the content", "sen2": "SEN2 return (XML)", "casework": "Casework extract",
               "complaints": "Complaints and compliments log", "census": "Spring school census (pupil level)",
               "benchmarks": "DfE published statistics (EES CSV or release zip)",
               "placements": "Casework placement history", "establishments": "Establishments list (GIAS)",
               "finance": "High-needs finance workbook (budget, agreement, savings)",
               "programme": "Programme workbook (actions, milestones, risks, decisions)"}
PENDING = "_pending_upload"  # session key: files waiting for the confirmation that replaces the sample


def upload_limit_mb(settings: dict) -> int:
    """The max_upload_mb setting, kept within 1 MB and the importers' own limit for one file."""
    return max(1, min(int(settings["max_upload_mb"]), MAX_FILE_BYTES // 2**20))


def upload_problem(name: str, size: int, limit_mb: int) -> str | None:
    """Why an uploaded file is refused before it is written anywhere (None: it may be imported)."""
    if Path(name).suffix.lower().lstrip(".") not in ALLOWED:
        return f"{name} is not a file type the importers read ({', '.join('.' + a for a in ALLOWED)})."
    if size > limit_mb * 2**20:
        return f"{name} is {size / 2**20:,.1f} MB, over the {limit_mb} MB upload limit."
    return None


def upload_form(engine: Engine, *, la_code: str, kind: str | None = None) -> None:
    """Files to import; ``kind`` fixes what they are (e.g. "benchmarks" for a newer DfE release).

    A real file offered to a database holding the synthetic sample waits for a confirmation that removes
    the sample first. After an import the app reruns, so the banner and the gate see the new data at once;
    what the import said is kept for that run (``IMPORT_NOTES``): here, or on the lock screen."""
    form = kind or "any"
    pending = st.session_state.get(PENDING)
    if pending and pending["form"] == form:
        _confirm(engine, pending, la_code=la_code)
        return
    notes = st.session_state.get(IMPORT_NOTES)
    if notes and notes["form"] == form:
        del st.session_state[IMPORT_NOTES]
        for item in notes["items"]:
            if isinstance(item, str):
                st.error(item)
            else:
                show_report(item)
    limit_mb = upload_limit_mb(load_settings())
    with st.form(f"upload-{form}", clear_on_submit=True):
        # the browser refuses a bigger file before it is sent; the check below repeats it on the server
        files = st.file_uploader("Extract files", type=ALLOWED, accept_multiple_files=True, max_upload_size=limit_mb,
                                 help=f"SEN2 XML, casework/complaints/census CSV or XLSX, or a DfE release zip. "
                                      f"Up to {limit_mb} MB each.")
        if kind is None:
            kind = st.selectbox("What the files are", ["", *KINDS], format_func=KIND_LABELS.get)
        allow = kind != "benchmarks" and st.checkbox(
            "Load even if a column is missing", key=f"allow-missing-{form}",
            help="A casework, census or complaints file that lacks a column the previous one had, or one a KPI "
                 "needs, is refused. Tick this only when the column was left out on purpose: the KPIs it feeds "
                 "will be blank.")
        submitted = st.form_submit_button("Import", type="primary")
    if not submitted or not files:
        return
    problems, uploads = [], []
    for upload in files:
        problem = upload_problem(upload.name, upload.size, limit_mb)
        if problem:
            problems.append(problem)
        else:
            uploads.append((Path(upload.name).name, upload.getvalue()))
    job = {"form": form, "files": uploads, "kind": kind or None, "allow": bool(allow), "problems": problems}
    counts = _sample_in_the_way(engine, job, la_code=la_code)
    if counts:
        st.session_state[PENDING] = {**job, "counts": counts}
        st.rerun()
    run_imports(engine, job, la_code=la_code)


def _sample_in_the_way(engine: Engine, job: dict, *, la_code: str) -> dict | None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, content in job["files"]:
            path = Path(tmp) / name
            path.write_bytes(content)
            counts = demo.sample_in_the_way(engine, path, kind=job["kind"], la_code=la_code,
                                            allow_missing=("*",) if job["allow"] else ())
            if counts:
                return counts
    return None


def _confirm(engine: Engine, job: dict, *, la_code: str) -> None:
    """Ask before a real file replaces the synthetic sample; nothing is written until the answer."""
    names = ", ".join(name for name, _ in job["files"])
    st.warning(f"**{names}**: real data, and the database at `{demo.where(engine)}` holds the synthetic sample "
               f"LA ({demo.sample_summary(job['counts'])}). Real and synthetic records are never mixed: importing "
               f"removes the synthetic records first (DfE's published figures stay). {demo.CONTINUE}",
               icon=":material/warning:")
    go, cancel = st.columns(2)
    if go.button("Remove the synthetic sample and import", type="primary", key="confirm-replace-demo"):
        del st.session_state[PENDING]
        run_imports(engine, job, la_code=la_code, replace_demo=True)
    if cancel.button("Cancel: keep the sample, import nothing", key="cancel-replace-demo"):
        del st.session_state[PENDING]
        st.rerun()


def run_imports(engine: Engine, job: dict, *, la_code: str, replace_demo: bool = False) -> None:
    """Import the job's files, keep what each import said for the next run, and rerun when anything loaded."""
    items: list = list(job["problems"])
    with tempfile.TemporaryDirectory() as tmp:
        for name, content in job["files"]:
            path = Path(tmp) / name
            path.write_bytes(content)
            items.append(demo.import_file(engine, path, kind=job["kind"], la_code=la_code,
                                          allow_missing=("*",) if job["allow"] else (), replace_demo=replace_demo))
    from dashboard.ui import data

    data.clear_caches()  # every session's next run reads the new data
    st.session_state[IMPORT_NOTES] = {"form": job["form"], "items": items}
    st.rerun()  # the gate, the banner and the sidebar see the new data now, not on the next page


def show_report(report) -> None:
    if not report.ok:
        st.error(report.message)
        if report.missing_columns:
            st.caption("Here: tick **Load even if a column is missing** and import the file again (the command line "
                       "takes --allow-missing).")
            st.dataframe(pd.DataFrame([{"missing column": c, "what it feeds": "; ".join(f)}
                                       for c, f in report.missing_columns.items()]), hide_index=True)
        return
    (st.success if not report.rows_rejected else st.warning)(report.summary())
    if report.rejections:
        st.dataframe(pd.DataFrame([r.as_dict() for r in report.rejections]), hide_index=True)
