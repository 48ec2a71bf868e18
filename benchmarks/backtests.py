"""Every model's backtests: winners called (% of GB seats) and total seat error, as a Markdown table.

Each cell is leakage-free (the model sees only what was known before the election) and uses one
configuration per model for every election. Prints the table the README shows.

    python benchmarks/backtests.py
"""

from __future__ import annotations

import swingometer
from swingometer.forecast.backtest import TARGETS, backtest
from swingometer.forecast.models import DEFAULT_MODEL, MODELS


def main() -> None:
    data = swingometer.Dataset(include_imported=False)
    years = sorted(TARGETS)
    print("| model | input | " + " | ".join(map(str, years)) + " |")
    print("|---|---|" + "---|" * len(years))
    for name in sorted(MODELS, key=lambda m: (m != DEFAULT_MODEL, m)):
        for source in ("polls", "actual"):
            cells = []
            for year in years:
                result = backtest(data, year, source, name)
                cells.append(f"{result.seats_called_pct:.1f}% / {result.total_seat_error}")
            label = f"**{name}** (default)" if name == DEFAULT_MODEL else name
            print(f"| {label} | {source} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
