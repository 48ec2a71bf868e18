"""The shipped tables are exactly what the build script makes from the raw public files."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from tests.conftest import RAW

pytestmark = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw data not present at {RAW}")


def test_rebuild_is_byte_identical_to_the_installed_tables(tmp_path: Path) -> None:
    from tools.build_data import write_all

    rebuilt = {p.name: p.read_bytes() for p in write_all(RAW, tmp_path)}
    installed = {p.name: p.read_bytes()
                 for p in resources.files("swingometer").joinpath("data").iterdir()
                 if p.name.endswith(".gz")}
    assert sorted(rebuilt) == sorted(installed)
    changed = [name for name in rebuilt if rebuilt[name] != installed[name]]
    assert changed == []
