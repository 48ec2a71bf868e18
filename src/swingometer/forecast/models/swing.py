"""Uniform and proportional national swing, applied nation by nation."""

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

__all__ = ["ProportionalSwing", "UniformSwing"]


class UniformSwing(SeatModel):
    """Every seat moves by the national change in each party's share (by nation), then rows are
    clipped at zero and rescaled to 100.

    >>> UniformSwing().name
    'uniform'
    """

    name = "uniform"

    def predict(self, baseline: SeatShares, targets: Targets) -> SeatShares:
        shares = baseline.shares.copy()
        for nation, (base, target) in self.nation_targets(baseline, targets).items():
            mask = baseline.nations == nation
            shares[mask] = shares[mask] + (target - base)
        return baseline.with_shares(normalise_rows(shares))


class ProportionalSwing(SeatModel):
    """Every seat's share of a party is multiplied by the national ratio (target / baseline), by
    nation; a gaining party gets the nation's target share in the seats where it did not stand."""

    name = "proportional"

    def predict(self, baseline: SeatShares, targets: Targets) -> SeatShares:
        shares = baseline.shares.copy()
        for nation, (base, target) in self.nation_targets(baseline, targets).items():
            mask = baseline.nations == nation
            ratio = np.divide(target, base, out=np.ones_like(target), where=base > 0)
            new = shares[mask] * ratio
            # a gaining party that did not stand in a seat (the Brexit Party stood down in 317
            # Conservative seats in 2019) gets the nation's target share there
            absent = (shares[mask] <= 0) & (target > base + 1e-9)[None, :]
            new[absent] = np.broadcast_to(target, new.shape)[absent]
            shares[mask] = normalise_rows(new, fallback=target)
        return baseline.with_shares(normalise_rows(shares))
