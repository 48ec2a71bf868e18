"""A seat's history across every election, following it across the 2024 boundary change.

A 2010-set seat leads to its 2024 successors; a 2024-set seat back to its predecessors. Each link
carries the population weight from the overlap file: for a successor, the share of the old seat's
population that moved into it; for a predecessor, the share of the new seat's population that came
from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from swingometer.data.names import SeatKey
from swingometer.results.seats import SeatResult

__all__ = ["ByElectionReport", "SeatLinks", "linked_seats", "seat_history"]

MAJOR_SHARE = 5.0


def linked_seats(lineage: pd.DataFrame, key: SeatKey) -> list[tuple[SeatKey, str, float]]:
    """Successors (of a 2010-set seat) or predecessors (of a 2024-set seat) with their weights."""
    if key.boundary_set == "pcon2010":
        rows = lineage[lineage["from_code"] == key.gss_code].sort_values(
            "from_population", ascending=False)
        return [(SeatKey(c, "pcon2024"), "successor", float(w))
                for c, w in zip(rows["to_code"], rows["from_population"])]
    rows = lineage[lineage["to_code"] == key.gss_code].sort_values("to_population", ascending=False)
    return [(SeatKey(c, "pcon2010"), "predecessor", float(w))
            for c, w in zip(rows["from_code"], rows["to_population"])]


@dataclass(frozen=True)
class SeatLinks:
    """What else there is to know of a seat beside one result: its by-elections (id, date and
    the declared result, such as ``RUK gain from Lab``) and its successors or predecessors across
    the 2024 boundary change (relation, GSS code, name, population weight)."""

    byelections: tuple[tuple[str, str, str | None], ...]
    linked: tuple[tuple[str, str, str, float], ...]

    def to_dict(self) -> dict:
        return {"by_elections": [{"election_id": i, "date": d, "result": r}
                                 for i, d, r in self.byelections],
                "linked_seats": [{"relation": rel, "gss_code": code, "name": name,
                                  "weight": round(weight, 4)}
                                 for rel, code, name, weight in self.linked]}


def seat_history(results: Iterable[tuple[SeatKey, str, float, SeatResult]]) -> pd.DataFrame:
    """One row per result of a seat (``relation`` "this seat") and of its linked seats (each
    with its relation and weight, from :func:`linked_seats`), oldest first.

    Columns: ``relation, weight, election_id, date, type, gss_code, name, boundary_set, winner,
    winner_candidate, winner_share, majority, majority_pct, turnout`` and one share column per party that took at
    least 5% somewhere in the history.
    """
    rows = []
    for seat, relation, weight, result in results:
        rows.append({
            "relation": relation,
            "weight": round(weight, 4),
            "election_id": result.election.election_id,
            "date": result.election.date,
            "type": result.election.type,
            "gss_code": seat.gss_code,
            "name": result.name,
            "boundary_set": seat.boundary_set,
            "winner": result.winner.party_code,
            "winner_candidate": result.winner.name,
            "winner_share": round(result.winner.share, 2),
            "majority": result.majority,
            "majority_pct": round(result.majority_pct, 2),
            "turnout": None if result.turnout is None else round(result.turnout, 2),
            **{f"share_{p}": round(s, 2) for p, s in result.shares.items()},
        })
    table = pd.DataFrame(rows)
    shares = [c for c in table.columns if c.startswith("share_")]
    keep = [c for c in shares if table[c].max() >= MAJOR_SHARE]
    keep.sort(key=lambda c: -table[c].fillna(0).mean())
    order = {"predecessor": 0, "this seat": 1, "successor": 2}
    table = table.assign(_o=table["relation"].map(order)).sort_values(
        ["date", "_o", "weight"], ascending=[True, True, False])
    return table.drop(columns=[c for c in shares if c not in keep] + ["_o"]).reset_index(
        drop=True)[[c for c in table.columns if c not in shares and c != "_o"] + keep]


@dataclass(frozen=True)
class ByElectionReport:
    """A by-election result beside the general election it is compared with."""

    result: SeatResult
    previous: SeatResult | None
    dates: tuple[str, ...]

    def to_dict(self) -> dict:
        out = self.result.to_dict()
        out["previous_general"] = self.previous.to_dict() if self.previous else None
        out["by_elections_in_seat"] = list(self.dates)
        return out
