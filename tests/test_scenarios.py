"""What-if scenarios: the format, each operation's arithmetic, conservation, order, simulation."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swingometer.scenarios import (
    ScenarioError,
    explain,
    load_scenario,
    parse_scenario,
    run_scenario,
)
from swingometer.scenarios.risk import tipping_points

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
BYELECTION = "parl.batley-and-spen.by.2021-07-01"
BATLEY = "E14000548"


def scenario(*operations: str, base: str = f'election = "{BYELECTION}"') -> str:
    return "[base]\n" + base + "\n" + "".join(f"\n[[operations]]\n{op}\n" for op in operations)


def run(data, text: str, **kwargs):
    return run_scenario(data, parse_scenario(text, "test.toml"), **kwargs)


def contestants(result) -> dict[str, float]:
    table = result.shares(BATLEY)
    return dict(zip(table["candidate"], table["votes"]))


# --- the base, unchanged -----------------------------------------------------------------------

def test_an_empty_scenario_reproduces_the_official_byelection(data) -> None:
    result = run(data, scenario())
    seat = result.seats().iloc[0]
    assert (seat["winner"], seat["majority"], seat["majority_pct"]) == ("Lab", 323, 0.86)
    assert not result.changes.size
    votes = contestants(result)
    assert votes["Kim Leadbeater"] == 13_296 and votes["George Galloway"] == 8_264
    assert result.result.valid.sum() == 37_695 and result.result.electorate.sum() == 79_373


def test_reform_on_a_2019_ballot_is_the_brexit_party(data) -> None:
    """Reform UK continues the Brexit Party: named on a 2019 base, it is the BRX candidate on the
    ballot (Richard Tice, 10,603 votes in Hartlepool), not a party that did not stand."""
    result = run(data, scenario('type = "stand_down"\nparty = "Reform"\nseats = ["Hartlepool"]',
                                base='election = "2019"'))
    step = result.steps[0]
    assert step.summary == "BRX stands down in 1 seat(s)"
    assert round(step.moved.votes) == 10_603 and step.moved.sources == {"BRX": 10_603}
    assert "BRX" not in {c for c, stands in zip(result.result.columns,
                                                result.result.standing[
                                                    result.result.gss_codes == "E14000733"][0])
                         if stands}


def test_an_empty_scenario_reproduces_every_seat_of_2024(data) -> None:
    result = run(data, scenario(base='election = "2024"'))
    seats = result.seats()
    assert len(seats) == 650 and (seats["winner"] == seats["base_winner"]).all()
    assert result.totals.set_index("party").loc[["Lab", "Con", "LD", "SNP", "RUK"], "seats"] \
        .tolist() == [411, 121, 72, 9, 5]
    # two independents in one seat are never pooled
    assert result.base.columns.count("Ind") == 1 and "Ind#2" in result.base.columns


def test_a_scenario_never_changes_the_data(data) -> None:
    def digest() -> str:
        return hashlib.sha256(data.candidacies.to_csv().encode()
                              + data.contests.to_csv().encode()).hexdigest()
    before = digest()
    run(data, scenario('type = "stand_down"\nparty = "Lab"\n[operations.transfers]\nhome = 1'))
    run(data, scenario('type = "stand"\nparty = "Green"\nshare = 5'))
    assert digest() == before


# --- each operation, worked by hand --------------------------------------------------------------

def test_galloway_staying_home_leaves_the_majority_and_cuts_turnout(data) -> None:
    result = run(data, scenario('type = "stand_down"\ncandidate = "George Galloway"\n'
                                '[operations.transfers]\nhome = 1'))
    assert result.seats().iloc[0]["majority"] == 323
    assert result.result.valid.sum() == 37_695 - 8_264
    assert result.result.electorate.sum() == 79_373


def test_galloway_voters_all_to_labour(data) -> None:
    result = run(data, scenario('type = "stand_down"\ncandidate = "George Galloway"\n'
                                '[operations.transfers]\nLab = 1'))
    assert result.seats().iloc[0]["majority"] == 323 + 8_264


def test_other_goes_to_the_unnamed_candidates_in_proportion_to_their_votes(data) -> None:
    result = run(data, scenario('type = "stand_down"\nparty = "WPB"\n'
                                '[operations.transfers]\nLab = 0.5\nother = 0.5'))
    votes = contestants(result)
    others = 37_695 - 8_264 - 13_296                 # every candidate but Galloway and Labour
    assert votes["Kim Leadbeater"] == 13_296 + 4_132
    assert votes["Ryan Stephenson"] == pytest.approx(12_973 + 4_132 * 12_973 / others, abs=0.5)


def test_a_named_destination_that_did_not_stand_passes_its_share_to_other(data) -> None:
    result = run(data, scenario('type = "stand_down"\nparty = "WPB"\n'
                                '[operations.transfers]\nGreen = 0.5\nhome = 0.5'))
    moved = result.steps[0].moved
    assert moved.destinations["home"] == pytest.approx(4_132)
    assert "Green" not in moved.destinations
    assert sum(moved.destinations.values()) == pytest.approx(8_264)


def test_a_green_at_five_percent_from_labour_costs_labour_the_seat(data) -> None:
    result = run(data, scenario('type = "stand"\nparty = "Green"\nshare = 5\n'
                                '[operations.sources]\nLab = 1'))
    votes = contestants(result)
    green = 0.05 * 37_695
    assert result.result.shares[0, result.result.column("Green")] == pytest.approx(5.0)
    assert votes["Kim Leadbeater"] == round(13_296 - green)
    assert result.changes.to_dict(orient="records")[0]["to"] == "Con"


def test_new_voters_from_home_raise_valid_votes(data) -> None:
    result = run(data, scenario('type = "stand"\nparty = "Green"\nshare = 10\n'
                                '[operations.sources]\nhome = 1'))
    # x / (37,695 + x) = 10%  =>  x = 37,695 / 9
    assert result.result.valid.sum() == pytest.approx(37_695 + 37_695 / 9)
    assert result.result.electorate.sum() == pytest.approx(79_373)


def test_uniform_and_proportional_swing(data) -> None:
    uniform = run(data, scenario('type = "swing"\nfrom = "Lab"\nto = "Con"\npoints = 1'))
    assert contestants(uniform)["Ryan Stephenson"] == pytest.approx(12_973 + 376.95, abs=0.5)
    proportional = run(data, scenario('type = "swing"\nfrom = "Lab"\nto = "home"\n'
                                      'fraction = 0.1'))
    assert contestants(proportional)["Kim Leadbeater"] == pytest.approx(13_296 * 0.9, abs=0.5)


def test_turnout_of_a_party_comes_from_and_goes_to_home(data) -> None:
    result = run(data, scenario('type = "turnout"\nparty = "Con"\nchange = 0.1'))
    assert contestants(result)["Ryan Stephenson"] == pytest.approx(14_270.3, abs=0.5)
    assert result.result.home.sum() == pytest.approx(79_373 - 37_695 - 1_297.3, abs=0.5)


def test_group_shift_with_every_assumption_given(data) -> None:
    text = scenario('type = "group_shift"\ngroup = "muslim"\nfrom = "Lab"\nto = "Ind"\n'
                    'candidate = "A. Independent"\nfraction = 0.5\nsupport = 0.8\n'
                    'turnout = 0.9\neligible = 0.75')
    result = run(data, text)
    muslim = _muslim(BATLEY)
    expected = 0.5 * 37_695 * muslim * 0.75 * 0.9 * 0.8
    assert contestants(result)["A. Independent"] == pytest.approx(expected, abs=0.5)
    assert contestants(result)["Kim Leadbeater"] == pytest.approx(13_296 - expected, abs=0.5)


def _muslim(code: str) -> float:
    from swingometer.data.tables import read_table
    table = read_table("demographics")
    row = table[(table["gss_code"] == code) & (table["boundary_set"] == "pcon2010")]
    return float(row["muslim_pct"].iloc[0]) / 100


def test_group_votes_never_exceed_the_party_votes(data) -> None:
    result = run(data, scenario('type = "group_shift"\ngroup = "muslim"\nfrom = "LD"\n'
                                'to = "home"\nfraction = 1\nsupport = 1\neligible = 5'))
    assert "Thomas Gordon" not in {k for k, v in contestants(result).items() if v > 0}
    assert result.steps[0].moved.votes == pytest.approx(1_254)


def test_a_pact_keeps_the_best_placed_party(data) -> None:
    result = run(data, scenario('type = "pact"\nparties = ["Lab", "WPB"]\n'
                                '[operations.transfers.WPB]\nLab = 0.6\nhome = 0.4'))
    votes = contestants(result)
    assert "George Galloway" not in votes or np.isnan(votes["George Galloway"])
    assert votes["Kim Leadbeater"] == pytest.approx(13_296 + 0.6 * 8_264, abs=0.5)


def test_operations_are_applied_in_order(data) -> None:
    swing = 'type = "swing"\nfrom = "Lab"\nto = "Con"\npoints = 5'
    down = 'type = "stand_down"\nparty = "WPB"\n[operations.transfers]\nhome = 1'
    first = run(data, scenario(swing, down))
    second = run(data, scenario(down, swing))
    # 5 points of the valid vote is a different number of votes before and after Galloway leaves
    assert contestants(first)["Kim Leadbeater"] != contestants(second)["Kim Leadbeater"]


# --- conservation, for any sequence of operations ------------------------------------------------

operations = st.one_of(
    st.builds(lambda f: f'type = "swing"\nfrom = "Lab"\nto = "Con"\nfraction = {f}\n'
                        'missing = "skip"', st.floats(0, 1)),
    st.builds(lambda p: f'type = "swing"\nfrom = "Con"\nto = "home"\npoints = {p}\n'
                        'missing = "skip"', st.floats(0, 100)),
    st.builds(lambda c: f'type = "turnout"\nparty = "LD"\nchange = {c}\nmissing = "skip"',
              st.floats(-1, 10)),
    st.builds(lambda f, s: 'type = "group_shift"\ngroup = "muslim"\nfrom = "Lab"\n'
                           f'to = "Ind"\nfraction = {f}\nsupport = {s}\nmissing = "skip"',
              st.floats(0, 1), st.floats(0, 1)),
    st.builds(lambda a: 'type = "stand_down"\nparty = "WPB"\nmissing = "skip"\n'
                        f'[operations.transfers]\nLab = {a}\nhome = {1 - a}', st.floats(0, 1)),
    st.builds(lambda s, a: f'type = "stand"\nparty = "Green"\nshare = {s}\nmissing = "skip"\n'
                           f'[operations.sources]\nLab = {a}\nhome = {1 - a}',
              st.floats(0, 100), st.floats(0, 1)),
    st.builds(lambda f: 'type = "group_shift"\ngroup = "muslim"\nfrom = "Lab"\nto = "Ind"\n'
                        f'candidate = "A. Independent"\nfraction = {f}\nmissing = "skip"',
              st.floats(0, 1)),
    st.just('type = "pact"\nparties = ["Lab", "WPB", "LD"]\nmissing = "skip"\n'
            '[operations.transfers.WPB]\nLD = 0.5\nother = 0.5\n'
            '[operations.transfers.LD]\nWPB = 0.5\nhome = 0.5'),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(operations, max_size=4))
def test_every_operation_conserves_the_electorate(data, ops: list[str]) -> None:
    result = run(data, scenario(*ops))
    assert result.result.electorate == pytest.approx(result.base.electorate)
    assert (result.result.votes >= -1e-6).all() and (result.result.home >= -1e-6).all()
    for step in result.steps:
        assert sum(step.moved.sources.values()) == pytest.approx(
            sum(step.moved.destinations.values()), abs=1e-6)


# --- simulation -----------------------------------------------------------------------------------

RANGED = scenario('type = "stand_down"\ncandidate = "George Galloway"\n'
                  '[operations.transfers]\nLab = [0.0, 0.4]\nCon = [0.0, 0.4]\n'
                  'home = [0.5, 0.7]')


def test_the_same_seed_gives_the_same_probabilities(data) -> None:
    first = run(data, RANGED, sims=200, seed=7)
    second = run(data, RANGED, sims=200, seed=7)
    assert (first.wins == second.wins).all()
    probability = first.win_probability.loc[BATLEY]
    assert probability.sum() == pytest.approx(1.0)
    assert 0 < probability["Lab"] < 1 and 0 < probability["Con"] < 1


def test_fixed_assumptions_give_certain_outcomes(data) -> None:
    result = run(data, scenario('type = "stand_down"\nparty = "WPB"\n'
                                '[operations.transfers]\nLab = 1'), sims=20, seed=1)
    assert result.win_probability.loc[BATLEY, "Lab"] == 1.0


def test_a_projection_base_simulates_the_projection_error_too(data) -> None:
    text = scenario('type = "swing"\nfrom = "Lab"\nto = "Con"\npoints = [0, 4]\nmissing = "skip"',
                    base='shares = { Lab = 35, Con = 24, RUK = 15, LD = 12, Green = 7 }')
    result = run(data, text, sims=100, seed=3)
    probability = result.win_probability
    assert probability.shape[0] == 650
    assert np.allclose(probability.sum(axis=1), 1.0)
    assert ((probability > 0) & (probability < 1)).any(axis=None)
    assert result.to_dict()["seed"] == 3


@pytest.mark.parametrize(("sims", "seed", "message"), [
    (-1, 0, "sims must be a whole number above 0 (got -1)"),
    (10, -5, "seed must be a whole number >= 0 (got -5)"),
    (2_000, 0, "sims must be at most 1,000 (got 2,000)"),
])
def test_bad_runs_are_refused(data, sims, seed, message) -> None:
    with pytest.raises(Exception, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(data, RANGED, sims=sims, seed=seed, max_sims=1_000)


# --- errors -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    (scenario('type = "stand_down"\nparty = "Green"'),
     "test.toml, line 6: operations[1].party must be a target where Green stood (got 'Batley "
     "and Spen'); add missing = \"skip\" to skip such seats"),
    (scenario('type = "swing"\nfrom = "Lab"\nto = "Con"\nfraction = 1.5'),
     "test.toml, line 8: operations[1].fraction must be a number in [0, 1] or a range [low, "
     "high] within it (got 1.5)"),
    (scenario('type = "stand_down"\nparty = "WPB"\n[operations.transfers]\nLab = 0.5\n'
              'home = 0.3'),
     "test.toml, line 7: operations[1].transfers must be fractions summing to 1 (got 0.8); "
     "include home (did not vote) and other (every party not named) as needed"),
    (scenario('type = "swing"\nfrom = "Lab"\nto = "Con"\npoints = 1\ncolour = "red"'),
     "test.toml, line 9: operations[1].colour must be a key of a swing operation (fraction, "
     "from, missing, nation, points, region, seats, to, where) (got 'colour')"),
    (scenario('type = "vanish"'),
     "test.toml, line 5: operations[1].type must be one of stand_down, stand, group_shift, "
     "turnout, swing, pact (got 'vanish')"),
    ("[base]\nelection = 2019 x\n",
     "test.toml, line 2: the file must be valid TOML"),
    ("name = 'x'\n", "test.toml: base must be a table naming an election, shares or as_of "
                     "(got None); add a [base] section"),
    (scenario('type = "group_shift"\ngroup = "martians"\nfrom = "Lab"\nto = "Ind"\n'
              'fraction = 0.1'),
     "test.toml, line 6: operations[1].group must be one of muslim, hindu, sikh, jewish, "
     "christian, no_religion, asian, black, white, degree (got 'martians')"),
    (scenario('type = "swing"\nfrom = "Labr"\nto = "Con"\npoints = 1'),
     "test.toml, line 6: operations[1].from must be a party code or name (got 'Labr'); no party "
     "matches 'Labr'"),
    (scenario('type = "swing"\nfrom = "Lab"\nto = "Con"\npoints = 1\nseats = "Spen Valley"'),
     "test.toml, line 9: operations[1].seats must be a seat of the base (got 'Spen Valley'); no "
     "constituency matches 'Spen Valley' on the pcon2010 boundaries"),
    (scenario('type = "swing"\nfrom = "Lab"\nto = "Con"\npoints = 1\nwhere = "martian_pct > 3"'),
     "test.toml, line 9: operations[1].where must be a column of the seats' figures "
     "(adults_16_plus, age_0_15_pct, "),
    (scenario('type = "swing"\nfrom = "Lab"\nto = "Con"\npoints = 1\nregion = "Mercia"'),
     "test.toml, line 9: operations[1].region must be one of Yorkshire and The Humber (got "
     "'Mercia')"),
])
def test_bad_scenarios_get_clear_errors(data, text: str, message: str) -> None:
    with pytest.raises(ScenarioError) as error:
        run(data, text)
    assert str(error.value).startswith(message)


@pytest.mark.parametrize(("base", "message"), [
    ('election = "parl.atlantis"',
     ("test.toml, line 2: base.election must be an election in the data (an id, year or date) "
      "(got 'parl.atlantis'); no election matches 'parl.atlantis'")),
    ('shares = { Labr = 30, Con = 20 }',
     ("test.toml, line 2: base.shares.Labr must be a party code or name (got 'Labr'); no party "
      "matches 'Labr'")),
    ('shares = { Lab = 30, Con = 20 }\nmodel = "magic"',
     ("test.toml, line 3: base.model must be one of proportional, regression, "
      "strong-transition, tactical, transition, uniform (got 'magic')")),
    ('as_of = "yesterday"',
     "test.toml, line 2: base.as_of must be a date YYYY-MM-DD, 'latest' or 'today' (got "
     "'yesterday')"),
    ('as_of = "2024-07-04"\nbaseline = "parl.atlantis"',
     ("test.toml, line 3: base.baseline must be a general election in the data (got "
      "'parl.atlantis'); no election matches 'parl.atlantis'")),
])
def test_a_bad_base_is_a_clear_error_naming_file_line_and_key(data, base, message) -> None:
    with pytest.raises(ScenarioError) as error:
        run(data, scenario(base=base))
    assert str(error.value).startswith(message)


def test_skip_makes_a_mismatch_an_explicit_no_op(data) -> None:
    result = run(data, scenario('type = "stand_down"\nparty = "Green"\nmissing = "skip"'))
    assert result.steps[0].moved.votes == 0
    assert result.seats().iloc[0]["majority"] == 323


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="the scenario file must be a readable TOML file"):
        load_scenario(tmp_path / "nope.toml")


# --- explain, risk and the shipped examples -----------------------------------------------------

def test_explain_states_every_assumption_with_its_source(data) -> None:
    text = explain(data, parse_scenario(scenario(
        'type = "group_shift"\ngroup = "muslim"\nfrom = "Lab"\nto = "Ind"\nfraction = [0.2, 0.5]')))
    assert "support for Lab among Muslim voters: 0.86 (Survation for the Labour Muslim Network" \
        in text
    assert "turnout of Muslim voters relative to the seat: 1 (assumed" in text
    assert "fraction of that support moving to Ind: 0.2 to 0.5 (middle 0.35)" in text
    assert "the group's estimated share aged 16+" in text


def test_tipping_point_of_a_swing_is_the_majority_over_twice_labours_vote(data) -> None:
    text = scenario('type = "swing"\nfrom = "Lab"\nto = "Con"\nfraction = 0.5')
    table = tipping_points(data, parse_scenario(text), "Lab")
    assert table["tipping_fraction"].iloc[0] == pytest.approx(323 / (2 * 13_296), abs=1e-4)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_shipped_example_runs_and_explains(data, path: Path) -> None:
    plan = load_scenario(path)
    result = run_scenario(data, plan)
    assert result.steps and plan.name
    assert explain(data, plan, result).startswith(f"Scenario: {plan.name}")


def test_the_2024_check_ranks_the_gaza_independents_seats_among_the_most_at_risk(data) -> None:
    """Issue 5's check against reality: Labour's Muslim voters moving to independents, on the
    2019 notionals moved by the final 2024 polls. Three of the four seats independents won rank
    in the ten most at risk; Leicester South does not (see docs/scenarios.md)."""
    plan = load_scenario(ROOT / "examples" / "muslim-shift-2024-check.toml")
    table = tipping_points(data, plan, "Lab", "Ind")
    top = set(table["name"].head(10))
    assert {"Dewsbury and Batley", "Blackburn", "Birmingham Perry Barr"} <= top
    ranks = dict(zip(table["name"], range(1, len(table) + 1)))
    assert ranks["Leicester South"] > 10


# --- regressions from review ----------------------------------------------------------------------

def votes_of(result, name: str, seat: str) -> float:
    row = int(np.flatnonzero(result.result.names == seat)[0])
    table = result.shares(result.result.gss_codes[row])
    return float(table.loc[table["candidate"] == name, "votes"].iloc[0])


def test_a_pact_party_standing_down_receives_nothing_and_order_does_not_matter(data) -> None:
    rows = ('[operations.transfers.WPB]\nLab = 1\n'
            '[operations.transfers.LD]\nWPB = 0.5\nhome = 0.5')
    first = run(data, scenario(f'type = "pact"\nparties = ["Lab", "WPB", "LD"]\n{rows}'))
    second = run(data, scenario(f'type = "pact"\nparties = ["LD", "WPB", "Lab"]\n{rows}'))
    assert np.allclose(first.result.votes, second.result.votes)
    # Galloway's votes all go to Labour by his row; none of the Lib Dem's go through him
    assert first.result.home.sum() == pytest.approx(79_373 - 37_695 + 1_254 / 2)
    assert "WPB" not in first.steps[0].moved.destinations
    assert contestants(first)["Kim Leadbeater"] > 13_296 + 8_264


def test_a_pact_row_for_a_party_outside_the_pact_is_an_error(data) -> None:
    with pytest.raises(ScenarioError) as error:
        run(data, scenario('type = "pact"\nparties = ["Lab", "WPB"]\n'
                           '[operations.transfers.Grn]\nLab = 1'))
    assert str(error.value) == ("test.toml, line 7: operations[1].transfers.Grn must be a party "
                                "of the pact (Lab, WPB) (got 'Grn')")


def test_two_keys_of_a_row_naming_one_ballot_party_add_up(data) -> None:
    """On a projection WPB and SDLP are both Oth: their fractions add, not overwrite."""
    result = run(data, scenario(
        'type = "stand_down"\nparty = "Green"\nseats = "Spen Valley"\n'
        '[operations.transfers]\nWPB = 0.3\nSDLP = 0.2\nhome = 0.5',
        base='shares = { Lab = 30, RUK = 25, Con = 18, LD = 12, Green = 9 }\nmodel = "uniform"'))
    moved = result.steps[0].moved
    assert moved.destinations["Oth"] == pytest.approx(moved.destinations["home"])


def test_a_swing_takes_from_the_candidate_of_the_party_still_standing(data) -> None:
    """Bath 2024 had three independents; with the first gone, a swing from Ind takes from the
    next (it silently moved nothing)."""
    result = run(data, scenario(
        'type = "stand_down"\ncandidate = "Colin Blackburn"\n[operations.transfers]\nhome = 1',
        'type = "swing"\nfrom = "Ind"\nto = "home"\nfraction = 1\nseats = "Bath"',
        base='election = "2024"'))
    assert result.steps[0].moved.seats == 1             # only where the candidate stood
    assert result.steps[1].moved.sources == {"Ind": 169.0}
    assert np.isnan(votes_of(result, "Bill Blockhead", "Bath"))   # no votes: no longer stands


@pytest.mark.parametrize("op", [
    'type = "swing"\nfrom = "Green"\nto = "Lab"\npoints = 1',
    'type = "swing"\nfrom = "Lab"\nto = "Green"\npoints = 1',
    'type = "group_shift"\ngroup = "muslim"\nfrom = "Green"\nto = "home"\nfraction = 0.5',
    'type = "stand_down"\ncandidate = "Nobody"',
])
def test_skipping_every_seat_is_a_no_op(data, op: str) -> None:
    result = run(data, scenario(op + '\nmissing = "skip"'))
    assert result.steps[0].moved.votes == 0
    assert np.allclose(result.result.votes[:, :len(result.base.columns)], result.base.votes)


def test_a_candidate_who_stood_nowhere_is_an_error(data) -> None:
    with pytest.raises(ScenarioError) as error:
        run(data, scenario('type = "stand_down"\ncandidate = "Nobody"'))
    assert str(error.value) == ("test.toml, line 6: operations[1].candidate must be a candidate "
                                f"at {BYELECTION} (got 'Nobody')")


@pytest.mark.parametrize(("op", "message"), [
    ('type = "group_shift"\ngroup = "muslim"\nfrom = "Lab"\nto = "other"\nfraction = 0.5',
     "test.toml, line 8: operations[1].to must be a party code or name or home (got 'other')"),
    ('type = "stand"\nparty = "home"\nshare = 5',
     "test.toml, line 6: operations[1].party must be a party code or name (got 'home')"),
    ('type = "swing"\nfrom = "Lab"\nto = "Labour"\npoints = 5',
     ("test.toml, line 7: operations[1].to must be a party other than Lab (from), or home (got "
      "'Labour')")),
    ('type = "swing"\nfrom = "Lab"\nto = "Con"\npoints = 5\nseats = []',
     "test.toml, line 9: operations[1].seats must be a seat name or a list of them (got [])"),
    ('type = "stand_down"\ncandidate = "Kim Leadbeater"',
     ("test.toml, line 7: operations[1].candidate must be a candidate of the base (got 'Kim "
      "Leadbeater'); a projection names no candidates: give a party")),
])
def test_operations_refuse_what_they_cannot_mean(data, op: str, message: str) -> None:
    base = ('shares = { Lab = 30, Con = 25 }\nmodel = "uniform"' if "Leadbeater" in op
            else f'election = "{BYELECTION}"')
    with pytest.raises(ScenarioError) as error:
        run(data, scenario(op, base=base))
    assert str(error.value).startswith(message)


def test_a_where_filter_never_matches_seats_without_census_figures(data) -> None:
    result = run(data, scenario('type = "swing"\nfrom = "Con"\nto = "home"\npoints = 1\n'
                                'where = "muslim_pct != 3"\nmissing = "skip"',
                                base='election = "2019"'))
    assert not (result.targeted & (result.base.nations == "Northern Ireland")).any()


def test_a_target_of_frozen_seats_only_says_so(data) -> None:
    with pytest.raises(ScenarioError, match="Northern Ireland's seats and the Speaker's are "
                                            "frozen on a projection base"):
        run(data, scenario('type = "swing"\nfrom = "Lab"\nto = "Con"\npoints = 1\n'
                           'nation = "Northern Ireland"',
                           base='shares = { Lab = 30, Con = 25 }\nmodel = "uniform"'))


def test_the_simulator_never_pools_two_candidates_of_a_party(data) -> None:
    """A new independent beside an old one counts as Oth in the simulator's shares, as in the
    models' own share matrices; pooled, the two could win where neither does."""
    from swingometer.scenarios.run import model_shares, start

    plan = parse_scenario(scenario(
        'type = "group_shift"\ngroup = "muslim"\nfrom = "Lab"\nto = "Ind"\n'
        'candidate = "A. Independent"\nfraction = 0.5\nseats = "Dewsbury and Batley"',
        base='shares = { Lab = 30, RUK = 25, Con = 18, LD = 12, Green = 9 }\nmodel = "uniform"'))
    result = run_scenario(data, plan)
    _, _, projection = start(data, plan)
    seats = projection.projected
    shares = model_shares(result.result, seats)
    row = int(np.flatnonzero(seats.names == "Dewsbury and Batley")[0])
    ind, oth = seats.parties.index("Ind"), seats.parties.index("Oth")
    new = result.result.votes[row, result.result.column("Ind#A. Independent")]
    assert new > 0
    assert shares[row, ind] == pytest.approx(seats.shares[row, ind])
    assert shares[row, oth] == pytest.approx(seats.shares[row, oth]
                                             + 100 * new / result.result.valid[row])
    assert np.allclose(shares.sum(axis=1), 100)


