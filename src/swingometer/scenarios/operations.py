"""The arithmetic of each scenario operation on a :class:`~swingometer.scenarios.ballot.Ballot`.

Every function takes a ballot, a boolean mask of the seats to change and plain numbers (ranges
already drawn, parties already resolved), and returns a new ballot and the votes it moved.
Nothing is created or lost: every vote taken from a contestant arrives at another or at
``home`` (the electors who did not vote), and votes coming out of ``home`` are new voters, so the
electorate of every seat is unchanged by every operation. A contestant left with no votes (all
taken, or entering with none) no longer stands.

Transfer rows map destinations (party codes, ``home`` and ``other``) to fractions summing to 1.
In a seat where a named destination does not stand, its fraction goes to ``other``: every
standing contestant not named, in proportion to their votes; where no unnamed contestant is
left, to every standing contestant in proportion to their votes, and failing those, home.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from swingometer.scenarios.ballot import Ballot, party_of

__all__ = ["Moved", "first_standing", "group_shift", "stand", "stand_down",
           "stand_down_together", "swing", "transfer_weights", "turnout"]

HOME, OTHER = "home", "other"
ZERO = 1e-6  # fewer votes than this is none: the contestant no longer stands


@dataclass(frozen=True)
class Moved:
    """Votes an operation moved, in total over its seats: from whom, to whom, in how many seats."""

    sources: Mapping[str, float]
    destinations: Mapping[str, float]
    seats: int

    @property
    def votes(self) -> float:
        return float(sum(self.sources.values()))


def first_standing(ballot: Ballot, party: str) -> np.ndarray:
    """Per seat, the column of the party's first-ranked standing candidate (-1 where it does not
    stand): ``Ind`` where the first independent stands, ``Ind#2`` where only the second does."""
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
        column = first_standing(ballot, party)
        ok = (column >= 0)
        ok[ok] &= ~exclude[rows[ok], column[ok]]
        weights[rows[ok], column[ok]] += fraction
        for c in ballot.party_columns(party):
            named[:, c] = True
    home = np.full(n, float(fractions.get(HOME, 0.0)))
    spare = 1.0 - home - weights.sum(axis=1)          # "other" and named parties not standing
    others = ballot.standing & ~named & ~exclude
    pool = np.where(others, ballot.votes, 0.0)
    # nobody unnamed left: every standing contestant that can receive, by votes
    fallback = np.where(ballot.standing & ~exclude, ballot.votes, 0.0)
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


def _one_hot(ballot: Ballot, columns: int | np.ndarray) -> np.ndarray:
    """Seats x columns: True at each seat's column (``columns``: one for every seat, or one per
    seat with -1 for none)."""
    n, k = ballot.votes.shape
    columns = np.broadcast_to(np.asarray(columns), (n,))
    return np.arange(k)[None, :] == columns[:, None]


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
    # zero votes: a contestant who lost every vote, or entered with none, no longer stands
    gone = standing & (votes < ZERO) & ((taken > 0) | (entering if entering is not None
                                                         else False))
    standing &= ~gone
    crumbs = np.where(gone, votes, 0.0).sum(axis=1)      # float dust, kept in the electorate
    votes = np.where(gone, 0.0, votes)
    new = replace(ballot, votes=votes, standing=standing,
                  home=ballot.home - home_taken + home_given + crumbs)
    return new, _moved(ballot, taken, home_taken, given, home_given, mask)


def stand_down(ballot: Ballot, leaving: np.ndarray,
               fractions: Mapping[str, float]) -> tuple[Ballot, Moved]:
    """The contestants marked in ``leaving`` (seats x columns) do not stand; their votes go to
    the others and home by ``fractions``."""
    return stand_down_together(ballot, [(leaving, fractions)])


