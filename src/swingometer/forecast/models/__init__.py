"""Seat models: from national shares to seat-by-seat shares, one contract for all.

>>> from swingometer.forecast.models import MODELS
>>> sorted(MODELS)
['proportional', 'regression', 'strong-transition', 'tactical', 'transition', 'uniform']
"""

from swingometer.forecast.models._base import (
    DEFAULT_MODEL,
    SeatModel,
    Sensitivity,
)
from swingometer.forecast.models._shares import (
    HOME_NATIONS,
    MODEL_PARTIES,
    SeatShares,
    election_pairs,
    english_regions,
    history_shares,
    model_party,
    model_votes,
    seat_shares,
    share_party,
)
from swingometer.forecast.models._targets import (
    Targets,
    actual_targets,
    resolve_targets,
)
from swingometer.forecast.models.regression import Regression
from swingometer.forecast.models.swing import ProportionalSwing, UniformSwing
from swingometer.forecast.models.tactical import BASES, Tactical
from swingometer.forecast.models.transition import StrongTransition, Transition

MODELS: dict[str, type[SeatModel]] = {**BASES, Tactical.name: Tactical}

__all__ = [
    "DEFAULT_MODEL",
    "HOME_NATIONS",
    "MODELS",
    "MODEL_PARTIES",
    "ProportionalSwing",
    "Regression",
    "SeatModel",
    "SeatShares",
    "Sensitivity",
    "StrongTransition",
    "Tactical",
    "Targets",
    "Transition",
    "UniformSwing",
    "actual_targets",
    "election_pairs",
    "english_regions",
    "history_shares",
    "model_party",
    "model_votes",
    "resolve_targets",
    "seat_shares",
    "share_party",
]