def test_tipping_points_take_a_party_name(data) -> None:
    plan = parse_scenario(scenario('type = "swing"\nfrom = "Lab"\nto = "Con"\nfraction = 0.5'))
    by_name = tipping_points(data, plan, "Labour", "Conservative")
    assert by_name.equals(tipping_points(data, plan, "Lab", "Con")) and len(by_name) == 1


def test_a_seat_of_the_result_by_code_or_name_and_a_clear_error_otherwise(data) -> None:
    from swingometer import SeatNotFoundError

    result = run(data, scenario())
    assert result.shares("Batley and Spen").equals(result.shares(BATLEY))
    with pytest.raises(SeatNotFoundError) as error:
        result.shares("Batley and Spenn")
    assert str(error.value) == ("no constituency matches 'Batley and Spenn' in "
                                f"{BYELECTION}; did you mean 'Batley and Spen'?")


def test_on_a_projection_a_party_counted_in_oth_cannot_stand_down_alone(data) -> None:
    """It removed every small party's votes (the whole Oth column) with the Workers Party's."""
    with pytest.raises(ScenarioError) as error:
        run(data, scenario('type = "stand_down"\nparty = "WPB"\n[operations.transfers]\nLab = 1',
                           base='shares = { Lab = 30, Con = 25 }\nmodel = "uniform"'))
    assert str(error.value) == (
        "test.toml, line 7: operations[1].party must be a party the projection models (Con, Lab, "
        "LD, Green, SNP, PC, UKIP, RUK, Ind, Oth) (got 'WPB'); a projection counts WPB in Oth, "
        "with every other small party")


