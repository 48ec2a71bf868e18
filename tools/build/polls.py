"""Build step: Westminster voting-intention polls (``polls``) and how they were cleaned (``poll_cleaning``).

Source: AndyLawton/uk_general_election_polls, scraped from Wikipedia's "Opinion polling for the …
United Kingdom general election" pages (content CC BY-SA 4.0). ``poll_database.csv`` (1970-2024) is
the primary table; the per-cycle page scrapes (``2015.csv``, ``2017.csv``, ``2019.csv``,
``next.csv``) are matched against it poll by poll: a scrape poll missing from the database is added,
and a matched poll takes its shares from the scrape, whose "others" breakdown (e.g. "3% Plaid Cymru
on 1% Other on 2%") the database's own parser partly loses. Every rule is counted in
``poll_cleaning``; see docs/data/polls.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from tools.build.common import read_raw_csv

__all__ = ["build"]

DATABASE = "poll_database.csv"
SCRAPES = ("2015.csv", "2017.csv", "2019.csv", "next.csv")
PARTIES = ("Con", "Lab", "LD", "Green", "SNP", "PC", "UKIP", "BRX", "RUK", "ChUK", "Lib", "All", "SDP",
           "Reclaim", "Oth")
MAJORS = ("Con", "Lab", "LD", "Lib", "All")  # never polled at 0%: a 0 is a placeholder
COLUMNS = {  # source column -> party code (both the database and the scrapes use these names)
    "conservative": "Con", "labour": "Lab", "liberal_democrat": "LD", "green": "Green",
    "scottish_national_party": "SNP", "plaid_cymru": "PC", "united_kingdom_independence_party": "UKIP",
    "brexit_party": "BRX", "reform_uk": "RUK", "change_uk": "ChUK", "liberal": "Lib", "alliance": "All",
    "social_democratic_party": "SDP", "reclaim_party": "Reclaim", "others": "Oth",
}
BREAKDOWN = {  # party names in the scrapes' "others" breakdown that have their own column
    "Plaid Cymru": "PC", "UKIP": "UKIP", "UK Independence Party": "UKIP", "Reclaim": "Reclaim",
    "Reclaim Party": "Reclaim", "SDP": "SDP",
}
# Wikipedia's column order on the 2010-2015 pages, which the database-only rows come from; a merged
# "others" cell spans the columns to its left.
DATABASE_ORDER = ("Con", "Lab", "LD", "UKIP", "Green", "Oth")
POLLSTERS = {  # spelling variants and former names -> the firm's 2024 name
    "Angus Reid Public Opinion": "Angus Reid Strategies", "BMG": "BMG Research", "ComRes": "Savanta",
    "FindOutNow": "Find Out Now", "FocalData": "Focaldata", "ICM": "ICM Research", "Ipsos MORI": "Ipsos",
    "Ipsos Mori": "Ipsos", "Kantar": "Verian", "Kantar Public": "Verian",
    "Lord Ashcroft": "Lord Ashcroft Polls", "Omnisis": "We Think", "Panelbase": "Norstat",
    "People Polling": "PeoplePolling", "Redfield & Wilton": "Redfield & Wilton Strategies",
    "Savanta ComRes": "Savanta", "SavantaComRes": "Savanta", "TNS": "Verian", "TNS BMRB": "Verian",
    "TNS-BMRB": "Verian", "Techne": "Techne UK",
}
AREAS = {"GB": "GB", "UK": "UK", "Uk": "UK", "E+W": "England and Wales"}
MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
ELECTIONS = ("2015-05-07", "2017-06-08", "2019-12-12", "2024-07-04")
# A poll's shares may sum to at most 103 (rounding of up to ~8 figures); one that reports Oth must
# sum to at least 90 (a bigger shortfall means a whole column is missing, not an unlisted party).
MOST, LEAST = 103.0, 90.0
NUMBER = re.compile(r"\d+(?:\.\d+)?")
JUNK = re.compile(r"\[[^]]*\]| Archived .*? at the Wayback Machine|\(unpublished\)")
OUTPUT = ["poll_id", "date_start", "date_end", "pollster", "client", "area", "sample_size", *PARTIES]


class Log:
    """Counts of what each cleaning rule did, in the order the rules ran."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, int]] = []

    def add(self, step: str, frame: pd.DataFrame, mask: pd.Series, action: str, reason: str) -> None:
        """Record ``mask``'s rows, one line per source file (including files with none)."""
        counts = frame.loc[mask, "source_file"].value_counts()
        for source in sorted(set(frame["source_file"])):
            self.rows.append((step, source, action, reason, int(counts.get(source, 0))))

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=["step", "source_file", "action", "reason", "rows"])


