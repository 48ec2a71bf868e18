"""Where swingometer keeps files of its own: the store of imports and the cache of parsed tables.

Light on purpose (no SQLite, no pandas), so a command can ask whether there is a store before
paying for the store's imports.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["STORE_FILE", "cache_home", "store_home", "store_path"]

STORE_FILE = "store.sqlite3"


def store_home(home: str | Path | None = None) -> Path:
    """The store's folder: ``home``, else ``$SWINGOMETER_HOME``, else the user data directory."""
    if home is not None:
        return Path(home)
    if os.environ.get("SWINGOMETER_HOME"):
        return Path(os.environ["SWINGOMETER_HOME"])
    from platformdirs import user_data_dir

    return Path(user_data_dir("swingometer", appauthor=False))


def store_path(home: str | Path | None = None) -> Path:
    """The store's SQLite file (which exists only once something has been imported)."""
    return store_home(home) / STORE_FILE


def cache_home() -> Path | None:
    """The folder of parsed shipped tables: ``$SWINGOMETER_CACHE``, else the user cache
    directory; None when ``$SWINGOMETER_CACHE`` is ``off`` (every table parsed each time)."""
    chosen = os.environ.get("SWINGOMETER_CACHE", "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("swingometer", appauthor=False))
