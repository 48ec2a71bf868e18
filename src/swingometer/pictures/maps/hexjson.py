"""HexJSON: reading and validating hex cartogram layouts (the Open Innovations / ODI Leeds format).

A HexJSON file is a JSON object with a ``layout`` (``odd-r``, ``even-r``, ``odd-q`` or ``even-q``)
and ``hexes``, an object of keys (here, constituency GSS codes) each with integer column ``q`` and
row ``r`` coordinates (any sign; the row number increases upwards, as on a map). Version 1.1 adds
``boundaries``: named lines along hex edges (``{"edges": [{"q":, "r":, "e":}], "type":}``), drawn as
region and nation outlines.

>>> layout = parse_hexjson({"layout": "odd-r", "hexes": {"a": {"q": 0, "r": -1, "n": "A"}}})
>>> layout.layout, layout.hexes[0]
('odd-r', Hex(key='a', q=0, r=-1, name='A'))

Every invalid file raises :class:`~swingometer.exceptions.DataError` naming the file, the key, what
was expected and what was found.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from swingometer.data.tables import hexmap, is_gss_code
from swingometer.data.text_file import decode, read_capped
from swingometer.exceptions import DataError

__all__ = ["LAYOUTS", "Boundary", "Hex", "HexLayout", "parse_hexjson", "read_hexjson",
           "shipped_layout"]

LAYOUTS = ("odd-r", "even-r", "odd-q", "even-q")
# the largest HexJSON read, compressed or not: a 650-seat layout is about 100 KB
MAX_HEXJSON_BYTES = 20 * 2**20


@dataclass(frozen=True)
class Hex:
    """One hexagon: its key (a GSS code), column ``q``, row ``r`` and name (``n``), if given."""

    key: str
    q: int
    r: int
    name: str | None = None


@dataclass(frozen=True)
class Boundary:
    """A named line along hex edges: ``(q, r, e)`` triples, edge ``e`` 1-6 (negative: reversed)."""

    name: str
    kind: str | None
    edges: tuple[tuple[int, int, int], ...]


@dataclass(frozen=True)
class HexLayout:
    """A validated HexJSON layout: hexes in key order, and boundaries in name order."""

    layout: str
    hexes: tuple[Hex, ...]
    boundaries: tuple[Boundary, ...] = ()
    source: str = "<hexjson>"
    boundary_set: str | None = None
    _by_key: dict[str, Hex] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_key.update((h.key, h) for h in self.hexes)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(h.key for h in self.hexes)

    def __len__(self) -> int:
        return len(self.hexes)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def hex(self, key: str) -> Hex:
        """The hex of ``key``."""
        return self._by_key[key]


def _pairs_without_duplicates(source: str):
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise DataError(source, None, None, "JSON whose objects have unique keys",
                                f"{key!r} twice")
            out[key] = value
        return out
    return hook


def _integer(value: Any, source: str, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            isinstance(value, float) and not value.is_integer()):
        raise DataError(source, None, where, "a whole number", value)
    return int(value)


def parse_hexjson(document: Any, source: str = "<hexjson>", boundary_set: str | None = None,
                  seats: Iterable[str] | None = None) -> HexLayout:
    """Validate a decoded HexJSON document and return its :class:`HexLayout`.

    Parameters
    ----------
    document : object
        The decoded JSON.
    source : str
        The file name, used in error messages.
    boundary_set : str, optional
        ``pcon2010`` or ``pcon2024``: every key must then be a constituency code of that set.
    seats : iterable of str, optional
        The seats the layout must hold: each key must be one of them and each must have a hex.

    Raises
    ------
    DataError
        On a missing or unknown layout, a hex without integer ``q`` and ``r``, two hexes at the
        same position, a key that is not a seat, a seat without a hex, or a malformed boundary.
    """
    if not isinstance(document, Mapping):
        raise DataError(source, None, None, "a JSON object with 'layout' and 'hexes'",
                        type(document).__name__)
    layout = document.get("layout")
    if layout not in LAYOUTS:
        raise DataError(source, None, "layout", f"one of {', '.join(LAYOUTS)}", layout)
    hexes = document.get("hexes")
    if not isinstance(hexes, Mapping) or not hexes:
        raise DataError(source, None, "hexes", "an object of hexes keyed by id",
                        hexes if not isinstance(hexes, Mapping) else "no hexes")
    wanted = None if seats is None else set(seats)
    taken: dict[tuple[int, int], str] = {}
    parsed = []
    for key in sorted(hexes):
        cell = hexes[key]
        where = f"hexes.{key}"
        if not isinstance(cell, Mapping):
            raise DataError(source, None, where, "an object with q and r", cell)
        if boundary_set is not None and not is_gss_code(key, boundary_set):
            raise DataError(source, None, where,
                            f"keyed by a constituency code of {boundary_set}", key)
        if wanted is not None and key not in wanted:
            raise DataError(source, None, where, "keyed by a seat of the election drawn", key)
        q = _integer(cell.get("q"), source, f"{where}.q")
        r = _integer(cell.get("r"), source, f"{where}.r")
        if (q, r) in taken:
            raise DataError(source, None, where, "at a position of its own",
                            f"q={q}, r={r}, the position of {taken[q, r]!r}")
        taken[q, r] = key
        name = cell.get("n", cell.get("name"))
        parsed.append(Hex(str(key), q, r, None if name is None else str(name)))
    if wanted is not None and wanted - set(hexes):
        missing = sorted(wanted - set(hexes))
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5
                                          else "")
        raise DataError(source, None, "hexes",
                        "complete, with a hex for every seat of the election drawn",
                        f"{len(missing)} seat(s) without one: {shown}")
    return HexLayout(layout, tuple(parsed), _boundaries(document.get("boundaries"), source),
                     source, boundary_set)


def _boundaries(value: Any, source: str) -> tuple[Boundary, ...]:
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        raise DataError(source, None, "boundaries", "an object of named boundaries", value)
    out = []
    for name in sorted(value):
        item = value[name]
        where = f"boundaries.{name}"
        edges = item.get("edges") if isinstance(item, Mapping) else None
        if not isinstance(edges, list):
            raise DataError(source, None, where, "an object with a list of edges", item)
        triples = []
        for index, edge in enumerate(edges):
            at = f"{where}.edges[{index}]"
            if not isinstance(edge, Mapping):
                raise DataError(source, None, at, "an object with q, r and e", edge)
            e = _integer(edge.get("e"), source, f"{at}.e")
            if not 1 <= abs(e) <= 6:
                raise DataError(source, None, f"{at}.e", "an edge number 1 to 6 (or -6 to -1)", e)
            triples.append((_integer(edge.get("q"), source, f"{at}.q"),
                            _integer(edge.get("r"), source, f"{at}.r"), e))
        kind = item.get("type")
        out.append(Boundary(str(name), None if kind is None else str(kind), tuple(triples)))
    return tuple(out)


def read_hexjson(path: str | Path, boundary_set: str | None = None,
                 seats: Iterable[str] | None = None) -> HexLayout:
    """Read and validate a HexJSON file (plain or gzip-compressed; UTF-8, UTF-16 with a
    byte-order mark or Windows-1252; at most :data:`MAX_HEXJSON_BYTES`, compressed or not); see
    :func:`parse_hexjson`."""
    path = Path(path)
    source = str(path)
    try:
        raw = read_capped(path, MAX_HEXJSON_BYTES, source)
    except OSError as error:
        raise DataError(source, None, None, "a readable HexJSON file",
                        error.strerror or str(error)) from None
    if raw[:2] == b"\x1f\x8b":
        raw = _gunzip(raw, source)
    try:
        document = json.loads(decode(raw, source)[0],
                              object_pairs_hook=_pairs_without_duplicates(source))
    except json.JSONDecodeError as error:
        raise DataError(source, None, None, "valid JSON",
                        f"{error.msg} at line {error.lineno}, column {error.colno}") from None
    except RecursionError:
        raise DataError(source, None, None, "JSON nested to a sensible depth",
                        "arrays or objects nested too deep to read") from None
    return parse_hexjson(document, source, boundary_set, seats)


def _gunzip(raw: bytes, source: str) -> bytes:
    """The decompressed bytes, no more than :data:`MAX_HEXJSON_BYTES` of them (a small file can
    decompress to gigabytes)."""
    inflate = zlib.decompressobj(wbits=31)
    try:
        data = inflate.decompress(raw, MAX_HEXJSON_BYTES + 1)
    except zlib.error as error:  # a damaged gzip file
        raise DataError(source, None, None, "an intact gzip file", str(error)) from None
    if len(data) > MAX_HEXJSON_BYTES:
        raise DataError(source, None, None,
                        f"a gzip file of at most {MAX_HEXJSON_BYTES // 2**20} MB decompressed",
                        f"more than {MAX_HEXJSON_BYTES:,} bytes decompressed")
    if not inflate.eof:  # cut short
        raise DataError(source, None, None, "an intact gzip file",
                        "Compressed file ended before the end-of-stream marker was reached")
    return data


def shipped_layout(boundary_set: str) -> HexLayout:
    """The shipped layout of ``pcon2010`` or ``pcon2024`` (Open Innovations, keyed by the results'
    GSS codes), validated.

    >>> layout = shipped_layout("pcon2024")
    >>> len(layout), layout.layout, len(layout.boundaries)
    (650, 'odd-r', 17)
    """
    if boundary_set not in ("pcon2010", "pcon2024"):
        raise DataError("shipped hex layouts", None, "boundary_set", "pcon2010 or pcon2024",
                        boundary_set)
    return parse_hexjson(hexmap(boundary_set), f"hexmap_{boundary_set}.json.gz", boundary_set)
