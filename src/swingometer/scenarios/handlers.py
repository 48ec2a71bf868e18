"""The scenario operations' steps, one handler per operation type with one signature:
``handler(runner, ballot, mask, op, key, rng, notes) -> (ballot, moved, summary, mask)``. Each
resolves its parties, seats and assumptions through the runner and hands plain numbers to
:mod:`swingometer.scenarios.operations`, noting every assumption in words."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from swingometer.scenarios import operations as ops
from swingometer.scenarios.ballot import Ballot, party_of
from swingometer.scenarios.groups import (
    GROUPS,
    SUPPORT,
    adult_share,
    electorate_share,
    group_of,
)
from swingometer.scenarios.spec import (
    ScenarioError,
    Target,
    midpoint,
)

if TYPE_CHECKING:
    from swingometer.scenarios.steps import Runner

__all__ = ["HANDLERS"]

HOME, OTHER = ops.HOME, ops.OTHER
# how many seats a note names before it says "and N more"
_NAMED = 8


def _draw(value: Any, rng: np.random.Generator | None) -> float:
    if isinstance(value, tuple):
        return float(rng.uniform(*value)) if rng is not None else midpoint(value)
    return float(value)


def _names(ballot: Ballot, where: np.ndarray) -> str:
    names = ", ".join(ballot.names[where][:5])
    return names + (f" and {where.sum() - 5} more" if where.sum() > 5 else "")


def _say(value: Any, unit: str = "") -> str:
    if isinstance(value, tuple):
        return f"{value[0]:g}{unit} to {value[1]:g}{unit} (middle {midpoint(value):g}{unit})"
    return f"{value:g}{unit}"


def stand_down(runner: Runner, ballot, mask, op, key, rng, notes):
    leaving = np.zeros_like(ballot.standing)
    if op.get("candidate"):
        wanted = op.get("candidate").lower()
        if not ballot.candidates:
            raise ScenarioError(f"{key}.candidate", "a candidate of the base", op.get(
                "candidate"), hint="a projection names no candidates: give a party")
        for (code, column), name in ballot.candidates.items():
            if name.lower() == wanted:
                leaving[ballot.gss_codes == code, ballot.column(column)] = True
        where = leaving.any(axis=1)
        if not where.any() and op.missing == "error":
            raise ScenarioError(f"{key}.candidate", f"a candidate at {ballot.source}",
                                op.get("candidate"))
        if op.target == Target():
            mask &= where                   # no target given: wherever the candidate stood
        mask = runner.applies(ballot, mask, where, op, f"{key}.candidate",
                            f"candidate {op.get('candidate')} stood")
        leaving &= mask[:, None]
        parties = {party_of(ballot.columns[c]) for c in np.flatnonzero(leaving.any(axis=0))}
        who = op.get("candidate")
        if not parties:                     # skipped everywhere: nothing to move
            return ballot, ops.Moved({}, {}, 0), f"{who} stands down in 0 seat(s)", mask
        party = parties.pop() if len(parties) == 1 else OTHER
    else:
        party = runner.ctx.party(op.get("party"), f"{key}.party", alone=True)
        mask = runner.applies(ballot, mask, runner._party_mask(ballot, party), op,
                            f"{key}.party", f"{party} stood")
        for column in ballot.party_columns(party):
            leaving[:, column] = ballot.standing[:, column] & mask
        who = party = runner.ctx.canonical(op.get("party"))
    row = runner.row(ballot, op.get("transfers"), party, "stand_down", f"{key}.transfers", rng,
                   notes)
    new, moved = ops.stand_down(ballot, leaving, row)
    return new, moved, f"{who} stands down in {mask.sum()} seat(s)", mask

def stand(runner: Runner, ballot, mask, op, key, rng, notes):
    party = runner.ctx.party(op.get("party"), f"{key}.party", alone=True)
    mask = runner.applies(ballot, mask, ~runner._party_mask(ballot, party), op,
                        f"{key}.party", f"{party} did not already stand")
    share = op.get("share")
    if share is None:
        value = estimated_share(runner, ballot, mask, party, key, rng, notes)
    else:
        notes.append(f"{party}'s share given: {_say(share, '%')} of valid votes")
        value = np.full(len(mask), _draw(share, rng))
    row = runner.row(ballot, op.get("sources"), runner.ctx.canonical(op.get("party")), "stand",
                   f"{key}.sources", rng, notes)
    ballot, columns = entrants(runner, ballot, mask, party, op.get("candidate"), key)
    new, moved = ops.stand(ballot, mask, columns, value, row)
    rows = np.flatnonzero(mask)
    reached = (float(np.mean(100 * new.votes[rows, columns[rows]] / new.valid[rows]))
               if len(rows) else 0.0)
    asked = float(np.mean(value[rows])) if len(rows) else 0.0
    short = f" (asked {asked:.1f}%: its sources ran short)" if reached < asked - 0.05 else ""
    return (new, moved, f"{party} stands in {mask.sum()} seat(s) at {reached:.1f}%{short}",
            mask)

def estimated_share(runner: Runner, ballot: Ballot, mask: np.ndarray, party: str, key: str,
                    rng: np.random.Generator | None, notes: list[str]) -> np.ndarray:
    """Per seat, the party's share where none is given: estimated seat by seat from
    comparable contests (:mod:`swingometer.scenarios.comparable`); a simulation draws one
    point of every seat's range, the same in every seat."""
    if not mask.any():
        return np.zeros(len(mask))
    estimate = runner.ctx.share_estimate(runner._base if runner._base is not None else ballot,
                                       party)
    missing = mask & np.isnan(estimate.middle)
    if missing.any():
        raise ScenarioError(f"{key}.share", f"given: {party} stood in no comparable contest "
                            "to estimate its share from in " + _names(ballot, missing),
                            None)
    notes.append(f"{party}'s share estimated seat by seat from comparable contests (a "
                 "simulation draws the same point of every seat's range):")
    for rule, text in estimate.rules.items():
        rows = np.flatnonzero(mask & (estimate.rule == rule))
        if not len(rows):
            continue
        seats = ", ".join(f"{ballot.names[i]} {estimate.middle[i]:.1f}% ("
                          f"{estimate.low[i]:.1f}% to {estimate.high[i]:.1f}%)"
                          for i in rows[:_NAMED])
        more = f" and {len(rows) - _NAMED} more" if len(rows) > _NAMED else ""
        notes.append(f"{len(rows)} seat(s) from {text}: {seats}{more}")
    if rng is None:
        return np.where(mask, estimate.middle, 0.0)
    point = float(rng.uniform())
    return np.where(mask, estimate.low + point * (estimate.high - estimate.low), 0.0)

