"""A party's share in a seat where it did not stand, estimated seat by seat from comparable
contests (``stand`` without a ``share``).

The rules, in order, for each seat:

- **previous**: the party stood in the seat at the previous general election on the same
  boundaries (for 2024's seats, the 2019 notional result). Its share there moves by the party's
  change since: on a general-election base, its national change (GB; Northern Ireland for a seat
  there); on a by-election base, its typical change between a general election and a
  by-election of the same Parliament (the median over the Parliament's other by-elections where
  it stood at both). A gain adds the change in points; a fall is proportional (a party at 2%
  whose national share halves goes to 1%, never below zero). The range is the estimate plus or
  minus half the middle half (interquartile range) of how far the same rule missed where it can
  be checked: the seats (or by-elections) where the party stood at both contests.
- **by-elections** (by-election base): the median of the party's shares at the other
  by-elections of the same Parliament; the range their middle half.
- **region**, then **nation** (general-election or projection base): the median of the party's
  shares in the base's seats of the same region (failing that, the same nation); the range
  their middle half.

A seat no rule reaches has no estimate (NaN): ``share`` must then be given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from swingometer.data.context import History
from swingometer.scenarios.ballot import Ballot, party_of

__all__ = ["ShareEstimate", "estimate_share"]

NI = "Northern Ireland"


@dataclass(frozen=True)
class ShareEstimate:
    """Per seat of the base: the estimated share's range and middle (% of valid votes; NaN where
    no rule applies), the rule used (``""`` where none) and each rule in words."""

    low: np.ndarray
    middle: np.ndarray
    high: np.ndarray
    rule: np.ndarray
    rules: dict[str, str]


@dataclass(frozen=True)
class _Change:
    """A party's change between two kinds of contest: ``points`` added on a gain, or shares
    multiplied by ``ratio`` on a fall."""

    points: float = 0.0
    ratio: float | None = None

    @classmethod
    def between(cls, before: float, after: float) -> _Change:
        return cls(points=after - before) if after >= before else cls(ratio=after / before)

    def apply(self, share: np.ndarray) -> np.ndarray:
        return share * self.ratio if self.ratio is not None else share + self.points

    def describe(self) -> str:
        if self.ratio is not None:
            return f"x{self.ratio:.2f} (a fall, so proportional)"
        return f"{self.points:+.2f} points"


def _previous_general(elections: pd.DataFrame, boundary_set: str, date: str) -> str | None:
    """The latest general election (or notional result) on ``boundary_set`` before ``date``."""
    rows = elections[elections["type"].isin(["general", "notional"])
                     & (elections["boundary_set"] == boundary_set)
                     & (elections["date"].astype(str) < str(date))]
    return None if rows.empty else str(rows.sort_values("date")["election_id"].iloc[-1])


def _shares(data: History, election_ids: Any, lineage: str) -> pd.Series:
    """The party's (its lineage's) best share in each seat it stood in, indexed by (election,
    seat)."""
    rows = data.candidacies[data.candidacies["election_id"].isin(list(election_ids))]
    valid = rows.groupby(["election_id", "gss_code"])["votes"].transform("sum")
    share = 100 * rows["votes"] / valid.where(valid > 0)
    links = data.party_lineage
    mine = rows["party_code"].map(lambda p: links.get(p, p)) == lineage
    return share[mine].groupby([rows["election_id"][mine], rows["gss_code"][mine]]).max()


def _speaker(data: History, election_ids: Any) -> set[tuple[str, str]]:
    """The (election, seat) pairs the Speaker stood in: the main parties do not stand there, so
    a party's share in them is not comparable with its share anywhere else."""
    rows = data.candidacies[data.candidacies["election_id"].isin(list(election_ids))
                            & (data.candidacies["party_code"] == "Spk")]
    return set(zip(rows["election_id"], rows["gss_code"]))


