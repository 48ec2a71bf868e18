"""Reading a user's poll file (``swingometer.data.poll_file``).

Files are written per test into ``tmp_path`` (their bytes matter: byte-order mark, Windows-1252,
NUL bytes). Every bad input is checked against the whole error message.
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swingometer import DataError
from swingometer.data.poll_file import PollFile, read_poll_file
from swingometer.data.tables import POLL_AREAS, POLL_PARTIES, SCHEMAS, read_table

TODAY = "2024-07-03"
HEADER = ["end_date", "start_date", "pollster", "client", "area", "sample_size"]
# Two polls: headings in mixed case and by nickname, a '%' share, a thousands separator, an MRP,
# a blank line between them, and the Workers Party counted with the others.
GOOD = [
    ["End_Date", "start_date", "POLLSTER", "Client", "area", "Sample_Size", "lab", "CON",
     "Reform", "lib dem", "Grn", "snp", "Plaid", "wpb", "Others"],
    ["2024-06-30", "2024-06-28", "YouGov", "The Times", "gb", "2,050", "37", "20", "17%", "11",
     "8", "3", "1", "1", "2"],
    [],
    ["2024-06-29", "", "Survation (MRP)", "", "SCOTLAND", "", "35", "18", "", "", "", "30.5",
     "", "", ""],
]
NA = np.nan


@pytest.fixture(scope="module")
def parties() -> pd.DataFrame:
    return read_table("parties")


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8",
              bom: bool = False) -> Path:
    """Write rows as CSV (quoted only where needed) in an encoding, with or without a BOM."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode(encoding))
    return path


def poll(*cells: str, parties: tuple[str, ...] = ("lab", "con")) -> list[list[str]]:
    """A header (the fixed columns, then ``parties``) and one row of ``cells``."""
    return [HEADER + list(parties), list(cells)]


ROW = ["2024-06-30", "2024-06-28", "YouGov", "The Times", "GB", "2050"]


def error_of(path: Path, parties: pd.DataFrame, today: str | None = TODAY) -> str:
    with pytest.raises(DataError) as excinfo:
        read_poll_file(path, parties, today=today)
    return str(excinfo.value)


def expected_polls(records: list[dict]) -> pd.DataFrame:
    """Rows in the shipped polls layout: every party share not given is NaN."""
    dtypes = SCHEMAS["polls"].dtypes()
    frame = pd.DataFrame([{c: NA for c in dtypes} | r for r in records], columns=list(dtypes))
    return frame.astype(dtypes)


GOOD_POLLS = [
    {"poll_id": "user-2024-06-30-yougov-gb-1", "date_start": "2024-06-28",
     "date_end": "2024-06-30", "pollster": "YouGov", "client": "The Times", "area": "GB",
     "sample_size": 2050, "Con": 20.0, "Lab": 37.0, "LD": 11.0, "Green": 8.0, "SNP": 3.0,
     "PC": 1.0, "RUK": 17.0, "Oth": 3.0},
    {"poll_id": "user-2024-06-29-survation-mrp-scotland-1", "date_end": "2024-06-29",
     "pollster": "Survation (MRP)", "area": "Scotland", "sample_size": pd.NA,
     "nonstandard": "MRP", "Con": 18.0, "Lab": 35.0, "SNP": 30.5},
]


# -- good files -----------------------------------------------------------------------------------

def test_good_file_gives_exact_values_and_the_polls_table_dtypes(tmp_path, parties):
    result = read_poll_file(write_csv(tmp_path / "polls.csv", GOOD), parties, today=TODAY)

    assert isinstance(result, PollFile)
    assert result.encoding == "utf-8"
    assert list(result.polls.columns) == [c.name for c in SCHEMAS["polls"].columns]
    assert result.polls.dtypes.astype(str).to_dict() == SCHEMAS["polls"].dtypes()
    pd.testing.assert_frame_equal(result.polls, expected_polls(GOOD_POLLS))
    assert result.polls.loc[0, ["date_end", "pollster", "Oth"]].tolist() == [
        "2024-06-30", "YouGov", 3.0]


