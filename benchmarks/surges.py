"""How each model grows a surging party: the mean absolute error of its seat shares (points, over
the GB seats it contested) when every model is given the actual national shares, for the surges
of 2010-2024.

UKIP and the SNP in 2015, the Liberal Democrats in 2019, Reform and the Greens in 2024. Uniform
swing adds the same points everywhere, proportional swing multiplies; the issue's goal is a
default model below both for each surge. Leakage-free: each model is fitted on the elections
before the target. Beside the six models: the regression model with its share of a gain that
follows the seat's losses learned from the earlier elections (``Regression(follow=None)``), and,
after it, the winners it calls in GB seats against the regression model's.

A second table says, after the fact, how each surge grew: the least-squares fit of the party's
seat gain, as a multiple of its national gain, on three shapes: the same everywhere (uniform),
in proportion to its baseline share (proportional), in proportion to the seat's losses (the
transition model). Prints two Markdown tables.

    python benchmarks/surges.py
"""

from __future__ import annotations

import numpy as np

import swingometer
from swingometer.forecast.backtest import TARGETS, backtest
from swingometer.forecast.models import (
    DEFAULT_MODEL,
    MODEL_PARTIES,
    MODELS,
    Regression,
    SeatModel,
    Transition,
    actual_targets,
    history_shares,
)

SURGES = [(2015, "UKIP"), (2015, "SNP"), (2019, "LD"), (2024, "RUK"), (2024, "Green")]
LEARNED = "regression, learned follow"


def errors_table(data: swingometer.Dataset) -> None:
    models = sorted(MODELS, key=lambda m: (m != DEFAULT_MODEL, m))
    runs = {(year, model): backtest(data, year, "actual", model)
            for year in sorted({y for y, _ in SURGES}) for model in models}
    runs.update({(year, LEARNED): backtest(data, year, "actual", Regression(follow=None))
                 for year in sorted({y for y, _ in SURGES})})
    print("| surge | " + " | ".join(f"**{m}**" if m == DEFAULT_MODEL else m for m in models)
          + f" | {LEARNED} | default below uniform and proportional | seats called: "
            f"regression, learned follow |")
    print("|---|" + "---|" * (len(models) + 3))
    for year, party in SURGES:
        cells = {m: runs[(year, m)].share_mae_by_party[party] for m in [*models, LEARNED]}
        below = cells[DEFAULT_MODEL] < min(cells["uniform"], cells["proportional"])
        called = f"{runs[(year, 'regression')].seats_called}, {runs[(year, LEARNED)].seats_called}"
        print(f"| {party} {year} | " + " | ".join(f"{cells[m]:.2f}" for m in [*models, LEARNED])
              + f" | {'yes' if below else 'no'} | {called} |")


def shapes_table(data: swingometer.Dataset) -> None:
    print("\n| surge | nation | national share | uniform | proportional | transition |")
    print("|---|---|---|---|---|---|")
    for year, party in SURGES:
        election_id, baseline_id = TARGETS[year]
        election = data.election(election_id)
        base = history_shares(data, baseline_id, election.boundary_set, election.date).standing()
        result = history_shares(data, election_id, election.boundary_set)
        j = MODEL_PARTIES.index(party)
        for nation, (before, after) in SeatModel.nation_targets(
                base, actual_targets(base, result)).items():
            gain = after[j] - before[j]
            if gain < 1 or before[j] <= 0:
                continue
            mask = (base.nations == nation) & ~base.frozen
            seat = base.shares[mask]
            lost = Transition()._losses(seat, base.votes[mask], before, after).sum(axis=1)
            stood = result.shares[mask, j] > 0
            shapes = np.column_stack([np.ones(mask.sum()), seat[:, j] / before[j],
                                      lost / np.average(lost, weights=base.votes[mask])])
            fit = np.linalg.lstsq(shapes[stood], (result.shares[mask, j] - seat[:, j])[stood]
                                  / gain, rcond=None)[0]
            print(f"| {party} {year} | {nation} | {before[j]:.1f} -> {after[j]:.1f} | "
                  + " | ".join(f"{c:.2f}" for c in fit) + " |")


def main() -> None:
    data = swingometer.Dataset(include_imported=False)
    errors_table(data)
    shapes_table(data)


if __name__ == "__main__":
    main()
