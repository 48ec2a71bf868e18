"""The data of a history the estimates read: votes by seat and party lineage for every pair of
elections, and one unit per seat per pair."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from swingometer.data.context import History
from swingometer.scenarios.transfers._settings import (
    _DEMOGRAPHICS,
    HOME,
    NOTIONAL_COVERAGE,
    OTHER,
    TRACKED,
)

# -- the data, per history ------------------------------------------------------------------

@dataclass
class _Pair:
    """One pair of elections in the same seats: the votes of each (seats x party codes), the
    electorates, where the seats are, and the group the pair's control seats come from."""

    before: str
    after: str
    group: str
    label: str
    gss_codes: np.ndarray
    nations: np.ndarray
    regions: np.ndarray
    parliament: object
    covariates: np.ndarray
    votes: tuple[np.ndarray, np.ndarray]
    electorate: tuple[np.ndarray, np.ndarray]
    coverage_of: str | None  # the notional first election's own id (its coverage is checked)


class _Panel:
    """Votes by seat and party lineage for every pair of elections of a history; built once."""

    def __init__(self, history: History) -> None:
        self._history = history
        self.parties = history.parties
        self.lineage = {str(c): str(lin) for c, lin in zip(history.parties["code"],
                                                           history.parties["lineage"])}
        elections = history.elections.copy()
        elections["date"] = elections["date"].astype(str)
        self.elections = elections.set_index("election_id", drop=False)
        candidacies = history.candidacies
        codes = candidacies["party_code"].astype(str).map(lambda c: self.lineage.get(c, c))
        self.codes = sorted(set(codes))
        self.column = {c: i for i, c in enumerate(self.codes)}
        self._rows = candidacies.assign(code=codes.map(self.column).to_numpy(),
                                        speaker=(candidacies["party_code"] == "Spk").to_numpy())
        self._contests = history.contests
        self.places = history.constituencies.set_index(["boundary_set", "gss_code"])
        self._links = history.lineage
        self._demographics = history.demographics.set_index(
            ["boundary_set", "gss_code"])[list(_DEMOGRAPHICS)] / 100.0
        self.pairs = self._pairs()

    def remember(self, key: tuple, build: Callable[[], Any]) -> Any:
        """What ``build`` derives from the panel, kept with the history's derived values."""
        return self._history.derived(("transfers", *key), build)

    def election(self, election_id: str) -> tuple[pd.Index, np.ndarray, np.ndarray, np.ndarray]:
        """Seats (GSS codes), votes (seats x party codes), electorate and whether the Speaker
        stood, for one election."""
        return self.remember(("election", election_id), lambda: self._election(election_id))

    def _election(self, election_id: str) -> tuple[pd.Index, np.ndarray, np.ndarray, np.ndarray]:
        rows = self._rows[self._rows["election_id"] == election_id]
        contests = self._contests[self._contests["election_id"] == election_id]
        seats = pd.Index(sorted(set(rows["gss_code"]) & set(contests["gss_code"])))
        votes = np.zeros((len(seats), len(self.codes)))
        at = seats.get_indexer(rows["gss_code"])
        ok = at >= 0
        np.add.at(votes, (at[ok], rows["code"].to_numpy()[ok]),
                  rows["votes"].to_numpy(dtype=float)[ok])
        electorate = contests.set_index("gss_code")["electorate"].reindex(seats).to_numpy(
            dtype=float)
        speaker = np.zeros(len(seats), dtype=bool)
        speaker[at[ok & rows["speaker"].to_numpy()]] = True
        return seats, votes, electorate, speaker

    def _pairs(self) -> list[_Pair]:
        e = self.elections
        general = e[e["type"].isin(["general", "notional"])].sort_values(["date", "type"])
        found = []
        for _, rows in general.groupby("boundary_set", sort=True):
            ids = rows["election_id"].tolist()
            for before, after in itertools.pairwise(ids):
                if not self._checkable(before):
                    continue
                label = f"{_short(e.loc[before])} -> {_short(e.loc[after])}"
                found.append((before, after, f"{before}|{after}", label))
        for _, row in e[e["type"] == "by-election"].sort_values("date").iterrows():
            earlier = general[(general["date"] < row["date"])
                              & (general["boundary_set"] == row["boundary_set"])]
            if not earlier.empty:
                name = str(row["name"]).removesuffix(" by-election")
                found.append((earlier.iloc[-1]["election_id"], row["election_id"], "by-elections",
                              f"{name} {row['date'][:4]}"))
        pairs = [self._pair(*spec) for spec in found]
        return [p for p in pairs if p is not None]

    def _pair(self, before: str, after: str, group: str, label: str) -> _Pair | None:
        (s0, v0, e0, k0), (s1, v1, e1, k1) = self.election(before), self.election(after)
        boundary_set = self.elections.loc[after, "boundary_set"]
        seats = s0.intersection(s1)
        i0, i1 = s0.get_indexer(seats), s1.get_indexer(seats)
        places = self.places.loc[boundary_set].reindex(seats)
        keep = (places["nation"].isin(["England", "Scotland", "Wales"]).to_numpy()
                & ~k0[i0] & ~k1[i1] & (e0[i0] > 0) & (e1[i1] > 0))
        if not keep.any():
            return None
        seats, i0, i1, places = seats[keep], i0[keep], i1[keep], places[keep]
        covariates = self._demographics.reindex(
            pd.MultiIndex.from_product([[boundary_set], seats])).to_numpy(dtype=float)
        parliament = (self.elections.loc[after, "parliament"]
                      if "parliament" in self.elections.columns else None)
        notional = self.elections.loc[before, "type"] == "notional"
        return _Pair(before, after, group, label, seats.to_numpy(),
                     places["nation"].to_numpy(dtype=object),
                     places["region"].to_numpy(dtype=object), parliament, covariates,
                     (v0[i0], v1[i1]), (e0[i0], e1[i1]), before if notional else None)

    def _checkable(self, election_id: str) -> bool:
        """Whether who stood where is known well enough at ``election_id``: always at a real
        election; at a notional result only if the general election it re-counts is in the
        history too (the 2019 one, not the 2005 one), so that :meth:`coverage` can tell the
        seats a party contested wholly from those it contested in part."""
        e = self.elections
        row = e.loc[election_id]
        return row["type"] != "notional" or bool(
            ((e["type"] == "general") & (e["date"] == row["date"])).any())

    def coverage(self, election_id: str, party: str, seats: np.ndarray) -> np.ndarray | None:
        """For a notional result: per seat, the share of its residents whose old seat ``party``
        contested at the general election the notional result re-counts (None if unknown)."""
        found = self.remember(("coverage", election_id, party),
                              lambda: self._coverage(election_id, party))
        return None if found is None else found.reindex(seats).fillna(0.0).to_numpy()

    def _coverage(self, election_id: str, party: str) -> pd.Series | None:
        e = self.elections
        row = e.loc[election_id]
        source = e[(e["type"] == "general") & (e["date"] == row["date"])
                   & (e["boundary_set"] != row["boundary_set"])]
        if source.empty or party not in self.column:
            return None
        old, votes, _, _ = self.election(source.iloc[0]["election_id"])
        stood = set(old[votes[:, self.column[party]] > 0])
        links = self._links
        weight = links["to_population"].astype(float)
        covered = weight.where(links["from_code"].isin(stood), 0.0)
        return covered.groupby(links["to_code"]).sum() / weight.groupby(links["to_code"]).sum()


