"""CSV output is safe to open in a spreadsheet: a text cell that would run as a formula gets a
leading apostrophe (OWASP), numbers are untouched, and ``--raw-csv`` writes cells as they are."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_imports import CANDIDATES, SEATS, rows_of, with_cell, write_csv

EXE = shutil.which("swingometer")
FORMULA = '=HYPERLINK("http://example.invalid","click")'


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


@pytest.fixture
def imported(tmp_path: Path, isolated_home: Path) -> None:
    rows = with_cell(rows_of(CANDIDATES), 2, "Candidate first name", FORMULA)
    rows = with_cell(rows, 3, "Candidate first name", "@SUM(A1:A9)")
    done = run("import", str(write_csv(tmp_path / "formula.csv", rows)), "--seats", str(SEATS))
    assert done.returncode == 0, done.stderr


def _candidates(output: str) -> dict[str, str]:
    return {r["candidate"]: r["change"] for r in csv.DictReader(io.StringIO(output))}


def test_formulas_are_escaped_and_numbers_are_not(imported) -> None:
    out = run("seat", "Spen Valley", "--election", "parl.spen-valley.by.2026-10-01",
              "--format", "csv")
    assert out.returncode == 0, out.stderr
    names = _candidates(out.stdout)
    assert f"'{FORMULA} Ackroyd" in names
    assert any(name.startswith("'@SUM(A1:A9) ") for name in names)
    assert not any(name.startswith(("=", "@")) for name in names)
    assert any(change.startswith("-") for change in names.values())  # a negative number kept


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_raw_csv_writes_cells_as_they_are(imported, how: str) -> None:
    args = ["seat", "Spen Valley", "--election", "parl.spen-valley.by.2026-10-01", "--format",
            "csv"]
    out = (run("--raw-csv", *args) if how == "flag"
           else run(*args, env={"SWINGOMETER_RAW_CSV": "1"}))
    assert out.returncode == 0, out.stderr
    assert f"{FORMULA} Ackroyd" in _candidates(out.stdout)


def test_the_escape_rule() -> None:
    from swingometer.interfaces.render import _safe

    assert [_safe(v, False) for v in ("=1+1", "+44", "-2", "@x", "\tx", "\rx", "Lab", "", -2.5,
                                      7)] == ["'=1+1", "'+44", "'-2", "'@x", "'\tx", "'\rx",
                                              "Lab", "", -2.5, 7]
    assert _safe("=1+1", True) == "=1+1"
