"""Tables for people: headings in words, numbers formatted, suppressed cells kept as "c"."""

import pandas as pd

from dashboard.ui.tables import for_people, label


def test_headings_are_words_and_unknown_keys_are_readable():
    assert label("pct_ex") == "% within 20 weeks (excl. exceptions)"
    assert label("final_on_time") == "Finalised on time"
    assert label("some_new_count") == "Some new count"


def test_numeric_columns_keep_their_values_and_get_a_format():
    df = pd.DataFrame({"year": [2023, 2024], "issued": [1234, 5678], "pct_ex": [34.2, 99.0]})
    shown, config = for_people(df)
    pd.testing.assert_frame_equal(shown, df)  # sortable numbers, formatted by the browser
    assert config["issued"]["label"] == "Plans issued" and config["issued"]["type_config"]["format"] == "localized"
    assert config["pct_ex"]["type_config"]["format"] == "%.1f%%"
    assert config["year"]["type_config"]["format"] == "%d"  # 2,024 would be wrong


def test_a_column_with_suppressed_cells_is_text_formatted_here():
    df = pd.DataFrame({"issued": [1234, "c"], "pct": [34.2, "c"], "team": ["North", None],
                       "request_refs": [["R1", "R2"], []]})
    shown, _ = for_people(df)
    assert shown["issued"].tolist() == ["1,234", "c"]
    assert shown["pct"].tolist() == ["34.2%", "c"]
    assert shown["team"].tolist() == ["North", "–"]
    assert shown["request_refs"].tolist() == ["R1, R2", "–"]


def test_chart_categories_in_words():
    from dashboard.ui.tables import in_words

    got = in_words(pd.Series(["post16", "in_area", "not_upheld", "SEMH", None]))
    assert got.tolist()[:4] == ["Post-16 (college, training)", "In the LA's area", "Not upheld", "SEMH"]


def test_need_codes_head_their_columns_as_codes_never_title_cased():
    assert [label(c) for c in ("ASD", "DS", "SEMH", "UNKNOWN")] == ["ASD", "DS", "SEMH", "Not recorded"]
    _, config = for_people(pd.DataFrame({"year": [2024], "ASD": [23.3], "SEMH": [24.5]}))
    assert config["SEMH"]["label"] == "SEMH" and config["SEMH"]["help"] == "Social, emotional and mental health"


def test_a_blank_cell_shows_a_dash_never_none():
    df = pd.DataFrame({"year": [2015, 2016], "pct": [None, 34.2], "issued": [None, 12]})
    shown, config = for_people(df)
    assert shown["pct"].tolist() == ["–", "34.2%"]
    assert shown["issued"].tolist() == ["–", "12"]
    assert config["pct"]["type_config"]["type"] == "text"


def test_a_logged_time_is_a_local_date_and_time_not_epoch_milliseconds():
    df = pd.DataFrame({"finished_at": pd.to_datetime(["2026-12-02 06:44:19.431792", None])})
    shown, config = for_people(df)
    assert shown["finished_at"].tolist() == ["2 Dec 2026 06:44", "–"]
    assert config["finished_at"]["label"] == "Finished" and config["finished_at"]["type_config"]["type"] == "text"


def test_complaint_categories_and_outcomes_in_words_in_sentence_case():
    from dashboard.ui.tables import in_words

    categories = ["decision", "process", "communication", "timeliness", "provision", "staff_conduct", "other"]
    outcomes = ["upheld", "partly_upheld", "not_upheld", "withdrawn", "open"]
    words = in_words(pd.Series(categories + outcomes)).tolist()
    assert words == ["Decision", "Process", "Communication", "Timeliness", "Provision", "Staff conduct", "Other",
                     "Upheld", "Partly upheld", "Not upheld", "Withdrawn", "Still open"]
    assert all(w[0].isupper() and w[1:] == w[1:].lower() for w in words)  # one case style
