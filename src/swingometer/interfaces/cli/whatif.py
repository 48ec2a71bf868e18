"""The scenario command: what if."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import pandas as pd
import typer

from swingometer.dataset import Dataset
from swingometer.interfaces.cli._app import (
    FormatOption,
    SeedOption,
    app,
    load_data,
    parse_shares,
    progress_bar,
)
from swingometer.interfaces.render import Format, emit
from swingometer.interfaces.views import (
    show_scenario,
)

if TYPE_CHECKING:  # the what-ifs load only when the command runs
    from swingometer.scenarios import Scenario
from swingometer.exceptions import AnalysisError


def _flag_scenario(data: Dataset, base: str | None, shares: str | None, as_of: str | None,
                   stand: list[str], stand_down: list[str], swing: list[str],
                   seats: list[str]) -> Scenario:
    """The simple scenario the flags describe (their texts parsed here, the rest the
    library's)."""
    from swingometer.scenarios import simple_scenario

    if (base is not None) + (shares is not None) + (as_of is not None) != 1:
        raise AnalysisError("give a scenario FILE, or exactly one of --base, --shares, --as-of")
    standing = []
    for text in stand:
        party, sep, share = text.partition("=")
        standing.append((party.strip(), _number(share, "--stand") if sep else None))
    swings = []
    for text in swing:
        parts = text.split(":")
        if len(parts) != 3:
            raise AnalysisError(f"--swing takes FROM:TO:POINTS, e.g. lab:con:2.5 (got {text!r})")
        swings.append((parts[0], parts[1], _number(parts[2], "--swing")))
    return simple_scenario(election=base, shares=parse_shares(data, shares) if shares else None,
                           as_of=as_of, stand_down=stand_down, stand=standing, swing=swings,
                           seats=seats, name="scenario from the command line")


def _number(text: str, option: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise AnalysisError(f"{option} needs a number (got {text!r})") from None


@app.command(short_help="What if: a scenario applied seat by seat.")
def scenario(
    file: Annotated[Optional[Path], typer.Argument(
        help="A scenario file (TOML); see examples/ and docs/scenarios.md.")] = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Print every assumption in words and numbers.")] = False,
    base: Annotated[Optional[str], typer.Option(
        help="Without FILE: the election to start from (id, year or date).")] = None,
    shares: Annotated[Optional[str], typer.Option(
        help='Without FILE: start from a projection of these GB shares, e.g. "lab=30,ruk=25"; '
             "each kept as typed and the rest filled in, as in `project --shares`.")]
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

    from swingometer.scenarios import explain as explain_text
    from swingometer.scenarios import (
        load_scenario,
        run_scenario,
    )

    if seats not in ("targeted", "changed", "all"):
        raise AnalysisError(f"--seats must be targeted, changed or all (got {seats!r})")
    data = load_data()
    if file is not None:
        if base or shares or as_of or stand or stand_down or swing or seat:
            raise AnalysisError("give a scenario FILE or the flags (--base ...), not both")
        plan = load_scenario(file)
    else:
        plan = _flag_scenario(data, base, shares, as_of, stand or [], stand_down or [],
                              swing or [], seat or [])
    with progress_bar(sims, 1_000) as progress:
        result = run_scenario(data, plan, sims=sims, seed=seed if sims else None,
                              max_sims=max_sims, progress=progress)
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
         lambda out: show_scenario(out, result, risk,
                                   party_names=dict(zip(data.parties["code"],
                                                        data.parties["name"]))))
