"""Groups of voters a ``group_shift`` can move, and the assumptions that size them in each seat.

A group's votes for a party in a seat are estimated as::

    electorate x group share of the electorate x seat turnout x relative turnout x support

- *group share of the electorate*: the census share of residents (Census 2021, Scotland's Census
  2022; the shipped demographics table) times ``eligible``, the group's share of the electorate
  relative to its share of residents. Its default corrects for age: the share of the group aged
  16 and over, estimated from the shipped demographics by regressing each seat's adult share on
  the group's share across the seats (an ecological estimate, printed by ``--explain``), divided
  by the seat's own adult share. Citizenship is not corrected for (no default: set ``eligible``).
- *relative turnout*: the group's turnout over the seat's; default 1 (an assumption: no validated
  group turnout is shipped).
- *support*: the share of the group's voters backing the party; a sourced default where one is
  listed in :data:`SUPPORT`, otherwise the party's share of the seat's vote (the group votes like
  the seat), said so by ``--explain``.

The estimate is capped at the party's votes in the seat.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["GROUPS", "SUPPORT", "Group", "adult_share", "electorate_share", "group_of"]


@dataclass(frozen=True)
class Group:
    """A group of residents, the demographics column giving its share, and its census source."""

    name: str
    column: str
    label: str
    source: str
    adults_only: bool = False   # the column is already a share of residents aged 16+


_RELIGION = "census religion: Census 2021 (England and Wales), Scotland's Census 2022"
_ETHNICITY = "census ethnic group: Census 2021 (England and Wales), Scotland's Census 2022"
GROUPS = {g.name: g for g in (
    Group("muslim", "muslim_pct", "Muslim", _RELIGION),
    Group("hindu", "hindu_pct", "Hindu", _RELIGION),
    Group("sikh", "sikh_pct", "Sikh", _RELIGION),
    Group("jewish", "jewish_pct", "Jewish", _RELIGION),
    Group("christian", "christian_pct", "Christian", _RELIGION),
    Group("no_religion", "no_religion_pct", "no-religion", _RELIGION),
    Group("asian", "asian_pct", "Asian", _ETHNICITY),
    Group("black", "black_pct", "Black", _ETHNICITY),
    Group("white", "white_pct", "White", _ETHNICITY),
    Group("degree", "degree_pct", "graduate", "census qualifications, residents aged 16+", True),
)}

# (group, party) -> (support, source). Support: share of the group's voters backing the party.
SUPPORT = {
    ("muslim", "Lab"): (0.86, ("Survation for the Labour Muslim Network, 20 May - 4 June "
                               "2021, 504 British Muslim adults by telephone: 86% of those who "
                               "voted in 2019 recalled voting Labour. A 2019 figure: the same "
                               "pollster found 60% of Muslim voters with a preference backing "
                               "Labour in early 2024; set support for a later base")),
}


def group_of(name: str) -> Group:
    """The group called ``name`` (``muslim``, ``degree``, ...) or ``KeyError``."""
    return GROUPS[name.strip().lower().replace(" ", "_")]


def _adult_fit(demographics: pd.DataFrame, column: str, boundary_set: str) -> float:
    table = demographics[demographics["boundary_set"] == boundary_set]
    adults = table["adults_16_plus"] / table["population"]
    share = table[column] / 100
    design = np.column_stack([np.ones(len(share)), share])
    (intercept, slope), *_ = np.linalg.lstsq(design, adults.to_numpy(), rcond=None)
    return float(intercept + slope)


def adult_share(group: Group, demographics: pd.DataFrame, boundary_set: str) -> float:
    """The estimated share of the group's residents aged 16 and over (ecological regression
    over the seats of the boundary set); 1 for a group counted among adults only."""
    return 1.0 if group.adults_only else _adult_fit(demographics, group.column, boundary_set)


def electorate_share(group: Group, demographics: pd.DataFrame, boundary_set: str,
                     gss_codes: np.ndarray, eligible: float | None) -> np.ndarray:
    """Per seat, the group's estimated share (0-1) of the electorate (NaN where the census has
    no figure for the seat, as in Northern Ireland)."""
    rows = demographics[demographics["boundary_set"] == boundary_set]
    rows = rows.set_index("gss_code").reindex(gss_codes)
    share = rows[group.column].to_numpy(dtype=float) / 100
    if eligible is not None:
        return np.clip(share * eligible, 0, 1)
    if group.adults_only:
        return share
    adults = (rows["adults_16_plus"] / rows["population"]).to_numpy(dtype=float)
    return np.clip(share * adult_share(group, demographics, boundary_set) / adults, 0, 1)
