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
    show_scenario,
    show_seat,
    show_seat_chances,
    show_simulation,
    show_totals,
    totals_frame,
)
from swingometer.dataset import Dataset
from swingometer.exceptions import AnalysisError, NoPollsError, SwingometerError

app = typer.Typer(
    name="swingometer",
    help="UK Westminster elections, offline: official results 2010-2026, seat arithmetic, "
         "by-elections, projections from polls, probabilities, what-if scenarios, hex maps and "
         "charts.",
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
    from swingometer.models import share_party

    shares: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        party, sep, value = item.partition("=")
        if not sep:
            raise AnalysisError(f"--shares takes party=share pairs such as lab=34.6 (got {item!r})")
        key = party.strip()
        code = share_party(data, key)
        try:
            shares[code] = shares.get(code, 0.0) + float(value)
        except ValueError:
            raise AnalysisError(f"the share of {key} must be a number (got {value!r})") from None
    return shares


PollWindowOption = Annotated[Optional[int], typer.Option(
    "--window", min=1, help="From the polls: days the GB poll average looks back (default: 90 for "
                            "the Kalman smoother).")]
ModelOption = Annotated[Optional[str], typer.Option(
    "--model", "-m", help="uniform, proportional, transition, strong-transition, regression or "
                          "tactical (the default).")]
ByelectionsOption = Annotated[bool, typer.Option(
    "--byelections/--no-byelections",
    help="From the polls, move Scotland and Wales (unless given) by their by-elections since the "
         "baseline, shrunk by how noisy by-elections have been.")]


@app.command()
def project(
    shares: Annotated[Optional[str], typer.Option(
        help='GB shares in %, e.g. "lab=34.6,con=24.4,ref=14.7,ld=12.6,grn=6.9"; without '
             "them, the latest polls.")] = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="Use the poll average as of this date (polls ending before it), 'latest' "
                        "(the default without --shares) or 'today'.")] = None,
    scotland: Annotated[Optional[str], typer.Option(
        help='Scotland\'s own shares, e.g. "snp=30,lab=35,con=12"; else, from the polls, '
             "Scotland's own polls, or GB's and its by-elections.")]
        = None,
    wales: Annotated[Optional[str], typer.Option(
        help='Wales\'s own shares, e.g. "lab=37,ruk=17,pc=15"; else, from the polls, Wales\'s '
             "own polls, or GB's and its by-elections.")] = None,
    model: ModelOption = None,
    seat: Annotated[Optional[list[str]], typer.Option(
        help="Show this seat's projected shares (repeatable).")] = None,
    baseline: Annotated[Optional[str], typer.Option(
        help="Election to project from (default: the latest general election).")] = None,
    normalise: Annotated[bool, typer.Option(
        "--normalise", help="Rescale shares that do not sum to 100.")] = False,
    byelections: ByelectionsOption = True,
    window: PollWindowOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Project every seat from national shares or a poll average (the latest polls by default):
    totals, gains, majority."""
    from swingometer.projection import project as run

    data = _data()
    given = _parse_shares(data, shares) if shares else None
    nations = {name: _parse_shares(data, text) for name, text in
               (("Scotland", scotland), ("Wales", wales)) if text}
    result = run(data, shares=given, as_of=as_of, model=model, baseline=baseline,
                 nations=nations, normalise=normalise, byelections=byelections,
                 poll_window=window)
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
                max_sims: int = 10_000_000, workers: int = 1, byelections: bool = True,
                window: int | None = None):
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
            progress=lambda done: bar.update(task, completed=done), byelections=byelections,
            poll_window=window)


@app.command()
def simulate(
    shares: Annotated[Optional[str], typer.Option(
        help='GB shares in %, e.g. "lab=30,ruk=25,con=18,ld=13,grn=9".')] = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="Use the poll average as of this date (polls ending before it), 'latest' "
                        "(the default without --shares) or 'today'.")] = None,
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
    byelections: ByelectionsOption = True,
    window: PollWindowOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Monte Carlo seat totals and win probabilities around a projection (the latest polls by
    default), with the error model estimated from earlier elections."""
    _, result = _simulation(shares, as_of, scotland, wales, model, sims, seed, normalise,
                            max_sims, workers, byelections, window)
    emit(fmt, result.to_dict, result.seat_table, lambda out: show_simulation(out, result))


