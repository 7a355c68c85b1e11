"""Checks that run before a file's content is unpacked or parsed (SPEC section 5: safe input).

Each check returns ``None`` when the input is acceptable, else one sentence naming the file; the
caller raises :class:`~data_access.importers.base.ImportRejected` with it (this module imports
nothing from ``base`` so ``base`` can use it).

- gzip: decompressed in bounded steps, never past the size limit (a "gzip bomb" stops there);
- zip (a release zip or an .xlsx): the central directory is checked before any entry is read:
  entry count, unsafe names (absolute, ``..``, drive letters), encrypted entries, the declared total
  uncompressed size and each entry's compression ratio (a "zip bomb" declares or hides a huge size);
- the XML parts of an .xlsx must have no DOCTYPE / ENTITY declaration (real workbooks never do), so
  no XML parser downstream ever sees an entity, whichever parser openpyxl picks.
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
import zlib
from pathlib import PurePosixPath

MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_UNPACKED = 500 * 2**20  # declared total of all entries
MAX_RATIO = 100  # real EES CSVs compress ~3-28x, .xlsx sheets ~10-25x; deflate's ceiling is ~1000x
RATIO_FROM = 2**20  # the ratio is only judged for entries bigger than this (tiny entries vary wildly)
XML_HEAD = 65536
# what reading a damaged entry can raise (bad CRC, bad deflate data, unknown compression method...)
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError, ValueError)

_PROLOG = re.compile(rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def shown(value: object, limit: int = 40) -> str:
    """A value from a file as it may appear inside a message: one line, at most ``limit`` characters."""
    text = _CONTROL.sub(" ", str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unicode_bom(data: bytes) -> str | None:
    """'utf-32' or 'utf-16' when ``data`` starts with that byte-order mark (the codec reads it), else None."""
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return "utf-32"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    return None


def gunzip(data: bytes, limit: int) -> bytes | None:
    """The decompressed bytes, or None when they would exceed ``limit`` (a "gzip bomb").

    Raises EOFError when the gzip data ends early (a file cut short), OSError or zlib.error when it is
    otherwise damaged. The data is unpacked 1 MB at a time and unpacking stops as soon as it passes
    ``limit``. The size a gzip file declares (its last 4 bytes) is only a hint: it can lie, and in a file
    cut short it is whatever bytes happen to be last. When it says more than ``limit`` the data is
    unpacked without being kept, which tells a real bomb (None, in bounded memory) from a damaged file.
    """
    declared = int.from_bytes(data[-4:], "little") if len(data) >= 18 else 0
    keep = declared <= limit
    out = bytearray()
    size = 0
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
        while chunk := f.read(2**20):
            size += len(chunk)
            if size > limit:
                return None
            if keep:
                out += chunk
    if not keep:  # it unpacked whole to less than it declared (gzip itself checks the last member's size)
        raise OSError("the size the gzip file declares is not the size it unpacks to")
    return bytes(out)


def safe_entry_name(name: str) -> bool:
    p = PurePosixPath(name.replace("\\", "/"))
    return not (p.is_absolute() or ".." in p.parts or (p.parts and ":" in p.parts[0]))


def zip_problem(name: str, zf: zipfile.ZipFile, *, limit: int = MAX_ZIP_UNPACKED) -> str | None:
    """Why this zip must not be unpacked (None when it may be): judged from its directory alone."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        return f"{name} holds {len(infos):,} entries, more than the {MAX_ZIP_ENTRIES:,} allowed, so nothing was imported."
    total = 0
    for info in infos:
        if not safe_entry_name(info.filename):
            return f"{name} has an entry with an unsafe path ('{shown(info.filename)}'), so nothing was imported."
        if info.flag_bits & 0x1:
            return f"{name} has a password-protected entry ('{shown(info.filename)}'), so nothing was imported."
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FROM and ratio > MAX_RATIO:
            return (f"{name} has an entry ('{shown(info.filename)}') that unpacks to {ratio:,.0f} times its "
                    "packed size, which is refused as a possible zip bomb, so nothing was imported.")
    if total > limit:
        return (f"{name} unpacks to {total / 2**20:,.0f} MB, over the {limit / 2**20:,.0f} MB limit, "
                "so nothing was imported.")
    return None


def xml_prolog_ok(head: bytes) -> bool:
    """True when an XML document's start has no DOCTYPE/ENTITY declaration before its root element."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head[: len(head) // 2 * 2].decode("utf-16", "replace").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf")
    rest = head[_PROLOG.match(head).end():]
    return rest.startswith(b"<") and not rest.startswith(b"<!")


def xlsx_problem(name: str, zf: zipfile.ZipFile) -> str | None:
    """``zip_problem``, then every XML part must start with its root element (no DOCTYPE/ENTITY)."""
    problem = zip_problem(name, zf)
    if problem:
        return problem
    for info in zf.infolist():
        if info.is_dir() or not info.filename.lower().endswith((".xml", ".rels", ".vml")) or not info.file_size:
            continue
        try:
            with zf.open(info) as part:
                head = part.read(XML_HEAD)
        except ZIP_ERRORS:
            return f"{name} is a damaged zip or Excel file and cannot be read."
        if not xml_prolog_ok(head):
            return (f"{name} has a part ('{shown(info.filename)}') with a DOCTYPE or ENTITY declaration or an "
                    "unreadable start, which is refused for safety, so nothing was imported.")
    return None


_PANDAS = (
    (re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)"),
     lambda m: f"row {m[2]} has {m[3]} values but the header row has {m[1]} columns"),
    (re.compile(r"EOF inside string starting at row (\d+)"),
     lambda m: f"a quoted value starting on row {int(m[1]) + 1} is never closed"),
)


def csv_error(text: str) -> str:
    """A pandas CSV parser error in words for a person, as one clause (no full stop inside)."""
    for pattern, words in _PANDAS:
        m = pattern.search(text)
        if m:
            return words(m)
    text = re.sub(r"^Error tokenizing data\. C error: ", "", text.strip())
    return without_values(re.sub(r"\.\s+", "; ", text).rstrip("."))


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def without_values(text: str) -> str:
    """A parser's error text with what it quotes from the file left out (SPEC section 5: a name typed
    into a number cell must not reach a message): the part before the first ': ', quotes removed,
    nothing after the word "value"; one line, at most 200 characters."""
    text = _QUOTED.sub("", text.split(": ", 1)[0])
    text = re.sub(r"(?i)\b(value)\b.*$", r"\1", text)
    return shown(" ".join(text.split()).rstrip(" .,;:"), 200) or "unreadable content"
