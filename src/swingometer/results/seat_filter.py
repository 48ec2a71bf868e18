"""The one language for choosing seats by their figures, for scenario targets and map highlights
(and the dashboard): conditions ``COLUMN OP NUMBER`` joined by ``and`` or ``,``, all of which
must hold, such as ``muslim_pct >= 20`` or ``majority_pct < 5 and turnout >= 60``.

OP is one of ``>=``, ``<=``, ``>``, ``<``, ``==`` (or ``=``) and ``!=``; a trailing ``%`` is
allowed; column names are not case-sensitive. A seat with no figure for a column (Northern Ireland
has no census figures here) matches no condition on it, not even a ``!=`` one.

>>> import pandas as pd
>>> columns = {"muslim_pct": pd.Series([43.7, 2.1, None], index=["A", "B", "C"])}
>>> match_seats(columns, "Muslim_pct >= 20")
(frozenset({'A'}), 'muslim_pct >= 20')
"""

from __future__ import annotations

import difflib
import operator
import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from swingometer.exceptions import SeatFilterError

__all__ = ["CONDITIONS", "OPERATORS", "SeatFilterError", "match_seats", "parse_conditions"]

OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt,
    "==": operator.eq, "=": operator.eq, "!=": operator.ne}
_CONDITION = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=|==|!=|=|>|<)\s*"
                        r"(-?\d+(?:\.\d+)?)\s*%?\s*$")
CONDITIONS = ("conditions COLUMN OP NUMBER such as muslim_pct >= 20 (OP one of >=, <=, >, <, "
              "==, !=), joined by 'and'")
_JOIN = re.compile(r",|\s+and\s+", flags=re.IGNORECASE)


def parse_conditions(text: str, columns: Mapping[str, Any]) -> list[tuple[str, str, float]]:
    """``(column, op, number)`` for each condition of ``text``, each column one of
    ``columns``."""
    parts = [p.strip() for p in _JOIN.split(str(text)) if p.strip()]
    if not parts:
        raise SeatFilterError(CONDITIONS, text)
    out = []
    for part in parts:
        found = _CONDITION.match(part)
        if not found:
            raise SeatFilterError(CONDITIONS, part)
        column, op, number = found.group(1).lower(), found.group(2), float(found.group(3))
        if column not in columns:
            close = difflib.get_close_matches(column, list(columns), n=3, cutoff=0.5)
            raise SeatFilterError(
                f"a column of the seats' figures ({', '.join(sorted(columns))})", column,
                f"; did you mean {', '.join(close)}?" if close else "")
        out.append((column, "==" if op == "=" else op, number))
    return out


def match_seats(columns: Mapping[str, pd.Series], text: str) -> tuple[frozenset[str], str]:
    """The seats (the index of the ``columns``' series, GSS codes) where every condition of
    ``text`` holds, and the conditions in words."""
    conditions = parse_conditions(text, columns)
    matched: set[str] | None = None
    for column, op, number in conditions:
        values = pd.to_numeric(columns[column], errors="coerce").astype(float)
        hits = OPERATORS[op](values, number) & values.notna()
        found = set(hits[hits].index)
        matched = found if matched is None else matched & found
    return frozenset(matched or ()), " and ".join(f"{c} {op} {n:g}" for c, op, n in conditions)
