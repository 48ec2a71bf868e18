"""Elections: identity (Democracy Club ids), lookup by id, year or date, and comparison baselines.

Ids follow Democracy Club: ``parl.2019-12-12`` for a general election,
``parl.batley-and-spen.by.2021-07-01`` for a by-election; Democracy Club's validator
(``uk-election-ids``) accepts every one. A notional result is its own election: Rallings &
Thrasher's 2019 result on the 2024 boundaries, ``parl.2019-12-12.notional``, and the 2005 result on
the 2010 boundaries, ``parl.2005-05-05.notional``. Democracy Club has no id for a notional result,
so these are swingometer's own extension: the id of the election re-estimated, with
``.notional`` appended. :attr:`Election.democracy_club_id` gives that election's own id, for
joining with tools that accept Democracy Club ids only.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pandas as pd

from swingometer.exceptions import AmbiguousError, AnalysisError, ElectionNotFoundError

__all__ = ["Election", "baseline_of", "democracy_club_id", "election_label", "election_table",
           "notional_credit", "notional_credits", "resolve_election", "resolve_general"]

# who made each shipped notional result (credited on maps and charts)
NOTIONAL_AUTHORS = {"parl.2019-12-12.notional": "Rallings & Thrasher",
                    "parl.2005-05-05.notional": "House of Commons Library"}
_NOTIONAL_NAMES = {"notional": "parl.2019-12-12.notional",
                   **{f"{form}": f"parl.{year}.notional" for year in ("2019-12-12", "2005-05-05")
                      for form in (f"notional{year[:4]}", f"{year[:4]}-notional", f"{year[:4]}n")}}
_YEAR = re.compile(r"^\d{4}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Election:
    """One election: id, type (``general``, ``by-election``, ``notional``), date, boundary set."""

    election_id: str
    type: str
    date: str
    boundary_set: str
    name: str

    @classmethod
    def from_row(cls, row: pd.Series) -> Election:
        return cls(str(row["election_id"]), str(row["type"]), str(row["date"]),
                   str(row["boundary_set"]), str(row["name"]))

    @property
    def is_general(self) -> bool:
        return self.type in ("general", "notional")

    @property
    def democracy_club_id(self) -> str:
        """The Democracy Club id of this election, or for a notional result of the election it
        re-estimates on later boundaries (``parl.2019-12-12.notional`` -> ``parl.2019-12-12``).

        >>> import swingometer
        >>> swingometer.Dataset().election("notional").democracy_club_id
        'parl.2019-12-12'
        """
        return democracy_club_id(self.election_id)


def democracy_club_id(election_id: str) -> str:
    """The Democracy Club id behind a swingometer id: itself, or for a notional result the id of
    the election it re-estimates."""
    return election_id.removesuffix(".notional")


def election_label(election: Election, short: bool = False) -> str:
    """How maps and charts name a general election or notional result: ``2024 general
    election``, ``2019 notional result``; with ``short`` (in titles that name two), ``2024``,
    ``2019 notional``.

    >>> import swingometer
    >>> data = swingometer.Dataset()
    >>> [election_label(data.election(e)) for e in ("2024", "notional")]
    ['2024 general election', '2019 notional result']
    >>> [election_label(data.election(e), short=True) for e in ("2024", "notional")]
    ['2024', '2019 notional']
    """
    year = election.date[:4]
    if election.type == "notional":
        return f"{year} notional" if short else f"{year} notional result"
    return year if short and election.is_general else election.name


def _elections(table: pd.DataFrame, mask: pd.Series) -> list[Election]:
    return [Election.from_row(row) for _, row in table[mask].iterrows()]


def resolve_election(table: pd.DataFrame, query: str | int) -> Election:
    """The election that ``query`` names: an id, a year, a date, or ``notional``.

    A year or date names the general election held then; failing that, the notional result of
    one (2005), then the by-election held then. ``notional`` is the 2019 notional result;
    ``notional2005`` (or ``2005n``) the 2005 one.
    """
    text = str(query).strip().lower()
    text = _NOTIONAL_NAMES.get(text, text)
    exact = table["election_id"] == text
    if exact.any():
        return _elections(table, exact)[0]
    if _YEAR.match(text) or _DATE.match(text):
        when = table["date"].str.startswith(text)
        for kind in ("general", "notional", "by-election"):
            mask = when & (table["type"] == kind)
            found = _elections(table, mask)
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise AmbiguousError(str(query), [e.election_id for e in found],
                                     hint="give the election id")
    ids = table["election_id"].tolist()
    raise ElectionNotFoundError(str(query), difflib.get_close_matches(text, ids, n=5, cutoff=0.5),
                                context="; list them with Dataset.election_table()",
                                option="Dataset.election_table()")


def notional_credits(*election_ids: str) -> tuple[str, ...]:
    """The credit of each notional result among ``election_ids``, once each, in order."""
    return tuple(dict.fromkeys(c for c in map(notional_credit, election_ids) if c))


def notional_credit(election_id: str) -> str | None:
    """Who a notional result is credited to, as maps and charts say it (None for a real
    election).

    >>> notional_credit("parl.2019-12-12.notional"), notional_credit("parl.2019-12-12")
    ('notional 2019 results: Rallings & Thrasher', None)
    """
    if not str(election_id).endswith(".notional"):
        return None
    year = str(election_id).removeprefix("parl.")[:4]
    author = NOTIONAL_AUTHORS.get(str(election_id))
    return f"notional {year} results" + (f": {author}" if author else "")


def baseline_of(table: pd.DataFrame, election: Election) -> Election | None:
    """The election a result is compared with, following the field's convention.

    A general election is compared with the previous general election on the same boundaries (the
    first on new boundaries with the notional result); a by-election with the last general election
    before it; a notional result with nothing.
    """
    if election.type == "notional":
        return None
    earlier = table[(table["date"] < election.date) & (table["boundary_set"] == election.boundary_set)
                    & table["type"].isin(["general", "notional"])]
    if earlier.empty:
        return None
    return Election.from_row(earlier.sort_values(["date", "type"]).iloc[-1])


def election_table(elections: pd.DataFrame, contests: pd.DataFrame, kind: str | None = None,
                   year: str | int | None = None) -> pd.DataFrame:
    """Every election (of one ``kind``, in one ``year``) with its number of seats: id, type,
    date, boundary set, seats, name, and the Democracy Club id (see
    :attr:`Election.democracy_club_id`)."""
    kinds = ("general", "by-election", "notional")
    if kind is not None and kind not in kinds:
        raise AnalysisError(f"an election's type is one of {', '.join(kinds)} (got {kind!r})")
    if year is not None and not re.fullmatch(r"\d{4}", str(year).strip()):
        raise AnalysisError(f"a year is four digits, e.g. 2021 (got {str(year)!r})")
    table = elections
    if kind is not None:
        table = table[table["type"] == kind]
    if year is not None:
        table = table[table["date"].str.startswith(str(year).strip())]
    table = table.assign(seats=table["election_id"].map(
        contests.groupby("election_id").size()).astype(int))
    table = table.assign(democracy_club_id=table["election_id"].map(democracy_club_id))
    return table[["election_id", "type", "date", "boundary_set", "seats", "name",
                  "democracy_club_id"]]


def resolve_general(elections: pd.DataFrame, query: str | int, purpose: str = "they",
                    notional: bool = True) -> Election:
    """The general election (with ``notional``, or notional result) an id, year, date or
    ``"notional"`` names; a by-election is refused as not what ``purpose`` needs, a year
    without a general election with the general elections listed."""
    kinds = ["general", "notional"] if notional else ["general"]
    general = elections[elections["type"].isin(kinds)]
    try:
        return resolve_election(general, query)
    except ElectionNotFoundError:
        try:
            other = resolve_election(elections, query)
        except (ElectionNotFoundError, AmbiguousError):
            other = None
        if other is not None:
            raise AnalysisError(f"{purpose} need a general election; {other.election_id} is a "
                                f"{other.type}") from None
        years = ", ".join(sorted({d[:4] for d in general.loc[general["type"] == "general",
                                                             "date"]}))
        raise ElectionNotFoundError(
            str(query), [], context=f" among the general elections ({years}, and 'notional' "
                                    f"for the 2019 result on the 2024 boundaries)"
                                    if notional else
                                    f" among the general elections ({years})") from None
