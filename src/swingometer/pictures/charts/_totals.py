"""Seat totals by party, with the majority line: of one election or projection, or before and
after (gains and losses).

>>> import swingometer
>>> from swingometer.pictures.charts import totals_data
>>> chart = totals_data(swingometer.Dataset(), "2024")
>>> chart.table.set_index("party").loc[["Lab", "Con", "LD"], "seats"].tolist()
[411, 121, 72]
>>> chart.facts["majority"]
326
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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
    projection_source,
)
from swingometer.results.totals import majority_needed

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from swingometer.dataset import Dataset
    from swingometer.forecast.projection import Projection

__all__ = ["totals", "totals_data"]


def _general(data: Dataset, query: str | int | None) -> Election:
    chosen = data.latest_general() if query is None else data.election(query)
    if not chosen.is_general:
        raise AnalysisError(f"a seat totals chart needs a general election; "
                            f"{chosen.election_id} is a {chosen.type}")
    return chosen


def _seats_by_party(data: Dataset, election: Election) -> pd.Series:
    """UK seats by party, with the party lineage applied (the Brexit Party counts as Reform UK)."""
    table = data.totals(election.election_id, "uk").parties
    codes = table["party"].map(lambda c: data.party_lineage.get(c, c))
    return table.groupby(codes)["seats"].sum()


def _projection_label(projection: Projection) -> str:
    inputs = projection.inputs
    when = (f"polls as of {inputs['as_of']}" if "as_of" in inputs else "the shares given")
    return f"{projection.model} projection from {when}"


def totals_data(data: Dataset, election: str | int | None = None, *,
                before: str | int | None = None, gains: bool = False,
                projection: Projection | None = None, horizontal: bool = True) -> ChartData:
    """Seats by party (UK) of a general election (default: the latest) or of a ``projection``.

    With ``gains`` (or ``before``), the totals before and after, with each party's gains and
    losses: against ``before`` if given, else the election the result is compared with (the
    previous general election on the same boundaries, or the notional result for the first on
    new ones), or a projection's baseline. Parties with no seat on either side are left out.
    """
    if projection is not None and (election is not None or before is not None):
        raise AnalysisError("give an election or a projection to chart, not both (a projection "
                            "is compared with its own baseline)")
    compare = gains or before is not None
    if projection is not None:
        now = pd.Series(projection.projected.winners).value_counts()
        was = pd.Series(projection.baseline.winners).value_counts()
        after_label = _projection_label(projection)
        before_id = projection.baseline.election_id
        before_label = election_label(data.election(before_id))
        after_id, seats = None, len(projection.projected.winners)
        source = f"{election_source(before_id)}; {projection_source(projection)}"
    else:
        chosen = _general(data, election)
        now = _seats_by_party(data, chosen)
        after_label, after_id = election_label(chosen), chosen.election_id
        seats = int(now.sum())
        was, before_id, before_label = None, None, None
        if compare:
            previous = (_general(data, before) if before is not None
                        else baseline_of(data.elections, chosen))
            if previous is None:
                raise AnalysisError(f"{chosen.election_id} has no earlier general election on "
                                    f"its boundaries to compare with; give one with before=",
                                    option="before=")
            if previous.election_id == chosen.election_id:
                raise AnalysisError(f"compare {chosen.election_id} with another election (got "
                                    f"the same election twice)")
            was = _seats_by_party(data, previous)
            before_id, before_label = previous.election_id, election_label(previous)
        source = election_source(*(i for i in (after_id, before_id) if i))
    majority = majority_needed(seats)
    heading = f"Seats {'in' if projection is not None else 'won at'} the {after_label}"
    if compare:
        table = pd.DataFrame({"before": was, "seats": now}).fillna(0).astype(int)
        table = table[(table["before"] > 0) | (table["seats"] > 0)]
        table["change"] = table["seats"] - table["before"]
        table = table.rename_axis("party").reset_index().sort_values(
            ["seats", "before", "party"], ascending=[False, False, True], ignore_index=True)
        columns = ["party", "name", "before", "seats", "change", "colour"]
    else:
        table = now[now > 0].astype(int).rename("seats").rename_axis("party").reset_index()
        table = table.sort_values(["seats", "party"], ascending=[False, True], ignore_index=True)
        columns = ["party", "name", "seats", "colour"]
    styles = party_styles(data.parties, table["party"])
    table["name"] = table["party"].map({p: s.name for p, s in styles.items()})
    table["colour"] = table["party"].map({p: s.colour for p, s in styles.items()})
    table = table[columns]
    largest = table.iloc[0]
    verdict = (f"a majority of {2 * int(largest['seats']) - seats}"
               if largest["seats"] >= majority
               else f"{majority - int(largest['seats'])} short of a majority")
    listed = ", ".join(f"{p} {s}" for p, s in zip(table["party"], table["seats"]))
    if compare:
        title = f"{heading}, against the {before_label}"
        moves = ", ".join(f"{p} {c:+d}" for p, c in zip(table["party"], table["change"]) if c)
        description = (f"Seat totals by party (UK, {seats} seats), {after_label} beside "
                       f"{before_label}: {listed}. Changes: {moves or 'none'}. "
                       f"{majority} seats are needed for a majority; {largest['party']} has "
                       f"{verdict}.")
    else:
        title = heading
        description = (f"Seat totals by party (UK, {seats} seats), {after_label}: {listed}. "
                       f"{majority} seats are needed for a majority; {largest['party']} has "
                       f"{verdict}.")
    facts = {"election_id": after_id, "compared_with": before_id, "area": "UK", "seats": seats,
             "majority": majority}
    if projection is not None:
        facts |= {"model": projection.model, "inputs": dict(projection.inputs)}
    display = table.drop(columns="colour")
    if compare:
        display["change"] = [f"{c:+d}" for c in display["change"]]
    return ChartData("gains" if compare else "totals", title, description, table, facts, source,
                     display, _plot, {"horizontal": horizontal, "before_label": before_label,
                                      "after_label": after_label})


def _plot(chart: ChartData, figure: Figure) -> None:
    from matplotlib.patches import Patch

    table, horizontal = chart.table, chart.options["horizontal"]
    majority = chart.facts["majority"]
    compare = chart.kind == "gains"
    ax = figure.add_subplot()
    positions = list(range(len(table)))
    thickness = 0.4 if compare else 0.7
    bar = ax.barh if horizontal else ax.bar
    groups = [("seats", 0.0, 1.0, chart.options["after_label"])]
    if compare:
        groups = [("before", -thickness / 2, 0.35, chart.options["before_label"]),
                  ("seats", thickness / 2, 1.0, chart.options["after_label"])]
    top = max(int(table[["seats"] + (["before"] if compare else [])].max().max()), majority)
    for column, offset, alpha, _ in groups:
        bars = bar([p + offset for p in positions], table[column].tolist(), thickness,
                   color=table["colour"].tolist(), alpha=alpha, edgecolor=INK, linewidth=0.4)
        for rect, party in zip(bars, table["party"]):
            rect.set_gid(f"{column}-{party}")
        labels = (
            [f"{int(s):,} ({int(c):+,})" for s, c in zip(table["seats"], table["change"])]
            if compare and column == "seats" else [f"{int(v):,}" for v in table[column]])
        ax.bar_label(bars, labels, padding=2, fontsize=7.5 if compare else 8.5, color=INK,
                     rotation=90 if compare and not horizontal else 0)
    line = ax.axvline if horizontal else ax.axhline
    line(majority, color=INK, linestyle="--", linewidth=1.0, zorder=0, gid="majority-line")
    if horizontal:
        ax.set_yticks(positions, table["party"].tolist())
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.18)
        ax.set_xlabel("seats")
        ax.text(majority, 0.01, f" {majority} for a majority", transform=ax.get_xaxis_transform(),
                ha="left", va="bottom", fontsize=7.5, color=INK)
        ax.grid(axis="x", color=GRID, linewidth=0.6)
    else:
        ax.set_xticks(positions, table["party"].tolist())
        ax.set_ylim(0, top * (1.3 if compare else 1.12))
        ax.set_ylabel("seats")
        ax.text(1.0, majority, f"{majority} for a majority ", transform=ax.get_yaxis_transform(),
                ha="right", va="bottom", fontsize=7.5, color=INK)
        ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    if compare:
        ax.legend(handles=[Patch(facecolor="#777777", alpha=alpha, edgecolor=INK, linewidth=0.4,
                                 label=label) for _, _, alpha, label in groups],
                  loc="center right" if horizontal else "upper right")


def totals(data: Dataset, election: str | int | None = None, *, before: str | int | None = None,
           gains: bool = False, projection: Projection | None = None, horizontal: bool = True,
           path: str | Path | None = None, width: float = DEFAULT_WIDTH,
           height: float = DEFAULT_HEIGHT, dpi: int = DEFAULT_DPI) -> Figure:
    """The seat totals chart (see :func:`totals_data`), saved to ``path`` if given."""
    return draw(totals_data(data, election, before=before, gains=gains, projection=projection,
                            horizontal=horizontal), path, width, height, dpi)
