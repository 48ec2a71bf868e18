"""Map benchmark: drawing both hex layouts (2010 boundaries with 2019, 2024 boundaries with 2024) as
SVG and as PNG. Goal: under a second each.

Prints wall times measured in this one run (median of --repeat runs, after one warm-up run that
loads the tables and imports matplotlib, whose times are printed too): building the map (per-seat
results, colours, layout), writing the SVG, and writing a 1000 x 1200 PNG.

    python benchmarks/maps.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import swingometer
from swingometer.pictures.maps import build_map

CASES = [("pcon2010", "2019", "winner"), ("pcon2024", "2024", "winner"),
         ("pcon2010", "2019", "swing:lab:con"), ("pcon2024", "2024", "share:ruk")]


def timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def one_run(data: swingometer.Dataset, election: str, colour: str,
            folder: Path) -> dict[str, float]:
    build, hexmap = timed(lambda: build_map(data, election, colour,
                                            labels=["Spen Valley" if election == "2024"
                                                    else "Batley and Spen"]))
    svg, _ = timed(lambda: hexmap.save(folder / "map.svg"))
    png, _ = timed(lambda: hexmap.save(folder / "map.png", 1000, 1200))
    return {"build": build, "svg": svg, "png": png}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = swingometer.Dataset()
    with tempfile.TemporaryDirectory() as folder:
        first = one_run(data, "2024", "winner", Path(folder))
        print("warm-up (loads the tables, imports matplotlib): "
              + ", ".join(f"{k} {v:.3f} s" for k, v in first.items()))
        worst = 0.0
        for boundary_set, election, colour in CASES:
            runs = [one_run(data, election, colour, Path(folder)) for _ in range(args.repeat)]
            medians = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            worst = max(worst, medians["build"] + medians["svg"], medians["build"] + medians["png"])
            print(f"{boundary_set} {election} {colour:<14} build {medians['build']:.3f} s, "
                  f"SVG {medians['svg']:.3f} s (build + SVG {medians['build'] + medians['svg']:.3f}"
                  f" s), PNG {medians['png']:.3f} s (build + PNG "
                  f"{medians['build'] + medians['png']:.3f} s)")
    print(f"slowest map, built and written: {worst:.3f} s (goal < 1 s)")


if __name__ == "__main__":
    main()
