"""The regression model's ``follow``: how much of a gaining party's seat gain follows the seat's
losses (1, the transition rule; 0, the same gain in every seat of a nation), worked by hand on the
three-seat toy of test_known_answers, and learned only from elections before the cut-off."""

from __future__ import annotations

import numpy as np
import pytest

from swingometer.forecast.models import Regression, Transition, resolve_targets
from swingometer.forecast.models.regression import _fit_follow
from tests.models.test_known_answers import TARGET, THREE, con_lab_ld


def test_follow_one_is_the_transition_model() -> None:
    targets = resolve_targets(THREE, TARGET)
    np.testing.assert_array_equal(Regression().fit().predict(THREE, targets).shares,
                                  Transition().predict(THREE, targets).shares)


def test_half_the_gain_follows_the_losses_by_hand() -> None:
    # Con 40 -> 30 loses 25% in every seat: A 17.5, B 8.75, C 3.75, a mean of 10 (equal votes).
    # With follow 0.5 the gainers share 0.5 x the seat's loss + 0.5 x 10 in each seat:
    # A 13.75, B 9.375, C 6.875; Lab takes 6/10 of it and LD 4/10, then each row is rescaled to 100.
    raw = np.array([[52.5, 20 + 0.6 * 13.75, 10 + 0.4 * 13.75],     # sum 96.25
                    [26.25, 50 + 0.6 * 9.375, 15 + 0.4 * 9.375],    # sum 100.625
                    [11.25, 20 + 0.6 * 6.875, 65 + 0.4 * 6.875]])   # sum 103.125
    np.testing.assert_allclose(raw.sum(axis=1), [96.25, 100.625, 103.125])
    result = Regression(follow=0.5).fit().predict(THREE, resolve_targets(THREE, TARGET))
    np.testing.assert_allclose(con_lab_ld(result), 100 * raw / raw.sum(axis=1, keepdims=True),
                               rtol=0, atol=1e-9)


def test_follow_zero_gives_every_seat_the_same_gain_before_rescaling() -> None:
    # the pool is 10 everywhere: Lab +6 and LD +4 in every seat, as uniform swing gives them
    result = Regression(follow=0.0).fit().predict(THREE, resolve_targets(THREE, TARGET))
    raw = np.array([[52.5, 26, 14], [26.25, 56, 19], [11.25, 26, 69]])
    np.testing.assert_allclose(con_lab_ld(result), 100 * raw / raw.sum(axis=1, keepdims=True),
                               rtol=0, atol=1e-9)


def test_the_fit_is_a_slope_through_the_origin_and_stays_in_zero_to_one() -> None:
    z = np.array([-1.0, 0.0, 1.0])
    assert _fit_follow([(z, 0.4 * z)]) == pytest.approx(0.4)
    # each gain weighs the same whatever its number of seats: 0.2 on 3 seats, 0.8 on 6
    assert _fit_follow([(z, 0.2 * z), (np.tile(z, 2), 0.8 * np.tile(z, 2))]) == pytest.approx(0.5)
    assert _fit_follow([(z, 2 * z)]) == 1.0
    assert _fit_follow([(z, -z)]) == 0.0
    assert _fit_follow([]) == 1.0  # nothing to learn from: the transition rule


@pytest.mark.parametrize("cutoff, expected", [("2015-05-07", 0.286), ("2024-07-04", 0.503)])
def test_follow_is_learned_from_earlier_elections_only(data, cutoff: str, expected: float) -> None:
    seen: list[str] = []

    class Spy(Regression):
        def _gain_rows(self, base, result):
            seen.append(data.election(result.election_id).date)
            return super()._gain_rows(base, result)

    model = Spy(follow=None).fit(data.before(cutoff))
    assert seen and max(seen) < cutoff
    assert model.follow_ == pytest.approx(expected, abs=5e-4)
    assert Regression().fit(data.before(cutoff)).follow_ == 1.0  # the default does not learn it
