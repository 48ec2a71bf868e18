"""What every chart shares: the data it plots, the house style, drawing and saving.

A chart is made in two steps. A ``*_data`` function gathers the numbers into a :class:`ChartData`
(pure pandas, no matplotlib), then :func:`draw` turns it into a matplotlib
:class:`~matplotlib.figure.Figure` on the Agg canvas and, given a path, writes SVG or PNG by the
file's suffix. matplotlib is imported only inside the functions that draw, so importing
swingometer (or starting its command line) never pays for it.

The house style is applied in a :func:`matplotlib.rc_context`, so nothing global changes: DejaVu
Sans (it ships with matplotlib, so text measures the same on every machine), SVG text kept as text
(searchable, and read by screen readers), a fixed ``svg.hashsalt`` and no date in the metadata, so
the same chart gives the same bytes on every run.
"""

from __future__ import annotations

import difflib
import io
import textwrap
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import pandas as pd

from swingometer.data.context import History
from swingometer.data.elections import notional_credits
from swingometer.data.parties import party_styles
from swingometer.exceptions import AnalysisError
from swingometer.forecast.polls import POLLS_CREDIT
from swingometer.pictures.maps.scales import LIGHT, luminance

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["CHARTS", "ChartData", "check_kind", "check_output", "draw", "edge_colour",
           "party_colours", "save"]

CHARTS = ("distribution", "history", "scatter", "totals")
FORMATS = ("svg", "png")
DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_DPI = 8.0, 5.0, 100
MAX_INCHES, MAX_PIXELS = 100.0, 20_000
INK, GRID = "#222222", "#DDDDDD"
SOURCE_SIZE = 6.5
ELECTION_SOURCE = ("Source: House of Commons Library election results, Open Parliament Licence "
                   "v3.0")
STYLE = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9.0,
    "svg.fonttype": "none",
    "svg.hashsalt": "swingometer",
    "axes.edgecolor": "#888888",
    "axes.labelcolor": INK,
    "axes.titlesize": 9.0,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": "#555555",
    "ytick.color": "#555555",
    "text.color": INK,
    "legend.frameon": False,
    "legend.fontsize": 8.0,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
}


@dataclass(frozen=True)
class ChartData:
    """The numbers a chart plots, and how to plot them.

    Attributes
    ----------
    kind : str
        ``totals``, ``gains``, ``distribution``, ``scatter`` or ``history``.
    title : str
        The chart's title (also the SVG's ``<title>``).
    description : str
        A sentence or two saying what the chart shows, for screen readers (the SVG's ``<desc>``).
    table : pandas.DataFrame
        The data plotted, one row per bar, point or step, with the colour it is drawn in.
    facts : mapping
        Everything else the chart marks or rests on (the majority line, the elections compared,
        the seed and number of simulations, ...), as plain values.
    source : str
        The source and licence line printed under the chart.
    display : pandas.DataFrame
        A compact table of the same numbers for people (the command line's table output).
    options : mapping
        Drawing options (for example ``horizontal``), not data.
    note : str
        A line to print under ``display`` when it shows only part of ``table``.
    """

    kind: str
    title: str
    description: str
    table: pd.DataFrame = field(repr=False)
    facts: Mapping[str, Any]
    source: str
    display: pd.DataFrame = field(repr=False)
    plot: Callable[[ChartData, Figure], None] = field(repr=False, compare=False)
    options: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""

    def to_dict(self) -> dict:
        """Plain data for JSON: the kind, title, description, facts and every plotted row."""
        rows = self.table.astype(object).where(self.table.notna(), None)
        return {"chart": self.kind, "title": self.title, "description": self.description,
                **dict(self.facts), "source": self.source,
                "data": rows.to_dict(orient="records")}


