"""The arithmetic of each scenario operation on a :class:`~swingometer.scenarios.ballot.Ballot`.

Every function takes a ballot, a boolean mask of the seats to change and plain numbers (ranges
already drawn, parties already resolved), and returns a new ballot and the votes it moved.
Nothing is created or lost: every vote taken from a contestant arrives at another or at
``home`` (the electors who did not vote), and votes coming out of ``home`` are new voters, so the
electorate of every seat is unchanged by every operation.

Transfer rows map destinations (party codes, ``home`` and ``other``) to fractions summing to 1.
In a seat where a named destination does not stand, its fraction goes to ``other``: every
standing contestant not named, in proportion to their votes; where nobody is left to take it,
to the named destinations that stand, and failing those, home.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from swingometer.scenarios.ballot import Ballot, party_of

__all__ = ["Moved", "group_shift", "stand", "stand_down", "swing", "transfer_weights",
           "turnout"]

HOME, OTHER = "home", "other"


@dataclass(frozen=True)
class Moved:
    """Votes an operation moved, in total over its seats: from whom, to whom, in how many seats."""

    sources: Mapping[str, float]
    destinations: Mapping[str, float]
    seats: int

    @property
    def votes(self) -> float:
        return float(sum(self.sources.values()))


def _first_standing(ballot: Ballot, party: str) -> np.ndarray:
    """Per seat, the column of the party's leading candidate (-1 where it does not stand)."""
    best = np.full(len(ballot.gss_codes), -1)
    for column in reversed(ballot.party_columns(party)):
        best = np.where(ballot.standing[:, column], column, best)
    return best