def entrants(runner: Runner, ballot: Ballot, mask: np.ndarray, party: str, name: str | None,
             key: str) -> tuple[Ballot, np.ndarray]:
    """Per seat of ``mask``, the column a new candidate of ``party`` enters in (-1
    elsewhere), with the columns and names added to the ballot.

    A named candidate already of the party in the seat (one who stood down earlier in the
    scenario, say) keeps their own column; another name gets a column of its own
    (``Ind#A. Independent``). The party's unnamed candidate takes the party's column unless
    another candidate of the party had it in the seat. Two different candidates never share
    a column, so their votes are never pooled and a result never shows one's base votes
    beside the other's."""
    if name is not None:
        name = str(name).strip()
        if not name or name.isdigit():
            raise ScenarioError(f"{key}.candidate", "a candidate's name (not only digits: "
                                "those name a party's second, third... candidate)",
                                name)
    known: dict[tuple[str, str], list[str]] = {}
    for (code, column), who in ballot.candidates.items():
        known.setdefault((code, str(who).strip().lower()), []).append(column)
    labels = np.full(len(mask), "", dtype=object)
    names: dict[tuple[str, str], str] = {}
    for i in np.flatnonzero(mask):
        code = ballot.gss_codes[i]
        if name is None:
            labels[i] = (party if (code, party) not in ballot.candidates
                         else f"{party}#new {party} candidate")
            continue
        same = known.get((code, name.lower()), [])
        mine = [c for c in same if party_of(c) == party]
        if mine:
            labels[i] = mine[0]
            continue
        elsewhere = [c for c in same if ballot.standing[i, ballot.column(c)]]
        if elsewhere:
            raise ScenarioError(f"{key}.candidate", f"a new candidate of {party} or one of "
                                f"its candidates", name, hint=f"{name} stands for "
                                f"{party_of(elsewhere[0])} in {ballot.names[i]}")
        labels[i] = f"{party}#{name}"
        names[code, labels[i]] = name
    for label in dict.fromkeys(labels[mask]):
        ballot = ballot.with_column(label)
    columns = np.array([ballot.column(c) if c else -1 for c in labels])
    if names:
        ballot = replace(ballot, candidates={**ballot.candidates, **names})
    return ballot, columns

