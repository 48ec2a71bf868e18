"""Probabilistic backtests: the simulated probabilities scored against real results."""

from __future__ import annotations

import json

import pytest

import swingometer
from swingometer.forecast.backtest import calibrate
from tests.test_cli import run


@pytest.fixture(scope="module")
def scored(data: swingometer.Dataset):
    return calibrate(data, 2019, "polls", sims=2_000, seed=3)


def test_probabilities_beat_the_deterministic_calls(scored) -> None:
    _, calibration = scored
    assert 0 < calibration.brier < calibration.brier_deterministic
    assert calibration.log_loss > 0


def test_reliability_covers_every_scored_probability(scored) -> None:
    result, calibration = scored
    table = calibration.reliability
    assert list(table.columns) == ["range", "predicted", "observed", "count"]
    assert table["count"].sum() >= result.gb_seats  # at least the winner of every seat
    assert ((table["predicted"] >= 0) & (table["predicted"] <= 1)).all()


def test_interval_coverage_reports_the_actual_totals(scored) -> None:
    result, calibration = scored
    for party, cover in calibration.interval_coverage.items():
        assert cover["actual"] == result.seat_totals[party]["actual"]
        assert cover["inside"] == (cover["p5"] <= cover["actual"] <= cover["p95"])


def test_the_same_seed_scores_the_same(data: swingometer.Dataset, scored) -> None:
    again = calibrate(data, 2019, "polls", sims=2_000, seed=3)[1]
    assert again.to_dict() == scored[1].to_dict()


def test_probabilistic_backtest_json_keys() -> None:
    payload = json.loads(run("backtest", "--target", "2017", "--probabilistic", "--sims", "1000",
                             "--format", "json").stdout)
    assert {"brier", "log_loss", "reliability", "interval_coverage", "seats_called"} <= set(payload)
    assert payload["sims"] == 1000 and payload["seed"] == 0
