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

from swingometer.byelection_swing import nation_departures
from swingometer.context import History
from swingometer.exceptions import AnalysisError
from swingometer.io.tables import POLL_PARTIES
from swingometer.models import (
    HOME_NATIONS,
    MODEL_PARTIES,
    SeatShares,
    actual_targets,
    election_pairs,
    english_regions,
    history_shares,
)
from swingometer.polls import POLL_LINEAGE, poll_averages
from swingometer.projection import MAJORITY, Projection, make_model, project
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
# Seat-level error (points) when the history holds no pair of elections to measure it on (before
# 2010): a stated prior, not estimated from the shipped data, and named as such in the sources.
DEFAULT_SEAT_SD = 3.5
MAX_SIMS = 10_000_000


@dataclass(frozen=True)
class ErrorModel:
    """National and seat-level errors, in points of vote share, by model party.

    ``national_cov`` is the covariance of the national (GB) error across parties; its rows sum to
    zero, so national errors never change the total. ``nation_sd`` is the extra error common to
    the seats of Scotland, and separately of Wales, whose own swings depart from GB's (England is
    most of GB and takes the GB error). ``region_sd`` is the error common to the seats of one
    English region (London, the South West, ...) once England's is known, drawn for each region
    independently. ``seat_sd`` is each party's seat-level error once those are known. National,
    nation and region errors are Student-t with ``national_df`` degrees of freedom, seat errors
    with ``seat_df``. ``model_sd``: how many of its own standard deviations the projection's model
    strength varies by (:attr:`Projection.sensitivity`, e.g. the tactical squeeze, whose strength
    differed from one election to the next; a Student-t draw with the measurement's degrees of
    freedom, see :class:`~swingometer.models.Sensitivity`); 1 as measured, 0 for none.
    """

    national_cov: np.ndarray
    seat_sd: np.ndarray
    nation_sd: np.ndarray | None = None
    region_sd: np.ndarray | None = None
    national_df: float = 5.0
    seat_df: float = 5.0
    model_sd: float = 1.0
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
        return cls(np.zeros((k, k)), np.zeros(k), model_sd=0.0, sources=("none",))

    @classmethod
    def estimate(cls, history: History, model: str | None = None, floor: float = 1.0,
                 shrink: float = 0.5) -> ErrorModel:
        """Estimate from the elections in ``history`` (in backtests, a view before the target,
        :meth:`~swingometer.dataset.Dataset.before`, so nothing after it is seen).

        National: the final GB poll average against the actual GB shares at every general
        election with polls before it (1974 onwards; see :func:`national_errors`), a party's
        variance and covariances over the elections whose polls reported it, shrunk half-way to
        the diagonal, each variance at least ``floor`` squared for parties with 2%+ of the vote at
        the latest general election (for the SNP and Plaid: a ``floor`` of their own nation's
        points, and 2%+ there), then projected so errors sum to zero over the parties with a
        variance (a party no poll ever reported is given none rather than a share of the others'
        by the projection). Region and seat: the
        residuals of ``model`` (the default model) projecting each general election from the
        previous one on the same boundaries with the actual national shares, split into a regional
        part and the rest (see :meth:`_residuals`).
        """
        errors, sources = national_errors(history)
        k = len(MODEL_PARTIES)
        present = ~np.isnan(errors)
        filled = np.nan_to_num(errors)
        pairs = present.T.astype(float) @ present  # elections that reported both parties
        cov = np.divide(filled.T @ filled, pairs, out=np.zeros((k, k)), where=pairs > 0)
        cov = (1 - shrink) * cov + shrink * np.diag(np.diag(cov))
        variances = np.diag(cov).copy()
        if history.elections["type"].isin(["general", "notional"]).any():
            latest = history.latest_general(notional=True)
            baseline = history_shares(history, latest.election_id, latest.boundary_set)
            # in points where the party stands: the SNP's and Plaid's GB points are worth about
            # 11 and 20 in their own nations (see _home_scale), so their floor is a point there
            home = _home_scale(baseline).max(axis=0)
            share = np.array(list(baseline.national().values())) * home
            variances = np.where(share >= 2.0, np.maximum(variances, (floor / home) ** 2),
                                 variances)
        cov[np.diag_indices(k)] = variances
        measured = (variances > 0).astype(float)
        centre = np.eye(k) - np.outer(measured, measured) / max(measured.sum(), 1.0)
        values, vectors = np.linalg.eigh(centre @ cov @ centre)
        cov = (vectors * np.clip(values, 0, None)) @ vectors.T  # a covariance, whatever the gaps
        seat_sd, nation_sd, region_sd, seat_pairs = cls._residuals(history, model)
        if not seat_pairs:  # no earlier pair of elections to learn from (a history before 2010)
            seat_sd = np.full(k, DEFAULT_SEAT_SD)
            seat_pairs = [f"seats: no earlier pair; an assumed prior of {DEFAULT_SEAT_SD} points"]
        return cls(cov, seat_sd, nation_sd, region_sd, sources=tuple(sources + seat_pairs))

    @staticmethod
    def _residuals(history: History, model: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                             list[str]]:
        """Seat residuals of ``model`` split into a regional and a seat part, and Scotland's and
        Wales's departures from what the GB result implied for them (the models' nation rule),
        as root mean squares over every earlier pair of elections on the same boundaries.

        A party's regional residual is its mean residual over the seats of an English region it
        stands in; the variance of those means, less the part that is only the seat residuals'
        noise averaged over the region (seat variance / seats), is the regional variance, and
        the residuals less their region's mean give the seat variance. (Scotland's and Wales's
        seats have no regional part: the actual national shares include their own.)
        """
        k = len(MODEL_PARTIES)
        squares, counts, pairs, departures = np.zeros(k), np.zeros(k), [], []
        means, noise, regions_seen = np.zeros(k), np.zeros(k), np.zeros(k)
        for before, after, base, result in election_pairs(history):
            departures += nation_departures(base, result).values()
            fitted = make_model(model).fit(history.before(after.date))
            predicted = fitted.predict(base, actual_targets(base, result))
            rows = ~predicted.frozen & (predicted.nations != "Northern Ireland")
            standing = (predicted.shares[rows] > 0) | (result.shares[rows] > 0)
            residual = (result.shares[rows] - predicted.shares[rows]) * standing
            region = predicted.regions[rows]
            for name in sorted(set(region) - {""}):
                inside = region == name
                seats = standing[inside].sum(axis=0)
                mean = np.divide(residual[inside].sum(axis=0), seats, out=np.zeros(k),
                                 where=seats > 0)
                residual[inside] -= mean * standing[inside]
                means += mean ** 2
                noise += np.divide(1.0, seats, out=np.zeros(k), where=seats > 0)
                regions_seen += seats > 0
            squares += (residual ** 2).sum(axis=0)
            counts += standing.sum(axis=0)
            pairs.append(f"seats {before.election_id} -> {after.election_id}")
        nation_sd = (np.sqrt((np.array(departures) ** 2).mean(axis=0)) if departures
                     else np.zeros(k))
        seat_var = np.divide(squares, counts, out=np.zeros(k), where=counts > 0)
        region_var = np.divide(means - seat_var * noise, regions_seen, out=np.zeros(k),
                               where=regions_seen > 0)
        return np.sqrt(seat_var), nation_sd, np.sqrt(np.clip(region_var, 0, None)), pairs

    def _nation_sd(self) -> np.ndarray:
        return np.zeros(len(self.parties)) if self.nation_sd is None else self.nation_sd

    def _region_sd(self) -> np.ndarray:
        return np.zeros(len(self.parties)) if self.region_sd is None else self.region_sd

    def to_dict(self) -> dict:
        return {"national_sd": dict(zip(self.parties, np.sqrt(np.diag(self.national_cov))
                                        .round(2).tolist())),
                "nation_sd": dict(zip(self.parties, self._nation_sd().round(2).tolist())),
                "region_sd": dict(zip(self.parties, self._region_sd().round(2).tolist())),
                "seat_sd": dict(zip(self.parties, self.seat_sd.round(2).tolist())),
                "national_df": self.national_df, "seat_df": self.seat_df,
                "model_sd": self.model_sd,
                "sources": list(self.sources)}


