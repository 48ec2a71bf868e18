"""An area's opinion polls over time: a dot per poll and party, the poll average with its band.

Each standard poll of the area (MRPs and other nonstandard polls are left out, as the averages
leave them out) is a dot per party; the average (:func:`~swingometer.forecast.polls.poll_averages`, the
method's default window) is a line per party with its 90% band (1.645 standard errors either
side) where the method gives one. General elections in the range are marked, and for GB the
result: each party's actual GB share.

>>> import swingometer
>>> from swingometer.pictures.charts import polls_chart_data
>>> chart = polls_chart_data(swingometer.Dataset(), since="2024-06-01", until="2024-07-04")
>>> chart.facts["parties"][:3], chart.facts["elections"][0]["shares"]["Lab"]
(['Con', 'Lab', 'LD'], 34.64)
"""

from __future__ import annotations

import datetime
import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from swingometer.data.elections import Election, election_label
from swingometer.exceptions import AnalysisError
from swingometer.forecast.models import history_shares
from swingometer.forecast.polls import (
    DEFAULT_METHOD,
    PARTIES,
    POLLS_CREDIT,
    poll_averages,
)
from swingometer.forecast.polls._frame import PollFrame, poll_frame
from swingometer.pictures.charts._chart import (
    DEFAULT_DPI,
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    GRID,
    INK,
    ChartData,
    draw,
    edge_colour,
    election_source,
    party_colours,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from swingometer.dataset import Dataset

__all__ = ["polls_chart", "polls_chart_data"]

MIN_SHARE = 2.0  # a party is drawn if its polls in the range average at least this (%)
BAND = 1.645  # standard errors either side of the average: a 90% band
MAX_POINTS = 250  # averages on the line at most (daily, or every few days over long ranges)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
COLUMNS = ["series", "date", "party", "share", "low", "high", "pollster", "poll_id",
           "election_id", "colour"]


def _day(value: str | datetime.date, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise AnalysisError(f"the {name} date of a polls chart must be YYYY-MM-DD (got "
                            f"{value!r})") from None


def _range(frame: PollFrame, since: str | datetime.date | None,
           until: str | datetime.date | None) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the chart, refused if no poll of the area ended in between."""
    if not len(frame):
        raise AnalysisError(f"there are no {frame.area} polls in the polls table")
    end = _day(frame.ends[-1] if until is None else until, "until")
    start = (_day(since, "since") if since is not None
             else (pd.Timestamp(end) - pd.DateOffset(years=2)).date())
    if start > end:
        raise AnalysisError(f"a polls chart must start on or before its last day (got since "
                            f"{start}, until {end})")
    if not ((frame.ends >= start.isoformat()) & (frame.ends <= end.isoformat())).any():
        raise AnalysisError(f"no {frame.area} polls ended from {start} to {end}; the "
                            f"{frame.area} polls run from {frame.ends[0]} to {frame.ends[-1]}")
    return start, end


def _results(data: Dataset, election: Election) -> pd.Series:
    """The GB shares of a general election by poll party (independents count as others)."""
    shares = history_shares(data, election.election_id, election.boundary_set).national()
    return pd.Series(shares, dtype=float).groupby(lambda p: p if p in PARTIES else "Oth").sum()


def _spoken(day: datetime.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def polls_chart_data(data: Dataset, area: str = "GB", since: str | datetime.date | None = None,
                     until: str | datetime.date | None = None,
                     method: str | None = None) -> ChartData:
    """The polls of ``area`` that ended from ``since`` to ``until``, with their average.

    Parameters
    ----------
    data : swingometer.Dataset
        Its ``polls`` are charted; its ``parties`` give the colours, its ``elections`` the general
        elections marked.
    area : str
        ``GB`` (the default), ``UK``, ``Scotland``, ``Wales`` or ``London``.
    since, until : str or datetime.date, optional
        The first and last day (inclusive) a poll may have ended on. Default: ``until`` the
        latest poll of the area, ``since`` two years before ``until``.
    method : str, optional
        The average's method (default :data:`~swingometer.forecast.polls.DEFAULT_METHOD`).

    Returns
    -------
    ChartData
        ``table`` holds a row per ``poll`` dot (a poll and party), ``average`` point (as of a day:
        its polls ended before it; daily, or every ``step_days`` over a long range, the last the
        day after the last poll) and election ``result`` marker. Parties whose polls in the range
        average under 2% are left out.
    """
    frame = poll_frame(data.polls, area)
    start, end = _range(frame, since, until)
    rows = (frame.ends >= start.isoformat()) & (frame.ends <= end.isoformat())
    ends, shares = frame.ends[rows], frame.shares[rows]
    means = np.nansum(shares, axis=0) / np.maximum((~np.isnan(shares)).sum(axis=0), 1)
    parties = [p for p, m in zip(PARTIES, means) if m >= MIN_SHARE]
    method = DEFAULT_METHOD if method is None else method
    final = datetime.date.fromisoformat(str(ends[-1])) + datetime.timedelta(days=1)
    step = max(1, math.ceil(((final - start).days + 1) / MAX_POINTS))
    days = pd.date_range(end=final, periods=(final - start).days // step + 1,
                         freq=f"{step}D").strftime("%Y-%m-%d").tolist()
    averages = [a for a in poll_averages(data.polls, days, frame.area, method) if a is not None]
    dots = pd.DataFrame(shares[:, [PARTIES.index(p) for p in parties]], columns=parties).assign(
        series="poll", date=ends, pollster=frame.pollsters[rows], poll_id=frame.ids[rows]).melt(
        ["series", "date", "pollster", "poll_id"], var_name="party", value_name="share")
    line = pd.DataFrame([{"series": "average", "date": a.as_of, "party": p, "share": a.shares[p],
                          "sd": a.sd.get(p, np.nan)} for p in parties for a in averages
                         if p in a.shares])
    line["low"], line["high"] = line["share"] - BAND * line["sd"], line["share"] + BAND * line.sd
    general = data.elections[(data.elections["type"] == "general")
                             & data.elections["date"].between(start.isoformat(), end.isoformat())]
    elections, marks = [], []
    for election_id in general.sort_values("date")["election_id"]:
        election = data.election(election_id)
        result = _results(data, election) if frame.area == "GB" else pd.Series(dtype=float)
        result = {p: round(float(result[p]), 2) for p in parties if p in result}
        elections.append({"election_id": election_id, "date": election.date,
                          "label": election_label(election), "shares": result})
        marks += [{"series": "result", "date": election.date, "party": p, "share": v,
                   "election_id": election_id} for p, v in result.items()]
    table = pd.concat([dots.dropna(subset=["share"]), line, pd.DataFrame(marks)],
                      ignore_index=True).reindex(columns=COLUMNS).astype({"election_id": object})
    table["colour"] = table["party"].map(party_colours(data, parties))
    latest, count, pollsters = averages[-1], int(rows.sum()), len(set(frame.pollsters[rows]))
    listed = ", ".join(f"{p} {latest.shares[p]:.1f}%" for p in parties if p in latest.shares)
    marked = "; ".join(e["label"] + (": " if e["shares"] else "")
                       + ", ".join(f"{p} {v:.1f}%" for p, v in e["shares"].items())
                       for e in elections)
    description = (f"Voting intention in {area}: {count} polls by {pollsters} pollsters that "
                   f"ended from {start} to {end}, a dot per poll and party, with the {method} "
                   f"average. The average as of {latest.as_of}: {listed}."
                   + (f" General elections marked: {marked}." if elections else ""))
    credit = f"{POLLS_CREDIT}; average: swingometer, {method} method"
    ids = [e["election_id"] for e in elections if e["shares"]]
    source = f"{election_source(*ids)}; polls: {credit}" if ids else f"Polls: {credit}"
    averaged = line.groupby("party", sort=False)["share"]
    counted = dots["party"][dots["share"].notna()].value_counts()
    display = pd.DataFrame({"party": parties, "polls": counted.reindex(parties).tolist(),
                            "first": averaged.first().reindex(parties).round(1).tolist(),
                            "latest": averaged.last().reindex(parties).round(1).tolist()})
    display["change"] = (display["latest"] - display["first"]).round(1)
    facts = {"area": area, "since": start.isoformat(), "until": end.isoformat(),
             "method": method, "window_days": latest.window_days, "step_days": step,
             "polls": count, "pollsters": pollsters, "latest_poll": str(ends[-1]),
             "parties": parties, "elections": elections}
    return ChartData("polls", f"{area} polls, {_spoken(start)} to {_spoken(end)}", description,
                     table, facts, source, display, _plot)


def _outline(colour: str, width: float) -> list:
    """A dark edge around a line of a colour too light to see on white (the SNP's yellow)."""
    from matplotlib.patheffects import Normal, Stroke

    edge = edge_colour(colour)
    return [] if edge == colour else [Stroke(linewidth=width, foreground=edge), Normal()]


def _plot(chart: ChartData, figure: Figure) -> None:
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D

    table = chart.table.assign(when=pd.to_datetime(chart.table["date"]))
    ax = figure.add_subplot()
    colours = dict(zip(table["party"], table["colour"]))
    for party in chart.facts["parties"]:
        mine, colour = table[table["party"] == party], colours[party]
        dots, line = mine[mine["series"] == "poll"], mine[mine["series"] == "average"]
        ax.scatter(dots["when"], dots["share"], s=5, color=colour, alpha=0.4,
                   edgecolors=edge_colour(colour), linewidths=0.3 if _outline(colour, 1) else 0,
                   gid=f"polls-{party}")
        banded = line[line["low"].notna()]
        if len(banded):
            ax.fill_between(banded["when"], banded["low"].astype(float),
                            banded["high"].astype(float), color=colour, alpha=0.12,
                            linewidth=0, gid=f"band-{party}")
        ax.plot(line["when"], line["share"], color=colour, linewidth=1.6,
                path_effects=_outline(colour, 2.4), gid=f"average-{party}")
    for election in chart.facts["elections"]:
        when = pd.Timestamp(election["date"])
        ax.axvline(when, color=INK, linestyle="--", linewidth=0.8, zorder=1,
                   gid=f"election-{election['election_id']}")
        ax.text(when, 0.99, f" {election['label']}", transform=ax.get_xaxis_transform(),
                ha="left", va="top", fontsize=7, color=INK)
        for party, share in election["shares"].items():
            ax.plot([when], [share], linestyle="", marker="D", markersize=5, color=colours[party],
                    markeredgecolor=edge_colour(colours[party]), markeredgewidth=0.8, zorder=4,
                    gid=f"result-{party}-{election['election_id']}")
    ax.set_xlim(pd.Timestamp(chart.facts["since"]),
                pd.Timestamp(chart.facts["until"]) + pd.Timedelta(days=1))
    ax.set_ylim(0, max(float(table["share"].max()) * 1.08, 10))
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("date the poll ended")
    ax.set_ylabel("voting intention (%)")
    ax.grid(color=GRID, linewidth=0.5)
    ax.set_axisbelow(True)
    handles = [Line2D([], [], color=colours[p], linewidth=2, label=p,
                      path_effects=_outline(colours[p], 2.8)) for p in chart.facts["parties"]]
    handles += [Line2D([], [], linestyle="", marker="o", markersize=3, color="#777777",
                       alpha=0.5, label="a poll"),
                Line2D([], [], color="#777777", linewidth=1.6, label=f"{chart.facts['method']} "
                       "average")]
    if any(e["shares"] for e in chart.facts["elections"]):
        handles.append(Line2D([], [], linestyle="", marker="D", markersize=4, color="#777777",
                              markeredgecolor=INK, label="result"))
    figure.legend(handles=handles, loc="outside right upper", fontsize=7)


def polls_chart(data: Dataset, area: str = "GB", since: str | datetime.date | None = None,
                until: str | datetime.date | None = None, method: str | None = None, *,
                path: str | Path | None = None, width: float = DEFAULT_WIDTH,
                height: float = DEFAULT_HEIGHT, dpi: int = DEFAULT_DPI) -> Figure:
    """The polls chart (see :func:`polls_chart_data`), saved to ``path`` if given."""
    return draw(polls_chart_data(data, area, since, until, method), path, width, height, dpi)
