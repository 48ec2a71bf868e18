"""One call for any chart by its kind: which settings each chart takes, the projection or
simulation it needs made, and its data gathered (what the command line's ``chart`` and the
dashboard ask for)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from swingometer.data.context import History
from swingometer.exceptions import AnalysisError, ChartSettingError
from swingometer.pictures.charts._chart import ChartData, check_kind

__all__ = ["CHART_SETTINGS", "ChartSettingError", "chart_data"]

# the settings each chart takes (one given to a chart that ignores it is refused)
CHART_SETTINGS: Mapping[str, tuple[str, ...]] = {
    "totals": ("election", "before", "gains", "shares", "as_of", "model", "vertical"),
    "scatter": ("election", "before", "parties", "seats", "shares", "as_of", "model"),
    "history": ("seats", "parties", "linked"),
    "distribution": ("parties", "shares", "as_of", "model", "sims", "seed"),
}


def chart_data(data: History, kind: str, *, election: str | int | None = None,
               before: str | None = None, gains: bool = False, seats: Sequence[str] = (),
               parties: Sequence[str] = (), linked: str | None = None,
               shares: Mapping[str, float] | None = None, as_of: str | None = None,
               model: str | None = None, sims: int | None = None, seed: int | None = None,
               vertical: bool = False,
               progress: Callable[[int], None] | None = None) -> ChartData:
    """The data of the ``kind`` chart (totals, scatter, history or distribution).

    ``shares`` or ``as_of`` chart a projection (``before``: its baseline) instead of an
    ``election``; the distribution chart simulates one (``sims``, default 10,000, seeded with
    ``seed``, default 0, with ``progress`` told the simulations done). Settings the chart does
    not take raise :class:`ChartSettingError`.
    """
    from swingometer.pictures import charts

    kind = check_kind(kind)
    given = {"election": election, "before": before, "gains": gains, "seats": list(seats),
             "parties": list(parties), "linked": linked, "shares": shares, "as_of": as_of,
             "model": model, "sims": sims, "seed": seed, "vertical": vertical}
    unused = [name for name, value in given.items()
              if value not in (None, False, []) and name not in CHART_SETTINGS[kind]]
    if unused:
        raise ChartSettingError(kind, unused, CHART_SETTINGS[kind])
    if kind == "history":
        if len(seats) != 1:
            raise AnalysisError(f"the history chart needs seats= with one seat (got "
                                f"{len(seats)})", option="seats=")
        return charts.history_data(data, seats[0], list(parties) or None, linked or "largest")
    if kind == "distribution":
        from swingometer.forecast.simulate import simulate_election

        simulated = simulate_election(data, shares=shares, as_of=as_of, model=model,
                                      sims=10_000 if sims is None else sims,
                                      seed=0 if seed is None else seed, progress=progress)
        return charts.distribution_data(data, simulated, list(parties) or None)
    projection = None
    if shares or as_of:
        from swingometer.forecast.projection import project

        if election:
            raise AnalysisError("give election=, or shares= or as_of= for a projection, not "
                                "both", option=("election=", "shares=", "as_of="))
        projection = project(data, shares=shares, as_of=as_of, model=model, baseline=before)
    elif model:
        raise AnalysisError("model= applies to a projection: give shares= or as_of=",
                            option=("model=", "shares=", "as_of="))
    baseline = None if projection else before
    if kind == "totals":
        return charts.totals_data(data, election, before=baseline, gains=gains,
                                  projection=projection, horizontal=not vertical)
    if len(parties) != 1:
        raise AnalysisError(f"the scatter chart needs parties= with one party (got "
                            f"{len(parties)})", option="parties=")
    return charts.scatter_data(data, parties[0], election, before=baseline,
                               projection=projection, seats=seats)
