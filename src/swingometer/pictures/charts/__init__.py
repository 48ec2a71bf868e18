"""Charts of results, projections and simulations (matplotlib, SVG or PNG).

Each chart has a ``*_data`` function that gathers the numbers (a :class:`ChartData`: the rows
plotted, the facts marked, a description for screen readers) and a function of the chart's name
that draws them and returns the :class:`matplotlib.figure.Figure`, saving it when given a
``path`` (SVG or PNG by its suffix). The same chart gives the same SVG bytes on every run.

- :func:`totals`: seats by party with the majority line; with ``gains``, before and after.
- :func:`distribution`: the seat totals of a simulation, with each party's 5-95% interval.
- :func:`scatter`: per seat, a party's share against its change, coloured by the winner.
- :func:`history`: a seat's shares at every election, across the 2024 boundary change.
- :func:`polls_chart`: an area's polls, a dot per poll and party, with the average and its band.

>>> import swingometer
>>> from swingometer import charts
>>> figure = charts.totals(swingometer.Dataset(), "2024", gains=True)
>>> [float(v) for v in figure.get_size_inches()]
[8.0, 5.0]
"""

from swingometer.pictures.charts._chart import (
    CHARTS,
    ChartData,
    check_kind,
    check_output,
    draw,
    party_colours,
    save,
)
from swingometer.pictures.charts._distribution import distribution, distribution_data
from swingometer.pictures.charts._history import LINKED, history, history_data
from swingometer.pictures.charts._polls import polls_chart, polls_chart_data
from swingometer.pictures.charts._route import (
    CHART_SETTINGS,
    ChartSettingError,
    chart_data,
)
from swingometer.pictures.charts._scatter import scatter, scatter_data
from swingometer.pictures.charts._totals import totals, totals_data
from swingometer.results.totals import majority_needed

__all__ = [
    "CHARTS",
    "CHART_SETTINGS",
    "LINKED",
    "ChartData",
    "ChartSettingError",
    "chart_data",
    "check_kind",
    "check_output",
    "distribution",
    "distribution_data",
    "draw",
    "history",
    "history_data",
    "majority_needed",
    "party_colours",
    "polls_chart",
    "polls_chart_data",
    "save",
    "scatter",
    "scatter_data",
    "totals",
    "totals_data",
]
