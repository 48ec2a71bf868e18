"""Running a scenario: resolve its base and names, apply its operations in order, and simulate.

A deterministic run uses the middle of every range and the central estimate of every default
transfer. A simulation (``sims`` > 0) draws the assumptions: each range uniformly, each default
transfer row from its estimate and standard error. On a projection base it also draws the
projection's own error, with the error model of :mod:`swingometer.simulate`, so win probabilities
carry both. On an election result it draws the assumptions only: the result itself is known.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from swingometer.exceptions import NotFoundError, SwingometerError
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
    Operation,
    Scenario,
    ScenarioError,
    Target,
    midpoint,
)

__all__ = ["ScenarioResult", "Step", "run_scenario"]

HOME, OTHER = ops.HOME, ops.OTHER
_CONDITION = re.compile(r"^\s*([a-z0-9_]+)\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$")
_COMPARE = {">=": np.greater_equal, "<=": np.less_equal, ">": np.greater, "<": np.less,
            "==": np.equal, "!=": np.not_equal}


@dataclass(frozen=True)
class Step:
    """One operation as applied: what it did, to how many seats, and the assumptions it used."""

    index: int
    type: str
    summary: str
    moved: ops.Moved
    assumptions: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"operation": self.index, "type": self.type, "summary": self.summary,
                "seats": self.moved.seats, "votes_moved": round(self.moved.votes),
                "from": {k: round(v) for k, v in self.moved.sources.items()},
                "to": {k: round(v) for k, v in self.moved.destinations.items()},
                "assumptions": list(self.assumptions)}


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario's base and result, seat by seat, with the steps that led from one to the other
    and, after a simulation, win probabilities."""

    scenario: Scenario
    base: Ballot
    result: Ballot
    steps: tuple[Step, ...]
    targeted: np.ndarray
    sims: int = 0
    seed: int | None = None
    wins: np.ndarray | None = field(default=None, repr=False)
    parties: tuple[str, ...] = ()
    uncertainty: str = ""

    def seats(self, only_targeted: bool = False) -> pd.DataFrame:
        """Every seat: base and scenario winner, majority (votes and % of valid votes), and
        whether it changes hands; with a simulation, the scenario winner's win probability."""
        before, after = self.base.seat_frame(), self.result.seat_frame()
        table = after[["gss_code", "name", "nation"]].copy()
        table["base_winner"] = before["winner"]
        table["base_majority"] = before["majority"]
        table["winner"] = after["winner"]
        table["runner_up"] = after["runner_up"]
        table["majority"] = after["majority"]
        table["majority_pct"] = after["majority_pct"]
        table["changed"] = table["winner"] != table["base_winner"]
        if self.wins is not None:
            probability = self.win_probability
            table["win_probability"] = [round(100 * probability.at[c, w], 1) if w in
                                        probability.columns else float("nan")
                                        for c, w in zip(table["gss_code"], table["winner"])]
        return table[self.targeted] if only_targeted else table

    @property
    def changes(self) -> pd.DataFrame:
        """Seats that change hands: code, name, from, to, new majority."""
        table = self.seats()
        moved = table[table["changed"]]
        return moved[["gss_code", "name", "base_winner", "winner", "majority"]].rename(
            columns={"base_winner": "from", "winner": "to"}).reset_index(drop=True)

    @property
    def totals(self) -> pd.DataFrame:
        """Seats by party, base and scenario."""
        now = pd.Series(self.result.winners).value_counts()
        before = pd.Series(self.base.winners).value_counts()
        table = pd.DataFrame({"base": before, "seats": now}).fillna(0).astype(int)
        table["change"] = table["seats"] - table["base"]
        table = table.rename_axis("party").reset_index()
        return table.sort_values(["seats", "base"], ascending=False, ignore_index=True)

    def shares(self, gss_code: str) -> pd.DataFrame:
        """One seat, contestant by contestant: candidate, party, votes and share, base and
        scenario (NaN where a contestant did not stand)."""
        row = int(np.flatnonzero(self.result.gss_codes == gss_code)[0])
        base_columns = {c: i for i, c in enumerate(self.base.columns)}
        records = []
        for i, column in enumerate(self.result.columns):
            j = base_columns.get(column)
            before = self.base.standing[row, j] if j is not None else False
            if not (before or self.result.standing[row, i]):
                continue
            records.append({
                "candidate": self.result.candidates.get((gss_code, column), ""),
                "party": party_of(column),
                "base_votes": round(self.base.votes[row, j]) if before else float("nan"),
                "base_share": round(self.base.shares[row, j], 2) if before else float("nan"),
                "votes": (round(self.result.votes[row, i]) if self.result.standing[row, i]
                          else float("nan")),
                "share": round(self.result.shares[row, i], 2)})
        table = pd.DataFrame(records)
        return table.sort_values("votes", ascending=False, na_position="last",
                                 ignore_index=True)

    def at_risk(self, party: str, rival: str | None = None) -> pd.DataFrame:
        """The seats ``party`` wins in the base that the scenario's operations touch, most at
        risk first: ranked by its lead (% of valid votes; negative: lost) under the scenario over
        ``rival``, or over the strongest other contestant; with the lead in the base."""
        now, rivals = self.result.lead(party, rival)
        before, _ = self.base.lead(party, rival)
        held = (self.base.winners == party) & self.targeted
        table = pd.DataFrame({"gss_code": self.result.gss_codes, "name": self.result.names,
                              "rival": rivals, "base_lead_pct": before.round(2),
                              "lead_pct": now.round(2), "winner": self.result.winners})[held]
        return table.sort_values(["lead_pct", "gss_code"], ignore_index=True)

    @property
    def win_probability(self) -> pd.DataFrame:
        """Seats x parties: the share of simulations each party wins each seat (0 to 1)."""
        if self.wins is None:
            raise SwingometerError("no simulation was run: give sims (and a seed)")
        return pd.DataFrame(self.wins / self.sims, index=self.result.gss_codes,
                            columns=list(self.parties))

    def to_dict(self, seats: str = "targeted") -> dict:
        """Plain data for JSON; ``seats``: ``"targeted"``, ``"all"`` or ``"changed"``."""
        table = self.seats(only_targeted=seats == "targeted")
        if seats == "changed":
            table = table[table["changed"]]
        out: dict[str, Any] = {
            "name": self.scenario.name, "base": self.base.source,
            "file": self.scenario.file, "sims": self.sims, "seed": self.seed,
            "uncertainty": self.uncertainty or None,
            "steps": [s.to_dict() for s in self.steps],
            "changes": self.changes.to_dict(orient="records"),
            "totals": self.totals.to_dict(orient="records") if len(self.base.gss_codes) > 1
            else None,
            "seats": [],
        }
        for record in table.to_dict(orient="records"):
            record["contestants"] = self.shares(record["gss_code"]).to_dict(orient="records")
            if self.wins is not None:
                probability = self.win_probability.loc[record["gss_code"]]
                record["win_probabilities"] = {p: round(float(v), 4)
                                               for p, v in probability.items() if v > 0}
            out["seats"].append(record)
        return out


