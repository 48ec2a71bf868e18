"""The tactical model: a squeeze towards the best-placed ally that fades with the seat's margin.

Worked by hand on the toy of ``test_known_answers`` (three English seats of equal size)::

    seat    Con   Lab   LD            uniform swing to Con 30, Lab 40, LD 30 (tide 10)
    A        70    20   10     ->     60    30    10    Lab v Con, margin 30
    B        35    50   15     ->     25    60    15    Lab v Con, margin 35
    C        15    20   65     ->      5    30    65    LD v Lab: both in the bloc, no squeeze
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swingometer.forecast.models import (
    Sensitivity,
    Tactical,
    UniformSwing,
    resolve_targets,
)
from swingometer.forecast.models.tactical import _fit_rate
from swingometer.forecast.projection import baseline_shares
from tests.models.test_known_answers import THREE, con_lab_ld

TO = {"Con": 30.0, "Lab": 40.0, "LD": 30.0}


def squeeze(model: Tactical, shares: dict[str, float] = TO) -> np.ndarray:
    return con_lab_ld(model.fit().predict(THREE, resolve_targets(THREE, shares)))


def test_the_squeeze_fades_with_the_margin_by_hand() -> None:
    # A: rate 0.5 - 0.01 x 30 = 0.2 of LD's 10 moves to Lab (2 points); B: 0.5 - 0.35 = 0.15 of
    # LD's 15 (2.25 points). Lab is then 124.25 / 3 = 41.4167 nationally, LD 85.75 / 3 = 28.5833:
    # each is re-centred on its target (40, 30) by 1.4167 points in every seat.
    gap = 4.25 / 3
    np.testing.assert_allclose(squeeze(Tactical(base="uniform", rate=0.5, fade=0.01)), [
        [60.0, 32.0 - gap, 8.0 + gap],
        [25.0, 62.25 - gap, 12.75 + gap],
        [5.0, 30.0 - gap, 65.0 + gap],
    ])


def test_a_flat_rate_squeezes_safe_and_close_seats_alike() -> None:
    # fade 0: 0.2 of LD's vote moves in A (2 points) and in B (3 points)
    gap = 5.0 / 3
    np.testing.assert_allclose(squeeze(Tactical(base="uniform", rate=0.2, fade=0.0)), [
        [60.0, 32.0 - gap, 8.0 + gap],
        [25.0, 63.0 - gap, 12.0 + gap],
        [5.0, 30.0 - gap, 65.0 + gap],
    ])


def test_seats_won_by_more_than_rate_over_fade_are_not_squeezed() -> None:
    # rate 0.5 fades to 0 at a margin of 25 points: A (30) and B (35) are beyond it
    uniform = UniformSwing().predict(THREE, resolve_targets(THREE, TO))
    np.testing.assert_allclose(squeeze(Tactical(base="uniform", rate=0.5, fade=0.02)),
                               con_lab_ld(uniform))


def test_the_squeeze_is_scaled_by_the_tide() -> None:
    # Con 35, Lab 35, LD 30: tide 5, half the reference tide of 10, so half the rate (0.1 of LD's
    # vote, in A: Con 65, Lab 25, LD 10, 1 point; in B: Con 30, Lab 55, LD 15, 1.5 points)
    gap = 2.5 / 3
    np.testing.assert_allclose(
        squeeze(Tactical(base="uniform", rate=0.2, fade=0.0), {"Con": 35, "Lab": 35, "LD": 30}), [
            [65.0, 26.0 - gap, 9.0 + gap],
            [30.0, 56.5 - gap, 13.5 + gap],
            [10.0, 25.0 - gap, 65.0 + gap],
        ])


# -- estimating the rate and its fade ------------------------------------------------------------
rows = st.integers(3, 40).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 60).map(float), min_size=n, max_size=n, unique=True),
    st.lists(st.floats(1.0, 50.0), min_size=n, max_size=n)))


@settings(max_examples=50, deadline=None)
@given(rate=st.floats(0.0, 0.6), fade=st.floats(0.0, 0.02), rows=rows)
def test_the_fit_recovers_a_rate_and_a_fade(rate, fade, rows) -> None:
    margin, projected = (np.array(r) for r in rows)
    actual = projected * (1 - (rate - fade * margin))
    fitted = _fit_rate(margin, projected, actual)
    assert fitted == pytest.approx((rate, fade), abs=1e-7)
    # either one given, the other is estimated given it
    assert _fit_rate(margin, projected, actual, rate=rate)[1] == pytest.approx(fade, abs=1e-7)
    assert _fit_rate(margin, projected, actual, fade=fade)[0] == pytest.approx(rate, abs=1e-7)


def test_the_fit_weights_each_row_by_its_projected_share() -> None:
    # with no fade, the rate is the projected vote lost over the projected vote: (2 + 0) / (10 + 30)
    margin, projected, actual = np.array([5.0, 20.0]), np.array([10.0, 30.0]), np.array([8.0, 30.0])
    assert _fit_rate(margin, projected, actual, fade=0.0) == pytest.approx((0.05, 0.0))


def test_with_nothing_to_learn_from_what_is_not_given_is_zero() -> None:
    empty = np.empty(0)
    assert _fit_rate(empty, empty, empty) == (0.0, 0.0)
    assert _fit_rate(empty, empty, empty, rate=0.3) == (0.3, 0.0)
    assert _fit_rate(empty, empty, empty, rate=0.3, fade=0.01) == (0.3, 0.01)


# -- on the real elections -----------------------------------------------------------------------
def test_the_squeeze_fades_with_the_margin_in_every_earlier_election(data) -> None:
    # the 2005 notional result -> 2010 alone, then with 2010-2015, 2015-2017 and 2017-2019: a rate
    # in a dead heat of 0.10 to 0.18, falling with the margin every time
    days = ("2015-05-07", "2017-06-08", "2019-12-12", "2024-07-04")
    fits = [Tactical().fit(data.before(day)) for day in days]
    assert [(round(m.rate_, 3), round(m.fade_, 4)) for m in fits] == [
        (0.104, 0.0018), (0.129, 0.0014), (0.128, 0.0018), (0.177, 0.0042)]
    assert [len(m.tides_) for m in fits] == [1, 2, 3, 4]


def test_given_parameters_are_kept_and_the_rest_estimated(data) -> None:
    history = data.before("2024-07-04")
    fixed = Tactical(rate=0.1, fade=0.0).fit(history)
    assert (fixed.rate_, fixed.fade_) == (0.1, 0.0)
    flat = Tactical(fade=0.0).fit(history)
    assert flat.fade_ == 0.0 and 0.05 < flat.rate_ < 0.2
    assert Tactical(fade=0.0).get_params()["fade"] == 0.0


def test_no_earlier_pair_no_squeeze(data) -> None:
    # before 2010 the history holds only the 2005 notional result: nothing to learn from, so the
    # base model's projection comes out unchanged
    history = data.before("2010-05-06")
    model = Tactical().fit(history)
    assert (model.rate_, model.fade_) == (0.0, 0.0)
    base = baseline_shares(history, history.election("parl.2005-05-05.notional")).standing()
    targets = resolve_targets(base, {"Con": 34.0, "Lab": 33.0, "LD": 9.0, "UKIP": 13.0})
    np.testing.assert_array_equal(model.predict(base, targets).shares,
                                  model.base_.predict(base, targets).shares)


def test_the_squeeze_strength_varies_between_elections(data) -> None:
    """Each learning pair's squeeze, as a multiple of the pooled fit: far from 1 (weaker in 2010
    and 2017, stronger in 2015 and 2019), so a projection reports its sensitivity to the strength
    for the simulator; unknown from one pair, and none when both parameters are given."""
    history = data.before("2024-07-04")
    model = Tactical().fit(history)
    assert [round(s, 2) for s in model.strengths_] == [0.65, 1.52, 0.69, 1.59]
    base = baseline_shares(history, history.election("parl.2019-12-12.notional")).standing()
    targets = resolve_targets(base, {"Lab": 39.3, "Con": 21.3, "RUK": 15.9, "LD": 11.3,
                                     "Green": 6.3, "SNP": 2.9})
    found = model.sensitivity(base, targets)
    change, sd = found.change, found.sd
    assert sd == pytest.approx(0.53, abs=0.01)
    # four pairs measured it, the fit used one: a new election's strength is a t with 3 df, kept
    # between no squeeze (a multiple of 0) and a dead heat's whole vote moving (1 / rate_)
    assert found.pairs == 4 and found.df == 3
    assert found.to_dict()["multiple_range"] == [0.0, round(1 / model.rate_, 4)]
    # a measurement the draw cannot use is refused
    with pytest.raises(ValueError, match="2\\+ pairs"):
        Sensitivity(change, sd, pairs=1)
    assert Sensitivity(change, sd, 3, low=-1.0).to_dict()["multiple_range"][1] is None
    assert change.shape == base.shares.shape and np.abs(change).max() > 1.0
    np.testing.assert_allclose(change.sum(axis=1), 0.0, atol=1e-9)  # shares still sum to 100
    assert (change[base.frozen] == 0).all()
    assert Tactical().fit(data.before("2015-05-07")).sensitivity(base, targets) is None
    assert Tactical(rate=0.2, fade=0.004).fit(history).sensitivity(base, targets) is None
