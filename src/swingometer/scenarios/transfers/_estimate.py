"""The public estimates: a transfer, the defaults a scenario uses, and the evidence per pair of
elections."""

from __future__ import annotations

import math
import zlib
from dataclasses import replace

import numpy as np
import pandas as pd

from swingometer.data.context import History
from swingometer.exceptions import AnalysisError
from swingometer.scenarios.transfers._matching import (
    _Block,
    _blocks,
    _bootstrap,
    _combine,
    _fit,
)
from swingometer.scenarios.transfers._panel import (
    _categories,
    _Panel,
    _panel,
)
from swingometer.scenarios.transfers._settings import (
    _DESIGNS,
    BOOTSTRAP,
    DEFAULT_STAND,
    DEFAULT_STAND_DOWN,
    FALLBACK_HOME,
    FALLBACK_SE_SCALE,
    HOME,
    KINDS,
    MIN_SEATS,
    NEIGHBOURS,
    OTHER,
    SEED,
)
from swingometer.scenarios.transfers._types import (
    Transfer,
    project_simplex,
)

# -- the public functions ------------------------------------------------------------------------

def _resolve(history: History, panel: _Panel, party: str, kind: str, region: str | None
             ) -> tuple[str, str, str | None]:
    if kind not in KINDS:
        raise AnalysisError(f"a transfer's kind must be 'stand_down' or 'stand' (got {kind!r})")
    code = history.party(party)
    if region is not None:
        places = panel.places
        known = sorted({*places["nation"].dropna(), *places["region"].dropna()}
                       - {"Northern Ireland"})
        match = [k for k in known if k.lower() == str(region).strip().lower()]
        if not match:
            raise AnalysisError(f"region {region!r} is not a GB nation or region; expected one "
                                f"of {', '.join(known)}")
        region = match[0]
    return code, panel.lineage.get(code, code), region


def estimate_transfer(history: History, party: str, kind: str = "stand_down", *,
                      region: str | None = None, seed: int = SEED) -> Transfer:
    """Where ``party``'s voters go when it stands down (``kind="stand_down"``), or where its votes
    come from when it newly stands (``kind="stand"``), estimated from ``history``.

    Parameters
    ----------
    history : History
        The elections to learn from (a Dataset, or its view before a date); nothing outside it
        is used.
    party : str
        A party code or name (``"Green"``, ``"reform"``, ``"Brexit Party"``); the Brexit Party and
        Reform UK are one lineage.
    kind : {"stand_down", "stand"}
    region : str, optional
        A GB nation or English region: only its seats are used (treated and controls).
    seed : int
        Seeds the bootstrap of the standard errors (with the party, kind and region, so each
        estimate has its own stream); recorded in the result.

    Returns
    -------
    Transfer
        Fractions (>= 0, summing to 1) with standard errors, the number of seats and the
        evidence in words; ``assumed`` when the data could not identify it (fewer than
        :data:`MIN_SEATS` treated seats) and the fallback rule was used.

    Raises
    ------
    PartyNotFoundError
        ``party`` is no known party.
    AnalysisError
        ``kind`` or ``region`` is not one of those allowed, or the history holds no general
        election to fall back on.
    """
    panel = _panel(history)
    code, lineage, region = _resolve(history, panel, party, kind, region)
    transfer = panel.remember(("transfer", lineage, kind, region, seed),
                              lambda: _estimate(panel, lineage, kind, region, seed))
    return transfer if transfer.party == code else replace(transfer, party=code)


def _estimate(panel: _Panel, party: str, kind: str, region: str | None, seed: int) -> Transfer:
    blocks = _blocks(panel, party, kind, region)
    destinations = [c for c in _categories(party) if c != party]
    seats = sum(len(b.treated) for b in blocks)
    raw = _combine([b.fit() for b in blocks]) if blocks else None
    if seats < MIN_SEATS or raw is None:
        return replace(_fallback(panel, party, kind, region, blocks, destinations), seed=seed)
    fractions = project_simplex(raw)
    draws = _bootstrap(blocks, seed + zlib.crc32(f"{party}|{kind}|{region}".encode()))
    se = draws.std(axis=0, ddof=1) if len(draws) > 1 else np.zeros(len(destinations))
    pairs = tuple(dict.fromkeys(p for b in blocks for p in b.pairs))
    return Transfer(
        party=party, kind=kind,
        fractions={d: float(v) for d, v in zip(destinations, fractions)},
        se={d: float(v) for d, v in zip(destinations, se)},
        seats=seats, evidence=_evidence(panel, party, kind, region, blocks, seats),
        raw={d: float(v) for d, v in zip(destinations, raw)}, assumed=False, region=region,
        pairs=pairs, seed=seed)


