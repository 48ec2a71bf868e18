"""Every seat of a general election at once: winner, shares, majority, turnout, and the shares at
the election it is compared with, for colouring a map (the same arithmetic as
:mod:`swingometer.results.seats`, over all seats in one pass).

>>> import swingometer
>>> from swingometer.pictures.maps.facts import seat_facts
>>> data = swingometer.Dataset()
>>> facts = seat_facts(data, data.election("2024"))
>>> facts.baseline.election_id, len(facts.seats)
('parl.2019-12-12.notional', 650)
>>> row = facts.seats.loc["E14001196"]          # Dewsbury and Batley
>>> row["winner"], int(row["majority"])
('Ind', 6934)
>>> round(float(facts.swing("Lab", "RUK").loc["E14001196"]), 1)   # Butler swing Lab to RUK
24.5
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from swingometer.data.context import History
from swingometer.data.count import in_placing_order, placings
from swingometer.data.elections import Election, baseline_of, election_label
from swingometer.exceptions import AnalysisError
from swingometer.results.seats import INDEPENDENT

__all__ = ["SeatFacts", "comparison_election", "election_label", "seat_facts"]


@dataclass(frozen=True)
class SeatFacts:
    """Per-seat results of one election, and party shares now and at the comparison election.

    ``seats`` is indexed by GSS code (in code order) with ``name, nation, region, winner``
    (party code), ``winner_lineage``, ``winner_party`` (name), ``winner_candidate``, ``second``,
    ``majority`` (votes), ``majority_pct``, ``turnout`` (% of the electorate), ``electorate`` and
    ``previous_winner`` (lineage code at the comparison election, or NA). ``shares`` and
    ``baseline_shares`` are seats x party lineage codes, in % of the candidates' votes; NaN where a
    party did not stand (never 0). Independents are not a party and have no column.
    """

    election: Election
    baseline: Election | None
    seats: pd.DataFrame
    shares: pd.DataFrame
    baseline_shares: pd.DataFrame | None
    lineage: dict[str, str]
    independents: dict[str, tuple[float, ...]]
    """Independent candidates' shares by seat, largest first (seats with none are left out)."""
    ballot: dict[str, str] = field(default_factory=dict)
    """For each lineage code, the party of that lineage on the ballot at ``election`` (the one
    with the most votes): ``BRX`` for ``RUK`` in 2019."""

    @cached_property
    def rows(self) -> dict[str, dict[str, Any]]:
        """``seats`` as plain dicts by GSS code (fast to read one seat at a time)."""
        return self.seats.to_dict(orient="index")

    @cached_property
    def ranked(self) -> dict[str, list[tuple[str, float]]]:
        """Each seat's shares, largest first: parties by lineage code, each independent
        candidate as ``Ind``."""
        values, parties = self.shares.to_numpy(), list(self.shares.columns)
        out = {}
        for code, row in zip(self.shares.index, values):
            found = [(parties[i], float(row[i])) for i in np.flatnonzero(~np.isnan(row))]
            found += [("Ind", share) for share in self.independents.get(code, ())]
            out[code] = sorted(found, key=lambda pair: -pair[1])
        return out

    def _code(self, party: str) -> str:
        return self.lineage.get(party, party)

    def on_ballot(self, party: str) -> str:
        """The code of the party of ``party``'s lineage that stood at ``election``, so a map of
        2019 names the Brexit Party, not Reform UK (``party`` itself if none stood)."""
        code = self._code(party)
        return self.ballot.get(code, code)

    def share(self, party: str) -> pd.Series:
        """``party``'s share in every seat (NaN where it did not stand)."""
        code = self._code(party)
        if code in self.shares:
            return self.shares[code]
        return pd.Series(float("nan"), index=self.seats.index, name=code)

    def previous_share(self, party: str) -> pd.Series:
        """``party``'s share at the comparison election (NaN where it did not stand)."""
        if self.baseline_shares is None:
            raise AnalysisError(f"{self.election.election_id} has no comparison election")
        code = self._code(party)
        if code in self.baseline_shares:
            return self.baseline_shares[code]
        return pd.Series(float("nan"), index=self.seats.index, name=code)

    def change(self, party: str) -> pd.Series:
        """Change in ``party``'s share since the comparison election; NaN unless it stood at both."""
        return self.share(party) - self.previous_share(party)

    def swing(self, party_a: str, party_b: str) -> pd.Series:
        """Butler swing from A to B in every seat, ((B2 - B1) - (A2 - A1)) / 2: positive towards B,
        negative towards A; NaN unless both stood at both elections."""
        return (self.change(party_b) - self.change(party_a)) / 2