# --- a new candidate's share, seat by seat ------------------------------------------------------

# new voters only, so that the new candidate reaches exactly the share asked of it
FROM_HOME = "[operations.sources]\nhome = 1"


def gb_share(data, election: str, party: str) -> float:
    totals = data.totals(election, area="gb")
    row = totals.parties.set_index("party").loc[party]
    return 100 * float(row["votes"]) / totals.valid_votes


def share_in(result, seat: str, party: str) -> float:
    row = int(np.flatnonzero(result.result.names == seat)[0])
    columns = result.result.party_columns(party)
    return float(np.nanmax(result.result.shares[row, columns]))


def test_a_stand_in_a_unite_to_remain_seat_starts_from_the_partys_own_previous_share(data) -> None:
    """The Greens stood down in Bath in 2019 (Unite to Remain). Their estimate there is their
    2017 share in Bath (1,126 of 49,583 votes) moved by their GB change from 2017 to 2019, not
    the median of the seats they did contest (which exclude every pact seat)."""
    result = run(data, scenario('type = "stand"\nparty = "Green"\nseats = ["Bath", "Bassetlaw"]'
                                f"\n{FROM_HOME}", base='election = "2019"'))
    change = gb_share(data, "2019", "Green") - gb_share(data, "2017", "Green")
    assert share_in(result, "Bath", "Green") == pytest.approx(100 * 1_126 / 49_583 + change,
                                                              abs=0.01)
    text = explain(data, parse_scenario(scenario(
        'type = "stand"\nparty = "Green"\nseats = ["Bath", "Bassetlaw"]',
        base='election = "2019"')))
    # which seat used which rule
    assert ("1 seat(s) from Green's share in the seat at parl.2017-06-08 (the previous general "
            "election on the same boundaries), moved by its national change (GB 1.65% to 2.77%, "
            "+1.12 points") in text
    assert "Bath 3.4% (2.9% to 3.9%)" in text
    # no Green in Bassetlaw in 2017 or 2019: the median of Green's 2019 shares in its region
    region = result.base.regions[result.base.names == "Bassetlaw"][0]
    shares = result.base.shares[:, result.base.column("Green")]
    expected = np.nanmedian(shares[result.base.regions == region])
    assert share_in(result, "Bassetlaw", "Green") == pytest.approx(expected, abs=0.01)
    assert ("1 seat(s) from the median of Green's shares in the seats of the same region at "
            "parl.2019-12-12 (the range: their middle half): Bassetlaw") in text


