"""Tipping points: how far an operation's ``fraction`` must go for each seat to change hands."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from swingometer.data.context import History
from swingometer.scenarios.result import ScenarioResult
from swingometer.scenarios.run import run_scenario, start
from swingometer.scenarios.spec import Scenario, ScenarioError
from swingometer.scenarios.steps import Context, Runner

__all__ = ["seats_at_risk", "tipping_points"]


def _parties(context: Context, party: str, rival: str | None,
             keys: tuple[str, str]) -> tuple[str, str | None]:
    """``party`` and ``rival`` as the base's ballot names them, resolved as the operations
    resolve them: on a projection, the model's parties. The party must be one whose own seats
    the base can show (not one a projection counts in ``Oth`` with every other small party);
    a rival may be (falling behind ``Oth`` is falling behind one of them)."""
    return (context.party(party, keys[0], alone=True),
            context.party(rival, keys[1]) if rival else None)


def seats_at_risk(data: History, scenario: Scenario, party: str, rival: str | None = None,
                  result: ScenarioResult | None = None,
                  keys: tuple[str, str] = ("party", "rival")) -> pd.DataFrame:
    """The seats ``party`` holds in the base that the scenario targets, most at risk first: by
    tipping point (:func:`tipping_points`) when an operation has a ``fraction``, otherwise by
    the party's lead under the scenario (``result``, run if not given). Parties are resolved as
    the operations resolve them; ``keys`` name them in errors (the CLI's ``--at-risk``)."""
    if any("fraction" in op.params for op in scenario.operations):
        return tipping_points(data, scenario, party, rival, keys=keys)
    context = Context(data, data, scenario.base.is_projection, None)
    party, rival = _parties(context, party, rival, keys)
    result = result or run_scenario(data, scenario)
    return result.at_risk(party, rival)


def tipping_points(data: History, scenario: Scenario, party: str, rival: str | None = None,
                   operation: int | None = None, steps: int = 50,
                   keys: tuple[str, str] = ("party", "rival")) -> pd.DataFrame:
    """For every seat ``party`` wins in the base that the scenario targets, the ``fraction`` of
    an operation (the last one with a fraction, unless ``operation``, 1-based, says which) at
    which the party falls behind ``rival`` (or behind anyone): its tipping point.

    The party's lead is computed on a grid of ``steps`` + 1 fractions from 0 to 1 (other
    assumptions at their middles) and the crossing interpolated between grid points. A seat that
    holds even at 1 gets the fraction the lead's fall from 0 to 1 extrapolates to (above 1:
    more than all of the group would have to move, so the scenario alone cannot take it), or
    NaN if the lead does not fall. The most vulnerable seats come first.

    >>> import swingometer
    >>> from swingometer.scenarios import parse_scenario
    >>> s = parse_scenario('''
    ... [base]
    ... election = "parl.batley-and-spen.by.2021-07-01"
    ... [[operations]]
    ... type = "swing"
    ... from = "Lab"
    ... to = "Con"
    ... fraction = 0.5
    ... ''')
    >>> round(float(tipping_points(swingometer.Dataset(), s, "Lab")["tipping_fraction"][0]), 4)
    0.0121
    """
    indices = [i for i, op in enumerate(scenario.operations) if "fraction" in op.params]
    if operation is not None:
        index = operation - 1
        if index not in indices:
            raise ScenarioError("operation", "the number of an operation with a fraction ("
                                + ", ".join(str(i + 1) for i in indices) + ")", operation)
    elif indices:
        index = indices[-1]
    else:
        raise ScenarioError("operations", "at least one operation with a fraction to vary",
                            [op.type for op in scenario.operations])
    # as the ballot names parties: a code or a name; on a projection, the model's party
    party, rival = _parties(Context(data, data, scenario.base.is_projection, None), party,
                            rival, keys)
    base, context, _ = start(data, scenario)
    grid = np.linspace(0, 1, steps + 1)
    leads, targeted = [], np.zeros(len(base.gss_codes), dtype=bool)
    for fraction in grid:
        ops = list(scenario.operations)
        ops[index] = replace(ops[index], params={**ops[index].params, "fraction": fraction})
        ballot, _, mask = Runner(replace(scenario, operations=tuple(ops)), context).run(base)
        targeted |= mask
        leads.append(ballot.lead(party, rival)[0])
    lead = np.array(leads)                                   # grid x seats
    behind = lead < 0
    first = np.where(behind.any(axis=0), behind.argmax(axis=0), -1)
    tipping = np.full(lead.shape[1], np.nan)
    seats = np.flatnonzero(first > 0)
    before, after = lead[first[seats] - 1, seats], lead[first[seats], seats]
    tipping[seats] = grid[first[seats] - 1] + (grid[1] - grid[0]) * before / (before - after)
    tipping[first == 0] = 0.0
    holds = (first < 0) & (lead[-1] < lead[0])
    tipping[holds] = lead[0, holds] / (lead[0, holds] - lead[-1, holds])
    held = base.winners == party
    table = pd.DataFrame({"gss_code": base.gss_codes, "name": base.names,
                          "base_lead_pct": lead[0].round(2), "lead_at_1_pct": lead[-1].round(2),
                          "tipping_fraction": tipping.round(4)})[held & targeted]
    return table.sort_values(["tipping_fraction", "gss_code"], na_position="last",
                             ignore_index=True)
