"""The votes a scenario works on: seats x contestants, and the electors who did not vote.

A contestant is a party's candidate in a seat. Columns are party codes; where a party had more
than one candidate in a seat (independents often do), the others get columns ``Ind#2``,
``Ind#3``... so that no two candidates' votes are ever pooled and an unchanged scenario reproduces
the official result exactly. ``home`` is the electorate minus the valid votes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from swingometer.data.context import History

__all__ = ["Ballot", "party_of"]


def party_of(column: str) -> str:
    """The party of a contestant column (``Ind#2`` -> ``Ind``)."""
    return column.split("#", 1)[0]


@dataclass(frozen=True)
class Ballot:
    """Votes by seat and contestant; immutable (operations return new ballots).

    ``frozen`` seats (Northern Ireland and the Speaker's, in a projection) keep ``fixed_winner``
    and are never changed by an operation.
    """

    source: str
    boundary_set: str
    gss_codes: np.ndarray
    names: np.ndarray
    nations: np.ndarray
    regions: np.ndarray
    columns: tuple[str, ...]
    votes: np.ndarray
    standing: np.ndarray
    home: np.ndarray
    candidates: dict[tuple[str, str], str]
    frozen: np.ndarray
    fixed_winner: np.ndarray

    @classmethod
    def from_election(cls, data: History, election_id: str, boundary_set: str) -> Ballot:
        """The official result of every seat contested in an election."""
        contests = data.contests[data.contests["election_id"] == election_id]
        contests = contests.sort_values("gss_code").reset_index(drop=True)
        rows = data.candidacies[data.candidacies["election_id"] == election_id].copy()
        rows = rows.sort_values(["gss_code", "votes", "candidate"], ascending=[True, False, True])
        rank = rows.groupby(["gss_code", "party_code"]).cumcount()
        rows["column"] = rows["party_code"].where(rank == 0,
                                                  rows["party_code"] + "#" + (rank + 1).astype(str))
        columns = tuple(sorted(rows["column"].unique(), key=_column_order))
        votes = rows.pivot_table(index="gss_code", columns="column", values="votes",
                                 aggfunc="sum").reindex(index=contests["gss_code"],
                                                        columns=list(columns))
        standing = votes.notna().to_numpy()
        places = data.constituencies[data.constituencies["boundary_set"] == boundary_set]
        places = places.set_index("gss_code")
        codes = contests["gss_code"]
        valid = votes.fillna(0).to_numpy(dtype=float)
        electorate = contests["electorate"].to_numpy(dtype=float)
        return cls(
            source=election_id, boundary_set=boundary_set,
            gss_codes=codes.to_numpy(), names=codes.map(places["name"]).to_numpy(),
            nations=codes.map(places["nation"]).to_numpy(),
            regions=codes.map(places["region"]).to_numpy(),
            columns=columns, votes=valid, standing=standing,
            home=np.clip(electorate - valid.sum(axis=1), 0, None),
            candidates={(g, c): n for g, c, n in zip(rows["gss_code"], rows["column"],
                                                      rows["candidate"])},
            frozen=np.zeros(len(codes), dtype=bool), fixed_winner=np.full(len(codes), ""))

    @classmethod
    def from_shares(cls, source: str, seats: Any, electorate: np.ndarray,
                    regions: np.ndarray) -> Ballot:
        """Votes from a projection's seat shares (a :class:`~swingometer.forecast.models.SeatShares`):
        share x the baseline's valid votes, with the baseline's electorate."""
        votes = seats.shares * seats.votes[:, None] / 100
        return cls(
            source=source, boundary_set=seats.boundary_set, gss_codes=seats.gss_codes,
            names=seats.names, nations=seats.nations, regions=regions,
            columns=tuple(seats.parties), votes=votes, standing=seats.shares > 0,
            home=np.clip(electorate - votes.sum(axis=1), 0, None), candidates={},
            frozen=seats.frozen.copy(), fixed_winner=seats.fixed_winner.copy())

    # --- derived figures ---------------------------------------------------------------------

    @property
    def valid(self) -> np.ndarray:
        return self.votes.sum(axis=1)

    @property
    def electorate(self) -> np.ndarray:
        return self.valid + self.home

    @property
    def shares(self) -> np.ndarray:
        """Seats x columns, % of valid votes (NaN where the contestant does not stand)."""
        valid = self.valid
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = 100 * self.votes / np.where(valid > 0, valid, np.nan)[:, None]
        return np.where(self.standing, shares, np.nan)

    def _ranked(self) -> tuple[np.ndarray, np.ndarray]:
        ranked = np.where(self.standing, self.votes, -1.0)
        order = np.argsort(-ranked, axis=1, kind="stable")
        return order[:, 0], order[:, 1] if ranked.shape[1] > 1 else order[:, 0]

    @property
    def winners(self) -> np.ndarray:
        """Winning party of each seat (the fixed winner in frozen seats)."""
        first, _ = self._ranked()
        parties = np.array([party_of(c) for c in self.columns], dtype=object)
        return np.where(self.frozen, self.fixed_winner, parties[first])

    @property
    def runners_up(self) -> np.ndarray:
        _, second = self._ranked()
        parties = np.array([party_of(c) for c in self.columns], dtype=object)
        has_second = self.standing.sum(axis=1) > 1
        return np.where(has_second & ~self.frozen, parties[second], "")

    @property
    def majority(self) -> np.ndarray:
        """Winner's votes minus the runner-up's (NaN in frozen seats)."""
        first, second = self._ranked()
        rows = np.arange(len(self.gss_codes))
        top = self.votes[rows, first]
        runner = np.where(self.standing[rows, second] & (second != first),
                          self.votes[rows, second], 0.0)
        return np.where(self.frozen, np.nan, top - runner)

    def lead(self, party: str, rival: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Per seat, ``party``'s lead in % of valid votes over ``rival`` (or over the strongest
        other contestant; negative: behind), and who that rival is."""
        parties = np.array([party_of(c) for c in self.columns], dtype=object)
        votes = np.where(self.standing, self.votes, -1.0)
        mine = np.clip(np.where(parties == party, votes, -1.0).max(axis=1), 0, None)
        others = np.where((parties != party) & ((parties == rival) if rival else True),
                          votes, -1.0)
        gap = mine - np.clip(others.max(axis=1), 0, None)
        with np.errstate(invalid="ignore", divide="ignore"):
            return 100 * gap / self.valid, parties[others.argmax(axis=1)]

    def column(self, name: str) -> int:
        return self.columns.index(name)

    def party_columns(self, party: str) -> list[int]:
        """Every column of a party (its first candidate, then any others)."""
        return [i for i, c in enumerate(self.columns) if party_of(c) == party]

    def with_column(self, name: str) -> Ballot:
        """A copy with an empty column ``name`` (no candidate anywhere yet) if it is missing."""
        if name in self.columns:
            return self
        n = len(self.gss_codes)
        return replace(self, columns=self.columns + (name,),
                       votes=np.hstack([self.votes, np.zeros((n, 1))]),
                       standing=np.hstack([self.standing, np.zeros((n, 1), dtype=bool)]))

    def seat_frame(self) -> pd.DataFrame:
        """One row per seat: code, name, winner, runner-up, majority and turnout."""
        valid = self.valid
        with np.errstate(invalid="ignore", divide="ignore"):
            majority_pct = 100 * self.majority / valid
            turnout = 100 * valid / self.electorate
        return pd.DataFrame({
            "gss_code": self.gss_codes, "name": self.names, "nation": self.nations,
            "winner": self.winners, "runner_up": self.runners_up,
            "majority": np.round(self.majority), "majority_pct": np.round(majority_pct, 2),
            "valid_votes": np.round(valid), "turnout_pct": np.round(turnout, 2)})


def _column_order(column: str) -> tuple[str, int]:
    party, _, rank = column.partition("#")
    return party, int(rank or 1)
