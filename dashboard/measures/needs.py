"""The primary need codes (SEN2 SENtype, and the census's NSA) in words, for every table, label and filter."""

NEED_NAMES = {
    "ASD": "Autistic spectrum disorder", "DS": "Down syndrome", "HI": "Hearing impairment",
    "MLD": "Moderate learning difficulty", "MSI": "Multi-sensory impairment", "OTH": "Other difficulty or disability",
    "PD": "Physical disability", "PMLD": "Profound and multiple learning difficulty",
    "SEMH": "Social, emotional and mental health", "SLCN": "Speech, language and communication needs",
    "SLD": "Severe learning difficulty", "SPLD": "Specific learning difficulty", "VI": "Visual impairment",
    "UNKNOWN": "Need not recorded", "NSA": "SEN support without a specialist assessment",
}
