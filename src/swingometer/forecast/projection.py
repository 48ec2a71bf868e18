"""Seat projections: national shares (given, or a poll average) through a seat model.

>>> import swingometer
>>> from swingometer.forecast.projection import project
>>> result = project(swingometer.Dataset(), shares={"Lab": 34.6, "Con": 24.4, "RUK": 14.7,
...                  "LD": 12.6, "Green": 6.9, "SNP": 2.6, "PC": 0.7}, model="uniform")
>>> int(result.totals.set_index("party").loc["Lab", "baseline"])
411
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from swingometer.data.elections import Election
from swingometer.dataset import Dataset
from swingometer.exceptions import AnalysisError, NoPollsError
from swingometer.forecast.byelection_swing import byelection_signals, signal_targets
from swingometer.forecast.models import (
    DEFAULT_MODEL,
    MODEL_PARTIES,
    MODELS,
    SeatModel,
    SeatShares,
    Sensitivity,
    Targets,
    history_shares,
    resolve_targets,
)
from swingometer.forecast.polls import poll_average, poll_day
from swingometer.results.totals import majority_needed, seat_changes

__all__ = ["MAJORITY", "Projection", "baseline_shares", "make_model", "poll_targets", "project"]

# seats for an overall majority of the 650
MAJORITY = majority_needed(650)


def make_model(model: str | SeatModel | None = None) -> SeatModel:
    """A model instance from its name (``uniform``, ``proportional``, ``transition``, ...);
    ``None`` for the default model."""
    if isinstance(model, SeatModel):
        return model
    model = DEFAULT_MODEL if model is None else model
    if model not in MODELS:
        raise AnalysisError(f"model must be one of {', '.join(sorted(MODELS))} (got {model!r})")
    return MODELS[model]()


def baseline_shares(data: Dataset, election: Election, as_of: str | None = None) -> SeatShares:
    """The share matrix of a general election (or notional result) in ``data``; with ``as_of``,
    as a projection to that day starts from it (the Speaker then in the Chair holds their seat:
    see :func:`~swingometer.forecast.models.seat_shares`)."""
    if not election.is_general:
        raise AnalysisError(f"a projection starts from a general election; {election.election_id}"
                            f" is a {election.type}")
    return history_shares(data, election.election_id, election.boundary_set, as_of)


@dataclass(frozen=True)
class Projection:
    """Projected shares and winners of every seat, with the inputs that made them."""

    model: str
    params: Mapping[str, Any]
    baseline: SeatShares
    projected: SeatShares
    targets: Targets
    inputs: Mapping[str, Any] = field(default_factory=dict)
    # the model's own uncertainty (:meth:`SeatModel.sensitivity`), or None
    sensitivity: Sensitivity | None = field(default=None, repr=False, compare=False)

    @classmethod
    def made(cls, estimator: SeatModel, base: SeatShares, start: SeatShares, targets: Targets,
             inputs: Mapping[str, Any] | None = None) -> Projection:
        """``estimator``'s projection of ``start`` (the baseline ``base`` as a projection starts
        from it) to ``targets``, with its sensitivity."""
        return cls(estimator.name, estimator.get_params(), base, estimator.predict(start, targets),
                   targets, dict(inputs or {}), estimator.sensitivity(start, targets))

    @property
    def totals(self) -> pd.DataFrame:
        """Seats by party: projected, baseline and change (UK; frozen NI seats by their winner)."""
        return seat_changes(self.projected.winners, self.baseline.winners)

    @property
    def majority(self) -> dict[str, Any]:
        """The largest party, its seats, and its majority (negative: short of one)."""
        top = self.totals.iloc[0]
        return {"largest_party": top["party"], "seats": int(top["seats"]), "needed": MAJORITY,
                "majority": int(2 * top["seats"] - len(self.projected.winners)),
                "overall_majority": bool(top["seats"] >= MAJORITY)}

    @property
    def changes(self) -> pd.DataFrame:
        """Seats that change hands: code, name, from, to."""
        before, after = self.baseline.winners, self.projected.winners
        moved = before != after
        return pd.DataFrame({"gss_code": self.projected.gss_codes[moved],
                             "name": self.projected.names[moved],
                             "from": before[moved], "to": after[moved]})

    @property
    def flows(self) -> pd.DataFrame:
        """Seats changing hands by (from, to), the biggest flow first."""
        flows = self.changes.groupby(["from", "to"]).size().rename("seats").reset_index()
        return flows.sort_values(["seats", "to", "from"], ascending=[False, True, True],
                                 ignore_index=True)

    def seats(self) -> pd.DataFrame:
        """Every seat: projected shares and winner, with the baseline winner."""
        table = self.projected.frame()
        table.insert(4, "baseline_winner", self.baseline.winners)
        return table

    def to_dict(self, seats: bool = True) -> dict:
        out = {
            "model": self.model,
            "params": dict(self.params),
            "baseline": self.baseline.election_id,
            "inputs": dict(self.inputs),
            "targets": self.targets.to_dict(),
            "totals": self.totals.to_dict(orient="records"),
            "majority": self.majority,
            "changes": self.changes.to_dict(orient="records"),
            "flows": self.flows.to_dict(orient="records"),
        }
        if seats:
            out["seats"] = self.seats().to_dict(orient="records")
        return out


def project(data: Dataset, shares: Mapping[str, float] | None = None, as_of: str | None = None,
            model: str | SeatModel | None = None, baseline: str | None = None,
            nations: Mapping[str, Mapping[str, float]] | None = None,
            normalise: bool = False, byelections: bool = True,
            poll_window: int | None = None) -> Projection:
    """Project every seat from GB ``shares`` or from the poll average ``as_of`` a date
    (``"latest"``, the default without shares: the day after the latest poll; ``"today"``).

    The baseline is the latest general election before the date (or the latest in the data; the
    notional result when the boundaries changed since), unless ``baseline`` names one. The model
    is fitted on ``data`` as it stood at ``as_of`` (all of it when shares are given). From the
    polls, Scotland and Wales (unless ``nations`` gives their shares) take their own polls'
    average when they have polls in the window, else follow their by-elections since the baseline
    when it is the latest general election (:mod:`swingometer.forecast.byelection_swing`;
    ``byelections=False`` for the GB swing alone); given shares are taken as they are.

    Each share in ``shares`` (and in ``nations``) is used exactly as given; what is left of 100
    goes to the parties not given, in proportion to their baseline shares (in GB the SNP and Plaid
    Cymru first keep theirs). Shares above 100 in all are an error unless ``normalise`` scales the
    given ones to fill what the others leave. ``inputs["shares_used"]`` and
    ``inputs["filled_in"]`` record the outcome (see :func:`resolve_targets`).
    ``poll_window``: the days the GB poll average looks back (default: its method's).
    """
    if shares is not None and as_of is not None:
        raise AnalysisError("give either shares or as_of (the day of a poll average), not both")
    if shares is None:
        as_of = poll_day(data.polls, as_of)
    history = data.before(as_of) if as_of else data
    if baseline:
        chosen = history.election(baseline)
    elif history.elections["type"].isin(["general", "notional"]).any():
        chosen = history.latest_general(notional=True)
    else:
        first = data.elections.sort_values("date").iloc[0]
        raise AnalysisError(f"no general election before {as_of} to project from (the data "
                            f"starts with {first['election_id']})")
    # the Speaker in the Chair on the day (the latest one for shares given for now)
    base = baseline_shares(history, chosen, as_of or "9999-12-31")
    start = base.standing()
    if as_of:
        # by-elections are measured against the general election before them: they say nothing
        # of a baseline older than that
        latest = chosen.election_id == history.latest_general(notional=True).election_id
        targets, inputs = poll_targets(history, start, as_of, chosen.date, nations,
                                       byelections and latest, normalise, poll_window)
    else:
        targets = resolve_targets(start, shares, nations, normalise=normalise)
        inputs = {"shares": dict(shares), **targets.filled["GB"].to_dict()}
        if nations:
            inputs["nations"] = {n: {"source": "given", **targets.filled[n].to_dict()}
                                 for n in nations}
    estimator = make_model(model).fit(history)
    return Projection.made(estimator, base, start, targets, inputs)


def poll_targets(history: Dataset, start: SeatShares, as_of: str, since: str,
                 nations: Mapping[str, Mapping[str, float]] | None = None,
                 byelections: bool = True, normalise: bool = False,
                 poll_window: int | None = None) -> tuple[Targets, dict[str, Any]]:
    """Targets from the GB poll average as of ``as_of``; Scotland's and Wales's own shares where
    ``nations`` gives them (rescaled to 100 with ``normalise``), else their own polls' average
    where they have polls in the window, else (with ``byelections``) the GB swing moved by their
    by-elections after ``since``; and the inputs that made them, for the record (``nations``
    says which rule each nation followed)."""
    average = poll_average(history.polls, as_of, window_days=poll_window)
    gb = average.folded(MODEL_PARTIES)
    given = dict(nations or {})
    sources: dict[str, Any] = {n: {"source": "given"} for n in given}
    for nation in ("Scotland", "Wales"):
        if nation in given:
            continue
        try:
            own = poll_average(history.polls, as_of, area=nation)
        except NoPollsError as error:
            sources[nation] = {"source": "GB polls", "latest_poll": error.latest}
            continue
        given[nation] = own.folded(MODEL_PARTIES)
        sources[nation] = {"source": f"{nation} polls", **own.to_dict()}
    # the poll averages' areas (not the nations given) are measured shares
    measured = {"GB", "Scotland", "Wales"} - set(nations or {})
    targets = resolve_targets(start, gb, given, normalise=normalise, measured=measured)
    for nation in nations or {}:
        sources[nation] |= targets.filled[nation].to_dict()
    inputs: dict[str, Any] = {"as_of": average.as_of, "polls": average.polls,
                              "window_days": average.window_days, "method": average.method,
                              "latest_poll": average.latest_poll, "shares": average.to_dict()["shares"],
                              **targets.filled["GB"].to_dict(), "nations": sources}
    if byelections and {"Scotland", "Wales"} - set(given):  # a nation without its own shares
        signals = byelection_signals(history, since, gb)
        moved = {n: v for n, v in signal_targets(start, targets, signals).items() if n not in given}
        if moved:
            targets = resolve_targets(start, gb, {**given, **moved}, normalise=normalise,
                                      measured=measured)
            inputs["byelections"] = {n: signals[n].to_dict() for n in moved}
            for nation in moved:
                sources[nation]["source"] = "GB polls and by-elections"
    return targets, inputs
