"""Colourings: each seat's fill, the value behind it, the facts shown when a reader points at it,
and the legend that explains the colours.

- ``winner``: the winning party's conventional colour;
- ``share:PARTY``: a sequential scale of the party's share ("no data" where it did not stand);
- ``change:PARTY``: a diverging scale of the change in its share since the comparison election;
- ``swing:A:B``: a diverging scale of the Butler swing from A (A's colour) to B (B's colour);
- ``probability``: the favourite's colour, stronger as its win probability rises (toss-up, lean,
  likely, safe), from a :class:`~swingometer.forecast.simulate.SimulationResult`;

and :func:`highlight` fades every seat but those matching a filter (``muslim_pct>=20`` on the
demographics table, ``majority_pct<5`` on the result) or a list of seats.

>>> ColourSpec.parse("SWING:lab:reform", str.title)
ColourSpec(kind='swing', parties=('Lab', 'Reform'))
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from swingometer.data.elections import notional_credits
from swingometer.data.parties import party_styles
from swingometer.exceptions import AnalysisError
from swingometer.forecast.polls import POLLS_CREDIT
from swingometer.forecast.ratings import RATING_ORDER
from swingometer.pictures.maps.facts import SeatFacts, election_label
from swingometer.pictures.maps.scales import (
    DIVERGING_HIGH,
    DIVERGING_LOW,
    NO_DATA,
    Scale,
    distance,
    diverging,
    sequential,
    strong,
)
from swingometer.results.seats import INDEPENDENT

__all__ = ["KINDS", "ColourSpec", "Colouring", "Legend", "LegendRow", "SeatColour",
           "colour_by_change", "colour_by_share", "colour_by_swing",
           "colour_by_winner"]

KINDS = ("winner", "share", "change", "swing", "probability")
SHARE_BREAKS = (10, 20, 30, 40, 50, 60)
CHANGE_BREAKS = (-20, -10, -5, -2, 2, 5, 10, 20)
SWING_BREAKS = (-10, -5, -2.5, -1, 1, 2.5, 5, 10)
# strength of the favourite's colour by rating (the simulator's thresholds: 90, 75, 60)
# how strongly each rating, weakest first, is coloured
STRENGTH = tuple(zip(RATING_ORDER, (0.3, 0.55, 0.8, 1.0)))
FADE = 0.72
RESULTS_SOURCE = "Results: House of Commons Library, Open Parliament Licence v3.0"
LAYOUT_SOURCE = "Hex layout: © Open Innovations (odileeds/hexmaps), MIT licence"
POLLS_SOURCE = f"Polls: {POLLS_CREDIT}"


@dataclass(frozen=True)
class ColourSpec:
    """What to colour by: a kind of :data:`KINDS` and the parties it needs (canonical codes)."""

    kind: str
    parties: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str, resolve: Callable[[str], str]) -> ColourSpec:
        """``winner``, ``share:PARTY``, ``change:PARTY``, ``swing:A:B`` or ``probability`` (any
        case); parties go through ``resolve`` (codes, names and nicknames, case-insensitive)."""
        kind, *parties = [part.strip() for part in str(text).split(":")]
        kind = kind.lower()
        needed = {"winner": 0, "probability": 0, "share": 1, "change": 1, "swing": 2}
        if kind not in needed or len(parties) != needed[kind] or not all(parties):
            raise AnalysisError("the colouring must be winner, share:PARTY, change:PARTY, "
                                f"swing:A:B or probability (got {text!r})")
        codes = tuple(resolve(p) for p in parties)
        if kind == "swing" and codes[0] == codes[1]:
            raise AnalysisError(f"a swing is between two different parties (got {text!r})")
        return cls(kind, codes)

    def __str__(self) -> str:
        return ":".join((self.kind, *self.parties))


@dataclass(frozen=True)
class SeatColour:
    """One seat as drawn: fill, the value behind it and its legend class, the facts a reader
    sees when pointing at it, and whether it is highlighted."""

    gss_code: str
    name: str
    fill: str
    value: Any
    label: str
    facts: tuple[str, ...] = ()
    highlighted: bool = False


@dataclass(frozen=True)
class LegendRow:
    """A legend line: its label, one swatch (or one per legend column) and the seats it covers."""

    label: str
    colours: tuple[str, ...]
    seats: int
    outline: bool = False


@dataclass(frozen=True)
class Legend:
    """A titled list of rows; ``columns`` names the swatches of rows that have several."""

    title: str
    rows: tuple[LegendRow, ...]
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Colouring:
    """Every seat's colour, with the title, legend, sources and metadata of the map."""

    spec: str
    title: str
    legend: Legend
    seats: tuple[SeatColour, ...]
    sources: tuple[str, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict, hash=False)
    highlight: str | None = None

    def seat(self, gss_code: str) -> SeatColour:
        return next(s for s in self.seats if s.gss_code == gss_code)

    def frame(self) -> pd.DataFrame:
        """One row per seat: ``gss_code, name, value, label, colour, highlighted``."""
        return pd.DataFrame({
            "gss_code": [s.gss_code for s in self.seats], "name": [s.name for s in self.seats],
            "value": [s.value for s in self.seats], "label": [s.label for s in self.seats],
            "colour": [s.fill for s in self.seats],
            "highlighted": [s.highlighted for s in self.seats]})


