"""What every seat model shares: the seat-by-party share matrix and national targets.

A model follows the scikit-learn habit: parameters in ``__init__`` and no logic there; ``fit(history)``
learns from elections strictly before the target (a view of the data before it,
:meth:`~swingometer.dataset.Dataset.before`) and returns ``self``; ``predict(baseline, targets)`` returns a new :class:`SeatShares` whose rows
are non-negative and sum to 100. Learned attributes end in ``_``.

Northern Ireland's parties do not follow GB polls: its 18 seats, and the Speaker's seat, are
*frozen*: every model returns their baseline shares and winners unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from swingometer.data.context import History
from swingometer.forecast.models._shares import (
    GB_NATIONS,
    HOME_NATIONS,
    MODEL_PARTIES,
    SeatShares,
)
from swingometer.forecast.models._targets import Targets

__all__ = ["DEFAULT_MODEL", "SeatModel", "Sensitivity", "tide"]

# The model the CLI and the Python API use unless told otherwise (see models/tactical.py).
DEFAULT_MODEL = "tactical"


@dataclass(frozen=True, eq=False)
class Sensitivity:
    """How a model's own fitted strength moves its projection, for the simulator.

    ``change``: the change in every seat's shares (seats x parties) for one standard deviation of
    the strength, ``sd``, as it varied between the ``pairs`` earlier elections it was measured on.
    A new election's strength, in standard deviations, is then a Student-t draw with ``pairs - 1``
    degrees of freedom: the predictive distribution of a value whose spread is estimated from
    that many, the fit having used one (a normal draw would take the spread of four elections as
    known). It stays within ``low`` and ``high``, beyond which the model itself stops responding
    (a squeeze weaker than none, or stronger than all of a vote).
    """

    change: np.ndarray
    sd: float
    pairs: int
    low: float = -np.inf
    high: float = np.inf

    def __post_init__(self) -> None:
        if self.pairs < 2 or not self.sd > 0 or not self.low <= 0 <= self.high:
            raise ValueError(f"a strength measured on {self.pairs} pairs with sd {self.sd} and "
                             f"range {self.low}..{self.high}: needs 2+ pairs, sd > 0 and a "
                             f"range around 0")

    @property
    def df(self) -> float:
        return float(self.pairs - 1)

    def to_dict(self) -> dict:
        """The strength's spread and range, as multiples of the fitted strength (None: no
        bound)."""
        return {"sd": round(self.sd, 4), "pairs": self.pairs, "df": self.df,
                "multiple_range": [round(1 + b * self.sd, 4) if np.isfinite(b) else None
                                   for b in (self.low, self.high)]}


class SeatModel:
    """Base class: the shared contract and the nation-aware national changes."""

    name = "base"

    def fit(self, history: History | None = None) -> SeatModel:
        """Learn from earlier elections; models with nothing to learn return ``self``."""
        return self

    def predict(self, baseline: SeatShares, targets: Targets) -> SeatShares:
        raise NotImplementedError

    def sensitivity(self, baseline: SeatShares, targets: Targets) -> Sensitivity | None:
        """How uncertain the model's own fitted parameters make its projection, for the
        simulator (see :class:`Sensitivity`); None for a model with nothing fitted to be unsure
        of."""
        return None

    def get_params(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if not k.endswith("_")}

    @staticmethod
    def nation_targets(baseline: SeatShares, targets: Targets) -> dict[str, np.ndarray]:
        """Target and baseline national shares for each GB nation, as arrays over the parties.

        Scotland and Wales take their own shares where given; else the SNP's (Plaid's) GB share is
        scaled to Scotland (Wales) by the nation's share of GB votes, and the other parties follow
        the GB change, rescaled to share what the SNP (Plaid) leave. England then takes what the
        GB targets ask for less what Scotland and Wales give, so the GB totals come out exact. A
        nation whose targets would all be zero keeps its baseline shares.
        """
        gb_base = np.array(list(baseline.national().values()))
        gb_votes = baseline.votes[np.isin(baseline.nations, GB_NATIONS)].sum()
        gb_target = np.array([targets.gb[p] for p in MODEL_PARTIES])
        out, votes = {}, {}
        for nation in ("Scotland", "Wales", "England"):
            mask = baseline.nations == nation
            if not mask.any():
                continue
            votes[nation] = baseline.votes[mask].sum()
            shares = baseline.national((nation,))
            base = np.array([shares[p] for p in MODEL_PARTIES])
            if nation in targets.nations:
                target = np.array([targets.nations[nation][p] for p in MODEL_PARTIES])
            elif nation == "England" and out:
                # what GB asks for, less what Scotland and Wales give: GB comes out exact (if the
                # nations' own shares disagree with GB's SNP or Plaid, England still gets none)
                target = (gb_votes * gb_target - sum(votes[n] * out[n][1] for n in out)) / votes[
                    nation]
                target[np.isin(MODEL_PARTIES, list(HOME_NATIONS))] = 0.0
            else:
                target = base + gb_target - gb_base
                fixed = np.isin(MODEL_PARTIES, list(HOME_NATIONS))
                for party, home in HOME_NATIONS.items():
                    index = MODEL_PARTIES.index(party)
                    target[index] = (min(100.0, gb_target[index] * gb_votes / votes[nation])
                                     if nation == home else 0.0)
                target = np.clip(target, 0, None)
                rest = target[~fixed].sum()
                if rest > 0:  # the other parties share what the nationalists leave
                    target[~fixed] *= max(100 - target[fixed].sum(), 0.0) / rest
            target = np.clip(target, 0, None)
            if target.sum() == 0:
                target = base.copy()
            out[nation] = np.stack([base, 100 * target / target.sum()])
        return {n: out[n] for n in GB_NATIONS if n in out}


def tide(before: Mapping[str, float], after: Mapping[str, float]) -> float:
    """The national tide: half the sum of the parties' absolute changes in share, in points (the
    share of the vote that changed hands, net). Zero when nothing changes."""
    return sum(abs(after[p] - before[p]) for p in MODEL_PARTIES) / 2
