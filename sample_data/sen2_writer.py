"""Write the SEN2 return of one collection year (2024+ XML structure, v1.3) from a casework extract.

``write_sen2(casework_df, collection_year=Y, la_code="351", path=...)`` produces the return whose
reference date is the third Thursday of January Y and whose period is calendar year Y-1, in exactly
the element structure of ``reference/sen2-mock.xml``. Names and postcodes are written empty. Each person gets a
made-up UPN with LA number 000, which DfE never issues (so it cannot be a real child's), and a correct check
letter, so that the validation rules on UPNs pass on the clean return.

What a return for year Y holds (so its KPIs match the casework's):

- every request received in Y-1, with its decision (outcome and date, even when made after the
  reference date) -- so requests received and decisions within 6 weeks are complete;
- every request decided, assessed, or with a plan issued or ceased in Y-1, or with an assessment open
  during Y-1; a request decided before Y-1 is marked ``RequestOutcome`` H;
- an ``Assessment`` for those of them that were assessed, with the outcome known at the reference date
  (A when still awaited), ``Week20``, and a ``NamedPlan`` when the plan had started by the reference
  date (its ``CeaseDate`` when it ceased by then);
- ``ActivePlans`` for exactly the plans maintained at the reference date (a plan transferred in carries
  its ``TransferLA`` and no ``NamedPlan``), with placement, needs by rank, the annual review known at
  the reference date and the phase transfer due in year Y (final date if made by the reference date).

A plan transferred in that ceased before the reference date is left out: SEN2 has no element for it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from data_access.validation.identifiers import upn_check_letter
from sample_data._sen2_fields import from_history, iso, placements, reviews_at, typed

LABEL = "SYNTHETIC SAMPLE DATA — not real children"


def reference_date(collection_year: int) -> dt.date:
    """Third Thursday of January of the collection year."""
    first = dt.date(collection_year, 1, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 14)


def _e(tag: str, value: object = "") -> str:
    return f"<{tag}>{escape(str(value))}</{tag}>"


def _select(df: pd.DataFrame, ref: pd.Timestamp, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """The rows in scope, with the flags that decide what each one carries."""
    def within(col: str) -> pd.Series:
        return (df[col] >= start) & (df[col] <= end)

    ti = df["transfer_la"].notna()
    plan = df["plan_start_date"]
    cease = df["plan_cease_date"]
    active = (plan <= ref) & (cease.isna() | (cease > ref))
    open_assessment = ((df["request_outcome"] == "Y") & (df["request_outcome_date"] <= end)
                       & (plan.isna() | (plan >= start))
                       & (df["assessment_outcome_date"].isna() | (df["assessment_outcome_date"] >= start)))
    event = (within("received_date") | within("request_outcome_date") | within("assessment_outcome_date")
             | within("plan_start_date") | within("plan_cease_date") | open_assessment) & ~ti
    scope = event | active
    out = df[scope].copy()
    out["active"] = active[scope]
    assessed = (out["request_outcome"] == "Y") | ((out["request_outcome"] == "H") & out["plan_start_date"].notna())
    out["assessment"] = event[scope] & assessed & out["transfer_la"].isna()
    return out


def _request_columns(df: pd.DataFrame, ref: pd.Timestamp, start: pd.Timestamp) -> dict[str, np.ndarray]:
    decided = df["request_outcome_date"]
    outcome = df["request_outcome"].fillna("A")
    outcome = outcome.where(~(decided < start), "H").where(df["request_outcome"] != "H", "H")
    aod = df["assessment_outcome_date"]
    a_known = aod.notna() & (aod <= ref) & df["assessment_outcome"].notna()
    a_out = df["assessment_outcome"].where(a_known, None)
    a_out = a_out.where(a_out.notna() | ~(df["plan_start_date"] <= ref), "H")
    named = df["assessment"] & (df["plan_start_date"] <= ref)
    ceased = df["plan_cease_date"] <= ref
    cohort = df["birth_date"].dt.year + (df["birth_date"].dt.month > 8).astype(int)
    age = (ref.year - (1 if (ref.month, ref.day) < (8, 31) else 0)) - cohort
    flag = {c: df[c].astype("float").fillna(0).astype(int).astype(str).to_numpy(dtype=object)
            for c in ("rya", "request_mediation", "request_tribunal", "week20_exception")}
    for c in ("assessment_mediation", "assessment_tribunal"):
        flag[c] = np.where(a_known.to_numpy(), df[c].astype("float").fillna(0).astype(int).astype(str), "0")
    return {
        "received": iso(df["received_date"]), "source": df["request_source"].fillna("").to_numpy(dtype=object),
        "decided": iso(decided), "outcome": outcome.to_numpy(dtype=object), **flag,
        "a_out": a_out.fillna("A").to_numpy(dtype=object), "a_date": iso(aod.where(a_known)),
        "named": named.to_numpy(), "start": iso(df["plan_start_date"]),
        "cease": iso(df["plan_cease_date"].where(ceased)),
        "reason": df["cease_reason"].where(ceased, None).fillna("").to_numpy(dtype=object),
        "age": age.fillna(0).astype(int).to_numpy(),
    }


def _placement(p: dict, *, active: bool) -> str:
    common = (_e("URN", p["urn"]) + _e("UKPRN", p["ukprn"]) + _e("SENSetting", p["setting"]) + _e("SENSettingOther")
              + _e("PlacementRank", 1))
    if not active:
        if not (p["urn"] or p["ukprn"] or p["setting"]):  # nothing known of the placement: no PlanDetail
            return ""
        return ("            <PlanDetail>\n              " + common + _e("SENunitIndicator", p["unit"])
                + _e("ResourcedProvisionIndicator", p["rp"]) + "\n            </PlanDetail>\n")
    return ("          <PlacementDetail>\n            " + common + _e("EntryDate", p["entry"]) + _e("LeavingDate", p["leaving"])
            + "\n            " + _e("SENunitIndicator", p["unit"]) + _e("ResourcedProvisionIndicator", p["rp"])
            + _e("Res", p["res"]) + _e("WBP", p["wbp"]) + "\n          </PlacementDetail>\n")


def _request_xml(i: int, r: dict, row: dict, place: dict, review: dict, due: str, final: str) -> str:
    x = ["      <Requests>\n"]
    x += [f"        {_e('ReceivedDate', r['received'][i])}\n", f"        {_e('RequestSource', r['source'][i])}\n",
          f"        {_e('RYA', r['rya'][i])}\n", f"        {_e('RequestOutcomeDate', r['decided'][i])}\n",
          f"        {_e('RequestOutcome', r['outcome'][i])}\n",
          "        " + _e("RequestMediation", r["request_mediation"][i]) + _e("RequestTribunal", r["request_tribunal"][i])
          + _e("Exported") + "\n"]
    if row["assessment"]:
        x += ["        <Assessment>\n", f"          {_e('AssessmentOutcome', r['a_out'][i])}\n",
              f"          {_e('AssessmentOutcomeDate', r['a_date'][i])}\n",
              "          " + _e("AssessmentMediation", r["assessment_mediation"][i])
              + _e("AssessmentTribunal", r["assessment_tribunal"][i])
              + "\n          " + "".join(_e(t, 0) for t in ("OtherMediation", "OtherTribunal")) + "\n",
              f"          {_e('Week20', r['week20_exception'][i])}\n"]
        if r["named"][i]:
            x += ["          <NamedPlan>\n", f"            {_e('StartDate', r['start'][i])}\n",
                  _placement(place, active=False),
                  "            " + _e("PlanRes") + _e("PlanWBP") + _e("PB", 0) + _e("OA", 0) + _e("DP")
                  + _e("CeaseDate", r["cease"][i]) + _e("CeaseReason", r["reason"][i]) + "\n",
                  "          </NamedPlan>\n"]
        x.append("        </Assessment>\n")
    if row["active"]:
        x += ["        <ActivePlans>\n", f"          {_e('TransferLA', row['transfer_la'] or '')}\n",
              _placement(place, active=True)]
        for rank, col in ((1, "primary_need"), (2, "secondary_need")):
            if row[col]:
                x.append(f"          <SENneed>{_e('SENtype', row[col])}{_e('SENtypeRank', rank)}</SENneed>\n")
        x += ["          " + _e("ReviewMeeting", review["meeting"]) + _e("ReviewOutcome", review["outcome"])
              + _e("LastReview", review["last"]) + _e("ReviewDraft", review["draft"]) + "\n",
              f"          {_e('PhaseTransferDueDate', due)}\n", f"          {_e('PhaseTransferFinalDate', final)}\n",
              "        </ActivePlans>\n"]
    x.append("      </Requests>\n")
    return "".join(x)


def render_sen2(casework_df: pd.DataFrame, *, collection_year: int, la_code: str,
                placements_df: pd.DataFrame | None = None) -> str:
    """The SEN2 return for ``collection_year`` as XML text (see the module docstring)."""
    ref = pd.Timestamp(reference_date(collection_year))
    start, end = pd.Timestamp(collection_year - 1, 1, 1), pd.Timestamp(collection_year - 1, 12, 31)
    df = _select(typed(casework_df), ref, start, end)
    df = df.sort_values(["person_id", "received_date", "plan_start_date", "request_id"], kind="stable",
                        na_position="first")
    r = _request_columns(df, ref, start)
    place = placements(df, ref, r["age"])
    if placements_df is not None:
        place = from_history(place, df, ref, r["age"], placements_df)
    review = reviews_at(df, ref)
    due_d, final_d = df["phase_transfer_due_date"], df["phase_transfer_final_date"]
    due = iso(due_d.where(due_d.dt.year == collection_year))
    final = iso(final_d.where((due_d.dt.year == collection_year) & (final_d <= ref)))
    birth, sex, eth = iso(df["birth_date"]), df["sex"].fillna("U").to_numpy(), df["ethnicity"].fillna("").to_numpy()
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f"<!-- {LABEL}: a made-up SEN2 return for the sample LA, from sample_data/casework.csv. -->\n",
        "<Message>\n  <Header>\n    <CollectionDetails>\n      <Collection>SEN2</Collection>\n",
        f"      {_e('Year', collection_year)}\n      {_e('ReferenceDate', ref.date().isoformat())}\n",
        "    </CollectionDetails>\n    <Source>\n      <SourceLevel>L</SourceLevel>\n",
        f"      {_e('LEA', la_code)}\n      <SoftwareCode>senddash-sample</SoftwareCode>\n",
        "      <Release>1.0</Release>\n      <SerialNo>001</SerialNo>\n",
        f"      {_e('DateTime', f'{ref.date().isoformat()}T09:00:00')}\n      <DMO>Y</DMO>\n      <DCO>Y</DCO>\n",
        "    </Source>\n  </Header>\n  <Persons>\n",
    ]
    body: list[str] = []
    persons = df["person_id"].to_numpy()
    upns = synthetic_upns(df["person_id"])
    rows = df[["assessment", "active", "transfer_la", "primary_need", "secondary_need"]].to_dict("records")
    places, reviews = place.to_dict("records"), review.to_dict("records")
    for i in range(len(rows)):
        if i == 0 or persons[i] != persons[i - 1]:
            if i:
                body.append("    </Person>\n")
            body += ["    <Person>\n      <Surname></Surname><Forename></Forename>\n",
                     f"      {_e('PersonBirthDate', birth[i])}{_e('Sex', sex[i])}{_e('Ethnicity', eth[i])}\n",
                     f"      <PostCode></PostCode>{_e('UPN', upns[i])}<UniqueLearnerNumber></UniqueLearnerNumber>"
                     "<UPNunknown></UPNunknown>\n"]
        body.append(_request_xml(i, r, rows[i], places[i], reviews[i], due[i], final[i]))
    if len(rows):
        body.append("    </Person>\n")
    return "".join(head + body + ["  </Persons>\n</Message>\n"])


def synthetic_upns(person_ids: pd.Series) -> np.ndarray:
    """A made-up UPN per row, the same for a person's rows: check letter, LA 000 (never issued), then a
    4-digit establishment, 2-digit year and 3-digit serial counting the persons in order of id."""
    codes, _ = pd.factorize(person_ids, sort=True)
    bodies = [f"000{n // 100_000:04d}{(n // 1000) % 100:02d}{n % 1000:03d}" for n in range(codes.max() + 1 if len(codes) else 0)]
    upns = np.array([upn_check_letter("A" + b) + b for b in bodies] or [""], dtype=object)
    return upns[codes] if len(codes) else np.array([], dtype=object)


def write_sen2(casework_df: pd.DataFrame, *, collection_year: int, la_code: str, path: str | Path,
               placements_df: pd.DataFrame | None = None) -> Path:
    """Write the SEN2 XML return of ``collection_year`` for ``la_code`` from a casework extract.

    With ``placements_df`` (casework_placements.csv as text) each active plan's PlacementDetail is its
    placement spanning the reference date: URN, SENSetting, EntryDate, LeavingDate, unit / RP flags.
    """
    path = Path(path)
    text = render_sen2(casework_df, collection_year=collection_year, la_code=la_code, placements_df=placements_df)
    path.write_bytes(text.encode("utf-8"))
    return path
