"""The contract every seat model keeps, checked over every model in ``swingometer.forecast.models.MODELS``.

A model added to ``MODELS`` is covered here without any change to this file. Each model is fitted
on the data as it stood before the election that followed its baseline (so a model that learns
from history sees only what it could have known), then asked to project two real baselines: the
2019 notional result on the 2024 boundaries and the 2017 general election.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from swingometer.forecast.models import (
    MODEL_PARTIES,
    MODELS,
    SeatModel,
    SeatShares,
    resolve_targets,
)
from swingometer.forecast.projection import baseline_shares

# baseline election -> the date of the election that followed it (the fit's cut-off)
BASELINES = {"parl.2019-12-12.notional": "2024-07-04", "parl.2017-06-08": "2019-12-12"}
SPEAKER_SEATS = {"parl.2019-12-12.notional": "Chorley", "parl.2017-06-08": "Buckingham"}
CASES = [(name, election) for name in sorted(MODELS) for election in BASELINES]
IDS = [f"{name}-{election}" for name, election in CASES]

PROPERTY = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def only(party: str) -> dict[str, float]:
    """GB targets with every vote on one party (an extreme, but valid, input)."""
    return {p: 100.0 if p == party else 0.0 for p in MODEL_PARTIES}


@st.composite
def gb_targets(draw: st.DrawFn) -> dict[str, float]:
    """GB shares over every model party, summing to 100 (a party may be at 0)."""
    weights = draw(st.lists(st.one_of(st.just(0.0), st.floats(0.0, 100.0)),
                            min_size=len(MODEL_PARTIES), max_size=len(MODEL_PARTIES)))
    assume(sum(weights) > 1.0)
    shares = {p: 100 * w / sum(weights) for p, w in zip(MODEL_PARTIES, weights)}
    # the SNP and Plaid stand in one nation each: their GB shares stay below that nation's part of
    # the GB vote (about 8% and 5%), the rest going to others
    for party, most in (("SNP", 7.5), ("PC", 4.5)):
        excess = max(shares[party] - most, 0.0)
        shares[party] -= excess
        shares["Oth"] += excess
    return shares


@st.composite
def nation_targets(draw: st.DrawFn) -> dict[str, dict[str, float]]:
    """Own shares for Scotland and/or Wales (a subset of parties), or none."""
    out = {}
    for nation in draw(st.sets(st.sampled_from(["Scotland", "Wales"]))):
        parties = sorted(draw(st.sets(st.sampled_from(MODEL_PARTIES), min_size=1)))
        weights = [draw(st.floats(0.0, 1.0)) for _ in parties]
        # the given shares may not exceed 100 between them, and make 100 if every party is given
        every = set(MODEL_PARTIES) - {"Ind"} <= set(parties)  # Oth given covers Ind too
        total = 100.0 if every else draw(st.floats(0.0, 100.0))
        if sum(weights) == 0:
            weights = [1.0] * len(parties)
        out[nation] = {p: total * w / sum(weights) for p, w in zip(parties, weights)}
    return out


@dataclass(frozen=True)
class Case:
    """One fitted model and one baseline (with a short repr for Hypothesis's reports)."""

    name: str
    election: str
    model: SeatModel
    baseline: SeatShares
    pristine: np.ndarray
    held: np.ndarray
    held_winners: list[str]

    def __repr__(self) -> str:
        return f"Case({self.name!r}, {self.election!r})"

    def predict(self, shares: dict[str, float],
                nations: dict[str, dict[str, float]] | None = None) -> SeatShares:
        return self.model.predict(self.baseline, resolve_targets(self.baseline, shares, nations))


@pytest.fixture(scope="module")
def baselines(data) -> dict[str, SeatShares]:
    return {e: baseline_shares(data, data.election(e)) for e in BASELINES}


@pytest.fixture(scope="module")
def histories(data) -> dict:
    return {e: data.before(cutoff) for e, cutoff in BASELINES.items()}


@pytest.fixture(scope="module")
def cases(data, baselines, histories) -> dict[tuple[str, str], Case]:
    rows = data.candidacies[data.candidacies["elected"].astype(bool)]
    out = {}
    for name, election in CASES:
        baseline = baselines[election]
        elected = rows[rows["election_id"] == election].set_index("gss_code")["party_code"]
        # Northern Ireland's 18 seats and the Speaker's, found without asking the model code
        held = (baseline.nations == "Northern Ireland") | (baseline.names
                                                            == SPEAKER_SEATS[election])
        out[name, election] = Case(
            name, election, MODELS[name]().fit(histories[election]), baseline,
            # a freshly built copy, to catch a model editing its input in place
            baseline_shares(data, data.election(election)).shares,
            held, [elected[code] for code in baseline.gss_codes[held]])
    return out


@pytest.fixture(params=CASES, ids=IDS)
def case(request, cases) -> Case:
    return cases[request.param]


def seats_won(shares: SeatShares, party: str) -> int:
    return int((shares.winners == party).sum())


# -- zero change ---------------------------------------------------------------------------------
def test_zero_change_reproduces_the_baseline(case: Case) -> None:
    projected = case.predict(case.baseline.national())
    np.testing.assert_allclose(projected.shares, case.baseline.shares, rtol=0, atol=1e-9)
    assert (projected.winners == case.baseline.winners).all()


# -- shares are shares ---------------------------------------------------------------------------
@PROPERTY
@given(shares=gb_targets(), nations=nation_targets())
@example(shares={**only("Oth"), "PC": 4.5, "Oth": 95.5}, nations={})
@example(shares=only("Oth"), nations={})
def test_projected_shares_are_in_0_100_and_rows_sum_to_100(case: Case, shares, nations) -> None:
    projected = case.predict(shares, nations)
    assert projected.shares.shape == case.baseline.shares.shape
    assert np.isfinite(projected.shares).all()
    assert projected.shares.min() >= 0.0
    assert projected.shares.max() <= 100.0 + 1e-9  # 100 * x / x may round to 100.00000000000001
    np.testing.assert_allclose(projected.shares.sum(axis=1), 100.0, rtol=0, atol=1e-9)
    # the baseline given is not modified in place
    assert (case.baseline.shares == case.pristine).all()


# -- monotonicity --------------------------------------------------------------------------------
@PROPERTY
@given(shares=gb_targets(), party=st.sampled_from(MODEL_PARTIES), rise=st.floats(0.1, 30.0))
def test_raising_a_partys_share_never_lowers_its_seat_count(case: Case, shares, party,
                                                            rise) -> None:
    rest = 100.0 - shares[party]
    assume(rest > rise + 1e-6)
    # the party gains `rise` points, taken from the others in proportion to their shares
    higher = {p: shares[p] + rise if p == party else shares[p] * (rest - rise) / rest
              for p in MODEL_PARTIES}
    assert sum(higher.values()) == pytest.approx(100.0)
    assume(higher["SNP"] <= 7.5 and higher["PC"] <= 4.5)  # each below its nation's part of GB
    before, after = case.predict(shares), case.predict(higher)
    assert seats_won(after, party) >= seats_won(before, party)


# -- Northern Ireland and the Speaker -------------------------------------------------------------
@PROPERTY
@given(shares=gb_targets(), nations=nation_targets())
def test_northern_ireland_and_the_speaker_are_untouched(case: Case, shares, nations) -> None:
    projected = case.predict(shares, nations)
    assert case.held.sum() == 18 + 1
    assert (projected.shares[case.held] == case.baseline.shares[case.held]).all()
    assert list(projected.winners[case.held]) == case.held_winners
    assert case.held_winners.count("Spk") == 1


# -- the estimator habits --------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(MODELS))
def test_fit_returns_self(name, histories) -> None:
    model = MODELS[name]()
    assert model.fit(histories["parl.2019-12-12.notional"]) is model


def test_get_params_holds_only_constructor_parameters(case: Case) -> None:
    params = case.model.get_params()
    assert not [k for k in params if k.endswith("_")]
    # parameters round-trip through the constructor, scikit-learn style
    assert type(case.model)(**params).get_params() == params
    assert isinstance(case.model, SeatModel)
    assert MODELS[case.model.name] is type(case.model)


def test_models_are_deterministic(case: Case, histories) -> None:
    targets = resolve_targets(case.baseline, {"Con": 30.0, "Lab": 38.0, "LD": 12.0,
                                              "Green": 6.0, "RUK": 8.0})
    first = MODELS[case.name]().fit(histories[case.election]).predict(case.baseline, targets)
    second = MODELS[case.name]().fit(histories[case.election]).predict(case.baseline, targets)
    assert np.array_equal(first.shares, second.shares)
    assert (first.winners == second.winners).all()


def test_models_learn_from_every_pair_of_a_result_and_its_baseline(data) -> None:
    """A general election is paired with the result it is compared with: the previous general
    election on its boundaries, or the notional result of the previous one on its new boundaries;
    a view before a date holds only the pairs that end before it."""
    from swingometer.forecast.models import election_pairs

    def pairs(history) -> list[tuple[str, str]]:
        return [(b.election_id, a.election_id) for b, a, _, _ in election_pairs(history)]

    assert pairs(data) == [
        ("parl.2005-05-05.notional", "parl.2010-05-06"), ("parl.2010-05-06", "parl.2015-05-07"),
        ("parl.2015-05-07", "parl.2017-06-08"), ("parl.2017-06-08", "parl.2019-12-12"),
        ("parl.2019-12-12.notional", "parl.2024-07-04")]
    assert pairs(data.before("2015-05-07")) == [("parl.2005-05-05.notional", "parl.2010-05-06")]
    assert pairs(data.before("2010-05-06")) == []
