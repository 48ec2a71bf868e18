"""How the CLI shows each kind of result as a table, CSV rows or JSON. Formatting only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pandas as pd

from swingometer.forecast.ratings import RATING_NOTE, RATING_ORDER
from swingometer.interfaces.render import Renderer, number
from swingometer.results.history import ByElectionReport, SeatLinks
from swingometer.results.seats import SeatResult
from swingometer.results.totals import AREA_LABELS, NationalTotals

if TYPE_CHECKING:  # the projection stack stays off the import path of the results commands
    from swingometer.forecast.backtest import BacktestResult, Calibration
    from swingometer.forecast.projection import Projection
    from swingometer.forecast.simulate import SimulationResult
    from swingometer.scenarios import ScenarioResult

__all__ = [
    "seat_frame",
    "show_backtest",
    "show_byelection",
    "show_calibration",
    "show_history",
    "show_links",
    "show_marginals",
    "show_projection",
    "show_scenario",
    "show_seat",
    "show_seat_chances",
    "show_simulation",
    "show_totals",
    "totals_frame",
]


def seat_frame(result: SeatResult) -> pd.DataFrame:
    """One row per candidate, with the seat's identity repeated (for CSV)."""
    return pd.DataFrame([{
        "election_id": result.election.election_id, "gss_code": result.gss_code,
        "constituency": result.name, "candidate": c.name, "party_code": c.party_code,
        "party_name": c.party_name, "votes": c.votes, "share": round(c.share, 2),
        "change": None if c.change is None else round(c.change, 2),
        "deposit_lost": c.deposit_lost, "elected": c.elected,
    } for c in result.candidates])


def _change(result: SeatResult, change: float | None) -> str:
    if result.baseline is None:
        return "-"
    return "new" if change is None else number(change, 1, signed=True)


def show_seat(out: Renderer, result: SeatResult, heading: str | None = None) -> None:
    """A seat's result as a rich table with a summary line."""
    election = result.election
    out.line(f"[bold]{heading or result.name}[/bold] ({result.gss_code}, {result.nation}) - "
             f"{election.name}, {election.date}")
    turnout = number(result.turnout, 1, suffix="%")
    if result.baseline_turnout is not None:
        turnout += f" (was {number(result.baseline_turnout, 1, suffix='%')})"
    if result.ballot_box_turnout is not None:
        turnout += (f" - ballot-box turnout {number(result.ballot_box_turnout, 1, suffix='%')} "
                    f"({number(result.invalid_votes)} rejected)")
    out.line(f"Electorate {number(result.electorate)} - valid votes {number(result.valid_votes)} - "
             f"turnout {turnout}")
    rows = [(c.name or "-", c.party_code, number(c.votes), number(c.share, 1, suffix="%"),
             _change(result, c.change), "lost" if c.deposit_lost else "",
             "elected" if c.elected else "") for c in result.candidates]
    caption = (f"change: share points since {result.baseline.election_id}"
               if result.baseline else "no comparison election on these boundaries")
    out.table(None, ["candidate", "party", "votes", "share", "change", "deposit", ""], rows,
              right={"votes", "share", "change"}, caption=caption)
    summary = (f"Winner: {result.winner.name or result.winner.party_code} ({result.winner.party_code})"
               f", majority {number(result.majority)} ({number(result.majority_pct, 1)}%)")
    swing = result.top_two_swing
    if swing is not None:
        summary += f"; Butler swing {swing}"
    summary += f"; {result.lost_deposits} lost deposit{'s' if result.lost_deposits != 1 else ''}"
    out.line(summary)
    if result.did_not_stand:
        gone = ", ".join(f"{p} ({number(s, 1)}%)" for p, s in result.did_not_stand.items())
        out.line(f"Did not stand this time: {gone}")
    for note in result.notes:
        out.line(f"[yellow]Note:[/yellow] {note}")


