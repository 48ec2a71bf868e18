"""``swingometer project`` and ``swingometer backtest``, run through the installed entry point."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess

import pytest

from swingometer.forecast.models import DEFAULT_MODEL, MODEL_PARTIES
from swingometer.forecast.projection import project

EXE = shutil.which("swingometer")
SHARES = "lab=34.6,con=24.4,ref=14.7,ld=12.6,grn=6.9,snp=2.6,pc=0.7"
GIVEN = {"Lab": 34.6, "Con": 24.4, "RUK": 14.7, "LD": 12.6, "Green": 6.9, "SNP": 2.6, "PC": 0.7}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=dict(os.environ),
                          timeout=120)


@pytest.fixture(scope="module")
def expected(data):
    """The same projection through the Python API: the CLI must show the same numbers."""
    return project(data, shares=GIVEN)


def test_project_json(expected) -> None:
    result = run("project", "--shares", SHARES, "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["model"] == DEFAULT_MODEL
    assert payload["baseline"] == "parl.2024-07-04"
    assert payload["inputs"]["shares"] == GIVEN
    assert {p: payload["inputs"]["shares_used"][p] for p in GIVEN} == GIVEN
    assert payload["inputs"]["filled_in"] == ["UKIP", "Ind", "Oth"]
    assert {p: payload["targets"]["gb"][p] for p in GIVEN} == GIVEN
    totals = {row["party"]: row for row in payload["totals"]}
    assert sum(row["seats"] for row in totals.values()) == 650
    assert totals["Lab"]["baseline"] == 411
    assert totals == {row["party"]: row for row in expected.totals.to_dict(orient="records")}
    majority = payload["majority"]
    assert majority["largest_party"] == "Lab"
    assert majority["seats"] == totals["Lab"]["seats"]
    assert majority["majority"] == 2 * majority["seats"] - 650
    assert majority["overall_majority"] == (majority["seats"] >= 326)
    seats = payload["seats"]
    assert len(seats) == 650
    assert len({s["gss_code"] for s in seats}) == 650
    for seat in seats:
        assert sum(seat[p] for p in MODEL_PARTIES) == pytest.approx(100, abs=0.06)
    assert len(payload["changes"]) == sum(s["winner"] != s["baseline_winner"] for s in seats)


def test_project_table_shows_a_seat(expected) -> None:
    result = run("project", "--shares", SHARES, "--seat", "Spen Valley")
    assert result.returncode == 0, result.stderr
    row = expected.seats().set_index("name").loc["Spen Valley"]
    lines = [line for line in result.stdout.splitlines() if line.startswith("Spen Valley:")]
    assert len(lines) == 1
    line = lines[0]
    assert line.startswith(f"Spen Valley: {row['winner']} (was {row['baseline_winner']}); ")
    assert row["baseline_winner"] == "Lab"
    for party in ("Con", "Lab", "RUK", "Green"):
        assert f"{party} {row[party]:.1f}%" in line
    assert "Northern Ireland's 18 seats and the Speaker's are held at the baseline" in result.stdout


def test_project_as_of_csv() -> None:
    result = run("project", "--as-of", "2024-07-04", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 650
    assert list(rows[0])[:5] == ["gss_code", "name", "nation", "winner", "baseline_winner"]
    assert set(MODEL_PARTIES) <= set(rows[0])
    for row in rows:
        assert sum(float(row[p]) for p in MODEL_PARTIES) == pytest.approx(100, abs=0.06)
    winners = [row["winner"] for row in rows]
    assert winners.count("Lab") > 326  # the final-week polls had Labour 18 points ahead


def test_backtest_json() -> None:
    result = run("backtest", "--target", "2019", "--input", "actual", "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert {"target", "input", "model", "gb_seats", "seats_called", "seats_called_pct",
            "seat_totals", "total_seat_error", "share_mae", "wrong_seats"} <= set(payload)
    assert (payload["target"], payload["input"], payload["model"]) == (2019, "actual",
                                                                        DEFAULT_MODEL)
    assert payload["baseline"] == "parl.2017-06-08"
    assert payload["gb_seats"] == 632
    assert payload["seats_called"] == payload["gb_seats"] - len(payload["wrong_seats"])
    assert payload["seat_totals"]["Con"]["actual"] == 365
    assert payload["seat_totals"]["Lab"]["actual"] == 202
    assert "published_forecasters" not in payload


@pytest.mark.parametrize(("args", "message"), [
    (["project", "--shares", "lab=34.6,whigs=5"],
     "error: no party matches 'whigs'; party codes are those of the House of Commons Library "
     "(Con, Lab, LD, SNP, PC, Green, RUK, ...)"),
    (["project", "--shares", "lab=60,con=40,ld=30"],
     "error: the GB shares given sum to 130.0, more than 100; pass --normalise to rescale them"),
    (["backtest", "--target", "2001"],
     "error: target must be one of 2010, 2015, 2017, 2019, 2024 (got 2001)"),
    (["backtest", "--target", "2019", "--input", "vibes"],
     "error: input must be 'polls' or 'actual' (got 'vibes')"),
])
def test_errors_are_one_line_with_exit_code_1(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 1
    assert result.stderr == message + "\n"
    assert result.stdout == ""


@pytest.mark.parametrize(("args", "quoted"), [
    (["project", "--shares", "lab=abc"], "'abc'"),
    (["project", "--shares", "lab"], "'lab'"),
    (["project", "--as-of", "not a date"], "'not a date'"),
])
def test_bad_option_text_is_a_one_line_error_with_exit_code_1(args: list[str],
                                                               quoted: str) -> None:
    result = run(*args)
    assert result.returncode == 1
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1
    assert quoted in result.stderr
    assert result.stdout == ""


def test_nation_shares_and_flows() -> None:
    payload = json.loads(run("project", "--shares", "lab=30,ruk=25,con=18,ld=13,grn=9,snp=2.5",
                             "--scotland", "snp=40,lab=25,con=12,ruk=10,ld=8,grn=5",
                             "--format", "json").stdout)
    scotland = payload["targets"]["nations"]["Scotland"]
    # the shares named fill Scotland's vote, so they are used exactly and the others get none
    assert (scotland["SNP"], scotland["Lab"], scotland["Con"]) == (40, 25, 12)
    assert scotland["Oth"] == 0
    given = payload["inputs"]["nations"]["Scotland"]
    assert given["source"] == "given"
    assert {p: given["shares_used"][p] for p in ("SNP", "Lab", "Con", "RUK", "LD", "Green")} == {
        "SNP": 40, "Lab": 25, "Con": 12, "RUK": 10, "LD": 8, "Green": 5}
    assert given["filled_in"] == ["PC", "UKIP", "Ind", "Oth"]
    assert sum(f["seats"] for f in payload["flows"]) == len(payload["changes"])
    table = run("project", "--shares", "lab=30,ruk=25,con=18,ld=13,grn=9,snp=2.5").stdout
    assert "Gains: RUK from " in table


def test_simulate_json_is_reproducible_and_complete() -> None:
    args = ("simulate", "--shares", "lab=30,ruk=25,con=18,ld=13,grn=9", "--sims", "2000",
            "--seed", "5", "--format", "json")
    first, second = (json.loads(run(*args).stdout) for _ in range(2))
    assert first == second
    assert {"seed", "sims", "model", "p_majority", "totals", "seats", "errors"} <= set(first)
    assert (first["seed"], first["sims"], len(first["seats"])) == (5, 2000, 650)
    assert set(first["totals"]["Lab"]) == {"mean", "p5", "p25", "p50", "p75", "p95"}
    # the squeeze's strength: measured on the five pairs 2005n -> 2010 ... 2019n -> 2024, drawn
    # as a t with 4 degrees of freedom, from no squeeze to a dead heat's whole vote
    strength = first["model_strength"]
    assert (strength["pairs"], strength["df"]) == (5, 4.0)
    assert strength["multiple_range"][0] == 0 and strength["multiple_range"][1] > 1
    for seat in first["seats"]:
        assert sum(seat["win_probability"].values()) == pytest.approx(1, abs=1e-3)


def test_seat_probabilities() -> None:
    payload = json.loads(run("seat", "Spen Valley", "--probabilities", "--shares",
                             "lab=30,ruk=25,con=18,ld=13,grn=9", "--sims", "2000", "--format",
                             "json").stdout)
    assert payload["gss_code"] == "E14001506"
    assert sum(payload["win_probability"].values()) == pytest.approx(1, abs=1e-3)
    # without shares, the latest polls
    latest = json.loads(run("seat", "Spen Valley", "--probabilities", "--sims", "500",
                            "--format", "json").stdout)
    assert sum(latest["win_probability"].values()) == pytest.approx(1, abs=1e-3)


@pytest.mark.parametrize(("args", "message"), [
    (["--sims", "0"], "error: sims must be a whole number above 0 (got 0)\n"),
    (["--sims", "20000000"], "error: sims must be at most 10,000,000 (got 20,000,000); raise "
                             "the cap (--max-sims) if you mean it\n"),
    (["--seed", "-1"], "error: seed must be a whole number >= 0 (got -1)\n"),
    (["--workers", "512"], "error: --workers must be a whole number from 1 to 64 (got 512)\n"),
])
def test_simulate_refuses_bad_sims_and_seeds(args: list[str], message: str) -> None:
    result = run("simulate", "--shares", "lab=30,ruk=25,con=18", *args)
    assert (result.returncode, result.stderr) == (1, message)


def test_project_from_the_polls_records_the_by_elections_and_can_leave_them_out() -> None:
    # before 2024 Scotland and Wales had polls of their own: they take them, not by-elections
    moved = run("project", "--as-of", "2024-07-04", "--model", "uniform", "--format", "json")
    plain = run("project", "--as-of", "2024-07-04", "--model", "uniform", "--no-byelections",
                "--format", "json")
    assert moved.returncode == 0 and plain.returncode == 0, moved.stderr + plain.stderr
    moved, plain = json.loads(moved.stdout), json.loads(plain.stdout)
    assert moved["inputs"]["nations"]["Scotland"]["source"] == "Scotland polls"
    assert "byelections" not in moved["inputs"] and "byelections" not in plain["inputs"]
    assert moved["targets"]["nations"] == plain["targets"]["nations"]
