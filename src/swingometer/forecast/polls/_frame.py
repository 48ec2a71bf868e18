"""The polls an average may use: one area, standard polls only by default, shares by party.

The area ``GB`` takes the polls whose area is GB or was not recorded (every poll before June 2017:
Wikipedia's tables then were GB polls with the odd UK one); UK-wide polls count Northern Ireland,
whose parties do not stand in GB, and are averaged only under ``UK``. Scotland, Wales and London
take their own polls. MRPs, SRPs and mega-polls (the table's ``nonstandard`` flag) are left out
unless asked for.

Shares are by poll party: Reform UK continues the Brexit Party (``BRX`` counts as ``RUK``), the
Liberal Democrats the Liberals and the SDP-Liberal Alliance; minor parties without a column count as
``Oth``; a poll that lists no others leaves the rest of 100 to them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from swingometer.data.tables import POLL_PARTIES
from swingometer.exceptions import AnalysisError

__all__ = ["AREAS", "PARTIES", "POLL_LINEAGE", "PollFrame", "poll_area", "poll_frame",
           "usable_polls"]

PARTIES = ("Con", "Lab", "LD", "Green", "SNP", "PC", "UKIP", "RUK", "RB", "Oth")
AREAS = ("GB", "UK", "Scotland", "Wales", "London")
# the party of the averages each other poll column counts as: the Liberals and the SDP-Liberal
# Alliance as the Liberal Democrats, the Brexit Party as Reform UK, the small parties as others
POLL_LINEAGE = {"BRX": "RUK", "Lib": "LD", "All": "LD", "ChUK": "Oth", "SDP": "Oth",
                "Reclaim": "Oth"}


@dataclass(frozen=True, eq=False)
class PollFrame:
    """The usable polls of one area, sorted by end date: ``shares`` (polls x :data:`PARTIES`, NaN
    where a poll did not report a party), end dates (ISO text), pollsters (a poll whose source
    names none counts as its own pollster) and sample sizes (NaN if unknown)."""

    area: str
    ends: np.ndarray
    pollsters: np.ndarray
    samples: np.ndarray
    shares: np.ndarray
    ids: np.ndarray

    def __len__(self) -> int:
        return len(self.ends)

    def before(self, day: str, days: int | None = None) -> slice:
        """The polls that ended before ``day`` (and, with ``days``, on or after ``day - days``)."""
        high = int(np.searchsorted(self.ends, day))
        if days is None:
            return slice(0, high)
        start = (pd.Timestamp(day) - pd.Timedelta(days=days)).date().isoformat()
        return slice(int(np.searchsorted(self.ends, start)), high)

    def ages(self, rows: slice, day: str) -> np.ndarray:
        """Days from each poll's end to ``day``."""
        return ((np.datetime64(day) - self.ends[rows].astype("datetime64[D]"))
                .astype(int).astype(float))

    def last_before(self, day: str) -> str | None:
        """The end date of the latest poll before ``day``, if any."""
        high = int(np.searchsorted(self.ends, day))
        return str(self.ends[high - 1]) if high else None


def poll_area(text: str) -> str:
    """The area ``text`` names, in its canonical spelling (``"scotland"`` -> ``"Scotland"``)."""
    found = {a.lower(): a for a in AREAS}.get(str(text).strip().lower())
    if found is None:
        raise AnalysisError(f"area must be one of {', '.join(AREAS)} (got {text!r})")
    return found


def usable_polls(polls: pd.DataFrame, area: str = "GB", nonstandard: bool = False
                 ) -> pd.DataFrame:
    """The rows of the polls table an average of ``area`` may use (see the module notes), by
    end date."""
    chosen = polls["area"].isin([area]) | (polls["area"].isna() if area == "GB" else False)
    if not nonstandard and "nonstandard" in polls:
        chosen &= polls["nonstandard"].isna()
    return polls[chosen & polls["date_end"].notna()].sort_values("date_end", kind="stable")


def poll_frame(polls: pd.DataFrame, area: str = "GB", nonstandard: bool = False) -> PollFrame:
    """The polls of ``area`` (see the module notes; any case) as a :class:`PollFrame`."""
    area = poll_area(area)
    usable = usable_polls(polls, area, nonstandard)
    columns = [c for c in POLL_PARTIES if c in usable]
    shares = pd.DataFrame({party: usable[[c for c in columns if POLL_LINEAGE.get(c, c) == party]]
                           .sum(axis=1, min_count=1) for party in PARTIES}, dtype=float)
    named = shares.drop(columns="Oth").sum(axis=1)
    rest = (100 - named).clip(lower=0)
    shares["Oth"] = shares["Oth"].fillna(rest)
    pollsters = usable["pollster"].astype(object)
    pollsters = pollsters.where(pollsters.notna(), "unnamed " + usable["poll_id"].astype(str))
    return PollFrame(area, usable["date_end"].to_numpy(dtype=str), pollsters.to_numpy(dtype=str),
                     usable["sample_size"].to_numpy(dtype=float, na_value=np.nan),
                     shares.to_numpy(),
                     usable["poll_id"].to_numpy(dtype=str))
