"""Reports and exports built from the KPI object for the programme board and finance: the forecast workbook,
and the programme reports (monthly highlight report, quarterly Safety Valve report, monthly data pack).

:func:`render` is the one door the CLI and the Programme page use: ``render(kind, inputs, suffix)`` gives
the file's bytes for one of :data:`~dashboard.reports.inputs.FORMATS`.
"""

from __future__ import annotations

from importlib import import_module

from dashboard.reports.inputs import FORMATS, TITLES, ReportInputs, build_inputs

_MODULES = {"highlight": "dashboard.reports.highlight", "safety-valve": "dashboard.reports.safety_valve",
            "data-pack": "dashboard.reports.data_pack"}


def render(kind: str, inputs: ReportInputs, suffix: str) -> bytes:
    """The report ``kind`` as ``suffix`` (".pdf", ".docx", ".xlsx", ".pptx"); ValueError (one sentence) for
    a kind or format it is not written as."""
    if kind not in FORMATS:
        raise ValueError(f"There is no '{kind}' report; the reports are {', '.join(FORMATS)}.")
    suffix = suffix.lower()
    if suffix not in FORMATS[kind]:
        raise ValueError(f"The {TITLES[kind].lower()} is written as {' or '.join(FORMATS[kind])}, not {suffix}.")
    return import_module(_MODULES[kind]).render(inputs, suffix)


__all__ = ["FORMATS", "TITLES", "ReportInputs", "build_inputs", "render"]
