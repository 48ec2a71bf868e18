"""Per seat, a party's share at one election against its change to the next (or to a
projection), coloured by the seat's winner.

Shares are those the models use (:func:`~swingometer.forecast.models.seat_shares`): the Brexit Party counts
as Reform UK, and the strongest independent in a seat as ``Ind``. A seat where the party did not
stand at one of the two elections has no change and is left out (did not stand is not 0%), as are
the seats a projection holds (Northern Ireland's and the Speaker's).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from swingometer.data.elections import Election, baseline_of, election_label
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
    party_colours,
    projection_source,
)
from swingometer.pictures.charts._distribution import simulated_party

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from swingometer.dataset import Dataset
    from swingometer.forecast.projection import Projection

__all__ = ["scatter", "scatter_data"]

SHOWN = 5  # seats at each end of the table the command line prints


def _pair(data: Dataset, election: str | int | None,
          before: str | int | None) -> tuple[Election, Election]:
    after = data.latest_general() if election is None else data.election(election)
    if not after.is_general:
        raise AnalysisError(f"a scatter compares general elections; {after.election_id} is a "
                            f"{after.type}")
    if before is None:
        previous = baseline_of(data.elections, after)
        if previous is None:
            raise AnalysisError(f"{after.election_id} has no earlier general election on its "
                                f"boundaries to compare with")
    else:
        previous = data.election(before)
        if not previous.is_general:
            raise AnalysisError(f"a scatter compares general elections; {previous.election_id} "
                                f"is a {previous.type}")
    if previous.boundary_set != after.boundary_set:
        raise AnalysisError(
            f"a scatter compares seats on the same boundaries: {after.election_id} is on "
            f"{after.boundary_set} and {previous.election_id} on {previous.boundary_set}"
            + ("; compare with the notional result, parl.2019-12-12.notional"
               if after.boundary_set == "pcon2024" else ""))
    if previous.date >= after.date:
        raise AnalysisError(f"the election compared with must come first: "
                            f"{previous.election_id} is not before {after.election_id}")
    return previous, after


def scatter_data(data: Dataset, party: str, election: str | int | None = None, *,
                 before: str | int | None = None, projection: Projection | None = None,
                 seats: Sequence[str] = ()) -> ChartData:
    """Each seat's share for ``party`` at the earlier election against its change since.

    The pair is ``before`` and ``election`` (default: the latest general election and the one it
    is compared with, the previous on the same boundaries or the notional result), or a
    ``projection``'s baseline and projection. ``seats`` (names or codes) are labelled.
    """
    from swingometer.forecast.models import history_shares

    if projection is not None and (election is not None or before is not None):
        raise AnalysisError("give an election or a projection to chart, not both (a projection "
                            "is compared with its own baseline)")
    if projection is not None:
        base, now = projection.baseline, projection.projected
        live = ~now.frozen
        before_id, after_id = base.election_id, None
        after_label = f"the {projection.model} projection"
        boundary_set = base.boundary_set
    else:
        previous, after = _pair(data, election, before)
        base = history_shares(data, previous.election_id, previous.boundary_set)
        now = history_shares(data, after.election_id, after.boundary_set)
        live = np.ones(len(now.gss_codes), dtype=bool)
        before_id, after_id = previous.election_id, after.election_id
        after_label = election_label(after, short=True)
        boundary_set = after.boundary_set
    code = simulated_party(data, party, list(now.parties))
    column = list(now.parties).index(code)
    was = pd.Series(base.shares[:, column], index=base.gss_codes)
    table = pd.DataFrame({"gss_code": now.gss_codes, "name": now.names, "nation": now.nations,
                          "after": now.shares[:, column], "winner": now.winners})
    table["before"] = table["gss_code"].map(was)
    table = table[live & (table["before"] > 0) & (table["after"] > 0)].copy()
    if table.empty:
        raise AnalysisError(f"{code} stood at neither or only one of the two elections in every "
                            f"seat: there is nothing to plot")
    table["change"] = table["after"] - table["before"]
    table[["before", "after", "change"]] = table[["before", "after", "change"]].round(2)
    table["colour"] = table["winner"].map(party_colours(data, table["winner"]))
    table = table[["gss_code", "name", "nation", "before", "after", "change", "winner", "colour"]]
    table = table.reset_index(drop=True)
    labelled = [_label(data, table, s, boundary_set) for s in seats]
    before_label = election_label(data.election(before_id), short=True)
    name = party_styles(data.parties, [code])[code].name
    title = f"{name} by seat: share in {before_label} and change to {after_label}"
    winners = table["winner"].value_counts()
    description = (
        f"A scatter of {len(table)} seats where {code} stood at both: {code}'s share at "
        f"{before_label} (across) against its change in points to {after_label} (up), each "
        f"point coloured by the seat's winner ("
        + ", ".join(f"{p} {n}" for p, n in winners.items())
        + f"). Median change {table['change'].median():+.1f} points, from "
        f"{table['change'].min():+.1f} to {table['change'].max():+.1f}.")
    facts = {"party": code, "election_id": after_id, "compared_with": before_id,
             "boundary_set": boundary_set, "seats": len(table),
             "median_change": round(float(table["change"].median()), 2),
             "labelled": labelled}
    source = election_source(*(i for i in (before_id, after_id) if i))
    if projection is not None:
        facts |= {"model": projection.model, "inputs": dict(projection.inputs)}
        source += f"; {projection_source(projection)}"
    ordered = table.drop(columns="colour").sort_values(["change", "gss_code"])
    shown = list(dict.fromkeys(labelled + ordered["gss_code"].head(SHOWN).tolist()
                               + ordered["gss_code"].tail(SHOWN).tolist()))
    display = ordered.set_index("gss_code", drop=False).loc[shown].reset_index(drop=True)
    note = (f"{len(table)} seats plotted: shown here, the labelled seats and the {SHOWN} largest "
            f"falls and rises; --format csv or json for every seat")
    return ChartData("scatter", title, description, table, facts, source, display, _plot,
                     {"before_label": before_label, "after_label": after_label}, note)


def _label(data: Dataset, table: pd.DataFrame, query: str, boundary_set: str) -> str:
    key = data.find_seat_in(query, boundary_set)
    if key.gss_code not in set(table["gss_code"]):
        raise AnalysisError(f"{data.seat_index.name(key)} is not on the scatter: the party did "
                            f"not stand there at both elections")
    return key.gss_code


def _plot(chart: ChartData, figure: Figure) -> None:
    from matplotlib.lines import Line2D

    table = chart.table
    ax = figure.add_subplot()
    ax.axhline(0, color=INK, linewidth=0.8, zorder=1)
    counts = table["winner"].value_counts()
    for winner in counts.index:
        rows = table[table["winner"] == winner]
        ax.scatter(rows["before"], rows["change"], s=12, color=rows["colour"].iloc[0],
                   edgecolors=INK, linewidths=0.3, alpha=0.85, zorder=2, gid=f"seats-{winner}")
    for code in chart.facts["labelled"]:
        row = table[table["gss_code"] == code].iloc[0]
        ax.annotate(row["name"], (row["before"], row["change"]), xytext=(6, 6),
                    textcoords="offset points", fontsize=7.5, color=INK, zorder=4,
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.85,
                          "linewidth": 0},
                    arrowprops={"arrowstyle": "-", "color": INK, "linewidth": 0.6})
    party = chart.facts["party"]
    ax.set_xlabel(f"{party} share in {chart.options['before_label']} (%)")
    ax.set_ylabel(f"change to {chart.options['after_label']} (points)")
    ax.grid(color=GRID, linewidth=0.5)
    ax.set_axisbelow(True)
    handles = [Line2D([], [], marker="o", linestyle="", markersize=5,
                      markerfacecolor=table.loc[table["winner"] == w, "colour"].iloc[0],
                      markeredgecolor=INK, markeredgewidth=0.3, label=f"{w} ({n})")
               for w, n in counts.items()]
    ax.legend(handles=handles, title="winner", title_fontsize=7.5, loc="best", fontsize=7.5,
              ncols=1 if len(handles) <= 8 else 2)


def scatter(data: Dataset, party: str, election: str | int | None = None, *,
            before: str | int | None = None, projection: Projection | None = None,
            seats: Sequence[str] = (), path: str | Path | None = None,
            width: float = DEFAULT_WIDTH, height: float = DEFAULT_HEIGHT,
            dpi: int = DEFAULT_DPI) -> Figure:
    """The scatter chart (see :func:`scatter_data`), saved to ``path`` if given."""
    return draw(scatter_data(data, party, election, before=before, projection=projection,
                             seats=seats), path, width, height, dpi)
