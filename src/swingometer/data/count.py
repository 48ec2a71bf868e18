"""The count in every seat at once: who came first and second, and the majority between them.

The one winner rule (the most votes; equal top votes are a tie, which the validation refuses) and
the one majority rule, vectorised: the winner's votes minus the runner-up's (the whole vote of
an unopposed winner), as votes and as a percentage of the votes cast for the candidates. Candidates
on equal votes are placed by name, so the placing never depends on the row order of a file.
:class:`~swingometer.results.seats.SeatResult` gives the same for one seat.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["in_placing_order", "most_votes", "placings"]


def in_placing_order(candidacies: pd.DataFrame, key: Sequence[str] = ("election_id", "gss_code")
                     ) -> pd.DataFrame:
    """The rows seat by seat (by ``key``), most votes first, equal votes by name."""
    key = list(key)
    return candidacies.sort_values([*key, "votes", "candidate"],
                                   ascending=[*(True for _ in key), False, True],
                                   na_position="last", kind="stable")


def placings(candidacies: pd.DataFrame, key: Sequence[str] = ("election_id", "gss_code")
             ) -> pd.DataFrame:
    """One row per seat (indexed by ``key``): ``total`` votes, ``candidates``, the ``first``'s
    and ``second``'s votes (0 with no runner-up), ``first_party``, ``second_party`` (missing with
    none), ``first_candidate``, ``majority`` and ``majority_pct``."""
    key = list(key)
    grouped = in_placing_order(candidacies, key).groupby(key, sort=True)
    first = grouped.nth(0).set_index(key)
    second = grouped.nth(1).set_index(key).reindex(first.index)
    total = grouped["votes"].sum()
    table = pd.DataFrame({
        "total": total, "candidates": grouped.size(), "first": first["votes"],
        "second": second["votes"].fillna(0).astype(int), "first_party": first["party_code"],
        "second_party": second["party_code"], "first_candidate": first["candidate"],
    })
    table["majority"] = table["first"] - table["second"]
    table["majority_pct"] = 100.0 * table["majority"] / total.where(total > 0)
    return table


def most_votes(candidacies: pd.DataFrame, key: Sequence[str] = ("election_id", "gss_code")
               ) -> pd.Series:
    """Whether each row is the winner: it has the most votes in its seat (by ``key``). Both
    candidates of a tie are marked, for the validation to refuse."""
    return candidacies["votes"] == candidacies.groupby(list(key))["votes"].transform("max")