# -- helpers --------------------------------------------------------------------------------------
def _called(name: str) -> str:
    """A party's name as it reads inside a title ("Brexit Party share", "Change in the Brexit
    Party share"): without the leading "The" of "The Brexit Party"."""
    return name.removeprefix("The ")


def _ballot_name(facts: SeatFacts, parties: pd.DataFrame, code: str) -> str:
    """The name of the party of ``code``'s lineage on the ballot at the election mapped."""
    party = facts.on_ballot(code)
    return _called(party_styles(parties, [party])[party].name)


def _pct(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}%"


def _signed(value: float) -> str:
    return f"{value:+.1f}"


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def notional_sources(*election_ids: str) -> tuple[str, ...]:
    """The credit line of each notional result among ``election_ids``."""
    return tuple(f"{c[0].upper()}{c[1:]}, used with attribution"
                 for c in notional_credits(*election_ids))


def _sources(facts: SeatFacts) -> tuple[str, ...]:
    ids = [e.election_id for e in (facts.election, facts.baseline) if e is not None]
    return (RESULTS_SOURCE, *notional_sources(*ids), LAYOUT_SOURCE)


def _result_lines(facts: SeatFacts, code: str) -> tuple[str, ...]:
    """The result in a seat: winner (hold or gain), majority, turnout, the leading shares."""
    row = facts.rows[code]
    winner = row["winner"]
    if facts.baseline is None or _missing(row["previous_winner"]):
        verdict = f"{winner} win"
    elif row["winner_lineage"] == row["previous_winner"]:
        verdict = f"{winner} hold"
    else:
        verdict = f"{winner} gain from {row['previous_winner']}"
    who = "" if _missing(row["winner_candidate"]) else f" ({row['winner_candidate']})"
    lines = [(f"{verdict}{who}; majority {int(row['majority']):,} "
              f"({_pct(row['majority_pct'])})"),
             "; ".join(f"{facts.on_ballot(p)} {_pct(s)}" for p, s in facts.ranked[code][:5])]
    if not _missing(row["turnout"]):
        lines.append(f"turnout {_pct(row['turnout'])}")
    return tuple(lines)


def _rows(scale: Scale, counts: Mapping[int | None, int], missing: str) -> tuple[LegendRow, ...]:
    rows = [LegendRow(label, (colour,), counts.get(i, 0))
            for i, (colour, label) in enumerate(zip(scale.colours, scale.labels))]
    rows.reverse()  # the highest values first, as on most published maps
    if counts.get(None):
        rows.append(LegendRow(missing, (NO_DATA,), counts[None]))
    return tuple(rows)


