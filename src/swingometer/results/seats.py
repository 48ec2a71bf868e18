"""Seat arithmetic: shares, majority, turnout, deposits, changes and Butler swing.

Conventions (those of the House of Commons Library and the broadcasters):

- share: a candidate's votes / valid votes, in percent;
- turnout: valid votes / electorate; ballot-box turnout adds the rejected ballots, where published;
- majority: winner's votes minus the runner-up's, in votes and as a percentage of valid votes;
- deposit: £500, returned only with MORE than 5% of valid votes, so exactly 5% loses it;
- change: a party's share now minus its share at the comparison election (the previous general
  election on the same boundaries, the notional result, or for a by-election the last general
  election); ``None`` when the party did not stand there. Reform UK continues the Brexit Party;
- Butler swing from A to B: ((B now - B before) - (A now - A before)) / 2, in percentage points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import pandas as pd

from swingometer.data.elections import Election
from swingometer.data.parties import OTHERS

__all__ = [
    "Candidate",
    "SeatResult",
    "Swing",
    "ballot_box_turnout",
    "butler_swing",
    "deposit_lost",
    "party_shares",
    "seat_result",
]

INDEPENDENT = "Ind"
SPEAKER = "Spk"


def deposit_lost(votes: int, valid_votes: int) -> bool:
    """Whether a candidate loses the deposit: returned only with more than 5% of valid votes.

    >>> deposit_lost(5, 100), deposit_lost(6, 100)
    (True, False)
    """
    return votes * 20 <= valid_votes


def butler_swing(a_before: float, a_after: float, b_before: float, b_after: float) -> float:
    """Butler swing from party A to party B, in points: ((B2 - B1) - (A2 - A1)) / 2.

    >>> round(butler_swing(42.69, 35.27, 36.03, 34.42), 2)   # Batley and Spen 2019 -> 2021, Lab to Con
    2.9
    """
    return ((b_after - b_before) - (a_after - a_before)) / 2


def party_shares(candidates: pd.DataFrame, lineage: Mapping[str, str]) -> dict[str, float]:
    """Share (%) of each party lineage among ``candidates`` (columns party_code, votes).

    Independents are not a party: they get no entry, so no change is computed for them.
    """
    total = int(candidates["votes"].sum())
    if total == 0:
        return {}
    parties = candidates[candidates["party_code"] != INDEPENDENT]
    codes = parties["party_code"].map(lambda c: lineage.get(c, c))
    sums = parties["votes"].groupby(codes.to_numpy()).sum()
    return {str(code): 100.0 * int(votes) / total for code, votes in sums.items()}


def ballot_box_turnout(valid: int, rejected: int | None, electorate: int | None) -> float | None:
    """Ballots cast, valid and rejected, as a percentage of the electorate; None where the
    rejected ballots are not published or there is no electorate."""
    if not electorate or rejected is None:
        return None
    return 100.0 * (valid + rejected) / electorate


@dataclass(frozen=True)
class Candidate:
    """One candidate's result in a seat."""

    name: str | None
    party_code: str
    party_name: str
    votes: int
    share: float
    change: float | None
    deposit_lost: bool
    elected: bool
    sitting_mp: bool | None


@dataclass(frozen=True)
class Swing:
    """Butler swing of ``points`` (>= 0) from ``from_party`` to ``to_party``."""

    from_party: str
    to_party: str
    points: float

    def __str__(self) -> str:
        return f"{self.points:.1f} points from {self.from_party} to {self.to_party}"

    def to_dict(self) -> dict:
        return {"from_party": self.from_party, "to_party": self.to_party,
                "points": round(self.points, 2)}


