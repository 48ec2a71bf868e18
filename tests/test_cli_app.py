"""The command line in-process (typer's CliRunner), over every command read from the app: help,
formats and docs for each, and the points a new user met (issue 14)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

import swingometer
from swingometer.interfaces.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
ROOT = typer.main.get_command(app)


def _commands(group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):  # a group
            out += _commands(command, (*prefix, name))
        else:
            out.append((*prefix, name))
    return out


COMMANDS = _commands(ROOT)


def invoke(*args: str, width: int | None = None):
    env = {"COLUMNS": str(width)} if width else {}
    return CliRunner().invoke(app, list(args), env=env)


def test_every_command_is_found() -> None:
    assert len(COMMANDS) == 19 and ("polls", "average") in COMMANDS and ("seat",) in COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_formats_and_docs(command: tuple[str, ...]) -> None:
    for flag in ("-h", "--help"):
        result = invoke(*command, flag)
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"Usage: swingometer {' '.join(command)}")
    found = ROOT
    for name in command:
        found = found.commands[name]
    options = {o: p for p in found.params if p.param_type_name == "option" for o in p.opts}
    assert set(options["--format"].type.choices) == {"table", "json", "csv"}
    assert f"swingometer {' '.join(command)}" in README


def test_a_bare_command_line_prints_the_help_and_succeeds() -> None:
    for args in ((), ("polls",)):
        result = invoke(*args)
        assert result.exit_code == 0 and "Commands:" in result.output


def test_version() -> None:
    result = invoke("--version")
    assert (result.exit_code, result.output) == (0, f"swingometer {swingometer.__version__}\n")


def test_help_keeps_the_text_as_written() -> None:
    text = invoke("map", "--help", width=80).output
    assert "swing:A:B" in text  # no emoji code
    # every command's one-line summary is whole, not cut with "..."
    listing = invoke("--help", width=80).output.split("Commands:")[1]
    assert "..." not in listing and len(listing.strip().splitlines()) == 15


def test_elections_fit_80_columns_with_every_id_whole() -> None:
    result = invoke("elections", width=80)
    assert result.exit_code == 0
    assert max(map(len, result.output.splitlines())) <= 80
    ids = swingometer.Dataset().election_table()["election_id"]
    assert all(re.search(rf"\b{re.escape(i)}\b", result.output) for i in ids)
    assert "too narrow for democracy_club_id, name, boundary_set" in result.output


@pytest.mark.parametrize("args", [("history", "Batley and Spen"), ("marginals", "-p", "lab"),
                                  ("polls", "list", "--since", "2026-08-01"),
                                  ("seat", "Batley and Spen")])
def test_tables_fit_80_columns(args: tuple[str, ...]) -> None:
    result = invoke(*args, width=80)
    assert result.exit_code == 0 and max(map(len, result.output.splitlines())) <= 80


@pytest.mark.parametrize(("args", "message"), [
    (("elections", "--type", "general2"),
     "an election's type is one of general, by-election, notional (got 'general2')"),
    (("elections", "--year", "abc"), "a year is four digits, e.g. 2021 (got 'abc')"),
    (("totals", "--election", "2021"),
     "no election matches '2021' among the general elections (2010, 2015, 2017, 2019, 2024, and "
     "'notional' for the 2019 result on the 2024 boundaries)"),
    (("marginals", "-p", "lab", "-e", "parl.batley-and-spen.by.2021-07-01"),
     "marginals need a general election; parl.batley-and-spen.by.2021-07-01 is a by-election"),
])
def test_bad_choices_are_refused(args: tuple[str, ...], message: str) -> None:
    result = invoke(*args)
    assert isinstance(result.exception, swingometer.SwingometerError)
    assert str(result.exception) == message


def test_a_seat_says_what_came_later_and_where_it_went() -> None:
    text = " ".join(invoke("seat", "Batley and Spen", "-e", "2019", width=200).output.split())
    assert ('Since then: by-election 2021-07-01 (Lab hold): `swingometer byelection "Batley and '
            'Spen" --date 2021-07-01`') in text
    assert "Earlier by-elections here: 2016-10-20 (Lab hold)" in text
    assert ("Abolished in 2024; its residents went to Spen Valley (65%), Dewsbury and Batley "
            "(35%)") in text
    runcorn = " ".join(invoke("seat", "Runcorn and Helsby", width=200).output.split())
    assert "Since then: by-election 2025-05-01 (RUK gain from Lab)" in runcorn
    assert "Drawn in 2024 from Weaver Vale (52%), Halton (36%)" in runcorn


def test_a_seats_links_are_in_its_json() -> None:
    import json

    payload = json.loads(invoke("seat", "Runcorn and Helsby", "--format", "json").output)
    assert payload["by_elections"] == [{"election_id": "parl.runcorn-and-helsby.by.2025-05-01",
                                        "date": "2025-05-01", "result": "RUK gain from Lab"}]
    assert payload["linked_seats"][0] == {"relation": "predecessor", "gss_code": "E14001024",
                                          "name": "Weaver Vale", "weight": 0.5235}


def test_seat_shares_without_probabilities_are_refused() -> None:
    result = invoke("seat", "Spen Valley", "--shares", "lab=30")
    assert result.exit_code == 2
    assert ("--shares applies to the chances next time: add --probabilities"
            in " ".join(result.output.split()))


def test_scenario_votes_are_whole_numbers() -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "batley-and-spen-no-galloway.toml"
    rows = invoke("scenario", str(example), "--format", "csv").output.splitlines()
    assert rows[1].startswith("E14000548,Batley and Spen,England,Lab,323,Lab,Con,")
    assert ".0," not in rows[1]


def test_a_scenario_names_the_parties_it_shows() -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "muslim-shift-at-risk.toml"
    text = " ".join(invoke("scenario", str(example), width=200).output.split())
    assert "INet: Independent Network" in text  # below the targeted seats
    assert "│ INet │ Independent Network │ 0 │ 1 │ +1 │" in text  # in the seat totals


def test_the_demo_story_is_a_library_call(data) -> None:
    from swingometer.scenarios.story import batley_and_spen

    story = batley_and_spen(data, sims=500, seed=1)
    assert story.names == ["Spen Valley", "Dewsbury and Batley"]
    assert story.report.result.majority == 323 and story.winner_2024("Dewsbury and Batley") == "Ind"
    payload = story.to_dict()
    assert payload["odds_before_2024"]["seed"] == 1
    assert payload["odds_from_latest_polls"]["sims"] == 500
    assert [s["name"] for s in payload["odds_before_2024"]["seats"]] == story.names
    models = payload["models_from_latest_polls"]
    assert list(models["seats"]) == story.names
    assert all(len(winners) == 6 for winners in models["seats"].values())
    assert models["seats"]["Spen Valley"]["tactical"] == story.now.loc["Spen Valley", "projected"]
    assert models["disputed_seats"] == len(story.models.disputed)