class _Context:
    """What the steps need besides the ballot: names, evidence, demographics; one per run."""

    def __init__(self, data: Any, history: Any, projection: bool, base_election: Any) -> None:
        self.data, self.history, self.projection = data, history, projection
        self.base_election = base_election
        self._transfers: dict[tuple[str, str], Any] = {}
        self._demographics: pd.DataFrame | None = None

    def party(self, name: str, key: str) -> str:
        if name.lower() in (HOME, OTHER):
            return name.lower()
        try:
            code = self.data.party(name)
        except NotFoundError as error:
            raise ScenarioError(key, "a party code or name", name, hint=str(error)) from None
        if self.projection:
            from swingometer.models import model_party
            return model_party(code)
        return code

    def transfer(self, party: str, kind: str) -> Any:
        if (party, kind) not in self._transfers:
            from swingometer.scenarios.transfers import estimate_transfer
            self._transfers[party, kind] = estimate_transfer(self.history, party, kind)
        return self._transfers[party, kind]

    @property
    def demographics(self) -> pd.DataFrame:
        if self._demographics is None:
            from swingometer.io.tables import read_table
            self._demographics = read_table("demographics")
        return self._demographics


def _draw(value: Any, rng: np.random.Generator | None) -> float:
    if isinstance(value, tuple):
        return float(rng.uniform(*value)) if rng is not None else midpoint(value)
    return float(value)


