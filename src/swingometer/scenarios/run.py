"""Running a scenario: resolve its base, apply its operations in order, and simulate.

A deterministic run uses the middle of every range and the central estimate of every default
transfer. A simulation (``sims`` > 0) draws the assumptions: each range uniformly, each default
transfer row from its estimate and standard error. On a projection base it also draws the
projection's own error, with the error model of :mod:`swingometer.forecast.simulate`, so win probabilities
carry both. On an election result it draws the assumptions only: the result itself is known.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from swingometer.data.context import History
from swingometer.exceptions import SwingometerError
from swingometer.forecast.polls import poll_day
from swingometer.scenarios.ballot import Ballot, party_of
from swingometer.scenarios.result import ScenarioResult
from swingometer.scenarios.spec import Scenario, ScenarioError
from swingometer.scenarios.steps import Context, Runner

__all__ = ["model_shares", "run_scenario", "start"]


def _base_error(scenario: Scenario, key: str, expected: str, got: object,
                error: Exception | None = None) -> ScenarioError:
    """An error in the base, naming the file, the line of the key and the library's reason."""
    line = scenario.base.lines.get(key.split(".")[0], scenario.base.lines.get("base"))
    return ScenarioError(f"base.{key}" if key else "base", expected, got, scenario.file,
                         line, hint=str(error) if error else None)


def start(data: History, scenario: Scenario) -> tuple[Ballot, Context, Any]:
    """The base ballot, the context the steps work in, and the projection (None on a result)."""
    base = scenario.base
    if not base.is_projection:
        try:
            election = data.election(base.election)
        except SwingometerError as error:
            raise _base_error(scenario, "election", "an election in the data (an id, year or "
                              "date)", base.election, error) from None
        ballot = Ballot.from_election(data, election.election_id, election.boundary_set)
        return ballot, Context(data, data, False, election), None
    from swingometer.forecast.models import MODELS, share_party
    from swingometer.forecast.projection import project

    shares = None
    if base.shares is not None:
        shares = {}
        for party, value in base.shares.items():
            try:
                code = share_party(data, party)
            except SwingometerError as error:
                raise _base_error(scenario, f"shares.{party}", "a party code or name", party,
                                  error) from None
            shares[code] = shares.get(code, 0.0) + value
    if base.model is not None and base.model not in MODELS:
        raise _base_error(scenario, "model", "one of " + ", ".join(sorted(MODELS)), base.model)
    as_of = base.as_of
    if as_of is not None:
        try:
            as_of = poll_day(data.polls, as_of)
        except SwingometerError:
            raise _base_error(scenario, "as_of", "a date YYYY-MM-DD, 'latest' or 'today'",
                              base.as_of) from None
    if base.baseline is not None:
        try:
            data.election(base.baseline)
        except SwingometerError as error:
            raise _base_error(scenario, "baseline", "a general election in the data",
                              base.baseline, error) from None
    try:
        projection = project(data, shares=shares, as_of=as_of, model=base.model,
                             baseline=base.baseline, normalise=True)
    except SwingometerError as error:
        given = {k: v for k, v in (("shares", base.shares), ("as_of", base.as_of),
                                   ("baseline", base.baseline), ("model", base.model)) if v}
        raise _base_error(scenario, "", "a projection swingometer can make", given,
                          error) from None
    seats = projection.projected
    contests = data.contests[data.contests["election_id"] == projection.baseline.election_id]
    electorate = contests.set_index("gss_code")["electorate"].reindex(seats.gss_codes)
    places = data.constituencies[data.constituencies["boundary_set"] == seats.boundary_set]
    regions = places.set_index("gss_code")["region"].reindex(seats.gss_codes).to_numpy()
    inputs = (f"polls as of {as_of}" if as_of else "shares " + ", ".join(
        f"{k} {v:g}" for k, v in (shares or {}).items()))
    source = f"projection ({projection.model}) from {projection.baseline.election_id}, {inputs}"
    ballot = Ballot.from_shares(source, seats, electorate.to_numpy(dtype=float), regions)
    history = data.before(as_of) if as_of else data
    return ballot, Context(data, history, True, None), projection


