"""A simple scenario from a few choices, without a file: a base (an election, GB shares or the
polls of a day), then every stand-down, every stand and every swing, in that order.

Over every seat an operation skips the seats it cannot apply to (a stand-down where the party
did not stand); in the ``seats`` named, that is an error, as in a scenario file.

>>> import swingometer
>>> from swingometer.scenarios import run_scenario, simple_scenario
>>> plan = simple_scenario(election="parl.batley-and-spen.by.2021-07-01", stand=[("Green", 5)])
>>> [op.type for op in plan.operations]
['stand']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from swingometer.exceptions import AnalysisError
from swingometer.scenarios.spec import Scenario, parse_scenario

__all__ = ["SKIP_WITHOUT_SEATS", "simple_scenario"]

# what a simple scenario's error says where an operation cannot apply in a seat named
SKIP_WITHOUT_SEATS = "without seats=, the operations skip the seats where they cannot apply"


def simple_scenario(election: str | int | None = None, shares: Mapping[str, float] | None = None,
                    as_of: str | None = None, stand_down: Sequence[str] = (),
                    stand: Sequence[str | tuple[str, float | None]] = (),
                    swing: Sequence[tuple[str, str, float]] = (), seats: Sequence[str] = (),
                    name: str = "a simple scenario") -> Scenario:
    """The scenario: exactly one of ``election``, ``shares`` and ``as_of`` as its base;
    ``stand_down`` parties; ``stand`` parties, each alone or with its share (``("Green", 5)``);
    ``swing`` as ``(from, to, points)``; all over ``seats`` if given, else over every seat."""
    if (election is not None) + (shares is not None) + (as_of is not None) != 1:
        raise AnalysisError("a simple scenario starts from exactly one of election, shares and "
                            "as_of", option="election, shares, as_of")
    target = {"seats": list(seats)} if seats else {"missing": "skip"}
    operations = [{"type": "stand_down", "party": party, **target} for party in stand_down]
    for item in stand:
        party, share = (item, None) if isinstance(item, str) else item
        operations.append({"type": "stand", "party": party, **target,
                           **({"share": float(share)} if share is not None else {})})
    operations += [{"type": "swing", "from": frm, "to": to, "points": float(points), **target}
                   for frm, to, points in swing]
    base = ({"election": str(election)} if election is not None else
            {"as_of": as_of} if as_of is not None else {"shares": dict(shares)})
    scenario = parse_scenario({"name": name, "base": base, "operations": operations})
    return replace(scenario, missing_hint=SKIP_WITHOUT_SEATS, missing_option="seats=")
