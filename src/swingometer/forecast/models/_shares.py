"""The seat-by-party share matrix every model reads and returns, and the share arithmetic of
results: model parties, votes by model party, a result's matrix (derived once per history)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from swingometer.data.context import History
from swingometer.data.elections import Election, baseline_of
from swingometer.data.parties import SPEAKERS, speaker_on

# The parties a model moves. Reform UK continues the Brexit Party; every other party, the Speaker
# and Northern Ireland's parties are "Oth" (independents keep their own column).
MODEL_PARTIES = ("Con", "Lab", "LD", "Green", "SNP", "PC", "UKIP", "RUK", "Ind", "Oth")
_TO_MODEL = {"BRX": "RUK", **{p: p for p in MODEL_PARTIES}}
GB_NATIONS = ("England", "Scotland", "Wales")
# the parties that stand in one nation only
HOME_NATIONS = {"SNP": "Scotland", "PC": "Wales"}

__all__ = ["GB_NATIONS", "HOME_NATIONS", "MODEL_PARTIES", "SeatShares", "election_pairs",
           "english_regions", "history_shares", "model_party", "model_votes", "normalise_rows",
           "seat_shares", "share_party"]


def model_party(code: str) -> str:
    """The model party a canonical party code counts as (``BRX`` -> ``RUK``, ``WPB`` -> ``Oth``)."""
    return _TO_MODEL.get(code, "Oth")


def share_party(data: History, name: str) -> str:
    """The model party a name given with national shares stands for: ``others`` (or ``oth``,
    ``other``) is ``Oth``; any other name is resolved as a party (``reform`` -> ``RUK``)."""
    return "Oth" if name.strip().lower() in {"oth", "other", "others"} else model_party(
        data.party(name))


@dataclass(frozen=True)
class SeatShares:
    """Vote shares (%) by seat and party for one election, and what a model may change.

    ``frozen`` seats (Northern Ireland, the Speaker's) keep ``fixed_winner`` whatever the model.
    """

    election_id: str
    gss_codes: np.ndarray
    names: np.ndarray
    nations: np.ndarray
    shares: np.ndarray
    votes: np.ndarray
    frozen: np.ndarray
    fixed_winner: np.ndarray
    boundary_set: str = "pcon2024"
    parties: tuple[str, ...] = MODEL_PARTIES
    # each English seat's region ("" elsewhere, and where not known): the simulator's regional
    # errors
    regions: np.ndarray | None = None

    @property
    def winners(self) -> np.ndarray:
        """Winning party of each seat (the fixed winner for frozen seats)."""
        top = np.asarray(self.parties, dtype=object)[np.argmax(self.shares, axis=1)]
        return np.where(self.frozen, self.fixed_winner, top)

    def national(self, nations: tuple[str, ...] = GB_NATIONS) -> dict[str, float]:
        """Vote-weighted shares (%) over the seats of ``nations`` (GB by default)."""
        mask = np.isin(self.nations, nations)
        weighted = (self.shares[mask] * self.votes[mask, None]).sum(axis=0)
        return dict(zip(self.parties, 100 * weighted / weighted.sum()))

    def gb_part(self, nation: str) -> float:
        """The fraction of GB's votes cast in ``nation`` (0 if GB has none)."""
        gb_votes = self.votes[np.isin(self.nations, GB_NATIONS)].sum()
        return float(self.votes[self.nations == nation].sum() / gb_votes) if gb_votes else 0.0

    def with_shares(self, shares: np.ndarray) -> SeatShares:
        """A copy with new shares for the unfrozen seats (frozen seats keep theirs)."""
        return replace(self, shares=np.where(self.frozen[:, None], self.shares, shares))

    def standing(self) -> SeatShares:
        """The baseline a projection starts from: independents who lost are assumed not to stand
        again (a defeated independent's vote is personal), their share spread over the others."""
        shares = self.shares.copy()
        column = self.parties.index("Ind")
        losing = self.winners != "Ind"
        shares[losing, column] = 0.0
        return self.with_shares(normalise_rows(shares))

    def frame(self) -> pd.DataFrame:
        """One row per seat: code, name, nation, winner and a share column per party."""
        table = pd.DataFrame(np.round(self.shares, 2), columns=list(self.parties))
        table.insert(0, "winner", self.winners)
        table.insert(0, "nation", self.nations)
        table.insert(0, "name", self.names)
        table.insert(0, "gss_code", self.gss_codes)
        return table


def model_votes(candidacies: pd.DataFrame, by: str) -> pd.DataFrame:
    """Votes by model party (columns) of the candidacies in each value of column ``by`` (rows,
    sorted): a seat's, or an election's. Independents do not pool their votes: only the
    strongest counts as "Ind", the rest as "Oth"."""
    groups, keys = pd.factorize(candidacies[by], sort=True)
    codes, uniques = pd.factorize(candidacies["party_code"])
    column = np.array([MODEL_PARTIES.index(model_party(c)) for c in uniques], dtype=int)[codes]
    votes = candidacies["votes"].to_numpy(dtype=np.int64)
    independent = column == MODEL_PARTIES.index("Ind")
    strongest = np.full(len(keys), -1, dtype=np.int64)
    np.maximum.at(strongest, groups[independent], votes[independent])
    column = np.where(independent & (votes != strongest[groups]), MODEL_PARTIES.index("Oth"),
                      column)
    out = np.zeros((len(keys), len(MODEL_PARTIES)), dtype=np.int64)
    np.add.at(out, (groups, column), votes)
    return pd.DataFrame(out, index=pd.Index(keys, name=by),
                        columns=pd.Index(MODEL_PARTIES, name="model"))


def english_regions(constituencies: pd.DataFrame, boundary_set: str,
                    gss_codes: np.ndarray) -> np.ndarray:
    """The region of each English seat of ``gss_codes`` on ``boundary_set`` ("" for the seats of
    Scotland, Wales and Northern Ireland, whose nation is their region)."""
    table = constituencies[(constituencies["boundary_set"] == boundary_set)
                           & (constituencies["nation"] == "England")]
    region = dict(zip(table["gss_code"], table["region"]))
    return np.array([region.get(code, "") for code in gss_codes], dtype=object)


def seat_shares(contests: pd.DataFrame, candidacies: pd.DataFrame,
                constituencies: pd.DataFrame, election_id: str,
                boundary_set: str, as_of: str | None = None) -> SeatShares:
    """The share matrix of one general election (or notional result).

    With ``as_of`` (the day a projection from it is for), the seats follow the Speaker in the
    Chair the day before (:func:`~swingometer.data.parties.speaker_on`): their seat is held, and the
    seat of an earlier Speaker goes back to the contest, the Speaker's vote there counted as
    their old party's (Bercow's Buckingham as Conservative in a projection of 2019, when Hoyle of
    Chorley was in the Chair)."""
    seats = contests[contests["election_id"] == election_id].sort_values("gss_code")
    codes = seats["gss_code"].to_numpy()
    rows = candidacies[candidacies["election_id"] == election_id]
    places = constituencies[constituencies["boundary_set"] == boundary_set].set_index("gss_code")
    names = places["name"].reindex(codes).to_numpy()
    nations = places["nation"].reindex(codes).to_numpy()
    chair = ""
    if as_of is not None:
        speaker = speaker_on(as_of)
        chair = speaker.seat
        former = {s.seat: s.party for s in SPEAKERS if s.seat != chair}
        origin = rows["gss_code"].map(places["name"]).map(former)
        rows = rows.assign(party_code=rows["party_code"].where(
            (rows["party_code"] != "Spk") | origin.isna(), origin))
    votes = model_votes(rows, "gss_code").reindex(index=codes, fill_value=0).to_numpy(dtype=float)
    totals = votes.sum(axis=1)
    winners = rows[rows["elected"].astype(bool)].set_index("gss_code")["party_code"]
    fixed = winners.reindex(codes).fillna("").to_numpy()
    fixed = np.where(names == chair, "Spk", fixed)
    frozen = (nations == "Northern Ireland") | (fixed == "Spk")
    return SeatShares(
        election_id=election_id,
        gss_codes=codes,
        names=names,
        nations=nations,
        shares=100 * votes / totals[:, None],
        votes=totals,
        frozen=frozen,
        fixed_winner=np.where(frozen, fixed, ""),
        boundary_set=boundary_set,
        regions=english_regions(constituencies, boundary_set, codes),
    )


def history_shares(history: History, election_id: str, boundary_set: str,
                   as_of: str | None = None) -> SeatShares:
    """:func:`seat_shares` of one election in a history, derived once per history
    (:meth:`~swingometer.data.context.History.derived`) and read-only: models, the error model and the
    by-election signal all read the same results. Copy ``shares`` or ``votes`` before changing
    them."""
    # the day matters only through the Speaker then in the Chair
    key = ("seat_shares", election_id, boundary_set,
           None if as_of is None else speaker_on(as_of).seat)
    return history.derived(key, lambda: seat_shares(
        history.election_rows("contests", election_id),
        history.election_rows("candidacies", election_id), history.constituencies, election_id,
        boundary_set, as_of), election=election_id)


def election_pairs(history: History) -> Iterator[tuple[Any, Any, SeatShares, SeatShares]]:
    """Every general election in ``history`` with the result it is compared with (the previous
    general election on the same boundaries, or the notional result of the previous one on the new
    boundaries: 2005 notional -> 2010, 2010 -> 2015, ..., 2019 notional -> 2024): the two election
    rows, the earlier one's shares as a projection starts from them (:meth:`SeatShares.standing`),
    and the later one's result. What the models and the error model learn from."""
    table = history.elections
    general = table[table["type"] == "general"].sort_values("date")
    for after in general.itertuples():
        before = baseline_of(table, Election.from_row(pd.Series(after._asdict())))
        if before is not None:
            yield (before, after,
                   history_shares(history, before.election_id, before.boundary_set,
                                  after.date).standing(),
                   history_shares(history, after.election_id, after.boundary_set))


def normalise_rows(shares: np.ndarray, fallback: np.ndarray | None = None) -> np.ndarray:
    """Clip at zero and rescale each row to sum to 100; a row left with nothing takes
    ``fallback`` (a row of shares, e.g. the nation's targets) if given."""
    clipped = np.clip(shares, 0, None)
    totals = clipped.sum(axis=1, keepdims=True)
    if fallback is not None:
        clipped = np.where(totals > 0, clipped, fallback)
        totals = clipped.sum(axis=1, keepdims=True)
    return 100 * clipped / np.where(totals > 0, totals, 1)
