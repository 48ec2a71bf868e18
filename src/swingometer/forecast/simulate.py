"""Monte Carlo simulation of an election around a projection.

Each simulated election adds to the projected seat shares (a :class:`~swingometer.forecast.projection.
Projection`) a national error common to every seat, drawn from a multivariate Student-t over the
parties (a GB point of the SNP's or Plaid's is worth as much in their own nation's seats as the
models make it, about 11 and 20 points); an error common to the seats of Scotland, of Wales and of
each English region; a seat error drawn independently for every seat and party (also Student-t);
and, when the projection's model reports one (:meth:`~swingometer.forecast.models.SeatModel.sensitivity`), a
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

import os
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from swingometer.data.context import History
from swingometer.exceptions import AnalysisError
from swingometer.forecast.error_model import ErrorModel, national_errors
from swingometer.forecast.models import (
    SeatShares,
    english_regions,
)
from swingometer.forecast.projection import MAJORITY, Projection, project
from swingometer.forecast.ratings import rating
from swingometer.forecast.simulation_kernel import BLOCK, _prepare, _run_block, t_scales

__all__ = ["BLOCK", "MAX_SIMS", "MAX_WORKERS", "ErrorModel", "SimulationResult", "check_run", "draw_shares",
           "english_regions", "national_errors", "simulate", "simulate_election", "t_scales"]

# the most simulations a run takes unless told otherwise
MAX_SIMS = 10_000_000
# the most worker processes a run may ask for; it starts no more than it has blocks or CPUs
MAX_WORKERS = 64


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


def _end_with_parent(parent: int, every: float = 0.2) -> None:
    """In a worker: end when the process that started it has gone (killed, say), rather than
    wait for work forever as an orphan. A forked worker holds its own copy of the queue's pipe,
    so the parent's death alone never wakes it."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def check_run(sims: Any, seed: Any, max_sims: int = MAX_SIMS) -> None:
    """Refuse a number of simulations or a seed that cannot be run, before any work is done."""
    if not isinstance(sims, (int, np.integer)) or isinstance(sims, bool) or sims <= 0:
        raise AnalysisError(f"sims must be a whole number above 0 (got {sims!r})")
    if sims > max_sims:
        raise AnalysisError(f"sims must be at most {max_sims:,} (got {sims:,}); raise the cap "
                            f"(max_sims) if you mean it", option="max_sims")
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise AnalysisError(f"seed must be a whole number >= 0 (got {seed!r})")


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
    if not isinstance(workers, (int, np.integer)) or not 1 <= workers <= MAX_WORKERS:
        error = AnalysisError(f"workers must be a whole number from 1 to {MAX_WORKERS} "
                              f"(got {workers!r})")
        error.option = "workers"
        raise error
    seats: SeatShares = projection.projected
    work, parties, fixed, live = _prepare(projection, errors)
    frozen = np.flatnonzero(seats.frozen)
    blocks = -(-sims // BLOCK)
    # no more processes than there are blocks to draw or CPUs to draw them
    workers = min(int(workers), blocks, os.cpu_count() or 1)
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
        pool = ProcessPoolExecutor(workers, initializer=_end_with_parent,
                                   initargs=(os.getpid(),))
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
    shares, or ``"today"``; see :func:`~swingometer.forecast.projection.project`), estimate the error
    model from the elections before that date (all of them, with shares), and simulate."""
    check_run(sims, seed, max_sims)
    projection = project(data, shares=shares, as_of=as_of, model=model, nations=nations,
                         normalise=normalise, byelections=byelections, poll_window=poll_window)
    day = None if shares is not None else projection.inputs["as_of"]
    history = data.before(day) if day else data
    errors = ErrorModel.estimate(history, model)
    return simulate(projection, errors, sims, seed, max_sims, workers, progress)
