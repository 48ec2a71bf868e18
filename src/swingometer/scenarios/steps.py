"""Applying a scenario's operations to a ballot: targets, names, assumptions and evidence.

Each operation resolves its parties, seats and assumptions (a range's middle, or a draw when a
generator is given; a default transfer row from the evidence in the data) and hands plain numbers
to :mod:`swingometer.scenarios.operations`. Every assumption used is recorded in words for
``--explain``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from swingometer.context import History
from swingometer.exceptions import NotFoundError
from swingometer.scenarios import operations as ops
from swingometer.scenarios.ballot import Ballot, party_of
from swingometer.scenarios.comparable import ShareEstimate, estimate_share
from swingometer.scenarios.groups import (
    GROUPS,
    SUPPORT,
    adult_share,
    electorate_share,
    group_of,
)
from swingometer.scenarios.result import Step
from swingometer.scenarios.spec import (
    Operation,
    Scenario,
    ScenarioError,
    Target,
    midpoint,
)
from swingometer.seat_filter import SeatFilterError, match_seats

__all__ = ["Context", "Runner"]

HOME, OTHER = ops.HOME, ops.OTHER
# how many seats a note names before it says "and N more"
_NAMED = 8


def _as_present(code: str, present: set[str], lineage: Mapping[str, str]) -> str:
    """``code``, or where it is not among ``present`` the party of its lineage that is (Reform
    UK where only the Brexit Party stood: ``BRX``)."""
    if code in present:
        return code
    same = sorted(p for p in present if lineage.get(p, p) == lineage.get(code, code))
    return same[0] if same else code


class Context:
    """What the steps need besides the ballot: names, evidence, demographics; one per run."""

    def __init__(self, data: History, history: History, projection: bool,
                 base_election: Any) -> None:
        self.data, self.history, self.projection = data, history, projection
        self.base_election = base_election
        self._transfers: dict[tuple[str, str], Any] = {}
        self._estimates: dict[tuple[str, str], ShareEstimate] = {}
        self._on_ballot: set[str] | None = None

    def party(self, name: str, key: str, allow: tuple[str, ...] = (),
              alone: bool = False) -> str:
        """The code of party ``name`` as the ballot names it; ``home`` and ``other`` only where
        ``allow`` lists them. ``alone``: the party's own votes are needed (it stands down, its
        voters move), so on a projection a party the models count in ``Oth`` is refused."""
        if name.lower() in (HOME, OTHER):
            if name.lower() in allow:
                return name.lower()
            raise ScenarioError(key, "a party code or name" + (" or " + " or ".join(allow)
                                                               if allow else ""), name)
        try:
            code = self.data.party(name)
        except NotFoundError as error:
            raise ScenarioError(key, "a party code or name", name, hint=str(error)) from None
        if self.projection:
            from swingometer.models import MODEL_PARTIES, model_party
            if alone and model_party(code) == "Oth" and code != "Oth":
                raise ScenarioError(key, "a party the projection models ("
                                    + ", ".join(MODEL_PARTIES) + ")", name,
                                    hint=f"a projection counts {code} in Oth, with every other "
                                         "small party")
            return model_party(code)
        return self._as_on_ballot(code)

    def _as_on_ballot(self, code: str) -> str:
        """``code`` as the base election's ballot has it: where the party itself did not stand
        there but another of its lineage did, that one (Reform UK on a 2019 base is the Brexit
        Party, ``BRX``)."""
        if self.base_election is None:
            return code
        if self._on_ballot is None:
            rows = self.data.candidacies
            self._on_ballot = set(rows.loc[rows["election_id"] == self.base_election.election_id,
                                           "party_code"])
        return _as_present(code, self._on_ballot, self.data.party_lineage)

    def canonical(self, name: str) -> str:
        """The party's own code, even on a projection base (``WPB``, not ``Oth``); on an
        election base, as its ballot has it (``BRX`` for Reform UK in 2019)."""
        return self._as_on_ballot(self.data.party(name))

    def transfer(self, party: str, kind: str) -> Any:
        if (party, kind) not in self._transfers:
            from swingometer.scenarios.transfers import estimate_transfer
            self._transfers[party, kind] = estimate_transfer(self.history, party, kind)
        return self._transfers[party, kind]

    def share_estimate(self, base: Ballot, party: str) -> ShareEstimate:
        """The party's estimated share in every seat of the base, from comparable contests."""
        if (base.source, party) not in self._estimates:
            self._estimates[base.source, party] = estimate_share(
                self.history, self.base_election, base, party)
        return self._estimates[base.source, party]

    @property
    def demographics(self) -> pd.DataFrame:
        return self.data.demographics


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


