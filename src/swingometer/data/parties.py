"""Parties: canonical codes, and lookup by code, name or common nickname.

One canonical code per party, those of the House of Commons Library: ``Lab`` includes Labour and
Co-operative candidates; the Speaker is ``Spk``; the Brexit Party (``BRX``) and Reform UK (``RUK``)
keep their own codes and share a lineage (the parties table's ``lineage`` column), so changes and
swings compare Reform UK with the Brexit Party; UKIP is its own party.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import NamedTuple

import pandas as pd

from swingometer.data.names import normalise_name
from swingometer.exceptions import PartyNotFoundError

__all__ = ["NICKNAMES", "OTHERS", "OTHER_COLOUR", "SPEAKERS", "PartyStyle", "Speaker",
           "canonical_party", "party_styles", "resolve_party", "speaker_on"]

# Ballot abbreviations (HoC) whose canonical code differs. Labour and Co-operative is already "Lab"
# in the HoC files; the 2010 Ulster Conservatives and Unionists - New Force count as the UUP.
ABBREVIATION_ALIASES = {"CLI": "Cli", "RP": "Reclaim", "UCUNF": "UUP"}
SPEAKER_NAMES = frozenset({"Speaker", "Commons Speaker", "The Speaker"})


class Speaker(NamedTuple):
    """A Speaker of the House of Commons: their seat (its name on the boundaries they held it
    on), the party they sat for before the Chair, and the day the House elected them."""

    name: str
    seat: str
    party: str
    elected: str


# The Speakers of the data's years (UK Parliament, "Speakers of the House of Commons"): the main
# parties do not stand against a Speaker seeking re-election, so a projection holds the Speaker's
# seat, and a former Speaker's seat goes back to the contest (their vote counted as their old
# party's). The results show the Speaker only at elections; the Chair changes between them.
SPEAKERS = (
    Speaker("Michael Martin", "Glasgow North East", "Lab", "2000-10-23"),
    Speaker("John Bercow", "Buckingham", "Con", "2009-06-22"),
    Speaker("Lindsay Hoyle", "Chorley", "Lab", "2019-11-04"),
)
# the models' bucket of every party not modelled on its own, and the grey of minor parties
OTHERS, OTHER_COLOUR = "Oth", "#B3B3B3"

NICKNAMES = {
    "labour": "Lab", "lab co op": "Lab", "conservatives": "Con", "conservative": "Con",
    "tory": "Con", "tories": "Con", "lib dem": "LD", "lib dems": "LD", "libdem": "LD",
    "liberal democrats": "LD", "liberal democrat": "LD", "reform": "RUK", "reform uk": "RUK",
    "brexit": "BRX", "brexit party": "BRX", "green": "Green", "greens": "Green",
    "green party": "Green", "plaid": "PC", "plaid cymru": "PC", "snp": "SNP",
    "independent": "Ind", "independents": "Ind", "speaker": "Spk", "workers party": "WPB",
    "sinn fein": "SF", "alliance": "APNI", "ref": "RUK", "grn": "Green", "lib": "LD",
}


def speaker_on(day: str | None) -> Speaker:
    """The Speaker in the Chair the day before ``day`` (``None``: the latest), so that on a
    polling day it is the Speaker at dissolution.

    >>> speaker_on("2019-12-12").name, speaker_on("2017-06-08").name
    ('Lindsay Hoyle', 'John Bercow')
    """
    earlier = [s for s in SPEAKERS if day is None or s.elected < str(day)]
    return earlier[-1] if earlier else SPEAKERS[0]


def canonical_party(abbreviation: str, party_name: str = "") -> str:
    """The canonical code for a HoC ballot abbreviation and party name.

    >>> canonical_party("Lab", "Labour and Co-operative"), canonical_party("", "Speaker")
    ('Lab', 'Spk')
    """
    if party_name.strip() in SPEAKER_NAMES or abbreviation == "Spk":
        return "Spk"
    abbreviation = abbreviation.strip()
    return ABBREVIATION_ALIASES.get(abbreviation, abbreviation)


def resolve_party(parties: pd.DataFrame, query: str) -> str:
    """The canonical code for ``query``: a code (any case), a party name or a common nickname.

    >>> import swingometer
    >>> swingometer.Dataset().party("reform")
    'RUK'
    """
    text = query.strip()
    codes = {c.lower(): c for c in parties["code"]}
    if text.lower() in codes:
        return codes[text.lower()]
    name = normalise_name(text)
    if name in NICKNAMES:
        return NICKNAMES[name]
    names = {normalise_name(n): c for c, n in zip(parties["code"], parties["name"])}
    if name in names:
        return names[name]
    close = difflib.get_close_matches(name, list(names) + list(NICKNAMES), n=5, cutoff=0.6)
    suggestions = [f"{NICKNAMES.get(c) or names[c]}" for c in close]
    raise PartyNotFoundError(query, list(dict.fromkeys(suggestions)),
                             context="; party codes are those of the House of Commons Library "
                                     "(Con, Lab, LD, SNP, PC, Green, RUK, ...)")


class PartyStyle(NamedTuple):
    """How a party is shown on maps and charts: its name and its conventional colour."""

    name: str
    colour: str


def party_styles(parties: pd.DataFrame, codes: Iterable[str]) -> dict[str, PartyStyle]:
    """Each code's name and colour from the parties table: ``Oth`` is "Others", and a code the
    table lacks (or a party with no colour) takes the grey of minor parties.

    >>> import swingometer
    >>> styles = party_styles(swingometer.Dataset().parties, ["Lab", "Oth", "XYZ"])
    >>> styles["Lab"]
    PartyStyle(name='Labour', colour='#E4003B')
    >>> [tuple(styles[code]) for code in ("Oth", "XYZ")]
    [('Others', '#B3B3B3'), ('XYZ', '#B3B3B3')]
    """
    names = dict(zip(parties["code"], parties["name"]))
    colours = dict(zip(parties["code"], parties["colour"]))
    styles = {}
    for code in codes:
        colour = colours.get(code)
        styles[code] = PartyStyle("Others" if code == OTHERS else str(names.get(code, code)),
                                  colour if isinstance(colour, str) and colour else OTHER_COLOUR)
    return styles