def test_the_polls_concatenate_with_the_shipped_table_keeping_its_dtypes(tmp_path, parties):
    shipped = read_table("polls")
    polls = read_poll_file(write_csv(tmp_path / "polls.csv", GOOD), parties, today=TODAY).polls

    both = pd.concat([shipped, polls], ignore_index=True)

    assert both.dtypes.to_dict() == shipped.dtypes.to_dict()
    assert not set(polls["poll_id"]) & set(shipped["poll_id"])
    missing = [polls.loc[0, "nonstandard"], polls.loc[1, "client"], polls.loc[1, "date_start"]]
    assert [type(v) for v in missing] == [type(shipped.loc[0, "nonstandard"])] * 3  # NaN


def test_byte_order_mark(tmp_path, parties):
    path = write_csv(tmp_path / "bom.csv", GOOD, bom=True)
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"

    result = read_poll_file(path, parties, today=TODAY)

    assert result.encoding == "utf-8-sig"
    pd.testing.assert_frame_equal(result.polls, expected_polls(GOOD_POLLS))


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_windows_1252_and_utf8_accents_read_the_same(tmp_path, parties, encoding):
    rows = [list(r) for r in GOOD]
    rows[1][2], rows[1][3] = "Léger", "Le Télégraphe"
    path = write_csv(tmp_path / "leger.csv", rows, encoding=encoding)
    assert ("Léger".encode("cp1252") in path.read_bytes()) == (encoding == "cp1252")

    result = read_poll_file(path, parties, today=TODAY)

    assert result.encoding == encoding
    first = GOOD_POLLS[0] | {"poll_id": "user-2024-06-30-leger-gb-1", "pollster": "Léger",
                             "client": "Le Télégraphe"}
    pd.testing.assert_frame_equal(result.polls, expected_polls([first, GOOD_POLLS[1]]))


def test_ids_number_a_pollsters_polls_of_one_day_and_area_in_file_order(tmp_path, parties):
    rows = [HEADER + ["ChUK", "all", "ind", "oth", "Lab"],
            ["2024-06-30", "2024-06-01", "Ipsos (SRP)", "", "england AND wales", "", "1", "2",
             "3", "4", "5"],
            ["2024-06-30", "2024-06-20", "ipsos (srp)", "", "England and Wales", "", "", "", "",
             "", "40"],
            ["2024-06-30", "2024-06-20", "Ipsos (SRP)", "", "Wales", "", "", "", "", "", "40"]]
    polls = read_poll_file(write_csv(tmp_path / "ipsos.csv", rows), parties, today=TODAY).polls

    assert polls["poll_id"].tolist() == ["user-2024-06-30-ipsos-srp-england-and-wales-1",
                                         "user-2024-06-30-ipsos-srp-england-and-wales-2",
                                         "user-2024-06-30-ipsos-srp-wales-1"]
    assert polls["area"].tolist() == ["England and Wales", "England and Wales", "Wales"]
    assert polls["nonstandard"].tolist() == ["SRP"] * 3
    assert polls.loc[0, ["ChUK", "All", "Oth", "Lab"]].tolist() == [1.0, 2.0, 7.0, 5.0]
    assert polls.loc[1, ["ChUK", "All", "Oth", "Lab"]].isna().tolist() == [True] * 3 + [False]
    again = read_poll_file(tmp_path / "ipsos.csv", parties, today=TODAY).polls
    pd.testing.assert_frame_equal(again, polls)


@pytest.mark.parametrize(("cell", "size"), [("2,050", 2050), ("1,234,567", 1234567), ("1", 1),
                                            (" 800 ", 800)])
def test_sample_sizes(tmp_path, parties, cell, size):
    path = write_csv(tmp_path / "n.csv", poll(*ROW[:5], cell, "40", "20"))
    assert read_poll_file(path, parties, today=TODAY).polls["sample_size"].tolist() == [size]


def test_a_poll_ending_today_is_accepted_by_default(tmp_path, parties):
    today = datetime.date.today().isoformat()
    path = write_csv(tmp_path / "today.csv", poll(today, today, *ROW[2:], "40", "20"))
    assert read_poll_file(path, parties).polls["date_end"].tolist() == [today]


