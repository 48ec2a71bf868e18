"""The page of a map, laid out once in pixel units and drawn by both the SVG and the PNG writers:
title, hexes, region and nation outlines, highlighted and labelled seats, legend, sources.

Everything is placed by arithmetic on the layout and the colouring alone, so the same inputs give
the same page, to the hundredth of a pixel.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from swingometer.exceptions import AnalysisError, DataError
from swingometer.pictures.maps.colouring import Colouring
from swingometer.pictures.maps.geometry import bounds, centre, corners, edge
from swingometer.pictures.maps.hexjson import HexLayout

__all__ = ["Cell", "Line", "Scene", "Swatch", "Text", "compose"]

MARGIN = 20.0
LEGEND_WIDTH = 250.0
GAP = 24.0
TITLE_SIZE, TITLE_LINE = 18.0, 23.0
LEGEND_SIZE, LEGEND_LINE = 11.5, 19.0
LABEL_SIZE = 11.0
FOOT_SIZE, FOOT_LINE = 9.5, 13.0
INK, MUTED, OUTLINE = "#1A1A1A", "#555555", "#1A1A1A"
FONT = "Helvetica, Arial, sans-serif"


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate of a line's width in a sans-serif font (no font files are read)."""
    return len(text) * size * (0.6 if bold else 0.55)


@dataclass(frozen=True)
class Cell:
    """A seat's hexagon: id (GSS code), corner points, fill and its tooltip lines."""

    id: str
    points: tuple[tuple[float, float], ...]
    fill: str
    tooltip: tuple[str, ...]
    highlighted: bool = False


@dataclass(frozen=True)
class Line:
    """A polyline (or several, ``parts``): an outline, a highlight ring or a label's leader."""

    parts: tuple[tuple[tuple[float, float], ...], ...]
    stroke: str
    width: float
    role: str
    name: str = ""
    closed: bool = False


@dataclass(frozen=True)
class Text:
    """A line of text at ``(x, y)`` (baseline), ``anchor`` start, middle or end."""

    x: float
    y: float
    text: str
    size: float
    role: str
    bold: bool = False
    anchor: str = "start"
    colour: str = INK
    halo: bool = False


@dataclass(frozen=True)
class Swatch:
    """A legend square."""

    x: float
    y: float
    size: float
    fill: str
    outline: bool = False


@dataclass(frozen=True)
class Scene:
    """A composed map page."""

    width: float
    height: float
    title: str
    description: str
    cells: tuple[Cell, ...]
    lines: tuple[Line, ...]
    texts: tuple[Text, ...]
    swatches: tuple[Swatch, ...]
    metadata: dict[str, Any] = field(default_factory=dict, hash=False)


def _r(value: float) -> float:
    return round(value, 2) + 0.0


def _outline_parts(layout: HexLayout, size: float, dx: float, dy: float,
                   edges: Sequence[tuple[int, int, int]]) -> tuple[tuple[tuple[float, float], ...],
                                                                   ...]:
    """Edges joined into polylines where one ends where the next starts (or starts where the
    next ends)."""
    parts: list[list[tuple[float, float]]] = []
    for q, r, e in edges:
        (x1, y1), (x2, y2) = edge(q, r, e, layout.layout, size)
        start, end = (_r(x1 + dx), _r(y1 + dy)), (_r(x2 + dx), _r(y2 + dy))
        if parts and parts[-1][-1] == start:
            parts[-1].append(end)
        elif parts and parts[-1][0] == end:  # listed backwards: extend the line at its start
            parts[-1].insert(0, start)
        else:
            parts.append([start, end])
    return tuple(tuple(p) for p in parts)


def _boxes_overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float],
                   pad: float = 2.0) -> bool:
    return not (a[2] + pad <= b[0] or b[2] + pad <= a[0] or a[3] + pad <= b[1]
                or b[3] + pad <= a[1])


