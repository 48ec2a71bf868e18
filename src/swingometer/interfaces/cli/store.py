"""The store command: import a results file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import pandas as pd
import typer

from swingometer.interfaces.cli._app import (
    FormatOption,
    app,
)
from swingometer.interfaces.render import Format, emit


@app.command(name="import", short_help="Add a results file to the local store.")
def import_(
    file: Annotated[Path, typer.Argument(help="Results by candidate, HoC Library layout.",
                                         exists=True, dir_okay=False)],
    date: Annotated[Optional[str], typer.Option(
        help="Date (YYYY-MM-DD) of a general election file; by-election files carry it.")] = None,
    seats: Annotated[Optional[Path], typer.Option(
        help="The matching by-constituency file (electorate, valid and invalid votes).",
        exists=True, dir_okay=False)] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Validate a results file and add it to the local store ($SWINGOMETER_HOME)."""
    from swingometer.data.imports import import_results

    summary = import_results(file, date=date, seats_path=seats)
    verb = "replaced" if summary.replaced else "imported"
    emit(fmt, summary.to_dict,
         lambda: pd.DataFrame([{"election_id": e, "file": summary.file, "store": summary.store}
                               for e in summary.election_ids]),
         lambda out: out.line(f"{verb} {', '.join(summary.election_ids)}: {summary.seats} "
                              f"seat(s), {summary.candidacies} candidacies from {file} "
                              f"({summary.encoding}) into {summary.store}"))
