"""Poll averages: national vote shares as of a date, from the shipped polls.

The average of a party is the mean of its share over the polls that ended in the window before the
date (by default the 7 days before it; the date itself excluded), optionally weighted by a time
decay and corrected for each pollster's house effect. GB polls are used, plus polls whose area the
source did not record (every poll before June 2017: Wikipedia's tables then were GB polls with the
odd UK one). Shares are normalised so the parties plus ``Oth`` sum to 100; a party no poll in the
window reported (the SNP before 2015's tables had a column for it) is left out, not set to 0.
Reform UK continues the Brexit Party: a poll's ``BRX`` share counts as ``RUK``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from swingometer.exceptions import AnalysisError

__all__ = ["POLLS_CREDIT", "PollAverage", "poll_average", "poll_averages"]

# the source and licence of the shipped polls (Wikipedia's tables, via the repository they were
# taken from): every output drawn from a poll average credits it
POLLS_CREDIT = "Wikipedia via AndyLawton/uk_general_election_polls, CC BY-SA 4.0"

AREAS = ("GB",)
PARTIES = ("Con", "Lab", "LD", "Green", "SNP", "PC", "UKIP", "RUK", "Oth")
_LINEAGE = {"BRX": "RUK", "ChUK": "Oth", "Lib": "Oth", "All": "Oth", "SDP": "Oth",
            "Reclaim": "Oth"}


@dataclass(frozen=True)
class PollAverage:
    """GB vote shares (%) by party as of a date, with the polls behind them."""

    as_of: str
    window_days: int
    shares: dict[str, float]
    polls: int
    house_effects: dict[str, dict[str, float]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"as_of": self.as_of, "area": "GB", "window_days": self.window_days,
                "polls": self.polls, "shares": {p: round(s, 2) for p, s in self.shares.items()}}


def _party_frame(polls: pd.DataFrame) -> pd.DataFrame:
    """Poll shares by swingometer party (BRX folded into RUK, minor parties into Oth)."""
    out = pd.DataFrame(index=polls.index)
    for column in polls.columns:
        if column in PARTIES or column in _LINEAGE:
            target = _LINEAGE.get(column, column)
            values = polls[column].astype(float)
            out[target] = values if target not in out else out[target].add(values, fill_value=0)
    return out.reindex(columns=list(PARTIES))


def poll_average(polls: pd.DataFrame, as_of: str | date, window_days: int = 7,
                 half_life_days: float | None = None,
                 house_effects: bool = False) -> PollAverage:
    """Average GB shares of the polls that ended in the ``window_days`` before ``as_of``.

    Parameters
    ----------
    polls : the shipped ``polls`` table (or a view of it).
    as_of : the date of the average; polls ending on it or later are not used.
    window_days : how far back to look.
    half_life_days : weight each poll by 0.5 ** (age / half-life) if given.
    house_effects : subtract each pollster's average deviation from the all-pollster average over
        the previous 365 days before averaging.
    """
    day = pd.Timestamp(as_of).date()
    start = (day - timedelta(days=window_days)).isoformat()
    usable = _gb(polls)
    window = usable[(usable["date_end"] >= start) & (usable["date_end"] < day.isoformat())]
    if window.empty:
        first = usable["date_end"].min() if len(usable) else "none"
        raise AnalysisError(f"no GB polls ended in the {window_days} days before {day} "
                            f"(first poll: {first}); widen the window or pass shares")
    shares = _party_frame(window)
    effects: dict[str, dict[str, float]] = {}
    if house_effects:
        year = usable[(usable["date_end"] >= (day - timedelta(days=365)).isoformat())
                      & (usable["date_end"] < day.isoformat())]
        year_shares = _party_frame(year)
        deviation = (year_shares - year_shares.mean()).groupby(year["pollster"].to_numpy()).mean()
        correction = deviation.reindex(window["pollster"].to_numpy()).fillna(0).to_numpy()
        shares = shares - np.where(np.isnan(shares.to_numpy()), 0, correction)
        effects = {p: {k: round(float(v), 2) for k, v in row.items() if not np.isnan(v)}
                   for p, row in deviation.iterrows()}
    weights = np.ones(len(window))
    if half_life_days:
        age = (pd.Timestamp(day) - pd.to_datetime(window["date_end"])).dt.days.to_numpy()
        weights = 0.5 ** (age / half_life_days)
    return PollAverage(day.isoformat(), window_days, _mean(shares.to_numpy(), weights),
                       len(window), effects)


def poll_averages(polls: pd.DataFrame, days: list[str],
                  window_days: int = 7) -> list[PollAverage | None]:
    """:func:`poll_average` (unweighted, no house effects) as of each of ``days``, None where no
    GB poll ended in the window; one pass over the polls, for many dates at once."""
    usable = _gb(polls).dropna(subset=["date_end"]).sort_values("date_end")
    values = _party_frame(usable).to_numpy()
    ends = usable["date_end"].to_numpy(dtype=str)
    out: list[PollAverage | None] = []
    for day in days:
        start = (pd.Timestamp(day) - timedelta(days=window_days)).date().isoformat()
        low, high = np.searchsorted(ends, start), np.searchsorted(ends, str(day))
        out.append(PollAverage(str(day), window_days, _mean(values[low:high], np.ones(high - low)),
                               int(high - low)) if high > low else None)
    return out


def _gb(polls: pd.DataFrame) -> pd.DataFrame:
    """The GB polls, and those whose area the source did not record."""
    return polls[polls["area"].isna() | polls["area"].isin(AREAS)]


def _mean(values: np.ndarray, weights: np.ndarray) -> dict[str, float]:
    """Weighted mean share of each party over the polls (rows) that reported it, normalised to
    100 over the parties any of them reported."""
    present = ~np.isnan(values)
    mean = (np.nan_to_num(values) * weights[:, None]).sum(axis=0) / np.maximum(
        (present * weights[:, None]).sum(axis=0), 1e-12)
    reported = present.any(axis=0)
    mean = np.clip(mean, 0, None) * reported
    mean = 100 * mean / mean.sum()
    return {p: float(v) for p, v, r in zip(PARTIES, mean, reported) if r}
