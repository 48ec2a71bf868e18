"""A simple scenario from a few choices: the library's version of the command line's flags."""

from __future__ import annotations

import pytest

import swingometer
from swingometer.scenarios import (
    ScenarioError,
    parse_scenario,
    run_scenario,
    simple_scenario,
)


def test_the_operations_come_in_order_over_every_seat_or_the_seats_named() -> None:
    plan = simple_scenario(election="2019", swing=[("Lab", "Con", 2.5)], stand=["Green"],
                           stand_down=["BRX"])
    assert [op.type for op in plan.operations] == ["stand_down", "stand", "swing"]
    assert all(op.missing == "skip" for op in plan.operations)
    named = simple_scenario(election="2019", stand_down=["Green"], seats=["Batley and Spen"])
    assert named.operations[0].missing == "error"
    assert named.operations[0].target.seats == ("Batley and Spen",)


def test_the_same_numbers_as_the_scenario_file_it_stands_for(data) -> None:
    plan = simple_scenario(election="parl.batley-and-spen.by.2021-07-01",
                           stand=[("Green", 5.0)])
    same = parse_scenario({"base": {"election": "parl.batley-and-spen.by.2021-07-01"},
                           "operations": [{"type": "stand", "party": "Green", "share": 5.0,
                                           "missing": "skip"}]})
    assert (run_scenario(data, plan).seats().to_dict(orient="records")
            == run_scenario(data, same).seats().to_dict(orient="records"))


def test_exactly_one_base() -> None:
    with pytest.raises(swingometer.AnalysisError) as caught:
        simple_scenario(election="2019", as_of="latest")
    assert str(caught.value) == ("a simple scenario starts from exactly one of election, shares "
                                 "and as_of")


def test_a_seat_named_where_an_operation_cannot_apply_is_an_error(data) -> None:
    plan = simple_scenario(election="parl.batley-and-spen.by.2021-07-01", stand_down=["Green"],
                           seats=["Batley and Spen"])
    with pytest.raises(ScenarioError) as caught:
        run_scenario(data, plan)
    assert str(caught.value) == (
        "operations[1].party must be a target where Green stood (got 'Batley and Spen'); "
        "without seats=, the operations skip the seats where they cannot apply")
    assert caught.value.option == "seats="
