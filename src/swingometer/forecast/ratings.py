"""Seat ratings from win probabilities: safe, likely, lean or toss-up, the one rule for every
table, map and page that shows them.

>>> from swingometer.forecast.ratings import rating
>>> rating(91.2), rating(60.0), rating(59.96)
('safe', 'lean', 'toss-up')
"""

from __future__ import annotations

__all__ = ["RATINGS", "RATING_NOTE", "RATING_ORDER", "TOSS_UP", "rating", "rating_bands"]

# the least chance (%) of the favourite winning for each rating, strongest first
RATINGS = ((90.0, "safe"), (75.0, "likely"), (60.0, "lean"))
TOSS_UP = "toss-up"
# weakest first
RATING_ORDER = (TOSS_UP, *(name for _, name in reversed(RATINGS)))
RATING_NOTE = "; ".join(f"{name}{': the favourite wins' if i == 0 else ''} {floor:g}%+"
                        f"{' of simulations' if i == 0 else ''}"
                        for i, (floor, name) in enumerate(RATINGS))


def rating(chance: float) -> str:
    """The rating of a seat whose favourite wins ``chance`` percent of simulations."""
    return next((name for floor, name in RATINGS if chance >= floor), TOSS_UP)


def rating_bands() -> tuple[str, ...]:
    """Each rating's range of chances in words, weakest first (``under 60%``, ``60%+``, ...)."""
    return (f"under {RATINGS[-1][0]:g}%", *(f"{floor:g}%+" for floor, _ in reversed(RATINGS)))
