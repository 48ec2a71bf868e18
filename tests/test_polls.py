"""Poll averages from the shipped polls."""

from __future__ import annotations

import pandas as pd
import pytest

from swingometer import AnalysisError
from swingometer.polls import poll_average


def with_poll(polls: pd.DataFrame, date_end: str, **shares: float) -> pd.DataFrame:
    """The polls plus one made-up GB poll ending on ``date_end``."""
    extra = {c: None for c in polls.columns} | {
        "poll_id": f"{date_end}-test-1", "date_start": date_end, "date_end": date_end,
        "pollster": "Test Polling", "area": "GB"} | shares
    return pd.concat([polls, pd.DataFrame([extra]).astype(polls.dtypes.to_dict())],
                     ignore_index=True)


def test_the_final_week_average_before_the_2024_election(data) -> None:
    average = poll_average(data.polls, "2024-07-04")
    assert average.as_of == "2024-07-04"
    assert average.window_days == 7
    # 33 polls ended 27 June - 3 July 2024; 4 of them were UK-wide and are left out
    assert average.polls == 29
    assert average.shares["Lab"] == pytest.approx(39.3, abs=0.1)
    assert average.shares["Con"] == pytest.approx(21.3, abs=0.1)
    assert average.shares["RUK"] == pytest.approx(15.9, abs=0.1)
    assert average.shares["LD"] == pytest.approx(11.3, abs=0.1)
    assert sum(average.shares.values()) == pytest.approx(100, abs=1e-9)
    assert average.to_dict() == {
        "as_of": "2024-07-04", "area": "GB", "window_days": 7, "polls": 29,
        "shares": {p: round(s, 2) for p, s in average.shares.items()}}


def test_a_poll_ending_on_the_day_is_not_used(data) -> None:
    before = poll_average(data.polls, "2024-07-04")
    same_day = poll_average(with_poll(data.polls, "2024-07-04", Lab=90.0, Con=10.0),
                            "2024-07-04")
    assert same_day == before
    day_before = poll_average(with_poll(data.polls, "2024-07-03", Lab=90.0, Con=10.0),
                              "2024-07-04")
    assert day_before.polls == 30
    assert day_before.shares["Lab"] > before.shares["Lab"] + 1


def test_the_window_is_the_seven_days_before(data) -> None:
    base = poll_average(data.polls, "2024-07-04")
    # 27 June is 7 days before 4 July: inside the window; 26 June is outside
    inside = poll_average(with_poll(data.polls, "2024-06-27", Lab=90.0, Con=10.0), "2024-07-04")
    outside = poll_average(with_poll(data.polls, "2024-06-26", Lab=90.0, Con=10.0), "2024-07-04")
    assert inside.polls == 30
    assert outside == base


def test_a_brexit_party_share_counts_as_reform(data) -> None:
    polls = data.polls
    window = polls[(polls["date_end"] >= "2019-12-05") & (polls["date_end"] < "2019-12-12")]
    assert window["BRX"].notna().all() and window["RUK"].isna().all()
    average = poll_average(polls, "2019-12-12")
    assert average.polls == 20
    assert "BRX" not in average.shares
    assert average.shares["RUK"] == pytest.approx(3.1, abs=0.1)
    # the same polls with the Brexit Party's column relabelled Reform give the same average
    moved = polls.assign(RUK=polls["RUK"].fillna(polls["BRX"]), BRX=float("nan"))
    assert poll_average(moved, "2019-12-12") == average


@pytest.mark.parametrize("options", [{"house_effects": True}, {"half_life_days": 2.0},
                                     {"house_effects": True, "half_life_days": 3.0}])
def test_house_effects_and_time_decay_change_the_numbers_not_the_total(data, options) -> None:
    plain = poll_average(data.polls, "2024-07-04")
    adjusted = poll_average(data.polls, "2024-07-04", **options)
    assert set(adjusted.shares) == set(plain.shares)
    assert adjusted.polls == plain.polls
    assert sum(adjusted.shares.values()) == pytest.approx(100, abs=1e-9)
    assert max(abs(adjusted.shares[p] - plain.shares[p]) for p in plain.shares) > 0.1
    assert all(0 <= s <= 100 for s in adjusted.shares.values())
    if options.get("house_effects"):
        assert "YouGov" in adjusted.house_effects
        assert set(adjusted.house_effects["YouGov"]) <= set(plain.shares) | {"UKIP"}
    else:
        assert adjusted.house_effects == {}


def test_a_date_before_any_poll_is_an_error(data) -> None:
    with pytest.raises(AnalysisError) as caught:
        poll_average(data.polls, "1970-01-01")
    assert str(caught.value) == ("no GB polls ended in the 7 days before 1970-01-01 (first poll: "
                                 "1970-08-16); widen the window or pass shares")


def test_a_party_no_poll_reported_is_left_out_not_zero(data) -> None:
    # in 2024 no GB poll of the final week reported UKIP; before 2015 the tables had no SNP column
    average = poll_average(data.polls, "2024-07-04")
    assert "UKIP" not in average.shares
    assert set(average.shares) == {"Con", "Lab", "LD", "Green", "SNP", "PC", "RUK", "Oth"}
    early = poll_average(data.polls, "2010-05-06")
    assert set(early.shares) == {"Con", "Lab", "LD", "Oth"}
    assert sum(early.shares.values()) == pytest.approx(100, abs=1e-9)
    assert all(share > 0 for share in early.shares.values())
