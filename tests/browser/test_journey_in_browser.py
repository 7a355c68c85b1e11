"""The statutory-journey pages in a real browser (issue 12): the request-to-plan funnel and the placements
mix against England and the region are drawn with their labels whole. Screenshots go to
test-artifacts/screenshots/ (copies for the docs: docs/images/issue-12/)."""

from __future__ import annotations

import pytest

from . import metric_value, screenshot, wait_idle
from .test_labels_in_browser import _axis_labels, chart_texts

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _legend(page, title: str) -> list[str] | None:
    return chart_texts(page, title, "legend-label")


def test_the_request_funnel(page, app_url, screenshots):
    page.goto(app_url + "/requests")
    wait_idle(page)
    shot = screenshot(page, screenshots / "requests-funnel.png")
    labels = _axis_labels(page, "where they are now")
    if labels is None:
        pytest.skip(f"the chart is drawn on a canvas, its labels cannot be read; look at {shot}")
    for stage in ("Requests received", "Decided to assess", "Plan issued", "Decided not to assess"):
        assert stage in labels, f"labels {labels}; see {shot}"
    assert not [t for t in labels if t.endswith("…")], f"cut-off labels {labels}; see {shot}"
    legend = _legend(page, "% of requests refused an assessment") or []
    assert "This LA" in legend and "England" in legend, f"legend {legend}; see {shot}"
    assert any("North West" in t for t in legend), f"legend {legend}; see {shot}"


def test_the_placements_mix_against_england_and_the_region(page, app_url, screenshots):
    page.goto(app_url + "/placements")
    wait_idle(page)
    shot = screenshot(page, screenshots / "placements.png")
    assert metric_value(page, "Plans maintained").replace(",", "").isdigit()
    labels = _axis_labels(page, "Share of plans by setting")
    if labels is None:
        pytest.skip(f"the chart is drawn on a canvas, its labels cannot be read; look at {shot}")
    assert "Special school" in labels and "Mainstream school" in labels, f"labels {labels}; see {shot}"
    legend = _legend(page, "Share of plans by setting") or []
    assert "This LA" in legend and any(t.startswith("England") for t in legend), f"legend {legend}; see {shot}"
    assert any("North West" in t for t in legend), f"legend {legend}; see {shot}"
