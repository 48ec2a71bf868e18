"""The Monte Carlo simulator: reproducible, bounded, and faithful to the projection."""

from __future__ import annotations

import numpy as np
import pytest

import swingometer
from swingometer.forecast.projection import project
from swingometer.forecast.simulate import BLOCK, ErrorModel, simulate

SHARES = {"Lab": 34.6, "Con": 24.4, "RUK": 14.7, "LD": 12.6, "Green": 6.9, "SNP": 2.6, "PC": 0.7}


@pytest.fixture(scope="module")
def projection(data: swingometer.Dataset):
    return project(data, shares=SHARES)


@pytest.fixture(scope="module")
def errors(data: swingometer.Dataset) -> ErrorModel:
    return ErrorModel.estimate(data.before("2024-07-04"))


def test_the_same_seed_gives_the_same_numbers(projection, errors) -> None:
    first, second = (simulate(projection, errors, 1_500, seed=7) for _ in range(2))
    assert np.array_equal(first.wins, second.wins)
    assert np.array_equal(first.totals, second.totals)
    assert not np.array_equal(first.totals, simulate(projection, errors, 1_500, seed=8).totals)


def test_blocks_do_not_depend_on_how_many_there_are(projection, errors) -> None:
    # the first block of a 2,500-run is the 1,000-run with the same seed
    short, long = simulate(projection, errors, BLOCK, 11), simulate(projection, errors, 2_500, 11)
    assert np.array_equal(long.totals[:BLOCK], short.totals)


def test_probabilities_are_in_0_1_and_sum_to_1_per_seat(projection, errors) -> None:
    probability = simulate(projection, errors, 2_000, seed=1).win_probability
    assert ((probability >= 0) & (probability <= 1)).all().all()
    assert np.allclose(probability.sum(axis=1), 1.0)
    assert len(probability) == 650


def test_seat_totals_add_up_to_650_in_every_simulation(projection, errors) -> None:
    result = simulate(projection, errors, 1_200, seed=2)
    assert (result.totals.sum(axis=1) == 650).all()
    table = result.seat_totals().set_index("party")
    assert table["mean"].sum() == pytest.approx(650, abs=0.5)  # means are rounded to 0.1
    assert (table["p5"] <= table["p50"]).all() and (table["p50"] <= table["p95"]).all()


def test_with_no_error_every_simulation_is_the_projection(projection) -> None:
    result = simulate(projection, ErrorModel.zero(), 1_000, seed=3)
    favourite = result.win_probability.idxmax(axis=1).to_numpy()
    assert (favourite == projection.projected.winners).all()
    assert result.win_probability.max(axis=1).min() == 1.0


def test_a_30_point_majority_with_small_errors_is_safe(projection) -> None:
    small = ErrorModel(np.eye(10) * 0.5, np.full(10, 1.0))
    table = simulate(projection, small, 1_000, seed=4).seat_table().set_index("name")
    shares = projection.seats().set_index("name")
    parties = list(projection.projected.parties)
    ordered = np.sort(shares[parties].to_numpy(), axis=1)
    margin = ordered[:, -1] - ordered[:, -2]
    safe = shares.index[margin >= 30]
    assert len(safe) > 0
    assert (table.loc[safe, "rating"].str.startswith("safe")).all()


def test_northern_ireland_keeps_its_projected_winners(projection, errors) -> None:
    result = simulate(projection, errors, 1_000, seed=5)
    ni = projection.projected.nations == "Northern Ireland"
    assert (result.win_probability[ni].max(axis=1) == 1.0).all()


@pytest.mark.parametrize(("sims", "seed", "message"), [
    (0, 1, "sims must be a whole number above 0 (got 0)"),
    (-5, 1, "sims must be a whole number above 0 (got -5)"),
    (2.5, 1, "sims must be a whole number above 0 (got 2.5)"),
    (20_000_000, 1, ("sims must be at most 10,000,000 (got 20,000,000); raise the cap "
                     "(max_sims) if you mean it")),
    (100, -1, "seed must be a whole number >= 0 (got -1)"),
    (100, "x", "seed must be a whole number >= 0 (got 'x')"),
])
def test_bad_sims_and_seeds_are_refused(projection, errors, sims, seed, message) -> None:
    with pytest.raises(swingometer.AnalysisError) as caught:
        simulate(projection, errors, sims, seed)
    assert str(caught.value) == message


