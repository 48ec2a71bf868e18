"""Poll averages: an area's vote shares as of a date, from the polls that ended before it.

>>> import swingometer
>>> from swingometer.forecast.polls import poll_average
>>> average = poll_average(swingometer.Dataset().polls, "2024-07-04")
>>> average.method, round(average.shares["Lab"])
('kalman', 38)

The default method, ``kalman``, was chosen by backtest: at every general election 2010-2024 its
final average missed the GB result by less, party by party, than the plain mean of the last 7 days
and the weighted mean (``benchmarks/poll_averages.py`` prints the table). One configuration
serves every election and area; nations and London, polled far less often than GB, look further
back (``NATION_WINDOWS``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from swingometer.exceptions import AnalysisError, NoPollsError
from swingometer.forecast.polls._frame import (
    PARTIES,
    PollFrame,
    poll_frame,
    usable_polls,
)
from swingometer.forecast.polls._house import house_effects as measure_house_effects
from swingometer.forecast.polls._methods import METHODS, Options

__all__ = ["DEFAULT_METHOD", "PollAverage", "poll_average", "poll_averages", "poll_day"]

DEFAULT_METHOD = "kalman"
# the days each method looks back by default: GB and UK, then Scotland, Wales and London
GB_WINDOWS = {"mean": 7, "weighted": 7, "kalman": 90}
NATION_WINDOWS = {"mean": 60, "weighted": 60, "kalman": 180}


@dataclass(frozen=True)
class PollAverage:
    """An area's vote shares (%) as of a date, with the polls behind them.

    ``shares`` sum to 100 over the parties some poll in the window reported (a party none did, such
    as the SNP before the polls had a column for it, is left out, not 0). ``sd``: the standard
    error of each share where the method gives one. ``poll_ids``: the polls used.
    """

    as_of: str
    area: str
    method: str
    window_days: int
    shares: dict[str, float]
    polls: int
    pollsters: int
    latest_poll: str
    poll_ids: tuple[str, ...] = field(repr=False)
    sd: dict[str, float] = field(default_factory=dict)
    house_effects: dict[str, dict[str, float]] = field(default_factory=dict)

    def folded(self, parties: tuple[str, ...] | list[str]) -> dict[str, float]:
        """The shares with every party not in ``parties`` (Restore Britain, for the seat models)
        counted as others (``Oth``)."""
        out: dict[str, float] = {}
        for party, share in self.shares.items():
            code = party if party in parties else "Oth"
            out[code] = out.get(code, 0.0) + share
        return out

    def to_dict(self) -> dict:
        return {"as_of": self.as_of, "area": self.area, "method": self.method,
                "window_days": self.window_days, "polls": self.polls,
                "pollsters": self.pollsters, "latest_poll": self.latest_poll,
                "shares": {p: round(s, 2) for p, s in self.shares.items()},
                "sd": {p: round(s, 2) for p, s in self.sd.items()},
                "house_effects": self.house_effects}


def _day(as_of: str | datetime.date) -> str:
    try:
        return datetime.date.fromisoformat(str(as_of)).isoformat()
    except ValueError:
        raise AnalysisError(f"the date of a poll average must be YYYY-MM-DD, 'latest' or 'today' "
                            f"(got {as_of!r})") from None


def poll_day(polls: pd.DataFrame, as_of: str | datetime.date | None = "latest") -> str:
    """The ISO day of a poll average from ``as_of``: ``"latest"`` (or None) for the day after the
    latest standard GB poll ended, so that it is used; ``"today"``; or a date."""
    text = "latest" if as_of is None else str(as_of).strip().lower()
    if text == "today":
        return datetime.date.today().isoformat()
    if text == "latest":
        ends = usable_polls(polls, "GB")["date_end"]
        if ends.empty:
            raise NoPollsError("GB", "the latest poll", 0, None)
        return (datetime.date.fromisoformat(str(ends.iloc[-1]))
                + datetime.timedelta(days=1)).isoformat()
    return _day(as_of)


def default_window(area: str, method: str) -> int:
    """The days ``method`` looks back by default in ``area``."""
    return (GB_WINDOWS if area in ("GB", "UK") else NATION_WINDOWS)[method]


def poll_average(polls: pd.DataFrame, as_of: str | datetime.date, area: str = "GB",
                 method: str | None = None, window_days: int | None = None,
                 house_effects: bool = False, nonstandard: bool = False,
                 options: Options | None = None) -> PollAverage:
    """The average of ``area``'s polls that ended in the ``window_days`` before ``as_of``.

    Parameters
    ----------
    polls : the ``polls`` table (shipped plus imported, or a view of it).
    as_of : the day of the average; polls ending on it or later are not used.
    area : ``GB`` (the default), ``UK``, ``Scotland``, ``Wales`` or ``London``.
    method : ``weighted`` (the default), ``kalman`` or ``mean`` (see :mod:`swingometer.forecast.polls`).
    window_days : how far back to look (default: the method's, longer outside GB).
    house_effects : subtract each pollster's house effect, measured on the year of polls before
        ``as_of`` (they are reported either way; subtracting them made the final averages of
        2010-2024 no better).
    nonstandard : use MRPs, SRPs and mega-polls too (left out by default).
    options : the methods' other settings.
    """
    return _average(poll_frame(polls, area, nonstandard), _day(as_of), method, window_days,
                    house_effects, options)


def _average(frame: PollFrame, day: str, method: str | None, window_days: int | None,
             house_effects: bool, options: Options | None, report: bool = True) -> PollAverage:
    method = DEFAULT_METHOD if method is None else method
    if method not in METHODS:
        raise AnalysisError(f"the poll average method must be one of {', '.join(sorted(METHODS))}"
                            f" (got {method!r})")
    window = default_window(frame.area, method) if window_days is None else int(window_days)
    if window < 1:
        raise AnalysisError(f"the window of a poll average must be at least 1 day (got {window})")
    options = replace(options or Options(), window_days=window)
    # measured when used, or to report them (not for each day of a series)
    effects = measure_house_effects(frame, day) if house_effects or report else {}
    shares = frame.shares
    if house_effects and effects:
        offsets = np.array([effects.get(p, np.zeros(len(PARTIES))) for p in frame.pollsters])
        shares = np.clip(frame.shares - offsets, 0, None)
    estimate = METHODS[method](frame, shares, day, options)
    if not len(estimate.rows):
        raise NoPollsError(frame.area, day, window, frame.last_before(day))
    values = np.clip(estimate.shares, 0, None)
    reported = ~np.isnan(values)
    total = values[reported].sum()
    used = frame.pollsters[estimate.rows]
    return PollAverage(
        as_of=day, area=frame.area, method=method, window_days=window,
        shares={p: float(100 * v / total) for p, v, r in zip(PARTIES, values, reported) if r},
        polls=len(estimate.rows), pollsters=len(set(used)),
        latest_poll=str(frame.ends[estimate.rows[-1]]),
        poll_ids=tuple(frame.ids[estimate.rows]),
        sd={} if estimate.sd is None else {p: float(s) for p, s, r in zip(PARTIES, estimate.sd,
                                                                         reported) if r},
        house_effects={name: {p: round(float(v), 2) for p, v in zip(PARTIES, row) if v}
                       for name, row in sorted(effects.items())
                       if name in set(used) and not name.startswith("unnamed ") and row.any()})


def poll_averages(polls: pd.DataFrame, days: list[str], area: str = "GB",
                  method: str | None = None, window_days: int | None = None,
                  house_effects: bool = False) -> list[PollAverage | None]:
    """:func:`poll_average` as of each of ``days``, None where no poll ended in the window; the
    polls are prepared once, for many dates at once. House effects are measured (and reported)
    only when ``house_effects`` asks for them."""
    frame = poll_frame(polls, area)
    out: list[PollAverage | None] = []
    for day in days:
        try:
            out.append(_average(frame, _day(day), method, window_days, house_effects, None,
                                report=house_effects))
        except NoPollsError:
            out.append(None)
    return out
