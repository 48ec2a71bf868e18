"""Default vote-transfer matrices, estimated from the results in a history (issue 5).

When a party stands down, where do its voters go (other parties, or home)? When a party stands
where it did not, whose votes does it take? :func:`estimate_transfer` answers from the elections
in a history (a :class:`~swingometer.dataset.Dataset` or a leakage-free view of it,
``Dataset.before(date)``), and says how (``Transfer.evidence``) and how surely
(``Transfer.se``). ``docs/scenarios/transfers.md`` gives every default with its figures.

The method, a matched difference-in-differences:

* **Pairs.** A unit is one seat contested at two consecutive elections on the same boundaries:
  the general elections 2010 -> 2015 -> 2017 -> 2019 (2010 boundaries), the notional 2019 result
  -> 2024 (2024 boundaries), and every by-election against the previous general election in the
  seat. Northern Ireland, and any seat the Speaker contested at either election, are left out.
* **Electorate shares.** Votes are counted as shares of the electorate, so abstention (``home``)
  is a category like a party: the tracked parties (:data:`TRACKED`, and the party asked about),
  ``other`` and ``home`` sum to 1 in every seat at every election. The Brexit Party and Reform UK
  are one lineage (``RUK``); UKIP is its own party.
* **Treated and control seats.** ``stand_down`` of X: treated seats are those where X stood at
  the first election and not at the second ("stood down"), compared with seats where X stood at
  both; and, at a new party's first general election, seats where it did not stand compared
  with seats where it did ("did not stand": the counterfactual X vote is the controls' vote for
  it; this is how the Brexit Party's 2019 stand-down in the seats the Conservatives held is
  used). ``stand`` of X: treated seats are those where X newly stood, compared with seats where
  it stood at neither ("newly stood"), or, where a nation has fewer of those than treated seats,
  with seats where it stood at both ("stood again": the votes X's absence had parked elsewhere).
* **Like with like.** Each treated seat is compared with its :data:`NEIGHBOURS` nearest control
  seats of the same pair (by-elections: other by-elections) in the same nation with the same
  other tracked parties standing down and newly standing: nearest in electorate shares at the
  first election and in the seat's Leave vote and graduates (the shipped demographics), plus a
  penalty for every other tracked party whose presence on either ballot differs
  (:data:`BALLOT_PENALTY`), for a different region (:data:`REGION_PENALTY`) and, for
  by-elections, a different Parliament (:data:`PARLIAMENT_PENALTY`); no control farther than
  :data:`CALIPER`. What the matching leaves is corrected by a ridge regression of the controls'
  changes on the same measures (Abadie and Imbens' bias correction; :data:`RIDGE`).
* **Fractions.** For each destination Y, the treated seat's change in Y's electorate share less
  its controls' (corrected) change is regressed, through the origin, on X's vote in the seat
  (for stand-downs its counterfactual vote: its first-election share plus its controls' change,
  or its controls' vote; for stands its share less any change the controls saw). The excesses
  of a seat sum exactly to X's vote, so the unconstrained fractions sum to 1. Pairs and designs
  are pooled by weighted least squares, each block's seats weighted by the inverse of its
  residual variance (shrunk towards the pooled one by :data:`PRIOR_SEATS` seats), so noisy
  blocks (by-elections above all) count for less. The constrained fractions are the Euclidean
  projection of that fit onto the simplex (non-negative, summing to 1), which is exactly the
  least-squares fit under those constraints, because every destination shares one regressor.
* **Uncertainty.** Standard errors are the spread of the constrained fractions over
  :data:`BOOTSTRAP` resamples of the treated and of the control seats of each block (controls
  matched afresh, seeded from the ``seed`` given (:data:`SEED` by default) and recorded in the
  estimate, so deterministic). A fraction the constraint holds
  at 0 in most resamples gets a standard error near 0: that is the constraint, not certainty.
* **Not identified.** With fewer than :data:`MIN_SEATS` treated seats (Conservatives and Labour
  almost never stand down; simultaneous stand-downs such as Batley and Spen 2016 cannot be told
  apart) the estimate falls back to a stated assumption, flagged ``assumed=True``:
  :data:`FALLBACK_HOME` of the votes stay home (or come from home, for a stand) and the rest go
  to (come from) the other parties in proportion to their votes at the latest general election
  in the history, in the nations the party contests. Its standard errors are an assumption too:
  ``FALLBACK_SE_SCALE * sqrt(f (1 - f))`` for a fraction ``f``.

Estimates are pure functions of the history, derived once per history
(:meth:`~swingometer.data.context.History.derived`), so a scenario can ask for them freely: about a
second for a first estimate, well under a millisecond after.

>>> import swingometer
>>> from swingometer.scenarios.transfers import estimate_transfer
>>> ukip = estimate_transfer(swingometer.Dataset(include_imported=False), "UKIP")
>>> ukip.kind, round(sum(ukip.fractions.values()), 6), ukip.assumed
('stand_down', 1.0, False)
"""

from __future__ import annotations

from swingometer.scenarios.transfers._estimate import (
    default_transfers,
    estimate_transfer,
    transfer_experiments,
)
from swingometer.scenarios.transfers._settings import (
    BALLOT_PENALTY,
    BOOTSTRAP,
    CALIPER,
    DEFAULT_STAND,
    DEFAULT_STAND_DOWN,
    FALLBACK_HOME,
    FALLBACK_SE_SCALE,
    HOME,
    KINDS,
    MIN_SEATS,
    NEIGHBOURS,
    NOTIONAL_COVERAGE,
    OTHER,
    PARLIAMENT_PENALTY,
    PRIOR_SEATS,
    REGION_PENALTY,
    RIDGE,
    SEED,
    TRACKED,
)
from swingometer.scenarios.transfers._types import (
    Transfer,
    project_simplex,
)

__all__ = [
    "BALLOT_PENALTY",
    "BOOTSTRAP",
    "CALIPER",
    "DEFAULT_STAND",
    "DEFAULT_STAND_DOWN",
    "FALLBACK_HOME",
    "FALLBACK_SE_SCALE",
    "HOME",
    "KINDS",
    "MIN_SEATS",
    "NEIGHBOURS",
    "NOTIONAL_COVERAGE",
    "OTHER",
    "PARLIAMENT_PENALTY",
    "PRIOR_SEATS",
    "REGION_PENALTY",
    "RIDGE",
    "SEED",
    "TRACKED",
    "Transfer",
    "default_transfers",
    "estimate_transfer",
    "project_simplex",
    "transfer_experiments",
]
