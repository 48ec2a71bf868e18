"""The shipped tables: their schemas and how to read them from the package.

The files live in ``swingometer/data`` as gzip-compressed CSV (and HexJSON), built by
``tools/build_data.py`` from the raw public files; see ``data/SOURCES.md``.
"""

from __future__ import annotations

import gzip
import json
from importlib import resources

import pandas as pd

from swingometer.data.parsed_cache import cached_parse
from swingometer.data.schema import Column, Schema

__all__ = ["BOUNDARY_SETS", "GSS_CODES", "PCON2024_FROM", "POLL_AREAS", "POLL_PARTIES", "SCHEMAS",
           "boundary_set_on", "hexmap", "is_gss_code", "read_table"]

# Constituency GSS codes of each boundary set: prefix (E14 England, W07 Wales, S14 Scotland, N06
# and then N05 Northern Ireland) and the numbers in use. Five Scottish seats whose boundaries did
# not change in 2024 kept their 2010-set codes (Orkney and Shetland, Na h-Eileanan an Iar, ...).
GSS_CODES: dict[str, dict[str, frozenset[int]]] = {
    "pcon2010": {"E14": frozenset(range(530, 1063)), "W07": frozenset(range(41, 81)),
                 "S14": frozenset(range(1, 60)), "N06": frozenset(range(1, 19))},
    "pcon2024": {"E14": frozenset(range(1063, 1606)), "W07": frozenset(range(81, 113)),
                 "S14": frozenset({21, 27, 45, 48, 51, *range(60, 112)}),
                 "N05": frozenset(range(1, 19))},
}


def is_gss_code(code: object, boundary_set: str) -> bool:
    """Whether ``code`` is a constituency code of ``boundary_set`` (``"E14000548"``, ``"pcon2010"``)."""
    if not isinstance(code, str) or len(code) != 9 or not code[3:].isdigit():
        return False
    return int(code[3:]) in GSS_CODES.get(boundary_set, {}).get(code[:3], frozenset())


BOUNDARY_SETS = ("pcon2010", "pcon2024")
# The first election fought on the 2024 boundaries.
PCON2024_FROM = "2024-07-04"


def boundary_set_on(date: str) -> str:
    """The boundary set in force for an election on ``date`` (ISO)."""
    return "pcon2024" if date >= PCON2024_FROM else "pcon2010"

# Party share columns of the polls table, in canonical codes (All: the SDP-Liberal Alliance).
POLL_PARTIES = ("Con", "Lab", "LD", "Green", "SNP", "PC", "UKIP", "BRX", "RUK", "ChUK", "Lib",
                "All", "SDP", "Reclaim", "RB", "Oth")
# The areas a poll can cover (NA: not stated, the tables before June 2017, nearly all GB).
POLL_AREAS = ("GB", "UK", "England and Wales", "Scotland", "Wales", "London")

# An election id: Democracy Club's for a general election (parl.DATE) or a by-election
# (parl.SEAT-SLUG.by.DATE); a notional result is swingometer's own extension, the id of the
# election it re-estimates with ".notional" appended (Democracy Club has no id for one).
ELECTION_ID = r"parl\.(?:[a-z0-9]+(?:-[a-z0-9]+)*\.by\.)?\d{4}-\d{2}-\d{2}(?:\.notional)?"