def party_colours(data: History, codes: Iterable[str]) -> dict[str, str]:
    """Each party's conventional colour from the parties table (grey for others and unknowns).

    >>> import swingometer
    >>> party_colours(swingometer.Dataset(), ["Lab", "Con", "Oth"])
    {'Lab': '#E4003B', 'Con': '#0087DC', 'Oth': '#B3B3B3'}
    """
    return {code: style.colour for code, style in party_styles(data.parties, codes).items()}


def edge_colour(colour: str) -> str:
    """An outline for a mark drawn in ``colour``: the colour itself, or dark grey for a colour so
    light it would vanish on white (the independents' grey, the SNP's yellow).

    >>> edge_colour("#E4003B"), edge_colour("#DDDDDD")
    ('#E4003B', '#555555')
    """
    return "#555555" if luminance(colour) > LIGHT else colour


def election_source(*election_ids: str) -> str:
    """The source line for charts of official results (naming the notional results if used)."""
    return ELECTION_SOURCE + "".join(f"; {c}" for c in notional_credits(*election_ids))


def projection_source(projection: Any, what: str = "projection", seed: int | None = None) -> str:
    """The source line's words for a projection (or a simulation, with its ``seed``): its model
    and what it started from, and the polls' licence when that was a poll average.

    >>> from types import SimpleNamespace
    >>> projection_source(SimpleNamespace(model="uniform", inputs={"shares": {"Lab": 30.0}}))
    'projection: swingometer, uniform model, GB shares Lab 30'
    >>> average = SimpleNamespace(model="uniform", inputs={"as_of": "2024-07-04", "polls": 23})
    >>> for part in projection_source(average, "simulation", seed=1).split("; "):
    ...     print(part)
    simulation: swingometer, uniform model, GB poll average as of 2024-07-04 (23 polls), seed 1
    polls: Wikipedia (CC BY-SA 4.0) via AndyLawton/uk_general_election_polls, agoldhammer/UKPolls, HarviLehal/Opinion-Polling and angrisanidj/modello-uk
    cross-checked with Mark Pack's PollBase (markpack.org.uk/opinion-polls)
    """
    inputs = projection.inputs
    if "as_of" in inputs:
        given = f"GB poll average as of {inputs['as_of']} ({inputs.get('polls', '?')} polls)"
    else:
        given = "GB shares " + ", ".join(f"{p} {v:g}" for p, v in inputs["shares"].items())
    words = f"{what}: swingometer, {projection.model} model, {given}"
    if seed is not None:
        words += f", seed {seed}"
    if "as_of" in inputs:
        words += f"; polls: {POLLS_CREDIT}"
    return words


@contextmanager
def style() -> Iterator[None]:
    """The house style, for the duration of a ``with`` block only."""
    import matplotlib

    with matplotlib.rc_context(STYLE):
        yield


def check_kind(kind: str) -> str:
    """The chart a name asks for (``totals``, ``history``, ``distribution`` or ``scatter``).

    >>> check_kind("Totals")
    'totals'
    """
    text = str(kind).strip().lower()
    if text not in CHARTS:
        close = difflib.get_close_matches(text, CHARTS, n=1)
        raise AnalysisError(f"chart must be one of {', '.join(CHARTS)} (got {kind!r})"
                            + (f"; did you mean {close[0]!r}?" if close else ""))
    return text


