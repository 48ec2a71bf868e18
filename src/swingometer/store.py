"""The local store of imported results: one SQLite file in the user's data directory.

The folder is ``$SWINGOMETER_HOME`` if set, else the platform's user data directory. Imports are
validated before anything is written and applied in one transaction: a failure at any point leaves
the store as it was. Importing the same election again replaces it, so re-imports are idempotent.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pandas as pd

from swingometer.exceptions import StoreError
from swingometer.io.tables import SCHEMAS

__all__ = ["Store", "store_home"]

TABLES = ("elections", "contests", "candidacies")
FILE_NAME = "store.sqlite3"


def store_home(home: str | Path | None = None) -> Path:
    """The store's folder: ``home``, else ``$SWINGOMETER_HOME``, else the user data directory."""
    if home is not None:
        return Path(home)
    if os.environ.get("SWINGOMETER_HOME"):
        return Path(os.environ["SWINGOMETER_HOME"])
    from platformdirs import user_data_dir

    return Path(user_data_dir("swingometer", appauthor=False))


def _sql_type(kind: str) -> str:
    return {"int": "INTEGER", "float": "REAL", "bool": "INTEGER"}.get(kind, "TEXT")


class Store:
    """Imported elections, contests and candidacies, in the shipped tables' columns."""

    def __init__(self, home: str | Path | None = None) -> None:
        self.path = store_home(home) / FILE_NAME

    def read(self, table: str) -> pd.DataFrame | None:
        """An imported table, typed like the shipped one; ``None`` if nothing was ever imported."""
        if not self.path.exists():
            return None
        schema = SCHEMAS[table]
        try:
            with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as connection:
                frame = pd.read_sql_query(f"SELECT * FROM {table}", connection)
            for column in schema.columns:
                if column.kind == "bool":
                    frame[column.name] = frame[column.name].astype("boolean")
            return frame[[c.name for c in schema.columns]].astype(schema.dtypes())
        except (sqlite3.Error, pd.errors.DatabaseError, KeyError, ValueError, TypeError) as error:
            raise StoreError(f"the store at {self.path} cannot be read ({error}); move it aside "
                             f"or delete it to start afresh") from error

    def election_ids(self) -> list[str]:
        table = self.read("elections")
        return [] if table is None else sorted(table["election_id"])

    def _create(self, connection: sqlite3.Connection) -> None:
        for table in TABLES:
            columns = ", ".join(f"{c.name} {_sql_type(c.kind)}" for c in SCHEMAS[table].columns)
            connection.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")

    def replace(self, tables: dict[str, pd.DataFrame]) -> None:
        """Replace every election in ``tables['elections']`` with the given rows, atomically."""
        ids = list(tables["elections"]["election_id"])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path)) as connection, connection:
                self._create(connection)
                marks = ", ".join("?" * len(ids))
                for table in TABLES:
                    connection.execute(f"DELETE FROM {table} WHERE election_id IN ({marks})", ids)
                for table in TABLES:
                    self._insert(connection, table, tables[table])
        except (sqlite3.Error, OSError) as error:
            raise StoreError(f"could not write the store at {self.path}: {error}") from error

    @staticmethod
    def _insert(connection: sqlite3.Connection, table: str, frame: pd.DataFrame) -> None:
        columns = [c.name for c in SCHEMAS[table].columns]
        values = frame[columns].astype(object)
        rows = values.where(values.notna(), None).itertuples(index=False, name=None)
        connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            list(rows))
