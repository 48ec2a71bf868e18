"""Build step: Westminster voting-intention polls (``polls``) and their cleaning log (``poll_cleaning``).

Source: AndyLawton/uk_general_election_polls, scraped from Wikipedia's "Opinion polling for the …
United Kingdom general election" pages (CC BY-SA 4.0). ``poll_database.csv`` (1970-2024) is the
primary table; its general election result rows (1970-2019, GB or UK shares) become ``national_results``. The raw page scrapes it was built from for 2013-2024 (``2015.csv``, ``2017.csv``,
``2019.csv``, ``next.csv``) are matched against it poll by poll: a scrape poll missing from the
database would be added, and a matched poll takes its party shares from the scrape, because the
database's parser loses parts of the "others" breakdown ("2% Plaid Cymru on 0% Workers Party of
Britain on 1% Other on 1%"). Every rule and its row count goes into ``poll_cleaning``; the rules
are described in docs/data/polls.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from tools.build import polls_recent
from tools.build.common import read_raw_csv

__all__ = ["build"]

DATABASE = "poll_database.csv"
SCRAPES = ("2015.csv", "2017.csv", "2019.csv", "next.csv")
PARTIES = ("Con", "Lab", "LD", "Green", "SNP", "PC", "UKIP", "BRX", "RUK", "ChUK", "Lib", "All", "SDP",
           "Reclaim", "RB", "Oth")
MAJORS = ("Con", "Lab", "LD", "Lib", "All")  # never polled at 0%, so a 0 there is a placeholder
COLUMNS = {  # source column -> party code (the database and the scrapes share these names)
    "conservative": "Con", "labour": "Lab", "liberal_democrat": "LD", "green": "Green",
    "scottish_national_party": "SNP", "plaid_cymru": "PC", "united_kingdom_independence_party": "UKIP",
    "brexit_party": "BRX", "reform_uk": "RUK", "change_uk": "ChUK", "liberal": "Lib", "alliance": "All",
    "social_democratic_party": "SDP", "reclaim_party": "Reclaim", "others": "Oth",
}
BREAKDOWN = {  # names in the scrapes' others breakdown that have a column; any other name counts as Oth
    "Plaid Cymru": "PC", "UKIP": "UKIP", "UK Independence Party": "UKIP", "Reclaim": "Reclaim",
    "Reclaim Party": "Reclaim", "SDP": "SDP",
}
# Column order of the 2010-2015 Wikipedia tables, where the database-only polls with merged cells
# come from (a scrape's own order is its header's).
DATABASE_ORDER = ("Con", "Lab", "LD", "UKIP", "Green", "Oth")
POLLSTERS = {  # spelling variants and former names -> the firm's name in 2024, as the database uses
    "Angus Reid Public Opinion": "Angus Reid Strategies", "BMG": "BMG Research", "ComRes": "Savanta",
    "FindOutNow": "Find Out Now", "FocalData": "Focaldata", "ICM": "ICM Research", "Ipsos MORI": "Ipsos",
    "Ipsos Mori": "Ipsos", "Kantar": "Verian", "Kantar Public": "Verian",
    "Lord Ashcroft": "Lord Ashcroft Polls", "Omnisis": "We Think", "Panelbase": "Norstat",
    "People Polling": "PeoplePolling", "Redfield & Wilton": "Redfield & Wilton Strategies",
    "Savanta ComRes": "Savanta", "SavantaComRes": "Savanta", "TNS": "Verian", "TNS BMRB": "Verian",
    "TNS-BMRB": "Verian", "Techne": "Techne UK",
}
AREAS = {"GB": "GB", "UK": "UK", "Uk": "UK", "E+W": "England and Wales", "Scotland": "Scotland",
         "Wales": "Wales", "London": "London"}
# A poll is non-standard, and kept out of averages by default, when it is a multilevel regression
# (MRP) or single-level regression (SRP) poll, or a "mega-poll": fieldwork of 14 days or more with a
# sample above 10,000 (the raw sample of an MRP, published as a plain poll).
MEGA_DAYS, MEGA_SAMPLE = 14, 10_000
NO_CLIENT = ("", "N/A", "n/a")
MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
ELECTIONS = ("2015-05-07", "2017-06-08", "2019-12-12", "2024-07-04")
# The database's general election result rows that state no area, by (date, Con, Lab): the area whose
# official shares they are (House of Commons Library, "UK Election Statistics: 1918-2023", CBP-7529,
# GB and UK vote shares; 2010-2017 also checked against the shipped results). UK shares count
# Northern Ireland's votes, so a party standing only in GB polls about 1 point less there than in GB.
RESULT_AREAS = {
    ("1970-06-18", 46.4, 43.1): "UK", ("1974-02-28", 37.9, 37.2): "UK",
    ("1974-10-10", 35.8, 39.3): "UK", ("1974-10-10", 35.8, 39.2): "UK",
    ("1979-05-03", 43.9, 36.9): "UK", ("1983-06-09", 42.4, 27.6): "UK",
    ("1987-06-11", 42.2, 30.8): "UK", ("1987-06-11", 43.3, 31.5): "GB",
    ("1992-04-09", 41.9, 34.4): "UK", ("1992-04-08", 42.8, 35.2): "GB",
    ("1997-05-01", 30.7, 43.2): "UK", ("2001-06-07", 31.7, 40.7): "UK",
    ("2001-06-07", 32.7, 42.0): "GB", ("2005-05-05", 33.2, 36.2): "GB",
    ("2010-05-06", 36.9, 29.7): "GB", ("2015-05-07", 37.8, 31.2): "GB",
    ("2017-06-08", 43.5, 41.0): "GB",
}
# The 1992 GB result row is dated 8 April; the election was on 9 April 1992.
RESULT_DATES = {"1992-04-08": "1992-04-09"}
# Shares may sum to at most 103 (rounding of up to eight figures); a poll that gives Oth must sum to
# at least 90 (a bigger shortfall means a whole column is missing, not a small unlisted party).
MOST, LEAST = 103.0, 90.0
JUNK = re.compile(r"\[[^]]*\]| Archived .*? at the Wayback Machine|\(unpublished\)")
META = ["source_file", "date_start", "date_end", "pollster_raw", "pollster", "client", "area_raw",
        "sample_raw", "order"]
OUTPUT = ["poll_id", "date_start", "date_end", "pollster", "client", "area", "sample_size", "nonstandard",
          *PARTIES]


class Log:
    """What each cleaning rule did, one row per (rule, source file), in the order the rules ran."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, int]] = []

    def add(self, step: str, frame: pd.DataFrame, mask: pd.Series, action: str, reason: str) -> None:
        """Count ``mask``'s rows for every source file in ``frame`` (zero counts included)."""
        counts = frame.loc[mask, "source_file"].value_counts()
        for source in sorted(set(frame["source_file"])):
            self.rows.append((step, source, action, reason, int(counts.get(source, 0))))

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=["step", "source_file", "action", "reason", "rows"])


