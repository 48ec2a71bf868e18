"""The by-election track record (``backtest --target byelections``): leakage-free, scored by
hand-checkable rules, and through the installed entry point."""

from __future__ import annotations

import csv
import io
import json

import pytest

from swingometer.exceptions import AnalysisError
from swingometer.forecast import byelection_backtest as module
from swingometer.forecast.byelection_backtest import brier, byelection_backtest
from tests.test_projection_cli import run

SINCE = "2024-07-05"  # the six GB by-elections of the 2024 parliament


def test_brier_by_hand() -> None:
    assert brier({"Lab": 1.0}, "Lab") == 0.0
    assert brier({"Lab": 1.0}, "RUK") == 2.0
    assert brier({"Lab": 0.5, "RUK": 0.5}, "Lab") == 0.5
    assert brier({"Lab": 0.7, "RUK": 0.2, "Con": 0.1}, "Con") == pytest.approx(
        0.49 + 0.04 + 0.81)


@pytest.fixture(scope="module")
def record(data):
    return byelection_backtest(data, since=SINCE, probabilistic=True, sims=200, seed=3)


def test_the_2024_parliaments_by_elections(record) -> None:
    calls = record.calls.set_index("name")
    assert len(calls) == 6 and record.skipped == []
    assert (calls["date"] >= SINCE).all()
    # Runcorn and Helsby, 1 May 2025: Reform gained from Labour by 6 votes (official figure)
    runcorn = calls.loc["Runcorn and Helsby"]
    assert (runcorn["previous"], runcorn["winner"], runcorn["baseline"]) == (
        "Lab", "RUK", "parl.2024-07-04")
    assert record.called == (calls["projected"] == calls["winner"]).sum()
    assert record.held_called == (calls["previous"] == calls["winner"]).sum()
    assert set(record.misses.index) <= set(range(6))
    summary = record.summary()
    assert summary["brier"] == pytest.approx(calls["brier"].mean())
    assert 0 <= summary["brier"] <= 2 and 0 <= summary["previous_winner_holds_brier"] <= 2
    assert (record.sims, record.seed) == (200, 3)


def test_the_same_seed_gives_the_same_record(data, record) -> None:
    again = byelection_backtest(data, since=SINCE, probabilistic=True, sims=200, seed=3)
    assert again.to_dict() == record.to_dict()


def test_each_call_sees_only_what_was_known_on_its_eve(data, monkeypatch) -> None:
    seen = []
    project, estimate = module.project, module.ErrorModel.estimate

    def spy_project(history, **options):
        seen.append(("project", options["as_of"]))
        return project(history, **options)

    def spy_estimate(history, model=None):
        seen.append(("errors", history.cutoff))
        assert history.elections["date"].max() < history.cutoff
        assert history.polls["date_end"].max() < history.cutoff
        return estimate(history, model)

    monkeypatch.setattr(module, "project", spy_project)
    monkeypatch.setattr(module.ErrorModel, "estimate", staticmethod(spy_estimate))
    calls = byelection_backtest(data, since=SINCE, probabilistic=True, sims=50).calls
    assert seen == [(kind, day) for day in calls["date"] for kind in ("project", "errors")]


def test_the_naive_hold_rate_counts_only_earlier_by_elections(data) -> None:
    rate = module._hold_rates(data, module._gb_byelections(data))
    assert rate("2011-01-13") == 0.5  # the first of the 2010 parliament: nothing before it
    assert 0.5 < rate("2026-12-31") < 1


def test_a_party_not_on_the_ballot_gets_nothing(data) -> None:
    # Batley and Spen, October 2016: the Conservatives and Liberal Democrats stood aside
    calls = byelection_backtest(data, since="2016-10-20").calls
    batley = calls[calls["name"] == "Batley and Spen"].iloc[0]
    assert (batley["previous"], batley["projected"], batley["winner"]) == ("Lab", "Lab", "Lab")


def test_a_bad_since_is_refused(data) -> None:
    with pytest.raises(AnalysisError) as error:
        byelection_backtest(data, since="2024-13-01")
    assert str(error.value) == "since= must be a date YYYY-MM-DD (got '2024-13-01')"


def test_through_the_entry_point(record) -> None:
    args = ["backtest", "--target", "byelections", "--since", SINCE, "--probabilistic",
            "--sims", "200", "--seed", "3"]
    payload = json.loads(run(*args, "--format", "json").stdout)
    assert payload["by_elections"] == 6 and payload["seed"] == 3 and payload["sims"] == 200
    assert payload["calls"] == json.loads(json.dumps(record.to_dict()["calls"]))
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
    assert [r["election_id"] for r in rows] == list(record.calls["election_id"])
    table = run(*args)
    assert table.returncode == 0, table.stderr
    assert (f"By-elections since {SINCE}: 6 in Great Britain, each from the previous general "
            f"election in the seat and the GB polls of its eve") in table.stdout.replace("\n", " ")
    bad = run("backtest", "--target", "byelections", "--since", "2024-13-01")
    assert (bad.returncode, bad.stderr) == (
        1, "error: --since must be a date YYYY-MM-DD (got '2024-13-01')\n")
    alone = run("backtest", "--target", "2019", "--since", SINCE)
    assert alone.returncode == 2
    assert alone.stderr.endswith(
        "Error: Invalid value for --since: --since goes with --target byelections\n")