def test_the_error_model_sees_only_the_past(errors) -> None:
    made_gb = "(UK shares made GB, f = 0.025)"
    assert errors.sources == (
        f"polls parl.1974-02-28 {made_gb}", f"polls parl.1974-10-10 {made_gb}",
        f"polls parl.1979-05-03 {made_gb}", f"polls parl.1983-06-09 {made_gb}",
        "polls parl.1987-06-11 (GB shares)", "polls parl.1992-04-09 (GB shares)",
        f"polls parl.1997-05-01 {made_gb}", "polls parl.2001-06-07 (GB shares)",
        "polls parl.2005-05-05 (GB shares)", "polls parl.2010-05-06", "polls parl.2015-05-07",
        "polls parl.2017-06-08", "polls parl.2019-12-12",
        "seats parl.2005-05-05.notional -> parl.2010-05-06",
        "seats parl.2010-05-06 -> parl.2015-05-07",
        "seats parl.2015-05-07 -> parl.2017-06-08",
        "seats parl.2017-06-08 -> parl.2019-12-12")
    assert np.allclose(errors.national_cov.sum(axis=1), 0)  # national errors keep the total
    assert (np.linalg.eigvalsh(errors.national_cov) > -1e-9).all()


def test_worker_processes_give_the_same_numbers(projection, errors) -> None:
    alone = simulate(projection, errors, 2_500, seed=9)
    pooled = simulate(projection, errors, 2_500, seed=9, workers=2)
    assert np.array_equal(alone.totals, pooled.totals)
    assert np.array_equal(alone.wins, pooled.wins)


@pytest.mark.parametrize("workers", [0, 65, 512, 2.5])
def test_workers_must_be_a_whole_number_up_to_the_maximum(projection, errors, workers) -> None:
    with pytest.raises(swingometer.AnalysisError) as caught:
        simulate(projection, errors, 100, seed=1, workers=workers)
    assert str(caught.value) == f"workers must be a whole number from 1 to 64 (got {workers!r})"


def test_no_more_processes_start_than_blocks_or_cpus(projection, errors, monkeypatch) -> None:
    from swingometer.forecast import simulate as module

    started = []
    real = module.ProcessPoolExecutor

    def counting(workers, **options):
        started.append(workers)
        return real(workers, **options)

    monkeypatch.setattr(module, "ProcessPoolExecutor", counting)
    monkeypatch.setattr(module.os, "cpu_count", lambda: 2)
    alone = simulate(projection, errors, 100, seed=4)
    assert np.array_equal(simulate(projection, errors, 100, seed=4, workers=64).wins, alone.wins)
    assert started == []  # one block: drawn here, no pool at all
    many = simulate(projection, errors, 3_000, seed=4, workers=64)
    assert started == [2]  # three blocks, two CPUs
    assert np.array_equal(many.wins, simulate(projection, errors, 3_000, seed=4).wins)


def test_every_draw_is_non_negative_and_sums_to_100(projection, errors) -> None:
    from swingometer.forecast.simulate import draw_shares

    shares = draw_shares(projection, errors, 300, seed=4)
    assert shares.shape == (300, (~projection.projected.frozen).sum(), 10)
    assert (shares >= 0).all()
    assert np.allclose(shares.sum(axis=2), 100)
    # they are the simulator's own draws: the same winners, simulation by simulation
    result = simulate(projection, errors, 300, seed=4)
    parties = list(projection.projected.parties)
    wins = np.array([[np.sum(row == i) for i in range(len(parties))]
                     for row in shares.argmax(axis=2)])
    columns = [result.parties.index(p) for p in parties]
    frozen = result.totals[:, columns] - wins
    assert (frozen == frozen[0]).all()  # what is left is the fixed NI and Speaker seats


