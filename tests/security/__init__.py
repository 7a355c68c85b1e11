"""Security and failure-behaviour tests (hostile files, fuzzing, SQL parameterisation, broken databases).

Shared checks live here: what every import report must look like whatever the input was.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from sqlalchemy import Engine

STATUSES = {"loaded", "unchanged", "rejected"}
MAX_MESSAGE = 500


def assert_one_sentence(message: str, file_name: str) -> None:
    """One clear sentence naming the file: one line, a full stop at the end and nowhere else, short."""
    assert message, "a rejection must say why"
    assert "\n" not in message and "Traceback" not in message, message
    assert file_name in message, message
    assert message.endswith("."), message
    assert len(message) <= MAX_MESSAGE, message[:MAX_MESSAGE]
    body = message.replace(file_name, "FILE")
    body = re.sub(r"'[^']*'", "''", body)  # quoted values from the file may hold anything
    assert not re.search(r"[.!?]\s+[A-Z]", body), message
    # the last safety net in run_import was not needed: the importer said what was wrong itself
    assert "unexpected" not in message, message


def sqlite_file(engine: Engine) -> Path:
    return Path(engine.url.database)


def file_digest(engine: Engine) -> str:
    """sha256 of an SQLite database file: "byte-for-byte unchanged" taken literally."""
    return hashlib.sha256(sqlite_file(engine).read_bytes()).hexdigest()
