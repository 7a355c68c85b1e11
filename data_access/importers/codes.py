"""SEN2 code lists (DfE SEN2 guide 2024-2026) and the casework extract's own lists (SPEC section 1.2).

Shared by the SEN2 XML and casework importers so both check values against the same lists.
"""

from __future__ import annotations

from frames.placements import SETTING_GROUPS

# RequestOutcome / AssessmentOutcome: Y yes, N no, A awaiting decision, W withdrawn, H historical
OUTCOMES: tuple[str, ...] = ("Y", "N", "A", "W", "H")
REQUEST_OUTCOMES = OUTCOMES
ASSESSMENT_OUTCOMES = OUTCOMES

# RequestSource (v1.3+): 1 parent / young person, 2 school, 3 health, 4 social care, 5 other
REQUEST_SOURCES: tuple[str, ...] = ("1", "2", "3", "4", "5")

# SENtype; DS (Down syndrome) from 2025
SEN_TYPES: tuple[str, ...] = (
    "SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "OTH", "DS",
)

# CeaseReason 1 maximum age .. 9 other
CEASE_REASONS: tuple[str, ...] = tuple(str(i) for i in range(1, 10))

# ReviewOutcome: A amend, C cease, M maintain
REVIEW_OUTCOMES: tuple[str, ...] = ("A", "C", "M")

# SENSetting, used when a placement has no URN / UKPRN
SEN_SETTINGS: tuple[str, ...] = ("OLA", "OPA", "EHE", "EYP", "OTH", "NEET", "NIEC", "NIEO")

# The setting codes of SPEC section 2.1 (casework `setting_type`, establishments' classes)
SETTING_TYPES: tuple[str, ...] = tuple(SETTING_GROUPS)
# the sixteen codes do not fit a rejection reason (at most 300 characters), so it names where they are
SETTING_TYPE_REASON = ("'setting_type' has an unknown value (allowed: the setting codes of SPEC section 2.1, "
                       "e.g. mainstream, sen_unit, special_maintained, independent_special, home_education, unknown)")

# SENSetting -> setting_type (SPEC 2.1)
SEN_SETTING_TYPE: dict[str, str] = {
    "EYP": "early_years",
    "OLA": "other_arrangements",
    "OPA": "other_arrangements",
    "OTH": "other_arrangements",
    "EHE": "home_education",
    "NEET": "not_in_education",
    "NIEC": "not_in_education",
    "NIEO": "not_in_education",
}


def setting_type_from_sen2(urn: str | None, ukprn: str | None, setting: str | None) -> str | None:
    """The setting_type stored with a SEN2 placement; None for a URN (classed at read time by the
    establishments list, SPEC 1.6) and for a placement that records nothing (unknown)."""
    if urn:
        return None
    if setting:
        return SEN_SETTING_TYPE.get(setting, "other_arrangements")
    if ukprn:
        return "post16"  # a UKPRN alone: a further education or training provider
    return None


SEX_CODES: tuple[str, ...] = ("M", "F", "U")
# Some systems write sex as the old numeric codes
SEX_NUMERIC: dict[str, str] = {"1": "M", "2": "F", "9": "U", "0": "U"}

# Text lengths of the schema's code-ish columns (a longer value is a bad value, not a truncation)
MAX_REF_LENGTH = 64  # person_ref, request_ref
MAX_LOCAL_TEXT = 100  # caseworker, team
