"""Shared helpers for the data build: deterministic writing and raw-file reading."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pandas as pd

__all__ = ["read_raw_csv", "table_bytes", "write_table"]


def read_raw_csv(path: Path, names: list[str] | None = None) -> pd.DataFrame:
    """Read a raw CSV as strings: UTF-8 with or without BOM, header row or ``names`` given."""
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    if names is None:
        header, rows = rows[0], rows[1:]
    else:
        header = names
    width = len(header)
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    for number, row in enumerate(rows, start=1):
        if len(row) != width:
            raise ValueError(f"{path}: row {number} has {len(row)} fields, expected {width}")
    return pd.DataFrame(rows, columns=header, dtype=object)


def table_bytes(obj: pd.DataFrame | str) -> bytes:
    """The uncompressed bytes a table is stored as (CSV with ``\\n`` line ends, or text)."""
    if isinstance(obj, str):
        return obj.encode("utf-8")
    return obj.to_csv(index=False, lineterminator="\n").encode("utf-8")


def write_table(obj: pd.DataFrame | str, path: Path) -> None:
    """Write gzip-compressed bytes with no timestamp or file name, so rebuilds are byte-identical."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(table_bytes(obj))
    path.write_bytes(buffer.getvalue())