@app.command()
def backtest(
    target: Annotated[int, typer.Option(help="Election year: 2010, 2015, 2017, 2019 or 2024.")],
    input: Annotated[str, typer.Option(
        "--input", help="polls (final-week average) or actual (the actual national shares).")]
        = "polls",
    model: ModelOption = None,
    probabilistic: Annotated[bool, typer.Option(
        "--probabilistic", help="Also simulate, and score the win probabilities: Brier score, "
                                "log loss, reliability, 90% interval coverage.")] = False,
    sims: SimsOption = 10_000,
    seed: SeedOption = 0,
    byelections: ByelectionsOption = True,
    fmt: FormatOption = Format.table,
) -> None:
    """Project a past general election using only what was known before it, and score it."""
    from swingometer.backtest import backtest as run
    from swingometer.backtest import calibrate

    if probabilistic:
        result, calibration = calibrate(_data(), target, input, model, sims, seed, byelections)
    else:
        result, calibration = run(_data(), target, input, model, byelections), None

    def table(out: Renderer) -> None:
        show_backtest(out, result)
        if calibration is not None:
            show_calibration(out, calibration)

    emit(fmt, lambda: result.to_dict() | (calibration.to_dict() if calibration else {}),
         lambda: result.wrong, table)


# which options each chart takes (an option given to a chart that ignores it is refused)
CHART_OPTIONS = {
    "totals": ("--election", "--from", "--gains", "--shares", "--as-of", "--model", "--vertical"),
    "scatter": ("--election", "--from", "--party", "--seat", "--shares", "--as-of", "--model"),
    "history": ("--seat", "--party", "--linked"),
    "distribution": ("--party", "--shares", "--as-of", "--model", "--sims", "--seed"),
}


