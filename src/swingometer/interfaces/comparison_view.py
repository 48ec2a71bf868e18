"""How the CLI shows a model comparison (``project --compare``). Formatting only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from swingometer.interfaces.render import Renderer
from swingometer.interfaces.views import shares_used

if TYPE_CHECKING:
    from swingometer.forecast.comparison import ModelComparison

__all__ = ["describe_winners", "show_comparison"]

# the disputed seats listed in a table; JSON and CSV give them all
SHOWN = 20


def describe_winners(winners: dict[str, str]) -> str:
    """A seat's winner by model in words: ``RUK in every model``, or ``Lab (tactical,
    uniform); RUK (proportional)``."""
    by_party: dict[str, list[str]] = {}
    for model, party in winners.items():
        by_party.setdefault(party, []).append(model)
    if len(by_party) == 1:
        return f"{next(iter(by_party))} in every model"
    return "; ".join(f"{party} ({', '.join(names)})" for party, names in by_party.items())


def show_comparison(out: Renderer, comparison: ModelComparison, seats: list[str] = ()) -> None:
    first = comparison.first
    inputs = first.inputs
    source = (f"poll average of {inputs['polls']} GB polls in the {inputs['window_days']} days "
              f"before {inputs['as_of']}" if "as_of" in inputs else "shares given")
    models = comparison.models
    out.line(f"[bold]Every model on the same shares[/bold], from {first.baseline.election_id}; "
             f"{source}")
    for line in shares_used(first):
        out.line(line)
    totals = comparison.totals
    moving = totals[totals["spread"] > 0]
    rows = [[model, *moving[model]] for model in models]
    rows += [["lowest", *moving["low"]], ["highest", *moving["high"]],
             ["baseline", *moving["baseline"]]]
    parties = list(moving["party"])
    out.line(f"Seats by model ({models[0]}, the first, is the default):")
    out.table(None, ["model", *parties], rows, right=set(parties))
    fixed = totals[(totals["spread"] == 0) & (totals["high"] > 0)]
    if len(fixed):
        out.line("The same in every model: " + ", ".join(
            f"{p} {n}" for p, n in zip(fixed["party"], fixed["high"])))
    verdicts: dict[str, list[str]] = {}
    for model in models:
        v = comparison.projections[model].majority
        verdict = (f"{v['largest_party']} majority of {v['majority']}" if v["overall_majority"]
                   else f"hung parliament, {v['largest_party']} largest")
        verdicts.setdefault(verdict, []).append(model)
    out.line("; ".join(f"{verdict} ({', '.join(names) if len(verdicts) > 1 else 'every model'})"
                       for verdict, names in verdicts.items()))
    disputed = comparison.disputed
    out.line(f"{len(disputed)} of {len(first.projected.winners)} seats change winner with the "
             f"model; Northern Ireland's 18 seats and the Speaker's are held at the baseline in "
             f"all")
    if len(disputed):
        shown = disputed.sort_values(["winners", "name"], ascending=[False, True]).head(SHOWN)
        out.table(f"Seats whose winner depends on the model ({len(disputed)}; the "
                  f"{len(shown)} most disputed; all with --format csv)",
                  ["seat", "was", "winner (models)"],
                  [(name, was, describe_winners(comparison.winners(name)))
                   for name, was in zip(shown["name"], shown["baseline_winner"])])
    for name in seats:
        out.line(f"{name}: {describe_winners(comparison.winners(name))}")
