"""The made-up schools and colleges of the sample LA and its neighbours, and the GIAS-format list of them.

SYNTHETIC SAMPLE DATA — no real schools: URNs 99xxxx, UKPRNs 1009xxxx, invented names. LA (code) 351
is in the area; 350, 352..356 and 888 are out of area.
"""

from __future__ import annotations

import io

import pandas as pd

# share of placements in the LA's own area per setting code (DfE does not publish it)
IN_AREA_SHARE = {"independent_special": 0.25, "non_maintained_special": 0.1, "independent_mainstream": 0.5,
                 "specialist_post16": 0.3, "post16": 0.8}
NO_SCHOOL = ("early_years", "home_education", "other_arrangements", "not_in_education", "unknown")
OUT_LAS = ("350", "352", "353", "354", "355", "356", "888")
_PLACES = ("Ashworth", "Brookfield", "Chesham", "Dunsley", "Elmhurst", "Fernhill", "Greenmount", "Hollinfare",
           "Ivybridge", "Jericho", "Kirklees Brook", "Limefield", "Moorside", "Nangreaves", "Openshaw Vale",
           "Parkhills", "Redvales", "Summerseat", "Tottington Fold", "Unsworth Moss", "Walmersley", "Yewtree")
# (code, phase): URN base, in-area count, out-of-area count, GIAS type, GIAS phase, name suffix
KINDS = {
    ("mainstream", "p"): (990001, 40, 20, "Community school", "Primary", "Primary School"),
    ("mainstream", "s"): (990101, 12, 10, "Academy converter", "Secondary", "High School"),
    ("special_maintained", ""): (990201, 3, 6, "Community special school", "Not applicable", "School"),
    ("special_academy_free", ""): (990211, 2, 6, "Academy special converter", "Not applicable", "Academy"),
    ("independent_special", ""): (992001, 3, 14, "Other independent special school", "Not applicable", "School"),
    ("non_maintained_special", ""): (994001, 1, 5, "Non-maintained special school", "Not applicable", "School"),
    ("independent_mainstream", ""): (993001, 2, 6, "Other independent school", "All-through", "College"),
    ("alternative_provision", ""): (990301, 2, 4, "Pupil referral unit", "Not applicable", "Learning Centre"),
    ("post16", ""): (990401, 2, 5, "Further education", "16 plus", "College"),
    ("specialist_post16", ""): (990501, 1, 4, "Special post 16 institution", "16 plus", "Specialist College"),
}
HOST = {"resourced_provision": "mainstream", "sen_unit": "mainstream"}


def _urn(kind: tuple[str, str], in_la: bool, key: int) -> int:
    base, n_in, n_out = KINDS[kind][:3]
    return base + (key % n_in if in_la else n_in + key % n_out)


def school_for(code: str, phase: str, u: float, key: int) -> tuple[int, int | None]:
    """(setting_in_la, URN) of a placement: -1 / None where the setting is not a school or college."""
    if code in NO_SCHOOL:
        return (1 if code == "early_years" else -1), None
    in_la = u < IN_AREA_SHARE.get(code, 0.95)
    kind = (HOST.get(code, code), phase if HOST.get(code, code) == "mainstream" else "")
    return int(in_la), _urn(kind, in_la, key * 7919)


def establishments() -> pd.DataFrame:
    """The GIAS 'all establishment data' rows of every school above (real GIAS headers)."""
    rows = []
    for i, (kind, (base, n_in, n_out, gias_type, phase, suffix)) in enumerate(KINDS.items()):
        for j in range(n_in + n_out):
            place = _PLACES[(j * 5 + i * 3) % len(_PLACES)]
            name = f"{place} {suffix}" if j < len(_PLACES) else f"{place} {suffix} {j // len(_PLACES) + 1}"
            if kind == ("mainstream", "p") and j == 7:
                name = "Clément Vale Primary School"  # GIAS downloads are Windows-1252: one accent to prove it
            la = "351" if j < n_in else OUT_LAS[j % len(OUT_LAS)]
            rows.append((base + j, name, gias_type, la, "Open", phase, 10090000 + (base + j) % 10000))
    return pd.DataFrame(rows, columns=["URN", "EstablishmentName", "TypeOfEstablishment (name)", "LA (code)",
                                       "EstablishmentStatus (name)", "PhaseOfEducation (name)", "UKPRN"])


def establishments_bytes() -> bytes:
    buf = io.StringIO()
    establishments().to_csv(buf, index=False, lineterminator="\r\n")
    return buf.getvalue().encode("cp1252")
