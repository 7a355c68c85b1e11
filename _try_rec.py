import time, datetime as dt
from data_access.engine import make_engine
from data_access import queries
from data_access.importers import run_import
from dashboard.kpi.reconcile import reconcile
import hashlib, pathlib, shutil, json
shutil.copy("/tmp/rec.db", "/tmp/rec2.db")
e = make_engine("sqlite:////tmp/rec2.db")
x = pathlib.Path("sample_data/sen2_2025.xml")
print(run_import(e, x, la_code="351", synthetic_hashes={hashlib.sha256(x.read_bytes()).hexdigest()}).summary())
t=time.time()
cw = queries.load_records(e, la_code="351", source="casework")
s2 = queries.load_records(e, la_code="351", source="sen2", collection_year=2025)
pl = queries.load_placements(e, la_code="351")
b = queries.load_benchmarks(e, area_codes=["351"])
print(len(cw), len(s2), len(pl), len(b), time.time()-t)
t=time.time()
r = reconcile(cw, s2, b, year=2025, la_code="351", casework_placements=pl)
print(time.time()-t)
for row in r["rows"]: print(row)
print(r["matching"]); print(len(r["differences"]))
from collections import Counter; print(Counter(d["reason"] for d in r["differences"]))
for d in r["differences"][:30]: print(d)
import pandas as pd
pd.set_option("display.width", 250); pd.set_option("display.max_columns", 30)
c = ["person_ref","request_ref","birth_date","sex","received_date","request_outcome","plan_start_date","plan_cease_date","transfer_la","primary_need","setting_type"]
print(cw.loc[cw.request_ref.isin(["R001747","R004104"]), c])
for d in r["differences"]:
    if d["reason"] in ("a different need", "a different setting"):
        print(d)
        a = cw.loc[cw.request_ref == d["request_ref_casework"], c]
        b = s2.loc[s2.request_ref == d["request_ref_sen2"], c]
        print(pd.concat([a, b]))
        break