# -- bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize("column", HEADER)
def test_missing_header_column(tmp_path, parties, column):
    rows = [[c for c in GOOD[0] if c.lower() != column]]
    rows += [[c for c, h in zip(r, GOOD[0]) if h.lower() != column] for r in GOOD[1:]]
    assert error_of(write_csv(tmp_path / "cols.csv", rows), parties) == (
        f"'{column}' in row 1 of cols.csv must be a column of the header (got 'no such column'); "
        "the header must name end_date, start_date, pollster, client, area and sample_size, then "
        "a column per party")


def test_a_fixed_column_twice(tmp_path, parties):
    rows = [HEADER + ["Pollster", "lab"], ROW + ["YouGov", "40"]]
    assert error_of(write_csv(tmp_path / "twice.csv", rows), parties) == (
        "'Pollster' in row 1 of twice.csv must be a column that appears once "
        "(got \"a second 'pollster' column\")")


def test_no_party_column(tmp_path, parties):
    assert error_of(write_csv(tmp_path / "none.csv", [HEADER, ROW]), parties) == (
        "row 1 of none.csv must be at least one party column (got 'no party columns'); the header "
        "must name end_date, start_date, pollster, client, area and sample_size, then a column "
        "per party")


def test_unknown_party_column_suggests_the_closest(tmp_path, parties):
    path = write_csv(tmp_path / "labr.csv", poll(*ROW, "40", "20", parties=("labr", "con")))
    assert error_of(path, parties) == (
        "'labr' in row 1 of labr.csv must be a party code, name or nickname (got 'labr'); "
        "did you mean 'Lab'?")


def test_unknown_party_column_without_a_close_name(tmp_path, parties):
    path = write_csv(tmp_path / "xq.csv", poll(*ROW, "40", "20", parties=("lab", "Xqzv")))
    with pytest.raises(DataError) as excinfo:
        read_poll_file(path, parties, today=TODAY)
    assert str(excinfo.value) == (
        "'Xqzv' in row 1 of xq.csv must be a party code, name or nickname (got 'Xqzv'); name "
        "parties by code (Con, Lab, LD, Green, RUK, SNP, PC, ...) or oth for others")
    assert (excinfo.value.file, excinfo.value.row, excinfo.value.column) == ("xq.csv", 1, "Xqzv")
    assert type(excinfo.value.__cause__).__name__ == "PartyNotFoundError"


def test_blank_heading(tmp_path, parties):
    path = write_csv(tmp_path / "blank.csv", poll(*ROW, "40", "", parties=("lab", " ")))
    assert error_of(path, parties) == (
        "row 1 of blank.csv must be a heading for every column (got 'a blank heading in column "
        "8')")


@pytest.mark.parametrize(("first", "second", "code"), [("lab", "Labour", "Lab"),
                                                       ("ruk", "REFORM", "RUK"),
                                                       ("ld", "lib dem", "LD")])
def test_two_columns_for_one_party(tmp_path, parties, first, second, code):
    path = write_csv(tmp_path / "dup.csv", poll(*ROW, "40", "20", parties=(first, second)))
    assert error_of(path, parties) == (
        f"{second!r} in row 1 of dup.csv must be a party that has one column "
        f"(got \"a second column for {code} (after {first!r})\")")


@pytest.mark.parametrize("content", [b"", b"\n\n", b"  \r\n", b"\xef\xbb\xbf", b",,,\n,,\n"],
                         ids=["zero-bytes", "newlines", "whitespace", "bom-only", "commas"])
