"""SVG output: valid XML, one element per seat with its GSS code as id and the right fill, titles
for screen readers, escaping, outlines and labels, "no data" hatched, determinism, and the README's
map."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import swingometer
from swingometer.pictures.maps import (
    Colouring,
    Legend,
    LegendRow,
    SeatColour,
    build_map,
    compose,
    parse_hexjson,
    svg_document,
)
from swingometer.pictures.maps.scales import NO_DATA, NO_DATA_INK
from tests.conftest import ROOT

NS = "{http://www.w3.org/2000/svg}"
EXE = shutil.which("swingometer")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def seat_paths(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{NS}g[@class='seats']/{NS}path")


def drawn(fill: str) -> str:
    """A colouring's fill as the SVG writes it ("no data" is the hatch pattern)."""
    return "url(#no-data)" if fill == NO_DATA else fill


@pytest.fixture(scope="module")
def winners(data):
    return build_map(data, "2024", "winner", labels=["Spen Valley", "Dewsbury and Batley"])


@pytest.mark.parametrize(("election", "colour"), [
    ("2024", "winner"), ("2019", "share:brexit"), ("2017", "change:con"),
    ("notional", "winner"), ("2024", "swing:con:lab"),
])
def test_ids_are_exactly_the_seats_of_the_election_each_once(data, election: str,
                                                             colour: str) -> None:
    hexmap = build_map(data, election, colour)
    root = parse(hexmap.svg())
    chosen = data.election(election)
    seats = data.contests.loc[data.contests["election_id"] == chosen.election_id, "gss_code"]
    ids = [e.attrib["id"] for e in seat_paths(root)]
    assert sorted(ids) == sorted(seats) and len(ids) == len(set(ids)) == 650
    # the only other id is that of the "no data" pattern, where a seat needs it
    others = [e.attrib["id"] for e in root.iter() if "id" in e.attrib and e.attrib["id"] not in ids]
    assert others == (["no-data"] if any(s.fill == NO_DATA for s in hexmap.colouring.seats)
                      else [])
    fills = {e.attrib["id"]: e.attrib["fill"] for e in seat_paths(root)}
    assert fills == {s.gss_code: drawn(s.fill) for s in hexmap.colouring.seats}
    assert all(e.tag == f"{NS}path" for e in seat_paths(root))
    assert all(len(re.findall(r"[ML]", e.attrib["d"])) == 6 for e in seat_paths(root))


def test_every_seat_has_a_title_with_name_winner_and_figures(winners, data) -> None:
    root = parse(winners.svg())
    titles = {e.attrib["id"]: e.find(f"{NS}title").text for e in seat_paths(root)}
    assert titles["E14001196"] == (
        "Dewsbury and Batley (E14001196)\n"
        "Ind gain from Lab (Iqbal Mohamed); majority 6,934 (18.2%)\n"
        "Ind 41.1%; Lab 22.9%; RUK 16.2%; Con 11.0%; Green 5.4%\n"
        "turnout 53.1%")
    names = dict(zip(data.constituencies["gss_code"], data.constituencies["name"]))
    assert all(text.startswith(f"{names[code]} ({code})\n") for code, text in titles.items())


def test_the_document_has_a_title_description_legend_and_sources(winners) -> None:
    root = parse(winners.svg())
    children = list(root)
    assert children[0].tag == f"{NS}title" and children[1].tag == f"{NS}desc"
    assert children[0].text == "2024 general election: the winner in each seat"
    assert children[1].text.startswith("Hex map of 650 seats, one hexagon per seat. Winner "
                                       "(seats): Labour (Lab): 411; Conservative (Con): 121;")
    # a graphics document (not role="img", which hides its children from screen readers), named
    # by its title; every seat a graphics symbol named by its own <title>
    assert root.attrib["role"] == "graphics-document"
    assert root.attrib["aria-label"] == children[0].text
    seats = root.findall(f"{NS}g[@class='seats']/{NS}path")
    assert len(seats) == 650 and {p.attrib["role"] for p in seats} == {"graphics-symbol"}
    texts = [e.text for e in root.iter(f"{NS}text")]
    assert "Labour (Lab)" in texts and "411" in texts
    assert "Results: House of Commons Library, Open Parliament Licence v3.0" in texts
    assert "Hex layout: © Open Innovations (odileeds/hexmaps), MIT licence" in texts
    assert "Notional 2019 results: Rallings & Thrasher, used with attribution" in texts
    metadata = json.loads(children[2].text)
    assert metadata == {"boundary_set": "pcon2024", "colour": "winner",
                        "compared_with": "parl.2019-12-12.notional",
                        "election": "parl.2024-07-04"}


