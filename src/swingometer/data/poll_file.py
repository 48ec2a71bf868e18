"""Reader for a poll file a user brings, to import its polls into the local store.

The layout: CSV in UTF-8 (with or without a byte-order mark) or Windows-1252, at most 50 MB, a
header row first and then a row per poll::

    end_date,start_date,pollster,client,area,sample_size,lab,con,reform,lib dem,grn,oth
    2024-06-30,2024-06-28,YouGov,The Times,GB,"2,050",37,20,17,11,8,7%

- ``end_date``, ``pollster`` and ``area`` are given on every row; ``start_date``, ``client`` and
  ``sample_size`` must be in the header but their cells may be blank.
- Dates are ISO (YYYY-MM-DD); a poll may not end before it starts, nor after today.
- ``area`` is one of GB, UK, England and Wales, Scotland, Wales, London, in any case.
- ``sample_size`` is a whole number of at least 1; thousands separators (``2,050``) are fine.
- Every other column is a party, named by its code, name or a nickname in any case (``lab``,
  ``Conservative``, ``ruk``/``reform``/``ref``, ``ld``/``lib dem``, ``grn``, ``plaid``, ``rb``,
  ...); ``oth``, ``other`` and ``others`` are the others, and a party with no column of its own in
  the polls table (``WPB``, ``Ind``, ...) is added to them.
- Shares are percentages from 0 to 100, optionally with a trailing ``%``; a blank cell is a share
  the poll did not report. Each row gives at least one share, and its shares sum to at most 105.
- Columns may come in any order and headings in any case. Wholly blank lines are skipped; rows are
  numbered as lines of the file, the header being row 1.
- A poll appears once: two rows with the same pollster, area, start and end date are refused.

Every problem raises :class:`~swingometer.DataError` naming the file, row, column, what was expected
and what was got; nothing is returned half-read. Imported polls get the ids
``user-{end_date}-{pollster}-{area}-{n}`` (slugs; ``n`` numbers a pollster's polls of one day and
area in file order), so importing the same file again gives the same ids.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from swingometer.data.hoc import is_iso_day, slugify
from swingometer.data.parties import OTHERS, resolve_party
from swingometer.data.schema import Column, Schema
from swingometer.data.tables import POLL_AREAS, POLL_PARTIES, SCHEMAS
from swingometer.data.text_file import read_text
from swingometer.exceptions import DataError, PartyNotFoundError

__all__ = ["PollFile", "read_poll_file"]

MAX_BYTES = 50 * 1024 * 1024
MAX_TOTAL = 105.0  # rounding lets a poll's shares sum a little over 100
OTHERS_NAMES = frozenset({"oth", "other", "others"})
# The file's fixed columns, in header order, as the polls table names and types them.
FIXED = {"end_date": Column("date_end", "date"), "start_date": Column("date_start", "date", True),
         "pollster": Column("pollster"), "client": Column("client", nullable=True),
         "area": Column("area"), "sample_size": Column("sample_size", "int", True, minimum=1)}
_EXPECTED = "a poll file: a header row, then a row per poll"
_LAYOUT = ("the header must name end_date, start_date, pollster, client, area and sample_size, "
           "then a column per party")
_OWN = {p.lower(): p for p in POLL_PARTIES}
_METHOD = re.compile(r"\((MRP|SRP)\)", re.IGNORECASE)


@dataclass(frozen=True)
class PollFile:
    """The polls read from one file, in the layout and dtypes of the shipped ``polls`` table."""

    polls: pd.DataFrame
    encoding: str


def read_poll_file(path: str | Path, parties: pd.DataFrame, today: str | None = None) -> PollFile:
    """Read and check a poll file (layout in the module docstring).

    Parameters
    ----------
    path : the CSV file.
    parties : the shipped parties table (``read_table("parties")``), to resolve party columns.
    today : ISO date no poll may end after; default the date today.

    Returns
    -------
    PollFile
        ``polls`` with the columns of the shipped ``polls`` table, ``encoding`` ``"utf-8"``,
        ``"utf-8-sig"`` (a byte-order mark) or ``"cp1252"``.

    Raises
    ------
    DataError
        At the first problem, naming the file, row, column, what was expected and what was got.
    """
    path = Path(path)
    file = path.name
    rows, encoding = _records(path)
    if not rows:
        raise DataError(file, None, None, _EXPECTED, "an empty file")
    if len(rows) == 1:
        raise DataError(file, None, None, _EXPECTED, "a header and no polls")
    fixed, shares, labels = _columns(file, *rows[0], parties)
    numbers = [number for number, _ in rows[1:]]
    typed = _typed(file, rows, fixed, shares, labels)

    def check(mask: object, column: str, expected: str, got: Callable[[int], object]) -> None:
        hits = np.flatnonzero(np.asarray(mask, dtype=bool))
        if hits.size:
            raise DataError(file, numbers[hits[0]], column, expected, got(int(hits[0])))

    end, start = typed["date_end"], typed["date_start"]
    for column in (end, start):
        check(column.notna() & ~column.fillna("").map(is_iso_day), labels[str(column.name)],
              "a real date (YYYY-MM-DD)", lambda p, c=column: c.iloc[p])
    check(start.notna() & (end < start.fillna("")), labels["date_end"],
          "on or after its start_date", lambda p: f"{end.iloc[p]}, starting {start.iloc[p]}")
    today = str(today or datetime.date.today().isoformat())
    check(end > today, labels["date_end"], f"on or before today ({today})", lambda p: end.iloc[p])
    canonical = {a.casefold(): a for a in POLL_AREAS}
    area = typed["area"].map(lambda a: canonical.get(" ".join(a.split()).casefold()))
    check(area.isna(), labels["area"], "one of " + ", ".join(POLL_AREAS),
          lambda p: typed["area"].iloc[p])

    cells = typed[[f"share_{i}" for i in shares]].astype("float64")
    every = " + ".join(labels[c] for c in cells.columns)
    check(cells.isna().all(axis=1), every, "at least one party's share", lambda p: "no shares")
    total = cells.sum(axis=1).round(9)
    check(total > MAX_TOTAL, every, f"shares summing to at most {MAX_TOTAL:g}",
          lambda p: f"a total of {total.iloc[p]:g}")
    out = {code: cells[[f"share_{i}" for i, c in shares.items() if c == code]].sum(
        axis=1, min_count=1) for code in POLL_PARTIES}
    others = " + ".join(labels[f"share_{i}"] for i, c in shares.items() if c == OTHERS)
    check(out[OTHERS] > 100, others, "others summing to at most 100",
          lambda p: f"a total of {out[OTHERS].iloc[p]:g}")

    key = pd.DataFrame({"pollster": typed["pollster"].map(slugify), "area": area,
                        "start": start.fillna(""), "end": end})
    repeats = np.flatnonzero(key.duplicated().to_numpy())
    if repeats.size:
        second = int(repeats[0])
        first = int(np.flatnonzero((key == key.iloc[second]).all(axis=1).to_numpy())[0])
        got = [typed["pollster"].iloc[second], area.iloc[second],
               start.fillna("no start date").iloc[second], end.iloc[second]]
        raise DataError(file, numbers[second], ", ".join(labels[c] for c in (
            "pollster", "area", "date_start", "date_end")), "a poll that appears once in the file",
            ", ".join(got), hint=f"row {numbers[second]:,} repeats the poll in row "
                                 f"{numbers[first]:,}")
    n = key.groupby(["end", "pollster", "area"], sort=False).cumcount() + 1
    ids = "user-" + end + "-" + key["pollster"] + "-" + area.map(slugify) + "-" + n.astype(str)
    method = typed["pollster"].map(lambda p: (m := _METHOD.search(p)) and m[1].upper())
    polls = typed.assign(poll_id=ids, area=area, nonstandard=method, **out)
    dtypes = SCHEMAS["polls"].dtypes()
    polls = polls[list(dtypes)].astype(dtypes).reset_index(drop=True)
    for column in (c for c, dtype in dtypes.items() if dtype == "object"):
        polls[column] = polls[column].where(polls[column].notna(), np.nan)  # as read_table does
    return PollFile(polls, encoding)


def _typed(file: str, rows: list[tuple[int, list[str]]], fixed: dict[str, int],
           shares: dict[int, str], labels: dict[str, str]) -> pd.DataFrame:
    """The polls' cells typed by column (every cell checked), one row per poll."""
    (_, header), body = rows[0], rows[1:]
    for number, cells in body:
        if len(cells) != len(header):
            raise DataError(file, number, None, f"{len(header)} fields, as in the header",
                            f"{len(cells)} fields", hint="check for an unquoted comma in a name")
    frame = pd.DataFrame([cells for _, cells in body], dtype=object).rename(
        columns={i: FIXED[k].name for k, i in fixed.items()} | {i: f"share_{i}" for i in shares})
    schema = Schema("poll file", (*FIXED.values(), *(Column(
        f"share_{i}", "float", nullable=True, minimum=0, maximum=100) for i in shares)))
    try:  # rows counted from 0, then named by their line in the file
        return schema.coerce(frame, file, 0, labels)
    except DataError as error:
        raise DataError(file, body[error.row][0], error.column, error.expected, error.got,
                        error.hint) from None


