"""The casework extract's checked columns -> the rows of ``casework_record``, one per request.

The file is already one row per request, so no per-table split: the frame keeps the file's row order
and only makes each request read as the SEN2-shaped tables used to give it back (so the records frame
is the same either way):

- a person's birth date, sex and ethnicity are those of the person's first row in the file;
- ``week20_exception`` is False unless the file says true;
- ``phase_transfer_final_date`` needs a due date (a phase transfer is recorded by its due date).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data_access.schema import CaseworkRecord

COLUMNS = tuple(c.name for c in CaseworkRecord.__table__.c if c.name not in ("id", "dataset_id"))
_PERSON = ("birth_date", "sex", "ethnicity")
_RENAMED = {"person_ref": "person_id", "request_ref": "request_id"}


def build_rows(cols: dict[str, pd.Series], valid: np.ndarray) -> pd.DataFrame:
    """The valid rows as ``casework_record`` rows (without ``id`` and ``dataset_id``)."""
    c = {k: s[valid].reset_index(drop=True) for k, s in cols.items()}
    codes, _ = pd.factorize(c["person_id"])
    _, first = np.unique(codes, return_index=True)
    first_row = first[codes]  # each row's person's first row
    out: dict[str, object] = {}
    for name in COLUMNS:
        s = c[_RENAMED.get(name, name)]
        if name in _PERSON:
            s = s.iloc[first_row].reset_index(drop=True)
        out[name] = s
    out["week20_exception"] = (c["week20_exception"] == True).to_numpy(dtype=bool)  # noqa: E712 - None -> False
    out["phase_transfer_final_date"] = c["phase_transfer_final_date"].where(c["phase_transfer_due_date"].notna())
    return pd.DataFrame(out, columns=list(COLUMNS))
