"""A projection from the latest polls, from a fresh data context: time and table reads.

Each repeat builds a new ``Dataset`` (so nothing is cached from the one before) and projects from
the latest shipped polls with the default model, then the same with ``simulate_election`` at 1,000
simulations. Beside them, measured in the same run: the time to read each table once (the floor,
were nothing else done) and the number of table reads each call makes.

``--against SRC`` also times another version of the package (the ``src`` folder of a checkout,
say of the commit before a change), in child processes interleaved with this one's, and prints
this version's speed-up over it. Before the data context was redesigned (commit 3524f63) one
simulated projection read 7 tables 32 times; the goal was a projection at least twice as fast.

    python benchmarks/projection.py [--repeat 5] [--against ../old/src]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from unittest import mock

CALLS = ("project (latest polls)", "simulate_election 1,000")


def counted(call) -> tuple[float, Counter[str]]:
    """``call()``'s seconds and the tables it read, by name."""
    import importlib

    try:
        tables = importlib.import_module("swingometer.data.tables")
    except ModuleNotFoundError:  # a version from before the layer folders
        tables = importlib.import_module("swingometer.io.tables")

    reads: Counter[str] = Counter()
    real = tables._open

    def spy(file_name: str):
        reads[file_name.removesuffix(".csv.gz")] += 1
        return real(file_name)

    with mock.patch.object(tables, "_open", spy):
        start = time.perf_counter()
        call()
        return time.perf_counter() - start, reads


def measure(repeat: int) -> dict[str, dict]:
    """Median seconds and table reads of each call, in this process."""
    import swingometer

    try:
        from swingometer import project, simulate_election
    except ImportError:  # a version from before the public API named them
        from swingometer.projection import project
        from swingometer.simulate import simulate_election

    calls = dict(zip(CALLS, (
        lambda: project(swingometer.Dataset(include_imported=False)),
        lambda: simulate_election(swingometer.Dataset(include_imported=False), sims=1_000,
                                  seed=0))))
    calls[CALLS[0]]()  # warm imports and the file cache
    out = {}
    for name, call in calls.items():
        runs = [counted(call) for _ in range(repeat)]
        out[name] = {"median": statistics.median(t for t, _ in runs),
                     "min": min(t for t, _ in runs), "reads": dict(runs[-1][1])}
    return out


def floor() -> float:
    """Seconds to read each shipped table once."""
    from importlib import resources

    from swingometer.data.tables import read_table

    start = time.perf_counter()
    for path in resources.files("swingometer").joinpath("data").iterdir():
        if path.name.endswith(".csv.gz"):
            read_table(path.name.removesuffix(".csv.gz"))
    return time.perf_counter() - start


def child(src: str | None, repeat: int) -> dict[str, dict]:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (src, env.get("PYTHONPATH"))))
    done = subprocess.run([sys.executable, __file__, "--child", "--repeat", str(repeat)],
                          env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--against", help="the src folder of another version, to compare with")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.repeat)))
        return
    if args.against:  # interleaved, a run of each at a time, so both see the same machine load
        runs = {"this": [], "other": []}
        for _ in range(args.repeat):
            runs["this"].append(child(None, 1))
            runs["other"].append(child(args.against, 1))
        for name in CALLS:
            this = statistics.median(r[name]["median"] for r in runs["this"])
            other = statistics.median(r[name]["median"] for r in runs["other"])
            print(f"{name:<26} this {this:.3f} s ({sum(runs['this'][-1][name]['reads'].values())}"
                  f" table reads), {args.against} {other:.3f} s "
                  f"({sum(runs['other'][-1][name]['reads'].values())} table reads): "
                  f"{other / this:.2f}x faster (goal >= 2)")
        return
    base = floor()
    print(f"reading every shipped table once: {base:.3f} s")
    for name, found in measure(args.repeat).items():
        print(f"{name:<26} median {found['median']:.3f} s (min {found['min']:.3f}); "
              f"{sum(found['reads'].values())} table reads of {len(found['reads'])} tables; "
              f"{found['median'] / base:.1f}x the floor")


if __name__ == "__main__":
    main()
