"""Seat models: from national shares to seat-by-seat shares, one contract for all.

>>> from swingometer.models import MODELS
>>> sorted(MODELS)
['proportional', 'strong-transition', 'transition', 'uniform']
"""

from swingometer.models._base import (
    MODEL_PARTIES,
    SeatModel,
    SeatShares,
    Targets,
    model_party,
    resolve_targets,
    seat_shares,
)
from swingometer.models.swing import ProportionalSwing, UniformSwing
from swingometer.models.transition import StrongTransition, Transition

MODELS: dict[str, type[SeatModel]] = {
    m.name: m for m in (UniformSwing, ProportionalSwing, Transition, StrongTransition)
}
DEFAULT_MODEL = "transition"

__all__ = [
    "DEFAULT_MODEL",
    "MODELS",
    "MODEL_PARTIES",
    "ProportionalSwing",
    "SeatModel",
    "SeatShares",
    "StrongTransition",
    "Targets",
    "Transition",
    "UniformSwing",
    "model_party",
    "resolve_targets",
    "seat_shares",
]
