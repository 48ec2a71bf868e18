"""Fuzzing the readers (results, polls, scenarios, HexJSON): whatever a user's file holds, each
reader returns what it read or raises its one clear error (DataError, ScenarioError), never another
exception. Inputs are mutations of a good file (cells replaced, rows dropped or repeated, bytes
flipped), arbitrary text and bytes, and arbitrary JSON as a layout."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from swingometer.data.hoc import read_results_file
from swingometer.data.poll_file import read_poll_file
from swingometer.exceptions import DataError, ScenarioError
from swingometer.pictures.maps import read_hexjson
from swingometer.scenarios import load_scenario

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = (ROOT / "tests" / "fixtures" / "results" / "spen-valley-2026-candidates.csv"
              ).read_text(encoding="utf-8")
POLLS = ("end_date,start_date,pollster,client,area,sample_size,lab,con,reform,lib dem,grn,oth\n"
         "2024-06-30,2024-06-28,YouGov,The Times,GB,\"2,050\",37,20,17,11,8,7%\n"
         "2024-06-29,2024-06-27,Ipsos,,Scotland,1000,35,15,7,8,4,31\n")
SCENARIO = ('name = "a swing"\n[base]\nelection = "parl.2024-07-04"\n[[operations]]\n'
            'type = "swing"\nfrom = "Lab"\nto = "RUK"\npoints = 2\n')
HEXJSON = ('{"layout": "odd-r",\n "hexes": {\n  "E14001506": {"q": 0, "r": 0, "n": "Spen Valley"'
           '},\n  "E14001180": {"q": 1, "r": 0, "n": "Dewsbury and Batley"}\n }\n}\n')
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4), max_leaves=12)
# 120 examples a reader, the same every run (CI stays deterministic); a longer, random hunt with
# SWINGOMETER_FUZZ_EXAMPLES=N (7,500 found nothing when this was written)
EXAMPLES = os.environ.get("SWINGOMETER_FUZZ_EXAMPLES")
FUZZ = settings(max_examples=int(EXAMPLES or 120), deadline=None, derandomize=not EXAMPLES,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
CELLS = st.one_of(st.text(max_size=12), st.sampled_from(
    ["", "-1", "1e400", "nan", "inf", str(2**63), "0", "100", "1,000", '"', "=1+1", "\x00",
     "2024-02-30", "E14001506", "Lab", "yes", "99999999999999999999"]))


@st.composite
def mutated(draw, text: str) -> str:
    """A good file with some of its cells replaced, rows dropped or repeated, or bytes cut."""
    rows = [line.split(",") for line in text.splitlines()]
    for _ in range(draw(st.integers(0, 4))):
        row = draw(st.integers(0, len(rows) - 1))
        if rows[row]:
            rows[row][draw(st.integers(0, len(rows[row]) - 1))] = draw(CELLS)
    kind = draw(st.sampled_from(["cells", "drop", "repeat", "cut"]))
    if kind == "drop" and len(rows) > 1:
        del rows[draw(st.integers(0, len(rows) - 1))]
    elif kind == "repeat":
        rows.append(list(rows[draw(st.integers(0, len(rows) - 1))]))
    out = "\n".join(",".join(row) for row in rows) + "\n"
    return out[:draw(st.integers(0, len(out)))] if kind == "cut" else out


def _write(tmp_path_factory, name: str, content: str | bytes) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@FUZZ
@given(content=st.one_of(mutated(CANDIDATES), st.text(max_size=300), st.binary(max_size=300)))
def test_the_results_reader_reads_or_refuses_cleanly(tmp_path_factory, content) -> None:
    path = _write(tmp_path_factory, "results.csv", content)
    try:
        results = read_results_file(path)
    except DataError as error:
        event("refused")
        assert "\n" not in str(error) and str(error)
    else:
        event("read")
        assert (results.candidacies["votes"] >= 0).all()
        assert len(results.contests) >= 1


@FUZZ
@given(content=st.one_of(mutated(POLLS), st.text(max_size=300), st.binary(max_size=300)))
def test_the_poll_reader_reads_or_refuses_cleanly(tmp_path_factory, data, content) -> None:
    path = _write(tmp_path_factory, "polls.csv", content)
    try:
        polls = read_poll_file(path, data.parties, today="2026-12-01")
    except DataError as error:
        event("refused")
        assert "\n" not in str(error) and str(error)
    else:
        event("read")
        assert len(polls.polls) >= 1


@FUZZ
@given(content=st.one_of(mutated(SCENARIO), st.text(max_size=300), st.binary(max_size=300)))
def test_the_scenario_reader_reads_or_refuses_cleanly(tmp_path_factory, content) -> None:
    path = _write(tmp_path_factory, "s.toml", content)
    try:
        load_scenario(path)
        event("read")
    except ScenarioError as error:
        event("refused")
        assert str(error)


@FUZZ
@given(content=st.one_of(
    mutated(HEXJSON), st.text(max_size=300), st.binary(max_size=300),
    JSON_VALUES.map(json.dumps),
    st.builds(lambda layout, hexes: json.dumps({"layout": layout, "hexes": hexes}),
              st.sampled_from(["odd-r", "even-q", "hex", 3]),
              st.dictionaries(st.sampled_from(["E14001506", "E14001180", "x", ""]),
                              JSON_VALUES | st.fixed_dictionaries(
                                  {"q": st.integers(-3, 3) | JSON_VALUES,
                                   "r": st.integers(-3, 3)}), max_size=3))))
def test_the_hexjson_reader_reads_or_refuses_cleanly(tmp_path_factory, content) -> None:
    path = _write(tmp_path_factory, "layout.hexjson", content)
    try:
        layout = read_hexjson(path)
    except DataError as error:
        event("refused")
        assert "\n" not in str(error) and str(error)
    else:
        event("read")
        assert len(layout) >= 1
