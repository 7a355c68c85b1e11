"""The bundled synthetic sample extracts (``sample_data/``), and how their records are recognised.

The sample LA's children are made up. Records loaded from a file whose content is byte for byte one of
these files are marked ``synthetic`` (``dataset.synthetic``, ``complaint.synthetic``); everything else is
real. The app's demo mode (no sign-in) is allowed only while every record is synthetic.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"


def sample_files() -> list[tuple[Path, str]]:
    """The bundled synthetic sample extracts, with their kinds, in load order."""
    files = [(SAMPLE_DIR / "casework.csv", "casework"), (SAMPLE_DIR / "complaints.csv", "complaints")]
    files += [(p, "census") for p in sorted((SAMPLE_DIR / "census").glob("spring_census_*.csv.gz"))]
    return files


@functools.cache
def sample_hashes() -> frozenset[str]:
    """sha256 of the bundled sample files as the importers log them (of the content, gzip undone)."""
    from data_access.importers.reading import read_bytes

    return frozenset(hashlib.sha256(read_bytes(p)).hexdigest() for p, _ in sample_files() if p.exists())
