"""One LA's own files, as a council would load them: not the bundled samples byte for byte, so the
database holds real data (no demo mode), with each source ending where a real one might.

Made from the synthetic sample (no real child): the casework extract cut at 15 March 2025 (nothing
recorded later), the complaints log ending in December 2024, and the spring censuses of 2023 and 2024.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
CASEWORK_END = "2025-03-15"
COMPLAINTS_END = "2024-12-31"


def write_own_files(folder: Path) -> list[Path]:
    """The own-data files in ``folder``: casework.csv, complaints.csv, spring_census_2023/2024.csv."""
    folder.mkdir(parents=True, exist_ok=True)
    casework = pd.read_csv(SAMPLE / "casework.csv", dtype=str, keep_default_na=False)
    casework = casework[(casework["received_date"] == "") | (casework["received_date"] <= CASEWORK_END)]
    for col in [c for c in casework.columns if c.endswith("_date") and c != "birth_date"]:
        later = casework[col] > CASEWORK_END
        casework.loc[later, col] = ""  # not happened yet on the day of the extract
    complaints = pd.read_csv(SAMPLE / "complaints.csv", dtype=str, keep_default_na=False)
    complaints = complaints[complaints["received_date"] <= COMPLAINTS_END].copy()
    complaints.loc[complaints["responded_date"] > COMPLAINTS_END, "responded_date"] = ""
    out = [folder / "casework.csv", folder / "complaints.csv"]
    casework.to_csv(out[0], index=False)
    complaints.to_csv(out[1], index=False)
    for year in (2023, 2024):
        target = folder / f"spring_census_{year}.csv"
        with gzip.open(SAMPLE / "census" / f"spring_census_{year}.csv.gz", "rt", encoding="utf-8") as src:
            header, *pupils = src.read().splitlines()
        # the council's own export: the same pupils in its own order (not the sample's bytes)
        target.write_text("\n".join([header, *reversed(pupils)]) + "\n", encoding="utf-8")
        out.append(target)
    return out


def build_own_db(url: str, folder: Path) -> None:
    """A new database (shipped DfE figures on first use) holding only the own-data files."""
    from dashboard import demo
    from data_access.engine import make_engine

    engine = make_engine(url, create=True)
    try:
        for path in write_own_files(folder):
            report = demo.import_file(engine, path, la_code="351")
            if not report.ok:
                raise RuntimeError(f"{path.name} did not load: {report.summary()}")
    finally:
        engine.dispose()
