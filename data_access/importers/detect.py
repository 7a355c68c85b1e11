"""Which kind of extract a file is, from its content (not its name): ``detect(path, data, mapping=None)``.

Only the start of the file is looked at (the XML prolog, a table's header row, a zip's member list),
so detecting costs next to nothing beside the import itself.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from data_access.importers import _guard
from data_access.importers.base import ImportRejected, norm_header
from data_access.importers.reading import decode_text

KNOWN = "SEN2 XML, casework, complaints, census, DfE benchmark, establishments, placements, finance or programme file"

_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office file (e.g. .xls; save it as .xlsx or CSV)"),
    (b"\x1f\x8b", "a gzip file whose name does not end in .gz"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)
_SEN2_HEAD = re.compile(rb"<\s*Collection\s*>\s*SEN2\s*<\s*/\s*Collection\s*>", re.IGNORECASE)
_ROOT = re.compile(rb"<\s*([A-Za-z_][\w.:-]*)")
_BLADE_COLUMNS = {"persontableid", "requeststableid", "assessmenttableid", "namedplantableid"}


def doctype_message(name: str) -> str:
    return (f"{name} contains a DOCTYPE or ENTITY declaration, which is refused for safety "
            "(SEN2 returns have none), so nothing was imported.")


def unrecognised(name: str) -> str:
    return f"{name} is not a recognised extract ({KNOWN}); use --kind to say which."


def binary_message(path: Path, data: bytes) -> str | None:
    """One sentence when the bytes are an image, PDF, archive... rather than a table or XML."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"{path.name} is {what}, not a recognised extract ({KNOWN})."
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = zf.namelist()
                # checked before anything (openpyxl included) unpacks an entry
                return _guard.xlsx_problem(path.name, zf) if "[Content_Types].xml" in names else \
                    _guard.zip_problem(path.name, zf)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return f"{path.name} is a damaged zip or Excel file and cannot be read."
    return None


def header_row(path: Path, data: bytes) -> list[str]:
    """The header row of a CSV or the first sheet of an XLSX, as written (empty when unreadable)."""
    if data[:4] == b"PK\x03\x04":
        import openpyxl

        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                first = next(wb.worksheets[0].iter_rows(max_row=1, values_only=True), ())
            finally:
                wb.close()
        except Exception:  # noqa: BLE001 - unreadable workbook: the importer will say why
            return []
        return [str(c).strip() for c in first if c not in (None, "")]
    head = data[:65536]
    bom = _guard.unicode_bom(head)
    if bom:  # a character cut at the 64 KB boundary is ignored
        text = head.decode(bom, "ignore")
    else:
        text = decode_text(head)
    lines = text.lstrip("\ufeff").splitlines()
    if not lines:
        return []
    first = lines[0]
    sep = max((",", ";", "\t", "|"), key=first.count)
    try:
        return [c.strip() for c in next(csv.reader([first], delimiter=sep)) if c.strip()]
    except (csv.Error, StopIteration):
        return []


