"""Spring school census, pupil level (SPEC 1.4): aggregate counts only, hand-worked."""

from __future__ import annotations

import gzip

import pandas as pd
from sqlalchemy import func, select

from data_access.importers import run_import
from data_access.queries import load_census
from data_access.schema import Base, CensusAggregate, Dataset

# Census 18 Jan 2024: ages are taken on 31 Aug 2023.
PUPILS = """upn,census_date,dob,sex,ncyearactual,senprovision,primary_sen_type,fsmeligible,language,urn,phase
A100000000001,2024-01-18,2013-08-31,M,5,E,ASD,1,ENG,100001,PS
A100000000002,2024-01-18,2013-09-01,F,5,E,ASD,0,FRN,100001,PS
A100000000003,2024-01-18,2012-08-31,M,7,K,NSA,false,ENG,100002,SS
A100000000004,2024-01-18,2012-09-01,F,6,N,,0,,100001,PS
A100000000001,2024-01-18,2013-08-31,M,5,E,ASD,1,ENG,100009,PS
A100000000005,2024-01-18,2020-01-01,M,N1,N,,0,ENG,100003,NS
A100000000006,2024-01-18,31/02/2015,F,3,N,,0,ENG,100001,PS
A100000000007,2024-01-18,2013-05-05,F,5,E,XYZ,0,ENG,100001,PS
A100000000008,2024-01-18,2005-01-01,M,14,E,SLD,0,PNJ,100004,SP
A100000000009,2024-01-18,2013-06-01,F,5,K,,0,ENG,100001,PS
A100000000010,2024-01-18,2014-04-04,M,4,E,NSA,0,ENG,100001,PS
A100000000011,2024-01-18,2013-02-02,M,5,E,asd,1,ENG,100001,PS
"""
KEY = ["census_date", "provision", "need", "age_band", "sex", "fsm", "eal", "phase"]


def _counts(df: pd.DataFrame) -> dict[tuple, int]:
    return {
        (r.census_date.date().isoformat(), r.provision, r.need, r.age_band, r.sex, r.fsm, r.eal, r.phase): r.pupils
        for r in df.itertuples()
    }


def test_pupil_file_gives_hand_worked_counts(engine, tmp_path):
    path = tmp_path / "spring_census.csv"
    path.write_text(PUPILS, encoding="utf-8")
    report = run_import(engine, path, kind="census", la_code="351")
    assert report.status == "loaded", report.message
    assert report.target == "census:351:2024-01-18"
    assert (report.rows_read, report.rows_rejected) == (12, 3)
    assert [(r.row, r.column) for r in report.rejections] == [
        (8, "dob"), (9, "primary_sen_type"), (12, "primary_sen_type")]
    d = "2024-01-18"
    assert _counts(load_census(engine, la_code="351")) == {
        # born 31 Aug 2013: 10 on 31 Aug 2023 (5-10); the same UPN twice (dual registration) counts once;
        # 'asd' in lower case is ASD
        (d, "E", "ASD", "5-10", "M", True, False, "Primary"): 2,
        (d, "E", "ASD", "5-10", "F", False, True, "Primary"): 1,  # born 1 Sep 2013: 9; FRN is EAL
        (d, "K", "NSA", "11-15", "M", False, False, "Secondary"): 1,  # born 31 Aug 2012: 11
        (d, "N", "NONE", "5-10", "F", False, False, "Primary"): 1,  # born 1 Sep 2012: 10; blank language
        (d, "N", "NONE", "Under 5", "M", False, False, "Nursery"): 1,
        (d, "E", "SLD", "16-19", "M", False, True, "Special"): 1,  # born 1 Jan 2005: 18
        (d, "K", "UNK", "5-10", "F", False, False, "Primary"): 1,  # SEN support, no type given
    }
    with engine.connect() as conn:
        ds = conn.execute(select(Dataset.kind, Dataset.la_code, Dataset.key, Dataset.reference_date)).all()
    assert [(k, la, key, ref.isoformat()) for k, la, key, ref in ds] == [("census", "351", d, d)]


def _all_text(engine) -> str:
    out = []
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            out.extend(str(tuple(r)) for r in conn.execute(select(table)))
    return "\n".join(out)