def _say(value: Any, unit: str = "") -> str:
    if isinstance(value, tuple):
        return f"{value[0]:g}{unit} to {value[1]:g}{unit} (middle {midpoint(value):g}{unit})"
    return f"{value:g}{unit}"


class _Runner:
    """Applies a scenario's operations to a base ballot, once (``rng`` None: central values)
    or with the assumptions drawn from ``rng``."""

    def __init__(self, scenario: Scenario, context: _Context) -> None:
        self.scenario, self.ctx = scenario, context

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
        numeric = [c for c in table.columns if c.endswith("_pct") or c in
                   ("population", "adults_16_plus")]
        mask = np.ones(len(ballot.gss_codes), dtype=bool)
        for part in re.split(r"\s+and\s+", text.strip()):
            match = _CONDITION.match(part)
            if not match:
                raise ScenarioError(key, "conditions such as 'muslim_pct >= 20', joined by "
                                         "'and'", part)
            column, op, number = match.groups()
            if column not in numeric:
                raise ScenarioError(key, "a demographics column (" + ", ".join(numeric) + ")",
                                    column)
            values = table[column].reindex(ballot.gss_codes).to_numpy(dtype=float)
            with np.errstate(invalid="ignore"):
                mask &= _COMPARE[op](values, float(number))
        return mask

    def applies(self, ballot: Ballot, mask: np.ndarray, where: np.ndarray, op: Operation,
                key: str, what: str) -> np.ndarray:
        """The seats of ``mask`` where the operation applies (``where``); elsewhere an error
        unless ``missing = "skip"``."""
        misfits = mask & ~where
        if misfits.any() and op.missing == "error":
            names = ", ".join(ballot.names[misfits][:5])
            more = f" and {misfits.sum() - 5} more" if misfits.sum() > 5 else ""
            raise ScenarioError(key, f"a target where {what}", f"{names}{more}",
                                hint='add missing = "skip" to skip such seats')
        return mask & where

    # -- rows of fractions ---------------------------------------------------------------------
    def row(self, given: Mapping[str, Any] | None, party: str, kind: str, key: str,
            rng: np.random.Generator | None, notes: list[str]) -> dict[str, float]:
        if given is not None:
            row = {self.ctx.party(k, f"{key}.{k}"): _draw(v, rng) for k, v in given.items()}
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
            if self.ctx.projection:
                from swingometer.models import model_party
                merged: dict[str, float] = {}
                for k, v in row.items():
                    target = k if k in (HOME, OTHER) else model_party(k)
                    merged[target] = merged.get(target, 0.0) + v
                row = merged
        total = sum(row.values())
        return {k: v / total for k, v in row.items()}

    # -- the operations ------------------------------------------------------------------------
    def apply(self, ballot: Ballot, index: int, op: Operation,
              rng: np.random.Generator | None) -> tuple[Ballot, Step, np.ndarray]:
        key = f"operations[{index + 1}]"
        mask = self.mask(ballot, op.target, key)
        if not mask.any():
            raise ScenarioError(key, "a target matching at least one seat of the base",
                                op.target.describe())
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
            for (code, column), name in ballot.candidates.items():
                if name.lower() == wanted:
                    leaving[ballot.gss_codes == code, ballot.column(column)] = True
            where = leaving.any(axis=1)
            mask = self.applies(ballot, mask, where, op, f"{key}.candidate",
                                f"candidate {op.get('candidate')} stood")
            leaving &= mask[:, None]
            parties = {party_of(ballot.columns[c]) for c in np.flatnonzero(leaving.any(axis=0))}
            party = parties.pop() if len(parties) == 1 else OTHER
            who = op.get("candidate")
        else:
            party = self.ctx.party(op.get("party"), f"{key}.party")
            mask = self.applies(ballot, mask, self._party_mask(ballot, party), op,
                                f"{key}.party", f"{party} stood")
            for column in ballot.party_columns(party):
                leaving[:, column] = ballot.standing[:, column] & mask
            who = party
        row = self.row(op.get("transfers"), party, "stand_down", f"{key}.transfers", rng, notes)
        new, moved = ops.stand_down(ballot, leaving, row)
        return new, moved, f"{who} stands down in {mask.sum()} seat(s)", mask

    def stand(self, ballot, mask, op, key, rng, notes):
        party = self.ctx.party(op.get("party"), f"{key}.party")
        mask = self.applies(ballot, mask, ~self._party_mask(ballot, party), op,
                            f"{key}.party", f"{party} did not already stand")
        share = op.get("share")
        if share is None:
            low, middle, high = self.comparable_share(ballot, party, key)
            share = (low, high)
            notes.append(f"{party}'s share estimated from comparable contests: median "
                         f"{middle:.1f}%, middle half {low:.1f}% to {high:.1f}%")
            value = float(rng.uniform(low, high)) if rng is not None else middle
        else:
            notes.append(f"{party}'s share given: {_say(share, '%')} of valid votes")
            value = _draw(share, rng)
        row = self.row(op.get("sources"), party, "stand", f"{key}.sources", rng, notes)
        new, moved = ops.stand(ballot, mask, party, np.full(len(mask), value), row)
        if op.get("candidate"):
            new = replace(new, candidates={**new.candidates, **{
                (code, party): op.get("candidate") for code in ballot.gss_codes[mask]}})
        return new, moved, f"{party} stands in {mask.sum()} seat(s) at {value:.1f}%", mask

    def comparable_share(self, ballot: Ballot, party: str, key: str) -> tuple[float, float,
                                                                             float]:
        """The party's share where it stood in comparable contests: other by-elections of the
        same Parliament for a by-election base; the base's own seats otherwise."""
        election = self.ctx.base_election
        data = self.ctx.data
        if election is not None and not election.is_general:
            elections = data.elections
            parliament = elections.loc[elections["election_id"] == election.election_id,
                                       "parliament"].iloc[0]
            same = elections[(elections["parliament"] == parliament)
                             & (elections["type"] == election.type)
                             & (elections["election_id"] != election.election_id)]
            rows = data.candidacies[data.candidacies["election_id"].isin(same["election_id"])]
            valid = rows.groupby(["election_id", "gss_code"])["votes"].transform("sum")
            shares = (100 * rows["votes"] / valid)[rows["party_code"] == party].to_numpy()
        else:
            columns = ballot.party_columns(party)
            shares = ballot.shares[:, columns[0]] if columns else np.array([])
            shares = shares[~np.isnan(shares)]
        if len(shares) == 0:
            raise ScenarioError(f"{key}.share", f"given: {party} stood in no comparable contest "
                                                "to estimate it from", None)
        low, middle, high = np.percentile(shares, [25, 50, 75])
        return float(low), float(middle), float(high)

    def group_shift(self, ballot, mask, op, key, rng, notes):
        try:
            group = group_of(op.get("group"))
        except KeyError:
            raise ScenarioError(f"{key}.group", "one of " + ", ".join(GROUPS),
                                op.get("group")) from None
        source = self.ctx.party(op.get("from"), f"{key}.from")
        destination = self.ctx.party(op.get("to"), f"{key}.to")
        eligible = op.get("eligible")
        e_share = electorate_share(group, self.ctx.demographics, ballot.boundary_set,
                                   ballot.gss_codes,
                                   None if eligible is None else _draw(eligible, rng))
        where = self._party_mask(ballot, source) & ~np.isnan(e_share)
        mask = self.applies(ballot, mask, where, op, f"{key}.from",
                            f"{source} stood and the census counts the group")
        column = ballot.party_columns(source)[0]
        support = op.get("support")
        if support is None and (group.name, source) in SUPPORT:
            value, source_text = SUPPORT[group.name, source]
            support_drawn = np.full(len(mask), value)
            notes.append(f"support for {source} among {group.label} voters: {value:g} "
                         f"({source_text})")
        elif support is None:
            support_drawn = np.nan_to_num(ballot.shares[:, column] / 100)
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
            adults = adult_share(group, ballot.boundary_set)
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
        else:
            # a named candidate is a new contestant; otherwise the party's own candidate,
            # entering where the party did not stand
            name = op.get("candidate")
            label = f"{destination}#{name}" if name else destination
            ballot = ballot.with_column(label)
            if name:
                ballot = replace(ballot, candidates={**ballot.candidates, **{
                    (code, label): name for code in ballot.gss_codes[mask]}})
            target_column = ballot.column(label)
        new, moved = ops.group_shift(ballot, mask, column, target_column, group_votes, fraction)
        summary = (f"{fraction:.0%} of {source}'s {group.label} voters move to {destination} "
                   f"in {mask.sum()} seat(s)")
        return new, moved, summary, mask

    def turnout(self, ballot, mask, op, key, rng, notes):
        party = self.ctx.party(op.get("party"), f"{key}.party")
        mask = self.applies(ballot, mask, self._party_mask(ballot, party), op,
                            f"{key}.party", f"{party} stood")
        change = _draw(op.get("change"), rng)
        notes.append(f"turnout of {party}'s supporters changes by {_say(op.get('change'))} "
                     "(fraction of their votes; new voters come from those who stayed home)")
        new, moved = ops.turnout(ballot, mask, ballot.party_columns(party), change)
        return new, moved, f"{party} turnout {change:+.0%} in {mask.sum()} seat(s)", mask

    def swing(self, ballot, mask, op, key, rng, notes):
        source = self.ctx.party(op.get("from"), f"{key}.from")
        destination = self.ctx.party(op.get("to"), f"{key}.to")
        where = self._party_mask(ballot, source)
        if destination != HOME:
            where &= self._party_mask(ballot, destination)
        mask = self.applies(ballot, mask, where, op, f"{key}.to",
                            f"both {source} and {destination} stood")
        src = ballot.party_columns(source)[0]
        dst = None if destination == HOME else ballot.party_columns(destination)[0]
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
        parties = [self.ctx.party(p, f"{key}.parties") for p in op.get("parties")]
        standing = np.column_stack([self._party_mask(ballot, p) for p in parties])
        mask = self.applies(ballot, mask, standing.sum(axis=1) >= 2, op, f"{key}.parties",
                            "at least two of the pact's parties stood")
        best = np.column_stack([
            np.where(standing[:, i], ballot.votes[:, ballot.party_columns(p)].max(axis=1), -1)
            for i, p in enumerate(parties)]).argmax(axis=1)
        given = op.get("transfers") or {}
        notes.append("pact: in each seat the pact party with the most votes stands, the others "
                     "stand down")
        total_moved: list[ops.Moved] = []
        for i, party in enumerate(parties):
            leaving = np.zeros_like(ballot.standing)
            out = mask & standing[:, i] & (best != i)
            if not out.any():
                continue
            for column in ballot.party_columns(party):
                leaving[:, column] = ballot.standing[:, column] & out
            row = self.row(given.get(op.get("parties")[i]) or given.get(party), party,
                           "stand_down", f"{key}.transfers.{party}", rng, notes)
            ballot, moved = ops.stand_down(ballot, leaving, row)
            total_moved.append(moved)
        moved = _combine(total_moved, int(mask.sum()))
        return ballot, moved, f"pact of {', '.join(parties)} in {mask.sum()} seat(s)", mask

    # -- a whole run -----------------------------------------------------------------------------
    def run(self, base: Ballot, rng: np.random.Generator | None = None
            ) -> tuple[Ballot, list[Step], np.ndarray]:
        ballot, steps = base, []
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