_S = Column
SCHEMAS: dict[str, Schema] = {
    "elections": Schema("elections", (
        _S("election_id", pattern=ELECTION_ID),
        _S("type", pattern="general|by-election|notional"), _S("date", "date"),
        _S("boundary_set", pattern="pcon2010|pcon2024"), _S("name"),
        _S("parliament", "int", nullable=True),
    ), key=("election_id",)),
    "constituencies": Schema("constituencies", (
        _S("gss_code"), _S("boundary_set"), _S("name"), _S("nation"), _S("region"),
        _S("region_code"), _S("county", nullable=True), _S("constituency_type"),
    ), key=("gss_code", "boundary_set")),
    "aliases": Schema("aliases", (_S("gss_code"), _S("boundary_set"), _S("alias"))),
    "lineage": Schema("lineage", (
        _S("from_code"), _S("to_code"),
        *(_S(f"{side}_{kind}", "float", minimum=0, maximum=1)
          for kind in ("residential", "geographic", "population") for side in ("from", "to")),
    ), key=("from_code", "to_code")),
    "contests": Schema("contests", (
        _S("election_id"), _S("gss_code"), _S("constituency"),
        _S("electorate", "int", nullable=True, minimum=0), _S("valid_votes", "int", minimum=0),
        _S("invalid_votes", "int", nullable=True, minimum=0),
        _S("published_majority", "int", nullable=True, minimum=0), _S("result", nullable=True),
    ), key=("election_id", "gss_code")),
    "candidacies": Schema("candidacies", (
        _S("election_id"), _S("gss_code"), _S("candidate", nullable=True), _S("party_name"),
        _S("party_abbreviation"), _S("party_code"), _S("votes", "int", minimum=0),
        _S("elected", "bool"), _S("sitting_mp", "bool", nullable=True),
        _S("former_mp", "bool", nullable=True), _S("gender", nullable=True),
    )),
    "demographics": Schema("demographics", (
        _S("gss_code"), _S("boundary_set", pattern="pcon2010|pcon2024"), _S("estimated", "bool"),
        _S("population", "int", minimum=0),
        *(_S(f"{c}_pct", "float", nullable=c.endswith("qualifications") or c == "degree",
             minimum=0, maximum=100) for c in (
            "christian", "buddhist", "hindu", "jewish", "muslim", "sikh", "other_religion",
            "no_religion", "religion_not_stated", "no_qualifications", "degree", "age_0_15",
            "age_16_24", "age_25_34", "age_35_49", "age_50_64", "age_65_plus")),
        _S("adults_16_plus", "int", minimum=0),
        *(_S(f"{c}_pct", "float", minimum=0, maximum=100) for c in (
            "white", "asian", "black", "mixed", "other_ethnic", "leave")),
    ), key=("gss_code", "boundary_set")),
    "polls": Schema("polls", (
        _S("poll_id"), _S("date_start", "date", nullable=True), _S("date_end", "date"),
        _S("pollster", nullable=True), _S("client", nullable=True),
        _S("area", nullable=True, pattern="|".join(POLL_AREAS)),
        _S("sample_size", "int", nullable=True, minimum=1),
        _S("nonstandard", nullable=True, pattern="MRP|SRP|mega-poll"),
        *(_S(p, "float", nullable=True, minimum=0, maximum=100) for p in POLL_PARTIES),
    ), key=("poll_id",)),
    "national_results": Schema("national_results", (
        _S("date", "date"), _S("area", pattern="GB|UK"), _S("source_line", "int", minimum=2),
        *(_S(p, "float", nullable=True, minimum=0, maximum=100) for p in POLL_PARTIES),
    ), key=("date", "area")),
    "poll_cleaning": Schema("poll_cleaning", (
        _S("step"), _S("source_file"), _S("action"), _S("reason"), _S("rows", "int", minimum=0),
    )),
    "parties": Schema("parties", (
        _S("code"), _S("name"), _S("colour", pattern="#[0-9A-F]{6}"), _S("lineage"),
        _S("nations", nullable=True),
    ), key=("code",)),
}


def _open(file_name: str):
    return resources.files("swingometer").joinpath("data", file_name).open("rb")


def read_table(name: str) -> pd.DataFrame:
    """A shipped table as a DataFrame, typed by its schema where it has one (parsed once per
    installed version; see :mod:`swingometer.data.parsed_cache`)."""
    dtypes = SCHEMAS[name].dtypes() if name in SCHEMAS else None
    with _open(f"{name}.csv.gz") as handle:
        raw = handle.read()
    return cached_parse(name, raw, dtypes, lambda data: pd.read_csv(
        data, compression="gzip", keep_default_na=False, na_values=[""], dtype=dtypes))


def hexmap(boundary_set: str) -> dict:
    """The shipped HexJSON layout of a boundary set, keyed by the results' GSS codes."""
    with _open(f"hexmap_{boundary_set}.json.gz") as handle:
        return json.loads(gzip.decompress(handle.read()).decode("utf-8"))
