"""The one entry object: every election swingometer knows, shipped and imported.

>>> import swingometer
>>> data = swingometer.Dataset()
>>> result = data.seat("Batley & Spen", election="parl.batley-and-spen.by.2021-07-01")
>>> result.winner.name, result.majority
('Kim Leadbeater', 323)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from swingometer.data.context import DATED, Tables, freeze
from swingometer.data.elections import (
    Election,
    baseline_of,
    election_table,
    resolve_election,
    resolve_general,
)
from swingometer.data.names import SeatIndex, SeatKey
from swingometer.data.parties import resolve_party
from swingometer.data.validate import known_exception_notes
from swingometer.exceptions import (
    AmbiguousError,
    AnalysisError,
    ElectionNotFoundError,
    SeatNotFoundError,
)
from swingometer.results.history import (
    ByElectionReport,
    SeatLinks,
    linked_seats,
    seat_history,
)
from swingometer.results.marginals import marginals
from swingometer.results.seats import SeatResult, seat_result
from swingometer.results.totals import NationalTotals, national_totals

__all__ = ["Dataset"]

T = TypeVar("T")


def _table_property(name: str, doc: str) -> property:
    return property(lambda self: self._table(name), doc=doc)



class Dataset:
    """Shipped results and polls plus any the user imported into the local store: the
    :class:`~swingometer.data.context.History` every analysis takes, with the lookups a user asks for.

    Parameters
    ----------
    home : path, optional
        Folder of the local store of imported results. Defaults to ``$SWINGOMETER_HOME`` or the
        user data directory; ``include_imported=False`` ignores the store.
    include_imported : bool
        Whether to add imported elections and polls to the shipped ones.

    Each table is read once, on first use, and shared with every dated view (:meth:`before`),
    which filters it in memory. A dataset is immutable: :meth:`replace` makes a new one with other
    tables, and what is derived from the tables (:meth:`derived`) is cached on the dataset that
    holds them.
    """

    def __init__(self, home: str | Path | None = None, include_imported: bool = True) -> None:
        self._start(Tables(home, include_imported), None, None)

    def _start(self, tables: Tables, cutoff: str | None, root: Dataset | None) -> None:
        self._tables = tables
        self.cutoff = cutoff
        self._root = self if root is None else root
        self._views: dict[str, Dataset] = {}
        self._filtered: dict[str, pd.DataFrame] = {}
        self._derived: dict[Hashable, Any] = {}

    @classmethod
    def _of(cls, tables: Tables, cutoff: str | None = None,
            root: Dataset | None = None) -> Dataset:
        data = cls.__new__(cls)
        data._start(tables, cutoff, root)
        return data

    @property
    def home(self) -> str | Path | None:
        """The folder of the store this dataset reads (None: the default one)."""
        return self._tables.home

    @property
    def include_imported(self) -> bool:
        """Whether the store's elections and polls are added to the shipped ones."""
        return self._tables.include_imported

    # -- the context --------------------------------------------------------------------------
    def before(self, date: str) -> Dataset:
        """A view of this data holding only what was known before ``date`` (leakage-free):
        elections, results and polls dated earlier; boundaries, names, parties and demographics
        (not dated) as they are. Views are memoised per date, and a view of a view never widens
        it."""
        cutoff = str(date) if self.cutoff is None else min(str(date), self.cutoff)
        views = self._root._views
        if cutoff not in views:
            views[cutoff] = Dataset._of(self._tables, cutoff, self._root)
        return views[cutoff]

    def replace(self, **tables: pd.DataFrame) -> Dataset:
        """A new dataset with these tables (whole, as they would be undated) in place of the
        current ones, and this one's cut-off; nothing derived from the old tables is kept."""
        data = Dataset._of(self._tables.with_tables(tables))
        return data if self.cutoff is None else data.before(self.cutoff)

    def derived(self, key: Hashable, build: Callable[[], T], election: str | None = None) -> T:
        """The value derived from this dataset's tables under ``key``: built by ``build`` the
        first time, its arrays made read-only, and kept for the dataset's life. A value derived
        from one ``election``'s results alone is the same in every view that holds the
        election, so those views share it."""
        if (election is not None and self.cutoff is not None
                and election in self.derived("election_ids",
                                             lambda: frozenset(self.elections["election_id"]))):
            return self._root.derived(key, build, election)
        if key not in self._derived:
            self._derived[key] = freeze(build())
        return self._derived[key]

    def election_rows(self, name: str, election_id: str) -> pd.DataFrame:
        """The rows of ``contests`` or ``candidacies`` for one election (empty if none)."""
        table = self._table(name)
        where = self.derived(("rows", name), lambda: table.groupby("election_id").indices)
        return table.take(where.get(election_id, []))

    def _table(self, name: str) -> pd.DataFrame:
        table = self._tables[name]
        if self.cutoff is None or name not in DATED:
            return table
        if name not in self._filtered:
            column = DATED[name]
            keep = (table[column] < self.cutoff if column else
                    table["election_id"].isin(set(self.elections["election_id"])))
            self._filtered[name] = table[keep].reset_index(drop=True)
        return self._filtered[name]

    elections = _table_property(
        "elections", "One row per election: ``election_id, type, date, boundary_set, name, "
                     "parliament``.")
    contests = _table_property(
        "contests", "One row per seat per election: electorate, valid and invalid votes, "
                    "published majority.")
    candidacies = _table_property(
        "candidacies", "One row per candidate (or party, for notional results) per seat per "
                       "election.")
    constituencies = _table_property(
        "constituencies", "One row per seat per boundary set: name, nation, region, county, "
                          "type.")
    aliases = _table_property("aliases", "Other names of each seat (``Batley & Spen``).")
    lineage = _table_property(
        "lineage", "Overlaps between 2010-set and 2024-set seats (residential, geographic, "
                   "population).")
    parties = _table_property(
        "parties", "Canonical party codes with names, colours, lineage and nations.")
    polls = _table_property(
        "polls", "Opinion polls, shipped and imported, oldest first: dates, pollster, area, "
                 "sample size, the non-standard flag, shares by canonical party code.")
    national_results = _table_property(
        "national_results", "General election results 1970-2019 as the poll source gives them: "
                            "election date, area (GB or UK), shares by the polls' party codes.")
    demographics = _table_property(
        "demographics", "Census 2021 figures (and the EU referendum estimate) of each seat on "
                        "both boundary sets.")

    @property
    def party_lineage(self) -> dict[str, str]:
        """Canonical code to the code of the party that continues it (``BRX`` -> ``RUK``)."""
        return self.derived("party_lineage", lambda: dict(zip(self.parties["code"],
                                                               self.parties["lineage"])))

    @property
    def seat_index(self) -> SeatIndex:
        """Every seat's names and aliases, for resolving what a user types."""
        return self.derived("seat_index", lambda: SeatIndex(self.constituencies, self.aliases))

    # -- lookup -------------------------------------------------------------------------------
    def election(self, query: str | int) -> Election:
        """The election an id, year, date or ``"notional"`` names."""
        return resolve_election(self.elections, query)

    def election_table(self, kind: str | None = None, year: str | int | None = None
                       ) -> pd.DataFrame:
        """Every election (of one ``kind``, in one ``year``) with its number of seats: id, type,
        date, boundary set, seats, name."""
        return election_table(self.elections, self.contests, kind, year)

    def successors(self, query: str, election: str | int) -> list[tuple[SeatResult, float]]:
        """The results at ``election`` (on the 2024 boundaries) of a 2010-set seat's successors,
        with the share of the old seat's population each took."""
        old = self.find_seat_in(query, "pcon2010")
        chosen = self.election(election)
        return [(self.result(key, chosen), weight)
                for key, _, weight in linked_seats(self.lineage, old)]

    def elections_in(self, key: SeatKey) -> pd.DataFrame:
        """The elections contested in a seat, oldest first."""
        ids = self.contests.loc[self.contests["gss_code"] == key.gss_code, "election_id"]
        table = self.elections[self.elections["election_id"].isin(set(ids))
                               & (self.elections["boundary_set"] == key.boundary_set)]
        return table.sort_values(["date", "type"])

    def find_seat(self, query: str, election: str | int | None = None) -> tuple[SeatKey, Election]:
        """Resolve a seat name or code and the election asked for (default: its latest general).

        A year or date names the election held then in that seat (a general election first);
        a name used on both boundary sets ("Aldershot") is resolved by the election, and without
        one the newer boundaries win.
        """
        keys = sorted(self.seat_index.resolve(query), key=lambda k: k.boundary_set, reverse=True)
        if election is None:
            held = self.elections_in(keys[0])
            return keys[0], Election.from_row(held[held["type"] == "general"].iloc[-1])
        text = str(election).strip()
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
            chosen = self.election(text)
            return self.find_seat_in(query, chosen.boundary_set), chosen
        held = [(key, row) for key in keys
                for _, row in self.elections_in(key).iterrows() if row["date"].startswith(text)]
        for kind in ("general", "notional", "by-election"):
            found = [(key, row) for key, row in held if row["type"] == kind]
            if len(found) > 1:
                raise AmbiguousError(text, [row["election_id"] for _, row in found],
                                     hint="give the election id")
            if found:
                return found[0][0], Election.from_row(found[0][1])
        general = self.elections[(self.elections["type"] == "general")
                                 & self.elections["date"].str.startswith(text)]
        if len(general):  # a general election then, but on boundaries the seat is not part of
            return self.find_seat_in(query, general.iloc[0]["boundary_set"]), Election.from_row(
                general.iloc[0])
        seat = self.seat_index.name(keys[0])
        ids = sorted((i for k in keys for i in self.elections_in(k)["election_id"]),
                     key=lambda i: i.split(".")[-1] if ".by." in i else i[5:15])
        raise ElectionNotFoundError(f"an election in {seat} in {text}", [],
                                    context=f"; elections there: {', '.join(ids)}")

    def find_seat_in(self, query: str, boundary_set: str) -> SeatKey:
        """The one seat of ``boundary_set`` a name or code names; a seat of the other boundary set
        gets its successors (or predecessors) suggested."""
        try:
            keys = self.seat_index.resolve(query, boundary_set)
        except SeatNotFoundError as error:
            other = self.seat_index.find(query)
            if not other:
                raise
            linked = [self.seat_index.name(k) for k, _, _ in linked_seats(self.lineage, other[0])]
            raise SeatNotFoundError(query, linked, context=f" on the {boundary_set} boundaries "
                                    f"(it is a {other[0].boundary_set} seat; its "
                                    f"{'successors' if boundary_set == 'pcon2024' else 'predecessors'}"
                                    f" are listed)") from error
        if len(keys) > 1:
            raise AmbiguousError(query, [f"{self.seat_index.name(k)} ({k.gss_code})" for k in keys],
                                 hint="use the GSS code")
        return keys[0]

    # -- results ------------------------------------------------------------------------------
    def _rows(self, election_id: str, gss_code: str) -> tuple[pd.Series, pd.DataFrame]:
        contests = self.election_rows("contests", election_id)
        contests = contests[contests["gss_code"] == gss_code]
        candidates = self.election_rows("candidacies", election_id)
        return (contests.iloc[0] if len(contests) else None,
                candidates[candidates["gss_code"] == gss_code])

    def result(self, key: SeatKey, election: Election) -> SeatResult:
        """The result of one seat at one election, compared with its baseline election."""
        contest, candidates = self._rows(election.election_id, key.gss_code)
        if contest is None:
            raise SeatNotFoundError(
                self.seat_index.name(key), [],
                context=f" among the seats contested at {election.election_id}")
        place = self.constituencies[(self.constituencies["gss_code"] == key.gss_code)
                                    & (self.constituencies["boundary_set"] == key.boundary_set)]
        baseline = baseline_of(self.elections, election)
        base_contest, base_candidates = (None, None)
        if baseline is not None:
            base_contest, base_candidates = self._rows(baseline.election_id, key.gss_code)
            if base_contest is None:
                baseline, base_candidates = None, None
        return seat_result(
            election, contest.to_dict(), candidates, place.iloc[0].to_dict(), self.party_lineage,
            baseline, None if base_contest is None else base_contest.to_dict(), base_candidates,
            notes=known_exception_notes(election.election_id, key.gss_code),
        )

    def seat(self, query: str, election: str | int | None = None) -> SeatResult:
        """A seat's result by name or GSS code, at an election given by id, year or date.

        Without ``election``, the seat's latest general election.
        """
        key, chosen = self.find_seat(query, election)
        return self.result(key, chosen)

    def byelection(self, query: str, date: str | None = None) -> ByElectionReport:
        """A by-election in a seat (the latest, or the one on ``date``) against the last general
        election there."""
        found = []
        for key in self.seat_index.resolve(query):
            held = self.elections_in(key)
            found += [(key, Election.from_row(row))
                      for _, row in held[held["type"] == "by-election"].iterrows()]
        found.sort(key=lambda pair: pair[1].date)
        chosen = [p for p in found if date is None or p[1].date.startswith(str(date))]
        if not chosen:
            seat = self.seat_index.name(self.seat_index.resolve(query)[0])
            held = ", ".join(e.date for _, e in found) or "none"
            raise ElectionNotFoundError(
                f"a by-election in {seat}{f' on {date}' if date else ''}", [],
                context=f" (by-elections held there: {held}; list them with "
                        f"Dataset.election_table(kind=\"by-election\"))", option=
                        "Dataset.election_table(kind=\"by-election\")")
        key, election = chosen[-1]
        result = self.result(key, election)
        previous = self.result(key, result.baseline) if result.baseline else None
        return ByElectionReport(result, previous, tuple(e.date for _, e in found))

    def general_election(self, query: str | int, purpose: str = "they",
                         notional: bool = True) -> Election:
        """The general election (with ``notional``, or notional result) ``query`` names; see
        :func:`~swingometer.data.elections.resolve_general`."""
        return resolve_general(self.elections, query, purpose, notional)

    def totals(self, election: str | int | None = None, area: str = "uk") -> NationalTotals:
        """National totals of a general election (default: the latest) over an area."""
        chosen = (self.latest_general() if election is None
                  else self.general_election(election, "national totals"))
        return national_totals(self.elections, self.contests, self.candidacies,
                               self.constituencies, self.parties, chosen, area)

    def latest_general(self, notional: bool = False) -> Election:
        """The latest general election; with ``notional``, the notional result on new boundaries
        counts too (it is the baseline of the first election fought on them)."""
        kinds = ["general", "notional"] if notional else ["general"]
        general = self.elections[self.elections["type"].isin(kinds)]
        if general.empty:
            raise ElectionNotFoundError("a general election", [], context=" in this data")
        return Election.from_row(general.sort_values(["date", "boundary_set"]).iloc[-1])

    def party(self, query: str) -> str:
        """The canonical code of a party, by code or name, case-insensitive (``reform`` -> RUK)."""
        return resolve_party(self.parties, query)

    def marginals(self, party: str, election: str | int | None = None, defend: bool = False,
                  top: int | None = None) -> pd.DataFrame:
        """Seats ordered by the swing ``party`` needs to gain them (or, ``defend``, to lose them)."""
        chosen = (self.latest_general() if election is None
                  else self.general_election(election, "marginals"))
        if not chosen.is_general:
            raise AnalysisError(f"marginals need a general election; {chosen.election_id} is a "
                                f"{chosen.type}")
        code = self.party_lineage.get(self.party(party), self.party(party))
        return marginals(self.contests, self.candidacies, self.constituencies,
                         chosen.election_id, chosen.boundary_set, code, self.party_lineage,
                         defend=defend, top=top)

    def links(self, key: SeatKey) -> SeatLinks:
        """A seat's by-elections and its links across the 2024 boundary change."""
        held = self.elections_in(key)
        byelections = []
        for row in held[held["type"] == "by-election"].itertuples():
            contest = self.election_rows("contests", row.election_id)
            declared = contest.loc[contest["gss_code"] == key.gss_code, "result"]
            byelections.append((row.election_id, row.date,
                                None if declared.empty or pd.isna(declared.iloc[0])
                                else str(declared.iloc[0])))
        return SeatLinks(tuple(byelections), tuple(
            (relation, seat.gss_code, self.seat_index.name(seat), weight)
            for seat, relation, weight in linked_seats(self.lineage, key)))

    def history(self, query: str) -> pd.DataFrame:
        """Every result in a seat and, across the 2024 boundary change, in its linked seats."""
        key = max(self.seat_index.resolve(query), key=lambda k: k.boundary_set)
        seats = [(key, "this seat", 1.0)] + linked_seats(self.lineage, key)
        return seat_history((seat, relation, weight, self.result(seat, Election.from_row(row)))
                            for seat, relation, weight in seats
                            for _, row in self.elections_in(seat).iterrows())