def show_links(out: Renderer, result: SeatResult, links: SeatLinks) -> None:
    """The seat's by-elections (those after this result first) and its successors or
    predecessors, with the commands that show them."""
    shown = result.election.election_id
    later = [(d, r) for i, d, r in links.byelections if d > result.election.date and i != shown]
    others = [(d, r) for i, d, r in links.byelections if d <= result.election.date and i != shown]
    quoted = f'"{result.name}"'
    if later:
        out.line("[bold]Since then[/bold]: " + "; ".join(
            f"by-election {d}{f' ({r})' if r else ''}" for d, r in later)
            + f": `swingometer byelection {quoted} --date {later[0][0]}`")
    if others:
        out.line("Earlier by-elections here: " + "; ".join(
            f"{d}{f' ({r})' if r else ''}" for d, r in others))
    if links.linked:
        relation = links.linked[0][0]
        out.line(("Abolished in 2024; its residents went to " if relation == "successor"
                  else "Drawn in 2024 from ")
                 + ", ".join(f"{name} ({100 * w:.0f}%)" if w >= 0.01 else f"{name} (<1%)"
                             for _, _, name, w in links.linked)
                 + f": `swingometer history {quoted}`")


def show_byelection(out: Renderer, report: ByElectionReport) -> None:
    if report.previous is not None:
        show_seat(out, report.previous, heading=f"{report.previous.name}: the comparison election")
        out.line()
    show_seat(out, report.result)
    if len(report.dates) > 1:
        out.line(f"By-elections in this seat: {', '.join(report.dates)} (choose with --date)")


def totals_frame(totals: NationalTotals) -> pd.DataFrame:
    frame = totals.parties.copy()
    frame.insert(0, "area", AREA_LABELS[totals.area])
    frame.insert(0, "election_id", totals.election.election_id)
    return frame


def show_totals(out: Renderer, totals: NationalTotals, min_share: float = 0.1) -> None:
    parties = totals.parties
    shown = parties[(parties["seats"] > 0) | (parties["share"] >= min_share)]
    has_change = "seats_change" in parties
    rows = []
    for row in shown.itertuples():
        rows.append((row.party, row.name, number(row.seats),
                     number(row.seats_change, signed=True) if has_change else "-",
                     number(row.votes), number(row.share, 1, suffix="%"),
                     number(row.share_change, 1, signed=True) if has_change else "-"))
    label = AREA_LABELS[totals.area]
    out.table(f"{totals.election.name}: {label} totals ({totals.seats} seats)",
              ["party", "name", "seats", "+/-", "votes", f"{label} share", "+/-"], rows,
              right={"seats", "+/-", "votes", f"{label} share"},
              caption=(f"changes against {totals.baseline.election_id}; " if totals.baseline
                       else "") + f"turnout {_turnouts(totals)}; "
                                  f"{len(parties) - len(shown)} smaller parties not shown")


def _turnouts(totals: NationalTotals) -> str:
    said = f"{number(totals.turnout, 1)}% of the electorate"
    if totals.ballot_box_turnout is None:
        return said
    return (f"{said} (ballot-box turnout {number(totals.ballot_box_turnout, 1)}%, "
            f"{number(totals.rejected_ballots)} rejected)")


def show_marginals(out: Renderer, table: pd.DataFrame, code: str, title: str) -> None:
    shown = table.drop(columns=["gss_code"]).rename(columns={
        "party_share": f"{code} %", "winner_share": "winner %", "majority_pct": "majority %",
        "swing_needed": "swing needed"})
    out.table(title, list(shown.columns), shown.itertuples(index=False),
              right={"rank", f"{code} %", "winner %", "majority %", "swing needed"},
              caption="swing needed: Butler swing in points; shares in % of valid votes")


