"""A transfer estimate and the projection onto the simplex its fractions are held to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from swingometer.scenarios.transfers._settings import (
    HOME,
    OTHER,
    SEED,
)


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