def test_empty_file(tmp_path, parties, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    assert error_of(path, parties) == (
        "empty.csv must be a poll file: a header row, then a row per poll (got 'an empty file')")


def test_header_only_file(tmp_path, parties):
    path = write_csv(tmp_path / "header.csv", [GOOD[0], [], [""] * len(GOOD[0])])
    assert error_of(path, parties) == (
        "header.csv must be a poll file: a header row, then a row per poll "
        "(got 'a header and no polls')")


@pytest.mark.parametrize("cell", ["-0.5", "100.5", "101%", "abc", "3 %", "1e3"])
def test_share_out_of_range_or_not_a_number(tmp_path, parties, cell):
    rows = poll(*ROW, "40", "20", parties=("lab", "Con"))
    rows.insert(1, [])
    rows.append(ROW[:2] + ["Opinium"] + ROW[3:] + ["38", cell])
    assert error_of(write_csv(tmp_path / "share.csv", rows), parties) == (
        f"'Con' in row 4 of share.csv must be a number from 0 to 100 (got {cell!r})")


def test_shares_summing_above_105(tmp_path, parties):
    path = write_csv(tmp_path / "sum.csv", poll(*ROW, "40.5", "35", "30", parties=(
        "lab", "con", "ld")))
    assert error_of(path, parties) == (
        "'lab + con + ld' in row 2 of sum.csv must be shares summing to at most 105 "
        "(got 'a total of 105.5')")


def test_shares_summing_to_105_after_rounding_are_accepted(tmp_path, parties):
    path = write_csv(tmp_path / "sum.csv", poll(*ROW, "35.1", "35.1", "34.8", parties=(
        "lab", "con", "ld")))
    assert read_poll_file(path, parties, today=TODAY).polls["LD"].tolist() == [34.8]


def test_others_summing_above_100(tmp_path, parties):
    path = write_csv(tmp_path / "oth.csv", poll(*ROW, "60", "40.5", parties=("ind", "oth")))
    assert error_of(path, parties) == (
        "'ind + oth' in row 2 of oth.csv must be others summing to at most 100 "
        "(got 'a total of 100.5')")


def test_row_with_no_share(tmp_path, parties):
    path = write_csv(tmp_path / "noshare.csv", poll(*ROW, "", " "))
    assert error_of(path, parties) == (
        "'lab + con' in row 2 of noshare.csv must be at least one party's share "
        "(got 'no shares')")


def test_end_date_before_start_date(tmp_path, parties):
    path = write_csv(tmp_path / "order.csv", poll("2024-06-28", "2024-06-30", *ROW[2:], "40",
                                                   "20"))
    assert error_of(path, parties) == (
        "'end_date' in row 2 of order.csv must be on or after its start_date "
        "(got '2024-06-28, starting 2024-06-30')")


def test_end_date_after_today(tmp_path, parties):
    path = write_csv(tmp_path / "future.csv", poll("2024-07-04", *ROW[1:], "40", "20"))
    assert error_of(path, parties) == (
        "'end_date' in row 2 of future.csv must be on or before today (2024-07-03) "
        "(got '2024-07-04')")


def test_end_date_after_today_by_default(tmp_path, parties):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    today = datetime.date.today().isoformat()
    path = write_csv(tmp_path / "future.csv", poll(tomorrow, *ROW[1:], "40", "20"))
    assert error_of(path, parties, today=None) == (
        f"'end_date' in row 2 of future.csv must be on or before today ({today}) "
        f"(got {tomorrow!r})")


@pytest.mark.parametrize("cell", ["30/06/2024", "2024-6-30", "June 30", "2024-06-30T12:00"])
@pytest.mark.parametrize("column", ["end_date", "start_date"])
def test_date_not_in_iso_form(tmp_path, parties, column, cell):
    rows = poll(*ROW, "40", "20")
    rows[1][HEADER.index(column)] = cell
    assert error_of(write_csv(tmp_path / "date.csv", rows), parties) == (
        f"'{column}' in row 2 of date.csv must be a date (YYYY-MM-DD) (got {cell!r})")


@pytest.mark.parametrize("cell", ["2024-02-30", "2023-02-29", "2024-13-01", "2024-06-00"])
@pytest.mark.parametrize("column", ["end_date", "start_date"])
def test_date_that_does_not_exist(tmp_path, parties, column, cell):
    rows = poll(*ROW, "40", "20")
    rows[1][HEADER.index(column)] = cell
    assert error_of(write_csv(tmp_path / "date.csv", rows), parties) == (
        f"'{column}' in row 2 of date.csv must be a real date (YYYY-MM-DD) (got {cell!r})")


@pytest.mark.parametrize(("column", "expected"), [("end_date", "a date (YYYY-MM-DD)"),
                                                  ("pollster", "text"), ("area", "text")])
def test_blank_required_cell(tmp_path, parties, column, expected):
    rows = poll(*ROW, "40", "20")
    rows[1][HEADER.index(column)] = "  "
    assert error_of(write_csv(tmp_path / "blank.csv", rows), parties) == (
        f"'{column}' in row 2 of blank.csv must be {expected} (got '')")


@pytest.mark.parametrize("cell", ["0", "2.5", "abc", "-3", "1,00", "2 050"])
def test_bad_sample_size(tmp_path, parties, cell):
    path = write_csv(tmp_path / "n.csv", poll(*ROW[:5], cell, "40", "20"))
    assert error_of(path, parties) == (
        f"'sample_size' in row 2 of n.csv must be a whole number >= 1 (got {cell!r})")


@pytest.mark.parametrize("cell", ["Great Britain", "Northern Ireland", "E&W"])
def test_unknown_area(tmp_path, parties, cell):
    path = write_csv(tmp_path / "area.csv", poll(*ROW[:4], cell, "1000", "40", "20"))
    assert error_of(path, parties) == (
        "'area' in row 2 of area.csv must be one of GB, UK, England and Wales, Scotland, Wales, "
        f"London (got {cell!r})")


def test_row_with_the_wrong_number_of_fields(tmp_path, parties):
    path = tmp_path / "fields.csv"
    path.write_text("end_date,start_date,pollster,client,area,sample_size,lab,con\n"
                    "2024-06-30,2024-06-28,YouGov,The Times,GB,2050,40,20\n"
                    "\n"
                    "2024-06-30,2024-06-28,Opinium,The Observer,GB,2,050,40,20\n")
    assert error_of(path, parties) == (
        "row 4 of fields.csv must be 8 fields, as in the header (got '9 fields'); check for an "
        "unquoted comma in a name")


def test_a_field_too_long_for_csv(tmp_path, parties):
    rows = poll(*ROW[:2], "x" * 200_000, *ROW[3:], "40", "20")
    rows.insert(1, ROW[:2] + ["Opinium"] + ROW[3:] + ["40", "20"])
    assert error_of(write_csv(tmp_path / "long.csv", rows), parties) == (
        "row 3 of long.csv must be well-formed CSV (got 'field larger than field limit "
        "(131072)')")


def test_the_same_poll_twice(tmp_path, parties):
    rows = poll(*ROW, "40", "20")
    rows += [["2024-06-30", "2024-06-29", "YouGov", "", "GB", "", "41", "19"],
             ["2024-06-30", "2024-06-28", "YOUGOV", "Sky", "gb", "", "39", "21"]]
    assert error_of(write_csv(tmp_path / "twice.csv", rows), parties) == (
        "'pollster, area, start_date, end_date' in row 4 of twice.csv must be a poll that "
        "appears once in the file (got 'YOUGOV, GB, 2024-06-28, 2024-06-30'); row 4 repeats the "
        "poll in row 2")


def test_the_same_poll_twice_without_start_dates(tmp_path, parties):
    rows = poll("2024-06-30", "", *ROW[2:], "40", "20")
    rows.append(["2024-06-30", "", "YouGov", "", "GB", "", "41", "19"])
    assert error_of(write_csv(tmp_path / "twice.csv", rows), parties) == (
        "'pollster, area, start_date, end_date' in row 3 of twice.csv must be a poll that "
        "appears once in the file (got 'YouGov, GB, no start date, 2024-06-30'); row 3 repeats "
        "the poll in row 2")


def test_file_larger_than_50_mb_is_refused_before_reading(tmp_path, parties):
    path = tmp_path / "big.csv"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)
    assert error_of(path, parties) == (
        "big.csv must be a file of at most 50 MB (got 'more than 52,428,800 bytes'); split it into smaller "
        "files")