def _share(text: str) -> float | None:
    """``"41%"``, ``"4.5"`` or ``"42%[a]"`` as a number; anything else (``–``, ``*``, ``<1%``) as None."""
    text = JUNK.sub("", text).strip().rstrip("%").strip()
    return float(text) if NUMBER.fullmatch(text) else None


def _others(text: str) -> dict[str, float | None]:
    """Split a scrape's others cell, e.g. ``"3% Plaid Cymru on 1%Other on 2%"``, into party columns.

    Named parties with their own column are moved there; ``Oth`` keeps the rest (the explicit
    "Other" figure plus parties without a column, or the total minus the named parties when no
    "Other" figure is given). ``"<1%"`` entries stay inside ``Oth``.
    """
    text = JUNK.sub("", re.sub(r"\.mw-parser-output.*\}", "", text)).strip()
    total = re.match(r"(\d+(?:\.\d+)?)%", text)
    if total is None:
        return {"Oth": _share(text)}
    parts = re.findall(r"([A-Za-z][A-Za-z .'-]*?)\s+on\s+(<?)(\d+(?:\.\d+)?)%", text[total.end():])
    shares: dict[str, float | None] = {}
    rest = 0.0
    for name, below, value in parts:
        code = BREAKDOWN.get(name.strip())
        if code and not below:
            shares[code] = shares.get(code, 0.0) + float(value)
        elif name.strip() not in ("Other", "Others") and not below:
            rest += float(value)
    explicit = [float(v) for n, b, v in parts if n.strip() in ("Other", "Others") and not b]
    named = sum(v for v in shares.values() if v is not None)
    shares["Oth"] = rest + explicit[0] if explicit else max(float(total.group(1)) - named, 0.0)
    return shares


def _dates(text: str, year: str) -> tuple[str | None, str]:
    """ISO start and end of ``"2–3 Jul"``, ``"28 Jun – 1 Jul"``, ``"12 Dec 2019"`` or ``"Pre-23 Apr"``."""
    text = text.replace("–", "-").strip()
    unknown_start = text.startswith("Pre-")
    parts = [p.split() for p in text.removeprefix("Pre-").split("-")]
    day, month, *explicit = parts[-1]
    end = pd.Timestamp(int(explicit[0]) if explicit else int(year), MONTHS[month[:3].lower()], int(day))
    if unknown_start or len(parts) == 1:
        return (None if unknown_start else end.date().isoformat()), end.date().isoformat()
    day, *rest = parts[0]
    start_month = MONTHS[rest[0][:3].lower()] if rest else end.month
    start_year = end.year - 1 if start_month > end.month else end.year
    return pd.Timestamp(start_year, start_month, int(day)).date().isoformat(), end.date().isoformat()


def _pollster(name: str, client: str) -> tuple[str, str]:
    """Canonical pollster (with any "(MRP)"/"(SRP)" suffix) and client from the source's cells."""
    name, client = JUNK.sub("", name).strip(), JUNK.sub("", client).strip()
    method = re.search(r"\((MRP|SRP)\)", f"{name} {client}")
    name, client = (re.sub(r"\s*\((?:MRP|SRP)\)", "", s).strip() for s in (name, client))
    if "/" in name:
        name, _, extra = name.partition("/")
        client = ", ".join(s for s in (extra.strip(), client) if s)
    name = POLLSTERS.get(name.strip(), name.strip())
    return (f"{name} ({method.group(1)})" if method else name), client


def _is_result(pollster: pd.Series) -> pd.Series:
    return pollster.str.contains("general election", case=False)


def _database(raw: Path, log: Log) -> pd.DataFrame:
    """The database in the common working layout, without election results and empty rows."""
    table = read_raw_csv(raw / DATABASE)
    frame = pd.DataFrame({
        "source_file": DATABASE, "date_start": table["date_started"], "date_end": table["date_concluded"],
        "pollster_raw": table["pollster"], "client_raw": table["client"], "area_raw": table["area"],
        "sample_raw": table["sample_size"], "order": [DATABASE_ORDER] * len(table),
    })
    for column, code in COLUMNS.items():
        frame[code] = table[column].map(_share)
    drops = [
        ("result", _is_result(frame["pollster_raw"]), "general election result row, not a poll"),
        ("pollster", frame["pollster_raw"].isin(["", "NA"]), "pollster missing"),
        ("empty", frame[list(PARTIES)].isna().all(axis=1), "no party shares"),
    ]
    for step, mask, reason in drops:
        log.add(step, frame, mask, "dropped", reason)
        frame = frame[~mask.reindex(frame.index)]
    return frame