@app.command()
def chart(
    kind: Annotated[str, typer.Argument(help="totals, history, distribution or scatter.")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="The file to write: SVG or PNG by its suffix.")],
    election: ElectionOption = None,
    from_: Annotated[str | None, typer.Option(
        "--from", help="totals, scatter: the election to compare with (default: the previous "
                       "on the same boundaries, or the notional result); a projection's "
                       "baseline.")] = None,
    gains: Annotated[bool, typer.Option(
        "--gains", help="totals: seats before and after, with gains and losses.")] = False,
    seat: Annotated[list[str] | None, typer.Option(
        help="history: the seat; scatter: a seat to label (repeatable).")] = None,
    party: Annotated[list[str] | None, typer.Option(
        "--party", "-p", help="scatter: the party; history, distribution: a party to draw "
                              "(repeatable; default: the main ones).")] = None,
    linked: Annotated[str | None, typer.Option(
        help="history: the seats linked across the 2024 boundary change to draw: largest "
             "(default), all or none.")] = None,
    shares: Annotated[str | None, typer.Option(
        help='totals, scatter, distribution: project from these GB shares, e.g. '
             '"lab=30,ruk=25,con=18,ld=13,grn=9".')] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="totals, scatter, distribution: project from the poll average before "
                        "this date.")] = None,
    model: ModelOption = None,
    sims: Annotated[int | None, typer.Option(
        help="distribution: simulated elections (default 10,000).")] = None,
    seed: Annotated[int | None, typer.Option(
        help="distribution: seed of the random draws (default 0).")] = None,
    vertical: Annotated[bool, typer.Option(
        "--vertical", help="totals: vertical bars (default: horizontal).")] = False,
    width: Annotated[float, typer.Option(help="Width in inches.")] = 8.0,
    height: Annotated[float, typer.Option(help="Height in inches.")] = 5.0,
    dpi: Annotated[int, typer.Option(help="Dots per inch: a PNG is width x dpi pixels wide.")]
        = 100,
    fmt: FormatOption = Format.table,
) -> None:
    """Draw a chart as SVG or PNG: seat totals (with --gains, before and after), a seat's
    history, the distribution of simulated seat totals, or a scatter of share against change."""
    from swingometer import charts

    kind = charts.check_kind(kind)
    given = [name for name, value in (
        ("--election", election), ("--from", from_), ("--gains", gains), ("--seat", seat),
        ("--party", party), ("--linked", linked), ("--shares", shares), ("--as-of", as_of),
        ("--model", model), ("--sims", sims), ("--seed", seed), ("--vertical", vertical))
        if value not in (None, False, [])]
    unused = [name for name in given if name not in CHART_OPTIONS[kind]]
    if unused:
        raise AnalysisError(f"{', '.join(unused)} {'does' if len(unused) == 1 else 'do'} not "
                            f"apply to the {kind} chart (it takes "
                            f"{', '.join(CHART_OPTIONS[kind])})")
    charts.check_output(output, width, height, dpi)
    data = _data()
    if kind == "history":
        if not seat or len(seat) > 1:
            raise AnalysisError(f"the history chart needs one --seat NAME (got {len(seat or [])})")
        plotted = charts.history_data(data, seat[0], party, linked or "largest")
    elif kind == "distribution":
        result = _simulation(shares, as_of, None, None, model, 10_000 if sims is None else sims,
                             0 if seed is None else seed, False)[1]
        plotted = charts.distribution_data(data, result, party)
    else:
        projection = None
        if shares or as_of:
            from swingometer.projection import project as run

            if election:
                raise AnalysisError("give --election, or --shares or --as-of for a projection, "
                                    "not both")
            projection = run(data, shares=_parse_shares(data, shares) if shares else None,
                             as_of=as_of, model=model, baseline=from_)
        elif model:
            raise AnalysisError("--model applies to a projection: give --shares or --as-of")
        before = None if projection else from_
        if kind == "totals":
            plotted = charts.totals_data(data, election, before=before, gains=gains,
                                         projection=projection, horizontal=not vertical)
        else:
            if not party or len(party) > 1:
                raise AnalysisError(f"the scatter chart needs one --party (got "
                                    f"{len(party or [])})")
            plotted = charts.scatter_data(data, party[0], election, before=before,
                                          projection=projection, seats=seat or ())
    try:
        charts.draw(plotted, output, width, height, dpi)
    except OSError as error:  # a folder that refuses writing (a missing one is checked above)
        raise AnalysisError(f"cannot write {output}: {error.strerror or error}") from None
    emit(fmt, lambda: plotted.to_dict() | {"output": str(output)}, lambda: plotted.table,
         lambda out: (out.table(plotted.title, list(plotted.display.columns),
                                plotted.display.itertuples(index=False),
                                right=[c for c in plotted.display.columns
                                       if c not in ("party", "name", "gss_code", "nation",
                                                    "winner", "date", "type", "relation")],
                                caption=plotted.note or None),
                      out.line(f"wrote {output}")))
    if fmt is Format.csv:
        typer.echo(f"wrote {output}", err=True)


