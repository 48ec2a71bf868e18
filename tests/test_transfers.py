"""Default vote-transfer matrices (``swingometer.scenarios.transfers``): arithmetic, recovery of a
known transfer from synthetic elections, leakage, bad input, the fallback, and the documented
figures."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import swingometer
from swingometer import AnalysisError, PartyNotFoundError
from swingometer.scenarios import transfers
from swingometer.scenarios.transfers import (
    FALLBACK_HOME,
    HOME,
    OTHER,
    SEED,
    Transfer,
    default_transfers,
    estimate_transfer,
    project_simplex,
    transfer_experiments,
)

DOC = Path(__file__).resolve().parents[1] / "docs" / "scenarios" / "transfers.md"
PARTIES = ("Con", "Lab", "LD", "Green")


# -- synthetic elections ----------------------------------------------------------------------

SYNTHETIC_PARTIES = pd.DataFrame({
    "code": ["Con", "Lab", "LD", "Green", "Ind"],
    "name": ["Conservative", "Labour", "Liberal Democrat", "Green Party", "Independent"],
    "colour": ["#0087DC", "#E4003B", "#FAA61A", "#02A95B", "#DDDDDD"],
    "lineage": ["Con", "Lab", "LD", "Green", "Ind"],
    "nations": ["England;Scotland;Wales"] * 5})


def synthetic(fractions: dict[str, float], seats: int = 240, seed: int = 0,
              noise: float = 0.004, party: str = "Green", kind: str = "stand_down"
              ) -> swingometer.Dataset:
    """Two elections in which ``party`` stands down (or newly stands) in a random half of the
    seats, moving its votes by ``fractions`` (keys: the other parties and ``home``); every seat
    also follows one national change, plus noise."""
    rng = np.random.default_rng(seed)
    names = [*PARTIES, HOME]
    base = np.column_stack([rng.uniform(0.12, 0.30, seats), rng.uniform(0.10, 0.30, seats),
                            rng.uniform(0.03, 0.12, seats), rng.uniform(0.02, 0.08, seats)])
    base = np.column_stack([base, 1 - base.sum(axis=1)])
    national = np.array([-0.02, 0.03, 0.0, 0.004, -0.014])
    after = base + national + rng.normal(0, noise, base.shape)
    after[:, -1] = 1 - after[:, :-1].sum(axis=1)
    treated = rng.permutation(seats) < seats // 2
    x = names.index(party)
    move = np.array([fractions.get(p, 0.0) for p in names])
    if kind == "stand_down":  # stood at both, or at the first only: its votes move by `move`
        after[treated] += after[treated, x][:, None] * move
        after[treated, x] = 0.0
    else:  # stood at neither, or newly: its votes come from the others by `move`
        base[:, x] = after[:, x] = 0.0
        base[:, -1] = 1 - base[:, :-1].sum(axis=1)
        after[:, -1] = 1 - after[:, :-1].sum(axis=1)
        gained = 0.05 * (1 + rng.uniform(-0.3, 0.3, treated.sum()))
        after[treated] -= gained[:, None] * move
        after[treated, x] = gained
    electorate = 70_000
    codes = [f"E14{i:06d}" for i in range(seats)]
    elections = pd.DataFrame({
        "election_id": ["parl.2010-05-06", "parl.2015-05-07"], "type": ["general"] * 2,
        "date": ["2010-05-06", "2015-05-07"], "boundary_set": ["pcon2010"] * 2,
        "name": ["2010 general election", "2015 general election"], "parliament": [55, 56]})
    contests, rows = [], []
    for election, shares in zip(elections["election_id"], (base, after)):
        for code, seat in zip(codes, shares):
            votes = np.round(np.clip(seat[:-1], 0, None) * electorate).astype(int)
            contests.append({"election_id": election, "gss_code": code, "electorate": electorate,
                             "valid_votes": int(votes.sum())})
            rows += [{"election_id": election, "gss_code": code, "party_code": p, "votes": int(v)}
                     for p, v in zip(PARTIES, votes) if v > 0]
    constituencies = pd.DataFrame({
        "gss_code": codes, "boundary_set": "pcon2010", "name": [f"Seat {i}" for i in range(seats)],
        "nation": "England", "region": np.where(np.arange(seats) % 2, "North West", "London")})
    # a history of two general elections in ``seats`` English seats, none of them a real one (so
    # the shipped demographics and lineage know none of them)
    return swingometer.Dataset(include_imported=False).replace(
        elections=elections, contests=pd.DataFrame(contests), candidacies=pd.DataFrame(rows),
        constituencies=constituencies, parties=SYNTHETIC_PARTIES)


TRUE_DOWN = {"Lab": 0.5, "LD": 0.3, "Con": 0.05, HOME: 0.15}


def test_a_known_stand_down_is_recovered() -> None:
    found = estimate_transfer(synthetic(TRUE_DOWN), "Green")
    assert not found.assumed
    assert found.seats == 120
    for party in ("Con", "Lab", "LD", HOME):
        assert found.fractions[party] == pytest.approx(TRUE_DOWN[party], abs=0.04), party
        assert found.se[party] < 0.05
    assert found.fractions[OTHER] == pytest.approx(0.0, abs=0.03)
    assert found.pairs == ("2010 -> 2015",)


def test_a_known_stand_is_recovered() -> None:
    truth = {"Lab": 0.6, "LD": 0.1, HOME: 0.3}
    found = estimate_transfer(synthetic(truth, kind="stand"), "Green", "stand")
    assert not found.assumed and found.seats == 120
    for party, fraction in truth.items():
        assert found.fractions[party] == pytest.approx(fraction, abs=0.04), party
    assert found.fractions["Con"] == pytest.approx(0.0, abs=0.04)


def test_noise_widens_the_standard_errors() -> None:
    quiet = estimate_transfer(synthetic(TRUE_DOWN, noise=0.002), "Green")
    loud = estimate_transfer(synthetic(TRUE_DOWN, noise=0.02), "Green")
    assert loud.se["Lab"] > 2 * quiet.se["Lab"]


@st.composite
def transfer_rows(draw: st.DrawFn) -> dict[str, float]:
    weights = [draw(st.floats(0.0, 1.0)) for _ in ("Con", "Lab", "LD", HOME)]
    if sum(weights) == 0:
        weights[0] = 1.0
    return {p: w / sum(weights) for p, w in zip(("Con", "Lab", "LD", HOME), weights)}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(truth=transfer_rows(), seed=st.integers(0, 10_000), noise=st.floats(0.0, 0.05),
       seats=st.integers(20, 120), kind=st.sampled_from(["stand_down", "stand"]))
def test_fractions_are_non_negative_and_sum_to_1(truth, seed, noise, seats, kind) -> None:
    history = synthetic(truth, seats=seats, seed=seed, noise=noise, kind=kind)
    found = estimate_transfer(history, "Green", kind)
    values = np.array(list(found.fractions.values()))
    assert (values >= 0).all()
    assert values.sum() == pytest.approx(1.0, abs=1e-9)
    assert set(found.fractions) == set(found.se) == {"Con", "Lab", "LD", "SNP", "PC", "RUK",
                                                     "UKIP", OTHER, HOME}
    assert all(np.isfinite(v) and v >= 0 for v in found.se.values())
    if not found.assumed:  # the unconstrained estimate sums to 1 too: the excesses add up
        assert sum(found.raw.values()) == pytest.approx(1.0, abs=1e-9)


@given(st.lists(st.floats(-5, 5), min_size=1, max_size=12))
def test_the_simplex_projection_is_the_nearest_point(values) -> None:
    v = np.array(values)
    w = project_simplex(v)
    assert (w >= 0).all() and w.sum() == pytest.approx(1.0)
    # optimality (KKT): every positive entry is v less one constant; the zeros lie below it
    theta = (v - w)[w > 0]
    assert np.ptp(theta) == pytest.approx(0.0, abs=1e-9)
    assert (v[w == 0] <= theta[0] + 1e-9).all()
    assert np.allclose(project_simplex(w), w)


# -- the shipped data -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def defaults(data: swingometer.Dataset) -> dict[tuple[str, str], Transfer]:
    return default_transfers(data)


def test_defaults_cover_the_parties_the_scenarios_need(defaults) -> None:
    for party in ("Green", "LD", "BRX", "RUK", "UKIP", "Con", "Lab", "PC", "SNP"):
        assert (party, "stand_down") in defaults
    for party in ("Green", "RUK", "BRX"):
        assert (party, "stand") in defaults
    for transfer in defaults.values():
        assert sum(transfer.fractions.values()) == pytest.approx(1.0)
        assert min(transfer.fractions.values()) >= 0
        assert transfer.evidence
    # the Brexit Party and Reform UK are one lineage: one estimate under either code
    assert defaults["BRX", "stand_down"].fractions == defaults["RUK", "stand_down"].fractions
    assert defaults["BRX", "stand_down"].party == "BRX"


def test_the_brexit_party_stand_down_of_2019_sends_most_of_its_vote_to_the_conservatives(
        defaults) -> None:
    brexit = defaults["RUK", "stand_down"]
    assert not brexit.assumed
    assert "2017 -> 2019" in brexit.pairs
    assert brexit.seats > 300  # the seats the Conservatives held in 2017
    assert max(brexit.fractions, key=brexit.fractions.get) == "Con"
    assert "stood down in 2019 exactly where the Conservatives had won" in brexit.evidence


def test_ukip_voters_left_without_a_candidate_went_mostly_conservative(defaults) -> None:
    ukip = defaults["UKIP", "stand_down"]
    assert not ukip.assumed and ukip.seats > 200
    assert max(ukip.fractions, key=ukip.fractions.get) == "Con"


def test_the_estimates_are_deterministic_and_cached(data) -> None:
    first = estimate_transfer(data, "Green")
    assert estimate_transfer(data, "green") is first  # the same history: the cached estimate
    # the same view asked for twice is one object, with one cache
    view = data.before("2100-01-01")
    assert data.before("2100-01-01") is view
    assert estimate_transfer(view, "Green") is estimate_transfer(view, "Green") == first
    # computed afresh, in a new dataset: the same numbers (the bootstrap is seeded)
    fresh = estimate_transfer(swingometer.Dataset(include_imported=False), "Green")
    assert fresh is not first
    assert fresh.fractions == first.fractions and fresh.se == first.se and fresh.seed == SEED


def test_the_bootstrap_seed_is_a_parameter_and_recorded(data) -> None:
    first = estimate_transfer(data, "Green")
    other = estimate_transfer(data, "Green", seed=1)
    assert other.seed == 1 and other.to_dict()["seed"] == 1 and first.to_dict()["seed"] == SEED
    assert other.fractions == first.fractions  # the point estimate does not depend on it
    assert other.se != first.se  # the bootstrap's standard errors do


def test_a_view_before_2019_uses_no_2019_general_election(data) -> None:
    view = data.before("2019-12-12")
    brexit = estimate_transfer(view, "BRX")
    # the Brexit Party's 2019 stand-down is unseen: too little evidence, the fallback
    assert brexit.assumed and brexit.seats == 0 and brexit.pairs == ()
    assert "at the 2017 general election" in brexit.evidence
    ukip = estimate_transfer(view, "UKIP")
    assert ukip.pairs == ("2010 -> 2015", "2015 -> 2017")
    assert estimate_transfer(data, "UKIP").pairs[:3] == (
        "2010 -> 2015", "2015 -> 2017", "2017 -> 2019")
    # the 2005 notional result cannot tell who stood in the whole of a seat (its own election
    # is not shipped), so no estimate uses it
    assert not any("2005" in p for t in [ukip, estimate_transfer(data, "Green")] for p in t.pairs)
    # a general-election pair's evidence is its own: the same in the view and the full data
    seen = transfer_experiments(view, "UKIP").set_index(["pair", "design"])
    full = transfer_experiments(data, "UKIP").set_index(["pair", "design"])
    pd.testing.assert_frame_equal(seen.loc[[("2015 -> 2017", "stood down")]],
                                  full.loc[[("2015 -> 2017", "stood down")]])


def test_a_party_that_never_stands_down_gets_the_documented_fallback(data) -> None:
    snp = estimate_transfer(data, "SNP")
    assert snp.assumed and snp.seats == 0 and snp.raw == {}
    assert snp.fractions[HOME] == FALLBACK_HOME
    # the rest goes in proportion to the other parties' votes in Scotland at the 2024 election
    rows = data.candidacies[data.candidacies["election_id"] == "parl.2024-07-04"]
    scottish = rows[rows["gss_code"].str.startswith("S")]
    votes = scottish.groupby(scottish["party_code"].replace({"BRX": "RUK"}))["votes"].sum()
    others = votes.drop("SNP").sum()
    assert snp.fractions["Lab"] == pytest.approx((1 - FALLBACK_HOME) * votes["Lab"] / others)
    assert snp.fractions["PC"] == 0.0
    assert snp.se["Lab"] == pytest.approx(0.5 * np.sqrt(snp.fractions["Lab"]
                                                        * (1 - snp.fractions["Lab"])))
    assert snp.evidence == (
        "Scottish National Party: an assumption, not evidence. The data in Great Britain hold "
        "no seats where it stood down that can be compared with like seats, fewer than the 10 "
        "an estimate needs. Assumed instead: 25% of its votes stay home and the rest go to the "
        "other parties in proportion to their votes at the 2024 general election in Scotland; "
        "standard errors 0.5 * sqrt(f (1 - f)), also assumed.")


def test_a_region_uses_only_its_seats(data) -> None:
    scotland = estimate_transfer(data, "UKIP", region="scotland")
    assert scotland.region == "Scotland"
    assert 0 < scotland.seats < estimate_transfer(data, "UKIP").seats
    assert "in Scotland" in scotland.evidence


def test_an_unknown_party_is_a_clear_error(data) -> None:
    with pytest.raises(PartyNotFoundError) as error:
        estimate_transfer(data, "Greeen")
    assert str(error.value) == (
        "no party matches 'Greeen'; party codes are those of the House of Commons Library (Con, "
        "Lab, LD, SNP, PC, Green, RUK, ...); did you mean 'Green'?")


def test_an_unknown_kind_or_region_is_a_clear_error(data) -> None:
    with pytest.raises(AnalysisError) as error:
        estimate_transfer(data, "Green", "leave")
    assert str(error.value) == "a transfer's kind must be 'stand_down' or 'stand' (got 'leave')"
    with pytest.raises(AnalysisError) as error:
        estimate_transfer(data, "Green", region="Mars")
    assert str(error.value) == (
        "region 'Mars' is not a GB nation or region; expected one of East Midlands, East of "
        "England, England, London, North East, North West, Scotland, South East, South West, "
        "Wales, West Midlands, Yorkshire and The Humber")


def test_a_history_without_a_general_election_cannot_fall_back(data) -> None:
    with pytest.raises(AnalysisError) as error:
        estimate_transfer(data.before("2010-01-01"), "Con")
    assert str(error.value) == (
        "no general election in this history to estimate the stand_down transfers of Con from")


def test_a_matrix_row_fits_the_ballot_of_one_seat(defaults) -> None:
    brexit = defaults["BRX", "stand_down"]
    row = brexit.matrix_row(["Con", "Lab", "LD", "BRX", "Yorks"])
    assert set(row) == {"Con", "Lab", "LD", OTHER, HOME}  # BRX itself takes nothing
    assert sum(row.values()) == pytest.approx(1.0)
    # parties not on this ballot (Green, SNP, ...) give up their share in proportion
    kept = sum(brexit.fractions[k] for k in ("Con", "Lab", "LD", OTHER, HOME))
    assert row["Con"] == pytest.approx(brexit.fractions["Con"] / kept)
    # on a 2019 ballot the Brexit Party takes the Reform UK lineage's fraction
    ukip = defaults["UKIP", "stand_down"]
    row = ukip.matrix_row(["UKIP", "BRX", "Con"])
    assert set(row) == {"BRX", "Con", HOME}
    assert row["BRX"] == pytest.approx(ukip.fractions["RUK"] / sum(
        ukip.fractions[k] for k in ("RUK", "Con", HOME)))
    # nobody on the ballot to take any of it: all home
    nobody = Transfer("Lab", "stand_down", {"Con": 1.0, HOME: 0.0}, {}, 10, "")
    assert nobody.matrix_row(["Lab", "LD"]) == {OTHER: 0.0, HOME: 1.0}  # LD: not a key


def test_to_dict_is_json_ready(defaults) -> None:
    out = defaults["UKIP", "stand_down"].to_dict()
    assert out["party"] == "UKIP" and out["kind"] == "stand_down"
    assert sum(out["fractions"].values()) == pytest.approx(1.0, abs=1e-3)
    assert isinstance(out["pairs"], list) and out["seats"] == defaults["UKIP", "stand_down"].seats


def test_the_documented_figures_are_the_estimates(defaults) -> None:
    """docs/scenarios/transfers.md gives every default; its tables must match the code."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## The defaults", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if re.match(r"^\| (stand|stand_down) \|", line)]
    assert len(rows) == len({(p, k) for p, k in defaults if p != "BRX"})
    header = next(line for line in section.splitlines() if line.startswith("| kind |"))
    columns = [c.strip() for c in header.strip("|").split("|")]
    for line in rows:
        cells = dict(zip(columns, (c.strip() for c in line.strip("|").split("|"))))
        transfer = defaults[cells["party"], cells["kind"]]
        assert cells["seats"] == str(transfer.seats), cells["party"]
        assert cells["basis"] == ("assumption" if transfer.assumed else "evidence")
        for key, value in transfer.fractions.items():
            assert cells[key] == f"{value:.2f} ({transfer.se[key]:.2f})", (cells["party"], key)


def test_the_constants_are_what_the_documentation_says() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in ("NEIGHBOURS", "MIN_SEATS", "BOOTSTRAP", "FALLBACK_HOME", "SEED"):
        assert f"`{name}` = {getattr(transfers, name)}" in text, name
