"""The cache of parsed shipped tables: a copy that is never wrong, never half-written, and
never needed (the same frames with it, without it, and when it cannot be read or written)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from swingometer.data import parsed_cache
from swingometer.data.tables import read_table

NAMES = ("elections", "contests", "candidacies", "constituencies", "parties")


def _parsed(name: str, monkeypatch: pytest.MonkeyPatch) -> pd.DataFrame:
    with monkeypatch.context() as patch:
        patch.setenv("SWINGOMETER_CACHE", "off")
        return read_table(name)


@pytest.mark.parametrize("name", NAMES)
def test_a_cached_table_is_the_parsed_table_with_its_dtypes(
        name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWINGOMETER_CACHE", str(tmp_path))
    first = read_table(name)  # parsed and written
    assert [p.name.split("-")[0] for p in tmp_path.glob("*.pickle")] == [name]
    second = read_table(name)  # read back from the cache
    pd.testing.assert_frame_equal(second, _parsed(name, monkeypatch), check_exact=True)
    pd.testing.assert_frame_equal(first, second, check_exact=True)


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWINGOMETER_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    read_table("parties")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_damaged_entry_is_parsed_again_and_rewritten(
        damage: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWINGOMETER_CACHE", str(tmp_path))
    read_table("parties")
    [entry] = tmp_path.glob("parties-*.pickle")
    entry.write_bytes(damage)
    pd.testing.assert_frame_equal(read_table("parties"), _parsed("parties", monkeypatch))
    assert entry.read_bytes() != damage  # rewritten whole


def test_an_entry_that_is_not_a_frame_is_not_trusted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    monkeypatch.setenv("SWINGOMETER_CACHE", str(tmp_path))
    read_table("parties")
    [entry] = tmp_path.glob("parties-*.pickle")
    entry.write_bytes(pickle.dumps({"code": ["Lab"]}))
    pd.testing.assert_frame_equal(read_table("parties"), _parsed("parties", monkeypatch))


def test_a_folder_that_is_a_file_leaves_the_parse_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("SWINGOMETER_CACHE", str(blocker))
    pd.testing.assert_frame_equal(read_table("parties"), _parsed("parties", monkeypatch))
    assert blocker.read_text() == "a file where the cache folder would be"


def test_a_changed_table_or_library_gets_a_new_key_and_the_old_entry_goes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWINGOMETER_CACHE", str(tmp_path))
    frame = pd.DataFrame({"a": [1, 2]})
    calls = []

    def parse(data):
        calls.append(data.read())
        return frame

    parsed_cache.cached_parse("t", b"table one", None, parse)
    parsed_cache.cached_parse("t", b"table one", None, parse)
    assert calls == [b"table one"]
    parsed_cache.cached_parse("t", b"table two", None, parse)
    parsed_cache.cached_parse("t", b"table two", {"a": "int64"}, parse)
    monkeypatch.setattr(parsed_cache.pd, "__version__", "0.0-other")
    parsed_cache.cached_parse("t", b"table two", {"a": "int64"}, parse)
    assert calls == [b"table one", b"table two", b"table two", b"table two"]
    assert len(list(tmp_path.glob("t-*.pickle"))) == 1
    assert not list(tmp_path.glob(".t-*"))  # no temporary file left


def test_a_failed_write_leaves_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWINGOMETER_CACHE", str(tmp_path))

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(parsed_cache.pickle, "dump", fail)
    frame = parsed_cache.cached_parse("t", b"x", None, lambda data: pd.DataFrame({"a": [1]}))
    assert frame["a"].tolist() == [1]
    assert list(tmp_path.iterdir()) == []