def test_upns_are_never_stored(engine, tmp_path):
    path = tmp_path / "spring_census.csv"
    path.write_text(PUPILS, encoding="utf-8")
    assert run_import(engine, path, kind="census", la_code="351").ok
    text = _all_text(engine)
    assert "2024-01-18" in text and "ASD" in text  # the dump did read the data
    assert "A1000000000" not in text


SENNEEDS = """la_code,pupil_id,census_date,dob,gender,senprovision,sentype,sentyperank,fsmeligible,language,phase
351,P1,19/01/2023,2015-08-31,1,E,SEMH,2,0,ENG,PS
351,P1,19/01/2023,2015-08-31,1,E,ASD,1,0,ENG,PS
351,P2,19/01/2023,2007-09-01,2,K,SLCN,1,1,ENG,SS
351,P2,19/01/2023,2007-09-01,2,K,MLD,2,1,ENG,SS
351,P2,19/01/2023,2007-09-01,2,K,BAD,3,1,ENG,SS
351,P3,19/01/2023,2016-01-01,2,N,,,0,POL,PS
351,P1,18/01/2024,2015-08-31,1,E,ASD,1,1,ENG,PS
351,P2,18/01/2024,2007-09-01,2,E,SLCN,1,1,ENG,SS
351,P4,18/01/2024,2007-08-31,1,K,NSA,1,0,ENG,SS
"""


def test_senneeds_layout_two_census_dates_and_replacement(engine, tmp_path):
    path = tmp_path / "census_senneeds.csv.gz"
    path.write_bytes(gzip.compress(SENNEEDS.encode()))
    report = run_import(engine, path, kind="census")
    assert report.status == "loaded", report.message
    assert report.la_code == "351" and report.target == "census:351:2023-01-19,2024-01-18"
    assert report.rows_rejected == 0  # the rank-3 'BAD' need is not used, so not checked
    a, b = "2023-01-19", "2024-01-18"
    assert _counts(load_census(engine)) == {
        # ages on 31 Aug 2022: P1 7, P2 14, P3 6; gender 1 = M, 2 = F; a pupil's need is the rank-1 need
        (a, "E", "ASD", "5-10", "M", False, False, "Primary"): 1,
        (a, "K", "SLCN", "11-15", "F", True, False, "Secondary"): 1,
        (a, "N", "NONE", "5-10", "F", False, True, "Primary"): 1,
        # ages on 31 Aug 2023: P1 8, P2 15, P4 (born 31 Aug 2007) 16
        (b, "E", "ASD", "5-10", "M", True, False, "Primary"): 1,
        (b, "E", "SLCN", "11-15", "F", True, False, "Secondary"): 1,
        (b, "K", "NSA", "16-19", "M", False, False, "Secondary"): 1,
    }
    # a new file for the 2024 census replaces that date only
    again = tmp_path / "census_2024.csv"
    again.write_text("upn,census_date,dob,gender,senprovision,primary_sen_type\n"
                     "Q1,2024-01-18,2010-10-10,2,K,SPLD\nQ2,2024-01-18,2010-10-11,2,K,SPLD\n", encoding="utf-8")
    report = run_import(engine, again, kind="census", la_code="351", allow_missing=["fsmeligible", "language", "phase"])
    assert report.status == "loaded", report.message
    df = load_census(engine)
    assert _counts(df[df.census_date == pd.Timestamp(b)]) == {
        (b, "K", "SPLD", "11-15", "F", False, False, "Unknown"): 2}
    assert df[df.census_date == pd.Timestamp(a)]["pupils"].sum() == 3
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Dataset)).scalar() == 2
    assert load_census(engine, la_code="352").empty


def test_rejected_census_files_change_nothing(engine, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(PUPILS, encoding="utf-8")
    assert run_import(engine, good, kind="census", la_code="351").ok
    before = load_census(engine)
    cases = {
        "no_la.csv": (PUPILS, None, "no la_code column"),
        "no_dob.csv": ("upn,census_date,senprovision\nZ1,2024-01-18,N\n", "351", "'dob'"),
        "all_bad.csv": ("upn,census_date,dob,senprovision\nZ1,2024-01-18,2013-01-01,Q\n", "351",
                        "row 2, column 'senprovision'"),
    }
    for name, (text, la, words) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        report = run_import(engine, path, kind="census", la_code=la)
        assert report.status == "rejected" and words in report.message and name in report.message, report.message
    pd.testing.assert_frame_equal(load_census(engine), before)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(CensusAggregate)).scalar() == 7
