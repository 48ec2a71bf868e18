"""Importing a user's polls: read and validate the whole file, then store it, all or nothing.

The layout is that of :mod:`swingometer.data.poll_file`. Imported polls join the shipped ones in
:attr:`Dataset.polls <swingometer.Dataset.polls>`, so every average, projection and backtest uses
them exactly as it uses the shipped polls. Importing the same file again replaces what it gave
before; :func:`remove_polls` takes a file's polls, or single polls, out again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from swingometer.data.poll_file import read_poll_file
from swingometer.data.store import Store
from swingometer.data.tables import read_table
from swingometer.exceptions import DataError, NotFoundError

__all__ = ["PollImportSummary", "import_polls", "remove_polls"]

# the columns that make two polls the same poll
SAME_POLL = ["pollster", "area", "date_start", "date_end"]


@dataclass(frozen=True)
class PollImportSummary:
    """What an import (or a removal) changed in the store."""

    file: str
    encoding: str | None
    store: str
    poll_ids: tuple[str, ...]
    replaced: tuple[str, ...]
    removed: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"file": self.file, "encoding": self.encoding, "store": self.store,
                "polls": len(self.poll_ids), "poll_ids": list(self.poll_ids),
                "replaced": list(self.replaced), "removed": list(self.removed)}


def _source(path: str | Path) -> str:
    """How the store records a file: its absolute path."""
    return str(Path(path).resolve())


def _shipped_clash(polls: pd.DataFrame, name: str) -> None:
    """Refuse a poll that swingometer already ships (same pollster, area and fieldwork dates)."""
    shipped = read_table("polls")
    key = shipped[SAME_POLL].assign(pollster=shipped["pollster"].str.lower())
    mine = polls[SAME_POLL].assign(pollster=polls["pollster"].str.lower(), row=polls.index + 2)
    clash = mine.merge(key.assign(poll_id=shipped["poll_id"]), on=SAME_POLL)
    if len(clash):
        first = clash.iloc[0]
        raise DataError(name, int(first["row"]), "pollster", "a poll swingometer does not ship",
                        f"{polls.loc[first['row'] - 2, 'pollster']}, {first['date_end']}",
                        hint=f"it is shipped as {first['poll_id']}")


def import_polls(path: str | Path, home: str | Path | None = None,
                 today: str | None = None) -> PollImportSummary:
    """Validate a poll file and add its polls to the store.

    Raises :class:`~swingometer.DataError` for bad input (naming the file, row, column, what was
    expected and what was found) and :class:`~swingometer.StoreError` if the store cannot be
    written; in every case the store is left unchanged. ``today``: the latest end date allowed
    (default: today).
    """
    found = read_poll_file(path, read_table("parties"), today=today)
    _shipped_clash(found.polls, Path(path).name)
    store = Store(home)
    sources = store.poll_sources()
    source = _source(path)
    ids = tuple(found.polls["poll_id"])
    earlier = {i for i, s in sources.items() if s == source}
    replaced = tuple(sorted(earlier | (set(sources) & set(ids))))
    store.replace_polls(found.polls, source)
    return PollImportSummary(str(path), found.encoding, str(store.path), ids, replaced)


def remove_polls(what: str, home: str | Path | None = None) -> PollImportSummary:
    """Take imported polls out of the store: every poll a file gave (``what`` a path to it, or
    its name), or one poll by its id. Shipped polls cannot be removed."""
    store = Store(home)
    sources = store.poll_sources()
    if what in sources:
        ids = [what]
    else:
        source = _source(what)
        ids = [i for i, s in sources.items() if s == source or Path(s).name == what]
    if not ids:
        files = sorted({Path(s).name for s in sources.values()})
        shipped = what in set(read_table("polls")["poll_id"])
        raise NotFoundError(what, files[:5], context=(
            " among the imported polls (it is a shipped poll, which cannot be removed)" if shipped
            else f" among the imported polls or their files ({len(sources)} polls imported)"))
    store.remove_polls(ids)
    return PollImportSummary(what, None, str(store.path), (), (), tuple(sorted(ids)))
