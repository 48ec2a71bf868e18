"""`swingometer polls` through the installed entry point: list, average, import, remove, and an
imported poll changing the next projection."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

EXE = shutil.which("swingometer")
HEADER = "end_date,start_date,pollster,client,area,sample_size,lab,con,reform,ld,grn,snp,pc,oth"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=600)


def write(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["list", "average", "chart", "import", "remove"])
def test_every_polls_command_has_help(command) -> None:
    result = run("polls", command, "--help")
    assert result.returncode == 0, result.stderr
    assert "--format" in result.stdout


def test_the_latest_average_is_august_2026() -> None:
    result = run("polls", "average", "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert (payload["as_of"], payload["latest_poll"], payload["method"]) == (
        "2026-08-18", "2026-08-17", "kalman")
    table = run("polls", "average", "--area", "scotland", "--as-of", "2024-07-04")
    assert table.returncode == 0 and "Scotland poll average as of 2024-07-04" in table.stdout


def test_no_polls_in_the_window_names_the_option_that_widens_it() -> None:
    result = run("project", "--as-of", "2026-12-03")
    assert result.returncode == 1
    assert result.stderr == (
        "error: no GB polls ended in the 90 days before 2026-12-03; the latest GB poll before it "
        "ended on 2026-08-17: widen the window with --window 109, use --as-of latest, or give "
        "--shares\n")


def test_list_filters_and_formats() -> None:
    result = run("polls", "list", "--area", "wales", "--since", "2025-01-01", "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("poll_id,") and len(lines) == 1 + 6
    assert all(",Wales," in line for line in lines[1:])


def test_an_imported_poll_changes_the_next_projection_and_can_be_removed(tmp_path) -> None:
    before = json.loads(run("project", "--model", "uniform", "--format", "json").stdout)
    path = write(tmp_path / "mine.csv", "2026-08-20,2026-08-19,Example Polling,,GB,2000,"
                 "45,15,15,10,8,3,1,3")
    imported = run("polls", "import", str(path), "--format", "json")
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["polls"] == 1
    again = json.loads(run("polls", "import", str(path), "--format", "json").stdout)
    assert again["replaced"] == again["poll_ids"]  # idempotent: the same poll replaced
    after = json.loads(run("project", "--model", "uniform", "--format", "json").stdout)
    assert after["inputs"]["latest_poll"] == "2026-08-20"
    assert after["inputs"]["shares"]["Lab"] > before["inputs"]["shares"]["Lab"] + 1
    removed = run("polls", "remove", "mine.csv", "--format", "json")
    assert json.loads(removed.stdout)["removed"] == again["poll_ids"]
    restored = json.loads(run("project", "--model", "uniform", "--format", "json").stdout)
    assert restored["inputs"] == before["inputs"]


def test_a_bad_poll_file_changes_nothing(tmp_path) -> None:
    good = write(tmp_path / "good.csv", "2026-08-20,,Example Polling,,GB,,30,20,25,10,8,3,1,3")
    assert run("polls", "import", str(good)).returncode == 0
    bad = write(tmp_path / "bad.csv", "2026-08-21,,Example Polling,,GB,,30,20,25,10,8,3,1,3",
                "2026-08-22,,Example Polling,,GB,,130,20,25,10,8,3,1,3")
    result = run("polls", "import", str(bad))
    assert result.returncode == 1
    assert result.stderr.startswith("error: 'lab' in row 3 of bad.csv must be")
    listed = run("polls", "list", "--pollster", "example", "--format", "csv").stdout.splitlines()
    assert len(listed) == 2  # the header and the good file's one poll


def test_removing_what_was_never_imported_is_a_clear_error() -> None:
    result = run("polls", "remove", "nothing.csv")
    assert result.returncode == 1
    assert result.stderr == ("error: no name matches 'nothing.csv' among the imported polls or "
                             "their files (0 polls imported)\n")
