"""The ``swingometer`` app and what its commands share: the options, the data, the shares a
user types and a simulation with a progress bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Optional

import typer

from swingometer.dataset import Dataset
from swingometer.exceptions import AnalysisError
from swingometer.interfaces.render import Format, Renderer

app = typer.Typer(
    name="swingometer",
    help="UK Westminster elections, offline: official results 2010-2026, seat arithmetic, "
         "by-elections, projections from polls, probabilities, what-if scenarios, hex maps and "
         "charts.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
ElectionOption = Annotated[Optional[str], typer.Option(
    "--election", "-e", help="Election id (parl.2019-12-12), year (2019), date, or 'notional'.")]


def load_data() -> Dataset:
    """The shipped data and the user's store."""
    return Dataset()


def parse_shares(data: Dataset, text: str, flag: str = "--shares") -> dict[str, float]:
    """``"lab=34.6,con=24.4,ref=14.7"`` -> ``{"Lab": 34.6, "Con": 24.4, "RUK": 14.7}`` (the
    shares of ``flag``; each party once)."""
    from swingometer.forecast.models import share_party

    shares: dict[str, float] = {}
    typed: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        party, sep, value = item.partition("=")
        if not sep:
            raise AnalysisError(f"{flag} takes party=share pairs such as lab=34.6 (got {item!r})")
        key = party.strip()
        code = share_party(data, key)
        if code in typed:
            raise AnalysisError(f"{flag} gives {code} twice ({typed[code]} and {item}); give "
                                f"each party once")
        try:
            shares[code] = float(value)
        except ValueError:
            raise AnalysisError(f"the share of {key} must be a number (got {value!r})") from None
        typed[code] = item
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


# how typed shares are used, said in every --shares help
SHARES_RULE = ("each share is used as typed; the parties not given share what is left of 100 in "
               "proportion to their baseline shares (the SNP and Plaid first keep theirs), and "
               "the output stars them; above 100 in all is an error unless --normalise")
NormaliseOption = Annotated[bool, typer.Option(
    "--normalise", help="Shares above 100 in all (or, every party given, not 100): scale the given "
                        "ones, in proportion, to fill what the parties not given leave at their "
                        "baseline shares; the output gives the factor.")]
SimsOption = Annotated[int, typer.Option(help="Simulated elections (at most --max-sims).")]
SeedOption = Annotated[int, typer.Option(help="Seed of the random draws: same seed, same result.")]


def parse_nations(data: Dataset, scotland: str | None, wales: str | None
                  ) -> dict[str, dict[str, float]]:
    """Scotland's and Wales's own shares, where given."""
    return {name: parse_shares(data, text, f"--{name.lower()}") for name, text in
            (("Scotland", scotland), ("Wales", wales)) if text}


@contextmanager
def progress_bar(total: int, shown_from: int, label: str = "simulating"
                 ) -> Iterator[Callable[..., None]]:
    """A callback that moves a progress bar on the terminal's stderr to the number done (and,
    if given, a new total); the bar shown only for ``shown_from`` or more, on a terminal."""
    from rich.progress import Progress

    console = Renderer(Format.table).error_console
    with Progress(transient=True, console=console,
                  disable=total < shown_from or not console.is_terminal) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done, new_total=None: bar.update(task, completed=done,
                                                      total=new_total or total)


def run_simulation(shares: str | None, as_of: str | None, scotland: str | None, wales: str | None,
                model: str | None, sims: int, seed: int, normalise: bool,
                max_sims: int = 10_000_000, workers: int = 1, byelections: bool = True,
                window: int | None = None):
    """Parse the inputs, then simulate with a progress bar on the terminal."""
    from swingometer.forecast.simulate import check_run, simulate_election

    check_run(sims, seed, max_sims)  # before the inputs are parsed
    data = load_data()
    given = parse_shares(data, shares) if shares else None
    with progress_bar(sims, 50_000) as progress:
        return data, simulate_election(
            data, shares=given, as_of=as_of, model=model, sims=sims, seed=seed,
            nations=parse_nations(data, scotland, wales), normalise=normalise,
            max_sims=max_sims, workers=workers, progress=progress, byelections=byelections,
            poll_window=window)