def test_drawn_errors_have_the_error_models_spread(projection) -> None:
    """Student-t draws are rescaled so their standard deviation is the model's (a t with 5
    degrees of freedom has variance 5/3 before that)."""
    from swingometer.forecast.simulate import draw_shares

    centre = np.eye(10) - np.ones((10, 10)) / 10
    national = centre @ np.diag([4.0, 9.0, 1, 1, 1, 1, 1, 1, 1, 1]) @ centre
    live = ~projection.projected.frozen
    base = projection.projected.shares[live]
    seat = int(np.argmax((base[:, 0] > 20) & (base[:, 1] > 20)))  # Con and Lab well clear of 0
    # national error only: it sums to zero, so a seat's shares move by exactly that error
    draws = draw_shares(projection, ErrorModel(national, np.zeros(10)), 1_000, seed=12)
    assert np.std(draws[:, seat, 1] - base[seat, 1]) == pytest.approx(np.sqrt(national[1, 1]),
                                                                      rel=0.15)
    # seat error only, 2 points for every party
    draws = draw_shares(projection, ErrorModel(np.zeros((10, 10)), np.full(10, 2.0)), 1_000,
                        seed=13)
    assert np.std(draws[:, seat, 0] - base[seat, 0]) == pytest.approx(2.0, rel=0.15)


def test_a_gb_point_of_the_snp_is_worth_its_scottish_points(projection) -> None:
    """The models turn the SNP's GB share into Scottish shares by GB's votes over Scotland's (and
    Plaid's into Welsh ones); a national polling error in the SNP's GB share moves its Scottish
    seats as much, not by the same few GB points."""
    from swingometer.forecast.error_model import home_scale
    from swingometer.forecast.models import MODEL_PARTIES
    from swingometer.forecast.simulate import draw_shares

    home = home_scale(projection.baseline)
    snp, pc, lab = (MODEL_PARTIES.index(p) for p in ("SNP", "PC", "Lab"))
    assert 10 < home[1, snp] < 13 and 18 < home[2, pc] < 24
    assert (np.delete(home, [snp, pc], axis=1) == 1).all() and home[0].tolist() == [1.0] * 10
    # half a GB point of the SNP's against Labour's: about six points in a Scottish seat
    national = np.zeros((10, 10))
    national[[snp, lab], [snp, lab]] = 0.25
    national[snp, lab] = national[lab, snp] = -0.25
    draws = draw_shares(projection, ErrorModel(national, np.zeros(10)), 1_000, seed=3)
    seats = projection.projected
    live = ~seats.frozen
    scottish = int(np.flatnonzero(seats.nations[live] == "Scotland")[0])
    english = int(np.flatnonzero(seats.nations[live] == "England")[0])
    moved = np.std(draws[:, scottish, snp] - seats.shares[live][scottish, snp])
    assert moved > 6 * 0.5  # (rows are rescaled to 100 afterwards, so a little under 11 x 0.5)
    assert np.std(draws[:, english, lab] - seats.shares[live][english, lab]) < 0.6


def test_the_models_own_strength_moves_seats_together(data, projection) -> None:
    """The default model's squeeze was stronger at some elections than others: each simulation
    draws its strength once, moving every seat by the projection's sensitivity to it, so with no
    other error a seat's share varies as a Student-t with the measurement's degrees of freedom
    scaled by that sensitivity, within the model's bounds; ErrorModel.zero() draws none of it."""
    from swingometer.forecast.simulate import draw_shares

    found = projection.sensitivity
    assert found is not None and found.change.shape == projection.projected.shares.shape
    sensitivity = found.change
    live = ~projection.projected.frozen
    assert (sensitivity[~live] == 0).all()
    seat, party = np.unravel_index(np.argmax(np.abs(sensitivity[live])), sensitivity[live].shape)
    only_model = ErrorModel(np.zeros((10, 10)), np.zeros(10), model_sd=1.0)
    draws = draw_shares(projection, only_model, 1_000, seed=5)
    moved = draws[:, seat, party] - projection.projected.shares[live][seat, party]
    strength = moved / sensitivity[live][seat, party]
    reference = np.random.default_rng(0).standard_t(found.df, 200_000)
    assert np.subtract(*np.percentile(strength, [75, 25])) == pytest.approx(
        np.subtract(*np.percentile(reference, [75, 25])), rel=0.15)
    assert strength.min() >= found.low - 0.05 and strength.max() <= found.high + 0.05
    # one strength per simulation: the seats move together (their changes are proportional)
    other = np.argsort(np.abs(sensitivity[live][:, party]))[-2]
    together = np.corrcoef(moved, draws[:, other, party])[0, 1]
    assert abs(together) > 0.95
    still = draw_shares(projection, ErrorModel.zero(), 50, seed=5)
    np.testing.assert_allclose(still, np.broadcast_to(projection.projected.shares[live],
                                                      still.shape), atol=1e-3)
