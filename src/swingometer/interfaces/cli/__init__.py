"""The ``swingometer`` command line: parse, call the library, format. Nothing else happens here.

One module per command group (results, forecast, pictures, store, what-if, demo, polls), each
registering its commands on the one app; library errors become one-line messages here, at the
edge, and nowhere else.
"""

from __future__ import annotations

import copy
import os
from typing import Annotated

import pandas as pd
import typer

from swingometer._version import __version__
from swingometer.exceptions import ChartSettingError, NoPollsError, SwingometerError
from swingometer.interfaces.cli._app import app

# isort: off
# the command groups, in the order --help lists them
from swingometer.interfaces.cli import results, forecast, pictures, store, whatif, demo  # noqa: E402,F401
from swingometer.interfaces.cli.polls import polls_app  # noqa: E402
# isort: on

__all__ = ["app", "main"]

app.add_typer(polls_app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"swingometer {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    context: typer.Context,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")]
        = False,
    raw_csv: Annotated[bool, typer.Option(
        "--raw-csv", help="Write CSV cells as they are: by default a text cell that a "
                          "spreadsheet would run as a formula (=, +, -, @ first) gets a leading "
                          "apostrophe. Also $SWINGOMETER_RAW_CSV=1.")] = False,
) -> None:
    if raw_csv:
        os.environ["SWINGOMETER_RAW_CSV"] = "1"  # read by the renderer, in this process only
    # a group callback, so that an app holding one command still reads its name (see below);
    # without a command, the help (and exit 0: asking what there is is no error)
    if context.invoked_subcommand is None:
        typer.echo(context.get_help())
        raise typer.Exit()


def _only_the_command_asked_for(argv: list[str]) -> typer.Typer:
    """The app, or a copy of it holding only the command asked for: typer builds the options of
    every command it holds at each start (about 60 ms for all of them), and a run of one command
    needs only that one built. Help and unknown names get the whole app; the app itself is never
    changed."""
    if len(argv) > 1 and not argv[1].startswith("-"):
        wanted = [info for info in app.registered_commands
                  if (info.name or info.callback.__name__.replace("_", "-")) == argv[1]]
        groups = [info for info in app.registered_groups
                  if info.typer_instance.info.name == argv[1]]
        if wanted or groups:
            trimmed = copy.copy(app)
            trimmed.registered_commands, trimmed.registered_groups = wanted, groups
            return trimmed
    return app


# the command line's spelling of what a library error's advice names (SwingometerError.option)
OPTIONS = {"normalise=True": "--normalise", "max_sims": "--max-sims", "baseline=": "--from",
           "before=": "--from", "date=": "--date ", "seats=": "--seat", "parties=": "--party",
           "election=": "--election", "shares=": "--shares", "as_of=": "--as-of",
           "model=": "--model", "since=": "--since",
           "workers": "--workers",
           "Dataset.election_table()": "`swingometer elections`",
           'Dataset.election_table(kind="by-election")':
               "`swingometer elections --type by-election`"}
# a chart setting's flag (ChartSettingError names the settings)
CHART_FLAGS = {"before": "--from", "parties": "--party", "seats": "--seat",
               "as_of": "--as-of"}


def _message(error: SwingometerError) -> str:
    """A library error in the command line's words."""
    if isinstance(error, NoPollsError):
        return _no_polls(error)
    if isinstance(error, ChartSettingError):
        def flags(names: tuple[str, ...]) -> str:
            return ", ".join(CHART_FLAGS.get(n, f"--{n}") for n in names)
        return (f"{flags(error.unused)} {'does' if len(error.unused) == 1 else 'do'} not apply "
                f"to the {error.kind} chart (it takes {flags(error.accepted)})")
    text = str(error)
    for option in (error.option,) if isinstance(error.option, str) else error.option or ():
        text = text.replace(option, OPTIONS.get(option, option))
    return text


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

    try:
        _only_the_command_asked_for(sys.argv)()
    except SwingometerError as error:
        typer.echo(f"error: {_message(error)}", err=True)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        typer.echo("interrupted: nothing was written", err=True)
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
