"""A chart's legend lists only the lines and bars it draws (issue 11, part 8): a briefing with no published
figures (an LA DfE has not published, or a database without benchmarks) has no "England" or "Region" entry."""

from __future__ import annotations

from dashboard.briefing import build_briefing
from dashboard.briefing import charts as briefing_charts

from .conftest import plain_settings


def _legends(b) -> dict[str, list[str]]:
    out = {}
    for c in briefing_charts.charts(b):
        spec = c.chart.to_dict()
        colour = spec.get("encoding", {}).get("color", {})
        if "scale" in colour and "domain" in colour["scale"]:
            out[c.key] = colour["scale"]["domain"]
    return out


def test_the_sample_briefing_lists_england_and_the_region(sample_briefing):
    legends = _legends(sample_briefing)
    assert legends["timeliness"] == ["This LA", "England", "North West (region)"]
    assert legends["needs"] == ["This LA", "England"]


def test_without_published_figures_the_legends_list_only_this_la(sample_kpis):
    k = {**sample_kpis, "benchmarks": {}}
    b = build_briefing(k, settings=plain_settings(), la_name="Sample")
    legends = _legends(b)
    assert legends["timeliness"] == ["This LA"]
    assert legends["needs"] == ["This LA"]