@app.command(name="map")
def map_(
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="The file to write: .svg or .png.", dir_okay=False)],
    election: ElectionOption = None,
    colour: Annotated[str, typer.Option(
        "--colour", "--color", "-c",
        help="winner, share:PARTY, change:PARTY, swing:A:B (Butler swing from A to B) or "
             "probability (party codes or names, any case).")] = "winner",
    from_: Annotated[str | None, typer.Option(
        "--from", help="change, swing: the election to compare with (default: the previous "
                       "general election on the same boundaries, or the notional result).")]
        = None,
    highlight: Annotated[str | None, typer.Option(
        help='Fade all but these seats: conditions on the census or the result such as '
             '"muslim_pct>=20" or "majority_pct<5 and turnout<60", or seat names separated '
             'by ";".')] = None,
    label: Annotated[list[str] | None, typer.Option(
        help="Name this seat on the map (repeatable).")] = None,
    title: Annotated[str | None, typer.Option(help="The map's title.")] = None,
    width: Annotated[int | None, typer.Option(
        min=50, max=20_000, help="PNG width in pixels (default 1000).")] = None,
    height: Annotated[int | None, typer.Option(
        min=50, max=20_000, help="PNG height in pixels (default 1200).")] = None,
    layout: Annotated[Optional[Path], typer.Option(
        help="A HexJSON file to draw instead of the shipped layout.", dir_okay=False)] = None,
    shares: Annotated[str | None, typer.Option(
        help='probability: GB shares for the next election, e.g. "lab=30,ruk=25,con=18".')]
        = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="probability: the poll average as of this date.")] = None,
    model: ModelOption = None,
    sims: SimsOption = 10_000,
    seed: SeedOption = 0,
    fmt: FormatOption = Format.table,
) -> None:
    """Draw a hex map (one hexagon per seat) as SVG or PNG: winners, a party's share, the change
    or swing since the previous election, or simulated win probabilities."""
    from swingometer.maps import build_map
    from swingometer.maps.render import FORMATS

    if output.suffix.lower() not in FORMATS:
        raise AnalysisError(f"--output must end in .svg or .png (got {str(output)!r})")
    if output.suffix.lower() == ".svg" and (width or height):
        raise AnalysisError("--width and --height size a PNG; an SVG scales to any size")
    probability = colour.strip().lower() == "probability"
    if not probability and (shares or as_of or model):
        raise AnalysisError("--shares, --as-of and --model apply to --colour probability")
    simulation = None
    if probability:
        if election or from_:
            raise AnalysisError("a probability map shows a simulation of the next election from "
                                "the latest results: give --shares or --as-of, not --election "
                                "or --from")
        data, simulation = _simulation(shares, as_of, None, None, model, sims, seed, False)
    else:
        data = _data()
    hexmap = build_map(data, election, colour, baseline=from_, highlight=highlight,
                       labels=label or (), title=title, layout=layout, simulation=simulation)
    try:
        path = hexmap.save(output, width, height)
    except OSError as error:  # a folder that does not exist or refuses writing
        raise AnalysisError(f"cannot write {output}: {error.strerror or error}") from None
    seats = hexmap.seats()

    def table(out: Renderer) -> None:
        legend = hexmap.colouring.legend
        out.table(hexmap.title, ["colour", "class", "seats"],
                  [(" ".join("hatched" if c == "none" else c for c in r.colours), r.label,
                    r.seats) for r in legend.rows],
                  right={"seats"})
        picked = seats[seats["highlighted"] | seats["labelled"]]
        if len(picked):
            out.table("Highlighted and labelled seats", ["gss_code", "name", "value", "colour"],
                      picked[["gss_code", "name", "value", "colour"]].itertuples(index=False))
        out.line(f"wrote {path} ({len(seats)} seats; `--format csv` lists every seat)")

    emit(fmt, lambda: hexmap.to_dict() | {"output": str(path)},
         lambda: seats.assign(output=str(path)), table)


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


