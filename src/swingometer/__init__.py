"""swingometer: UK Westminster elections, offline: official results, seat arithmetic, by-elections.

>>> import swingometer
>>> data = swingometer.Dataset()
>>> data.totals("2019").parties.set_index("party").loc["Con", "seats"]
np.int64(365)
"""

from swingometer.dataset import Dataset
from swingometer.elections import Election
from swingometer.exceptions import (
    AmbiguousError,
    AnalysisError,
    DataError,
    ElectionNotFoundError,
    NoPollsError,
    NotFoundError,
    PartyNotFoundError,
    Problem,
    ScenarioError,
    SeatNotFoundError,
    StoreError,
    SwingometerError,
    ValidationError,
)
from swingometer.history import ByElectionReport
from swingometer.imports import ImportSummary, import_results
from swingometer.names import SeatKey, normalise_name
from swingometer.seats import Candidate, SeatResult, Swing, butler_swing, deposit_lost
from swingometer.totals import NationalTotals

__version__ = "0.1.0"

__all__ = [
    "AmbiguousError",
    "AnalysisError",
    "ByElectionReport",
    "Candidate",
    "DataError",
    "Dataset",
    "Election",
    "ElectionNotFoundError",
    "ImportSummary",
    "NationalTotals",
    "NoPollsError",
    "NotFoundError",
    "PartyNotFoundError",
    "Problem",
    "ScenarioError",
    "SeatKey",
    "SeatNotFoundError",
    "SeatResult",
    "StoreError",
    "Swing",
    "SwingometerError",
    "ValidationError",
    "butler_swing",
    "deposit_lost",
    "import_results",
    "normalise_name",
]