def show_history(out: Renderer, table: pd.DataFrame) -> None:
    shares = [c for c in table.columns if c.startswith("share_")][:5]
    parties = [c.removeprefix("share_") for c in shares]
    shown = table[["relation", "date", "type", "name", "winner", "winner_share", "majority_pct",
                   "turnout", *shares]].copy()
    shown["relation"] = [("" if r == "this seat" else
                          f"{r} {100 * w:.0f}%" if w >= 0.01 else f"{r} <1%")
                         for r, w in zip(table["relation"], table["weight"])]
    shown["type"] = shown["type"].replace({"by-election": "by"})
    shown.columns = ["link", "date", "type", "seat", "winner", "winner %", "majority %",
                     "turnout %", *parties]
    own = table.loc[table["relation"] == "this seat", "name"].iloc[-1]
    out.table(f"History of {own}", list(shown.columns), shown.itertuples(index=False),
              right={"winner %", "majority %", "turnout %", *parties},
              drop=("turnout %", "winner %", *reversed(parties[3:]), "type"),
              caption="shares in % of valid votes; link: a successor's weight is the share of "
                      "this seat's population that moved into it, a predecessor's the share "
                      "of this seat's population that came from it")


def _share(value: float, typed: bool, filled: bool) -> str:
    """A share as typed (every decimal), or computed to one decimal (starred: filled in)."""
    if filled:
        return f"{value:.1f}*"
    return f"{value:g}" if typed and abs(value - round(value, 1)) > 1e-9 else f"{value:.1f}"


def shares_used(projection: Projection) -> list[str]:
    """Lines of the shares a projection used: GB's, and each nation's given; the parties filled in
    starred, and the factor of any rescaling."""
    given = {n for n, v in projection.inputs.get("nations", {}).items()
             if v.get("source") == "given"}
    lines = []
    for area, filled in projection.targets.filled.items():
        if area != "GB" and area not in given:
            continue
        typed = filled.typed and filled.scale is None
        parts = [f"{p} {_share(v, typed, p in filled.filled_in)}" for p, v in
                 sorted(filled.used.items(), key=lambda kv: -kv[1])
                 if v >= 0.05 or (typed and p not in filled.filled_in)]
        notes = []
        if filled.filled_in:
            notes.append("* filled in, in proportion to the baseline")
        if filled.scale is not None:
            notes.append(f"the given shares scaled by {filled.scale:.3f} (normalised)")
        lines.append(f"{area} shares: {', '.join(parts)}"
                     + (f" ({'; '.join(notes)})" if notes else ""))
    return lines


def show_projection(out: Renderer, projection: Projection, seats: list[str] = ()) -> None:
    inputs = projection.inputs
    source = (f"poll average of {inputs['polls']} GB polls in the {inputs['window_days']} days "
              f"before {inputs['as_of']}" if "as_of" in inputs else "shares given")
    out.line(f"[bold]Projection[/bold] ({projection.model} model) from "
             f"{projection.baseline.election_id}; {source}")
    for line in shares_used(projection):
        out.line(line)
    rows = [(r.party, r.seats, number(r.change, signed=True), r.baseline)
            for r in projection.totals.itertuples()]
    majority = projection.majority
    verdict = (f"{majority['largest_party']} majority of {majority['majority']}"
               if majority["overall_majority"] else
               f"hung parliament: {majority['largest_party']} largest, "
               f"{majority['needed'] - majority['seats']} short of a majority")
    out.table(None, ["party", "seats", "+/-", "baseline"], rows,
              right={"seats", "+/-", "baseline"})
    out.line(f"{verdict}; {len(projection.changes)} seats change hands; Northern Ireland's 18 "
             f"seats and the Speaker's are held at the baseline")
    flows = projection.flows
    if len(flows):
        top = flows.head(8)
        out.line("Gains: " + ", ".join(f"{to} from {frm} {n}" for frm, to, n in
                                        zip(top["from"], top["to"], top["seats"]))
                 + (f", and {len(flows) - 8} smaller flows" if len(flows) > 8 else ""))
    table = projection.seats()
    for name in seats:
        row = table[table["name"] == name].iloc[0]
        parts = ", ".join(f"{p} {row[p]:.1f}%" for p in projection.projected.parties
                          if row[p] >= 0.5)
        out.line(f"{name}: {row['winner']} (was {row['baseline_winner']}); {parts}")


