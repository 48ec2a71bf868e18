"""Default vote-transfer matrices, estimated from the results in a history (issue 5).

When a party stands down, where do its voters go (other parties, or home)? When a party stands
where it did not, whose votes does it take? :func:`estimate_transfer` answers from the elections
in a history (a :class:`~swingometer.dataset.Dataset` or a leakage-free view of it,
``Dataset.before(date)``), and says how (``Transfer.evidence``) and how surely
(``Transfer.se``). ``docs/scenarios/transfers.md`` gives every default with its figures.

The method, a matched difference-in-differences:

* **Pairs.** A unit is one seat contested at two consecutive elections on the same boundaries:
  the general elections 2010 -> 2015 -> 2017 -> 2019 (2010 boundaries), the notional 2019 result
  -> 2024 (2024 boundaries), and every by-election against the previous general election in the
  seat. Northern Ireland, and any seat the Speaker contested at either election, are left out.
* **Electorate shares.** Votes are counted as shares of the electorate, so abstention (``home``)
  is a category like a party: the tracked parties (:data:`TRACKED`, and the party asked about),
  ``other`` and ``home`` sum to 1 in every seat at every election. The Brexit Party and Reform UK
  are one lineage (``RUK``); UKIP is its own party.
* **Treated and control seats.** ``stand_down`` of X: treated seats are those where X stood at
  the first election and not at the second ("stood down"), compared with seats where X stood at
  both; and, at a new party's first general election, seats where it did not stand compared
  with seats where it did ("did not stand": the counterfactual X vote is the controls' vote for
  it; this is how the Brexit Party's 2019 stand-down in the seats the Conservatives held is
  used). ``stand`` of X: treated seats are those where X newly stood, compared with seats where
  it stood at neither ("newly stood"), or, where a nation has fewer of those than treated seats,
  with seats where it stood at both ("stood again": the votes X's absence had parked elsewhere).
* **Like with like.** Each treated seat is compared with its :data:`NEIGHBOURS` nearest control
  seats of the same pair (by-elections: other by-elections) in the same nation with the same
  other tracked parties standing down and newly standing: nearest in electorate shares at the
  first election and in the seat's Leave vote and graduates (the shipped demographics), plus a
  penalty for every other tracked party whose presence on either ballot differs
  (:data:`BALLOT_PENALTY`), for a different region (:data:`REGION_PENALTY`) and, for
  by-elections, a different Parliament (:data:`PARLIAMENT_PENALTY`); no control farther than
  :data:`CALIPER`. What the matching leaves is corrected by a ridge regression of the controls'
  changes on the same measures (Abadie and Imbens' bias correction; :data:`RIDGE`).
* **Fractions.** For each destination Y, the treated seat's change in Y's electorate share less
  its controls' (corrected) change is regressed, through the origin, on X's vote in the seat
  (for stand-downs its counterfactual vote: its first-election share plus its controls' change,
  or its controls' vote; for stands its share less any change the controls saw). The excesses
  of a seat sum exactly to X's vote, so the unconstrained fractions sum to 1. Pairs and designs
  are pooled by weighted least squares, each block's seats weighted by the inverse of its
  residual variance (shrunk towards the pooled one by :data:`PRIOR_SEATS` seats), so noisy
  blocks (by-elections above all) count for less. The constrained fractions are the Euclidean
  projection of that fit onto the simplex (non-negative, summing to 1), which is exactly the
  least-squares fit under those constraints, because every destination shares one regressor.
* **Uncertainty.** Standard errors are the spread of the constrained fractions over
  :data:`BOOTSTRAP` resamples of the treated and of the control seats of each block (controls
  matched afresh, seeded from the ``seed`` given (:data:`SEED` by default) and recorded in the
  estimate, so deterministic). A fraction the constraint holds
  at 0 in most resamples gets a standard error near 0: that is the constraint, not certainty.
* **Not identified.** With fewer than :data:`MIN_SEATS` treated seats (Conservatives and Labour
  almost never stand down; simultaneous stand-downs such as Batley and Spen 2016 cannot be told
  apart) the estimate falls back to a stated assumption, flagged ``assumed=True``:
  :data:`FALLBACK_HOME` of the votes stay home (or come from home, for a stand) and the rest go
  to (come from) the other parties in proportion to their votes at the latest general election
  in the history, in the nations the party contests. Its standard errors are an assumption too:
  ``FALLBACK_SE_SCALE * sqrt(f (1 - f))`` for a fraction ``f``.

Estimates are pure functions of the history, derived once per history
(:meth:`~swingometer.context.History.derived`), so a scenario can ask for them freely: about a
second for a first estimate, well under a millisecond after.

>>> import swingometer
>>> from swingometer.scenarios.transfers import estimate_transfer
>>> ukip = estimate_transfer(swingometer.Dataset(include_imported=False), "UKIP")
>>> ukip.kind, round(sum(ukip.fractions.values()), 6), ukip.assumed
('stand_down', 1.0, False)
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from swingometer.context import History
from swingometer.exceptions import AnalysisError

__all__ = [
    "BALLOT_PENALTY",
    "BOOTSTRAP",
    "CALIPER",
    "DEFAULT_STAND",
    "DEFAULT_STAND_DOWN",
    "FALLBACK_HOME",
    "FALLBACK_SE_SCALE",
    "HOME",
    "KINDS",
    "MIN_SEATS",
    "NEIGHBOURS",
    "NOTIONAL_COVERAGE",
    "OTHER",
    "PARLIAMENT_PENALTY",
    "PRIOR_SEATS",
    "REGION_PENALTY",
    "RIDGE",
    "SEED",
    "TRACKED",
    "Transfer",
    "default_transfers",
    "estimate_transfer",
    "project_simplex",
    "transfer_experiments",
]

HOME, OTHER = "home", "other"
KINDS = ("stand_down", "stand")
# Parties with their own destination (or source); every other party is "other". RUK includes BRX.
TRACKED = ("Con", "Lab", "LD", "Green", "SNP", "PC", "RUK", "UKIP")
DEFAULT_STAND_DOWN = ("Con", "Lab", "LD", "Green", "SNP", "PC", "RUK", "BRX", "UKIP")
DEFAULT_STAND = ("Green", "RUK", "BRX", "UKIP", "LD")

NEIGHBOURS = 5             # control seats per treated seat
BALLOT_PENALTY = 0.10      # distance added per other tracked party standing differently
REGION_PENALTY = 0.03      # distance added for a control seat in another region
PARLIAMENT_PENALTY = 0.05  # distance added for a by-election held in another Parliament
CALIPER = 0.5              # no control farther than this: a seat with none is left out
MIN_SEATS = 10             # fewer treated seats than this: the fallback assumption
NOTIONAL_COVERAGE = 0.9    # notional results: "stood" if it stood where >= 90% of residents live
RIDGE = 0.1                # the bias correction's ridge, relative to the features' variance
PRIOR_SEATS = 10           # a block's residual variance is shrunk towards the pooled one by this
CANDIDATES = 40            # the nearest controls a bootstrap resample may match from
BOOTSTRAP = 200
SEED = 20240704
FALLBACK_HOME = 0.25
FALLBACK_SE_SCALE = 0.5
_DEMOGRAPHICS = ("leave_pct", "degree_pct")

_DESIGNS = {
    # design: (kind, treated (first, second election), controls (first, second), sign)
    "stood down": ("stand_down", (True, False), (True, True), 1.0),
    "did not stand": ("stand_down", (False, False), (False, True), 1.0),
    "newly stood": ("stand", (False, True), (False, False), -1.0),
    "stood again": ("stand", (False, True), (True, True), -1.0),
}


@dataclass(frozen=True)
class Transfer:
    """Where the voters of ``party`` go when it does not stand (``stand_down``), or where the
    votes of a party that newly stands come from (``stand``).

    ``fractions`` maps destinations (sources) to fractions: party codes (``RUK`` stands for the
    Brexit Party and Reform UK), ``home`` (did not vote) and ``other`` (every party not listed);
    they are >= 0 and sum to 1. ``se`` gives each one's standard error; ``raw`` the unconstrained
    estimate (it may be negative; it sums to 1). ``seats`` is the number of treated seats the
    estimate uses (0 for an assumption); ``pairs`` the election pairs they come from;
    ``assumed`` is True when the data could not identify the transfer and ``fractions`` is the
    documented fallback.
    """

    party: str
    kind: str
    fractions: dict[str, float]
    se: dict[str, float]
    seats: int
    evidence: str
    raw: dict[str, float] = field(default_factory=dict)
    assumed: bool = False
    region: str | None = None
    pairs: tuple[str, ...] = ()
    seed: int = SEED

    def matrix_row(self, parties: Iterable[str], lineage: Mapping[str, str] | None = None
                   ) -> dict[str, float]:
        """The fractions over the contestants of one seat: ``parties`` (codes as on its ballot),
        ``other`` if any of them is not a destination of its own, and ``home``.

        ``BRX`` takes the ``RUK`` fraction (and any code ``lineage`` maps to a key). Fractions of
        destinations not on the ballot are shared among those that are, in proportion to their
        own fractions (all to ``home`` if none has any); the party itself takes nothing.

        >>> t = Transfer("Green", "stand_down", {"Lab": 0.5, "LD": 0.2, "other": 0.1,
        ...              "home": 0.2}, {}, 10, "")
        >>> {k: round(v, 3) for k, v in t.matrix_row(["Lab", "Con", "Green"]).items()}
        {'Lab': 0.625, 'home': 0.25, 'other': 0.125}
        """
        mapping = {"BRX": "RUK", **(lineage or {})}
        own = mapping.get(self.party, self.party)
        row: dict[str, float] = {}
        has_other = False
        for code in parties:
            key = mapping.get(code, code)
            if key == own or code in row:
                continue
            if key in self.fractions and key not in (HOME, OTHER):
                row[code] = self.fractions[key]
            elif key != HOME:
                has_other = True
        row[HOME] = self.fractions.get(HOME, 0.0)
        if has_other:
            row[OTHER] = self.fractions.get(OTHER, 0.0)
        total = sum(row.values())
        if total <= 0:
            return {**{k: 0.0 for k in row}, HOME: 1.0}
        return {k: v / total for k, v in row.items()}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (floats rounded to 4 places)."""
        return {"party": self.party, "kind": self.kind, "region": self.region,
                "assumed": self.assumed, "seats": self.seats, "pairs": list(self.pairs),
                "fractions": {k: round(v, 4) for k, v in self.fractions.items()},
                "se": {k: round(v, 4) for k, v in self.se.items()},
                "raw": {k: round(v, 4) for k, v in self.raw.items()},
                "evidence": self.evidence, "seed": self.seed}


