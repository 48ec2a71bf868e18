"""Poll averages: the shipped table, the methods, leakage, the pollster cap, known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swingometer import AnalysisError, NoPollsError
from swingometer.data.tables import POLL_PARTIES, SCHEMAS
from swingometer.forecast.polls import (
    METHODS,
    Options,
    poll_average,
    poll_averages,
    poll_day,
    poll_table,
)
from swingometer.forecast.polls._frame import poll_frame
from swingometer.forecast.polls._methods import poll_weights

COLUMNS = [c.name for c in SCHEMAS["polls"].columns]


def toy(*rows: dict) -> pd.DataFrame:
    """A polls table of made-up GB polls: each row gives date_end, pollster and shares."""
    records = []
    for n, row in enumerate(rows):
        record = {c: None for c in COLUMNS} | {"area": "GB", "sample_size": 1000} | row
        record.setdefault("date_start", record["date_end"])
        record["poll_id"] = f"toy-{n}"
        records.append(record)
    return pd.DataFrame(records, columns=COLUMNS).astype(SCHEMAS["polls"].dtypes())


def with_poll(polls: pd.DataFrame, date_end: str, **shares: float) -> pd.DataFrame:
    """The polls plus one made-up GB poll ending on ``date_end``."""
    extra = toy({"date_end": date_end, "pollster": "Test Polling", **shares})
    return pd.concat([polls, extra.astype(polls.dtypes.to_dict())], ignore_index=True)


# -- the shipped table -------------------------------------------------------------------------
def test_the_shipped_polls_by_area(data) -> None:
    polls = data.polls
    by_area = polls.groupby(polls["area"].fillna("NA"))["date_end"].agg(["size", "min", "max"])
    assert by_area.loc["Scotland"].tolist() == [158, "2020-03-26", "2026-08-10"]
    assert by_area.loc["Wales"].tolist() == [49, "2020-01-26", "2026-03-19"]
    assert by_area.loc["London"].tolist() == [6, "2025-05-08", "2026-07-08"]
    assert by_area.loc["GB", "max"] == "2026-08-17"
    assert by_area.loc["NA", "max"] == "2017-06-07"
    assert len(polls) == 7427
    # the 532 polls of the primary file since the 2024 election, GB and UK
    recent = polls[(polls["date_end"] > "2024-07-04") & polls["area"].isin(["GB", "UK"])]
    assert len(recent) == 532
    assert polls["poll_id"].is_unique
    assert not polls.duplicated(["pollster", "area", "date_start", "date_end", *POLL_PARTIES]).any()


def test_recent_gb_polls_sum_to_about_100_and_mrps_are_flagged(data) -> None:
    polls = data.polls
    recent = polls[(polls["date_end"] > "2024-07-04") & polls["area"].isin(["GB", "UK"])]
    total = recent[list(POLL_PARTIES)].sum(axis=1)
    assert total.between(95, 105).all()
    flagged = recent["nonstandard"].value_counts().to_dict()
    assert flagged == {"MRP": 17, "mega-poll": 3}
    assert recent.loc[recent["pollster"].str.contains("(MRP)", regex=False), "nonstandard"].eq(
        "MRP").all()
    assert recent["RB"].notna().sum() > 0 and recent.loc[recent["RB"].notna(), "date_end"].min() \
        >= "2026-01-01"


def test_the_cross_check_lists_disagreements_with_both_figures(data) -> None:
    from swingometer.data.tables import read_table

    check = read_table("poll_crosscheck")
    assert set(check["finding"]) == {"different figure", "missing from primary"}
    stonehaven = check[(check["poll_id"] == "2024-08-05-stonehaven-1") & (check["column"] == "Lab")]
    assert stonehaven[["primary", "other"]].values.tolist() == [["32", "33.6"]]


# -- known answers on toy tables ----------------------------------------------------------------
def test_the_mean_is_the_plain_mean_of_the_window() -> None:
    polls = toy({"date_end": "2025-01-01", "pollster": "A", "Lab": 30.0, "Con": 30.0, "Oth": 40.0},
                {"date_end": "2025-01-05", "pollster": "B", "Lab": 40.0, "Con": 20.0, "Oth": 40.0},
                {"date_end": "2025-01-09", "pollster": "C", "Lab": 90.0, "Con": 0.0, "Oth": 10.0})
    average = poll_average(polls, "2025-01-08", method="mean")
    assert average.shares == pytest.approx({"Lab": 35.0, "Con": 25.0, "Oth": 40.0})
    assert (average.polls, average.pollsters, average.latest_poll) == (2, 2, "2025-01-05")
    assert average.poll_ids == ("toy-0", "toy-1")


def test_the_weighted_mean_halves_a_poll_each_half_life_and_weighs_samples() -> None:
    polls = toy({"date_end": "2025-01-06", "pollster": "A", "Lab": 40.0, "Oth": 60.0},
                {"date_end": "2025-01-09", "pollster": "B", "Lab": 20.0, "Oth": 80.0,
                 "sample_size": 4000})
    average = poll_average(polls, "2025-01-10", method="weighted",
                           options=Options(half_life_days=3.0, sample_cap=10_000,
                                           pollster_cap=100.0))
    # ages 4 and 1 days; sample factors 1 and 2
    w = np.array([0.5 ** (4 / 3), 0.5 ** (1 / 3) * 2])
    assert average.shares["Lab"] == pytest.approx((w @ [40, 20]) / w.sum())


def test_a_kalman_average_of_one_poll_is_that_poll() -> None:
    polls = toy({"date_end": "2025-03-01", "pollster": "A", "Lab": 31.0, "Con": 25.0, "Oth": 44.0})
    average = poll_average(polls, "2025-03-02")
    assert average.method == "kalman"
    assert average.shares == pytest.approx({"Lab": 31.0, "Con": 25.0, "Oth": 44.0})
    assert average.sd["Lab"] > 0


def test_a_kalman_average_follows_a_new_level() -> None:
    rows = [{"date_end": f"2025-01-{d:02d}", "pollster": f"P{d % 5}", "Lab": 30.0, "Oth": 70.0}
            for d in range(1, 21)]
    rows += [{"date_end": f"2025-01-{d:02d}", "pollster": f"P{d % 5}", "Lab": 40.0, "Oth": 60.0}
             for d in range(21, 31)]
    average = poll_average(toy(*rows), "2025-01-31")
    assert 38.5 < average.shares["Lab"] < 40.0


@pytest.mark.parametrize("method", sorted(METHODS))
def test_a_pollster_with_30_polls_a_week_weighs_no_more_than_the_cap(method) -> None:
    field = [{"date_end": "2025-02-07", "pollster": f"Firm {i}", "Lab": 30.0, "Oth": 70.0}
             for i in range(5)]
    tracker = [{"date_end": f"2025-02-{1 + i % 7:02d}", "pollster": "Tracker", "Lab": 60.0,
                "Oth": 40.0} for i in range(30)]
    once = poll_average(toy(*field, tracker[-1]), "2025-02-08", method=method).shares["Lab"]
    many = poll_average(toy(*field, *tracker), "2025-02-08", method=method).shares["Lab"]
    # the plain mean has no cap: thirty polls by one firm swamp five by five firms
    swamped = poll_average(toy(*field, *tracker), "2025-02-08", method="mean").shares["Lab"]
    assert swamped == pytest.approx((5 * 30 + 30 * 60) / 35)
    if method != "mean":  # capped: the tracker counts for little more than one poll
        assert once < many < 37 < swamped


def test_weighted_pollster_weights_are_capped() -> None:
    polls = toy(*[{"date_end": "2025-02-07", "pollster": "Tracker", "Lab": 60.0, "Oth": 40.0}
                  for _ in range(30)], {"date_end": "2025-02-07", "pollster": "Solo",
                                        "Lab": 30.0, "Oth": 70.0})
    frame = poll_frame(polls)
    weights = poll_weights(frame, np.arange(len(frame)), "2025-02-08", Options(pollster_cap=1.0))
    assert weights[frame.pollsters == "Tracker"].sum() == pytest.approx(1.0)
    assert weights[frame.pollsters == "Solo"].sum() == pytest.approx(0.5 ** (1 / 3))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.floats(5, 60), st.floats(5, 35)), min_size=1,
                max_size=12), st.sampled_from(sorted(METHODS)))
def test_averages_sum_to_100_and_stay_within_the_polls(polls, method) -> None:
    rows = [{"date_end": f"2025-05-{1 + day:02d}", "pollster": f"P{i % 3}", "Lab": lab,
             "Con": con, "Oth": 100 - lab - con} for i, (day, lab, con) in enumerate(polls)]
    try:
        average = poll_average(toy(*rows), "2025-05-22", method=method)
    except NoPollsError:
        assert method != "kalman"  # only a short window can miss every poll
        return
    assert sum(average.shares.values()) == pytest.approx(100)
    # each party's estimate lies within its polls; rescaled to 100, Labour's share lies within
    # its polls' range stretched by the most and the least the estimates can sum to
    low = {p: min(r[p] for r in rows) for p in ("Lab", "Con", "Oth")}
    high = {p: max(r[p] for r in rows) for p in ("Lab", "Con", "Oth")}
    assert (100 * low["Lab"] / sum(high.values()) - 1e-9 <= average.shares["Lab"]
            <= 100 * high["Lab"] / sum(low.values()) + 1e-9)


# -- leakage and selection ----------------------------------------------------------------------
@pytest.mark.parametrize("method", sorted(METHODS))
def test_no_poll_on_or_after_the_day_is_used(data, method) -> None:
    before = poll_average(data.polls, "2024-07-04", method=method)
    assert max(i[:10] for i in before.poll_ids) < "2024-07-04"
    spiked = with_poll(data.polls, "2024-07-04", Lab=90.0, Con=10.0)
    later = with_poll(spiked, "2024-09-01", Lab=90.0, Con=10.0)
    assert poll_average(later, "2024-07-04", method=method) == before
    day_before = poll_average(with_poll(data.polls, "2024-07-03", Lab=90.0, Con=10.0),
                              "2024-07-04", method=method)
    assert day_before.shares["Lab"] > before.shares["Lab"] + 0.1


def test_house_effects_use_only_earlier_polls(data) -> None:
    before = poll_average(data.polls, "2024-07-04")
    later = with_poll(data.polls, "2024-07-10", Lab=90.0, Con=10.0)
    assert poll_average(later, "2024-07-04").house_effects == before.house_effects
    assert "YouGov" in before.house_effects


def test_the_final_2024_average_against_the_plain_mean(data) -> None:
    kalman = poll_average(data.polls, "2024-07-04")
    mean = poll_average(data.polls, "2024-07-04", method="mean")
    # 33 polls ended 27 June - 3 July 2024; the UK-wide ones and the MRPs are left out
    assert (mean.polls, mean.window_days) == (24, 7)
    assert mean.shares["Lab"] == pytest.approx(39.1, abs=0.1)
    # the result: Lab 34.6, Con 24.4 (GB); the smoother is nearer on both
    assert abs(kalman.shares["Lab"] - 34.6) < abs(mean.shares["Lab"] - 34.6)
    assert abs(kalman.shares["Con"] - 24.4) < abs(mean.shares["Con"] - 24.4)


def test_nonstandard_polls_are_used_only_when_asked(data) -> None:
    plain = poll_average(data.polls, "2024-07-04", method="mean")
    every = poll_average(data.polls, "2024-07-04", method="mean", nonstandard=True)
    assert every.polls == plain.polls + 5


def test_the_latest_average_is_august_2026(data) -> None:
    day = poll_day(data.polls, "latest")
    assert day == "2026-08-18"
    average = poll_average(data.polls, day)
    assert average.latest_poll == "2026-08-17"
    assert {"RUK", "Lab", "Con", "Green", "LD", "RB"} <= set(average.shares)
    assert 20 < average.shares["RUK"] < 28 and 20 < average.shares["Lab"] < 28


def test_scotland_and_wales_have_their_own_averages(data) -> None:
    scotland = poll_average(data.polls, "2024-07-04", area="Scotland")
    assert scotland.shares["SNP"] == pytest.approx(31, abs=1.5)
    assert scotland.shares["Lab"] == pytest.approx(36, abs=1.5)
    wales = poll_average(data.polls, "2024-07-04", area="Wales")
    assert "PC" in wales.shares and wales.area == "Wales"


def test_a_brexit_party_share_counts_as_reform(data) -> None:
    polls = data.polls
    average = poll_average(polls, "2019-12-12")
    assert "BRX" not in average.shares
    assert average.shares["RUK"] == pytest.approx(3.1, abs=0.3)
    moved = polls.assign(RUK=polls["RUK"].fillna(polls["BRX"]), BRX=float("nan"))
    assert poll_average(moved, "2019-12-12") == average


def test_a_party_no_poll_reported_is_left_out_not_zero(data) -> None:
    average = poll_average(data.polls, "2024-07-04", method="mean")
    assert "UKIP" not in average.shares and "RB" not in average.shares
    early = poll_average(data.polls, "2010-05-06", method="mean")
    assert set(early.shares) == {"Con", "Lab", "LD", "Oth"}
    assert all(share > 0 for share in early.shares.values())


def test_many_dates_match_one_at_a_time(data) -> None:
    days = ["2019-12-12", "2024-07-04", "1970-01-01"]
    many = poll_averages(data.polls, days)
    single = [poll_average(data.polls, d) for d in days[:2]]
    assert [a.shares for a in many[:2]] == [a.shares for a in single]
    assert [a.poll_ids for a in many[:2]] == [a.poll_ids for a in single]
    assert many[2] is None


def test_no_polls_in_the_window_names_the_latest_poll(data) -> None:
    with pytest.raises(NoPollsError) as caught:
        poll_average(data.polls, "2026-12-03")
    assert str(caught.value) == (
        "no GB polls ended in the 90 days before 2026-12-03; the latest GB poll before it ended "
        "on 2026-08-17; widen the window (window_days) or give shares")
    assert caught.value.latest == "2026-08-17"
    with pytest.raises(NoPollsError) as caught:
        poll_average(data.polls, "1970-01-01")
    assert str(caught.value) == ("no GB polls ended in the 90 days before 1970-01-01; no GB poll "
                                 "ended before it; give shares")


@pytest.mark.parametrize(("call", "message"), [
    (lambda p: poll_average(p, "2024-07-04", area="Mars"),
     "area must be one of GB, UK, Scotland, Wales, London (got 'Mars')"),
    (lambda p: poll_average(p, "2024-07-04", method="median"),
     "the poll average method must be one of kalman, mean, weighted (got 'median')"),
    (lambda p: poll_average(p, "July"),
     "the date of a poll average must be YYYY-MM-DD, 'latest' or 'today' (got 'July')"),
    (lambda p: poll_average(p, "2024-07-04", window_days=0),
     "the window of a poll average must be at least 1 day (got 0)"),
])
def test_bad_arguments_are_clear_errors(data, call, message) -> None:
    with pytest.raises(AnalysisError) as caught:
        call(data.polls)
    assert str(caught.value) == message


def test_the_poll_table_filters(data) -> None:
    table = poll_table(data.polls, "Scotland", since="2026-01-01", pollster="norstat")
    assert len(table) > 0 and set(table["area"]) == {"Scotland"}
    assert table["pollster"].str.contains("Norstat").all() and table["date_end"].min() >= "2026"
    assert "UKIP" not in table.columns