def show_backtest(out: Renderer, result: BacktestResult, wrong: int = 15) -> None:
    out.line(f"[bold]Backtest {result.target}[/bold] from {result.input} "
             f"({result.model} model, baseline {result.baseline})")
    out.line(f"Winners called: {result.seats_called} of {result.gb_seats} GB seats "
             f"({result.seats_called_pct:.1f}%); total seat error (Lab, Con, LD, SNP, Reform) "
             f"{result.total_seat_error}; mean absolute error of seat shares "
             f"{result.share_mae:.2f} points")
    rows = [(p, t["predicted"], t["actual"], number(t["predicted"] - t["actual"], signed=True))
            for p, t in result.seat_totals.items() if t["predicted"] or t["actual"]]
    out.table(None, ["party", "predicted", "actual", "error"], rows,
              right={"predicted", "actual", "error"})
    if len(result.wrong):
        shown = result.wrong.head(wrong)
        out.table(f"Seats called wrongly ({len(result.wrong)}; first {len(shown)})",
                  list(shown.columns), shown.itertuples(index=False))
    if result.published:
        out.table(f"Published {result.target} forecasters (GB seats)",
                  ["forecaster", "winners called %", "total seat error"],
                  [(f["forecaster"], f["seats_called_pct"], f["total_seat_error"])
                   for f in result.published], right={"winners called %", "total seat error"})


def show_simulation(out: Renderer, result: SimulationResult, closest: int = 15) -> None:
    projection = result.projection
    out.line(f"[bold]{result.sims:,} simulated elections[/bold] (seed {result.seed}, "
             f"{projection.model} model, from {projection.baseline.election_id})")
    for line in shares_used(projection):
        out.line(line)
    totals = result.seat_totals()
    shown = totals[(totals["mean"] >= 0.5) | (totals["p_largest"] > 0)]
    out.table(None, ["party", "mean", "5%", "25%", "median", "75%", "95%", "majority",
                     "largest"],
              [(r.party, f"{r.mean:.0f}", r.p5, r.p25, r.p50, r.p75, r.p95,
                f"{100 * r.p_majority:.1f}%", f"{100 * r.p_largest:.1f}%")
               for r in shown.itertuples()],
              right={"mean", "5%", "25%", "median", "75%", "95%", "majority", "largest"})
    seats = result.seat_table()
    close = seats.sort_values("win_probability").head(closest)
    out.table(f"The {closest} closest seats", ["name", "projected", "favourite", "chance",
                                                "rating"],
              [(r.name, r.projected, r.favourite, f"{r.win_probability:.0f}%", r.rating)
               for r in close.itertuples()], right={"chance"})
    ratings = seats["rating"].str.split().str[0].value_counts()
    out.line("Ratings: " + ", ".join(f"{ratings.get(r, 0)} {r}" for r in reversed(RATING_ORDER))
             + f" ({RATING_NOTE})")


def show_seat_chances(out: Renderer, row: pd.Series, chances: pd.Series,
                      result: SimulationResult) -> None:
    out.line(f"[bold]{row['name']}[/bold] at the next election: {row['rating']} "
             f"({result.sims:,} simulations, seed {result.seed}, {result.projection.model} model)")
    for line in shares_used(result.projection):
        out.line(line)
    out.table(None, ["party", "chance of winning"],
              [(p, f"{100 * c:.1f}%") for p, c in chances.items()], right={"chance of winning"})
    out.line("Chances are the share of simulated elections (national and local errors around the "
             "projection, sized on past elections) each party wins; in close three-way seats the "
             "projected winner is not always the likeliest.")