def test_outlines_and_labels_are_drawn(winners) -> None:
    root = parse(winners.svg())
    outlines = [e for e in root.iter(f"{NS}path")
                if e.attrib.get("class", "").startswith("outline")]
    assert len(outlines) == 17
    assert {e.attrib["class"] for e in outlines} == {"outline region", "outline country"}
    assert {e.attrib["data-name"] for e in outlines} >= {"sc-en", "wa-en", "ne-yh"}
    labels = [e.text for e in root.iter(f"{NS}text") if e.attrib.get("class") == "label"]
    assert labels == ["Dewsbury and Batley", "Spen Valley"]
    rings = [e.attrib["data-name"] for e in root.iter(f"{NS}path")
             if e.attrib.get("class") == "highlight"]
    assert rings == ["E14001196", "E14001506"]
    assert [e.attrib["data-name"] for e in root.iter(f"{NS}path")
            if e.attrib.get("class") == "leader"] == ["E14001196", "E14001506"]


def test_svg_is_deterministic(data, winners) -> None:
    again = build_map(data, "2024", "winner", labels=["Dewsbury and Batley", "Spen Valley"])
    assert winners.svg() == winners.svg()
    assert again.svg() == winners.svg()  # label order does not matter


def tiny_map(names: list[str]):
    layout = parse_hexjson({"layout": "odd-q", "hexes": {
        f"E1400{n:04d}": {"q": -n, "r": -2} for n in range(len(names))}})
    seats = tuple(SeatColour(f"E1400{n:04d}", name, "#E4003B", 1.0, "Lab & <co>",
                             (f'"{name}" & <more>',)) for n, name in enumerate(names))
    colouring = Colouring("winner", 'Title with & and <b> and "quotes"',
                          Legend("Legend & key", (LegendRow("Lab & <co>", ("#E4003B",),
                                                            len(names)),)),
                          seats, ("Source: A & B <licence>",), {"note": "<&>"})
    return layout, colouring


def test_names_are_escaped(data) -> None:
    names = ["Brent East & Kilburn", 'The "Quoted" <Seat>', "Ynys Môn", "O'Neill's & Co"]
    layout, colouring = tiny_map(names)
    svg = svg_document(compose(layout, colouring, labels=["E14000001"]))
    root = parse(svg)
    titles = [e.find(f"{NS}title").text for e in seat_paths(root)]
    assert titles == [f'{n} (E1400{i:04d})\n"{n}" & <more>' for i, n in enumerate(names)]
    texts = [e.text for e in root.iter(f"{NS}text")]
    assert 'The "Quoted" <Seat>' in texts and "Lab & <co>" in texts
    assert root.find(f"{NS}title").text == 'Title with & and <b> and "quotes"'
    assert json.loads(root.find(f"{NS}metadata").text) == {"note": "<&>"}
    assert "<Seat>" not in svg and "&lt;Seat&gt;" in svg and "&amp; Kilburn" in svg
    assert "&quot;Quoted&quot;" in svg and "O&#39;Neill&#39;s" in svg


def test_a_label_for_a_seat_not_on_the_map(data) -> None:
    layout, colouring = tiny_map(["A", "B"])
    with pytest.raises(swingometer.AnalysisError) as caught:
        compose(layout, colouring, labels=["E14009999"])
    assert str(caught.value) == ("a seat to label must be one drawn on this map, given by its GSS "
                                 "code (got 'E14009999')")


def test_a_layout_without_a_hex_for_every_seat_cannot_be_composed() -> None:
    layout, _ = tiny_map(["A"])
    _, colouring = tiny_map(["A", "B", "C"])
    with pytest.raises(swingometer.DataError) as caught:
        compose(layout, colouring)
    assert str(caught.value) == ("'hexes' of <hexjson> must be complete, with a hex for every "
                                 "seat of the election drawn (got '2 seat(s) without one: "
                                 "E14000001, E14000002')")
    assert (caught.value.file, caught.value.column) == ("<hexjson>", "hexes")


def test_a_layout_from_a_file_draws_the_same_seats(data, tmp_path: Path) -> None:
    from swingometer.data.tables import hexmap

    path = tmp_path / "mine.hexjson"
    path.write_text(json.dumps(hexmap("pcon2024")), encoding="utf-8")
    hexmap_ = build_map(data, "2024", "winner", layout=path)
    assert hexmap_.layout.source == str(path)
    assert hexmap_.svg().replace(str(path), "x") == build_map(data, "2024", "winner").svg()


def test_a_layout_missing_a_seat_is_refused(data, tmp_path: Path) -> None:
    from swingometer.data.tables import hexmap

    document = hexmap("pcon2024")
    del document["hexes"]["E14001063"]
    path = tmp_path / "short.hexjson"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(Exception) as caught:
        build_map(data, "2024", "winner", layout=path)
    assert str(caught.value) == (f"'hexes' of {path} must be complete, with a hex for every seat "
                                 f"of the election drawn (got '1 seat(s) without one: "
                                 f"E14001063')")


def test_probability_maps_record_the_seed(data) -> None:
    from swingometer.forecast.simulate import simulate_election

    simulation = simulate_election(data, shares={"Lab": 30, "RUK": 25, "Con": 18, "LD": 13,
                                                 "Green": 9}, sims=200, seed=11)
    root = parse(build_map(data, colour="probability", simulation=simulation).svg())
    metadata = json.loads(root.find(f"{NS}metadata").text)
    assert (metadata["seed"], metadata["sims"], metadata["colour"]) == (11, 200, "probability")
    assert "200 simulations (seed 11)" in root.find(f"{NS}title").text
    assert len(seat_paths(root)) == 650


