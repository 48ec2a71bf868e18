"""Simulation workers end with the process that started them: a parent killed by SIGKILL leaves
no orphan waiting for work forever (a forked worker holds its own copy of the queue's pipe, so
the parent's death alone never woke it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="reads the process table from /proc (Linux)")

# a parent that simulates two million elections on two workers: long enough to be killed mid-run
PARENT = """
import swingometer
from swingometer.forecast.simulate import simulate_election
simulate_election(swingometer.Dataset(include_imported=False), shares={"Lab": 30, "RUK": 28},
                  sims=2_000_000, seed=1, workers=2, max_sims=2_000_000)
"""


def _children(parent: int) -> list[int]:
    """The live (not zombie) processes whose parent is ``parent``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == parent and state != "Z":
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_end_when_their_parent_is_killed() -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT], env=dict(os.environ))
    try:
        deadline = time.monotonic() + 120
        while len(workers := _children(parent.pid)) < 2 and time.monotonic() < deadline:
            assert parent.poll() is None, "the parent ended before its workers started"
            time.sleep(0.1)
        assert len(workers) == 2
        time.sleep(1)  # the workers are drawing
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [w for w in workers if _alive(w)]
        for pid in left:  # leave the machine clean whatever the outcome
            os.kill(pid, signal.SIGKILL)
        assert left == []
    finally:
        if parent.poll() is None:
            parent.kill()
