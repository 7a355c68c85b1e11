"""Chart labels in a real browser (issue 11, part 7): the setting names beside the bars are drawn whole, not
cut off with "…", at the 1,400 px window councillors use. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import pytest

from . import screenshot, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SETTINGS_CHART = "By setting type"


def chart_texts(page, title: str, role: str = "axis-label") -> list[str] | None:
    """The text of every ``role`` mark (axis labels, legend labels) of the chart titled ``title`` (charts are
    drawn as SVG); None when no such chart is drawn as SVG."""
    return page.evaluate(
        """([title, role]) => {
            for (const chart of document.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
                const svg = chart.querySelector('svg.marks');
                if (!svg) continue;
                const heading = [...svg.querySelectorAll('.role-title-text text, .role-title text')]
                    .map(t => t.textContent).join(' ');
                if (!heading.includes(title)) continue;
                return [...svg.querySelectorAll(`.role-${role} text`)].map(t => t.textContent);
            }
            return null;
        }""",
        [title, role],
    )


def _axis_labels(page, title: str) -> list[str] | None:
    return chart_texts(page, title)


def test_setting_labels_are_not_cut_off(page, app_url, screenshots):
    page.goto(app_url + "/growth")
    wait_idle(page)
    shot = screenshot(page, screenshots / "growth-setting-labels.png")
    labels = _axis_labels(page, SETTINGS_CHART)
    if labels is None:
        pytest.skip(f"the chart is drawn on a canvas, its labels cannot be read; look at {shot}")
    assert "Resourced provision" in labels, f"labels {labels}; see {shot}"
    assert "Special academy or free school" in labels, f"labels {labels}; see {shot}"
    assert not [t for t in labels if t.endswith("…")], f"cut-off labels {labels}; see {shot}"


def test_census_need_names_are_drawn_whole(page, app_url, screenshots):
    page.goto(app_url + "/census")
    wait_idle(page)
    shot = screenshot(page, screenshots / "census-need-labels.png")
    labels = _axis_labels(page, "Pupils with an EHC plan and on SEN support")
    if labels is None:
        pytest.skip(f"the chart is drawn on a canvas, its labels cannot be read; look at {shot}")
    assert "SEN support without a specialist assessment" in labels, f"labels {labels}; see {shot}"
    assert "NSA" not in labels
    assert not [t for t in labels if t.endswith("…")], f"cut-off labels {labels}; see {shot}"
