"""Read functions: an engine in, DataFrames out (the frames documented in docs/architecture.md).

``records`` builds the records frame (one row per request); ``tables`` reads the complaints log, census
aggregates and benchmarks; ``placements`` the placements frame (one row per placement) and the URNs the establishments list lacks;
``history`` reads the import log; ``sources`` lists what was loaded for an LA, file by file; ``finance`` the
high-needs finance frames (SPEC 1.7) ``scenarios`` the leads' named forecast scenarios, and ``programme``
the improvement plan (SPEC 1.8), its in-app edits and their audit trail.
"""

from data_access.queries.finance import empty_finance, load_finance
from data_access.queries.history import benchmark_releases, import_history
from data_access.queries.placements import load_placements, load_school_names, load_unknown_urns
from data_access.queries.programme import (
    ConflictError,
    edit_programme,
    empty_programme,
    load_edits,
    load_programme,
)
from data_access.queries.records import (
    available_las,
    holds_real_records,
    last_import,
    load_records,
)
from data_access.queries.scenarios import delete_scenario, load_scenarios, save_scenario
from data_access.queries.sources import SOURCE_COLUMNS, load_sources
from data_access.queries.tables import load_benchmarks, load_census, load_complaints
from data_access.queries.validation import findings_by_rule, import_findings, validated_imports

__all__ = ["findings_by_rule", "import_findings", "validated_imports", "SOURCE_COLUMNS", "available_las", "holds_real_records", "benchmark_releases", "import_history", "last_import",
           "load_benchmarks", "load_census", "load_complaints", "load_placements", "load_records", "load_school_names",
           "load_sources", "load_unknown_urns", "empty_finance", "load_finance", "save_scenario", "load_scenarios",
           "delete_scenario", "ConflictError", "edit_programme", "empty_programme", "load_edits", "load_programme"]
