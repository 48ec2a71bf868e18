"""Simulator speed and memory, measured in one run.

Speed: ``--sims`` simulations x 650 seats x every party of the projection, against the time numpy
takes just to draw as many random variates as the full problem has cells (sims x 650 x parties
standard normals, in single precision, the simulator's own, and in numpy's default double
precision), in blocks of the simulator's size. The simulator draws fewer: a normal only where a
party stands, plus one random integer per seat and simulation (the Student-t scale); the output
states both counts. The two are timed in turn ``--repeat`` times and each time is the fastest of
its runs (the machine is shared, so the slowest runs measure other work). Memory: peak resident
memory of a child process simulating ``--memory-sims``.

    python benchmarks/simulate.py [--sims 100000] [--repeat 3] [--memory-sims 1000000]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time

import numpy as np

import swingometer
from swingometer.forecast.projection import project
from swingometer.forecast.simulate import BLOCK, ErrorModel, simulate
from swingometer.forecast.simulation_kernel import _prepare

SHARES = {"Lab": 34.6, "Con": 24.4, "RUK": 14.7, "LD": 12.6, "Green": 6.9, "SNP": 2.6, "PC": 0.7}


def setup():
    data = swingometer.Dataset(include_imported=False)
    return project(data, shares=SHARES), ErrorModel.estimate(data.before("2024-07-04"))


def draw_only(count: int, dtype) -> float:
    """Seconds numpy takes to draw ``count`` standard normals, a block of simulations at a time."""
    rng = np.random.default_rng(0)
    step = BLOCK * 6_500
    start = time.perf_counter()
    for first in range(0, count, step):
        rng.standard_normal(min(step, count - first), dtype=dtype)
    return time.perf_counter() - start


def simulated(projection, errors, sims: int) -> float:
    start = time.perf_counter()
    simulate(projection, errors, sims, seed=1)
    return time.perf_counter() - start


def memory_child(sims: int) -> None:
    projection, errors = setup()
    simulate(projection, errors, sims, seed=1)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-sims", type=int, default=1_000_000)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        memory_child(args.child)
        return
    projection, errors = setup()
    seats, parties = len(projection.projected.gss_codes), len(projection.projected.parties)
    count = args.sims * seats * parties
    work = _prepare(projection, errors)[0]
    normals = args.sims * sum(
        (p.span.stop - p.span.start) if p.draws is None else len(p.draws)
        for p in work.layout[1])
    standing = args.sims * int((work.shares > 0).sum())
    times: dict[str, list[float]] = {"simulate": [], "float32": [], "float64": []}
    for _ in range(args.repeat):
        times["simulate"].append(simulated(projection, errors, args.sims))
        times["float32"].append(draw_only(count, np.float32))
        times["float64"].append(draw_only(count, np.float64))
    best = {name: min(runs) for name, runs in times.items()}
    print(f"simulate {args.sims:,} x {seats} seats x {parties} parties "
          f"({count:,} seat-party cells): {best['simulate']:.2f} s")
    print(f"  it draws {normals:,} single-precision normals ({100 * normals / count:.0f}% of the "
          f"cells: the {standing:,} where a party stands, and a few where it does not, among "
          f"seats it mostly stands in), {args.sims * work.shares.shape[0]:,} random integers (a "
          f"Student-t scale per seat and simulation) and a few national, nation and region "
          f"errors; Northern Ireland's and the Speaker's seats are not drawn")
    print(f"numpy draws {count:,} standard normals (one per cell): float32 {best['float32']:.2f} s,"
          f" float64 {best['float64']:.2f} s")
    print(f"ratio to the float32 draws (the simulator's precision) "
          f"{best['simulate'] / best['float32']:.2f} (goal <= 1.5); to float64 draws "
          f"{best['simulate'] / best['float64']:.2f}")
    print(f"  fastest of {args.repeat} runs each; every run (s): "
          + "; ".join(f"{name} " + ", ".join(f"{t:.2f}" for t in runs)
                      for name, runs in times.items()))
    if args.memory_sims:
        out = subprocess.run([sys.executable, __file__, "--child", str(args.memory_sims)],
                             capture_output=True, text=True, check=True).stdout
        print(f"peak resident memory simulating {args.memory_sims:,}: "
              f"{int(out.split()[-1]) / 1024:.0f} MiB (goal < 1024)")


if __name__ == "__main__":
    main()