def _drop(frame: pd.DataFrame, mask: pd.Series, log: Log, step: str, reason: str) -> pd.DataFrame:
    log.add(step, frame, mask, "dropped", reason)
    return frame[~mask]


def _share(text: str) -> float | None:
    """``"41%"``, ``"4.5"`` or ``"42%[a]"`` as a number; anything else (``–``, ``*``, ``<1%``): None."""
    text = JUNK.sub("", text).strip().removesuffix("%")
    return float(text) if re.fullmatch(r"\d+(?:\.\d+)?", text) else None


def _others(text: str) -> dict[str, float | None]:
    """Split a scrape's others cell, e.g. ``"3% Plaid Cymru on 1%Other on 2%"``, into party columns.

    Parties with a column move there; ``Oth`` keeps the listed parties without one plus the "Other"
    figure, or, when no "Other" figure is listed, the total minus everything listed. ``"<1%"``
    entries stay inside ``Oth``.
    """
    text = JUNK.sub("", re.sub(r"\.mw-parser-output.*\}", "", text)).strip()
    total = re.match(r"(\d+(?:\.\d+)?)%", text)
    if total is None:
        return {"Oth": None}
    parts = re.findall(r"([A-Za-z][A-Za-z .'-]*?)\s+on\s+(<?)(\d+(?:\.\d+)?)%", text[total.end():])
    shares = {"Oth": 0.0}
    for name, below, value in parts:
        if not below:
            code = BREAKDOWN.get(name.strip(), "Oth")
            shares[code] = shares.get(code, 0.0) + float(value)
    if not any(name.strip() in ("Other", "Others") for name, _, _ in parts):
        shares["Oth"] += max(float(total.group(1)) - sum(shares.values()), 0.0)
    return {code: round(value, 1) for code, value in shares.items()}


