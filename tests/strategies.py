"""Reusable Hypothesis strategies for election arithmetic."""

from __future__ import annotations

from hypothesis import strategies as st

PARTIES = ["Con", "Lab", "LD", "Green", "RUK", "SNP", "PC", "Ind"]

votes = st.integers(min_value=0, max_value=80_000)
shares = st.floats(min_value=0, max_value=100, allow_nan=False)


@st.composite
def seat_votes(draw: st.DrawFn, min_candidates: int = 2) -> dict[str, int]:
    """Votes by party in one seat (distinct parties, at least one vote in all)."""
    parties = draw(st.lists(st.sampled_from(PARTIES[:-1]), min_size=min_candidates,
                            max_size=len(PARTIES) - 1, unique=True))
    result = {p: draw(votes) for p in parties}
    if sum(result.values()) == 0:
        result[parties[0]] = 1
    return result
