"""Hex maps from the data in one call: choose the election and the colouring, get SVG text or a PNG.

>>> import swingometer
>>> from swingometer.pictures.maps import build_map
>>> hexmap = build_map(swingometer.Dataset(), "2024", "winner",
...                    labels=["Spen Valley", "Dewsbury and Batley"])
>>> svg = hexmap.svg()
>>> svg.count("<path id="), hexmap.seats().set_index("name").loc["Spen Valley", "value"]
(650, 'Lab')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from swingometer.data.context import History
from swingometer.exceptions import AnalysisError
from swingometer.pictures.maps.colouring import (
    Colouring,
    ColourSpec,
    LegendRow,
    SeatColour,
    colour_by_change,
    colour_by_share,
    colour_by_swing,
    colour_by_winner,
)
from swingometer.pictures.maps.facts import comparison_election, seat_facts
from swingometer.pictures.maps.hexjson import HexLayout, read_hexjson, shipped_layout
from swingometer.pictures.maps.highlight import highlight as fade_others
from swingometer.pictures.maps.highlight import seats_matching
from swingometer.pictures.maps.png import write_png
from swingometer.pictures.maps.probability import colour_by_probability
from swingometer.pictures.maps.scales import NO_DATA
from swingometer.pictures.maps.scene import Scene, compose
from swingometer.pictures.maps.svg import svg_document

__all__ = ["FORMATS", "HexMap", "build_map", "map_png", "map_svg"]

FORMATS = (".svg", ".png")


@dataclass(frozen=True)
class HexMap:
    """A map ready to draw: where each seat goes, its colour, the title and the labelled seats."""

    layout: HexLayout
    colouring: Colouring
    title: str
    labels: tuple[str, ...] = ()

    def scene(self) -> Scene:
        """The composed page (shared by the SVG and PNG writers)."""
        return compose(self.layout, self.colouring, self.title, self.labels)

    def svg(self) -> str:
        """The map as SVG text (deterministic)."""
        return svg_document(self.scene())

    def write_png(self, path: str | Path, width: int = 1000, height: int = 1200) -> Path:
        """Draw the map into a PNG of ``width`` x ``height`` pixels."""
        return write_png(self.scene(), path, width, height)

    def save(self, path: str | Path, width: int | None = None,
             height: int | None = None) -> Path:
        """Write an ``.svg`` or ``.png`` file, by the path's suffix (PNG size in pixels)."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in FORMATS:
            raise AnalysisError(f"a map is written as .svg or .png (got {str(path)!r})")
        if suffix == ".png":
            return self.write_png(path, width or 1000, height or 1200)
        if width is not None or height is not None:
            raise AnalysisError("width and height size a PNG; an SVG scales to any size")
        path.write_text(self.svg(), encoding="utf-8", newline="\n")
        return path

    def seats(self) -> pd.DataFrame:
        """What was drawn, one row per seat: ``gss_code, name, value, label, colour,
        highlighted, labelled``."""
        frame = self.colouring.frame()
        frame["labelled"] = frame["gss_code"].isin(self.labels)
        return frame

    def to_dict(self) -> dict[str, Any]:
        """The map's inputs, legend and seats as plain data."""
        legend = self.colouring.legend
        return {
            "title": self.title, **dict(self.colouring.metadata),
            "layout": self.layout.source, "labels": list(self.labels),
            "legend": [{"label": r.label, "colours": list(r.colours), "seats": r.seats}
                       for r in legend.rows],
            "sources": list(self.colouring.sources),
            "seats": self.seats().to_dict(orient="records"),
        }


def _layout(layout: HexLayout | str | Path | None, boundary_set: str,
            seats: Sequence[str]) -> HexLayout:
    if layout is None:
        return shipped_layout(boundary_set)
    if isinstance(layout, HexLayout):
        stray = sorted(set(layout.keys) - set(seats))
        lacking = sorted(set(seats) - set(layout.keys))
        if stray or lacking:
            raise AnalysisError(f"the layout {layout.source} does not match the seats drawn: "
                                f"{len(lacking)} without a hex, {len(stray)} hexes for no seat "
                                f"({', '.join((lacking + stray)[:5])})")
        return layout
    return read_hexjson(layout, boundary_set, seats)


def _complete(colouring: Colouring, layout: HexLayout, names: dict[str, str]) -> Colouring:
    """Seats of the layout with no result (a partial import) drawn as "no data" (hatched),
    "no result" in the legend."""
    have = {s.gss_code for s in colouring.seats}
    absent = [key for key in layout.keys if key not in have]
    if not absent:
        return colouring
    extra = tuple(SeatColour(key, names.get(key, layout.hex(key).name or key), NO_DATA, None,
                             "no result", ("no result",)) for key in absent)
    seats = tuple(sorted(colouring.seats + extra, key=lambda s: s.gss_code))
    legend = replace(colouring.legend, rows=colouring.legend.rows + (
        LegendRow("no result", (NO_DATA,) * max(1, len(colouring.legend.columns)),
                  len(absent)),))
    return replace(colouring, seats=seats, legend=legend)


