"""The ways of averaging polls: small functions with one signature, chosen by name.

Each takes the usable polls (:class:`~swingometer.forecast.polls._frame.PollFrame`), the day of the average
(polls ending on it or later are never used) and the :class:`Options`, and returns an
:class:`Estimate`. House effects, when asked for, are subtracted from each poll before it is used.

- ``mean``: the plain mean of the polls that ended in the ``window_days`` before the day.
- ``weighted``: a poll's weight halves every ``half_life_days`` of age and grows with the square
  root of its sample, up to ``sample_cap``; a pollster's polls together weigh at most
  ``pollster_cap`` fresh 1,000-sample polls, so a daily tracker cannot swamp the field.
- ``kalman``: a local-level (random-walk) model of each party's share, filtered forward through
  the polls of the ``window_days`` before the day. A poll's error is its sampling error (sample up
  to ``sample_cap``) plus ``poll_sd`` of non-sampling error, inflated for a pollster with several
  polls in a week as ``weighted`` caps it; the share drifts by ``drift_sd`` points a day.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from swingometer.forecast.polls._frame import PollFrame

__all__ = ["METHODS", "Estimate", "Options"]


@dataclass(frozen=True)
class Options:
    """The settings of every method (each uses the ones its notes name)."""

    window_days: int = 7
    half_life_days: float = 3.0
    sample_cap: int = 2_500
    pollster_cap: float = 1.0
    drift_sd: float = 0.8
    poll_sd: float = 0.5


@dataclass(frozen=True, eq=False)
class Estimate:
    """A method's shares (NaN for a party no poll used reported), their standard errors (or
    None), and the rows of the polls used with their weights (equal for ``mean``)."""

    shares: np.ndarray
    sd: np.ndarray | None
    rows: np.ndarray
    weights: np.ndarray


Method = Callable[[PollFrame, np.ndarray, str, Options], Estimate]


def _weighted_mean(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    present = ~np.isnan(values)
    total = (present * weights[:, None]).sum(axis=0)
    mean = (np.nan_to_num(values) * weights[:, None]).sum(axis=0) / np.maximum(total, 1e-300)
    return np.where(present.any(axis=0), mean, np.nan)


def _rows(frame: PollFrame, day: str, days: int) -> np.ndarray:
    window = frame.before(day, days)
    return np.arange(window.start, window.stop)


def mean(frame: PollFrame, shares: np.ndarray, day: str, options: Options) -> Estimate:
    rows = _rows(frame, day, options.window_days)
    weights = np.ones(len(rows))
    return Estimate(_weighted_mean(shares[rows], weights), None, rows, weights)


def _sample_factor(samples: np.ndarray, cap: int) -> np.ndarray:
    """sqrt(n / 1000) with n capped; an unknown sample counts as 1,000."""
    return np.sqrt(np.minimum(np.nan_to_num(samples, nan=1000.0), cap) / 1000.0)


def poll_weights(frame: PollFrame, rows: np.ndarray, day: str, options: Options) -> np.ndarray:
    """``weighted``'s weight of each poll in ``rows``: recency times sample, each pollster's total
    capped at ``pollster_cap``."""
    ages = (np.datetime64(day) - frame.ends[rows].astype("datetime64[D]")).astype(float)
    weights = 0.5 ** (ages / options.half_life_days) * _sample_factor(frame.samples[rows],
                                                                      options.sample_cap)
    names, inverse = np.unique(frame.pollsters[rows], return_inverse=True)
    totals = np.bincount(inverse, weights=weights, minlength=len(names))
    scale = np.minimum(1.0, options.pollster_cap / np.maximum(totals, 1e-300))
    return weights * scale[inverse]


def weighted(frame: PollFrame, shares: np.ndarray, day: str, options: Options) -> Estimate:
    rows = _rows(frame, day, options.window_days)
    weights = poll_weights(frame, rows, day, options)
    values = shares[rows]
    average = _weighted_mean(values, weights)
    present = ~np.isnan(values)
    w = present * weights[:, None]
    spread = _weighted_mean((values - average) ** 2, weights)
    effective = w.sum(axis=0) ** 2 / np.maximum((w ** 2).sum(axis=0), 1e-300)
    sd = np.sqrt(spread / np.maximum(effective, 1.0))
    return Estimate(average, sd, rows, weights)


def kalman(frame: PollFrame, shares: np.ndarray, day: str, options: Options) -> Estimate:
    rows = _rows(frame, day, options.window_days)
    values = shares[rows]
    days = frame.ends[rows].astype("datetime64[D]").astype(np.int64)
    n = np.minimum(np.nan_to_num(frame.samples[rows], nan=1000.0), options.sample_cap)
    crowd = _crowding(frame.pollsters[rows], days)
    q = options.drift_sd ** 2
    level = np.full(values.shape[1], np.nan)
    variance = np.full(values.shape[1], np.nan)
    last = days[0] if len(days) else 0
    for i in range(len(rows)):
        y = values[i]
        seen = ~np.isnan(y)
        r = (np.clip(y, 1, 99) * (100 - np.clip(y, 1, 99)) / n[i]
             + options.poll_sd ** 2) * max(1.0, crowd[i] / options.pollster_cap)
        variance = variance + q * (days[i] - last)
        last = days[i]
        new = seen & np.isnan(level)
        level[new], variance[new] = y[new], r[new]
        update = seen & ~new
        gain = variance[update] / (variance[update] + r[update])
        level[update] += gain * (y[update] - level[update])
        variance[update] *= 1 - gain
    if len(rows):
        variance = variance + q * (np.datetime64(day).astype(np.int64) - last)
    return Estimate(level, np.sqrt(variance), rows, 1.0 / np.maximum(crowd, 1.0))


def _crowding(pollsters: np.ndarray, days: np.ndarray) -> np.ndarray:
    """How many polls each poll's pollster ended in the 7 days up to it (itself included)."""
    out = np.ones(len(days))
    for name in np.unique(pollsters):
        mine = np.flatnonzero(pollsters == name)
        when = days[mine]
        out[mine] = np.arange(1, len(mine) + 1) - np.searchsorted(when, when - 6)
    return out


METHODS: Mapping[str, Method] = {"kalman": kalman, "mean": mean, "weighted": weighted}
