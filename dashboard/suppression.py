"""Small-number suppression for views meant for scrutiny or publication (SPEC section 5).

Primary: a count from 1 to ``threshold - 1`` (default 1-4) is shown as ``"c"``; a percentage is ``"c"``
when its numerator or denominator is. Secondary: wherever counts are tied by a shown total (a row with a
total column, a column with a totals row, a caller-declared ``parent = sum(children)`` relation) no
suppressed cell may be worked out from the shown cells. Each tie is a *line*, ``total = sum(members)``.
A line with exactly one hidden cell gets a complementary cell: its smallest non-zero shown member (ties:
the first in order; rows are visited before columns), else its total. This is repeated over every line
until stable. An exact linear-algebra check then catches cells recoverable only by combining several
lines (two suppressed rectangles joined by one cell): such a cell gets a complement in one of its lines
and the loop runs again.

Zeros: a true zero stays 0 and is never used as a complement, so zeros are never hidden (a line holding
a hidden non-zero cell has a non-zero total, so a non-zero cell to hide always exists). Missing counts
(None/NaN) stay None and are treated as known zeros, the cautious reading. Not covered: bounds
(interval) disclosure, and ties between different tables (months adding up to a year shown elsewhere).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

SUPPRESSED = "c"

Line = tuple[list[int], int]  # (member cell ids, total cell id)


def _check_threshold(threshold: int) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"The suppression threshold must be a whole number of 1 or more, not {threshold!r}.")


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _as_count(value: object, where: str) -> int | None:
    if _is_missing(value):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool | str) or not number.is_integer() or number < 0:
        raise ValueError(f"{where}: {value!r} is not a count (a whole number, 0 or more).")
    return int(number)


def suppress_count(n: object, *, threshold: int = 5) -> int | str | None:
    """``n`` as shown: ``"c"`` from 1 to ``threshold - 1``, 0 stays 0, None/NaN give None."""
    _check_threshold(threshold)
    count = _as_count(n, "suppress_count")
    if count is None:
        return None
    return SUPPRESSED if 0 < count < threshold else count


def suppress_pct(pct: float | None, *, numerator: object, denominator: object,
                 threshold: int = 5) -> float | str | None:
    """``pct`` as shown: ``"c"`` when its numerator or denominator is (or would be) suppressed."""
    _check_threshold(threshold)
    if _is_missing(pct):
        return None
    for part in (numerator, denominator):
        if (isinstance(part, str) and part == SUPPRESSED) or \
                suppress_count(part, threshold=threshold) == SUPPRESSED:
            return SUPPRESSED
    return float(pct)  # type: ignore[arg-type]


def _complement(values: np.ndarray, hidden: np.ndarray, line: Line, exclude: int,
                cost: np.ndarray | None = None, fixed: np.ndarray | None = None) -> int | None:
    """The cell of ``line`` to hide with ``exclude``: the lowest ``cost`` (a headline figure costs more),
    then a member before the total, then the smallest value, then the first. ``fixed`` cells (public
    already) are never picked."""
    members, total = line
    usable = ~hidden if fixed is None else ~hidden & ~fixed
    candidates = [(m, False) for m in members if m != exclude and usable[m] and values[m] > 0]
    if total != exclude and usable[total] and values[total] > 0:
        candidates.append((total, True))
    if not candidates:
        return None
    price = (lambda c: 0.0) if cost is None else (lambda c: float(cost[c]))
    return min(candidates, key=lambda ct: (price(ct[0]), ct[1], values[ct[0]], ct[0]))[0]


def _determined(hidden: np.ndarray, protect: np.ndarray, lines: Sequence[Line],
                touching: np.ndarray | None = None, solved: dict | None = None) -> list[int]:
    """Protected hidden cells whose value follows from the shown cells by any combination of lines.

    A hidden cell is determined when every solution of the lines (shown values known) agrees on it, i.e.
    when the null space of the lines restricted to the hidden cells is zero at that cell. ``touching``:
    only the groups of lines with a cell in this mask are solved (the others cannot involve it).
    ``solved``: the groups already solved, by their lines and hidden cells (a caller hiding one cell at a
    time re-solves only the group it changed).
    """
    active = [[c for c in (*members, total) if hidden[c]] for members, total in lines]
    active_lines = [(i, line, cs) for i, (line, cs) in enumerate(zip(lines, active, strict=True)) if cs]
    if not active_lines:
        return []
    # the lines fall apart into groups that share no hidden cell; each group is solved on its own
    parent: dict[int, int] = {}

    def find(c: int) -> int:
        while parent.setdefault(c, c) != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for _, _, cs in active_lines:
        for c in cs[1:]:
            parent[find(c)] = find(cs[0])
    groups: dict[int, list[tuple[int, Line, list[int]]]] = {}
    for item in active_lines:
        groups.setdefault(find(item[2][0]), []).append(item)
    out: list[int] = []
    for group in groups.values():
        if touching is None or any(touching[c] for _, (members, total), _ in group for c in (*members, total)):
            key = (tuple(i for i, _, _ in group), tuple(sorted(c for *_, cs in group for c in cs)))
            found = solved.get(key) if solved is not None else None
            if found is None:
                found = _determined_group(hidden, [line for _, line, _ in group])
                if solved is not None:
                    solved[key] = found
            out += [cell for cell in found if protect[cell]]
    return sorted(out)


def public_closure(public: np.ndarray, lines: Sequence[Line]) -> np.ndarray:
    """The cells whose values the ``public`` ones give away (through one line or several): public too.

    A figure the DfE has published (for this LA, this period, this breakdown) is no secret, and neither
    is what follows from published figures alone, so hiding it protects nothing.
    """
    known = public.copy()
    if not known.any():
        return known
    while True:
        changed = False
        for members, total in lines:
            unknown = [c for c in (*members, total) if not known[c]]
            if len(unknown) == 1:
                known[unknown[0]] = changed = True
        if changed:
            continue
        found = _determined(~known, ~known, lines, touching=known)
        if not found:
            return known
        known[found] = True


def _determined_group(hidden: np.ndarray, lines: Sequence[Line]) -> list[int]:
    """The hidden cells of one group of lines that the lines determine (protected or not)."""
    cells = sorted({c for members, total in lines for c in (*members, total) if hidden[c]})
    column = {cell: k for k, cell in enumerate(cells)}
    matrix = np.zeros((len(lines), len(cells)))
    for row, (members, total) in enumerate(lines):
        for member in members:
            if hidden[member]:
                matrix[row, column[member]] = 1.0
        if hidden[total]:
            matrix[row, column[total]] = -1.0
    # a hidden cell is determined when its unit vector lies in the lines' row space: its projection onto
    # an orthonormal basis of that space (the right singular vectors of the non-zero singular values) is 1
    _, singular, vt = np.linalg.svd(matrix, full_matrices=False)
    rank = int((singular > singular.max() * max(matrix.shape) * np.finfo(float).eps).sum())
    inside = (vt[:rank] ** 2).sum(axis=0)
    return [cell for cell, s in zip(cells, inside, strict=True) if s > 1 - 1e-8]


def _protect(values: np.ndarray, shown: np.ndarray, lines: Sequence[Line], threshold: int,
             protect_derived: bool = True, cost: np.ndarray | None = None,
             fixed: np.ndarray | None = None) -> np.ndarray:
    """Mask of the cells to hide. ``shown`` is False for cells that are never displayed (their value is
    implied by a relation); those protect others, and need protecting only when they are small (and only
    when ``protect_derived``: otherwise only the cells that are displayed are protected). ``fixed`` cells
    are known to everyone (a :func:`public_closure`): never hidden, never complements."""
    fixed = np.zeros(values.size, dtype=bool) if fixed is None else fixed
    protect = (values > 0) & (values < threshold) & (shown | protect_derived) & ~fixed
    hidden = (protect | ~shown) & ~fixed
    solved: dict = {}  # each group of lines solved once for each set of hidden cells it has
    while True:
        changed = False
        for line in lines:
            lonely = [cell for cell in (*line[0], line[1]) if hidden[cell]]
            if len(lonely) == 1 and protect[lonely[0]]:
                pick = _complement(values, hidden, line, lonely[0], cost, fixed)
                if pick is not None:
                    hidden[pick] = protect[pick] = True
                    changed = True
        if changed:
            continue
        exposed = _determined(hidden, protect, lines, solved=solved)
        if not exposed:
            return hidden
        cell = exposed[0]
        picks = (_complement(values, hidden, line, cell, cost, fixed) for line in lines
                 if cell in (*line[0], line[1]))
        pick = next((p for p in picks if p is not None), None)
        if pick is None:  # nothing left in its own lines: widen to the smallest non-zero shown cell
            spare = np.flatnonzero(~hidden & ~fixed & (values > 0))
            if spare.size == 0:
                raise RuntimeError("Small-number suppression could not protect a cell.")
            pick = int(spare[np.argmin(values[spare])])
        hidden[pick] = protect[pick] = True


def _layout(df: pd.DataFrame, count_columns: Sequence[str], total_column: str | None,
            total_row_label: Hashable | None, label_column: str | None,
            ) -> tuple[list[str], list[Hashable], list[Line], list[str]]:
    """Columns (counts then total), row labels, the table's lines and a name for each line."""
    columns = [*count_columns, *([total_column] if total_column is not None else [])]
    for name in [*columns, *([label_column] if label_column is not None else [])]:
        if name not in df.columns:
            raise ValueError(f"The table to suppress has no column {name!r}.")
    labels = df[label_column].tolist() if label_column is not None else df.index.tolist()
    total_row = None
    if total_row_label is not None:
        hits = [i for i, label in enumerate(labels) if label == total_row_label]
        if len(hits) != 1:
            raise ValueError(f"The table to suppress has {len(hits)} rows labelled {total_row_label!r}, "
                             "not one totals row.")
        total_row = hits[0]
    width, lines, names = len(columns), [], []
    if total_column is not None:
        for i, label in enumerate(labels):
            lines.append(([i * width + j for j in range(width - 1)], i * width + width - 1))
            names.append(f"row {label!r}: column {total_column!r}")
    if total_row is not None:
        for j, column in enumerate(columns):
            lines.append(([i * width + j for i in range(len(labels)) if i != total_row], total_row * width + j))
            names.append(f"column {column!r}: the {total_row_label!r} row")
    return columns, labels, lines, names


