"""The local store of imported results and polls: one SQLite file in the user's data directory.

The folder is ``$SWINGOMETER_HOME`` if set, else the platform's user data directory. Imports are
validated before anything is written and applied in one transaction: a failure at any point leaves
the store as it was. Importing the same election (or poll) again replaces it, so re-imports are
idempotent. Each imported poll records the file it came from (``source``), so a file can be taken
out again.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pandas as pd

from swingometer.data.paths import store_path
from swingometer.data.tables import SCHEMAS
from swingometer.exceptions import StoreError

__all__ = ["Store"]

TABLES = ("elections", "contests", "candidacies")
POLLS = "polls"


def _sql_type(kind: str) -> str:
    return {"int": "INTEGER", "float": "REAL", "bool": "INTEGER"}.get(kind, "TEXT")


class Store:
    """Imported elections, contests and candidacies, in the shipped tables' columns."""

    def __init__(self, home: str | Path | None = None) -> None:
        self.path = store_path(home)

    def read(self, table: str) -> pd.DataFrame | None:
        """An imported table, typed like the shipped one; ``None`` if nothing was ever imported."""
        if not self.path.exists():
            return None
        schema = SCHEMAS[table]
        try:
            with closing(self._reader()) as connection:
                if table == POLLS and not connection.execute(
                        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (table,)).fetchone():
                    return None  # a store from before polls could be imported
                frame = pd.read_sql_query(f"SELECT * FROM {table}", connection)
            for column in schema.columns:
                if column.kind == "bool":
                    frame[column.name] = frame[column.name].astype("boolean")
            return frame[[c.name for c in schema.columns]].astype(schema.dtypes())
        except (sqlite3.Error, pd.errors.DatabaseError, KeyError, ValueError, TypeError) as error:
            raise StoreError(f"the store at {self.path} cannot be read ({error}); move it aside "
                             f"or delete it to start afresh") from error

    def _reader(self) -> sqlite3.Connection:
        """A connection for reading. Opened read-write where the file allows, so that the
        rollback journal of a write killed half-way (SIGKILL, a timeout's SIGTERM, a power cut) is
        rolled back on the first read and the store reads as it was before that write; read-only
        where it does not (a store on a read-only disk has no journal to roll back)."""
        connection = None
        try:
            connection = sqlite3.connect(f"file:{self.path}?mode=rw", uri=True, timeout=30)
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return connection
        except sqlite3.OperationalError as error:
            if connection is not None:
                connection.close()
            if "readonly" not in str(error) and "unable to open" not in str(error):
                raise
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)

    def election_ids(self) -> list[str]:
        table = self.read("elections")
        return [] if table is None else sorted(table["election_id"])

    def _create(self, connection: sqlite3.Connection) -> None:
        for table in (*TABLES, POLLS):
            # quoted: a poll column is named All (the SDP-Liberal Alliance), an SQL keyword
            columns = ", ".join(f'"{c.name}" {_sql_type(c.kind)}' for c in SCHEMAS[table].columns)
            extra = ", source TEXT" if table == POLLS else ""
            connection.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns}{extra})")

    def poll_sources(self) -> dict[str, str]:
        """Each imported poll's id and the file it came from."""
        if not self.path.exists():
            return {}
        try:
            with closing(self._reader()) as connection:
                return dict(connection.execute(f"SELECT poll_id, source FROM {POLLS}").fetchall())
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return {}  # a store from before polls could be imported
            raise StoreError(f"the store at {self.path} cannot be read ({error}); move it aside "
                             f"or delete it to start afresh") from error

    def replace_polls(self, polls: pd.DataFrame, source: str) -> None:
        """Store ``polls`` (the polls table's columns) from the file ``source``, atomically:
        polls with the same ids are replaced, and so are those an earlier import of ``source``
        gave."""
        def change(connection: sqlite3.Connection) -> None:
            connection.execute(f"DELETE FROM {POLLS} WHERE source = ?", (source,))
            connection.executemany(f"DELETE FROM {POLLS} WHERE poll_id = ?",
                                   [(i,) for i in polls["poll_id"]])
            self._insert(connection, POLLS, polls.assign(source=source), ["source"])

        self._write(change)

    def remove_polls(self, ids: list[str]) -> None:
        """Take the imported polls ``ids`` out, atomically."""
        self._write(lambda connection: connection.executemany(
            f"DELETE FROM {POLLS} WHERE poll_id = ?", [(i,) for i in ids]))

    def _write(self, change) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=30)) as connection, connection:
                self._create(connection)
                change(connection)
        except (sqlite3.Error, OSError) as error:
            raise StoreError(f"could not write the store at {self.path}: {error}") from error

    def replace(self, tables: dict[str, pd.DataFrame]) -> None:
        """Replace every election in ``tables['elections']`` with the given rows, atomically."""
        ids = list(tables["elections"]["election_id"])

        def change(connection: sqlite3.Connection) -> None:
            marks = ", ".join("?" * len(ids))
            for table in TABLES:
                connection.execute(f"DELETE FROM {table} WHERE election_id IN ({marks})", ids)
            for table in TABLES:
                self._insert(connection, table, tables[table])

        self._write(change)

    @staticmethod
    def _insert(connection: sqlite3.Connection, table: str, frame: pd.DataFrame,
                extra: tuple[str, ...] | list[str] = ()) -> None:
        columns = [c.name for c in SCHEMAS[table].columns] + list(extra)
        values = frame[columns].astype(object)
        rows = values.where(values.notna(), None).itertuples(index=False, name=None)
        connection.executemany(
            f"INSERT INTO {table} ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})",
            list(rows))
