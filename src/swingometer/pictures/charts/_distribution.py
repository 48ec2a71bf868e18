"""The distribution of seat totals over a simulation, with the majority line and each party's
5-95% interval.

The simulator keeps every simulated election's seat totals (``SimulationResult.totals``, sims x
parties); the chart counts how often each total came up, and takes the percentiles from
:meth:`~swingometer.forecast.simulate.SimulationResult.seat_totals`, the numbers ``swingometer simulate``
prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from swingometer.data.parties import party_styles
from swingometer.exceptions import AnalysisError
from swingometer.pictures.charts._chart import (
    DEFAULT_DPI,
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    GRID,
    INK,
    ChartData,
    draw,
    election_source,
    projection_source,
)
from swingometer.results.totals import majority_needed

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from swingometer.dataset import Dataset
    from swingometer.forecast.simulate import SimulationResult

__all__ = ["DEFAULT_PARTIES", "distribution", "distribution_data", "simulated_party"]

DEFAULT_PARTIES = 6


def simulated_party(data: Dataset, query: str, parties: Sequence[str]) -> str:
    """The column of ``parties`` (a simulation's or a projection's) that a party code or name
    stands for: the party itself, or the model party it counts as (the Brexit Party as Reform
    UK); a party counted among others is refused."""
    from swingometer.forecast.models import model_party

    code = data.party(query)
    if code in parties:
        return code
    alias = model_party(code)
    if alias != "Oth" and alias in parties:
        return alias
    raise AnalysisError(f"{code} is not modelled on its own (it counts among others); the "
                        f"parties modelled are {', '.join(p for p in parties if p != 'Oth')}")


def percent(probability: float) -> str:
    """A probability as a whole percentage that never rounds a possibility away.

    >>> percent(0.0), percent(0.0004), percent(0.512), percent(0.9996), percent(1.0)
    ('0%', 'under 1%', '51%', 'over 99%', '100%')
    """
    if 0 < probability < 0.005:
        return "under 1%"
    if 0.995 <= probability < 1:
        return "over 99%"
    return f"{100 * probability:.0f}%"


def distribution_data(data: Dataset, result: SimulationResult,
                      parties: Sequence[str] | None = None) -> ChartData:
    """How often each seat total came up for each party in ``result``.

    ``parties`` (codes or names) chooses the panels; by default the parties with the highest mean
    totals, at most :data:`DEFAULT_PARTIES`, leaving out those whose total never changes
    (Northern Ireland's parties and the Speaker, whose seats the simulator holds).
    """
    totals = result.totals
    columns = list(result.parties)
    summary = result.seat_totals().set_index("party")
    if parties:
        chosen = list(dict.fromkeys(simulated_party(data, p, columns) for p in parties))
    else:
        moving = [p for p in summary.index
                  if totals[:, columns.index(p)].min() < totals[:, columns.index(p)].max()]
        chosen = moving[:DEFAULT_PARTIES]
        if not chosen:
            raise AnalysisError("no party's seat total varies in this simulation: there is no "
                                "distribution to draw")
    seats = int(totals[0].sum())
    majority = majority_needed(seats)
    styles = party_styles(data.parties, chosen)
    rows = []
    for party in chosen:
        counts = np.bincount(totals[:, columns.index(party)])
        for total in np.flatnonzero(counts):
            rows.append({"party": party, "name": styles[party].name, "seats": int(total),
                         "simulations": int(counts[total]),
                         "percent": round(100 * counts[total] / result.sims, 4),
                         "colour": styles[party].colour})
    table = pd.DataFrame(rows)
    display = summary.loc[chosen].reset_index()[
        ["party", "mean", "p5", "p50", "p95", "p_majority", "p_largest"]]
    display[["p_majority", "p_largest"]] = (100 * display[["p_majority", "p_largest"]]).round(1)
    display = display.rename(columns={"p50": "median", "p_majority": "majority %",
                                      "p_largest": "largest %"})
    intervals = [{"party": p, "mean": float(summary.loc[p, "mean"]),
                  "p5": int(summary.loc[p, "p5"]), "p50": int(summary.loc[p, "p50"]),
                  "p95": int(summary.loc[p, "p95"]),
                  "p_majority": round(float(summary.loc[p, "p_majority"]), 4),
                  "p_largest": round(float(summary.loc[p, "p_largest"]), 4)} for p in chosen]
    projection = result.projection
    when = (f"polls as of {projection.inputs['as_of']}" if "as_of" in projection.inputs
            else "the shares given")
    title = f"Seat totals over {result.sims:,} simulated elections ({when})"
    description = (
        f"Histograms of each party's seat total (UK, {seats} seats) over {result.sims:,} "
        f"simulated elections around the {projection.model} model's projection from {when}, "
        f"seed {result.seed}. " + "; ".join(
            f"{i['party']} median {i['p50']}, 5-95% interval {i['p5']} to {i['p95']}, "
            f"a majority in {percent(i['p_majority'])} of simulations" for i in intervals)
        + f". {majority} seats are needed for a majority.")
    facts = {"sims": result.sims, "seed": result.seed, "model": projection.model,
             "baseline": projection.baseline.election_id, "inputs": dict(projection.inputs),
             "seats": seats, "majority": majority, "interval": [5, 95],
             "intervals": intervals}
    source = (f"{election_source(projection.baseline.election_id)}; "
              f"{projection_source(projection, 'simulation', seed=result.seed)}")
    return ChartData("distribution", title, description, table, facts, source, display, _plot,
                     note="--format csv or json for how often each seat total came up")


def _plot(chart: ChartData, figure: Figure) -> None:
    table, majority = chart.table, chart.facts["majority"]
    intervals = chart.facts["intervals"]
    axes = figure.subplots(len(intervals), 1, sharex=True, squeeze=False)[:, 0]
    right = max(int(table["seats"].max()), majority) * 1.06 + 2
    for ax, interval in zip(axes, intervals):
        party = interval["party"]
        rows = table[table["party"] == party]
        colour = rows["colour"].iloc[0]
        low, high = int(rows["seats"].min()), int(rows["seats"].max())
        heights = np.zeros(high - low + 1)
        heights[rows["seats"].to_numpy() - low] = rows["percent"].to_numpy()
        ax.stairs(heights, np.arange(low, high + 2) - 0.5, fill=True, color=colour,
                  edgecolor=colour, gid=f"distribution-{party}")
        ax.axvspan(interval["p5"] - 0.5, interval["p95"] + 0.5, color=colour, alpha=0.18,
                   linewidth=0, zorder=0, gid=f"interval-{party}")
        ax.axvline(majority, color=INK, linestyle="--", linewidth=1.0, gid=f"majority-{party}")
        ax.set_title(f"{party}: median {interval['p50']} seats, 90% between {interval['p5']} "
                     f"and {interval['p95']}; a majority in "
                     f"{percent(interval['p_majority'])} of simulations", fontsize=7.5,
                     fontweight="normal", pad=2)
        ax.set_ylim(0, heights.max() * 1.1)
        ax.set_ylabel("% of sims", fontsize=7)
        ax.tick_params(labelsize=7)
        ax.grid(axis="x", color=GRID, linewidth=0.5)
        ax.set_axisbelow(True)
    axes[-1].text(majority, 0.98, f" {majority} for a majority", transform=axes[-1]
                  .get_xaxis_transform(), ha="left", va="top", fontsize=7)
    axes[-1].set_xlim(0, right)
    axes[-1].set_xlabel("seats (shaded: the 5-95% interval)")


def distribution(data: Dataset, result: SimulationResult, parties: Sequence[str] | None = None,
                 *, path: str | Path | None = None, width: float = DEFAULT_WIDTH,
                 height: float = DEFAULT_HEIGHT, dpi: int = DEFAULT_DPI) -> Figure:
    """The distribution chart (see :func:`distribution_data`), saved to ``path`` if given."""
    return draw(distribution_data(data, result, parties), path, width, height, dpi)
