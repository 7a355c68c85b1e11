"""The caches every session shares (``st.cache_resource`` in ``dashboard/ui/data.py``) are handed out
without a copy, so nothing may change them: rendering every page, as an admin and as a viewer, leaves
the frames read from the database and the KPI object exactly as they were read."""

from __future__ import annotations

import copy

import pandas as pd

from dashboard.ui import data

from .conftest import LA, PAGES, App

VIEWER_TOML = """
require_sign_in = true
[roles]
viewer = ["*@council.gov.uk"]
"""
BRIEFING = "../pages/briefing.py"
FILTERS = {"need": ["ASD"]}


def _every_page(app: App, *, data_page: bool) -> None:
    """Every page in the person's navigation (a viewer has no Data page, nor money by default)."""
    app.run()
    for name, (path, title) in PAGES.items():
        if name in ("Data", "High-needs finance") and not data_page:
            continue
        app.at.switch_page(path)
        app.run()
        assert app.titles()[:1] == [title], name
    app.at.switch_page(BRIEFING)
    app.run()


def test_every_page_leaves_the_shared_frames_and_kpis_unchanged(open_app, demo_url, monkeypatch, tmp_path):
    admin = open_app(demo_url, query_params=FILTERS)  # demo mode: an admin, unsuppressed figures
    url = data.db_url()
    frames = data.frames(url, LA)
    as_at = data.filter_options(url, LA)["default_as_at"]
    kpis = data.kpis(url, LA, as_at, ("ASD",), (), ())
    frames_before = {name: df.copy(deep=True) for name, df in frames.items()}
    kpis_before = copy.deepcopy(kpis)

    _every_page(admin, data_page=True)
    settings = tmp_path / "viewer.toml"
    settings.write_text(VIEWER_TOML)
    monkeypatch.setenv("SENDDASH_SETTINGS", str(settings))
    viewer = open_app(demo_url, query_params=FILTERS)
    viewer.at.user = {"is_logged_in": True, "email": "member@council.gov.uk"}
    _every_page(viewer, data_page=False)
    assert any("(viewer)" in c for c in viewer.captions())

    # the pages used these very objects (no copy per session) ...
    assert data.frames(url, LA) is frames
    assert data.kpis(url, LA, as_at, ("ASD",), (), ()) is kpis
    # ... and left them as they were
    assert list(frames) == list(frames_before)
    for name, df in frames.items():
        pd.testing.assert_frame_equal(df, frames_before[name], obj=name)
    assert kpis == kpis_before
