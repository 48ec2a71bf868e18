"""``swingometer scenario`` through the installed entry point."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

EXE = shutil.which("swingometer")
ROOT = Path(__file__).resolve().parents[1]
GALLOWAY = ROOT / "examples" / "batley-and-spen-no-galloway.toml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, "scenario", *args], capture_output=True, text=True, timeout=300)


def test_a_scenario_file_as_json_with_odds() -> None:
    result = run(str(GALLOWAY), "--sims", "300", "--seed", "4", "--format", "json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["seed"], out["sims"]) == (4, 300)
    assert out["base"] == "parl.batley-and-spen.by.2021-07-01"
    seat = out["seats"][0]
    assert seat["base_majority"] == 323 and seat["winner"] == "Lab"
    assert abs(sum(seat["win_probabilities"].values()) - 1) < 1e-9
    assert out["steps"][0]["from"] == {"WPB": 8264}
    again = json.loads(run(str(GALLOWAY), "--sims", "300", "--seed", "4", "-f", "json").stdout)
    assert again["seats"] == out["seats"]


def test_explain_prints_the_assumptions() -> None:
    result = run(str(GALLOWAY), "--explain")
    assert result.returncode == 0, result.stderr
    assert "stand down transfers of WPB given: home 0.3 to 0.5 (middle 0.4)" in result.stdout
    assert "Operations apply in the order written" in result.stdout


def test_simple_flags_build_the_same_kind_of_scenario() -> None:
    result = run("--base", "parl.batley-and-spen.by.2021-07-01", "--swing", "lab:con:1",
                 "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["winner"] == "Con" and rows[0]["base_winner"] == "Lab"


def test_at_risk_ranks_by_tipping_point() -> None:
    result = run(str(ROOT / "examples" / "muslim-shift-at-risk.toml"), "--at-risk", "lab",
                 "--top", "5", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 5
    points = [float(r["tipping_fraction"]) for r in rows]
    assert points == sorted(points)


def test_a_bad_file_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[base]\nelection = "2019"\n\n[[operations]]\ntype = "swing"\nfrom = "Lab"\n'
                   'to = "Con"\nfraction = 2\n')
    result = run(str(bad))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: {bad}, line 8: operations[1].fraction must be a number in [0, 1] or a range "
        "[low, high] within it (got 2)")


def test_a_file_and_flags_together_are_refused() -> None:
    result = run(str(GALLOWAY), "--swing", "lab:con:1")
    assert result.returncode == 1
    assert "give a scenario FILE or the flags" in result.stderr


def test_a_flag_in_a_named_seat_where_it_cannot_apply_is_an_error() -> None:
    """Over every seat the flags skip where they cannot apply; in a seat named by --seat, a
    stand-down of a party that did not stand is an error, not a silent no-op."""
    result = run("--base", "parl.batley-and-spen.by.2021-07-01", "--stand-down", "green",
                 "--seat", "Batley and Spen")
    assert result.returncode == 1
    # the hint fits the command line: there is no `missing = "skip"` flag
    assert result.stderr.strip() == (
        "error: operations[1].party must be a target where Green stood (got 'Batley and Spen'); "
        "without --seat, the operations skip the seats where they cannot apply")
    everywhere = run("--base", "2019", "--stand-down", "brx", "--format", "json")
    assert everywhere.returncode == 0, everywhere.stderr
    assert json.loads(everywhere.stdout)["steps"][0]["summary"] == "BRX stands down in 275 seat(s)"


def test_at_risk_resolves_the_party_as_the_operations_do() -> None:
    """On a projection base the Workers Party is counted in Oth: --at-risk refuses it (it
    matched nothing); a name the models know resolves to the model's party."""
    flags = ("--shares", "lab=30,con=25,ruk=20", "--swing", "lab:con:1")
    result = run(*flags, "--at-risk", "wpb")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: --at-risk must be a party the projection models (Con, Lab, LD, Green, SNP, PC, "
        "UKIP, RUK, Ind, Oth) (got 'wpb'); a projection counts WPB in Oth, with every other "
        "small party")
    named = run(*flags, "--at-risk", "Labour", "--rival", "Brexit Party", "--top", "3",
                "--format", "csv")
    assert named.returncode == 0, named.stderr
    rows = list(csv.DictReader(io.StringIO(named.stdout)))
    assert len(rows) == 3 and {r["rival"] for r in rows} == {"RUK"}
