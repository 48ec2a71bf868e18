"""Importing a user's results file: read, validate, then store, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from swingometer.data.hoc import read_results_file
from swingometer.data.store import Store
from swingometer.data.tables import read_table
from swingometer.data.validate import check_results
from swingometer.exceptions import StoreError

__all__ = ["ImportSummary", "import_results"]


@dataclass(frozen=True)
class ImportSummary:
    """What an import stored."""

    file: str
    encoding: str
    store: str
    election_ids: tuple[str, ...]
    seats: int
    candidacies: int
    replaced: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"file": self.file, "encoding": self.encoding, "store": self.store,
                "election_ids": list(self.election_ids), "seats": self.seats,
                "candidacies": self.candidacies, "replaced": list(self.replaced)}


def _shipped_clashes(results) -> list[str]:
    """Shipped elections the file repeats: the same id, or the same type, date and seat."""
    elections = read_table("elections")
    contests = read_table("contests")[["election_id", "gss_code"]].merge(elections, on="election_id")
    shipped = set(zip(contests["type"], contests["date"], contests["gss_code"]))
    mine = results.contests[["election_id", "gss_code"]].merge(results.elections, on="election_id")
    clash = {e for e, t, d, g in zip(mine["election_id"], mine["type"], mine["date"],
                                     mine["gss_code"]) if (t, d, g) in shipped}
    clash |= set(results.elections["election_id"]) & set(elections["election_id"])
    return sorted(clash)


def import_results(path: str | Path, date: str | None = None, seats_path: str | Path | None = None,
                   home: str | Path | None = None) -> ImportSummary:
    """Validate a results file in a House of Commons Library layout and add it to the store.

    Raises :class:`~swingometer.DataError` (or its subclass ``ValidationError``) for bad input and
    :class:`~swingometer.StoreError` for an election that is already shipped; in every case the
    store is left unchanged. Importing the same election again replaces it.
    """
    constituencies = read_table("constituencies")
    names = dict(zip(zip(constituencies["gss_code"], constituencies["boundary_set"]),
                     constituencies["name"]))
    results = read_results_file(path, date=date, seats_path=seats_path, seats=names)
    clash = _shipped_clashes(results)
    if clash:
        raise StoreError(f"{Path(path).name} holds {', '.join(clash)}, which swingometer already "
                         f"ships; imported results may add elections, not replace official ones")
    check_results(results.elections, results.contests, results.candidacies, Path(path).name)
    store = Store(home)
    before = set(store.election_ids())
    store.replace({"elections": results.elections, "contests": results.contests,
                   "candidacies": results.candidacies})
    ids = tuple(results.elections["election_id"])
    return ImportSummary(str(path), results.encoding, str(store.path), ids,
                         len(results.contests), len(results.candidacies),
                         tuple(sorted(before & set(ids))))
