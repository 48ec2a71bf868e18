"""Each poll-average method's final average against the GB result, general elections 2010-2024.

Leakage-free: the average as of polling day uses only polls that ended before it, and house
effects are measured on those polls alone. Prints, per election and method, the absolute error of
each party's share (points) and their mean, then each method's mean over every election, beside
the plain mean of the last 7 days (``mean``). One configuration per method for every election.

    python benchmarks/poll_averages.py
"""

from __future__ import annotations

import numpy as np

import swingometer
from swingometer.forecast.backtest import TARGETS
from swingometer.forecast.models import history_shares
from swingometer.forecast.polls import METHODS, poll_average

PARTIES = ("Con", "Lab", "LD", "Green", "UKIP", "RUK", "SNP")
# the methods as the library offers them, and the weighted mean without house effects
VARIANTS = {**{name: {"method": name} for name in METHODS},
            "weighted, no house effects": {"method": "weighted", "house_effects": False}}


def errors(data: swingometer.Dataset, year: int, options: dict) -> dict[str, float]:
    """Absolute error (points) of each party's final average against the GB result."""
    election = data.election(TARGETS[year][0])
    actual = history_shares(data, election.election_id, election.boundary_set).national()
    history = data.before(election.date)
    average = poll_average(history.polls, election.date, **options).shares
    return {p: abs(average[p] - actual[p]) for p in PARTIES
            if p in average and (actual[p] >= 0.5 or average[p] >= 0.5)}


def main() -> None:
    data = swingometer.Dataset(include_imported=False)
    print("| election | method | " + " | ".join(PARTIES) + " | mean |")
    print("|---|---|" + "---|" * (len(PARTIES) + 1))
    overall: dict[str, list[float]] = {name: [] for name in VARIANTS}
    for year in sorted(TARGETS):
        for name, options in VARIANTS.items():
            found = errors(data, year, options)
            overall[name] += list(found.values())
            cells = [f"{found[p]:.2f}" if p in found else "" for p in PARTIES]
            print(f"| {year} | {name} | " + " | ".join(cells)
                  + f" | {np.mean(list(found.values())):.2f} |")
    print()
    print("| method | mean absolute error, every party and election | ratio to mean |")
    print("|---|---|---|")
    base = np.mean(overall["mean"])
    for name, values in overall.items():
        print(f"| {name} | {np.mean(values):.3f} | {np.mean(values) / base:.3f} |")


if __name__ == "__main__":
    main()