def test_a_stand_on_2024_seats_starts_from_the_2019_notional_result(data) -> None:
    """No Green stood in Heywood and Middleton North in 2024; the 2019 notional result gives
    them 1,196 of 42,446 votes there, moved by their GB change (a rise: added in points)."""
    result = run(data, scenario('type = "stand"\nparty = "Green"\n'
                                f'seats = "Heywood and Middleton North"\n{FROM_HOME}',
                                base='election = "2024"'))
    change = gb_share(data, "2024", "Green") - gb_share(data, "notional", "Green")
    assert share_in(result, "Heywood and Middleton North", "Green") == pytest.approx(
        100 * 1_196 / 42_446 + change, abs=0.01)
    assert "at parl.2019-12-12.notional (the previous general election on the same boundaries)" \
        in result.steps[0].assumptions[1]


def test_a_fall_in_the_national_share_moves_a_seat_proportionally(data) -> None:
    """UKIP fell from 12.9% (GB) in 2015 to 1.9% in 2017: a seat where it stood in 2015 but not
    in 2017 keeps the same fraction of its 2015 share, never a negative one."""
    from swingometer.scenarios.run import start

    plan = parse_scenario(scenario('type = "stand"\nparty = "UKIP"\nmissing = "skip"',
                                   base='election = "2017"'))
    base, context, _ = start(data, plan)
    estimate = context.share_estimate(base, "UKIP")
    ratio = gb_share(data, "2017", "UKIP") / gb_share(data, "2015", "UKIP")
    rows = data.candidacies[data.candidacies["election_id"] == "parl.2015-05-07"]
    valid = rows.groupby("gss_code")["votes"].sum()
    ukip = rows[rows["party_code"] == "UKIP"].set_index("gss_code")["votes"]
    stood_2017 = set(data.candidacies.loc[(data.candidacies["election_id"] == "parl.2017-06-08")
                                          & (data.candidacies["party_code"] == "UKIP"),
                                          "gss_code"])
    seat = sorted(set(ukip.index) - stood_2017)[0]
    row = int(np.flatnonzero(base.gss_codes == seat)[0])
    assert estimate.rule[row] == "previous"
    assert estimate.middle[row] == pytest.approx(100 * ukip[seat] / valid[seat] * ratio,
                                                 abs=0.01)
    assert (estimate.low[~np.isnan(estimate.low)] >= 0).all()


