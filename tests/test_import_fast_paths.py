"""The importers' fast paths give exactly what the slower, general paths give, or step aside.

- CSV text is read by Arrow's CSV reader when nothing in it could read differently from pandas'
  ``read_csv`` (``reading._arrow_csv``); otherwise pandas reads it, as before.
- ISO dates are parsed by Arrow; an impossible date sends the column to pandas.
- Yes/no flags are read in Arrow.
- The casework ``setting_type`` clean-up spells Python's ``\\s`` out so it runs in Arrow.
"""

from __future__ import annotations

import gzip
import re
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from data_access.importers import casework
from data_access.importers._cell_values import parse_dates, parse_flags
from data_access.importers.reading import _arrow_csv, _pandas_csv, decode_text
from data_access.reference import shipped_benchmark_files

ROOT = Path(__file__).resolve().parent.parent

EDGE_CSV = [
    "a,b\n1,2\n", "a,b\r\n1,2\r\n", "a,b\r1,2\r3,4", "a,b\n1,\"\"\n,x\n", 'a,b\n"x,y",2\n',
    'a,b\n"line\nbreak",2\n', 'a,b\n"he said ""hi""",2\n', 'a,b\nab"c,2\n', 'a,b\n"abc"def,2\n', "a,b\n 1,2\n",
    "a,b\n1, 2\n", 'a,b\n1, "x"\n', "a,b\n1,2\n\n3,4\n", "a\n1\n\n2\n", "a\n1\n\n", "a,b\n1\n", "a,b\n1,2,3\n",
    "a,a\n1,2\n", ",b\n1,2\n", " a,b\n1,2\n", "a ,b\n1,2\n", "a,b\n1,2", "a,b\n", "a;b\n1;2\n", "a\tb\n1\t2\n",
    "a|b\n1|2\n", "a,b\nnan,NA\n", "a,b\n\u00e9,\u4e2d\n", "a,b\n1,2\n  \n", "a,b\n,\n", "a,b\n1,2 \n",
    '"a","b"\n"1","2"\n', '"a\nb",c\n1,2\n', "a,b\n\t1,2\n", "a,b\n1,\t\n", "a,b\n1,2\n,\n3,4\n",
    "a,b\n1,2\n\r\n3,4\n", "a,b\n#c,2\n", "a,b\n1\\,2,3\n", "a,b\n'x,y',2\n", "a,b\n1,\x002\n", "a,b\n1,2\x0b\n",
    "a,b\n\u00a01,2\n", "a,b\n1,\"2\n", "a,b\n1,\"2", 'a,b\n1,"2,"3\n', 'a,b\n"1\n2,"3"\n', "a,b\nx\r\ny,z\n",
]


def _sep(text: str) -> str:
    return max((",", ";", "\t", "|"), key=text[:4096].split("\n", 1)[0].count)


def _same_or_declined(text: str) -> bool:
    """True when Arrow read the text (and then exactly as pandas does); False when it stepped aside."""
    fast = _arrow_csv(text, _sep(text))
    if fast is None:
        return False
    pd.testing.assert_frame_equal(fast, _pandas_csv(text, _sep(text)))
    return True


@pytest.mark.parametrize("text", EDGE_CSV)
def test_arrow_csv_reads_as_pandas_does_or_steps_aside(text):
    _same_or_declined(text)


def test_arrow_csv_steps_aside_where_pandas_would_differ():
    for text in ("a,b\n 1,2\n", "a,b\n1,2,3\n", "a,a\n1,2\n", ",b\n1,2\n", "a,b\n1\n", 'a,b\nab"c,2\n',
                 'a,b\n1,"2\n', 'a,b\n1,"2', 'a,b\n"x\ny",2\n'):
        assert _arrow_csv(text, ",") is None, text


def _real_files():
    for path in sorted((ROOT / "sample_data").rglob("*.csv*")) + sorted((ROOT / "tests" / "fixtures").rglob("*.csv*")):
        data = path.read_bytes()
        yield str(path.relative_to(ROOT)), gzip.decompress(data) if path.suffix == ".gz" else data
    for release in shipped_benchmark_files():
        with zipfile.ZipFile(release) as zf:
            for name in zf.namelist():
                if name.endswith(".csv"):
                    yield f"shipped/{release.name}/{name}", zf.read(name)


def test_arrow_csv_reads_the_sample_fixture_and_shipped_files_as_pandas_does():
    fast = set()
    for name, data in _real_files():
        try:
            text = decode_text(data).lstrip("\ufeff")
        except ValueError:
            continue
        if _same_or_declined(text):
            fast.add(name)
    # the fast path is taken for the files an LA and the demo import, not only declined
    # (the tribunal table, with its title and two heading rows, is read by its own reader)
    assert {n for n, _ in _real_files() if n.startswith(("sample_data/", "shipped/")) and "supporting-files" not in n
            and "establishments" not in n} <= fast


