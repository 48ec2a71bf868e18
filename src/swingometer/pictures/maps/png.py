"""PNG output of a composed map, drawn with matplotlib's Agg renderer at the requested pixel size.

The page is scaled to fit the requested width and height (centred, white around it when their
proportions differ from the page's); seats with no data are hatched as in the SVG. matplotlib is
imported here, inside the function, so the command line does not pay for it unless a PNG is asked
for. The PNG's text chunks carry the title and the inputs (the seed of a simulation among them).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from swingometer.exceptions import AnalysisError
from swingometer.pictures.maps.scales import NO_DATA, NO_DATA_INK, NO_DATA_SPACING
from swingometer.pictures.maps.scene import Scene

__all__ = ["write_png"]

DPI = 100


def write_png(scene: Scene, path: str | Path, width: int = 1000, height: int = 1200) -> Path:
    """Draw ``scene`` into a ``width`` x ``height`` pixel PNG at ``path``."""
    for name, value in (("width", width), ("height", height)):
        if isinstance(value, bool) or not isinstance(value, int) or not 50 <= value <= 20_000:
            raise AnalysisError(f"{name} must be a whole number of pixels from 50 to 20,000 "
                                f"(got {value!r})")
    import matplotlib
    from matplotlib import patheffects
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    scale = min(width / scene.width, height / scene.height)  # pixels per page unit
    points = scale * 72 / DPI  # points per page unit, for line widths and font sizes
    # "no data" as the SVG draws it: grey lines at 45 degrees on white, NO_DATA_SPACING page
    # units apart (a hatch of n "/" draws 6n lines an inch along each axis)
    hatch = "/" * max(1, round(DPI / (6 * math.sqrt(2) * NO_DATA_SPACING * scale)))
    # hatch colour and width are read from the settings, when drawn or when the collection is
    # made (by matplotlib version), so both happen inside this block
    with matplotlib.rc_context({"hatch.color": NO_DATA_INK, "hatch.linewidth": points}):
        figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
        FigureCanvasAgg(figure)
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_axis_off()
        pad_x = (width / scale - scene.width) / 2
        pad_y = (height / scale - scene.height) / 2
        axes.set_xlim(-pad_x, scene.width + pad_x)
        axes.set_ylim(scene.height + pad_y, -pad_y)

        axes.add_collection(PolyCollection(
            [cell.points for cell in scene.cells],
            facecolors=["white" if cell.fill == NO_DATA else cell.fill for cell in scene.cells],
            edgecolors="white", linewidths=0.6 * points, joinstyle="round"))
        empty = [cell.points for cell in scene.cells if cell.fill == NO_DATA]
        empty += [((s.x, s.y), (s.x + s.size, s.y), (s.x + s.size, s.y + s.size),
                   (s.x, s.y + s.size)) for s in scene.swatches if s.fill == NO_DATA]
        if empty:
            axes.add_collection(PolyCollection(empty, facecolors="white", edgecolors="white",
                                               linewidths=0.6 * points, joinstyle="round",
                                               hatch=hatch))
        for line in scene.lines:
            parts = [p + (p[0],) if line.closed else p for p in line.parts]
            axes.add_collection(LineCollection(parts, colors=line.stroke,
                                               linewidths=line.width * points,
                                               capstyle="round", joinstyle="round"))
        for swatch in scene.swatches:
            if swatch.fill != NO_DATA:
                axes.add_patch(Rectangle((swatch.x, swatch.y), swatch.size, swatch.size,
                                         facecolor=swatch.fill,
                                         edgecolor="#1A1A1A" if swatch.outline else "white",
                                         linewidth=(1.4 if swatch.outline else 0.6) * points))
        align = {"start": "left", "middle": "center", "end": "right"}
        for text in scene.texts:
            effects = ([patheffects.withStroke(linewidth=3 * points, foreground="white")]
                       if text.halo else None)
            axes.text(text.x, text.y, text.text, fontsize=text.size * points,
                      color=text.colour, fontweight="bold" if text.bold else "normal",
                      ha=align[text.anchor], va="baseline", family="sans-serif",
                      path_effects=effects)
        path = Path(path)
        figure.savefig(path, format="png", dpi=DPI, facecolor="white", metadata={
            "Title": scene.title, "Description": scene.description, "Software": "swingometer",
            "Comment": json.dumps(scene.metadata, sort_keys=True, default=str)})
    return path