def run_scenario(data: History, scenario: Scenario, sims: int = 0, seed: int | None = None,
                 max_sims: int | None = None,
                 progress: Callable[[int], None] | None = None) -> ScenarioResult:
    """Apply ``scenario`` to its base; with ``sims`` > 0, also simulate win probabilities
    (``seed`` required; the same seed gives the same numbers).

    The shipped and imported data are never modified: the base is copied into a
    :class:`~swingometer.scenarios.ballot.Ballot` and every operation returns a new one.
    """
    from swingometer.forecast.simulate import MAX_SIMS, check_run

    if sims:
        check_run(sims, seed, max_sims or MAX_SIMS)
    base, context, projection = start(data, scenario)
    runner = Runner(scenario, context)
    result, steps, targeted = runner.run(base)
    out = ScenarioResult(scenario, base, result, tuple(steps), targeted)
    if not sims:
        return out
    if projection is None:
        wins, parties = _simulate_result(runner, base, sims, int(seed), progress)
        why = ("assumptions drawn: ranges uniformly, default transfers from their standard "
               "errors; the base result itself is fixed")
    else:
        wins, parties = _simulate_projection(runner, base, projection, context, sims, int(seed),
                                             progress)
        why = ("assumptions drawn as for a result, and the projection's own error (national, "
               "nation and seat, from the error model of swingometer.forecast.simulate)")
    return replace(out, sims=int(sims), seed=int(seed), wins=wins, parties=parties,
                   uncertainty=why)


def _simulate_result(runner: Runner, base: Ballot, sims: int, seed: int,
                     progress: Callable[[int], None] | None) -> tuple[np.ndarray, tuple]:
    children = np.random.SeedSequence(seed).spawn(sims)
    counts: dict[str, np.ndarray] = {}
    for i, child in enumerate(children):
        winners = runner.run(base, np.random.default_rng(child))[0].winners
        for party in set(winners):
            counts.setdefault(party, np.zeros(len(base.gss_codes), dtype=np.int64))
            counts[party] += winners == party
        if progress is not None and ((i + 1) % 100 == 0 or i + 1 == sims):
            progress(i + 1)
    parties = tuple(sorted(counts))
    return np.column_stack([counts[p] for p in parties]), parties


def model_shares(ballot: Ballot, seats: Any) -> np.ndarray:
    """A scenario ballot as the simulator's seats x model parties shares (%). As in the models'
    own share matrices, a party's strongest candidate in a seat counts as the party and any
    other candidates of it (a new independent beside the old one) as ``Oth``: two candidates'
    votes are never pooled into one that could win where neither does."""
    from swingometer.forecast.models import model_party

    shares = np.zeros((len(ballot.gss_codes), len(seats.parties)))
    other = seats.parties.index("Oth")
    for party in dict.fromkeys(party_of(c) for c in ballot.columns):
        votes = np.where(ballot.standing, ballot.votes, 0.0)[:, ballot.party_columns(party)]
        strongest = votes.max(axis=1)
        shares[:, seats.parties.index(model_party(party))] += strongest
        shares[:, other] += votes.sum(axis=1) - strongest
    with np.errstate(invalid="ignore", divide="ignore"):
        return 100 * shares / shares.sum(axis=1, keepdims=True)


# assumption draws on a projection base; each gets an equal part of the simulations
PROJECTION_DRAWS = 50


def _simulate_projection(runner: Runner, base: Ballot, projection: Any, context: Context,
                         sims: int, seed: int, progress: Callable[[int], None] | None
                         ) -> tuple[np.ndarray, tuple]:
    from swingometer.forecast.simulate import ErrorModel, simulate

    errors = ErrorModel.estimate(context.history, projection.model)
    draws = min(PROJECTION_DRAWS, sims)
    sizes = [sims // draws + (1 if d < sims % draws else 0) for d in range(draws)]
    children = np.random.SeedSequence(seed).spawn(2 * draws)
    seats = projection.projected
    wins, done, parties = None, 0, ()
    for d in range(draws):
        ballot = runner.run(base, np.random.default_rng(children[2 * d]))[0]
        drawn = replace(projection, projected=seats.with_shares(model_shares(ballot, seats)))
        seed_d = int(children[2 * d + 1].generate_state(1)[0])
        result = simulate(drawn, errors, sizes[d], seed_d)
        wins = result.wins if wins is None else wins + result.wins
        parties = tuple(result.parties)
        done += sizes[d]
        if progress is not None:
            progress(done)
    return wins, parties
