"""A by-election track record: every GB by-election read from the national polls of its day.

Each by-election is projected as a general-election seat would be: from the previous general
election in the seat (on its boundaries), with the GB poll average on the eve of the by-election
(and Scotland's or Wales's own polls where they have them), by the seat model fitted on what was
known that day, with no tuning to by-elections; a party not on the ballot (known when nominations
close) gets nothing, and the others share its vote in proportion. The call is scored against the
result: the winner, the mean absolute error of the seat's shares, and, simulated
(``probabilistic``), the Brier score of the win probabilities. The naive rival is "the previous
winner holds": as a call, the general election's winner; as a probability, the hold rate of the
GB by-elections before it (add-one smoothed), the rest to the general election's runner-up.

By-election turnout, candidates, local campaigns and the by-election's own polls are not modelled:
a seat is read as if the country voted that day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from swingometer.data.elections import baseline_of
from swingometer.data.hoc import is_iso_day
from swingometer.dataset import Dataset
from swingometer.exceptions import AnalysisError, NoPollsError
from swingometer.forecast.backtest import SHARE_PARTIES
from swingometer.forecast.error_model import ErrorModel
from swingometer.forecast.models import history_shares
from swingometer.forecast.projection import Projection, project
from swingometer.forecast.simulate import check_run, simulate

__all__ = ["ByElectionRecord", "brier", "byelection_backtest"]


def brier(probability: dict[str, float], winner: str) -> float:
    """The multi-class Brier score of one call: the sum over parties of (p - outcome)^2, 0 for a
    certain right call, 2 for a certain wrong one."""
    parties = sorted(set(probability) | {winner})  # a fixed order: the same sum every run
    return float(sum((probability.get(p, 0.0) - (p == winner)) ** 2 for p in parties))


@dataclass(frozen=True)
class ByElectionRecord:
    """The calls, one row per by-election (oldest first), and how they scored."""

    model: str
    since: str | None
    calls: pd.DataFrame
    probabilistic: bool = False
    sims: int | None = None
    seed: int | None = None
    skipped: list[dict[str, str]] = field(default_factory=list)

    @property
    def called(self) -> int:
        return int((self.calls["projected"] == self.calls["winner"]).sum())

    @property
    def held_called(self) -> int:
        return int((self.calls["previous"] == self.calls["winner"]).sum())

    @property
    def misses(self) -> pd.DataFrame:
        return self.calls[self.calls["projected"] != self.calls["winner"]]

    def summary(self) -> dict[str, Any]:
        n = len(self.calls)
        out: dict[str, Any] = {
            "by_elections": n, "called": self.called, "called_pct": 100 * self.called / n,
            "previous_winner_holds_called": self.held_called,
            "previous_winner_holds_pct": 100 * self.held_called / n,
            "share_mae": float(self.calls["share_mae"].mean()),
        }
        if self.probabilistic:
            out |= {"brier": float(self.calls["brier"].mean()),
                    "previous_winner_holds_brier": float(self.calls["naive_brier"].mean())}
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "since": self.since, "probabilistic": self.probabilistic,
                "sims": self.sims, "seed": self.seed, **self.summary(),
                "calls": self.calls.to_dict(orient="records"), "skipped": self.skipped}


def _gb_byelections(data: Dataset) -> pd.DataFrame:
    table = data.elections[data.elections["type"] == "by-election"]
    contests = data.contests[data.contests["election_id"].isin(table["election_id"])]
    table = table.merge(contests[["election_id", "gss_code"]], on="election_id")
    places = data.constituencies[["gss_code", "boundary_set", "nation"]]
    table = table.merge(places, on=["gss_code", "boundary_set"], how="left")
    table = table[table["nation"] != "Northern Ireland"]
    return table.sort_values(["date", "election_id"], ignore_index=True)


def byelection_backtest(data: Dataset, since: str | None = None, model: str | None = None,
                        probabilistic: bool = False, sims: int = 2_000, seed: int = 0,
                        progress: Callable[[int, int], None] | None = None) -> ByElectionRecord:
    """Call every GB by-election (on or after ``since``) from the polls of its eve; see the
    module's text. ``progress`` is called with (done, total) after each."""
    if probabilistic:
        check_run(sims, seed)
    if since is not None and not is_iso_day(since):
        error = AnalysisError(f"since= must be a date YYYY-MM-DD (got {since!r})")
        error.option = "since="
        raise error
    every = _gb_byelections(data)
    hold_rates = _hold_rates(data, every)
    table = every[every["date"] >= since] if since else every
    rows, skipped, name = [], [], None
    for done, row in enumerate(table.itertuples(), start=1):
        election = data.election(row.election_id)
        baseline = baseline_of(data.elections, election)
        try:
            projection = project(data, as_of=election.date, baseline=baseline.election_id,
                                 model=model)
        except NoPollsError as missing:
            skipped.append({"election_id": row.election_id, "reason": str(missing)})
            if progress is not None:
                progress(done, len(table))
            continue
        name = projection.model
        seat = int(np.flatnonzero(projection.projected.gss_codes == row.gss_code)[0])
        actual = history_shares(data, row.election_id, election.boundary_set)
        projection = _on_the_ballot(projection, seat, actual.shares[0] > 0)
        columns = [projection.projected.parties.index(p) for p in SHARE_PARTIES]
        miss = np.abs(projection.projected.shares[seat, columns] - actual.shares[0, columns])
        before = projection.baseline
        order = np.argsort(-before.shares[seat])
        previous, runner_up = before.winners[seat], before.parties[order[1]]
        record = {"election_id": row.election_id, "date": row.date, "gss_code": row.gss_code,
                  "name": actual.names[0], "nation": row.nation,
                  "baseline": before.election_id, "previous": previous,
                  "projected": projection.projected.winners[seat], "winner": actual.winners[0],
                  "share_mae": float(miss.mean())}
        if probabilistic:
            errors = ErrorModel.estimate(data.before(election.date), model)
            chances = simulate(projection, errors, sims, seed).win_probability.loc[row.gss_code]
            chances = {p: float(v) for p, v in chances.items() if v > 0}
            hold = hold_rates(election.date)
            naive = {previous: hold} | ({runner_up: 1 - hold} if runner_up != previous else {})
            record |= {"probability": round(chances.get(actual.winners[0], 0.0), 4),
                       "brier": brier(chances, actual.winners[0]),
                       "naive_brier": brier(naive, actual.winners[0])}
        rows.append(record)
        if progress is not None:
            progress(done, len(table))
    return ByElectionRecord(name or (model or "default"), since, pd.DataFrame(rows),
                            probabilistic, sims if probabilistic else None,
                            seed if probabilistic else None, skipped)


def _on_the_ballot(projection: Projection, seat: int, standing: np.ndarray) -> Projection:
    """The projection with the seat's parties not on the ballot (known when nominations close,
    weeks before polling day) given nothing, and the others scaled up in proportion."""
    shares = projection.projected.shares.copy()
    kept = np.where(standing, shares[seat], 0.0)
    if kept.sum() > 0:
        shares[seat] = 100 * kept / kept.sum()
    return replace(projection, projected=projection.projected.with_shares(shares))


def _hold_rates(data: Dataset, table: pd.DataFrame) -> Callable[[str], float]:
    """The smoothed share of the GB by-elections of ``table`` before a day that the previous
    winner held."""
    held = []
    for row in table.itertuples():
        election = data.election(row.election_id)
        baseline = baseline_of(data.elections, election)
        before = history_shares(data, baseline.election_id, baseline.boundary_set)
        now = history_shares(data, row.election_id, election.boundary_set)
        seat = np.flatnonzero(before.gss_codes == row.gss_code)
        held.append((row.date, bool(len(seat)) and before.winners[seat[0]] == now.winners[0]))

    def rate(day: str) -> float:
        earlier = [h for d, h in held if d < day]
        return (sum(earlier) + 1) / (len(earlier) + 2)
    return rate
