"""A cache of the parsed shipped tables, so a command does not parse 3 MB of CSV each time.

A shipped table is read from its ``.csv.gz`` once per installed version and kept, parsed, as a
pickle in the user cache directory (``$SWINGOMETER_CACHE``, or ``off`` to parse every time). The
file's name carries a key of everything the parse depends on (the file's gzip checksum and
lengths, the table's dtypes, the pandas, numpy and Python versions), so an upgraded package, a
rebuilt table or a new pandas never reads an old entry. The cache is only ever a copy: an entry that cannot be
read is parsed again and rewritten, a folder that cannot be written is left alone (the table is
parsed, as without a cache), and a write goes to a temporary file renamed into place, so a
concurrent or killed process never leaves half an entry. Entries under older keys are removed
when a new one is written. The pickles are the user's own files, read by the user's own process.
"""

from __future__ import annotations

import io
import os
import pickle
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from swingometer.data.paths import cache_home

__all__ = ["cached_parse"]

_FORMAT = "1"  # bump when what is pickled changes shape


def _digest(raw: bytes, dtypes: object) -> str:
    """The gzip trailer (the CRC-32 and length of the uncompressed table), the compressed
    length, and a CRC-32 of the dtypes and library versions: no hashing of the table itself,
    since the build already checksummed it (and ``hashlib`` costs a cold start 7 ms)."""
    setting = repr((dtypes, pd.__version__, np.__version__, sys.version, _FORMAT)).encode()
    return f"{raw[-8:].hex()}-{len(raw)}-{zlib.crc32(setting):08x}"


def _load(path: Path) -> pd.DataFrame | None:
    try:
        with path.open("rb") as handle:
            frame = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError,
            TypeError, IndexError):
        return None
    return frame if isinstance(frame, pd.DataFrame) else None


def _store(folder: Path, name: str, path: Path, frame: pd.DataFrame) -> None:
    import tempfile  # only when writing

    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(frame, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk: the table was parsed, which is all that matters


def cached_parse(name: str, raw: bytes, dtypes: object,
                 parse: Callable[[io.BytesIO], pd.DataFrame]) -> pd.DataFrame:
    """The table ``name`` parsed from ``raw`` by ``parse``, from the cache when it holds it."""
    folder = cache_home()
    if folder is None:
        return parse(io.BytesIO(raw))
    path = folder / f"{name}-{_digest(raw, dtypes)}.pickle"
    frame = _load(path)
    if frame is None:
        frame = parse(io.BytesIO(raw))
        _store(folder, name, path, frame)
    return frame
