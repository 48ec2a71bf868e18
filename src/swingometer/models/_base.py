"""What every seat model shares: the seat-by-party share matrix and national targets.

A model follows the scikit-learn habit: parameters in ``__init__`` and no logic there; ``fit(history)``
learns from elections strictly before the target (a view of the data before it,
:meth:`~swingometer.dataset.Dataset.before`) and returns ``self``; ``predict(baseline, targets)`` returns a new :class:`SeatShares` whose rows
are non-negative and sum to 100. Learned attributes end in ``_``.

Northern Ireland's parties do not follow GB polls: its 18 seats, and the Speaker's seat, are
*frozen*: every model returns their baseline shares and winners unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from swingometer.context import History
from swingometer.elections import Election, baseline_of
from swingometer.exceptions import AnalysisError, PartyNotFoundError
from swingometer.parties import SPEAKERS, speaker_on

__all__ = [
    "DEFAULT_MODEL",
    "HOME_NATIONS",
    "MODEL_PARTIES",
    "SeatModel",
    "SeatShares",
    "Sensitivity",
    "Targets",
    "actual_targets",
    "election_pairs",
    "history_shares",
    "model_party",
    "model_votes",
    "normalise_rows",
    "resolve_targets",
    "seat_shares",
    "tide",
]

# The model the CLI and the Python API use unless told otherwise (see models/tactical.py).
DEFAULT_MODEL = "tactical"

# The parties a model moves. Reform UK continues the Brexit Party; every other party, the Speaker
# and Northern Ireland's parties are "Oth" (independents keep their own column).
MODEL_PARTIES = ("Con", "Lab", "LD", "Green", "SNP", "PC", "UKIP", "RUK", "Ind", "Oth")
_TO_MODEL = {"BRX": "RUK", **{p: p for p in MODEL_PARTIES}}
GB_NATIONS = ("England", "Scotland", "Wales")
# the parties that stand in one nation only
HOME_NATIONS = {"SNP": "Scotland", "PC": "Wales"}


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
    Chair the day before (:func:`~swingometer.parties.speaker_on`): their seat is held, and the
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
    (:meth:`~swingometer.context.History.derived`) and read-only: models, the error model and the
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


@dataclass(frozen=True)
class Targets:
    """National shares to project to: GB-wide, and per nation where known."""

    gb: Mapping[str, float]
    nations: Mapping[str, Mapping[str, float]]

    def to_dict(self) -> dict:
        return {"gb": {p: round(s, 2) for p, s in self.gb.items()},
                "nations": {n: {p: round(s, 2) for p, s in v.items()}
                            for n, v in self.nations.items()}}


def _complete(base: Mapping[str, float], shares: Mapping[str, float], where: str,
              tolerance: float, normalise: bool) -> dict[str, float]:
    """Shares for every model party from those given, for one area (GB or a nation).

    Parties not given keep their baseline share when the given ones already fill the vote (a poll
    that folds the SNP into "others": the SNP's baseline share comes out of ``Oth`` first, then
    out of every given party in proportion); when the given ones leave room, the parties not given
    share it in proportion to their baseline shares.
    """
    given: dict[str, float] = {}
    for party, value in shares.items():
        code = model_party(party) if party in _TO_MODEL else None
        if code is None:
            raise PartyNotFoundError(party, [], context="; shares take Con, Lab, LD, Green, SNP, "
                                                        "PC, UKIP, RUK (or BRX), Ind, Oth")
        if not np.isfinite(value) or value < 0:
            raise AnalysisError(f"the {where} share of {party} must be a number >= 0 "
                                f"(got {value!r})")
        given[code] = given.get(code, 0.0) + float(value)
    total = sum(given.values())
    if total > 100 + tolerance and not normalise:
        raise AnalysisError(f"the {where} shares given sum to {total:.1f}, more than 100; pass "
                            f"normalise=True to rescale them", option="normalise=True")
    if total > 100:  # rescaled (normalise=True) or within the tolerance
        given = {p: v * 100 / total for p, v in given.items()}
        total = 100.0
    if "Oth" in given and "Ind" not in given:
        pool = base["Oth"] + base["Ind"]
        split = base["Ind"] / pool if pool else 0.0
        given["Ind"], given["Oth"] = given["Oth"] * split, given["Oth"] * (1 - split)
    missing = [p for p in MODEL_PARTIES if p not in given]
    if not missing and abs(total - 100) > tolerance and not normalise:
        raise AnalysisError(f"the {where} shares given sum to {total:.1f}, not 100; pass "
                            f"normalise=True to rescale them", option="normalise=True")
    room = 100 - total
    kept = sum(base[p] for p in missing)
    if missing and room >= kept:
        for party in missing:  # room to spare: the others share it as they did before
            given[party] = room * base[party] / kept if kept else room / len(missing)
    elif missing:
        for party in missing:
            given[party] = base[party]
        excess = kept - max(room, 0.0)
        for party in ("Oth", "Ind"):
            taken = min(excess, given[party]) if party not in missing else 0.0
            given[party] -= taken
            excess -= taken
        others = [p for p in MODEL_PARTIES if p not in missing]
        pool = sum(given[p] for p in others)
        for party in others:
            given[party] -= excess * given[party] / pool if pool else 0.0
    scale = 100 / sum(given.values())
    return {p: given[p] * scale for p in MODEL_PARTIES}


def resolve_targets(baseline: SeatShares, shares: Mapping[str, float],
                    nations: Mapping[str, Mapping[str, float]] | None = None,
                    tolerance: float = 2.0, normalise: bool = False) -> Targets:
    """Complete GB targets, and any Scottish or Welsh ones, for every model party.

    ``shares`` maps model parties (or ``BRX``) to GB shares in percent; ``nations`` maps
    ``Scotland`` or ``Wales`` to that nation's own shares. Independents and others move together:
    if ``Oth`` is given it covers both. Parties not given keep their baseline share (see
    :func:`_complete`). Shares must sum to at most 100 (+ ``tolerance``), and to 100 +/-
    ``tolerance`` when every party is given, unless ``normalise`` rescales them.
    """
    gb = _complete(baseline.national(), shares, "GB", tolerance, normalise)
    _check_nationalists(baseline, gb, {model_party(p) for p in shares if p in _TO_MODEL})
    own = {}
    for nation, values in (nations or {}).items():
        if nation not in ("Scotland", "Wales"):
            raise AnalysisError(f"nation shares may be given for Scotland or Wales (got "
                                f"{nation!r}); England follows from GB")
        own[nation] = _complete(baseline.national((nation,)), values, nation, tolerance,
                                normalise)
    return Targets(gb, own)


def _check_nationalists(baseline: SeatShares, gb: Mapping[str, float], given: set[str]) -> None:
    """Refuse a GB share for the SNP (Plaid Cymru) larger than Scotland's (Wales's) part of the
    GB vote at the baseline: a party standing in one nation cannot win more than all of it.
    ``given``: the parties whose shares were given (the others' come from the baseline)."""
    for party, nation in HOME_NATIONS.items():
        part = 100 * baseline.gb_part(nation)
        if part and gb[party] > part:
            how = ("" if party in given else
                   " (not given, it takes its baseline part of the vote the given parties leave)")
            advice = (f"give a GB share for {party} below {part:.1f}%" if party in given
                      else f"give {party}'s GB share, or shares for more parties")
            raise AnalysisError(
                f"{party}'s GB share comes to {gb[party]:.1f}%{how}, more than {nation}'s part of "
                f"the GB vote at the baseline ({part:.1f}%): it stands only in {nation}, so it "
                f"would need {gb[party] / part * 100:.0f}% of {nation}'s vote; {advice}")


def actual_targets(baseline: SeatShares, result: SeatShares) -> Targets:
    """Targets that are an actual result's own national shares: GB, Scotland's and Wales's."""
    return resolve_targets(baseline, result.national(),
                           {n: result.national((n,)) for n in ("Scotland", "Wales")})


@dataclass(frozen=True, eq=False)
class Sensitivity:
    """How a model's own fitted strength moves its projection, for the simulator.

    ``change``: the change in every seat's shares (seats x parties) for one standard deviation of
    the strength, ``sd``, as it varied between the ``pairs`` earlier elections it was measured on.
    A new election's strength, in standard deviations, is then a Student-t draw with ``pairs - 1``
    degrees of freedom: the predictive distribution of a value whose spread is estimated from
    that many, the fit having used one (a normal draw would take the spread of four elections as
    known). It stays within ``low`` and ``high``, beyond which the model itself stops responding
    (a squeeze weaker than none, or stronger than all of a vote).
    """

    change: np.ndarray
    sd: float
    pairs: int
    low: float = -np.inf
    high: float = np.inf

    def __post_init__(self) -> None:
        if self.pairs < 2 or not self.sd > 0 or not self.low <= 0 <= self.high:
            raise ValueError(f"a strength measured on {self.pairs} pairs with sd {self.sd} and "
                             f"range {self.low}..{self.high}: needs 2+ pairs, sd > 0 and a "
                             f"range around 0")

    @property
    def df(self) -> float:
        return float(self.pairs - 1)

    def to_dict(self) -> dict:
        """The strength's spread and range, as multiples of the fitted strength (None: no
        bound)."""
        return {"sd": round(self.sd, 4), "pairs": self.pairs, "df": self.df,
                "multiple_range": [round(1 + b * self.sd, 4) if np.isfinite(b) else None
                                   for b in (self.low, self.high)]}


class SeatModel:
    """Base class: the shared contract and the nation-aware national changes."""

    name = "base"

    def fit(self, history: History | None = None) -> SeatModel:
        """Learn from earlier elections; models with nothing to learn return ``self``."""
        return self

    def predict(self, baseline: SeatShares, targets: Targets) -> SeatShares:
        raise NotImplementedError

    def sensitivity(self, baseline: SeatShares, targets: Targets) -> Sensitivity | None:
        """How uncertain the model's own fitted parameters make its projection, for the
        simulator (see :class:`Sensitivity`); None for a model with nothing fitted to be unsure
        of."""
        return None

    def get_params(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if not k.endswith("_")}

    @staticmethod
    def nation_targets(baseline: SeatShares, targets: Targets) -> dict[str, np.ndarray]:
        """Target and baseline national shares for each GB nation, as arrays over the parties.

        Scotland and Wales take their own shares where given; else the SNP's (Plaid's) GB share is
        scaled to Scotland (Wales) by the nation's share of GB votes, and the other parties follow
        the GB change, rescaled to share what the SNP (Plaid) leave. England then takes what the
        GB targets ask for less what Scotland and Wales give, so the GB totals come out exact. A
        nation whose targets would all be zero keeps its baseline shares.
        """
        gb_base = np.array(list(baseline.national().values()))
        gb_votes = baseline.votes[np.isin(baseline.nations, GB_NATIONS)].sum()
        gb_target = np.array([targets.gb[p] for p in MODEL_PARTIES])
        out, votes = {}, {}
        for nation in ("Scotland", "Wales", "England"):
            mask = baseline.nations == nation
            if not mask.any():
                continue
            votes[nation] = baseline.votes[mask].sum()
            shares = baseline.national((nation,))
            base = np.array([shares[p] for p in MODEL_PARTIES])
            if nation in targets.nations:
                target = np.array([targets.nations[nation][p] for p in MODEL_PARTIES])
            elif nation == "England" and out:
                # what GB asks for, less what Scotland and Wales give: GB comes out exact (if the
                # nations' own shares disagree with GB's SNP or Plaid, England still gets none)
                target = (gb_votes * gb_target - sum(votes[n] * out[n][1] for n in out)) / votes[
                    nation]
                target[np.isin(MODEL_PARTIES, list(HOME_NATIONS))] = 0.0
            else:
                target = base + gb_target - gb_base
                fixed = np.isin(MODEL_PARTIES, list(HOME_NATIONS))
                for party, home in HOME_NATIONS.items():
                    index = MODEL_PARTIES.index(party)
                    target[index] = (min(100.0, gb_target[index] * gb_votes / votes[nation])
                                     if nation == home else 0.0)
                target = np.clip(target, 0, None)
                rest = target[~fixed].sum()
                if rest > 0:  # the other parties share what the nationalists leave
                    target[~fixed] *= max(100 - target[fixed].sum(), 0.0) / rest
            target = np.clip(target, 0, None)
            if target.sum() == 0:
                target = base.copy()
            out[nation] = np.stack([base, 100 * target / target.sum()])
        return {n: out[n] for n in GB_NATIONS if n in out}


def tide(before: Mapping[str, float], after: Mapping[str, float]) -> float:
    """The national tide: half the sum of the parties' absolute changes in share, in points (the
    share of the vote that changed hands, net). Zero when nothing changes."""
    return sum(abs(after[p] - before[p]) for p in MODEL_PARTIES) / 2


def normalise_rows(shares: np.ndarray, fallback: np.ndarray | None = None) -> np.ndarray:
    """Clip at zero and rescale each row to sum to 100; a row left with nothing takes
    ``fallback`` (a row of shares, e.g. the nation's targets) if given."""
    clipped = np.clip(shares, 0, None)
    totals = clipped.sum(axis=1, keepdims=True)
    if fallback is not None:
        clipped = np.where(totals > 0, clipped, fallback)
        totals = clipped.sum(axis=1, keepdims=True)
    return 100 * clipped / np.where(totals > 0, totals, 1)
