"""The one data context: tables read once, dated views in memory, replace, derived values."""

from __future__ import annotations

import ast
from collections import Counter
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import swingometer
from swingometer.data import tables
from swingometer.data.context import TABLES, History
from swingometer.forecast.models import history_shares

PACKAGE = Path(str(resources.files("swingometer")))


@pytest.fixture
def reads(monkeypatch) -> Counter[str]:
    """The shipped table files read while the test runs, by name."""
    found: Counter[str] = Counter()
    real = tables._open

    def spy(file_name: str):
        found[file_name.removesuffix(".csv.gz")] += 1
        return real(file_name)

    monkeypatch.setattr(tables, "_open", spy)
    return found


def test_a_dataset_is_a_history() -> None:
    assert isinstance(swingometer.Dataset(include_imported=False), History)


def test_each_table_is_read_once_and_views_filter_in_memory(reads) -> None:
    data = swingometer.Dataset(include_imported=False)
    assert len(data.contests) and reads == Counter({"contests": 1})
    for day in ("2015-05-07", "2017-06-08", "2019-12-12", "2024-07-04"):
        view = data.before(day)
        assert len(view.contests) < len(data.contests)
        assert set(view.contests["election_id"]) == set(view.elections["election_id"])
        assert (view.elections["date"] < day).all()
    assert reads == Counter({"contests": 1, "elections": 1})


def test_views_are_memoised_per_day_and_never_widen() -> None:
    data = swingometer.Dataset(include_imported=False)
    view = data.before("2019-01-01")
    assert data.before("2019-01-01") is view
    assert view.before("2024-01-01") is view  # a view of a view is never wider
    assert view.before("2017-01-01") is data.before("2017-01-01")
    assert view.cutoff == "2019-01-01" and data.cutoff is None
    assert view.polls["date_end"].max() < "2019-01-01"
    assert view.national_results["date"].max() < "2019-01-01"
    # the undated tables are the same objects
    assert view.constituencies is data.constituencies and view.demographics is data.demographics


def test_tables_cannot_be_assigned() -> None:
    data = swingometer.Dataset(include_imported=False)
    with pytest.raises(AttributeError):
        data.polls = data.polls.head(0)


def test_replace_makes_a_new_context_and_keeps_the_old_one() -> None:
    data = swingometer.Dataset(include_imported=False)
    view = data.before("2024-07-04")
    polls = data.polls[data.polls["pollster"] != "YouGov"]
    places = data.constituencies
    changed = view.replace(polls=polls)
    assert changed.cutoff == "2024-07-04"  # the cut-off is kept
    assert "YouGov" not in set(changed.polls["pollster"])
    assert "YouGov" in set(view.polls["pollster"]) and "YouGov" in set(data.polls["pollster"])
    assert changed.constituencies is places  # the tables already read are shared


def test_replace_refuses_an_unknown_table() -> None:
    with pytest.raises(TypeError) as error:
        swingometer.Dataset(include_imported=False).replace(poll=pd.DataFrame())
    assert str(error.value) == f"unknown table(s) poll; the tables are {', '.join(TABLES)}"


def test_derived_values_are_built_once_read_only_and_per_context() -> None:
    data = swingometer.Dataset(include_imported=False)
    built = []
    value = data.derived("test", lambda: built.append(1) or np.arange(3))
    assert data.derived("test", lambda: built.append(1) or np.arange(3)) is value
    assert built == [1]
    with pytest.raises(ValueError):
        value[0] = 5
    assert data.replace(polls=data.polls).derived("test", lambda: np.zeros(1)).tolist() == [0.0]


def test_one_elections_shares_are_shared_only_by_the_views_that_hold_it() -> None:
    data = swingometer.Dataset(include_imported=False)
    full = history_shares(data, "parl.2019-12-12", "pcon2010")
    later = data.before("2024-01-01")
    assert history_shares(later, "parl.2019-12-12", "pcon2010") is full
    earlier = data.before("2019-12-12")  # a view without the election builds its own (empty)
    empty = earlier.derived(("test", "2019"), lambda: len(earlier.election_rows(
        "contests", "parl.2019-12-12")), election="parl.2019-12-12")
    assert empty == 0


def test_election_rows_are_one_elections_rows() -> None:
    data = swingometer.Dataset(include_imported=False)
    rows = data.election_rows("candidacies", "parl.batley-and-spen.by.2021-07-01")
    assert len(rows) == 16 and rows["votes"].sum() == 37_695  # the official valid vote
    assert data.election_rows("contests", "parl.nowhere.by.2099-01-01").empty


def _modules() -> list[tuple[str, ast.Module]]:
    return [(str(path.relative_to(PACKAGE)), ast.parse(path.read_text(encoding="utf-8")))
            for path in sorted(PACKAGE.rglob("*.py"))]


def test_no_module_past_the_data_layer_reads_a_table_file() -> None:
    readers = sorted(name for name, tree in _modules()
                     if not name.startswith("data/")
                     and any(isinstance(node, ast.ImportFrom)
                             and node.module == "swingometer.data.tables"
                             and any(alias.name == "read_table" for alias in node.names)
                             for node in ast.walk(tree)))
    assert readers == []


def test_no_module_keeps_a_cache_of_its_own() -> None:
    caches = ("lru_cache", "cache", "cached_property", "WeakKeyDictionary", "WeakValueDictionary")
    found = {(name, node.id if isinstance(node, ast.Name) else node.attr)
             for name, tree in _modules() for node in ast.walk(tree)
             if isinstance(node, ast.Name | ast.Attribute)
             and (node.id if isinstance(node, ast.Name) else node.attr) in caches}
    # a result object's lazily computed views of its own arrays are not caches of the data
    assert found == {("pictures/maps/facts.py", "cached_property"),
                     ("forecast/simulation_kernel.py", "cached_property")}
