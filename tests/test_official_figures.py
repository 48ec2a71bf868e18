"""Every official figure the foundation issue lists, checked against the shipped data."""

from __future__ import annotations

import csv

import pytest

import swingometer
from tests.conftest import RAW

BYELECTION = "parl.batley-and-spen.by.2021-07-01"


@pytest.fixture(scope="module")
def by2021(data: swingometer.Dataset) -> swingometer.SeatResult:
    return data.seat("Batley and Spen", election=BYELECTION)


def test_batley_and_spen_2021_candidates(by2021: swingometer.SeatResult) -> None:
    votes = {(c.name, c.party_code): c.votes for c in by2021.candidates}
    assert len(by2021.candidates) == 16
    assert votes[("Kim Leadbeater", "Lab")] == 13_296
    assert votes[("Ryan Stephenson", "Con")] == 12_973
    assert votes[("George Galloway", "WPB")] == 8_264
    assert votes[("Thomas Gordon", "LD")] == 1_254
    assert votes[("Jayda Fransen", "Ind")] == 50
    assert by2021.candidates[2].party_name == "Workers Party of Britain"


def test_batley_and_spen_2021_seat_figures(by2021: swingometer.SeatResult) -> None:
    assert by2021.gss_code == "E14000548"
    assert by2021.valid_votes == 37_695
    assert by2021.electorate == 79_373
    assert by2021.winner.name == "Kim Leadbeater"
    assert by2021.majority == 323
    assert by2021.majority_pct == pytest.approx(100 * 323 / 37_695)
    assert by2021.lost_deposits == 13
    assert by2021.turnout == pytest.approx(47.5, abs=0.05)


def test_turnout_both_ways(data: swingometer.Dataset, by2021: swingometer.SeatResult) -> None:
    # the declared turnout, 47.6%, counts the 83 rejected ballots; valid votes alone give 47.5%
    assert by2021.invalid_votes == 83
    assert by2021.ballot_box_turnout == pytest.approx(100 * (37_695 + 83) / 79_373)
    assert round(by2021.ballot_box_turnout, 1) == 47.6
    assert by2021.to_dict()["ballot_box_turnout"] == 47.6
    # rejected ballots not published (Leicester South, 2011): no ballot-box turnout, not a guess
    unpublished = data.seat("Leicester South", election="parl.leicester-south.by.2011-05-05")
    assert unpublished.invalid_votes is None and unpublished.ballot_box_turnout is None


def test_batley_and_spen_2021_against_2019(by2021: swingometer.SeatResult) -> None:
    assert by2021.baseline is not None
    assert by2021.baseline.election_id == "parl.2019-12-12"
    assert by2021.change("Lab") == pytest.approx(-7.4, abs=0.05)
    assert by2021.change("Con") == pytest.approx(-1.6, abs=0.05)
    swing = by2021.top_two_swing
    assert (swing.from_party, swing.to_party) == ("Lab", "Con")
    assert swing.points == pytest.approx(2.9, abs=0.05)
    assert by2021.baseline_turnout == pytest.approx(66.5, abs=0.05)


def test_batley_and_spen_2019(data: swingometer.Dataset) -> None:
    result = data.seat("Batley and Spen", election="2019")
    votes = {c.party_code: c.votes for c in result.candidates}
    assert (votes["Lab"], votes["Con"], result.valid_votes) == (22_594, 19_069, 52_927)


def test_byelection_report_pairs_it_with_the_previous_general(data: swingometer.Dataset) -> None:
    report = data.byelection("Batley & Spen", date="2021")
    assert report.result.election.election_id == BYELECTION
    assert report.previous.election.election_id == "parl.2019-12-12"
    assert report.dates == ("2016-10-20", "2021-07-01")


@pytest.mark.parametrize(("party", "seats", "votes"), [
    ("Con", 365, 13_966_454), ("Lab", 202, 10_269_051), ("SNP", 48, None), ("LD", 11, None),
])
def test_2019_uk_totals(data: swingometer.Dataset, party: str, seats: int,
                        votes: int | None) -> None:
    row = data.totals("2019", "uk").parties.set_index("party").loc[party]
    assert row["seats"] == seats
    if votes is not None:
        assert row["votes"] == votes


@pytest.mark.parametrize(("party", "seats"), [
    ("Lab", 411), ("Con", 121), ("LD", 72), ("SNP", 9), ("SF", 7), ("Ind", 6), ("RUK", 5),
    ("DUP", 5), ("Green", 4), ("PC", 4), ("Spk", 1),
])
def test_2024_uk_seats(data: swingometer.Dataset, party: str, seats: int) -> None:
    assert data.totals("2024", "uk").parties.set_index("party").loc[party, "seats"] == seats


