"""Settings as data: one table of name, default and help; values from a TOML file or the environment.

A setting's value comes from, in order: the environment variable ``SENDDASH_<NAME>``, the settings file
(``senddash.toml`` in the working directory, or the path in ``SENDDASH_SETTINGS``), then the default.
``docs/settings.md`` documents every setting; a test checks it stays complete.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("la_code", "351", "The LA's 3-digit DfE code; used when an extract does not carry one, and to "
            "pick the LA's own, regional and comparator benchmarks."),
    Setting("database_url", "", "SQLAlchemy URL of the database (e.g. postgresql://user:pw@host/senddash). "
            "Empty: SENDDASH_DATABASE_URL, .streamlit/secrets.toml [connections.sql] url, else "
            "sqlite:///data/senddash.sqlite."),
    Setting("comparators", [], "3-digit codes of the comparator LAs shown beside England and the region. "
            "Empty: the LA's ten statistical neighbours (DfE children's services model)."),
    Setting("cache_ttl_seconds", 300, "How long the app keeps a database read before reading again."),
    Setting("suppression_threshold", 5, "Counts from 1 up to one less than this are shown as 'c' in views "
            "meant for scrutiny or publication (5: counts 1-4 are suppressed)."),
    Setting("protect_derived_counts", True, "Also hide a count from 1 to 4 that is never shown but follows from "
            "shown ones (e.g. plans issued late = plans issued - plans within 20 weeks), with whatever would "
            "give it away. False: only counts that are shown are protected (DfE's own release shows such "
            "figures, e.g. 293 of 296 plans within 20 weeks)."),
    Setting("max_upload_mb", 50, "Largest file accepted by the Data page's upload."),
    Setting("target_timeliness_pct", 60.0, "Target for % of EHC plans issued within 20 weeks (excluding "
            "exceptions); RAG green at or above it."),
    Setting("amber_margin_pct", 10.0, "Percentage points below a target that still count as amber."),
    Setting("target_decision_6_weeks_pct", 90.0, "Target for % of requests decided within 6 weeks."),
    Setting("target_complaints_on_time_pct", 90.0, "Target for % of complaints responded to by the due date."),
    Setting("target_transfers_on_time_pct", 100.0, "Target for % of phase transfers finalised by the "
            "statutory deadline."),
    Setting("allow_unauthenticated", False, "Serve a real (non-sample) database without sign-in. Only for "
            "a server already behind the council's own sign-in. Everyone then has the unauthenticated_role."),
    Setting("unauthenticated_role", "viewer", "The role of everyone when allow_unauthenticated is on: viewer "
            "(small numbers suppressed, no case lists, no Data page), lead or admin."),
    Setting("require_sign_in", False, "Ask everyone to sign in even when .streamlit/secrets.toml has no [auth] "
            "section (sign-in is always required when it has one)."),
    Setting("public_url", "", "The address people open the dashboard at (e.g. https://send.council.gov.uk), so "
            "links in briefings written by `senddash briefing` open the same view; the app itself knows its address."),
    Setting("show_finance_to_viewers", False, "Show the high-needs finance figures (budget, outturn, balance against "
            "the Safety Valve agreement, the forecast's cost) to viewers and in the scrutiny briefing. Off: only leads "
            "and admins see money, because the committee's papers are public."),
    Setting("programme_sro", "", "The programme's Senior Responsible Owner, named on the monthly highlight report (e.g. \"Director of Children's Services\")."),
    Setting("report_author", "", "Who writes the programme reports (highlight, Safety Valve, data pack), named on each."),
    Setting("highlight_period_months", 1, "The months the highlight report covers, ending on the as-at date (1: the month to the as-at date); key progress lists the actions whose status changed in it."),
    Setting("highlight_overall_rag", "", "Overrides the highlight report's overall RAG (purple, red, amber, green or blue; empty: the worst status of the open actions). Needs highlight_rag_reason."),
    Setting("highlight_rag_reason", "", "Why the overall RAG was overridden, printed beside it on the highlight report."),
    Setting("roles", {}, "Who may see what: a [roles] table of viewer / lead / admin = [e-mail addresses, "
            "'*@domain' or 'group:NAME' entries]; see docs/security.md."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def settings_path() -> Path:
    return Path(os.environ.get("SENDDASH_SETTINGS", "senddash.toml"))


def _coerce(setting: Setting, raw: Any) -> Any:
    default = setting.default
    if isinstance(raw, str) and not isinstance(default, str):
        text = raw.strip()
        if isinstance(default, bool):
            return text.lower() in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            return int(text)
        if isinstance(default, float):
            return float(text)
        if isinstance(default, list):
            return [p.strip() for p in text.split(",") if p.strip()]
    if isinstance(default, dict):
        if not isinstance(raw, dict):
            raise ValueError(f"'{setting.name}' must be a table")
        return raw
    if isinstance(default, list) and not isinstance(raw, list):
        return [str(raw)]
    if isinstance(default, float) and isinstance(raw, int):
        return float(raw)
    return raw


def load_settings(path: Path | None = None) -> dict[str, Any]:
    """Every setting's value. Unknown keys in the file are ignored; a bad value raises ValueError."""
    values = {s.name: s.default for s in SETTINGS}
    path = path or settings_path()
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"The settings file {path} is not valid TOML ({exc}).") from exc
        for key, raw in data.items():
            if key in _BY_NAME:
                try:
                    values[key] = _coerce(_BY_NAME[key], raw)
                except ValueError as exc:
                    raise ValueError(f"The settings file {path} has a bad value for {key} ({exc}).") from exc
    for s in SETTINGS:
        if isinstance(s.default, dict):
            continue  # tables come only from the settings file
        env = os.environ.get(f"SENDDASH_{s.name.upper()}")
        if env is not None and env != "":
            try:
                values[s.name] = _coerce(s, env)
            except ValueError as exc:
                raise ValueError(f"SENDDASH_{s.name.upper()}={env!r} is not a valid value ({exc}).") from exc
    return values
