"""Seat arithmetic: deposits, Butler swing, majority and shares, with property tests."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from swingometer import Election, butler_swing, deposit_lost
from swingometer.results.seats import party_shares, seat_result
from tests.strategies import seat_votes, shares, votes

ELECTION = Election("parl.test.by.2030-01-01", "by-election", "2030-01-01", "pcon2024", "test")
BASE = Election("parl.2029-05-03", "general", "2029-05-03", "pcon2024", "base")
PLACE = {"name": "Testshire", "nation": "England", "region": "North"}


def _result(now: dict[str, int], before: dict[str, int] | None = None):
    def frame(votes: dict[str, int]) -> pd.DataFrame:
        ordered = sorted(votes.items(), key=lambda kv: -kv[1])
        return pd.DataFrame({
            "candidate": [f"{p} candidate" for p, _ in ordered],
            "party_code": [p for p, _ in ordered], "party_name": [p for p, _ in ordered],
            "votes": [v for _, v in ordered], "elected": [i == 0 for i in range(len(ordered))],
            "sitting_mp": [False] * len(ordered)})

    contest = {"gss_code": "E14001506", "electorate": 100_000,
               "valid_votes": sum(now.values()), "invalid_votes": 10}
    base = None if before is None else frame(before)
    base_contest = None if before is None else {"electorate": 100_000,
                                                "valid_votes": sum(before.values())}
    return seat_result(ELECTION, contest, frame(now), PLACE, {"BRX": "RUK"},
                       BASE if before else None, base_contest, base)


@pytest.mark.parametrize(("votes", "valid", "lost"), [
    (5, 100, True), (6, 100, False), (4, 100, True), (1_884, 37_695, True),
    (1_885, 37_695, False), (0, 10, True), (50_000, 1_000_000, True), (50_001, 1_000_000, False),
])
def test_deposit_is_returned_only_above_five_percent(votes: int, valid: int, lost: bool) -> None:
    assert deposit_lost(votes, valid) is lost


@given(votes, st.integers(min_value=1, max_value=2_000_000))
def test_deposit_rule_matches_the_definition(a: int, valid: int) -> None:
    # returned only with MORE than 5%: compare exactly, in fractions, not floats
    from fractions import Fraction

    assert deposit_lost(a, valid) == (Fraction(a, valid) <= Fraction(1, 20))


@given(shares, shares, shares, shares)
def test_butler_swing_is_antisymmetric(a1: float, a2: float, b1: float, b2: float) -> None:
    assert butler_swing(a1, a2, b1, b2) == pytest.approx(-butler_swing(b1, b2, a1, a2))


@pytest.mark.parametrize(("a1", "a2", "b1", "b2", "swing"), [
    (50, 40, 30, 40, 10.0),   # A down 10, B up 10: a 10-point swing from A to B
    (50, 46, 30, 30, 2.0),    # A down 4, B level: 2 points to B
    (40, 50, 40, 30, -10.0),  # the other way: negative, a swing from B to A
])
def test_butler_swing_direction(a1: float, a2: float, b1: float, b2: float, swing: float) -> None:
    assert butler_swing(a1, a2, b1, b2) == pytest.approx(swing)


def test_butler_swing_batley_and_spen() -> None:
    assert butler_swing(42.69, 35.27, 36.03, 34.42) == pytest.approx(2.905)


@given(seat_votes())
def test_shares_sum_to_100_and_majority_is_first_minus_second(votes: dict[str, int]) -> None:
    result = _result(votes)
    ordered = sorted(votes.values(), reverse=True)
    assert sum(c.share for c in result.candidates) == pytest.approx(100.0)
    assert result.majority == ordered[0] - ordered[1]
    assert result.majority >= 0
    assert result.lost_deposits == sum(v * 20 <= sum(ordered) for v in ordered)


@given(seat_votes(), seat_votes())
def test_changes_are_share_differences_and_swing_halves_them(now: dict[str, int],
                                                            before: dict[str, int]) -> None:
    result = _result(now, before)
    total_now, total_before = sum(now.values()), sum(before.values())
    for candidate in result.candidates:
        if candidate.party_code in before and total_before:
            expected = 100 * now[candidate.party_code] / total_now - (
                100 * before[candidate.party_code] / total_before)
            assert candidate.change == pytest.approx(expected, abs=1e-9)
        else:
            assert candidate.change is None
    swing = result.top_two_swing
    if swing is not None:
        assert swing.points >= 0
        assert swing.points == pytest.approx(
            abs(result.change(swing.to_party) - result.change(swing.from_party)) / 2)


def test_reform_is_compared_with_the_brexit_party() -> None:
    result = _result({"Lab": 500, "RUK": 300}, {"Lab": 600, "BRX": 100})
    assert result.change("RUK") == pytest.approx(100 * 300 / 800 - 100 * 100 / 700)


def test_a_party_that_did_not_stand_is_na_not_zero() -> None:
    result = _result({"Lab": 500, "Green": 300}, {"Lab": 600, "Con": 400})
    assert result.change("Green") is None
    assert result.did_not_stand == {"Con": pytest.approx(40.0)}


def test_independents_get_no_change() -> None:
    result = _result({"Lab": 500, "Ind": 300}, {"Lab": 600, "Ind": 400})
    assert {c.party_code: c.change for c in result.candidates}["Ind"] is None
    assert "Ind" not in party_shares(pd.DataFrame({"party_code": ["Ind"], "votes": [5]}), {})


def test_turnout_is_valid_votes_over_electorate() -> None:
    result = _result({"Lab": 30_000, "Con": 20_000})
    assert result.turnout == pytest.approx(50.0)
