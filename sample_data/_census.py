"""Spring school census, pupil level (SPEC 1.4, COLLECT names), January 2018..2025.

SYNTHETIC SAMPLE DATA — not real children. About 30,000 pupils a year in made-up schools (URNs 99xxxx),
followed from year to year: EHCP (E) share rising from ~2.8% to ~4.6%, SEN support (K) from ~11% to
~14%, FSM ~15-25%, EAL ~10%. UPNs start with "Z" (13 characters) so none can be a real UPN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sample_data._common import LA_CODE, birth_for_age, choose, third_thursday, ymd

YEARS = tuple(range(2018, 2026))
COHORTS = np.arange(1999, 2023)  # cohort c: 4 on 31 August c+4 (Reception in September c+4)
N_PRIMARY, N_SECONDARY, N_SPECIAL = 62, 14, 5
E_NEEDS = {"ASD": 30, "SEMH": 18, "SLCN": 20, "MLD": 9, "SLD": 5, "PD": 4, "PMLD": 2, "HI": 2, "VI": 1,
           "SPLD": 3, "MSI": 0.3, "OTH": 1.5}
K_NEEDS = {"SLCN": 24, "SEMH": 22, "MLD": 17, "SPLD": 12, "ASD": 9, "NSA": 6, "OTH": 4, "PD": 2, "HI": 2,
           "VI": 1, "MSI": 0.3, "SLD": 0.5, "PMLD": 0.1}
LANGUAGES = {"ENG": 895, "URD": 30, "PNJ": 12, "POL": 15, "BEN": 6, "ARA": 8, "ROM": 6, "GUJ": 4, "KUR": 4,
             "SOM": 3, "CHI": 3, "FRN": 3, "TGL": 3, "OTH": 8}


def _pupils(rng: np.random.Generator) -> pd.DataFrame:
    """Every pupil who is on roll in any of the censuses, with fixed traits and latent draws."""
    sizes = np.rint(2650 - 25 * np.clip(COHORTS - 2012, 0, None) + rng.normal(0, 40, len(COHORTS))).astype(int)
    cohort = np.repeat(COHORTS, sizes)
    n = len(cohort)
    r = rng.random(n)
    entry = np.where(r < 0.18, -1, np.where(r < 0.92, 0, rng.integers(1, 12, n)))  # N2, R or later
    r = rng.random(n)
    leave = np.where(r < 0.58, 11, np.where(r < 0.92, 13, rng.integers(1, 11, n)))
    leave = np.maximum(leave, entry)
    aug31 = ymd(cohort + 4, 8, 31)
    dob = birth_for_age(rng, aug31, np.full(n, 4))
    primary = rng.integers(0, N_PRIMARY, n)
    secondary = rng.integers(0, N_SECONDARY, n)
    school = np.where(entry <= 6, 2001 + primary, 4001 + secondary)  # DfE establishment number at entry
    entry_year = cohort + 4 + entry
    df = pd.DataFrame({"cohort": cohort, "entry": entry, "leave": leave, "dob": dob, "primary": primary,
                       "secondary": secondary, "school": school, "entry_year": entry_year})
    df = df.sort_values(["school", "entry_year", "dob"], kind="stable").reset_index(drop=True)
    serial = df.groupby(["school", "entry_year"]).cumcount() + 1
    if serial.max() > 999:
        raise ValueError("UPN serial overflow")
    df["upn"] = ("Z" + LA_CODE + df["school"].astype(str) + (df["entry_year"] % 100).map("{:02d}".format)
                 + serial.map("{:03d}".format))
    n = len(df)
    df["sex"] = np.where(rng.random(n) < 0.51, "M", "F")
    df["language"] = choose(rng, list(LANGUAGES), list(LANGUAGES.values()), n)
    df["sen_latent"] = rng.random(n)
    df["fsm_latent"] = rng.random(n)
    df["special_latent"] = rng.random(n)
    df["e_need"] = choose(rng, list(E_NEEDS), list(E_NEEDS.values()), n)
    df["k_need"] = choose(rng, list(K_NEEDS), list(K_NEEDS.values()), n)
    return df


def _share(year: int, first: float, last: float) -> float:
    return first + (last - first) * (year - YEARS[0]) / (YEARS[-1] - YEARS[0])


def census_year(pupils: pd.DataFrame, year: int) -> pd.DataFrame:
    """The pupil-level census of January ``year``."""
    nc = (year - 1) - pupils["cohort"].to_numpy() - 4  # NC year: -1 nursery (N2), 0 Reception, 1..13
    on_roll = (nc >= pupils["entry"].to_numpy()) & (nc <= pupils["leave"].to_numpy()) & (nc >= -1) & (nc <= 13)
    p = pupils[on_roll].copy()
    nc = nc[on_roll]
    e_mult = np.select([nc <= 0, nc >= 12], [0.45, 0.8], 1.08)
    k_mult = np.select([nc <= 0, nc >= 12], [0.45, 0.6], 1.08)
    e = _share(year, 0.029, 0.0475) * e_mult
    k = _share(year, 0.112, 0.141) * k_mult
    u = p["sen_latent"].to_numpy()
    provision = np.where(u < e, "E", np.where(u < e + k, "K", "N"))
    need = np.where(provision == "E", p["e_need"], np.where(provision == "K", p["k_need"], ""))
    fsm_rate = _share(year, 0.13, 0.21) * np.where(provision == "N", 1.0, 1.7)
    special = (provision == "E") & (p["special_latent"].to_numpy() < 0.45) & (nc >= 1)
    phase = np.where(special, "SP", np.where(nc <= 6, "PS", "SS"))
    urn = np.where(special, 990201 + p["primary"].to_numpy() % N_SPECIAL,
                   np.where(nc <= 6, 990001 + p["primary"].to_numpy(), 990101 + p["secondary"].to_numpy()))
    ncyear = np.where(nc == -1, "N2", np.where(nc == 0, "R", nc.astype(str)))
    out = pd.DataFrame({
        "upn": p["upn"].to_numpy(),
        "census_date": str(third_thursday(year)),
        "dob": pd.to_datetime(p["dob"]).dt.strftime("%Y-%m-%d").to_numpy(),
        "sex": p["sex"].to_numpy(),
        "ncyearactual": ncyear,
        "senprovision": provision,
        "primary_sen_type": need,
        "fsmeligible": (p["fsm_latent"].to_numpy() < fsm_rate).astype(int),
        "language": p["language"].to_numpy(),
        "urn": urn,
        "phase": phase,
    })
    order = np.lexsort((out["upn"].to_numpy(), nc, out["urn"].to_numpy()))
    return out.iloc[order].reset_index(drop=True)


def build_census(rng: np.random.Generator) -> dict[int, pd.DataFrame]:
    pupils = _pupils(rng)
    return {year: census_year(pupils, year) for year in YEARS}