def project_simplex(values: np.ndarray) -> np.ndarray:
    """The nearest point (Euclidean) to each row of ``values`` with entries >= 0 summing to 1.

    >>> project_simplex(np.array([0.7, 0.5, -0.2])).round(3).tolist()
    [0.6, 0.4, 0.0]
    """
    v = np.atleast_2d(np.asarray(values, dtype=float))
    u = -np.sort(-v, axis=1)
    cumulative = np.cumsum(u, axis=1) - 1.0
    steps = np.arange(1, v.shape[1] + 1)
    rho = (u - cumulative / steps > 0).sum(axis=1) - 1
    theta = cumulative[np.arange(len(v)), rho] / (rho + 1)
    out = np.clip(v - theta[:, None], 0.0, None)
    return out[0] if np.ndim(values) == 1 else out


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


# -- matching and the fractions -----------------------------------------------------------------

@dataclass
class _Block:
    """The treated seats of one design in one control group, matched to their controls."""

    group: str
    design: str
    treated: list[str]
    pairs: list[str]
    controls: int
    distance: float        # mean distance to the matched controls
    x: int                 # the party's category
    order: np.ndarray      # treated x CANDIDATES: the nearest controls, nearest first
    allowed: np.ndarray    # treated x CANDIDATES: an allowed match (same nation and changes)
    features_t: np.ndarray
    features_c: np.ndarray
    change_t: np.ndarray   # treated x categories: change in electorate shares
    change_c: np.ndarray
    near_features: np.ndarray  # treated x CANDIDATES x features: of the nearest controls
    near_change: np.ndarray    # treated x CANDIDATES x categories
    level_t: np.ndarray    # treated x 2 x categories: shares at the first and second election

    def fit(self, treated: np.ndarray | None = None, counts: np.ndarray | None = None
            ) -> tuple[np.ndarray, np.ndarray]:
        """Each treated seat's excess change by category (the party's own column dropped) and
        the party's vote: on every seat, or on resampled ``treated`` rows and control
        ``counts`` (the bootstrap)."""
        rows = np.arange(len(self.change_t)) if treated is None else treated
        if counts is None:
            counts = np.ones(len(self.change_c))
        order = self.order[rows]
        copies = counts[order] * self.allowed[rows]
        used = np.clip(NEIGHBOURS - (np.cumsum(copies, axis=1) - copies), 0, copies)
        total = used.sum(axis=1)
        ok = total > 0
        rows, weights = rows[ok], used[ok] / total[ok, None]
        matched = np.einsum("nl,nlm->nm", weights, self.near_change[rows])
        gap = self.features_t[rows] - np.einsum("nl,nlf->nf", weights,
                                                self.near_features[rows])
        matched += gap @ _adjustment(self.features_c, self.change_c, counts)
        _, _, _, sign = _DESIGNS[self.design]
        excess = sign * (self.change_t[rows] - matched)
        x = self.x
        if self.design == "stood down":  # its vote had it stood again
            vote = self.level_t[rows, 0, x] + matched[:, x]
        elif self.design == "did not stand":  # its controls' vote for it (absent at neither)
            vote = matched[:, x]
        elif self.design == "newly stood":
            vote = self.level_t[rows, 1, x]
        else:  # stood again: its vote less its controls' change, what its absence had parked
            vote = self.level_t[rows, 1, x] - matched[:, x]
        return np.delete(excess, x, axis=1), vote


