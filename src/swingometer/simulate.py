"""Monte Carlo simulation of an election around a projection.

Each simulated election adds to the projected seat shares (a :class:`~swingometer.projection.
Projection`) a national error common to every seat, drawn from a multivariate Student-t over the
parties, and a seat error drawn independently for every seat and party (also Student-t), then takes
each seat's winner. Errors apply only where a party stands; shares are clipped at zero and rows
rescaled to 100 (which does not change a winner). Northern Ireland's and the Speaker's seats keep
their projected winner.

Randomness is always the caller's: ``seed`` feeds a :class:`numpy.random.SeedSequence` whose
children each drive one fixed block of ``BLOCK`` simulations, so a seed gives the same numbers
whatever the chunk size. The error model is estimated from history only (see
:meth:`ErrorModel.estimate`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from swingometer.exceptions import AnalysisError
from swingometer.models import (
    MODEL_PARTIES,
    SeatModel,
    SeatShares,
    actual_targets,
    election_pairs,
    history_shares,
    resolve_targets,
)
from swingometer.polls import poll_average
from swingometer.projection import MAJORITY, Projection, make_model, project

__all__ = ["BLOCK", "MAX_SIMS", "ErrorModel", "SimulationResult", "check_run", "draw_shares",
           "simulate", "simulate_election"]

BLOCK = 1_000
# Seat-level error (points) when the history holds no pair of elections to measure it on (a 2015
# backtest): a stated prior, not estimated from the shipped data, and named as such in the sources.
DEFAULT_SEAT_SD = 3.5
MAX_SIMS = 10_000_000
RATINGS = ((90.0, "safe"), (75.0, "likely"), (60.0, "lean"))


@dataclass(frozen=True)
class ErrorModel:
    """National and seat-level errors, in points of vote share, by model party.

    ``national_cov`` is the covariance of the national (GB) error across parties; its rows sum to
    zero, so national errors never change the total. ``nation_sd`` is the extra error common to
    the seats of Scotland, and separately of Wales, whose own swings depart from GB's (England is
    most of GB and takes the GB error). ``seat_sd`` is each party's seat-level error
    once the national error is known. Both are Student-t with the given degrees of freedom.
    """

    national_cov: np.ndarray
    seat_sd: np.ndarray
    nation_sd: np.ndarray | None = None
    national_df: float = 5.0
    seat_df: float = 5.0
    sources: tuple[str, ...] = ()
    parties: tuple[str, ...] = MODEL_PARTIES

    def without_national(self) -> ErrorModel:
        """The same model with no national error: for inputs that are the actual national
        shares."""
        return replace(self, national_cov=np.zeros_like(self.national_cov),
                       sources=self.sources + ("national: none (actual shares given)",))

    @classmethod
    def zero(cls) -> ErrorModel:
        """No error at all: every simulation is the projection."""
        k = len(MODEL_PARTIES)
        return cls(np.zeros((k, k)), np.zeros(k), sources=("none",))

    @classmethod
    def estimate(cls, history: Any, model: str | None = None, floor: float = 1.0,
                 shrink: float = 0.5) -> ErrorModel:
        """Estimate from the elections in ``history`` (a :class:`~swingometer.dataset.
        HistoricalView` in backtests, so nothing after the target is seen).

        National: the final-week GB poll average against the actual GB shares at every general
        election with polls, shrunk half-way to its diagonal, each variance at least ``floor``
        squared for parties with 2%+ of the vote, then projected so errors sum to zero. Seat: the
        root mean square residual of ``model`` (the default model) projecting each general election
        from the previous one on the same boundaries with the actual national shares.
        """
        general = history.elections[history.elections["type"] == "general"].sort_values("date")
        errors, sources = [], []
        for row in general.itertuples():
            try:
                average = poll_average(history.polls, row.date)
            except AnalysisError:
                continue
            actual = history_shares(history, row.election_id, row.boundary_set).national()
            # a party the polls did not report sits in their "others": compare like with like
            unreported = sum(actual[p] for p in MODEL_PARTIES if p not in average.shares)
            errors.append([actual[p] + (unreported if p == "Oth" else 0.0) - average.shares[p]
                           if p in average.shares else 0.0 for p in MODEL_PARTIES])
            sources.append(f"polls {row.election_id}")
        k = len(MODEL_PARTIES)
        if errors:
            e = np.array(errors)
            cov = e.T @ e / len(e)
        else:
            cov = np.zeros((k, k))
        cov = (1 - shrink) * cov + shrink * np.diag(np.diag(cov))
        variances = np.diag(cov).copy()
        latest = general.iloc[-1] if len(general) else None
        if latest is not None:
            share = history_shares(history, latest["election_id"],
                                   latest["boundary_set"]).national()
            big = np.array([share[p] >= 2.0 for p in MODEL_PARTIES])
            variances = np.where(big, np.maximum(variances, floor ** 2), variances)
        cov[np.diag_indices(k)] = variances
        centre = np.eye(k) - np.ones((k, k)) / k
        cov = centre @ cov @ centre
        seat_sd, nation_sd, pairs = cls._residuals(history, model)
        if not pairs:  # no earlier pair of elections to learn from (a 2015 backtest)
            seat_sd = np.full(k, DEFAULT_SEAT_SD)
            pairs = [f"seats: no earlier pair; an assumed prior of {DEFAULT_SEAT_SD} points"]
        return cls(cov, seat_sd, nation_sd, sources=tuple(sources + pairs))

    @staticmethod
    def _residuals(history: Any, model: str | None) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """Seat residuals of ``model`` and Scotland's and Wales's departures from what the GB
        result implied for them (the models' nation rule), as root mean squares over every
        earlier pair of elections on the same boundaries."""
        squares, counts, pairs = np.zeros(len(MODEL_PARTIES)), np.zeros(len(MODEL_PARTIES)), []
        departures = []
        for before, after, base, result in election_pairs(history):
            # how far each nation's result strayed from what the GB result implied for it
            implied = SeatModel.nation_targets(base, resolve_targets(base, result.national()))
            for nation in ("Scotland", "Wales"):
                departures.append(np.array(list(result.national((nation,)).values()))
                                  - implied[nation][1])
            fitted = make_model(model).fit(history.before(after.date))
            predicted = fitted.predict(base, actual_targets(base, result))
            rows = ~predicted.frozen & (predicted.nations != "Northern Ireland")
            standing = (predicted.shares[rows] > 0) | (result.shares[rows] > 0)
            residual = (result.shares[rows] - predicted.shares[rows]) * standing
            squares += (residual ** 2).sum(axis=0)
            counts += standing.sum(axis=0)
            pairs.append(f"seats {before.election_id} -> {after.election_id}")
        nation_sd = (np.sqrt((np.array(departures) ** 2).mean(axis=0)) if departures
                     else np.zeros(len(MODEL_PARTIES)))
        return np.sqrt(np.divide(squares, counts, out=np.zeros_like(squares),
                                 where=counts > 0)), nation_sd, pairs

    def _nation_sd(self) -> np.ndarray:
        return np.zeros(len(self.parties)) if self.nation_sd is None else self.nation_sd

    def to_dict(self) -> dict:
        return {"national_sd": dict(zip(self.parties, np.sqrt(np.diag(self.national_cov))
                                        .round(2).tolist())),
                "nation_sd": dict(zip(self.parties, self._nation_sd().round(2).tolist())),
                "seat_sd": dict(zip(self.parties, self.seat_sd.round(2).tolist())),
                "national_df": self.national_df, "seat_df": self.seat_df,
                "sources": list(self.sources)}


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
        rating = [next((f"{r} {p}" for floor, r in RATINGS if c >= floor), f"toss-up {p}")
                  for p, c in zip(favourite, chance)]
        return pd.DataFrame({"gss_code": seats.gss_codes, "name": seats.names,
                             "projected": seats.winners, "favourite": favourite.to_numpy(),
                             "win_probability": chance.round(1).to_numpy(),
                             "rating": rating})

    def to_dict(self, seats: bool = True) -> dict:
        """Plain data for JSON: everything needed to reproduce the run, and its results."""
        totals = self.seat_totals()
        out = {
            "seed": self.seed, "sims": self.sims, "model": self.projection.model,
            "baseline": self.projection.baseline.election_id,
            "inputs": dict(self.projection.inputs), "targets": self.projection.targets.to_dict(),
            "errors": self.errors.to_dict(),
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


def _block(rng: np.random.Generator, size: int, shares: np.ndarray, standing: np.ndarray,
           national_factor: np.ndarray, seat_sd: np.ndarray, errors: ErrorModel,
           nation_index: np.ndarray) -> np.ndarray:
    """Simulated shares of every live seat in ``size`` simulations, before clipping at zero and
    rescaling to 100 (which change no winner, so the simulator skips them).

    ``nation_index`` gives each seat 0 (England), 1 (Scotland) or 2 (Wales)."""
    k = shares.shape[1]
    # Student-t draws are a normal over sqrt(chi-square / df); scaled by sqrt((df - 2) / df) so
    # their standard deviation, not just their scale, is the error model's
    z = rng.standard_normal((size, k)) @ national_factor.T
    national = z * np.sqrt((errors.national_df - 2) / rng.chisquare(errors.national_df,
                                                                    (size, 1)))
    nation = rng.standard_normal((size, 3, k)) * errors._nation_sd() * np.sqrt(k / (k - 1))
    nation -= nation.mean(axis=2, keepdims=True)  # a nation's errors keep its total
    nation *= np.sqrt((errors.national_df - 2) / rng.chisquare(errors.national_df,
                                                                 (size, 3, 1)))
    nation[:, 0] = 0.0  # England takes the GB error
    nation += national[:, None, :]
    noise = rng.standard_normal((size, shares.shape[0], k), dtype=np.float32)
    # the chi-square drawn as 2 x gamma(df / 2), in single precision
    half = np.float32(errors.seat_df / 2)
    noise *= np.sqrt(np.float32(half - 1) / rng.standard_gamma(
        half, (size, shares.shape[0], 1), dtype=np.float32))
    noise *= seat_sd.astype(np.float32)
    errors_by_nation = nation.astype(np.float32)
    for index in range(3):  # add each nation's national error to its seats, in place
        where = np.flatnonzero(nation_index == index)
        if not len(where):
            continue
        seats = (slice(where[0], where[-1] + 1) if where[-1] - where[0] + 1 == len(where)
                 else where)  # the seats come in code order, so each nation is one run
        noise[:, seats, :] += errors_by_nation[:, index, None, :]
    noise *= standing
    noise += shares.astype(np.float32)
    return noise


def check_run(sims: Any, seed: Any, max_sims: int = MAX_SIMS) -> None:
    """Refuse a number of simulations or a seed that cannot be run, before any work is done."""
    if not isinstance(sims, (int, np.integer)) or isinstance(sims, bool) or sims <= 0:
        raise AnalysisError(f"sims must be a whole number above 0 (got {sims!r})")
    if sims > max_sims:
        raise AnalysisError(f"sims must be at most {max_sims:,} (got {sims:,}); raise the cap "
                            f"(max_sims, or --max-sims) if you mean it")
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise AnalysisError(f"seed must be a whole number >= 0 (got {seed!r})")


@dataclass(frozen=True)
class _Work:
    """Everything a worker needs to simulate some blocks (picklable, for worker processes)."""

    nation_index: np.ndarray
    shares: np.ndarray
    standing: np.ndarray
    factor: np.ndarray
    errors: ErrorModel
    model_column: np.ndarray
    n_parties: int

    def draw(self, child: np.random.SeedSequence, size: int) -> np.ndarray:
        return _block(np.random.default_rng(child), size, self.shares, self.standing,
                      self.factor, self.errors.seat_sd, self.errors, self.nation_index)


def _run_block(work: _Work, child: np.random.SeedSequence, size: int) -> tuple[np.ndarray,
                                                                              np.ndarray]:
    """One block: the per-simulation party totals of the live seats, and their win counts."""
    winners = work.model_column[work.draw(child, size).argmax(axis=2)]
    n_live, k = work.shares.shape[0], work.n_parties
    per_sim = np.bincount((np.arange(size)[:, None] * k + winners).ravel(),
                          minlength=size * k).reshape(size, k)
    wins = np.bincount((np.arange(n_live) * k + winners).ravel(), minlength=n_live * k)
    return per_sim.astype(np.int32), wins


def _prepare(projection: Projection,
             errors: ErrorModel) -> tuple[_Work, list[str], np.ndarray, np.ndarray]:
    """The worker's inputs, the result's party columns, each seat's fixed winner column, and
    which seats the errors move (all but Northern Ireland's and the Speaker's)."""
    seats = projection.projected
    parties = sorted(set(seats.parties) | set(seats.winners))
    column = {p: i for i, p in enumerate(parties)}
    fixed = np.array([column.get(w, -1) for w in seats.winners])
    live = ~seats.frozen
    values, vectors = np.linalg.eigh(errors.national_cov)
    nation_index = np.select([seats.nations[live] == "Scotland", seats.nations[live] == "Wales"],
                             [1, 2], 0)
    work = _Work(nation_index, seats.shares[live], (seats.shares[live] > 0).astype(np.float32),
                 vectors * np.sqrt(np.clip(values, 0, None)), errors,
                 np.array([column[p] for p in seats.parties]), len(parties))
    return work, parties, fixed, live


def draw_shares(projection: Projection, errors: ErrorModel, sims: int, seed: int) -> np.ndarray:
    """The simulated shares of every seat the errors move (sims x seats x model parties), clipped
    at zero, each row summing to 100: for inspection, the very draws :func:`simulate` makes with
    the same ``sims`` (at most :data:`BLOCK`) and ``seed``."""
    check_run(sims, seed, BLOCK)
    work = _prepare(projection, errors)[0]
    child = np.random.SeedSequence(seed).spawn(1)[0]
    shares = np.clip(work.draw(child, sims).astype(np.float64), 0, None)
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
    blocks = -(-sims // BLOCK)
    sizes = [min(BLOCK, sims - b * BLOCK) for b in range(blocks)]
    children = np.random.SeedSequence(seed).spawn(blocks)
    wins = np.zeros((len(seats.gss_codes), len(parties)), dtype=np.int64)
    wins[np.flatnonzero(~live), fixed[~live]] = sims
    frozen_counts = np.bincount(fixed[~live], minlength=len(parties)).astype(np.int32)
    totals = np.zeros((sims, len(parties)), dtype=np.int32)
    live_wins = np.zeros(int(live.sum()) * len(parties), dtype=np.int64)
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
    wins[live] = live_wins.reshape(int(live.sum()), len(parties))
    return SimulationResult(int(seed), int(sims), projection, errors, wins, totals)


def simulate_election(data: Any, shares: Mapping[str, float] | None = None,
                      as_of: str | None = None, model: str | None = None, sims: int = 10_000,
                      seed: int = 0, nations: Mapping[str, Mapping[str, float]] | None = None,
                      normalise: bool = False, max_sims: int = MAX_SIMS, workers: int = 1,
                      progress: Callable[[int], None] | None = None) -> SimulationResult:
    """Project from ``shares`` or the polls ``as_of`` a date, estimate the error model from the
    elections before that date (all of them, with shares), and simulate."""
    check_run(sims, seed, max_sims)
    projection = project(data, shares=shares, as_of=as_of, model=model, nations=nations,
                         normalise=normalise)
    history = data.before(as_of) if as_of else data
    errors = ErrorModel.estimate(history, model)
    return simulate(projection, errors, sims, seed, max_sims, workers, progress)