def _dates(text: str, year: str) -> tuple[str | None, str]:
    """ISO start and end of ``"2–3 Jul"``, ``"28 Jun – 1 Jul"``, ``"12 Dec 2019"``, ``"Pre-23 Apr"``."""
    text = text.replace("–", "-").strip()
    unknown_start = text.startswith("Pre-")
    parts = [p.split() for p in text.removeprefix("Pre-").split("-")]
    day, month, *explicit = parts[-1]
    end_year = int(explicit[0]) if explicit else int(year)
    end = pd.Timestamp(end_year, MONTHS[month[:3].lower()], int(day))
    if unknown_start or len(parts) == 1:
        return (None if unknown_start else end.date().isoformat()), end.date().isoformat()
    day, *rest = parts[0]
    start_month = MONTHS[rest[0][:3].lower()] if rest else end.month
    start_year = end.year - 1 if start_month > end.month else end.year
    return pd.Timestamp(start_year, start_month, int(day)).date().isoformat(), end.date().isoformat()


def _pollster(name: str, client: str) -> tuple[str, str]:
    """Canonical pollster (keeping an "(MRP)"/"(SRP)" suffix) and client from the source's cells."""
    name, client = JUNK.sub("", name).strip(), JUNK.sub("", client).strip()
    client = "" if client in NO_CLIENT else client
    method = re.search(r"\((MRP|SRP)\)", f"{name} {client}")
    name, client = (re.sub(r"\s*\((?:MRP|SRP)\)", "", s).strip() for s in (name, client))
    if "/" in name:  # "YouGov/The Times"
        name, _, extra = name.partition("/")
        client = ", ".join(s for s in (extra.strip(), client) if s)
    name = POLLSTERS.get(name.strip(), name.strip())
    return (f"{name} ({method.group(1)})" if method else name), client


def _working(columns: dict[str, object], shares: dict[str, pd.Series]) -> pd.DataFrame:
    """The common working layout: ``META`` then one column per party."""
    frame = pd.DataFrame(columns)
    names = [_pollster(p, c) for p, c in zip(frame["pollster_raw"], frame["client"])]
    frame["pollster"], frame["client"] = [n for n, _ in names], [c for _, c in names]
    for code, values in shares.items():
        frame[code] = values.to_numpy()
    return frame.reindex(columns=[*META, *PARTIES])


def _is_result(frame: pd.DataFrame) -> pd.Series:
    return frame["pollster_raw"].str.contains("general election", case=False)


