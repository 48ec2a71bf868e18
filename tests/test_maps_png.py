"""PNG output: the file opens, has the requested size, shows the map, and records its inputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread
from PIL import Image

from swingometer.maps import build_map, map_png, write_png
from swingometer.maps.scales import rgb


@pytest.fixture(scope="module")
def winners(data):
    return build_map(data, "2019", "winner", labels=["Batley and Spen"])


@pytest.mark.parametrize(("width", "height"), [(1000, 1200), (640, 480), (333, 777), (1999, 2001)])
def test_png_has_the_requested_size(winners, tmp_path: Path, width: int, height: int) -> None:
    path = winners.write_png(tmp_path / "map.png", width, height)
    pixels = imread(path)
    assert pixels.shape[:2] == (height, width)


def test_png_shows_the_parties_colours(winners, tmp_path: Path) -> None:
    pixels = (imread(winners.write_png(tmp_path / "map.png", 800, 1000))[..., :3] * 255).round()
    for colour in ("#0087DC", "#E4003B", "#FAA61A", "#FDF38E"):  # Con, Lab, LD, SNP in 2019
        assert (np.abs(pixels - np.array(rgb(colour))).sum(axis=2) <= 3).sum() > 500, colour
    white = (pixels == 255).all(axis=2).mean()
    assert 0.3 < white < 0.9


def test_png_records_title_and_inputs(data, tmp_path: Path) -> None:
    path = map_png(data, tmp_path / "swing.png", "2019", "swing:lab:con", width=600, height=700,
                   highlight="leave_pct>=60")
    with Image.open(path) as image:
        assert image.size == (600, 700)
        info = dict(image.info)
    assert info["Title"] == "Butler swing from Labour to Conservative, 2019 against 2017"
    assert '"highlight": "leave_pct >= 60"' in info["Comment"]
    assert info["Software"] == "swingometer"


def test_save_chooses_the_format_by_suffix(winners, tmp_path: Path) -> None:
    png = winners.save(tmp_path / "m.PNG", width=300, height=400)
    assert imread(png).shape[:2] == (400, 300)
    svg = winners.save(tmp_path / "m.svg")
    assert svg.read_text(encoding="utf-8") == winners.svg()


@pytest.mark.parametrize(("width", "message"), [
    (10, "width must be a whole number of pixels from 50 to 20,000 (got 10)"),
    (800.5, "width must be a whole number of pixels from 50 to 20,000 (got 800.5)"),
])
def test_a_bad_size_is_refused_before_drawing(winners, tmp_path: Path, width,
                                              message: str) -> None:
    with pytest.raises(ValueError) as caught:
        write_png(winners.scene(), tmp_path / "x.png", width, 500)
    assert str(caught.value) == message
    assert not (tmp_path / "x.png").exists()


def test_a_map_file_must_be_svg_or_png(winners, tmp_path: Path) -> None:
    from swingometer import AnalysisError

    with pytest.raises(AnalysisError) as caught:
        winners.save(tmp_path / "map.jpg")
    assert str(caught.value) == f"a map is written as .svg or .png (got '{tmp_path / 'map.jpg'}')"
    with pytest.raises(AnalysisError) as caught:
        winners.save(tmp_path / "map.svg", width=100)
    assert str(caught.value) == "width and height size a PNG; an SVG scales to any size"
