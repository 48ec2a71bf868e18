"""Shared fixtures. Tests import swingometer from the installed package, never from src/."""

from __future__ import annotations

from pathlib import Path

import pytest

import swingometer

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "data" / "raw"


@pytest.fixture(scope="session")
def data() -> swingometer.Dataset:
    """The shipped data only (no user store)."""
    return swingometer.Dataset(include_imported=False)


@pytest.fixture(scope="session")
def table_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One parsed-table cache for the session's tests, not the user's."""
    return tmp_path_factory.mktemp("swingometer-cache")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table_cache: Path) -> Path:
    """Every test gets its own empty store folder, so no test touches the user's real store
    (and the session's own cache of parsed tables)."""
    home = tmp_path / "swingometer-home"
    monkeypatch.setenv("SWINGOMETER_HOME", str(home))
    monkeypatch.setenv("SWINGOMETER_CACHE", str(table_cache))
    # tables are as wide as $COLUMNS says, else (into a pipe) 160: the tests' own choice
    monkeypatch.delenv("COLUMNS", raising=False)
    return home
