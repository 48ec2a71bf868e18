"""National totals of a general election: seats, votes and shares by party, UK, GB or a nation.

GB excludes Northern Ireland; every total says which area it covers. Changes are against the
comparison election (the previous general election on the same boundaries, or the notional result
for the first election on new ones), so seat changes for 2024 are against the 2019 notionals, as
the broadcasters report them. The Speaker is counted as a party of their own (``Spk``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from swingometer.data.elections import Election, baseline_of
from swingometer.exceptions import AnalysisError
from swingometer.results.seats import ballot_box_turnout

__all__ = ["AREAS", "NationalTotals", "majority_needed", "national_totals", "seat_changes"]

AREAS: dict[str, tuple[str, ...]] = {
    "uk": ("England", "Scotland", "Wales", "Northern Ireland"),
    "gb": ("England", "Scotland", "Wales"),
    "england": ("England",),
    "scotland": ("Scotland",),
    "wales": ("Wales",),
    "ni": ("Northern Ireland",),
}
AREA_LABELS = {"uk": "UK", "gb": "GB", "england": "England", "scotland": "Scotland",
               "wales": "Wales", "ni": "Northern Ireland"}


@dataclass(frozen=True)
class NationalTotals:
    """Totals of one general election over one area."""

    election: Election
    area: str
    baseline: Election | None
    seats: int
    valid_votes: int
    electorate: int
    parties: pd.DataFrame
    rejected_ballots: int | None = None

    @property
    def turnout(self) -> float:
        """Valid votes as a percentage of the electorate."""
        return 100.0 * self.valid_votes / self.electorate if self.electorate else float("nan")

    @property
    def ballot_box_turnout(self) -> float | None:
        """Ballots cast, valid and rejected, as a percentage of the electorate; None unless
        every seat's rejected ballots are published (never for a notional result)."""
        return ballot_box_turnout(self.valid_votes, self.rejected_ballots, self.electorate)

    def to_dict(self) -> dict:
        rows = self.parties.astype(object).where(self.parties.notna(), None)
        return {
            "election_id": self.election.election_id,
            "area": AREA_LABELS[self.area],
            "compared_with": self.baseline.election_id if self.baseline else None,
            "seats": self.seats,
            "valid_votes": self.valid_votes,
            "electorate": self.electorate,
            "turnout": round(self.turnout, 2),
            "rejected_ballots": self.rejected_ballots,
            "ballot_box_turnout": (None if self.ballot_box_turnout is None
                                   else round(self.ballot_box_turnout, 2)),
            "parties": rows.to_dict(orient="records"),
        }


def _by_party(contests: pd.DataFrame, candidacies: pd.DataFrame,
              lineage: dict[str, str] | None) -> pd.DataFrame:
    rows = candidacies[candidacies["gss_code"].isin(set(contests["gss_code"]))]
    codes = rows["party_code"] if lineage is None else rows["party_code"].map(
        lambda c: lineage.get(c, c))
    grouped = rows.assign(party_code=codes).groupby("party_code")
    return pd.DataFrame({"seats": grouped["elected"].sum().astype(int),
                         "votes": grouped["votes"].sum().astype(int)})


def national_totals(elections: pd.DataFrame, contests: pd.DataFrame, candidacies: pd.DataFrame,
                    constituencies: pd.DataFrame, parties: pd.DataFrame, election: Election,
                    area: str = "uk") -> NationalTotals:
    """Seats, votes and shares by party over ``area`` (uk, gb, england, scotland, wales, ni)."""
    area = area.lower()
    if area not in AREAS:
        raise AnalysisError(f"area must be one of {', '.join(AREAS)} (got {area!r})")
    if not election.is_general:
        raise AnalysisError(f"national totals need a general election; {election.election_id} "
                            f"is a {election.type}")
    nation = constituencies[constituencies["boundary_set"] == election.boundary_set].set_index(
        "gss_code")["nation"]

    def in_area(e: Election) -> tuple[pd.DataFrame, pd.DataFrame]:
        seats = contests[contests["election_id"] == e.election_id]
        seats = seats[seats["gss_code"].map(nation).isin(AREAS[area])]
        return seats, candidacies[candidacies["election_id"] == e.election_id]

    seats, cands = in_area(election)
    lineage = dict(zip(parties["code"], parties["lineage"]))
    table = _by_party(seats, cands, None)
    valid = int(seats["valid_votes"].sum())
    table["share"] = 100.0 * table["votes"] / int(table["votes"].sum())
    table["lineage"] = table.index.map(lambda c: lineage.get(c, c))
    baseline = baseline_of(elections, election)
    if baseline is not None:
        base_seats, base_cands = in_area(baseline)
        before = _by_party(base_seats, base_cands, lineage)
        before_share = 100.0 * before["votes"] / int(before["votes"].sum())
        table["seats_change"] = (table["seats"] - table["lineage"].map(before["seats"])).astype(
            "Int64")
        table["share_change"] = table["share"] - table["lineage"].map(before_share)
    names = dict(zip(parties["code"], parties["name"]))
    table.insert(0, "name", table.index.map(lambda c: names.get(c, c)))
    table = table.drop(columns="lineage").rename_axis("party").reset_index()
    table = table.sort_values(["seats", "votes"], ascending=False).reset_index(drop=True)
    table["share"] = table["share"].round(2)
    if "share_change" in table:
        table["share_change"] = table["share_change"].round(2)
    electorate = int(seats["electorate"].fillna(0).sum())
    rejected = (None if seats.empty or seats["invalid_votes"].isna().any()
                else int(seats["invalid_votes"].sum()))
    return NationalTotals(election, area, baseline, len(seats), valid, electorate, table,
                          rejected)


def seat_changes(now: Sequence[str], before: Sequence[str],
                 before_column: str = "baseline") -> pd.DataFrame:
    """Seats by party from two lists of seat winners: ``party``, ``seats`` (``now``),
    ``before_column`` (``before``) and ``change``, the most seats first.

    >>> seat_changes(["Lab", "Lab", "Con"], ["Con", "Lab", "Con"]).to_dict(orient="records")
    [{'party': 'Lab', 'seats': 2, 'baseline': 1, 'change': 1}, {'party': 'Con', 'seats': 1, \
'baseline': 2, 'change': -1}]
    """
    table = pd.DataFrame({"seats": pd.Series(now).value_counts(),
                          before_column: pd.Series(before).value_counts()}).fillna(0).astype(int)
    table["change"] = table["seats"] - table[before_column]
    table = table.rename_axis("party").reset_index()
    return table.sort_values(["seats", before_column], ascending=False, ignore_index=True)


def majority_needed(seats: int) -> int:
    """Seats needed for an overall majority of a House of ``seats``: more than half.

    >>> majority_needed(650), majority_needed(632), majority_needed(1)
    (326, 317, 1)
    """
    return seats // 2 + 1