def test_nul_byte(tmp_path, parties):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"end_date,start_date,pollster,client,area,sample_size,lab\n"
                     b"2024-06-30,,YouGov,,GB,,40\n2024-06-30,,Opi\x00nium,,GB,,40\n")
    assert error_of(path, parties) == (
        "row 3 of nul.csv must be text without NUL bytes (got 'a NUL byte'); save the file as "
        "CSV, not as a spreadsheet or UTF-16")


def test_bytes_neither_utf8_nor_windows_1252(tmp_path, parties):
    path = tmp_path / "bytes.csv"
    path.write_bytes(b"end_date,start_date,pollster,client,area,sample_size,lab\n"
                     b"2024-06-30,,You\x81Gov,,GB,,40\n")
    assert error_of(path, parties) == (
        "row 2 of bytes.csv must be text in UTF-8, UTF-16 or Windows-1252 (got 'byte 0x81 at offset 72')")


def test_utf16_without_a_byte_order_mark_is_refused_for_its_nul_bytes(tmp_path, parties):
    path = tmp_path / "utf16.csv"
    path.write_bytes("end_date,start_date\n".encode("utf-16-le"))  # with a BOM it is read
    assert error_of(path, parties) == (
        "row 1 of utf16.csv must be text without NUL bytes (got 'a NUL byte'); save the file as "
        "CSV, not as a spreadsheet or UTF-16")


