"""How each model grows a surging party: the mean absolute error of its seat shares (points, over
the GB seats it contested) when every model is given the actual national shares, for the surges
of 2010-2024.

UKIP and the SNP in 2015, the Liberal Democrats in 2019, Reform and the Greens in 2024. Uniform
swing adds the same points everywhere, proportional swing multiplies; the issue's goal is a
default model below both for each surge. Leakage-free: each model is fitted on the elections
before the target. Prints a Markdown table.

    python benchmarks/surges.py
"""

from __future__ import annotations

import swingometer
from swingometer.forecast.backtest import backtest
from swingometer.forecast.models import DEFAULT_MODEL, MODELS

SURGES = [(2015, "UKIP"), (2015, "SNP"), (2019, "LD"), (2024, "RUK"), (2024, "Green")]


def main() -> None:
    data = swingometer.Dataset(include_imported=False)
    models = sorted(MODELS, key=lambda m: (m != DEFAULT_MODEL, m))
    errors = {(year, model): backtest(data, year, "actual", model).share_mae_by_party
              for year in sorted({y for y, _ in SURGES}) for model in models}
    print("| surge | " + " | ".join(f"**{m}**" if m == DEFAULT_MODEL else m for m in models)
          + " | default below uniform and proportional |")
    print("|---|" + "---|" * (len(models) + 1))
    for year, party in SURGES:
        cells = {m: errors[(year, m)][party] for m in models}
        below = cells[DEFAULT_MODEL] < min(cells["uniform"], cells["proportional"])
        print(f"| {party} {year} | " + " | ".join(f"{cells[m]:.2f}" for m in models)
              + f" | {'yes' if below else 'no'} |")


if __name__ == "__main__":
    main()
