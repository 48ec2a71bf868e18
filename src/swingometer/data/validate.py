"""Rules every results table must keep, checked on the shipped data and on every import.

- candidate votes sum to the seat's valid votes (one known exception is recorded, not hidden);
- exactly one winner per seat, the candidate with the most votes; ties are flagged;
- the published majority equals first minus second;
- a general election has 650 seats;
- GSS codes belong to the election's boundary set;
- no seat appears twice in an election and no candidate twice in a seat;
- votes are whole and non-negative; valid votes do not exceed the electorate (turnout <= 100%).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from swingometer.data.count import placings
from swingometer.data.tables import is_gss_code
from swingometer.exceptions import Problem, ValidationError

__all__ = ["KNOWN_EXCEPTIONS", "check_results", "known_exception_notes", "result_problems"]

SEATS_AT_GENERAL_ELECTION = 650

# (check, election id, GSS code) -> what the official source says. Recorded, not hidden: the seat
# report prints the note and the shares use the candidates' total as their denominator.
KNOWN_EXCEPTIONS: dict[tuple[str, str, str], str] = {
    ("votes_sum", "parl.sheffield-brightside-and-hillsborough.by.2016-05-05", "E14000921"):
        "the House of Commons Library file gives 22,581 valid votes but its candidates' votes sum "
        "to 23,481; shares here use the candidates' total",
    ("majority", "parl.sheffield-brightside-and-hillsborough.by.2016-05-05", "E14000921"):
        "the House of Commons Library file gives a majority of 9,590; the candidates' votes give "
        "10,490 (the same discrepancy as the valid votes)",
    ("majority", "parl.arbroath-and-broughty-ferry.by.2026-06-18", "S14000066"):
        "the House of Commons Library file gives a majority of 5,178; the candidates' votes "
        "(SNP 9,802, Con 4,524) give 5,278, which swingometer reports",
}


def known_exception_notes(election_id: str, gss_code: str) -> tuple[str, ...]:
    """Notes on any recorded anomaly in this seat's official result."""
    return tuple(note for (_, e, g), note in KNOWN_EXCEPTIONS.items()
                 if e == election_id and g == gss_code)


def _problems(check: str, rows: pd.DataFrame, expected, got,
              known: Mapping[tuple[str, str, str], str]) -> list[Problem]:
    """One :class:`Problem` per row of ``rows`` (columns election_id, gss_code), unless known."""
    found = []
    for row in rows.itertuples(index=False):
        gss = getattr(row, "gss_code", None)
        if (check, row.election_id, gss) not in known:
            found.append(Problem(check, row.election_id, gss, str(expected(row)), str(got(row))))
    return found


def result_problems(elections: pd.DataFrame, contests: pd.DataFrame, candidacies: pd.DataFrame,
                    known: Mapping[tuple[str, str, str], str] = KNOWN_EXCEPTIONS) -> list[Problem]:
    """Every rule broken by these tables (empty when they are valid), except the ``known`` ones."""
    key = ["election_id", "gss_code"]
    found: list[Problem] = []

    def add(check: str, rows: pd.DataFrame, expected, got) -> None:
        found.extend(_problems(check, rows, expected, got, known))

    seats = contests.groupby(key).size().rename("n").reset_index()
    add("duplicate_seat", seats[seats["n"] > 1], lambda r: "one row", lambda r: f"{r.n} rows")
    named = candidacies[candidacies["candidate"].notna()]
    repeats = named.groupby(key + ["candidate", "party_code"]).size().rename("n").reset_index()
    add("duplicate_candidate", repeats[repeats["n"] > 1],
        lambda r: f"{r.candidate} ({r.party_code}) once", lambda r: f"{r.n} times")
    add("votes", candidacies[candidacies["votes"] < 0], lambda r: "votes >= 0", lambda r: r.votes)

    boundary = contests["election_id"].map(dict(zip(elections["election_id"],
                                                     elections["boundary_set"])))
    wrong_code = [not is_gss_code(c, b) for c, b in zip(contests["gss_code"], boundary.fillna(""))]
    add("gss_code", contests.assign(boundary=boundary)[wrong_code],
        lambda r: f"a {r.boundary} constituency code", lambda r: r.gss_code)
    over = contests[contests["electorate"].notna()
                    & (contests["valid_votes"] > contests["electorate"].fillna(0))]
    add("turnout", over, lambda r: f"valid votes <= electorate {r.electorate:,}",
        lambda r: f"{r.valid_votes:,}")

    counts = contests.groupby("election_id").size()
    general = elections[elections["type"].isin(["general", "notional"])]
    general = general.assign(n=general["election_id"].map(counts).fillna(0).astype(int))
    add("seat_count", general[general["n"] != SEATS_AT_GENERAL_ELECTION],
        lambda r: f"{SEATS_AT_GENERAL_ELECTION} seats", lambda r: f"{r.n} seats")

    count = placings(candidacies, key)
    winners = candidacies[candidacies["elected"].fillna(False).astype(bool)]
    seat = pd.DataFrame({"total": count["total"], "first": count["first"],
                         "second": count["second"], "two": count["candidates"] > 1,
                         "majority": count["majority"],
                         "winners": winners.groupby(key).size().reindex(count.index).fillna(0)
                         .astype(int),
                         "winner_votes": winners.groupby(key)["votes"].max().reindex(count.index)})
    seat = contests.set_index(key).join(seat, how="left").reset_index()

    add("candidates", seat[seat["total"].isna()], lambda r: "at least one candidate",
        lambda r: "none")
    seat = seat[seat["total"].notna()]
    add("votes_sum", seat[seat["total"] != seat["valid_votes"]],
        lambda r: f"candidate votes summing to valid votes {r.valid_votes:,}",
        lambda r: f"{int(r.total):,}")
    add("winner", seat[seat["winners"] != 1], lambda r: "exactly one winner",
        lambda r: f"{r.winners} winners")
    one = seat[(seat["winners"] == 1) & (seat["winner_votes"] != seat["first"])]
    add("winner", one, lambda r: f"the winner to have the most votes ({int(r.first):,})",
        lambda r: f"{int(r.winner_votes):,}")
    add("tie", seat[seat["two"] & (seat["first"] == seat["second"])],
        lambda r: "a winner with more votes than the runner-up",
        lambda r: f"a tie on {int(r.first):,} votes")
    add("majority", seat[seat["published_majority"].notna()
                         & (seat["published_majority"].fillna(-1) != seat["majority"])],
        lambda r: f"first minus second = {int(r.majority):,}",
        lambda r: f"{int(r.published_majority):,}")
    orphans = candidacies[key].drop_duplicates().merge(contests[key], how="left", indicator=True)
    add("seat", orphans[orphans["_merge"] == "left_only"],
        lambda r: "a seat row for these candidates", lambda r: "none")
    return found


def check_results(elections: pd.DataFrame, contests: pd.DataFrame, candidacies: pd.DataFrame,
                  file: str) -> None:
    """Raise :class:`ValidationError` listing every broken rule, or return quietly."""
    problems = result_problems(elections, contests, candidacies)
    if problems:
        raise ValidationError(file, problems)
