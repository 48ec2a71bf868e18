"""The one ratings rule: the thresholds, the words, and their use by the simulator and the maps."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from swingometer.forecast.ratings import RATING_NOTE, RATING_ORDER, rating, rating_bands
from swingometer.pictures.maps.colouring import STRENGTH


def test_the_thresholds() -> None:
    assert [rating(c) for c in (100, 90, 89.99, 75, 74.99, 60, 59.96, 0)] == [
        "safe", "safe", "likely", "likely", "lean", "lean", "toss-up", "toss-up"]
    assert RATING_ORDER == ("toss-up", "lean", "likely", "safe")
    assert rating_bands() == ("under 60%", "60%+", "75%+", "90%+")
    assert RATING_NOTE == "safe: the favourite wins 90%+ of simulations; likely 75%+; lean 60%+"


@given(st.floats(0, 100), st.floats(0, 100))
def test_a_larger_chance_is_never_rated_weaker(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert RATING_ORDER.index(rating(low)) <= RATING_ORDER.index(rating(high))


def test_the_maps_colour_every_rating() -> None:
    assert [name for name, _ in STRENGTH] == list(RATING_ORDER)
