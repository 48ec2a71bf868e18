"""Tactical voting: supporters of a party out of contention move to the best-placed ally.

After a base model has projected a seat, the parties of a *bloc* (by default Labour, the Liberal
Democrats and the Greens, whose voters have long lent each other votes against the Conservatives
and now Reform) are examined. When the bloc's best-placed party is in the top two and the other
place is held by a party outside the bloc, each other bloc party loses a share of its projected
vote to the best-placed one. Seats where the top two are both in the bloc are left alone.

The share moved fades with the seat's margin (first place's share less second's, in points, as the
base model projects it): ``rate - fade x margin``, clipped to [0, 1]. A dead heat squeezes hardest;
a seat won by a mile not at all, as voters have no reason to lend their vote there. ``rate`` and
``fade`` can be given; each left as ``None`` is estimated (given the other) from every earlier
pair of general elections on the same boundaries in the history: the transition model is run from
one election to the next with the actual national shares, and in the seats where the squeeze
applies, the share of each out-of-contention bloc party's projected vote that it in fact did not
get is regressed on the margin (least squares, each seat weighted by the party's projected share).
No pair in the history, no squeeze. The fade is measurable in every pair: on the pairs before
2024 (the 2005 notional result -> 2010 -> 2015 -> 2017 -> 2019) the estimate is a rate of about
0.18 in a dead heat, falling by 0.0042 a point of margin (to zero at a margin of about 42 points).
A flat rate (``fade=0``) left the squeeze equally strong in safe seats, where supporters of the
out-of-contention parties in fact held on or grew.

The baseline already holds the tactical voting of its own election, so the squeeze applies to what
changes: the rate is scaled by the national tide (half the sum of the parties' absolute changes)
over a reference tide (the training pairs' mean, else ``reference_tide``), capped at 1. No change,
no squeeze. Each nation's party shares are then re-centred on the base model's, so the national
targets still hold.
"""

from __future__ import annotations

import copy

import numpy as np

from swingometer.data.context import History
from swingometer.forecast.models._base import (
    SeatModel,
    Sensitivity,
    tide,
)
from swingometer.forecast.models._shares import (
    MODEL_PARTIES,
    SeatShares,
    election_pairs,
    normalise_rows,
)
from swingometer.forecast.models._targets import (
    Targets,
    actual_targets,
)
from swingometer.forecast.models.regression import Regression, _recentre
from swingometer.forecast.models.swing import ProportionalSwing, UniformSwing
from swingometer.forecast.models.transition import StrongTransition, Transition

__all__ = ["Tactical"]

BASES = {m.name: m for m in (UniformSwing, ProportionalSwing, Transition, StrongTransition,
                             Regression)}