def show_calibration(out: Renderer, calibration: Calibration) -> None:
    out.line(f"Probabilities ({calibration.sims:,} simulations, seed {calibration.seed}): Brier "
             f"score {calibration.brier:.3f} (the deterministic calls: "
             f"{calibration.brier_deterministic:.3f}); log loss {calibration.log_loss:.3f}")
    reliability = calibration.reliability
    out.table("Reliability: predicted win probability against how often it happened",
              ["probability", "mean predicted", "observed", "count"],
              [(r.range, f"{100 * r.predicted:.1f}%", f"{100 * r.observed:.1f}%", r.count)
               for r in reliability.itertuples()],
              right={"mean predicted", "observed", "count"})
    out.table("90% intervals of seat totals", ["party", "5%", "95%", "actual", "inside"],
              [(p, c["p5"], c["p95"], c["actual"], "yes" if c["inside"] else "no")
               for p, c in calibration.interval_coverage.items()],
              right={"5%", "95%", "actual"})


def _named(party_names: Mapping[str, str] | None, codes: Iterable[str]) -> str | None:
    """``Lab: Labour; INet: Independent Network``, for the codes shown (None without names)."""
    if not party_names:
        return None
    shown = sorted(set(codes))
    return "; ".join(f"{c}: {party_names[c]}" for c in shown if c in party_names) or None


def show_scenario(out: Renderer, result: ScenarioResult, at_risk: pd.DataFrame | None = None,
                  limit: int = 30, party_names: Mapping[str, str] | None = None) -> None:
    """A scenario's steps, its targeted seats, the seat totals and the seats most at risk; the
    parties named below the tables they appear in (``party_names``: code to name)."""
    scenario = result.scenario
    out.line(f"[bold]{scenario.name or scenario.file or 'Scenario'}[/bold]")
    out.line(f"Base: {result.base.source}")
    for step in result.steps:
        out.line(f"  {step.index}. {step.summary}: {step.moved.votes:,.0f} votes moved")
    if result.sims:
        out.line(f"{result.sims:,} simulations, seed {result.seed}: {result.uncertainty}")
    columns = ["name", "base", "base majority", "scenario", "majority", "majority %"]
    if result.sims:
        columns.append("win chance")
    seats = result.seats(only_targeted=True)
    shown = seats.sort_values(["changed", "majority_pct"], ascending=[False, True]).head(limit)
    out.table(f"Targeted seats ({len(seats)}; {int(seats['changed'].sum())} change hands)",
              columns,
              [(r.name, r.base_winner, number(r.base_majority), r.winner, number(r.majority),
                number(r.majority_pct, 1), *([number(r.win_probability, 1, suffix="%")]
                                            if result.sims else []))
               for r in shown.itertuples()],
              right={"base majority", "majority", "majority %", "win chance"},
              caption=_named(party_names, [*shown["base_winner"], *shown["winner"]]))
    if len(result.base.gss_codes) > 1:
        totals = result.totals
        totals = totals[(totals["base"] > 0) | (totals["seats"] > 0)]
        out.table("Seats", ["party", "name", "base", "scenario", "change"],
                  [(r.party, (party_names or {}).get(r.party, ""), r.base, r.seats,
                    number(r.change, signed=True)) for r in totals.itertuples()],
                  right={"base", "scenario", "change"}, drop=("name",))
    if at_risk is not None and "tipping_fraction" in at_risk:
        out.table("Most at risk: the fraction at which the seat falls (above 1: never, by this "
                  "alone)", ["name", "base lead", "lead at fraction 1", "tipping point"],
                  [(r.name, number(r.base_lead_pct, 1, signed=True),
                    number(r.lead_at_1_pct, 1, signed=True), number(r.tipping_fraction, 2))
                   for r in at_risk.itertuples()],
                  right={"base lead", "lead at fraction 1", "tipping point"})
    elif at_risk is not None:
        out.table("Most at risk (lead over the strongest rival under the scenario)",
                  ["name", "rival", "base lead", "lead", "winner"],
                  [(r.name, r.rival, number(r.base_lead_pct, 1, signed=True),
                    number(r.lead_pct, 1, signed=True), r.winner)
                   for r in at_risk.itertuples()], right={"base lead", "lead"})
