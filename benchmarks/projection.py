"""A projection from the latest polls, from a fresh data context: time and table reads.

Each repeat builds a new ``Dataset`` (so nothing is cached from the one before) and projects from
the latest shipped polls with the default model, then the same with ``simulate_election`` at 1,000
simulations. Beside them, measured in the same run: the time to read each table the projection
reads once (its floor, were nothing else done) and the number of table reads each call makes.

Before the data context was redesigned (December 2026) one projection read 12 tables 28 times;
the goal was a projection at least twice as fast.

    python benchmarks/projection.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from unittest import mock

import swingometer
import swingometer.io.tables as tables
from swingometer.projection import project
from swingometer.simulate import simulate_election


def counted(call):
    """``call()``'s seconds and the tables it read, by name."""
    reads: Counter[str] = Counter()
    real = tables._open

    def spy(file_name: str):
        reads[file_name.removesuffix(".csv.gz")] += 1
        return real(file_name)

    with mock.patch.object(tables, "_open", spy):
        start = time.perf_counter()
        call()
        return time.perf_counter() - start, reads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    calls = {
        "project (latest polls)": lambda: project(swingometer.Dataset(include_imported=False)),
        "simulate_election 1,000": lambda: simulate_election(
            swingometer.Dataset(include_imported=False), sims=1_000, seed=0),
    }
    calls["project (latest polls)"]()  # warm imports and the file cache
    times: dict[str, list[float]] = {name: [] for name in calls}
    reads: dict[str, Counter[str]] = {}
    for _ in range(args.repeat):
        for name, call in calls.items():
            seconds, reads[name] = counted(call)
            times[name].append(seconds)
    floor = 0.0
    for name in sorted(n for n in set().union(*reads.values()) if not n.startswith("hexmap")):
        start = time.perf_counter()
        tables.read_table(name)
        floor += time.perf_counter() - start
    print(f"reading each of those tables once: {floor:.3f} s")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<26} median {median:.3f} s (min {min(values):.3f}); "
              f"{sum(reads[name].values())} table reads of {len(reads[name])} tables; "
              f"{median / floor:.1f}x the reads' floor")


if __name__ == "__main__":
    main()
