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


def _recentre(moved: np.ndarray, goal: float, standing: np.ndarray,
              weights: np.ndarray) -> np.ndarray:
    """Shift a party's seat shares, where it stands, so their vote-weighted mean is ``goal``."""
    gap = goal - np.average(np.clip(moved, 0, None), weights=weights)
    return moved + standing * gap / max(np.average(standing, weights=weights), 1e-12)


class Regression(Transition):
    """Transition change plus demographics x beta (points), beta learned from history."""

    name = "regression"

    def __init__(self, ridge: float = 1.0, min_change: float = 1.0) -> None:
        self.ridge = ridge
        self.min_change = min_change

    def fit(self, history: History | None = None) -> Regression:
        self.features_: list[str] = []
        self.coef_: dict[str, np.ndarray] = {}
        self.pairs_: list[tuple[str, str]] = []
        self.tides_: list[float] = []
        self.scaled_: dict[str, pd.DataFrame] = {}
        if history is None:
            return self
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
        for before, after, base, result in election_pairs(history):
            self.pairs_.append((before.election_id, after.election_id))
            for party, x, y in self._residuals(base, result):
                rows.setdefault(party, []).append((x, y))
        for party, parts in rows.items():
            x = np.vstack([p[0] for p in parts])
            y = np.concatenate([p[1] for p in parts])
            penalty = self.ridge * len(y) / 100 * np.eye(x.shape[1])
            self.coef_[party] = np.linalg.solve(x.T @ x + penalty, x.T @ y)
        return self

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
        return {"ridge": self.ridge, "min_change": self.min_change}
