"""Number formatting and RAG ratings shown on the tiles."""

import datetime as dt

import pandas as pd

from dashboard.format import change, fmt_change, fmt_int, fmt_pct, fmt_pp, local_time, rag


def test_numbers_for_people():
    assert fmt_int(2804) == "2,804"
    assert fmt_int(None) == "–"
    assert fmt_pct(46.4) == "46.4%"
    assert fmt_pct(4.4, signed=True) == "+4.4%"
    assert fmt_pp(-32.6) == "-32.6 pts"
    assert change(91.3, 99.0) == -7.7


def test_rag_has_a_word_as_well_as_a_colour():
    assert (rag(60.0, 60.0).status, rag(60.0, 60.0).word) == ("green", "On target")
    assert (rag(50.0, 60.0, amber_margin=10).status, rag(50.0, 60.0).word) == ("amber", "Near target")
    assert (rag(49.9, 60.0, amber_margin=10).status, rag(49.9, 60.0).word) == ("red", "Below target")
    assert rag(None, 60.0).word == "No data"
    assert rag(3, 0, amber_margin=5, higher_is_better=False).status == "amber"
    # said as what is wrong: "Above target" alone reads as good news
    assert rag(6, 0, amber_margin=5, higher_is_better=False).word == "Above the target of 0 (higher is worse)"
    assert "On target" in rag(70, 60).badge and rag(70, 60).badge.startswith(":green-badge[")


def test_a_change_says_what_it_is_compared_with():
    assert fmt_change(24.9, "2023", points=True) == "+24.9 pts on 2023"
    assert fmt_change(-32.6, "Sep 2025", points=True) == "-32.6 pts on Sep 2025"
    assert fmt_change(-115, "2023") == "-115 on 2023"
    assert fmt_change(1234, "January 2025", word="since") == "+1,234 since January 2025"
    assert fmt_change(0, "January 2025", word="since") == "no change since January 2025"  # never "+0"
    assert fmt_change(0.0, "2023", points=True) == "no change on 2023"
    assert fmt_change(None, "2023") is None


def test_a_logged_time_is_shown_as_a_uk_date_and_time():
    # the import log holds UTC without a zone; a person reads the time on the clock in the UK
    assert local_time(pd.Timestamp("2026-12-02 06:44:19.42")) == "2 Dec 2026 06:44"  # GMT
    assert local_time(dt.datetime(2025, 7, 1, 12, 0)) == "1 Jul 2025 13:00"  # BST
    assert local_time("2025-07-01T12:00:00") == "1 Jul 2025 13:00"
    assert local_time(pd.NaT) == local_time(None) == "–"
