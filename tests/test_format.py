"""Number formatting and RAG ratings shown on the tiles."""

from dashboard.format import change, fmt_int, fmt_pct, fmt_pp, rag


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
    assert rag(6, 0, amber_margin=5, higher_is_better=False).word == "Above target"
    assert "On target" in rag(70, 60).badge and rag(70, 60).badge.startswith(":green-badge[")
