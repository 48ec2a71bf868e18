"""Reading results files in the House of Commons Library layouts (``swingometer.data.hoc``).

Fixtures in ``tests/fixtures/results``:

- ``spen-valley-2026-*``: a fictional by-election in Spen Valley (E14001506) on 1 October 2026,
  by-candidate (with and without the header row) and by-constituency;
- ``batley-and-spen-2021-candidates.csv``, ``ge2019-two-seats-headerless.csv`` and
  ``ge2024-spen-valley.csv``: rows copied unchanged from the House of Commons Library results files
  (CRLF line endings kept). Contains Parliamentary information licensed under the Open Parliament
  Licence v3.0.

Files whose bytes matter (byte-order mark, Windows-1252, bad cells) are written per test.
Every bad input is checked against the whole error message.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swingometer import DataError
from swingometer.data.hoc import MAX_VOTES, read_results_file
from swingometer.data.tables import read_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "results"
CANDIDATES = FIXTURES / "spen-valley-2026-candidates.csv"
CANDIDATES_HEADERLESS = FIXTURES / "spen-valley-2026-candidates-headerless.csv"
SEATS = FIXTURES / "spen-valley-2026-seats.csv"
GE2019 = FIXTURES / "ge2019-two-seats-headerless.csv"
GE2024 = FIXTURES / "ge2024-spen-valley.csv"
BY_ELECTION_ID = "parl.spen-valley.by.2026-10-01"


@pytest.fixture(scope="module")
def known() -> dict[tuple[str, str], str]:
    """Official names by (GSS code, boundary set), as swingometer.import_results passes them."""
    constituencies = read_table("constituencies")
    return dict(zip(zip(constituencies["gss_code"], constituencies["boundary_set"]),
                    constituencies["name"]))


def rows_of(path: Path) -> list[list[str]]:
    """A fixture file as a list of rows of cells (header included, if it has one)."""
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", bom: bool = False,
              newline: str = "\n") -> Path:
    """Write rows as CSV (quoted only where needed) in an encoding, with or without a BOM."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode(encoding))
    return path


def with_cell(rows: list[list[str]], row: int, column: str, value: str) -> list[list[str]]:
    """A copy of header-first ``rows`` with one cell replaced (``row`` counts the header as 1)."""
    out = [list(r) for r in rows]
    out[row - 1][out[0].index(column)] = value
    return out


def with_column(rows: list[list[str]], column: str, value: str) -> list[list[str]]:
    """A copy of header-first ``rows`` with every data cell of ``column`` set to ``value``."""
    out = [list(r) for r in rows]
    index = out[0].index(column)
    for row in out[1:]:
        row[index] = value
    return out


def raises_data_error(path: Path, **kwargs) -> str:
    with pytest.raises(DataError) as err:
        read_results_file(path, **kwargs)
    return str(err.value)


# -- layouts --------------------------------------------------------------------------------------

def test_by_election_with_header_and_seats_file(known):
    results = read_results_file(CANDIDATES, seats_path=SEATS, seats=known)

    assert results.encoding == "utf-8"
    columns = ["election_id", "type", "date", "boundary_set", "name"]
    assert results.elections[columns].to_dict("records") == [{
        "election_id": BY_ELECTION_ID, "type": "by-election", "date": "2026-10-01",
        "boundary_set": "pcon2024", "name": "Spen Valley by-election (imported)",
    }]
    contest = results.contests.iloc[0]
    assert len(results.contests) == 1
    assert (contest["election_id"], contest["gss_code"], contest["constituency"]) == (
        BY_ELECTION_ID, "E14001506", "Spen Valley")
    assert (contest["electorate"], contest["valid_votes"], contest["invalid_votes"],
            contest["published_majority"]) == (72900, 32000, 120, 500)
    candidates = results.candidacies
    assert candidates["candidate"].tolist() == ["Alice Ackroyd", "Bernard Brook", "Clare Crowther",
                                                "David Dyson"]
    assert candidates["party_code"].tolist() == ["Lab", "RUK", "Con", "Green"]
    assert candidates["votes"].tolist() == [12000, 11500, 6000, 2500]
    assert candidates["elected"].tolist() == [True, False, False, False]
    assert set(candidates["election_id"]) == {BY_ELECTION_ID}