def test_a_byelection_stand_uses_the_seats_previous_general_election_share(data) -> None:
    """The Greens had 692 of 52,927 votes in Batley and Spen in 2019; at the Parliament's other
    by-elections where they stood both times their share rose by a median 0.49 points."""
    result = run(data, scenario(f'type = "stand"\nparty = "Green"\n{FROM_HOME}'))
    assert share_in(result, "Batley and Spen", "Green") == pytest.approx(
        100 * 692 / 52_927 + 0.49, abs=0.01)
    note = result.steps[0].assumptions[1]
    assert note.startswith("1 seat(s) from Green's share in the seat at parl.2019-12-12, moved "
                           "by its typical change from a general election to a by-election of "
                           "the same Parliament (+0.49 points: the median over the 17 other "
                           "by-election(s) where it stood at both)")


def test_a_byelection_stand_without_a_previous_share_uses_the_other_byelections(data) -> None:
    """The Workers Party did not exist in 2019: its estimate at Hartlepool 2021 is the median of
    its shares at the Parliament's other by-elections."""
    result = run(data, scenario(f'type = "stand"\nparty = "WPB"\n{FROM_HOME}',
                                base='election = "parl.hartlepool.by.2021-05-06"'))
    rows = data.candidacies[data.candidacies["election_id"].isin(
        data.elections.loc[(data.elections["parliament"] == 58)
                           & (data.elections["type"] == "by-election")
                           & (data.elections["election_id"] != "parl.hartlepool.by.2021-05-06"),
                           "election_id"])]
    valid = rows.groupby(["election_id", "gss_code"])["votes"].transform("sum")
    wpb = (100 * rows["votes"] / valid)[rows["party_code"] == "WPB"]
    assert share_in(result, "Hartlepool", "WPB") == pytest.approx(float(np.median(wpb)), abs=0.01)
    assert "from the median of WPB's shares at the" in result.steps[0].assumptions[1]