def _classed(facts: SeatFacts, values: pd.Series, scale: Scale, describe: Callable[[float], str],
             missing: str, missing_fact: str) -> tuple[tuple[SeatColour, ...], tuple[LegendRow,
                                                                                    ...]]:
    seats, counts = [], {}
    for code, value in values.items():
        value = None if _missing(value) else float(value)
        index = scale.classify(value)
        counts[index] = counts.get(index, 0) + 1
        fill = NO_DATA if index is None else scale.colours[index]
        label = missing if index is None else scale.labels[index]
        fact = missing_fact if value is None else describe(value)
        seats.append(SeatColour(code, str(facts.rows[code]["name"]), fill,
                                None if value is None else round(value, 2), label,
                                (fact, *_result_lines(facts, code))))
    return tuple(seats), _rows(scale, counts, missing)


def _metadata(facts: SeatFacts, spec: ColourSpec, **extra: Any) -> dict[str, Any]:
    return {"election": facts.election.election_id,
            "compared_with": facts.baseline.election_id if facts.baseline else None,
            "boundary_set": facts.election.boundary_set, "colour": str(spec), **extra}


def _need_baseline(facts: SeatFacts, what: str) -> None:
    if facts.baseline is None:
        raise AnalysisError(f"{what} needs an earlier election on the same boundaries and "
                            f"{facts.election.election_id} has none in the data; give one with "
                            f"baseline=", option="baseline=")


def _party(facts: SeatFacts, party: str) -> str:
    """The lineage code a share, change or swing map is drawn for; independents are refused,
    as they are not one party and have no share column (every seat would read "did not
    stand")."""
    code = facts.lineage.get(party, party)
    if code == INDEPENDENT:
        raise AnalysisError("independents are not one party, so they have no share, change or "
                            "swing to map; colour by winner to see the seats they won")
    return code


# -- colourings -----------------------------------------------------------------------------------
def colour_by_winner(facts: SeatFacts, parties: pd.DataFrame) -> Colouring:
    """Each seat in its winner's colour; the legend lists parties by seats won."""
    styles = party_styles(parties, set(facts.seats["winner"]))
    seats = []
    for code, row in facts.rows.items():
        winner = row["winner"]
        seats.append(SeatColour(code, str(row["name"]), styles[winner].colour, winner,
                                f"{styles[winner].name} ({winner})", _result_lines(facts, code)))
    won = facts.seats["winner"].value_counts()
    order = sorted(won.index, key=lambda p: (-won[p], p))
    legend = Legend("Winner (seats)", tuple(
        LegendRow(f"{styles[p].name} ({p})", (styles[p].colour,), int(won[p])) for p in order))
    spec = ColourSpec("winner")
    return Colouring(str(spec), f"{facts.election.name}: the winner in each seat", legend,
                     tuple(seats), _sources(facts), _metadata(facts, spec))


def colour_by_share(facts: SeatFacts, parties: pd.DataFrame, party: str) -> Colouring:
    """A sequential scale of ``party``'s share of the vote ("no data" where it did not stand),
    named and coloured as the party of its lineage on the ballot (the Brexit Party in 2019)."""
    code = _party(facts, party)
    ballot = facts.on_ballot(code)
    style = party_styles(parties, [ballot])[ballot]
    name = _called(style.name)
    scale = sequential(style.colour, SHARE_BREAKS, unit="%")
    seats, rows = _classed(facts, facts.share(code), scale,
                           lambda v: f"{name} share {_pct(v)}", "did not stand",
                           f"{name} did not stand")
    spec = ColourSpec("share", (code,))
    return Colouring(str(spec), f"{name} share of the vote, {facts.election.name}",
                     Legend(f"{name} share of the vote", rows), seats, _sources(facts),
                     _metadata(facts, spec, party=code))


