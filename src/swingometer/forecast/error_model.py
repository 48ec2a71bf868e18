"""The error model of the simulator: how far national, nation, region and seat shares have
strayed from a projection at past elections, estimated from history only (leakage-free in
backtests), and the final poll error at every general election it learns the national part from.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from swingometer.data.context import History
from swingometer.data.tables import POLL_PARTIES
from swingometer.forecast.byelection_swing import nation_departures
from swingometer.forecast.models import (
    HOME_NATIONS,
    MODEL_PARTIES,
    SeatShares,
    actual_targets,
    election_pairs,
    history_shares,
)
from swingometer.forecast.polls import POLL_LINEAGE, poll_averages
from swingometer.forecast.projection import make_model

__all__ = ["DEFAULT_SEAT_SD", "ErrorModel", "home_scale", "national_errors"]


# Seat-level error (points) when the history holds no pair of elections to measure it on (before
# 2010): a stated prior, not estimated from the shipped data, and named as such in the sources.
DEFAULT_SEAT_SD = 3.5


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
    freedom, see :class:`~swingometer.forecast.models.Sensitivity`); 1 as measured, 0 for none.
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
            home = home_scale(baseline).max(axis=0)
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
    :mod:`swingometer.forecast.polls`, as projections use it), elections x model parties (NaN where the
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


def home_scale(baseline: SeatShares) -> np.ndarray:
    """How much a point of GB share is in England, Scotland and Wales, by model party (see
    :class:`_Work`)."""
    home = np.ones((3, len(MODEL_PARTIES)))
    for party, nation in HOME_NATIONS.items():
        part = baseline.gb_part(nation)
        if part > 0:
            home[("England", "Scotland", "Wales").index(nation), MODEL_PARTIES.index(party)] = (
                1 / part)
    return home
