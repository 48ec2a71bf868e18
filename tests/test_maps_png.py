"""PNG output: the file opens, has the requested size, shows the map ("no data" hatched as in the
SVG), and records its inputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread
from PIL import Image

from swingometer import AnalysisError
from swingometer.pictures.maps import build_map, map_png, write_png
from swingometer.pictures.maps.scales import NO_DATA, NO_DATA_INK, rgb


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
    with pytest.raises(AnalysisError) as caught:
        write_png(winners.scene(), tmp_path / "x.png", width, 500)
    assert str(caught.value) == message
    assert not (tmp_path / "x.png").exists()


def test_a_map_file_must_be_svg_or_png(winners, tmp_path: Path) -> None:
    with pytest.raises(AnalysisError) as caught:
        winners.save(tmp_path / "map.jpg")
    assert str(caught.value) == f"a map is written as .svg or .png (got '{tmp_path / 'map.jpg'}')"
    with pytest.raises(AnalysisError) as caught:
        winners.save(tmp_path / "map.svg", width=100)
    assert str(caught.value) == "width and height size a PNG; an SVG scales to any size"


def inside(pixels: np.ndarray, scene, cell, width: int, height: int) -> np.ndarray:
    """The pixels well inside ``cell``'s hexagon (a square of half its size about its centre)."""
    scale = min(width / scene.width, height / scene.height)
    pad_x, pad_y = (width / scale - scene.width) / 2, (height / scale - scene.height) / 2
    xs, ys = [x for x, _ in cell.points], [y for _, y in cell.points]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    half = (max(xs) - min(xs)) / 4
    left, right = (round((cx + pad_x + d) * scale) for d in (-half, half))
    top, bottom = (round((cy + pad_y + d) * scale) for d in (-half, half))
    return pixels[top:bottom, left:right].reshape(-1, 3)


def test_png_hatches_no_data_and_fades_other_seats(data, tmp_path: Path) -> None:
    """As in the SVG: where the Brexit Party did not stand, white crossed by grey lines; a faded
    seat is one flat tint."""
    hexmap = build_map(data, "2019", "share:brexit", highlight="leave_pct>=60")
    width, height = 1400, 1600
    pixels = (imread(hexmap.write_png(tmp_path / "map.png", width, height))[..., :3] * 255).round()
    scene = hexmap.scene()
    ink = np.array(rgb(NO_DATA_INK))
    empty = [c for c in scene.cells if c.fill == NO_DATA and not c.highlighted]
    faded = [c for c in scene.cells if c.fill != NO_DATA and not c.highlighted]
    assert len(empty) > 100 and len(faded) > 100
    for cell in empty[:20]:
        area = inside(pixels, scene, cell, width, height)
        white = (area >= 250).all(axis=1)
        assert 0.3 < white.mean() < 0.9, cell.id
        lines = area[~white]  # grey, as dark as the ink where a line crosses a pixel squarely
        assert (lines.max(axis=1) - lines.min(axis=1) <= 3).all(), cell.id
        assert np.abs(lines.min(axis=0) - ink).max() <= 25, cell.id
    for cell in faded[:20]:
        area = inside(pixels, scene, cell, width, height)
        assert (np.abs(area - np.array(rgb(cell.fill))).sum(axis=1) <= 6).all(), cell.id