def national_errors(history: History) -> tuple[np.ndarray, list[str]]:
    """The final poll error at every general election in ``history`` that had polls before it:
    actual GB share minus the poll average as of polling day (the default method of
    :mod:`swingometer.polls`, as projections use it), elections x model parties (NaN where the
    polls did not report the party), and where each came from.

    Like is compared with like. The Liberals (to 1988) and the SDP-Liberal Alliance count as the
    Liberal Democrats, the Brexit Party as Reform UK; a party the polls did not report sits in
    their others; a poll that lists no others (most before 2001) leaves the rest of 100 to them.
    The actual shares are the shipped results' where they exist (2010 onwards), else the
    ``national_results`` table's GB row; an election it has only UK shares for (1974-1983, 1997)
    gets them made GB: each named party's UK share over 1 - f, f the part of the UK vote cast in
    Northern Ireland (measured on the elections it has both rows for; about 2.5%).
    """
    results = history.national_results
    general = history.elections[history.elections["type"] == "general"]
    ids = dict(zip(general["date"], general["election_id"]))
    both = [(day, rows.set_index("area")) for day, rows in results.groupby("date")
            if set(rows["area"]) == {"GB", "UK"}]
    northern_ireland = float(np.mean([1 - _big_three(rows.loc["UK"]) / _big_three(rows.loc["GB"])
                                      for _, rows in both])) if both else 0.0
    errors, sources = [], []
    days = sorted(set(ids) | set(results["date"]))
    for day, average in zip(days, poll_averages(history.polls, days)):
        if average is None:  # no GB poll ended in the window before the day
            continue
        note = ""
        if day in ids:
            election = general[general["date"] == day].iloc[0]
            actual = history_shares(history, election["election_id"],
                                    election["boundary_set"]).national()
        else:
            rows = results[results["date"] == day].set_index("area")
            area = "GB" if "GB" in rows.index else "UK"
            actual = _model_shares(rows.loc[area], 1 - northern_ireland if area == "UK" else 1.0)
            note = (f" (UK shares made GB, f = {northern_ireland:.3f})" if area == "UK"
                    else " (GB shares)")
        unreported = sum(actual[p] for p in MODEL_PARTIES if p not in average.shares)
        errors.append([actual[p] + (unreported if p == "Oth" else 0.0) - average.shares[p]
                       if p in average.shares else np.nan for p in MODEL_PARTIES])
        sources.append(f"polls {ids.get(day, f'parl.{day}')}{note}")
    return np.array(errors).reshape(-1, len(MODEL_PARTIES)), sources