def transfer_weights(ballot: Ballot, fractions: Mapping[str, float],
                     exclude: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per seat, the fraction of moved votes each column receives and the fraction going home
    (rows sum to 1). ``exclude`` (seats x columns) marks contestants that cannot receive."""
    n, k = ballot.votes.shape
    weights = np.zeros((n, k))
    named = np.zeros((n, k), dtype=bool)
    rows = np.arange(n)
    for party, fraction in fractions.items():
        if party in (HOME, OTHER):
            continue
        column = _first_standing(ballot, party)
        ok = (column >= 0)
        ok[ok] &= ~exclude[rows[ok], column[ok]]
        weights[rows[ok], column[ok]] += fraction
        for c in ballot.party_columns(party):
            named[:, c] = True
    home = np.full(n, float(fractions.get(HOME, 0.0)))
    spare = 1.0 - home - weights.sum(axis=1)          # "other" and named parties not standing
    others = ballot.standing & ~named & ~exclude
    pool = np.where(others, ballot.votes, 0.0)
    fallback = np.where(weights > 0, weights, 0.0)
    pool = np.where(pool.sum(axis=1, keepdims=True) > 0, pool, fallback)
    total = pool.sum(axis=1, keepdims=True)
    has = total[:, 0] > 0
    weights[has] += spare[has, None] * pool[has] / total[has]
    home[~has] += spare[~has]
    return weights, home


def _moved(ballot: Ballot, taken: np.ndarray, home_taken: np.ndarray, given: np.ndarray,
           home_given: np.ndarray, mask: np.ndarray) -> Moved:
    def by_party(matrix: np.ndarray, home: np.ndarray) -> dict[str, float]:
        out: dict[str, float] = {}
        for c, total in zip(ballot.columns, matrix.sum(axis=0)):
            if total > 0:
                out[party_of(c)] = out.get(party_of(c), 0.0) + float(total)
        if home.sum() > 0:
            out[HOME] = float(home.sum())
        return out
    return Moved(by_party(taken, home_taken), by_party(given, home_given), int(mask.sum()))


def _apply(ballot: Ballot, taken: np.ndarray, home_taken: np.ndarray, given: np.ndarray,
           home_given: np.ndarray, mask: np.ndarray, leaving: np.ndarray | None = None,
           entering: np.ndarray | None = None) -> tuple[Ballot, Moved]:
    votes = ballot.votes - taken + given
    standing = ballot.standing.copy()
    if leaving is not None:
        standing &= ~leaving
        votes = np.where(leaving, 0.0, votes)
    if entering is not None:
        standing |= entering
    new = replace(ballot, votes=votes, standing=standing,
                  home=ballot.home - home_taken + home_given)
    return new, _moved(ballot, taken, home_taken, given, home_given, mask)


def stand_down(ballot: Ballot, leaving: np.ndarray,
               fractions: Mapping[str, float]) -> tuple[Ballot, Moved]:
    """The contestants marked in ``leaving`` (seats x columns) do not stand; their votes go to
    the others and home by ``fractions``."""
    amount = np.where(leaving, ballot.votes, 0.0)
    per_seat = amount.sum(axis=1)
    weights, home = transfer_weights(ballot, fractions, leaving)
    mask = leaving.any(axis=1)
    return _apply(ballot, amount, np.zeros_like(per_seat), weights * per_seat[:, None],
                  home * per_seat, mask, leaving=leaving)


def stand(ballot: Ballot, mask: np.ndarray, party: str, share: np.ndarray,
          fractions: Mapping[str, float]) -> tuple[Ballot, Moved]:
    """``party`` stands in the ``mask`` seats, winning ``share`` % of the valid votes there; its
    votes come from the others and from home by ``fractions``. Where a source has fewer votes
    than it would give, it gives what it has and the new candidate ends a little lower."""
    ballot = ballot.with_column(party)
    column = ballot.column(party)
    weights, home = transfer_weights(ballot, fractions, np.zeros_like(ballot.standing))
    s = np.where(mask, share / 100, 0.0)
    wanted = s * ballot.valid / np.clip(1 - s * home, 1e-9, None)
    taken = np.minimum(weights * wanted[:, None], ballot.votes)
    home_taken = np.minimum(home * wanted, ballot.home)
    given = np.zeros_like(taken)
    given[:, column] = taken.sum(axis=1) + home_taken
    entering = np.zeros_like(ballot.standing)
    entering[:, column] = mask
    return _apply(ballot, taken, home_taken, given, np.zeros_like(home_taken), mask,
                  entering=entering)


def swing(ballot: Ballot, mask: np.ndarray, source: int, destination: int | None,
          points: float | None = None, fraction: float | None = None) -> tuple[Ballot, Moved]:
    """Move ``points`` % of the valid votes (uniform) or ``fraction`` of the source's votes
    (proportional) from column ``source`` to column ``destination`` (``None``: home)."""
    have = ballot.votes[:, source]
    amount = ballot.valid * points / 100 if points is not None else have * fraction
    amount = np.where(mask, np.minimum(amount, have), 0.0)
    taken = np.zeros_like(ballot.votes)
    taken[:, source] = amount
    given = np.zeros_like(taken)
    home_given = np.zeros_like(amount)
    if destination is None:
        home_given = amount
    else:
        given[:, destination] = amount
    return _apply(ballot, taken, np.zeros_like(amount), given, home_given, mask)


def turnout(ballot: Ballot, mask: np.ndarray, columns: list[int],
            change: float) -> tuple[Ballot, Moved]:
    """The supporters of ``columns`` turn out ``change`` more (0.1: 10% more votes, from home)
    or less (-0.1: 10% fewer, to home); new voters can only come from those who stayed home."""
    delta = np.zeros_like(ballot.votes)
    delta[:, columns] = ballot.votes[:, columns] * change
    delta = np.where(mask[:, None] & ballot.standing, delta, 0.0)
    gained = np.clip(delta, 0, None)
    room = np.divide(ballot.home, gained.sum(axis=1), out=np.ones_like(ballot.home),
                     where=gained.sum(axis=1) > ballot.home)
    gained *= np.minimum(room, 1)[:, None]
    lost = np.clip(-delta, 0, None)
    return _apply(ballot, lost, gained.sum(axis=1), gained, lost.sum(axis=1), mask)


def group_shift(ballot: Ballot, mask: np.ndarray, source: int, destination: int | None,
                group_votes: np.ndarray, fraction: float) -> tuple[Ballot, Moved]:
    """``fraction`` of the group's votes for column ``source`` (``group_votes`` per seat, at
    most the source's votes) moves to column ``destination`` (``None``: home). A destination
    that did not stand in a seat enters there."""
    amount = np.where(mask, fraction * np.minimum(group_votes, ballot.votes[:, source]), 0.0)
    taken = np.zeros_like(ballot.votes)
    taken[:, source] = amount
    given = np.zeros_like(taken)
    home_given = np.zeros_like(amount)
    entering = None
    if destination is None:
        home_given = amount
    else:
        given[:, destination] = amount
        entering = np.zeros_like(ballot.standing)
        entering[:, destination] = amount > 0
    return _apply(ballot, taken, np.zeros_like(amount), given, home_given, mask,
                  entering=entering)
