"""pct/round1: one decimal place, halves rounded up as DfE publishes, None for no denominator."""


import numpy as np

from dashboard.kpi.rounding import pct, round1


def test_pct_matches_published_la_figures():
    # LA 351 2020 (README): 82 of 302 within 20 weeks = 27.2%; excluding exceptions 75 of 274 = 27.4%
    assert pct(82, 302) == 27.2
    assert pct(75, 274) == 27.4
    assert pct(90, 263) == 34.2


def test_halves_round_up_not_to_even():
    assert pct(1, 8) == 12.5
    assert pct(1, 16) == 6.3  # 6.25 -> 6.3 (Python's round gives 6.2)
    assert pct(1, 80) == 1.3  # 1.25 -> 1.3
    assert round1(0.25) == 0.3
    assert round1(2.675) == 2.7  # binary float 2.67499999... would round down
    assert round1(-0.25) == -0.3  # away from zero, as ROUND_HALF_UP does


def test_none_when_denominator_zero_or_missing():
    assert pct(0, 0) is None
    assert pct(3, 0) is None
    assert pct(None, 5) is None
    assert pct(5, None) is None
    assert pct(1, float("nan")) is None
    assert round1(None) is None
    assert round1(float("nan")) is None


def test_zero_numerator_is_zero_and_numpy_inputs_give_plain_floats():
    assert pct(0, 7) == 0.0
    result = pct(np.int64(2), np.int64(3))
    assert result == 66.7 and type(result) is float
    assert pct(-10, 200) == -5.0
    assert pct(1, 3) == 33.3
