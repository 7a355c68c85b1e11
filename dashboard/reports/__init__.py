"""Reports and exports built from the KPI object for the programme board and finance: the forecast workbook,
and (issue 15) the highlight, Safety Valve and data-pack reports."""