def suppress_table(df: pd.DataFrame, *, count_columns: Sequence[str], total_column: str | None = None,
                   total_row_label: Hashable | None = None, label_column: str | None = None,
                   pct_columns: Mapping[str, tuple[str, str]] | None = None,
                   threshold: int = 5) -> pd.DataFrame:
    """An object-dtype copy of ``df`` with small counts, their complements and their percentages as "c".

    ``total_column`` holds each row's total; ``total_row_label`` (looked up in ``label_column``, or the
    index) names the totals row. Totals must equal the sum of their cells. ``pct_columns`` maps a
    percentage column to its (numerator, denominator) columns, both among the counts or the total.
    """
    _check_threshold(threshold)
    columns, labels, lines, names = _layout(df, count_columns, total_column, total_row_label, label_column)
    pcts = dict(pct_columns or {})
    for pct, (num, den) in pcts.items():
        if pct not in df.columns or num not in columns or den not in columns:
            raise ValueError(f"Percentage column {pct!r} needs a column of the table and two count columns, "
                             f"not {num!r} and {den!r}.")
    block = df[columns].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    missing = df[columns].isna().to_numpy()
    with np.errstate(invalid="ignore"):
        bad = ~missing & (~np.isfinite(block) | (block < 0) | (np.mod(block, 1) != 0))
    if bad.any():
        i, j = (int(k) for k in np.argwhere(bad)[0])
        raise ValueError(f"Row {labels[i]!r}, column {columns[j]!r}: {df[columns[j]].iloc[i]!r} is not a "
                         "count (a whole number, 0 or more).")
    values = np.where(missing, 0, block).astype(np.int64)
    flat, gone = values.ravel(), missing.ravel()
    for (members, total), name in zip(lines, names, strict=True):
        if not gone[members].any() and not gone[total] and flat[members].sum() != flat[total]:
            raise ValueError(f"In the table to suppress, {name} is {flat[total]} but its cells add up to "
                             f"{flat[members].sum()}.")
    hidden = _protect(flat, np.ones(flat.size, dtype=bool), lines, threshold).reshape(values.shape)
    out, shown = df.astype(object), values.astype(object)
    shown[hidden], shown[missing] = SUPPRESSED, None
    for j, column in enumerate(columns):
        out[column] = pd.Series(shown[:, j], index=out.index, dtype=object)
    for pct, (num, den) in pcts.items():
        shown_pct = df[pct].astype(object).to_numpy(copy=True)
        shown_pct[pd.isna(shown_pct)] = None
        shown_pct[hidden[:, columns.index(num)] | hidden[:, columns.index(den)]] = SUPPRESSED
        out[pct] = pd.Series(shown_pct, index=out.index, dtype=object)
    return out