def test_by_election_without_seats_file_takes_valid_votes_from_candidates(known):
    contest = read_results_file(CANDIDATES, seats=known).contests.iloc[0]

    assert contest["valid_votes"] == 32000
    assert pd.isna(contest["electorate"])
    assert pd.isna(contest["invalid_votes"])
    assert pd.isna(contest["published_majority"])


def test_headerless_and_header_layouts_read_the_same(known):
    with_header = read_results_file(CANDIDATES, seats_path=SEATS, seats=known)
    headerless = read_results_file(CANDIDATES_HEADERLESS, seats_path=SEATS, seats=known)

    pd.testing.assert_frame_equal(headerless.elections, with_header.elections)
    pd.testing.assert_frame_equal(headerless.contests, with_header.contests)
    pd.testing.assert_frame_equal(headerless.candidacies, with_header.candidacies)


def test_general_election_headerless_21_columns_crlf_with_quoted_comma(known):
    results = read_results_file(GE2019, date="2019-12-12", seats=known)

    assert results.elections[["election_id", "type", "date", "boundary_set", "name"]].to_dict(
        "records") == [{"election_id": "parl.2019-12-12", "type": "general", "date": "2019-12-12",
                        "boundary_set": "pcon2010", "name": "2019 general election (imported)"}]
    contests = results.contests.set_index("gss_code")
    assert contests.loc["E14000561", "constituency"] == "Birmingham, Erdington"
    assert contests.loc["E14000548", "constituency"] == "Batley and Spen"
    assert contests.loc["E14000561", "valid_votes"] == 14119 + 648 + 17720 + 1301 + 1441
    assert contests.loc["E14000548", "valid_votes"] == 19069 + 692 + 6432 + 22594 + 2462 + 1678
    winners = results.candidacies[results.candidacies["elected"]].set_index("gss_code")
    assert winners.loc["E14000561", "candidate"] == "Jack Dromey"
    assert winners.loc["E14000548", "candidate"] == "Tracy Brabin"
    assert len(results.candidacies) == 11


def test_general_election_with_header_22_columns(known):
    results = read_results_file(GE2024, date="2024-07-04", seats=known)

    assert results.elections["election_id"].tolist() == ["parl.2024-07-04"]
    assert results.elections["boundary_set"].tolist() == ["pcon2024"]
    winner = results.candidacies[results.candidacies["elected"]]
    assert winner[["candidate", "party_code", "votes"]].values.tolist() == [
        ["Kim Leadbeater", "Lab", 16076]]
    assert results.contests["valid_votes"].tolist() == [41058]


@pytest.mark.parametrize("date", [None, "04/07/2024", "2024"])
def test_general_election_without_an_iso_date_is_refused(date):
    got = "no date" if date is None else date
    assert raises_data_error(GE2024, date=date) == (
        "'Election date' of ge2024-spen-valley.csv must be given with date=YYYY-MM-DD for a "
        f"general election file (it has no date column) (got {got!r})")


@pytest.mark.parametrize("header", [True, False], ids=["header", "headerless"])
def test_byte_order_mark_is_ignored(tmp_path, known, header):
    rows = rows_of(CANDIDATES if header else CANDIDATES_HEADERLESS)
    path = write_csv(tmp_path / "bom.csv", rows, bom=True, newline="\r\n")
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"

    results = read_results_file(path, seats=known)

    assert results.encoding == "utf-8"
    assert results.elections["election_id"].tolist() == [BY_ELECTION_ID]
    assert results.candidacies["votes"].tolist() == [12000, 11500, 6000, 2500]


def test_bom_and_ons_id2_header_of_the_2021_by_election_files(tmp_path, known):
    """The parliament-58 by-election file starts with a BOM and spells the code column 'ONS ID2'."""
    rows = rows_of(FIXTURES / "batley-and-spen-2021-candidates.csv")
    rows[0][rows[0].index("ONS ID")] = "ONS ID2"
    results = read_results_file(write_csv(tmp_path / "p58.csv", rows, bom=True), seats=known)

    assert results.elections["election_id"].tolist() == ["parl.batley-and-spen.by.2021-07-01"]
    assert results.contests["valid_votes"].tolist() == [37695]


