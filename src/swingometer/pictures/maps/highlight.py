"""Map highlights: the seats a condition on the census or the result selects (the one seat-filter
language, :mod:`swingometer.results.seat_filter`), or seats named, and a colouring with every other seat
faded."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from swingometer.data.context import History
from swingometer.exceptions import AnalysisError
from swingometer.pictures.maps.colouring import FADE, NO_DATA, Colouring, LegendRow
from swingometer.pictures.maps.facts import SeatFacts
from swingometer.pictures.maps.scales import mix
from swingometer.results.seat_filter import match_seats

__all__ = ["RESULT_COLUMNS", "highlight", "seats_matching"]

RESULT_COLUMNS = ("majority", "majority_pct", "turnout", "electorate")


def seats_matching(data: History, boundary_set: str, condition: str | Sequence[str],
                   facts: SeatFacts | None = None) -> tuple[frozenset[str], str]:
    """The GSS codes a highlight selects, and a description of it.

    ``condition`` is either conditions ``COLUMN OP NUMBER`` joined by ``,`` or ``and`` (all must
    hold), on the demographics table (``muslim_pct>=20``, ``degree_pct<25``) or, with ``facts``,
    on the result (``majority_pct<5``, ``turnout>=70``); or seat names or codes separated by
    ``;`` (or given as a list). A seat with no figure for a column (Northern Ireland has no
    census figures here) does not match.
    """
    if not isinstance(condition, str):
        names = [str(c) for c in condition]
    elif re.search(r"[<>=!]", condition):
        return _filter(data, boundary_set, condition, facts)
    else:
        names = [part for part in (p.strip() for p in condition.split(";")) if part]
    if not names:
        raise AnalysisError("a highlight needs a condition such as muslim_pct>=20 or seat names "
                            "separated by ';' (got nothing)")
    keys = [data.find_seat_in(name, boundary_set) for name in names]
    codes = frozenset(k.gss_code for k in keys)
    shown = [data.seat_index.name(k) for k in sorted(keys)]
    return codes, (f"{len(codes)} seat{'s' if len(codes) != 1 else ''}: "
                   + ", ".join(dict.fromkeys(shown)))


def _filter(data: History, boundary_set: str, text: str,
            facts: SeatFacts | None) -> tuple[frozenset[str], str]:
    demographics = data.demographics
    demographics = demographics[demographics["boundary_set"] == boundary_set].set_index(
        "gss_code")
    columns = {c: demographics[c] for c in demographics.columns
               if c not in ("boundary_set", "estimated")}
    if facts is not None:
        columns.update({c: facts.seats[c] for c in RESULT_COLUMNS})
    return match_seats(columns, text)


def highlight(colouring: Colouring, codes: frozenset[str] | set[str], description: str) -> Colouring:
    """The same map with every seat outside ``codes`` faded towards white; the matching seats are
    outlined, and the legend says what was highlighted and how many seats. A seat with no data
    stays hatched, so a faded seat (a tint, never hatched) is never taken for one."""
    seats = tuple(replace(s, highlighted=True) if s.gss_code in codes else
                  s if s.fill == NO_DATA else replace(s, fill=mix(s.fill, "#FFFFFF", FADE))
                  for s in colouring.seats)
    count = sum(s.highlighted for s in seats)
    row = LegendRow(f"highlighted: {description}", ("#FFFFFF",), count, outline=True)
    legend = replace(colouring.legend, rows=colouring.legend.rows + (row,))
    return replace(colouring, seats=seats, legend=legend, highlight=description,
                   metadata={**colouring.metadata, "highlight": description})
