"""The Batley and Spen story, the demo's: the 2021 by-election against 2019, the seat's 2024
successors and their results, the 2024 totals, how safe the successors looked on the final polls
before 2024 and how they look on the latest polls (in every model too), and a hex map of the 2024
winners with the two labelled.

>>> import swingometer
>>> from swingometer.scenarios.story import batley_and_spen
>>> story = batley_and_spen(swingometer.Dataset(), sims=1_000)
>>> story.report.result.majority, story.names
(323, ['Spen Valley', 'Dewsbury and Batley'])
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from swingometer.dataset import Dataset
from swingometer.exceptions import AnalysisError
from swingometer.forecast.comparison import ModelComparison, compare_models
from swingometer.forecast.simulate import SimulationResult, simulate_election
from swingometer.results.history import ByElectionReport
from swingometer.results.seats import SeatResult
from swingometer.results.totals import NationalTotals

__all__ = ["BEFORE_2024", "Story", "batley_and_spen", "story_map"]

# the day of the final polls before the 2024 general election
BEFORE_2024 = "2024-07-04"


@dataclass(frozen=True, eq=False)
class Story:
    """What the story shows; ``chances`` and ``now`` hold the two successors' rows of the
    simulations' seat tables (before 2024, and from the latest polls)."""

    report: ByElectionReport
    successors: tuple[tuple[SeatResult, float], ...]
    national: NationalTotals
    before_2024: SimulationResult
    latest: SimulationResult
    # every model on the latest polls: how much the answer depends on the model
    models: ModelComparison

    @property
    def names(self) -> list[str]:
        return [result.name for result, _ in self.successors]

    @property
    def chances(self) -> pd.DataFrame:
        return self.before_2024.seat_table().set_index("name").loc[self.names]

    @property
    def now(self) -> pd.DataFrame:
        return self.latest.seat_table().set_index("name").loc[self.names]

    @property
    def by_model(self) -> dict[str, dict[str, str]]:
        """Each of the two seats' projected winner in each model, on the latest polls."""
        return {name: self.models.winners(name) for name in self.names}

    def winner_2024(self, name: str) -> str:
        return next(r.winner.party_code for r, _ in self.successors if r.name == name)

    def to_dict(self) -> dict:
        projection = self.latest.projection
        return {
            "byelection": self.report.to_dict(),
            "successors_2024": [r.to_dict() | {"population_weight": round(w, 4)}
                                for r, w in self.successors],
            "totals_2024": self.national.to_dict(),
            "odds_before_2024": {"seed": self.before_2024.seed, "sims": self.before_2024.sims,
                                 "seats": self.chances.reset_index().to_dict(orient="records")},
            "odds_from_latest_polls": {"seed": self.latest.seed, "sims": self.latest.sims,
                                       "seats": self.now.reset_index().to_dict(orient="records")},
            "projection": projection.to_dict(seats=False)
            | {"seats": [row for row in projection.seats().to_dict(orient="records")
                         if row["name"] in set(self.names)]},
            "models_from_latest_polls": {
                "totals": self.models.totals.to_dict(orient="records"),
                "disputed_seats": len(self.models.disputed), "seats": self.by_model}}


def batley_and_spen(data: Dataset, sims: int = 10_000, seed: int = 0) -> Story:
    """The story from ``data``, its two simulations of ``sims`` runs seeded with ``seed``."""
    return Story(
        report=data.byelection("Batley and Spen", "2021-07-01"),
        successors=tuple(data.successors("Batley and Spen", "2024")),
        national=data.totals("2024", "uk"),
        before_2024=simulate_election(data, as_of=BEFORE_2024, sims=sims, seed=seed),
        latest=simulate_election(data, as_of="latest", sims=sims, seed=seed),
        models=compare_models(data, as_of="latest"))


def story_map(data: Dataset, story: Story, path: str | Path) -> Path:
    """Write the map of the 2024 winners with the story's two seats labelled to ``path`` (.svg
    or .png); the path written. An ``OSError`` where the file cannot be written."""
    from swingometer.pictures.maps import build_map
    from swingometer.pictures.maps.render import FORMATS

    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise AnalysisError(f"the map must be written to a .svg or .png file (got {str(path)!r})")
    return build_map(data, "2024", "winner", labels=story.names).save(path).resolve()
