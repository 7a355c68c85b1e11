"""Scrutiny briefing: the suppressed headline table, summary, key charts, tables, glossary and notes, with
XLSX / HTML / PDF downloads. Every number shown comes from the one suppressed briefing the exports use."""

import datetime as dt
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from dashboard import read
from dashboard.briefing import MIME, Briefing, build_briefing, render
from dashboard.briefing import charts as briefing_charts
from dashboard.briefing.html import RAG_SYMBOL
from dashboard.ui import data, outlook
from dashboard.ui import overview as ov
from dashboard.ui.filters import current

PRINT_CSS = """<style>
@media print {
  /* Streamlit scrolls the page inside fixed-height boxes: let it flow over pages instead. */
  html, body, #root, .stApp, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"], [data-testid="stVerticalBlock"] {
    height: auto !important; min-height: 0 !important; overflow: visible !important; position: static !important; }
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stDownloadButton"], [data-testid="stSidebarCollapsedControl"], [data-testid="stStatusWidget"],
  [data-testid="stElementToolbar"] { display: none !important; }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0 !important; }
  /* Streamlit keeps the screen width and height of elements when printing: fit them to the paper. */
  [data-testid="stElementContainer"], [data-testid="stTable"], .stPrintFixedWidth {
    width: 100% !important; max-width: 100% !important; overflow: visible !important; }
  [data-testid="stElementContainer"]:has([data-testid="stTable"]), [data-testid="stTable"] { height: auto !important; }
  [data-testid="stTable"] table { width: 100% !important; font-size: 9pt; }
  [data-testid="stVegaLiteChart"], tr { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@page { size: A4; margin: 12mm; }
</style>"""
RAG_BACKGROUND = {"green": "#C6EFCE", "amber": "#FFEB9C", "red": "#FFC7CE"}
_MD_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>#|$~"})


@st.cache_data(ttl=data.TTL, show_spinner="Preparing the briefing…")
def _briefing(url: str, la: str, as_at: dt.date | None, needs: tuple, bands: tuple, comparators: tuple,
              base_url: str | None, settings: dict) -> Briefing:
    k = outlook.with_outlook(data.kpis(url, la, as_at, needs, bands, comparators))
    name = read.la_display_name(data.engine(), data.frames(url, la)["benchmarks"], la)
    return build_briefing(k, settings=settings, la_name=name, base_url=base_url, chosen_comparators=comparators)


@st.cache_data(ttl=data.TTL, show_spinner=False, max_entries=12)
def _export(url: str, la: str, as_at: dt.date | None, needs: tuple, bands: tuple, comparators: tuple,
            base_url: str | None, settings: dict, suffix: str) -> bytes:
    return render(_briefing(url, la, as_at, needs, bands, comparators, base_url, settings), suffix)


def _base_url() -> str | None:
    """The app's address (scheme, host and path above this page), for a link that works anywhere."""
    url = getattr(st.context, "url", None)
    if not url:
        return None
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    path = path[: -len("/briefing")] if path.endswith("/briefing") else path
    return f"{parts.scheme}://{parts.netloc}{path}"


def _md(text: str) -> str:
    return text.translate(_MD_SPECIAL)


def _linked(text: str, link: str) -> str:
    """``text`` for markdown with ``link`` in it as a working link: only the words are escaped, never the
    address (an escaped ``as\\_at`` becomes ``as%5C_at`` in the browser and opens the default date)."""
    if not link or link not in text:
        return _md(text)
    before, after = text.split(link, 1)
    return f"{_md(before)}[{_md(link)}]({link}){_md(after)}"


def _show(table, rag: list[str] | None = None) -> None:
    df = pd.DataFrame(table.formatted(), columns=[c.label for c in table.columns])
    if rag:
        df["RAG"] = [f"{RAG_SYMBOL.get(s, '–')} {w}" for s, w in zip(rag, df["RAG"], strict=True)]
        colours = [RAG_BACKGROUND.get(s, "") for s in rag]
        st.table(df.style.apply(lambda col: [f"background-color: {c}" if c else "" for c in colours],
                                subset=["RAG"]).hide(axis="index"))
    else:
        st.table(df.style.hide(axis="index"))


k = data.current_kpis()
data.heading("Scrutiny briefing", k, "For the scrutiny committee: plain-language headline measures")
if not ov.has_data(k):
    st.info("The database holds no casework or SEN2 records for this LA yet. Load files on the **Data** page.")
    st.stop()
f = current()
key = (data.db_url(), data.la_code(), f.as_at, f.needs, f.age_bands, f.comparators, _base_url(), data.settings())
b = data.guard(_briefing, *key)
st.html(PRINT_CSS)
small = f"1 to {b.threshold - 1}" if b.threshold > 2 else "1"
st.caption(f"Small numbers are hidden: counts from {small} are shown as **c**, and so is any number that would "
           "let a hidden one be worked out. [Link to this briefing](" + b.link + ") (carries the filters and the "
           "as-at date). Print it from the browser, or download it:")
stem = f"send-briefing-{b.la_code}-{b.as_at.isoformat()}"
for col, (suffix, label) in zip(st.columns(3), ((".pdf", "PDF"), (".xlsx", "Excel"), (".html", "Web page (HTML)")),
                                strict=True):
    col.download_button(f"Download {label}", data=lambda s=suffix: _export(*key, s), file_name=stem + suffix,
                        mime=MIME[suffix], key=f"briefing{suffix}", icon=":material/download:", on_click="ignore")

st.header("Headline measures")
_show(b.headline_table(), [h.rag.status for h in b.headlines])
st.caption("RAG compares with the council's target; Movement compares with the previous period.")
st.header("Summary")
st.markdown("\n".join(f"- {_md(s)}" for s in b.sentences))

st.header("Key charts")
for chart in briefing_charts.charts(b):
    st.altair_chart(chart.chart, width="content")  # its own 520 px: the same on screen and on paper
    if chart.note:
        st.caption(chart.note)

for name, tables in b.sections.items():
    st.header(name)
    for table in tables:
        st.subheader(table.title)
        _show(table)
        if table.note:
            st.caption(table.note)

st.header("Glossary")
st.markdown("\n".join(f"- **{_md(term)}**: {_md(text)}" for term, text in b.glossary))
st.header("Data notes")
st.markdown("\n".join(f"- **{_md(term)}**: {_linked(text, b.link)}" for term, text in b.notes))