def build_map(data: History, election: str | int | None = None, colour: str | ColourSpec = "winner",
              *, baseline: str | None = None, highlight: str | Sequence[str] | None = None,
              labels: Sequence[str] = (), title: str | None = None,
              layout: HexLayout | str | Path | None = None, simulation: Any = None,
              shares: dict[str, float] | None = None, as_of: str | None = None,
              model: str | None = None, sims: int = 10_000, seed: int = 0) -> HexMap:
    """A hex map of one election (or of win probabilities from a simulation).

    Parameters
    ----------
    data : Dataset
        The results.
    election : str or int, optional
        A general election or notional result (id, year or date); default the latest general
        election. Not used by ``probability``, which maps the simulation's projection.
    colour : str or ColourSpec
        ``winner``, ``share:PARTY``, ``change:PARTY``, ``swing:A:B`` or ``probability``; party
        codes, names and nicknames in any case.
    baseline : str, optional
        The election a change or swing is measured from (default: the previous general election
        on the same boundaries, or the notional result).
    highlight : str or sequence of str, optional
        Fade all but the seats matching conditions (``"muslim_pct>=20"``,
        ``"majority_pct<5 and turnout<60"``) or named (``"Spen Valley; Dewsbury and Batley"``, or
        a list of names).
    labels : sequence of str
        Seats (names or codes) to name on the map.
    title : str, optional
        The map's title (default: one describing the colouring).
    layout : HexLayout or path, optional
        A HexJSON layout to draw instead of the shipped one of the election's boundaries.
    simulation : SimulationResult, optional
        For ``probability``: the simulation to map; otherwise one is run from ``shares`` or
        ``as_of`` with ``model``, ``sims`` and ``seed``.
    """
    spec = colour if isinstance(colour, ColourSpec) else ColourSpec.parse(colour, data.party)
    facts = None
    if spec.kind == "probability":
        if election is not None or baseline is not None:
            raise AnalysisError("a probability map shows a simulation of the next election from "
                                "the latest results: give --shares or --as-of, not --election "
                                "or --from")
        if simulation is None:  # from the latest polls unless shares or as_of say otherwise
            from swingometer.forecast.simulate import simulate_election

            simulation = simulate_election(data, shares=shares, as_of=as_of, model=model,
                                           sims=sims, seed=seed)
        colouring = colour_by_probability(simulation, data.parties)
        boundary_set = simulation.projection.baseline.boundary_set
        if highlight is not None:
            facts = seat_facts(data, data.election(simulation.projection.baseline.election_id),
                               compare=False)
    else:
        chosen = data.latest_general() if election is None else data.election(election)
        compared = comparison_election(data, chosen, baseline) if chosen.is_general else None
        facts = seat_facts(data, chosen, compared)
        boundary_set = chosen.boundary_set
        if spec.kind == "winner":
            colouring = colour_by_winner(facts, data.parties)
        elif spec.kind == "share":
            colouring = colour_by_share(facts, data.parties, spec.parties[0])
        elif spec.kind == "change":
            colouring = colour_by_change(facts, data.parties, spec.parties[0])
        else:
            colouring = colour_by_swing(facts, data.parties, *spec.parties)
    drawn = [s.gss_code for s in colouring.seats]
    if layout is None:
        hexes = shipped_layout(boundary_set)
        places = data.constituencies[data.constituencies["boundary_set"] == boundary_set]
        names = dict(zip(places["gss_code"], places["name"]))
        colouring = _complete(colouring, hexes, names)
    else:
        hexes = _layout(layout, boundary_set, drawn)
    if highlight is not None:
        codes, description = seats_matching(data, boundary_set, highlight, facts)
        colouring = fade_others(colouring, codes, description)
    codes = tuple(sorted({data.find_seat_in(name, boundary_set).gss_code for name in labels}))
    return HexMap(hexes, colouring, title or colouring.title, codes)


def map_svg(data: History, election: str | int | None = None, colour: str | ColourSpec = "winner",
            **options: Any) -> str:
    """The SVG text of a hex map; the options are those of :func:`build_map`."""
    return build_map(data, election, colour, **options).svg()


def map_png(data: History, path: str | Path, election: str | int | None = None,
            colour: str | ColourSpec = "winner", width: int = 1000, height: int = 1200,
            **options: Any) -> Path:
    """Write a hex map as a ``width`` x ``height`` PNG at ``path``; the options are those of
    :func:`build_map`."""
    return build_map(data, election, colour, **options).write_png(path, width, height)