def compose(layout: HexLayout, colouring: Colouring, title: str | None = None,
            labels: Sequence[str] = (), map_width: float = 560.0,
            map_height: float = 720.0) -> Scene:
    """Lay out the map page.

    Parameters
    ----------
    layout : HexLayout
        Where each seat's hex goes; it must hold every seat of ``colouring``.
    colouring : Colouring
        Each seat's fill, tooltip facts and the legend.
    title : str, optional
        The title; by default the colouring's.
    labels : sequence of str
        GSS codes of seats to name on the map, with a leader line to their hex.
    map_width, map_height : float
        The box the hexes are scaled to fit, in pixels.
    """
    seats = {s.gss_code: s for s in colouring.seats}
    missing = sorted(set(seats) - set(layout.keys))
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5
                                          else "")
        raise DataError(layout.source, None, "hexes",
                        "complete, with a hex for every seat of the election drawn",
                        f"{len(missing)} seat(s) without one: {shown}")
    hexes = [h for h in layout.hexes if h.key in seats]
    min_x, min_y, max_x, max_y = bounds(((h.q, h.r) for h in hexes), layout.layout)
    size = min(map_width / (max_x - min_x), map_height / (max_y - min_y))
    drawn_w, drawn_h = (max_x - min_x) * size, (max_y - min_y) * size
    width = MARGIN + map_width + GAP + LEGEND_WIDTH + MARGIN
    heading = title or colouring.title
    title_lines = textwrap.wrap(heading, int((width - 2 * MARGIN) / (TITLE_SIZE * 0.62))) or [""]
    top = MARGIN + TITLE_LINE * len(title_lines) + 10
    left = MARGIN + (map_width - drawn_w) / 2
    dx, dy = left - min_x * size, top - min_y * size

    cells, centres = [], {}
    for h in hexes:
        x, y = centre(h.q, h.r, layout.layout, size)
        seat = seats[h.key]
        centres[h.key] = (_r(x + dx), _r(y + dy))
        points = tuple((_r(px + dx), _r(py + dy))
                       for px, py in corners(x, y, layout.layout, size))
        tooltip = (f"{seat.name} ({seat.gss_code})", *seat.facts)
        cells.append(Cell(h.key, points, seat.fill, tooltip, seat.highlighted))

    lines = [Line(_outline_parts(layout, size, dx, dy, b.edges), MUTED if b.kind == "region"
                  else INK, 0.9 if b.kind == "region" else 1.6, f"outline {b.kind or 'boundary'}",
                  b.name) for b in layout.boundaries if b.edges]
    rings = [c for c in cells if c.highlighted or c.id in labels]
    lines += [Line((c.points + (c.points[0],),), OUTLINE, 1.4, "highlight", c.id, closed=True)
              for c in rings]

    texts = [Text(MARGIN, MARGIN + TITLE_SIZE + i * TITLE_LINE, line, TITLE_SIZE, "title",
                  bold=True) for i, line in enumerate(title_lines)]
    placed: list[tuple[float, float, float, float]] = []
    right_edge = MARGIN + map_width + GAP / 2
    for code in sorted(set(labels)):
        if code not in centres:
            raise AnalysisError(f"a seat to label must be one drawn on this map, given by its "
                                f"GSS code (got {code!r})")
        x, y = centres[code]
        name = seats[code].name
        w = text_width(name, LABEL_SIZE, bold=True)
        chosen = None
        for reach in (2.2, 3.6, 5.0, 6.4):
            for sx, sy in ((1, -1), (1, 1), (-1, -1), (-1, 1), (1, -2), (-1, 2)):
                tx, ty = x + sx * reach * size, y + sy * 1.3 * size
                box = ((tx, ty - LABEL_SIZE, tx + w, ty + 3) if sx > 0 else
                       (tx - w, ty - LABEL_SIZE, tx, ty + 3))
                inside = box[0] >= MARGIN / 2 and box[2] <= right_edge and box[1] >= top - 5
                if inside and not any(_boxes_overlap(box, b) for b in placed):
                    chosen = (tx, ty, sx, box)
                    break
            if chosen:
                break
        if chosen is None:  # no free spot: the first choice, overlapping
            tx, ty, sx = x + 2.2 * size, y - 1.3 * size, 1
            chosen = (tx, ty, sx, (tx, ty - LABEL_SIZE, tx + w, ty + 3))
        tx, ty, sx, box = chosen
        placed.append(box)
        lines.append(Line((((x, y), (_r(tx - sx * 2), _r(ty - LABEL_SIZE / 3))),), OUTLINE, 1.0,
                          "leader", code))
        texts.append(Text(_r(tx), _r(ty), name, LABEL_SIZE, "label", bold=True,
                          anchor="start" if sx > 0 else "end", halo=True))

    legend = colouring.legend
    lx, ly = MARGIN + map_width + GAP, top + LEGEND_SIZE
    swatches: list[Swatch] = []
    legend_lines = textwrap.wrap(legend.title, int(LEGEND_WIDTH / (LEGEND_SIZE * 0.6)))
    for line in legend_lines:
        texts.append(Text(lx, ly, line, LEGEND_SIZE, "legend-title", bold=True))
        ly += LEGEND_LINE
    box = 13.0
    columns = len(legend.columns)
    swatch_w = (box + 3) * max(columns, 1)
    if columns:
        note = "swatches, left to right: " + ", ".join(legend.columns)
        for line in textwrap.wrap(note, int(LEGEND_WIDTH / (9.5 * 0.55))):
            texts.append(Text(lx, _r(ly), line, 9.5, "legend-columns", colour=MUTED))
            ly += LEGEND_LINE - 4
    for row in legend.rows:
        for i, colour in enumerate(row.colours):
            swatches.append(Swatch(_r(lx + i * (box + 3)), _r(ly - box + 2), box, colour,
                                   row.outline))
        label_x = lx + swatch_w + 4
        wrapped = textwrap.wrap(row.label, int((LEGEND_WIDTH - swatch_w - 40) /
                                               (LEGEND_SIZE * 0.55))) or [""]
        for j, part in enumerate(wrapped):
            texts.append(Text(_r(label_x), _r(ly + j * (LEGEND_LINE - 5)), part, LEGEND_SIZE,
                              "legend-label"))
        texts.append(Text(_r(lx + LEGEND_WIDTH), _r(ly), f"{row.seats:,}", LEGEND_SIZE,
                          "legend-count", anchor="end", colour=MUTED))
        ly += LEGEND_LINE + (len(wrapped) - 1) * (LEGEND_LINE - 5)
    texts.append(Text(lx, _r(ly + 4), f"{len(cells)} seats, one hexagon each", 9.5,
                      "legend-note", colour=MUTED))

    foot_top = max(top + drawn_h, ly + 10) + 22
    sources = [part for source in colouring.sources + ("Made with swingometer",)
               for part in textwrap.wrap(source, int((width - 2 * MARGIN) / (FOOT_SIZE * 0.55)))]
    for i, line in enumerate(sources):
        texts.append(Text(MARGIN, _r(foot_top + i * FOOT_LINE), line, FOOT_SIZE, "source",
                          colour=MUTED))
    height = foot_top + (len(sources) - 1) * FOOT_LINE + MARGIN
    summary = "; ".join(f"{row.label}: {row.seats:,}" for row in legend.rows)
    description = (f"Hex map of {len(cells)} seats, one hexagon per seat. {legend.title}: "
                   f"{summary}.")
    return Scene(_r(width), _r(height), heading, description, tuple(cells), tuple(lines),
                 tuple(texts), tuple(swatches), dict(colouring.metadata))
