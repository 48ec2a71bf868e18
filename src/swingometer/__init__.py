"""swingometer: UK Westminster elections, offline: official results, seat arithmetic, by-elections.

>>> import swingometer
>>> data = swingometer.Dataset()
>>> data.totals("2019").parties.set_index("party").loc["Con", "seats"]
np.int64(365)
"""

from swingometer._version import __version__  # noqa: F401 (the package's version)
from swingometer.data.elections import Election
from swingometer.data.names import SeatKey, normalise_name
from swingometer.dataset import Dataset
from swingometer.exceptions import (
    AmbiguousError,
    AnalysisError,
    ChartSettingError,
    DataError,
    ElectionNotFoundError,
    NoPollsError,
    NotFoundError,
    PartyNotFoundError,
    Problem,
    ScenarioError,
    SeatFilterError,
    SeatNotFoundError,
    StoreError,
    SwingometerError,
    ValidationError,
)
from swingometer.results.history import ByElectionReport
from swingometer.results.seats import (
    Candidate,
    SeatResult,
    Swing,
    butler_swing,
    deposit_lost,
)
from swingometer.results.totals import NationalTotals

# the forecast, what-if and picture layers, imported only when first used, so that the results
# commands start as fast as pandas allows: name -> the module that holds it (a function named as
# its module, such as simulate, is left out: importing the module sets the package's attribute)
_LAZY = {
    "ErrorModel": "swingometer.forecast.error_model",
    "ImportSummary": "swingometer.data.imports",
    "ModelComparison": "swingometer.forecast.comparison",
    "PollAverage": "swingometer.forecast.polls",
    "Projection": "swingometer.forecast.projection",
    "Scenario": "swingometer.scenarios",
    "ScenarioResult": "swingometer.scenarios",
    "SimulationResult": "swingometer.forecast.simulate",
    "batley_and_spen": "swingometer.scenarios.story",
    "build_map": "swingometer.pictures.maps",
    "calibrate": "swingometer.forecast.backtest",
    "import_results": "swingometer.data.imports",
    "chart_data": "swingometer.pictures.charts",
    "charts": "swingometer.pictures.charts",
    "compare_models": "swingometer.forecast.comparison",
    "load_scenario": "swingometer.scenarios",
    "map_png": "swingometer.pictures.maps",
    "map_svg": "swingometer.pictures.maps",
    "parse_scenario": "swingometer.scenarios",
    "poll_average": "swingometer.forecast.polls",
    "project": "swingometer.forecast.projection",
    "run_scenario": "swingometer.scenarios",
    "simple_scenario": "swingometer.scenarios",
    "simulate_election": "swingometer.forecast.simulate",
}


def __getattr__(name: str):
    """The lazily imported names of :data:`_LAZY`."""
    if name not in _LAZY:
        raise AttributeError(f"module 'swingometer' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(_LAZY[name])
    value = module if module.__name__.endswith(f".{name}") else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

__all__ = [
    "AmbiguousError",
    "AnalysisError",
    "ByElectionReport",
    "Candidate",
    "ChartSettingError",
    "DataError",
    "Dataset",
    "Election",
    "ElectionNotFoundError",
    "ErrorModel",
    "ImportSummary",
    "ModelComparison",
    "NationalTotals",
    "NoPollsError",
    "NotFoundError",
    "PartyNotFoundError",
    "PollAverage",
    "Problem",
    "Projection",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "SeatFilterError",
    "SeatKey",
    "SeatNotFoundError",
    "SeatResult",
    "SimulationResult",
    "StoreError",
    "Swing",
    "SwingometerError",
    "ValidationError",
    "batley_and_spen",
    "build_map",
    "butler_swing",
    "calibrate",
    "chart_data",
    "charts",
    "compare_models",
    "deposit_lost",
    "import_results",
    "load_scenario",
    "map_png",
    "map_svg",
    "normalise_name",
    "parse_scenario",
    "poll_average",
    "project",
    "run_scenario",
    "simple_scenario",
    "simulate_election",
]
