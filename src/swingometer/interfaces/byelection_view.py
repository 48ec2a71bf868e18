"""How the CLI shows the by-election track record (``backtest --target byelections``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from swingometer.interfaces.render import Renderer, number

if TYPE_CHECKING:
    from swingometer.forecast.byelection_backtest import ByElectionRecord

__all__ = ["show_byelection_record"]


def show_byelection_record(out: Renderer, record: ByElectionRecord) -> None:
    summary = record.summary()
    n = summary["by_elections"]
    since = f" since {record.since}" if record.since else " 2010-2026"
    out.line(f"[bold]By-elections{since}[/bold]: {n} in Great Britain, each from the previous "
             f"general election in the seat and the GB polls of its eve ({record.model} model)")
    rows = [("this model", f"{summary['called']} ({summary['called_pct']:.1f}%)",
             number(summary.get("brier"), 3), number(summary["share_mae"], 2)),
            ("the previous winner holds",
             f"{summary['previous_winner_holds_called']} "
             f"({summary['previous_winner_holds_pct']:.1f}%)",
             number(summary.get("previous_winner_holds_brier"), 3), "-")]
    out.table(None, ["call", "winners called", "Brier", "share error"], rows,
              right={"winners called", "Brier", "share error"})
    if record.probabilistic:
        out.line(f"Brier: the mean over by-elections of the sum over parties of (p - outcome)^2 "
                 f"({record.sims:,} simulations each, seed {record.seed}); the previous winner "
                 f"holds with the hold rate of the by-elections before it, else the runner-up")
    else:
        out.line("Add --probabilistic for the Brier score of the simulated win probabilities")
    misses = record.misses
    if len(misses):
        columns = ["date", "name", "previous", "projected", "winner"]
        rows = [list(r) for r in misses[columns].itertuples(index=False)]
        if record.probabilistic:
            columns.append("winner's chance")
            rows = [[*r, number(100 * p, 1, suffix="%")]
                    for r, p in zip(rows, misses["probability"])]
        out.table(f"Missed ({len(misses)})", columns, rows, right={"winner's chance"})
    for skipped in record.skipped:
        out.line(f"Not called: {skipped['election_id']} ({skipped['reason']})")
    out.line("Not modelled: by-election turnout, the candidates, local campaigns and the "
             "by-election's own polls; a party not on the ballot gets nothing")
