from pathlib import Path

import pytest

from dashboard.settings import SETTINGS, load_settings

DOCS = Path(__file__).resolve().parent.parent / "docs" / "settings.md"


def test_docs_cover_every_setting():
    text = DOCS.read_text()
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in text]
    assert not missing, f"docs/settings.md does not describe: {missing}"


def test_every_setting_has_help_and_a_unique_name():
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    assert all(len(s.help) > 20 for s in SETTINGS)


def test_defaults_file_and_environment_in_that_order(tmp_path, monkeypatch):
    for s in SETTINGS:
        monkeypatch.delenv(f"SENDDASH_{s.name.upper()}", raising=False)
    missing_file = tmp_path / "none.toml"
    assert load_settings(missing_file)["la_code"] == "351"
    f = tmp_path / "senddash.toml"
    f.write_text('la_code = "888"\ncomparators = ["340", "341"]\ntarget_timeliness_pct = 65\nunknown_key = 1\n')
    got = load_settings(f)
    assert got["la_code"] == "888" and got["comparators"] == ["340", "341"]
    assert got["target_timeliness_pct"] == 65.0 and isinstance(got["target_timeliness_pct"], float)
    monkeypatch.setenv("SENDDASH_LA_CODE", "909")
    monkeypatch.setenv("SENDDASH_COMPARATORS", "100, 200")
    monkeypatch.setenv("SENDDASH_ALLOW_UNAUTHENTICATED", "true")
    got = load_settings(f)
    assert got["la_code"] == "909" and got["comparators"] == ["100", "200"]
    assert got["allow_unauthenticated"] is True


def test_bad_file_and_bad_value_are_one_sentence(tmp_path, monkeypatch):
    f = tmp_path / "senddash.toml"
    f.write_text("la_code = \n")
    with pytest.raises(ValueError, match="is not valid TOML"):
        load_settings(f)
    monkeypatch.setenv("SENDDASH_CACHE_TTL_SECONDS", "soon")
    with pytest.raises(ValueError, match="SENDDASH_CACHE_TTL_SECONDS='soon' is not a valid value"):
        load_settings(tmp_path / "none.toml")
