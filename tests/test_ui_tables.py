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
