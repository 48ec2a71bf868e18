"""Declarative table schemas: column types, ranges, patterns and keys.

A :class:`Schema` does two jobs. For the shipped tables it gives the dtypes to read them with (they
were validated when built, so loading stays fast). For a file a user brings it turns raw text cells
into typed columns and stops at the first bad cell with a :class:`~swingometer.DataError` naming
the file, row, column, what was expected and what was got.

We keep this small layer instead of pandera for two reasons: messages in exactly that form, and a
cold start of the CLI that does not pay for a validation framework's import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from swingometer.exceptions import DataError

__all__ = ["Column", "Schema"]

Kind = Literal["str", "int", "float", "bool", "date"]

_DTYPES = {"str": "object", "int": "int64", "float": "float64", "bool": "bool", "date": "object"}
_NULLABLE_DTYPES = {"str": "object", "int": "Int64", "float": "float64", "bool": "boolean",
                    "date": "object"}
_WHOLE = re.compile(r"^\d+$")
_MAX_DIGITS = 18
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+$")
_NUMBER = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


@dataclass(frozen=True)
class Column:
    """One column: its name, kind, and the values it may hold."""

    name: str
    kind: Kind = "str"
    nullable: bool = False
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None

    def expected(self) -> str:
        """The rule in words, as error messages state it."""
        words = {
            "str": "text",
            "int": "a whole number",
            "float": "a number",
            "bool": "yes/no (true/false)",
            "date": "a date (YYYY-MM-DD)",
        }[self.kind]
        if self.pattern:
            words = f"text matching {self.pattern}"
        if self.minimum is not None and self.maximum is not None:
            words += f" from {_number(self.minimum)} to {_number(self.maximum)}"
        elif self.minimum is not None:
            words += f" >= {_number(self.minimum)}"
        return words


def _number(value: float) -> str:
    """A bound as error messages write it: 10,000,000; 0.5."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True)
class Schema:
    """A table: its columns and the columns whose combination must be unique."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()

    def dtypes(self) -> dict[str, str]:
        """pandas dtypes to read the stored table with: plain numpy types where no value is
        missing (they parse several times faster), nullable extension types otherwise."""
        return {c.name: (_NULLABLE_DTYPES if c.nullable else _DTYPES)[c.kind] for c in self.columns}

    def coerce(self, frame: pd.DataFrame, file: str, first_row: int = 1,
               labels: Mapping[str, str] | None = None) -> pd.DataFrame:
        """Typed copy of ``frame`` (all cells text); raise :class:`DataError` at the first bad cell.

        ``first_row`` is the file row number of ``frame``'s first row (2 when the file has a
        header); ``labels`` maps column names to the headings the user's file gives them, for
        error messages.
        """
        labels = dict(labels or {})
        missing = [c.name for c in self.columns if c.name not in frame.columns]
        if missing:
            found = ", ".join(labels.get(str(c), str(c)) for c in frame.columns)
            raise DataError(file, None, labels.get(missing[0], missing[0]), "a column of the file",
                            "no such column", hint=f"columns found: {found}")
        out = {}
        for column in self.columns:
            out[column.name] = _coerce_column(frame[column.name], column, file, first_row,
                                              labels.get(column.name, column.name))
        typed = pd.DataFrame(out, index=frame.index)
        if self.key:
            duplicated = typed.duplicated(list(self.key), keep="first").to_numpy()
            if duplicated.any():
                position = int(duplicated.argmax())
                value = ", ".join(str(typed[k].iloc[position]) for k in self.key)
                raise DataError(file, first_row + position,
                                " + ".join(labels.get(k, k) for k in self.key),
                                "unique in the file", value, hint="this row repeats an earlier one")
        return typed


def _coerce_column(values: pd.Series, column: Column, file: str, first_row: int,
                   label: str) -> pd.Series:
    text = values.astype("string").str.strip()
    empty = text.isna() | (text == "")
    if not column.nullable and empty.any():
        position = int(empty.to_numpy().argmax())
        raise DataError(file, first_row + position, label, column.expected(), "")

    def fail(mask: pd.Series) -> None:
        position = int(mask.to_numpy().argmax())
        raise DataError(file, first_row + position, label, column.expected(),
                        str(values.iloc[position]))

    present = ~empty
    if column.kind == "int":
        cleaned = text.where(~text.fillna("").str.match(_THOUSANDS), text.str.replace(",", ""))
        # more than 18 digits cannot be held (int64 stops at 9.2e18): refused, never wrapped
        bad = present & (~cleaned.fillna("").str.match(_WHOLE)
                         | (cleaned.fillna("").str.len() > _MAX_DIGITS))
        if bad.any():
            fail(bad)
        result = pd.array([int(v) if ok else pd.NA for v, ok in zip(cleaned, present)],
                          dtype="Int64")
        result = pd.Series(result, index=values.index)
    elif column.kind == "float":
        cleaned = text.str.replace(",", "").str.rstrip("%")
        bad = present & ~cleaned.fillna("").str.match(_NUMBER)
        if bad.any():
            fail(bad)
        result = pd.to_numeric(cleaned.where(present), errors="coerce").astype("Float64")
    elif column.kind == "bool":
        lowered = text.str.lower()
        bad = present & ~lowered.isin(_TRUE | _FALSE)
        if bad.any():
            fail(bad)
        result = lowered.map(lambda v: True if v in _TRUE else (False if v in _FALSE else pd.NA),
                             na_action="ignore").astype("boolean")
    elif column.kind == "date":
        bad = present & ~text.fillna("").str.match(_DATE)
        if bad.any():
            fail(bad)
        result = text.where(present)
    else:
        result = text.where(present)
        if column.pattern:
            bad = present & ~result.fillna("").str.fullmatch(column.pattern)
            if bad.any():
                fail(bad)
    if column.minimum is not None:
        bad = present & (result < column.minimum).fillna(False)
        if bad.any():
            fail(bad)
    if column.maximum is not None:
        bad = present & (result > column.maximum).fillna(False)
        if bad.any():
            fail(bad)
    return result