def test_a_simulation_draws_each_seats_estimate_within_its_range(data) -> None:
    from swingometer.scenarios.run import start
    from swingometer.scenarios.steps import Runner

    plan = parse_scenario(scenario('type = "stand"\nparty = "Green"\n[operations.sources]\n'
                                   'home = 1', base='election = "2019"').replace(
        'party = "Green"', 'party = "Green"\nseats = ["Bath", "Bassetlaw"]'))
    base, context, _ = start(data, plan)
    runner = Runner(plan, context)
    estimate = context.share_estimate(base, "Green")
    rows = [int(np.flatnonzero(base.names == n)[0]) for n in ("Bath", "Bassetlaw")]
    drawn = []
    for seed in range(20):
        ballot = runner.run(base, np.random.default_rng(seed))[0]
        shares = [ballot.shares[r, ballot.column("Green")] for r in rows]
        for r, share in zip(rows, shares):
            assert estimate.low[r] - 1e-9 <= share <= estimate.high[r] + 1e-9
        drawn.append(shares)
    assert len({round(s[0], 6) for s in drawn}) > 1


def test_a_stand_with_nothing_comparable_asks_for_a_share(data) -> None:
    with pytest.raises(ScenarioError) as error:
        run(data, scenario('type = "stand"\nparty = "SNP"\nseats = "Bath"',
                           base='election = "2019"'))
    assert str(error.value) == ("test.toml, line 4: operations[1].share must be given: SNP stood "
                                "in no comparable contest to estimate its share from in Bath "
                                "(got None)")


