"""What-if scenarios: a base (a result or a projection) and ordered operations applied to it.

>>> import swingometer
>>> from swingometer.scenarios import parse_scenario, run_scenario
>>> scenario = parse_scenario('''
... [base]
... election = "parl.batley-and-spen.by.2021-07-01"
... [[operations]]
... type = "stand_down"
... candidate = "George Galloway"
... [operations.transfers]
... home = 1.0
... ''')
>>> result = run_scenario(swingometer.Dataset(), scenario)
>>> int(result.seats()["majority"].iloc[0])
323
"""

from swingometer.scenarios.ballot import Ballot
from swingometer.scenarios.explain import explain
from swingometer.scenarios.groups import GROUPS, SUPPORT, Group
from swingometer.scenarios.result import ScenarioResult, Step
from swingometer.scenarios.run import run_scenario
from swingometer.scenarios.simple import simple_scenario
from swingometer.scenarios.spec import (
    Base,
    Operation,
    Scenario,
    ScenarioError,
    Target,
    load_scenario,
    parse_scenario,
)

__all__ = [
    "GROUPS",
    "SUPPORT",
    "Ballot",
    "Base",
    "Group",
    "Operation",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "Step",
    "Target",
    "explain",
    "load_scenario",
    "parse_scenario",
    "run_scenario",
    "simple_scenario",
]
