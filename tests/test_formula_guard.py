"""Formula-like text is neutralised in every spreadsheet export (SPEC section 5)."""

import io

import pandas as pd
import pytest

from dashboard.formula_guard import neutralise, neutralise_frame, safe_csv


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example","x")', "+44 161 000", "-2+3", "@SUM(A1)",
                                  "\t=1", "\r=1"])
def test_formula_starts_get_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["North team", "", "3 - 4", "c", "a=b"])
def test_ordinary_text_is_unchanged(text):
    assert neutralise(text) == text


def test_a_frame_keeps_its_numbers_and_neutralises_text_and_headers():
    df = pd.DataFrame({"caseworker": ["=cmd|'/c calc'!A1", "Sam"], "weeks": [-3.5, 18.0], "=x": [1, 2]})
    out = neutralise_frame(df)
    assert out["caseworker"].tolist() == ["'=cmd|'/c calc'!A1", "Sam"]
    assert out["weeks"].tolist() == [-3.5, 18.0]  # a negative number is a number, not text
    assert list(out.columns) == ["caseworker", "weeks", "'=x"]
    assert df["caseworker"][0].startswith("=")  # the original is not changed


def test_the_csv_has_a_byte_order_mark_and_no_cell_starting_a_formula():
    data = safe_csv(pd.DataFrame({"team": ["@team", "–dash"], "n": [1, 2]}))
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["team"].tolist() == ["'@team", "–dash"]
    assert back["n"].tolist() == [1, 2]