def _records(path: Path) -> tuple[list[tuple[int, list[str]]], str]:
    """The file's non-blank CSV records, each with its line number, and the file's encoding."""
    text, encoding = read_text(path, _EXPECTED, MAX_BYTES)
    if encoding == "utf-8":
        with path.open("rb") as handle:
            if handle.read(3) == codecs.BOM_UTF8:
                encoding = "utf-8-sig"
    nul = text.find("\0")
    if nul >= 0:
        raise DataError(path.name, text.count("\n", 0, nul) + 1, None, "text without NUL bytes",
                        "a NUL byte", hint="save the file as CSV, not as a spreadsheet or UTF-16")
    reader = csv.reader(io.StringIO(text))
    records, line = [], 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                records.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        raise DataError(path.name, line, None, "well-formed CSV", str(error)) from None
    return records, encoding


def _columns(file: str, row: int, header: list[str], parties: pd.DataFrame
             ) -> tuple[dict[str, int], dict[int, str], dict[str, str]]:
    """The header's fixed columns (name to position), party columns (position to poll-table
    code) and the file's heading for each of our column names."""
    fixed: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = cell.strip().lower()
        if name in fixed:
            raise DataError(file, row, cell.strip(), "a column that appears once",
                            f"a second {name!r} column")
        if name in FIXED:
            fixed[name] = index
    missing = [name for name in FIXED if name not in fixed]
    if missing:
        raise DataError(file, row, missing[0], "a column of the header", "no such column",
                        hint=_LAYOUT)
    labels = {FIXED[name].name: header[i].strip() for name, i in fixed.items()}
    shares: dict[int, str] = {}
    seen: dict[str, str] = {}
    for index, cell in enumerate(header):
        heading = cell.strip()
        if index in fixed.values():
            continue
        if not heading:
            raise DataError(file, row, None, "a heading for every column",
                            f"a blank heading in column {index + 1}")
        code = _party(file, row, heading, parties)
        if code != OTHERS and code in seen:
            raise DataError(file, row, heading, "a party that has one column",
                            f"a second column for {code} (after {seen[code]!r})")
        seen.setdefault(code, heading)
        shares[index], labels[f"share_{index}"] = code, heading
    if not shares:
        raise DataError(file, row, None, "at least one party column", "no party columns",
                        hint=_LAYOUT)
    return fixed, shares, labels


def _party(file: str, row: int, heading: str, parties: pd.DataFrame) -> str:
    """The poll-table column of a party heading (``Oth`` for parties without one)."""
    name = heading.lower()
    if name in OTHERS_NAMES or name in _OWN:  # ChUK and All are in no parties table
        return OTHERS if name in OTHERS_NAMES else _OWN[name]
    try:
        code = resolve_party(parties, heading)
    except PartyNotFoundError as error:
        hint = ("did you mean " + ", ".join(repr(s) for s in error.suggestions) + "?"
                if error.suggestions else
                "name parties by code (Con, Lab, LD, Green, RUK, SNP, PC, ...) or oth for others")
        raise DataError(file, row, heading, "a party code, name or nickname", heading,
                        hint=hint) from error
    return code if code in POLL_PARTIES else OTHERS
