"""The polls table filtered for people: by area, dates and pollster, empty columns dropped."""

from __future__ import annotations

import pandas as pd

from swingometer.data.tables import POLL_PARTIES
from swingometer.forecast.polls._frame import poll_area

__all__ = ["poll_table"]


def poll_table(polls: pd.DataFrame, area: str | None = None, since: str | None = None,
               until: str | None = None, pollster: str | None = None) -> pd.DataFrame:
    """The polls of ``area`` (GB includes those whose area was not recorded) that ended between
    ``since`` and ``until`` (inclusive), by a pollster whose name contains ``pollster``
    (case-insensitive), oldest first; party columns no listed poll reports are left out."""
    chosen = pd.Series(True, index=polls.index)
    if area is not None:
        area = poll_area(area)
        chosen &= polls["area"].eq(area).fillna(area == "GB")
    if since:
        chosen &= polls["date_end"] >= str(since)
    if until:
        chosen &= polls["date_end"] <= str(until)
    if pollster:
        chosen &= polls["pollster"].str.contains(pollster, case=False, regex=False).fillna(False)
    table = polls[chosen].sort_values(["date_end", "poll_id"], kind="stable", ignore_index=True)
    empty = [c for c in POLL_PARTIES if c in table and table[c].isna().all()]
    return table.drop(columns=empty)