# --- candidates: names, columns, zero votes ------------------------------------------------------

def test_a_candidate_name_of_only_digits_is_refused(data) -> None:
    """``candidate = "2"`` made the column Ind#2: the seat's existing second independent."""
    for op in ('type = "group_shift"\ngroup = "muslim"\nfrom = "Lab"\nto = "Ind"\n'
               'candidate = "2"\nfraction = 0.5',
               'type = "stand"\nparty = "Green"\nshare = 5\ncandidate = "2"'):
        with pytest.raises(ScenarioError) as error:
            run(data, scenario(op))
        assert str(error.value).endswith(
            "operations[1].candidate must be a candidate's name (not only digits: those name a "
            "party's second, third... candidate) (got '2')")


def test_a_named_candidate_of_the_party_in_the_seat_receives_the_votes(data) -> None:
    """Bath 2024 had three independents; votes moved to "Bill Blockhead" go to him, not to a
    second column of the same name."""
    result = run(data, scenario(
        'type = "swing"\nfrom = "LD"\nto = "Ind"\nfraction = 0.1\nseats = "Bath"',
        'type = "group_shift"\ngroup = "muslim"\nfrom = "LD"\nto = "Ind"\nfraction = 1\n'
        'support = 1\neligible = 1\ncandidate = "bill blockhead"\nseats = "Bath"',
        base='election = "2024"'))
    moved = result.steps[1].moved.votes
    assert moved > 0
    assert result.result.columns == result.base.columns
    assert votes_of(result, "Bill Blockhead", "Bath") == pytest.approx(
        float(result.shares("Bath").set_index("candidate").loc["Bill Blockhead", "base_votes"])
        + moved, abs=1)
    galloway = run(data, scenario(
        'type = "group_shift"\ngroup = "muslim"\nfrom = "Lab"\nto = "WPB"\n'
        'candidate = "George Galloway"\nfraction = 0.5'))
    assert galloway.result.columns == galloway.base.columns
    assert contestants(galloway)["George Galloway"] == pytest.approx(
        8_264 + galloway.steps[0].moved.votes, abs=1)


