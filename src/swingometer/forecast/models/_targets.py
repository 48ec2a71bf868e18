"""National targets a projection moves the seats to: GB shares, and each nation's, completed
from the shares given."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from swingometer.exceptions import AnalysisError, PartyNotFoundError
from swingometer.forecast.models._shares import (
    _TO_MODEL,
    HOME_NATIONS,
    MODEL_PARTIES,
    SeatShares,
    model_party,
)

__all__ = ["Targets", "actual_targets", "resolve_targets"]


@dataclass(frozen=True)
class Targets:
    """National shares to project to: GB-wide, and per nation where known."""

    gb: Mapping[str, float]
    nations: Mapping[str, Mapping[str, float]]

    def to_dict(self) -> dict:
        return {"gb": {p: round(s, 2) for p, s in self.gb.items()},
                "nations": {n: {p: round(s, 2) for p, s in v.items()}
                            for n, v in self.nations.items()}}


def _complete(base: Mapping[str, float], shares: Mapping[str, float], where: str,
              tolerance: float, normalise: bool) -> dict[str, float]:
    """Shares for every model party from those given, for one area (GB or a nation).

    Parties not given keep their baseline share when the given ones already fill the vote (a poll
    that folds the SNP into "others": the SNP's baseline share comes out of ``Oth`` first, then
    out of every given party in proportion); when the given ones leave room, the parties not given
    share it in proportion to their baseline shares.
    """
    given: dict[str, float] = {}
    for party, value in shares.items():
        code = model_party(party) if party in _TO_MODEL else None
        if code is None:
            raise PartyNotFoundError(party, [], context="; shares take Con, Lab, LD, Green, SNP, "
                                                        "PC, UKIP, RUK (or BRX), Ind, Oth")
        if not np.isfinite(value) or value < 0:
            raise AnalysisError(f"the {where} share of {party} must be a number >= 0 "
                                f"(got {value!r})")
        given[code] = given.get(code, 0.0) + float(value)
    total = sum(given.values())
    if total > 100 + tolerance and not normalise:
        raise AnalysisError(f"the {where} shares given sum to {total:.1f}, more than 100; pass "
                            f"normalise=True to rescale them", option="normalise=True")
    if total > 100:  # rescaled (normalise=True) or within the tolerance
        given = {p: v * 100 / total for p, v in given.items()}
        total = 100.0
    if "Oth" in given and "Ind" not in given:
        pool = base["Oth"] + base["Ind"]
        split = base["Ind"] / pool if pool else 0.0
        given["Ind"], given["Oth"] = given["Oth"] * split, given["Oth"] * (1 - split)
    missing = [p for p in MODEL_PARTIES if p not in given]
    if not missing and abs(total - 100) > tolerance and not normalise:
        raise AnalysisError(f"the {where} shares given sum to {total:.1f}, not 100; pass "
                            f"normalise=True to rescale them", option="normalise=True")
    room = 100 - total
    kept = sum(base[p] for p in missing)
    if missing and room >= kept:
        for party in missing:  # room to spare: the others share it as they did before
            given[party] = room * base[party] / kept if kept else room / len(missing)
    elif missing:
        for party in missing:
            given[party] = base[party]
        excess = kept - max(room, 0.0)
        for party in ("Oth", "Ind"):
            taken = min(excess, given[party]) if party not in missing else 0.0
            given[party] -= taken
            excess -= taken
        others = [p for p in MODEL_PARTIES if p not in missing]
        pool = sum(given[p] for p in others)
        for party in others:
            given[party] -= excess * given[party] / pool if pool else 0.0
    scale = 100 / sum(given.values())
    return {p: given[p] * scale for p in MODEL_PARTIES}


def resolve_targets(baseline: SeatShares, shares: Mapping[str, float],
                    nations: Mapping[str, Mapping[str, float]] | None = None,
                    tolerance: float = 2.0, normalise: bool = False) -> Targets:
    """Complete GB targets, and any Scottish or Welsh ones, for every model party.

    ``shares`` maps model parties (or ``BRX``) to GB shares in percent; ``nations`` maps
    ``Scotland`` or ``Wales`` to that nation's own shares. Independents and others move together:
    if ``Oth`` is given it covers both. Parties not given keep their baseline share (see
    :func:`_complete`). Shares must sum to at most 100 (+ ``tolerance``), and to 100 +/-
    ``tolerance`` when every party is given, unless ``normalise`` rescales them.
    """
    gb = _complete(baseline.national(), shares, "GB", tolerance, normalise)
    _check_nationalists(baseline, gb, {model_party(p) for p in shares if p in _TO_MODEL})
    own = {}
    for nation, values in (nations or {}).items():
        if nation not in ("Scotland", "Wales"):
            raise AnalysisError(f"nation shares may be given for Scotland or Wales (got "
                                f"{nation!r}); England follows from GB")
        own[nation] = _complete(baseline.national((nation,)), values, nation, tolerance,
                                normalise)
    return Targets(gb, own)


def _check_nationalists(baseline: SeatShares, gb: Mapping[str, float], given: set[str]) -> None:
    """Refuse a GB share for the SNP (Plaid Cymru) larger than Scotland's (Wales's) part of the
    GB vote at the baseline: a party standing in one nation cannot win more than all of it.
    ``given``: the parties whose shares were given (the others' come from the baseline)."""
    for party, nation in HOME_NATIONS.items():
        part = 100 * baseline.gb_part(nation)
        if part and gb[party] > part:
            how = ("" if party in given else
                   " (not given, it takes its baseline part of the vote the given parties leave)")
            advice = (f"give a GB share for {party} below {part:.1f}%" if party in given
                      else f"give {party}'s GB share, or shares for more parties")
            raise AnalysisError(
                f"{party}'s GB share comes to {gb[party]:.1f}%{how}, more than {nation}'s part of "
                f"the GB vote at the baseline ({part:.1f}%): it stands only in {nation}, so it "
                f"would need {gb[party] / part * 100:.0f}% of {nation}'s vote; {advice}")


def actual_targets(baseline: SeatShares, result: SeatShares) -> Targets:
    """Targets that are an actual result's own national shares: GB, Scotland's and Wales's."""
    return resolve_targets(baseline, result.national(),
                           {n: result.national((n,)) for n in ("Scotland", "Wales")})
