"""Projections from shares or a poll average, their bad inputs, and leakage-free backtests."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from swingometer import AnalysisError, SwingometerError
from swingometer.exceptions import PartyNotFoundError
from swingometer.forecast.backtest import backtest
from swingometer.forecast.models import (
    DEFAULT_MODEL,
    MODEL_PARTIES,
    MODELS,
    SeatModel,
    SeatShares,
    Targets,
)
from swingometer.forecast.polls import poll_average
from swingometer.forecast.projection import MAJORITY, Projection, project

SHARES_2024 = {"Lab": 34.6, "Con": 24.4, "RUK": 14.7, "LD": 12.6, "Green": 6.9, "SNP": 2.6,
               "PC": 0.7}


@pytest.fixture(scope="module")
def from_shares(data) -> Projection:
    return project(data, shares=SHARES_2024)


@pytest.fixture(scope="module")
def from_polls(data) -> Projection:
    return project(data, as_of="2024-07-04")


def test_project_from_shares(from_shares: Projection) -> None:
    result = from_shares
    assert result.model == DEFAULT_MODEL
    assert result.baseline.election_id == "parl.2024-07-04"
    # the shares given are kept as typed; the 3.5 points left go to the parties not given
    assert result.inputs["shares"] == SHARES_2024
    assert result.inputs["filled_in"] == ["UKIP", "Ind", "Oth"]
    used = result.inputs["shares_used"]
    assert {p: used[p] for p in SHARES_2024} == SHARES_2024
    assert used["UKIP"] + used["Ind"] + used["Oth"] == pytest.approx(3.5, abs=1e-3)
    for party, share in SHARES_2024.items():
        assert result.targets.gb[party] == pytest.approx(share)
    assert sum(result.targets.gb.values()) == pytest.approx(100)
    totals = result.totals.set_index("party")
    assert totals["seats"].sum() == totals["baseline"].sum() == 650
    assert (totals["change"] == totals["seats"] - totals["baseline"]).all()
    assert totals.loc["Lab", "baseline"] == 411
    assert result.majority == {
        "largest_party": "Lab", "seats": int(totals.loc["Lab", "seats"]), "needed": 326,
        "majority": int(2 * totals.loc["Lab", "seats"] - 650),
        "overall_majority": bool(totals.loc["Lab", "seats"] >= MAJORITY)}
    seats = result.seats()
    assert len(seats) == 650
    assert list(seats.columns[:5]) == ["gss_code", "name", "nation", "winner", "baseline_winner"]
    changes = result.changes
    assert len(changes) == int((seats["winner"] != seats["baseline_winner"]).sum())
    ni = seats[seats["nation"] == "Northern Ireland"]
    assert len(ni) == 18 and (ni["winner"] == ni["baseline_winner"]).all()
    json.dumps(result.to_dict(), default=float)  # serialisable


def test_project_from_the_poll_average(data, from_polls: Projection) -> None:
    result = from_polls
    # as of polling day 2024, the latest general election known is 2019: its notional result
    # on the 2024 boundaries is the baseline
    assert result.baseline.election_id == "parl.2019-12-12.notional"
    assert {k: result.inputs[k] for k in ("as_of", "window_days", "method", "latest_poll")} == {
        "as_of": "2024-07-04", "window_days": 90, "method": "kalman",
        "latest_poll": "2024-07-03"}
    # Scotland and Wales take their own polls of the campaign, so no by-election counts
    assert {n: r["source"] for n, r in result.inputs["nations"].items()} == {
        "Scotland": "Scotland polls", "Wales": "Wales polls"}
    assert "byelections" not in result.inputs
    average = poll_average(data.polls, "2024-07-04")
    assert result.inputs["polls"] == average.polls
    for party in ("Con", "Lab", "LD", "Green", "SNP", "PC", "RUK"):
        assert result.targets.gb[party] == pytest.approx(average.shares[party])
    assert len(result.seats()) == 650
    assert result.majority["largest_party"] == "Lab"
    assert result.majority["overall_majority"] is True


def test_a_model_can_be_named_or_given(data) -> None:
    named = project(data, shares=SHARES_2024, model="uniform")
    given = project(data, shares=SHARES_2024, model=MODELS["uniform"]())
    assert named.model == given.model == "uniform"
    assert np.array_equal(named.projected.shares, given.projected.shares)


# -- bad input -----------------------------------------------------------------------------------
def test_shares_over_100_are_an_error(data) -> None:
    with pytest.raises(AnalysisError) as caught:
        project(data, shares={"Lab": 60, "Con": 40, "LD": 30})
    assert str(caught.value) == ("the GB shares given sum to 130.0, more than 100; pass "
                                 "normalise=True to rescale them")


def test_a_nationalist_share_beyond_its_nation_is_an_error(data) -> None:
    """Plaid stands only in Wales, about 5% of the GB vote: a GB share of 10% cannot be won
    (a slip for 1.0, most likely), so it is refused, not turned into 100% of Wales and an England
    made of what is left."""
    shares = {"Lab": 30, "Con": 25, "LD": 10, "RUK": 15, "Green": 7, "SNP": 3, "PC": 8, "Oth": 2}
    with pytest.raises(AnalysisError) as caught:
        project(data, shares=shares)
    assert str(caught.value) == (
        "PC's GB share comes to 8.0%, more than Wales's part of the GB vote at the baseline "
        "(4.7%): it stands only in Wales, so it would need 170% of Wales's vote; give a GB share "
        "for PC below 4.7%")
    # not given, the SNP keeps its baseline share while other parties not given can take the rest
    few = project(data, shares={"Lab": 5, "Con": 5}, baseline="2015")
    assert few.targets.gb["SNP"] == pytest.approx(few.baseline.standing().national()["SNP"])
    # when it is the only party left, it takes what the others leave: too much here, said so
    everyone_else = {"Lab": 40, "Con": 30, "LD": 10, "Green": 3, "PC": 0.5, "UKIP": 1, "RUK": 0,
                     "Ind": 0, "Oth": 0.5}
    with pytest.raises(AnalysisError) as caught:
        project(data, shares=everyone_else, baseline="2015")
    assert str(caught.value) == (
        "SNP's GB share comes to 15.0% (not given, it takes what the given parties leave), more "
        "than Scotland's part of the GB vote at the baseline (9.7%): it stands only in Scotland, "
        "so it would need 155% of Scotland's vote; give SNP's GB share, or shares for more "
        "parties")
    assert project(data, shares={"Lab": 30, "Con": 25, "PC": 1.0}).targets.gb["PC"] == pytest.approx(1)


def test_shares_over_100_can_be_normalised(data) -> None:
    result = project(data, shares={"Lab": 60, "Con": 40, "LD": 30}, normalise=True)
    gb = result.targets.gb
    # the parties given keep their proportions; those not given keep their baseline shares
    assert (gb["Con"] / gb["Lab"], gb["LD"] / gb["Lab"]) == pytest.approx((40 / 60, 30 / 60))
    assert gb["SNP"] == pytest.approx(result.baseline.standing().national()["SNP"])
    assert sum(gb.values()) == pytest.approx(100)


def test_every_party_given_must_sum_to_about_100(data) -> None:
    shares = {p: 9.0 for p in MODEL_PARTIES} | {"SNP": 3.0, "PC": 0.6}
    with pytest.raises(AnalysisError) as caught:
        project(data, shares=shares)
    assert str(caught.value) == ("the GB shares given sum to 75.6, not 100; pass normalise=True "
                                 "to rescale them")
    assert caught.value.option == "normalise=True"  # what the command line says as --normalise
    assert project(data, shares=shares, normalise=True).targets.gb["Lab"] == pytest.approx(
        900 / 75.6)


def test_an_unknown_party_code_is_an_error(data) -> None:
    with pytest.raises(PartyNotFoundError) as caught:
        project(data, shares={"Lab": 40, "Whig": 5})
    assert caught.value.query == "Whig"
    assert str(caught.value).startswith(
        "no party matches 'Whig'; shares take Con, Lab, LD, Green, SNP, PC, UKIP, RUK (or BRX), "
        "Ind, Oth")


def test_the_brexit_party_code_counts_as_reform(data) -> None:
    brx = project(data, shares={"Lab": 40, "Con": 25, "BRX": 15})
    ruk = project(data, shares={"Lab": 40, "Con": 25, "RUK": 15})
    assert brx.targets.gb == ruk.targets.gb


@pytest.mark.parametrize("value", [-3.0, float("nan"), float("inf")])
def test_a_negative_or_missing_share_is_an_error(data, value: float) -> None:
    with pytest.raises(AnalysisError) as caught:
        project(data, shares={"Lab": value, "Con": 30})
    assert str(caught.value) == f"the GB share of Lab must be a number >= 0 (got {value!r})"


def test_shares_and_as_of_together_are_refused(data) -> None:
    with pytest.raises(AnalysisError) as caught:
        project(data, shares=SHARES_2024, as_of="2024-07-04")
    assert str(caught.value) == ("give either shares or as_of (the day of a poll average), not "
                                 "both")


def test_without_shares_the_latest_polls_are_used(data) -> None:
    result = project(data, model="uniform")
    assert result.inputs["as_of"] == "2026-08-18"
    assert result.inputs["latest_poll"] == "2026-08-17"
    assert result.baseline.election_id == "parl.2024-07-04"
    assert project(data, as_of="latest", model="uniform").targets == result.targets


def test_an_unknown_model_is_an_error(data) -> None:
    with pytest.raises(AnalysisError) as caught:
        project(data, shares=SHARES_2024, model="mrp")
    assert str(caught.value) == f"model must be one of {', '.join(sorted(MODELS))} (got 'mrp')"


@pytest.mark.parametrize("as_of", ["1970-01-01", "2099-01-01", "not a date"])
def test_an_as_of_date_without_polls_or_baseline_is_a_library_error(data, as_of: str) -> None:
    with pytest.raises(SwingometerError):
        project(data, as_of=as_of)


def test_a_date_before_2010_projects_from_the_2005_notional_result(data) -> None:
    """Between the 2005 election and 2010 the latest result on the data's boundaries is the
    notional 2005 one: a poll date then projects from it (the backtest of 2010 does the same)."""
    projection = project(data, as_of="2010-05-05")
    assert projection.baseline.election_id == "parl.2005-05-05.notional"
    assert projection.inputs["as_of"] == "2010-05-05"


# -- the leakage guard ---------------------------------------------------------------------------
class Spy(SeatModel):
    """Records what ``fit`` was shown; predicts no change."""

    name = "spy"

    def fit(self, history: Any = None) -> Spy:
        self.seen_ = {
            "last_election": history.elections["date"].max(),
            "elections": set(history.elections["election_id"]),
            "contests": set(history.contests["election_id"]),
            "candidacies": set(history.candidacies["election_id"]),
            "last_poll": history.polls["date_end"].max(),
        }
        return self

    def predict(self, baseline: SeatShares, targets: Targets) -> SeatShares:
        return baseline.with_shares(baseline.shares)


ELECTIONS = {2010: ("parl.2010-05-06", "2010-05-06", "parl.2005-05-05.notional"),
             2015: ("parl.2015-05-07", "2015-05-07", "parl.2010-05-06"),
             2017: ("parl.2017-06-08", "2017-06-08", "parl.2015-05-07"),
             2019: ("parl.2019-12-12", "2019-12-12", "parl.2017-06-08"),
             2024: ("parl.2024-07-04", "2024-07-04", "parl.2019-12-12.notional")}


@pytest.mark.parametrize("year", sorted(ELECTIONS))
@pytest.mark.parametrize("source", ["polls", "actual"])
def test_a_backtested_model_sees_nothing_from_the_election_on(data, year, source) -> None:
    election_id, day, baseline = ELECTIONS[year]
    spy = Spy()
    result = backtest(data, year, source, model=spy)
    seen = spy.seen_
    assert result.model == "spy" and result.baseline == baseline
    assert seen["last_election"] < day
    assert seen["last_poll"] < day
    for table in ("elections", "contests", "candidacies"):
        assert election_id not in seen[table], table
        assert baseline in seen[table], table  # the view is not empty: the past is there
    # nothing dated on or after polling day (by-elections included)
    dates = data.elections.set_index("election_id")["date"]
    assert all(dates[e] < day for e in seen["contests"] | seen["candidacies"])
    # the spy changed nothing: every baseline winner kept, so the score is the baseline's
    assert result.seats_called == result.gb_seats - len(result.wrong)


# -- backtest output -----------------------------------------------------------------------------
BACKTEST_KEYS = {"target", "input", "model", "gb_seats", "seats_called", "seats_called_pct",
                 "seat_totals", "total_seat_error", "share_mae", "share_mae_by_party",
                 "wrong_seats"}


@pytest.mark.parametrize(("year", "source"), [(2019, "actual"), (2024, "polls"),
                                              (2015, "polls"), (2010, "polls")])
def test_backtest_json_has_the_documented_keys(data, year, source) -> None:
    out = backtest(data, year, source).to_dict()
    assert BACKTEST_KEYS <= set(out)
    assert ("published_forecasters" in out) == (year == 2024)
    assert (out["target"], out["input"], out["model"]) == (year, source, DEFAULT_MODEL)
    assert out["gb_seats"] == 632
    assert out["seats_called"] == out["gb_seats"] - len(out["wrong_seats"])
    assert out["seats_called_pct"] == round(100 * out["seats_called"] / out["gb_seats"], 1)
    assert all(set(t) == {"predicted", "actual"} for t in out["seat_totals"].values())
    assert sum(t["actual"] for t in out["seat_totals"].values()) == 650
    assert sum(t["predicted"] for t in out["seat_totals"].values()) == 650
    assert out["total_seat_error"] == sum(
        abs(out["seat_totals"][p]["predicted"] - out["seat_totals"][p]["actual"])
        for p in ("Lab", "Con", "LD", "SNP", "RUK"))
    assert 0 < out["share_mae"] < 10
    by_party = out["share_mae_by_party"]
    assert {"Con", "Lab", "LD", "Green"} <= set(by_party) and all(v >= 0 for v in by_party.values())
    assert ("SNP" in by_party) and ("RUK" in by_party) == (year >= 2019)
    for wrong in out["wrong_seats"]:
        assert set(wrong) == {"gss_code", "name", "predicted", "actual"}
        assert wrong["predicted"] != wrong["actual"]
    json.dumps(out)


def test_backtest_2024_carries_the_published_forecasters(data) -> None:
    out = backtest(data, 2024, "polls").to_dict()
    actual = {p: t["actual"] for p, t in out["seat_totals"].items()}
    assert {p: actual[p] for p in ("Lab", "Con", "LD", "SNP", "RUK", "Green", "PC")} == {
        "Lab": 411, "Con": 121, "LD": 72, "SNP": 9, "RUK": 5, "Green": 4, "PC": 4}
    assert [(f["forecaster"], f["seats_called_pct"], f["total_seat_error"])
            for f in out["published_forecasters"]] == [
        ("Election Maps UK", 88.8, 57),
        ("New Statesman (Britain Predicts)", 87.5, 36),
        ("Principal Fish", 82.1, 82),
        ("The Economist (MRP)", 78.8, 60),
        ("YouGov MRP", None, 50),
        ("Electoral Calculus", None, 105),
        ("exit poll (not a pre-election forecast)", None, 31),
    ]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"target": 2001}, "target must be one of 2010, 2015, 2017, 2019, 2024 (got 2001)"),
    ({"target": 2019, "input": "vibes"}, "input must be 'polls' or 'actual' (got 'vibes')"),
])
def test_backtest_bad_input(data, kwargs, message) -> None:
    with pytest.raises(AnalysisError) as caught:
        backtest(data, **kwargs)
    assert str(caught.value) == message


# -- the Speaker -----------------------------------------------------------------------------------
def test_the_speaker_in_the_chair_holds_their_seat(data) -> None:
    """Hoyle (Chorley) took the Chair from Bercow (Buckingham) on 4 November 2019: a projection
    of the 2019 election from 2017 holds Chorley for the Speaker and gives Buckingham back to the
    contest, Bercow's vote counted as Conservative; both are then called right."""
    from swingometer.data.parties import speaker_on

    assert [speaker_on(day).seat for day in ("2009-06-22", "2010-05-06", "2019-11-04",
                                             "2019-11-05", None)] == [
        "Glasgow North East", "Buckingham", "Buckingham", "Chorley", "Chorley"]
    projection = project(data, as_of="2019-12-12", baseline="2017")
    table = projection.seats().set_index("name")
    assert table.loc["Chorley", "winner"] == "Spk" and table.loc["Buckingham", "winner"] == "Con"
    assert table.loc["Buckingham", "baseline_winner"] == "Con"
    assert list(projection.projected.winners).count("Spk") == 1
    # the 2017 result itself is unchanged: Bercow won Buckingham as Speaker
    assert data.seat("Buckingham", election="2017").winner.party_code == "Spk"
    wrong = set(backtest(data, 2019, "polls").wrong["name"])
    assert not {"Chorley", "Buckingham"} & wrong
    # 2010, from the 2005 notional result: Martin's Glasgow North East is contested again
    # (Labour's), Bercow's Buckingham held
    seats = backtest(data, 2010, "actual")
    assert "Glasgow North East" not in set(seats.wrong["name"])
    assert seats.seat_totals["Spk"] == {"predicted": 1, "actual": 1}


def test_a_partys_share_error_counts_only_the_seats_it_contested(data) -> None:
    from swingometer.forecast.backtest import _project

    _, projection, actual = _project(data, 2015, "actual", "uniform")
    result = backtest(data, 2015, "actual", "uniform")
    snp = projection.projected.parties.index("SNP")
    scottish = (actual.nations == "Scotland") & ~projection.projected.frozen
    expected = abs(projection.projected.shares[scottish, snp] - actual.shares[scottish, snp]).mean()
    assert result.share_mae_by_party["SNP"] == pytest.approx(expected)
    assert actual.shares[actual.nations == "England", snp].max() == 0
