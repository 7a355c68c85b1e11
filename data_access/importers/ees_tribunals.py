"""The SEND Tribunal appeal rate (the 2025 release's supporting file
``SEND Tribunals and appeal rate 2014-2024.csv``), read as published, into the long benchmark rows.

The file is a spreadsheet table saved as CSV: a title row, blank rows, a two-row heading (the years across,
then "Appeals registered", "Total Appealable Decisions", "SEND Tribunal Appeal Rate" under each year), a
region heading row in capitals (no code) above its LAs, an "England Total" row, then notes. Numbers are
written "1,071"; " - " is no appeals registered (stored as 0); "~" (suppressed), ".." (not available) and
blanks are None; rates are "0.40%" (stored as the percent number 0.4); footnote marks on names
("Dorset6") are dropped. The "In development" columns after 2024, the "England total excluding suppressed"
row and the rows of former LAs that have no code (Bournemouth and Poole before 2019) are not kept.
"""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import pandas as pd

from data_access.importers.base import ImportRejected, Rejection

SOURCE = "send_tribunals"
ENGLAND = "E92000001"
TOPIC = "All appealable decisions"
MEASURES = {"appeals registered": "tribunal_appeals", "total appealable decisions": "tribunal_appealable_decisions",
            "send tribunal appeal rate": "tribunal_appeal_rate"}
REGIONS = {"NORTH EAST": "E12000001", "NORTH WEST": "E12000002", "YORKSHIRE AND THE HUMBER": "E12000003",
           "EAST MIDLANDS": "E12000004", "WEST MIDLANDS": "E12000005", "EAST OF ENGLAND": "E12000006",
           "LONDON": "E12000007", "INNER LONDON": "E12000007", "OUTER LONDON": "E12000007",
           "SOUTH EAST": "E12000008", "SOUTH WEST": "E12000009"}
NONE_TEXT = ("~", "..", "", "x", "c", "z", "low")


def is_tribunal_file(name: str, data: bytes) -> bool:
    """The supporting file, by its name ('SEND Tribunals ...') or by its title and heading."""
    if re.sub(r"[\s_\-]+", " ", name.lower()).startswith("send tribunals"):
        return True
    head = data[:4096].decode("utf-8", "ignore").lower()
    return "appeal rate" in head and "appeals registered" in head


def _heading(rows: list[list[str]], file_name: str) -> tuple[int, list[tuple[int, int, str]]]:
    """The years row's index and (column, year, measure) for each kept column."""
    for i, row in enumerate(rows[:-1]):
        cells = [c.strip() for c in row]
        if len(cells) > 1 and cells[0].lower() == "local authority" and cells[1].lower() == "la code":
            columns, year = [], None
            for j, (top, sub) in enumerate(zip(cells, [c.strip() for c in rows[i + 1]], strict=False)):
                if re.fullmatch(r"\d{4}", top):
                    year = int(top)
                label = re.sub(r"[\d,]+$", "", sub).strip().lower()
                if year is not None and label in MEASURES:
                    columns.append((j, year, MEASURES[label]))
            if columns:
                return i, columns
    raise ImportRejected(f"{file_name} has no heading row 'Local Authority, LA code, 2014, ...' with "
                         "'Appeals registered' under each year, so it is not the published SEND Tribunal file.")


def _number(text: str, measure: str) -> float | None:
    t = text.strip()
    if t.lower() in NONE_TEXT:
        return None
    if t == "-":
        return 0.0
    if measure == "tribunal_appeal_rate":
        t = t.removesuffix("%")
    return float(t.replace(",", ""))


def to_long(data: bytes, file_name: str, release: str | None) -> tuple[pd.DataFrame, list[Rejection], int, int]:
    """The file's LA and England rows in long form: (rows, rejections, rows read, rows rejected)."""
    text = data.decode("utf-8-sig", "replace")
    rows = list(csv.reader(io.StringIO(text)))
    top, columns = _heading(rows, file_name)
    out: dict[str, list] = {k: [] for k in ("measure", "time_period", "year", "geographic_level", "area_code",
                                            "area_name", "region_code", "value")}
    rejections: list[Rejection] = []
    read = bad = 0
    region = None
    for i in range(top + 2, len(rows)):
        cells = [c.strip() for c in rows[i]] + [""] * 2
        name, code = re.sub(r"[\d,]+$", "", cells[0]).strip(), cells[1]
        if not name and not code:
            continue
        if not code and name.upper() in REGIONS:
            region = REGIONS[name.upper()]
            continue
        if name.lower().startswith("england total"):
            if "excluding" in name.lower():
                break  # the notes follow
            england = True
        elif not code:
            continue  # a former LA with no code (Bournemouth, Poole before 2019): no LA to keep it under
        else:
            england = False
        read += 1
        if not england and not re.fullmatch(r"\d{3}", code):
            rejections.append(Rejection(i + 1, "LA code", f"{file_name}: an LA row has no 3-digit 'LA code'"))
            bad += 1
            continue
        values = []
        for j, year, measure in columns:
            cell = rows[i][j] if j < len(rows[i]) else ""
            try:
                values.append((year, measure, _number(cell, measure)))
            except ValueError:
                rejections.append(Rejection(i + 1, f"{year} {measure}", f"{file_name}: {cell.strip()!r} is not "
                                            "a number, a percentage, ' - ', '~' or '..'"))
                break
        else:
            for year, measure, value in values:
                out["measure"].append(measure)
                out["time_period"].append(str(year))
                out["year"].append(year)
                out["geographic_level"].append("National" if england else "Local authority")
                out["area_code"].append(ENGLAND if england else code)
                out["area_name"].append("England" if england else name)
                out["region_code"].append(None if england else region)
                out["value"].append(np.nan if value is None else value)
            continue
        bad += 1
    frame = pd.DataFrame({k: pd.Series(v, dtype=("int64" if k == "year" else "float64" if k == "value"
                                                 else object)) for k, v in out.items()})
    frame["source"], frame["release"] = SOURCE, release
    frame["breakdown_topic"] = frame["breakdown"] = TOPIC
    return frame, rejections, read, bad
