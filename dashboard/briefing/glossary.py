"""The briefing's glossary of acronyms and terms, and its data notes (sources, as-at date, definitions,
what "c" means)."""

from __future__ import annotations

from dashboard.measures.about import GLOSSARY as MEASURE_TERMS

_TERMS: list[tuple[str, str]] = [
    ("ASD", "Autistic spectrum disorder: a type of special educational need recorded as a child's primary need."),
    ("c", "A number hidden to protect children's privacy: a count that is small, a percentage built on one, or "
          "another number hidden so that the small one cannot be worked out by subtraction."),
    ("DfE", "Department for Education, which collects the SEN2 return and publishes England and regional "
            "figures."),
    ("EHCP / EHC plan", "Education, Health and Care plan: a legal document describing a child or young person's "
                        "special educational needs and the support they must receive (ages 0 to 25)."),
    ("EHC needs assessment", "The assessment the council carries out, when it agrees to, before deciding "
                             "whether to issue an EHC plan."),
    ("20-week limit", "An EHC plan should be issued within 20 weeks of the request for an assessment."),
    ("Exceptions", "Cases where the law allows the 20-week limit to be missed (for example, the family asked "
                   "for a delay). The national headline figure leaves them out."),
    ("6-week decision", "The council must decide within 6 weeks of a request whether to carry out an "
                        "assessment."),
    ("HI / VI / MSI", "Hearing impairment / visual impairment / multi-sensory impairment."),
    ("LA", "Local authority: the council."),
    ("LGSCO / Ombudsman", "The Local Government and Social Care Ombudsman, who looks at complaints the council "
                          "has not resolved."),
    ("MLD / SLD / PMLD", "Moderate / severe / profound and multiple learning difficulty."),
    ("Phase transfer", "A move between school phases (e.g. primary to secondary). The amended EHC plan must be "
                       "finalised by 15 February, or by 31 March for a move to post-16 education."),
    ("PD", "Physical disability."),
    ("RAG", "Red, amber, green: green means on or better than target; amber within the set margin below it; "
            "red further below. The word is always shown beside the colour."),
    ("SEMH", "Social, emotional and mental health needs."),
    ("SEN / SEND", "Special educational needs / special educational needs and disabilities."),
    ("SEN support", "Help for a pupil with special educational needs given by the school without an EHC plan."),
    ("SEN2", "The statutory return on EHC needs assessments and plans each council sends to the DfE every "
             "January."),
    ("SLCN", "Speech, language and communication needs."),
    ("SPLD", "Specific learning difficulty (for example dyslexia)."),
    ("Statistical neighbours", "The councils most like this one on the DfE's measures, used as comparators."),
    ("pts", "Percentage points: the difference between two percentages (from 40% to 45% is +5 pts)."),
]
# the catalogue's terms (mediation, tribunal, annual review, independent and non-maintained special schools,
# out of area) join the briefing's own, in one alphabetical list
GLOSSARY: list[tuple[str, str]] = sorted([*_TERMS, *MEASURE_TERMS.items()], key=lambda t: t[0].lower())


def notes(*, as_at_text: str, la: str, filters_text: str, threshold: int, region: str | None,
          comparators: list[str], link: str, coverage: list[str] | None = None,
          not_recorded: list[str] | None = None) -> list[tuple[str, str]]:
    """The data notes. ``coverage``: each loaded source and where it ends ("the complaints log ends on 31
    December 2024"); ``not_recorded``: the measures whose column no loaded file had."""
    small = f"1 to {threshold - 1}" if threshold > 2 else "1"
    covers = [("What each source covers", ". ".join(c[0].upper() + c[1:] for c in coverage) + ". A month, "
               "quarter or year after a source's end has no data: it shows '–', never 0.")] if coverage else []
    gone = [m[0].lower() + m[1:] for m in not_recorded or []]
    what = (", ".join(gone[:-1]) + " and " if len(gone) > 1 else "") + (gone[-1] if gone else "")
    missing = [("Not recorded", what[:1].upper() + what[1:] + ": not recorded in the extract (no loaded file "
                "has the column), so not shown rather than shown as 0.")] if gone else []
    return [
        ("As at", f"{as_at_text}. Figures use only what was recorded on or before this date."),
        *covers,
        *missing,
        ("Area and filters", f"{la}; {filters_text}."
                             + ("" if filters_text == "all children and young people" else
                                " The filters apply to this council's figures only: England and regional "
                                "figures are for all children and young people.")),
        ("Sources", "The council's casework extract (or its SEN2 returns to the DfE) for EHC needs assessments, "
                    "plans and phase transfers; the council's complaints and compliments log. England and "
                    f"{region or 'regional'} figures are the DfE's published statistics (Education, health "
                    "and care plans, Explore Education Statistics), not calculated from this council's data."),
        ("What 'c' means", f"Counts from {small} are shown as 'c', and so is any percentage built on such a "
                           "count. Some larger numbers are also shown as 'c' so that a hidden number cannot be "
                           "worked out from a total by subtraction. The same numbers are hidden in every table, "
                           "chart and export of this briefing."),
        ("'–'", "Not available: no cases in the period, no target, or no published figure."),
        ("20-week timeliness", "Of final EHC plans issued in the period (not counting plans transferred in from "
                               "another council), the share issued within 140 days of the request being "
                               "received. 'Excluding exceptions' leaves out plans where a legal exception to "
                               "the 20-week limit applied; it is the DfE's headline measure."),
        ("Plans maintained", "EHC plans issued on or before the date and not ceased by it. January figures are "
                             "at the SEN2 reference date (the third Thursday of January)."),
        ("Decisions within 6 weeks", "Of requests received in the year on which the council decided whether to "
                                     "assess, the share decided within 42 days."),
        ("Complaints", "Complaints about the SEND service by the date received; answered on time means answered "
                       "by the due date (20 working days after receipt unless another date was set). Quarters "
                       "are calendar quarters; the latest may be incomplete."),
        ("Phase transfers", "Children and young people with a phase transfer due on the date; on time means the "
                            "amended plan was finalised on or before it."),
        ("Movement and RAG", "Movement compares this period with the previous one (Improved / Worsened, or Up / "
                             "Down for counts that are neither good nor bad). RAG compares with the council's "
                             "target."),
        ("Rounding", "Percentages are rounded to one decimal place, halves up, as the DfE publishes them."),
        ("Comparators", ", ".join(comparators) if comparators else "None chosen."),
        ("Link", "Open this briefing on the dashboard with the same filters and as-at date: "
                 + (link if "://" in link else f"the dashboard's address followed by {link}")),
    ]
