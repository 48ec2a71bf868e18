"""The probability map's colouring: each seat in its favourite's colour, stronger as the
favourite's chance of winning rises (the ratings of :mod:`swingometer.forecast.ratings`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from swingometer.data.parties import party_styles
from swingometer.forecast.ratings import rating_bands
from swingometer.pictures.maps.colouring import (
    LAYOUT_SOURCE,
    POLLS_SOURCE,
    RESULTS_SOURCE,
    STRENGTH,
    Colouring,
    Legend,
    LegendRow,
    SeatColour,
    notional_sources,
)
from swingometer.pictures.maps.scales import MIDDLE, mix

__all__ = ["colour_by_probability"]


def colour_by_probability(simulation: Any, parties: pd.DataFrame,
                          seat_names: Mapping[str, str] | None = None) -> Colouring:
    """Each seat in its favourite's colour, stronger as the favourite's win probability rises:
    toss-up, lean, likely or safe (:mod:`swingometer.forecast.ratings`), as in ``swingometer simulate``.
    A safe seat is the party's own colour, as on a map of winners; the weaker
    ratings are that colour lightened towards a near-white."""
    table = simulation.seat_table().set_index("gss_code")
    styles = party_styles(parties, set(table["favourite"]))

    def shade(party: str, strength: float) -> str:
        return mix(MIDDLE, styles[party].colour, strength)

    chances = simulation.win_probability
    levels = {rating: i for i, (rating, _) in enumerate(STRENGTH)}
    seats, counts = [], {}
    for code, row in table.iterrows():
        favourite, chance = row["favourite"], float(row["win_probability"])
        # the simulator's own rating ("lean Lab"), not one re-derived from the rounded chance,
        # which put 59.96% (toss-up in `swingometer simulate`) at 60.0% and called it lean
        level = levels[str(row["rating"]).split()[0]]
        rating, strength = STRENGTH[level]
        fill = shade(favourite, strength)
        counts.setdefault(favourite, [0, 0, 0, 0])[level] += 1
        others = chances.loc[code].sort_values(ascending=False)
        listed = ", ".join(f"{p} {100 * c:.0f}%" for p, c in others.items() if c >= 0.005)
        name = (seat_names or {}).get(code, row["name"])
        seats.append(SeatColour(code, str(name), fill, round(chance, 1),
                                f"{rating} {favourite}",
                                (f"{rating} {favourite}: wins {chance:.0f}% of simulations",
                                 f"chances: {listed}", f"projected winner {row['projected']}")))
    order = sorted(counts, key=lambda p: (-sum(counts[p]), p))
    legend = Legend("Favourite, by chance of winning", tuple(
        LegendRow(styles[p].name, tuple(shade(p, s) for _, s in STRENGTH), sum(counts[p]))
        for p in order),
        columns=rating_bands())
    projection = simulation.projection
    inputs = projection.inputs
    if "as_of" in inputs:
        basis = (f"the average of {inputs['polls']} GB polls in the {inputs['window_days']} days "
                 f"before {inputs['as_of']}")
        polls = (POLLS_SOURCE,)
    else:
        given = ", ".join(f"{p} {v:g}" for p, v in inputs.get("shares", {}).items())
        basis = f"GB shares {given}"
        polls = ()
    title = (f"Chance of winning each seat: {simulation.sims:,} simulations (seed "
             f"{simulation.seed}) from {basis}")
    baseline = projection.baseline.election_id
    notional = notional_sources(baseline)
    sources = ((f"Simulation: swingometer {projection.model} model from {baseline}, "
                f"{simulation.sims:,} runs, seed {simulation.seed}"),
               RESULTS_SOURCE, *notional, *polls, LAYOUT_SOURCE)
    metadata = {"election": baseline, "boundary_set": projection.baseline.boundary_set,
                "colour": "probability", "seed": simulation.seed, "sims": simulation.sims,
                "model": projection.model, "inputs": dict(inputs)}
    return Colouring("probability", title, legend, tuple(seats), sources, metadata)
