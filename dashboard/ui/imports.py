"""The Data page's upload form: the same importers as ``senddash import``, with their reports shown."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from dashboard import demo
from dashboard.settings import load_settings
from data_access.importers import KINDS
from data_access.importers.base import MAX_FILE_BYTES

ALLOWED = ["xml", "csv", "xlsx", "gz", "zip"]
KIND_LABELS = {"": "Detect from the content", "sen2": "SEN2 return (XML)", "casework": "Casework extract",
               "complaints": "Complaints and compliments log", "census": "Spring school census (pupil level)",
               "benchmarks": "DfE published statistics (EES CSV or release zip)"}


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
    """Files to import; ``kind`` fixes what they are (e.g. "benchmarks" for a newer DfE release)."""
    limit_mb = upload_limit_mb(load_settings())
    with st.form(f"upload-{kind or 'any'}", clear_on_submit=True):
        # the browser refuses a bigger file before it is sent; the check below repeats it on the server
        files = st.file_uploader("Extract files", type=ALLOWED, accept_multiple_files=True, max_upload_size=limit_mb,
                                 help=f"SEN2 XML, casework/complaints/census CSV or XLSX, or a DfE release zip. "
                                      f"Up to {limit_mb} MB each.")
        if kind is None:
            kind = st.selectbox("What the files are", ["", *KINDS], format_func=KIND_LABELS.get)
        allow = kind != "benchmarks" and st.checkbox(
            "Load even if a column is missing", key=f"allow-missing-{kind or 'any'}",
            help="A casework, census or complaints file that lacks a column the previous one had, or one a KPI "
                 "needs, is refused. Tick this only when the column was left out on purpose: the KPIs it feeds "
                 "will be blank.")
        submitted = st.form_submit_button("Import", type="primary")
    if not submitted or not files:
        return
    for upload in files:
        problem = upload_problem(upload.name, upload.size, limit_mb)
        if problem:
            st.error(problem)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            report = demo.import_file(engine, path, kind=kind or None, la_code=la_code,
                                          allow_missing=("*",) if allow else ())
        show_report(report)
    from dashboard.ui import data

    data.clear_caches()  # every session's next run reads the new data


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