def welsh_by_election(encoding: str) -> list[list[str]]:
    rows = with_column(rows_of(CANDIDATES), "ONS ID", "W07000112")
    rows = with_column(rows, "Constituency name", "Ynys Môn")
    rows = with_column(rows, "Region name", "Wales")
    rows = with_column(rows, "Country name", "Wales")
    rows = with_cell(rows, 2, "Candidate first name", "Siân")
    return with_cell(rows, 2, "Candidate surname", "Gwenllïan")


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_windows_1252_and_utf8_names_read_back_the_same(tmp_path, known, encoding):
    path = write_csv(tmp_path / "ynys-mon.csv", welsh_by_election(encoding), encoding=encoding)
    if encoding == "cp1252":
        assert "Môn".encode("cp1252") in path.read_bytes()

    results = read_results_file(path, seats=known)

    assert results.encoding == encoding
    assert results.contests["constituency"].tolist() == ["Ynys Môn"]
    assert results.elections["name"].tolist() == ["Ynys Môn by-election (imported)"]
    assert results.elections["election_id"].tolist() == ["parl.ynys-mon.by.2026-10-01"]
    assert results.candidacies["candidate"].iloc[0] == "Siân Gwenllïan"


def test_quoted_name_with_a_comma_in_a_by_election(tmp_path, known):
    rows = with_column(rows_of(CANDIDATES), "ONS ID", "E14001093")
    rows = with_column(rows, "Constituency name", "Birmingham, Erdington")
    path = write_csv(tmp_path / "erdington.csv", rows)
    assert '"Birmingham, Erdington"' in path.read_text()

    assert read_results_file(path).contests["constituency"].tolist() == ["Birmingham, Erdington"]
    results = read_results_file(path, seats=known)  # the official 2024 name replaces the file's
    assert results.contests["constituency"].tolist() == ["Birmingham Erdington"]
    assert results.elections["election_id"].tolist() == ["parl.birmingham-erdington.by.2026-10-01"]


@pytest.mark.parametrize(("cell", "votes"), [
    ("13,296", 13296), ("13296", 13296), (" 13,296 ", 13296), ("1,234,567", 1234567),
    ("0", 0), ("999", 999),
])
def test_thousands_separators_in_votes(tmp_path, cell, votes):
    rows = with_column(rows_of(CANDIDATES), "Share", "")
    path = write_csv(tmp_path / "thousands.csv", with_cell(rows, 2, "Votes", cell))
    if "," in cell:
        assert f'"{cell}"' in path.read_text()

    assert read_results_file(path).candidacies["votes"].iloc[0] == votes


def test_thousands_separators_in_the_seats_file(tmp_path, known):
    rows = with_cell(rows_of(SEATS), 2, "Electorate", "72,900")
    rows = with_cell(rows, 2, "Valid votes", "32,000")
    contest = read_results_file(CANDIDATES, seats_path=write_csv(tmp_path / "seats.csv", rows),
                                seats=known).contests.iloc[0]

    assert (contest["electorate"], contest["valid_votes"]) == (72900, 32000)


# -- bad input ------------------------------------------------------------------------------------

def test_missing_votes_column(tmp_path):
    rows = rows_of(CANDIDATES)
    rows = [row[:19] + row[20:] for row in rows]          # drop 'Votes'
    path = write_csv(tmp_path / "no-votes.csv", rows)

    assert raises_data_error(path) == (
        "'Votes' of no-votes.csv must be a column of the file (got 'no such column'); columns "
        "found: Election date, ONS ID, ONS region ID, Constituency name, County name, "
        "Region name, Country name, Constituency type, Party name, Party abbreviation, "
        "Electoral Commission party ID, MNIS party ID, Electoral Commission adjunct party ID, "
        "Candidate first name, Candidate surname, Candidate gender, Sitting MP, Former MP, "
        "Member MNIS ID, Share, Change, Democracy Club person ID")


@pytest.mark.parametrize("cell", ["12,3a4", "12x", "twelve", "-5", "12.5", "1,2345", "", "  "])
def test_text_in_a_vote_column(tmp_path, cell):
    rows = with_column(rows_of(CANDIDATES), "Share", "")
    path = write_csv(tmp_path / "x.csv", with_cell(rows, 3, "Votes", cell))

    got = "" if not cell.strip() else cell
    assert raises_data_error(path) == (
        f"'Votes' in row 3 of x.csv must be a whole number from 0 to 10,000,000 (got {got!r})")


