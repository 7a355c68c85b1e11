"""The Data quality page's reconciliation block (dashboard/ui/reconcile.py): the three-column table for
everyone (small numbers suppressed for a viewer), the request list and its CSV download for SEND leads only.
The reconciliation is the hand-worked one of tests/kpi/test_reconcile.py."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _script(role: str) -> None:
    import streamlit as st

    from dashboard.access import Access
    from dashboard.kpi.reconcile import reconcile
    from dashboard.ui import reconcile as ui_reconcile
    from tests.kpi.test_reconcile import PUBLISHED, cw_frame, s2_frame

    st.session_state["_access"] = Access(role, "signed_in", "someone@example.org")
    ui_reconcile.show(reconcile(cw_frame(), s2_frame(), PUBLISHED, year=2025, la_code="999"))


def _run(role: str) -> AppTest:
    at = AppTest.from_function(_script, args=(role,), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _table(at: AppTest):
    return at.dataframe[0].value.set_index("Measure")


def test_a_lead_sees_the_figures_and_the_requests_behind_the_differences():
    at = _run("lead")
    table = _table(at)
    assert table.loc["Plans issued in 2024"].tolist() == ["2", "2", "3", "0", "-1"]
    assert table.loc["Within 20 weeks, all plans (%)"].tolist() == ["50.0%", "100.0%", "66.7%", "-50.0 pts", "+33.3 pts"]
    requests = at.dataframe[1].value
    assert list(requests["reason"]) == ["missing from the return", "missing from the casework", "a different date",
                                        "a different outcome"]
    assert any("Requests counted differently" in m.value for m in at.markdown)


def test_a_viewer_sees_small_numbers_suppressed_and_no_request_list():
    at = _run("viewer")
    assert len(at.dataframe) == 1
    table = _table(at)
    assert table.loc["Plans issued in 2024", "Casework"] == "c"
    assert table.loc["Plans issued in 2024", "DfE published"] == "3"  # published: public
    assert table.loc["Plans issued in 2024", "Casework − SEN2"] == "c"
    assert any("listed for SEND leads" in c.value for c in at.caption)
    summary = next(m.value for m in at.markdown if "Requests counted differently" in m.value)
    assert "missing from the return c" in summary  # one request: a small number


def _section(url: str) -> None:
    import streamlit as st

    from dashboard.access import Access
    from dashboard.ui import reconcile as ui_reconcile

    st.session_state["_access"] = Access("lead", "signed_in", "someone@example.org")
    ui_reconcile.section(url, "351")


def test_the_section_on_the_demo_offers_the_casework_years_and_shows_2025(demo_url):
    at = AppTest.from_function(_section, args=(demo_url,), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    # the sample's casework snapshot is of 2025-10-31: past the 2025 reference date; 2026 is being prepared
    assert at.selectbox[0].options == ["2026", "2025"] and at.selectbox[0].value == 2025
    table = at.dataframe[0].value.set_index("Measure")
    # the demo loads the sample's 2025 return too: the three columns agree
    assert table.loc["Plans maintained at January 2025"].tolist() == ["2,804", "2,804", "2,804", "0", "0"]
    assert not any("no SEN2 return for 2025 is loaded" in i.value for i in at.info)
