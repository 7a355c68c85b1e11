"""``docs/measures.md``, written from the catalogue: ``python -m dashboard.measures.docs`` rewrites it, and
``tests/test_measures.py`` fails when it is out of date."""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard.measures.about import ABOUT
from dashboard.measures.catalogue import CATALOGUE, TIES
from dashboard.measures.headlines import SPECS
from dashboard.measures.model import Breakdown, Flow, Measure, Periods, Sum

PATH = Path(__file__).resolve().parents[2] / "docs" / "measures.md"
BETTER = {"higher": "higher", "lower": "lower", None: "neither"}


def _built(m: Measure) -> str:
    if m.kind == "rate":
        return " / ".join(f"`{p}`" for p in (" + ".join(m.parts[:-1]), m.parts[-1]))
    if m.kind in ("growth", "stat"):
        return f"{m.kind} of `{m.parts[0]}`"
    return "count"


def _tie(t: object) -> str:
    if isinstance(t, Sum):
        rest = [f"*{t.rest}*"] if t.rest else []
        return f"`{t.total}` = " + " + ".join([f"`{p}`" for p in t.parts] + rest)
    if isinstance(t, Breakdown):
        whose = f"`{t.total}`" + (f" [{t.total_category}]" if t.total_category else "")
        which = f" ({', '.join(t.only)})" if t.only else ""
        return f"{whose} = sum of `{t.categories}`{which}" + (" + *not recorded*" if t.rest else "")
    if isinstance(t, Periods):
        return f"`{t.measure}`: the {t.fine}s add up to the {t.coarse}"
    if isinstance(t, Flow):
        return f"`{t.stock}`(month) + `{t.outflow}`(month) = `{t.stock}`(month before) + `{t.inflow}`(month)"
    raise TypeError(t)


def render() -> str:
    lines = [
        "# Measures", "",
        "Written from `dashboard/measures/catalogue.py` by `python -m dashboard.measures.docs`; do not edit by hand.",
        "Every figure a viewer, a CSV download or a briefing shows is one of these; a count not listed here",
        "never reaches a viewer (see `docs/security.md`).", "",
        "| key | label | unit | built from | better | target setting | benchmark | LA's published count | where in `kpis` |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for m in CATALOGUE:
        where = "<br>".join(f"`{a}`" for a in m.at)
        lines.append(f"| `{m.key}` | {m.label} | {m.unit} | {_built(m)} | {BETTER[m.better]} | "
                     f"{f'`{m.target}`' if m.target else '–'} | {f'`{m.benchmark}`' if m.benchmark else '–'} | "
                     f"{f'`{m.published}`' if m.published else '–'} | {where} |")
    lines += ["", "## How the counts tie together", "",
              "Used by the disclosure control: a hidden count can never be worked out from these. *Italic* counts "
              "are never shown; they follow from the others and are protected when small.", ""]
    lines += [f"- {_tie(t)}" for t in TIES]
    lines += ["", "## Headlines", "",
              "The Overview tiles and the briefing's headline table read one list "
              "(`dashboard/measures/headlines.py`):", ""]
    lines += [f"- `{s.key}`: `{s.measure}`" + (f" [{s.category}]" if s.category else "") for s in SPECS]
    lines += ["", "## About each measure", ""]
    for key in dict.fromkeys(m.about for m in CATALOGUE if m.about):
        users = ", ".join(f"`{m.key}`" for m in CATALOGUE if m.about == key)
        lines += [f"### {key}", "", f"Measures: {users}.", "", ABOUT[key], ""]
        notes = [f"- `{m.key}`: {m.note}" for m in CATALOGUE if m.about == key and m.note]
        lines += [*notes, ""] if notes else []
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