def _scrape(raw: Path, name: str) -> tuple[pd.DataFrame, int, int]:
    """One page scrape in the working layout, plus its counts of event and result rows skipped."""
    table = read_raw_csv(raw / name)
    if "pollster_client" in table:
        table["pollster"], table["client"] = table["pollster_client"], ""
    if "area" not in table:
        table["area"] = ""
    order = tuple(COLUMNS[c] for c in table.columns if c in COLUMNS)
    events = table["conservative"].map(_share).isna()
    results = ~events & _is_result(table["pollster"])
    table = table[~events & ~results]
    dates = [_dates(text, year) for text, year in zip(table["dates"], table["year"])]
    frame = pd.DataFrame({
        "source_file": name, "date_start": [d[0] for d in dates], "date_end": [d[1] for d in dates],
        "pollster_raw": table["pollster"], "client_raw": table["client"], "area_raw": table["area"],
        "sample_raw": table["sample_size"], "order": [order] * len(table),
    })
    for column, code in COLUMNS.items():
        if column in table and code != "Oth":
            frame[code] = table[column].map(_share)
    others = pd.DataFrame(list(table["others"].map(_others)), index=table.index)
    for code in others:
        frame[code] = others[code].where(others[code].notna(), frame.get(code))
    return frame.reindex(columns=[*frame.columns[:8], *PARTIES]), int(events.sum()), int(results.sum())


