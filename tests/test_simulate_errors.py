"""The simulator's error model: national poll errors since 1974, regional errors, fat tails."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import swingometer
from swingometer.forecast.models import MODEL_PARTIES
from swingometer.forecast.projection import project
from swingometer.forecast.simulate import (
    ErrorModel,
    draw_shares,
    english_regions,
    national_errors,
    t_scales,
)
from swingometer.forecast.simulation_kernel import _Plan, _prepare

SHARES = {"Lab": 34.6, "Con": 24.4, "RUK": 14.7, "LD": 12.6, "Green": 6.9, "SNP": 2.6, "PC": 0.7}
CON, LAB, LD, OTH = (MODEL_PARTIES.index(p) for p in ("Con", "Lab", "LD", "Oth"))


@pytest.fixture(scope="module")
def projection(data: swingometer.Dataset):
    return project(data, shares=SHARES)


@pytest.fixture(scope="module")
def before_2024(data: swingometer.Dataset):
    return national_errors(data.before("2024-07-04"))


def test_national_errors_go_back_to_1974(before_2024) -> None:
    errors, sources = before_2024
    assert [s.split()[1] for s in sources] == [
        "parl.1974-02-28", "parl.1974-10-10", "parl.1979-05-03", "parl.1983-06-09",
        "parl.1987-06-11", "parl.1992-04-09", "parl.1997-05-01", "parl.2001-06-07",
        "parl.2005-05-05", "parl.2010-05-06", "parl.2015-05-07", "parl.2017-06-08",
        "parl.2019-12-12"]  # 1970: the shipped polls start after that election
    assert errors.shape == (13, len(MODEL_PARTIES))


def test_the_1992_polling_miss(before_2024) -> None:
    """The final polls had Labour ahead; the Conservatives won GB by 7.6 points (42.8 to 35.2).
    The Kalman average, which follows the last days' polls, puts the miss at 4.7 and 4.3 points
    (the final-week mean: 5.3 and 4.2)."""
    errors, sources = before_2024
    row = errors[sources.index("polls parl.1992-04-09 (GB shares)")]
    assert row[CON] == pytest.approx(4.7, abs=0.1)
    assert row[LAB] == pytest.approx(-4.3, abs=0.1)


def test_liberal_alliance_and_others_are_compared_like_with_like(before_2024) -> None:
    errors, sources = before_2024
    old = [i for i, s in enumerate(sources) if s < "polls parl.2010"]
    # Liberal (1974-79) and Alliance (1983-87) shares are the LD lineage's: never missing
    assert not np.isnan(errors[old, LD]).any()
    # others: the polls' unlisted rest of 100 against the result's (UK shares made GB, without
    # Northern Ireland's parties); a like-for-like miss is small
    assert (np.abs(errors[old, OTH]) < 1.5).all()
    # parties the old polls did not list (Green, SNP, ...) have no error there, not a zero one
    assert np.isnan(errors[old, MODEL_PARTIES.index("Green")]).all()


def test_national_errors_see_nothing_after_the_cutoff(data: swingometer.Dataset) -> None:
    _, sources = national_errors(data.before("2015-05-07"))
    assert sources[-1] == "polls parl.2010-05-06"
    _, sources = national_errors(data.before("1992-04-09"))
    assert sources[-1] == "polls parl.1987-06-11 (GB shares)"


def test_a_covariance_from_every_election(data: swingometer.Dataset) -> None:
    errors = ErrorModel.estimate(data.before("2015-05-07"))
    sd = dict(zip(MODEL_PARTIES, np.sqrt(np.diag(errors.national_cov))))
    # ten elections 1974-2010 with misses of 2-5 points in Con and Lab
    assert 1.5 < sd["Con"] < 3.5 and 1.5 < sd["Lab"] < 3.5
    assert errors.national_cov[CON, LAB] < 0  # a Conservative miss is a Labour miss the other way
    assert np.allclose(errors.national_cov.sum(axis=1), 0)
    assert (np.linalg.eigvalsh(errors.national_cov) > -1e-9).all()


def test_regional_errors_are_learnt_from_earlier_pairs(data: swingometer.Dataset) -> None:
    learnt = ErrorModel.estimate(data.before("2024-07-04"))
    assert (learnt.region_sd[[CON, LAB, LD]] > 0.5).all()
    assert (learnt.region_sd[[CON, LAB, LD]] < learnt.seat_sd[[CON, LAB, LD]]).all()
    assert "region_sd" in learnt.to_dict()
    # before 2010 there is no pair of elections on the same boundaries (the first is 2005's
    # notional result -> 2010)
    assert not ErrorModel.estimate(data.before("2010-05-06")).region_sd.any()
    assert ErrorModel.estimate(data.before("2015-05-07")).region_sd[LAB] > 0.5


def test_english_regions(data: swingometer.Dataset) -> None:
    codes = np.array(["E14000639", "S14000051", "W07000049"])  # Cities of London, Orkney, ...
    assert list(english_regions(data.constituencies, "pcon2010", codes)) == ["London", "", ""]


def test_seats_of_one_region_move_together(projection) -> None:
    k = len(MODEL_PARTIES)
    regional = ErrorModel(np.zeros((k, k)), np.zeros(k), region_sd=np.full(k, 2.0))
    draws = draw_shares(projection, regional, 1_000, seed=21)
    live = ~projection.projected.frozen
    base = projection.projected.shares[live]
    constituencies = swingometer.Dataset(include_imported=False).constituencies
    region = english_regions(constituencies, "pcon2024", projection.projected.gss_codes[live])
    clear = (base[:, CON] > 15) & (base[:, LAB] > 15)
    london = np.flatnonzero((region == "London") & clear)[:2]
    north_east = np.flatnonzero((region == "North East") & clear)[0]
    moves = draws[:, :, CON] - base[None, :, CON]
    assert np.corrcoef(moves[:, london[0]], moves[:, london[1]])[0, 1] > 0.95
    assert abs(np.corrcoef(moves[:, london[0]], moves[:, north_east])[0, 1]) < 0.15
    assert np.std(moves[:, london[0]]) == pytest.approx(2.0, rel=0.15)


def test_seats_are_drawn_area_by_area_and_put_back(projection, data) -> None:
    errors = ErrorModel.estimate(data.before("2024-07-04"))
    work, _, _, seats = _prepare(projection, errors)
    assert (np.diff(work.area_index) >= 0).all()  # each area's seats are one run
    assert sorted(seats) == list(np.flatnonzero(~projection.projected.frozen))
    assert np.array_equal(work.shares, projection.projected.shares[seats])
    assert len(work.areas) == 11  # nine English regions, Scotland, Wales


def test_seat_errors_only_where_a_party_stands(projection, data) -> None:
    draws = draw_shares(projection, ErrorModel.estimate(data.before("2024-07-04")), 200, seed=5)
    absent = projection.projected.shares[~projection.projected.frozen] == 0
    assert absent.any()
    assert (draws[:, absent] == 0).all()


def test_a_party_in_few_seats_of_its_span_is_drawn_only_there() -> None:
    areas = np.array([0] * 4 + [1] * 6 + [2] * 10)
    sparse = _Plan.of(6, np.array([3, 4, 5, 9]), areas)
    assert sparse.span == slice(3, 10)
    assert sparse.draws.tolist() == [0, 1, 2, 6]
    assert sparse.runs == ((0, slice(0, 1)), (1, slice(1, 7)))  # the span's seats by area
    dense = _Plan.of(0, np.array([*range(10), *range(11, 20)]), areas)  # 19 of 20 seats
    assert dense.span == slice(0, 20) and dense.draws is None
    assert dense.runs == ((0, slice(0, 4)), (1, slice(4, 10)), (2, slice(10, 20)))
    assert len(dense.moved) == 0  # no sensitivity given: the model's strength moves nothing
    # where the model's strength moves the party's share: positions within the span, and by how
    # much (a party standing in seats 1 to 19: a span of 19)
    sensitivity = np.zeros(20)
    sensitivity[[0, 5, 9, 15]] = [0.5, -1.0, 2.0, 3.0]
    party_seats = np.arange(1, 20)
    moved = _Plan.of(6, party_seats, areas, sensitivity)
    assert moved.moved.tolist() == [4, 8, 14] and moved.by.tolist() == [-1.0, 2.0, 3.0]
    # moves under DUST (a hundredth of a point) are dropped
    sensitivity[[3, 4]] = [0.004, -0.009]
    assert _Plan.of(6, party_seats, areas, sensitivity).moved.tolist() == [4, 8, 14]
    # moves in a quarter of the span or more: added to the whole span at once
    everywhere = _Plan.of(0, np.arange(20), areas, np.where(np.arange(20) < 5, 1.0, 0.0))
    assert everywhere.moved is None and everywhere.by.tolist() == [1.0] * 5 + [0.0] * 15


def _mixture_cdf(scales: np.ndarray, x: float) -> float:
    return float(np.mean([0.5 * (1 + math.erf(x / (s * math.sqrt(2)))) for s in scales]))


@pytest.mark.parametrize(("probability", "t_quantile"), [
    (0.9, 1.4759), (0.95, 2.0150), (0.99, 3.3649), (0.999, 5.8934)])
def test_the_scales_make_a_student_t(probability: float, t_quantile: float) -> None:
    """Quantiles of Student's t with 5 degrees of freedom (tables), standardised by its standard
    deviation sqrt(5/3)."""
    scales = t_scales(5.0)
    assert _mixture_cdf(scales, t_quantile / math.sqrt(5 / 3)) == pytest.approx(probability,
                                                                                abs=5e-4)


@settings(max_examples=25, deadline=None)
@given(st.floats(min_value=2.2, max_value=200))
def test_scales_have_unit_spread_and_follow_the_quantiles(df: float) -> None:
    scales = t_scales(df, count=512)
    assert np.mean(scales ** 2) == pytest.approx(1.0)
    assert (scales > 0).all()
    assert (np.diff(scales) < 0).all()  # larger chi-square quantiles, smaller scales


def test_infinite_degrees_of_freedom_are_the_normal() -> None:
    assert (t_scales(math.inf, count=8) == 1).all()


@pytest.mark.parametrize("df", [2.0, 1.5, -3.0])
def test_degrees_of_freedom_must_give_a_spread(df: float) -> None:
    with pytest.raises(swingometer.AnalysisError) as caught:
        t_scales(df)
    assert str(caught.value) == ("degrees of freedom of a Student-t error must be above 2, so it "
                                 f"has a standard deviation (got {df!r})")
