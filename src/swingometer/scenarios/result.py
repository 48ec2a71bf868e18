"""What a scenario gave: base and result seat by seat, the steps between, and the odds."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from swingometer.exceptions import SeatNotFoundError, SwingometerError
from swingometer.results.totals import seat_changes
from swingometer.scenarios import operations as ops
from swingometer.scenarios.ballot import Ballot, party_of
from swingometer.scenarios.spec import Scenario

__all__ = ["ScenarioResult", "Step"]


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
        for column in ("base_majority", "majority"):  # whole votes (the expected, rounded)
            table[column] = table[column].round().astype("Int64")
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
        table = seat_changes(self.result.winners, self.base.winners, "base")
        return table[["party", "base", "seats", "change"]]

    def shares(self, gss_code: str) -> pd.DataFrame:
        """One seat (its GSS code, or its name as the base spells it), contestant by contestant:
        candidate, party, votes and share, base and scenario (NaN where a contestant did not
        stand)."""
        rows = np.flatnonzero((self.result.gss_codes == gss_code)
                              | (self.result.names == gss_code))
        if not len(rows):
            close = difflib.get_close_matches(gss_code, [str(n) for n in self.result.names], 3)
            raise SeatNotFoundError(gss_code, close, f" in {self.base.source}")
        row = int(rows[0])
        gss_code = self.result.gss_codes[row]
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
            record["contestants"] = [  # votes as whole numbers, null where one did not stand
                {k: int(v) if k.endswith("votes") and pd.notna(v) else v for k, v in row.items()}
                for row in self.shares(record["gss_code"]).to_dict(orient="records")]
            if self.wins is not None:
                probability = self.win_probability.loc[record["gss_code"]]
                record["win_probabilities"] = {p: round(float(v), 4)
                                               for p, v in probability.items() if v > 0}
            out["seats"].append(record)
        return out
