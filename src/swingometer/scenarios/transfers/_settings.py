"""The transfers' settings: the parties tracked, the matching's penalties and caliper, the
bootstrap, the fallback."""

from __future__ import annotations

HOME, OTHER = "home", "other"
KINDS = ("stand_down", "stand")
# Parties with their own destination (or source); every other party is "other". RUK includes BRX.
TRACKED = ("Con", "Lab", "LD", "Green", "SNP", "PC", "RUK", "UKIP")
DEFAULT_STAND_DOWN = ("Con", "Lab", "LD", "Green", "SNP", "PC", "RUK", "BRX", "UKIP")
DEFAULT_STAND = ("Green", "RUK", "BRX", "UKIP", "LD")

NEIGHBOURS = 5             # control seats per treated seat
BALLOT_PENALTY = 0.10      # distance added per other tracked party standing differently
REGION_PENALTY = 0.03      # distance added for a control seat in another region
PARLIAMENT_PENALTY = 0.05  # distance added for a by-election held in another Parliament
CALIPER = 0.5              # no control farther than this: a seat with none is left out
MIN_SEATS = 10             # fewer treated seats than this: the fallback assumption
NOTIONAL_COVERAGE = 0.9    # notional results: "stood" if it stood where >= 90% of residents live
RIDGE = 0.1                # the bias correction's ridge, relative to the features' variance
PRIOR_SEATS = 10           # a block's residual variance is shrunk towards the pooled one by this
CANDIDATES = 40            # the nearest controls a bootstrap resample may match from
BOOTSTRAP = 200
SEED = 20240704
FALLBACK_HOME = 0.25
FALLBACK_SE_SCALE = 0.5
_DEMOGRAPHICS = ("leave_pct", "degree_pct")

_DESIGNS = {
    # design: (kind, treated (first, second election), controls (first, second), sign)
    "stood down": ("stand_down", (True, False), (True, True), 1.0),
    "did not stand": ("stand_down", (False, False), (False, True), 1.0),
    "newly stood": ("stand", (False, True), (False, False), -1.0),
    "stood again": ("stand", (False, True), (True, True), -1.0),
}