def _flag_scenario(data: Dataset, base: str | None, shares: str | None, as_of: str | None,
                   stand: list[str], stand_down: list[str], swing: list[str],
                   seats: list[str]) -> dict:
    """The scenario the simple flags describe, in the structure of a scenario file."""
    if (base is not None) + (shares is not None) + (as_of is not None) != 1:
        raise AnalysisError("give a scenario FILE, or exactly one of --base, --shares, --as-of")
    # over every seat, an operation skips the seats it cannot apply to (a stand-down where the
    # party did not stand); in the seats named with --seat, that is an error, as in a file
    target = {"seats": list(seats)} if seats else {"missing": "skip"}
    operations = []
    for text in stand_down:
        operations.append({"type": "stand_down", "party": text, **target})
    for text in stand:
        party, sep, share = text.partition("=")
        operations.append({"type": "stand", "party": party.strip(), **target,
                           **({"share": _number(share, "--stand")} if sep else {})})
    for text in swing:
        parts = text.split(":")
        if len(parts) != 3:
            raise AnalysisError(f"--swing takes FROM:TO:POINTS, e.g. lab:con:2.5 (got {text!r})")
        operations.append({"type": "swing", "from": parts[0], "to": parts[1],
                           "points": _number(parts[2], "--swing"), **target})
    given = {"election": base} if base else ({"as_of": as_of} if as_of else
                                             {"shares": _parse_shares(data, shares)})
    return {"name": "scenario from the command line", "base": given, "operations": operations}


def _number(text: str, option: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise AnalysisError(f"{option} needs a number (got {text!r})") from None


@app.command()
def scenario(
    file: Annotated[Optional[Path], typer.Argument(
        help="A scenario file (TOML); see examples/ and docs/scenarios.md.")] = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Print every assumption in words and numbers.")] = False,
    base: Annotated[Optional[str], typer.Option(
        help="Without FILE: the election to start from (id, year or date).")] = None,
    shares: Annotated[Optional[str], typer.Option(
        help='Without FILE: start from a projection of these GB shares, e.g. "lab=30,ruk=25".')]
        = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="Without FILE: start from a projection of the polls before this date.")]
        = None,
    stand: Annotated[Optional[list[str]], typer.Option(
        help="PARTY or PARTY=SHARE: the party stands where it did not (repeatable).")] = None,
    stand_down: Annotated[Optional[list[str]], typer.Option(
        "--stand-down", help="PARTY: the party stands down (repeatable).")] = None,
    swing: Annotated[Optional[list[str]], typer.Option(
        help="FROM:TO:POINTS: uniform swing (repeatable).")] = None,
    seat: Annotated[Optional[list[str]], typer.Option(
        help="Apply the flags' operations to this seat only (repeatable).")] = None,
    sims: Annotated[int, typer.Option(help="Simulations for win probabilities (0: none).")] = 0,
    seed: SeedOption = 0,
    max_sims: Annotated[int, typer.Option(min=1, help="Refuse more simulations than this.")]
        = 1_000_000,
    at_risk: Annotated[Optional[str], typer.Option(
        "--at-risk", help="Rank this party's seats by the tipping point of the scenario's last "
                          "fraction (how much of it must happen for the seat to fall), or by "
                          "its lead under the scenario when it has no fraction.")]
        = None,
    rival: Annotated[Optional[str], typer.Option(
        help="With --at-risk: measure the lead over this party (default: the strongest).")]
        = None,
    top: Annotated[int, typer.Option(min=1, help="Rows of --at-risk to show.")] = 10,
    seats: Annotated[str, typer.Option(
        help="Seats in JSON/CSV output: targeted, changed or all.")] = "targeted",
    fmt: FormatOption = Format.table,
) -> None:
    """What if...: apply a scenario (candidates standing or standing down, groups of voters
    moving, turnout, swings, pacts) to a result or a projection, seat by seat.

    A FILE states the operations in order (docs/scenarios.md). Without one, the flags make a
    simple scenario, applied in this order: every --stand-down, then every --stand, then every
    --swing.
    """
    from rich.progress import Progress

    from swingometer.scenarios import (
        ScenarioError,
        load_scenario,
        parse_scenario,
        run_scenario,
    )
    from swingometer.scenarios import explain as explain_text
    from swingometer.scenarios.steps import SKIP_HINT

    if seats not in ("targeted", "changed", "all"):
        raise AnalysisError(f"--seats must be targeted, changed or all (got {seats!r})")
    data = _data()
    if file is not None:
        if base or shares or as_of or stand or stand_down or swing or seat:
            raise AnalysisError("give a scenario FILE or the flags (--base ...), not both")
        plan = load_scenario(file)
    else:
        plan = parse_scenario(_flag_scenario(data, base, shares, as_of, stand or [],
                                             stand_down or [], swing or [], seat or []))
    with Progress(transient=True, console=Renderer(Format.table).error_console,
                  disable=sims < 1_000) as bar:
        task = bar.add_task("simulating", total=sims)
        try:
            result = run_scenario(data, plan, sims=sims, seed=seed if sims else None,
                                  max_sims=max_sims,
                                  progress=lambda done: bar.update(task, completed=done))
        except ScenarioError as error:
            if file is None and error.hint == SKIP_HINT:
                # the file format's `missing = "skip"` is not a flag: --seat is the choice here
                raise ScenarioError(error.key, error.expected, error.got,
                                    hint="without --seat, the flags skip the seats where they "
                                         "cannot apply") from None
            raise
    risk = None
    if at_risk:
        from swingometer.scenarios.risk import seats_at_risk

        # parties resolved as the operations resolve them (on a projection, the model's)
        risk = seats_at_risk(data, plan, at_risk, rival, result,
                             keys=("--at-risk", "--rival")).head(top)
    if explain:
        text = explain_text(data, plan, result)
        emit(fmt, lambda: {"explain": text.splitlines(), **result.to_dict(seats)},
             lambda: pd.DataFrame({"explain": text.splitlines()}), lambda out: out.line(text))
        return
    emit(fmt,
         lambda: result.to_dict(seats) | ({"at_risk": risk.to_dict(orient="records")}
                                          if risk is not None else {}),
         lambda: risk if risk is not None else result.seats(only_targeted=seats == "targeted")
         .pipe(lambda t: t[t["changed"]] if seats == "changed" else t),
         lambda out: show_scenario(out, result, risk))