def _big_three(row: pd.Series) -> float:
    return float(sum(row[c] for c in POLL_PARTIES
                     if POLL_LINEAGE.get(c, c) in ("Con", "Lab", "LD") and pd.notna(row[c])))


def _model_shares(row: pd.Series, gb_part: float) -> dict[str, float]:
    """A ``national_results`` row's shares by model party, each named party's over ``gb_part``
    (UK shares made GB); parties without a model column and the rest of 100 are others."""
    shares = dict.fromkeys(MODEL_PARTIES, 0.0)
    for column in POLL_PARTIES:
        party = POLL_LINEAGE.get(column, column)
        if party != "Oth" and party in shares and pd.notna(row[column]):
            shares[party] += float(row[column]) / gb_part
    shares["Oth"] = max(100.0 - sum(shares.values()), 0.0)
    return shares


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
                 _home_scale(projection.baseline))
    found = projection.sensitivity
    if found is not None and errors.model_sd:
        work = replace(work, sensitivity=errors.model_sd * found.change[live[order]],
                       strength_df=found.df,
                       strength_range=(found.low / errors.model_sd, found.high / errors.model_sd))
    return work, parties, fixed, live[order]


def _home_scale(baseline: SeatShares) -> np.ndarray:
    """How much a point of GB share is in England, Scotland and Wales, by model party (see
    :class:`_Work`)."""
    home = np.ones((3, len(MODEL_PARTIES)))
    for party, nation in HOME_NATIONS.items():
        part = baseline.gb_part(nation)
        if part > 0:
            home[("England", "Scotland", "Wales").index(nation), MODEL_PARTIES.index(party)] = (
                1 / part)
    return home


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