# -- property -------------------------------------------------------------------------------------

# Headings a user may give each share column (any case is tried as well).
SPELLINGS = {"Con": ["con", "conservative", "tories"], "Lab": ["lab", "labour"],
             "LD": ["ld", "lib dem", "liberal democrats"], "Green": ["grn", "green", "greens"],
             "SNP": ["snp"], "PC": ["pc", "plaid", "plaid cymru"], "UKIP": ["ukip"],
             "BRX": ["brx", "brexit party"], "RUK": ["ruk", "reform", "ref"], "ChUK": ["chuk"],
             "Lib": ["lib"], "All": ["all"], "SDP": ["sdp"], "Reclaim": ["reclaim"],
             "RB": ["rb", "restore britain"], "Oth": ["oth", "other", "others"]}
CASES = [str.lower, str.upper, str.title]
assert set(SPELLINGS) == set(POLL_PARTIES)


@st.composite
def valid_polls(draw: st.DrawFn) -> tuple[list[list[str]], dict]:
    """A one-poll file and the row it must read back as."""
    codes = draw(st.lists(st.sampled_from(POLL_PARTIES), min_size=1, unique=True))
    cap = 100 / len(codes)
    shares = [draw(st.floats(0, cap)) for _ in codes]
    headings = [draw(st.sampled_from(CASES))(draw(st.sampled_from(SPELLINGS[c]))) for c in codes]
    cells = [repr(s) + draw(st.sampled_from(["", "%"])) for s in shares]
    end = draw(st.dates(datetime.date(1970, 1, 1), datetime.date.fromisoformat(TODAY)))
    start = draw(st.none() | st.dates(datetime.date(1960, 1, 1), end))
    pollster = draw(st.text(st.characters(codec="utf-8", exclude_characters="\0\r\n"),
                            min_size=1).filter(str.strip))
    area = draw(st.sampled_from(POLL_AREAS))
    size = draw(st.none() | st.integers(1, 10**7))
    row = [end.isoformat(), start.isoformat() if start else "", pollster, "",
           draw(st.sampled_from(CASES))(area), "" if size is None else f"{size:,}"]
    expected = {"date_start": start.isoformat() if start else NA, "date_end": end.isoformat(),
                "pollster": pollster.strip(), "area": area,
                "sample_size": pd.NA if size is None else size} | dict(zip(codes, shares))
    return [HEADER + headings, row + cells], expected


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=valid_polls())
def test_any_valid_poll_round_trips_exactly(tmp_path, parties, case):
    rows, expected = case
    polls = read_poll_file(write_csv(tmp_path / "random.csv", rows), parties, today=TODAY).polls

    assert polls["poll_id"].iloc[0].startswith(f"user-{expected['date_end']}-")
    got = polls.drop(columns=["poll_id", "client", "nonstandard"])
    pd.testing.assert_frame_equal(got, expected_polls([expected]).drop(
        columns=["poll_id", "client", "nonstandard"]))