def group_shift(runner: Runner, ballot, mask, op, key, rng, notes):
    try:
        group = group_of(op.get("group"))
    except KeyError:
        raise ScenarioError(f"{key}.group", "one of " + ", ".join(GROUPS),
                            op.get("group")) from None
    source = runner.ctx.party(op.get("from"), f"{key}.from", alone=True)
    destination = runner.ctx.party(op.get("to"), f"{key}.to", allow=(HOME,))
    if destination == source and not op.get("candidate"):
        raise ScenarioError(f"{key}.to", f"a party other than {source} (from), or home",
                            op.get("to"), hint="give candidate to move votes to a new "
                                               f"{source} candidate")
    eligible = op.get("eligible")
    e_share = electorate_share(group, runner.ctx.demographics, ballot.boundary_set,
                               ballot.gss_codes,
                               None if eligible is None else _draw(eligible, rng))
    where = runner._party_mask(ballot, source) & ~np.isnan(e_share)
    mask = runner.applies(ballot, mask, where, op, f"{key}.from",
                        f"{source} stood and the census counts the group")
    column = ops.first_standing(ballot, source)        # per seat; -1 where it did not stand
    support = op.get("support")
    if support is None and (group.name, source) in SUPPORT:
        value, source_text = SUPPORT[group.name, source]
        support_drawn = np.full(len(mask), value)
        notes.append(f"support for {source} among {group.label} voters: {value:g} "
                     f"({source_text})")
    elif support is None:
        support_drawn = np.nan_to_num(np.where(
            column >= 0, ballot.shares[np.arange(len(column)), column] / 100, 0.0))
        notes.append(f"support for {source} among {group.label} voters: no published "
                     f"figure shipped; assumed equal to {source}'s share of the seat")
    else:
        support_drawn = np.full(len(mask), _draw(support, rng))
        notes.append(f"support for {source} among {group.label} voters given: "
                     f"{_say(support)}")
    relative = op.get("turnout", 1.0)
    notes.append(f"turnout of {group.label} voters relative to the seat: {_say(relative)}"
                 + ("" if "turnout" in op.params else " (assumed; no validated group "
                    "turnout shipped)"))
    if eligible is None and not group.adults_only:
        adults = adult_share(group, runner.ctx.demographics, ballot.boundary_set)
        notes.append(f"{group.label} share of the electorate = {group.label} share of "
                     f"residents ({group.source}) x {adults:.3f} (the group's estimated "
                     f"share aged 16+, a regression over the "
                     f"seats' demographics) / the seat's own share aged 16+; citizenship not"
                     f" corrected for")
    elif eligible is not None:
        notes.append(f"{group.label} share of the electorate = {group.label} share of "
                     f"residents ({group.source}) x {_say(eligible)} (given)")
    fraction = _draw(op.get("fraction"), rng)
    notes.append(f"fraction of that support moving to {destination}: "
                 f"{_say(op.get('fraction'))}")
    group_votes = ballot.valid * e_share * _draw(relative, rng) * support_drawn
    group_votes = np.nan_to_num(group_votes)
    if destination == HOME:
        target_column = None
    elif op.get("candidate"):
        # a named candidate: the party's candidate of that name, or a new contestant
        ballot, target_column = entrants(runner, ballot, mask, destination,
                                              op.get("candidate"), key)
    else:
        # the party's own candidate (its first-ranked one), entering where it did not stand
        standing = ops.first_standing(ballot, destination)
        ballot, entering = entrants(runner, ballot, mask & (standing < 0), destination, None,
                                         key)
        target_column = np.where(standing >= 0, standing, entering)
    new, moved = ops.group_shift(ballot, mask, column, target_column, group_votes, fraction)
    summary = (f"{fraction:.0%} of {source}'s {group.label} voters move to {destination} "
               f"in {mask.sum()} seat(s)")
    return new, moved, summary, mask

