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

from swingometer.data.context import History
from swingometer.exceptions import NotFoundError
from swingometer.results.seat_filter import SeatFilterError, match_seats
from swingometer.scenarios import operations as ops
from swingometer.scenarios.ballot import Ballot, party_of
from swingometer.scenarios.comparable import ShareEstimate, estimate_share
from swingometer.scenarios.handlers import HANDLERS, _draw, _names, _say
from swingometer.scenarios.result import Step
from swingometer.scenarios.spec import (
    Operation,
    Scenario,
    ScenarioError,
    Target,
)

__all__ = ["Context", "Runner"]

HOME, OTHER = ops.HOME, ops.OTHER


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
            from swingometer.forecast.models import MODEL_PARTIES, model_party
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
            from swingometer.forecast.models import model_party
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
        ballot, moved, summary, mask = HANDLERS[op.type](self, ballot, mask, op, key, rng,
                                                         notes)
        return ballot, Step(index + 1, op.type, summary, moved, tuple(notes)), mask

    def _party_mask(self, ballot: Ballot, party: str) -> np.ndarray:
        columns = ballot.party_columns(party)
        return ballot.standing[:, columns].any(axis=1) if columns else np.zeros(
            len(ballot.gss_codes), dtype=bool)

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