def _party_name(panel: _Panel, party: str) -> str:
    names = dict(zip(panel.parties["code"], panel.parties["name"]))
    return {"RUK": "Reform UK (with the Brexit Party)"}.get(party, names.get(party, party))


def _evidence(panel: _Panel, party: str, kind: str, region: str | None, blocks: list[_Block],
              seats: int) -> str:
    name = _party_name(panel, party)
    where = f" in {region}" if region else " in Great Britain"
    what = {"stand_down": "where its voters went when it did not stand",
            "stand": "where its votes came from when it newly stood"}[kind]
    parts = []
    for design in _DESIGNS:
        chosen = [b for b in blocks if b.design == design]
        if not chosen:
            continue
        general = [f"{len(b.treated)} at {b.pairs[0]}" for b in chosen
                   if b.group != "by-elections"]
        by = [p for b in chosen if b.group == "by-elections" for p in b.pairs]
        if by:
            shown = ", ".join(by[:6]) + (f" and {len(by) - 6} more" if len(by) > 6 else "")
            general.append(f"{len(by)} by-election{'s' if len(by) > 1 else ''} ({shown})")
        phrase = {"stood down": "seats where it stood at one election and not the next, "
                                "against seats where it stood at both",
                  "did not stand": "seats where it stood at neither election, against seats "
                                   "where it newly stood (their vote for it is the "
                                   "counterfactual)",
                  "newly stood": "seats where it newly stood, against seats where it stood at "
                                 "neither",
                  "stood again": "seats where it newly stood, against seats where it stood at "
                                 "both"}[design]
        parts.append(f"{sum(len(b.treated) for b in chosen)} {phrase}: {'; '.join(general)}")
    confounded = ""
    if party == "RUK" and any(b.design == "did not stand" and "2019" in b.pairs[0]
                              for b in blocks):
        confounded = (" The Brexit Party stood down in 2019 exactly where the Conservatives "
                      "had won in 2017, so those seats are compared with the most similar "
                      "seats it did fight (by 2017 shares, Leave vote and graduates), not with "
                      "typical ones; the matching cannot remove all of that difference.")
    return (f"{name}: {what}{where}, from {seats} seats. " + ". ".join(parts) + ". "
            f"Each seat is compared with its {NEIGHBOURS} most similar control seats of the same "
            "pair (by-elections: of other by-elections) in the same nation, with the same other "
            "parties standing down or newly standing: nearest in electorate shares at the first "
            "election, Leave vote and graduates, preferring the same parties on the ballots "
            "and the same region, and bias-corrected by a ridge regression of the controls' "
            "changes on those measures. The difference in the change of each party's and of "
            "abstention's share of the electorate is regressed through the origin on the "
            "party's vote, then projected onto non-negative fractions summing to 1; standard "
            f"errors from {BOOTSTRAP} seeded bootstrap resamples of the treated and the "
            "control seats." + confounded)


