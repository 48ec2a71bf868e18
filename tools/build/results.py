"""Build step: elections, constituencies, aliases, lineage, contests and candidacies.

Sources (see ``src/swingometer/data/SOURCES.md``): the House of Commons Library results files from
``ukparliament/psephology`` (general elections 2010-2024, by-elections 2011-2026, the Rallings &
Thrasher notional 2019 results on the 2024 boundaries, and the notional 2005 results on the 2010
boundaries) and its boundary overlap file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from swingometer.data import hoc
from swingometer.data.count import most_votes
from swingometer.data.hoc import CANDIDATE_COLUMNS, read_rows, rows_frame
from swingometer.data.parties import SPEAKER_NAMES, canonical_party
from tools.build.common import read_raw_csv

__all__ = ["build"]

GENERAL_ELECTIONS = {
    "ge2010": ("parl.2010-05-06", "2010-05-06", 55),
    "ge2015": ("parl.2015-05-07", "2015-05-07", 56),
    "ge2017": ("parl.2017-06-08", "2017-06-08", 57),
    "ge2019": ("parl.2019-12-12", "2019-12-12", 58),
    "ge2024": ("parl.2024-07-04", "2024-07-04", 59),
}
NOTIONAL_ID = "parl.2019-12-12.notional"
NOTIONAL_2005_ID = "parl.2005-05-05.notional"

CONTEST_COLUMNS = [
    "gss_code", "region_code", "constituency", "county", "region", "nation", "constituency_type",
    "declaration_time", "member_first_name", "member_surname", "member_gender", "result",
    "first_party", "second_party", "electorate", "valid_votes", "invalid_votes", "majority",
]
NOTIONAL_COLUMNS = [
    "bc_name", "pa_name", "gss_code", "pa_number", "region_abbreviation", "nation",
    "constituency_type", "turnout_pct", "electorate", "valid_votes", "majority", "vote_code",
    "votes", "party_abbreviation", "party_name", "mnis_party_id",
]
OVERLAP_COLUMNS = [
    "key", "from_code", "from_name", "to_code", "to_name", "from_residential", "to_residential",
    "from_geographic", "to_geographic", "from_population", "to_population",
]

# Notional-file vote codes (without the trailing "V") whose canonical code differs.
NOTIONAL_CODES = {
    "CON": "Con", "LAB": "Lab", "GRN": "Green", "BRX": "BRX", "YRKS": "Yrks", "MRLP": "MRLP",
    "LIB": "Lib", "AONT": "AONT", "PBP": "PBPA", "LBT": "LPUK", "TIG": "IGC", "ADV": "Adv",
    "REN": "Ren", "JAC": "JACP", "GWLD": "Gwld", "YESH": "Yesh", "SOC": "SPGB", "COML": "Comm L",
    "ASH": "Ash", "SNAV": "SNav", "SLP": "SL", "SHRP": "Shrp", "CMEP": "Elvis", "PATR": "Patr",
    "RBD": "RBD", "LUTN": "BfL", "MTHR": "Mthr", "CPA": "CPA", "LNIN": "LNIN", "INET": "INet",
}


def _iso(date: str) -> str:
    day, month, year = date.split("/")
    return f"{year}-{month}-{day}"


def _read_hoc(path: Path, columns: list[str]) -> pd.DataFrame:
    """Read a HoC results file with or without header, naming its leading columns ``columns``.

    By-election files carry an election date (and a writ date) before the general-election layout;
    those keep their header names in snake case, as do trailing columns (party votes, ids). The
    rows come from the importer's reader (``swingometer.data.hoc``), so both read a file alike.
    """
    rows, _ = read_rows(path, "a House of Commons Library results file")
    first = rows[0]
    if first[0].strip() in {"ONS ID", "Election date", "By-election date"}:
        frame = rows_frame(path, rows[1:], first, 2)
        lead = [c for c in frame.columns if c in {"Election date", "By-election date", "Writ date"}]
        body = [c for c in frame.columns if c not in lead]
        frame = frame[lead + body]
        frame.columns = ([_snake(c) for c in lead] + columns
                         + [_snake(c) for c in body[len(columns):]])
        return frame
    frame = rows_frame(path, rows, [f"column_{i}" for i in range(len(first))], 1)
    frame.columns = columns + list(frame.columns[len(columns):])
    return frame


def _snake(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def _candidate_name(first: str, surname: str) -> str:
    return " ".join(part for part in (first.strip(), surname.strip()) if part)


def _candidacies(frame: pd.DataFrame, election_ids: pd.Series) -> pd.DataFrame:
    out = pd.DataFrame({
        "election_id": election_ids.to_numpy(),
        "gss_code": frame["gss_code"].str.strip().to_numpy(),
        "candidate": [_candidate_name(f, s) for f, s in zip(frame["first_name"], frame["surname"])],
        "party_name": frame["party_name"].str.strip().to_numpy(),
        "party_abbreviation": frame["party_abbreviation"].str.strip().to_numpy(),
        "party_code": [canonical_party(a.strip(), n.strip()) for a, n in
                       zip(frame["party_abbreviation"], frame["party_name"])],
        "votes": frame["votes"].astype(int).to_numpy(),
        "sitting_mp": (frame["sitting_mp"].str.strip() == "Yes").to_numpy(),
        "former_mp": (frame["former_mp"].str.strip() == "Yes").to_numpy(),
        "gender": frame["gender"].str.strip().str[:1].replace("", pd.NA).to_numpy(),
    })
    return out


def _contests(frame: pd.DataFrame, election_ids: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({
        "election_id": election_ids.to_numpy(),
        "gss_code": frame["gss_code"].str.strip().to_numpy(),
        "constituency": frame["constituency"].str.strip().to_numpy(),
        "electorate": frame["electorate"].astype(int).to_numpy(),
        "valid_votes": frame["valid_votes"].astype(int).to_numpy(),
        "invalid_votes": pd.array(
            [int(v) if v.strip().isdigit() else pd.NA for v in frame["invalid_votes"]], dtype="Int64"),
        "published_majority": frame["majority"].astype(int).to_numpy(),
        "result": frame["result"].str.strip().to_numpy(),
        "member": [_candidate_name(f, s) for f, s in
                   zip(frame["member_first_name"], frame["member_surname"])],
    })


def _mark_elected(candidacies: pd.DataFrame, contests: pd.DataFrame) -> pd.Series:
    """The elected candidate: the most votes, as an import decides (``data.count.most_votes``),
    checked to be the one member the constituency file names."""
    elected = most_votes(candidacies)
    member = contests.set_index(["election_id", "gss_code"])["member"]
    keys = pd.MultiIndex.from_frame(candidacies[["election_id", "gss_code"]])
    named = candidacies["candidate"].to_numpy() == member.reindex(keys).to_numpy()
    agree = pd.Series(elected.to_numpy() & named).groupby(
        [candidacies["election_id"].to_numpy(), candidacies["gss_code"].to_numpy()]).sum()
    winners = elected.groupby([candidacies["election_id"], candidacies["gss_code"]]).sum()
    bad = agree.index[(agree.to_numpy() != 1) | (winners.reindex(agree.index).to_numpy() != 1)]
    if len(bad):
        raise ValueError(f"elected member not identified uniquely in {bad.tolist()[:5]}")
    return elected


# In the 2010 by-candidate file the Ulster Conservatives and Unionists - New Force (UCUNF) candidates
# are "Independent"; the by-constituency file counts their votes in its UUP column (the 11th party
# column, after the 18 leading ones). A Northern Irish "Independent" whose votes equal that column is
# the UCUNF candidate.
UCUNF_COLUMN = f"column_{len(CONTEST_COLUMNS) + 10}"


# The party columns of the by-constituency files, after their 18 leading columns. By-election files
# and 2024's name them in a header; the 2010-2019 general-election files have none, and these are
# their columns (every seat then agrees with its candidates, which confirms the order).
PARTY_COLUMNS = {folder: ["con", "lab", "ld", fourth, "green", "snp", "pc", "dup", "sf", "sdlp",
                          "uup", "apni"]
                 for folder, fourth in (("ge2010", "ukip"), ("ge2015", "ukip"), ("ge2017", "ukip"),
                                        ("ge2019", "brx"))}
# the candidates' party abbreviations that each party column counts (else its own name)
COLUMN_PARTIES = {"uup": {"uup", "ucunf"}}
# Where a by-constituency file's party column disagrees with its candidate rows: (folder, seat,
# column) -> (the column's votes, the candidate rows'). The candidate rows are shipped (they are
# what the seat's winner, shares and validation use); the build fails on any other disagreement,
# and on these if the files change.
PARTY_COLUMN_EXCEPTIONS = {
    ("parliament-55", "Newark", "sdlp"): (1891, 0),
    ("parliament-56", "Sheffield, Brightside and Hillsborough", "lab"): (14087, 14987),
    ("parliament-59", "Clacton", "ruk"): (22379, 22239),
}


def _check_party_columns(folder: str, cands: pd.DataFrame, seats: pd.DataFrame) -> None:
    """Each party column of the by-constituency file equals the votes of that party's candidates
    in the seat, except the recorded exceptions (which must still be as recorded)."""
    order = list(seats.columns)
    lead = order.index("majority") + 1
    names = PARTY_COLUMNS.get(folder) or order[lead:order.index("all_other_candidates")]
    columns = seats.iloc[:, lead:lead + len(names)].set_axis(names, axis=1)
    when = ["by_election_date"] if "by_election_date" in seats else []
    keys = pd.MultiIndex.from_arrays([seats["gss_code"].str.strip()]
                                     + [seats[c] for c in when])
    abbreviations = cands["party_abbreviation"].str.strip().str.lower()
    cand_keys = [cands["gss_code"].str.strip()] + ([cands["election_date"]] if when else [])
    found = {}
    for column in names:
        counted = abbreviations.isin(COLUMN_PARTIES.get(column, {column}))
        votes = (cands["votes"].astype(int).where(counted, 0).groupby(cand_keys).sum()
                 .reindex(keys, fill_value=0).to_numpy())
        given = pd.to_numeric(columns[column].str.strip().replace("", "0")).to_numpy()
        for seat, want, got in zip(seats["constituency"].str.strip(), given, votes):
            if want != got:
                found[(folder, seat, column)] = (int(want), int(got))
    expected = {k: v for k, v in PARTY_COLUMN_EXCEPTIONS.items() if k[0] == folder}
    if found != expected:
        raise ValueError(f"{folder}: party columns disagree with the candidates' votes: {found} "
                         f"(recorded: {expected})")


def _recode_ucunf(cands: pd.DataFrame, seats: pd.DataFrame) -> pd.DataFrame:
    uup = seats.set_index("gss_code")[UCUNF_COLUMN].astype(int)
    votes = cands["votes"].astype(int)
    ucunf = ((cands["nation"] == "Northern Ireland") & (cands["party_abbreviation"] == "Ind")
             & (votes == cands["gss_code"].map(uup)) & (votes > 0)).to_numpy()
    if ucunf.sum() != (uup > 0).sum():
        raise ValueError(f"found {ucunf.sum()} UCUNF candidates for {(uup > 0).sum()} seats")
    cands = cands.copy()
    cands.loc[ucunf, "party_name"] = "Ulster Conservatives and Unionists - New Force"
    cands.loc[ucunf, "party_abbreviation"] = "UCUNF"
    return cands


def _general(raw: Path) -> tuple[list[dict], list[pd.DataFrame], list[pd.DataFrame], pd.DataFrame]:
    elections, candidacies, contests, places = [], [], [], []
    for folder, (election_id, date, parliament) in GENERAL_ELECTIONS.items():
        boundary = "pcon2024" if date >= "2024" else "pcon2010"
        elections.append({"election_id": election_id, "type": "general", "date": date,
                          "boundary_set": boundary, "name": f"{date[:4]} general election",
                          "parliament": parliament})
        cands = _read_hoc(raw / folder / "candidacies.csv", CANDIDATE_COLUMNS)
        seats = _read_hoc(raw / folder / "constituencies.csv", CONTEST_COLUMNS)
        if folder == "ge2010":
            cands = _recode_ucunf(cands, seats)
        _check_party_columns(folder, cands, seats)
        ids = pd.Series([election_id] * len(cands))
        candidacies.append(_candidacies(cands, ids))
        contests.append(_contests(seats, pd.Series([election_id] * len(seats))))
        places.append(seats.assign(boundary_set=boundary, year=date))
    return elections, candidacies, contests, pd.concat(places, ignore_index=True)


def _by_elections(raw: Path) -> tuple[list[dict], list[pd.DataFrame], list[pd.DataFrame], pd.DataFrame]:
    elections, candidacies, contests, places = [], [], [], []
    for folder in sorted((raw / "byelections").iterdir()):
        parliament = int(folder.name.split("-")[1])
        boundary = "pcon2024" if parliament >= 59 else "pcon2010"
        cands = _read_hoc(folder / "candidacies.csv", CANDIDATE_COLUMNS)
        seats = _read_hoc(folder / "constituencies.csv", CONTEST_COLUMNS)
        seats["date"] = seats["by_election_date"].map(_iso)
        seats["election_id"] = [hoc.election_id("by-election", n, d) for n, d in
                                zip(seats["constituency"], seats["date"])]
        _check_party_columns(folder.name, cands, seats)
        cands["date"] = cands["election_date"].map(_iso)
        key = seats.set_index(["gss_code", "date"])["election_id"]
        cand_ids = key.reindex(pd.MultiIndex.from_frame(cands[["gss_code", "date"]]))
        if cand_ids.isna().any():
            raise ValueError(f"{folder}: candidacies without a matching by-election")
        for _, row in seats.iterrows():
            elections.append({"election_id": row["election_id"], "type": "by-election",
                              "date": row["date"], "boundary_set": boundary,
                              "name": f"{row['constituency'].strip()} by-election",
                              "parliament": parliament})
        candidacies.append(_candidacies(cands, pd.Series(cand_ids.to_numpy())))
        contests.append(_contests(seats, seats["election_id"]))
        places.append(seats.assign(boundary_set=boundary, year=seats["date"]))
    return elections, candidacies, contests, pd.concat(places, ignore_index=True)


def _notional_party(vote_code: str, abbreviation: str, name: str) -> str:
    if name in SPEAKER_NAMES:
        return "Spk"
    code = vote_code[:-1] if vote_code.endswith("V") else vote_code
    if re.fullmatch(r"IND\d", code):
        return "Ind"
    if code in NOTIONAL_CODES:
        return NOTIONAL_CODES[code]
    if abbreviation in {"LD", "SNP", "PC", "UKIP", "UUP", "DUP", "APNI", "SDLP", "SF"}:
        return abbreviation
    return code


def _notional_tables(election_id: str, rows: pd.DataFrame,
                     seats: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A notional result's candidacies (one row per party per seat: ``gss_code``,
    ``party_name``, ``party_abbreviation``, ``party_code``, ``votes``) and contests (one per
    seat: ``gss_code``, ``constituency``, ``electorate``, ``valid_votes``, ``majority`` or NA)."""
    candidacies = pd.DataFrame({
        "election_id": election_id,
        "gss_code": rows["gss_code"],
        "candidate": pd.NA,
        "party_name": rows["party_name"],
        "party_abbreviation": rows["party_abbreviation"],
        "party_code": rows["party_code"],
        "votes": rows["votes"].astype(int),
        "sitting_mp": pd.NA,
        "former_mp": pd.NA,
        "gender": pd.NA,
    })
    contests = pd.DataFrame({
        "election_id": election_id,
        "gss_code": seats["gss_code"].to_numpy(),
        "constituency": seats["constituency"].to_numpy(),
        "electorate": seats["electorate"].astype(int).to_numpy(),
        "valid_votes": seats["valid_votes"].astype(int).to_numpy(),
        "invalid_votes": pd.array([pd.NA] * len(seats), dtype="Int64"),
        "published_majority": pd.array(seats["majority"].tolist(), dtype="Int64"),
        "result": pd.NA,
        "member": pd.NA,
    })
    return candidacies, contests


