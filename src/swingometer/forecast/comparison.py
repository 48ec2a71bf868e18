"""Every model on the same national shares, side by side: how much the seats depend on the model.

On the same GB (and nation) shares the six seat models can differ by tens of seats for a party
whose vote is moving fast, and no single model's interval shows that. A comparison projects the
same targets with each model and reports each party's seats by model with their range, and the
seats whose winner changes with the model.

>>> import swingometer
>>> from swingometer.forecast.comparison import compare_models
>>> shares = {"Lab": 34.6, "Con": 24.4, "RUK": 14.7, "LD": 12.6, "Green": 6.9, "SNP": 2.6,
...           "PC": 0.7}
>>> both = compare_models(swingometer.Dataset(), shares=shares, models=["uniform", "proportional"])
>>> both.totals.set_index("party").loc["Lab", ["uniform", "proportional", "low", "high"]].tolist()
[406, 404, 404, 406]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from swingometer.dataset import Dataset
from swingometer.exceptions import AnalysisError
from swingometer.forecast.models import DEFAULT_MODEL, MODELS
from swingometer.forecast.projection import Projection, project

__all__ = ["ModelComparison", "compare_models"]


@dataclass(frozen=True)
class ModelComparison:
    """Projections of the same targets from the same baseline, one per model (the first is the
    one a single projection would use)."""

    projections: Mapping[str, Projection]

    def __post_init__(self) -> None:
        if not self.projections:
            raise AnalysisError("a comparison needs at least one model")
        first = next(iter(self.projections.values()))
        for name, other in self.projections.items():
            if (other.baseline.election_id != first.baseline.election_id
                    or not np.array_equal(other.projected.gss_codes, first.projected.gss_codes)):
                raise AnalysisError(f"model {name} projects from {other.baseline.election_id}, "
                                    f"not {first.baseline.election_id} as the others do")
            if other.targets.to_dict() != first.targets.to_dict():
                raise AnalysisError(f"model {name} was given other national shares than "
                                    f"{next(iter(self.projections))}")

    @property
    def models(self) -> list[str]:
        return list(self.projections)

    @property
    def first(self) -> Projection:
        return next(iter(self.projections.values()))

    def winners(self, name: str) -> dict[str, str]:
        """One seat's projected winner (by its name) in each model."""
        at = list(self.first.projected.names).index(name)
        return {model: str(p.projected.winners[at]) for model, p in self.projections.items()}

    @property
    def totals(self) -> pd.DataFrame:
        """Seats by party: the baseline, each model's seats, and ``low``, ``high`` and
        ``spread`` (high minus low) across the models; in the first model's order."""
        seats = {name: pd.Series(p.projected.winners).value_counts()
                 for name, p in self.projections.items()}
        table = pd.DataFrame(seats).fillna(0).astype(int)
        baseline = pd.Series(self.first.baseline.winners).value_counts()
        table.insert(0, "baseline", baseline.reindex(table.index).fillna(0).astype(int))
        table = table[(table[self.models] > 0).any(axis=1) | (table["baseline"] > 0)]
        table["low"] = table[self.models].min(axis=1)
        table["high"] = table[self.models].max(axis=1)
        table["spread"] = table["high"] - table["low"]
        table = table.rename_axis("party").reset_index()
        first = self.models[0]
        return table.sort_values([first, "high", "party"], ascending=[False, False, True],
                                 ignore_index=True)

    @property
    def disputed(self) -> pd.DataFrame:
        """The seats whose projected winner depends on the model: code, name, baseline winner,
        each model's winner, and ``winners`` (how many different ones), by name."""
        winners = pd.DataFrame({name: p.projected.winners
                                for name, p in self.projections.items()})
        distinct = winners.nunique(axis=1)
        table = pd.DataFrame({"gss_code": self.first.projected.gss_codes,
                              "name": self.first.projected.names,
                              "baseline_winner": self.first.baseline.winners})
        table = pd.concat([table, winners], axis=1).assign(winners=distinct)
        return table[distinct > 1].sort_values("name", ignore_index=True)

    def to_dict(self) -> dict[str, Any]:
        first = self.first
        return {
            "models": self.models,
            "baseline": first.baseline.election_id,
            "inputs": dict(first.inputs),
            "targets": first.targets.to_dict(),
            "totals": self.totals.to_dict(orient="records"),
            "majority": {name: p.majority for name, p in self.projections.items()},
            "disputed_seats": len(self.disputed),
            "disputed": self.disputed.to_dict(orient="records"),
            "params": {name: dict(p.params) for name, p in self.projections.items()},
        }


def compare_models(data: Dataset, models: Sequence[str] | None = None,
                   **options: Any) -> ModelComparison:
    """Project with each of ``models`` (default: every model, the default one first) on the same
    inputs; ``options`` are :func:`~swingometer.forecast.projection.project`'s (shares, as_of,
    nations, baseline, normalise, byelections, poll_window)."""
    if "model" in options:
        raise AnalysisError("a comparison runs every model in models; it takes no single model")
    chosen = list(models) if models else [DEFAULT_MODEL, *sorted(set(MODELS) - {DEFAULT_MODEL})]
    unknown = [m for m in chosen if m not in MODELS]
    if unknown:
        raise AnalysisError(f"model must be one of {', '.join(sorted(MODELS))} "
                            f"(got {', '.join(map(repr, unknown))})")
    if len(set(chosen)) != len(chosen):
        raise AnalysisError(f"each model once (got {', '.join(chosen)})")
    return ModelComparison({name: project(data, model=name, **options) for name in chosen})
