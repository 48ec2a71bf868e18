"""Presentation for the CLI: tables with rich, JSON and CSV. No arithmetic happens here."""

from __future__ import annotations

import csv
import json
import math
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

__all__ = ["Format", "Renderer", "emit", "number"]


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _plain(value: Any) -> Any:
    """JSON-safe Python value (numpy scalars, NA and NaN become plain values or null)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def number(value: Any, digits: int = 0, signed: bool = False, suffix: str = "") -> str:
    """``13,296``, ``35.3%``, ``-7.4``; an em dash for a missing value."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "-"
    text = f"{value:+,.{digits}f}" if signed else f"{value:,.{digits}f}"
    return text + suffix


def _cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    return str(value)


# what a spreadsheet reads as the start of a formula in a text cell (OWASP's list)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any, raw: bool) -> Any:
    """A text cell escaped against spreadsheet formulas (numbers are left as they are)."""
    if raw or not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    return "'" + value


def _whole(column: str) -> bool:
    """Whether a column's values are never cut or wrapped: ids, GSS codes, dates and model
    names."""
    return (column.endswith("_id") or column in {"gss_code", "model"}
            or column.startswith("date"))


def _least_width(columns: list[str], cells: list[list[str]]) -> int:
    """The width a table needs to show every column with no word cut: each column as wide as
    its header and its longest word (an id's whole text), plus the borders."""
    def longest(i: int, column: str) -> int:
        identifier = _whole(column)
        return max([len(column), *(len(r[i]) if identifier else
                                   max(map(len, r[i].split()), default=0) for r in cells)])
    return sum(longest(i, c) for i, c in enumerate(columns)) + 3 * len(columns) + 1


class Renderer:
    """Writes results to stdout in the chosen format."""

    def __init__(self, fmt: Format) -> None:
        self.format = fmt
        self.console = Console(soft_wrap=False)
        # a terminal's width (or $COLUMNS); written to a file or a pipe, wide
        if not (self.console.is_terminal or os.environ.get("COLUMNS", "").isdigit()):
            self.console.width = 160

    @property
    def error_console(self) -> Console:
        return Console(stderr=True)

    def json(self, data: Any) -> None:
        sys.stdout.write(json.dumps(_plain(data), indent=2, ensure_ascii=False) + "\n")

    def csv(self, rows: pd.DataFrame) -> None:
        """CSV with a header; a text cell that a spreadsheet would run as a formula (``=``, ``+``,
        ``-``, ``@``, a tab or a carriage return first: a name such as ``=HYPERLINK(...)``) gets
        a leading apostrophe, as OWASP advises, unless ``$SWINGOMETER_RAW_CSV`` is set
        (``swingometer --raw-csv``, for programs)."""
        raw = bool(os.environ.get("SWINGOMETER_RAW_CSV"))
        clean = rows.astype(object).where(rows.notna(), None)
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([_safe(str(c), raw) for c in clean.columns])
        writer.writerows([[("" if v is None else _safe(v, raw)) for v in row]
                          for row in clean.itertuples(index=False, name=None)])

    def table(self, title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]],
              right: Iterable[str] = (), caption: str | None = None,
              drop: Sequence[str] = ()) -> None:
        """A table that fits the console: text wraps, an id (``*_id``, ``gss_code``) or a date is
        never cut, and the columns named in ``drop`` go, in that order, while it cannot fit."""
        shown = list(columns)
        cells = [[_cell(v) for v in row] for row in rows]
        dropped = []
        for column in [*(c for c in drop if c in columns), None]:
            table = self._table(title, shown, cells, set(right), caption)
            if column is None or _least_width(shown, cells) <= self.console.width:
                break
            at = shown.index(column)
            shown.pop(at)
            cells = [row[:at] + row[at + 1:] for row in cells]
            dropped.append(column)
        self.console.print(table)
        if dropped:
            self.line(f"(too narrow for {', '.join(dropped)}: widen the terminal, or see every "
                      f"column with --format csv)")

    @staticmethod
    def _table(title: str | None, columns: list[str], cells: list[list[str]], right: set[str],
               caption: str | None) -> Table:
        table = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
        for i, column in enumerate(columns):
            identifier = _whole(column)
            table.add_column(column, justify="right" if column in right else "left",
                             no_wrap=identifier,
                             min_width=max((len(r[i]) for r in cells), default=0)
                             if identifier else None)
        for row in cells:
            table.add_row(*row)
        return table

    def line(self, text: str = "") -> None:
        self.console.print(text, highlight=False)


def emit(fmt: Format, json: Callable[[], Any], csv: Callable[[], pd.DataFrame],
         table: Callable[[Renderer], None]) -> None:
    """Write one result in ``fmt``: each argument makes that format's output, and only the one
    asked for is called."""
    out = Renderer(fmt)
    if fmt is Format.json:
        out.json(json())
    elif fmt is Format.csv:
        out.csv(csv())
    else:
        table(out)
