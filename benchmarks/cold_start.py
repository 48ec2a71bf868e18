"""Cold-start benchmark: `swingometer seat "Batley and Spen"` and `swingometer polls average`
against `python -c "import pandas"`.

Prints wall times measured in this one run (median of --repeat runs, interleaved so all see the
same machine load), their ratios (goals: 1.3 for `seat`, 1.5 for `polls average`), the same
`seat` with the parsed-table cache off, and the time to load every shipped table (from the cache).

    python benchmarks/cold_start.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time


def wall(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)
    return time.perf_counter() - start


def load_all_tables() -> dict[str, float]:
    from importlib import resources

    from swingometer.data.tables import hexmap, read_table

    timings = {}
    for path in sorted(resources.files("swingometer").joinpath("data").iterdir()):
        name = path.name
        start = time.perf_counter()
        if name.endswith(".csv.gz"):
            read_table(name.removesuffix(".csv.gz"))
        elif name.startswith("hexmap_"):
            hexmap(name.removeprefix("hexmap_").removesuffix(".json.gz"))
        else:
            continue
        timings[name] = time.perf_counter() - start
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    exe = shutil.which("swingometer")
    if exe is None:
        sys.exit("swingometer is not installed in this environment")
    uncached = {**os.environ, "SWINGOMETER_CACHE": "off"}
    commands = {"python -c 'import pandas'": ([sys.executable, "-c", "import pandas"], None),
                "swingometer seat 'Batley and Spen'": ([exe, "seat", "Batley and Spen"], None),
                "swingometer polls average": ([exe, "polls", "average"], None),
                "seat, tables parsed (no cache)": ([exe, "seat", "Batley and Spen"], uncached)}
    goals = {"swingometer seat 'Batley and Spen'": 1.3, "swingometer polls average": 1.5}
    for command, env in commands.values():  # warm the file cache and the table cache once
        wall(command, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.repeat):
        for name, (command, env) in commands.items():
            times[name].append(wall(command, env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["python -c 'import pandas'"]
    for name, values in times.items():
        print(f"{name:<36} median {medians[name]:.3f} s (min {min(values):.3f})")
    for name in list(commands)[1:]:
        goal = f" (goal <= {goals[name]})" if name in goals else ""
        print(f"ratio {name} / import pandas: {medians[name] / base:.2f}{goal}")
    timings = load_all_tables()
    for name, seconds in timings.items():
        print(f"  load {name:<28} {1000 * seconds:7.1f} ms")
    print(f"load every shipped table: {sum(timings.values()):.3f} s")


if __name__ == "__main__":
    main()
