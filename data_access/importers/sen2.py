"""SEN2 return, XML, 2024+ structure (SPEC section 1.1).

The file is parsed with lxml with entity resolution, DTD loading and network access off, and any
document declaring a DOCTYPE or ENTITY is refused (no XXE, no "billion laughs"). Persons are walked
element by element into column lists (one list per table, never a DataFrame per row), then loaded in
bulk. Names and postcodes are never read; a UPN or ULN is checked as it is read (format, check
character) and only the result is kept, for validation, never written (``RecordTables.checks``). SEN2 has no case id, so a Person's reference is
its 1-based position in the file ("P7"); each of its ``Requests`` is "P7-R1", "P7-R2", ...

One bad value (unknown code, impossible date) rejects that Person (row = its position, column = the
element name); the other Persons load. A file that is not an SEN2 return is rejected whole. No reason
quotes a value from the file, dates included (SPEC section 5): it names the element and what was expected.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lxml import etree
from sqlalchemy import Connection

from data_access.importers import Parsed
from data_access.importers import _values as v
from data_access.importers._guard import unicode_bom
from data_access.importers._records import RecordTables, write_records
from data_access.importers._sen2_reader import PersonReader
from data_access.importers.base import ImportRejected, ImportReport, Rejection
from data_access.importers.detect import blade_message, doctype_message

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_LA = re.compile(r"^\d{3}$")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           remove_comments=True, remove_pis=True)


# libxml2's messages quote the file (a tag, an entity, a comment, the declared encoding), and a value
# with a stray "<" or "&" becomes a tag or entity name: each is said in words of our own instead
_SYNTAX = (
    ("Premature end of data", "the file ends before its elements are closed (it may be cut short)"),
    ("Opening and ending tag mismatch", "an element is closed by a tag of another name"),
    ("Extra content at the end of the document", "there is content after the last closing tag"),
    ("Document is empty", "there is no XML in it"),
    ("Start tag expected", "it does not start with an XML element"),
    ("Entity", "an '&' does not start an entity such as &amp;"),  # also EntityRef
    ("xmlParseEntityRef", "an '&' does not start an entity such as &amp;"),
    ("Comment", "a comment is not closed properly"),
    ("Double hyphen within comment", "a comment holds '--'"),
    ("Unsupported encoding", "its XML declaration names an encoding that cannot be read"),
    ("Input is not proper UTF-8", "it is not UTF-8 text and its XML declaration does not say which encoding it is"),
    ("PCDATA invalid Char value", "it holds a control character that XML does not allow"),
    ("Char 0x", "it holds a character that XML does not allow"),
    ("invalid character in attribute value", "an attribute holds a character that XML does not allow"),
)


def _syntax_problem(msg: str | None) -> str:
    """What is wrong with XML that is not well-formed, in words that quote nothing from the file."""
    first = (msg or "").split("\n")[0].strip()
    for start, words in _SYNTAX:
        if first.startswith(start):
            return words
    return "an element, attribute or character is not written as XML requires"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if tag.startswith("{") else tag


def read_xml(name: str, data: bytes) -> etree._Element:
    """Parse safely; a DOCTYPE/ENTITY declaration or malformed XML rejects the file in one sentence."""
    bom = unicode_bom(data)
    text = data.decode(bom, "ignore").encode("utf-8") if bom else data  # UTF-16/32: look at the characters
    if _DECLARATION.search(text):
        raise ImportRejected(doctype_message(name))
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (exc.lineno or 1, 0)
        where = f"line {line}, column {col}" if col else f"line {line}"
        raise ImportRejected(f"{name} is not well-formed XML ({where}): {_syntax_problem(exc.msg)}.") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ImportRejected(doctype_message(name))
    if root.tag.startswith("{"):  # a namespaced file: compare local names only
        for el in root.iter():
            if isinstance(el.tag, str):
                el.tag = _local(el.tag)
    return root


def _text(el: etree._Element | None) -> str | None:
    if el is None or el.text is None:
        return None
    t = el.text.strip()
    return t or None


def _header(name: str, root: etree._Element, la_code: str | None) -> tuple[str, int, dt.date]:
    if root.tag != "Message":
        raise ImportRejected(f"{name} is not an SEN2 return: its root element is <{root.tag}>, not <Message>.")
    cd = root.find("Header/CollectionDetails")
    collection = _text(cd.find("Collection")) if cd is not None else None
    if collection is None:
        raise ImportRejected(f"{name} has no Header/CollectionDetails/Collection, so it is not an SEN2 return.")
    if collection.upper() != "SEN2":
        raise ImportRejected(f"{name} is not an SEN2 return: its Header/CollectionDetails/Collection is not SEN2.")
    year_text = _text(cd.find("Year"))
    if year_text is None:
        raise ImportRejected(f"{name} has no collection Year in Header/CollectionDetails.")
    if not re.fullmatch(r"\d{4}", year_text) or not 2000 <= int(year_text) <= 2100:
        raise ImportRejected(f"{name} has a collection Year in Header/CollectionDetails that is not a year "
                             "from 2000 to 2100.")
    try:
        reference = v.date(_text(cd.find("ReferenceDate")), "ReferenceDate")
    except v.BadValue as exc:
        raise ImportRejected(f"{name} has a bad Header/CollectionDetails/ReferenceDate: {exc.reason}.") from None
    if reference is None:
        raise ImportRejected(f"{name} has no ReferenceDate in Header/CollectionDetails.")
    lea = _text(root.find("Header/Source/LEA"))
    if lea is not None and not _LA.match(lea):
        raise ImportRejected(f"{name} was not imported: LEA in Header/Source is not a 3-digit LA code.")
    la = lea or la_code
    if la is None:
        raise ImportRejected(f"{name} does not say which LA it is for (no Header/Source/LEA); pass --la.")
    return la, int(year_text), reference


def parse(path: Path, data: bytes, *, la_code: str | None = None,
          mapping: Mapping[str, Any] | None = None) -> Parsed:
    """Read and check an SEN2 return (``mapping`` is not used: SEN2 element names are fixed)."""
    name = path.name
    blade = blade_message(path, data)
    if blade:
        raise ImportRejected(blade)
    root = read_xml(name, data)
    la, year, reference = _header(name, root, la_code)
    persons = root.find("Persons")
    people = list(persons.iterchildren("Person")) if persons is not None else []
    if not people:
        raise ImportRejected(f"{name} has no Persons/Person records, so nothing was imported.")
    reader = PersonReader()
    rejections: list[Rejection] = []
    first_problem = ""
    for pos, el in enumerate(people, 1):
        try:
            reader.person(pos, el)
        except v.BadValue as exc:
            rejections.append(Rejection(pos, exc.column, f"Person {pos}: {exc.reason}"))
            first_problem = first_problem or f"Person {pos}, {exc.column}: {exc.reason}"
    report = ImportReport(file_name=name, kind="sen2", la_code=la, target=f"sen2:{la}:{year}",
                          rows_read=len(people), rows_rejected=len(rejections),
                          rows_loaded=len(people) - len(rejections), rejections=rejections)
    if report.rows_loaded == 0:
        raise ImportRejected(f"{name} was not imported because no Person record could be loaded ({first_problem}).")
    dataset = {"kind": "sen2", "la_code": la, "key": str(year), "collection_year": year,
               "reference_date": reference, "period_start": dt.date(year - 1, 1, 1),
               "period_end": dt.date(year - 1, 12, 31)}
    payload = RecordTables(dataset=dataset, tables=reader.tables.frames(), checks=reader.checks())
    return Parsed(kind="sen2", la_code=la, target=report.target, report=report, payload=payload)


def write(conn: Connection, parsed: Parsed, *, import_id: int, sha256: str) -> None:
    write_records(conn, parsed.payload, import_id=import_id, sha256=sha256, synthetic=parsed.synthetic)
