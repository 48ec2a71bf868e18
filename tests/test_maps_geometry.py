"""Hex geometry: the four layouts placed by hand-worked examples (negative coordinates included),
tiling properties, edges, and the shipped outlines lying between regions."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from swingometer.exceptions import AnalysisError
from swingometer.pictures.maps import shipped_layout
from swingometer.pictures.maps.geometry import (
    SQRT3,
    bounds,
    centre,
    corners,
    edge,
    pointy,
)

H = SQRT3 / 2  # half the width of a pointy-topped hex of size 1


def close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return math.isclose(a[0], b[0], abs_tol=1e-6) and math.isclose(a[1], b[1], abs_tol=1e-6)


# (layout, q, r, expected centre) with size 1; y grows downwards and r upwards
PLACED = [
    ("odd-r", 0, 0, (0, 0)),
    ("odd-r", 0, 1, (H, -1.5)),              # odd row: half a hex right, one row up
    ("odd-r", 0, -1, (H, 1.5)),              # row -1 is odd too
    ("odd-r", -1, -1, (-2 * H + H, 1.5)),
    ("odd-r", -1, -2, (-2 * H, 3)),          # even row: not shifted
    ("odd-r", -3, -11, (-6 * H + H, 16.5)),  # Aldershot in the 2010 layout
    ("even-r", 0, 0, (H, 0)),                # even row: half a hex right
    ("even-r", 0, -1, (0, 1.5)),
    ("even-r", -2, -2, (-4 * H + H, 3)),
    ("even-r", -2, -3, (-4 * H, 4.5)),
    ("odd-q", 0, 0, (0, 0)),
    ("odd-q", 1, 0, (1.5, -H)),              # odd column: half a hex up
    ("odd-q", -1, 0, (-1.5, -H)),            # column -1 is odd
    ("odd-q", -1, -1, (-1.5, SQRT3 - H)),
    ("odd-q", 0, -1, (0, SQRT3)),
    ("odd-q", -2, -3, (-3, 3 * SQRT3)),
    ("even-q", 0, 0, (0, -H)),               # even column: half a hex up
    ("even-q", -1, 0, (-1.5, 0)),
    ("even-q", -2, -1, (-3, SQRT3 - H)),
    ("even-q", -3, -2, (-4.5, 2 * SQRT3)),
]


@pytest.mark.parametrize(("layout", "q", "r", "expected"), PLACED)
def test_hand_worked_centres(layout: str, q: int, r: int, expected: tuple[float, float]) -> None:
    assert close(centre(q, r, layout), expected)
    assert close(centre(q, r, layout, size=10), (10 * expected[0], 10 * expected[1]))


def test_pointy_and_flat_corners() -> None:
    assert pointy("odd-r") and pointy("even-r") and not pointy("odd-q") and not pointy("even-q")
    expected_pointy = [(0, -1), (H, -0.5), (H, 0.5), (0, 1), (-H, 0.5), (-H, -0.5)]
    expected_flat = [(-0.5, -H), (0.5, -H), (1, 0), (0.5, H), (-0.5, H), (-1, 0)]
    assert all(close(a, b) for a, b in zip(corners(0, 0, "odd-r"), expected_pointy))
    assert all(close(a, b) for a, b in zip(corners(0, 0, "even-q"), expected_flat))
    assert close(corners(5, 7, "odd-q", size=2)[2], (7, 7))


def test_edges_are_numbered_clockwise_and_negative_edges_run_backwards() -> None:
    assert all(close(a, b) for a, b in zip(edge(0, 0, 1, "odd-r"), [(0, -1), (H, -0.5)]))
    assert all(close(a, b) for a, b in zip(edge(0, 0, -1, "odd-r"), [(H, -0.5), (0, -1)]))
    assert all(close(a, b) for a, b in zip(edge(0, 0, 1, "odd-q"), [(-0.5, -H), (0.5, -H)]))
    assert all(close(a, b) for a, b in zip(edge(0, 0, 6, "odd-q"), [(-1, 0), (-0.5, -H)]))
    with pytest.raises(AnalysisError) as caught:
        edge(0, 0, 0, "odd-r")
    assert str(caught.value) == "an edge number is 1 to 6 or -6 to -1 (got 0)"


def test_an_unknown_layout_is_refused() -> None:
    with pytest.raises(AnalysisError) as caught:
        centre(0, 0, "axial")
    assert str(caught.value) == "layout must be odd-r, even-r, odd-q or even-q (got 'axial')"


@given(st.sampled_from(["odd-r", "even-r", "odd-q", "even-q"]),
       st.integers(-60, 60), st.integers(-60, 60))
def test_every_hex_has_six_touching_neighbours_and_none_overlap(layout: str, q: int,
                                                                r: int) -> None:
    here = centre(q, r, layout)
    distances = [math.dist(here, centre(q + dq, r + dr, layout))
                 for dq in range(-2, 3) for dr in range(-2, 3) if (dq, dr) != (0, 0)]
    assert min(distances) > SQRT3 - 1e-5  # nothing closer than a neighbour: no overlap
    assert sum(math.isclose(d, SQRT3, abs_tol=1e-5) for d in distances) == 6


@given(st.sampled_from(["odd-r", "even-r", "odd-q", "even-q"]),
       st.integers(-40, 40), st.integers(-40, 40), st.integers(1, 6))
def test_neighbours_share_each_edge(layout: str, q: int, r: int, e: int) -> None:
    start, end = edge(q, r, e, layout)
    x, y = centre(q, r, layout)
    mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    across = (2 * mid[0] - x, 2 * mid[1] - y)  # the centre of the hex across the edge
    found = [(q + dq, r + dr) for dq in range(-1, 2) for dr in range(-1, 2)
             if close(centre(q + dq, r + dr, layout), across)]
    assert len(found) == 1
    theirs = [edge(*found[0], k, layout) for k in range(1, 7)]
    assert sum(close(a, end) and close(b, start) for a, b in theirs) == 1  # the same, reversed


def test_bounds_cover_the_corners() -> None:
    assert all(math.isclose(a, b, abs_tol=1e-6)
               for a, b in zip(bounds([(0, 0), (1, 0)], "odd-r"), (-H, -1, 3 * H, 1)))
    with pytest.raises(AnalysisError) as caught:
        bounds([], "odd-r")
    assert str(caught.value) == "a layout to bound needs at least one hex (got none)"


@pytest.mark.parametrize(("boundary_set", "between", "within"),
                         [("pcon2010", 232, 4), ("pcon2024", 229, 0)])
def test_shipped_outlines_run_between_regions(data, boundary_set: str, between: int,
                                              within: int) -> None:
    """Every outline edge has a hex on both sides; those of region and nation outlines are in
    different regions (the 2010 file has four stray edges inside a region), which holds only if
    the layout's parity and edge numbering are read as Open Innovations wrote them."""
    layout = shipped_layout(boundary_set)
    regions = data.constituencies[data.constituencies["boundary_set"] == boundary_set].set_index(
        "gss_code")["region"]
    at = {tuple(round(v, 3) + 0.0 for v in centre(h.q, h.r, layout.layout)): h.key
          for h in layout.hexes}
    counts = {"between": 0, "within": 0}
    for boundary in layout.boundaries:
        for q, r, e in boundary.edges:
            (x1, y1), (x2, y2) = edge(q, r, e, layout.layout)
            x, y = centre(q, r, layout.layout)
            across = (round(x1 + x2 - x, 3) + 0.0, round(y1 + y2 - y, 3) + 0.0)
            one, other = at[round(x, 3) + 0.0, round(y, 3) + 0.0], at[across]
            counts["between" if regions[one] != regions[other] else "within"] += 1
    assert counts == {"between": between, "within": within}