def _national(data: History, election_id: str, boundary_set: str, lineage: str) -> dict[str, float]:
    """The party's share of the valid vote in Great Britain and in Northern Ireland."""
    rows = data.candidacies[data.candidacies["election_id"] == election_id]
    places = data.constituencies[data.constituencies["boundary_set"] == boundary_set]
    area = rows["gss_code"].map(places.set_index("gss_code")["nation"]).eq(NI)
    links = data.party_lineage
    mine = rows["party_code"].map(lambda p: links.get(p, p)) == lineage
    out = {}
    for name, here in (("GB", ~area), ("NI", area)):
        total = rows.loc[here, "votes"].sum()
        out[name] = float(100 * rows.loc[here & mine, "votes"].sum() / total) if total else 0.0
    return out


def _half_iqr(misses: np.ndarray) -> float:
    if len(misses) == 0:
        return 0.0
    low, high = np.percentile(misses, [25, 75])
    return float(high - low) / 2


def _party_shares(base: Ballot, party: str, lineage: dict[str, str] | None) -> np.ndarray:
    """Per seat of the base, the party's best share (NaN where it did not stand)."""
    same = (lambda p: lineage.get(p, p) == lineage.get(party, party)) if lineage else (
        lambda p: p == party)
    columns = [i for i, c in enumerate(base.columns) if same(party_of(c))]
    if not columns:
        return np.full(len(base.gss_codes), np.nan)
    shares = base.shares[:, columns]
    return np.where(np.isnan(shares).all(axis=1), np.nan,
                    np.nanmax(np.nan_to_num(shares, nan=-1.0), axis=1))


def estimate_share(data: History, election: Any, base: Ballot, party: str) -> ShareEstimate:
    """The estimated share of ``party`` (as the base's ballot names it) in every seat of the
    ``base`` ballot; ``election`` is the base's election, or None for a projection."""
    n = len(base.gss_codes)
    low, middle, high = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    rule = np.full(n, "", dtype=object)
    rules: dict[str, str] = {}
    links = data.party_lineage if election is not None else None
    lineage = links.get(party, party) if links else party
    # an independent is not a party: another independent's share says little about a new one
    party_like = party not in ("Ind", "Oth")

    def fill(where: np.ndarray, key: str, text: str, lo: Any, mid: Any, hi: Any) -> None:
        where = where & (rule == "")
        if not where.any():
            return
        low[where] = np.broadcast_to(lo, (n,))[where]
        middle[where] = np.broadcast_to(mid, (n,))[where]
        high[where] = np.broadcast_to(hi, (n,))[where]
        rule[where] = key
        rules[key] = text

    elections = data.elections
    previous = (_previous_general(elections, election.boundary_set, election.date)
                if election is not None else None)
    if election is not None and not election.is_general:
        _by_election(data, election, previous, lineage, party, base, party_like, fill)
    else:
        if previous is not None and party_like:
            _previous_rule(data, election, previous, lineage, party, base, fill)
        seats = _party_shares(base, party, links)
        if "Spk" in base.columns:                  # the Speaker's seat is like no other
            seats[base.standing[:, base.column("Spk")]] = np.nan
        what = (f"the base ({base.source})" if election is None
                else election.election_id)
        for key, areas in (("region", base.regions), ("nation", base.nations)):
            for area in sorted({a for a in areas if isinstance(a, str)}):
                here = areas == area
                found = seats[here & ~np.isnan(seats)]
                if len(found):
                    q1, q2, q3 = np.percentile(found, [25, 50, 75])
                    fill(here, key, f"the median of {party}'s shares in the seats of the same "
                                    f"{key} at {what} (the range: their middle half)",
                         q1, q2, q3)
    return ShareEstimate(low, middle, high, rule, rules)