def comparison_election(data: History, election: Election,
                        given: str | None = None) -> Election | None:
    """The election a map of ``election`` compares with: ``given`` (an id, year or date) or, by the
    field's convention, the previous general election on the same boundaries or the notional
    result. ``given`` must be a general election or notional result on the same boundaries,
    held before ``election``."""
    if given is None:
        return baseline_of(data.elections, election)
    chosen = data.election(given)
    if not chosen.is_general:
        raise AnalysisError(f"a map compares with a general election or notional result; "
                            f"{chosen.election_id} is a {chosen.type}")
    if chosen.boundary_set != election.boundary_set:
        hint = ("; compare with the notional result (parl.2019-12-12.notional)"
                if election.boundary_set == "pcon2024" else "")
        raise AnalysisError(f"{chosen.election_id} was fought on the {chosen.boundary_set} "
                            f"boundaries and {election.election_id} on the "
                            f"{election.boundary_set} boundaries, so their seats do not "
                            f"match{hint}")
    if chosen.election_id == election.election_id:
        raise AnalysisError(f"an election cannot be compared with itself ({chosen.election_id})")
    if chosen.date >= election.date:
        raise AnalysisError(f"a change or swing is measured from an earlier election: "
                            f"{chosen.election_id} is not before {election.election_id}")
    return chosen


def _shares(rows: pd.DataFrame, total: pd.Series, lineage: dict[str, str]) -> pd.DataFrame:
    parties = rows[rows["party_code"] != INDEPENDENT]
    codes = parties["party_code"].map(lambda c: lineage.get(c, c))
    votes = parties.assign(code=codes).pivot_table(index="gss_code", columns="code",
                                                   values="votes", aggfunc="sum")
    shares = 100.0 * votes.div(total.reindex(votes.index), axis=0)
    return shares.reindex(sorted(shares.columns), axis=1).rename_axis(None, axis=1)


def seat_facts(data: History, election: Election, baseline: Election | None = None,
               compare: bool = True) -> SeatFacts:
    """The facts of every seat contested at ``election`` (a general election or notional result),
    against ``baseline`` or, with ``compare`` and no baseline, the conventional comparison."""
    if not election.is_general:
        raise AnalysisError(f"a map shows a general election or a notional result; "
                            f"{election.election_id} is a {election.type}")
    if baseline is None and compare:
        baseline = baseline_of(data.elections, election)
    lineage = data.party_lineage
    rows = data.candidacies[data.candidacies["election_id"] == election.election_id]
    if rows.empty:
        raise AnalysisError(f"no results for {election.election_id}")
    rows = in_placing_order(rows, ["gss_code"])
    count = placings(rows, ["gss_code"])
    total, index = count["total"], count.index
    contests = data.contests[data.contests["election_id"] == election.election_id].set_index(
        "gss_code").reindex(index)
    places = data.constituencies[data.constituencies["boundary_set"] == election.boundary_set]
    places = places.set_index("gss_code").reindex(index)
    names = dict(zip(data.parties["code"], data.parties["name"]))
    seats = pd.DataFrame({
        "name": places["name"], "nation": places["nation"], "region": places["region"],
        "winner": count["first_party"],
        "winner_lineage": count["first_party"].map(lambda c: lineage.get(c, c)),
        "winner_party": count["first_party"].map(lambda c: names.get(c, c)),
        "winner_candidate": count["first_candidate"],
        "second": count["second_party"],
        "majority": count["majority"].astype(int),
        "majority_pct": count["majority_pct"],
        "turnout": 100.0 * contests["valid_votes"] / contests["electorate"].astype("Float64"),
        "electorate": contests["electorate"],
    }, index=index)
    seats["turnout"] = seats["turnout"].astype(float)
    shares = _shares(rows, total, lineage).reindex(index)
    votes = rows.groupby("party_code")["votes"].sum().sort_values(ascending=False, kind="stable")
    ballot: dict[str, str] = {}
    for party in votes.index:  # most votes first, so each lineage keeps its largest party
        ballot.setdefault(lineage.get(party, party), party)
    alone = rows[rows["party_code"] == INDEPENDENT]
    independents: dict[str, tuple[float, ...]] = {}
    for code, share in zip(alone["gss_code"], 100.0 * alone["votes"].to_numpy()
                           / alone["gss_code"].map(total).to_numpy()):
        independents[code] = independents.get(code, ()) + (float(share),)
    baseline_shares = None
    seats["previous_winner"] = pd.NA
    if baseline is not None:
        before = data.candidacies[data.candidacies["election_id"] == baseline.election_id]
        before_count = placings(before, ["gss_code"])
        baseline_shares = _shares(before, before_count["total"], lineage).reindex(index)
        seats["previous_winner"] = before_count["first_party"].map(
            lambda c: lineage.get(c, c)).reindex(index)
    return SeatFacts(election, baseline, seats.rename_axis("gss_code"),
                     shares.rename_axis("gss_code"),
                     None if baseline_shares is None else baseline_shares.rename_axis("gss_code"),
                     dict(lineage), independents, ballot)
