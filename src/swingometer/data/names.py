"""Constituency names: normalisation and lookup by name, alias or GSS code.

``"Batley & Spen"``, ``"batley and spen"`` and ``"BATLEY-AND-SPEN"`` all normalise to
``"batley and spen"``; ``"Ynys Mon"`` matches ``"Ynys Môn"``. A miss raises
:class:`~swingometer.SeatNotFoundError` with the closest names; a name that exists in both boundary
sets is resolved by the boundary set of the election asked for, and never matched silently.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from swingometer.exceptions import SeatNotFoundError

__all__ = ["SeatIndex", "SeatKey", "normalise_name"]

_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise_name(name: str) -> str:
    """Lower-case ASCII words: accents dropped, ``&`` read as ``and``, punctuation as spaces.

    >>> normalise_name("Birmingham, Erdington")
    'birmingham erdington'
    >>> normalise_name("Ynys Môn") == normalise_name("ynys mon")
    True
    """
    text = name if name.isascii() else (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii"))
    text = text.lower().replace("&", " and ")
    return " ".join(_NON_WORD.sub(" ", text).split())


@dataclass(frozen=True, order=True)
class SeatKey:
    """A constituency's identity: GSS code plus boundary set."""

    gss_code: str
    boundary_set: str


class SeatIndex:
    """Lookup of constituencies by GSS code, official name or alias."""

    def __init__(self, constituencies: pd.DataFrame, aliases: pd.DataFrame) -> None:
        self._names: dict[SeatKey, str] = {
            SeatKey(c, b): n for c, b, n in
            zip(constituencies["gss_code"], constituencies["boundary_set"], constituencies["name"])
        }
        self._by_name: dict[str, set[SeatKey]] = {}
        pairs = [(n, k) for k, n in self._names.items()]
        pairs += [(a, SeatKey(c, b)) for c, b, a in
                  zip(aliases["gss_code"], aliases["boundary_set"], aliases["alias"])]
        for name, key in pairs:
            self._by_name.setdefault(normalise_name(name), set()).add(key)

    def name(self, key: SeatKey) -> str:
        return self._names[key]

    def find(self, query: str, boundary_set: str | None = None) -> list[SeatKey]:
        """Every seat the query names (by code, name or alias), within a boundary set if given."""
        text = query.strip()
        code = text.upper()
        found = {k for k in self._names if k.gss_code == code}
        if not found:
            found = set(self._by_name.get(normalise_name(text), set()))
        return sorted(k for k in found if boundary_set in (None, k.boundary_set))

    def suggest(self, query: str, boundary_set: str | None = None, n: int = 5) -> list[str]:
        """The official names closest to ``query``."""
        names = {normalise_name(v): v for k, v in self._names.items()
                 if boundary_set in (None, k.boundary_set)}
        target = normalise_name(query)
        close = difflib.get_close_matches(target, list(names), n=n, cutoff=0.6)
        starts = [k for k in sorted(names) if target and k.startswith(target)]
        ordered = list(dict.fromkeys(close + starts))[:n]
        return [names[k] for k in ordered]

    def resolve(self, query: str, boundary_set: str | None = None) -> list[SeatKey]:
        """Like :meth:`find` but raise :class:`SeatNotFoundError` (with suggestions) on a miss."""
        found = self.find(query, boundary_set)
        if not found:
            context = f" on the {boundary_set} boundaries" if boundary_set else ""
            if boundary_set and self.find(query):
                other = self.find(query)[0]
                context += f" (it is a {other.boundary_set} seat: {self.name(other)})"
            raise SeatNotFoundError(query, self.suggest(query, boundary_set), context)
        return found