README = (ROOT / "README.md").read_text(encoding="utf-8")
MAPS = re.search(r"## Maps\n(.*?)\n## ", README, flags=re.DOTALL).group(1)
SHELL = [line for line in re.search(r"```shell\n(.*?)```", MAPS, flags=re.DOTALL).group(1).splitlines()
         if line.startswith("swingometer ")]


def test_the_readme_map_is_what_its_command_makes(tmp_path: Path) -> None:
    command = SHELL[0]
    image = re.search(r"!\[[^\]]+\]\((docs/images/[^)]+\.svg)\)", MAPS).group(1)
    assert f"-o {image}" in command
    args = shlex.split(command.replace(f"-o {image}", f"-o {tmp_path / 'map.svg'}"))
    result = subprocess.run([EXE, *args[1:]], check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "map.svg").read_bytes() == (ROOT / image).read_bytes()


@pytest.mark.parametrize("command", SHELL[1:])
def test_the_readme_map_examples_run(command: str, tmp_path: Path) -> None:
    args = shlex.split(command)
    result = subprocess.run([EXE, *args[1:]], check=False, capture_output=True, text=True, timeout=180,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    output = Path(tmp_path / args[args.index("-o") + 1])
    assert output.stat().st_size > 10_000
    assert result.stdout.strip()


def test_seats_without_a_result_are_drawn_as_no_result() -> None:
    """A partial general election (say, an import on election night) leaves hatched hexes."""
    import swingometer

    data = swingometer.Dataset(include_imported=False)
    missing = {"E14001063", "E14001196", "S14000021"}
    partial = data.replace(**{name: table[~((table["election_id"] == "parl.2024-07-04")
                                            & table["gss_code"].isin(missing))]
                              for name, table in (("contests", data.contests),
                                                  ("candidacies", data.candidacies))})
    hexmap = build_map(partial, "2024", "winner")
    root = parse(hexmap.svg())
    fills = {e.attrib["id"]: e.attrib["fill"] for e in seat_paths(root)}
    assert len(fills) == 650
    assert {code: fills[code] for code in missing} == dict.fromkeys(missing, "url(#no-data)")
    assert sum(fill == "url(#no-data)" for fill in fills.values()) == 3
    row = hexmap.colouring.legend.rows[-1]
    assert (row.label, row.colours, row.seats) == ("no result", (NO_DATA,), 3)
    assert hexmap.colouring.seat("E14001196").name == "Dewsbury and Batley"


def test_a_layout_object_must_match_the_seats(data) -> None:
    import swingometer

    layout = parse_hexjson({"layout": "odd-r", "hexes": {"E14001063": {"q": 0, "r": 0}}},
                           "small.hexjson")
    with pytest.raises(swingometer.AnalysisError) as caught:
        build_map(data, "2024", "winner", layout=layout)
    assert str(caught.value) == ("the layout small.hexjson does not match the seats drawn: 649 "
                                 "without a hex, 0 hexes for no seat (E14001064, E14001065, "
                                 "E14001066, E14001067, E14001068)")


def test_no_data_is_a_hatch_defined_once_and_explained_in_the_legend(data) -> None:
    """Seats with nothing to colour by are hatched, not a grey: the independents' #DDDDDD was
    all but the old "no data" #D6D6D6."""
    hexmap = build_map(data, "2019", "share:brexit")
    svg = hexmap.svg()
    root = parse(svg)
    patterns = root.findall(f"{NS}defs/{NS}pattern")
    assert [p.attrib["id"] for p in patterns] == ["no-data"] and svg.count("<pattern") == 1
    pattern = patterns[0]
    assert pattern.attrib["patternUnits"] == "userSpaceOnUse"  # hatches of neighbours meet
    assert pattern.find(f"{NS}rect").attrib["fill"] == "#FFFFFF"
    assert pattern.find(f"{NS}path").attrib["stroke"] == NO_DATA_INK
    # every seat where the Brexit Party did not stand, and nothing else, is hatched
    did_not_stand = {s.gss_code for s in hexmap.colouring.seats if s.label == "did not stand"}
    hatched = {e.attrib["id"] for e in seat_paths(root) if e.attrib["fill"] == "url(#no-data)"}
    assert hatched == did_not_stand and len(hatched) == 650 - 275  # it stood in 275 seats
    # the legend has a hatched swatch beside the words for it
    swatches = root.findall(f"{NS}g[@class='legend-swatches']/{NS}rect")
    assert [s.attrib["fill"] for s in swatches].count("url(#no-data)") == 1
    labels = [e.text for e in root.iter(f"{NS}text") if e.attrib.get("class") == "legend-label"]
    assert "did not stand" in labels
    # a map with a figure for every seat has no pattern at all
    assert "<defs>" not in build_map(data, "2024", "winner").svg()
