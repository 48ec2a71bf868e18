"""Colours and classed colour scales for maps: sequential (a party's share), diverging (a change
or a swing) and strength (a win probability), each a small set of classes so a reader can match a
hex to the legend.

A seat with no figure to colour by (a party that did not stand, a seat with no result yet) is
:data:`NO_DATA`: not a colour but a grey hatch on white, which the SVG defines once as a pattern and
the PNG draws with matplotlib's hatching, so it cannot be mistaken for any party's colour (the
independents' light grey among them) nor for a seat faded by a highlight.

>>> mix("#FFFFFF", "#000000", 0.5)
'#808080'
>>> scale = diverging("#B35806", "#542788", (-10, -5, -2, 2, 5, 10), "{:+g}")
>>> scale.classify(3.0), scale.classify(-20.0), scale.classify(float("nan"))
(4, 0, None)
>>> scale.labels[3]
'-2 to +2'
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from swingometer.exceptions import AnalysisError

__all__ = ["DIVERGING_HIGH", "DIVERGING_LOW", "LIGHT", "MIDDLE", "NO_DATA", "NO_DATA_INK",
           "NO_DATA_SPACING", "Scale", "distance", "diverging", "luminance", "mix", "rgb",
           "sequential", "strong"]

MIDDLE = "#F7F7F7"
# "no data": the fill of seats with nothing to colour by; drawn as lines of NO_DATA_INK,
# NO_DATA_SPACING page units apart, at 45 degrees on white (the SVG's fill="none" if unpatterned)
NO_DATA = "none"
NO_DATA_INK, NO_DATA_SPACING = "#8C8C8C", 4.0
# the relative luminance above which a colour barely shows on white (contrast under 1.75:1): the
# independents' grey, the SNP's and Alliance's yellows
LIGHT = 0.55
# ColorBrewer PuOr ends: orange for a fall, purple for a rise, readable by most colour-blind readers
DIVERGING_LOW, DIVERGING_HIGH = "#B35806", "#542788"
# the ramp of a party whose colour is a grey (the default of minor parties)
_GREY_RAMP = "#54278F"


def rgb(colour: str) -> tuple[int, int, int]:
    """``"#E4003B"`` -> ``(228, 0, 59)``."""
    text = colour.lstrip("#")
    if len(text) != 6:
        raise AnalysisError(f"a colour is written #RRGGBB, six hexadecimal digits (got "
                            f"{colour!r})")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _hex(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{min(255, max(0, round(c))):02X}" for c in (red, green, blue))


def mix(start: str, end: str, t: float) -> str:
    """The colour ``t`` of the way from ``start`` to ``end`` (0: start, 1: end)."""
    a, b = rgb(start), rgb(end)
    return _hex(*(x + (y - x) * t for x, y in zip(a, b)))


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2): 0 for black, 1 for white; above :data:`LIGHT`, a colour
    barely shows on white.

    >>> round(luminance("#FDF38E"), 2), round(luminance("#E4003B"), 2)
    (0.87, 0.17)
    """
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(c) for c in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def distance(a: str, b: str) -> float:
    """Euclidean distance between two colours in RGB (0 to about 441)."""
    return math.dist(rgb(a), rgb(b))


def strong(colour: str, max_luminance: float = 0.2, grey_ramp: bool = True) -> str:
    """A version of ``colour`` dark enough to end a scale that starts near white: darkened in
    steps until its luminance is at most ``max_luminance``; with ``grey_ramp``, a grey (the
    colour of most minor parties) becomes a purple, so its light classes are not mistaken for
    the independents' light grey or for seats faded by a highlight."""
    red, green, blue = rgb(colour)
    if grey_ramp and max(red, green, blue) - min(red, green, blue) < 24:
        colour = _GREY_RAMP
    for _ in range(40):
        if luminance(colour) <= max_luminance:
            break
        colour = mix(colour, "#000000", 0.08)
    return colour


@dataclass(frozen=True)
class Scale:
    """Classes cut at ``breaks`` (a value equal to a break goes in the class above it), each with
    a colour and a label."""

    breaks: tuple[float, ...]
    colours: tuple[str, ...]
    labels: tuple[str, ...]

    def classify(self, value: float | None) -> int | None:
        """The class index of ``value``; ``None`` for a missing value."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return bisect.bisect_right(self.breaks, value)


def _labels(breaks: Sequence[float], fmt: str, unit: str) -> tuple[str, ...]:
    labels = [f"under {fmt.format(breaks[0])}{unit}"]
    labels += [f"{fmt.format(lo)} to {fmt.format(hi)}{unit}" for lo, hi in itertools.pairwise(breaks)]
    labels.append(f"{fmt.format(breaks[-1])}{unit} or more")
    return tuple(labels)


def sequential(colour: str, breaks: Sequence[float], fmt: str = "{:g}",
               unit: str = "") -> Scale:
    """Light to dark in ``colour`` (darkened so the top class stands out), one class per
    interval; the lightest class is a tint, never white."""
    end = strong(colour)
    n = len(breaks) + 1
    colours = tuple(mix(MIDDLE, end, 0.12 + 0.88 * i / (n - 1)) for i in range(n))
    return Scale(tuple(breaks), colours, _labels(breaks, fmt, unit))


def diverging(low: str, high: str, breaks: Sequence[float], fmt: str = "{:+g}",
              unit: str = "") -> Scale:
    """From ``low`` (the most negative class) through a near-white middle class to ``high``;
    ``breaks`` are symmetric about zero, with an odd number of classes."""
    n = len(breaks) + 1
    if n % 2 == 0:
        raise AnalysisError(f"a diverging scale needs an odd number of classes, a middle one "
                            f"around zero (got {n} classes from {len(breaks)} breaks)")
    side = n // 2
    colours = ([mix(MIDDLE, low, (side - i) / side) for i in range(side)] + [MIDDLE]
               + [mix(MIDDLE, high, (i + 1) / side) for i in range(side)])
    return Scale(tuple(breaks), tuple(colours), _labels(breaks, fmt, unit))
