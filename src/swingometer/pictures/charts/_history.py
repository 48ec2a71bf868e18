"""A seat's vote shares at every election, across the 2024 boundary change.

The seat's own results (solid lines) are drawn with those of the seats it is linked to across
the boundary change (dashed): its predecessors for a 2024-set seat, its successors for a 2010-set
seat, with the population weights of :meth:`~swingometer.dataset.Dataset.history`. By-elections
are unjoined diamonds; a party that did not stand has no point (not 0%). Independents, left out
of the seat histories as they are not one party, are drawn as ``Ind``: the strongest independent
candidate at each election.

>>> import swingometer
>>> from swingometer.pictures.charts import history_data
>>> chart = history_data(swingometer.Dataset(), "Spen Valley", parties=["Lab"])
>>> chart.table[chart.table["name"] == "Spen Valley"]["share"].tolist()
[33.51, 39.15]
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from swingometer.data.parties import party_styles
from swingometer.exceptions import AnalysisError
from swingometer.pictures.charts._chart import (
    DEFAULT_DPI,
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    GRID,
    INK,
    ChartData,
    draw,
    edge_colour,
    election_source,
)
from swingometer.results.history import MAJOR_SHARE

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from swingometer.dataset import Dataset

__all__ = ["LINKED", "history", "history_data"]

LINKED = ("largest", "all", "none")
BOUNDARIES = {"pcon2010": "2010-2019 boundaries", "pcon2024": "2024 boundaries"}


def _seat_label(row: pd.Series, seat: str) -> str:
    where = BOUNDARIES.get(row["boundary_set"], row["boundary_set"])
    if row["relation"] == "this seat":
        return f"{row['name']} ({where})"
    if row["relation"] == "predecessor":
        return (f"{row['name']} ({where}): {100 * row['weight']:.0f}% of {seat}'s population "
                f"came from it")
    return f"{row['name']} ({where}): took {100 * row['weight']:.0f}% of {seat}'s population"


def _strongest_independent(data: Dataset, rows: pd.DataFrame) -> pd.Series:
    """The share of the strongest independent candidate at each election of ``rows`` (NA where
    none stood): the seat histories leave independents out, as they are not one party, but a
    seat an independent won (or came close in) is not told without them."""
    standing = data.candidacies[data.candidacies["party_code"] == "Ind"]
    votes = standing.groupby(["election_id", "gss_code"])["votes"].max()
    valid = data.contests.set_index(["election_id", "gss_code"])["valid_votes"]
    keys = pd.MultiIndex.from_frame(rows[["election_id", "gss_code"]])
    share = 100 * votes.reindex(keys).to_numpy(dtype=float) / valid.reindex(keys).to_numpy(
        dtype=float)
    return pd.Series(share, index=rows.index).round(2)


def history_data(data: Dataset, seat: str, parties: Sequence[str] | None = None,
                 linked: str = "largest") -> ChartData:
    """Every share ``parties`` took in ``seat`` and in its linked seats, election by election.

    ``linked`` chooses the linked seats drawn: ``largest`` (the one with the largest population
    weight), ``all`` or ``none``. ``parties`` (codes or names) defaults to those that took at
    least 5% at some election drawn.
    """
    if linked not in LINKED:
        raise AnalysisError(f"linked must be one of {', '.join(LINKED)} (got {linked!r})")
    full = data.history(seat)
    own = full[full["relation"] == "this seat"]
    name, gss_code = own["name"].iloc[-1], own["gss_code"].iloc[0]
    others = full[full["relation"] != "this seat"]
    if linked == "largest" and len(others):
        others = others[others["gss_code"] == others.sort_values(
            "weight", ascending=False, kind="stable")["gss_code"].iloc[0]]
    elif linked == "none":
        others = others.iloc[:0]
    rows = full.loc[sorted(set(own.index) | set(others.index))].copy()
    rows["share_Ind"] = _strongest_independent(data, rows)
    available = [c.removeprefix("share_") for c in rows.columns if c.startswith("share_")]
    if parties:
        chosen = []
        for query in parties:
            code = data.party(query)
            code = data.party_lineage.get(code, code)
            if code not in available or rows[f"share_{code}"].isna().all():
                shown = [p for p in available if rows[f"share_{p}"].notna().any()]
                raise AnalysisError(f"{code} has no share of 5% or more in the history of "
                                    f"{name}; the parties with one are {', '.join(shown)}")
            chosen.append(code)
        chosen = list(dict.fromkeys(chosen))
    else:
        chosen = [p for p in available if rows[f"share_{p}"].max() >= MAJOR_SHARE]
    styles = party_styles(data.parties, chosen)
    labels = {code: _seat_label(r, name) for code, r in
              rows.drop_duplicates("gss_code").set_index("gss_code", drop=False).iterrows()}
    table = rows.melt(id_vars=["election_id", "date", "type", "gss_code", "name",
                               "boundary_set", "relation", "weight", "winner"],
                      value_vars=[f"share_{p}" for p in chosen], var_name="party",
                      value_name="share").dropna(subset=["share"])
    table["party"] = table["party"].str.removeprefix("share_")
    table["party_name"] = table["party"].map({p: styles[p].name for p in chosen})
    table["colour"] = table["party"].map({p: styles[p].colour for p in chosen})
    order = {p: i for i, p in enumerate(chosen)}
    table = table.assign(_p=table["party"].map(order)).sort_values(
        ["_p", "relation", "gss_code", "date"], kind="stable").drop(columns="_p")
    table = table.reset_index(drop=True)[
        ["party", "party_name", "election_id", "date", "type", "gss_code", "name",
         "boundary_set", "relation", "weight", "winner", "share", "colour"]]
    display = rows[["date", "type", "name", "relation", "winner"]
                   + [f"share_{p}" for p in chosen]].rename(
        columns={f"share_{p}": p for p in chosen}).reset_index(drop=True)
    first, last = rows["date"].min()[:4], rows["date"].max()[:4]
    title = f"{name}: vote share by party, {first}-{last}"
    described = []
    for _, row in rows.iterrows():
        shares = sorted(((p, row[f"share_{p}"]) for p in chosen if pd.notna(row[f"share_{p}"])),
                        key=lambda item: -item[1])
        kind = {"by-election": " by-election", "notional": " notional"}.get(row["type"], "")
        described.append(f"{row['date'][:4]}{kind} in {row['name']}: "
                         + ", ".join(f"{p} {s:.1f}%" for p, s in shares))
    description = (f"Vote shares by party in {name} ({gss_code}) and its linked seats at every "
                   f"election: " + "; ".join(described) + ".")
    seats = pd.concat([own, others]).drop_duplicates("gss_code")
    facts = {"seat": name, "gss_code": gss_code, "boundary_set": own["boundary_set"].iloc[0],
             "parties": chosen, "linked": linked,
             "seats": [{"gss_code": r["gss_code"], "name": r["name"], "relation": r["relation"],
                        "weight": float(r["weight"]), "label": labels[r["gss_code"]]}
                       for _, r in seats.iterrows()]}
    source = election_source(*rows["election_id"])
    return ChartData("history", title, description, table, facts, source, display, _plot)


def _plot(chart: ChartData, figure: Figure) -> None:
    from matplotlib.lines import Line2D

    table = chart.table.assign(when=pd.to_datetime(chart.table["date"]))
    ax = figure.add_subplot()
    for (party, code), rows in table.groupby(["party", "gss_code"], sort=False):
        own = rows["relation"].iloc[0] == "this seat"
        colour = rows["colour"].iloc[0]
        style = {"color": colour, "markeredgecolor": edge_colour(colour),
                 "markerfacecolor": colour if own else "white", "markeredgewidth": 1.0}
        general = rows[rows["type"] != "by-election"]
        ax.plot(general["when"], general["share"], linestyle="-" if own else "--", marker="o",
                markersize=5 if own else 4, linewidth=1.8 if own else 1.1,
                gid=f"history-{party}-{code}", **style)
        by = rows[rows["type"] == "by-election"]
        if len(by):
            ax.plot(by["when"], by["share"], linestyle="", marker="D", markersize=5,
                    gid=f"byelection-{party}-{code}", **style)
    ax.set_ylim(0, max(table["share"].max() * 1.1, 10))
    ax.set_ylabel("share of the vote (%)")
    ax.grid(color=GRID, linewidth=0.5)
    ax.set_axisbelow(True)
    parties = table.drop_duplicates("party")
    handles = [Line2D([], [], color=c, linewidth=2, marker="o", markersize=4,
                      markeredgecolor=edge_colour(c), label=p)
               for p, c in zip(parties["party"], parties["colour"])]
    handles.append(Line2D([], [], linestyle="", label=" "))
    drawn = set(table["gss_code"])
    handles += [Line2D([], [], color=INK, linestyle="-" if s["relation"] == "this seat" else "--",
                       marker="o", markersize=4,
                       markerfacecolor=INK if s["relation"] == "this seat" else "white",
                       label=textwrap.fill(s["label"], 30)) for s in chart.facts["seats"]
                if s["gss_code"] in drawn]
    if (table["type"] == "by-election").any():
        handles.append(Line2D([], [], color=INK, linestyle="", marker="D", markersize=4,
                              label="by-election"))
    figure.legend(handles=handles, loc="outside right upper", fontsize=7, handlelength=2.5)

def history(data: Dataset, seat: str, parties: Sequence[str] | None = None,
            linked: str = "largest", *, path: str | Path | None = None,
            width: float = DEFAULT_WIDTH, height: float = DEFAULT_HEIGHT,
            dpi: int = DEFAULT_DPI) -> Figure:
    """The seat history chart (see :func:`history_data`), saved to ``path`` if given."""
    return draw(history_data(data, seat, parties, linked), path, width, height, dpi)