def recoverable_cells(table: pd.DataFrame, *, count_columns: Sequence[str], total_column: str | None = None,
                      total_row_label: Hashable | None = None,
                      label_column: str | None = None) -> list[tuple[Hashable, str]]:
    """(row label, column) of each "c" in a suppressed table that the shown cells and totals give away,
    by subtraction within one row or column or by combining several. Empty for a safe table."""
    columns, labels, lines, _ = _layout(table, count_columns, total_column, total_row_label, label_column)
    hidden = (table[columns].to_numpy(dtype=object) == SUPPRESSED).ravel()
    width = len(columns)
    return [(labels[c // width], columns[c % width]) for c in _determined(hidden, hidden.copy(), lines)]


def is_safe(table: pd.DataFrame, *, count_columns: Sequence[str], total_column: str | None = None,
            total_row_label: Hashable | None = None, label_column: str | None = None,
            threshold: int = 5) -> bool:
    """True when a suppressed table shows no count from 1 to threshold-1 and gives no "c" away."""
    columns = [*count_columns, *([total_column] if total_column is not None else [])]
    numbers = table[columns].apply(pd.to_numeric, errors="coerce")
    if ((numbers > 0) & (numbers < threshold)).any().any():
        return False
    return not recoverable_cells(table, count_columns=count_columns, total_column=total_column,
                                 total_row_label=total_row_label, label_column=label_column)


def suppress_series(rows: Sequence[Mapping[str, object]], *, count_keys: Sequence[str],
                    pct_keys: Mapping[str, tuple[str, str]] | None = None,
                    relations: Sequence[tuple[str, Sequence[str]]] = (),
                    threshold: int = 5, protect_derived: bool = True) -> list[dict[str, object]]:
    """Copies of the KPI rows (dicts) with small counts and their percentages as "c".

    Rows have no shown totals, so only primary suppression applies unless ``relations`` declares
    ``(parent, children)`` with ``parent = sum(children)`` in every row, e.g. ``("issued", ["within",
    "over"])``. At most one child per relation may be a key that is not displayed (not in
    ``count_keys``): its value is the parent minus the others, and it is protected like a shown cell.
    """
    _check_threshold(threshold)
    keys, pcts = list(count_keys), dict(pct_keys or {})
    for pct, (num, den) in pcts.items():
        if num not in keys or den not in keys:
            raise ValueError(f"Percentage {pct!r} must be built on two count keys, not {num!r} and {den!r}.")
    for parent, children in relations:
        if parent not in keys or sum(child not in keys for child in children) > 1:
            raise ValueError(f"Relation {parent!r} = {' + '.join(children)} needs a count key as parent and "
                             "at most one child that is not a count key.")
    return [_suppress_row(row, n, keys, pcts, relations, threshold, protect_derived) for n, row in enumerate(rows)]


def _suppress_row(row: Mapping[str, object], n: int, keys: list[str], pcts: dict[str, tuple[str, str]],
                  relations: Sequence[tuple[str, Sequence[str]]], threshold: int,
                  protect_derived: bool = True) -> dict[str, object]:
    counts = [_as_count(row.get(key), f"Row {n}, key {key!r}") for key in keys]
    values, shown, lines = [c or 0 for c in counts], [True] * len(keys), []
    for parent, children in relations:
        top, cells = keys.index(parent), [keys.index(c) for c in children if c in keys]
        if counts[top] is None or any(counts[c] is None for c in cells):
            continue
        rest = values[top] - sum(values[c] for c in cells)
        if rest < 0 or (rest and len(cells) == len(children)):
            raise ValueError(f"Row {n}: {parent!r} is {values[top]}, which is not the sum of "
                             f"{' + '.join(children)}.")
        if len(cells) < len(children):
            cells.append(len(values))
            values.append(rest)
            shown.append(False)
        lines.append((cells, top))
    hidden = _protect(np.array(values, dtype=np.int64), np.array(shown), lines, threshold, protect_derived)
    out = dict(row)
    for i, key in enumerate(keys):
        if key in row:
            out[key] = SUPPRESSED if hidden[i] else counts[i]
    for pct, (num, den) in pcts.items():
        if pct in row:
            out[pct] = None if _is_missing(row[pct]) else \
                SUPPRESSED if hidden[keys.index(num)] or hidden[keys.index(den)] else row[pct]
    return out
