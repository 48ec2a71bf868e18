"""Picture commands: chart and map."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from swingometer.exceptions import AnalysisError
from swingometer.interfaces.cli._app import (
    ElectionOption,
    FormatOption,
    ModelOption,
    SeedOption,
    SimsOption,
    app,
    load_data,
    parse_shares,
    progress_bar,
    run_simulation,
)
from swingometer.interfaces.render import Format, Renderer, emit


@app.command(short_help="Draw a chart (SVG or PNG).")
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
             '"lab=30,ruk=25,con=18,ld=13,grn=9"; each kept as typed and the rest filled in, '
             "as in `project --shares`.")] = None,
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
    from swingometer.pictures import charts

    charts.check_output(output, width, height, dpi)
    data = load_data()
    settings = dict(election=election, before=from_, gains=gains, seats=seat or (),
                    parties=party or (), linked=linked,
                    shares=parse_shares(data, shares) if shares else None, as_of=as_of,
                    model=model, sims=sims, seed=seed, vertical=vertical)
    if charts.check_kind(kind) == "distribution":  # a simulation: its progress on the terminal
        with progress_bar(10_000 if sims is None else sims, 50_000) as progress:
            plotted = charts.chart_data(data, kind, **settings, progress=progress)
    else:
        plotted = charts.chart_data(data, kind, **settings)
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


@app.command(name="map", short_help="Draw a hex map (SVG or PNG).")
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
        help='probability: GB shares for the next election, e.g. "lab=30,ruk=25,con=18"; '
             "each kept as typed and the rest filled in, as in `project --shares`.")]
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
    from swingometer.pictures.maps import build_map
    from swingometer.pictures.maps.render import FORMATS

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
        data, simulation = run_simulation(shares, as_of, None, None, model, sims, seed, False)
    else:
        data = load_data()
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
