"""The leads' named forecast scenarios: save (insert or replace by name), load sorted by name, delete."""

from __future__ import annotations

import datetime as dt

import pytest

from data_access.queries import delete_scenario, load_scenarios, save_scenario


def test_save_replace_load_delete(engine):
    assert load_scenarios(engine, la_code="351") == []
    save_scenario(engine, la_code="351", name="  Low growth ", params={"growth": 0.03, "lines": ["post16"]},
                  saved_by="lead@council.gov.uk")
    save_scenario(engine, la_code="351", name="baseline", params={"growth": 0.06}, saved_by=None)
    save_scenario(engine, la_code="352", name="baseline", params={"growth": 0.10}, saved_by=None)
    got = load_scenarios(engine, la_code="351")
    assert [s["name"] for s in got] == ["baseline", "Low growth"]  # stripped, sorted by name ignoring case
    low = got[1]
    assert low["params"] == {"growth": 0.03, "lines": ["post16"]} and low["saved_by"] == "lead@council.gov.uk"
    assert isinstance(low["saved_at"], dt.datetime)
    save_scenario(engine, la_code="351", name="Low growth", params={"growth": 0.02}, saved_by="other@council.gov.uk")
    got = load_scenarios(engine, la_code="351")
    assert len(got) == 2 and got[1]["params"] == {"growth": 0.02} and got[1]["saved_by"] == "other@council.gov.uk"
    assert delete_scenario(engine, la_code="351", name=" Low growth") is True
    assert delete_scenario(engine, la_code="351", name="Low growth") is False
    assert [s["name"] for s in load_scenarios(engine, la_code="351")] == ["baseline"]
    assert load_scenarios(engine, la_code="352")[0]["params"] == {"growth": 0.10}


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_name_must_be_1_to_80_characters(engine, name):
    with pytest.raises(ValueError, match=r"^A scenario.*\.$"):
        save_scenario(engine, la_code="351", name=name, params={}, saved_by=None)
    save_scenario(engine, la_code="351", name="x" * 80, params={}, saved_by=None)
    assert [len(s["name"]) for s in load_scenarios(engine, la_code="351")] == [80]


def test_params_must_be_a_json_dict(engine):
    with pytest.raises(ValueError, match="must be a dict"):
        save_scenario(engine, la_code="351", name="a", params=[1], saved_by=None)
    with pytest.raises(ValueError, match="cannot be saved as JSON"):
        save_scenario(engine, la_code="351", name="a", params={"when": dt.date(2025, 1, 1)}, saved_by=None)
    assert load_scenarios(engine, la_code="351") == []
