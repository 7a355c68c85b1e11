"""The app's charts list in their legend only the series they draw (issue 11, part 8)."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def _script():
    import pandas as pd

    from dashboard.ui import components as ui

    rows = [{"year": y, "area": "This LA", "value": v} for y, v in ((2023, 40.0), (2024, 45.0))]
    rows += [{"year": y, "area": a, "value": None} for y in (2023, 2024) for a in ("England", "North West (region)")]
    ui.line_chart(pd.DataFrame(rows), x="year", y="value", series="area", title="Line", y_title="%", name="line")
    bars = pd.DataFrame([{"month": "2024-01", "flow": "New plans", "plans": 3},
                         {"month": "2024-01", "flow": "Ceased plans", "plans": None}])
    ui.bar_chart(bars, x="month", y="plans", color="flow", title="Bars", y_title="Plans", name="bars")


def test_a_series_with_no_figure_is_not_in_the_legend():
    at = AppTest.from_function(_script).run(timeout=60)
    assert not at.exception
    domains = [json.loads(c.proto.spec)["encoding"]["color"]["scale"]["domain"] for c in at.get("vega_lite_chart")]
    assert domains == [["This LA"], ["New plans"]]
