"""Model comparison (``project --compare``): a toy worked by hand, the library against single
projections, and the CLI through the installed entry point."""

from __future__ import annotations

import csv
import io
import json

import pytest

from swingometer.exceptions import AnalysisError
from swingometer.forecast.comparison import ModelComparison, compare_models
from swingometer.forecast.models import (
    DEFAULT_MODEL,
    MODELS,
    ProportionalSwing,
    UniformSwing,
    resolve_targets,
)
from swingometer.forecast.projection import Projection, project
from tests.models.test_known_answers import THREE
from tests.test_projection_cli import GIVEN, SHARES, run


def test_a_three_seat_toy_worked_by_hand() -> None:
    # toy GB: Con 40, Lab 30, LD 30; to Con 18, Lab 52, LD 30. Seat A (Con 70, Lab 20, LD 10):
    # uniform swing gives Con 48, Lab 42 (Con holds); proportional gives Con 70 x 18/40 = 31.5,
    # Lab 20 x 52/30 = 34.7 (Lab gains). B stays Lab and C LD in both.
    targets = resolve_targets(THREE, {"Con": 18, "Lab": 52, "LD": 30})
    made = {m.name: Projection.made(m.fit(), THREE, THREE, targets)
            for m in (UniformSwing(), ProportionalSwing())}
    both = ModelComparison(made)
    totals = both.totals.set_index("party")
    assert totals.to_dict(orient="index") == {
        "Lab": {"baseline": 1, "uniform": 1, "proportional": 2, "low": 1, "high": 2, "spread": 1},
        "LD": {"baseline": 1, "uniform": 1, "proportional": 1, "low": 1, "high": 1, "spread": 0},
        "Con": {"baseline": 1, "uniform": 1, "proportional": 0, "low": 0, "high": 1, "spread": 1},
    }
    assert both.disputed.to_dict(orient="records") == [
        {"gss_code": "E14000000", "name": "A", "baseline_winner": "Con", "uniform": "Con",
         "proportional": "Lab", "winners": 2}]


def test_projections_of_other_shares_are_not_compared() -> None:
    one = Projection.made(UniformSwing().fit(), THREE, THREE,
                          resolve_targets(THREE, {"Con": 18, "Lab": 52, "LD": 30}))
    other = Projection.made(ProportionalSwing().fit(), THREE, THREE,
                            resolve_targets(THREE, {"Con": 30, "Lab": 40, "LD": 30}))
    with pytest.raises(AnalysisError) as error:
        ModelComparison({"uniform": one, "proportional": other})
    assert str(error.value) == "model proportional was given other national shares than uniform"


def test_each_model_is_its_single_projection(data) -> None:
    both = compare_models(data, shares=GIVEN)
    assert both.models == [DEFAULT_MODEL, *sorted(set(MODELS) - {DEFAULT_MODEL})]
    totals = both.totals.set_index("party")
    for name in both.models:
        alone = project(data, shares=GIVEN, model=name).totals.set_index("party")["seats"]
        assert totals[name][totals[name] > 0].sort_index().to_dict() == alone.sort_index().to_dict()
    assert (totals["spread"] == totals[both.models].max(axis=1)
            - totals[both.models].min(axis=1)).all()
    winners = {m: p.projected.winners for m, p in both.projections.items()}
    disputed = [i for i in range(650) if len({w[i] for w in winners.values()}) > 1]
    assert sorted(both.disputed["gss_code"]) == sorted(
        both.first.projected.gss_codes[disputed].tolist())


@pytest.mark.parametrize(("models", "message"), [
    (["uniform", "vibes"], "model must be one of proportional, regression, strong-transition, "
                           "tactical, transition, uniform (got 'vibes')"),
    (["uniform", "uniform"], "each model once (got uniform, uniform)"),
])
def test_bad_model_lists(data, models, message) -> None:
    with pytest.raises(AnalysisError) as error:
        compare_models(data, models=models, shares=GIVEN)
    assert str(error.value) == message


def test_project_compare_json_table_and_csv(data) -> None:
    both = compare_models(data, shares=GIVEN)
    result = run("project", "--compare", "--shares", SHARES, "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["models"] == both.models
    assert payload["totals"] == both.totals.to_dict(orient="records")
    assert payload["disputed_seats"] == len(both.disputed) == len(payload["disputed"])
    assert payload["inputs"]["shares_used"]["Lab"] == 34.6

    table = run("project", "--compare", "--shares", SHARES, "--seat", "Spen Valley")
    assert table.returncode == 0, table.stderr
    assert f"Seats by model ({DEFAULT_MODEL}, the first, is the default):\n" in table.stdout
    assert (f"{len(both.disputed)} of 650 seats change winner with the model; Northern "
            f"Ireland's 18 seats and the Speaker's are held at the baseline in all"
            in table.stdout)
    for name in both.models:
        assert f"│ {name} " in table.stdout
    assert "Spen Valley: " in table.stdout

    rows = list(csv.DictReader(io.StringIO(run("project", "--compare", "--shares", SHARES,
                                               "--format", "csv").stdout)))
    assert len(rows) == len(both.disputed)
    assert list(rows[0]) == ["gss_code", "name", "baseline_winner", *both.models, "winners"]


def test_compare_refuses_a_single_model() -> None:
    result = run("project", "--compare", "--model", "uniform")
    assert result.returncode == 2  # a usage error, as click gives
    assert result.stderr.endswith(
        "Error: Invalid value for --model: --compare runs every model; leave out --model\n")