def _old_iso(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")


@pytest.mark.parametrize("cells", [
    ["2024-02-29", None, "2023-01-05"], ["2023-02-29", "2024-01-01"], ["2024-04-31"], ["2024-13-01", "2024-00-10"],
    ["0000-01-01", "1899-12-31", "2101-01-01", "2100-12-31", "1900-01-01"], [None, None], ["", " 2024-01-02 "],
    ["3022-01-01"], ["9999-12-31", "2024-05-06"],
])
def test_iso_dates_parse_as_pandas_strptime_does(cells):
    values = pd.Series(cells, dtype="str", index=np.arange(len(cells)) + 7)
    dates, bad = parse_dates(values)
    stripped = values.str.strip().replace("", None)
    want = _old_iso(stripped)
    want = want.where((want >= pd.Timestamp("1900-01-01")) & (want <= pd.Timestamp("2100-12-31")))
    pd.testing.assert_series_equal(dates, want.astype("datetime64[ns]"), check_names=False)
    assert bad.tolist() == (stripped.notna() & want.isna()).tolist()


def test_flags_in_arrow_match_the_object_path():
    cells = ["1", "0", " yes ", "No", "TRUE", "f", None, "", "nan", "None", "maybe", "1.0", "0.0", "2", " ", "NaN"]
    arrow = pd.Series(cells, dtype="str", index=np.arange(len(cells)) + 3)
    objects = arrow.astype(object).where(arrow.notna(), None)
    a, b = parse_flags(arrow), parse_flags(objects)
    pd.testing.assert_series_equal(a[0], b[0])
    pd.testing.assert_series_equal(a[1], b[1])


def test_setting_type_pattern_is_python_whitespace_or_hyphen():
    spelled = re.compile(casework._SPACES_OR_HYPHENS)
    python = re.compile(r"[\s\-]+")
    assert all(bool(spelled.fullmatch(chr(c))) == bool(python.fullmatch(chr(c))) for c in range(sys.maxunicode + 1))


# Text, date, code and flag columns are cleaned once per distinct value (and identifiers, whose first cells are
# nearly all distinct, cell by cell): either way each cell gets what it would get alone.
CELLS = ["2024-01-31", " 2024-02-29 ", "", None, "  ", "nan", "asd", " ASD", "Mld ", "Y", "yes", "0", "x" * 30,
         "2023-02-29", "é", "None", "NaT", "1999-12-31"]


def _column(n: int, distinct_head: bool) -> pd.Series:
    rng = np.random.default_rng(n)
    cells = [CELLS[i] for i in rng.integers(0, len(CELLS), n)]
    if distinct_head:  # an identifier-like start: the cell-by-cell branch
        cells[:1010] = [f"R{i}" for i in range(1010)]
    return pd.Series(cells, dtype="str", index=np.arange(n) + 2)


def _alone(fn, col: pd.Series):
    """``fn`` on each cell as a column of its own, put back together."""
    parts = [fn(col.iloc[i:i + 1]) for i in range(len(col))]
    if isinstance(parts[0], tuple):
        return tuple(pd.concat([p[k] for p in parts]) for k in range(len(parts[0])))
    return pd.concat(parts)


@pytest.mark.parametrize("distinct_head", [False, True])
def test_each_distinct_value_is_cleaned_as_its_cells_would_be_alone(distinct_head):
    from data_access.importers._cell_values import clean_codes, clean_str

    col = _column(1100, distinct_head)
    for fn in (clean_str, lambda s: clean_str(s, then=lambda t: t.str.upper().str.slice(0, 3)), parse_flags,
               lambda s: clean_codes(s, {"ASD", "MLD", "Y"}, upper=True),
               lambda s: clean_codes(s, {"asd", "Mld"}, upper=False)):
        got, want = fn(col), _alone(fn, col)
        for g, w in zip(got if isinstance(got, tuple) else (got,), want if isinstance(want, tuple) else (want,),
                        strict=True):
            pd.testing.assert_series_equal(g, w, check_dtype=True)
    dates = _column(1400, False).where(lambda s: s.str.contains("-", na=True), None)
    if distinct_head:
        dates.iloc[:1010] = pd.date_range("2001-01-01", periods=1010).strftime("%Y-%m-%d")
    got, want = parse_dates(dates), _alone(parse_dates, dates)
    pd.testing.assert_series_equal(got[0], want[0])
    pd.testing.assert_series_equal(got[1], want[1])
    assert got[0].notna().sum() > 50 and got[1].sum() > 5  # parsed dates and impossible ones both present


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_space_led_finds_a_space_or_tab_after_a_separator_or_line_break_anywhere(sep, monkeypatch):
    from data_access.importers import reading

    monkeypatch.setattr(reading, "_SCAN", 7)  # pieces far smaller than the texts: every boundary is crossed

    def naive(raw: bytes) -> bool:
        return raw[:1] in (b" ", b"\t") or any(raw[i - 1:i] in (sep.encode(), b"\n", b"\r")
                                               for i in range(1, len(raw)) if raw[i:i + 1] in (b" ", b"\t"))

    rng = np.random.default_rng(len(sep) + ord(sep))
    alphabet = np.frombuffer(f"ab1{sep}\n\r \t".encode(), dtype=np.uint8)
    texts = [b"", b" ", b"\t", b"a", f"a{sep}b".encode(), f"a{sep} b".encode(), b"a\n\tb", b"a b", b"a\r b"]
    texts += [alphabet[rng.integers(0, alphabet.size, rng.integers(1, 40))].tobytes() for _ in range(400)]
    found = [reading._space_led(t, sep) for t in texts]
    assert found == [naive(t) for t in texts]
    assert any(found) and not all(found)
