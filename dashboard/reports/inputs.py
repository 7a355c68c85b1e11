"""What every programme report is built from (the one contract of the highlight report, the Safety Valve
report and the data pack), and how the CLI and the Programme page build it.

The KPI object in :class:`ReportInputs` is already protected (:func:`protect_kpis` with the settings'
threshold, exactly as the scrutiny briefing protects it), so a report can only show what a viewer sees;
finance is in it only when ``show_finance_to_viewers`` is on, or for a lead's internal copy
(``show_finance=True``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from dashboard.disclosure.kpis import protect_kpis
from dashboard.kpi.programme import WORST_FIRST

# each report and the files it is written as (SPEC 3)
FORMATS: dict[str, tuple[str, ...]] = {"highlight": (".pdf", ".docx"), "safety-valve": (".pdf", ".xlsx"),
                                       "data-pack": (".pdf", ".pptx")}
TITLES = {"highlight": "Monthly highlight report", "safety-valve": "Quarterly Safety Valve report",
          "data-pack": "Monthly data pack"}


@dataclass(frozen=True)
class ReportInputs:
    k: dict  # the protected KPI object (SPEC 3 with forecast, finance when shown, and programme)
    programme: dict[str, pd.DataFrame]  # actions, milestones, risks, decisions (frames.programme)
    edits: pd.DataFrame  # the in-app edit trail (frames.programme.EDIT_COLUMNS)
    settings: dict
    la_name: str | None = None
    period: tuple[dt.date, dt.date] | None = None  # the highlight report's period (None: from the settings)
    rag_override: tuple[str, str] | None = None  # (status, reason) chosen on the page; None: the settings'
    show_finance: bool = False  # finance figures are in ``k``
    extra: dict = field(default_factory=dict)

    @property
    def as_at(self) -> dt.date:
        return dt.date.fromisoformat(self.k["as_at"])

    @property
    def who(self) -> str:
        """"Northshire (LA 351)", or "LA 351"."""
        code = self.k.get("la_code")
        return f"{self.la_name} (LA {code})" if self.la_name else f"LA {code}"

    @property
    def report_period(self) -> tuple[dt.date, dt.date]:
        """The highlight period: given, else the ``highlight_period_months`` months ending on the as-at date
        (from the day after the same date that many months before)."""
        if self.period is not None:
            return self.period
        months = max(1, int(self.settings.get("highlight_period_months", 1)))
        start = (pd.Timestamp(self.as_at) - pd.DateOffset(months=months)).date() + dt.timedelta(days=1)
        return start, self.as_at

    @property
    def override(self) -> tuple[str, str] | None:
        """The overall RAG override (status, reason): the page's, else the settings' (both need a reason)."""
        if self.rag_override is not None:
            return self.rag_override
        status = str(self.settings.get("highlight_overall_rag") or "").strip().lower()
        reason = str(self.settings.get("highlight_rag_reason") or "").strip()
        if status and status not in WORST_FIRST:
            raise ValueError(f"The highlight_overall_rag setting is '{status}'; use one of "
                             f"{', '.join(WORST_FIRST)}, or leave it empty.")
        if status and not reason:
            raise ValueError("The highlight_overall_rag setting overrides the overall RAG but "
                             "highlight_rag_reason gives no reason; add one.")
        return (status, reason) if status else None


def build_inputs(k: dict, programme: dict[str, pd.DataFrame], edits: pd.DataFrame, settings: dict, *,
                 la_name: str | None = None, show_finance: bool | None = None, **options) -> ReportInputs:
    """:class:`ReportInputs` from an unprotected KPI object: protected here with the settings' threshold.
    ``show_finance`` None: the ``show_finance_to_viewers`` setting decides."""
    finance = bool(settings.get("show_finance_to_viewers", False)) if show_finance is None else show_finance
    p = protect_kpis(k, threshold=int(settings["suppression_threshold"]),
                     protect_derived=bool(settings.get("protect_derived_counts", True)), show_finance=finance)
    return ReportInputs(p, programme, edits, settings, la_name=la_name, show_finance=finance, **options)
