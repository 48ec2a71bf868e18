"""The command line, run through the installed entry point."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXE = shutil.which("swingometer")
COMMANDS = ["elections", "seat", "byelection", "totals", "marginals", "history", "import", "demo",
            "project", "backtest", "simulate", "scenario", "map", "chart"]


def run(*args: str, home: Path | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if home is not None:
        env["SWINGOMETER_HOME"] = str(home)
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=120,
                          cwd=cwd)


def test_entry_point_is_installed() -> None:
    assert EXE is not None


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_the_format_option(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "--format" in result.stdout


def test_python_dash_m_runs_the_same_app() -> None:
    result = subprocess.run([sys.executable, "-m", "swingometer", "--help"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0
    assert all(c in result.stdout for c in COMMANDS)


def test_demo_prints_the_batley_and_spen_story(tmp_path: Path) -> None:
    result = run("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for figure in ["13,296", "12,973", "8,264", "majority 323", "13 lost deposits", "47.5%",
                   "66.5%", "2.9 points from Lab to Con", "Spen Valley", "16,076",
                   "majority 6,188", "Dewsbury and Batley", "Iqbal Mohamed", "15,641",
                   "majority 6,934", "9,708,716", "6,828,925", "4,117,610", "411"]:
        assert figure in out, figure
    assert "<svg" in (tmp_path / "swingometer-2024-winners.svg").read_text()[:200]


def test_demo_json(tmp_path: Path) -> None:
    payload = json.loads(run("demo", "--format", "json", cwd=tmp_path).stdout)
    assert payload["byelection"]["majority"] == 323
    weights = {s["name"]: s["population_weight"] for s in payload["successors_2024"]}
    assert set(weights) == {"Spen Valley", "Dewsbury and Batley"}
    assert payload["totals_2024"]["area"] == "UK"


def test_seat_json_has_the_documented_fields() -> None:
    result = run("seat", "Batley & Spen", "--election", "parl.batley-and-spen.by.2021-07-01",
                 "--format", "json")
    payload = json.loads(result.stdout)
    for key in ["election_id", "gss_code", "name", "electorate", "valid_votes", "turnout",
                "winner", "majority", "majority_pct", "candidates"]:
        assert key in payload
    first = payload["candidates"][0]
    assert {"name", "party_code", "votes", "share", "change", "deposit_lost"} <= set(first)
    assert (first["name"], first["votes"], first["change"]) == ("Kim Leadbeater", 13296, -7.42)
    assert payload["majority"] == 323 and payload["electorate"] == 79373


def test_byelection_json_includes_the_previous_general() -> None:
    payload = json.loads(run("byelection", "Batley and Spen", "--date", "2021-07-01",
                             "--format", "json").stdout)
    assert payload["previous_general"]["election_id"] == "parl.2019-12-12"
    assert payload["swing"] == {"from_party": "Lab", "to_party": "Con", "points": 2.9}
    assert sum(c["deposit_lost"] for c in payload["candidates"]) == 13


def test_seat_csv_is_one_row_per_candidate() -> None:
    rows = list(csv.DictReader(io.StringIO(run("seat", "Spen Valley", "-f", "csv").stdout)))
    assert len(rows) == 6
    assert rows[0]["candidate"] == "Kim Leadbeater" and rows[0]["votes"] == "16076"


@pytest.mark.parametrize("area", ["uk", "gb", "england", "scotland", "wales", "ni"])
def test_totals_by_area(area: str) -> None:
    payload = json.loads(run("totals", "--election", "2024", "--area", area, "-f", "json").stdout)
    seats = {"uk": 650, "gb": 632, "england": 543, "scotland": 57, "wales": 32, "ni": 18}[area]
    assert payload["seats"] == seats
    assert sum(p["seats"] for p in payload["parties"]) == seats



def test_totals_print_turnout_both_ways() -> None:
    table = " ".join(run("totals", "--election", "2024", "--area", "wales").stdout.split())
    payload = json.loads(run("totals", "--election", "2024", "--area", "wales", "-f",
                             "json").stdout)
    valid, rejected, electorate = (payload[k] for k in ("valid_votes", "rejected_ballots",
                                                         "electorate"))
    said = (f"turnout {100 * valid / electorate:.1f}% of the electorate (ballot-box turnout "
            f"{100 * (valid + rejected) / electorate:.1f}%, {rejected:,} rejected)")
    assert said in table

def test_marginals_rank_by_swing_needed() -> None:
    rows = json.loads(run("marginals", "--party", "con", "--top", "5", "-f", "json").stdout)
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0]["name"] == "Hendon"
    swings = [r["swing_needed"] for r in rows]
    assert swings == sorted(swings)


def test_history_csv_follows_the_lineage() -> None:
    rows = list(csv.DictReader(io.StringIO(run("history", "Spen Valley", "-f", "csv").stdout)))
    relations = {r["relation"] for r in rows}
    assert relations == {"this seat", "predecessor"}
    assert any(r["name"] == "Batley and Spen" and r["type"] == "by-election" for r in rows)


def test_elections_table_lists_all() -> None:
    rows = json.loads(run("elections", "-f", "json").stdout)
    assert len(rows) == 72
    assert {"election_id": "parl.2024-07-04", "type": "general", "date": "2024-07-04",
            "boundary_set": "pcon2024", "seats": 650,
            "name": "2024 general election", "democracy_club_id": "parl.2024-07-04"} in rows


@pytest.mark.parametrize(("args", "message"), [
    (["seat", "Batly and Spen"], "error: no constituency matches 'Batly and Spen'; did you mean "
                                 "'Batley and Spen'"),
    (["totals", "--election", "parl.hartlepool.by.2021-05-06"],
     "error: national totals need a general election; parl.hartlepool.by.2021-05-06 is a "
     "by-election"),
    (["totals", "--area", "mars"], "error: area must be one of uk, gb, england, scotland, wales, "
                                   "ni (got 'mars')"),
    (["marginals", "--party", "whigs"], "error: no party matches 'whigs'"),
])
def test_errors_are_one_line_with_exit_code_1(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 1
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_seat_swing_between_any_two_parties() -> None:
    payload = json.loads(run("seat", "Dewsbury and Batley", "--swing", "lab:con", "-f",
                             "json").stdout)
    assert payload["swing_between"] == {"from_party": "Lab", "to_party": "Con", "points": 9.25}
    table = run("seat", "Batley and Spen", "-e", "2021", "--swing", "lab:reform").stdout
    assert "No Butler swing for lab:reform: a party did not stand at both elections" in table
    assert "Did not stand this time: BRX (3.2%), Green (1.3%), HWDI (12.2%)" in table


@pytest.mark.parametrize(("args", "message"), [
    (["byelection", "Spen Valley"],
     "error: no election matches 'a by-election in Spen Valley' (by-elections held there: none; "
     "list them with `swingometer elections --type by-election`)\n"),
    (["totals", "--election", "1997"],
     "error: no election matches '1997' among the general elections (2010, 2015, 2017, 2019, "
     "2024, and 'notional' for the 2019 result on the 2024 boundaries)\n"),
    (["seat", "Batley and Spen", "--election", "parl.nowhere"],
     "error: no election matches 'parl.nowhere'; list them with `swingometer elections`\n"),
])
def test_library_advice_is_given_in_the_command_lines_words(args: list[str], message: str) -> None:
    result = run(*args)
    assert (result.returncode, result.stderr) == (1, message)
