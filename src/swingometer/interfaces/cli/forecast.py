"""Forecast commands: project, simulate, backtest."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from swingometer.interfaces.cli._app import (
    SHARES_RULE,
    ByelectionsOption,
    FormatOption,
    ModelOption,
    NormaliseOption,
    PollWindowOption,
    SeedOption,
    SimsOption,
    app,
    load_data,
    parse_nations,
    parse_shares,
    progress_bar,
    run_simulation,
)
from swingometer.interfaces.render import Format, Renderer, emit
from swingometer.interfaces.views import (
    show_backtest,
    show_calibration,
    show_projection,
    show_simulation,
)


@app.command(short_help="Project every seat from shares or the polls.")
def project(
    shares: Annotated[Optional[str], typer.Option(
        help='GB shares in %, e.g. "ruk=29,lab=21,con=17,ld=13,grn=11"; ' + SHARES_RULE
             + ". Without them, the latest polls.")] = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="Use the poll average as of this date (polls ending before it), 'latest' "
                        "(the default without --shares) or 'today'.")] = None,
    scotland: Annotated[Optional[str], typer.Option(
        help='Scotland\'s own shares, e.g. "snp=30,lab=35,con=12", used as --shares are; '
             "else, from the polls, Scotland's own polls, or GB's and its by-elections.")]
        = None,
    wales: Annotated[Optional[str], typer.Option(
        help='Wales\'s own shares, e.g. "lab=37,ruk=17,pc=15", used as --shares are; else, '
             "from the polls, Wales's own polls, or GB's and its by-elections.")] = None,
    model: ModelOption = None,
    seat: Annotated[Optional[list[str]], typer.Option(
        help="Show this seat's projected shares (repeatable).")] = None,
    baseline: Annotated[Optional[str], typer.Option(
        help="Election to project from (default: the latest general election).")] = None,
    normalise: NormaliseOption = False,
    byelections: ByelectionsOption = True,
    window: PollWindowOption = None,
    compare: Annotated[bool, typer.Option(
        "--compare", help="Every model on the same shares, side by side: each party's seats by "
                          "model with their range, and the seats whose winner changes with the "
                          "model (CSV: those seats).")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Project every seat from national shares or a poll average (the latest polls by default):
    totals, gains, majority."""
    from swingometer.forecast.projection import project as run

    if compare and model:
        raise typer.BadParameter("--compare runs every model; leave out --model",
                                 param_hint="--model")
    data = load_data()
    given = parse_shares(data, shares) if shares else None
    options = dict(shares=given, as_of=as_of, baseline=baseline,
                   nations=parse_nations(data, scotland, wales), normalise=normalise,
                   byelections=byelections, poll_window=window)
    if compare:
        _compare(data, options, seat or [], fmt)
        return
    result = run(data, model=model, **options)
    names = [data.seat_index.name(data.find_seat_in(s, result.baseline.boundary_set))
             for s in seat or []]
    seats = result.seats()
    if names:
        seats = seats[seats["name"].isin(names)]
    emit(fmt, lambda: result.to_dict(seats=False) | {"seats": seats.to_dict(orient="records")},
         lambda: seats, lambda out: show_projection(out, result, names))


def _compare(data, options: dict, seat: list[str], fmt: Format) -> None:
    from swingometer.forecast.comparison import compare_models
    from swingometer.interfaces.comparison_view import show_comparison

    result = compare_models(data, **options)
    names = [data.seat_index.name(data.find_seat_in(s, result.first.baseline.boundary_set))
             for s in seat]
    disputed = result.disputed
    emit(fmt, result.to_dict, lambda: disputed,
         lambda out: show_comparison(out, result, names))