def test_text_in_a_vote_column_of_a_headerless_file_counts_rows_from_one(tmp_path):
    rows = rows_of(CANDIDATES_HEADERLESS)
    rows[3][19] = "2,5OO"
    assert raises_data_error(write_csv(tmp_path / "x.csv", rows)) == (
        "'Votes' in row 4 of x.csv must be a whole number from 0 to 10,000,000 (got '2,5OO')")


@pytest.mark.parametrize("code", ["E1400054", "X14000548", "E14000548X", "14000548", "E14-01506"])
def test_malformed_gss_code(tmp_path, code):
    path = write_csv(tmp_path / "gss.csv", with_cell(rows_of(CANDIDATES), 4, "ONS ID", code))

    assert raises_data_error(path) == (
        "'ONS ID' in row 4 of gss.csv must be a Westminster constituency GSS code such as "
        f"E14000548 (got {code!r})")


@pytest.mark.parametrize("code", ["E14009999", "W07000999", "S14000999", "N05000099"])
def test_gss_code_of_the_right_form_but_no_constituency(tmp_path, known, code):
    path = write_csv(tmp_path / "gss.csv", with_column(rows_of(CANDIDATES), "ONS ID", code))

    assert raises_data_error(path, seats=known) == (
        "'ONS ID' in row 2 of gss.csv must be a Westminster constituency GSS code such as "
        f"E14000548 (got {code!r})")


def test_seat_missing_from_the_known_seats_is_refused():
    known = {("E14001505", "pcon2024"): "Spelthorne"}
    assert raises_data_error(CANDIDATES, seats=known) == (
        "'ONS ID' in row 2 of spen-valley-2026-candidates.csv must be a constituency of the "
        "pcon2024 boundaries in force on 2026-10-01 (got 'E14001506')")


def test_lower_case_gss_code_is_accepted(tmp_path, known):
    rows = with_column(rows_of(CANDIDATES), "ONS ID", "e14001506")
    path = write_csv(tmp_path / "lower.csv", rows)
    assert read_results_file(path, seats=known).contests["gss_code"].tolist() == ["E14001506"]


def test_a_code_of_the_boundaries_not_in_force_on_the_date_is_refused(tmp_path):
    path = write_csv(tmp_path / "mixed.csv", with_cell(rows_of(CANDIDATES), 5, "ONS ID",
                                                       "E14000548"))
    assert raises_data_error(path) == (
        "'ONS ID' in row 5 of mixed.csv must be a constituency of the pcon2024 boundaries in "
        "force on 2026-10-01 (got 'E14000548')")


