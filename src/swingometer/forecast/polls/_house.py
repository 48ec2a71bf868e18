"""House effects: how far each pollster's figures sit from the rest of the field.

A poll's residual is its share less the mean of the other pollsters' polls that ended within
``span_days`` of it. A pollster's house effect for a party is the sum of its residuals over the
``days`` before the day of the average, divided by their number plus ``shrink`` (so a pollster with
a few polls is pulled towards no effect). Only polls that ended before that day are used, so an
average never learns from its own future. The effects are relative to the field, not to any
result: how far the field as a whole misses is the simulator's national error.
"""

from __future__ import annotations

import numpy as np

from swingometer.forecast.polls._frame import PollFrame

__all__ = ["house_effects"]


def house_effects(frame: PollFrame, day: str, days: int = 365, span_days: int = 7,
                  shrink: float = 5.0) -> dict[str, np.ndarray]:
    """Each pollster's effect (points, by :data:`~swingometer.forecast.polls._frame.PARTIES`, 0 where it
    cannot be measured) from the polls of the ``days`` before ``day``."""
    window = frame.before(day, days)
    values = frame.shares[window]
    names = frame.pollsters[window]
    when = frame.ends[window].astype("datetime64[D]").astype(np.int64)
    if len(when) < 2:
        return {}
    near = np.abs(when[:, None] - when[None, :]) <= span_days
    near &= names[:, None] != names[None, :]
    present = ~np.isnan(values)
    count = near.astype(float) @ present
    reference = (near.astype(float) @ np.nan_to_num(values)) / np.maximum(count, 1)
    residual = np.where(present & (count > 0), values - reference, np.nan)
    effects = {}
    for name in np.unique(names):
        mine = residual[names == name]
        measured = ~np.isnan(mine)
        effects[str(name)] = np.nansum(mine, axis=0) / (measured.sum(axis=0) + shrink)
    return effects