def stand_down_together(ballot: Ballot, parts: Sequence[tuple[np.ndarray, Mapping[str, float]]]
                        ) -> tuple[Ballot, Moved]:
    """Several sets of contestants (seats x columns each, as for :func:`stand_down`) stand down
    at once, as in a pact, each set's votes going by its own fractions. None of them receives
    another's votes, and ``other`` is weighted by the votes before any moved, so the result does
    not depend on the order of ``parts``."""
    everyone = np.zeros_like(ballot.standing)
    for leaving, _ in parts:
        everyone |= leaving
    n = len(ballot.gss_codes)
    taken, given, home_given = np.zeros_like(ballot.votes), np.zeros_like(ballot.votes), np.zeros(n)
    for leaving, fractions in parts:
        amount = np.where(leaving, ballot.votes, 0.0)
        per_seat = amount.sum(axis=1)
        weights, home = transfer_weights(ballot, fractions, everyone)
        taken += amount
        given += weights * per_seat[:, None]
        home_given += home * per_seat
    return _apply(ballot, taken, np.zeros(n), given, home_given, everyone.any(axis=1),
                  leaving=everyone)


def stand(ballot: Ballot, mask: np.ndarray, column: int | np.ndarray, share: np.ndarray,
          fractions: Mapping[str, float]) -> tuple[Ballot, Moved]:
    """A new candidate enters column ``column`` (one for every seat, or one per seat) in the
    ``mask`` seats, winning ``share`` % of the valid votes there (per seat); its votes come from
    the others and from home by ``fractions``. Where a source has fewer votes than it would
    give, it gives what it has and the new candidate ends a little lower."""
    entering = _one_hot(ballot, column) & mask[:, None]
    weights, home = transfer_weights(ballot, fractions, entering)
    s = np.where(mask, share / 100, 0.0)
    wanted = s * ballot.valid / np.clip(1 - s * home, 1e-9, None)
    taken = np.minimum(weights * wanted[:, None], ballot.votes)
    home_taken = np.minimum(home * wanted, ballot.home)
    given = entering * (taken.sum(axis=1) + home_taken)[:, None]
    return _apply(ballot, taken, home_taken, given, np.zeros_like(home_taken), mask,
                  entering=entering)


def swing(ballot: Ballot, mask: np.ndarray, source: int | np.ndarray,
          destination: int | np.ndarray | None, points: float | None = None,
          fraction: float | None = None) -> tuple[Ballot, Moved]:
    """Move ``points`` % of the valid votes (uniform) or ``fraction`` of the source's votes
    (proportional) from column ``source`` to column ``destination`` (``None``: home). Columns
    are one for every seat or one per seat (-1: none there, and nothing moves)."""
    src = _one_hot(ballot, source)
    have = np.where(src, ballot.votes, 0.0).sum(axis=1)
    amount = ballot.valid * points / 100 if points is not None else have * fraction
    reachable = src.any(axis=1)
    given = np.zeros_like(ballot.votes)
    home_given = np.zeros(len(have))
    if destination is not None:
        dst = _one_hot(ballot, destination)
        reachable &= dst.any(axis=1)
    amount = np.where(mask & reachable, np.minimum(amount, have), 0.0)
    taken = src * amount[:, None]
    if destination is None:
        home_given = amount
    else:
        given = dst * amount[:, None]
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


def group_shift(ballot: Ballot, mask: np.ndarray, source: int | np.ndarray,
                destination: int | np.ndarray | None, group_votes: np.ndarray,
                fraction: float) -> tuple[Ballot, Moved]:
    """``fraction`` of the group's votes for column ``source`` (``group_votes`` per seat, at
    most the source's votes) moves to column ``destination`` (``None``: home). Columns are one
    for every seat or one per seat (-1: none there). A destination that did not stand in a seat
    enters there."""
    src = _one_hot(ballot, source)
    have = np.where(src, ballot.votes, 0.0).sum(axis=1)
    reachable = src.any(axis=1)
    if destination is not None:
        dst = _one_hot(ballot, destination)
        reachable &= dst.any(axis=1)
    amount = np.where(mask & reachable, fraction * np.minimum(group_votes, have), 0.0)
    taken = src * amount[:, None]
    given = np.zeros_like(taken)
    home_given = np.zeros_like(amount)
    entering = None
    if destination is None:
        home_given = amount
    else:
        given = dst * amount[:, None]
        entering = dst & (amount > 0)[:, None]
    return _apply(ballot, taken, np.zeros_like(amount), given, home_given, mask,
                  entering=entering)
