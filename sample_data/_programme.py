"""The synthetic programme workbook (SPEC 1.8): ``programme_bytes()`` -> the bytes of ``programme.xlsx``.

SYNTHETIC SAMPLE DATA — a made-up improvement plan for the demo, not any council's. It is shaped like a
Safety Valve programme: five conditions of the agreement, six workstreams, 30 actions with mixed statuses
(some re-planned: an ``expected_date`` later than the ``due_date``), 10 milestones, 10 risks scored before and
after mitigation, and 8 decisions of the programme board. Each action's ``measure`` is a key of the
dashboard's measure catalogue (dashboard/measures/catalogue.py).

No randomness: every row is fixed below, and the workbook's properties and zip dates are fixed, so writing it
again gives the same bytes; ``python -m sample_data.generate`` writes it with the other samples.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

FIXED_TIME = dt.datetime(2025, 11, 14, 9, 0, 0)
LA_CODE = "351"

CONDITIONS = (
    "C1 Timely EHC needs assessment",
    "C2 Inclusive mainstream provision",
    "C3 Sufficient local specialist places",
    "C4 Preparation for adulthood",
    "C5 Financial sustainability of the high-needs block",
)
WORKSTREAMS = (
    "EHC assessment and planning", "Inclusion in mainstream", "Specialist place sufficiency",
    "Preparation for adulthood", "Co-production and communication", "Commissioning and finance",
)
LEADS = ("Head of SEND", "Principal Educational Psychologist", "Inclusion Lead", "Sufficiency Manager",
         "PfA Lead", "Participation Officer", "Head of Commissioning", "Finance Business Partner")
# (workstream index, condition index, action, status, due, months re-planned or 0, measure)
_ACTIONS = (
    (0, 0, "Recruit four additional EHC coordinators", "blue", "2024-06-30", 0, "timeliness_pct_ex"),
    (0, 0, "Introduce weekly multi-agency assessment panel", "blue", "2024-04-30", 0, "timeliness_pct_ex"),
    (0, 0, "Commission locum educational psychologists to clear advice backlog", "green", "2025-03-31", 0,
     "open_over_20_weeks"),
    (0, 0, "Quality-assure draft plans before issue", "amber", "2025-09-30", 3, "timeliness_pct_ex"),
    (0, 0, "Decide requests to assess within six weeks", "green", "2025-06-30", 0, "decided_within_6_weeks_pct"),
    (0, 1, "Track annual reviews to amendment within statutory timescales", "red", "2025-07-31", 6,
     "plans_maintained"),
    (1, 1, "Launch the Ordinarily Available Provision toolkit for schools", "blue", "2024-09-30", 0,
     "census_pct_sen_support"),
    (1, 1, "Fund SENCo network and inclusion training for all schools", "green", "2025-07-31", 0,
     "census_pct_ehcp"),
    (1, 1, "Set up early help panel for requests without a plan", "amber", "2025-10-31", 2, "requests"),
    (1, 1, "Introduce top-up funding without an EHC plan (pilot)", "purple", "2025-04-30", 9, "requests"),
    (1, 1, "Outreach from special schools to mainstream", "green", "2025-12-31", 0, "census_pct_sen_support"),
    (2, 2, "Open a 60-place resourced provision at two secondary schools", "amber", "2025-09-01", 12,
     "plans_maintained"),
    (2, 2, "Expand the local special school by 40 places", "red", "2026-09-01", 12, "plans_maintained"),
    (2, 2, "Agree a sufficiency strategy with the schools forum", "blue", "2024-03-31", 0, "plans_maintained"),
    (2, 2, "Review independent placements at each annual review", "amber", "2025-12-31", 0, "plans_maintained"),
    (2, 4, "Negotiate framework prices with independent providers", "green", "2025-11-30", 0, "plans_maintained"),
    (3, 3, "Plan phase transfers by 15 February each year", "blue", "2025-02-15", 0, "transfers_on_time_pct"),
    (3, 3, "Supported internships with local employers", "green", "2025-09-30", 0, "transfers_on_time_pct"),
    (3, 3, "Post-16 pathways and FE college places agreed", "amber", "2026-03-31", 0, "transfers_on_time_pct"),
    (3, 3, "Independent travel training offer", "purple", "2025-05-31", 7, "transfers_on_time_pct"),
    (4, 0, "Parent carer forum co-produces the local offer refresh", "blue", "2024-12-31", 0,
     "complaints_on_time_pct"),
    (4, 0, "Respond to complaints within 20 working days", "red", "2025-06-30", 4, "complaints_on_time_pct"),
    (4, 1, "Termly SEND newsletter to families and schools", "green", "2025-12-31", 0, "complaints_on_time_pct"),
    (4, 0, "Family feedback survey after each plan is issued", "amber", "2025-10-31", 0, "timeliness_pct_ex"),
    (5, 4, "Monthly high-needs budget monitoring to the programme board", "blue", "2024-05-31", 0,
     "plans_maintained"),
    (5, 4, "Banding framework for top-up funding", "green", "2025-04-30", 0, "plans_maintained"),
    (5, 4, "Joint funding agreement with health and social care", "red", "2025-08-31", 5, "plans_maintained"),
    (5, 4, "Quarterly Safety Valve return to the DfE", "green", "2025-12-31", 0, "plans_maintained"),
    (5, 2, "Capital bid for new specialist places", "blue", "2024-11-30", 0, "plans_maintained"),
    (5, 4, "Savings tracker reconciled with finance monitoring", "amber", "2025-11-30", 1, "plans_maintained"),
)
_PROGRESS = {"blue": "Complete.", "green": "On track.", "amber": "Some slippage; recovery plan agreed.",
             "red": "Off track; escalated to the programme board.",
             "purple": "Re-planning needed: new date proposed to the board."}
# (workstream index, milestone, status, due, months re-planned)
_MILESTONES = (
    (0, "Backlog of overdue assessments cleared", "green", "2025-03-31", 0),
    (0, "60% of plans within 20 weeks", "amber", "2025-12-31", 3),
    (1, "OAP toolkit used by all schools", "blue", "2024-12-31", 0),
    (1, "Early help panel live", "amber", "2025-10-31", 2),
    (2, "Resourced provision opens", "red", "2025-09-01", 12),
    (2, "Special school expansion contract let", "amber", "2025-12-31", 0),
    (3, "All phase transfers issued by 15 February", "blue", "2025-02-15", 0),
    (4, "Local offer relaunched", "blue", "2024-12-31", 0),
    (5, "In-year balance of the high-needs block", "amber", "2026-03-31", 0),
    (5, "Safety Valve agreement review with the DfE", "green", "2025-12-15", 0),
)
# (workstream index, risk, likelihood, impact, mitigation, mitigated likelihood, impact, owner, status)
_RISKS = (
    (0, "Educational psychologist vacancies delay advice", 5, 4, "Locum contract and trainee places", 3, 3,
     "Principal Educational Psychologist", "open"),
    (0, "Rising requests outpace casework capacity", 4, 4, "Early help panel; coordinator recruitment", 3, 3,
     "Head of SEND", "open"),
    (1, "Schools do not adopt the inclusion toolkit", 3, 4, "SENCo network and termly visits", 2, 3,
     "Inclusion Lead", "open"),
    (2, "Building works for new places delayed", 4, 5, "Interim places in existing schools", 3, 4,
     "Sufficiency Manager", "open"),
    (2, "Independent placement prices rise above inflation", 4, 4, "Framework prices and review at each annual "
     "review", 3, 3, "Head of Commissioning", "open"),
    (3, "Too few post-16 places near home", 3, 3, "College partnership agreement", 2, 2, "PfA Lead", "open"),
    (4, "Families lose confidence in the programme", 3, 4, "Co-production with the parent carer forum", 2, 3,
     "Participation Officer", "open"),
    (5, "Savings plan not delivered in full", 4, 5, "Monthly tracker at the programme board", 4, 4,
     "Finance Business Partner", "open"),
    (5, "Health partners do not agree joint funding", 3, 3, "Escalation to the ICB board", 2, 3,
     "Head of Commissioning", "open"),
    (0, "Case management system migration disrupts casework", 2, 4, "Migration outside the transfer season", 1, 2,
     "Head of SEND", "closed"),
)
# (date, decision, made by)
_DECISIONS = (
    ("2024-02-12", "Programme governance and terms of reference agreed", "Programme board"),
    ("2024-03-11", "Sufficiency strategy approved for consultation", "Programme board"),
    ("2024-06-10", "Four additional EHC coordinator posts funded", "Director of Children's Services"),
    ("2024-09-09", "Top-up funding without a plan to be piloted in two localities", "Programme board"),
    ("2025-01-13", "Resourced provision opening moved to September 2026", "Programme board"),
    ("2025-04-14", "Locum educational psychologist contract extended to March 2026", "Programme board"),
    ("2025-07-14", "Banding framework adopted from September 2025", "Schools forum"),
    ("2025-10-13", "Independent travel training re-planned with the transport team", "Programme board"),
)

README: tuple[str, ...] = (
    "SYNTHETIC SAMPLE DATA: a made-up improvement plan for the SEND dashboard's demo; not any council's plan.",
    "",
    "Shaped like a Safety Valve programme: five conditions, six workstreams, 30 actions, 10 milestones, 10 risks",
    "and 8 decisions. Each action's 'measure' is a key of the dashboard's measure catalogue.",
    "",
)


def _months_later(day: str, months: int) -> dt.date:
    d = dt.date.fromisoformat(day)
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, 1) if months else d


def frames() -> dict[str, pd.DataFrame]:
    """The plan's four tables as frames (dates as Timestamps)."""
    ts = pd.Timestamp
    actions = [
        {"ref": f"A{i:02d}", "workstream": WORKSTREAMS[w], "condition": CONDITIONS[c], "action": text,
         "lead": LEADS[(i * 3) % len(LEADS)], "due_date": ts(due),
         "expected_date": ts(_months_later(due, shift)) if shift else None, "status": status,
         "progress": _PROGRESS[status], "success_measure": f"Evidenced by the dashboard's {measure} measure",
         "measure": measure}
        for i, (w, c, text, status, due, shift, measure) in enumerate(_ACTIONS, 1)]
    milestones = [
        {"ref": f"M{i:02d}", "workstream": WORKSTREAMS[w], "milestone": text, "due_date": ts(due),
         "expected_date": ts(_months_later(due, shift)) if shift else None, "status": status}
        for i, (w, text, status, due, shift) in enumerate(_MILESTONES, 1)]
    risks = [
        {"ref": f"R{i:02d}", "workstream": WORKSTREAMS[w], "risk": text, "likelihood": lk, "impact": im,
         "mitigation": mit, "mitigated_likelihood": mlk, "mitigated_impact": mim, "owner": owner, "status": st}
        for i, (w, text, lk, im, mit, mlk, mim, owner, st) in enumerate(_RISKS, 1)]
    decisions = [{"ref": f"D{i:02d}", "date": ts(day), "decision": text, "made_by": by}
                 for i, (day, text, by) in enumerate(_DECISIONS, 1)]
    return {"actions": pd.DataFrame(actions), "milestones": pd.DataFrame(milestones), "risks": pd.DataFrame(risks),
            "decisions": pd.DataFrame(decisions)}


def programme_bytes() -> bytes:
    from data_access.programme_workbook import README as TEMPLATE_README
    from data_access.programme_workbook import workbook_bytes

    return workbook_bytes(frames(), la_code=LA_CODE, readme=(*README, *TEMPLATE_README),
                          title="SYNTHETIC programme workbook sample", when=FIXED_TIME)


if __name__ == "__main__":  # python -m sample_data._programme writes sample_data/programme.xlsx
    from pathlib import Path

    out = Path(__file__).resolve().parent / "programme.xlsx"
    out.write_bytes(programme_bytes())
    print(out)
