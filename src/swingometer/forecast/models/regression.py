"""A regression model: the transition model plus demographic terms learned from earlier elections.

The transition model explains most of a seat's change from its baseline shares. What it leaves, the
residual (in points), is modelled as a linear function of the seat's standardised demographics:
``change = transition change + f x (X beta)``, with ``X`` the seat's degree share, share aged 65+,
Muslim share and 2016 Leave estimate, each used only if its source was published before the
history's cut-off (the 2021 census is not used to backtest 2019). ``beta`` is estimated per party
by ridge regression on English seats at every earlier pair of general elections on the same
boundaries in which the party's national share moved by at least ``min_change`` points, with the
actual national shares as input. ``f`` is the national tide (half the sum of the parties' absolute
changes) over the training pairs' mean tide, capped at 1: no change, no demographic term; a typical
election or a bigger one, the full term. It is added only where the party has a share; each
nation's rows are then re-centred on the national target and rescaled to 100. (Scaling by each
party's own signed national change, or by the uncapped tide, did worse on the backtests:
demographic patterns neither flip sign with a party's fortunes nor grow without bound.)

``follow``: how much of a gaining party's seat gain follows the seat's losses. The transition
model hands each seat's lost votes to the gainers (``follow=1``, the default); ``0`` gives every
seat of a nation the nation's mean loss instead, a uniform gain; rows are rescaled to 100, so
below 1 the national targets hold less exactly (to 0.57 points in 2024, from 0.14).
``follow=None`` learns it from the earlier pairs (:func:`_fit_follow`): 0.29 before 2015, 0.41
before 2017, 0.53 before 2019, 0.50 before 2024. Learned, it lowers the seat-share error of
UKIP in 2015 (4.63 -> 3.93 points, from the actual national shares), the Liberal Democrats in 2019
(3.69 -> 3.36) and the Greens in 2024 (3.53 -> 3.23), raises Reform's in 2024 (2.31 -> 2.77), and
calls fewer seats in 2024 (``benchmarks/surges.py``); under the default model it lowers the share
error of every backtest but leaves fewer seats called on average, so the default keeps the
transition rule. After the fact, the surges' gains did not follow their baseline shares (a
proportional part between -0.3 and 0.14), and whether they followed the seat's losses differed
by surge: Reform's in 2024 did, UKIP's and the Greens' did not.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from swingometer.data.context import History
from swingometer.forecast.models._base import (
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
from swingometer.forecast.models.transition import Transition

__all__ = ["FEATURES", "Regression"]

# Demographic features and the date their source was first published.
FEATURES = {"degree_pct": "2023-01-10", "age_65_plus_pct": "2022-11-02",
            "muslim_pct": "2022-11-29", "leave_pct": "2016-06-24"}


def _fit_follow(rows: list[tuple[np.ndarray, np.ndarray]]) -> float:
    """How much of a gaining party's seat gain follows the seat's losses, in [0, 1]: the least
    squares slope through the origin of the relative gain on the relative loss (see
    :meth:`Regression._gain_rows`), each party's gain in a nation weighing the same whatever its
    number of seats. 1 (the transition model's rule) with nothing to learn from."""
    num = sum(float(z @ r) / len(z) for z, r in rows if len(z))
    den = sum(float(z @ z) / len(z) for z, r in rows if len(z))
    return float(np.clip(num / den, 0.0, 1.0)) if den > 0 else 1.0


def _recentre(moved: np.ndarray, goal: float, standing: np.ndarray,
              weights: np.ndarray) -> np.ndarray:
    """Shift a party's seat shares, where it stands, so their vote-weighted mean is ``goal``."""
    gap = goal - np.average(np.clip(moved, 0, None), weights=weights)
    return moved + standing * gap / max(np.average(standing, weights=weights), 1e-12)


class Regression(Transition):
    """Transition change plus demographics x beta (points), beta learned from history."""

    name = "regression"

    def __init__(self, ridge: float = 1.0, min_change: float = 1.0,
                 follow: float | None = 1.0) -> None:
        self.ridge = ridge
        self.min_change = min_change
        self.follow = follow

    def fit(self, history: History | None = None) -> Regression:
        self.features_: list[str] = []
        self.coef_: dict[str, np.ndarray] = {}
        self.pairs_: list[tuple[str, str]] = []
        self.tides_: list[float] = []
        self.scaled_: dict[str, pd.DataFrame] = {}
        self.follow_ = 1.0 if self.follow is None else float(self.follow)
        if history is None:
            return self
        pairs = list(election_pairs(history))
        if self.follow is None:
            self.follow_ = _fit_follow([row for _, _, base, result in pairs
                                        for row in self._gain_rows(base, result)])
        cutoff = history.cutoff or "9999-12-31"
        self.features_ = [f for f, published in FEATURES.items() if published < cutoff]
        if not self.features_:
            return self
        # standardise every seat's features once, by the 2010-set GB seats' means and spreads
        demographics = history.demographics
        values = demographics[self.features_]
        reference = values[demographics["boundary_set"] == "pcon2010"]
        self.means_ = reference.mean().to_numpy()
        self.scales_ = reference.std(ddof=0).replace(0, 1).to_numpy()
        scaled = ((values - self.means_) / self.scales_).fillna(0.0)
        for boundary, rows in scaled.groupby(demographics["boundary_set"]):
            self.scaled_[str(boundary)] = rows.set_axis(
                demographics.loc[rows.index, "gss_code"].to_numpy())
        rows: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
        for before, after, base, result in pairs:
            self.pairs_.append((before.election_id, after.election_id))
            for party, x, y in self._residuals(base, result):
                rows.setdefault(party, []).append((x, y))
        for party, parts in rows.items():
            x = np.vstack([p[0] for p in parts])
            y = np.concatenate([p[1] for p in parts])
            penalty = self.ridge * len(y) / 100 * np.eye(x.shape[1])
            self.coef_[party] = np.linalg.solve(x.T @ x + penalty, x.T @ y)
        return self

    def _gains(self, lost: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """The votes the gaining parties share in each seat: ``follow_`` of the seat's own
        losses, the rest the nation's mean loss (the same in every seat)."""
        follow = getattr(self, "follow_", 1.0)
        return follow * lost + (1 - follow) * np.average(lost[:, 0], weights=weights)

    def _gain_rows(self, base: SeatShares,
                   result: SeatShares) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """For each party that gained ``min_change`` points or more in a GB nation of one pair,
        over the seats where it stood at the later election: each seat's losses (the transition
        model's, from the actual national shares) over the nation's mean, less 1; and the
        party's gain in the seat over its national gain, less 1."""
        targets = actual_targets(base, result)
        for nation, (before, after) in self.nation_targets(base, targets).items():
            mask = (base.nations == nation) & ~base.frozen
            seat, weights = base.shares[mask], base.votes[mask]
            lost = self._losses(seat, weights, before, after).sum(axis=1)
            mean = np.average(lost, weights=weights)
            if mean <= 0:
                continue
            for index in np.flatnonzero((after - before >= self.min_change) & (before > 0)):
                stood = result.shares[mask, index] > 0
                gain = (result.shares[mask, index] - seat[:, index])[stood]
                yield lost[stood] / mean - 1, gain / (after[index] - before[index]) - 1

    def _features(self, baseline: SeatShares, mask: np.ndarray) -> np.ndarray:
        """The standardised features of the seats in ``mask`` (0, the mean, where unknown)."""
        table = self.scaled_.get(baseline.boundary_set)
        if table is None:
            return np.zeros((int(mask.sum()), len(self.features_)))
        return table.reindex(baseline.gss_codes[mask]).fillna(0.0).to_numpy()

    def _residuals(self, base: SeatShares,
                   result: SeatShares) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
        """(party, features, residual in points) over English seats of one pair."""
        targets = actual_targets(base, result)
        predicted = super().predict(base, targets)
        self.tides_.append(tide(base.national(), targets.gb))
        before, after = self.nation_targets(base, targets)["England"]
        mask = (base.nations == "England") & ~base.frozen
        x = self._features(base, mask)
        for index, party in enumerate(MODEL_PARTIES):
            change = after[index] - before[index]
            if abs(change) >= self.min_change:
                residual = result.shares[mask, index] - predicted.shares[mask, index]
                yield party, x, residual

    def predict(self, baseline: SeatShares, targets: Targets) -> SeatShares:
        shares = super().predict(baseline, targets).shares.copy()
        if not getattr(self, "coef_", None):  # unfitted, or nothing learned: plain transition
            return baseline.with_shares(shares)
        scale = min(1.0, tide(baseline.national(), targets.gb) / np.mean(self.tides_))
        if scale == 0:
            return baseline.with_shares(shares)
        for nation in self.nation_targets(baseline, targets):
            mask = (baseline.nations == nation) & ~baseline.frozen
            if not mask.any():
                continue
            x = self._features(baseline, mask)
            weights = baseline.votes[mask]
            for index, party in enumerate(MODEL_PARTIES):
                if party not in self.coef_:
                    continue
                before = shares[mask, index]
                standing = before > 0
                moved = before + scale * (x @ self.coef_[party]) * standing
                # keep the transition model's share for the nation
                shares[mask, index] = _recentre(moved, np.average(before, weights=weights),
                                                standing, weights)
        return baseline.with_shares(normalise_rows(shares))

    def get_params(self) -> dict[str, Any]:
        return {"ridge": self.ridge, "min_change": self.min_change, "follow": self.follow}
