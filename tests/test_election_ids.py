"""Election ids against Democracy Club's own validator, ``uk-election-ids``: every general
election and by-election id is one it accepts; a notional result's id is swingometer's documented
extension (the re-estimated election's id with ``.notional`` appended), which it refuses."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from uk_election_ids.election_ids import IdBuilder

import swingometer
from swingometer.data.hoc import election_id
from swingometer.data.tables import ELECTION_ID


def accepted(identifier: str) -> bool:
    try:
        IdBuilder.from_id(identifier)
    except (ValueError, TypeError):
        return False
    return True


@pytest.fixture(scope="module")
def elections(data: swingometer.Dataset) -> list[swingometer.Election]:
    return [data.election(e) for e in data.elections["election_id"]]


def test_democracy_club_accepts_every_general_and_by_election_id(
        elections: list[swingometer.Election]) -> None:
    kinds = {e.type for e in elections}
    assert kinds == {"general", "by-election", "notional"}
    refused = [e.election_id for e in elections if e.type != "notional"
               and not accepted(e.election_id)]
    assert refused == []
    assert all(e.democracy_club_id == e.election_id for e in elections if e.type != "notional")


def test_notional_ids_are_the_documented_extension(
        elections: list[swingometer.Election]) -> None:
    notional = [e for e in elections if e.type == "notional"]
    assert [e.election_id for e in notional] == ["parl.2005-05-05.notional",
                                                 "parl.2019-12-12.notional"]
    for e in notional:
        assert not accepted(e.election_id)  # Democracy Club has no id for a notional result
        assert e.democracy_club_id == f"parl.{e.date}"
        assert accepted(e.democracy_club_id)
        assert e.election_id == e.democracy_club_id + ".notional"


def test_the_elections_table_carries_the_democracy_club_id(data: swingometer.Dataset) -> None:
    table = data.election_table().set_index("election_id")["democracy_club_id"]
    assert table["parl.2019-12-12.notional"] == "parl.2019-12-12"
    assert table["parl.batley-and-spen.by.2021-07-01"] == "parl.batley-and-spen.by.2021-07-01"
    assert all(accepted(i) for i in table)


def test_the_schema_takes_every_shipped_id_and_nothing_looser(
        elections: list[swingometer.Election]) -> None:
    assert all(re.fullmatch(ELECTION_ID, e.election_id) for e in elections)
    for bad in ("parl.foo", "parl..by.2021-07-01", "parl.2019-12-12.Notional",
                "parl.batley--spen.by.2021-07-01", "parl.-spen.by.2021-07-01",
                "parl.2019-12-12.notional.notional", "local.2019-12-12"):
        assert not re.fullmatch(ELECTION_ID, bad), bad


def test_every_seat_name_makes_an_accepted_by_election_id(data: swingometer.Dataset) -> None:
    # a by-election imported in any seat, on either boundary set, gets an id Democracy Club takes
    names = sorted(set(data.constituencies["name"]))
    assert len(names) > 800
    refused = [n for n in names if not accepted(election_id("by-election", n, "2027-03-04"))]
    assert refused == []


seat_names = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "0123456789 &,'.-()ôâéëŵŷ"), min_size=1, max_size=40)


@given(seat_names, st.dates(), st.sampled_from(["general", "by-election"]))
def test_built_ids_pass_the_schema_and_democracy_club_alike(name: str, day, kind: str) -> None:
    built = election_id(kind, name, day.isoformat())
    in_schema = bool(re.fullmatch(ELECTION_ID, built))
    assert not in_schema or accepted(built)  # the schema is never looser than Democracy Club
    # a name with a letter or digit always makes a good id; one without makes an empty slug,
    # which Democracy Club lets through (parl..by.DATE) and the schema refuses
    assert in_schema == (kind == "general" or any(c.isalnum() for c in name))
