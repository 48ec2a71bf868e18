"""Leakage-free backtests of the seat models against real general elections.

For a target election the model is fitted on :meth:`Dataset.before` the election's date and
starts from the previous general election on the same boundaries (the notional result for 2010 and
2024: 2005's on the 2010 boundaries, 2019's on the 2024 ones).
Its input is either the final-week poll average as of polling day (polls that ended the day before
or earlier) or the actual national shares (GB, and Scotland's and Wales's own). The truth, the
actual result, is read from the full data only to score the projection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from swingometer.dataset import Dataset
from swingometer.exceptions import AnalysisError
from swingometer.forecast.models import SeatModel, SeatShares, actual_targets
from swingometer.forecast.projection import (
    Projection,
    baseline_shares,
    make_model,
    poll_targets,
)

__all__ = ["FORECASTERS_2024", "TARGETS", "BacktestResult", "Calibration", "backtest",
           "calibrate"]

# target year: (election, baseline)
TARGETS = {
    2010: ("parl.2010-05-06", "parl.2005-05-05.notional"),
    2015: ("parl.2015-05-07", "parl.2010-05-06"),
    2017: ("parl.2017-06-08", "parl.2015-05-07"),
    2019: ("parl.2019-12-12", "parl.2017-06-08"),
    2024: ("parl.2024-07-04", "parl.2019-12-12.notional"),
}
SCORED_PARTIES = ("Lab", "Con", "LD", "SNP", "RUK")
SHARE_PARTIES = ("Con", "Lab", "LD", "Green", "SNP", "PC", "UKIP", "RUK")
# Published 2024 forecasts, GB seats, fed only what was known before polling day: share of winners
# called correctly and total seat error over Lab, Con, LD, SNP and Reform (from the forecasters'
# final published projections, as compiled by matthewgthomas/track-uk-election-forecasts).
FORECASTERS_2024 = [
    {"forecaster": "Election Maps UK", "seats_called_pct": 88.8, "total_seat_error": 57},
    {"forecaster": "New Statesman (Britain Predicts)", "seats_called_pct": 87.5,
     "total_seat_error": 36},
    {"forecaster": "Principal Fish", "seats_called_pct": 82.1, "total_seat_error": 82},
    {"forecaster": "The Economist (MRP)", "seats_called_pct": 78.8, "total_seat_error": 60},
    {"forecaster": "YouGov MRP", "seats_called_pct": None, "total_seat_error": 50},
    {"forecaster": "Electoral Calculus", "seats_called_pct": None, "total_seat_error": 105},
    {"forecaster": "exit poll (not a pre-election forecast)", "seats_called_pct": None,
     "total_seat_error": 31},
]


@dataclass(frozen=True)
class BacktestResult:
    """How a model's projection of one election compares with the result."""

    target: int
    input: str
    model: str
    params: dict[str, Any]
    baseline: str
    targets: dict[str, Any]
    gb_seats: int
    seats_called: int
    seat_totals: dict[str, dict[str, int]]
    share_mae: float
    wrong: pd.DataFrame = field(repr=False)
    # each party's mean absolute seat-share error (points) over the GB seats it contested
    share_mae_by_party: dict[str, float] = field(default_factory=dict)

    @property
    def seats_called_pct(self) -> float:
        return 100.0 * self.seats_called / self.gb_seats

    @property
    def total_seat_error(self) -> int:
        return sum(abs(self.seat_totals[p]["predicted"] - self.seat_totals[p]["actual"])
                   for p in SCORED_PARTIES)

    @property
    def published(self) -> list[dict[str, Any]]:
        """The published forecasters' figures for the same election, where we have them."""
        return FORECASTERS_2024 if self.target == 2024 else []

    def to_dict(self) -> dict:
        out = {
            "target": self.target, "input": self.input, "model": self.model,
            "params": self.params, "baseline": self.baseline, "targets": self.targets,
            "gb_seats": self.gb_seats, "seats_called": self.seats_called,
            "seats_called_pct": round(self.seats_called_pct, 1),
            "seat_totals": self.seat_totals, "total_seat_error": self.total_seat_error,
            "share_mae": round(self.share_mae, 2),
            "share_mae_by_party": {p: round(v, 2) for p, v in self.share_mae_by_party.items()},
            "wrong_seats": self.wrong.to_dict(orient="records"),
        }
        if self.published:
            out["published_forecasters"] = self.published
        return out


def _project(data: Dataset, target: int, input: str, model: str | SeatModel | None,
             byelections: bool = True) -> tuple[Any, Projection, SeatShares]:
    """The history before ``target``, the model's projection of it, and the actual result."""
    if target not in TARGETS:
        raise AnalysisError(f"target must be one of {', '.join(map(str, TARGETS))} (got {target})")
    if input not in ("polls", "actual"):
        raise AnalysisError(f"input must be 'polls' or 'actual' (got {input!r})")
    election_id, baseline_id = TARGETS[target]
    election = data.election(election_id)
    history = data.before(election.date)
    base = baseline_shares(history, history.election(baseline_id), election.date).standing()
    actual = baseline_shares(data, election)
    if input == "polls":
        targets, _ = poll_targets(history, base, election.date,
                                  history.election(baseline_id).date, byelections=byelections)
    else:
        targets = actual_targets(base, actual)
    projection = Projection.made(make_model(model).fit(history), base, base, targets)
    return history, projection, actual


