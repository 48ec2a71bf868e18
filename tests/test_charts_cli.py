"""`swingometer chart`, run through the installed entry point; and the README's chart, which the
code must still draw byte for byte."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import ROOT

EXE = shutil.which("swingometer")
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("\n## Charts\n", 1)[-1].split("\n## ", 1)[0]
# chart commands write files, so the README shows them in ```shell blocks (the README's own test
# runs ```bash examples where it stands); they are run here, in a temporary folder
EXAMPLES = [line.split("  #")[0].strip()
            for block in re.findall(r"```shell\n(.*?)\n```", SECTION, flags=re.DOTALL)
            for line in block.splitlines() if line.startswith("swingometer chart ")]
IMAGE = "docs/images/totals-2024.svg"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], check=False, capture_output=True, text=True,
                          env=dict(os.environ), cwd=cwd, timeout=180)


def test_chart_has_help_with_every_option() -> None:
    result = run("chart", "--help")
    assert result.returncode == 0, result.stderr
    for option in ["--output", "--election", "--from", "--gains", "--seat", "--party", "--linked",
                   "--shares", "--as-of", "--sims", "--seed", "--width", "--height", "--dpi",
                   "--format"]:
        assert option in result.stdout, option


def test_totals_json_gives_the_data_plotted_and_the_file(tmp_path: Path) -> None:
    out = tmp_path / "totals.svg"
    result = run("chart", "totals", "--election", "2024", "-o", str(out), "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["output"] == str(out) and payload["majority"] == 326
    seats = {row["party"]: row["seats"] for row in payload["data"]}
    assert {p: seats[p] for p in ["Lab", "Con", "LD", "SNP", "RUK", "Green", "PC"]} == {
        "Lab": 411, "Con": 121, "LD": 72, "SNP": 9, "RUK": 5, "Green": 4, "PC": 4}
    root = ET.parse(out).getroot()
    assert root.find("{http://www.w3.org/2000/svg}title").text == payload["title"]


def test_gains_table_and_csv(tmp_path: Path) -> None:
    result = run("chart", "totals", "--election", "2024", "--gains", "-o", str(tmp_path / "g.svg"))
    assert result.returncode == 0, result.stderr
    assert "Seats won at the 2024 general election, against the 2019 notional" in result.stdout
    assert re.search(r"│ Lab\s+│ Labour\s+│\s+200 │\s+411 │\s+\+211 │", result.stdout)
    assert result.stdout.rstrip().endswith(f"wrote {tmp_path / 'g.svg'}")
    result = run("chart", "totals", "--election", "2019", "--from", "2017", "--vertical", "-o",
                 str(tmp_path / "g.png"), "-f", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0] == {"party": "Con", "name": "Conservative", "before": "317", "seats": "365",
                       "change": "48", "colour": "#0087DC"}
    assert result.stderr.strip() == f"wrote {tmp_path / 'g.png'}"


def test_history_png_has_the_requested_size(tmp_path: Path) -> None:
    from PIL import Image

    out = tmp_path / "history.png"
    result = run("chart", "history", "--seat", "Batley & Spen", "-p", "lab", "-p", "wpb",
                 "--width", "6", "--height", "4", "--dpi", "50", "-o", str(out), "-f", "csv")
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        assert image.size == (300, 200)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    galloway = [r for r in rows if r["party"] == "WPB"]
    assert [(r["election_id"], r["share"]) for r in galloway] == [
        ("parl.batley-and-spen.by.2021-07-01", "21.92")]


def test_distribution_is_seeded(tmp_path: Path) -> None:
    args = ["chart", "distribution", "--shares", "lab=30,ruk=25,con=18,ld=13,grn=9", "--sims",
            "1500", "--seed", "4", "-p", "lab", "-f", "json"]
    first = run(*args, "-o", str(tmp_path / "a.svg"))
    second = run(*args, "-o", str(tmp_path / "b.svg"))
    assert first.returncode == 0, first.stderr
    one, two = json.loads(first.stdout), json.loads(second.stdout)
    assert (one["sims"], one["seed"], one["majority"]) == (1500, 4, 326)
    assert one["data"] == two["data"] and sum(r["simulations"] for r in one["data"]) == 1500
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()


def test_scatter_labels_a_seat(tmp_path: Path) -> None:
    result = run("chart", "scatter", "--party", "lab", "--seat", "Dewsbury and Batley", "-o",
                 str(tmp_path / "s.svg"), "-f", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    row = next(r for r in payload["data"] if r["name"] == "Dewsbury and Batley")
    assert (row["before"], row["after"], row["winner"]) == (59.09, 22.87, "Ind")
    texts = {e.text for e in ET.parse(tmp_path / "s.svg").iter("{http://www.w3.org/2000/svg}text")}
    assert "Dewsbury and Batley" in texts


@pytest.mark.parametrize(("args", "message"), [
    (["pie"], "error: chart must be one of distribution, history, scatter, totals (got 'pie')"),
    (["history", "--seat", "Nowhere"],
     "error: no constituency matches 'Nowhere'; did you mean 'Gower'?"),
    (["scatter", "--party", "zzz"],
     ("error: no party matches 'zzz'; party codes are those of the House of Commons "
     "Library (Con, Lab, LD, SNP, PC, Green, RUK, ...)")),
    (["totals", "--seat", "Spen Valley"],
     ("error: --seat does not apply to the totals chart (it takes --election, --from, --gains, "
     "--shares, --as-of, --model, --vertical)")),
    (["history"], "error: the history chart needs --seat with one seat (got 0)"),
    (["scatter", "-p", "lab", "-p", "con"],
     "error: the scatter chart needs --party with one party (got 2)"),
    (["totals", "--election", "2024", "--shares", "lab=40"],
     "error: give --election, or --shares or --as-of for a projection, not both"),
    (["totals", "--model", "uniform"],
     "error: --model applies to a projection: give --shares or --as-of"),
    (["distribution", "--shares", "lab=40", "--sims", "0"],
     "error: sims must be a whole number above 0 (got 0)"),
])
def test_errors_are_one_clear_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("chart", *args, "-o", str(tmp_path / "x.svg"))
    assert result.returncode == 1
    assert result.stderr.strip() == message
    assert not (tmp_path / "x.svg").exists()


def test_a_bad_output_file_is_refused(tmp_path: Path) -> None:
    result = run("chart", "totals", "-o", str(tmp_path / "x.jpg"))
    assert result.returncode == 1
    assert result.stderr.strip() == ("error: a chart is written as SVG or PNG: the file name must "
                                     f"end in .svg or .png (got '{tmp_path / 'x.jpg'}')")


def test_a_chart_that_cannot_be_written_is_a_one_line_error(tmp_path: Path) -> None:
    """The folder exists but the file cannot be written (here a folder is in the way): it was
    an IsADirectoryError traceback."""
    target = tmp_path / "taken.svg"
    target.mkdir()
    result = run("chart", "totals", "-o", str(target))
    assert result.returncode == 1
    assert result.stderr == f"error: cannot write {target}: Is a directory\n"


def test_the_readme_documents_chart_examples() -> None:
    assert len(EXAMPLES) >= 4
    assert {shlex.split(e)[2] for e in EXAMPLES} == {"totals", "distribution", "scatter",
                                                      "history"}
    assert "![" in SECTION and f"]({IMAGE})" in SECTION


@pytest.mark.parametrize("command", EXAMPLES)
def test_readme_chart_examples_run_and_the_readme_chart_is_current(tmp_path: Path,
                                                                   command: str) -> None:
    args = shlex.split(command)
    (tmp_path / "docs" / "images").mkdir(parents=True)
    result = run(*args[1:], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    output = args[args.index("-o") + 1]
    assert (tmp_path / output).stat().st_size > 0
    if output == IMAGE:
        # the committed chart is what the code draws now (regenerate it with this command)
        assert (tmp_path / output).read_bytes() == (ROOT / IMAGE).read_bytes()
