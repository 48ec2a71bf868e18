"""Reading and validating HexJSON: the shipped layouts, and one test per kind of invalid file."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import swingometer
from swingometer.pictures.maps import (
    HexLayout,
    parse_hexjson,
    read_hexjson,
    shipped_layout,
)


def write(tmp_path: Path, document: object, name: str = "layout.hexjson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def error_of(path: Path, **options: object) -> str:
    with pytest.raises(swingometer.DataError) as caught:
        read_hexjson(path, **options)
    return str(caught.value)


@pytest.mark.parametrize("boundary_set", ["pcon2010", "pcon2024"])
def test_shipped_layouts_hold_every_seat_of_their_elections(data, boundary_set: str) -> None:
    layout = shipped_layout(boundary_set)
    elections = data.elections[(data.elections["boundary_set"] == boundary_set)
                               & data.elections["type"].isin(["general", "notional"])]
    assert len(elections) >= 2
    for election_id in elections["election_id"]:
        seats = set(data.contests.loc[data.contests["election_id"] == election_id, "gss_code"])
        assert set(layout.keys) == seats, election_id
    assert layout.layout == "odd-r" and len(layout) == 650
    assert len({(h.q, h.r) for h in layout.hexes}) == 650
    assert {b.kind for b in layout.boundaries} == {"region", "country"}
    assert list(layout.keys) == sorted(layout.keys)


def test_the_five_renamed_scottish_seats_use_the_results_codes() -> None:
    layout = shipped_layout("pcon2024")
    assert {f"S1400010{i}" for i in range(7, 10)} | {"S14000110", "S14000111"} <= set(layout.keys)
    assert not {"S14000006", "S14000008", "S14000010", "S14000040", "S14000058"} & set(
        layout.keys)


def test_a_plain_or_gzipped_file_reads_with_negative_coordinates(tmp_path: Path) -> None:
    document = {"layout": "even-q", "hexes": {"b": {"q": -3, "r": -11, "n": "Bee"},
                                              "a": {"q": 0, "r": 2.0}},
                "boundaries": {"line": {"type": "region", "edges": [{"q": -3, "r": -11,
                                                                     "e": -4}]}}}
    plain = read_hexjson(write(tmp_path, document))
    packed = tmp_path / "layout.hexjson.gz"
    packed.write_bytes(gzip.compress(json.dumps(document).encode("utf-8")))
    unpacked = read_hexjson(packed)
    assert (unpacked.hexes, unpacked.boundaries) == (plain.hexes, plain.boundaries)
    assert plain.layout == "even-q"
    assert [(h.key, h.q, h.r, h.name) for h in plain.hexes] == [("a", 0, 2, None),
                                                                 ("b", -3, -11, "Bee")]
    assert plain.boundaries[0].edges == ((-3, -11, -4),)
    assert "b" in plain and plain.hex("b").q == -3


def test_layout_must_be_one_of_the_four(tmp_path: Path) -> None:
    path = write(tmp_path, {"layout": "axial-r", "hexes": {"a": {"q": 0, "r": 0}}})
    assert error_of(path) == (f"'layout' of {path} must be one of odd-r, even-r, odd-q, even-q "
                              f"(got 'axial-r')")


def test_layout_is_required(tmp_path: Path) -> None:
    path = write(tmp_path, {"hexes": {"a": {"q": 0, "r": 0}}})
    assert error_of(path) == (f"'layout' of {path} must be one of odd-r, even-r, odd-q, even-q "
                              f"(got None)")


def test_hexes_must_be_a_non_empty_object(tmp_path: Path) -> None:
    path = write(tmp_path, {"layout": "odd-r", "hexes": []})
    assert error_of(path) == f"'hexes' of {path} must be an object of hexes keyed by id (got [])"
    path = write(tmp_path, {"layout": "odd-r", "hexes": {}})
    assert error_of(path) == (f"'hexes' of {path} must be an object of hexes keyed by id "
                              f"(got 'no hexes')")


def test_a_document_must_be_an_object(tmp_path: Path) -> None:
    path = write(tmp_path, [1, 2])
    assert error_of(path) == (f"{path} must be a JSON object with 'layout' and 'hexes' "
                              f"(got 'list')")


def test_a_hex_must_be_an_object(tmp_path: Path) -> None:
    path = write(tmp_path, {"layout": "odd-r", "hexes": {"a": [0, 0]}})
    assert error_of(path) == f"'hexes.a' of {path} must be an object with q and r (got [0, 0])"


@pytest.mark.parametrize("value", [1.5, "3", True, None])
def test_coordinates_must_be_whole_numbers(tmp_path: Path, value: object) -> None:
    path = write(tmp_path, {"layout": "odd-r", "hexes": {"E14000530": {"q": value, "r": 1}}})
    assert error_of(path) == (f"'hexes.E14000530.q' of {path} must be a whole number "
                              f"(got {value!r})")


def test_a_missing_row_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, {"layout": "odd-q", "hexes": {"a": {"q": 1}}})
    assert error_of(path) == f"'hexes.a.r' of {path} must be a whole number (got None)"


def test_two_hexes_at_one_position(tmp_path: Path) -> None:
    path = write(tmp_path, {"layout": "odd-r", "hexes": {"E14000530": {"q": -1, "r": -2},
                                                         "E14000531": {"q": -1, "r": -2}}})
    assert error_of(path) == (f"'hexes.E14000531' of {path} must be at a position of its own "
                              f"(got \"q=-1, r=-2, the position of 'E14000530'\")")


def test_a_key_given_twice(tmp_path: Path) -> None:
    path = tmp_path / "twice.hexjson"
    path.write_text('{"layout": "odd-r", "hexes": {"a": {"q": 0, "r": 0}, '
                    '"a": {"q": 1, "r": 0}}}', encoding="utf-8")
    assert error_of(path) == (f"{path} must be JSON whose objects have unique keys "
                              f"(got \"'a' twice\")")


def test_a_key_that_is_not_a_seat_of_the_boundary_set(tmp_path: Path) -> None:
    path = write(tmp_path, {"layout": "odd-r", "hexes": {"E14000530": {"q": 0, "r": 0},
                                                         "E14001063": {"q": 1, "r": 0}}})
    assert error_of(path, boundary_set="pcon2024") == (
        f"'hexes.E14000530' of {path} must be keyed by a constituency code of pcon2024 "
        f"(got 'E14000530')")


def test_a_key_that_is_not_a_seat_of_the_election(tmp_path: Path) -> None:
    path = write(tmp_path, {"layout": "odd-r", "hexes": {"E14001063": {"q": 0, "r": 0},
                                                         "E14001064": {"q": 1, "r": 0}}})
    assert error_of(path, seats=["E14001063"]) == (
        f"'hexes.E14001064' of {path} must be keyed by a seat of the election drawn "
        f"(got 'E14001064')")


def test_a_seat_without_a_hex(tmp_path: Path) -> None:
    path = write(tmp_path, {"layout": "odd-r", "hexes": {"E14001063": {"q": 0, "r": 0}}})
    seats = ["E14001063", *(f"E140010{n}" for n in range(64, 71))]
    assert error_of(path, seats=seats) == (
        f"'hexes' of {path} must be complete, with a hex for every seat of the election drawn "
        f"(got '7 seat(s) without one: E14001064, E14001065, E14001066, E14001067, E14001068 "
        f"and 2 more')")


def test_an_edge_number_out_of_range(tmp_path: Path) -> None:
    path = write(tmp_path, {"layout": "odd-r", "hexes": {"a": {"q": 0, "r": 0}},
                            "boundaries": {"x": {"edges": [{"q": 0, "r": 0, "e": 7}]}}})
    assert error_of(path) == (f"'boundaries.x.edges[0].e' of {path} must be an edge number 1 to "
                              f"6 (or -6 to -1) (got 7)")


def test_a_boundary_without_edges(tmp_path: Path) -> None:
    path = write(tmp_path, {"layout": "odd-r", "hexes": {"a": {"q": 0, "r": 0}},
                            "boundaries": {"x": {"type": "region"}}})
    assert error_of(path) == (f"'boundaries.x' of {path} must be an object with a list of edges "
                              f"(got {{'type': 'region'}})")


def test_text_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.hexjson"
    path.write_text('{"layout": "odd-r", "hexes": {', encoding="utf-8")
    assert error_of(path) == (f"{path} must be valid JSON (got 'Expecting property name enclosed "
                              f"in double quotes at line 1, column 31')")


def test_a_damaged_gzip_file(tmp_path: Path) -> None:
    """A cut-short or corrupted .gz is a clear error, not a traceback (it was an EOFError)."""
    packed = gzip.compress(json.dumps({"layout": "odd-r", "hexes": {"a": {"q": 0, "r": 0}}})
                           .encode("utf-8"))
    cut = tmp_path / "cut.hexjson.gz"
    cut.write_bytes(packed[:20])
    assert error_of(cut) == (f"{cut} must be an intact gzip file (got 'Compressed file ended "
                             f"before the end-of-stream marker was reached')")
    garbled = tmp_path / "garbled.hexjson.gz"
    garbled.write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(200)))
    assert error_of(garbled) == (f"{garbled} must be an intact gzip file (got 'Error -3 while "
                                 f"decompressing data: invalid block type')")


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.hexjson"
    assert error_of(path) == f"{path} must be a readable HexJSON file (got 'No such file or directory')"


def test_the_error_carries_what_it_is_about(tmp_path: Path) -> None:
    path = write(tmp_path, {"layout": "odd-r", "hexes": {"a": {"q": 0.25, "r": 0}}})
    with pytest.raises(swingometer.DataError) as caught:
        read_hexjson(path)
    error = caught.value
    assert (error.file, error.column, error.expected, error.got) == (
        str(path), "hexes.a.q", "a whole number", 0.25)


def test_parse_accepts_a_decoded_document() -> None:
    layout = parse_hexjson({"layout": "odd-r", "hexes": {"x": {"q": 2, "r": -7}}})
    assert isinstance(layout, HexLayout) and layout.source == "<hexjson>"
    assert layout.hexes[0].q == 2 and layout.hexes[0].r == -7