def _panel(history: History) -> _Panel:
    return history.derived("transfer_panel", lambda: _Panel(history))


def _short(row: pd.Series) -> str:
    return f"{row['date'][:4]}{' (notional)' if row['type'] == 'notional' else ''}"


# -- units: one per seat per pair --------------------------------------------------------------

@dataclass
class _Units:
    """The seats of one control group for one party: shares before and after, and context."""

    labels: list[str]
    pairs: list[str]
    nations: np.ndarray
    regions: np.ndarray
    parliaments: np.ndarray
    before: np.ndarray      # seats x categories, electorate shares
    after: np.ndarray
    ballots: np.ndarray     # seats x 2 * (other tracked parties): standing at each election
    changes: np.ndarray     # seats: which other tracked parties stood down or newly stood
    covariates: np.ndarray  # seats x demographics (fractions)
    stood: np.ndarray       # seats x 2: the party stood at the first / second election
    new_party: np.ndarray   # seats: the party stood nowhere at the pair's first election


def _categories(party: str) -> list[str]:
    return [*TRACKED, *([party] if party not in TRACKED else []), OTHER, HOME]


def _units(panel: _Panel, group: str, party: str, region: str | None) -> _Units | None:
    return panel.remember(("units", group, party, region),
                          lambda: _build_units(panel, group, party, region))


