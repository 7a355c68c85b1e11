"""The Growth page on a single SEN2 return says what more data it needs instead of drawing one-point charts
(issue 11, part 8)."""

from __future__ import annotations

import pytest

from dashboard import demo
from data_access.engine import make_engine
from tests.conftest import REFERENCE

from .conftest import LA


@pytest.fixture
def one_return_url(tmp_path):
    if not (REFERENCE / "sen2-mock.xml").is_file():
        pytest.skip("../shared/reference is not beside the project")
    xml = (REFERENCE / "sen2-mock.xml").read_text(encoding="utf-8").replace("<LEA>999</LEA>", f"<LEA>{LA}</LEA>")
    path = tmp_path / "SEN2_2025.xml"
    path.write_text(xml, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'one-return.sqlite'}"
    eng = make_engine(url)
    assert demo.import_file(eng, path).status == "loaded"
    eng.dispose()
    return url


def test_one_return_says_growth_needs_a_second_january(open_app, one_return_url, monkeypatch):
    monkeypatch.setenv("SENDDASH_ALLOW_UNAUTHENTICATED", "true")
    monkeypatch.setenv("SENDDASH_UNAUTHENTICATED_ROLE", "lead")
    app = open_app(one_return_url).open("EHCP growth")
    charts = app.charts()
    assert "Growth on the previous January (%)" not in charts
    assert "Plans at January, indexed (first year = 100)" not in charts
    assert any("Growth needs plans maintained at two Januaries" in i and "one (January 2025)" in i
               and "previous year's SEN2 return" in i for i in app.infos()), app.infos()


def test_the_sample_shows_growth(open_app, demo_url):
    app = open_app(demo_url).open("EHCP growth")
    assert "Growth on the previous January (%)" in app.charts()
    assert not any("Growth needs" in i for i in app.infos())
