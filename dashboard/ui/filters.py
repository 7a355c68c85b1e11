"""The shared sidebar filters: set once in the entry file, kept on every page and in the URL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import streamlit as st

from dashboard.format import filters_text
from dashboard.kpi.dates import AGE_BANDS
from dashboard.measures.needs import NEED_NAMES
from dashboard.read import NEED_CODES

NEEDS = NEED_CODES
# Streamlit's date field applies a typed date only when focus leaves it; Enter in one of its day / month /
# year parts does nothing. This makes Enter move the focus out of the field, so a typed as-at date applies at once. It runs
# in the page (no iframe, nothing fetched) and is installed once per browser tab.
ENTER_APPLIES_DATE = """<script>
if (!window.__senddashEnterAppliesDate) {
  window.__senddashEnterAppliesDate = true;
  document.addEventListener("keydown", (e) => {
    const part = e.target instanceof Element && e.target.closest('[data-testid="stDateInput"] [role="spinbutton"]');
    if (e.key !== "Enter" || !part) return;
    e.preventDefault();
    // focus moved to another element commits the date (a bare blur() does not)
    const away = document.createElement("span");
    away.tabIndex = -1;
    document.body.appendChild(away);
    away.focus();
    setTimeout(() => away.remove(), 0);
  }, true);
}
</script>"""


@dataclass(frozen=True)
class Filters:
    needs: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    as_at: dt.date | None = None
    comparators: tuple[str, ...] = field(default_factory=tuple)

    def describe(self) -> str:
        return filters_text(self.needs, self.age_bands, need="need: ", age="age: ")


def sidebar(*, default_as_at: dt.date | None, comparator_options: dict[str, str], can_filter: bool = True) -> Filters:
    """Draw the filters (bound to the URL query string) and return their values. Without ``can_filter``
    (a viewer) there is no need or age-band filter: two filtered views side by side could give a small
    number away by subtraction, so viewers see every child and young person."""
    with st.sidebar:
        st.subheader("Filters")
        needs: list[str] = []
        bands: list[str] = []
        if can_filter:
            needs = _need_filter()
            bands = st.multiselect("Age band", AGE_BANDS, key="age", bind="query-params",
                                   help="Age on 31 August before the date each KPI is measured at.")
        else:
            st.caption("Filtering by need or age band is for SEND leads: two filtered views side by side could "
                       "give a small number away by subtraction.")
        st.html(ENTER_APPLIES_DATE, unsafe_allow_javascript=True)
        as_at = st.date_input(
            "As at", value=default_as_at, key="as_at", bind="query-params", format="DD/MM/YYYY",
            min_value=dt.date(2010, 1, 1), max_value=dt.date(2100, 12, 31),
            help="Figures use only what was known on this date. Defaults to the latest data. Type a date and "
                 "press Enter, or pick one from the calendar.",
        )
        comparators = st.multiselect(
            "Comparator LAs (DfE codes)", list(comparator_options), key="cmp", bind="query-params",
            help="Shown beside England and the region. Empty: the LA's ten statistical neighbours.",
        )
        if comparators:
            st.caption(", ".join(f"{comparator_options.get(c, c)} ({c})" for c in comparators))
    return Filters(tuple(needs), tuple(bands), as_at if isinstance(as_at, dt.date) else None,
                   tuple(comparators))


def need_label(code: str) -> str:
    """A need filter option: the code and its name ("ASD – Autistic spectrum disorder")."""
    return f"{code} – {NEED_NAMES[code]}" if code in NEED_NAMES else code


def _need_filter() -> list[str]:
    """The need filter, its options named, the URL carrying the codes (?need=SEMH&need=ASD). A widget bound
    to the URL would put the names there, so this one reads the codes from the URL when the session starts
    and writes them back on every run (a page switch clears the query string)."""
    if "need" not in st.session_state:
        st.session_state["need"] = list(dict.fromkeys(c for c in st.query_params.get_all("need") if c in NEEDS))
    needs = st.multiselect("Primary need", NEEDS, key="need", format_func=need_label,
                           help="Applies to every KPI whose records carry a primary need.")
    if st.query_params.get_all("need") != needs:
        if needs:
            st.query_params["need"] = needs
        else:
            del st.query_params["need"]
    return needs


def current() -> Filters:
    """The filters as set in this session (pages call this; the entry file draws the widgets)."""
    return st.session_state.get("_filters", Filters())
