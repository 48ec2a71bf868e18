"""What the by-elections since a general election say about Scotland's and Wales's own swing.

The shipped polls are GB polls: they say nothing of Scotland or Wales on their own, whose swings
have departed from GB's by up to 30 points (the SNP in 2015). A projection from them gives each
nation the GB change (:meth:`~swingometer.forecast.models.SeatModel.nation_targets`). Between general
elections the only other measure of a nation's own mood is its by-elections, and a noisy one: a
by-election strays from its nation's swing by ten points or more (candidates, campaigns, turnout).

So each by-election gives a *departure* for every party that stood there at both elections: its
change in share since the general election, less the change the GB poll average of the day implied
for the seat's nation, less its parliament's by-election norm (the mean departure of that
parliament's English by-elections: a governing party's mid-term losses are not a nation's own). A
nation's targets then move by the mean departure of its by-elections since the baseline, shrunk by
the empirical-Bayes weight ``w = tau2 / (tau2 + sigma2 / n)``:

- ``tau2``, how far nations stray from GB: the mean square of Scotland's and Wales's departures
  from what the GB result implied for them, over the general elections in the history (the SNP's
  over Scotland's alone, Plaid's over Wales's);
- ``sigma2``, how far a by-election strays from the norm: the mean square of the English
  by-elections' departures (the SNP's and Plaid's: of their own nation's);
- ``n``, the nation's by-elections since the baseline at which the party stood both times.

What the moves add up to comes from the parties without a signal. When the GB polls report the
SNP (Plaid), that figure measures the party in its nation on far more voters than any by-election:
it is kept. Every part is measured on the data before the projection's date, so backtests stay
free of leakage. Before 2024, two Scottish by-elections moved Scotland's Labour share by a quarter
of their departure (3.7 of 15 points).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from swingometer.data.context import History
from swingometer.exceptions import AnalysisError
from swingometer.forecast.models import (
    HOME_NATIONS,
    MODEL_PARTIES,
    SeatModel,
    SeatShares,
    Targets,
    election_pairs,
    history_shares,
    model_votes,
    resolve_targets,
)
from swingometer.forecast.polls import poll_averages

__all__ = ["NATIONS", "NationSignal", "byelection_departures", "byelection_signals",
           "nation_departures", "signal_targets"]

NATIONS = ("Scotland", "Wales")


def nation_departures(base: SeatShares, result: SeatShares) -> dict[str, np.ndarray]:
    """How far Scotland's and Wales's own shares in ``result`` departed from what its GB shares
    implied for them from ``base`` (the models' nation rule), in points by model party."""
    implied = SeatModel.nation_targets(base, resolve_targets(base, result.national(),
                                                             measured=("GB",)))
    return {nation: np.array(list(result.national((nation,)).values())) - implied[nation][1]
            for nation in NATIONS if nation in implied}


def byelection_departures(history: History) -> pd.DataFrame:
    """One row per GB by-election in ``history`` with GB polls in the week before it: its
    ``election_id``, ``date``, ``parliament`` and ``nation``, and a column per model party
    holding the party's departure (points) before the by-election norm is taken off: its change
    in share since the previous general election in the seat, less the change the poll average
    of that week implied for the nation. NaN where the party did not stand at both elections.
    By-elections before the first general election in the data (no earlier result on their
    boundaries), and in a seat the models hold (the Speaker's), are left out."""
    table = history.elections
    byelections = table[table["type"] == "by-election"].sort_values("date")
    generals = table[table["type"] == "general"].sort_values("date")
    columns = ["election_id", "date", "parliament", "nation", *MODEL_PARTIES]
    if byelections.empty or generals.empty:
        return pd.DataFrame(columns=columns)
    rows = history.candidacies[history.candidacies["election_id"].isin(byelections["election_id"])]
    votes = model_votes(rows, "election_id")
    shares = 100 * votes.div(votes.sum(axis=1), axis=0)
    seat = rows.drop_duplicates("election_id").set_index("election_id")["gss_code"]
    averages = poll_averages(history.polls, list(byelections["date"]))
    out = []
    for bye, average in zip(byelections.itertuples(), averages):
        earlier = generals[(generals["date"] < bye.date)
                           & (generals["boundary_set"] == bye.boundary_set)]
        if earlier.empty or bye.election_id not in shares.index:
            continue
        general = earlier.iloc[-1]
        base = history_shares(history, general["election_id"], general["boundary_set"],
                              bye.date).standing()
        where = np.flatnonzero(base.gss_codes == seat[bye.election_id])
        if (not len(where) or base.frozen[where[0]]
                or base.nations[where[0]] not in ("England", *NATIONS)):
            continue  # Northern Ireland's, or the Speaker's seat
        i, nation = where[0], base.nations[where[0]]
        if average is None:  # no GB poll that week
            continue
        try:
            implied = SeatModel.nation_targets(
                base, resolve_targets(base, average.folded(MODEL_PARTIES),
                                      measured=("GB",)))[nation]
        except AnalysisError:  # shares the nation rule refuses
            continue
        after = shares.loc[bye.election_id, list(MODEL_PARTIES)].to_numpy(dtype=float)
        before = base.shares[i]
        departure = after - before - (implied[1] - implied[0])
        out.append([bye.election_id, bye.date, bye.parliament, nation,
                    *np.where((after > 0) & (before > 0), departure, np.nan)])
    return pd.DataFrame(out, columns=columns)


@dataclass(frozen=True, eq=False)
class NationSignal:
    """What a nation's by-elections since the baseline say about its own swing: the mean
    departure by party (0 where none), the weight it is given (0 to 1), the by-elections, and
    the parties ``kept`` as the polls imply (the SNP or Plaid, when the polls reported it)."""

    nation: str
    byelections: tuple[str, ...]
    departure: np.ndarray
    weight: np.ndarray
    kept: np.ndarray | None = None

    @property
    def shift(self) -> np.ndarray:
        """How far the nation's targets move, by party, before they are rescaled to 100."""
        return self.weight * self.departure

    def to_dict(self) -> dict:
        used = self.weight > 0
        return {"byelections": list(self.byelections),
                "kept": [] if self.kept is None else np.array(MODEL_PARTIES)[self.kept].tolist(),
                "departure": dict(zip(np.array(MODEL_PARTIES)[used].tolist(),
                                      self.departure[used].round(2).tolist())),
                "weight": dict(zip(np.array(MODEL_PARTIES)[used].tolist(),
                                   self.weight[used].round(3).tolist()))}


def _column_mean(values: np.ndarray, power: int = 1) -> np.ndarray:
    """Mean of each column's values (``power`` 2: of their squares) over its non-NaN rows; NaN
    for a column with none."""
    count = (~np.isnan(values)).sum(axis=0)
    return np.divide(np.nansum(values ** power, axis=0), count,
                     out=np.full(values.shape[1], np.nan), where=count > 0)


def _relative(departures: pd.DataFrame) -> np.ndarray:
    """Each by-election's departures less its parliament's by-election norm, the mean departure
    of that parliament's English by-elections (a governing party's mid-term losses, a party's
    by-election campaigning), so that what remains of a Scottish or Welsh one is its nation's."""
    values = departures[list(MODEL_PARTIES)].to_numpy(dtype=float)
    english = (departures["nation"] == "England").to_numpy()
    parliament = departures["parliament"].to_numpy()
    norm = np.zeros_like(values)
    for term in np.unique(parliament):
        rows = parliament == term
        norm[rows] = np.nan_to_num(_column_mean(values[rows & english]))
    return values - norm


def _nation_variance(history: History) -> np.ndarray:
    """tau2: the mean square of Scotland's and Wales's departures from what the GB result
    implied for them, over the general elections in ``history``, each party over the nations it
    stands in (the SNP's over Scotland's alone)."""
    squares = np.zeros(len(MODEL_PARTIES))
    counts = np.zeros(len(MODEL_PARTIES))
    for _, _, base, result in election_pairs(history):
        for nation, departure in nation_departures(base, result).items():
            stands = np.array([HOME_NATIONS.get(p, nation) == nation for p in MODEL_PARTIES])
            squares += np.where(stands, departure ** 2, 0.0)
            counts += stands
    return np.divide(squares, counts, out=np.zeros(len(MODEL_PARTIES)), where=counts > 0)


def byelection_signals(history: History, since: str,
                       reported: Collection[str] = ()) -> dict[str, NationSignal]:
    """The signal of Scotland's and of Wales's by-elections after ``since`` (the baseline's date),
    for each nation that had one, with weights measured on ``history`` (see the module).

    ``reported``: the parties the GB polls reported. A GB poll's SNP (Plaid) share measures that
    party in Scotland (Wales) on far more voters than a by-election, so when the polls reported
    it, it gets no weight: its share stays as they imply.
    """
    departures = history.derived("byelection_departures",
                                 lambda: byelection_departures(history))
    recent = ((departures["date"] > since) & departures["nation"].isin(NATIONS)).to_numpy()
    if not recent.any():
        return {}
    relative = _relative(departures)
    nations = departures["nation"].to_numpy()
    sigma2 = _column_mean(relative[nations == "England"], power=2)
    for party, home in HOME_NATIONS.items():  # the SNP and Plaid stand only at home
        k = MODEL_PARTIES.index(party)
        sigma2[k] = _column_mean(relative[nations == home], power=2)[k]
    tau2 = history.derived("nation_variance", lambda: _nation_variance(history))
    signals = {}
    for nation in NATIONS:
        rows = recent & (nations == nation)
        if not rows.any():
            continue
        count = (~np.isnan(relative[rows])).sum(axis=0)
        mean = np.nan_to_num(_column_mean(relative[rows]))
        kept = np.isin(MODEL_PARTIES, [p for p in reported if HOME_NATIONS.get(p) == nation])
        usable = (count > 0) & (tau2 > 0) & (sigma2 > 0) & ~kept  # NaN sigma2 compares False
        weight = np.divide(tau2, tau2 + np.divide(sigma2, np.maximum(count, 1)),
                           out=np.zeros(len(count)), where=usable)
        signals[nation] = NationSignal(nation, tuple(departures.loc[rows, "election_id"]), mean,
                                       weight, kept)
    return signals


def signal_targets(base: SeatShares, targets: Targets,
                   signals: dict[str, NationSignal]) -> dict[str, dict[str, float]]:
    """Scotland's and Wales's own shares: what ``targets`` imply for them moved by their
    by-elections' signals, for each nation with a signal and no shares of its own in ``targets``.
    What the moves add up to (parties that stood at only one election carry no signal) comes
    from, or goes to, the other parties without a signal (not those kept), in proportion to
    their shares; only if they cannot cover it are all rescaled."""
    implied = SeatModel.nation_targets(base, targets)
    out = {}
    for nation, signal in signals.items():
        if nation in targets.nations or nation not in implied:
            continue
        moved = np.clip(implied[nation][1] + signal.shift, 0, None)
        silent = (signal.weight == 0) & ~(np.zeros(len(MODEL_PARTIES), bool)
                                          if signal.kept is None else signal.kept)
        rest = moved[silent].sum()
        if rest > 0:
            moved[silent] = np.clip(moved[silent] * (1 - (moved.sum() - 100) / rest), 0, None)
        out[nation] = dict(zip(MODEL_PARTIES, 100 * moved / moved.sum()))
    return out
