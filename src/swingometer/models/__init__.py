"""Seat models: from national shares to seat-by-seat shares, one contract for all.

>>> from swingometer.models import MODELS
>>> sorted(MODELS)
['proportional', 'regression', 'strong-transition', 'tactical', 'transition', 'uniform']
"""

from swingometer.models._base import (
    DEFAULT_MODEL,
    SeatModel,
    Sensitivity,
)
from swingometer.models._shares import (
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
from swingometer.models._targets import (
    Targets,
    actual_targets,
    resolve_targets,
)
from swingometer.models.regression import Regression
from swingometer.models.swing import ProportionalSwing, UniformSwing
from swingometer.models.tactical import BASES, Tactical
from swingometer.models.transition import StrongTransition, Transition

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