def sheet_names(data: bytes) -> list[str]:
    """The sheet names of an XLSX (read from its workbook part only; empty when unreadable)."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return list(wb.sheetnames)
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - unreadable workbook: the importer will say why
        return []


def _finance_workbook(data: bytes, mapping: Mapping[str, Any] | None) -> bool:
    """A workbook of several sheets one of which is a finance sheet (budget, agreement, savings)."""
    from data_access.importers.finance import sheet_of

    names = sheet_names(data)
    return len(names) > 1 and any(sheet_of(n, mapping) for n in names)


def _programme_workbook(data: bytes, mapping: Mapping[str, Any] | None) -> bool:
    """A workbook with an actions sheet (SPEC 1.8's programme workbook)."""
    from data_access.importers.programme import sheet_of

    return any(sheet_of(n, mapping) == "actions" for n in sheet_names(data))


def _programme_header(norm: set[str]) -> bool:
    """A header that is one of the programme sheets' (SPEC 1.8)."""
    return "ref" in norm and (
        {"action", "status"} <= norm or {"milestone", "status"} <= norm
        or {"risk", "likelihood", "impact"} <= norm or {"decision", "madeby"} <= norm
    )


def _finance_header(norm: set[str]) -> bool:
    """A header that is one of the finance tables' (SPEC 1.7)."""
    year = bool(norm & {"financialyear", "year", "fy"})
    return year and (
        {"period", "line", "forecastoutturn"} <= norm
        or bool(norm & {"plannedinyearbalance", "plannedcumulativebalance"})
        or ({"target", "delivered"} <= norm or {"target", "workstream"} <= norm)
    )


def blade_message(path: Path, data: bytes) -> str | None:
    """A DfE COLLECT "Blade" CSV export of SEN2 is recognised, and refused for now in one sentence."""
    looks_blade = path.name.lower().startswith("blade-export")
    if not looks_blade and not data.lstrip()[:1] == b"<" and data[:4] != b"PK\x03\x04":
        looks_blade = bool({norm_header(h) for h in header_row(path, data[:65536])} & _BLADE_COLUMNS)
    if looks_blade:
        return (
            f"{path.name} looks like a DfE COLLECT \"Blade\" CSV export of SEN2, which cannot be imported yet; "
            "import the SEN2 XML return or a casework extract instead."
        )
    return None


def _xml_kind(path: Path, data: bytes) -> str:
    head = data[:8192]
    m = _ROOT.search(re.sub(rb"<!--.*?-->", b"", head, flags=re.S))  # first element (not <?xml, <!--)
    root = m.group(1).decode("ascii", "replace").rsplit(":", 1)[-1] if m else ""
    if re.search(rb"<!\s*(DOCTYPE|ENTITY)", head, re.IGNORECASE):
        raise ImportRejected(doctype_message(path.name))
    if root == "Message" and _SEN2_HEAD.search(head):
        return "sen2"
    raise ImportRejected(unrecognised(path.name))


def _zip_kind(path: Path, data: bytes) -> str | None:
    """'benchmarks' for a zip of EES CSVs, None for an XLSX (a table), else rejected."""
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()  # readable: binary_message checked it
    if any(n.startswith("xl/") for n in names):
        return None
    if any(n.lower().endswith(".csv") for n in names):
        return "benchmarks"
    raise ImportRejected(f"{path.name} is a zip file with no CSV tables in it, not a recognised extract ({KNOWN}).")


def detect(path: Path, data: bytes, mapping: Mapping[str, Any] | None = None) -> str:
    """The kind of extract: sen2, casework, complaints, census, benchmarks, establishments, placements,
    finance or programme; else ImportRejected."""
    from data_access.importers import casework

    name = path.name
    if not data.strip():
        raise ImportRejected(f"{name} is empty, so nothing was imported.")
    binary = binary_message(path, data)
    if binary:
        raise ImportRejected(binary)
    bom = _guard.unicode_bom(data)
    if bom:  # UTF-16/32: sniff the decoded start (lxml and the CSV reader decode the whole file themselves)
        start = data[:16384].decode(bom, "ignore").lstrip("\ufeff \t\r\n")
        if start[:1] == "<":
            return _xml_kind(path, start.encode("utf-8"))
    body = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if body[:1] == b"<":
        return _xml_kind(path, body)
    if body[:4] == b"PK\x03\x04":
        kind = _zip_kind(path, body)
        if kind:
            return kind
        if _finance_workbook(body, mapping):
            return "finance"
        if _programme_workbook(body, mapping):
            return "programme"
    blade = blade_message(path, data)
    if blade:
        raise ImportRejected(blade)
    headers = header_row(path, data)
    renames = {norm_header(k): norm_header(v) for k, v in ((mapping or {}).get("columns") or {}).items()}
    norm = {renames.get(norm_header(h), norm_header(h)) for h in headers}
    if {"timeperiod", "geographiclevel"} <= norm:
        return "benchmarks"
    if {"request_id", "received_date"} <= casework.canonical_headers(headers, mapping):
        return "casework"
    if "urn" in norm and ("typeofestablishment(name)" in norm or norm == {"urn", "settingtype"}):
        return "establishments"
    if {"requestid", "entrydate"} <= norm:
        return "placements"
    if {"recordid", "kind"} <= norm:
        return "complaints"
    if norm & {"senprovision", "ncyearactual"}:
        return "census"
    if _finance_header(norm):
        return "finance"
    if _programme_header(norm):
        return "programme"
    raise ImportRejected(unrecognised(name))