@dataclass(frozen=True)
class SeatResult:
    """A seat's result at one election, with its changes since the comparison election."""

    election: Election
    gss_code: str
    name: str
    nation: str
    region: str
    electorate: int | None
    valid_votes: int
    invalid_votes: int | None
    candidates: tuple[Candidate, ...]
    baseline: Election | None = None
    baseline_turnout: float | None = None
    baseline_shares: Mapping[str, float] = field(default_factory=dict)
    lineage: Mapping[str, str] = field(default_factory=dict, repr=False)
    did_not_stand: Mapping[str, float] = field(default_factory=dict)
    """Parties (by their code then) that stood at the baseline but not now, with their share."""
    notes: tuple[str, ...] = ()

    @property
    def total_votes(self) -> int:
        """Sum of the candidates' votes (equals valid votes but for one recorded exception)."""
        return sum(c.votes for c in self.candidates)

    @property
    def turnout(self) -> float | None:
        """Valid votes as a percentage of the electorate."""
        if not self.electorate:
            return None
        return 100.0 * self.valid_votes / self.electorate

    @property
    def ballot_box_turnout(self) -> float | None:
        """Ballots cast, valid and rejected, as a percentage of the electorate (None where the
        rejected ballots are not published)."""
        return ballot_box_turnout(self.valid_votes, self.invalid_votes, self.electorate)

    @property
    def winner(self) -> Candidate:
        return self.candidates[0]

    @property
    def runner_up(self) -> Candidate | None:
        return self.candidates[1] if len(self.candidates) > 1 else None

    @property
    def majority(self) -> int:
        """The winner's votes minus the runner-up's, as ``data.count.placings`` counts every
        seat at once."""
        second = self.runner_up
        return self.winner.votes - (second.votes if second else 0)

    @property
    def majority_pct(self) -> float:
        return 100.0 * self.majority / self.total_votes if self.total_votes else 0.0

    @property
    def lost_deposits(self) -> int:
        return sum(c.deposit_lost for c in self.candidates)

    @property
    def shares(self) -> dict[str, float]:
        """Share of each party lineage (independents excluded)."""
        frame = pd.DataFrame({"party_code": [c.party_code for c in self.candidates],
                              "votes": [c.votes for c in self.candidates]})
        return party_shares(frame, self.lineage)

    def change(self, party: str) -> float | None:
        """Change in ``party``'s share since the baseline; ``None`` if it did not stand in both."""
        code = self.lineage.get(party, party)
        now, before = self.shares.get(code), self.baseline_shares.get(code)
        if now is None or before is None or self.baseline is None:
            return None
        return now - before

    def swing(self, party_a: str, party_b: str) -> Swing | None:
        """Butler swing between two parties, oriented so the points are non-negative."""
        a, b = (self.lineage.get(p, p) for p in (party_a, party_b))
        change_a, change_b = self.change(a), self.change(b)
        if change_a is None or change_b is None:
            return None
        points = (change_b - change_a) / 2
        return Swing(a, b, points) if points >= 0 else Swing(b, a, -points)

    @property
    def top_two_swing(self) -> Swing | None:
        """Butler swing between the two leading candidates' parties; ``None`` when either is an
        independent or the Speaker, who have no party vote to swing."""
        if len(self.candidates) < 2:
            return None
        first, second = self.candidates[0].party_code, self.candidates[1].party_code
        if {first, second} & {INDEPENDENT, SPEAKER}:
            return None
        return self.swing(first, second)

    def to_dict(self) -> dict:
        """Plain data for JSON: the fields the CLI's ``--format json`` prints."""
        swing = self.top_two_swing
        return {
            "election_id": self.election.election_id,
            "election": self.election.name,
            "date": self.election.date,
            "gss_code": self.gss_code,
            "name": self.name,
            "boundary_set": self.election.boundary_set,
            "nation": self.nation,
            "region": self.region,
            "electorate": self.electorate,
            "valid_votes": self.valid_votes,
            "invalid_votes": self.invalid_votes,
            "turnout": _round(self.turnout),
            "ballot_box_turnout": _round(self.ballot_box_turnout),
            "winner": self.winner.party_code,
            "winner_candidate": self.winner.name,
            "majority": self.majority,
            "majority_pct": _round(self.majority_pct),
            "lost_deposits": self.lost_deposits,
            "compared_with": self.baseline.election_id if self.baseline else None,
            "previous_turnout": _round(self.baseline_turnout),
            "swing": swing.to_dict() if swing else None,
            "did_not_stand": {p: _round(s) for p, s in self.did_not_stand.items()},
            "candidates": [asdict(c) | {"share": _round(c.share), "change": _round(c.change)}
                           for c in self.candidates],
            "notes": list(self.notes),
        }


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def seat_result(election: Election, contest: Mapping, candidates: pd.DataFrame, place: Mapping,
                lineage: Mapping[str, str], baseline: Election | None = None,
                baseline_contest: Mapping | None = None,
                baseline_candidates: pd.DataFrame | None = None,
                notes: tuple[str, ...] = ()) -> SeatResult:
    """Assemble a :class:`SeatResult` from a seat's rows in the contests and candidacies tables."""
    ordered = candidates.sort_values(["votes", "candidate"], ascending=[False, True],
                                     na_position="last")
    total = int(ordered["votes"].sum())
    baseline_shares = (party_shares(baseline_candidates, lineage)
                       if baseline_candidates is not None else {})
    shares_now = party_shares(ordered, lineage)
    absent = {}
    if baseline_candidates is not None:
        for code, share in party_shares(baseline_candidates, {}).items():
            # a notional result's pooled others (OTHERS) are no party that could stand again
            if lineage.get(code, code) not in shares_now and code != OTHERS:
                absent[code] = share
    single = ordered["party_code"].map(lambda c: lineage.get(c, c)).value_counts()
    rows = []
    for row in ordered.itertuples(index=False):
        code = lineage.get(row.party_code, row.party_code)
        change = None
        if (baseline is not None and row.party_code != INDEPENDENT and single[code] == 1
                and code in baseline_shares and code in shares_now):
            change = shares_now[code] - baseline_shares[code]
        rows.append(Candidate(
            name=None if pd.isna(row.candidate) else str(row.candidate),
            party_code=str(row.party_code),
            party_name=str(row.party_name),
            votes=int(row.votes),
            share=100.0 * int(row.votes) / total if total else 0.0,
            change=change,
            # a notional result's pooled others are many candidates, not one deposit
            deposit_lost=(deposit_lost(int(row.votes), total)
                          and not (row.party_code == OTHERS and pd.isna(row.candidate))),
            elected=bool(row.elected),
            sitting_mp=None if pd.isna(row.sitting_mp) else bool(row.sitting_mp),
        ))
    baseline_turnout = None
    if baseline_contest is not None and _known(baseline_contest.get("electorate")):
        baseline_turnout = 100.0 * int(baseline_contest["valid_votes"]) / int(
            baseline_contest["electorate"])
    electorate = contest.get("electorate")
    invalid = contest.get("invalid_votes")
    return SeatResult(
        election=election,
        gss_code=str(contest["gss_code"]),
        name=str(place["name"]),
        nation=str(place["nation"]),
        region=str(place["region"]),
        electorate=int(electorate) if _known(electorate) else None,
        valid_votes=int(contest["valid_votes"]),
        invalid_votes=int(invalid) if _known(invalid) else None,
        candidates=tuple(rows),
        baseline=baseline,
        baseline_turnout=baseline_turnout,
        baseline_shares=baseline_shares,
        lineage=dict(lineage),
        did_not_stand=absent,
        notes=notes,
    )


def _known(value: object) -> bool:
    return value is not None and not pd.isna(value)
