"""Importing a user's results file into the local store, and using it afterwards.

The store lives in ``$SWINGOMETER_HOME``, which ``conftest.isolated_home`` points at an empty
per-test folder. The fixture by-election (Spen Valley, E14001506, 1 October 2026) is fictional; its
comparison election is the real 2024 general election in the seat:
Lab 16,076, RUK 9,888, Con 9,859, Green 2,284, Ind 1,526, LD 1,425 of 41,058 valid votes,
electorate 72,642.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import swingometer
from swingometer import DataError, StoreError, ValidationError
from swingometer.data.imports import import_results
from swingometer.data.paths import STORE_FILE as FILE_NAME
from swingometer.data.store import TABLES, Store

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "results"
CANDIDATES = FIXTURES / "spen-valley-2026-candidates.csv"
SEATS = FIXTURES / "spen-valley-2026-seats.csv"
BATLEY_2021 = FIXTURES / "batley-and-spen-2021-candidates.csv"
GE2024 = FIXTURES / "ge2024-spen-valley.csv"
ELECTION = "parl.spen-valley.by.2026-10-01"

# 2024 general election in Spen Valley, the by-election's comparison election.
VALID_2024 = 41058
VOTES_2024 = {"Lab": 16076, "RUK": 9888, "Con": 9859, "Green": 2284}
# The fictional by-election.
VALID_2026 = 32000
VOTES_2026 = {"Lab": 12000, "RUK": 11500, "Con": 6000, "Green": 2500}


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def with_cell(rows: list[list[str]], row: int, column: str, value: str) -> list[list[str]]:
    """A copy of header-first ``rows`` with one cell replaced (``row`` counts the header as 1)."""
    out = [list(r) for r in rows]
    out[row - 1][out[0].index(column)] = value
    return out


def without_shares(rows: list[list[str]]) -> list[list[str]]:
    """A copy of header-first ``rows`` with the Share cells emptied (the column kept)."""
    index = rows[0].index("Share")
    return [list(rows[0])] + [[*r[:index], "", *r[index + 1:]] for r in rows[1:]]


def contents(home: Path) -> dict[str, list[tuple]]:
    """Every row of every store table, read with sqlite3 (absent file or table: no rows)."""
    path = home / FILE_NAME
    out: dict[str, list[tuple]] = {table: [] for table in TABLES}
    if not path.exists():
        return out
    with closing(sqlite3.connect(path)) as connection:
        present = {name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in TABLES:
            if table in present:
                rows = connection.execute(f"SELECT * FROM {table}").fetchall()
                out[table] = sorted(rows, key=repr)
    return out


def counts(home: Path) -> dict[str, int]:
    return {table: len(rows) for table, rows in contents(home).items()}


def second_version(tmp_path: Path) -> tuple[Path, Path]:
    """The same by-election with different figures (a recount), and its by-constituency file."""
    rows = with_cell(without_shares(rows_of(CANDIDATES)), 5, "Votes", "2600")
    seats = with_cell(rows_of(SEATS), 2, "Valid votes", "32100")
    seats = with_cell(seats, 2, "Invalid votes", "20")
    return write_csv(tmp_path / "recount.csv", rows), write_csv(tmp_path / "recount-seats.csv",
                                                                 seats)


# -- a valid import -------------------------------------------------------------------------------

def test_import_summary(isolated_home):
    summary = import_results(CANDIDATES, seats_path=SEATS)

    assert summary.to_dict() == {
        "file": str(CANDIDATES), "encoding": "utf-8",
        "store": str(isolated_home / FILE_NAME), "election_ids": [ELECTION], "seats": 1,
        "candidacies": 4, "replaced": [],
    }
    assert counts(isolated_home) == {"elections": 1, "contests": 1, "candidacies": 4}


def test_import_into_an_explicit_home(tmp_path, isolated_home):
    home = tmp_path / "elsewhere"
    summary = import_results(CANDIDATES, seats_path=SEATS, home=home)

    assert summary.store == str(home / FILE_NAME)
    assert counts(home) == {"elections": 1, "contests": 1, "candidacies": 4}
    assert not (isolated_home / FILE_NAME).exists()


def test_imported_tables_read_back_from_the_store():
    import_results(CANDIDATES, seats_path=SEATS)
    store = Store()

    assert store.election_ids() == [ELECTION]
    contests = store.read("contests")
    assert contests[["gss_code", "electorate", "valid_votes", "invalid_votes",
                     "published_majority"]].values.tolist() == [["E14001506", 72900, 32000, 120,
                                                                 500]]
    candidacies = store.read("candidacies").sort_values("votes", ascending=False)
    assert candidacies["votes"].tolist() == [12000, 11500, 6000, 2500]
    assert candidacies["elected"].tolist() == [True, False, False, False]


def test_imported_by_election_is_listed_with_the_shipped_elections():
    shipped = len(swingometer.Dataset(include_imported=False).elections)
    import_results(CANDIDATES, seats_path=SEATS)

    elections = swingometer.Dataset().elections

    assert len(elections) == shipped + 1
    row = elections[elections["election_id"] == ELECTION]
    assert row[["type", "date", "boundary_set", "name"]].values.tolist() == [
        ["by-election", "2026-10-01", "pcon2024", "Spen Valley by-election (imported)"]]


def test_imported_by_election_seat_result():
    import_results(CANDIDATES, seats_path=SEATS)

    result = swingometer.Dataset().seat("Spen Valley", election=ELECTION)

    assert result.election.election_id == ELECTION
    assert (result.gss_code, result.name) == ("E14001506", "Spen Valley")
    assert (result.winner.name, result.winner.party_code) == ("Alice Ackroyd", "Lab")
    assert result.runner_up.party_code == "RUK"
    assert result.majority == 500
    assert result.majority_pct == pytest.approx(100 * 500 / VALID_2026)
    assert (result.electorate, result.valid_votes, result.invalid_votes) == (72900, 32000, 120)
    assert result.turnout == pytest.approx(100 * 32000 / 72900)
    assert result.lost_deposits == 0
    assert result.baseline.election_id == "parl.2024-07-04"
    assert result.baseline_turnout == pytest.approx(100 * VALID_2024 / 72642)


def test_imported_by_election_changes_since_2024():
    import_results(CANDIDATES, seats_path=SEATS)

    result = swingometer.Dataset().seat("Spen Valley", election=ELECTION)

    for party, votes in VOTES_2026.items():
        expected = 100 * votes / VALID_2026 - 100 * VOTES_2024[party] / VALID_2024
        assert result.change(party) == pytest.approx(expected), party
        candidate = next(c for c in result.candidates if c.party_code == party)
        assert candidate.change == pytest.approx(expected), party
    assert result.did_not_stand == pytest.approx({"LD": 100 * 1425 / VALID_2024})
    lab = 100 * 12000 / VALID_2026 - 100 * 16076 / VALID_2024
    ruk = 100 * 11500 / VALID_2026 - 100 * 9888 / VALID_2024
    swing = result.top_two_swing
    assert (swing.from_party, swing.to_party) == ("Lab", "RUK")
    assert swing.points == pytest.approx((ruk - lab) / 2)


def test_imported_by_election_report_against_2024():
    import_results(CANDIDATES, seats_path=SEATS)

    report = swingometer.Dataset().byelection("Spen Valley")

    assert report.result.election.election_id == ELECTION
    assert report.previous.election.election_id == "parl.2024-07-04"
    assert report.previous.winner.name == "Kim Leadbeater"
    assert report.dates == ("2026-10-01",)


def test_shipped_only_dataset_ignores_the_store():
    import_results(CANDIDATES, seats_path=SEATS)
    elections = swingometer.Dataset(include_imported=False).elections
    assert ELECTION not in set(elections["election_id"])


# -- re-import, replacement -----------------------------------------------------------------------

def test_reimport_is_idempotent(isolated_home):
    first = import_results(CANDIDATES, seats_path=SEATS)
    stored = contents(isolated_home)

    again = import_results(CANDIDATES, seats_path=SEATS)

    assert first.replaced == ()
    assert again.replaced == (ELECTION,)
    assert (again.election_ids, again.seats, again.candidacies) == (
        first.election_ids, first.seats, first.candidacies)
    assert contents(isolated_home) == stored
    assert counts(isolated_home) == {"elections": 1, "contests": 1, "candidacies": 4}


def test_reimport_replaces_the_earlier_figures(tmp_path, isolated_home):
    import_results(CANDIDATES, seats_path=SEATS)
    recount, recount_seats = second_version(tmp_path)

    summary = import_results(recount, seats_path=recount_seats)

    assert summary.replaced == (ELECTION,)
    assert counts(isolated_home) == {"elections": 1, "contests": 1, "candidacies": 4}
    candidacies = Store().read("candidacies")
    assert sorted(candidacies["votes"].tolist()) == [2600, 6000, 11500, 12000]
    assert Store().read("contests")["valid_votes"].tolist() == [32100]


# -- nothing written on failure -------------------------------------------------------------------

def other_by_election(tmp_path: Path) -> Path:
    """A second fictional by-election (Ynys Môn), to sit in the store beside Spen Valley."""
    rows = rows_of(CANDIDATES)
    for row in rows[1:]:
        row[1], row[3], row[5], row[6] = "W07000112", "Ynys Môn", "Wales", "Wales"
        row[0] = "05/11/2026"
    return write_csv(tmp_path / "ynys-mon.csv", rows)


@pytest.mark.parametrize("before", ["empty", "earlier-import"])
@pytest.mark.parametrize("failure", [sqlite3.OperationalError("disk I/O error"),
                                     RuntimeError("power cut")], ids=["sqlite", "other"])
def test_crash_half_way_leaves_the_store_unchanged(tmp_path, isolated_home, monkeypatch, before,
                                                   failure):
    if before == "earlier-import":
        import_results(CANDIDATES, seats_path=SEATS)
        import_results(other_by_election(tmp_path))
    stored = contents(isolated_home)
    recount, recount_seats = second_version(tmp_path)
    original = Store._insert
    inserted = []

    def crash_on_candidacies(connection, table, frame):
        inserted.append(table)
        if table == "candidacies":
            raise failure
        original(connection, table, frame)

    monkeypatch.setattr(Store, "_insert", staticmethod(crash_on_candidacies))

    with pytest.raises((StoreError, RuntimeError)) as err:
        import_results(recount, seats_path=recount_seats)

    assert inserted == ["elections", "contests", "candidacies"]
    if isinstance(failure, sqlite3.Error):
        assert str(err.value) == (f"could not write the store at {isolated_home / FILE_NAME}: "
                                  "disk I/O error")
    else:
        assert err.value is failure
    assert contents(isolated_home) == stored
    if before == "earlier-import":
        assert counts(isolated_home) == {"elections": 2, "contests": 2, "candidacies": 8}


def bad_seats_total(tmp_path: Path) -> tuple[Path, dict]:
    return CANDIDATES, {"seats_path": write_csv(
        tmp_path / "seats.csv", with_cell(rows_of(SEATS), 2, "Valid votes", "31000"))}


def bad_votes(tmp_path: Path) -> tuple[Path, dict]:
    return write_csv(tmp_path / "votes.csv",
                     with_cell(rows_of(CANDIDATES), 3, "Votes", "11,5OO")), {}


def shipped_election(tmp_path: Path) -> tuple[Path, dict]:
    return BATLEY_2021, {}


def partial_general_election(tmp_path: Path) -> tuple[Path, dict]:
    return GE2024, {"date": "2029-05-03"}


@pytest.mark.parametrize("before", ["empty", "earlier-import"])
@pytest.mark.parametrize("bad", [bad_seats_total, bad_votes, shipped_election,
                                 partial_general_election])
def test_failed_import_writes_nothing(tmp_path, isolated_home, before, bad):
    if before == "earlier-import":
        import_results(CANDIDATES, seats_path=SEATS)
    stored = contents(isolated_home)
    path, options = bad(tmp_path)

    with pytest.raises((DataError, StoreError)):
        import_results(path, **options)

    assert contents(isolated_home) == stored
    if before == "empty":
        assert not (isolated_home / FILE_NAME).exists()


# -- whole error messages of the import -----------------------------------------------------------

def test_valid_votes_in_the_seats_file_disagreeing_with_the_candidates(tmp_path):
    seats = write_csv(tmp_path / "seats.csv",
                      with_cell(rows_of(SEATS), 2, "Valid votes", "31,000"))

    with pytest.raises(ValidationError) as err:
        import_results(CANDIDATES, seats_path=seats)

    assert str(err.value) == (
        "spen-valley-2026-candidates.csv fails 1 validation check(s):\n"
        "  - votes_sum: parl.spen-valley.by.2026-10-01 E14001506: expected candidate votes summing "
        "to valid votes 31,000, got 32,000")
    assert [p.check for p in err.value.problems] == ["votes_sum"]


def test_published_majority_disagreeing_with_the_votes(tmp_path):
    seats = write_csv(tmp_path / "seats.csv", with_cell(rows_of(SEATS), 2, "Majority", "600"))

    with pytest.raises(ValidationError) as err:
        import_results(CANDIDATES, seats_path=seats)

    assert str(err.value) == (
        "spen-valley-2026-candidates.csv fails 1 validation check(s):\n"
        "  - majority: parl.spen-valley.by.2026-10-01 E14001506: expected first minus second = "
        "500, got 600")


def test_turnout_over_100_percent(tmp_path):
    seats = write_csv(tmp_path / "seats.csv", with_cell(rows_of(SEATS), 2, "Electorate", "30000"))

    with pytest.raises(ValidationError) as err:
        import_results(CANDIDATES, seats_path=seats)

    assert str(err.value) == (
        "spen-valley-2026-candidates.csv fails 1 validation check(s):\n"
        "  - turnout: parl.spen-valley.by.2026-10-01 E14001506: expected valid votes <= "
        "electorate 30,000, got 32,000")


def test_same_candidate_twice_without_shares(tmp_path):
    """Without a Share column the reader still names the repeated row, with or without a
    by-constituency file, and nothing is imported."""
    rows = without_shares(rows_of(CANDIDATES))
    path = write_csv(tmp_path / "dup.csv", rows + [rows[4]])

    for seats in (None, SEATS):
        with pytest.raises(DataError) as err:
            import_results(path, seats_path=seats)
        assert str(err.value) == (
            "'Candidate surname' in row 6 of dup.csv must be a candidate not already in the seat "
            "(got 'David Dyson (Green)'); row 6 repeats row 5")


def test_tie_for_first_place(tmp_path):
    rows = without_shares(rows_of(CANDIDATES))
    path = write_csv(tmp_path / "tie.csv", with_cell(rows, 3, "Votes", "12000"))

    with pytest.raises(ValidationError) as err:
        import_results(path)

    assert str(err.value) == (
        "tie.csv fails 2 validation check(s):\n"
        "  - winner: parl.spen-valley.by.2026-10-01 E14001506: expected exactly one winner, got "
        "2 winners\n"
        "  - tie: parl.spen-valley.by.2026-10-01 E14001506: expected a winner with more votes "
        "than the runner-up, got a tie on 12,000 votes")


def test_general_election_file_with_too_few_seats():
    with pytest.raises(ValidationError) as err:
        import_results(GE2024, date="2029-05-03")

    assert str(err.value) == (
        "ge2024-spen-valley.csv fails 1 validation check(s):\n"
        "  - seat_count: parl.2029-05-03: expected 650 seats, got 1 seats")


def test_general_election_file_without_a_date():
    with pytest.raises(DataError) as err:
        import_results(GE2024)

    assert str(err.value) == (
        "'Election date' of ge2024-spen-valley.csv must be given with date=YYYY-MM-DD for a "
        "general election file (it has no date column) (got 'no date')")


@pytest.mark.parametrize(("path", "date", "election_id"), [
    (BATLEY_2021, None, "parl.batley-and-spen.by.2021-07-01"),
    (GE2024, "2024-07-04", "parl.2024-07-04"),
], ids=["by-election", "general"])
def test_election_swingometer_already_ships(path, date, election_id, isolated_home):
    with pytest.raises(StoreError) as err:
        import_results(path, date=date)

    assert str(err.value) == (
        f"{path.name} holds {election_id}, which swingometer already ships; imported results may "
        "add elections, not replace official ones")
    assert not (isolated_home / FILE_NAME).exists()


def test_unknown_constituency_code(tmp_path, isolated_home):
    rows = rows_of(CANDIDATES)
    for row in rows[1:]:
        row[1] = "E14009999"
    path = write_csv(tmp_path / "unknown.csv", rows)

    with pytest.raises(DataError) as err:
        import_results(path)

    assert str(err.value) == (
        "'ONS ID' in row 2 of unknown.csv must be a Westminster constituency GSS code such as "
        "E14000548 (got 'E14009999')")
    assert not (isolated_home / FILE_NAME).exists()


# -- the command line -----------------------------------------------------------------------------

def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    executable = shutil.which("swingometer")
    assert executable, "the swingometer entry point is not installed"
    env = {**os.environ, "SWINGOMETER_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run([executable, *args], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


def test_cli_import_then_seat(tmp_path):
    home = tmp_path / "cli-home"

    imported = run_cli("import", str(CANDIDATES), "--seats", str(SEATS), "--format", "json",
                       home=home)

    assert imported.returncode == 0, imported.stderr
    assert imported.stderr == ""
    assert json.loads(imported.stdout) == {
        "file": str(CANDIDATES), "encoding": "utf-8", "store": str(home / FILE_NAME),
        "election_ids": [ELECTION], "seats": 1, "candidacies": 4, "replaced": [],
    }

    seat = run_cli("seat", "Spen Valley", "--election", ELECTION, "--format", "json", home=home)

    assert seat.returncode == 0, seat.stderr
    result = json.loads(seat.stdout)
    assert (result["election_id"], result["gss_code"], result["name"]) == (
        ELECTION, "E14001506", "Spen Valley")
    assert (result["winner"], result["winner_candidate"], result["majority"]) == (
        "Lab", "Alice Ackroyd", 500)
    assert (result["electorate"], result["valid_votes"], result["invalid_votes"]) == (
        72900, 32000, 120)
    assert result["turnout"] == round(100 * 32000 / 72900, 2)
    assert result["compared_with"] == "parl.2024-07-04"
    assert [c["votes"] for c in result["candidates"]] == [12000, 11500, 6000, 2500]


def test_cli_reimport_reports_the_replacement(tmp_path):
    home = tmp_path / "cli-home"
    run_cli("import", str(CANDIDATES), "--seats", str(SEATS), "--format", "json", home=home)

    again = run_cli("import", str(CANDIDATES), "--seats", str(SEATS), "--format", "json",
                    home=home)

    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["replaced"] == [ELECTION]
    assert counts(home) == {"elections": 1, "contests": 1, "candidacies": 4}


def test_cli_bad_file_is_one_line_naming_file_row_and_column(tmp_path):
    home = tmp_path / "cli-home"
    bad = write_csv(tmp_path / "bad-votes.csv",
                    with_cell(rows_of(CANDIDATES), 3, "Votes", "12,3a4"))

    run = run_cli("import", str(bad), "--seats", str(SEATS), "--format", "json", home=home)

    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr == ("error: 'Votes' in row 3 of bad-votes.csv must be a whole number from "
                          "0 to 10,000,000 (got '12,3a4')\n")
    assert not (home / FILE_NAME).exists()


def test_cli_shipped_election_is_refused(tmp_path):
    home = tmp_path / "cli-home"
    run = run_cli("import", str(BATLEY_2021), home=home)

    assert run.returncode == 1
    assert run.stderr == (
        "error: batley-and-spen-2021-candidates.csv holds parl.batley-and-spen.by.2021-07-01, "
        "which swingometer already ships; imported results may add elections, not replace "
        "official ones\n")
    assert not (home / FILE_NAME).exists()


# -- properties -----------------------------------------------------------------------------------

@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(votes=st.lists(st.integers(min_value=0, max_value=60000), min_size=1, max_size=8,
                      unique=True))
def test_majority_of_an_imported_seat_is_first_minus_second(votes):
    """Distinct vote counts, so there is never a tie; no seats file, so valid votes are the sum.
    (A seat where nobody got a vote is the unopposed return, tested on its own below.)"""
    assume(sum(votes) > 0)
    rows = without_shares(rows_of(CANDIDATES))
    template = rows[1]
    parties = ["Lab", "RUK", "Con", "Green", "LD", "PC", "SNP", "Ind"]
    with tempfile.TemporaryDirectory() as folder:
        lines = [[*rows[0]]]
        for number, (count, party) in enumerate(zip(votes, parties)):
            row = list(template)
            row[8], row[9] = party, party
            row[13], row[14], row[19] = "Candidate", f"Number {number}", f"{count:,}"
            lines.append(row)
        path = write_csv(Path(folder) / "by.csv", lines)
        home = Path(folder) / "home"

        summary = import_results(path, home=home)
        result = swingometer.Dataset(home=home).seat("E14001506", election=ELECTION)

        ordered = sorted(votes, reverse=True)
        assert summary.candidacies == len(votes)
        assert result.majority == ordered[0] - (ordered[1] if len(ordered) > 1 else 0)
        assert result.winner.votes == ordered[0]
        assert result.valid_votes == sum(votes)


def test_unopposed_return_with_no_votes(tmp_path):
    """A candidate returned unopposed: one row, no poll, 0 votes. check_results accepts it (one
    winner, votes summing to valid votes), so the seat must then be readable."""
    rows = without_shares(rows_of(CANDIDATES))
    path = write_csv(tmp_path / "unopposed.csv", [rows[0], with_cell(rows, 2, "Votes", "0")[1]])
    import_results(path)

    result = swingometer.Dataset().seat("Spen Valley", election=ELECTION)

    assert result.winner.name == "Alice Ackroyd"
    assert (result.winner.votes, result.valid_votes, result.runner_up) == (0, 0, None)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(majority=st.integers(min_value=0, max_value=40000))
def test_published_majority_must_be_first_minus_second(majority):
    with tempfile.TemporaryDirectory() as folder:
        seats = write_csv(Path(folder) / "seats.csv",
                          with_cell(rows_of(SEATS), 2, "Majority", f"{majority:,}"))
        home = Path(folder) / "home"
        if majority == 500:
            assert import_results(CANDIDATES, seats_path=seats, home=home).seats == 1
        else:
            with pytest.raises(ValidationError) as err:
                import_results(CANDIDATES, seats_path=seats, home=home)
            assert [str(p) for p in err.value.problems] == [
                f"majority: {ELECTION} E14001506: expected first minus second = 500, "
                f"got {majority:,}"]
            assert not (home / FILE_NAME).exists()


def test_a_shipped_by_election_under_another_name_is_refused(tmp_path, isolated_home):
    rows = rows_of(FIXTURES / "batley-and-spen-2021-candidates.csv")
    column = rows[0].index("Constituency name")
    for row in rows[1:]:
        row[column] = "Batley & Spen (Kirklees)"
    path = write_csv(tmp_path / "renamed.csv", rows)
    with pytest.raises(swingometer.StoreError) as error:
        swingometer.import_results(path)
    assert str(error.value) == (
        "renamed.csv holds parl.batley-and-spen.by.2021-07-01, which swingometer already ships; "
        "imported results may add elections, not replace official ones")
    assert not (isolated_home / "store.sqlite3").exists()


@pytest.mark.parametrize("damage", [b"", b"not a database at all" * 100])
def test_a_damaged_store_gives_a_store_error_not_a_traceback(isolated_home, damage):
    isolated_home.mkdir(parents=True)
    (isolated_home / "store.sqlite3").write_bytes(damage)
    with pytest.raises(swingometer.StoreError) as error:
        swingometer.Dataset().seat("Spen Valley")
    assert str(error.value).startswith(f"the store at {isolated_home / 'store.sqlite3'} cannot "
                                       f"be read (")
    assert str(error.value).endswith("); move it aside or delete it to start afresh")


def test_a_home_that_is_a_file_gives_a_store_error(tmp_path, monkeypatch):
    home = tmp_path / "not-a-folder"
    home.write_text("x")
    monkeypatch.setenv("SWINGOMETER_HOME", str(home))
    with pytest.raises(swingometer.StoreError) as error:
        swingometer.import_results(CANDIDATES, seats_path=SEATS)
    assert str(error.value).startswith(f"could not write the store at {home / 'store.sqlite3'}: ")