def turnout(runner: Runner, ballot, mask, op, key, rng, notes):
    party = runner.ctx.party(op.get("party"), f"{key}.party", alone=True)
    mask = runner.applies(ballot, mask, runner._party_mask(ballot, party), op,
                        f"{key}.party", f"{party} stood")
    change = _draw(op.get("change"), rng)
    notes.append(f"turnout of {party}'s supporters changes by {_say(op.get('change'))} "
                 "(fraction of their votes; new voters come from those who stayed home)")
    new, moved = ops.turnout(ballot, mask, ballot.party_columns(party), change)
    return new, moved, f"{party} turnout {change:+.0%} in {mask.sum()} seat(s)", mask

def swing(runner: Runner, ballot, mask, op, key, rng, notes):
    source = runner.ctx.party(op.get("from"), f"{key}.from", alone=True)
    destination = runner.ctx.party(op.get("to"), f"{key}.to", allow=(HOME,))
    if destination == source:
        raise ScenarioError(f"{key}.to", f"a party other than {source} (from), or home",
                            op.get("to"))
    where = runner._party_mask(ballot, source)
    if destination != HOME:
        where &= runner._party_mask(ballot, destination)
    mask = runner.applies(ballot, mask, where, op, f"{key}.to",
                        f"{source} stood" if destination == HOME
                        else f"both {source} and {destination} stood")
    # per seat, each party's first-ranked candidate standing there (-1: none)
    src = ops.first_standing(ballot, source)
    dst = None if destination == HOME else ops.first_standing(ballot, destination)
    if "points" in op.params:
        points = _draw(op.get("points"), rng)
        notes.append(f"uniform swing: {_say(op.get('points'), ' points')} of the valid vote "
                     f"from {source} to {destination}")
        new, moved = ops.swing(ballot, mask, src, dst, points=points)
        what = f"{points:.1f} points"
    else:
        fraction = _draw(op.get("fraction"), rng)
        notes.append(f"proportional swing: {_say(op.get('fraction'))} of {source}'s votes "
                     f"to {destination}")
        new, moved = ops.swing(ballot, mask, src, dst, fraction=fraction)
        what = f"{fraction:.0%} of {source}'s votes"
    return new, moved, f"{what} from {source} to {destination} in {mask.sum()} seat(s)", mask

def pact(runner: Runner, ballot, mask, op, key, rng, notes):
    parties = [runner.ctx.party(p, f"{key}.parties", alone=True) for p in op.get("parties")]
    if len(set(parties)) < len(parties):
        raise ScenarioError(f"{key}.parties", "two or more different parties",
                            list(op.get("parties")))
    given = {}
    for name, row in (op.get("transfers") or {}).items():
        code = runner.ctx.party(name, f"{key}.transfers.{name}")
        if code not in parties:
            raise ScenarioError(f"{key}.transfers.{name}", "a party of the pact ("
                                + ", ".join(op.get("parties")) + ")", name)
        given[code] = row
    standing = np.column_stack([runner._party_mask(ballot, p) for p in parties])
    mask = runner.applies(ballot, mask, standing.sum(axis=1) >= 2, op, f"{key}.parties",
                        "at least two of the pact's parties stood")
    best = np.column_stack([
        np.where(standing[:, i], ballot.votes[:, ballot.party_columns(p)].max(axis=1), -1)
        for i, p in enumerate(parties)]).argmax(axis=1)
    notes.append("pact: in each seat the pact party with the most votes stands, the others "
                 "stand down")
    # every pact party standing down at once: none receives another's votes, and the result
    # does not depend on the order the parties are listed in
    parts = []
    for i, party in enumerate(parties):
        out = mask & standing[:, i] & (best != i)
        if not out.any():
            continue
        leaving = np.zeros_like(ballot.standing)
        for column in ballot.party_columns(party):
            leaving[:, column] = ballot.standing[:, column] & out
        name = op.get("parties")[i]
        parts.append((leaving, runner.row(ballot, given.get(party), runner.ctx.canonical(name),
                                        "stand_down", f"{key}.transfers.{name}", rng,
                                        notes)))
    new, moved = ops.stand_down_together(ballot, parts)
    moved = replace(moved, seats=int(mask.sum()))
    return new, moved, f"pact of {', '.join(parties)} in {mask.sum()} seat(s)", mask

# -- a whole run -----------------------------------------------------------------------------


HANDLERS = {"stand_down": stand_down, "stand": stand, "group_shift": group_shift,
            "turnout": turnout, "swing": swing, "pact": pact}