def _fallback(panel: _Panel, party: str, kind: str, region: str | None, blocks: list[_Block],
              destinations: list[str]) -> Transfer:
    """The documented assumption used where the data cannot identify a transfer."""
    e = panel.elections
    general = e[e["type"] == "general"].sort_values("date")
    if general.empty:
        raise AnalysisError(f"no general election in this history to estimate the {kind} "
                            f"transfers of {party} from")
    latest = general.iloc[-1]
    seats, table, _, _ = panel.election(latest["election_id"])
    places = panel.places.loc[latest["boundary_set"]].reindex(seats)
    nations = _nations(panel, party)
    mask = places["nation"].isin(nations)
    if region is not None:
        mask &= (places["nation"] == region) | (places["region"] == region)
    totals = dict(zip(panel.codes, table[mask.to_numpy()].sum(axis=0)))
    parties = [d for d in destinations if d not in (HOME, OTHER)]
    votes = {p: float(totals.get(p, 0.0)) for p in parties}
    votes[OTHER] = (sum(totals.values()) - sum(votes.values())
                    - float(totals.get(party, 0.0)))
    pool = sum(votes.values())
    fractions = {d: float((1 - FALLBACK_HOME) * votes[d] / pool if pool > 0 else 0.0)
                 for d in destinations if d != HOME}
    fractions[HOME] = FALLBACK_HOME if pool > 0 else 1.0
    fractions = {d: fractions[d] for d in destinations}
    se = {d: FALLBACK_SE_SCALE * math.sqrt(f * (1 - f)) for d, f in fractions.items()}
    treated = sum(len(b.treated) for b in blocks)
    found = [p for b in blocks for p in (b.pairs if b.group == "by-elections" else b.pairs[:1])]
    found = list(dict.fromkeys(found))
    direction = ("go to" if kind == "stand_down" else "come from")
    home = "stay home" if kind == "stand_down" else "come from abstainers"
    name = _party_name(panel, party)
    where = f" in {region}" if region else " in Great Britain"
    area = region or (" and ".join(nations) if len(nations) < 3 else "Great Britain")
    return Transfer(
        party=party, kind=kind, fractions=fractions, se=se, seats=0,
        evidence=(f"{name}: an assumption, not evidence. The data{where} hold "
                  f"{treated or 'no'} seat{'' if treated == 1 else 's'} where it "
                  f"{'stood down' if kind == 'stand_down' else 'newly stood'}"
                  f"{' (' + ', '.join(found) + ')' if found else ''} that can be compared "
                  f"with like seats, fewer than the {MIN_SEATS} an estimate needs. Assumed "
                  f"instead: {FALLBACK_HOME:.0%} of its votes {home} and the rest {direction} "
                  f"the other parties in proportion to their votes at the {latest['name']} "
                  f"in {area}; standard errors {FALLBACK_SE_SCALE} * sqrt(f (1 - f)), also "
                  "assumed."),
        raw={}, assumed=True, region=region, pairs=())


def _nations(panel: _Panel, party: str) -> list[str]:
    """The GB nations a party stands in (all three if the parties table does not say)."""
    gb = ["England", "Scotland", "Wales"]
    rows = panel.parties[panel.parties["code"] == party]
    if rows.empty or "nations" not in rows.columns or not isinstance(rows.iloc[0]["nations"], str):
        return gb
    own = [n for n in gb if n in rows.iloc[0]["nations"].split(";")]
    return own or gb


def default_transfers(history: History) -> dict[tuple[str, str], Transfer]:
    """The default transfers a scenario uses: ``(party, kind) -> Transfer`` for the stand-downs
    of :data:`DEFAULT_STAND_DOWN` and the stands of :data:`DEFAULT_STAND` (``BRX`` and ``RUK``
    are the same estimate), each estimated by :func:`estimate_transfer` over Great Britain."""
    out = {}
    for kind, parties in (("stand_down", DEFAULT_STAND_DOWN), ("stand", DEFAULT_STAND)):
        for party in parties:
            out[party, kind] = estimate_transfer(history, party, kind)
    return out


def transfer_experiments(history: History, party: str, kind: str = "stand_down", *,
                         region: str | None = None) -> pd.DataFrame:
    """The evidence behind :func:`estimate_transfer`, one row per pair of elections and design:
    ``pair, design, seats, controls, distance`` (mean distance to the matched controls) and each
    destination's unconstrained fraction from that pair alone (by-elections: per by-election).
    """
    panel = _panel(history)
    _, lineage, region = _resolve(history, panel, party, kind, region)
    destinations = [c for c in _categories(lineage) if c != lineage]
    rows = []
    for block in _blocks(panel, lineage, kind, region):
        excess, votes = block.fit()
        for pair in dict.fromkeys(block.pairs):
            index = [i for i, p in enumerate(block.pairs) if p == pair]
            vote = votes[index]
            fitted = (_fit(excess[index], vote) if (vote @ vote) > 0
                      else np.full(len(destinations), np.nan))
            rows.append({"pair": pair, "design": block.design, "seats": len(index),
                         "controls": block.controls, "distance": round(block.distance, 4),
                         "vote": float(vote.mean()),
                         **{d: float(v) for d, v in zip(destinations, fitted)}})
    columns = ["pair", "design", "seats", "controls", "distance", "vote", *destinations]
    return pd.DataFrame(rows, columns=columns)