def test_a_new_candidate_named_as_another_partys_candidate_is_refused(data) -> None:
    with pytest.raises(ScenarioError) as error:
        run(data, scenario('type = "group_shift"\ngroup = "muslim"\nfrom = "Lab"\nto = "Ind"\n'
                           'candidate = "George Galloway"\nfraction = 0.5'))
    assert str(error.value) == (
        "test.toml, line 9: operations[1].candidate must be a new candidate of Ind or one of "
        "its candidates (got 'George Galloway'); George Galloway stands for WPB in Batley and "
        "Spen")


def test_a_new_candidate_never_takes_the_column_of_one_who_stood_down(data) -> None:
    """Galloway stands down, then the Workers Party stands a new candidate: two candidates, two
    rows; Galloway's base votes are never shown beside the newcomer's."""
    result = run(data, scenario(
        'type = "stand_down"\ncandidate = "George Galloway"\n[operations.transfers]\nhome = 1',
        'type = "stand"\nparty = "WPB"\nshare = 10\n[operations.sources]\nhome = 1'))
    table = result.shares(BATLEY).set_index("candidate")
    assert table.loc["George Galloway", "base_votes"] == 8_264
    assert np.isnan(table.loc["George Galloway", "votes"])
    assert np.isnan(table.loc["", "base_votes"]) and table.loc["", "share"] == pytest.approx(10)
    assert (table["party"] == "WPB").sum() == 2


def test_zero_votes_means_the_candidate_no_longer_stands(data) -> None:
    """``turnout change = -1`` left Galloway standing on 0 votes; a later stand of his party was
    refused as "already stands"."""
    gone = run(data, scenario('type = "turnout"\nparty = "WPB"\nchange = -1'))
    assert np.isnan(contestants(gone)["George Galloway"])
    assert gone.result.electorate.sum() == pytest.approx(79_373)
    back = run(data, scenario('type = "turnout"\nparty = "WPB"\nchange = -1',
                              'type = "stand"\nparty = "WPB"\nshare = 5\n'
                              'candidate = "George Galloway"'))
    assert share_in(back, "Batley and Spen", "WPB") == pytest.approx(5)
    assert back.result.columns == back.base.columns      # he returns in his own column
    with pytest.raises(ScenarioError) as error:
        run(data, scenario('type = "swing"\nfrom = "WPB"\nto = "home"\nfraction = 1',
                           'type = "stand_down"\nparty = "WPB"'))
    assert str(error.value).startswith("test.toml, line 12: operations[2].party must be a target "
                                       "where WPB stood (got 'Batley and Spen')")


# --- at risk ----------------------------------------------------------------------------------

def test_at_risk_resolves_parties_as_the_operations_do(data) -> None:
    """On a projection the Brexit Party is Reform's lineage (RUK), and the Workers Party is in
    Oth with every other small party: refused, not silently matching nothing."""
    from swingometer.scenarios.risk import seats_at_risk

    plan = parse_scenario(scenario(
        'type = "swing"\nfrom = "Lab"\nto = "RUK"\npoints = 2\nmissing = "skip"',
        base='shares = { Lab = 30, RUK = 25, Con = 18, LD = 12, Green = 9 }\nmodel = "uniform"'))
    by_name = seats_at_risk(data, plan, "Labour", "Brexit Party")
    assert len(by_name) > 0 and set(by_name["rival"]) == {"RUK"}
    assert by_name.equals(seats_at_risk(data, plan, "Lab", "RUK"))
    with pytest.raises(ScenarioError) as error:
        seats_at_risk(data, plan, "WPB", keys=("--at-risk", "--rival"))
    assert str(error.value) == (
        "--at-risk must be a party the projection models (Con, Lab, LD, Green, SNP, PC, UKIP, "
        "RUK, Ind, Oth) (got 'WPB'); a projection counts WPB in Oth, with every other small "
        "party")
