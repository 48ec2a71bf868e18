"""Results commands: elections, seat, byelection, totals, marginals, history."""

from __future__ import annotations

from typing import Annotated, Optional

import pandas as pd
import typer

from swingometer.interfaces.cli._app import (
    ElectionOption,
    FormatOption,
    SeedOption,
    SimsOption,
    app,
    load_data,
    run_simulation,
)
from swingometer.interfaces.render import Format, Renderer, emit
from swingometer.interfaces.views import (
    seat_frame,
    show_byelection,
    show_history,
    show_links,
    show_marginals,
    show_seat,
    show_seat_chances,
    show_totals,
    totals_frame,
)


@app.command(short_help="List every election, shipped and imported.")
def elections(
    kind: Annotated[Optional[str], typer.Option(
        "--type", help="Only this type: general, by-election or notional.")] = None,
    year: Annotated[Optional[str], typer.Option(help="Only elections in this year.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List every election: general elections, by-elections, notional results, imported ones."""
    table = load_data().election_table(kind, year)
    emit(fmt, lambda: table.to_dict(orient="records"), lambda: table,
         lambda out: out.table(f"{len(table)} elections", list(table.columns),
                               table.itertuples(index=False), right={"seats"},
                               drop=("democracy_club_id", "name", "boundary_set", "type",
                                     "date")))


@app.command(short_help="A seat's official result.")
def seat(
    name: Annotated[str, typer.Argument(
        help="Constituency name or GSS code, e.g. 'Batley & Spen'.")],
    election: ElectionOption = None,
    swing: Annotated[Optional[str], typer.Option(
        help="Butler swing between two parties, as A:B (e.g. Lab:RUK), besides the top two.")]
        = None,
    probabilities: Annotated[bool, typer.Option(
        "--probabilities", help="Each party's chance of winning the seat next time, from "
                                "--shares or --as-of (simulated; see `swingometer simulate`).")]
        = False,
    shares: Annotated[Optional[str], typer.Option(
        help="With --probabilities: GB shares for the next election, each kept as typed "
             "and the rest filled in, as in `project --shares`.")] = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="With --probabilities: the poll average as of this date, 'latest' (the "
                        "default without --shares) or 'today'.")] = None,
    sims: SimsOption = 10_000,
    seed: SeedOption = 0,
    fmt: FormatOption = Format.table,
) -> None:
    """A seat's official result: shares, changes, majority, turnout, swing, lost deposits."""
    if probabilities:
        _seat_probabilities(name, shares, as_of, sims, seed, fmt)
        return
    given = [flag for flag, value in (("--shares", shares), ("--as-of", as_of)) if value]
    if given:
        verb = "applies" if len(given) == 1 else "apply"
        raise typer.BadParameter(f"{' and '.join(given)} {verb} to the chances next time: add "
                                 f"--probabilities",
                                 param_hint=given[0])
    data = load_data()
    key, chosen = data.find_seat(name, election)
    result = data.result(key, chosen)
    links = data.links(key)
    between = None
    if swing:
        first, colon, second = swing.partition(":")
        if not (colon and first.strip() and second.strip()):
            raise typer.BadParameter(f"expected two parties as A:B, e.g. Lab:RUK (got {swing!r})",
                                     param_hint="--swing")
        between = result.swing(data.party(first), data.party(second))

    def table(out: Renderer) -> None:
        show_seat(out, result)
        if swing:
            out.line(f"Butler swing {between}" if between else
                     f"No Butler swing for {swing}: a party did not stand at both elections")
        show_links(out, result, links)

    extra = {"swing_between": between.to_dict() if between else None} if swing else {}
    emit(fmt, lambda: result.to_dict() | extra | links.to_dict(), lambda: seat_frame(result),
         table)


def _seat_probabilities(name: str, shares: str | None, as_of: str | None, sims: int, seed: int,
                        fmt: Format) -> None:
    data, result = run_simulation(shares, as_of, None, None, None, sims, seed, False)
    key = data.find_seat_in(name, result.projection.baseline.boundary_set)
    chances = result.win_probability.loc[key.gss_code]
    chances = chances[chances > 0].sort_values(ascending=False)
    row = result.seat_table().set_index("gss_code").loc[key.gss_code]
    emit(fmt,
         lambda: {"seed": result.seed, "sims": result.sims, "model": result.projection.model,
                  "gss_code": key.gss_code, "name": row["name"], "rating": row["rating"],
                  "inputs": dict(result.projection.inputs),
                  "win_probability": chances.round(4).to_dict()},
         lambda: chances.rename("win_probability").rename_axis("party").reset_index(),
         lambda out: show_seat_chances(out, row, chances, result))


@app.command(short_help="A by-election against the general election before it.")
def byelection(
    name: Annotated[str, typer.Argument(help="Constituency name or GSS code.")],
    date: Annotated[Optional[str], typer.Option(
        help="Date (or year) of the by-election when the seat had several.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """A by-election against the previous general election in the same seat."""
    report = load_data().byelection(name, date)
    emit(fmt, report.to_dict,
         lambda: pd.concat([seat_frame(r) for r in (report.previous, report.result) if r],
                           ignore_index=True),
         lambda out: show_byelection(out, report))


@app.command(short_help="National totals of a general election.")
def totals(
    election: ElectionOption = None,
    area: Annotated[str, typer.Option(
        help="uk, gb (UK less Northern Ireland), england, scotland, wales or ni.")] = "uk",
    fmt: FormatOption = Format.table,
) -> None:
    """National totals of a general election: seats, votes, shares and changes by party."""
    result = load_data().totals(election, area)
    emit(fmt, result.to_dict, lambda: totals_frame(result), lambda out: show_totals(out, result))


@app.command(short_help="Seats by the swing a party needs to gain (or lose) them.")
def marginals(
    party: Annotated[str, typer.Option("--party", "-p", help="Party code or name (Lab, reform).")],
    election: ElectionOption = None,
    top: Annotated[int, typer.Option(min=0, help="How many seats to show (0 for all).")] = 20,
    defend: Annotated[bool, typer.Option(
        "--defend", help="The party's own seats, by the swing that would lose them.")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Seats ordered by the Butler swing a party needs to gain them (or to lose them)."""
    data = load_data()
    table = data.marginals(party, election, defend=defend, top=top or None)
    chosen = data.latest_general() if election is None else data.election(election)
    code = data.party(party)
    title = f"{code} {'holds by swing to lose' if defend else 'targets by swing needed'}"
    emit(fmt, lambda: table.to_dict(orient="records"), lambda: table,
         lambda out: show_marginals(out, table, code, f"{title} ({chosen.name})"))


@app.command(short_help="A seat's results at every election, across boundary changes.")
def history(
    name: Annotated[str, typer.Argument(help="Constituency name or GSS code.")],
    fmt: FormatOption = Format.table,
) -> None:
    """A seat's results at every election, across the 2024 boundary change (weights shown)."""
    table = load_data().history(name)

    emit(fmt, lambda: table.to_dict(orient="records"), lambda: table,
         lambda out: show_history(out, table))
