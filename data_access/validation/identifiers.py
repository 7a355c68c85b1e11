"""UPN and ULN checks, done as the file is read: only the result is kept, never the number (SPEC section 5).

UPN (DfE's Unique Pupil Number): 13 characters; the first a check letter, then the 3-digit LA number, the
4-digit establishment number, 2 digits for the year of allocation and a 3-digit serial, whose last character
may be a letter in a temporary UPN. The check letter is the sum of characters 2 to 13, each times its position
(2 to 13; a letter counts as its place in the alphabet below, A = 0), taken modulo 23, as a letter of
``ABCDEFGHJKLMNPQRTUVWXYZ`` (no I, O or S).

ULN (the Learning Records Service's Unique Learner Number): 10 digits, the first not 0; the first nine times
10, 9, ..., 2, summed, modulo 11, taken from 10 gives the tenth (a remainder of 0 is never issued).
"""

from __future__ import annotations

import hashlib
import hmac
import re

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN = re.compile(rf"^[{UPN_LETTERS}]\d{{11}}[0-9{UPN_LETTERS}]$")
_ULN = re.compile(r"^[1-9]\d{9}$")
# each character's value in the check sum (an ASCII digit its own, a letter its place in UPN_LETTERS)
_UPN_VALUES = {**{str(d): d for d in range(10)}, **{ch: i for i, ch in enumerate(UPN_LETTERS)}}


def _clean(value: str | None) -> str:
    return (value or "").strip().upper()


def upn_check_letter(upn: str) -> str:
    """The check letter for characters 2 to 13 of ``upn``."""
    try:
        total = sum(pos * _UPN_VALUES[ch] for pos, ch in enumerate(upn[1:13], 2))
    except KeyError:  # another Unicode digit (the pattern's \d lets them through), or not a UPN character
        total = sum(pos * (int(ch) if ch.isdigit() else UPN_LETTERS.index(ch)) for pos, ch in enumerate(upn[1:13], 2))
    return UPN_LETTERS[total % 23]


def upn_status(value: str | None, *, unknown_reason: str | None = None) -> str:
    """"ok", "format" (not 13 characters of the pattern), "check" (wrong check letter), "explained" (no UPN, with
    a UPNunknown reason) or "missing"."""
    upn = _clean(value)
    if not upn:
        return "explained" if _clean(unknown_reason) else "missing"
    if not _UPN.match(upn):
        return "format"
    return "ok" if upn_check_letter(upn) == upn[0] else "check"


def uln_status(value: str | None) -> str:
    """"ok", "format" (not 10 digits starting 1-9), "check" (wrong check digit) or "missing"."""
    uln = _clean(value)
    if not uln:
        return "missing"
    if not _ULN.match(uln):
        return "format"
    remainder = sum(int(d) * w for d, w in zip(uln[:9], range(10, 1, -1), strict=True)) % 11
    return "ok" if remainder and 10 - remainder == int(uln[9]) else "check"


def match_key(salt: bytes, birth: object, sex: object, upn: str | None) -> str | None:
    """A keyed hash of birth date, sex and UPN to find one child entered twice in one file. The salt is random
    for each run, so the key cannot be matched with anything outside it; None without a UPN."""
    upn = _clean(upn)
    if not upn:
        return None
    return hmac.digest(salt, f"{birth}|{sex}|{upn}".encode(), hashlib.sha256).hex()[:24]
