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


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty store folder, so no test touches the user's real store."""
    home = tmp_path / "swingometer-home"
    monkeypatch.setenv("SWINGOMETER_HOME", str(home))
    # tables are as wide as $COLUMNS says, else (into a pipe) 160: the tests' own choice
    monkeypatch.delenv("COLUMNS", raising=False)
    return home
