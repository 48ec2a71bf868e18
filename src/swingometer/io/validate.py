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

import pandas as pd

from swingometer.exceptions import Problem, ValidationError
from swingometer.io.tables import is_gss_code

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


def _problem(check: str, election_id: str, gss_code: str | None, expected: object,
             got: object) -> Problem | None:
    if (check, election_id, gss_code) in KNOWN_EXCEPTIONS:
        return None
    return Problem(check, election_id, gss_code, str(expected), str(got))


def result_problems(elections: pd.DataFrame, contests: pd.DataFrame,
                    candidacies: pd.DataFrame) -> list[Problem]:
    """Every rule broken by these tables (empty when they are valid)."""
    found: list[Problem | None] = []
    key = ["election_id", "gss_code"]

    for (election_id, gss), n in contests.groupby(key).size().items():
        if n > 1:
            found.append(_problem("duplicate_seat", election_id, gss, "one row", f"{n} rows"))
    named = candidacies[candidacies["candidate"].notna()]
    repeats = named.groupby(key + ["candidate", "party_code"]).size()
    for (election_id, gss, name, party), n in repeats[repeats > 1].items():
        found.append(_problem("duplicate_candidate", election_id, gss,
                              f"{name} ({party}) once", f"{n} times"))
    negative = candidacies[candidacies["votes"] < 0]
    for row in negative.itertuples():
        found.append(_problem("votes", row.election_id, row.gss_code, "votes >= 0", row.votes))

    boundary = dict(zip(elections["election_id"], elections["boundary_set"]))
    for row in contests.itertuples():
        if not is_gss_code(row.gss_code, boundary.get(row.election_id, "")):
            found.append(_problem("gss_code", row.election_id, row.gss_code,
                                  f"a {boundary.get(row.election_id, 'known')} constituency code",
                                  row.gss_code))
        if pd.notna(row.electorate) and row.valid_votes > row.electorate:
            found.append(_problem("turnout", row.election_id, row.gss_code,
                                  f"valid votes <= electorate {row.electorate:,}",
                                  f"{row.valid_votes:,}"))

    seats = contests.groupby("election_id").size()
    for election_id in elections.loc[elections["type"].isin(["general", "notional"]), "election_id"]:
        n = int(seats.get(election_id, 0))
        if n != SEATS_AT_GENERAL_ELECTION:
            found.append(_problem("seat_count", election_id, None,
                                  f"{SEATS_AT_GENERAL_ELECTION} seats", f"{n} seats"))

    found.extend(_seat_problems(contests, candidacies))
    return [p for p in found if p is not None]


def _seat_problems(contests: pd.DataFrame, candidacies: pd.DataFrame) -> list[Problem | None]:
    found: list[Problem | None] = []
    groups = dict(tuple(candidacies.groupby(["election_id", "gss_code"], sort=False)))
    for row in contests.itertuples():
        seat = groups.get((row.election_id, row.gss_code))
        if seat is None:
            found.append(_problem("candidates", row.election_id, row.gss_code,
                                  "at least one candidate", "none"))
            continue
        votes = seat["votes"].sort_values(ascending=False).tolist()
        total = int(sum(votes))
        if total != row.valid_votes:
            found.append(_problem("votes_sum", row.election_id, row.gss_code,
                                  f"candidate votes summing to valid votes {row.valid_votes:,}",
                                  f"{total:,}"))
        elected = seat[seat["elected"].fillna(False).astype(bool)]
        if len(elected) != 1:
            found.append(_problem("winner", row.election_id, row.gss_code, "exactly one winner",
                                  f"{len(elected)} winners"))
        elif int(elected["votes"].iloc[0]) != votes[0]:
            found.append(_problem("winner", row.election_id, row.gss_code,
                                  f"the winner to have the most votes ({votes[0]:,})",
                                  f"{int(elected['votes'].iloc[0]):,}"))
        if len(votes) > 1 and votes[0] == votes[1]:
            found.append(_problem("tie", row.election_id, row.gss_code,
                                  "a winner with more votes than the runner-up",
                                  f"a tie on {votes[0]:,} votes"))
        majority = votes[0] - (votes[1] if len(votes) > 1 else 0)
        if pd.notna(row.published_majority) and int(row.published_majority) != majority:
            found.append(_problem("majority", row.election_id, row.gss_code,
                                  f"first minus second = {majority:,}",
                                  f"{int(row.published_majority):,}"))
    orphans = set(groups) - set(zip(contests["election_id"], contests["gss_code"]))
    for election_id, gss in sorted(orphans):
        found.append(_problem("seat", election_id, gss, "a seat row for these candidates", "none"))
    return found


def check_results(elections: pd.DataFrame, contests: pd.DataFrame, candidacies: pd.DataFrame,
                  file: str) -> None:
    """Raise :class:`ValidationError` listing every broken rule, or return quietly."""
    problems = result_problems(elections, contests, candidacies)
    if problems:
        raise ValidationError(file, problems)
