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


def test_the_forecast_what_if_and_picture_layers_load_only_when_used() -> None:
    import subprocess
    import sys

    code = ("import sys, swingometer; heavy = [m for m in ('swingometer.forecast.projection', "
            "'swingometer.forecast.simulate', 'swingometer.scenarios', 'swingometer.pictures.maps', "
            "'swingometer.pictures.charts', 'matplotlib') if m in sys.modules]; print(heavy); "
            "swingometer.project; print('swingometer.forecast.projection' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[:2] == ["[]", "True"]


def test_all_holds_every_public_name() -> None:
    import types

    public = {n for n, v in vars(swingometer).items()
              if not n.startswith("_") and not isinstance(v, types.ModuleType)}
    assert public - {"annotations"} <= set(swingometer.__all__)
    assert swingometer.pictures.charts.chart_data is swingometer.chart_data
    lazy = {n: getattr(swingometer, n) for n in swingometer._LAZY}
    assert [n for n, v in lazy.items() if isinstance(v, types.ModuleType)] == ["charts"]
    assert set(dir(swingometer)) >= set(swingometer.__all__)
    with pytest.raises(AttributeError):
        swingometer.no_such_name  # noqa: B018