@pytest.mark.parametrize(("party", "votes"), [
    ("Lab", 9_708_716), ("Con", 6_828_925), ("RUK", 4_117_610),
])
def test_2024_uk_votes(data: swingometer.Dataset, party: str, votes: int) -> None:
    assert data.totals("2024", "uk").parties.set_index("party").loc[party, "votes"] == votes


def test_gb_shares_exclude_northern_ireland(data: swingometer.Dataset) -> None:
    gb = data.totals("2024", "gb")
    shares = gb.parties.set_index("party")["share"]
    assert gb.seats == 632
    assert shares["Lab"] == pytest.approx(34.64, abs=0.01)
    assert shares["RUK"] == pytest.approx(14.69, abs=0.01)
    assert "SF" not in shares.index



@pytest.mark.parametrize(("year", "turnout"), [("2019", 67.3), ("2024", 59.7)])
def test_national_turnout_both_ways(data: swingometer.Dataset, year: str, turnout: float) -> None:
    # the Commons Library's turnout counts valid votes; the ballot-box figure adds the rejected
    # ballots, summed here from the HoC constituency file itself (electorate, valid and invalid
    # votes are its 15th to 17th columns; 2019's file has no header)
    with open(RAW / f"ge{year}" / "constituencies.csv", encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.reader(f) if r and r[0] != "ONS ID"]
    electorate, valid, rejected = (sum(int(r[c]) for r in rows) for c in (14, 15, 16))
    totals = data.totals(year, "uk")
    assert round(totals.turnout, 1) == turnout
    assert (totals.electorate, totals.valid_votes, totals.rejected_ballots) == (
        electorate, valid, rejected)
    assert totals.ballot_box_turnout == pytest.approx(100 * (valid + rejected) / electorate)
    assert totals.to_dict()["ballot_box_turnout"] == round(totals.ballot_box_turnout, 2)


def test_no_ballot_box_turnout_for_a_notional_result(data: swingometer.Dataset) -> None:
    # notional results carry no rejected ballots: no figure, not a guess
    totals = data.totals("notional", "uk")
    assert totals.rejected_ballots is None and totals.ballot_box_turnout is None
    assert totals.to_dict()["ballot_box_turnout"] is None

@pytest.mark.parametrize(("name", "party", "candidate", "votes", "majority"), [
    ("Spen Valley", "Lab", "Kim Leadbeater", 16_076, 6_188),
    ("Dewsbury and Batley", "Ind", "Iqbal Mohamed", 15_641, 6_934),
])
def test_2024_successors_of_batley_and_spen(data: swingometer.Dataset, name: str, party: str,
                                            candidate: str, votes: int, majority: int) -> None:
    result = data.seat(name, election="2024")
    assert (result.winner.party_code, result.winner.name, result.winner.votes) == (
        party, candidate, votes)
    assert result.majority == majority


def test_batley_and_spen_leads_to_both_successors(data: swingometer.Dataset) -> None:
    history = data.history("Batley and Spen")
    successors = history[history["relation"] == "successor"]
    weights = successors.drop_duplicates("name").set_index("name")["weight"]
    assert set(weights.index) == {"Spen Valley", "Dewsbury and Batley"}
    assert weights.sum() == pytest.approx(1.0, abs=0.001)
    assert weights["Spen Valley"] > weights["Dewsbury and Batley"]


def test_hartlepool_2021(data: swingometer.Dataset) -> None:
    result = data.seat("Hartlepool", election="2021")
    assert (result.winner.name, result.winner.votes, result.majority) == (
        "Jill Mortimer", 15_529, 6_940)


@pytest.mark.parametrize(("year", "seats"), [
    ("2010", {"Con": 306, "Lab": 258, "LD": 57, "DUP": 8, "SNP": 6, "SF": 5, "PC": 3, "SDLP": 3,
              "Green": 1, "APNI": 1, "Ind": 1, "Spk": 1}),
    ("2015", {"Con": 330, "Lab": 232, "SNP": 56, "LD": 8, "DUP": 8, "SF": 4, "PC": 3, "SDLP": 3,
              "UUP": 2, "UKIP": 1, "Green": 1, "Ind": 1, "Spk": 1}),
    ("2017", {"Con": 317, "Lab": 262, "SNP": 35, "LD": 12, "DUP": 10, "SF": 7, "PC": 4,
              "Green": 1, "Ind": 1, "Spk": 1}),
])
def test_earlier_uk_seat_totals(data: swingometer.Dataset, year: str,
                                seats: dict[str, int]) -> None:
    table = data.totals(year, "uk").parties.set_index("party")["seats"]
    assert table[table > 0].to_dict() == seats


def test_no_butler_swing_when_an_independent_leads(data: swingometer.Dataset) -> None:
    result = data.seat("Dewsbury and Batley", election="2024")
    assert result.top_two_swing is None
    assert str(result.swing("Lab", "RUK")) == "24.5 points from Lab to RUK"
