"""Hostile and careless input gets one clear line, never a traceback (issue 16's defects)."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from swingometer.data.hoc import read_results_file
from swingometer.exceptions import AnalysisError, DataError, ScenarioError
from swingometer.forecast.models import resolve_targets
from swingometer.pictures.maps import read_hexjson
from swingometer.scenarios import load_scenario

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = ROOT / "tests" / "fixtures" / "results" / "spen-valley-2026-candidates.csv"
EXE = shutil.which("swingometer")
SCENARIO = 'name = "a swing"\n[base]\nelection = "parl.2024-07-04"\n'


def _votes(path: Path) -> list[int]:
    return sorted(read_results_file(path).candidacies["votes"].tolist())


EXPECTED = _votes(CANDIDATES)


def _refusal(path: Path, content: str | bytes) -> str:
    """The reader's error for a results file of ``content``."""
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_results_file(path)
    return str(error.value)


@pytest.mark.parametrize(("encoding", "ending"), [
    ("utf-8", "\r"), ("utf-8", "\r\n"), ("utf-16", "\n"), ("utf-16", "\r\n"), ("utf-8-sig", "\r"),
    ("cp1252", "\r")])
def test_results_files_read_in_any_line_ending_and_common_encoding(tmp_path, encoding,
                                                                   ending) -> None:
    text = CANDIDATES.read_text(encoding="utf-8").replace("\n", ending)
    path = tmp_path / "saved.csv"
    path.write_bytes(text.encode(encoding))
    assert _votes(path) == EXPECTED


def test_a_stray_quote_is_a_clear_error(tmp_path) -> None:
    lines = CANDIDATES.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("Alice", '"Alice')  # the quote never closes
    assert _refusal(tmp_path / "quote.csv", "\n".join(lines + ["x" * 200_000]) + "\n") == (
        "row 2 of quote.csv must be well-formed CSV (got 'field larger than field limit "
        "(131072)'); check for an unmatched double quote")


def test_bytes_in_no_text_encoding_are_refused(tmp_path) -> None:
    assert _refusal(tmp_path / "binary.csv", b"\x81\x8d\x8f\x90\x9d" * 10) == (
        "row 1 of binary.csv must be text in UTF-8, UTF-16 or Windows-1252 (got 'byte 0x81 at "
        "offset 0')")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_scenario_files_in_common_encodings(tmp_path, encoding) -> None:
    path = tmp_path / "s.toml"
    path.write_bytes((SCENARIO + '[[operations]]\ntype = "swing"\nfrom = "Lab"\nto = "RUK"\n'
                      'points = 2\n').encode(encoding))
    assert load_scenario(path).operations[0].type == "swing"


def test_a_scenario_file_that_is_not_text(tmp_path) -> None:
    path = tmp_path / "s.toml"
    path.write_bytes(b"\x81\x8d\x8f\x90")
    with pytest.raises(ScenarioError) as error:
        load_scenario(path)
    assert str(error.value) == (f"{path}: the scenario file must be text in UTF-8, UTF-16 or "
                                f"Windows-1252 (got 'byte 0x81 at offset 0')")


def test_a_scenario_nested_beyond_reason(tmp_path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 5_000 + "]" * 5_000 + "\n", encoding="utf-8")
    result = subprocess.run([EXE, "scenario", str(path)], capture_output=True, text=True,
                            timeout=60, env=dict(os.environ))
    assert result.returncode == 1
    assert result.stderr == (f"error: {path}: the file must be TOML nested to a sensible depth "
                             f"(got 'arrays or tables nested too deep to read')\n")


def test_shares_whose_sum_overflows_are_refused(data) -> None:
    from swingometer.forecast.projection import baseline_shares

    start = baseline_shares(data, data.election("2024")).standing()
    with pytest.raises(AnalysisError) as error:
        resolve_targets(start, {"Lab": 1e308, "Con": 1e308}, normalise=True)
    assert str(error.value) == ("the GB shares given sum to more than a number can hold; give "
                                "each as a percentage")
    result = subprocess.run([EXE, "project", "--shares", "lab=1e308,con=1e308", "--normalise"],
                            capture_output=True, text=True, timeout=60, env=dict(os.environ))
    assert (result.returncode, result.stdout) == (1, "")


@pytest.mark.parametrize(("command", "cap"), [(["import"], "20 MB (got 'more than 20,971,520"),
                                              (["polls", "import"], "50 MB (got 'more than "
                                                                    "52,428,800")])
def test_a_file_that_never_ends_is_refused_at_its_cap(command, cap) -> None:
    result = subprocess.run([EXE, *command, "/dev/zero"], capture_output=True, text=True,
                            timeout=60, env=dict(os.environ))
    assert result.returncode == 1
    assert result.stderr == (f"error: zero must be a file of at most {cap} bytes'); split it "
                             f"into smaller files\n")



