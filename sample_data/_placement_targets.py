"""LA 351's published placement mix at each January (caseload.csv), by the setting codes of SPEC 2.1.

SYNTHETIC SAMPLE DATA — not real children; the counts are DfE's. caseload.csv "All EHC plans", 201819 ..
202425 (January 2019 .. 2025): mainstream = mainstream_total - resourced provision - SEN units -
mainstream_independent; resourced_provision / sen_unit = the LA maintained + academy + free school
columns; special_maintained = special_la_maintained; special_academy_free; independent_special =
special_independent; non_maintained_special = special_non_maintained; alternative_provision =
ap_pru_total; post16 = fe_total - specialist_post_16_institutions; specialist_post16; early_years =
nm_early_years; home_education = elective_home_education; other_arrangements = other_arrangements_la +
_parents + online_provider + w_settings + other_schools; not_in_education = ed_elsewhere - those two;
unknown = ehcplans - all the groups. 'x' (suppressed) counts as 0, so before 2023 unknown holds
placement_unknown's 'x' plus other_placement_settings and await_prov_2022 (which DfE kept outside
ed_elsewhere then): 36, 57, 110, 170 plans.
"""

from __future__ import annotations

CODES = ("mainstream", "resourced_provision", "sen_unit", "independent_mainstream", "special_maintained",
         "special_academy_free", "independent_special", "non_maintained_special", "alternative_provision",
         "post16", "specialist_post16", "early_years", "home_education", "other_arrangements", "not_in_education",
         "unknown")
_MIX = {
    2019: (628, 15, 26, 11, 349, 2, 107, 23, 11, 280, 16, 4, 0, 27, 82, 36),
    2020: (648, 16, 24, 15, 139, 256, 106, 22, 24, 322, 9, 1, 8, 13, 67, 57),
    2021: (710, 22, 25, 16, 149, 280, 113, 23, 25, 319, 7, 27, 14, 16, 79, 110),
    2022: (779, 7, 33, 20, 155, 311, 152, 23, 34, 317, 4, 28, 6, 21, 27, 170),
    2023: (963, 5, 1, 35, 160, 331, 155, 15, 48, 259, 19, 35, 9, 23, 53, 130),
    2024: (1246, 32, 4, 52, 168, 400, 181, 25, 76, 243, 29, 40, 20, 60, 57, 53),
    2025: (1169, 80, 27, 47, 171, 392, 172, 26, 56, 238, 27, 35, 22, 89, 153, 100),
}
JANUARY_MIX: dict[int, dict[str, int]] = {y: dict(zip(CODES, v, strict=True)) for y, v in _MIX.items()}
