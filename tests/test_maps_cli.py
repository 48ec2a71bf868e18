"""`swingometer map` and the demo's map, through the installed entry point."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib.image import imread

import swingometer
from swingometer.data.tables import read_table

EXE = shutil.which("swingometer")
SHARES = "lab=30,ruk=25,con=18,ld=13,grn=9,snp=2.5,pc=0.8"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], check=False, capture_output=True, text=True, timeout=180, cwd=cwd,
                          env=dict(os.environ))


def ids_and_fills(path: Path) -> dict[str, str]:
    """Each seat's fill, as the colouring names it ("none" for the "no data" hatch)."""
    root = ET.parse(path).getroot()
    svg = "{http://www.w3.org/2000/svg}"
    return {e.attrib["id"]: e.attrib["fill"].replace("url(#no-data)", "none")
            for e in root.findall(f"{svg}g[@class='seats']/{svg}path")}


def test_map_has_help_and_is_listed() -> None:
    result = run("map", "--help")
    assert result.returncode == 0, result.stderr
    for option in ("--format", "--colour", "--output", "--highlight", "--label", "--from",
                   "--width", "--height", "--layout", "--shares", "--as-of", "--seed"):
        assert option in result.stdout, option
    assert " map " in run("--help").stdout


def test_map_json_lists_every_seat_drawn(tmp_path: Path) -> None:
    output = tmp_path / "green.svg"
    result = run("map", "--election", "2024", "--colour", "share:GREENS", "--label",
                 "Brighton Pavilion", "-o", str(output), "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["output"] == str(output)
    assert (payload["colour"], payload["election"], payload["party"]) == (
        "share:Green", "parl.2024-07-04", "Green")
    assert payload["title"] == "Green Party share of the vote, 2024 general election"
    seats = {s["gss_code"]: s for s in payload["seats"]}
    assert len(seats) == len(payload["seats"]) == 650
    assert ids_and_fills(output) == {code: s["colour"] for code, s in seats.items()}
    pavilion = next(s for s in payload["seats"] if s["name"] == "Brighton Pavilion")
    assert (pavilion["value"], pavilion["label"], pavilion["labelled"]) == (
        55.02, "50 to 60%", True)
    assert sum(row["seats"] for row in payload["legend"]) == 650


def test_map_csv_and_table(tmp_path: Path) -> None:
    output = tmp_path / "swing.svg"
    result = run("map", "-e", "2019", "-c", "swing:lab:con", "--highlight", "leave_pct>=60",
                 "-o", str(output), "-f", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["gss_code", "name", "value", "label", "colour", "highlighted",
                             "labelled", "output"]
    assert len(rows) == 650 and {r["output"] for r in rows} == {str(output)}
    demographics = read_table("demographics")
    leave = set(demographics[(demographics["boundary_set"] == "pcon2010")
                             & (demographics["leave_pct"] >= 60)]["gss_code"])
    assert {r["gss_code"] for r in rows if r["highlighted"] == "True"} == leave
    batley = next(r for r in rows if r["name"] == "Batley and Spen")
    swing = swingometer.Dataset().seat("Batley and Spen", "2019").swing("Lab", "Con")
    assert (swing.to_party, float(batley["value"])) == ("Con", round(swing.points, 2))
    assert batley["label"] == "to Con 5 to 10 points"
    table = run("map", "-e", "2019", "-c", "winner", "--label", "Batley and Spen",
                "-o", str(tmp_path / "w.svg"))
    assert table.returncode == 0, table.stderr
    assert "Conservative (Con)" in table.stdout and "365" in table.stdout
    assert "E14000548" in table.stdout
    assert f"wrote {tmp_path / 'w.svg'} (650 seats;" in table.stdout


def test_map_png_has_the_requested_size(tmp_path: Path) -> None:
    output = tmp_path / "map.png"
    result = run("map", "-e", "notional", "-o", str(output), "--width", "700", "--height", "900")
    assert result.returncode == 0, result.stderr
    assert imread(output).shape[:2] == (900, 700)


def test_probability_map_records_the_seed(tmp_path: Path) -> None:
    output = tmp_path / "odds.svg"
    result = run("map", "-c", "probability", "--shares", SHARES, "--sims", "200", "--seed", "3",
                 "--highlight", "muslim_pct>=20", "-o", str(output), "-f", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert (payload["seed"], payload["sims"], payload["colour"]) == (3, 200, "probability")
    assert payload["highlight"] == "muslim_pct >= 20"
    root = ET.parse(output).getroot()
    metadata = json.loads(root.find("{http://www.w3.org/2000/svg}metadata").text)
    assert metadata["seed"] == 3
    assert "(seed 3)" in root.find("{http://www.w3.org/2000/svg}title").text
    assert len(ids_and_fills(output)) == 650


def expected_highlight_error(column: str, hint: str) -> str:
    demographics = read_table("demographics")
    columns = sorted([c for c in demographics.columns if c not in ("boundary_set", "estimated",
                                                                   "gss_code")]
                     + ["majority", "majority_pct", "turnout", "electorate"])
    return (f"a seat filter takes a column of the seats' figures ({', '.join(columns)}) "
            f"(got {column!r}){hint}")


def seat_error(name: str) -> str:
    with pytest.raises(swingometer.SwingometerError) as caught:
        swingometer.Dataset().find_seat_in(name, "pcon2024")
    return str(caught.value)


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "map.jpg"], "--output must end in .svg or .png (got 'map.jpg')"),
    (["-o", "map.svg", "--width", "500"],
     "--width and --height size a PNG; an SVG scales to any size"),
    (["-c", "probability", "-e", "2024", "--shares", SHARES, "-o", "odds.svg"],
     ("a probability map shows a simulation of the next election from the latest results: give "
      "--shares or --as-of, not --election or --from")),
    (["--shares", SHARES, "-o", "map.svg"],
     "--shares, --as-of and --model apply to --colour probability"),
    (["-c", "shares:lab", "-o", "map.svg"],
     ("the colouring must be winner, share:PARTY, change:PARTY, swing:A:B or probability "
      "(got 'shares:lab')")),
    (["-c", "change:zzz", "-o", "map.svg"],
     ("no party matches 'zzz'; party codes are those of the House of Commons Library (Con, Lab, "
      "LD, SNP, PC, Green, RUK, ...)")),
    (["--highlight", "muslims>=20", "-o", "map.svg"],
     expected_highlight_error("muslims", "; did you mean muslim_pct?")),
    (["--label", "Batly and Spen", "-o", "map.svg"], seat_error("Batly and Spen")),
    (["-e", "parl.2005-05-05.notional", "-c", "swing:lab:con", "-o", "map.svg"],
     ("a swing needs an earlier election on the same boundaries and parl.2005-05-05.notional has "
      "none in the data; give one with --from")),
])
def test_map_errors_are_one_line_and_write_nothing(tmp_path: Path, args: list[str],
                                                   message: str) -> None:
    result = run("map", *args, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"error: {message}\n"
    assert list(tmp_path.iterdir()) == []


def test_a_bad_layout_file_is_named(tmp_path: Path) -> None:
    layout = tmp_path / "mine.hexjson"
    layout.write_text('{"layout": "odd-r", "hexes": {"E14001063": {"q": 0, "r": 0.5}}}',
                      encoding="utf-8")
    result = run("map", "-e", "2024", "--layout", str(layout), "-o", str(tmp_path / "m.svg"))
    assert result.returncode == 1
    assert result.stderr == (f"error: 'hexes.E14001063.r' of {layout} must be a whole number "
                             f"(got 0.5)\n")


@pytest.mark.parametrize("name", ["m.svg", "m.png"])
def test_a_map_that_cannot_be_written_is_a_one_line_error(tmp_path: Path, name: str) -> None:
    """A missing folder or a file in the way was a FileNotFoundError traceback."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for target, reason in ((tmp_path / "missing" / name, "No such file or directory"),
                           (blocker / name, "Not a directory")):
        result = run("map", "-o", str(target))
        assert result.returncode == 1
        assert result.stderr == f"error: cannot write {target}: {reason}\n"


def test_demo_writes_the_map_of_2024_winners_where_it_is_run(tmp_path: Path) -> None:
    result = run("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "swingometer-2024-winners.svg"
    lines = result.stdout.splitlines()
    at = lines.index("The map of the 2024 winners, Spen Valley and Dewsbury and Batley labelled, "
                     "is in")
    assert lines[at + 1] == f"  {written}"
    # the demo ends on the question of the next election, in every model
    assert lines[-2] == ("  In the 6 models: Spen Valley RUK in every model; Dewsbury and Batley "
                         "Ind in every model")
    assert lines[-1].startswith("  Nationally the answer depends more on the model: Lab ")
    root = ET.parse(written).getroot()
    labels = [e.text for e in root.iter("{http://www.w3.org/2000/svg}text")
              if e.attrib.get("class") == "label"]
    assert labels == ["Dewsbury and Batley", "Spen Valley"]
    assert len([e for e in root.iter() if "id" in e.attrib]) == 650


def test_demo_carries_on_where_the_map_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "map.svg"
    result = run("demo", "--map-output", str(target), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    message = (f"the map was not written: {target}: Not a directory; choose another place with "
               f"--map-output, or --no-map")
    assert result.stderr == f"note: {message}\n"
    payload = json.loads(result.stdout)
    assert payload["map"] == {"path": None, "error": message}
    assert payload["byelection"]["majority"] == 323


def test_demo_map_in_a_folder_that_refuses_writing(data, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A read-only folder (root ignores permissions, so the refusal is simulated)."""
    from swingometer.interfaces.cli import demo as cli
    from swingometer.scenarios.story import Story

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_text", refuse)
    told = Story(report=None, successors=(), national=None, before_2024=None, latest=None,
                 models=None)
    monkeypatch.setattr(Story, "names", ["Spen Valley", "Dewsbury and Batley"])
    path, error = cli._demo_map(data, told, tmp_path / "map.svg")
    assert path is None
    assert error == (f"the map was not written: {tmp_path / 'map.svg'}: Permission denied; "
                     f"choose another place with --map-output, or --no-map")
    assert capsys.readouterr().err == f"note: {error}\n"
    assert cli._demo_map(data, told, None) == (None, None)  # --no-map
    with pytest.raises(swingometer.AnalysisError) as caught:
        cli._demo_map(data, told, tmp_path / "map.gif")
    assert str(caught.value) == f"--map-output must end in .svg or .png (got '{tmp_path}/map.gif')"
