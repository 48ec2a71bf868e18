"""The data context every analysis takes: the tables, the cut-off date and the derived values.

A :class:`History` is what a model, the error model, a scenario or a map reads: the tables
(shipped plus the user's store), the day before which it holds everything (``cutoff``, or None for
all of it), and :meth:`~History.derived`, the one cache of values computed from the tables (share
matrices, fitted panels), owned by that context and never global. Contexts are immutable:
``before(date)`` is a cheap in-memory view of the same tables, memoised per date, and
``replace(**tables)`` makes a new context (an import, election night, a test double).

:class:`~swingometer.dataset.Dataset` is the implementation; this module holds the contract and the
loader its views share, and imports nothing above the data layer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

import numpy as np
import pandas as pd

from swingometer.data.paths import store_path
from swingometer.data.tables import read_table

if TYPE_CHECKING:  # the lookups' types, from the results layer above
    from swingometer.data.elections import Election
    from swingometer.data.names import SeatIndex, SeatKey

__all__ = ["DATED", "RESULTS", "TABLES", "History", "Tables", "freeze"]

T = TypeVar("T")

# the tables a context holds; the results and the polls may have rows from the store
TABLES = ("elections", "contests", "candidacies", "constituencies", "aliases", "lineage",
          "parties", "polls", "national_results", "demographics")
RESULTS = ("elections", "contests", "candidacies")
# the tables a dated view filters, and the date column of those filtered by their own date
DATED = {"elections": "date", "polls": "date_end", "national_results": "date",
         "contests": None, "candidacies": None}


@runtime_checkable
class History(Protocol):
    """What every analysis reads: the tables as known before ``cutoff`` (None: everything)."""

    cutoff: str | None
    elections: pd.DataFrame
    contests: pd.DataFrame
    candidacies: pd.DataFrame
    constituencies: pd.DataFrame
    aliases: pd.DataFrame
    lineage: pd.DataFrame
    parties: pd.DataFrame
    polls: pd.DataFrame
    national_results: pd.DataFrame
    demographics: pd.DataFrame

    def before(self, date: str) -> History:
        """The same data holding only what was known before ``date`` (never wider than this)."""

    def replace(self, **tables: pd.DataFrame) -> History:
        """A new context with these tables (whole, undated) in place of the current ones."""

    def derived(self, key: Hashable, build: Callable[[], T], election: str | None = None) -> T:
        """The value derived from this context's tables under ``key``, built once by ``build``;
        its arrays are read-only. ``election``: the value depends on that election's results
        only (views holding it may share it)."""

    # the lookups
    party_lineage: Mapping[str, str]
    seat_index: SeatIndex

    def election_rows(self, name: str, election_id: str) -> pd.DataFrame:
        """The rows of ``contests`` or ``candidacies`` for one election."""

    def election(self, query: str | int) -> Election:
        """The election an id, year, date or ``"notional"`` names."""

    def latest_general(self, notional: bool = False) -> Election:
        """The latest general election (or notional result, with ``notional``)."""

    def party(self, query: str) -> str:
        """The canonical code of a party, by code or name."""

    def find_seat_in(self, query: str, boundary_set: str) -> SeatKey:
        """The one seat of ``boundary_set`` that a name or code names."""


class Tables:
    """The undated tables, shipped plus imported, each read once on first use and shared by a
    context and all its dated views. ``given`` tables are used as they are (``replace``)."""

    def __init__(self, home: str | Path | None = None, include_imported: bool = True,
                 given: Mapping[str, pd.DataFrame] | None = None) -> None:
        unknown = sorted(set(given or {}) - set(TABLES))
        if unknown:
            raise TypeError(f"unknown table(s) {', '.join(unknown)}; the tables are "
                            f"{', '.join(TABLES)}")
        self.home = home
        self.include_imported = include_imported
        self._loaded: dict[str, pd.DataFrame] = dict(given or {})

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._loaded:
            self._loaded[name] = self._load(name)
        return self._loaded[name]

    def with_tables(self, tables: Mapping[str, pd.DataFrame]) -> Tables:
        """New tables: these, and the ones already read (the rest are read when first used)."""
        return Tables(self.home, self.include_imported, {**self._loaded, **tables})

    def _load(self, name: str) -> pd.DataFrame:
        shipped = read_table(name)
        if name in RESULTS or name == "polls":
            shipped = self._with_imported(name, shipped)
        if name == "polls":
            shipped = shipped.sort_values(["date_end", "poll_id"], kind="stable",
                                          ignore_index=True)
        return shipped

    def _with_imported(self, name: str, shipped: pd.DataFrame) -> pd.DataFrame:
        if not self.include_imported or not store_path(self.home).exists():
            return shipped
        from swingometer.data.store import Store  # SQLite only when there is a store

        imported = Store(self.home).read(name)
        if imported is None or imported.empty:
            return shipped
        return pd.concat([shipped, imported.astype(shipped.dtypes.to_dict())], ignore_index=True)


def freeze(value: T) -> T:
    """``value`` with its numpy arrays (its own, or a frozen dataclass's, a tuple's, a dict's
    values) made read-only, so a cached value cannot be changed by whoever reads it."""
    if isinstance(value, np.ndarray):
        value.setflags(write=False)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            freeze(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            freeze(item)
    elif isinstance(value, dict):
        for item in value.values():
            freeze(item)
    return value
