"""UPN and ULN checks (worked by hand from DfE's and the Learning Records Service's rules)."""

import hashlib
import hmac
import random

import pytest

from data_access.validation.identifiers import (
    UPN_LETTERS,
    match_key,
    uln_status,
    upn_check_letter,
    upn_status,
)


def test_upn_check_letter_worked_by_hand():
    # characters 2-13 of "?000000000001": only the 13th is non-zero: 1 x 13 = 13; 13 mod 23 = 13 -> "P"
    assert upn_check_letter("?000000000001") == "P"
    # "?820200101234": 8x2 + 2x3 + 2x5 + 1x8 + 1x10 + 2x11 + 3x12 + 4x13 = 160; 160 mod 23 = 22 -> "Z"
    assert upn_check_letter("?820200101234") == "Z"
    # a temporary UPN ends in a letter, which counts as its place in the alphabet (A = 0, B = 1, ...):
    # "?82020010123B": 160 - 4x13 + 1x13 = 121; 121 mod 23 = 6 -> "G"
    assert upn_check_letter("?82020010123B") == "G"


def _check_letter_by_formula(upn: str) -> str:
    total = sum(pos * (int(ch) if ch.isdigit() else UPN_LETTERS.index(ch)) for pos, ch in enumerate(upn[1:13], 2))
    return UPN_LETTERS[total % 23]


def test_upn_check_letter_by_table_is_the_formula():
    """The check sum reads each character's value from a table; any other character falls back to the formula."""
    rng = random.Random(13)
    for _ in range(2000):
        upn = "?" + "".join(rng.choice("0123456789") for _ in range(11)) + rng.choice("0123456789" + UPN_LETTERS)
        assert upn_check_letter(upn) == _check_letter_by_formula(upn)
    arabic_three = "\u0663"  # a digit to str.isdigit and to the UPN pattern's \d, but not in the table
    upn = f"?82020010{arabic_three}234"
    letter = _check_letter_by_formula(upn)
    assert upn_check_letter(upn) == letter
    assert upn_status(letter + upn[1:]) == "ok"
    with pytest.raises(ValueError):  # not a UPN character: as the formula (str.index) raises
        upn_check_letter("?82020010123I")


def test_upn_status():
    assert upn_status("Z820200101234") == "ok"
    assert upn_status(" z820200101234 ") == "ok"  # case and spaces as typed
    assert upn_status("G82020010123B") == "ok"
    assert upn_status("A820200101234") == "check"
    assert upn_status("Z82020010123") == "format"  # 12 characters
    assert upn_status("I820200101234") == "format"  # I is never a check letter
    assert upn_status("Z8202001012X4") == "format"  # a letter inside the digits
    assert upn_status("") == upn_status(None) == "missing"
    assert upn_status(None, unknown_reason="UN2") == "explained"


def test_uln_status():
    # 123456789: 1x10 + 2x9 + 3x8 + 4x7 + 5x6 + 6x5 + 7x4 + 8x3 + 9x2 = 210; 210 mod 11 = 1; 10 - 1 = 9
    assert uln_status("1234567899") == "ok"
    assert uln_status("1234567890") == "check"
    assert uln_status("1000000000") == "ok"  # 1x10 = 10; 10 - 10 = 0
    assert uln_status("2000000001") == "ok"  # 2x10 = 20; 20 mod 11 = 9; 10 - 9 = 1
    assert uln_status("0123456789") == "format"  # never starts with 0
    assert uln_status("123456789") == "format"
    assert uln_status(None) == "missing"
    # 100020000: 1x10 + 2x6 = 22, a multiple of 11: no check digit is ever issued for it
    assert {uln_status(f"100020000{d}") for d in range(10)} == {"check"}


def test_match_key_is_keyed_and_never_the_upn():
    salt = b"0" * 16
    key = match_key(salt, "2015-01-01", "M", "A820200101234")
    assert key == match_key(salt, "2015-01-01", "M", "a820200101234 ")
    assert key != match_key(b"1" * 16, "2015-01-01", "M", "A820200101234")  # another run, another key
    assert key != match_key(salt, "2015-01-02", "M", "A820200101234")
    assert "A820200101234" not in key and key != hashlib.sha256(b"A820200101234").hexdigest()[:24]
    assert match_key(salt, "2015-01-01", "M", None) is None
    # one-shot hmac.digest: the key hmac.new(...).hexdigest() gave
    assert key == hmac.new(salt, b"2015-01-01|M|A820200101234", hashlib.sha256).hexdigest()[:24]


def test_docs_validation_rules_md_is_current():
    from data_access.validation import docs

    assert docs.PATH.read_text(encoding="utf-8") == docs.render(), "run: python -m data_access.validation.docs"