def _notional(raw: Path) -> tuple[dict, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    frame = read_raw_csv(raw / "notional2019" / "results.csv", names=NOTIONAL_COLUMNS)
    frame = frame[~frame["vote_code"].isin(["TOTOTHV", "MAXOTHV"])].reset_index(drop=True)
    rows = pd.DataFrame({
        "gss_code": frame["gss_code"],
        "party_name": frame["party_name"].replace("NA", "Independent"),
        "party_abbreviation": frame["party_abbreviation"].replace("NA", "Independent"),
        "party_code": [_notional_party(c, a, n) for c, a, n in
                       zip(frame["vote_code"], frame["party_abbreviation"], frame["party_name"])],
        "votes": frame["votes"],
    })
    seats = frame.drop_duplicates("gss_code").rename(columns={"bc_name": "constituency"})
    seats["majority"] = seats["majority"].astype(int)
    candidacies, contests = _notional_tables(NOTIONAL_ID, rows, seats)
    election = {"election_id": NOTIONAL_ID, "type": "notional", "date": "2019-12-12",
                "boundary_set": "pcon2024",
                "name": "2019 general election, notional result on the 2024 boundaries "
                        "(Rallings & Thrasher)", "parliament": 58}
    aliases = pd.concat([
        pd.DataFrame({"gss_code": seats["gss_code"], "alias": seats["constituency"]}),
        pd.DataFrame({"gss_code": seats["gss_code"], "alias": seats["pa_name"]}),
    ])
    return election, candidacies, contests, aliases


def _notional_2005(raw: Path) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """The notional 2005 result on the 2010 boundaries: one row per party per seat, the parties
    the file does not name pooled in one row of others (``Oth``)."""
    frame = read_raw_csv(raw / "notional2005" / "results.csv")
    others = frame["mnis_party_abbrev"] == "NA"
    name = frame["mnis_party_name"].where(~others, "Others")
    abbreviation = frame["mnis_party_abbrev"].where(~others, "Oth")
    rows = pd.DataFrame({
        "gss_code": frame["constituency_id"],
        "party_name": name,
        "party_abbreviation": abbreviation,
        "party_code": [canonical_party(a, n) for a, n in zip(abbreviation, name)],
        "votes": frame["votes"],
    })
    seats = frame.drop_duplicates("constituency_id").rename(columns={
        "constituency_id": "gss_code", "constituency_name": "constituency",
        "total_votes": "valid_votes"}).assign(majority=pd.NA)  # none published
    candidacies, contests = _notional_tables(NOTIONAL_2005_ID, rows, seats)
    election = {"election_id": NOTIONAL_2005_ID, "type": "notional", "date": "2005-05-05",
                "boundary_set": "pcon2010",
                "name": "2005 general election, notional result on the 2010 boundaries",
                "parliament": 54}
    return election, candidacies, contests


# The five Scottish seats whose code changed between the 2024 notional files and the results.
SCOTTISH_RECODES = {
    "S14000006": "S14000107", "S14000008": "S14000108", "S14000010": "S14000109",
    "S14000040": "S14000110", "S14000058": "S14000111",
}


def _official_names(raw: Path) -> dict[tuple[str, str], str]:
    """Parliament's own spelling of each seat's name ("City of Durham", not "City Of Durham")."""
    table = read_raw_csv(raw / "boundaries" / "1997-2024.csv")
    table = table[table["ONSCode"].str.strip() != ""]
    names = {}
    for code, name, end in zip(table["ONSCode"], table["Name"], table["EndDate"]):
        if end.startswith("30/05/2024"):
            names[(code.strip(), "pcon2010")] = name.strip()
        if not end.strip():
            names[(code.strip(), "pcon2024")] = name.strip()
    return names


def _constituencies(places: pd.DataFrame, raw: Path) -> pd.DataFrame:
    """One row per seat: Parliament's name for it, and the nation, region and county of its latest
    contest."""
    latest = places.sort_values("year").drop_duplicates(["gss_code", "boundary_set"], keep="last")
    official = _official_names(raw)
    return pd.DataFrame({
        "gss_code": latest["gss_code"].str.strip(),
        "boundary_set": latest["boundary_set"],
        "name": [official.get((c.strip(), b), n.strip()) for c, b, n in
                 zip(latest["gss_code"], latest["boundary_set"], latest["constituency"])],
        "nation": latest["nation"].str.strip(),
        "region": latest["region"].str.strip(),
        "region_code": latest["region_code"].str.strip(),
        "county": latest["county"].str.strip().replace("", pd.NA),
        "constituency_type": latest["constituency_type"].str.strip(),
    }).sort_values(["boundary_set", "gss_code"]).reset_index(drop=True)


def _aliases(places: pd.DataFrame, notional: pd.DataFrame, raw: Path,
             constituencies: pd.DataFrame) -> pd.DataFrame:
    frames = [places[["gss_code", "boundary_set", "constituency"]].rename(
        columns={"constituency": "alias"})]
    frames.append(notional.assign(boundary_set="pcon2024"))
    new = read_raw_csv(raw / "boundaries" / "new-constituencies.csv",
                       names=["name", "c1", "region", "name2", "name3", "type", "c6", "gss_code"])
    for column in ("name", "name2", "name3"):
        frames.append(pd.DataFrame({"gss_code": new["gss_code"], "boundary_set": "pcon2024",
                                    "alias": new[column]}))
    history = read_raw_csv(raw / "boundaries" / "1997-2024.csv")
    history = history[history["ONSCode"].str.strip() != ""]
    old = history[history["StartDate"].str.contains("2010")]
    frames.append(pd.DataFrame({"gss_code": old["ONSCode"], "boundary_set": "pcon2010",
                                "alias": old["Name"]}))
    frames.append(constituencies[["gss_code", "boundary_set", "name"]].rename(
        columns={"name": "alias"}))
    aliases = pd.concat(frames, ignore_index=True)
    aliases["gss_code"] = aliases["gss_code"].str.strip().replace(SCOTTISH_RECODES)
    aliases["alias"] = aliases["alias"].map(lambda s: " ".join(str(s).split()))
    aliases = pd.concat([aliases, _alias_forms(aliases)], ignore_index=True)
    aliases = aliases[aliases["alias"] != ""]
    known = set(zip(constituencies["gss_code"], constituencies["boundary_set"]))
    aliases = aliases[[k in known for k in zip(aliases["gss_code"], aliases["boundary_set"])]]
    names = constituencies.set_index(["gss_code", "boundary_set"])["name"]
    official = names.reindex(pd.MultiIndex.from_frame(aliases[["gss_code", "boundary_set"]]))
    aliases = aliases[aliases["alias"].to_numpy() != official.to_numpy()]
    aliases = aliases.drop_duplicates().sort_values(["boundary_set", "gss_code", "alias"])
    return aliases.reset_index(drop=True)[["gss_code", "boundary_set", "alias"]]


_COMPASS = r"(North East|North West|South East|South West|North|South|East|West|Mid|Central)"
# Names people use that no source file gives.
EXTRA_ALIASES = [("S14000027", "Western Isles"), ("S14000027", "Na h-Eileanan an Iar")]


def _alias_forms(aliases: pd.DataFrame) -> pd.DataFrame:
    """The other ways of writing a name: "Durham, City of" and "City of Durham", "North Durham" and
    "Durham North", "Kingston upon Hull East" and "Hull East"."""
    rows = []
    for code, boundary, name in zip(aliases["gss_code"], aliases["boundary_set"],
                                    aliases["alias"]):
        forms = set()
        if match := re.fullmatch(r"City of (.+)", name):
            forms |= {f"{match[1]}, City of", f"{match[1]} City"}
        if match := re.fullmatch(r"(.+), City of", name):
            forms.add(f"City of {match[1]}")
        if match := re.fullmatch(_COMPASS + r" (.+)", name):
            forms |= {f"{match[2]} {match[1]}", f"{match[2]}, {match[1]}"}
        if match := re.fullmatch(r"(.+?),? " + _COMPASS, name):
            forms.add(f"{match[2]} {match[1]}")
        if "Kingston upon Hull" in name:
            forms.add(name.replace("Kingston upon Hull", "Hull"))
        rows += [(code, boundary, form) for form in forms]
    for code, alias in EXTRA_ALIASES:
        rows += [(code, b, alias) for b in ("pcon2010", "pcon2024")]
    return pd.DataFrame(rows, columns=["gss_code", "boundary_set", "alias"])


def _lineage(raw: Path) -> pd.DataFrame:
    frame = read_raw_csv(raw / "boundaries" / "constituency-area-overlaps.csv", names=OVERLAP_COLUMNS)
    out = frame.drop(columns=["key", "from_name", "to_name"])
    out["to_code"] = out["to_code"].replace(SCOTTISH_RECODES)
    for column in OVERLAP_COLUMNS[5:]:
        out[column] = out[column].astype(float).round(6)
    return out.sort_values(["from_code", "to_code"]).reset_index(drop=True)


def build(raw: Path) -> dict[str, pd.DataFrame]:
    """Build the results tables from the raw HoC files."""
    ge_elections, ge_cands, ge_contests, ge_places = _general(raw)
    by_elections, by_cands, by_contests, by_places = _by_elections(raw)
    notional_election, notional_cands, notional_contests, notional_aliases = _notional(raw)
    old_election, old_cands, old_contests = _notional_2005(raw)

    real_cands = pd.concat(ge_cands + by_cands, ignore_index=True)
    real_contests = pd.concat(ge_contests + by_contests, ignore_index=True)
    real_cands["elected"] = _mark_elected(real_cands, real_contests)
    notional_cands["gss_code"] = notional_cands["gss_code"].replace(SCOTTISH_RECODES)
    notional_contests["gss_code"] = notional_contests["gss_code"].replace(SCOTTISH_RECODES)
    notional_cands = pd.concat([notional_cands, old_cands], ignore_index=True)
    notional_contests = pd.concat([notional_contests, old_contests], ignore_index=True)
    winner = notional_cands.groupby(["election_id", "gss_code"])["votes"].transform("max")
    notional_cands["elected"] = notional_cands["votes"] == winner

    elections = pd.DataFrame(ge_elections + [old_election, notional_election] + by_elections)
    elections = elections.sort_values(["date", "type", "election_id"]).reset_index(drop=True)
    order = {e: i for i, e in enumerate(elections["election_id"])}

    candidacies = pd.concat([real_cands, notional_cands], ignore_index=True)
    candidacies = candidacies.assign(_o=candidacies["election_id"].map(order)).sort_values(
        ["_o", "gss_code", "votes", "candidate"], ascending=[True, True, False, True],
        kind="mergesort").drop(columns="_o").reset_index(drop=True)
    contests = pd.concat([real_contests, notional_contests], ignore_index=True)
    contests = contests.assign(_o=contests["election_id"].map(order)).sort_values(
        ["_o", "gss_code"]).drop(columns=["_o", "member"]).reset_index(drop=True)

    places = pd.concat([ge_places, by_places], ignore_index=True)
    constituencies = _constituencies(places, raw)
    aliases = _aliases(places, notional_aliases, raw, constituencies)
    columns = ["election_id", "gss_code", "candidate", "party_name", "party_abbreviation",
               "party_code", "votes", "elected", "sitting_mp", "former_mp", "gender"]
    return {
        "elections": elections,
        "constituencies": constituencies,
        "aliases": aliases,
        "lineage": _lineage(raw),
        "contests": contests,
        "candidacies": candidacies[columns],
    }