def _adjustment(features: np.ndarray, change: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Bias correction of the matching: the slopes of the controls' changes on the matching
    features (weighted least squares with a small ridge), applied to what the matching left."""
    if features.shape[1] == 0 or counts.sum() <= features.shape[1] + 1:
        return np.zeros((features.shape[1], change.shape[1]))
    w = counts / counts.sum()
    mean_f, mean_c = w @ features, w @ change
    f, c = features - mean_f, change - mean_c
    gram = (f * w[:, None]).T @ f
    ridge = RIDGE * np.trace(gram) / max(gram.shape[0], 1)
    return np.linalg.solve(gram + ridge * np.eye(len(gram)), (f * w[:, None]).T @ c)


def _blocks(panel: _Panel, party: str, kind: str, region: str | None) -> list[_Block]:
    return panel.remember(("blocks", party, kind, region),
                          lambda: _build_blocks(panel, party, kind, region))


def _build_blocks(panel: _Panel, party: str, kind: str, region: str | None) -> list[_Block]:
    blocks = []
    x = _categories(party).index(party)
    for group in dict.fromkeys(p.group for p in panel.pairs):
        units = _units(panel, group, party, region)
        if units is None:
            continue
        chosen = {}
        for design, (what, treated, controls, _) in _DESIGNS.items():
            if what == kind:
                chosen[design] = (_mask(units, treated), _mask(units, controls))
        if kind == "stand_down":  # the counterfactual design only for a new party
            treated, controls = chosen["did not stand"]
            chosen["did not stand"] = (treated & units.new_party, controls & units.new_party)
        else:  # "stood again" where a nation has fewer "newly stood" controls than treated
            newly, again = chosen["newly stood"], chosen["stood again"]
            few = np.zeros(len(units.nations), dtype=bool)
            for nation in set(units.nations):
                here = units.nations == nation
                few[here] = (newly[1] & here).sum() < (newly[0] & here).sum()
            chosen["newly stood"] = (newly[0] & ~few, newly[1])
            chosen["stood again"] = (again[0] & few, again[1])
        for design, (treated, controls) in chosen.items():
            block = _match(units, group, design, treated, controls, x)
            if block is not None:
                blocks.append(block)
    return blocks


def _mask(units: _Units, status: tuple[bool, bool]) -> np.ndarray:
    return (units.stood[:, 0] == status[0]) & (units.stood[:, 1] == status[1])


def _match(units: _Units, group: str, design: str, treated: np.ndarray, controls: np.ndarray,
           x: int) -> _Block | None:
    t, c = np.flatnonzero(treated), np.flatnonzero(controls)
    if not len(t) or not len(c):
        return None
    # shares at the first election (less abstention, which the others fix) and demographics;
    # "stood again" leaves out the party's own share, which is 0 in the treated seats
    columns = [i for i in range(units.before.shape[1] - 1)
               if not (design == "stood again" and i == x)]
    features = np.hstack([units.before[:, columns], units.covariates])
    gap = features[t][:, None, :] - features[c][None, :, :]
    distance = np.sqrt((gap ** 2).sum(axis=2))
    distance += BALLOT_PENALTY * (units.ballots[t][:, None, :]
                                  != units.ballots[c][None, :, :]).sum(axis=2)
    distance += REGION_PENALTY * (units.regions[t][:, None] != units.regions[c][None, :])
    distance += PARLIAMENT_PENALTY * (units.parliaments[t][:, None]
                                      != units.parliaments[c][None, :])
    forbidden = ((units.nations[t][:, None] != units.nations[c][None, :])
                 | (units.changes[t][:, None] != units.changes[c][None, :]))
    distance[forbidden | (distance > CALIPER)] = np.inf
    usable = np.isfinite(distance).any(axis=1)
    if not usable.any():
        return None
    t, distance = t[usable], distance[usable]
    order = np.argsort(distance, axis=1, kind="stable")[:, :CANDIDATES]
    ordered = np.take_along_axis(distance, order, axis=1)
    nearest = ordered[:, :NEIGHBOURS]
    levels = np.stack([units.before, units.after], axis=1)
    change = units.after - units.before
    return _Block(group, design, [units.labels[i] for i in t], [units.pairs[i] for i in t],
                  len(c), float(nearest[np.isfinite(nearest)].mean()), x, order,
                  np.isfinite(ordered), features[t], features[c], change[t], change[c],
                  features[c][order], change[c][order], levels[t])


def _fit(excess: np.ndarray, vote: np.ndarray) -> np.ndarray:
    """Through-the-origin least squares of each destination's excess on the party's vote."""
    return excess.T @ vote / float(vote @ vote)


def _combine(parts: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray | None:
    """The fractions from every block's (excess, vote): weighted least squares through the
    origin, each block's seats weighted by the inverse of its residual variance (from an
    unweighted first fit, shrunk towards the pooled variance by PRIOR_SEATS seats), so noisy
    blocks, by-elections above all, count for less. None if no seat has a vote."""
    excess = np.vstack([e for e, _ in parts])
    vote = np.concatenate([v for _, v in parts])
    if not vote @ vote > 0:
        return None
    first = _fit(excess, vote)
    pooled = float(((excess - vote[:, None] * first) ** 2).mean())
    weights = []
    for e, v in parts:
        own = float(((e - v[:, None] * first) ** 2).mean()) if len(v) else pooled
        variance = (len(v) * own + PRIOR_SEATS * pooled) / (len(v) + PRIOR_SEATS)
        weights.append(np.full(len(v), 1.0 / variance if variance > 0 else 1.0))
    weighted = np.concatenate(weights) * vote
    return excess.T @ weighted / float(weighted @ vote)


def _bootstrap(blocks: list[_Block], seed: int) -> np.ndarray:
    """The constrained fractions over BOOTSTRAP resamples of the treated and the control seats
    of each block (controls matched afresh each time)."""
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(BOOTSTRAP):
        parts = []
        for block in blocks:
            n_t, n_c = len(block.change_t), len(block.change_c)
            counts = np.bincount(rng.integers(0, n_c, n_c), minlength=n_c).astype(float)
            parts.append(block.fit(rng.integers(0, n_t, n_t), counts))
        fitted = _combine(parts)
        if fitted is not None:
            draws.append(fitted)
    return project_simplex(np.array(draws)) if draws else np.zeros((0, 0))


# -- the public functions ------------------------------------------------------------------------

def _resolve(history: History, panel: _Panel, party: str, kind: str, region: str | None
             ) -> tuple[str, str, str | None]:
    if kind not in KINDS:
        raise AnalysisError(f"a transfer's kind must be 'stand_down' or 'stand' (got {kind!r})")
    code = history.party(party)
    if region is not None:
        places = panel.places
        known = sorted({*places["nation"].dropna(), *places["region"].dropna()}
                       - {"Northern Ireland"})
        match = [k for k in known if k.lower() == str(region).strip().lower()]
        if not match:
            raise AnalysisError(f"region {region!r} is not a GB nation or region; expected one "
                                f"of {', '.join(known)}")
        region = match[0]
    return code, panel.lineage.get(code, code), region


def estimate_transfer(history: History, party: str, kind: str = "stand_down", *,
                      region: str | None = None, seed: int = SEED) -> Transfer:
    """Where ``party``'s voters go when it stands down (``kind="stand_down"``), or where its votes
    come from when it newly stands (``kind="stand"``), estimated from ``history``.

    Parameters
    ----------
    history : History
        The elections to learn from (a Dataset, or its view before a date); nothing outside it
        is used.
    party : str
        A party code or name (``"Green"``, ``"reform"``, ``"Brexit Party"``); the Brexit Party and
        Reform UK are one lineage.
    kind : {"stand_down", "stand"}
    region : str, optional
        A GB nation or English region: only its seats are used (treated and controls).
    seed : int
        Seeds the bootstrap of the standard errors (with the party, kind and region, so each
        estimate has its own stream); recorded in the result.

    Returns
    -------
    Transfer
        Fractions (>= 0, summing to 1) with standard errors, the number of seats and the
        evidence in words; ``assumed`` when the data could not identify it (fewer than
        :data:`MIN_SEATS` treated seats) and the fallback rule was used.

    Raises
    ------
    PartyNotFoundError
        ``party`` is no known party.
    AnalysisError
        ``kind`` or ``region`` is not one of those allowed, or the history holds no general
        election to fall back on.
    """
    panel = _panel(history)
    code, lineage, region = _resolve(history, panel, party, kind, region)
    transfer = panel.remember(("transfer", lineage, kind, region, seed),
                              lambda: _estimate(panel, lineage, kind, region, seed))
    return transfer if transfer.party == code else replace(transfer, party=code)


def _estimate(panel: _Panel, party: str, kind: str, region: str | None, seed: int) -> Transfer:
    blocks = _blocks(panel, party, kind, region)
    destinations = [c for c in _categories(party) if c != party]
    seats = sum(len(b.treated) for b in blocks)
    raw = _combine([b.fit() for b in blocks]) if blocks else None
    if seats < MIN_SEATS or raw is None:
        return replace(_fallback(panel, party, kind, region, blocks, destinations), seed=seed)
    fractions = project_simplex(raw)
    draws = _bootstrap(blocks, seed + zlib.crc32(f"{party}|{kind}|{region}".encode()))
    se = draws.std(axis=0, ddof=1) if len(draws) > 1 else np.zeros(len(destinations))
    pairs = tuple(dict.fromkeys(p for b in blocks for p in b.pairs))
    return Transfer(
        party=party, kind=kind,
        fractions={d: float(v) for d, v in zip(destinations, fractions)},
        se={d: float(v) for d, v in zip(destinations, se)},
        seats=seats, evidence=_evidence(panel, party, kind, region, blocks, seats),
        raw={d: float(v) for d, v in zip(destinations, raw)}, assumed=False, region=region,
        pairs=pairs, seed=seed)


def _party_name(panel: _Panel, party: str) -> str:
    names = dict(zip(panel.parties["code"], panel.parties["name"]))
    return {"RUK": "Reform UK (with the Brexit Party)"}.get(party, names.get(party, party))


def _evidence(panel: _Panel, party: str, kind: str, region: str | None, blocks: list[_Block],
              seats: int) -> str:
    name = _party_name(panel, party)
    where = f" in {region}" if region else " in Great Britain"
    what = {"stand_down": "where its voters went when it did not stand",
            "stand": "where its votes came from when it newly stood"}[kind]
    parts = []
    for design in _DESIGNS:
        chosen = [b for b in blocks if b.design == design]
        if not chosen:
            continue
        general = [f"{len(b.treated)} at {b.pairs[0]}" for b in chosen
                   if b.group != "by-elections"]
        by = [p for b in chosen if b.group == "by-elections" for p in b.pairs]
        if by:
            shown = ", ".join(by[:6]) + (f" and {len(by) - 6} more" if len(by) > 6 else "")
            general.append(f"{len(by)} by-election{'s' if len(by) > 1 else ''} ({shown})")
        phrase = {"stood down": "seats where it stood at one election and not the next, "
                                "against seats where it stood at both",
                  "did not stand": "seats where it stood at neither election, against seats "
                                   "where it newly stood (their vote for it is the "
                                   "counterfactual)",
                  "newly stood": "seats where it newly stood, against seats where it stood at "
                                 "neither",
                  "stood again": "seats where it newly stood, against seats where it stood at "
                                 "both"}[design]
        parts.append(f"{sum(len(b.treated) for b in chosen)} {phrase}: {'; '.join(general)}")
    confounded = ""
    if party == "RUK" and any(b.design == "did not stand" and "2019" in b.pairs[0]
                              for b in blocks):
        confounded = (" The Brexit Party stood down in 2019 exactly where the Conservatives "
                      "had won in 2017, so those seats are compared with the most similar "
                      "seats it did fight (by 2017 shares, Leave vote and graduates), not with "
                      "typical ones; the matching cannot remove all of that difference.")
    return (f"{name}: {what}{where}, from {seats} seats. " + ". ".join(parts) + ". "
            f"Each seat is compared with its {NEIGHBOURS} most similar control seats of the same "
            "pair (by-elections: of other by-elections) in the same nation, with the same other "
            "parties standing down or newly standing: nearest in electorate shares at the first "
            "election, Leave vote and graduates, preferring the same parties on the ballots "
            "and the same region, and bias-corrected by a ridge regression of the controls' "
            "changes on those measures. The difference in the change of each party's and of "
            "abstention's share of the electorate is regressed through the origin on the "
            "party's vote, then projected onto non-negative fractions summing to 1; standard "
            f"errors from {BOOTSTRAP} seeded bootstrap resamples of the treated and the "
            "control seats." + confounded)


def _fallback(panel: _Panel, party: str, kind: str, region: str | None, blocks: list[_Block],
              destinations: list[str]) -> Transfer:
    """The documented assumption used where the data cannot identify a transfer."""
    e = panel.elections
    general = e[e["type"] == "general"].sort_values("date")
    if general.empty:
        raise AnalysisError(f"no general election in this history to estimate the {kind} "
                            f"transfers of {party} from")
    latest = general.iloc[-1]
    seats, table, _, _ = panel.election(latest["election_id"])
    places = panel.places.loc[latest["boundary_set"]].reindex(seats)
    nations = _nations(panel, party)
    mask = places["nation"].isin(nations)
    if region is not None:
        mask &= (places["nation"] == region) | (places["region"] == region)
    totals = dict(zip(panel.codes, table[mask.to_numpy()].sum(axis=0)))
    parties = [d for d in destinations if d not in (HOME, OTHER)]
    votes = {p: float(totals.get(p, 0.0)) for p in parties}
    votes[OTHER] = (sum(totals.values()) - sum(votes.values())
                    - float(totals.get(party, 0.0)))
    pool = sum(votes.values())
    fractions = {d: float((1 - FALLBACK_HOME) * votes[d] / pool if pool > 0 else 0.0)
                 for d in destinations if d != HOME}
    fractions[HOME] = FALLBACK_HOME if pool > 0 else 1.0
    fractions = {d: fractions[d] for d in destinations}
    se = {d: FALLBACK_SE_SCALE * math.sqrt(f * (1 - f)) for d, f in fractions.items()}
    treated = sum(len(b.treated) for b in blocks)
    found = [p for b in blocks for p in (b.pairs if b.group == "by-elections" else b.pairs[:1])]
    found = list(dict.fromkeys(found))
    direction = ("go to" if kind == "stand_down" else "come from")
    home = "stay home" if kind == "stand_down" else "come from abstainers"
    name = _party_name(panel, party)
    where = f" in {region}" if region else " in Great Britain"
    area = region or (" and ".join(nations) if len(nations) < 3 else "Great Britain")
    return Transfer(
        party=party, kind=kind, fractions=fractions, se=se, seats=0,
        evidence=(f"{name}: an assumption, not evidence. The data{where} hold "
                  f"{treated or 'no'} seat{'' if treated == 1 else 's'} where it "
                  f"{'stood down' if kind == 'stand_down' else 'newly stood'}"
                  f"{' (' + ', '.join(found) + ')' if found else ''} that can be compared "
                  f"with like seats, fewer than the {MIN_SEATS} an estimate needs. Assumed "
                  f"instead: {FALLBACK_HOME:.0%} of its votes {home} and the rest {direction} "
                  f"the other parties in proportion to their votes at the {latest['name']} "
                  f"in {area}; standard errors {FALLBACK_SE_SCALE} * sqrt(f (1 - f)), also "
                  "assumed."),
        raw={}, assumed=True, region=region, pairs=())


def _nations(panel: _Panel, party: str) -> list[str]:
    """The GB nations a party stands in (all three if the parties table does not say)."""
    gb = ["England", "Scotland", "Wales"]
    rows = panel.parties[panel.parties["code"] == party]
    if rows.empty or "nations" not in rows.columns or not isinstance(rows.iloc[0]["nations"], str):
        return gb
    own = [n for n in gb if n in rows.iloc[0]["nations"].split(";")]
    return own or gb


def default_transfers(history: History) -> dict[tuple[str, str], Transfer]:
    """The default transfers a scenario uses: ``(party, kind) -> Transfer`` for the stand-downs
    of :data:`DEFAULT_STAND_DOWN` and the stands of :data:`DEFAULT_STAND` (``BRX`` and ``RUK``
    are the same estimate), each estimated by :func:`estimate_transfer` over Great Britain."""
    out = {}
    for kind, parties in (("stand_down", DEFAULT_STAND_DOWN), ("stand", DEFAULT_STAND)):
        for party in parties:
            out[party, kind] = estimate_transfer(history, party, kind)
    return out


def transfer_experiments(history: History, party: str, kind: str = "stand_down", *,
                         region: str | None = None) -> pd.DataFrame:
    """The evidence behind :func:`estimate_transfer`, one row per pair of elections and design:
    ``pair, design, seats, controls, distance`` (mean distance to the matched controls) and each
    destination's unconstrained fraction from that pair alone (by-elections: per by-election).
    """
    panel = _panel(history)
    _, lineage, region = _resolve(history, panel, party, kind, region)
    destinations = [c for c in _categories(lineage) if c != lineage]
    rows = []
    for block in _blocks(panel, lineage, kind, region):
        excess, votes = block.fit()
        for pair in dict.fromkeys(block.pairs):
            index = [i for i, p in enumerate(block.pairs) if p == pair]
            vote = votes[index]
            fitted = (_fit(excess[index], vote) if (vote @ vote) > 0
                      else np.full(len(destinations), np.nan))
            rows.append({"pair": pair, "design": block.design, "seats": len(index),
                         "controls": block.controls, "distance": round(block.distance, 4),
                         "vote": float(vote.mean()),
                         **{d: float(v) for d, v in zip(destinations, fitted)}})
    columns = ["pair", "design", "seats", "controls", "distance", "vote", *destinations]
    return pd.DataFrame(rows, columns=columns)
