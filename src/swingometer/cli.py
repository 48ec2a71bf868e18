"""The ``swingometer`` command line: parse, call the library, format. Nothing else happens here."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import pandas as pd
import typer

from swingometer._render import Format, Renderer, emit, number
from swingometer._views import (
    seat_frame,
    show_backtest,
    show_byelection,
    show_calibration,
    show_history,
    show_marginals,
    show_projection,
    show_seat,
    show_seat_chances,
    show_simulation,
    show_totals,
    totals_frame,
)
from swingometer.dataset import Dataset
from swingometer.exceptions import AnalysisError, SwingometerError

app = typer.Typer(
    name="swingometer",
    help="UK Westminster elections, offline: official results 2010-2026, seat arithmetic, "
         "by-elections, national totals, marginals and seat histories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
ElectionOption = Annotated[Optional[str], typer.Option(
    "--election", "-e", help="Election id (parl.2019-12-12), year (2019), date, or 'notional'.")]


def _data() -> Dataset:
    return Dataset()


@app.command()
def elections(
    kind: Annotated[Optional[str], typer.Option(
        "--type", help="Only this type: general, by-election or notional.")] = None,
    year: Annotated[Optional[str], typer.Option(help="Only elections in this year.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List every election: general elections, by-elections, notional results, imported ones."""
    table = _data().election_table()
    if kind:
        table = table[table["type"] == kind]
    if year:
        table = table[table["date"].str.startswith(year)]
    emit(fmt, lambda: table.to_dict(orient="records"), lambda: table,
         lambda out: out.table(f"{len(table)} elections", list(table.columns),
                               table.itertuples(index=False), right={"seats"}))


@app.command()
def seat(
    name: Annotated[str, typer.Argument(help="Constituency name or GSS code, e.g. 'Batley & Spen'.")],
    election: ElectionOption = None,
    swing: Annotated[Optional[str], typer.Option(
        help="Butler swing between two parties, as A:B (e.g. Lab:RUK), besides the top two.")]
        = None,
    probabilities: Annotated[bool, typer.Option(
        "--probabilities", help="Each party's chance of winning the seat next time, from "
                                "--shares or --as-of (simulated; see `swingometer simulate`).")]
        = False,
    shares: Annotated[Optional[str], typer.Option(
        help="With --probabilities: GB shares for the next election.")] = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="With --probabilities: the poll average as of this date.")] = None,
    sims: SimsOption = 10_000,
    seed: SeedOption = 0,
    fmt: FormatOption = Format.table,
) -> None:
    """A seat's official result: shares, changes, majority, turnout, swing, lost deposits."""
    if probabilities:
        _seat_probabilities(name, shares, as_of, sims, seed, fmt)
        return
    data = _data()
    result = data.seat(name, election)
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

    extra = {"swing_between": between.to_dict() if between else None} if swing else {}
    emit(fmt, lambda: result.to_dict() | extra, lambda: seat_frame(result), table)


def _seat_probabilities(name: str, shares: str | None, as_of: str | None, sims: int, seed: int,
                        fmt: Format) -> None:
    if not shares and not as_of:
        raise AnalysisError("--probabilities needs the next election's shares: give --shares, or "
                            "--as-of for a poll average (the shipped polls end on 2024-07-03)")
    data, result = _simulation(shares, as_of, None, None, None, sims, seed, False)
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