def _combine(moves: list[ops.Moved], seats: int) -> ops.Moved:
    sources: dict[str, float] = {}
    destinations: dict[str, float] = {}
    for move in moves:
        for k, v in move.sources.items():
            sources[k] = sources.get(k, 0.0) + v
        for k, v in move.destinations.items():
            destinations[k] = destinations.get(k, 0.0) + v
    return ops.Moved(sources, destinations, seats)


def _base(data: Any, scenario: Scenario) -> tuple[Ballot, _Context, Any]:
    base = scenario.base
    if not base.is_projection:
        election = data.election(base.election)
        ballot = Ballot.from_election(data, election.election_id, election.boundary_set)
        return ballot, _Context(data, data, False, election), None
    from swingometer.projection import project

    shares = None
    if base.shares is not None:
        from swingometer.models import model_party
        shares = {}
        for party, value in base.shares.items():
            code = "Oth" if party.lower() in {"oth", "other", "others"} else model_party(
                data.party(party))
            shares[code] = shares.get(code, 0.0) + value
    projection = project(data, shares=shares, as_of=base.as_of, model=base.model,
                         baseline=base.baseline, normalise=True)
    seats = projection.projected
    contests = data.contests[data.contests["election_id"] == projection.baseline.election_id]
    electorate = contests.set_index("gss_code")["electorate"].reindex(seats.gss_codes)
    places = data.constituencies[data.constituencies["boundary_set"] == seats.boundary_set]
    regions = places.set_index("gss_code")["region"].reindex(seats.gss_codes).to_numpy()
    inputs = (f"polls as of {base.as_of}" if base.as_of else "shares " + ", ".join(
        f"{k} {v:g}" for k, v in (shares or {}).items()))
    source = f"projection ({projection.model}) from {projection.baseline.election_id}, {inputs}"
    ballot = Ballot.from_shares(source, seats, electorate.to_numpy(dtype=float), regions)
    history = data.before(base.as_of) if base.as_of else data
    return ballot, _Context(data, history, True, None), projection