def backtest(data: Dataset, target: int, input: str = "polls",
             model: str | SeatModel | None = None, byelections: bool = True) -> BacktestResult:
    """Project general election ``target`` (2010, 2015, 2017, 2019 or 2024) and score it. From
    the polls, Scotland and Wales also follow their by-elections since the baseline unless
    ``byelections`` is False (:func:`~swingometer.forecast.projection.poll_targets`)."""
    _, projection, actual = _project(data, target, input, model, byelections)
    return _score(target, input, projection, actual)


def _score(target: int, input: str, projection: Projection,
           actual: SeatShares) -> BacktestResult:
    projected = projection.projected
    gb = actual.nations != "Northern Ireland"
    predicted, truth = projected.winners, actual.winners
    hit = predicted == truth
    parties = sorted(set(predicted) | set(truth) | set(SCORED_PARTIES),
                     key=lambda p: (-(truth == p).sum(), -(predicted == p).sum(), p))
    totals = {p: {"predicted": int((predicted == p).sum()), "actual": int((truth == p).sum())}
              for p in parties}
    columns = [projected.parties.index(p) for p in SHARE_PARTIES]
    unfrozen = gb & ~projected.frozen
    errors = np.abs(projected.shares[unfrozen][:, columns] - actual.shares[unfrozen][:, columns])
    wrong = pd.DataFrame({"gss_code": actual.gss_codes, "name": actual.names,
                          "predicted": predicted, "actual": truth})[gb & ~hit]
    return BacktestResult(
        target=target, input=input, model=projection.model, params=dict(projection.params),
        baseline=projection.baseline.election_id, targets=projection.targets.to_dict(),
        gb_seats=int(gb.sum()), seats_called=int((hit & gb).sum()), seat_totals=totals,
        share_mae=float(errors.mean()),
        wrong=wrong.reset_index(drop=True),
        share_mae_by_party=_by_party(errors, actual.shares[unfrozen][:, columns]))


def _by_party(errors: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    """Each party's mean absolute share error over the seats it contested."""
    stood = truth > 0
    return {p: float(errors[stood[:, i], i].mean()) for i, p in enumerate(SHARE_PARTIES)
            if stood[:, i].any()}


@dataclass(frozen=True)
class Calibration:
    """How well simulated win probabilities matched the result of one election."""

    sims: int
    seed: int
    brier: float
    brier_deterministic: float
    log_loss: float
    reliability: pd.DataFrame
    interval_coverage: dict[str, dict[str, Any]]

    def to_dict(self) -> dict:
        return {"sims": self.sims, "seed": self.seed, "brier": round(self.brier, 4),
                "brier_deterministic": round(self.brier_deterministic, 4),
                "log_loss": round(self.log_loss, 4),
                "reliability": self.reliability.round(4).to_dict(orient="records"),
                "interval_coverage": self.interval_coverage}


def calibrate(data: Dataset, target: int, input: str = "polls",
              model: str | SeatModel | None = None, sims: int = 10_000,
              seed: int = 0, byelections: bool = True) -> tuple[BacktestResult, Calibration]:
    """The backtest plus simulated probabilities scored against the result.

    Brier score: the mean over GB seats of the squared errors of every party's win probability
    (0 is perfect); beside it, the same score for the deterministic call as a 0/1 probability. Log
    loss: the mean of -ln(probability given to the actual winner), floored at 1/(2 x sims).
    Reliability: (seat, party) probabilities in ten bins against how often those parties won.
    Interval coverage: whether each major party's actual total fell in the 90% interval (5th to
    95th percentile of the simulated totals).
    """
    from swingometer.forecast.simulate import ErrorModel, simulate

    history, projection, actual = _project(data, target, input, model, byelections)
    result = _score(target, input, projection, actual)
    errors = ErrorModel.estimate(history, model)
    if input == "actual":  # the national shares are known: only nation and seat errors remain
        errors = errors.without_national()
    simulated = simulate(projection, errors, sims, seed)
    gb = actual.nations != "Northern Ireland"
    probability = simulated.win_probability.to_numpy()[gb]
    parties = simulated.parties
    truth = actual.winners[gb]
    outcome = np.array([[w == p for p in parties] for w in truth], dtype=float)
    called = np.array([[w == p for p in parties] for w in projection.projected.winners[gb]],
                      dtype=float)
    floor = 1 / (2 * sims)
    won = np.clip((probability * outcome).sum(axis=1), floor, 1)
    bins = np.minimum((probability * 10).astype(int), 9)
    considered = (probability > 0) | (outcome > 0)
    reliability = pd.DataFrame({"bin": bins[considered], "p": probability[considered],
                                "won": outcome[considered]}).groupby("bin").agg(
        predicted=("p", "mean"), observed=("won", "mean"), count=("won", "size")).reset_index()
    reliability.insert(0, "range", [f"{b / 10:.1f}-{(b + 1) / 10:.1f}" for b in reliability["bin"]])
    totals = simulated.seat_totals().set_index("party")
    coverage = {}
    for party in ("Lab", "Con", "LD", "SNP", "RUK"):
        if party in totals.index:
            low, high = int(totals.loc[party, "p5"]), int(totals.loc[party, "p95"])
            real = result.seat_totals[party]["actual"]
            coverage[party] = {"p5": low, "p95": high, "actual": real,
                               "inside": bool(low <= real <= high)}
    calibration = Calibration(
        sims, seed, float(((probability - outcome) ** 2).sum(axis=1).mean()),
        float(((called - outcome) ** 2).sum(axis=1).mean()), float(-np.log(won).mean()),
        reliability.drop(columns="bin"), coverage)
    return result, calibration
