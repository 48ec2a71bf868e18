"""Names from a user's file reach SVG and tables as text, never as markup: a 2024-shaped general
election imported with a winner named ``<script>...`` and a party named ``<i>Labour</i>`` draws a
map that parses as SVG and carries the names exactly, escaped."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import RAW

EXE = shutil.which("swingometer")
NS = "{http://www.w3.org/2000/svg}"
WINNER = '<script>alert("x")</script> O\'Leadbeater & <b>Co</b>'
PARTY = '<i>Labour</i> & "Co"'


def command(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "SWINGOMETER_HOME": str(home)})


def test_imported_names_are_escaped_in_the_map_and_kept_in_tables(tmp_path: Path) -> None:
    source = (RAW / "ge2024" / "candidacies.csv").read_text(encoding="utf-8-sig")
    good = ',Labour,Lab,PP53,15,,Kim,Leadbeater,'
    assert source.count(good) == 1
    first, surname = WINNER.split(" ", 1)
    hostile = tmp_path / "candidacies.csv"
    with hostile.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [row if row[:1] != ["E14001506"] or row[12:13] != ["Kim"] else
             [*row[:7], PARTY, *row[8:12], first, surname, *row[14:]]
             for row in csv.reader(io.StringIO(source))])
    home = tmp_path / "home"
    done = command("import", str(hostile), "--seats", str(RAW / "ge2024" / "constituencies.csv"),
                   "--date", "2029-05-03", home=home)
    assert done.returncode == 0, done.stderr
    drawn = command("map", "--election", "2029", "-o", str(tmp_path / "m.svg"), home=home)
    assert drawn.returncode == 0, drawn.stderr
    svg = (tmp_path / "m.svg").read_text(encoding="utf-8")
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg
    root = ET.fromstring(svg)  # well-formed: the names did not break out of their text
    titles = [t.text for t in root.iter(f"{NS}title") if t.text and "Spen Valley" in t.text]
    assert len(titles) == 1 and f"Lab hold ({WINNER}); majority 6,188 (15.1%)" in titles[0]
    seat = command("seat", "Spen Valley", "--election", "2029", "-f", "csv", home=home)
    rows = list(csv.DictReader(io.StringIO(seat.stdout)))
    assert (rows[0]["candidate"], rows[0]["party_name"]) == (WINNER, PARTY)
