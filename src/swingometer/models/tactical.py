"""Tactical voting: supporters of a party out of contention move to the best-placed ally.

After a base model has projected a seat, the parties of a *bloc* (by default Labour, the Liberal
Democrats and the Greens, whose voters have long lent each other votes against the Conservatives
and now Reform) are examined. When the bloc's best-placed party is in the top two and the other
place is held by a party outside the bloc, each other bloc party loses ``rate`` of its projected
share to the best-placed one. Seats where the top two are both in the bloc are left alone.

``rate`` can be given; by default it is estimated from every earlier pair of general elections on
the same boundaries in the history: the transition model is run from one election to the next with
the actual national shares, and the rate is the share of the out-of-contention bloc parties' projected
vote that they in fact did not get, averaged over the pairs (0 if the history has no pair). On the
2010-2019 elections that gives about 0.10; the same measure on 2019-2024 was 0.11.

The baseline already holds the tactical voting of its own election, so the squeeze applies to what
changes: the rate is scaled by the national tide (half the sum of the parties' absolute changes)
over a reference tide (the training pairs' mean, else ``reference_tide``), capped at 1. No change,
no squeeze. Each nation's party shares are then re-centred on the base model's, so the national
targets still hold.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from swingometer.models._base import (
    MODEL_PARTIES,
    SeatModel,
    SeatShares,
    Targets,
    normalise_rows,
    actual_targets,
    election_pairs,
    tide,
)
from swingometer.models.regression import Regression, _recentre
from swingometer.models.swing import ProportionalSwing, UniformSwing
from swingometer.models.transition import StrongTransition, Transition

__all__ = ["Tactical"]

BASES = {m.name: m for m in (UniformSwing, ProportionalSwing, Transition, StrongTransition,
                             Regression)}


def _contention(shares: np.ndarray, frozen: np.ndarray,
                bloc: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """For each seat: the bloc's best-placed party, and whether tactical voting applies."""
    top_two = np.argsort(-shares, axis=1)[:, :2]
    best = np.asarray(bloc)[np.argmax(shares[:, bloc], axis=1)]
    in_contention = (top_two == best[:, None]).any(axis=1)
    against_outsider = ~np.isin(top_two, bloc).all(axis=1)
    return best, in_contention & against_outsider & ~frozen


class Tactical(SeatModel):
    """A base model's projection, then a squeeze within each bloc towards its best-placed party."""

    name = "tactical"

    def __init__(self, base: str = "regression", rate: float | None = None,
                 blocs: tuple[tuple[str, ...], ...] = (("Lab", "LD", "Green"),),
                 reference_tide: float = 10.0) -> None:
        self.base = base
        self.rate = rate
        self.blocs = blocs
        self.reference_tide = reference_tide

    def fit(self, history: Any = None) -> Tactical:
        self.base_ = BASES[self.base]().fit(history)
        self.rates_: list[float] = []
        self.tides_: list[float] = []
        if history is not None:
            for _, _, base, result in election_pairs(history):
                self.rates_.append(self._measured_rate(base, result))
        measured = float(np.mean(self.rates_)) if self.rates_ else 0.0
        self.rate_ = float(self.rate) if self.rate is not None else measured
        self.reference_tide_ = float(np.mean(self.tides_)) if self.tides_ else self.reference_tide
        return self

    def _measured_rate(self, base: SeatShares, result: SeatShares) -> float:
        targets = actual_targets(base, result)
        self.tides_.append(tide(base.national(), targets.gb))
        predicted = Transition().predict(base, targets)
        lost = projected = 0.0
        for bloc in self._bloc_columns():
            best, applies = _contention(predicted.shares, predicted.frozen, bloc)
            for party in bloc:
                rows = applies & (best != party)
                lost += float((predicted.shares[rows, party] - result.shares[rows, party]).sum())
                projected += float(predicted.shares[rows, party].sum())
        return float(np.clip(lost / projected, 0, 1)) if projected else 0.0

    def _bloc_columns(self) -> list[list[int]]:
        return [[MODEL_PARTIES.index(p) for p in bloc] for bloc in self.blocs]

    def predict(self, baseline: SeatShares, targets: Targets) -> SeatShares:
        if not hasattr(self, "base_"):
            self.fit(None)
        projected = self.base_.predict(baseline, targets)
        shares = projected.shares.copy()
        rate = self.rate_ * min(1.0, tide(baseline.national(), targets.gb) / self.reference_tide_)
        if rate == 0:
            return projected
        for bloc in self._bloc_columns():
            best, applies = _contention(shares, projected.frozen, bloc)
            for party in bloc:
                rows = np.flatnonzero(applies & (best != party))
                moved = shares[rows, party] * rate
                shares[rows, party] -= moved
                shares[rows, best[rows]] += moved
            for nation in np.unique(baseline.nations[~baseline.frozen]):
                mask = (baseline.nations == nation) & ~baseline.frozen
                weights = baseline.votes[mask]
                for party in bloc:
                    shares[mask, party] = _recentre(
                        shares[mask, party], np.average(projected.shares[mask, party],
                                                        weights=weights),
                        projected.shares[mask, party] > 0, weights)
        return projected.with_shares(normalise_rows(shares))
