"""Simulator speed and memory, measured in one run.

Speed: ``--sims`` simulations x 650 seats x every party, against the time numpy takes just to draw
the same number of random variates (standard normals, numpy's default float64, and float32), with
the ratios. Memory: peak resident memory of a child process simulating ``--memory-sims``.

    python benchmarks/simulate.py [--sims 100000] [--memory-sims 1000000]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time

import numpy as np

import swingometer
from swingometer.projection import project
from swingometer.simulate import BLOCK, ErrorModel, simulate

SHARES = {"Lab": 34.6, "Con": 24.4, "RUK": 14.7, "LD": 12.6, "Green": 6.9, "SNP": 2.6, "PC": 0.7}


def setup():
    data = swingometer.Dataset(include_imported=False)
    return project(data, shares=SHARES), ErrorModel.estimate(data.before("2024-07-04"))


def draw_only(count: int, dtype) -> float:
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    for first in range(0, count, BLOCK * 6_500):
        rng.standard_normal(min(BLOCK * 6_500, count - first), dtype=dtype)
    return time.perf_counter() - start


def memory_child(sims: int) -> None:
    projection, errors = setup()
    simulate(projection, errors, sims, seed=1)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sims", type=int, default=100_000)
    parser.add_argument("--memory-sims", type=int, default=1_000_000)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        memory_child(args.child)
        return
    projection, errors = setup()
    count = args.sims * len(projection.projected.gss_codes) * len(projection.projected.parties)
    start = time.perf_counter()
    simulate(projection, errors, args.sims, seed=1)
    simulated = time.perf_counter() - start
    float64, float32 = draw_only(count, np.float64), draw_only(count, np.float32)
    print(f"simulate {args.sims:,} x 650 seats x 10 parties: {simulated:.2f} s")
    print(f"numpy draws {count:,} standard normals: float64 {float64:.2f} s, "
          f"float32 {float32:.2f} s")
    print(f"ratio to float32 draws (the simulator's precision) {simulated / float32:.2f} "
          f"(goal <= 1.5); to float64 draws {simulated / float64:.2f}")
    if args.memory_sims:
        out = subprocess.run([sys.executable, __file__, "--child", str(args.memory_sims)],
                             capture_output=True, text=True, check=True).stdout
        print(f"peak resident memory simulating {args.memory_sims:,}: "
              f"{int(out.split()[-1]) / 1024:.0f} MiB (goal < 1024)")


if __name__ == "__main__":
    main()
