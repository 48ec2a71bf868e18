"""Seat lookup: tolerant of spelling, never silently wrong, resolved by boundary set."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import swingometer
from swingometer.data.names import normalise_name


@pytest.mark.parametrize(("query", "code"), [
    ("Batley and Spen", "E14000548"), ("Batley & Spen", "E14000548"),
    ("BATLEY AND SPEN", "E14000548"), ("batley-and-spen", "E14000548"),
    ("e14000548", "E14000548"), ("Ynys Mon", "W07000112"), ("ynys môn", "W07000112"),
    ("Birmingham Erdington", "E14001093"), ("Birmingham, Erdington", "E14001093"),
])
def test_lookup_tolerates_case_punctuation_accents(data: swingometer.Dataset, query: str,
                                                   code: str) -> None:
    key, _ = data.find_seat(query)
    assert key.gss_code == code


def test_a_miss_suggests_the_closest_names(data: swingometer.Dataset) -> None:
    with pytest.raises(swingometer.SeatNotFoundError) as error:
        data.seat("Batly and Spen")
    assert error.value.suggestions[0] == "Batley and Spen"
    assert str(error.value).startswith(
        "no constituency matches 'Batly and Spen'; did you mean 'Batley and Spen'")


def test_nonsense_is_not_matched(data: swingometer.Dataset) -> None:
    with pytest.raises(swingometer.SeatNotFoundError):
        data.seat("Atlantis North")


@pytest.mark.parametrize(("election", "code"), [
    ("2019", "E14000530"), ("2024", "E14001063"), (None, "E14001063"),
    ("parl.2017-06-08", "E14000530"), ("notional", "E14001063"),
])
def test_a_name_on_both_boundary_sets_follows_the_election(data: swingometer.Dataset,
                                                           election: str | None,
                                                           code: str) -> None:
    assert data.seat("Aldershot", election=election).gss_code == code


def test_a_2010_seat_at_a_2024_election_says_why(data: swingometer.Dataset) -> None:
    with pytest.raises(swingometer.SeatNotFoundError) as error:
        data.seat("Batley and Spen", election="2024")
    assert "it is a pcon2010 seat" in str(error.value)


def test_unknown_election_suggests_ids(data: swingometer.Dataset) -> None:
    with pytest.raises(swingometer.ElectionNotFoundError) as error:
        data.seat("Hartlepool", election="parl.2019-12-13")
    assert "parl.2019-12-12" in error.value.suggestions


@pytest.mark.parametrize(("query", "code"), [("reform", "RUK"), ("LAB", "Lab"),
                                             ("Lib Dems", "LD"), ("Plaid Cymru", "PC")])
def test_party_lookup(data: swingometer.Dataset, query: str, code: str) -> None:
    assert data.party(query) == code


def test_unknown_party(data: swingometer.Dataset) -> None:
    with pytest.raises(swingometer.PartyNotFoundError):
        data.party("Whig Revival Front")


@given(st.text(max_size=40))
def test_normalise_is_idempotent_and_ascii(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once
    assert once.isascii()
