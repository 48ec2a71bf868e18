"""The public API: what swingometer exports, and the documented examples."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import swingometer


def test_all_is_sorted_and_exported() -> None:
    assert swingometer.__all__ == sorted(swingometer.__all__)
    for name in swingometer.__all__:
        assert hasattr(swingometer, name), name


def test_every_error_derives_from_swingometer_error() -> None:
    errors = [getattr(swingometer, n) for n in swingometer.__all__ if n.endswith("Error")]
    assert all(issubclass(e, swingometer.SwingometerError) for e in errors)
    assert len(errors) >= 9


MODULES = sorted(m.name for m in pkgutil.walk_packages(swingometer.__path__, "swingometer.")
                 if m.name not in {"swingometer.__main__"})


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples_run(module: str) -> None:
    failures, _ = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_package_data_is_installed() -> None:
    from importlib import resources

    files = {p.name for p in resources.files("swingometer").joinpath("data").iterdir()}
    assert {"candidacies.csv.gz", "SOURCES.md", "hexmap_pcon2024.json.gz"} <= files
