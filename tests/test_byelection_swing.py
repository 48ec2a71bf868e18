"""By-elections as evidence of Scotland's and Wales's own swing (swingometer.forecast.byelection_swing)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import swingometer
from swingometer.forecast.byelection_swing import (
    MODEL_PARTIES,
    NationSignal,
    byelection_departures,
    byelection_signals,
    nation_departures,
    signal_targets,
)
from swingometer.forecast.models import SeatModel, history_shares, resolve_targets
from swingometer.forecast.polls import poll_average, poll_averages
from swingometer.forecast.projection import baseline_shares, project

RUTHERGLEN = "parl.rutherglen-and-hamilton-west.by.2023-10-05"
BEFORE_2024 = "2024-07-04"


@pytest.fixture(scope="module")
def history(data):
    return data.before(BEFORE_2024)


@pytest.fixture(scope="module")
def departures(history):
    return byelection_departures(history)


def test_a_departure_is_the_change_less_what_the_polls_implied(history, departures) -> None:
    # Rutherglen and Hamilton West, 5 October 2023 (official): Lab 17,845 and SNP 8,399 of 30,477
    # valid votes; at the 2019 general election Lab 18,545 and SNP 23,775 of 53,794
    valid_2023, valid_2019 = 30_477, 53_794
    change = {"Lab": 100 * (17_845 / valid_2023 - 18_545 / valid_2019),
              "SNP": 100 * (8_399 / valid_2023 - 23_775 / valid_2019)}
    base = history_shares(history, "parl.2019-12-12", "pcon2010", "2023-10-05").standing()
    average = poll_average(history.polls, "2023-10-05")
    implied = SeatModel.nation_targets(base, resolve_targets(base, average.shares))["Scotland"]
    row = departures.set_index("election_id").loc[RUTHERGLEN]
    assert row["nation"] == "Scotland"
    for party, official in change.items():
        k = MODEL_PARTIES.index(party)
        assert row[party] == pytest.approx(official - (implied[1][k] - implied[0][k]), abs=1e-6)
    # Reform (no Brexit Party candidate there in 2019) and UKIP (none in 2023) stood only once
    assert np.isnan(row["RUK"]) and np.isnan(row["UKIP"])


def test_departures_cover_gb_by_elections_only_and_before_the_cutoff(data, departures) -> None:
    assert set(departures["nation"]) == {"England", "Scotland", "Wales"}
    assert departures["date"].max() < BEFORE_2024
    assert not departures["election_id"].duplicated().any()
    # the Scottish and Welsh by-elections of 2010-2024 in the shipped data
    scottish = departures.loc[departures["nation"] == "Scotland", "election_id"]
    assert list(scottish) == ["parl.inverclyde.by.2011-06-30",
                              "parl.airdrie-and-shotts.by.2021-05-13", RUTHERGLEN]
    # the SNP and Plaid never stand in England
    english = departures[departures["nation"] == "England"]
    assert english[["SNP", "PC"]].isna().all().all()


def test_signals_see_only_what_was_known_before_the_date(data) -> None:
    # the day of the Rutherglen by-election: only Airdrie and Shotts is known since 2019
    signals = byelection_signals(data.before("2023-10-05"), "2019-12-12")
    assert set(signals) == {"Scotland"}
    assert signals["Scotland"].byelections == ("parl.airdrie-and-shotts.by.2021-05-13",)
    assert byelection_signals(data.before("2021-05-13"), "2019-12-12") == {}


def test_a_party_with_a_signal_moves_by_its_weighted_departure(data, history) -> None:
    base = baseline_shares(history, history.election("parl.2019-12-12.notional"), BEFORE_2024)
    start = base.standing()
    average = poll_average(history.polls, BEFORE_2024)
    targets = resolve_targets(start, average.shares)
    signals = byelection_signals(history, "2019-12-12", average.shares)
    scotland = signals["Scotland"]
    # the polls reported the SNP: it is kept, and the other parties without a signal (Reform,
    # the Greens, ...) make room for what the moves add up to
    assert scotland.to_dict()["kept"] == ["SNP"] and scotland.weight[4] == 0
    implied = SeatModel.nation_targets(start, targets)["Scotland"][1]
    moved = signal_targets(start, targets, signals)["Scotland"]
    for k, party in enumerate(MODEL_PARTIES):
        if scotland.weight[k] > 0:
            assert moved[party] - implied[k] == pytest.approx(scotland.shift[k])
    assert moved["SNP"] == pytest.approx(implied[MODEL_PARTIES.index("SNP")])
    assert moved["RUK"] < implied[MODEL_PARTIES.index("RUK")]  # Labour's gain came from them
    assert sum(moved.values()) == pytest.approx(100)


def test_wales_and_an_unpolled_snp(data) -> None:
    # Newport West and Brecon and Radnorshire (2019) before the 2019 general election
    wales = byelection_signals(data.before("2019-12-12"), "2017-06-08")["Wales"]
    assert wales.byelections == ("parl.newport-west.by.2019-04-04",
                                 "parl.brecon-and-radnorshire.by.2019-08-01")
    assert (wales.weight > 0).sum() >= 3
    # 2015: no poll reported the SNP, so Inverclyde's SNP departure is not kept out
    reported = ("Con", "Lab", "LD", "Green", "UKIP", "Oth")
    scotland = byelection_signals(data.before("2015-05-07"), "2010-05-06", reported)["Scotland"]
    assert scotland.to_dict()["kept"] == []
    assert scotland.departure[MODEL_PARTIES.index("SNP")] > 10
    polled = byelection_signals(data.before("2015-05-07"), "2010-05-06", (*reported, "SNP"))
    assert polled["Scotland"].to_dict()["kept"] == ["SNP"]


def test_an_older_baseline_takes_no_by_elections(data) -> None:
    older = project(data, as_of=BEFORE_2024, baseline="2017", model="uniform")
    assert "byelections" not in older.inputs


@pytest.fixture(scope="module")
def gb_polls_only() -> swingometer.Dataset:
    """The shipped data without Scotland's and Wales's own polls (which, when there are some,
    take the place of the by-elections' signal), as before 2024 a forecaster had none."""
    data = swingometer.Dataset(include_imported=False)
    return data.replace(polls=data.polls[~data.polls["area"].isin(["Scotland", "Wales"])])


def test_without_by_elections_the_backtests_are_those_of_the_gb_swing(data, gb_polls_only) -> None:
    from swingometer.forecast.backtest import backtest

    # with the nation polls, 2024 takes Scotland's and Wales's from them: no by-election counts
    both = backtest(data, 2024, "polls"), backtest(data, 2024, "polls", byelections=False)
    assert both[0].seats_called == both[1].seats_called
    assert both[0].targets["nations"]["Scotland"] == both[1].targets["nations"]["Scotland"]
    plain = backtest(gb_polls_only, 2024, "polls", byelections=False)
    moved = backtest(gb_polls_only, 2024, "polls")
    assert moved.targets["nations"]["Scotland"]["Lab"] > plain.targets.get(
        "nations", {}).get("Scotland", {}).get("Lab", 0)


def test_weights_shrink_a_noisy_signal(history) -> None:
    scotland = byelection_signals(history, "2019-12-12")["Scotland"]
    assert scotland.byelections == ("parl.airdrie-and-shotts.by.2021-05-13", RUTHERGLEN)
    assert ((scotland.weight >= 0) & (scotland.weight < 1)).all()
    # Labour gained on both occasions, and a by-election strays far more than a nation does:
    # the shift is positive but well short of the mean departure
    k = MODEL_PARTIES.index("Lab")
    assert scotland.departure[k] > 5
    assert 0 < scotland.shift[k] < scotland.departure[k] / 2
    # a party that stood at no Scottish by-election twice gets no weight
    assert scotland.weight[MODEL_PARTIES.index("PC")] == 0
    assert set(scotland.to_dict()["weight"]) == {"Con", "Lab", "LD", "SNP"}


def test_nation_departures_of_a_result_from_itself_are_zero(history) -> None:
    result = history_shares(history, "parl.2019-12-12", "pcon2010")
    for departure in nation_departures(result, result).values():
        assert np.abs(departure).max() < 1e-9


@settings(max_examples=40, deadline=None)
@given(shift=st.lists(st.floats(-30, 30), min_size=len(MODEL_PARTIES),
                      max_size=len(MODEL_PARTIES)))
def test_moved_targets_are_shares(history, shift) -> None:
    base = baseline_shares(history, history.election("parl.2019-12-12.notional"), BEFORE_2024)
    targets = resolve_targets(base, poll_average(history.polls, BEFORE_2024).shares)
    signal = NationSignal("Scotland", ("x",), np.array(shift), np.ones(len(MODEL_PARTIES)))
    moved = signal_targets(base, targets, {"Scotland": signal})["Scotland"]
    values = np.array(list(moved.values()))
    assert (values >= 0).all() and values.sum() == pytest.approx(100)


def test_shares_given_for_a_nation_are_kept(history) -> None:
    base = baseline_shares(history, history.election("parl.2019-12-12.notional"), BEFORE_2024)
    given = {"SNP": 30, "Lab": 35, "Con": 12, "LD": 10, "RUK": 7, "Green": 4, "Oth": 2}
    targets = resolve_targets(base, poll_average(history.polls, BEFORE_2024).shares,
                              {"Scotland": given})
    signals = byelection_signals(history, "2019-12-12")
    assert signal_targets(base, targets, signals) == {}


def test_a_projection_from_the_polls_follows_the_by_elections(data, gb_polls_only) -> None:
    moved = project(gb_polls_only, as_of=BEFORE_2024, model="uniform")
    plain = project(gb_polls_only, as_of=BEFORE_2024, model="uniform", byelections=False)
    assert "byelections" not in plain.inputs
    record = moved.inputs["byelections"]["Scotland"]
    assert record["byelections"][-1] == RUTHERGLEN
    assert "Scotland" in moved.targets.nations and "Scotland" not in plain.targets.nations
    # the polls reported the SNP: its Scottish share stays what they imply
    implied = SeatModel.nation_targets(plain.baseline.standing(), plain.targets)["Scotland"][1]
    assert moved.targets.nations["Scotland"]["SNP"] == pytest.approx(
        implied[MODEL_PARTIES.index("SNP")])
    scotland = moved.projected.national(("Scotland",))
    assert scotland["Lab"] > plain.projected.national(("Scotland",))["Lab"]
    # GB shares are the polls' either way, and England is what GB needs less the rest
    for party in ("Con", "Lab", "LD", "RUK", "Green"):
        assert moved.projected.national()[party] == pytest.approx(
            plain.projected.national()[party], abs=0.05)
    # given shares are taken as they are
    shares = {"Lab": 34.6, "Con": 24.4, "RUK": 14.7, "LD": 12.6, "Green": 6.9, "SNP": 2.6}
    assert "byelections" not in project(data, shares=shares, model="uniform").inputs


def test_poll_averages_match_one_at_a_time(data) -> None:
    days = ["2015-05-07", "2019-08-01", "2023-10-05", "1970-05-01"]
    for day, average in zip(days, poll_averages(data.polls, days)):
        if day == "1970-05-01":
            assert average is None
            continue
        single = poll_average(data.polls, day)
        assert average.polls == single.polls
        assert average.shares == pytest.approx(single.shares)


def test_shared_share_matrices_are_read_only(history) -> None:
    first = history_shares(history, "parl.2019-12-12", "pcon2010", "2023-10-05")
    # the day matters only through the Speaker in the Chair (Hoyle on both days)
    assert history_shares(history, "parl.2019-12-12", "pcon2010", "2021-05-13") is first
    with pytest.raises(ValueError):
        first.shares[0, 0] = 1.0
    # under Bercow (2017) Chorley is a seat like any other, Buckingham the Speaker's
    bercow = history_shares(history, "parl.2015-05-07", "pcon2010", "2017-06-08")
    hoyle = history_shares(history, "parl.2015-05-07", "pcon2010", "2019-12-12")
    assert bercow is not hoyle
    assert bercow.frozen.sum() == hoyle.frozen.sum() and (bercow.frozen != hoyle.frozen).sum() == 2


def test_a_replaced_table_keeps_nothing_derived_from_the_old_one() -> None:
    import swingometer

    data = swingometer.Dataset(include_imported=False)
    first = history_shares(data, "parl.2019-12-12", "pcon2010")
    assert history_shares(data, "parl.2019-12-12", "pcon2010") is first
    assert not first.shares.flags.writeable  # what is derived is read-only
    rows = data.candidacies
    changed = data.replace(candidacies=rows.assign(votes=rows["votes"] * 2))  # an import, say
    again = history_shares(changed, "parl.2019-12-12", "pcon2010")
    assert again is not first and history_shares(data, "parl.2019-12-12", "pcon2010") is first
    np.testing.assert_allclose(again.shares, first.shares)  # doubling every vote keeps shares
    np.testing.assert_allclose(again.votes, 2 * first.votes)


def test_nation_shares_given_with_the_polls_can_be_normalised(data) -> None:
    scotland = {"SNP": 33, "Lab": 38, "Con": 14, "LD": 10, "RUK": 8}  # 103
    result = project(data, as_of=BEFORE_2024, model="uniform", nations={"Scotland": scotland},
                     normalise=True)
    given = result.targets.nations["Scotland"]
    assert sum(given.values()) == pytest.approx(100)
    assert given["Lab"] / given["SNP"] == pytest.approx(38 / 33)
    assert "byelections" not in result.inputs  # Scotland's shares were given; Wales had none
