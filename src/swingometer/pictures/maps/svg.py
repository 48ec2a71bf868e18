"""SVG output of a composed map: plain, deterministic text (the same inputs give the same bytes).

One ``<path>`` per seat whose ``id`` is the seat's GSS code, with a ``<title>`` a screen reader or
a browser tooltip reads: the seat's name, the result and the figures behind its colour. Seats with
no data (and their legend swatch) are filled with a hatch pattern defined once in ``<defs>``, whose
``id`` (``no-data``) is the only other one in the file. The document's own ``<title>`` and ``<desc>`` come first, so
the map as a whole has an accessible name and a summary of its legend; a ``<metadata>`` element
holds the inputs (election, colouring, seed of a simulation) as JSON.

>>> escape('Brent East & "Kilburn" <new>')
'Brent East &amp; &quot;Kilburn&quot; &lt;new&gt;'
"""

from __future__ import annotations

import json

from swingometer.pictures.maps.scales import NO_DATA, NO_DATA_INK, NO_DATA_SPACING
from swingometer.pictures.maps.scene import FONT, Line, Scene, Text

__all__ = ["NO_DATA_ID", "escape", "svg_document"]

NO_DATA_ID = "no-data"


def escape(text: str) -> str:
    """Text made safe for XML character data and attribute values."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _path(points) -> str:
    return "M" + "L".join(f"{_n(x)} {_n(y)}" for x, y in points)


def _line(line: Line) -> str:
    d = "".join(_path(part) + ("Z" if line.closed else "") for part in line.parts)
    name = f' data-name="{escape(line.name)}"' if line.name else ""
    return (f'<path class="{escape(line.role)}"{name} d="{d}" stroke="{line.stroke}" '
            f'stroke-width="{_n(line.width)}"/>')


def _fill(fill: str) -> str:
    return f"url(#{NO_DATA_ID})" if fill == NO_DATA else fill


def _no_data_pattern() -> str:
    """White, crossed by lines at 45 degrees; in page units, so the lines of neighbouring hexes
    meet."""
    gap = _n(NO_DATA_SPACING)
    return (f'<defs><pattern id="{NO_DATA_ID}" width="{gap}" height="{gap}" '
            f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="{gap}" height="{gap}" fill="#FFFFFF"/>'
            f'<path d="M{_n(NO_DATA_SPACING / 2)} 0V{gap}" stroke="{NO_DATA_INK}" '
            f'stroke-width="1"/></pattern></defs>')


def _text(text: Text) -> str:
    attributes = [f'x="{_n(text.x)}"', f'y="{_n(text.y)}"', f'font-size="{_n(text.size)}"']
    if text.bold:
        attributes.append('font-weight="bold"')
    if text.anchor != "start":
        attributes.append(f'text-anchor="{text.anchor}"')
    attributes.append(f'fill="{text.colour}"')
    if text.halo:
        attributes.append('stroke="#FFFFFF" stroke-width="3" stroke-linejoin="round" '
                          'paint-order="stroke"')
    return f'<text class="{escape(text.role)}" {" ".join(attributes)}>{escape(text.text)}</text>'


def svg_document(scene: Scene) -> str:
    """The SVG text of ``scene``."""
    width, height = _n(scene.width), _n(scene.height)
    metadata = json.dumps(scene.metadata, sort_keys=True, ensure_ascii=False, default=str)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" '
         f'height="{height}" viewBox="0 0 {width} {height}" role="graphics-document" '
         f'aria-label="{escape(scene.title)}" font-family="{escape(FONT)}">'),
        f"<title>{escape(scene.title)}</title>",
        f"<desc>{escape(scene.description)}</desc>",
        f"<metadata>{escape(metadata)}</metadata>",
        *([_no_data_pattern()] if any(item.fill == NO_DATA
                                      for item in scene.cells + scene.swatches) else []),
        (f'<rect class="background" x="0" y="0" width="{width}" height="{height}" '
         f'fill="#FFFFFF"/>'),
        '<g class="seats" stroke="#FFFFFF" stroke-width="0.6" stroke-linejoin="round">',
    ]
    for cell in scene.cells:
        tooltip = "\n".join(cell.tooltip)
        # each seat is a graphics symbol whose accessible name is its title, so a screen reader
        # (not only a mouse) reaches the seat's name, result and figures
        out.append(f'<path id="{escape(cell.id)}" role="graphics-symbol" '
                   f'd="{_path(cell.points)}Z" fill="{_fill(cell.fill)}">'
                   f"<title>{escape(tooltip)}</title></path>")
    out.append("</g>")
    groups = (("outlines", ("outline",)), ("highlights", ("highlight",)),
              ("leaders", ("leader",)))
    for group, roles in groups:
        chosen = [line for line in scene.lines if line.role.split()[0] in roles]
        if chosen:
            out.append(f'<g class="{group}" fill="none" stroke-linejoin="round" '
                       f'stroke-linecap="round">')
            out.extend(_line(line) for line in chosen)
            out.append("</g>")
    if scene.swatches:
        out.append('<g class="legend-swatches" stroke="#FFFFFF" stroke-width="0.6">')
        for swatch in scene.swatches:
            stroke = ' stroke="#1A1A1A" stroke-width="1.4"' if swatch.outline else ""
            out.append(f'<rect x="{_n(swatch.x)}" y="{_n(swatch.y)}" width="{_n(swatch.size)}" '
                       f'height="{_n(swatch.size)}" fill="{_fill(swatch.fill)}"{stroke}/>')
        out.append("</g>")
    out.append('<g class="text">')
    out.extend(_text(text) for text in scene.texts)
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
