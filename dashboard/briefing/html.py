"""The briefing as one self-contained HTML file: inline CSS (with print rules), charts as inline SVG
data URIs, no scripts and nothing fetched from elsewhere. All text is HTML-escaped."""

from __future__ import annotations

import base64
from html import escape
from string import Template

from dashboard.briefing import charts as briefing_charts
from dashboard.briefing.model import Briefing, Table, fmt_cell

RAG_CLASS = {"green": "rag-green", "amber": "rag-amber", "red": "rag-red"}
RAG_SYMBOL = {"green": "✓", "amber": "!", "red": "✗"}

CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #1b1b1b; margin: 2em auto; max-width: 64em;
       line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; margin-top: 1.6em;
       border-bottom: 2px solid #0072B2; padding-bottom: 0.2em; } h3 { font-size: 1.05em; }
.meta { color: #444; } table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.5em; vertical-align: top; }
th { background: #DDEBF7; text-align: left; } td.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; } .note { font-style: italic; color: #444; font-size: 0.9em; }
.rag { font-weight: bold; white-space: nowrap; } .rag-green { background: #C6EFCE; }
.rag-amber { background: #FFEB9C; } .rag-red { background: #FFC7CE; }
figure { margin: 1em 0; } figure img { max-width: 100%; height: auto; }
dl dt { font-weight: bold; margin-top: 0.5em; } dl dd { margin-left: 1.5em; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-before: auto; break-after: avoid; } table, figure, tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .rag-green, .rag-amber, .rag-red, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

PAGE = Template("""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>$css</style></head>
<body>
<header><h1>$title</h1>
<p class="meta">As at <strong>$as_at</strong> &middot; $filters &middot; small numbers shown as
<strong>c</strong> (counts from 1 to $small)</p>
<p class="meta">On the dashboard: <a href="$link">$link</a></p></header>
<main>
<h2>Headline measures</h2>
$headlines
<h2>Summary</h2>
<ul class="summary">$sentences</ul>
<h2>Key charts</h2>
$charts
$sections
<h2>Glossary</h2>
<dl>$glossary</dl>
<h2>Data notes</h2>
<dl>$notes</dl>
</main>
</body></html>
""")


def table_html(table: Table, *, caption: bool = True) -> str:
    """A table of shown values; numbers right-aligned, the totals row in bold, RAG words coloured."""
    head = "".join(f"<th scope=\"col\">{escape(c.label)}</th>" for c in table.columns)
    body = []
    for row in table.rows:
        cells = []
        for c in table.columns:
            text = escape(fmt_cell(row, c))
            if c.key == "rag" and "_rag" in row:
                status = row["_rag"]
                symbol = RAG_SYMBOL.get(status, "–")
                cells.append(f"<td class=\"rag {RAG_CLASS.get(status, '')}\">{symbol} {text}</td>")
            elif c.kind in ("count", "pct", "signed_pct", "weeks", "value", "year"):
                cells.append(f"<td class=\"num\">{text}</td>")
            else:
                cells.append(f"<td>{text}</td>")
        total = table.total_label is not None and row.get(table.columns[0].key) == table.total_label
        opening = '<tr class="total">' if total else "<tr>"
        body.append(f"{opening}{''.join(cells)}</tr>")
    title = f"<h3>{escape(table.title)}</h3>" if caption else ""
    note = f"<p class=\"note\">{escape(table.note)}</p>" if table.note else ""
    return (f"{title}<table id=\"{escape(table.key)}\"><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>{note}")


def headline_table(b: Briefing) -> Table:
    table = b.headline_table()
    for row, h in zip(table.rows, b.headlines, strict=True):
        row["_rag"] = h.rag.status
    return table


def _charts(b: Briefing) -> str:
    out = []
    for chart in briefing_charts.charts(b):
        svg = base64.b64encode(briefing_charts.to_svg(chart.chart).encode("utf-8")).decode("ascii")
        note = f"<figcaption class=\"note\">{escape(chart.note)}</figcaption>" if chart.note else ""
        out.append(f"<figure><img alt=\"{escape(chart.title)}\" src=\"data:image/svg+xml;base64,{svg}\">{note}"
                   "</figure>")
    return "\n".join(out)


def _pairs(pairs: list[tuple[str, str]], link: str = "") -> str:
    """Terms and texts; an absolute ``link`` in a text becomes a working link to it."""
    def text_html(text: str) -> str:
        if "://" not in link or link not in text:
            return escape(text)
        before, after = text.split(link, 1)
        return f"{escape(before)}<a href=\"{escape(link)}\">{escape(link)}</a>{escape(after)}"

    return "".join(f"<dt>{escape(term)}</dt><dd>{text_html(text)}</dd>" for term, text in pairs)


def to_html(b: Briefing) -> str:
    sections = "\n".join(f"<section><h2>{escape(name)}</h2>{''.join(table_html(t) for t in tables)}</section>"
                         for name, tables in b.sections.items())
    return PAGE.substitute(
        title=escape(b.title), css=CSS, as_at=escape(b.as_at_text), filters=escape(b.filters_text),
        small=b.threshold - 1, link=escape(b.link), headlines=table_html(headline_table(b), caption=False),
        sentences="".join(f"<li>{escape(s)}</li>" for s in b.sentences), charts=_charts(b), sections=sections,
        glossary=_pairs(b.glossary), notes=_pairs(b.notes, b.link),
    )
