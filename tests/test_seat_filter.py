"""The one seat-filter language, shared by scenario targets and map highlights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from swingometer.pictures.maps.highlight import seats_matching
from swingometer.results.seat_filter import (
    OPERATORS,
    SeatFilterError,
    match_seats,
    parse_conditions,
)
from swingometer.scenarios import parse_scenario, run_scenario


@given(st.lists(st.one_of(st.none(), st.floats(0, 100)), min_size=1, max_size=30),
       st.sampled_from(sorted(OPERATORS)), st.integers(0, 10_000).map(lambda n: n / 100))
def test_a_condition_is_the_comparison_and_a_missing_figure_never_matches(values, op, number):
    series = pd.Series(values, index=[f"S{i}" for i in range(len(values))], dtype=float)
    matched, _ = match_seats({"x_pct": series}, f"x_pct {op} {number!r}")
    expected = {code for code, v in series.items()
                if not np.isnan(v) and OPERATORS[op](v, float(repr(number)))}
    assert matched == expected


def test_conditions_join_with_and_or_commas_in_any_case() -> None:
    columns = {"a_pct": pd.Series([1.0, 5.0, 9.0], index=list("XYZ")),
               "b": pd.Series([9.0, 5.0, 1.0], index=list("XYZ"))}
    assert match_seats(columns, "A_pct >= 5 AND b>=5") == (frozenset({"Y"}),
                                                          "a_pct >= 5 and b >= 5")
    assert match_seats(columns, "a_pct>=5, b = 1%")[0] == frozenset({"Z"})
    assert parse_conditions("a_pct=3", columns) == [("a_pct", "==", 3.0)]


@pytest.mark.parametrize(("text", "message"), [
    ("", "a seat filter takes conditions COLUMN OP NUMBER such as muslim_pct >= 20 (OP one of "
         ">=, <=, >, <, ==, !=), joined by 'and' (got '')"),
    ("a_pct => 3", "a seat filter takes conditions COLUMN OP NUMBER such as muslim_pct >= 20 (OP "
                   "one of >=, <=, >, <, ==, !=), joined by 'and' (got 'a_pct => 3')"),
    ("a_pc > 3", "a seat filter takes a column of the seats' figures (a_pct) (got 'a_pc'); did "
                 "you mean a_pct?"),
])
def test_bad_filters_are_explained(text: str, message: str) -> None:
    with pytest.raises(SeatFilterError) as caught:
        match_seats({"a_pct": pd.Series([1.0], index=["X"])}, text)
    assert str(caught.value) == message


def test_a_scenario_target_and_a_map_highlight_choose_the_same_seats(data) -> None:
    text = "muslim_pct >= 20 and degree_pct < 35"
    highlighted, _ = seats_matching(data, "pcon2024", text)
    scenario = parse_scenario({"base": {"election": "2024"}, "operations": [
        {"type": "swing", "from": "Lab", "to": "Con", "points": 1, "where": text}]})
    result = run_scenario(data, scenario)
    targeted = set(result.result.gss_codes[result.targeted])
    assert targeted == set(highlighted) and len(targeted) == 25
