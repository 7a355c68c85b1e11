"""Identifier rules (ID): UPN and ULN, sex, birth date, TransferLA.

UPN and ULN never reach a Return: the SEN2 reader checks them as it reads them and keeps only the result in
``persons.upn_status`` ("ok", "format", "check", "explained": empty with a UPNunknown reason, "missing") and
``persons.uln_status`` ("ok", "format", "check", "missing"); a casework extract has neither (None), so those
rules are SEN2 only. A missing sex or birth date may also be a casework row the reader refused (required but
empty): those rejections are reported here too.

School age is 5 to 15 on the 31 August before the reference date (SPEC section 2 ages); 16 or over is past it.
"""

from __future__ import annotations

import pandas as pd

from data_access.validation.model import Return
from data_access.validation.registry import person_hits, rule
from data_access.validation.rules.dates import age_on_31_august, rejected_for

SEN2 = ("sen2",)


def _status(r: Return, column: str, *values: str) -> pd.Series:
    return r.persons[column].isin(values)


def _no_identifier(r: Return) -> pd.Series:
    """Neither a UPN nor a ULN in the file (a UPNunknown reason, "explained", is not a UPN)."""
    return _status(r, "upn_status", "missing", "explained") & _status(r, "uln_status", "missing")


def _age(r: Return) -> pd.Series:
    return age_on_31_august(r.persons["birth_date"], r.reference)


@rule("ID01", "error", "A UPN is not 13 characters: a letter, 11 digits and a final digit or letter.",
      fields=("UPN",), sources=SEN2)
def upn_format(r: Return) -> pd.DataFrame:
    return person_hits(r.persons, _status(r, "upn_status", "format"))


@rule("ID02", "error", "A UPN's check letter does not match the rest of the UPN.", fields=("UPN",), sources=SEN2)
def upn_check_letter(r: Return) -> pd.DataFrame:
    return person_hits(r.persons, _status(r, "upn_status", "check"))


@rule("ID03", "error", "A UniqueLearnerNumber is not 10 digits starting 1 to 9.",
      fields=("UniqueLearnerNumber",), sources=SEN2)
def uln_format(r: Return) -> pd.DataFrame:
    return person_hits(r.persons, _status(r, "uln_status", "format"))


@rule("ID04", "error", "A UniqueLearnerNumber's check digit does not match its first nine digits.",
      fields=("UniqueLearnerNumber",), sources=SEN2)
def uln_check_digit(r: Return) -> pd.DataFrame:
    return person_hits(r.persons, _status(r, "uln_status", "check"))


@rule("ID05", "query", "A child of school age (5 to 15 on the 31 August before the reference date) has no UPN, "
      "no UPNunknown reason and no UniqueLearnerNumber.", fields=("UPN", "UPNunknown", "UniqueLearnerNumber",
                                                                 "PersonBirthDate"), sources=SEN2)
def school_age_without_identifier(r: Return) -> pd.DataFrame:
    missing = _status(r, "upn_status", "missing") & _status(r, "uln_status", "missing")
    return person_hits(r.persons, missing & _age(r).between(5, 15))


@rule("ID06", "query", "A young person aged 16 or over (on the 31 August before the reference date) has neither "
      "a UPN nor a UniqueLearnerNumber.", fields=("UPN", "UniqueLearnerNumber", "PersonBirthDate"), sources=SEN2)
def post_16_without_identifier(r: Return) -> pd.DataFrame:
    return person_hits(r.persons, _no_identifier(r) & (_age(r) >= 16))


@rule("ID07", "error", "A person's Sex is missing.", fields=("Sex",))
def sex_missing(r: Return) -> pd.DataFrame:
    p = r.persons
    return pd.concat([person_hits(p, p["sex"].isna() | p["sex"].astype(str).str.strip().eq("")),
                      rejected_for(r, ("Sex", "sex"), "required")], ignore_index=True)


@rule("ID08", "query", "A person's Sex is U (not known).", fields=("Sex",))
def sex_unknown(r: Return) -> pd.DataFrame:
    p = r.persons
    return person_hits(p, p["sex"].eq("U"))


@rule("ID09", "error", "A person's PersonBirthDate is missing.", fields=("PersonBirthDate",))
def birth_date_missing(r: Return) -> pd.DataFrame:
    p = r.persons
    return pd.concat([person_hits(p, p["birth_date"].isna()),
                      rejected_for(r, ("PersonBirthDate", "birth_date"), "required")], ignore_index=True)


