"""The contract every seat model keeps, checked over every model in ``swingometer.models.MODELS``.

A model added to ``MODELS`` is covered here without any change to this file. Each model is fitted
on the data as it stood before the election that followed its baseline (so a model that learns
from history sees only what it could have known), then asked to project two real baselines: the
2019 notional result on the 2024 boundaries and the 2017 general election.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from swingometer.models import MODEL_PARTIES, MODELS, SeatModel, SeatShares, resolve_targets
from swingometer.projection import baseline_shares

# baseline election -> the date of the election that followed it (the fit's cut-off)
BASELINES = {"parl.2019-12-12.notional": "2024-07-04", "parl.2017-06-08": "2019-12-12"}
SPEAKER_SEATS = {"parl.2019-12-12.notional": "Chorley", "parl.2017-06-08": "Buckingham"}
CASES = [(name, election) for name in sorted(MODELS) for election in BASELINES]
IDS = [f"{name}-{election}" for name, election in CASES]

PROPERTY = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def gb_targets(draw: st.DrawFn) -> dict[str, float]:
    """GB shares over every model party, summing to 100 (a party may be at 0)."""
    weights = draw(st.lists(st.one_of(st.just(0.0), st.floats(0.0, 100.0)),
                            min_size=len(MODEL_PARTIES), max_size=len(MODEL_PARTIES)))
    assume(sum(weights) > 1.0)
    return {p: 100 * w / sum(weights) for p, w in zip(MODEL_PARTIES, weights)}


@st.composite
def nation_targets(draw: st.DrawFn) -> dict[str, dict[str, float]]:
    """Own shares for Scotland and/or Wales (a subset of parties), or none."""
    out = {}
    for nation in draw(st.sets(st.sampled_from(["Scotland", "Wales"]))):
        parties = draw(st.sets(st.sampled_from(MODEL_PARTIES), min_size=1))
        out[nation] = {p: draw(st.floats(0.0, 60.0)) for p in sorted(parties)}
    return out


@pytest.fixture(scope="module")
def baselines(data) -> dict[str, SeatShares]:
    return {e: baseline_shares(data, data.election(e)) for e in BASELINES}


@pytest.fixture(scope="module")
def pristine(data) -> dict[str, np.ndarray]:
    """Shares of freshly built baselines, to catch a model editing its input in place."""
    return {e: baseline_shares(data, data.election(e)).shares for e in BASELINES}


@pytest.fixture(scope="module")
def histories(data) -> dict:
    return {e: data.before(cutoff) for e, cutoff in BASELINES.items()}


@pytest.fixture(scope="module")
def fitted(histories) -> dict[tuple[str, str], SeatModel]:
    return {(name, e): MODELS[name]().fit(histories[e]) for name, e in CASES}


@pytest.fixture(scope="module")
def elected(data) -> dict[str, dict[str, str]]:
    """The party of each seat's winner at each baseline, read straight from the results."""
    rows = data.candidacies[data.candidacies["elected"].astype(bool)]
    return {e: dict(zip(g["gss_code"], g["party_code"]))
            for e, g in rows[rows["election_id"].isin(list(BASELINES))].groupby("election_id")}


def seats_won(shares: SeatShares, party: str) -> int:
    return int((shares.winners == party).sum())


# -- zero change ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "election"), CASES, ids=IDS)
def test_zero_change_reproduces_the_baseline(name, election, baselines, fitted) -> None:
    baseline = baselines[election]
    targets = resolve_targets(baseline, baseline.national())
    projected = fitted[name, election].predict(baseline, targets)
    np.testing.assert_allclose(projected.shares, baseline.shares, rtol=0, atol=1e-9)
    assert (projected.winners == baseline.winners).all()


# -- shares are shares ---------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "election"), CASES, ids=IDS)
@PROPERTY
@given(shares=gb_targets(), nations=nation_targets())
def test_projected_shares_are_in_0_100_and_rows_sum_to_100(
        name, election, baselines, pristine, fitted, shares, nations) -> None:
    baseline = baselines[election]
    projected = fitted[name, election].predict(baseline,
                                               resolve_targets(baseline, shares, nations))
    assert projected.shares.shape == baseline.shares.shape
    assert np.isfinite(projected.shares).all()
    assert projected.shares.min() >= 0.0
    assert projected.shares.max() <= 100.0 + 1e-9  # 100 * x / x may round to 100.00000000000001
    np.testing.assert_allclose(projected.shares.sum(axis=1), 100.0, rtol=0, atol=1e-9)
    # the baseline given is not modified in place
    assert (baseline.shares == pristine[election]).all()


# -- monotonicity --------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "election"), CASES, ids=IDS)
@PROPERTY
@given(shares=gb_targets(), party=st.sampled_from(MODEL_PARTIES),
       rise=st.floats(0.1, 30.0))
def test_raising_a_partys_share_never_lowers_its_seat_count(
        name, election, baselines, fitted, shares, party, rise) -> None:
    baseline = baselines[election]
    rest = 100.0 - shares[party]
    assume(rest > rise + 1e-6)
    # the party gains `rise` points, taken from the others in proportion to their shares
    higher = {p: shares[p] + rise if p == party else shares[p] * (rest - rise) / rest
              for p in MODEL_PARTIES}
    assert sum(higher.values()) == pytest.approx(100.0)
    model = fitted[name, election]
    before = model.predict(baseline, resolve_targets(baseline, shares))
    after = model.predict(baseline, resolve_targets(baseline, higher))
    assert seats_won(after, party) >= seats_won(before, party)


# -- Northern Ireland and the Speaker -------------------------------------------------------------
@pytest.mark.parametrize(("name", "election"), CASES, ids=IDS)
@PROPERTY
@given(shares=gb_targets(), nations=nation_targets())
def test_northern_ireland_and_the_speaker_are_untouched(
        name, election, baselines, fitted, elected, shares, nations) -> None:
    baseline = baselines[election]
    projected = fitted[name, election].predict(baseline,
                                               resolve_targets(baseline, shares, nations))
    held = (baseline.nations == "Northern Ireland") | (baseline.names == SPEAKER_SEATS[election])
    assert held.sum() == 18 + 1
    assert (projected.shares[held] == baseline.shares[held]).all()
    winners = [elected[election][code] for code in baseline.gss_codes[held]]
    assert list(projected.winners[held]) == winners
    assert winners.count("Spk") == 1


# -- the estimator habits --------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(MODELS))
def test_fit_returns_self(name, histories) -> None:
    model = MODELS[name]()
    assert model.fit(histories["parl.2019-12-12.notional"]) is model


@pytest.mark.parametrize(("name", "election"), CASES, ids=IDS)
def test_get_params_holds_only_constructor_parameters(name, election, fitted) -> None:
    model = fitted[name, election]
    params = model.get_params()
    assert not [k for k in params if k.endswith("_")]
    # parameters round-trip through the constructor, scikit-learn style
    assert type(model)(**params).get_params() == params
    assert isinstance(model, SeatModel)
    assert MODELS[model.name] is type(model)


@pytest.mark.parametrize(("name", "election"), CASES, ids=IDS)
def test_models_are_deterministic(name, election, baselines, histories) -> None:
    baseline = baselines[election]
    targets = resolve_targets(baseline, {"Con": 30.0, "Lab": 38.0, "LD": 12.0, "Green": 6.0,
                                         "RUK": 8.0})
    first = MODELS[name]().fit(histories[election]).predict(baseline, targets)
    second = MODELS[name]().fit(histories[election]).predict(baseline, targets)
    assert np.array_equal(first.shares, second.shares)
    assert (first.winners == second.winners).all()