@app.command()
def byelection(
    name: Annotated[str, typer.Argument(help="Constituency name or GSS code.")],
    date: Annotated[Optional[str], typer.Option(
        help="Date (or year) of the by-election when the seat had several.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """A by-election against the previous general election in the same seat."""
    report = _data().byelection(name, date)
    emit(fmt, report.to_dict,
         lambda: pd.concat([seat_frame(r) for r in (report.previous, report.result) if r],
                           ignore_index=True),
         lambda out: show_byelection(out, report))


@app.command()
def totals(
    election: ElectionOption = None,
    area: Annotated[str, typer.Option(
        help="uk, gb (UK less Northern Ireland), england, scotland, wales or ni.")] = "uk",
    fmt: FormatOption = Format.table,
) -> None:
    """National totals of a general election: seats, votes, shares and changes by party."""
    result = _data().totals(election, area)
    emit(fmt, result.to_dict, lambda: totals_frame(result), lambda out: show_totals(out, result))


@app.command()
def marginals(
    party: Annotated[str, typer.Option("--party", "-p", help="Party code or name (Lab, reform).")],
    election: ElectionOption = None,
    top: Annotated[int, typer.Option(min=0, help="How many seats to show (0 for all).")] = 20,
    defend: Annotated[bool, typer.Option(
        "--defend", help="The party's own seats, by the swing that would lose them.")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Seats ordered by the Butler swing a party needs to gain them (or to lose them)."""
    data = _data()
    table = data.marginals(party, election, defend=defend, top=top or None)
    chosen = data.latest_general() if election is None else data.election(election)
    code = data.party(party)
    title = f"{code} {'holds by swing to lose' if defend else 'targets by swing needed'}"
    emit(fmt, lambda: table.to_dict(orient="records"), lambda: table,
         lambda out: show_marginals(out, table, code, f"{title} ({chosen.name})"))


@app.command()
def history(
    name: Annotated[str, typer.Argument(help="Constituency name or GSS code.")],
    fmt: FormatOption = Format.table,
) -> None:
    """A seat's results at every election, across the 2024 boundary change (weights shown)."""
    table = _data().history(name)

    emit(fmt, lambda: table.to_dict(orient="records"), lambda: table,
         lambda out: show_history(out, table))


def _parse_shares(data: Dataset, text: str) -> dict[str, float]:
    """``"lab=34.6,con=24.4,ref=14.7"`` -> ``{"Lab": 34.6, "Con": 24.4, "RUK": 14.7}``."""
    from swingometer.models import model_party

    shares: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        party, sep, value = item.partition("=")
        if not sep:
            raise AnalysisError(f"--shares takes party=share pairs such as lab=34.6 (got {item!r})")
        key = party.strip()
        code = "Oth" if key.lower() in {"oth", "other", "others"} else model_party(data.party(key))
        try:
            shares[code] = shares.get(code, 0.0) + float(value)
        except ValueError:
            raise AnalysisError(f"the share of {key} must be a number (got {value!r})") from None
    return shares


ModelOption = Annotated[Optional[str], typer.Option(
    "--model", "-m", help="uniform, proportional, transition, strong-transition, regression or "
                          "tactical (the default).")]


@app.command()
def project(
    shares: Annotated[Optional[str], typer.Option(
        help='GB shares in %, e.g. "lab=34.6,con=24.4,ref=14.7,ld=12.6,grn=6.9"; parties not '
             "given keep their baseline share.")] = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="Use the average of the GB polls in the week before this date.")] = None,
    scotland: Annotated[Optional[str], typer.Option(
        help='Scotland\'s own shares, e.g. "snp=30,lab=35,con=12"; else derived from GB.')]
        = None,
    wales: Annotated[Optional[str], typer.Option(
        help='Wales\'s own shares, e.g. "lab=37,ruk=17,pc=15"; else derived from GB.')] = None,
    model: ModelOption = None,
    seat: Annotated[Optional[list[str]], typer.Option(
        help="Show this seat's projected shares (repeatable).")] = None,
    baseline: Annotated[Optional[str], typer.Option(
        help="Election to project from (default: the latest general election).")] = None,
    normalise: Annotated[bool, typer.Option(
        "--normalise", help="Rescale shares that do not sum to 100.")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Project every seat from national shares or a poll average: totals, gains, majority."""
    from swingometer.projection import project as run

    data = _data()
    given = _parse_shares(data, shares) if shares else None
    nations = {name: _parse_shares(data, text) for name, text in
               (("Scotland", scotland), ("Wales", wales)) if text}
    result = run(data, shares=given, as_of=as_of, model=model, baseline=baseline,
                 nations=nations, normalise=normalise)
    names = [data.seat_index.name(data.find_seat_in(s, result.baseline.boundary_set))
             for s in seat or []]
    seats = result.seats()
    if names:
        seats = seats[seats["name"].isin(names)]
    emit(fmt, lambda: result.to_dict(seats=False) | {"seats": seats.to_dict(orient="records")},
         lambda: seats, lambda out: show_projection(out, result, names))


SimsOption = Annotated[int, typer.Option(help="Simulated elections (at most --max-sims).")]
SeedOption = Annotated[int, typer.Option(help="Seed of the random draws: same seed, same result.")]


def _simulation(shares: str | None, as_of: str | None, scotland: str | None, wales: str | None,
                model: str | None, sims: int, seed: int, normalise: bool,
                max_sims: int = 10_000_000, workers: int = 1):
    """Parse the inputs, then simulate with a progress bar on the terminal."""
    from rich.progress import Progress

    from swingometer.simulate import check_run, simulate_election

    check_run(sims, seed, max_sims)
    data = _data()
    given = _parse_shares(data, shares) if shares else None
    nations = {name: _parse_shares(data, text) for name, text in
               (("Scotland", scotland), ("Wales", wales)) if text}
    with Progress(transient=True, console=Renderer(Format.table).error_console,
                  disable=sims < 50_000) as bar:
        task = bar.add_task("simulating", total=sims)
        return data, simulate_election(
            data, shares=given, as_of=as_of, model=model, sims=sims, seed=seed, nations=nations,
            normalise=normalise, max_sims=max_sims, workers=workers,
            progress=lambda done: bar.update(task, completed=done))


@app.command()
def simulate(
    shares: Annotated[Optional[str], typer.Option(
        help='GB shares in %, e.g. "lab=30,ruk=25,con=18,ld=13,grn=9".')] = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="Use the average of the GB polls in the week before this date.")] = None,
    scotland: Annotated[Optional[str], typer.Option(help="Scotland's own shares.")] = None,
    wales: Annotated[Optional[str], typer.Option(help="Wales's own shares.")] = None,
    model: ModelOption = None,
    sims: SimsOption = 10_000,
    seed: SeedOption = 0,
    normalise: Annotated[bool, typer.Option(
        "--normalise", help="Rescale shares that do not sum to 100.")] = False,
    max_sims: Annotated[int, typer.Option(min=1, help="Refuse more simulations than this.")]
        = 10_000_000,
    workers: Annotated[int, typer.Option(
        min=1, help="Processes to draw the simulations (same numbers whatever the count).")] = 1,
    fmt: FormatOption = Format.table,
) -> None:
    """Monte Carlo seat totals and win probabilities around a projection, with the error model
    estimated from earlier elections."""
    _, result = _simulation(shares, as_of, scotland, wales, model, sims, seed, normalise,
                            max_sims, workers)
    emit(fmt, result.to_dict, result.seat_table, lambda out: show_simulation(out, result))


@app.command()
def backtest(
    target: Annotated[int, typer.Option(help="Election year: 2015, 2017, 2019 or 2024.")],
    input: Annotated[str, typer.Option(
        "--input", help="polls (final-week average) or actual (the actual national shares).")]
        = "polls",
    model: ModelOption = None,
    probabilistic: Annotated[bool, typer.Option(
        "--probabilistic", help="Also simulate, and score the win probabilities: Brier score, "
                                "log loss, reliability, 90% interval coverage.")] = False,
    sims: SimsOption = 10_000,
    seed: SeedOption = 0,
    fmt: FormatOption = Format.table,
) -> None:
    """Project a past general election using only what was known before it, and score it."""
    from swingometer.backtest import backtest as run
    from swingometer.backtest import calibrate

    if probabilistic:
        result, calibration = calibrate(_data(), target, input, model, sims, seed)
    else:
        result, calibration = run(_data(), target, input, model), None

    def table(out: Renderer) -> None:
        show_backtest(out, result)
        if calibration is not None:
            show_calibration(out, calibration)

    emit(fmt, lambda: result.to_dict() | (calibration.to_dict() if calibration else {}),
         lambda: result.wrong, table)


@app.command(name="import")
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
    from swingometer.imports import import_results

    summary = import_results(file, date=date, seats_path=seats)
    verb = "replaced" if summary.replaced else "imported"
    emit(fmt, summary.to_dict,
         lambda: pd.DataFrame([{"election_id": e, "file": summary.file, "store": summary.store}
                               for e in summary.election_ids]),
         lambda out: out.line(f"{verb} {', '.join(summary.election_ids)}: {summary.seats} "
                              f"seat(s), {summary.candidacies} candidacies from {file} "
                              f"({summary.encoding}) into {summary.store}"))


@app.command()
def demo(fmt: FormatOption = Format.table) -> None:
    """The Batley and Spen story: 2019, the 2021 by-election, its 2024 successors, 2024 totals,
    and a projection of the two successor seats."""
    from swingometer.projection import project as run

    from swingometer.simulate import simulate_election

    data = _data()
    report = data.byelection("Batley and Spen", "2021-07-01")
    successors = data.successors("Batley and Spen", "2024")
    national = data.totals("2024", "uk")
    projection = run(data, shares=DEMO_SHARES)
    names = [r.name for r, _ in successors]
    # how safe the two seats looked on the last shipped polls, the week before the 2024 election
    odds = simulate_election(data, as_of="2024-07-04", sims=DEMO_SIMS, seed=DEMO_SEED)
    chances = odds.seat_table().set_index("name").loc[names]

    def story(out: Renderer) -> None:
        out.line("[bold]Batley and Spen: a 323-vote hold, and what came next[/bold]\n")
        show_byelection(out, report)
        out.line("\n[bold]After the 2024 boundary change[/bold] the seat's population split "
                 "between:")
        for result, weight in successors:
            out.line(f"  {result.name}: {number(100 * weight, 1)}% of the old seat's population")
        for result, _ in successors:
            out.line()
            show_seat(out, result)
        out.line()
        show_totals(out, national)
        out.line(f"\n[bold]How safe did they look?[/bold] On the final polls before the 2024 "
                 f"election ({odds.sims:,} simulations, seed {odds.seed}):")
        for name, row in chances.iterrows():
            out.line(f"  {name}: {row['rating']} ({row['win_probability']:.0f}% for "
                     f"{row['favourite']}); the result: "
                     f"{next(r.winner.party_code for r, _ in successors if r.name == name)}")
        out.line("\n[bold]And next time?[/bold] swingometer ships no polls after July 2024; on "
                 "illustrative GB shares (pass your own with `swingometer project --shares`):")
        show_projection(out, projection, names)

    emit(fmt,
         lambda: {"byelection": report.to_dict(),
                  "successors_2024": [r.to_dict() | {"population_weight": round(w, 4)}
                                      for r, w in successors],
                  "totals_2024": national.to_dict(),
                  "odds_before_2024": {"seed": odds.seed, "sims": odds.sims,
                                       "seats": chances.reset_index().to_dict(orient="records")},
                  "projection": projection.to_dict(seats=False)
                  | {"seats": [row for row in projection.seats().to_dict(orient="records")
                               if row["name"] in {r.name for r, _ in successors}]}},
         lambda: pd.concat([seat_frame(report.previous), seat_frame(report.result)]
                           + [seat_frame(r).assign(population_weight=round(w, 4))
                              for r, w in successors], ignore_index=True),
         story)


DEMO_SIMS, DEMO_SEED = 10_000, 0
# Illustrative shares for the demo's projection: a Reform-led four-way contest, stated as such.
DEMO_SHARES = {"RUK": 29.0, "Lab": 21.0, "Con": 17.0, "LD": 13.0, "Green": 11.0, "SNP": 2.5,
               "PC": 0.8}


def main() -> None:
    """Entry point: run the app, turning library errors into one-line messages and exit code 1."""
    try:
        app()
    except SwingometerError as error:
        typer.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        typer.echo("interrupted: nothing was written", err=True)
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
