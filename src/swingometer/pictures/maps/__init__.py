"""Hex maps of UK general elections: one equal hexagon per constituency, as SVG or PNG.

>>> import swingometer
>>> from swingometer.pictures.maps import map_svg
>>> svg = map_svg(swingometer.Dataset(), "2019", "swing:Lab:Con", highlight="leave_pct>=60")
>>> svg.startswith('<?xml version="1.0" encoding="UTF-8"?>'), svg.count("<path id=")
(True, 650)

Layers, bottom up: :mod:`~swingometer.pictures.maps.hexjson` (reading and validating HexJSON layouts),
:mod:`~swingometer.pictures.maps.geometry` (hex centres and corners of the four layouts),
:mod:`~swingometer.pictures.maps.facts` and :mod:`~swingometer.pictures.maps.colouring` (what colour each seat is,
and why), :mod:`~swingometer.pictures.maps.scene` (the page, laid out once), then
:mod:`~swingometer.pictures.maps.svg` and :mod:`~swingometer.pictures.maps.png` (the two writers) and
:mod:`~swingometer.pictures.maps.render` (the one-call API).
"""

from swingometer.pictures.maps.colouring import (
    Colouring,
    ColourSpec,
    Legend,
    LegendRow,
    SeatColour,
    colour_by_change,
    colour_by_share,
    colour_by_swing,
    colour_by_winner,
)
from swingometer.pictures.maps.facts import SeatFacts, election_label, seat_facts
from swingometer.pictures.maps.hexjson import (
    LAYOUTS,
    Boundary,
    Hex,
    HexLayout,
    parse_hexjson,
    read_hexjson,
    shipped_layout,
)
from swingometer.pictures.maps.highlight import highlight, seats_matching
from swingometer.pictures.maps.png import write_png
from swingometer.pictures.maps.probability import colour_by_probability
from swingometer.pictures.maps.render import HexMap, build_map, map_png, map_svg
from swingometer.pictures.maps.scene import Scene, compose
from swingometer.pictures.maps.svg import svg_document

__all__ = [
    "LAYOUTS",
    "Boundary",
    "ColourSpec",
    "Colouring",
    "Hex",
    "HexLayout",
    "HexMap",
    "Legend",
    "LegendRow",
    "Scene",
    "SeatColour",
    "SeatFacts",
    "build_map",
    "colour_by_change",
    "colour_by_probability",
    "colour_by_share",
    "colour_by_swing",
    "colour_by_winner",
    "compose",
    "election_label",
    "highlight",
    "map_png",
    "map_svg",
    "parse_hexjson",
    "read_hexjson",
    "seat_facts",
    "seats_matching",
    "shipped_layout",
    "svg_document",
    "write_png",
]
