"""Model speed: time for each seat model to project all 650 seats (goal: under 50 ms).

Prints the median of --repeat runs per model, measured in this one run, and the ratio to the goal.

    python benchmarks/models.py [--repeat 50]
"""

from __future__ import annotations

import argparse
import statistics
import time

import swingometer
from swingometer.forecast.models import MODELS, resolve_targets
from swingometer.forecast.projection import baseline_shares

GOAL_SECONDS = 0.050
SHARES = {"Lab": 34.6, "Con": 24.4, "RUK": 14.7, "LD": 12.6, "Green": 6.9, "SNP": 2.6, "PC": 0.7}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    data = swingometer.Dataset(include_imported=False)
    base = baseline_shares(data, data.election("notional")).standing()
    targets = resolve_targets(base, SHARES)
    for name, model_class in sorted(MODELS.items()):
        model = model_class().fit(data.before("2024-07-04"))
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            model.predict(base, targets)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(f"{name:<18} median {1000 * median:6.2f} ms over {len(base.gss_codes)} seats "
              f"({median / GOAL_SECONDS:.3f} of the 50 ms goal)")


if __name__ == "__main__":
    main()
