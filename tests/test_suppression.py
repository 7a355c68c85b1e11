"""Small-number suppression (SPEC section 5): hand-worked tables, then properties over random tables."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.suppression import (
    SUPPRESSED,
    is_safe,
    recoverable_cells,
    suppress_count,
    suppress_pct,
    suppress_series,
    suppress_table,
)

C = SUPPRESSED


def test_counts_and_percentages():
    assert [suppress_count(n) for n in (0, 1, 4, 5, 120)] == [0, C, C, 5, 120]
    assert suppress_count(None) is None and suppress_count(float("nan")) is None
    assert suppress_count(np.int64(3)) == C and suppress_count(7.0) == 7
    assert [suppress_count(n, threshold=10) for n in (0, 9, 10)] == [0, C, 10]
    assert suppress_pct(66.7, numerator=2, denominator=3) == C  # 2 of 3
    assert suppress_pct(40.0, numerator=2, denominator=5) == C  # small numerator
    assert suppress_pct(37.5, numerator=6, denominator=16) == 37.5
    assert suppress_pct(0.0, numerator=0, denominator=9) == 0.0  # a true zero is not disclosive
    assert suppress_pct(80.0, numerator=8, denominator=C) == C  # built on an already-suppressed count
    assert suppress_pct(None, numerator=0, denominator=0) is None
    assert suppress_pct(60.0, numerator=6, denominator=10, threshold=10) == C


@pytest.mark.parametrize("bad", [-1, 2.5, "3", True])
def test_a_value_that_is_not_a_count_is_rejected(bad):
    with pytest.raises(ValueError, match="is not a count"):
        suppress_count(bad)


@pytest.mark.parametrize("threshold", [0, -5, 2.5, True])
def test_a_threshold_that_is_not_a_whole_number_from_1_is_rejected(threshold):
    with pytest.raises(ValueError, match="threshold"):
        suppress_count(3, threshold=threshold)


def _table(body: list[list[int]], columns: str = "ABC") -> pd.DataFrame:
    df = pd.DataFrame(body, columns=list(columns))
    df["Total"] = df.sum(axis=1)
    df.loc[len(df)] = df.sum(axis=0)
    df.insert(0, "need", [f"r{i + 1}" for i in range(len(df) - 1)] + ["Total"])
    return df


FULL = {"total_column": "Total", "total_row_label": "Total", "label_column": "need"}


def test_3x3_table_one_small_cell_gets_a_complement_in_its_row_and_its_column():
    df = _table([[3, 8, 12], [9, 10, 15], [20, 25, 30]])
    out = suppress_table(df, count_columns=list("ABC"), **FULL)
    # r1/A = 3 is primary. Row r1: smallest other non-zero is B = 8. Column A: smallest other is r2 = 9.
    # Column B now hides only r1/B (8): its smallest other is r2/B = 10, which also leaves row r2 with
    # two hidden cells (A and B), so the rectangle r1-r2 x A-B closes and every line is safe.
    expected = pd.DataFrame({
        "need": ["r1", "r2", "r3", "Total"],
        "A": [C, C, 20, 32], "B": [C, C, 25, 43], "C": [12, 15, 30, 57], "Total": [23, 34, 75, 132],
    })
    assert out.to_dict("list") == expected.to_dict("list")
    assert (out.dtypes == "object").all()
    assert df.loc[0, "A"] == 3  # the input is not modified
    assert recoverable_cells(out, count_columns=list("ABC"), **FULL) == []
    assert is_safe(out, count_columns=list("ABC"), **FULL)


def test_percentages_follow_their_numerator_and_denominator():
    df = _table([[3, 8, 12], [9, 10, 15], [20, 25, 30]])
    df["pct_C"] = [52.2, 44.1, 40.0, 43.2]  # C / Total
    df["pct_A"] = [13.0, 26.5, 26.7, None]  # A / Total; None stays None
    out = suppress_table(df, count_columns=list("ABC"), pct_columns={"pct_C": ("C", "Total"),
                                                                    "pct_A": ("A", "Total")}, **FULL)
    assert out["pct_C"].tolist() == [52.2, 44.1, 40.0, 43.2]
    assert out["pct_A"].tolist() == [C, C, 26.7, None]


def test_a_lone_hidden_cell_with_only_zeros_beside_it_hides_the_total():
    df = _table([[3, 6], [12, 0]], columns="xy")
    out = suppress_table(df, count_columns=["x", "y"], **FULL)
    # a/x = 3 is primary; row a: complement a/y = 6. Column x: complement b/x = 12. Column y: b/y is a
    # true zero, so the column's total (6) is hidden. Row b then hides only b/x next to a zero: its
    # total 12 goes. Totals row: x (15) joins y. Total column: a's total 9 joins b's. Zeros stay 0.
    assert out["x"].tolist() == [C, C, C]
    assert out["y"].tolist() == [C, 0, C]
    assert out["Total"].tolist() == [C, C, 21]
    assert is_safe(out, count_columns=["x", "y"], **FULL)


def test_threshold_is_configurable_and_zero_is_never_a_complement():
    df = pd.DataFrame({"team": ["a", "b"], "x": [7, 15], "y": [12, 30], "z": [0, 40]})
    df["Total"] = df[["x", "y", "z"]].sum(axis=1)
    kwargs = {"count_columns": ["x", "y", "z"], "total_column": "Total", "label_column": "team"}
    assert suppress_table(df, **kwargs).equals(df.astype(object))  # nothing below 5
    out = suppress_table(df, threshold=10, **kwargs)
    # 7 < 10 is primary; its row's complement is y = 12 (z is a true zero); no totals row: columns free
    assert out.loc[0].tolist() == ["a", C, C, 0, 19]
    assert out.loc[1].tolist() == ["b", 15, 30, 40, 85]


def test_a_cell_recoverable_only_by_combining_lines_is_protected():
    body = [[1, 2, 3, 20], [2, 1, 20, 20], [20, 20, 1, 2], [20, 20, 2, 1]]
    kwargs = {"count_columns": list("ABCD"), **FULL}
    df = _table(body, columns="ABCD")
    # Primary cells alone leave every line with 0 or >= 2 hidden cells, yet r1/C is given away:
    # r2 says A+B = 3; columns A and B then give r1's A+B = 3, so r1/C = 26 - 20 - 3 = 3.
    primary = df.astype(object)
    primary[list("ABCD")] = primary[list("ABCD")].map(lambda v: C if 0 < v < 5 else v)
    assert recoverable_cells(primary, **kwargs) == [("r1", "C")]
    assert not is_safe(primary, **kwargs)
    out = suppress_table(df, **kwargs)
    # fix: one complement in r1/C's row (smallest shown non-zero: D = 20), linking it to the C-D square
    expected = primary.copy()
    expected.loc[0, "D"] = C
    assert out.to_dict("list") == expected.to_dict("list")
    assert recoverable_cells(out, **kwargs) == []


def test_totals_row_only_protects_columns():
    df = pd.DataFrame({"area": ["north", "south", "Total"], "ehcp": [3, 40, 43], "support": [50, 60, 110]})
    out = suppress_table(df, count_columns=["ehcp", "support"], total_row_label="Total", label_column="area")
    assert out["ehcp"].tolist() == [C, C, 43]  # 43 - 40 would give north away
    assert out["support"].tolist() == [50, 60, 110]  # no total column: rows are not tied


def test_bad_tables_are_rejected_with_one_sentence():
    df = _table([[3, 8, 12], [9, 10, 15]])
    df.loc[1, "Total"] = 35
    with pytest.raises(ValueError, match=r"row 'r2': column 'Total' is 35 but its cells add up to 34"):
        suppress_table(df, count_columns=list("ABC"), **FULL)
    df = _table([[3, 8, 12], [9, 10, 15]]).drop(columns="Total")
    df.loc[2, "B"] = 17
    with pytest.raises(ValueError, match=r"column 'B': the 'Total' row is 17 but its cells add up to 18"):
        suppress_table(df, count_columns=list("ABC"), total_row_label="Total", label_column="need")
    df = _table([[3, 8, 12], [9, 10, 15]]).astype(object)
    df.loc[1, "C"] = "fifteen"
    with pytest.raises(ValueError, match=r"Row 'r2', column 'C': 'fifteen' is not a count"):
        suppress_table(df, count_columns=list("ABC"), **FULL)
    with pytest.raises(ValueError, match="has 0 rows labelled 'All'"):
        suppress_table(_table([[1, 2, 3]]), count_columns=list("ABC"), total_row_label="All",
                       label_column="need")
    with pytest.raises(ValueError, match="no column 'D'"):
        suppress_table(_table([[1, 2, 3]]), count_columns=list("ABCD"))
    with pytest.raises(ValueError, match="Percentage column 'pct'"):
        suppress_table(_table([[1, 2, 3]]), count_columns=list("AB"), pct_columns={"pct": ("A", "C")})


def test_missing_counts_stay_missing():
    df = pd.DataFrame({"x": [2.0, np.nan, 9.0], "y": [7, 8, 9]})
    out = suppress_table(df, count_columns=["x", "y"])
    assert out["x"].tolist() == [C, None, 9] and out["y"].tolist() == [7, 8, 9]


MONTHS = [
    {"month": "2022-04", "issued": 10, "within": 7, "pct": 70.0, "issued_ex": 9, "within_ex": 7, "pct_ex": 77.8},
    {"month": "2022-05", "issued": 12, "within": 3, "pct": 25.0, "issued_ex": 12, "within_ex": 3, "pct_ex": 25.0},
    {"month": "2022-06", "issued": 0, "within": 0, "pct": None, "issued_ex": 0, "within_ex": 0, "pct_ex": None},
    {"month": "2022-07", "issued": 30, "within": 20, "pct": 66.7, "issued_ex": 28, "within_ex": 20, "pct_ex": 71.4},
]
KEYS = ["issued", "within", "issued_ex", "within_ex"]
PCTS = {"pct": ("within", "issued"), "pct_ex": ("within_ex", "issued_ex")}


def test_series_primary_only_without_relations():
    out = suppress_series(MONTHS, count_keys=KEYS, pct_keys=PCTS)
    assert [(r["issued"], r["within"], r["pct"], r["issued_ex"], r["within_ex"], r["pct_ex"]) for r in out] == [
        (10, 7, 70.0, 9, 7, 77.8), (12, C, C, 12, C, C), (0, 0, None, 0, 0, None), (30, 20, 66.7, 28, 20, 71.4)]
    assert [r["month"] for r in out] == ["2022-04", "2022-05", "2022-06", "2022-07"]
    assert MONTHS[1]["within"] == 3  # input untouched


def test_series_relations_protect_a_difference():
    relations = [("issued", ["within", "over"]), ("issued_ex", ["within_ex", "over_ex"]),
                 ("issued", ["issued_ex", "exceptions"])]
    out = suppress_series(MONTHS, count_keys=KEYS, pct_keys=PCTS, relations=relations)
    # April: over = 10 - 7 = 3 and over_ex = 2 are small and not shown; each relation's smallest shown
    # non-zero child goes (within 7, within_ex 7). exceptions = 1: its relation's only shown child,
    # issued_ex 9, goes too. May: within 3 hidden, over 9 and exceptions 0 are not shown, so issued
    # stays; within_ex 3 hidden beside the unseen over_ex 9: issued_ex stays. July: over = 10, over_ex
    # = 8, exceptions = 2 -> issued_ex (28) goes, and pct_ex with it.
    assert [(r["issued"], r["within"], r["pct"], r["issued_ex"], r["within_ex"], r["pct_ex"]) for r in out] == [
        (10, C, C, C, C, C), (12, C, C, 12, C, C), (0, 0, None, 0, 0, None), (30, 20, 66.7, C, 20, C)]
    with pytest.raises(ValueError, match=r"Row 0: 'issued' is 10, which is not the sum of within \+ issued_ex"):
        suppress_series(MONTHS, count_keys=KEYS, relations=[("issued", ["within", "issued_ex"])])
    with pytest.raises(ValueError, match="at most one child"):
        suppress_series(MONTHS, count_keys=KEYS, relations=[("issued", ["a", "b"])])
    with pytest.raises(ValueError, match="Percentage 'pct'"):
        suppress_series(MONTHS, count_keys=["issued"], pct_keys=PCTS)


# ---- properties over random tables -------------------------------------------------------------------


@st.composite
def tables(draw):
    rows, cols = draw(st.integers(2, 6)), draw(st.integers(2, 6))
    small = st.integers(0, 30) | st.integers(0, 5)  # mix in plenty of zeros and small counts
    body = np.array(draw(st.lists(st.lists(small, min_size=cols, max_size=cols), min_size=rows, max_size=rows)))
    has_total_column, has_total_row = draw(st.sampled_from([(True, True), (True, False), (False, True)]))
    return body, has_total_column, has_total_row, draw(st.integers(3, 11))


def _frame(body, has_total_column, has_total_row):
    grid = body
    if has_total_column:
        grid = np.column_stack([grid, grid.sum(axis=1)])
    if has_total_row:
        grid = np.vstack([grid, grid.sum(axis=0)])
    names = [f"k{j}" for j in range(body.shape[1])] + (["T"] if has_total_column else [])
    df = pd.DataFrame(grid, columns=names)
    df.insert(0, "label", [f"r{i}" for i in range(body.shape[0])] + (["All"] if has_total_row else []))
    return df, names


def _lines(shape, has_total_column, has_total_row):
    """Each tie as (member positions, total position), written out independently of the module."""
    n_rows, n_cols = shape
    lines = []
    if has_total_column:
        lines += [([(i, j) for j in range(n_cols - 1)], (i, n_cols - 1)) for i in range(n_rows)]
    if has_total_row:
        lines += [([(i, j) for i in range(n_rows - 1)], (n_rows - 1, j)) for j in range(n_cols)]
    return lines


@settings(max_examples=300, deadline=None)
@given(tables())
def test_random_tables_are_suppressed_safely(case):
    body, has_total_column, has_total_row, threshold = case
    df, names = _frame(body, has_total_column, has_total_row)
    df["pct"] = [float(i) for i in range(len(df))]
    kwargs = {"count_columns": names[: body.shape[1]], "total_column": "T" if has_total_column else None,
              "total_row_label": "All" if has_total_row else None, "label_column": "label"}
    out = suppress_table(df, pct_columns={"pct": (names[0], names[-1])}, threshold=threshold, **kwargs)
    given_values, shown = df[names].to_numpy(), out[names].to_numpy(dtype=object)
    hidden = shown == C
    # no displayed count from 1 to threshold-1; every shown cell is the input; zeros are never hidden
    assert not any(0 < v < threshold for v in shown[~hidden])
    assert (shown[~hidden] == given_values[~hidden]).all()
    assert not hidden[given_values == 0].any()
    assert hidden[(given_values > 0) & (given_values < threshold)].all()
    if not ((given_values > 0) & (given_values < threshold)).any():
        assert not hidden.any()  # nothing small, nothing hidden
    # percentages hidden exactly when their numerator or denominator is
    assert ((out["pct"] == C).to_numpy() == (hidden[:, 0] | hidden[:, -1])).all()
    # brute force, line by line: no tie (row or column with its total) has exactly one hidden cell
    lines = _lines(shown.shape, has_total_column, has_total_row)
    for members, total in lines:
        assert sum(hidden[p] for p in [*members, total]) != 1
    # and no combination of ties pins a hidden cell: adding "this cell = x" never adds a constraint
    cells = list(zip(*np.nonzero(hidden), strict=True))
    if cells and lines:
        matrix = np.array([[1.0 if c in members else -1.0 if c == total else 0.0 for c in cells]
                           for members, total in lines])
        rank = np.linalg.matrix_rank(matrix)
        for k in range(len(cells)):
            assert np.linalg.matrix_rank(np.vstack([matrix, np.eye(len(cells))[k]])) == rank + 1
    assert recoverable_cells(out, **kwargs) == [] and is_safe(out, threshold=threshold, **kwargs)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 25), st.integers(0, 25)), min_size=1, max_size=12),
       st.integers(3, 11))
def test_random_series_hide_small_counts_and_small_differences(pairs, threshold):
    rows = [{"issued": a + b, "within": a, "pct": 100.0 * a / (a + b) if a + b else None} for a, b in pairs]
    plain = suppress_series(rows, count_keys=["issued", "within"], pct_keys={"pct": ("within", "issued")},
                            threshold=threshold)
    tied = suppress_series(rows, count_keys=["issued", "within"], pct_keys={"pct": ("within", "issued")},
                           relations=[("issued", ["within", "over"])], threshold=threshold)
    for row, p, t in zip(rows, plain, tied, strict=True):
        for key in ("issued", "within"):
            assert p[key] == suppress_count(row[key], threshold=threshold)  # primary only
            assert t[key] == row[key] or (t[key] == C and row[key] > 0)  # shown as given; zeros kept
            assert t[key] == C or not 0 < t[key] < threshold
        assert p["pct"] == suppress_pct(row["pct"], numerator=row["within"], denominator=row["issued"],
                                        threshold=threshold)
        over = row["issued"] - row["within"]
        if 0 < over < threshold:  # "over" is never shown, so it must not follow by subtraction
            assert C in (t["issued"], t["within"])


@settings(max_examples=150, deadline=None)
@given(tables())
def test_keeping_solved_groups_hides_exactly_what_solving_every_group_afresh_hides(case):
    """``_protect`` keeps each group's solution for its lines and hidden cells; re-solving every group after
    every complement (the reference) must give the same cells, on tables with several linked ties."""
    import dashboard.suppression as sup

    body, has_total_column, has_total_row, threshold = case
    df, names = _frame(body, has_total_column, has_total_row)
    values = df[names].to_numpy(dtype="int64").ravel()
    lines = [([i * len(names) + j for i, j in members], total[0] * len(names) + total[1])
             for members, total in _lines((len(df), len(names)), has_total_column, has_total_row)]
    shown = np.ones(values.size, dtype=bool)
    kept = sup._protect(values, shown, lines, threshold)
    solved_now = sup._determined

    def afresh(hidden, protect, lines, touching=None, solved=None):
        return solved_now(hidden, protect, lines, touching=touching)  # never reuses a solution

    sup._determined = afresh
    try:
        reference = sup._protect(values, shown, lines, threshold)
    finally:
        sup._determined = solved_now
    assert (kept == reference).all()