def colour_by_change(facts: SeatFacts, parties: pd.DataFrame, party: str) -> Colouring:
    """A diverging scale of the change in ``party``'s share (points) since the comparison
    election; "no data" where it did not stand at both."""
    _need_baseline(facts, "a change")
    code = _party(facts, party)
    name = _ballot_name(facts, parties, code)
    scale = _directional(diverging(DIVERGING_LOW, DIVERGING_HIGH, CHANGE_BREAKS), "fell", "rose")
    since = election_label(facts.baseline)
    seats, rows = _classed(facts, facts.change(code), scale,
                           lambda v: f"{name} share {_signed(v)} points since the {since}",
                           "did not stand at both", f"{name} did not stand at both elections")
    spec = ColourSpec("change", (code,))
    return Colouring(str(spec), (f"Change in the {name} share, "
                                 f"{election_label(facts.election, short=True)} against "
                                 f"{election_label(facts.baseline, short=True)}"),
                     Legend(f"{name} share: change in points", rows), seats, _sources(facts),
                     _metadata(facts, spec, party=code))


def colour_by_swing(facts: SeatFacts, parties: pd.DataFrame, party_a: str,
                    party_b: str) -> Colouring:
    """A diverging scale of the Butler swing from A to B: B's colour where the swing went to B,
    A's where it went to A (a purple/orange scale when the two colours are too alike)."""
    _need_baseline(facts, "a swing")
    a, b = (_party(facts, p) for p in (party_a, party_b))
    if a == b:  # the same party, or one lineage under two codes (the Brexit Party and Reform UK)
        raise AnalysisError(f"a swing is between two different parties ({party_a} and {party_b} "
                            f"are both counted as {a})")
    styles = party_styles(parties, [facts.on_ballot(a), facts.on_ballot(b)])
    low, high = (strong(styles[facts.on_ballot(p)].colour, 0.25) for p in (a, b))
    if distance(low, high) < 90:
        low, high = DIVERGING_LOW, DIVERGING_HIGH
    scale = _directional(diverging(low, high, SWING_BREAKS), f"to {a}", f"to {b}")

    def describe(value: float) -> str:
        towards, away = (b, a) if value >= 0 else (a, b)
        return f"Butler swing {abs(value):.1f} points from {away} to {towards}"

    seats, rows = _classed(facts, facts.swing(a, b), scale, describe,
                           "no swing: a party did not stand at both",
                           f"no swing: {a} or {b} did not stand at both elections")
    spec = ColourSpec("swing", (a, b))
    name_a, name_b = (_ballot_name(facts, parties, p) for p in (a, b))
    return Colouring(str(spec), (f"Butler swing from {name_a} to {name_b}, "
                                 f"{election_label(facts.election, short=True)} against "
                                 f"{election_label(facts.baseline, short=True)}"),
                     Legend(f"Swing {a} to {b} (points)", rows), seats, _sources(facts),
                     _metadata(facts, spec, parties=[a, b]))


def _directional(scale: Scale, down: str, up: str, unit: str = " points") -> Scale:
    """Labels of a diverging scale by direction: ``"{down} 10 to 20 points"``, ``"within 2
    points either way"``, ``"{up} 20 points or more"`` (``down``/``up``: "fell"/"rose" or
    "to Lab"/"to RUK")."""
    edges = (-math.inf, *scale.breaks, math.inf)
    labels = []
    for lo, hi in itertools.pairwise(edges):
        if lo < 0 < hi:
            singular = unit.rstrip("s") if hi == 1 else unit
            labels.append(f"within {hi:g}{singular} either way")
        elif hi <= 0:
            labels.append(f"{down} {-hi:g}{unit} or more" if lo == -math.inf
                          else f"{down} {-hi:g} to {-lo:g}{unit}")
        else:
            labels.append(f"{up} {lo:g}{unit} or more" if hi == math.inf
                          else f"{up} {lo:g} to {hi:g}{unit}")
    return replace(scale, labels=tuple(labels))
