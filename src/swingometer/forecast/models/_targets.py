"""National targets a projection moves the seats to: GB shares, and each nation's, completed
from the shares given."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import numpy as np

from swingometer.exceptions import AnalysisError, PartyNotFoundError
from swingometer.forecast.models._shares import (
    _TO_MODEL,
    HOME_NATIONS,
    MODEL_PARTIES,
    SeatShares,
    model_party,
)

__all__ = ["Filled", "Targets", "actual_targets", "resolve_targets"]


# floating-point slack on a total of 100 (a poll average or a result sums to 100 within it)
EPSILON = 1e-6


@dataclass(frozen=True)
class Filled:
    """One area's shares (GB or a nation), completed from those given.

    ``shares``: every model party's share. ``used``: the shares as the user reads them back: each
    given one exactly as given (scaled by ``scale`` with ``normalise``; ``Oth`` given alone covers
    the independents too) and each filled-in one. ``filled_in``: the parties not given, in
    ``used``. ``scale``: the factor ``normalise`` applied to the given shares (None: none).
    ``typed``: False for a poll average's or a result's shares (:func:`_measured`).
    """

    shares: dict[str, float]
    used: dict[str, float]
    filled_in: tuple[str, ...] = ()
    scale: float | None = None
    typed: bool = True

    def to_dict(self) -> dict:
        out = {"shares_used": {p: round(v, 4) for p, v in self.used.items()},
               "filled_in": list(self.filled_in)}
        if self.scale is not None:
            out["scaled_by"] = round(self.scale, 6)
        return out


@dataclass(frozen=True)
class Targets:
    """National shares to project to: GB-wide, and per nation where known; ``filled`` says, for
    ``"GB"`` and each nation given, which shares were given and which filled in."""

    gb: Mapping[str, float]
    nations: Mapping[str, Mapping[str, float]]
    filled: Mapping[str, Filled] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"gb": {p: round(s, 2) for p, s in self.gb.items()},
                "nations": {n: {p: round(s, 2) for p, s in v.items()}
                            for n, v in self.nations.items()}}


def _given(shares: Mapping[str, float], where: str) -> dict[str, float]:
    """The shares given, by model party (``BRX`` counts as ``RUK``), checked."""
    given: dict[str, float] = {}
    seen: dict[str, str] = {}
    for party, value in shares.items():
        code = model_party(party) if party in _TO_MODEL else None
        if code is None:
            raise PartyNotFoundError(party, [], context="; shares take Con, Lab, LD, Green, SNP, "
                                                        "PC, UKIP, RUK (or BRX), Ind, Oth")
        if not np.isfinite(value) or value < 0:
            raise AnalysisError(f"the {where} share of {party} must be a number >= 0 "
                                f"(got {value!r})")
        if code in given:
            raise AnalysisError(f"the {where} shares give {code} twice (as {seen[code]} and "
                                f"{party}); give each party once")
        given[code], seen[code] = float(value), party
    if not np.isfinite(sum(given.values())):
        raise AnalysisError(f"the {where} shares given sum to more than a number can hold; give "
                            f"each as a percentage")
    return given


def _share_out(room: float, parties: list[str], base: Mapping[str, float]) -> dict[str, float]:
    """``room`` points shared by ``parties`` in proportion to their baseline shares (equally if
    they had none)."""
    kept = sum(base[p] for p in parties)
    return {p: room * base[p] / kept if kept else room / len(parties) for p in parties}


def _measured(base: Mapping[str, float], given: dict[str, float], where: str,
              normalise: bool, tolerance: float = 2.0) -> dict[str, float]:
    """Every model party's share from a poll average's or a result's: a party they do not list
    keeps its baseline share, made room for out of ``Oth`` first (a poll's "others" include it),
    then out of every listed party in proportion; listed parties that leave room share it in
    proportion to their baseline shares. Totals within ``tolerance`` of 100 are rescaled."""
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




def _complete(base: Mapping[str, float], shares: Mapping[str, float], where: str,
              normalise: bool, measured: bool = False) -> Filled:
    """Every model party's share in one area (GB or a nation) from the shares given.

    Each given share is used exactly. What is left of 100 goes to the parties not given, in
    proportion to their baseline shares; in GB the SNP and Plaid Cymru, not given, first keep
    their baseline share (the same part of their nation's vote), so that the parties given do not
    inflate a party that stands in one nation. ``Oth`` given alone covers the independents too,
    split between them as at the baseline. Given shares above 100 in all, or every party given
    and not summing to 100, are an error; with ``normalise`` the given shares are scaled, in
    proportion, to fill what the parties not given leave at their baseline shares. ``measured``
    shares (a poll average's, a result's) follow :func:`_measured` instead.
    """
    given = _given(shares, where)
    if measured:
        complete = _measured(base, given, where, normalise)
        return Filled(complete, complete, typed=False)
    covers_ind = "Oth" in given and "Ind" not in given
    missing = [p for p in MODEL_PARTIES if p not in given and not (covers_ind and p == "Ind")]
    total = sum(given.values())
    scale = None
    if total > 100 + EPSILON or (not missing and abs(total - 100) > EPSILON):
        if not normalise:
            how = "more than 100" if total > 100 else "not 100"
            raise AnalysisError(f"the {where} shares given sum to {total:.1f}, {how}; pass "
                                f"normalise=True to rescale them", option="normalise=True")
        room = 100 - sum(base[p] for p in missing)
        scale = room / total if total else 0.0
        given = {p: v * scale for p, v in given.items()}
        filled = {p: base[p] for p in missing}
    else:
        room = max(100 - total, 0.0)
        home = [p for p in missing if p in HOME_NATIONS and where == "GB"]
        rest = [p for p in missing if p not in home]
        kept = sum(base[p] for p in home)
        if home and rest and room >= kept:
            filled = {p: base[p] for p in home} | _share_out(room - kept, rest, base)
        else:
            filled = _share_out(room, missing, base) if missing else {}
    used = {p: given[p] if p in given else filled[p] for p in MODEL_PARTIES
            if p in given or p in filled}
    complete = dict(used)
    if covers_ind:
        split = base["Ind"] / (base["Oth"] + base["Ind"]) if base["Oth"] + base["Ind"] else 0.0
        complete["Ind"], complete["Oth"] = used["Oth"] * split, used["Oth"] * (1 - split)
    # a poll average or a result sums to 100 within the slack: make it exact
    total = sum(complete.values())
    complete = {p: complete[p] * 100 / total for p in MODEL_PARTIES}
    return Filled(complete, used, tuple(p for p in MODEL_PARTIES if p in filled), scale)


def resolve_targets(baseline: SeatShares, shares: Mapping[str, float],
                    nations: Mapping[str, Mapping[str, float]] | None = None,
                    normalise: bool = False, measured: Collection[str] = ()) -> Targets:
    """Complete GB targets, and any Scottish or Welsh ones, for every model party.

    ``shares`` maps model parties (or ``BRX``) to GB shares in percent; ``nations`` maps
    ``Scotland`` or ``Wales`` to that nation's own shares. Every share given is used exactly; what
    is left of 100 goes to the parties not given, in proportion to their baseline shares (the SNP
    and Plaid Cymru, not given, keep their baseline GB share: the same part of their nation's
    vote). Shares above 100 in all are an error, and so is every party given without summing to
    100, unless ``normalise`` scales the given shares to fill what the others leave
    (:func:`_complete`). ``measured`` names the areas (``"GB"``, a nation) whose shares are a
    poll average's or a result's, not typed: a party they do not list keeps its baseline share
    (:func:`_measured`). :attr:`Targets.filled` records the shares used and those filled in.
    """
    gb = _complete(baseline.national(), shares, "GB", normalise, "GB" in measured)
    _check_nationalists(baseline, gb.shares, {model_party(p) for p in shares if p in _TO_MODEL})
    filled = {"GB": gb}
    for nation, values in (nations or {}).items():
        if nation not in ("Scotland", "Wales"):
            raise AnalysisError(f"nation shares may be given for Scotland or Wales (got "
                                f"{nation!r}); England follows from GB")
        filled[nation] = _complete(baseline.national((nation,)), values, nation, normalise,
                                   nation in measured)
    return Targets(gb.shares, {n: f.shares for n, f in filled.items() if n != "GB"}, filled)


def _check_nationalists(baseline: SeatShares, gb: Mapping[str, float], given: set[str]) -> None:
    """Refuse a GB share for the SNP (Plaid Cymru) larger than Scotland's (Wales's) part of the
    GB vote at the baseline: a party standing in one nation cannot win more than all of it.
    ``given``: the parties whose shares were given (the others' come from the baseline)."""
    for party, nation in HOME_NATIONS.items():
        part = 100 * baseline.gb_part(nation)
        if part and gb[party] > part:
            how = "" if party in given else " (not given, it takes what the given parties leave)"
            advice = (f"give a GB share for {party} below {part:.1f}%" if party in given
                      else f"give {party}'s GB share, or shares for more parties")
            raise AnalysisError(
                f"{party}'s GB share comes to {gb[party]:.1f}%{how}, more than {nation}'s part of "
                f"the GB vote at the baseline ({part:.1f}%): it stands only in {nation}, so it "
                f"would need {gb[party] / part * 100:.0f}% of {nation}'s vote; {advice}")


def actual_targets(baseline: SeatShares, result: SeatShares) -> Targets:
    """Targets that are an actual result's own national shares: GB, Scotland's and Wales's."""
    return resolve_targets(baseline, result.national(),
                           {n: result.national((n,)) for n in ("Scotland", "Wales")},
                           measured=("GB", "Scotland", "Wales"))