@pytest.mark.parametrize("content", [b"", b"\n", b"\r\n\r\n", b"   \n\t\n", b"\xef\xbb\xbf"],
                         ids=["zero-bytes", "newline", "blank-lines", "whitespace", "bom-only"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)

    assert raises_data_error(path) == (
        "empty.csv must be a results file with a row per candidate (got 'an empty file')")


def test_file_of_empty_cells_only(tmp_path):
    path = tmp_path / "commas.csv"
    path.write_text(",,,\n,,,\n")
    assert raises_data_error(path) == (
        "commas.csv must be a results file with a row per candidate (got 'an empty file')")


@pytest.mark.parametrize("trailer", [[], [[""] * 23], [[""]]],
                         ids=["header", "empty-cells", "blank"])
def test_header_only_file(tmp_path, trailer):
    path = write_csv(tmp_path / "header.csv", rows_of(CANDIDATES)[:1] + trailer)
    assert raises_data_error(path) == (
        "header.csv must be at least one candidate row (got 'a header and no data')")


def test_headerless_file_with_too_few_columns(tmp_path):
    path = write_csv(tmp_path / "short.csv", [["E14001506", "Spen Valley", "Lab", "12000"]])
    assert raises_data_error(path) == (
        "row 1 of short.csv must be the House of Commons Library by-candidate layout "
        "(21 or more columns) (got '4 columns'); or add a header row naming the columns")


def test_unquoted_comma_in_a_name_shifts_the_row(tmp_path):
    path = tmp_path / "unquoted.csv"
    lines = CANDIDATES.read_text().splitlines()
    lines[2] = lines[2].replace("Spen Valley", "Spen, Valley")
    path.write_text("\n".join(lines) + "\n")

    assert raises_data_error(path) == (
        "row 3 of unquoted.csv must be 23 fields, as in the first row (got '24 fields'); "
        "check for an unquoted comma in a name")


@pytest.mark.parametrize("cell", ["2026-10-01", "1/10/2026", "01/10/26", ""])
def test_bad_by_election_date(tmp_path, cell):
    rows = with_cell(rows_of(CANDIDATES), 3, "Election date", cell)
    path = write_csv(tmp_path / "date.csv", rows)
    assert raises_data_error(path) == (
        f"'Election date' in row 3 of date.csv must be a date dd/mm/yyyy (got {cell!r})")


def test_share_column_disagreeing_with_the_votes(tmp_path):
    path = write_csv(tmp_path / "share.csv", with_cell(rows_of(CANDIDATES), 3, "Share", "0.5"))
    assert raises_data_error(path) == (
        "'Votes' in row 3 of share.csv must be consistent with its share: candidate votes summing "
        "to valid votes of about 23,000 (got 'a seat total of 32,000')")


def test_share_out_of_range(tmp_path):
    path = write_csv(tmp_path / "share.csv", with_cell(rows_of(CANDIDATES), 2, "Share", "37.5"))
    assert raises_data_error(path) == (
        "'Share' in row 2 of share.csv must be a number from 0 to 1 (got '37.5')")


def test_same_candidate_twice_is_named_before_the_share_check(tmp_path):
    """A repeated row makes every share disagree with the seat total; the reader names the repeat
    before its share check can blame the first row."""
    rows = rows_of(CANDIDATES)
    path = write_csv(tmp_path / "dup.csv", rows + [rows[4]])
    assert raises_data_error(path) == (
        "'Candidate surname' in row 6 of dup.csv must be a candidate not already in the seat "
        "(got 'David Dyson (Green)'); row 6 repeats row 5")


# -- the by-constituency (--seats) file -----------------------------------------------------------

def test_seats_file_without_a_row_for_the_seat(tmp_path):
    seats = write_csv(tmp_path / "seats.csv",
                      with_cell(rows_of(SEATS), 2, "ONS ID", "E14001505"))
    assert raises_data_error(CANDIDATES, seats_path=seats) == (
        "'ONS ID' of seats.csv must be a row for every seat in the candidates file "
        "(got 'no row for E14001506')")


def test_seats_file_without_a_header(tmp_path):
    seats = write_csv(tmp_path / "seats.csv", rows_of(SEATS)[1:])
    assert raises_data_error(CANDIDATES, seats_path=seats) == (
        "row 1 of seats.csv must be a header row naming the columns "
        "(got '01/10/2026, 27/08/2026, E14001506, ...')")


@pytest.mark.parametrize(("column", "cell", "expected"), [
    ("Electorate", "72,9OO", "a whole number from 0 to 10,000,000"),
    ("Valid votes", "", "a whole number from 0 to 10,000,000"),
    ("Invalid votes", "-1", "a whole number from 0 to 10,000,000"),
    ("Majority", "five hundred", "a whole number from 0 to 10,000,000"),
])
def test_bad_number_in_the_seats_file(tmp_path, column, cell, expected):
    seats = write_csv(tmp_path / "seats.csv", with_cell(rows_of(SEATS), 2, column, cell))
    assert raises_data_error(CANDIDATES, seats_path=seats) == (
        f"{column!r} in row 2 of seats.csv must be {expected} (got {cell!r})")


def test_seats_file_missing_the_valid_votes_column(tmp_path):
    rows = rows_of(SEATS)
    index = rows[0].index("Valid votes")
    seats = write_csv(tmp_path / "seats.csv", [r[:index] + r[index + 1:] for r in rows])
    assert raises_data_error(CANDIDATES, seats_path=seats) == (
        "'Valid votes' of seats.csv must be a column of the file (got 'no such column'); columns "
        "found: By-election date, Writ date, ONS ID, ONS region ID, Constituency name, "
        "County name, Region name, Country name, Constituency type, Declaration time, "
        "Member first name, Member surname, Member gender, Result, First party, Second party, "
        "Electorate, Invalid votes, Majority, Con, Lab, LD, RUK, Green, SNP, PC, DUP, SF, SDLP, "
        "UUP, APNI, All other candidates, Of which other winner")


def test_empty_seats_file(tmp_path):
    seats = tmp_path / "seats.csv"
    seats.write_bytes(b"")
    assert raises_data_error(CANDIDATES, seats_path=seats) == (
        "seats.csv must be a by-constituency results file (got 'an empty file')")


def test_same_seat_twice_in_the_seats_file(tmp_path):
    rows = rows_of(SEATS)
    seats = write_csv(tmp_path / "seats.csv", rows + [rows[1]])

    with pytest.raises(DataError) as err:
        read_results_file(CANDIDATES, seats_path=seats)

    assert (err.value.file, err.value.row, err.value.got) == ("seats.csv", 3, "E14001506")
    assert str(err.value).startswith("'")
    assert " in row 3 of seats.csv must be " in str(err.value)


# -- properties -----------------------------------------------------------------------------------

def format_votes(votes: int, separators: bool) -> str:
    return f"{votes:,}" if separators else str(votes)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(votes=st.lists(st.integers(min_value=0, max_value=MAX_VOTES), min_size=1, max_size=12),
       separators=st.lists(st.booleans(), min_size=12, max_size=12),
       header=st.booleans())
def test_votes_read_back_exactly(tmp_path_factory, votes, separators, header):
    template = rows_of(CANDIDATES)
    rows = [template[0]] if header else []
    for number, (count, thousands) in enumerate(zip(votes, separators)):
        row = list(template[1])
        row[13], row[14] = "Candidate", f"Number {number}"
        row[19], row[20], row[21] = format_votes(count, thousands), "", ""
        rows.append(row)
    path = write_csv(tmp_path_factory.mktemp("votes") / "votes.csv", rows)

    results = read_results_file(path)

    assert results.candidacies["votes"].tolist() == votes
    assert results.contests["valid_votes"].tolist() == [sum(votes)]
    assert results.candidacies["elected"].tolist() == [v == max(votes) for v in votes]


def test_a_2020_by_election_on_an_unchanged_scottish_code_is_a_2010_boundary_seat(tmp_path, known):
    # S14000027 (Na h-Eileanan an Iar) is a code of both boundary sets: the date decides
    rows = with_column(rows_of(CANDIDATES), "ONS ID", "S14000027")
    rows = with_column(rows, "Election date", "05/03/2020")
    results = read_results_file(write_csv(tmp_path / "isles.csv", rows), seats=known)
    assert results.elections["boundary_set"].tolist() == ["pcon2010"]
    assert results.elections["election_id"].tolist() == [
        "parl.na-h-eileanan-an-iar.by.2020-03-05"]


def test_an_impossible_date_is_refused(tmp_path):
    rows = with_column(rows_of(CANDIDATES), "Election date", "31/02/2026")
    assert raises_data_error(write_csv(tmp_path / "feb.csv", rows)) == (
        "'Election date' in row 2 of feb.csv must be a real date dd/mm/yyyy (got '31/02/2026')")


def test_bytes_neither_utf8_nor_windows_1252_are_refused(tmp_path):
    path = tmp_path / "bytes.csv"
    path.write_bytes(CANDIDATES.read_bytes().replace(b"Spen Valley", b"Spen\x81Valley", 1))
    message = raises_data_error(path)
    assert message.startswith("row 2 of bytes.csv must be text in UTF-8, UTF-16 or Windows-1252 "
                              "(got 'byte 0x81 at offset ")


def test_two_headings_for_one_column_are_refused(tmp_path):
    rows = rows_of(CANDIDATES)
    rows = [row + [row[rows[0].index("ONS ID")]] for row in rows]
    rows[0][-1] = "ONS ID2"
    assert raises_data_error(write_csv(tmp_path / "twice.csv", rows)) == (
        "'ONS ID2' in row 1 of twice.csv must be a column that appears once (got \"a second "
        "column meaning the same as 'ONS ID'\")")
