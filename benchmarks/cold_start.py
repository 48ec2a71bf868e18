"""Cold-start benchmark: `swingometer seat "Batley and Spen"` against `python -c "import pandas"`.

Prints wall times measured in this one run (median of --repeat runs, interleaved so both see the
same machine load), their ratio (goal <= 1.5), and the time to load every shipped table.

    python benchmarks/cold_start.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def load_all_tables() -> dict[str, float]:
    from importlib import resources

    from swingometer.io.tables import hexmap, read_table

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
    pandas_cmd = [sys.executable, "-c", "import pandas"]
    seat_cmd = [exe, "seat", "Batley and Spen"]
    wall(pandas_cmd), wall(seat_cmd)  # warm the file cache once
    pandas_times, seat_times = [], []
    for _ in range(args.repeat):
        pandas_times.append(wall(pandas_cmd))
        seat_times.append(wall(seat_cmd))
    pandas_median, seat_median = statistics.median(pandas_times), statistics.median(seat_times)
    print(f"python -c 'import pandas'          median {pandas_median:.3f} s "
          f"(min {min(pandas_times):.3f})")
    print(f"swingometer seat 'Batley and Spen' median {seat_median:.3f} s "
          f"(min {min(seat_times):.3f})")
    print(f"ratio seat / import pandas: {seat_median / pandas_median:.2f} (goal <= 1.5)")
    timings = load_all_tables()
    for name, seconds in timings.items():
        print(f"  load {name:<28} {1000 * seconds:7.1f} ms")
    print(f"load every shipped table: {sum(timings.values()):.3f} s")


if __name__ == "__main__":
    main()
