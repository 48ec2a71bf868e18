"""Build step: GB polls since the 2024 election and the nation polls (Scotland, Wales, London).

Sources (``../shared/data/SOURCES.md`` section 7):

- ``polls-2024-parliament/uk_polls_national.csv`` (agoldhammer/UKPolls, from Wikipedia's "Opinion
  polling for the next United Kingdom general election"): the primary GB/UK table, 12 Jul 2024 on.
- Cross-checks, never added to the table: ``UK_national_polls_last5years_bs4.csv``
  (Andrevitali/PollsProject, the same Wikipedia page scraped from its HTML) and Mark Pack's PollBase
  (``PollBase-Q4-2025.xlsx``, sheet ``24-``). A poll found in a cross-check with other figures, or
  missing from the primary table, is listed in ``poll_crosscheck``; the primary figure is kept.
- ``polls-nations/``: Scotland 2020-2025 and Wales 2020-2024 (HarviLehal/Opinion-Polling: end date
  and shares only), and Scotland, Wales and London 2025-2026 (angrisanidj/modello-uk, with pollster,
  client and sample). Their rows for general election results are dropped; a poll in both is kept
  once, with its pollster.

Every frame is returned in the working layout of :mod:`tools.build.polls` (``META`` then parties).
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pandas as pd

from tools.build.common import read_raw_csv

__all__ = ["CROSSCHECK_COLUMNS", "crosscheck", "gb_polls", "nation_polls"]

GB = "polls-2024-parliament"
PRIMARY = "uk_polls_national.csv"
BS4 = "UK_national_polls_last5years_bs4.csv"
POLLBASE = "PollBase-Q4-2025.xlsx"
NATIONS = "polls-nations"
# the primary table's party columns -> party codes
GB_COLUMNS = {"Lab": "Lab", "Con": "Con", "Ref": "RUK", "LD": "LD", "Grn": "Green", "SNP": "SNP",
              "PC": "PC", "RB": "RB", "Others": "Oth"}
# before 18 Mar 2026 the bs4 scrape's values sit one column left of its (2026) header
BS4_SHIFT_BEFORE = "2026-03-18"
# general election days, whose rows in the nation files are results, not polls
RESULT_DAYS = ("2019-12-12", "2024-07-04")
HARVI = {  # file -> (area, its columns -> party codes)
    "scotland/poll.csv": ("Scotland", {"SNP": "SNP", "Con": "Con", "Lab": "Lab", "Lib Dem": "LD",
                                       "Green": "Green", "Reform": "RUK"}),
    "scotland/poll_new.csv": ("Scotland", {"Lab": "Lab", "SNP": "SNP", "Con": "Con", "Lib Dem": "LD",
                                           "Reform": "RUK", "Green": "Green"}),
    "wales/poll.csv": ("Wales", {"Lab": "Lab", "Con": "Con", "Plaid Cymru": "PC", "Lib Dem": "LD",
                                 "Reform": "RUK", "Green": "Green"}),
}
MODELLO = "modello-uk/subnational-polls.json"
MODELLO_COLUMNS = {"lab": "Lab", "con": "Con", "ref": "RUK", "ld": "LD", "green": "Green",
                   "snp": "SNP", "pc": "PC", "rb": "RB", "other": "Oth"}
# modello-uk files every table after its "Wales" heading as Wales, so the page's London polls are
# among them: a "Wales" poll without a Plaid figure is London's when its pollster and client are
# those of the London polls (Savanta for QMUL and for Centre for London; Find Out Now for Alex
# Wilson, a London mayoral hopeful), and of an unknown area otherwise (dropped).
LONDON = {("Savanta", "QMUL"), ("Savanta", "Centre for London"), ("Find Out Now", "Alex Wilson")}
# the shares compared between the primary table and a cross-check
COMPARED = ("Con", "Lab", "LD", "RUK", "Green")
CROSSCHECK_COLUMNS = ["source_file", "poll_id", "pollster", "date_end", "finding", "column",
                      "primary", "other"]


def _number(text: object) -> float | None:
    """``"22%"``, ``"22.0"`` or ``22`` as a number; blank, ``"—"``, ``"-"`` or text: None."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    if isinstance(text, (int, float)):
        return float(text)
    text = str(text).strip().removesuffix("%")
    return float(text) if re.fullmatch(r"\d+(?:\.\d+)?", text) else None


