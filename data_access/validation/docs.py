"""Write ``docs/validation-rules.md`` from the rule registry: ``python -m data_access.validation.docs``."""

from __future__ import annotations

from pathlib import Path

from data_access.validation.engine import RULES

PATH = Path(__file__).resolve().parents[2] / "docs" / "validation-rules.md"
HEAD = """# Validation rules

Generated from `data_access/validation/rules/` by `python -m data_access.validation.docs`; do not edit.

Each rule runs on every SEN2 and casework import (the report says "N errors, M queries"), on the Data quality
page and in `senddash validate FILE [--json]`. **error**: what DfE's COLLECT would reject; **query**: needs an
explanation before the return is signed off. *Sources*: the extracts a rule can be checked on.

| Rule | Severity | Area | Sources | Fields | Message |
| --- | --- | --- | --- | --- | --- |
"""


def render() -> str:
    rows = [f"| {r.id} | {r.severity} | {r.area} | {', '.join(r.sources)} | {', '.join(r.fields)} | {r.message} |"
            for r in sorted(RULES.values(), key=lambda r: r.id)]
    return HEAD + "\n".join(rows) + "\n"


if __name__ == "__main__":
    PATH.write_text(render(), encoding="utf-8")
    print(f"Wrote {PATH} ({len(RULES)} rules).")