def _build_units(panel: _Panel, group: str, party: str, region: str | None) -> _Units | None:
    categories = _categories(party)
    columns = [panel.column.get(p, -1) for p in categories[:-2]]
    others = [panel.column.get(p, -1) for p in TRACKED if p != party]
    own = panel.column.get(party, -1)
    parts: dict[str, list] = {k: [] for k in _Units.__dataclass_fields__}
    for pair in panel.pairs:
        if pair.group != group:
            continue
        keep = np.ones(len(pair.gss_codes), dtype=bool)
        if region is not None:
            keep &= (pair.nations == region) | (pair.regions == region)
        stood = [_stood(v, own) for v in pair.votes]
        if pair.coverage_of is not None:  # notional: clear only where it stood (or not) wholly
            coverage = panel.coverage(pair.coverage_of, party, pair.gss_codes)
            if coverage is not None:
                keep &= ~stood[0] | (coverage >= NOTIONAL_COVERAGE)
        if not keep.any():
            continue
        shares = [_shares(v[keep], e[keep], columns) for v, e in zip(pair.votes,
                                                                     pair.electorate)]
        ballot = [np.column_stack([_stood(v[keep], c) for c in others]) for v in pair.votes]
        parts["before"].append(shares[0])
        parts["after"].append(shares[1])
        parts["ballots"].append(np.hstack(ballot))
        down, new = ballot[0] & ~ballot[1], ~ballot[0] & ballot[1]
        bits = 1 << np.arange(2 * len(others), dtype=np.int64)
        parts["changes"].append(np.hstack([down, new]) @ bits)
        parts["covariates"].append(pair.covariates[keep])
        parts["stood"].append(np.column_stack([stood[0][keep], stood[1][keep]]))
        parts["new_party"].append(np.full(keep.sum(), group != "by-elections"
                                          and not stood[0].any()))
        parts["labels"] += [f"{pair.label}: {g}" for g in pair.gss_codes[keep]]
        parts["pairs"] += [pair.label] * int(keep.sum())
        parts["nations"].append(pair.nations[keep])
        parts["regions"].append(pair.regions[keep])
        parts["parliaments"].append(np.full(keep.sum(), pair.parliament, dtype=object))
    units = None
    if parts["labels"]:
        covariates = np.vstack(parts["covariates"])
        known = np.isfinite(covariates)
        if covariates.size:  # a seat without demographics sits at the mean (0 if none has any)
            means = np.where(known, covariates, 0.0).sum(axis=0) / np.maximum(known.sum(axis=0),
                                                                               1)
            covariates = np.where(known, covariates, means)
        units = _Units(parts["labels"], parts["pairs"], *(np.concatenate(parts[k]) for k in (
            "nations", "regions", "parliaments")), *(np.vstack(parts[k]) for k in (
                "before", "after", "ballots")), np.concatenate(parts["changes"]), covariates,
            np.vstack(parts["stood"]), np.concatenate(parts["new_party"]))
    return units


def _stood(votes: np.ndarray, column: int) -> np.ndarray:
    return votes[:, column] > 0 if column >= 0 else np.zeros(len(votes), dtype=bool)


def _shares(votes: np.ndarray, electorate: np.ndarray, columns: list[int]) -> np.ndarray:
    """Electorate shares by category: the parties of ``columns``, ``other``, ``home``."""
    valid = votes.sum(axis=1)
    electors = np.maximum(electorate, valid)
    electors = np.where(electors > 0, electors, 1.0)
    parties = np.column_stack([votes[:, c] if c >= 0 else np.zeros(len(votes))
                               for c in columns])
    other = valid - parties.sum(axis=1)
    return np.column_stack([parties, other, electors - valid]) / electors[:, None]