@app.command()
def demo(
    map_output: Annotated[Path, typer.Option(
        "--map-output", help="Where to write the map of the 2024 winners (.svg or .png).",
        dir_okay=False)] = Path("swingometer-2024-winners.svg"),
    no_map: Annotated[bool, typer.Option("--no-map", help="Write no map.")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """The Batley and Spen story: 2019, the 2021 by-election, its 2024 successors, 2024 totals,
    the two successor seats' odds from the latest polls, and a hex map of the 2024 winners with
    the two labelled (written to --map-output; a folder that cannot be written to only skips the
    map)."""
    from swingometer.simulate import simulate_election

    data = _data()
    report = data.byelection("Batley and Spen", "2021-07-01")
    successors = data.successors("Batley and Spen", "2024")
    national = data.totals("2024", "uk")
    names = [r.name for r, _ in successors]
    # how safe the two seats looked on the last shipped polls, the week before the 2024 election
    odds = simulate_election(data, as_of="2024-07-04", sims=DEMO_SIMS, seed=DEMO_SEED)
    chances = odds.seat_table().set_index("name").loc[names]
    # and how they look on the latest shipped (and imported) polls
    latest = simulate_election(data, as_of="latest", sims=DEMO_SIMS, seed=DEMO_SEED)
    projection = latest.projection
    now = latest.seat_table().set_index("name").loc[names]
    map_path, map_error = _demo_map(data, names, None if no_map else map_output)

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
        inputs = projection.inputs
        out.line(f"\n[bold]And next time?[/bold] On the latest polls ({inputs['polls']} GB polls "
                 f"to {inputs['latest_poll']}, {inputs['method']} average; {latest.sims:,} "
                 f"simulations, seed {latest.seed}):")
        show_projection(out, projection, names)
        for name, row in now.iterrows():
            out.line(f"  {name}: {row['rating']} ({row['win_probability']:.0f}% for "
                     f"{row['favourite']})")
        if map_path is not None:
            out.line(f"\n[bold]The map[/bold] of the 2024 winners, {' and '.join(names)} "
                     f"labelled, is in")
            out.line(f"  {map_path}")

    emit(fmt,
         lambda: {"byelection": report.to_dict(),
                  "successors_2024": [r.to_dict() | {"population_weight": round(w, 4)}
                                      for r, w in successors],
                  "totals_2024": national.to_dict(),
                  "map": {"path": None if map_path is None else str(map_path),
                          "error": map_error},
                  "odds_before_2024": {"seed": odds.seed, "sims": odds.sims,
                                       "seats": chances.reset_index().to_dict(orient="records")},
                  "odds_from_latest_polls": {"seed": latest.seed, "sims": latest.sims,
                                             "seats": now.reset_index().to_dict(orient="records")},
                  "projection": projection.to_dict(seats=False)
                  | {"seats": [row for row in projection.seats().to_dict(orient="records")
                               if row["name"] in {r.name for r, _ in successors}]}},
         lambda: pd.concat([seat_frame(report.previous), seat_frame(report.result)]
                           + [seat_frame(r).assign(population_weight=round(w, 4))
                              for r, w in successors], ignore_index=True),
         story)


def _demo_map(data: Dataset, names: list[str], path: Path | None) -> tuple[Path | None,
                                                                             str | None]:
    """Write the demo's map of the 2024 winners; where the file cannot be written, say so on
    stderr and carry on (the story is the demo's main job)."""
    if path is None:
        return None, None
    from swingometer.maps import build_map
    from swingometer.maps.render import FORMATS

    if path.suffix.lower() not in FORMATS:
        raise AnalysisError(f"--map-output must end in .svg or .png (got {str(path)!r})")
    try:
        written = build_map(data, "2024", "winner", labels=names).save(path)
    except OSError as error:
        message = (f"the map was not written: {path}: {error.strerror or error}; choose "
                   f"another place with --map-output, or --no-map")
        typer.echo(f"note: {message}", err=True)
        return None, message
    return written.resolve(), None


DEMO_SIMS, DEMO_SEED = 10_000, 0


from swingometer.cli_polls import polls_app  # noqa: E402  (the group after the app it joins)

app.add_typer(polls_app)


@app.callback()
def _root() -> None:
    # a group callback, so that an app holding one command still reads its name (see below)
    pass


def _only_the_command_asked_for(argv: list[str]) -> None:
    """Typer builds the options of every command at each start (about 60 ms for all of them);
    a run of one command needs only that one built. Help and unknown names keep them all."""
    if len(argv) > 1 and not argv[1].startswith("-"):
        wanted = [info for info in app.registered_commands
                  if (info.name or info.callback.__name__.replace("_", "-")) == argv[1]]
        groups = [info for info in app.registered_groups
                  if info.typer_instance.info.name == argv[1]]
        if wanted or groups:
            app.registered_commands[:] = wanted
            app.registered_groups[:] = groups


def _no_polls(error: NoPollsError) -> str:
    """A missing-poll error in the command line's words: the option that widens the window."""
    if error.latest is None:
        return f"no {error.area} polls ended before {error.day}; give --shares"
    days = (pd.Timestamp(error.day) - pd.Timestamp(error.latest)).days + 1
    return (f"no {error.area} polls ended in the {error.window_days} days before {error.day}; the "
            f"latest {error.area} poll before it ended on {error.latest}: widen the window with "
            f"--window {days}, use --as-of latest, or give --shares")


def main() -> None:
    """Entry point: run the app, turning library errors into one-line messages and exit code 1."""
    import sys

    _only_the_command_asked_for(sys.argv)
    try:
        app()
    except NoPollsError as error:
        typer.echo(f"error: {_no_polls(error)}", err=True)
        raise SystemExit(1) from None
    except SwingometerError as error:
        typer.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        typer.echo("interrupted: nothing was written", err=True)
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