def _merge(base: pd.DataFrame, scrape: pd.DataFrame, log: Log) -> pd.DataFrame:
    """Match scrape polls to ``base`` one to one; take matched polls' shares from the scrape, add the rest.

    Same poll = same pollster, end date and Con/Lab/LD shares; ties are paired in order of their
    remaining shares.
    """
    key = ["pollster", "date_end", "Con", "Lab", "LD"]
    tiebreak = list(PARTIES[3:])

    def numbered(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.sort_values([*key, *tiebreak], kind="stable")
        return frame.assign(nth=frame.groupby(key, dropna=False).cumcount())

    pairs = numbered(base.reset_index(names="base_row")).merge(
        numbered(scrape.reset_index(names="scrape_row")), on=[*key, "nth"], suffixes=("", "_s"))
    matched = scrape.index.isin(pairs["scrape_row"])
    taken = ["order", *(c for c in PARTIES if c not in key)]
    new = pairs.set_index("base_row")[[f"{c}_s" for c in taken]].set_axis(taken, axis=1)
    old = base.loc[new.index, taken[1:]]
    changed = ~((new[taken[1:]] == old) | (new[taken[1:]].isna() & old.isna())).all(axis=1)
    base = base.copy()
    base.loc[new.index, taken] = new
    name = scrape["source_file"].iloc[0]
    log.rows += [
        ("scrape", name, "kept", f"poll already in {DATABASE}", int(matched.sum())),
        ("scrape", name, "repaired", f"{DATABASE} shares replaced by the scrape's (others breakdown)",
         int(changed.sum())),
        ("scrape", name, "added", f"poll missing from {DATABASE}", int((~matched).sum())),
    ]
    return pd.concat([base, scrape[~matched]], ignore_index=True)


def _sample_size(text: str) -> tuple[int | None, str]:
    """Sample size and what was done: ``"2,076"`` and the mangled ``"2.076"`` both mean 2076."""
    text = text.strip()
    if text.isdigit():
        return int(text), "ok"
    if re.fullmatch(r"\d{1,3}[.,]\d{3}", text):
        return int(text.replace(",", "").replace(".", "")), "repaired"
    return None, "missing"


def _clean_shares(frame: pd.DataFrame, log: Log) -> pd.DataFrame:
    """Zero placeholders, merged table cells copied into several columns, and impossible totals."""
    frame = frame.copy()
    shares = frame[list(PARTIES)]
    zero = (shares[list(MAJORS)] == 0)
    log.add("zero", frame, zero.any(axis=1), "repaired", "0% for Con/Lab/LD/Lib/All set to NA (placeholder)")
    frame[list(MAJORS)] = shares[list(MAJORS)].mask(zero)

    total = frame[list(PARTIES)].sum(axis=1)
    combined = (frame["SNP"] == frame["PC"]) & (frame["PC"] >= 2) & (total > 101)
    log.add("snp_pc", frame, combined, "repaired",
            "one SNP/PC figure copied into both columns: moved to Oth")
    frame.loc[combined, "Oth"] = frame.loc[combined, "Oth"].fillna(0) + frame.loc[combined, "SNP"]
    frame.loc[combined, ["SNP", "PC"]] = None

    high = frame[list(PARTIES)].sum(axis=1) > MOST
    spans = frame[high].apply(_unspan, axis=1)
    unspanned = pd.Series(False, index=frame.index)
    unspanned[high] = spans.isna().sum(axis=1) > frame.loc[high, list(PARTIES)].isna().sum(axis=1)
    log.add("others_span", frame, unspanned, "repaired",
            "one others cell copied into the columns to its left: copies set to NA")
    frame.loc[high, list(PARTIES)] = spans

    shares = frame[list(PARTIES)]
    outside = ((shares < 0) | (shares > 100)).any(axis=1)
    log.add("range", frame, outside, "dropped", "share outside 0-100")
    total, complete = shares.sum(axis=1), shares["Oth"].notna()
    bad = ~outside & ((total > MOST) | (complete & (total < LEAST)))
    log.add("total", frame, bad, "dropped", f"shares sum above {MOST:g}, or below {LEAST:g} with Oth given")
    bad |= outside
    _guard_final_week(frame[bad])
    return frame[~bad]


def _unspan(row: pd.Series) -> pd.Series:
    """Undo a merged others cell: while the shares sum too high, blank the nearest equal cell to its left."""
    shares = row[list(PARTIES)].copy()
    order = row["order"]
    left = [c for c in reversed(order[:order.index("Oth")]) if c not in MAJORS and pd.notna(shares[c])]
    for column in left:
        if shares.sum() <= MOST or shares[column] != shares["Oth"]:
            break
        shares[column] = None
    return shares


def _guard_final_week(dropped: pd.DataFrame) -> None:
    """Backtests rely on the final week before each election being complete: never drop a poll there."""
    for day in ELECTIONS:
        week = (dropped["date_end"] >= str((pd.Timestamp(day) - pd.Timedelta(days=7)).date())) & (
            dropped["date_end"] <= day)
        if week.any():
            raise ValueError(f"cleaning would drop final-week polls before {day}:\n{dropped[week]}")


def _slug(name: str) -> str:
    """``"Redfield & Wilton Strategies"`` -> ``"redfield-and-wilton-strategies"``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", " and ")).strip("-")


def _poll_ids(frame: pd.DataFrame) -> pd.Series:
    """``{date_end}-{pollster slug}-{n}``, n counting same-day polls by one pollster in a fixed order."""
    order = ["date_end", "pollster", "date_start", "area", "sample_size", *PARTIES, "client"]
    ranked = frame.sort_values(order, kind="stable", na_position="last")
    n = ranked.groupby(["date_end", "pollster"]).cumcount() + 1
    ids = ranked["date_end"] + "-" + ranked["pollster"].map(_slug) + "-" + n.astype(str)
    return ids.reindex(frame.index)


def build(raw: Path) -> dict[str, pd.DataFrame]:
    """The ``polls`` and ``poll_cleaning`` tables from ``raw/polls``."""
    folder, log = raw / "polls", Log()
    frame = _database(folder, log)
    frame[["pollster", "client"]] = [_pollster(p, c) for p, c in zip(frame["pollster_raw"], frame["client_raw"])]
    for name in SCRAPES:
        scrape, events, results = _scrape(folder, name)
        log.rows += [("result", name, "dropped", "general election result row, not a poll", results),
                     ("event", name, "dropped", "event row (e.g. by-election), not a poll", events)]
        scrape[["pollster", "client"]] = [_pollster(p, c) for p, c in
                                          zip(scrape["pollster_raw"], scrape["client_raw"])]
        frame = _merge(frame, scrape, log)

    renamed = frame["pollster"] != frame["pollster_raw"].str.strip()
    log.add("pollster", frame, renamed, "repaired", "pollster name variant or former name normalised")
    frame["client"] = frame["client"].replace("", None)

    frame["area"] = frame["area_raw"].map(AREAS)
    log.add("area", frame, frame["area"].notna() & (frame["area"] != frame["area_raw"]), "repaired",
            "area spelling normalised (Uk -> UK, E+W -> England and Wales)")
    log.add("area", frame, frame["area"].isna(), "kept", "area not stated (pages before June 2017): NA")

    sizes = frame["sample_raw"].map(_sample_size)
    frame["sample_size"] = pd.array([s for s, _ in sizes], dtype="Int64")
    log.add("sample_size", frame, sizes.str[1] == "repaired", "repaired",
            "thousands separator or mangled decimal (2.076 -> 2076)")
    log.add("sample_size", frame, sizes.str[1] == "missing", "kept", "sample size not given: NA")

    late = frame["date_start"].notna() & (frame["date_start"] > frame["date_end"])
    log.add("dates", frame, late, "repaired", "start after end: start set to NA")
    frame.loc[late, "date_start"] = None

    frame = _clean_shares(frame, log)

    duplicate = frame.duplicated(["pollster", "date_start", "date_end", "area", *PARTIES])
    log.add("duplicate", frame, duplicate, "dropped", "same pollster, dates, area and shares as another row")
    frame = frame[~duplicate]
    log.add("output", frame, frame["source_file"].notna(), "kept", "polls in the output")

    frame = frame.assign(poll_id=_poll_ids(frame))
    polls = frame.sort_values(["date_end", "pollster", "poll_id"])[OUTPUT].reset_index(drop=True)
    polls = polls.dropna(axis=1, how="all")
    return {"polls": polls, "poll_cleaning": log.table()}