def _contention(shares: np.ndarray, frozen: np.ndarray,
                bloc: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each seat: the bloc's best-placed party, whether tactical voting applies, and the
    margin (first place's share less second's, in points)."""
    top_two = np.argsort(-shares, axis=1)[:, :2]
    best = np.asarray(bloc)[np.argmax(shares[:, bloc], axis=1)]
    in_contention = (top_two == best[:, None]).any(axis=1)
    against_outsider = ~np.isin(top_two, bloc).all(axis=1)
    margin = np.take_along_axis(shares, top_two, axis=1) @ np.array([1.0, -1.0])
    return best, in_contention & against_outsider & ~frozen, margin


def _fit_rate(margin: np.ndarray, projected: np.ndarray, actual: np.ndarray,
              rate: float | None = None, fade: float | None = None) -> tuple[float, float]:
    """``(rate, fade)`` such that ``rate - fade x margin`` best explains the share of a party's
    projected vote it lost, ``(projected - actual) / projected``, by weighted least squares (each
    row weighted by ``projected``). A value given is kept and the other fitted; with no rows,
    what is not given is 0.
    """
    if rate is not None and fade is not None:
        return float(rate), float(fade)
    if not len(margin):
        return float(rate or 0.0), float(fade or 0.0)
    lost = (projected - actual) / projected
    if rate is None and fade is None:
        root = np.sqrt(projected)
        design = np.column_stack([np.ones_like(margin), -margin]) * root[:, None]
        solved = np.linalg.lstsq(design, lost * root, rcond=None)[0]
        return float(solved[0]), float(solved[1])
    if rate is None:
        return float(np.average(lost + fade * margin, weights=projected)), float(fade)
    spread = float((projected * margin**2).sum())
    fitted = float((projected * margin * (rate - lost)).sum()) / spread if spread else 0.0
    return float(rate), fitted


class Tactical(SeatModel):
    """A base model's projection, then a squeeze within each bloc towards its best-placed party,
    fading with the seat's margin."""

    name = "tactical"

    def __init__(self, base: str = "regression", rate: float | None = None,
                 fade: float | None = None,
                 blocs: tuple[tuple[str, ...], ...] = (("Lab", "LD", "Green"),),
                 reference_tide: float = 10.0) -> None:
        self.base = base
        self.rate = rate
        self.fade = fade
        self.blocs = blocs
        self.reference_tide = reference_tide

    def fit(self, history: History | None = None) -> Tactical:
        self.base_ = BASES[self.base]().fit(history)
        self.tides_: list[float] = []
        rows: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        by_pair: list[list[np.ndarray]] = []
        if history is not None:
            for _, _, base, result in election_pairs(history):
                squeezed = self._squeezed(base, result)
                rows.extend(squeezed)
                by_pair.append([np.concatenate(c) for c in zip(*squeezed)])
        columns = [np.concatenate(c) for c in zip(*rows)] if rows else [np.empty(0)] * 3
        self.rate_, self.fade_ = _fit_rate(*columns, rate=self.rate, fade=self.fade)
        self.reference_tide_ = float(np.mean(self.tides_)) if self.tides_ else self.reference_tide
        self.strengths_ = [self._strength(*pair) for pair in by_pair if len(pair[0])]
        return self

    def _strength(self, margin: np.ndarray, projected: np.ndarray,
                  actual: np.ndarray) -> float:
        """How strong the squeeze was in one pair, as a multiple of the fitted one: the weighted
        least-squares multiplier of ``rate - fade x margin`` that best explains the vote lost."""
        squeeze = np.clip(self.rate_ - self.fade_ * margin, 0.0, 1.0)
        lost = (projected - actual) / projected
        spread = float((projected * squeeze ** 2).sum())
        return float((projected * squeeze * lost).sum()) / spread if spread else 1.0

    def sensitivity(self, baseline: SeatShares, targets: Targets) -> Sensitivity | None:
        """The squeeze's strength varies from one election to the next: each learning pair's own
        multiple of the fitted squeeze (``strengths_``, see :meth:`_strength`) spreads around 1,
        with a standard deviation measured as the root mean square of their departures from 1,
        times sqrt(n / (n - 1)) as each pair helped fit the squeeze (unknown from fewer than two
        pairs: None; none either when both parameters are given). The change in shares for one
        such deviation is the projection with the squeeze that much stronger less that much
        weaker, halved. The strength's multiple stays between 0 (no squeeze) and the one at which
        a dead heat's squeeze moves all of a party's vote (1 / ``rate_``)."""
        strengths = np.array(getattr(self, "strengths_", []))
        if len(strengths) < 2 or (self.rate is not None and self.fade is not None):
            return None
        sd = float(np.sqrt(np.mean((strengths - 1) ** 2) * len(strengths)
                           / (len(strengths) - 1)))
        if sd == 0:
            return None
        shares = []
        for factor in (1 + sd, 1 - sd):
            varied = copy.copy(self)  # the same fit, the squeeze that much stronger or weaker
            varied.rate_, varied.fade_ = self.rate_ * factor, self.fade_ * factor
            shares.append(varied.predict(baseline, targets).shares)
        high = max(1 / self.rate_ - 1, 0.0) / sd if self.rate_ > 0 else np.inf
        return Sensitivity((shares[0] - shares[1]) / 2, sd, len(strengths), -1 / sd, high)

    def _squeezed(self, base: SeatShares,
                  result: SeatShares) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """(margin, projected share, actual share) of every out-of-contention bloc party, seat by
        seat, where the squeeze applies in the transition model's projection of ``result``."""
        targets = actual_targets(base, result)
        self.tides_.append(tide(base.national(), targets.gb))
        predicted = Transition().predict(base, targets)
        out = []
        for bloc in self._bloc_columns():
            best, applies, margin = _contention(predicted.shares, predicted.frozen, bloc)
            for party in bloc:
                rows = applies & (best != party) & (predicted.shares[:, party] > 0)
                out.append((margin[rows], predicted.shares[rows, party],
                            result.shares[rows, party]))
        return out

    def _bloc_columns(self) -> list[list[int]]:
        return [[MODEL_PARTIES.index(p) for p in bloc] for bloc in self.blocs]

    def predict(self, baseline: SeatShares, targets: Targets) -> SeatShares:
        if not hasattr(self, "base_"):
            self.fit(None)
        projected = self.base_.predict(baseline, targets)
        shares = projected.shares.copy()
        scale = min(1.0, tide(baseline.national(), targets.gb) / self.reference_tide_)
        squeezed = False
        for bloc in self._bloc_columns():
            best, applies, margin = _contention(shares, projected.frozen, bloc)
            rate = scale * np.clip(self.rate_ - self.fade_ * margin, 0.0, 1.0)
            if not (rate[applies] > 0).any():  # no change, or no seat close enough
                continue
            squeezed = True
            for party in bloc:
                rows = np.flatnonzero(applies & (best != party))
                moved = shares[rows, party] * rate[rows]
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
        return projected.with_shares(normalise_rows(shares)) if squeezed else projected