def _database(raw: Path, log: Log) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The database without its election-result and empty rows, and the result rows."""
    table = read_raw_csv(raw / DATABASE)
    frame = _working(
        {"source_file": DATABASE, "date_start": table["date_started"], "date_end": table["date_concluded"],
         "pollster_raw": table["pollster"], "client": table["client"], "area_raw": table["area"],
         "sample_raw": table["sample_size"], "order": [DATABASE_ORDER] * len(table)},
        {code: table[column].map(_share) for column, code in COLUMNS.items()})
    results = frame[_is_result(frame)]
    frame = _drop(frame, _is_result(frame), log, "result",
                  "general election result row, not a poll (kept in national_results)")
    frame = _drop(frame, frame["pollster_raw"].isin(["", "NA"]), log, "no_pollster", "pollster missing")
    return _drop(frame, frame[list(PARTIES)].isna().all(axis=1), log, "no_shares", "no party shares"), results


def _national_results(results: pd.DataFrame, log: Log) -> pd.DataFrame:
    """The database's general election results: one row per election and area (GB or UK).

    A row with no area gets the one whose official figures it gives (``RESULT_AREAS``); a row dated
    the day before polling day is dated polling day (``RESULT_DATES``); of several rows for the same
    election and area the one naming the most parties is kept (then the first in the file).
    """
    frame = results.assign(source_line=results.index + 2)  # line 1 of the file is its header
    blank = frame["area_raw"].str.strip() == ""
    keys = list(zip(frame["date_end"], frame["Con"], frame["Lab"]))
    unknown = [key for key, none in zip(keys, blank) if none and key not in RESULT_AREAS]
    if unknown:
        raise ValueError(f"{DATABASE}: result rows with no area and none in RESULT_AREAS "
                         f"(date, Con, Lab): {unknown}")
    frame["area"] = [RESULT_AREAS[key] if none else AREAS.get(area.strip())
                     for key, none, area in zip(keys, blank, frame["area_raw"])]
    if not frame["area"].isin(["GB", "UK"]).all():
        raise ValueError(f"{DATABASE}: result rows must be for GB or UK (got areas "
                         f"{sorted(set(frame['area_raw']))})")
    log.add("national_results", frame, blank, "repaired",
            "result row with no area: GB or UK by the official figures it gives")
    log.add("national_results", frame, frame["date_end"].isin(RESULT_DATES), "repaired",
            "result row dated the day before polling day: dated polling day")
    frame["date"] = frame["date_end"].replace(RESULT_DATES)
    frame["named"] = frame[list(PARTIES)].notna().sum(axis=1)
    ranked = frame.sort_values(["date", "area", "named", "source_line"],
                               ascending=[True, True, False, True], kind="stable")
    repeated = ranked.duplicated(["date", "area"])
    ranked = _drop(ranked, repeated, log, "national_results",
                   "a second result row for the same election and area (naming fewer parties, or later "
                   "in the file)")
    log.add("national_results", ranked, ranked["source_file"].notna(), "kept", "rows in national_results")
    return ranked[["date", "area", "source_line", *PARTIES]].reset_index(drop=True)


def _scrape(raw: Path, name: str, log: Log) -> pd.DataFrame:
    """One page scrape without its event rows ("Rochdale by-election") and election results."""
    table = read_raw_csv(raw / name)
    pollster = table["pollster_client"] if "pollster_client" in table else table["pollster"]
    dates = [_dates(text, year) for text, year in zip(table["dates"], table["year"])]
    others = pd.DataFrame(list(table["others"].map(_others)), index=table.index)
    shares = {code: table[column].map(_share) for column, code in COLUMNS.items() if column in table}
    shares.update({code: others[code].fillna(shares.get(code, others[code])) for code in others})
    frame = _working(
        {"source_file": name, "date_start": [d[0] for d in dates], "date_end": [d[1] for d in dates],
         "pollster_raw": pollster, "client": table.get("client", ""), "area_raw": table.get("area", ""),
         "sample_raw": table["sample_size"],
         "order": [tuple(COLUMNS[c] for c in table.columns if c in COLUMNS)] * len(table)},
        shares)
    frame = _drop(frame, frame["Con"].isna(), log, "event", "event row (e.g. a by-election), not a poll")
    return _drop(frame, _is_result(frame), log, "result", "general election result row, not a poll")


def _merge(base: pd.DataFrame, scrape: pd.DataFrame, log: Log) -> pd.DataFrame:
    """Pair scrape polls with ``base`` polls one to one; matched polls take the scrape's shares.

    Same poll: same pollster, end date and Con/Lab/LD shares; several such polls are paired in the
    order of their other shares. Unmatched scrape polls are appended.
    """
    key = ["pollster", "date_end", "Con", "Lab", "LD"]
    rest = [c for c in PARTIES if c not in key]

    def numbered(frame: pd.DataFrame, row: str) -> pd.DataFrame:
        frame = frame.reset_index(names=row).sort_values([*key, *rest], kind="stable")
        return frame.assign(nth=frame.groupby(key, dropna=False).cumcount())

    pairs = numbered(base, "base_row").merge(numbered(scrape, "scrape_row"), on=[*key, "nth"],
                                             suffixes=("", "_scrape"))
    new = pairs.set_index("base_row")[[f"{c}_scrape" for c in ["order", *rest]]]
    new.columns = ["order", *rest]
    old = base.loc[new.index, rest]
    changed = ~((new[rest] == old) | (new[rest].isna() & old.isna())).all(axis=1)
    base = base.copy()
    base.loc[new.index, ["order", *rest]] = new
    matched = scrape.index.isin(pairs["scrape_row"])
    name = scrape["source_file"].iloc[0]
    log.rows += [
        ("scrape", name, "kept", f"poll already in {DATABASE}", int(matched.sum())),
        ("scrape", name, "repaired", f"{DATABASE} shares replaced by the scrape's (others breakdown)",
         int(changed.sum())),
        ("scrape", name, "added", f"poll missing from {DATABASE}", int((~matched).sum())),
    ]
    return pd.concat([base, scrape[~matched]], ignore_index=True)


def _sample_size(text: str) -> tuple[int | None, bool]:
    """Sample size, and whether it was repaired: ``"2,076"`` and the mangled ``"2.076"`` mean 2076."""
    if text.isdigit():
        return int(text), False
    if re.fullmatch(r"\d{1,3}[.,]\d{3}", text):
        return int(re.sub(r"\D", "", text)), True
    return None, False


def _unspan(row: pd.Series) -> pd.Series:
    """Undo a merged others cell: while the shares sum too high, blank the nearest copy to its left."""
    shares, order = row[list(PARTIES)].copy(), row["order"]
    for column in reversed(order[:order.index("Oth")]):
        if pd.isna(shares[column]):
            continue
        if column in MAJORS or shares.sum() <= MOST or shares[column] != shares["Oth"]:
            break
        shares[column] = None
    return shares


def _clean_shares(frame: pd.DataFrame, log: Log) -> pd.DataFrame:
    """Zero placeholders, one table cell copied into several columns, impossible totals."""
    frame = frame.copy()
    zero = frame[list(MAJORS)] == 0
    log.add("zero", frame, zero.any(axis=1), "repaired", "0% for Con/Lab/LD/Lib/All: NA (placeholder)")
    frame[list(MAJORS)] = frame[list(MAJORS)].mask(zero)

    total = frame[list(PARTIES)].sum(axis=1)
    combined = (frame["SNP"] == frame["PC"]) & (frame["PC"] >= 2) & (total > 101)
    log.add("snp_pc", frame, combined, "repaired",
            "one SNP/PC figure copied into both columns (sum > 101): moved to Oth")
    frame.loc[combined, "Oth"] = frame.loc[combined, "Oth"].fillna(0) + frame.loc[combined, "SNP"]
    frame.loc[combined, ["SNP", "PC"]] = None

    high = frame[list(PARTIES)].sum(axis=1) > MOST
    spans = frame[high].apply(_unspan, axis=1)
    unspanned = pd.Series(False, index=frame.index)
    unspanned[high] = spans.isna().sum(axis=1) > frame.loc[high, list(PARTIES)].isna().sum(axis=1)
    log.add("others_span", frame, unspanned, "repaired",
            f"others cell copied into the columns to its left (sum > {MOST:g}): copies set to NA")
    frame.loc[high, list(PARTIES)] = spans

    shares = frame[list(PARTIES)]
    outside = ((shares < 0) | (shares > 100)).any(axis=1)
    total = shares.sum(axis=1)
    wrong = ~outside & ((total > MOST) | (shares["Oth"].notna() & (total < LEAST)))
    _guard_final_week(frame[outside | wrong])
    frame = _drop(frame, outside, log, "range", "share outside 0-100")
    return _drop(frame, wrong[~outside], log, "total",
                 f"shares sum above {MOST:g}, or below {LEAST:g} when Oth is given")


def _guard_final_week(dropped: pd.DataFrame) -> None:
    """Backtests need every poll of the last week before an election: refuse to drop one."""
    for day in ELECTIONS:
        first = str((pd.Timestamp(day) - pd.Timedelta(days=7)).date())
        week = dropped[(dropped["date_end"] >= first) & (dropped["date_end"] <= day)]
        if len(week):
            raise ValueError(f"cleaning would drop final-week polls before {day}:\n{week}")


def _slug(name: str) -> str:
    """``"Redfield & Wilton Strategies"`` -> ``"redfield-and-wilton-strategies"``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", " and ")).strip("-")


