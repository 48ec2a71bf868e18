"""Hex geometry for the four HexJSON layouts, in screen coordinates (x right, y down).

``-r`` layouts are pointy-topped and offset alternate rows; ``-q`` layouts are flat-topped and
offset alternate columns. As in HexJSON (and unlike most computer graphics), the row number ``r``
increases upwards. The shifts follow the Open Innovations renderer: ``odd-r`` shifts odd rows half
a hex right, ``even-r`` even rows; ``odd-q`` shifts odd columns half a hex up, ``even-q`` even
columns. Parity is that of the absolute coordinate, so negative rows and columns follow the same
rule (row -1 is odd).

With ``size`` the distance from a hex's centre to a corner, neighbouring centres in a row of a
pointy-topped layout are ``sqrt(3) * size`` apart and rows ``1.5 * size`` apart (the transpose for
flat-topped layouts).

>>> centre(0, 1, "odd-r")        # row 1 is odd: half a hex (sqrt(3)/2) right, 1.5 up
(0.8660254037844386, -1.5)
>>> centre(0, -1, "even-r")      # row -1 is odd too, so even-r leaves it unshifted
(0.0, 1.5)

Corners (and edges, numbered 1-6) run clockwise on screen: from the top corner for pointy-topped
hexes (edge 1 is the upper-right side), from the upper-left corner for flat-topped ones (edge 1 is
the top); a negative edge number runs the same edge the other way, as HexJSON boundaries do.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from swingometer.exceptions import AnalysisError

__all__ = ["SQRT3", "bounds", "centre", "corners", "edge", "pointy"]

SQRT3 = math.sqrt(3.0)


def pointy(layout: str) -> bool:
    """Whether hexes of ``layout`` are pointy-topped (the ``-r`` layouts)."""
    return layout.endswith("-r")


def centre(q: int, r: int, layout: str, size: float = 1.0) -> tuple[float, float]:
    """The centre of hex ``(q, r)`` (screen coordinates: y grows downwards, so upper rows have
    smaller y)."""
    if layout == "odd-r":
        x, y = SQRT3 * (q + 0.5 * (r & 1)), -1.5 * r
    elif layout == "even-r":
        x, y = SQRT3 * (q + 0.5 * (1 - (r & 1))), -1.5 * r
    elif layout == "odd-q":
        x, y = 1.5 * q, -SQRT3 * (r + 0.5 * (q & 1))
    elif layout == "even-q":
        x, y = 1.5 * q, -SQRT3 * (r + 0.5 * (1 - (q & 1)))
    else:
        raise AnalysisError(f"layout must be odd-r, even-r, odd-q or even-q (got {layout!r})")
    return size * x + 0.0, size * y + 0.0


def corners(x: float, y: float, layout: str, size: float = 1.0) -> list[tuple[float, float]]:
    """The six corners of the hex centred on ``(x, y)``, clockwise on screen (see the module)."""
    half_width = SQRT3 / 2 * size
    if pointy(layout):
        offsets = [(0.0, -size), (half_width, -size / 2), (half_width, size / 2), (0.0, size),
                   (-half_width, size / 2), (-half_width, -size / 2)]
    else:
        offsets = [(-size / 2, -half_width), (size / 2, -half_width), (size, 0.0),
                   (size / 2, half_width), (-size / 2, half_width), (-size, 0.0)]
    return [(x + dx, y + dy) for dx, dy in offsets]


def edge(q: int, r: int, e: int, layout: str,
         size: float = 1.0) -> tuple[tuple[float, float], tuple[float, float]]:
    """Edge ``e`` (1-6, negative: reversed) of hex ``(q, r)`` as its start and end points."""
    if not 1 <= abs(e) <= 6:
        raise AnalysisError(f"an edge number is 1 to 6 or -6 to -1 (got {e!r})")
    points = corners(*centre(q, r, layout, size), layout, size)
    start, end = points[abs(e) - 1], points[abs(e) % 6]
    return (start, end) if e > 0 else (end, start)


def bounds(cells: Iterable[tuple[int, int]], layout: str,
           size: float = 1.0) -> tuple[float, float, float, float]:
    """``(min x, min y, max x, max y)`` of the hexes at ``cells``, corners included."""
    xs, ys = [], []
    for q, r in cells:
        for x, y in corners(*centre(q, r, layout, size), layout, size):
            xs.append(x)
            ys.append(y)
    if not xs:
        raise AnalysisError("a layout to bound needs at least one hex (got none)")
    return min(xs), min(ys), max(xs), max(ys)
