"""The store survives a killed import: SIGKILL or SIGTERM at any moment leaves it as it was before
the import or as after it, never neither, and every command still runs (a hot rollback journal is
rolled back by the next read)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from swingometer.data.paths import STORE_FILE
from swingometer.data.store import Store

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "results"
SPEN = FIXTURES / "spen-valley-2026-candidates.csv"
SPEN_SEATS = FIXTURES / "spen-valley-2026-seats.csv"
RAW = ROOT.parent / "shared" / "data" / "raw" / "ge2024"
EXE = shutil.which("swingometer")

# a child that imports a second election and kills itself once two tables are written: a real
# signal, mid-transaction, with nothing of Python's clean-up run. A page cache of one page makes
# the write spill into the database file at once, as a large import does, so the journal left
# behind is hot: the file must be rolled back before anything can read it.
KILLED_HALF_WAY = """
import os, signal, sys
from swingometer.data.imports import import_results
from swingometer.data.store import Store
original = Store._insert
def insert(connection, table, frame, extra=()):
    connection.execute("PRAGMA cache_size = 1")
    original(connection, table, frame, extra)
    if table == "contests":
        os.kill(os.getpid(), getattr(signal, sys.argv[2]))
Store._insert = staticmethod(insert)
import_results(sys.argv[1], date="2029-05-03", seats_path=sys.argv[3])
"""


def contents(home: Path) -> dict[str, list]:
    store = Store(home)
    return {table: (None if (frame := store.read(table)) is None else
                    sorted(map(str, frame.itertuples(index=False))))
            for table in ("elections", "contests", "candidacies")}


def command(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "SWINGOMETER_HOME": str(home)})


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A store holding one imported by-election."""
    home = tmp_path / "home"
    done = command("import", str(SPEN), "--seats", str(SPEN_SEATS), home=home)
    assert done.returncode == 0, done.stderr
    return home


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM"])
def test_a_write_killed_half_way_is_rolled_back_and_every_command_runs(home: Path,
                                                                       how: str) -> None:
    before = contents(home)
    child = subprocess.run([sys.executable, "-c", KILLED_HALF_WAY, str(RAW / "candidacies.csv"),
                            how, str(RAW / "constituencies.csv")],
                           env={**os.environ, "SWINGOMETER_HOME": str(home)}, timeout=120)
    assert child.returncode == -getattr(signal, how)
    assert (home / f"{STORE_FILE}-journal").exists()  # the hot journal of the killed write

    seat = command("seat", "Batley and Spen", home=home)
    assert seat.returncode == 0, seat.stderr
    assert seat.stdout.startswith("Batley and Spen (E14000548, England)")
    listed = command("elections", "--type", "by-election", "--format", "json", home=home)
    assert listed.returncode == 0, listed.stderr
    ids = {e["election_id"] for e in json.loads(listed.stdout)}
    assert "parl.spen-valley.by.2026-10-01" in ids
    assert contents(home) == before
    journal = home / f"{STORE_FILE}-journal"  # rolled back: gone, or emptied
    assert (not journal.exists() or journal.stat().st_size == 0
            or journal.read_bytes()[:8] == bytes(8))
    again = command("import", str(RAW / "candidacies.csv"), "--seats",
                    str(RAW / "constituencies.csv"), "--date", "2029-05-03", home=home)
    assert again.returncode == 0, again.stderr
    assert "imported parl.2029-05-03: 650 seat(s), 4515 candidacies" in again.stdout


def test_imports_killed_at_random_moments_leave_the_store_before_or_after(home: Path) -> None:
    rng = random.Random(20261204)  # the moments are seeded: a failure can be replayed
    before = contents(home)
    after = None
    outcomes = []
    for attempt in range(8):
        process = subprocess.Popen(
            [EXE, "import", str(RAW / "candidacies.csv"), "--seats",
             str(RAW / "constituencies.csv"), "--date", "2029-05-03"],
            env={**os.environ, "SWINGOMETER_HOME": str(home)}, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.2))
        process.send_signal(rng.choice([signal.SIGKILL, signal.SIGTERM]))
        process.wait(timeout=60)
        now = contents(home)
        if now != before:
            if after is None:  # the first import that got through: what "after" looks like
                assert now["elections"] != before["elections"]
                assert len(now["contests"]) == len(before["contests"]) + 650
                assert len(now["candidacies"]) == len(before["candidacies"]) + 4515
                after = now
            assert now == after
        outcomes.append("after" if now != before else "before")
        assert command("seat", "Spen Valley", "--election", "2024", home=home).returncode == 0
    assert len(outcomes) == 8


def test_poll_imports_killed_at_random_moments_leave_the_store_before_or_after(
        home: Path, tmp_path: Path) -> None:
    # the same harness on the polls table: 40,000 polls take about 1.5 s to import here, so the
    # seeded moments fall before, during and after the write (both outcomes seen)
    lines = ["end_date,start_date,pollster,client,area,sample_size,lab,con,reform,lib dem,grn,oth"]
    lines += [f"2026-{1 + i % 8:02d}-{1 + i % 28:02d},2026-{1 + i % 8:02d}-{1 + i % 28:02d},"
              f"Pollster {i},,GB,{1000 + i},30,20,25,12,8,5" for i in range(40_000)]
    polls = tmp_path / "polls.csv"
    polls.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rng = random.Random(20261205)
    before = Store(home).read("polls")
    for _ in range(6):
        process = subprocess.Popen([EXE, "polls", "import", str(polls)],
                                   env={**os.environ, "SWINGOMETER_HOME": str(home)},
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.6))
        process.send_signal(rng.choice([signal.SIGKILL, signal.SIGTERM]))
        process.wait(timeout=60)
        now = Store(home).read("polls")
        size = 0 if now is None else len(now)
        assert size in {0 if before is None else len(before), 40_000}  # all of it or none
        assert command("polls", "list", "--format", "csv", home=home).returncode == 0
    assert contents(home)["elections"] is not None  # the imported by-election is still there
