"""PNG output of a composed map, drawn with matplotlib's Agg renderer at the requested pixel size.

The page is scaled to fit the requested width and height (centred, white around it when their
proportions differ from the page's). matplotlib is imported here, inside the function, so the
command line does not pay for it unless a PNG is asked for. The PNG's text chunks carry the title
and the inputs (the seed of a simulation among them).
"""

from __future__ import annotations

import json
from pathlib import Path

from swingometer.maps.scene import Scene

__all__ = ["write_png"]

DPI = 100


def write_png(scene: Scene, path: str | Path, width: int = 1000, height: int = 1200) -> Path:
    """Draw ``scene`` into a ``width`` x ``height`` pixel PNG at ``path``."""
    for name, value in (("width", width), ("height", height)):
        if isinstance(value, bool) or not isinstance(value, int) or not 50 <= value <= 20_000:
            raise ValueError(f"{name} must be a whole number of pixels from 50 to 20,000 "
                             f"(got {value!r})")
    from matplotlib import patheffects
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    scale = min(width / scene.width, height / scene.height)  # pixels per page unit
    pad_x = (width / scale - scene.width) / 2
    pad_y = (height / scale - scene.height) / 2
    axes.set_xlim(-pad_x, scene.width + pad_x)
    axes.set_ylim(scene.height + pad_y, -pad_y)
    points = scale * 72 / DPI  # points per page unit, for line widths and font sizes

    axes.add_collection(PolyCollection(
        [cell.points for cell in scene.cells], facecolors=[cell.fill for cell in scene.cells],
        edgecolors="white", linewidths=0.6 * points, joinstyle="round"))
    for line in scene.lines:
        parts = [p + (p[0],) if line.closed else p for p in line.parts]
        axes.add_collection(LineCollection(parts, colors=line.stroke,
                                           linewidths=line.width * points, capstyle="round",
                                           joinstyle="round"))
    for swatch in scene.swatches:
        axes.add_patch(Rectangle((swatch.x, swatch.y), swatch.size, swatch.size,
                                 facecolor=swatch.fill,
                                 edgecolor="#1A1A1A" if swatch.outline else "white",
                                 linewidth=(1.4 if swatch.outline else 0.6) * points))
    align = {"start": "left", "middle": "center", "end": "right"}
    for text in scene.texts:
        effects = ([patheffects.withStroke(linewidth=3 * points, foreground="white")]
                   if text.halo else None)
        axes.text(text.x, text.y, text.text, fontsize=text.size * points, color=text.colour,
                  fontweight="bold" if text.bold else "normal", ha=align[text.anchor],
                  va="baseline", family="sans-serif", path_effects=effects)
    path = Path(path)
    figure.savefig(path, format="png", dpi=DPI, facecolor="white", metadata={
        "Title": scene.title, "Description": scene.description, "Software": "swingometer",
        "Comment": json.dumps(scene.metadata, sort_keys=True, default=str)})
    return path
