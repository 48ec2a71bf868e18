"""Matching treated seats with controls, the fractions fitted from them, and the bootstrap."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from swingometer.scenarios.transfers._panel import (
    _categories,
    _Panel,
    _Units,
    _units,
)
from swingometer.scenarios.transfers._settings import (
    _DESIGNS,
    BALLOT_PENALTY,
    BOOTSTRAP,
    CALIPER,
    CANDIDATES,
    NEIGHBOURS,
    PARLIAMENT_PENALTY,
    PRIOR_SEATS,
    REGION_PENALTY,
    RIDGE,
)
from swingometer.scenarios.transfers._types import (
    project_simplex,
)

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