def _poll_ids(frame: pd.DataFrame) -> pd.Series:
    """``{date_end}-{pollster slug}-{n}``, n numbering one pollster's same-day polls in a fixed order;
    a poll whose source names no pollster is ``{date_end}-unnamed-{area}-{n}``."""
    named = frame["pollster"].fillna("unnamed " + frame["area"].fillna(""))
    ranked = frame.assign(_named=named).sort_values(
        ["date_end", "_named", "date_start", "area", "sample_size", *PARTIES, "client"], kind="stable",
        na_position="last")
    n = ranked.groupby(["date_end", "_named"]).cumcount() + 1
    ids = ranked["date_end"] + "-" + ranked["_named"].map(_slug) + "-" + n.astype(str)
    return ids.reindex(frame.index)


def _named(frame: pd.DataFrame) -> pd.DataFrame:
    """``pollster`` and ``client`` from the raw cells (see :func:`_pollster`)."""
    names = [_pollster(p, c) for p, c in zip(frame["pollster_raw"], frame["client"])]
    return frame.assign(pollster=[n for n, _ in names], client=[c for _, c in names])


def _recent(raw: Path, log: Log) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The polls since the 2024 election and the nation polls (:mod:`tools.build.polls_recent`)."""
    gb = _named(polls_recent.gb_polls(raw, META, PARTIES))
    nations = _named(polls_recent.nation_polls(raw, META, PARTIES, log))
    frame = pd.concat([gb, nations], ignore_index=True)
    shares = frame[list(PARTIES)]
    if ((shares < 0) | (shares > 100)).any().any() or shares.isna().all(axis=1).any():
        raise ValueError(f"{polls_recent.GB} or {polls_recent.NATIONS}: a poll with a share outside "
                         f"0-100 or no shares:\n{frame[((shares < 0) | (shares > 100)).any(axis=1)]}")
    gb_total = gb[list(PARTIES)].sum(axis=1)
    if ((gb_total < 95) | (gb_total > MOST)).any():
        raise ValueError(f"{polls_recent.PRIMARY}: shares must sum to 95-{MOST:g}:\n"
                         f"{gb[(gb_total < 95) | (gb_total > MOST)]}")
    return gb, frame


def _nonstandard(frame: pd.DataFrame) -> pd.Series:
    """``MRP``, ``SRP`` or ``mega-poll`` (see ``MEGA_DAYS``), else NA."""
    method = frame["pollster"].str.extract(r"\((MRP|SRP)\)$", expand=False)
    days = (pd.to_datetime(frame["date_end"]) - pd.to_datetime(frame["date_start"])).dt.days
    mega = (days >= MEGA_DAYS) & (frame["sample_size"].astype(float) > MEGA_SAMPLE)
    return method.mask(method.isna() & mega, "mega-poll")


def build(raw: Path) -> dict[str, pd.DataFrame]:
    """The ``polls``, ``poll_cleaning`` and ``national_results`` tables from ``raw/polls``."""
    folder, log = raw / "polls", Log()
    frame, results = _database(folder, log)
    for name in SCRAPES:
        frame = _merge(frame, _scrape(folder, name, log), log)
    frame = _clean_shares(frame, log)
    gb, recent = _recent(raw, log)
    frame = pd.concat([frame, recent], ignore_index=True)
    frame["pollster_raw"] = frame["pollster_raw"].fillna("")

    log.add("pollster", frame, frame["pollster"] != frame["pollster_raw"].str.strip(), "repaired",
            "pollster name variant or former name normalised")
    frame["client"] = frame["client"].replace("", None)
    unnamed = frame["pollster"] == ""
    log.add("pollster", frame, unnamed, "kept", "pollster not recorded by the source: NA")
    frame["pollster"] = frame["pollster"].replace("", None)

    frame["area"] = frame["area_raw"].map(AREAS)
    log.add("area", frame, frame["area"].notna() & (frame["area"] != frame["area_raw"]), "repaired",
            "area spelling normalised (Uk -> UK, E+W -> England and Wales)")
    log.add("area", frame, frame["area"].isna(), "kept", "area not stated (tables before June 2017): NA")

    sizes = [_sample_size(text.strip()) for text in frame["sample_raw"]]
    frame["sample_size"] = pd.array([size for size, _ in sizes], dtype="Int64")
    repaired = pd.Series([fixed for _, fixed in sizes], index=frame.index)
    log.add("sample_size", frame, repaired, "repaired",
            "thousands separator or mangled decimal (2.076 -> 2076)")
    log.add("sample_size", frame, frame["sample_size"].isna(), "kept",
            "sample size blank or not a number (–, ?, TBC, ~2000): NA")

    late = frame["date_start"].notna() & (frame["date_start"] > frame["date_end"])
    log.add("dates", frame, late, "repaired", "start after end: start set to NA")
    frame.loc[late, "date_start"] = None

    frame = _drop(frame, frame.duplicated(["pollster", "date_start", "date_end", "area", *PARTIES]), log,
                  "duplicate", "same pollster, dates, area and shares as an earlier row")
    log.add("output", frame, frame["source_file"].notna(), "kept", "polls in the output")

    frame["nonstandard"] = _nonstandard(frame)
    for kind in ("MRP", "SRP", "mega-poll"):
        log.add("nonstandard", frame, frame["nonstandard"] == kind, "kept",
                f"{kind}: flagged nonstandard, left out of averages by default")
    frame["poll_id"] = _poll_ids(frame)
    polls = frame.sort_values(["date_end", "pollster", "poll_id"], na_position="last")[OUTPUT]
    polls = polls.reset_index(drop=True)
    national = _national_results(results, log)
    primary = polls[polls["poll_id"].isin(frame.loc[frame["source_file"] == gb["source_file"].iloc[0],
                                                    "poll_id"])]
    return {"polls": polls.dropna(axis=1, how="all"), "poll_cleaning": log.table(),
            "national_results": national,
            "poll_crosscheck": polls_recent.crosscheck(raw, primary, POLLSTERS)}
