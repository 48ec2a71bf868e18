"""The demo: the Batley and Spen story."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import pandas as pd
import typer

from swingometer.dataset import Dataset
from swingometer.exceptions import AnalysisError
from swingometer.interfaces.cli._app import (
    FormatOption,
    app,
    load_data,
)
from swingometer.interfaces.comparison_view import describe_winners
from swingometer.interfaces.render import Format, Renderer, emit, number
from swingometer.interfaces.views import (
    seat_frame,
    show_byelection,
    show_projection,
    show_seat,
    show_totals,
)

if TYPE_CHECKING:  # the story loads only when the demo runs
    from swingometer.scenarios.story import Story

DEMO_SIMS, DEMO_SEED = 10_000, 0


@app.command(short_help="The Batley and Spen story, start to finish.")
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
    from swingometer.scenarios.story import batley_and_spen

    data = load_data()
    told = batley_and_spen(data, DEMO_SIMS, DEMO_SEED)
    report, successors, national = told.report, told.successors, told.national
    odds, latest, projection = told.before_2024, told.latest, told.latest.projection
    chances, now, names = told.chances, told.now, told.names
    map_path, map_error = _demo_map(data, told, None if no_map else map_output)

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
        if map_path is not None:
            out.line(f"\n[bold]The map[/bold] of the 2024 winners, {' and '.join(names)} "
                     f"labelled, is in")
            out.line(f"  {map_path}")
        out.line(f"\n[bold]How safe did they look?[/bold] On the final polls before the 2024 "
                 f"election ({odds.sims:,} simulations, seed {odds.seed}):")
        for name, row in chances.iterrows():
            out.line(f"  {name}: {row['rating']} ({row['win_probability']:.0f}% for "
                     f"{row['favourite']}); the result: {told.winner_2024(name)}")
        inputs = projection.inputs
        out.line(f"\n[bold]And next time?[/bold] On the latest polls ({inputs['polls']} GB polls "
                 f"to {inputs['latest_poll']}, {inputs['method']} average; {latest.sims:,} "
                 f"simulations, seed {latest.seed}):")
        show_projection(out, projection, names)
        for name, row in now.iterrows():
            out.line(f"  {name}: {row['rating']} ({row['win_probability']:.0f}% for "
                     f"{row['favourite']})")
        totals = told.models.totals.set_index("party")
        out.line(f"  In the {len(told.models.models)} models: " + "; ".join(
            f"{name} {describe_winners(winners)}" for name, winners in told.by_model.items()))
        out.line("  Nationally the answer depends more on the model: " + ", ".join(
            f"{party} {totals.loc[party, 'low']}-{totals.loc[party, 'high']} seats"
            for party in totals.index[:2]) + " (`swingometer project --compare`)")

    emit(fmt,
         lambda: told.to_dict() | {"map": {"path": None if map_path is None else str(map_path),
                                           "error": map_error}},
         lambda: pd.concat([seat_frame(report.previous), seat_frame(report.result)]
                           + [seat_frame(r).assign(population_weight=round(w, 4))
                              for r, w in successors], ignore_index=True),
         story)


def _demo_map(data: Dataset, told: Story, path: Path | None) -> tuple[Path | None, str | None]:
    """Write the demo's map; where the file cannot be written, say so on stderr and carry on
    (the story is the demo's main job)."""
    from swingometer.scenarios.story import story_map

    if path is None:
        return None, None
    if path.suffix.lower() not in (".svg", ".png"):
        raise AnalysisError(f"--map-output must end in .svg or .png (got {str(path)!r})")
    try:
        return story_map(data, told, path), None
    except OSError as error:
        message = (f"the map was not written: {path}: {error.strerror or error}; choose "
                   f"another place with --map-output, or --no-map")
        typer.echo(f"note: {message}", err=True)
        return None, message
