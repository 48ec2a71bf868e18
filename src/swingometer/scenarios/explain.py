"""Every assumption of a scenario in words and numbers (``swingometer scenario --explain``)."""

from __future__ import annotations

from swingometer.data.context import History
from swingometer.scenarios.result import ScenarioResult
from swingometer.scenarios.run import run_scenario
from swingometer.scenarios.spec import Scenario

__all__ = ["explain"]


def _votes(moves: dict[str, float]) -> str:
    return ", ".join(f"{party} {votes:,.0f}" for party, votes in
                     sorted(moves.items(), key=lambda kv: -kv[1])) or "none"


def explain(data: History, scenario: Scenario, result: ScenarioResult | None = None) -> str:
    """The scenario's base, each operation with the assumptions it uses (given or default, with
    their sources), the votes it moves, and what happens to the seats, as plain text."""
    result = result or run_scenario(data, scenario)
    lines = [f"Scenario: {scenario.name or scenario.file or '(unnamed)'}"]
    if scenario.description:
        lines.append(scenario.description)
    lines.append(f"Base: {result.base.source} ({len(result.base.gss_codes)} seat(s)).")
    if scenario.base.is_projection:
        lines.append("The projection is made first; the operations then apply to its seat "
                     "shares, with votes at the baseline's turnout.")
    lines.append("Operations apply in the order written, each to the result of the one before.")
    if scenario.has_ranges():
        lines.append("Ranges are assumptions: this run uses their middles; a simulation "
                     "(--sims, --seed) draws them uniformly.")
    for step, op in zip(result.steps, scenario.operations):
        lines.append("")
        lines.append(f"{step.index}. {op.type} on {op.target.describe()}: {step.summary}.")
        for note in step.assumptions:
            lines.append(f"   - {note}")
        if op.missing == "skip":
            lines.append("   - seats of the target where it does not apply are skipped")
        lines.append(f"   votes moved: {step.moved.votes:,.0f}; from: {_votes(step.moved.sources)}"
                     f"; to: {_votes(step.moved.destinations)}")
    changes = result.changes
    lines.append("")
    lines.append(f"Outcome: {len(changes)} seat(s) change hands.")
    targeted = result.seats(only_targeted=True)
    if len(targeted) > 5:  # a few seats are described in full below instead
        for row in changes.head(20).to_dict(orient="records"):
            lines.append(f"   {row['name']}: {row['from']} to {row['to']} "
                         f"(majority {row['majority']:,.0f})")
    else:
        for row in targeted.itertuples():
            lines.append(f"   {row.name}: {row.winner} majority {row.majority:,.0f} "
                         f"({row.majority_pct:.1f}% of valid votes; base: {row.base_winner} "
                         f"by {row.base_majority:,.0f})")
    return "\n".join(lines)