@app.command(short_help="Seat totals and win probabilities, simulated.")
def simulate(
    shares: Annotated[Optional[str], typer.Option(
        help='GB shares in %, e.g. "ruk=29,lab=21,con=17,ld=13,grn=11"; ' + SHARES_RULE
             + ".")] = None,
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="Use the poll average as of this date (polls ending before it), 'latest' "
                        "(the default without --shares) or 'today'.")] = None,
    scotland: Annotated[Optional[str], typer.Option(
        help="Scotland's own shares, used as --shares are.")] = None,
    wales: Annotated[Optional[str], typer.Option(
        help="Wales's own shares, used as --shares are.")] = None,
    model: ModelOption = None,
    sims: SimsOption = 10_000,
    seed: SeedOption = 0,
    normalise: NormaliseOption = False,
    max_sims: Annotated[int, typer.Option(min=1, help="Refuse more simulations than this.")]
        = 10_000_000,
    workers: Annotated[int, typer.Option(
        min=1, help="Processes to draw the simulations, at most 64; no more start than there "
                    "are CPUs or blocks of 1,000 (same numbers whatever the count).")] = 1,
    byelections: ByelectionsOption = True,
    window: PollWindowOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Monte Carlo seat totals and win probabilities around a projection (the latest polls by
    default), with the error model estimated from earlier elections."""
    _, result = run_simulation(shares, as_of, scotland, wales, model, sims, seed, normalise,
                            max_sims, workers, byelections, window)
    emit(fmt, result.to_dict, result.seat_table, lambda out: show_simulation(out, result))


@app.command(short_help="Score projections of past elections or by-elections.")
def backtest(
    target: Annotated[str, typer.Option(
        help="Election year: 2010, 2015, 2017, 2019 or 2024; or 'byelections', every GB "
             "by-election from the polls of its eve.")],
    input: Annotated[str, typer.Option(
        "--input", help="polls (final-week average) or actual (the actual national shares).")]
        = "polls",
    model: ModelOption = None,
    probabilistic: Annotated[bool, typer.Option(
        "--probabilistic", help="Also simulate, and score the win probabilities: Brier score, "
                                "log loss, reliability, 90% interval coverage.")] = False,
    sims: Annotated[Optional[int], typer.Option(
        help="Simulations (default 10,000; 2,000 for each by-election).")] = None,
    seed: SeedOption = 0,
    byelections: ByelectionsOption = True,
    since: Annotated[Optional[str], typer.Option(
        help="With --target byelections: only those on or after this date.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Project a past general election using only what was known before it, and score it; or,
    with --target byelections, call every GB by-election from the polls of its eve."""
    from swingometer.forecast.backtest import backtest as run
    from swingometer.forecast.backtest import calibrate

    if target.strip().lower() in {"byelections", "by-elections"}:
        _byelection_record(since, model, probabilistic, 2_000 if sims is None else sims, seed,
                           fmt)
        return
    if since:
        raise typer.BadParameter("--since goes with --target byelections", param_hint="--since")
    target, sims = _year(target), 10_000 if sims is None else sims
    if probabilistic:
        result, calibration = calibrate(load_data(), target, input, model, sims, seed, byelections)
    else:
        result, calibration = run(load_data(), target, input, model, byelections), None

    def table(out: Renderer) -> None:
        show_backtest(out, result)
        if calibration is not None:
            show_calibration(out, calibration)

    emit(fmt, lambda: result.to_dict() | (calibration.to_dict() if calibration else {}),
         lambda: result.wrong, table)


def _year(target: str) -> int | str:
    text = target.strip()
    return int(text) if text.isdigit() else text


def _byelection_record(since: str | None, model: str | None, probabilistic: bool, sims: int,
                       seed: int, fmt: Format) -> None:
    from swingometer.forecast.byelection_backtest import byelection_backtest
    from swingometer.interfaces.byelection_view import show_byelection_record

    data = load_data()
    with progress_bar(1, 0, "by-elections") as moved:
        record = byelection_backtest(data, since, model, probabilistic, sims, seed, moved)
    emit(fmt, record.to_dict, lambda: record.calls,
         lambda out: show_byelection_record(out, record))
