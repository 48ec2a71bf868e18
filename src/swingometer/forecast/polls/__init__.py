"""Opinion polls: averages by area and method, and the credit every output drawn from them owes.

The methods (``weighted``, the default, ``kalman`` and ``mean``) are described in
:mod:`swingometer.forecast.polls._methods`, the polls each may use in :mod:`swingometer.forecast.polls._frame`, and
house effects in :mod:`swingometer.forecast.polls._house`.
"""

from swingometer.forecast.polls._average import (
    DEFAULT_METHOD,
    PollAverage,
    poll_average,
    poll_averages,
    poll_day,
)
from swingometer.forecast.polls._frame import AREAS, PARTIES, POLL_LINEAGE, poll_area
from swingometer.forecast.polls._methods import METHODS, Options
from swingometer.forecast.polls._table import poll_table

__all__ = ["AREAS", "DEFAULT_METHOD", "METHODS", "PARTIES", "POLLS_CREDIT", "POLL_LINEAGE",
           "Options", "PollAverage", "poll_area", "poll_average", "poll_averages", "poll_day",
           "poll_table"]

# the sources and licences of the shipped polls: every output drawn from a poll average credits them
POLLS_CREDIT = ("Wikipedia (CC BY-SA 4.0) via AndyLawton/uk_general_election_polls, "
                "agoldhammer/UKPolls, HarviLehal/Opinion-Polling and angrisanidj/modello-uk; "
                "cross-checked with Mark Pack's PollBase (markpack.org.uk/opinion-polls)")