@pytest.mark.parametrize(("command", "message"), [
    (["scenario"], "/dev/zero: the scenario file must be a file of at most 1 MB (got 'more than "
                   "1,048,576 bytes')"),
    (["map", "--layout"], "/dev/zero must be a file of at most 20 MB (got 'more than "
                          "20,971,520 bytes')")])
def test_a_scenario_or_layout_that_never_ends_is_refused_at_its_cap(tmp_path, command,
                                                                    message) -> None:
    result = subprocess.run([EXE, *command, "/dev/zero", *(["-o", str(tmp_path / "m.svg")]
                                                           if command[0] == "map" else [])],
                            capture_output=True, text=True, timeout=60, env=dict(os.environ))
    assert (result.returncode, result.stderr) == (1, f"error: {message}\n")
    assert not (tmp_path / "m.svg").exists()


HEXJSON = ('{"layout": "odd-r", "hexes": {"E14001506": {"q": 0, "r": 0, "n": "Ynys Môn"},\n'
           '"E14001180": {"q": 1, "r": 0, "n": "Dewsbury and Batley"}}}\n')


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_hexjson_in_any_line_ending_and_common_encoding(tmp_path, encoding, newline) -> None:
    path = tmp_path / "layout.hexjson"
    path.write_bytes(HEXJSON.replace("\n", newline).encode(encoding))
    layout = read_hexjson(path)
    assert {(h.key, h.q, h.r, h.name) for h in layout.hexes} == {
        ("E14001506", 0, 0, "Ynys Môn"), ("E14001180", 1, 0, "Dewsbury and Batley")}


def test_a_gzip_layout_that_decompresses_to_gigabytes_is_refused(tmp_path) -> None:
    path = tmp_path / "bomb.hexjson.gz"
    with gzip.open(path, "wb", compresslevel=9) as handle:  # 1 GiB of spaces: about 1 MB packed
        for _ in range(1024):
            handle.write(b" " * 2**20)
    assert path.stat().st_size < 2**21
    with pytest.raises(DataError) as error:
        read_hexjson(path)
    assert str(error.value) == (f"{path} must be a gzip file of at most 20 MB decompressed (got "
                                f"'more than 20,971,520 bytes decompressed')")


def test_a_layout_nested_beyond_reason(tmp_path) -> None:
    path = tmp_path / "deep.hexjson"
    path.write_text('{"layout": "odd-r", "hexes": ' + "[" * 100_000 + "]" * 100_000 + "}",
                    encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_hexjson(path)
    assert str(error.value) == (f"{path} must be JSON nested to a sensible depth (got 'arrays or "
                                f"objects nested too deep to read')")

@pytest.mark.parametrize("votes", [str(2**63), str(2**63 - 1), "10000001", "9" * 40])
def test_a_vote_count_beyond_any_seat_is_refused_not_wrapped(tmp_path, isolated_home,
                                                             votes) -> None:
    # 2^63 crashed the reader; 2^63 - 1 was taken and wrapped the seat's total negative
    path = tmp_path / "huge.csv"
    text = CANDIDATES.read_text(encoding="utf-8")
    path.write_text(text.replace(",12000,0.375,", f",{votes},,", 1), encoding="utf-8")
    result = subprocess.run([EXE, "import", str(path)], capture_output=True, text=True,
                            timeout=60, env=dict(os.environ))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"error: 'Votes' in row 2 of huge.csv must be a whole number from 0 "
                             f"to 10,000,000 (got '{votes}')\n")
    assert not isolated_home.exists()  # no store was made



@pytest.mark.parametrize("share", ["0.375,-0.016544", ","])
def test_a_repeated_candidate_row_is_the_row_blamed(tmp_path, share) -> None:
    # the repeat upsets the seat's total, and the share check used to blame row 2 for it
    lines = CANDIDATES.read_text(encoding="utf-8").splitlines()
    lines.insert(3, lines[1].replace(",0.375,-0.016544,", f",{share},"))
    assert _refusal(tmp_path / "repeat.csv", "\n".join(lines) + "\n") == (
        "'Candidate surname' in row 4 of repeat.csv must be a candidate not already in the seat "
        "(got 'Alice Ackroyd (Lab)'); row 4 repeats row 2")


def test_a_file_of_identical_rows_is_refused_before_it_is_parsed(tmp_path) -> None:
    # a million identical rows took 24-45 s and 2.3 GB to refuse; past the cap it is not parsed
    header, row = CANDIDATES.read_text(encoding="utf-8").splitlines()[:2]
    text = header + "\n" + (row + "\n") * (21 * 2**20 // len(row))
    assert _refusal(tmp_path / "many.csv", text) == (
        "many.csv must be a file of at most 20 MB (got 'more than 20,971,520 bytes'); split it "
        "into smaller files")
