"""The simulator's kernel: the plan of one projection's draws and the work of one block of
simulations, in single precision, a chunk of simulations and one party at a time (see
:mod:`swingometer.forecast.simulate`, whose functions call it)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import pairwise

import numpy as np

from swingometer.exceptions import AnalysisError
from swingometer.forecast.error_model import ErrorModel, home_scale
from swingometer.forecast.projection import Projection

__all__ = ["BLOCK", "t_scales"]

BLOCK = 1_000
# simulations a block draws together, one party at a time (a party's seat values stay in cache)
CHUNK = 250
# the share of its span of seats a party must stand in for every seat of the span to be drawn
DENSE = 0.9
# a move of the model's strength smaller than this (points) is dropped: the re-centring's dust
DUST = 0.01
# the share of its span a party's moves must reach for them to be added to every seat of the span
# at once (cheaper than placing them one by one beyond about a quarter)
MOVES_DENSE = 0.25
# how many scales of the seat error's Student-t (see t_scales)
SCALES = 4_096


def t_scales(df: float, count: int = SCALES) -> np.ndarray:
    """Scales that make a standard normal a Student-t with ``df`` degrees of freedom (``df`` > 2)
    and a standard deviation of 1, when one of them, picked at random, multiplies it.

    A t is a normal over sqrt(X / df), X a chi-square with ``df`` degrees of freedom; its variance
    is df / (df - 2). The scales are sqrt((df - 2) / X) at the midpoints of ``count`` slices of
    X's distribution of equal probability (X's quantiles found by integrating its density on a
    fine grid), rescaled so their mean square is exactly 1. Picking one costs a random integer,
    several times less than drawing a chi-square; the mixture matches the t up to its 99.99th
    percentile (beyond, the largest scale, about 5.8 for 5 degrees of freedom, bounds it).
    An infinite ``df`` gives the normal (every scale 1).
    """
    if np.isinf(df):
        return np.ones(count)
    if not df > 2:
        raise AnalysisError(f"degrees of freedom of a Student-t error must be above 2, so it has "
                            f"a standard deviation (got {df!r})")
    half = df / 2  # X / 2 is a gamma(df / 2)
    x = np.linspace(0.0, half + 50 * np.sqrt(half) + 50, 2 ** 17)
    density = np.zeros_like(x)
    density[1:] = np.exp((half - 1) * np.log(x[1:]) - x[1:] - math.lgamma(half))
    cdf = np.concatenate([[0.0], np.cumsum((density[1:] + density[:-1]) / 2 * np.diff(x))])
    quantiles = np.interp((np.arange(count) + 0.5) / count, cdf / cdf[-1], x)
    scales = np.sqrt((df - 2) / (2 * quantiles))
    return scales / np.sqrt(np.mean(scales ** 2))


@dataclass(frozen=True)
class _Plan:
    """How one party's seat errors are drawn: over ``span``, the seats from the first it stands
    in to the last; at the positions ``draws`` of the span where it stands, or, if it stands in
    at least :data:`DENSE` of them, at every one (the few extra draws cost less than placing the
    others; where it does not stand its share stays -inf). ``runs``: the span's seats of each
    area (the seats sharing a nation's or a region's error), as slices of the span;
    ``moved``: the positions of the span where the model's own uncertainty moves the party's
    share by :data:`DUST` or more, or None for every position when that is at least
    :data:`MOVES_DENSE` of them; ``by``, how far for one standard deviation (single precision)."""

    party: int
    span: slice
    draws: np.ndarray | None
    runs: tuple[tuple[int, slice], ...]
    moved: np.ndarray | None
    by: np.ndarray

    @classmethod
    def of(cls, party: int, seats: np.ndarray, area_index: np.ndarray,
           sensitivity: np.ndarray | None = None) -> _Plan:
        span = slice(int(seats[0]), int(seats[-1]) + 1)
        areas = area_index[span]
        edges = [0, *(np.flatnonzero(np.diff(areas)) + 1).tolist(), len(areas)]
        runs = tuple((int(areas[a]), slice(a, b)) for a, b in pairwise(edges))
        dense = len(seats) >= DENSE * len(areas)
        by = np.zeros(len(areas)) if sensitivity is None else sensitivity[span]
        by = np.where(np.abs(by) >= DUST, by, 0.0)
        moved = np.flatnonzero(by)
        if len(moved) >= MOVES_DENSE * len(areas):
            return cls(party, span, None if dense else seats - span.start, runs, None,
                       by.astype(np.float32))
        return cls(party, span, None if dense else seats - span.start, runs, moved,
                   by[moved].astype(np.float32))


@dataclass(frozen=True)
class _Work:
    """Everything a worker needs to simulate some blocks (picklable, for worker processes).

    ``shares`` are the projected shares of the seats the errors move (seats x model parties), in
    the order of ``area_index``, each seat's area: an entry of ``areas``, a nation (0 England, 1
    Scotland, 2 Wales) and the English region (0 to ``regions`` - 1; -1 for none) whose errors
    its seats share; ``model_column`` maps a model party to its column in the result.
    ``home`` is how much a point of GB share is in each nation (nations x model parties): one,
    except for the SNP in Scotland and Plaid in Wales, which stand nowhere else, so that a point
    of their GB share is GB's votes over the nation's points there (about 11 for the SNP), as the
    models scale them (:meth:`~swingometer.forecast.models.SeatModel.nation_targets`). ``sensitivity``:
    the change in every seat's shares (same order) for one standard deviation of the model's own
    strength, already times the error model's ``model_sd``; None for none. The strength is drawn
    from a Student-t with ``strength_df`` degrees of freedom (normal if infinite), kept within
    ``strength_range`` (in the same units).
    """

    shares: np.ndarray
    area_index: np.ndarray
    areas: tuple[tuple[int, int], ...]
    regions: int
    factor: np.ndarray
    errors: ErrorModel
    model_column: np.ndarray
    n_parties: int
    home: np.ndarray
    sensitivity: np.ndarray | None = None
    strength_df: float = np.inf
    strength_range: tuple[float, float] = (-np.inf, np.inf)

    @cached_property
    def layout(self) -> tuple[np.ndarray, list[_Plan]]:
        """The projected shares party by party (parties x seats, single precision, -inf where the
        party does not stand, so it can never win there) and how each party's seats are drawn."""
        if (np.diff(self.area_index) < 0).any():
            raise ValueError("the seats must come area by area (area_index sorted)")
        standing = self.shares > 0
        base = np.where(standing, self.shares, -np.inf).T.astype(np.float32)
        moved = (np.zeros(self.shares.shape) if self.sensitivity is None
                 else np.where(standing, self.sensitivity, 0.0))
        return np.ascontiguousarray(base), [
            _Plan.of(party, np.flatnonzero(column), self.area_index, moved[:, party])
            for party, column in enumerate(standing.T) if column.any()]

    @cached_property
    def scales(self) -> np.ndarray:
        """The seat error's Student-t scales, in single precision."""
        return t_scales(self.errors.seat_df).astype(np.float32)

    def national(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """The error common to each area's seats in ``size`` simulations (simulations x areas x
        parties): the GB error, plus Scotland's or Wales's own, or an English region's."""
        errors, k = self.errors, self.shares.shape[1]
        df = errors.national_df
        # Student-t draws are a normal over sqrt(chi-square / df); scaled by sqrt((df - 2) / df)
        # so their standard deviation, not just their scale, is the error model's
        z = rng.standard_normal((size, k)) @ self.factor.T
        national = (z * np.sqrt((df - 2) / rng.chisquare(df, (size, 1)))).astype(np.float32)
        local = []
        for count, sd in ((3, errors._nation_sd()), (self.regions + 1, errors._region_sd())):
            error = rng.standard_normal((size, count, k), dtype=np.float32)
            error *= (sd * np.sqrt(k / (k - 1))).astype(np.float32)
            error -= error.mean(axis=2, keepdims=True)  # an area's errors keep its total
            error *= np.sqrt((df - 2) / rng.chisquare(df, (size, count, 1))).astype(np.float32)
            local.append(error)
        nation, region = local
        nation[:, 0] = 0.0  # England takes the GB error
        region[:, -1] = 0.0  # region -1: none (Scotland's and Wales's seats)
        countries, regions = np.array(self.areas).T
        national = national[:, None] * self.home[countries].astype(np.float32)
        return national + nation[:, countries] + region[:, regions]

    def values(self, rng: np.random.Generator,
               size: int) -> Iterator[tuple[int, int, _Plan, np.ndarray]]:
        """One block's simulated shares, before clipping at zero and rescaling to 100 (which
        change no winner, so the simulator skips them), one party and :data:`CHUNK` simulations
        at a time: ``(start, stop, plan, values)``, ``values`` the party's share in the seats of
        its ``plan.span`` in simulations ``start:stop`` of the block (-inf where it does not
        stand).

        A seat's share is its projected share, plus its area's error (:meth:`national`), plus
        the seat error, a Student-t: a normal drawn where the party stands, times a scale common
        to the seat's parties in that simulation, one of the :func:`t_scales` picked at random.
        ``values`` is overwritten by the next step: use it before asking for more.
        """
        base, plans = self.layout
        n = self.shares.shape[0]
        area = self.national(rng, size)
        # the model's own strength, in standard deviations, when it has one to be unsure of
        strength = None
        if self.sensitivity is not None:
            df = self.strength_df
            drawn = rng.standard_normal(size) if np.isinf(df) else rng.standard_t(df, size)
            strength = np.clip(drawn, *self.strength_range).astype(np.float32)
        sd = self.errors.seat_sd.astype(np.float32)
        scales = self.scales
        buffer = np.zeros(min(CHUNK, size) * n, dtype=np.float32)
        for start in range(0, size, CHUNK):
            stop = min(start + CHUNK, size)
            rows = stop - start
            scale = scales[rng.integers(0, len(scales), (rows, n), dtype=np.uint16)]
            for plan in plans:
                span, party = plan.span, plan.party
                values = buffer[:rows * (span.stop - span.start)].reshape(rows, -1)
                if plan.draws is None:
                    rng.standard_normal(dtype=np.float32, out=values)
                else:
                    values.fill(0.0)
                    values[:, plan.draws] = rng.standard_normal((rows, len(plan.draws)),
                                                                dtype=np.float32)
                values *= scale[:, span]
                values *= sd[party]
                values += base[party, span]
                for index, run in plan.runs:
                    values[:, run] += area[start:stop, index, party, None]
                if strength is None:
                    pass
                elif plan.moved is None:
                    values += strength[start:stop, None] * plan.by
                elif len(plan.moved):
                    values[:, plan.moved] += strength[start:stop, None] * plan.by
                yield start, stop, plan, values

    def winners(self, child: np.random.SeedSequence, size: int) -> np.ndarray:
        """The winning model party (its index) of every seat in each of ``size`` simulations."""
        n = self.shares.shape[0]
        best = np.full((size, n), -np.inf, dtype=np.float32)
        winner = np.zeros((size, n), dtype=np.int8)
        above = np.empty(min(CHUNK, size) * n, dtype=bool)
        for start, stop, plan, values in self.values(np.random.default_rng(child), size):
            leading = best[start:stop, plan.span]
            higher = above[:(stop - start) * values.shape[1]].reshape(values.shape)
            np.greater(values, leading, out=higher)  # strictly: a tie keeps the earlier party
            np.maximum(leading, values, out=leading)
            np.putmask(winner[start:stop, plan.span], higher, plan.party)
        return winner

    def shares_drawn(self, child: np.random.SeedSequence, size: int) -> np.ndarray:
        """The same simulations' shares (simulations x seats x model parties), clipped at zero
        (so 0 where a party does not stand), rows not yet rescaled."""
        out = np.zeros((size, *self.shares.shape))
        for start, stop, plan, values in self.values(np.random.default_rng(child), size):
            out[start:stop, plan.span, plan.party] = np.maximum(values, 0)
        return out


def _run_block(work: _Work, child: np.random.SeedSequence, size: int) -> tuple[np.ndarray,
                                                                              np.ndarray]:
    """One block: the per-simulation party totals of the live seats, and their win counts
    (seats x result party columns, flattened)."""
    winners = work.winners(child, size).astype(np.intp)
    n_live, k = work.shares.shape
    key = winners + (np.arange(size) * k)[:, None]
    per_sim = np.zeros((size, work.n_parties), dtype=np.int32)
    per_sim[:, work.model_column] = np.bincount(key.ravel(), minlength=size * k).reshape(size, k)
    np.add(winners, (np.arange(n_live) * k)[None, :], out=key)
    wins = np.zeros((n_live, work.n_parties), dtype=np.int64)
    wins[:, work.model_column] = np.bincount(key.ravel(), minlength=n_live * k).reshape(n_live, k)
    return per_sim, wins.ravel()


def _prepare(projection: Projection,
             errors: ErrorModel) -> tuple[_Work, list[str], np.ndarray, np.ndarray]:
    """The worker's inputs, the result's party columns, each seat's fixed winner column, and the
    seats the errors move (all but Northern Ireland's and the Speaker's), in the worker's order:
    area by area, so that each area's seats are one run."""
    seats = projection.projected
    parties = sorted(set(seats.parties) | set(seats.winners))
    column = {p: i for i, p in enumerate(parties)}
    fixed = np.array([column.get(w, -1) for w in seats.winners])
    live = np.flatnonzero(~seats.frozen)
    values, vectors = np.linalg.eigh(errors.national_cov)
    nation = np.select([seats.nations[live] == "Scotland", seats.nations[live] == "Wales"],
                       [1, 2], 0)
    region = (np.full(len(live), "", dtype=object) if seats.regions is None
              else seats.regions[live])
    names = sorted(set(region) - {""})
    region_index = np.array([names.index(r) if r else -1 for r in region], dtype=int)
    areas = sorted(set(zip(nation.tolist(), region_index.tolist())))
    area_index = np.array([areas.index(a) for a in zip(nation.tolist(), region_index.tolist())],
                          dtype=int)
    order = np.argsort(area_index, kind="stable")
    work = _Work(seats.shares[live[order]], area_index[order], tuple(areas), len(names),
                 vectors * np.sqrt(np.clip(values, 0, None)), errors,
                 np.array([column[p] for p in seats.parties]), len(parties),
                 home_scale(projection.baseline))
    found = projection.sensitivity
    if found is not None and errors.model_sd:
        work = replace(work, sensitivity=errors.model_sd * found.change[live[order]],
                       strength_df=found.df,
                       strength_range=(found.low / errors.model_sd, found.high / errors.model_sd))
    return work, parties, fixed, live[order]