class Runner:
    """Applies a scenario's operations to a base ballot, once (``rng`` None: central values)
    or with the assumptions drawn from ``rng``."""

    def __init__(self, scenario: Scenario, context: Context) -> None:
        self.scenario, self.ctx = scenario, context
        self._masks: dict[int, np.ndarray] = {}  # targets do not depend on the draws
        self._base: Ballot | None = None          # the ballot before any operation

    # -- targets -----------------------------------------------------------------------------
    def mask(self, ballot: Ballot, target: Target, key: str) -> np.ndarray:
        mask = ~ballot.frozen
        if target.seats:
            wanted = set()
            for name in target.seats:
                try:
                    code = self.ctx.data.find_seat_in(name, ballot.boundary_set).gss_code
                except NotFoundError as error:
                    raise ScenarioError(f"{key}.seats", "a seat of the base", name,
                                        hint=str(error)) from None
                if code not in set(ballot.gss_codes):
                    raise ScenarioError(f"{key}.seats", f"a seat of the base ({ballot.source})",
                                        name)
                wanted.add(code)
            mask &= np.isin(ballot.gss_codes, list(wanted))
        for attribute, values in (("region", ballot.regions), ("nation", ballot.nations)):
            chosen = getattr(target, attribute)
            if chosen:
                known = sorted({str(v) for v in values if isinstance(v, str)})
                match = [k for k in known if k.lower() == chosen.strip().lower()]
                if not match:
                    raise ScenarioError(f"{key}.{attribute}", "one of " + ", ".join(known),
                                        chosen)
                mask &= values == match[0]
        if target.where:
            mask &= self.where(ballot, target.where, f"{key}.where")
        return mask

    def where(self, ballot: Ballot, text: str, key: str) -> np.ndarray:
        table = self.ctx.demographics
        table = table[table["boundary_set"] == ballot.boundary_set].set_index("gss_code")
        columns = {c: table[c] for c in table.columns if c not in ("boundary_set", "estimated")}
        try:
            matched, _ = match_seats(columns, text)
        except SeatFilterError as error:
            raise ScenarioError(key, error.expected, error.got, hint=error.hint.lstrip("; ")
                                or None) from None
        return np.isin(ballot.gss_codes, list(matched))

    def applies(self, ballot: Ballot, mask: np.ndarray, where: np.ndarray, op: Operation,
                key: str, what: str) -> np.ndarray:
        """The seats of ``mask`` where the operation applies (``where``); elsewhere an error
        unless ``missing = "skip"``."""
        misfits = mask & ~where
        if misfits.any() and op.missing == "error":
            raise ScenarioError(key, f"a target where {what}", _names(ballot, misfits),
                                hint=self.scenario.missing_hint,
                                option=self.scenario.missing_option)
        return mask & where

    # -- rows of fractions ---------------------------------------------------------------------
    def row(self, ballot: Ballot, given: Mapping[str, Any] | None, party: str, kind: str,
            key: str, rng: np.random.Generator | None, notes: list[str]) -> dict[str, float]:
        """A transfer row: the one given (ranges drawn), or the default from the evidence for
        ``party`` (its own code), its keys named as the ballot's columns are."""
        if given is not None:
            row = {}
            for k, v in given.items():
                # two keys naming one ballot party (WPB and SDLP are both Oth on a projection)
                # add up
                code = self.ctx.party(k, f"{key}.{k}", allow=(HOME, OTHER))
                row[code] = row.get(code, 0.0) + _draw(v, rng)
            notes.append(f"{kind.replace('_', ' ')} transfers of {party} given: "
                         + ", ".join(f"{k} {_say(v)}" for k, v in given.items()))
        else:
            evidence = self.ctx.transfer(party, kind)
            row = dict(evidence.fractions)
            if rng is not None:
                drawn = {k: max(0.0, rng.normal(v, evidence.se.get(k, 0.0)))
                         for k, v in row.items()}
                row = drawn if sum(drawn.values()) > 0 else row
            notes.append(f"default {kind.replace('_', ' ')} transfers of {party} (from the "
                         f"data, {evidence.seats} seats): "
                         + ", ".join(f"{k} {v:.2f} (se {evidence.se.get(k, 0):.2f})"
                                     for k, v in evidence.fractions.items())
                         + f". {evidence.evidence}")
            row = self.ballot_keys(ballot, row)
        total = sum(row.values())
        return {k: v / total for k, v in row.items()}

    def ballot_keys(self, ballot: Ballot, row: dict[str, float]) -> dict[str, float]:
        """Evidence keys (``RUK`` for the Brexit Party too) as the ballot names them: model
        parties on a projection, the lineage's code on the ballot (``BRX`` in 2019) otherwise."""
        if self.ctx.projection:
            from swingometer.models import model_party
            rename = {k: model_party(k) for k in row if k not in (HOME, OTHER)}
        else:
            lineage = self.ctx.data.party_lineage
            present = {party_of(c) for c in ballot.columns}
            rename = {k: _as_present(k, present, lineage) for k in row}
        merged: dict[str, float] = {}
        for k, v in row.items():
            merged[rename.get(k, k)] = merged.get(rename.get(k, k), 0.0) + v
        return merged

    # -- the operations ------------------------------------------------------------------------
    def apply(self, ballot: Ballot, index: int, op: Operation,
              rng: np.random.Generator | None) -> tuple[Ballot, Step, np.ndarray]:
        key = f"operations[{index + 1}]"
        if index not in self._masks:
            self._masks[index] = self.mask(ballot, op.target, key)
        mask = self._masks[index].copy()
        if not mask.any():
            thawed = replace(ballot, frozen=np.zeros_like(ballot.frozen))
            frozen = ballot.frozen.any() and self.mask(thawed, op.target, key).any()
            raise ScenarioError(key, "a target matching at least one seat of the base",
                                op.target.describe(),
                                hint="Northern Ireland's seats and the Speaker's are frozen on a "
                                     "projection base: no operation changes them" if frozen
                                else None)
        notes: list[str] = []
        ballot, moved, summary, mask = getattr(self, op.type)(ballot, mask, op, key, rng, notes)
        return ballot, Step(index + 1, op.type, summary, moved, tuple(notes)), mask

    def _party_mask(self, ballot: Ballot, party: str) -> np.ndarray:
        columns = ballot.party_columns(party)
        return ballot.standing[:, columns].any(axis=1) if columns else np.zeros(
            len(ballot.gss_codes), dtype=bool)

    def stand_down(self, ballot, mask, op, key, rng, notes):
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
            mask = self.applies(ballot, mask, where, op, f"{key}.candidate",
                                f"candidate {op.get('candidate')} stood")
            leaving &= mask[:, None]
            parties = {party_of(ballot.columns[c]) for c in np.flatnonzero(leaving.any(axis=0))}
            who = op.get("candidate")
            if not parties:                     # skipped everywhere: nothing to move
                return ballot, ops.Moved({}, {}, 0), f"{who} stands down in 0 seat(s)", mask
            party = parties.pop() if len(parties) == 1 else OTHER
        else:
            party = self.ctx.party(op.get("party"), f"{key}.party", alone=True)
            mask = self.applies(ballot, mask, self._party_mask(ballot, party), op,
                                f"{key}.party", f"{party} stood")
            for column in ballot.party_columns(party):
                leaving[:, column] = ballot.standing[:, column] & mask
            who = party = self.ctx.canonical(op.get("party"))
        row = self.row(ballot, op.get("transfers"), party, "stand_down", f"{key}.transfers", rng,
                       notes)
        new, moved = ops.stand_down(ballot, leaving, row)
        return new, moved, f"{who} stands down in {mask.sum()} seat(s)", mask

    def stand(self, ballot, mask, op, key, rng, notes):
        party = self.ctx.party(op.get("party"), f"{key}.party", alone=True)
        mask = self.applies(ballot, mask, ~self._party_mask(ballot, party), op,
                            f"{key}.party", f"{party} did not already stand")
        share = op.get("share")
        if share is None:
            value = self.estimated_share(ballot, mask, party, key, rng, notes)
        else:
            notes.append(f"{party}'s share given: {_say(share, '%')} of valid votes")
            value = np.full(len(mask), _draw(share, rng))
        row = self.row(ballot, op.get("sources"), self.ctx.canonical(op.get("party")), "stand",
                       f"{key}.sources", rng, notes)
        ballot, columns = self.entrants(ballot, mask, party, op.get("candidate"), key)
        new, moved = ops.stand(ballot, mask, columns, value, row)
        rows = np.flatnonzero(mask)
        reached = (float(np.mean(100 * new.votes[rows, columns[rows]] / new.valid[rows]))
                   if len(rows) else 0.0)
        asked = float(np.mean(value[rows])) if len(rows) else 0.0
        short = f" (asked {asked:.1f}%: its sources ran short)" if reached < asked - 0.05 else ""
        return (new, moved, f"{party} stands in {mask.sum()} seat(s) at {reached:.1f}%{short}",
                mask)

    def estimated_share(self, ballot: Ballot, mask: np.ndarray, party: str, key: str,
                        rng: np.random.Generator | None, notes: list[str]) -> np.ndarray:
        """Per seat, the party's share where none is given: estimated seat by seat from
        comparable contests (:mod:`swingometer.scenarios.comparable`); a simulation draws one
        point of every seat's range, the same in every seat."""
        if not mask.any():
            return np.zeros(len(mask))
        estimate = self.ctx.share_estimate(self._base if self._base is not None else ballot,
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

    def entrants(self, ballot: Ballot, mask: np.ndarray, party: str, name: str | None,
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

    def group_shift(self, ballot, mask, op, key, rng, notes):
        try:
            group = group_of(op.get("group"))
        except KeyError:
            raise ScenarioError(f"{key}.group", "one of " + ", ".join(GROUPS),
                                op.get("group")) from None
        source = self.ctx.party(op.get("from"), f"{key}.from", alone=True)
        destination = self.ctx.party(op.get("to"), f"{key}.to", allow=(HOME,))
        if destination == source and not op.get("candidate"):
            raise ScenarioError(f"{key}.to", f"a party other than {source} (from), or home",
                                op.get("to"), hint="give candidate to move votes to a new "
                                                   f"{source} candidate")
        eligible = op.get("eligible")
        e_share = electorate_share(group, self.ctx.demographics, ballot.boundary_set,
                                   ballot.gss_codes,
                                   None if eligible is None else _draw(eligible, rng))
        where = self._party_mask(ballot, source) & ~np.isnan(e_share)
        mask = self.applies(ballot, mask, where, op, f"{key}.from",
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
            adults = adult_share(group, self.ctx.demographics, ballot.boundary_set)
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
            ballot, target_column = self.entrants(ballot, mask, destination,
                                                  op.get("candidate"), key)
        else:
            # the party's own candidate (its first-ranked one), entering where it did not stand
            standing = ops.first_standing(ballot, destination)
            ballot, entering = self.entrants(ballot, mask & (standing < 0), destination, None,
                                             key)
            target_column = np.where(standing >= 0, standing, entering)
        new, moved = ops.group_shift(ballot, mask, column, target_column, group_votes, fraction)
        summary = (f"{fraction:.0%} of {source}'s {group.label} voters move to {destination} "
                   f"in {mask.sum()} seat(s)")
        return new, moved, summary, mask

    def turnout(self, ballot, mask, op, key, rng, notes):
        party = self.ctx.party(op.get("party"), f"{key}.party", alone=True)
        mask = self.applies(ballot, mask, self._party_mask(ballot, party), op,
                            f"{key}.party", f"{party} stood")
        change = _draw(op.get("change"), rng)
        notes.append(f"turnout of {party}'s supporters changes by {_say(op.get('change'))} "
                     "(fraction of their votes; new voters come from those who stayed home)")
        new, moved = ops.turnout(ballot, mask, ballot.party_columns(party), change)
        return new, moved, f"{party} turnout {change:+.0%} in {mask.sum()} seat(s)", mask

    def swing(self, ballot, mask, op, key, rng, notes):
        source = self.ctx.party(op.get("from"), f"{key}.from", alone=True)
        destination = self.ctx.party(op.get("to"), f"{key}.to", allow=(HOME,))
        if destination == source:
            raise ScenarioError(f"{key}.to", f"a party other than {source} (from), or home",
                                op.get("to"))
        where = self._party_mask(ballot, source)
        if destination != HOME:
            where &= self._party_mask(ballot, destination)
        mask = self.applies(ballot, mask, where, op, f"{key}.to",
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

    def pact(self, ballot, mask, op, key, rng, notes):
        parties = [self.ctx.party(p, f"{key}.parties", alone=True) for p in op.get("parties")]
        if len(set(parties)) < len(parties):
            raise ScenarioError(f"{key}.parties", "two or more different parties",
                                list(op.get("parties")))
        given = {}
        for name, row in (op.get("transfers") or {}).items():
            code = self.ctx.party(name, f"{key}.transfers.{name}")
            if code not in parties:
                raise ScenarioError(f"{key}.transfers.{name}", "a party of the pact ("
                                    + ", ".join(op.get("parties")) + ")", name)
            given[code] = row
        standing = np.column_stack([self._party_mask(ballot, p) for p in parties])
        mask = self.applies(ballot, mask, standing.sum(axis=1) >= 2, op, f"{key}.parties",
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
            parts.append((leaving, self.row(ballot, given.get(party), self.ctx.canonical(name),
                                            "stand_down", f"{key}.transfers.{name}", rng,
                                            notes)))
        new, moved = ops.stand_down_together(ballot, parts)
        moved = replace(moved, seats=int(mask.sum()))
        return new, moved, f"pact of {', '.join(parties)} in {mask.sum()} seat(s)", mask

    # -- a whole run -----------------------------------------------------------------------------
    def run(self, base: Ballot, rng: np.random.Generator | None = None
            ) -> tuple[Ballot, list[Step], np.ndarray]:
        ballot, steps = base, []
        self._base = base
        targeted = np.zeros(len(base.gss_codes), dtype=bool)
        for index, op in enumerate(self.scenario.operations):
            try:
                ballot, step, mask = self.apply(ballot, index, op, rng)
            except ScenarioError as error:
                if error.file is None and self.scenario.file:
                    raise ScenarioError(error.key, error.expected, error.got, self.scenario.file,
                                        op.line_of(error.key), error.hint) from None
                raise
            steps.append(step)
            targeted |= mask
        return ballot, steps, targeted