def _previous_rule(data: History, election: Any, previous: str, lineage: str, party: str,
                   base: Ballot, fill: Any) -> None:
    shares = _shares(data, [previous, election.election_id], lineage)
    before = shares.get(previous, pd.Series(dtype=float))
    after = shares.get(election.election_id, pd.Series(dtype=float))
    before_n = _national(data, previous, election.boundary_set, lineage)
    after_n = _national(data, election.election_id, election.boundary_set, lineage)
    changes = {a: _Change.between(before_n[a], after_n[a]) for a in ("GB", "NI")
               if before_n[a] > 0 and after_n[a] > 0}
    if not changes:
        return
    places = data.constituencies[data.constituencies["boundary_set"] == election.boundary_set]
    area_of = places.set_index("gss_code")["nation"].map(lambda v: "NI" if v == NI else "GB")
    speaker = _speaker(data, [previous, election.election_id])

    def comparable(seat: str) -> bool:        # the Speaker stood at both contests or neither
        return ((previous, seat) in speaker) == ((election.election_id, seat) in speaker)

    both = [s for s in before.index.intersection(after.index) if comparable(s)]
    misses = np.array([after[s] - changes[area_of[s]].apply(before[s]) for s in both
                       if area_of.get(s) in changes])
    half = _half_iqr(misses)
    prior = np.array([before.get(s, np.nan) if comparable(s) else np.nan
                      for s in base.gss_codes], dtype=float)
    areas = pd.Series(base.gss_codes).map(area_of).to_numpy()
    central = np.full(len(prior), np.nan)
    for area, change in changes.items():
        here = areas == area
        central[here] = change.apply(prior[here])
    said = "; ".join(f"{'GB' if a == 'GB' else 'Northern Ireland'} {before_n[a]:.2f}% to "
                     f"{after_n[a]:.2f}%, {c.describe()}" for a, c in changes.items())
    fill(~np.isnan(central), "previous",
         f"{party}'s share in the seat at {previous} (the previous general election on the same "
         f"boundaries), moved by its national change ({said}); the range is +/-{half:.2f} "
         f"points, half the middle half of how far this rule missed in the {len(misses)} seats "
         f"where {party} stood at both", np.clip(central - half, 0, 100), central,
         np.clip(central + half, 0, 100))


def _by_election(data: History, election: Any, previous: str | None, lineage: str, party: str,
                 base: Ballot, party_like: bool, fill: Any) -> None:
    elections = data.elections
    row = elections[elections["election_id"] == election.election_id].iloc[0]
    same = elections[(elections["parliament"] == row["parliament"])
                     & (elections["type"] == election.type)
                     & (elections["election_id"] != election.election_id)]
    # each other by-election against the general election before it in the same seat
    generals = {e: _previous_general(elections, b, d)
                for e, b, d in zip(same["election_id"], same["boundary_set"], same["date"])}
    shares = _shares(data, list(same["election_id"]) + [g for g in generals.values() if g]
                     + ([previous] if previous else []), lineage)
    speaker = _speaker(data, [g for g in generals.values() if g] + ([previous] if previous
                                                                   else []))
    pairs = []
    others = []
    for by, general in generals.items():
        if by not in shares.index.get_level_values(0):
            continue
        for seat, after in shares[by].items():
            others.append(after)
            if general and (general, seat) in shares.index and (general, seat) not in speaker:
                pairs.append((shares[general, seat], after))
    if previous is not None and party_like:
        prior = np.array([shares.get((previous, s), np.nan) if (previous, s) not in speaker
                          else np.nan for s in base.gss_codes], dtype=float)
        if pairs:
            before, after = np.array(pairs).T
            points = float(np.median(after - before))
            change = (_Change(points=points) if points >= 0
                      else _Change(ratio=float(np.median(after / before))))
            half = _half_iqr(after - change.apply(before))
            central = change.apply(prior)
            fill(~np.isnan(central), "previous",
                 f"{party}'s share in the seat at {previous}, moved by its typical change from a "
                 f"general election to a by-election of the same Parliament ({change.describe()}"
                 f": the median over the {len(pairs)} other by-election(s) where it stood at "
                 f"both); the range is +/-{half:.2f} points, half the middle half of how far "
                 f"this rule missed there", np.clip(central - half, 0, 100), central,
                 np.clip(central + half, 0, 100))
        elif not others:
            fill(~np.isnan(prior), "previous",
                 f"{party}'s share in the seat at {previous}, unchanged: it stood at no other "
                 f"by-election of the Parliament to measure a change from", prior, prior, prior)
    if others:
        q1, q2, q3 = np.percentile(others, [25, 50, 75])
        fill(np.ones(len(base.gss_codes), dtype=bool), "by-elections",
             f"the median of {party}'s shares at the {len(others)} other by-election(s) of the "
             f"same Parliament where it stood (the range: their middle half)", q1, q2, q3)