def _frame(source: str, rows: list[dict], meta: list[str],
           parties: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for column in meta:
        if column not in frame:
            frame[column] = None
    if source:
        frame["source_file"] = source
    return frame.reindex(columns=[*meta, *parties])


def gb_polls(raw: Path, meta: list[str], parties: tuple[str, ...]) -> pd.DataFrame:
    """The primary table's polls, with pollster and client as the source spells them."""
    table = read_raw_csv(raw / GB / PRIMARY)
    rows = [{"date_start": r["survey_start"], "date_end": r["date"], "pollster_raw": r["pollster"],
             "client": r["client"], "area_raw": r["area"], "sample_raw": r["sample_size"],
             **{code: _number(r[column]) for column, code in GB_COLUMNS.items()}}
            for _, r in table.iterrows()]
    return _frame(f"{GB}/{PRIMARY}", rows, meta, parties)


def _harvi(raw: Path, name: str) -> list[dict]:
    area, columns = HARVI[name]
    table = read_raw_csv(raw / NATIONS / name)
    return [{"date_end": r["Date"], "area_raw": area, "source_file": f"{NATIONS}/{name}",
             **{code: _number(r[column]) for column, code in columns.items()}}
            for _, r in table.iterrows()]


def _modello(raw: Path) -> list[dict]:
    polls = json.loads((raw / NATIONS / MODELLO).read_text(encoding="utf-8"))["polls"]
    rows = []
    for poll in polls:
        area = poll["country"]
        client = "" if poll["client"] in (None, "n/a", "N/A") else poll["client"]
        if area == "Wales" and poll["pc"] is None:
            area = "London" if (poll["pollster"], client) in LONDON else "unknown"
        rows.append({"date_end": poll["date"], "fieldwork": poll["fieldwork"],
                     "pollster_raw": poll["pollster"], "client": client, "area_raw": area,
                     "sample_raw": "" if poll["sample"] is None else str(poll["sample"]),
                     "source_file": f"{NATIONS}/{MODELLO}",
                     **{code: _number(poll[key]) for key, code in MODELLO_COLUMNS.items()}})
    return rows


def _fieldwork_start(text: str, end: str) -> str | None:
    """The ISO start of a fieldwork text (``"30 Jun – 8 Jul 2026"``, ``"4– 10 Aug 2026"``)."""
    first = text.replace("–", "-").split("-")[0].split()
    if len(first) != 1 or not first[0].isdigit():
        month = first[1][:3] if len(first) > 1 else ""
        if not month:
            return None
        day = pd.Timestamp(f"{first[0]} {month} {end[:4]}")
        if day.date().isoformat() > end:
            day -= pd.DateOffset(years=1)
        return day.date().isoformat()
    end_day = pd.Timestamp(end)
    start = end_day.replace(day=int(first[0]))
    if start > end_day:
        start -= pd.DateOffset(months=1)
    return start.date().isoformat()


def nation_polls(raw: Path, meta: list[str], parties: tuple[str, ...],
                 log) -> pd.DataFrame:
    """Scotland's, Wales's and London's own Westminster polls, one row per poll."""
    harvi = [row for name in HARVI for row in _harvi(raw, name)]
    modello = _modello(raw)
    for row in modello:
        row["date_start"] = _fieldwork_start(row.pop("fieldwork"), row["date_end"])
    frame = _frame("", harvi + modello, meta, parties)
    frame[["pollster_raw", "client", "sample_raw"]] = frame[
        ["pollster_raw", "client", "sample_raw"]].fillna("")
    result = frame["date_end"].isin(RESULT_DAYS)
    log.add("nation_result", frame, result, "dropped",
            "general election result row in a nation file, not a poll")
    frame = frame[~result]
    unknown = frame["area_raw"] == "unknown"
    log.add("nation_area", frame, frame["area_raw"] == "London", "repaired",
            "filed under Wales by the scraper but a London poll (no Plaid figure; QMUL, Centre for "
            "London or Alex Wilson): area London")
    log.add("nation_area", frame, unknown, "dropped",
            "filed under Wales by the scraper with no Plaid figure and no known London client")
    frame = frame[~unknown]
    # a poll in both nation sources: the same area, end date and shares; keep the one naming its
    # pollster (modello-uk)
    key = ["area_raw", "date_end", "Con", "Lab", "LD", "RUK", "SNP"]
    named = frame[frame["pollster_raw"] != ""]
    twice = frame["pollster_raw"].eq("") & frame.set_index(key).index.isin(
        named.set_index(key).index)
    log.add("nation_duplicate", frame, twice, "dropped",
            "the same poll (area, end date, shares) in modello-uk, which names the pollster")
    return frame[~twice]


def _bs4(raw: Path) -> pd.DataFrame:
    """The bs4 scrape in codes, its values put back under their own columns."""
    table = read_raw_csv(raw / GB / BS4)
    header = ["Lab", "Con", "Ref", "LD", "Grn", "SNP", "PC", "RB", "Others", "Lead"]
    rows = []
    for _, r in table.iterrows():
        end = _scrape_end(r["Date(s) conducted"], r["Year"])
        values = [r[c] for c in header]
        if end < BS4_SHIFT_BEFORE:  # the older tables have no RB column
            values = [*values[:7], None, *values[7:9]]
        cells = dict(zip(header, values))
        rows.append({"pollster": re.sub(r"\[[^]]*\]", "", r["Pollster"]).strip(),
                     "date_end": end, "sample": _number(r["Sample size"].replace(",", "")),
                     **{GB_COLUMNS[c]: _number(cells[c]) for c in GB_COLUMNS}})
    return pd.DataFrame(rows)


def _scrape_end(text: str, year: str) -> str:
    day, month = text.replace("–", "-").split("-")[-1].split()[:2]
    return pd.Timestamp(f"{day} {month[:3]} {year}").date().isoformat()


def _pollbase(raw: Path) -> pd.DataFrame:
    """PollBase's 2024- sheet: the rows with voting intention, GB and UK."""
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Cannot parse header or footer"
        book = openpyxl.load_workbook(raw / GB / POLLBASE, read_only=True, data_only=True)
    rows = []
    for row in book["24-"].iter_rows(min_row=2, values_only=True):
        start, fieldwork, pollster = row[3], row[2], row[5]
        shares = {"Con": row[7], "Lab": row[9], "LD": row[11], "Green": row[13], "RUK": row[15]}
        if not isinstance(start, datetime.datetime) or shares["Con"] is None:
            continue
        end = _pollbase_end(str(fieldwork), start)
        rows.append({"pollster": str(pollster).strip(), "date_start": start.date().isoformat(),
                     "date_end": pd.Timestamp(end).date().isoformat(),
                     **{k: float(v) for k, v in shares.items()}})
    book.close()
    return pd.DataFrame(rows)


def _pollbase_end(fieldwork: str, start: datetime.datetime) -> pd.Timestamp:
    """The end of PollBase fieldwork ``"5-8"``, ``"28-2"`` (into the next month) or
    ``"31/10-16/12"`` (day/month) starting on ``start``."""
    last = fieldwork.split("-")[-1]
    if "/" in last:
        day, month = map(int, last.split("/"))
        return pd.Timestamp(start.year + (month < start.month), month, day)
    day = int(last)
    if day >= start.day:
        return pd.Timestamp(start.replace(day=day))
    return (pd.Timestamp(start).replace(day=1) + pd.DateOffset(months=1)).replace(day=day)


def _firm(name: str, names: dict[str, str]) -> str:
    """A pollster name reduced for matching across sources (``"WeThink"`` = ``"We Think"``)."""
    name = re.sub(r"\s*\((?:MRP|SRP)\)|\s*/.*", "", " ".join(name.split())).strip()
    name = re.sub(r"[^a-z]", "", names.get(name, name).lower())
    return re.sub(r"(research|polls|strategy|strategies|partners|uk)$", "", name)


def crosscheck(raw: Path, primary: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Each poll of a cross-check source that the primary table gives other figures for, or does
    not have: one row per (poll, column) that differs, ``finding`` saying which.

    bs4 polls are matched on firm, sample size and the Lab, Con and Reform shares (its dates can
    carry a wrong year), then compared on end date and shares; PollBase polls (no sample size) on
    firm and fieldwork start, then compared on end date and shares.
    """
    mine = primary.assign(firm=[_firm(p, names) for p in primary["pollster"]])
    out = []
    bs4 = _bs4(raw).assign(firm=lambda f: [_firm(p, names) for p in f["pollster"]])
    out += _compare(f"{GB}/{BS4}", bs4, mine, [["firm", "sample", "Lab", "Con", "RUK"]])
    pollbase = _pollbase(raw).assign(firm=lambda f: [_firm(p, names) for p in f["pollster"]])
    covered = mine[mine["date_end"] <= pollbase["date_end"].max()]
    out += _compare(f"{GB}/{POLLBASE}", pollbase, covered,
                    [["firm", "date_start", "date_end"], ["firm", "date_end"],
                     ["firm", "date_start"]])
    return pd.DataFrame(out, columns=CROSSCHECK_COLUMNS)


def _compare(source: str, other: pd.DataFrame, mine: pd.DataFrame,
             keys: list[list[str]]) -> list[tuple]:
    """Each ``other`` poll against the primary poll found by the first of ``keys`` that finds one
    (of several, the one with the fewest different shares)."""
    mine = mine.assign(sample=mine["sample_size"].astype(float))
    index: dict[tuple, list] = {}
    for _, row in mine.iterrows():
        for number, key in enumerate(keys):
            index.setdefault((number, *(row[k] for k in key)), []).append(row)
    rows = []
    for _, poll in other.iterrows():
        found = next((index[k] for k in ((n, *(poll[c] for c in key)) for n, key in enumerate(keys))
                      if k in index), [])
        if not found:
            rows.append((source, None, poll["pollster"], poll["date_end"], "missing from primary",
                         None, None, None))
            continue
        best = min(found, key=lambda r: sum(not _same(r[c], poll[c]) for c in COMPARED))
        for column in ("date_end", *COMPARED):
            if not _same(best[column], poll[column]):
                rows.append((source, best["poll_id"], best["pollster"], best["date_end"],
                             "different figure", column, _text(best[column]), _text(poll[column])))
    return rows


def _same(a: object, b: object) -> bool:
    return (pd.isna(a) and pd.isna(b)) or a == b


def _text(value: object) -> str | None:
    return None if pd.isna(value) else (f"{value:g}" if isinstance(value, float) else str(value))
