"""Reader for results files in the House of Commons Library layouts.

Accepted: the by-candidate layout of general elections (21 columns, or 22 with the Democracy Club
person id) and by-elections (an ``Election date`` column first), with or without the header row;
UTF-8 with or without a byte-order mark, or Windows-1252; thousands separators in numbers; quoted
names with commas ("Birmingham, Erdington"). An optional by-constituency file (header required)
supplies electorate, valid and invalid votes and the published majority.

Every problem raises :class:`~swingometer.DataError` naming the file, row, column, what was expected
and what was got; nothing is returned half-read.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from swingometer.data.count import most_votes
from swingometer.data.names import normalise_name
from swingometer.data.parties import canonical_party
from swingometer.data.schema import Column, Schema
from swingometer.data.tables import BOUNDARY_SETS, boundary_set_on, is_gss_code
from swingometer.data.text_file import read_text
from swingometer.exceptions import DataError

__all__ = ["CANDIDATE_COLUMNS", "ResultsFile", "election_id", "is_iso_day",
           "read_results_file", "read_rows", "rows_frame", "slugify"]

# The general-election by-candidate layout, in file order (HoC Library, 2010-2024).
CANDIDATE_COLUMNS = [
    "gss_code", "region_code", "constituency", "county", "region", "nation", "constituency_type",
    "party_name", "party_abbreviation", "ec_party_id", "mnis_party_id", "ec_adjunct_party_id",
    "first_name", "surname", "gender", "sitting_mp", "former_mp", "mnis_member_id", "votes",
    "share", "change",
]
# The headings the HoC files give those columns, used to name them in error messages.
HOC_HEADINGS = dict(zip(CANDIDATE_COLUMNS, [
    "ONS ID", "ONS region ID", "Constituency name", "County name", "Region name", "Country name",
    "Constituency type", "Party name", "Party abbreviation", "Electoral Commission party ID",
    "MNIS party ID", "Electoral Commission adjunct party ID", "Candidate first name",
    "Candidate surname", "Candidate gender", "Sitting MP", "Former MP", "Member MNIS ID", "Votes",
    "Share", "Change"])) | {"election_date": "Election date", "electorate": "Electorate",
                            "valid_votes": "Valid votes", "invalid_votes": "Invalid votes",
                            "majority": "Majority"}
# Header spellings seen in HoC files and common re-exports, normalised, to our column names.
HEADER_NAMES = {
    "ons id": "gss_code", "ons id2": "gss_code", "ons_id": "gss_code", "pcon code": "gss_code",
    "ons region id": "region_code", "constituency name": "constituency",
    "constituency": "constituency", "county name": "county", "region name": "region",
    "country name": "nation", "constituency type": "constituency_type",
    "party name": "party_name", "party": "party_name", "party abbreviation": "party_abbreviation",
    "candidate first name": "first_name", "firstname": "first_name", "first name": "first_name",
    "candidate surname": "surname", "surname": "surname", "candidate gender": "gender",
    "gender": "gender", "sitting mp": "sitting_mp", "former mp": "former_mp", "votes": "votes",
    "share": "share", "change": "change", "election date": "election_date",
    "by election date": "election_date", "electorate": "electorate",
    "valid votes": "valid_votes", "invalid votes": "invalid_votes", "majority": "majority",
}
# the largest results file read: a general election's by-candidate file is about 1 MB
MAX_RESULTS_BYTES = 20 * 2**20
_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
# the most votes or electors a seat may have: no UK constituency has had a twentieth of it, and
# 650 seats of it still sum far inside a 64-bit count
MAX_VOTES = 10_000_000

CANDIDATE_SCHEMA = Schema("candidates", (
    Column("gss_code"), Column("constituency"), Column("party_name"),
    Column("party_abbreviation", nullable=True), Column("first_name", nullable=True),
    Column("surname", nullable=True), Column("votes", "int", minimum=0, maximum=MAX_VOTES),
    Column("share", "float", nullable=True, minimum=0, maximum=1),
    Column("sitting_mp", "bool", nullable=True), Column("former_mp", "bool", nullable=True),
    Column("gender", nullable=True),
))
SEAT_SCHEMA = Schema("seats", (
    Column("gss_code"), Column("electorate", "int", minimum=0, maximum=MAX_VOTES),
    Column("valid_votes", "int", minimum=0, maximum=MAX_VOTES),
    Column("invalid_votes", "int", nullable=True, minimum=0, maximum=MAX_VOTES),
    Column("majority", "int", nullable=True, minimum=0, maximum=MAX_VOTES),
), key=("gss_code",))


def slugify(name: str) -> str:
    """Democracy Club slug of a seat name: ``"Batley & Spen"`` -> ``"batley-and-spen"``."""
    return normalise_name(name).replace(" ", "-")


def election_id(kind: str, seat: str, date: str) -> str:
    """The Democracy Club id of a general election (``kind`` ``general``) or of the by-election
    in ``seat`` on ``date``: ``parl.2024-07-04``, ``parl.batley-and-spen.by.2021-07-01``."""
    return f"parl.{date}" if kind == "general" else f"parl.{slugify(seat)}.by.{date}"


@dataclass(frozen=True)
class ResultsFile:
    """The elections, seats and candidacies read from one file, ready to validate and store."""

    path: str
    encoding: str
    elections: pd.DataFrame
    contests: pd.DataFrame
    candidacies: pd.DataFrame


def is_iso_day(text: str) -> bool:
    """Whether ``text`` is a real day written YYYY-MM-DD (``2024-02-30`` is not)."""
    try:
        return datetime.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def read_rows(path: Path, expected: str) -> tuple[list[list[str]], str]:
    """A results file's non-blank CSV rows, decoded (any encoding and line ending people's tools
    write; :mod:`swingometer.data.text_file`); a :class:`DataError` if there are none, or for
    CSV that cannot be read. With :func:`rows_frame`, the one reader of HoC files: imports and
    the data build both use them."""
    text, encoding = read_text(path, expected, MAX_RESULTS_BYTES)
    reader, rows, line = csv.reader(io.StringIO(text)), [], 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
            line = reader.line_num + 1
    except csv.Error as error:  # a stray quote runs a cell past the csv module's limit
        raise DataError(path.name, line, None, "well-formed CSV", str(error),
                        hint="check for an unmatched double quote") from None
    if not rows:
        raise DataError(path.name, None, None, expected, "an empty file")
    return rows, encoding


def _header(path: Path, row: list[str]) -> tuple[list[str], dict[str, str]]:
    """Our names for a header row's columns, and the file's own heading for each."""
    names = [HEADER_NAMES.get(normalise_name(c), normalise_name(c) or f"column_{i}")
             for i, c in enumerate(row)]
    seen: dict[str, str] = {}
    for name, heading in zip(names, row):
        if name in seen:
            raise DataError(path.name, 1, heading.strip(), "a column that appears once",
                            f"a second column meaning the same as {seen[name]!r}")
        seen[name] = heading.strip()
    return names, HOC_HEADINGS | seen


def _is_header(row: list[str]) -> bool:
    return normalise_name(row[0]) in HEADER_NAMES or "votes" in {normalise_name(c) for c in row}


def rows_frame(path: Path, rows: list[list[str]], header: list[str], first_row: int
               ) -> pd.DataFrame:
    """The rows as a frame of strings named by ``header``; a :class:`DataError` naming the row
    (``first_row`` is the first's number in the file) if one is not as wide as the header."""
    width = len(header)
    for number, row in enumerate(rows, start=first_row):
        if len(row) != width:
            raise DataError(path.name, number, None, f"{width} fields, as in the first row",
                            f"{len(row)} fields", hint="check for an unquoted comma in a name")
    return pd.DataFrame(rows, columns=header, dtype=object)


def _candidates(path: Path) -> tuple[pd.DataFrame, int, str, dict[str, str]]:
    rows, encoding = read_rows(path, "a results file with a row per candidate")
    if _is_header(rows[0]):
        names, labels = _header(path, rows[0])
        frame, first = rows_frame(path, rows[1:], names, 2), 2
        if frame.empty:
            raise DataError(path.name, None, None, "at least one candidate row",
                            "a header and no data")
    else:
        lead = ["election_date"] if _DATE.match(rows[0][0].strip()) else []
        width = len(rows[0])
        if width < len(lead) + len(CANDIDATE_COLUMNS):
            raise DataError(path.name, 1, None,
                            f"the House of Commons Library by-candidate layout "
                            f"({len(lead) + len(CANDIDATE_COLUMNS)} or more columns)",
                            f"{width} columns", hint="or add a header row naming the columns")
        names = lead + CANDIDATE_COLUMNS
        names += [f"column_{i}" for i in range(len(names), width)]
        frame, first, labels = rows_frame(path, rows, names, 1), 1, HOC_HEADINGS
    return frame, first, encoding, labels


def read_results_file(path: str | Path, date: str | None = None,
                      seats_path: str | Path | None = None,
                      seats: Mapping[tuple[str, str], str] | None = None) -> ResultsFile:
    """Read a by-candidate results file (and optionally its by-constituency file).

    Parameters
    ----------
    path : the by-candidate file.
    date : ISO date of a general election; by-election files carry their own dates.
    seats_path : the matching by-constituency file, for electorate and valid/invalid votes.
    seats : official names by (GSS code, boundary set): every row must be one of these seats, and
        by-election ids are made from the official name, whatever the file calls the seat.
    """
    path = Path(path)
    frame, first, encoding, labels = _candidates(path)
    typed = CANDIDATE_SCHEMA.coerce(frame, path.name, first, labels)
    if "election_date" in frame.columns:
        dates = frame["election_date"].str.strip()
        bad = ~dates.str.match(_DATE)
        if bad.any():
            position = int(bad.to_numpy().argmax())
            raise DataError(path.name, first + position, labels["election_date"],
                            "a date dd/mm/yyyy",
                            dates.iloc[position])
        typed["date"] = dates.str.replace(_DATE, r"\3-\2-\1", regex=True)
        for position, day in enumerate(typed["date"]):
            if not is_iso_day(day):
                raise DataError(path.name, first + position, labels["election_date"],
                                "a real date dd/mm/yyyy", dates.iloc[position])
        typed["type"] = "by-election"
    else:
        if not date or not is_iso_day(str(date)):
            error = DataError(path.name, None, "Election date", "given with date=YYYY-MM-DD for "
                              "a general election file (it has no date column)", date or "no date")
            error.option = "date="
            raise error
        typed["date"], typed["type"] = str(date), "general"
    typed["boundary_set"] = _boundary_sets(typed, path.name, first, seats,
                                           labels.get("gss_code", "ONS ID"))

    typed["candidate"] = [" ".join(p for p in (f, s) if isinstance(f, str) or isinstance(s, str)
                                   if isinstance(p, str)) or pd.NA
                          for f, s in zip(typed["first_name"], typed["surname"])]
    typed["party_abbreviation"] = typed["party_abbreviation"].fillna(typed["party_name"])
    typed["party_code"] = [canonical_party(a, n) for a, n in
                           zip(typed["party_abbreviation"], typed["party_name"])]
    if seats is not None:  # the seat's official name, whatever the file calls it
        typed["constituency"] = [seats[(c, b)] for c, b in
                                 zip(typed["gss_code"], typed["boundary_set"])]
    typed["election_id"] = [election_id(t, n, d) for t, n, d in
                            zip(typed["type"], typed["constituency"], typed["date"])]
    _check_repeats(typed, path.name, first, labels.get("surname", "Candidate surname"))
    typed["elected"] = most_votes(typed)

    contests = _contests(typed, path.name, first, seats_path, labels.get("votes", "Votes"))
    elections = (typed.groupby("election_id", sort=True)
                 .agg(type=("type", "first"), date=("date", "first"),
                      constituency=("constituency", "first"),
                      boundary_set=("boundary_set", "first"))
                 .reset_index())
    elections["name"] = [f"{d[:4]} general election (imported)" if t == "general"
                         else f"{c} by-election (imported)" for t, d, c in
                         zip(elections["type"], elections["date"], elections["constituency"])]
    elections["parliament"] = pd.array([pd.NA] * len(elections), dtype="Int64")
    columns = ["election_id", "gss_code", "candidate", "party_name", "party_abbreviation",
               "party_code", "votes", "elected", "sitting_mp", "former_mp", "gender"]
    return ResultsFile(str(path), encoding,
                       elections[["election_id", "type", "date", "boundary_set", "name",
                                  "parliament"]],
                       contests, typed[columns].reset_index(drop=True))


def _boundary_sets(typed: pd.DataFrame, file: str, first: int,
                   seats: Mapping[tuple[str, str], str] | None, label: str) -> pd.Series:
    """The boundary set of each row, from its date; every code must be a seat of that set."""
    codes = typed["gss_code"].str.upper()
    typed["gss_code"] = codes
    boundaries = typed["date"].map(boundary_set_on)
    for position, (code, boundary, day) in enumerate(zip(codes, boundaries, typed["date"])):
        if not any(is_gss_code(code, b) for b in BOUNDARY_SETS):
            raise DataError(file, first + position, label,
                            "a Westminster constituency GSS code such as E14000548", code)
        if not is_gss_code(code, boundary) or (seats is not None and (code, boundary) not in seats):
            raise DataError(file, first + position, label,
                            f"a constituency of the {boundary} boundaries in force on {day}", code)
    return boundaries


def _contests(typed: pd.DataFrame, file: str, first: int, seats_path: str | Path | None,
              votes_label: str) -> pd.DataFrame:
    grouped = typed.groupby(["election_id", "gss_code"], sort=True)
    contests = grouped.agg(constituency=("constituency", "first"),
                           valid_votes=("votes", "sum")).reset_index()
    _check_shares(typed, file, first, votes_label)
    contests["electorate"] = pd.array([pd.NA] * len(contests), dtype="Int64")
    contests["invalid_votes"] = pd.array([pd.NA] * len(contests), dtype="Int64")
    contests["published_majority"] = pd.array([pd.NA] * len(contests), dtype="Int64")
    if seats_path is not None:
        seats = _seats(Path(seats_path))
        by_code = seats.set_index("gss_code")
        missing = sorted(set(contests["gss_code"]) - set(by_code.index))
        if missing:
            raise DataError(Path(seats_path).name, None, "ONS ID",
                            "a row for every seat in the candidates file", f"no row for {missing[0]}")
        contests["electorate"] = contests["gss_code"].map(by_code["electorate"]).astype("Int64")
        contests["valid_votes"] = contests["gss_code"].map(by_code["valid_votes"]).astype(int)
        contests["invalid_votes"] = contests["gss_code"].map(by_code["invalid_votes"]).astype(
            "Int64")
        contests["published_majority"] = contests["gss_code"].map(by_code["majority"]).astype(
            "Int64")
    contests["result"] = pd.NA
    return contests[["election_id", "gss_code", "constituency", "electorate", "valid_votes",
                     "invalid_votes", "published_majority", "result"]]


def _check_repeats(typed: pd.DataFrame, file: str, first: int, label: str) -> None:
    """No candidate twice in a seat's contest: the second row is named, before any check of the
    seat's totals (which the repeat would upset) can blame another row."""
    named = typed["candidate"].notna().to_numpy()
    key = typed[["election_id", "gss_code", "candidate", "party_code"]]
    repeats = (key.duplicated().to_numpy() & named).nonzero()[0]
    if repeats.size:
        second = int(repeats[0])
        earlier = int((key == key.iloc[second]).all(axis=1).to_numpy().argmax())
        raise DataError(file, first + second, label, "a candidate not already in the seat",
                        f"{typed['candidate'].iloc[second]} ({typed['party_code'].iloc[second]})",
                        hint=f"row {first + second:,} repeats row {first + earlier:,}")


def _check_shares(typed: pd.DataFrame, file: str, first: int, label: str) -> None:
    """Where the file gives shares, votes / share must agree with the seat's total votes (1%)."""
    total = typed.groupby(["election_id", "gss_code"])["votes"].transform("sum")
    share = typed["share"].astype("Float64")
    implied = typed["votes"] / share.where(share > 0.02)
    off = ((implied - total).abs() > 0.01 * total).fillna(False)
    if off.any():
        position = int(off.to_numpy().argmax())
        raise DataError(file, first + position, label,
                        f"consistent with its share: candidate votes summing to valid votes of "
                        f"about {float(implied.iloc[position]):,.0f}",
                        f"a seat total of {int(total.iloc[position]):,}")


def _seats(path: Path) -> pd.DataFrame:
    rows, _ = read_rows(path, "a by-constituency results file")
    if not _is_header(rows[0]):
        raise DataError(path.name, 1, None, "a header row naming the columns",
                        ", ".join(rows[0][:3]) + ", ...")
    names, labels = _header(path, rows[0])
    typed = SEAT_SCHEMA.coerce(rows_frame(path, rows[1:], names, 2), path.name, 2, labels)
    typed["gss_code"] = typed["gss_code"].str.upper()
    return typed