def run_scenario(data: Any, scenario: Scenario, sims: int = 0, seed: int | None = None,
                 max_sims: int | None = None,
                 progress: Callable[[int], None] | None = None) -> ScenarioResult:
    """Apply ``scenario`` to its base; with ``sims`` > 0, also simulate win probabilities
    (``seed`` required; the same seed gives the same numbers).

    The shipped and imported data are never modified: the base is copied into a
    :class:`~swingometer.scenarios.ballot.Ballot` and every operation returns a new one.
    """
    from swingometer.simulate import MAX_SIMS, check_run

    if sims:
        check_run(sims, seed, max_sims or MAX_SIMS)
    base, context, projection = _base(data, scenario)
    runner = _Runner(scenario, context)
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
               "nation and seat, from the error model of swingometer.simulate)")
    return replace(out, sims=int(sims), seed=int(seed), wins=wins, parties=parties,
                   uncertainty=why)


def _simulate_result(runner: _Runner, base: Ballot, sims: int, seed: int,
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


# assumption draws on a projection base; each gets an equal part of the simulations
PROJECTION_DRAWS = 50


def _simulate_projection(runner: _Runner, base: Ballot, projection: Any, context: _Context,
                         sims: int, seed: int, progress: Callable[[int], None] | None
                         ) -> tuple[np.ndarray, tuple]:
    from swingometer.models import model_party
    from swingometer.simulate import ErrorModel, simulate

    errors = ErrorModel.estimate(context.history, projection.model)
    draws = min(PROJECTION_DRAWS, sims)
    sizes = [sims // draws + (1 if d < sims % draws else 0) for d in range(draws)]
    children = np.random.SeedSequence(seed).spawn(2 * draws)
    seats = projection.projected
    wins, done, parties = None, 0, ()
    for d in range(draws):
        ballot = runner.run(base, np.random.default_rng(children[2 * d]))[0]
        shares = np.zeros_like(seats.shares)
        for c, column in enumerate(ballot.columns):
            shares[:, seats.parties.index(model_party(party_of(column)))] += ballot.votes[:, c]
        shares = 100 * shares / shares.sum(axis=1, keepdims=True)
        drawn = replace(projection, projected=seats.with_shares(shares))
        seed_d = int(children[2 * d + 1].generate_state(1)[0])
        result = simulate(drawn, errors, sizes[d], seed_d)
        wins = result.wins if wins is None else wins + result.wins
        parties = tuple(result.parties)
        done += sizes[d]
        if progress is not None:
            progress(done)
    return wins, parties
