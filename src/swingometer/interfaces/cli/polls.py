"""``swingometer polls``: list, average, chart, import and remove polls. Parse, call, format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import pandas as pd
import typer

from swingometer.dataset import Dataset
from swingometer.interfaces.render import Format, emit, number

polls_app = typer.Typer(name="polls", rich_markup_mode=None,
                        context_settings={"help_option_names": ["-h", "--help"]},
                        help="Opinion polls: list them, average them, chart them, add your own.",
                        short_help="Opinion polls: list, average, chart, import, remove.")

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
AreaOption = Annotated[str, typer.Option(help="GB, UK, Scotland, Wales or London.")]
AsOfOption = Annotated[str, typer.Option(
    "--as-of", help="The day of the average (polls ending before it): YYYY-MM-DD, 'latest' (the "
                    "day after the latest GB poll) or 'today'.")]
MethodOption = Annotated[Optional[str], typer.Option(
    help="kalman (the default: a local-level smoother), weighted (recency and sample weights, "
         "each pollster capped) or mean (the plain mean of the window).")]
WindowOption = Annotated[Optional[int], typer.Option(
    "--window", min=1, help="Days to look back (default: the method's; longer outside GB).")]


@polls_app.callback(invoke_without_command=True)
def _polls(context: typer.Context) -> None:
    if context.invoked_subcommand is None:  # the group's help, and exit 0
        typer.echo(context.get_help())
        raise typer.Exit()


LISTED = ["poll_id", "date_start", "date_end", "pollster", "client", "area", "sample_size",
          "nonstandard"]


@polls_app.command("list", short_help="List polls, shipped and imported.")
def list_(
    area: Annotated[Optional[str], typer.Option(
        help="Only this area: GB, UK, Scotland, Wales or London.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Only polls ending on or after this day.")]
        = None,
    until: Annotated[Optional[str], typer.Option(help="Only polls ending on or before this day.")]
        = None,
    pollster: Annotated[Optional[str], typer.Option(
        help="Only this pollster (case-insensitive, part of the name).")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List polls, shipped and imported, newest last (GB by default includes polls whose area
    the source did not record)."""
    from swingometer.forecast.polls import poll_table

    table = poll_table(Dataset().polls, area, since, until,
                       pollster)
    parties = [c for c in table.columns if c not in LISTED]
    emit(fmt, lambda: table.to_dict(orient="records"), lambda: table,
         lambda out: out.table(
             f"{len(table):,} polls", ["date_end", "pollster", "area", "n", "flag", *parties],
             ([r.date_end, r.pollster, r.area, r.sample_size, r.nonstandard,
               *[getattr(r, p) for p in parties]] for r in table.itertuples()),
             right={"n", *parties}, drop=("flag", "n", "area", "RB", "PC", "SNP", "Oth")))


@polls_app.command(short_help="An area's poll average as of a day.")
def average(
    as_of: AsOfOption = "latest",
    area: AreaOption = "GB",
    method: MethodOption = None,
    window: WindowOption = None,
    house_effects: Annotated[bool, typer.Option(
        "--house-effects", help="Subtract each pollster's house effect before averaging.")]
        = False,
    nonstandard: Annotated[bool, typer.Option(
        "--nonstandard", help="Use MRPs and mega-polls too (left out by default).")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """An area's poll average as of a day: the shares, the polls and pollsters behind them, the
    latest poll used and the pollsters' house effects."""
    from swingometer.forecast.polls import poll_average, poll_day

    polls = Dataset().polls
    result = poll_average(polls, poll_day(polls, as_of), area, method, window,
                          house_effects, nonstandard)
    rows = pd.DataFrame([{"party": p, "share": round(s, 2), "sd": round(result.sd[p], 2)
                          if p in result.sd else None} for p, s in
                         sorted(result.shares.items(), key=lambda kv: -kv[1])])

    def table(out) -> None:
        out.table(f"{result.area} poll average as of {result.as_of} ({result.method}, "
                  f"{result.window_days} days)", ["party", f"{result.area} share", "+/- (90%)"],
                  ([r.party, number(r.share, 1, suffix="%"),
                    "" if pd.isna(r.sd) else number(1.645 * r.sd, 1)] for r in rows.itertuples()),
                  right={f"{result.area} share", "+/- (90%)"},
                  caption=f"{result.polls} polls by {result.pollsters} pollsters; the latest "
                          f"ended {result.latest_poll}")
        if result.house_effects:
            parties = list(rows["party"])
            out.table("house effects (points against the rest of the field, past year)",
                      ["pollster", *parties],
                      ([name, *[number(effects.get(p), 1, signed=True) for p in parties]]
                       for name, effects in result.house_effects.items()),
                      right=set(parties))

    emit(fmt, result.to_dict, lambda: rows.assign(as_of=result.as_of, area=result.area,
                                                  method=result.method), table)


@polls_app.command(short_help="Chart the polls and their average.")
def chart(
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write (.svg or .png).",
                                         dir_okay=False)],
    area: AreaOption = "GB",
    since: Annotated[Optional[str], typer.Option(help="First day shown (default: two years "
                                                      "before the latest poll).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Last day shown.")] = None,
    method: MethodOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Chart the polls: a dot per poll, the average as a line with its 90% band, election
    results marked."""
    from swingometer.pictures import charts

    charts.check_output(output)
    figure_data = charts.polls_chart_data(Dataset(), area, since, until, method)
    charts.draw(figure_data, output)
    emit(fmt, lambda: {"path": str(output), **figure_data.to_dict()}, lambda: figure_data.table,
         lambda out: (out.table(figure_data.title, list(figure_data.display.columns),
                                figure_data.display.itertuples(index=False)),
                      out.line(f"wrote {output}")))


@polls_app.command("import", short_help="Add a poll file to the local store.")
def import_(
    file: Annotated[Path, typer.Argument(help="A poll CSV (layout in the README).", exists=True,
                                         dir_okay=False)],
    fmt: FormatOption = Format.table,
) -> None:
    """Validate a poll file and add its polls to the local store ($SWINGOMETER_HOME): all of it
    or nothing; importing the same file again replaces what it gave."""
    from swingometer.data.poll_imports import import_polls

    summary = import_polls(file)
    verb = "replaced" if summary.replaced else "imported"
    emit(fmt, summary.to_dict, lambda: pd.DataFrame({"poll_id": list(summary.poll_ids),
                                                     "file": summary.file}),
         lambda out: out.line(f"{verb} {len(summary.poll_ids)} poll(s) from {file} "
                              f"({summary.encoding}) into {summary.store}"))


@polls_app.command(short_help="Take imported polls out of the store.")
def remove(
    what: Annotated[str, typer.Argument(help="An imported file (path or name) or a poll id.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Take imported polls out of the local store: every poll a file gave, or one poll."""
    from swingometer.data.poll_imports import remove_polls

    summary = remove_polls(what)
    emit(fmt, summary.to_dict, lambda: pd.DataFrame({"poll_id": list(summary.removed)}),
         lambda out: out.line(f"removed {len(summary.removed)} poll(s) from {summary.store}"))
