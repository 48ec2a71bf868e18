"""Monte Carlo simulation of an election around a projection.

Each simulated election adds to the projected seat shares (a :class:`~swingometer.projection.
Projection`) a national error common to every seat, drawn from a multivariate Student-t over the
parties (a GB point of the SNP's or Plaid's is worth as much in their own nation's seats as the
models make it, about 11 and 20 points); an error common to the seats of Scotland, of Wales and of
each English region; a seat error drawn independently for every seat and party (also Student-t);
and, when the projection's model reports one (:meth:`~swingometer.models.SeatModel.sensitivity`), a
draw of the model's own fitted strength (Student-t, as its spread is measured on few elections)
moving every seat together; then takes each seat's winner.
Errors apply only where a party stands (seat errors are drawn only there); shares are clipped at
zero and rows rescaled to 100 (which does not change a winner). Northern Ireland's and the
Speaker's seats keep their projected winner.

Randomness is always the caller's: ``seed`` feeds a :class:`numpy.random.SeedSequence` whose
children each drive one fixed block of ``BLOCK`` simulations, so a seed gives the same numbers
whatever the number of blocks or of worker processes. The error model is estimated from history
only (see :meth:`ErrorModel.estimate`).

Speed: a block is worked through ``CHUNK`` simulations and one party at a time, in single
precision, keeping the running best share of every seat, so the working arrays stay in the
processor's cache and no simulations x seats x parties array is ever made
(``benchmarks/simulate.py``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd

from swingometer.context import History
from swingometer.error_model import ErrorModel, home_scale, national_errors
from swingometer.exceptions import AnalysisError
from swingometer.models import (
    SeatShares,
    english_regions,
)
from swingometer.projection import MAJORITY, Projection, project
from swingometer.ratings import rating

__all__ = ["BLOCK", "MAX_SIMS", "ErrorModel", "SimulationResult", "check_run", "draw_shares",
           "english_regions", "national_errors", "simulate", "simulate_election", "t_scales"]

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
# the most simulations a run takes unless told otherwise
MAX_SIMS = 10_000_000
@dataclass(frozen=True)
class SimulationResult:
    """What ``sims`` simulated elections around a projection gave, and how to reproduce them."""

    seed: int
    sims: int
    projection: Projection
    errors: ErrorModel
    wins: np.ndarray = field(repr=False)
    totals: np.ndarray = field(repr=False)

    @property
    def parties(self) -> list[str]:
        return sorted(set(self.projection.projected.parties)
                      | set(self.projection.projected.winners))

    @property
    def win_probability(self) -> pd.DataFrame:
        """Seats x parties: the share of simulations each party wins each seat (0 to 1)."""
        seats = self.projection.projected
        return pd.DataFrame(self.wins / self.sims, index=seats.gss_codes,
                            columns=self.parties)

    def seat_table(self) -> pd.DataFrame:
        """Every seat: code, name, projected winner, its win probability (%) and a rating."""
        probability = self.win_probability
        seats = self.projection.projected
        favourite = probability.idxmax(axis=1)
        chance = 100 * probability.max(axis=1)
        ratings = [f"{rating(c)} {p}" for p, c in zip(favourite, chance)]
        return pd.DataFrame({"gss_code": seats.gss_codes, "name": seats.names,
                             "projected": seats.winners, "favourite": favourite.to_numpy(),
                             "win_probability": chance.round(1).to_numpy(),
                             "rating": ratings})

    def to_dict(self, seats: bool = True) -> dict:
        """Plain data for JSON: everything needed to reproduce the run, and its results."""
        totals = self.seat_totals()
        out = {
            "seed": self.seed, "sims": self.sims, "model": self.projection.model,
            "baseline": self.projection.baseline.election_id,
            "inputs": dict(self.projection.inputs), "targets": self.projection.targets.to_dict(),
            "errors": self.errors.to_dict(),
            "model_strength": (None if self.projection.sensitivity is None
                               else self.projection.sensitivity.to_dict()),
            "p_majority": dict(zip(totals["party"], totals["p_majority"].round(4))),
            "p_largest": dict(zip(totals["party"], totals["p_largest"].round(4))),
            "totals": {r.party: {"mean": r.mean, "p5": r.p5, "p25": r.p25, "p50": r.p50,
                                 "p75": r.p75, "p95": r.p95} for r in totals.itertuples()},
        }
        if seats:
            probability = self.win_probability.round(4)
            table = self.seat_table()
            out["seats"] = [
                {"gss_code": code, "name": name, "rating": rating,
                 "win_probability": {p: v for p, v in probability.loc[code].items() if v > 0}}
                for code, name, rating in zip(table["gss_code"], table["name"], table["rating"])]
        return out

    def seat_totals(self) -> pd.DataFrame:
        """Seats by party: mean and the 5/25/50/75/95th percentiles over the simulations, and
        the probability of a majority (326+) and of being the largest party (a tie for first
        counts half to each)."""
        totals = self.totals
        largest = totals.max(axis=1, keepdims=True)
        leaders = (totals == largest) & (largest > 0)
        shares = leaders / leaders.sum(axis=1, keepdims=True)  # a tie for first is shared
        table = pd.DataFrame({
            "party": self.parties,
            "mean": totals.mean(axis=0).round(1),
            **{f"p{q}": np.percentile(totals, q, axis=0, method="inverted_cdf").astype(int)
               for q in (5, 25, 50, 75, 95)},
            "p_majority": (totals >= MAJORITY).mean(axis=0),
            "p_largest": shares.mean(axis=0),
        })
        return table.sort_values("mean", ascending=False, ignore_index=True)


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


def check_run(sims: Any, seed: Any, max_sims: int = MAX_SIMS) -> None:
    """Refuse a number of simulations or a seed that cannot be run, before any work is done."""
    if not isinstance(sims, (int, np.integer)) or isinstance(sims, bool) or sims <= 0:
        raise AnalysisError(f"sims must be a whole number above 0 (got {sims!r})")
    if sims > max_sims:
        raise AnalysisError(f"sims must be at most {max_sims:,} (got {sims:,}); raise the cap "
                            f"(max_sims) if you mean it", option="max_sims")
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise AnalysisError(f"seed must be a whole number >= 0 (got {seed!r})")


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
    models scale them (:meth:`~swingometer.models.SeatModel.nation_targets`). ``sensitivity``:
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


def draw_shares(projection: Projection, errors: ErrorModel, sims: int, seed: int) -> np.ndarray:
    """The simulated shares of every seat the errors move (sims x seats x model parties), clipped
    at zero, each row summing to 100: for inspection, the very draws :func:`simulate` makes with
    the same ``sims`` (at most :data:`BLOCK`) and ``seed``."""
    check_run(sims, seed, BLOCK)
    work, _, _, seats = _prepare(projection, errors)
    child = np.random.SeedSequence(seed).spawn(1)[0]
    shares = work.shares_drawn(child, sims)[:, np.argsort(seats)]  # back to the seats' order
    return 100 * shares / shares.sum(axis=2, keepdims=True)


def simulate(projection: Projection, errors: ErrorModel, sims: int, seed: int,
             max_sims: int = MAX_SIMS, workers: int = 1,
             progress: Callable[[int], None] | None = None) -> SimulationResult:
    """Simulate ``sims`` elections around ``projection``; the same seed, the same result.

    Simulations are drawn in blocks of :data:`BLOCK`, each from its own child of the seed, so
    memory stays bounded whatever ``sims``, and the numbers do not depend on how the blocks are
    grouped or on ``workers``, the number of processes that draw them. ``progress``, if given, is
    called with the number of simulations done after every block.
    """
    check_run(sims, seed, max_sims)
    if not isinstance(workers, (int, np.integer)) or workers < 1:
        raise AnalysisError(f"workers must be a whole number >= 1 (got {workers!r})")
    seats: SeatShares = projection.projected
    work, parties, fixed, live = _prepare(projection, errors)
    frozen = np.flatnonzero(seats.frozen)
    blocks = -(-sims // BLOCK)
    sizes = [min(BLOCK, sims - b * BLOCK) for b in range(blocks)]
    children = np.random.SeedSequence(seed).spawn(blocks)
    wins = np.zeros((len(seats.gss_codes), len(parties)), dtype=np.int64)
    wins[frozen, fixed[frozen]] = sims
    frozen_counts = np.bincount(fixed[frozen], minlength=len(parties)).astype(np.int32)
    totals = np.zeros((sims, len(parties)), dtype=np.int32)
    live_wins = np.zeros(len(live) * len(parties), dtype=np.int64)
    if workers == 1:
        outputs = (_run_block(work, c, n) for c, n in zip(children, sizes))
    else:
        pool = ProcessPoolExecutor(workers)
        outputs = pool.map(_run_block, [work] * blocks, children, sizes)
    try:
        for b, (per_sim, block_wins) in enumerate(outputs):
            totals[b * BLOCK:b * BLOCK + sizes[b]] = per_sim + frozen_counts
            live_wins += block_wins
            if progress is not None:
                progress(b * BLOCK + sizes[b])
    finally:
        if workers > 1:
            pool.shutdown(cancel_futures=True)
    wins[live] = live_wins.reshape(len(live), len(parties))
    return SimulationResult(int(seed), int(sims), projection, errors, wins, totals)


def simulate_election(data: History, shares: Mapping[str, float] | None = None,
                      as_of: str | None = None, model: str | None = None, sims: int = 10_000,
                      seed: int = 0, nations: Mapping[str, Mapping[str, float]] | None = None,
                      normalise: bool = False, max_sims: int = MAX_SIMS, workers: int = 1,
                      progress: Callable[[int], None] | None = None,
                      byelections: bool = True,
                      poll_window: int | None = None) -> SimulationResult:
    """Project from ``shares`` or the polls ``as_of`` a date (``"latest"``, the default without
    shares, or ``"today"``; see :func:`~swingometer.projection.project`), estimate the error
    model from the elections before that date (all of them, with shares), and simulate."""
    check_run(sims, seed, max_sims)
    projection = project(data, shares=shares, as_of=as_of, model=model, nations=nations,
                         normalise=normalise, byelections=byelections, poll_window=poll_window)
    day = None if shares is not None else projection.inputs["as_of"]
    history = data.before(day) if day else data
    errors = ErrorModel.estimate(history, model)
    return simulate(projection, errors, sims, seed, max_sims, workers, progress)
