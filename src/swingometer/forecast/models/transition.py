"""Electoral Calculus's transition models, applied nation by nation.

Transition: a party whose national share falls from W to P loses the fraction 1 - P/W of its vote
in every seat; the votes lost in a seat go to the gaining parties in proportion to their national
gains. Strong transition: a party's votes up to ``weak_share`` (20%) of a seat's vote are its weak
supporters and leave first; its strong supporters leave only once the weak ones are all gone.
Both reproduce each nation's targets exactly (before any seat is clipped).
"""

from __future__ import annotations

import numpy as np

from swingometer.forecast.models._base import (
    SeatModel,
)
from swingometer.forecast.models._shares import (
    SeatShares,
    normalise_rows,
)
from swingometer.forecast.models._targets import (
    Targets,
)

__all__ = ["StrongTransition", "Transition"]


class Transition(SeatModel):
    """Losses proportional to each seat's share; gains shared out by national gains."""

    name = "transition"

    def _losses(self, shares: np.ndarray, weights: np.ndarray, base: np.ndarray,
                target: np.ndarray) -> np.ndarray:
        fraction = np.divide(base - target, base, out=np.zeros_like(base), where=base > 0)
        return shares * np.clip(fraction, 0, 1)

    def predict(self, baseline: SeatShares, targets: Targets) -> SeatShares:
        shares = baseline.shares.copy()
        for nation, (base, target) in self.nation_targets(baseline, targets).items():
            mask = baseline.nations == nation
            seat = shares[mask]
            losses = self._losses(seat, baseline.votes[mask], base, target)
            gains = np.clip(target - base, 0, None)
            split = gains / gains.sum() if gains.sum() > 0 else gains
            pool = self._gains(losses.sum(axis=1, keepdims=True), baseline.votes[mask])
            shares[mask] = seat - losses + pool * split
        return baseline.with_shares(normalise_rows(shares))

    def _gains(self, lost: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """The votes the gaining parties share in each seat (seats x 1): all the seat's own
        losses."""
        return lost


class StrongTransition(Transition):
    """Losses come first from each party's weak vote: its share up to ``weak_share`` points."""

    name = "strong-transition"

    def __init__(self, weak_share: float = 20.0) -> None:
        self.weak_share = weak_share

    def _losses(self, shares: np.ndarray, weights: np.ndarray, base: np.ndarray,
                target: np.ndarray) -> np.ndarray:
        weak = np.minimum(shares, self.weak_share)
        strong = shares - weak
        national_weak = (weak * weights[:, None]).sum(axis=0) / weights.sum()
        national_strong = (strong * weights[:, None]).sum(axis=0) / weights.sum()
        loss = np.clip(base - target, 0, None)
        from_weak = np.minimum(loss, national_weak)
        weak_rate = np.divide(from_weak, national_weak, out=np.zeros_like(loss),
                              where=national_weak > 0)
        strong_rate = np.divide(loss - from_weak, national_strong, out=np.zeros_like(loss),
                                where=national_strong > 0)
        return weak * weak_rate + strong * np.clip(strong_rate, 0, 1)