def check_size(width: float, height: float, dpi: int) -> None:
    """Refuse a figure size that cannot be drawn, before any work is done."""
    for name, value in (("width", width), ("height", height)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not 0 < value <= MAX_INCHES:
            raise AnalysisError(f"{name} must be a number of inches above 0 and at most "
                                f"{MAX_INCHES:g} (got {value!r})")
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 10 <= dpi <= 1200:
        raise AnalysisError(f"dpi must be a whole number from 10 to 1200 (got {dpi!r})")
    if max(width, height) * dpi > MAX_PIXELS:
        raise AnalysisError(f"a chart is at most {MAX_PIXELS:,} pixels on a side (got "
                            f"{round(width * dpi):,} x {round(height * dpi):,}: width and height "
                            f"in inches times dpi)")


def check_path(path: str | Path) -> Path:
    """The output file, if it can be written: a ``.svg`` or ``.png`` in a folder that exists."""
    target = Path(path)
    if target.suffix.lower().lstrip(".") not in FORMATS:
        raise AnalysisError(f"a chart is written as SVG or PNG: the file name must end in .svg "
                            f"or .png (got {str(path)!r})")
    if not target.parent.is_dir():
        raise AnalysisError(f"cannot write {str(path)!r}: the folder {str(target.parent)!r} "
                            f"does not exist")
    return target


def check_output(path: str | Path, width: float = DEFAULT_WIDTH, height: float = DEFAULT_HEIGHT,
                 dpi: int = DEFAULT_DPI) -> Path:
    """Refuse an output file or size that cannot be written, before any work is done."""
    check_size(width, height, dpi)
    return check_path(path)


def draw(chart: ChartData, path: str | Path | None = None, width: float = DEFAULT_WIDTH,
         height: float = DEFAULT_HEIGHT, dpi: int = DEFAULT_DPI) -> Figure:
    """Draw ``chart`` on a new figure of ``width`` x ``height`` inches and, given ``path``, save
    it (SVG or PNG by the suffix; a PNG is ``width * dpi`` x ``height * dpi`` pixels).

    Returns the :class:`matplotlib.figure.Figure` (on the Agg canvas, not registered with
    pyplot, so it is freed with the last reference to it).
    """
    check_size(width, height, dpi)
    target = None if path is None else check_path(path)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # the source line, wrapped to the width (a generous 0.6 em a character, so no line is cut)
    lines = textwrap.wrap(chart.source, max(40, int(width * 72 * 0.98 / (SOURCE_SIZE * 0.6))))
    with style():
        # room under the axes for the source: about a third of an inch whatever the height, and
        # a ninth more for each further line
        first = min(0.3 / height, 0.2)
        foot = min(first + 0.11 * (len(lines) - 1) / height, 0.4)
        figure = Figure(figsize=(width, height), dpi=dpi)
        figure.set_layout_engine("constrained", rect=(0, foot, 1, 1 - foot))
        FigureCanvasAgg(figure)
        figure.suptitle(chart.title, x=0.01, ha="left", fontsize=11, fontweight="bold")
        chart.plot(chart, figure)
        figure.text(0.01, first * 0.3, "\n".join(lines), fontsize=SOURCE_SIZE, color="#666666",
                    ha="left", va="bottom")
        if target is not None:
            _save(figure, target, chart)
    return figure


def save(figure: Figure, path: str | Path, chart: ChartData | None = None) -> Path:
    """Write ``figure`` as SVG or PNG (by the suffix of ``path``) in the house style, with no date
    in it, so the same figure gives the same bytes; a ``chart`` gives the SVG its title and
    description."""
    target = check_path(path)
    with style():
        _save(figure, target, chart)
    return target


def _save(figure: Figure, target: Path, chart: ChartData | None) -> None:
    if target.suffix.lower() == ".png":
        figure.savefig(target, format="png", dpi=figure.dpi, metadata={"Software": "swingometer"})
        return
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "swingometer"})
    text = buffer.getvalue().decode("utf-8")
    if chart is not None:
        text = _accessible(text, chart.title, chart.description)
    target.write_bytes(text.encode("utf-8"))


def _accessible(svg: str, title: str, description: str) -> str:
    """The SVG with ``role="img"``, a ``<title>`` and a ``<desc>`` first inside its root."""
    start = svg.index("<svg ")
    end = svg.index(">", start)
    head = svg[start:end].replace("<svg ", '<svg role="img" aria-labelledby="chart-title '
                                           'chart-desc" ', 1)
    return (svg[:start] + head + ">\n"
            + f' <title id="chart-title">{escape(title)}</title>\n'
            + f' <desc id="chart-desc">{escape(description)}</desc>'
            + svg[end + 1:])

