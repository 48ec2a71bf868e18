"""The polls chart: a dot per standard poll, the averages are poll_average's, election results are
the official GB shares, the SVG is the same every time, and bad requests get clear errors."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

import swingometer
from swingometer import charts
from swingometer.forecast.models import history_shares
from swingometer.forecast.polls import POLLS_CREDIT, poll_average
from swingometer.forecast.polls._frame import poll_frame

SVG = "{http://www.w3.org/2000/svg}"
ELECTION = "parl.2024-07-04"


@pytest.fixture(scope="module")
def year_2024(data: swingometer.Dataset) -> charts.ChartData:
    return charts.polls_chart_data(data, since="2024-01-01", until="2024-12-31")


def standard_polls(data: swingometer.Dataset, area: str, since: str, until: str) -> pd.DataFrame:
    """The area's standard polls that ended in the range, straight from the polls table."""
    polls = data.polls
    where = polls["area"].eq(area) | (polls["area"].isna() if area == "GB" else False)
    return polls[where & polls["nonstandard"].isna() & polls["date_end"].between(since, until)]


def test_a_dot_per_standard_poll_and_party(data, year_2024) -> None:
    table = year_2024.table
    dots = table[table["series"] == "poll"]
    expected = standard_polls(data, "GB", "2024-01-01", "2024-12-31")
    assert year_2024.facts["parties"] == ["Con", "Lab", "LD", "Green", "SNP", "RUK", "Oth"]
    assert list(dots["party"].unique()) == year_2024.facts["parties"]
    assert set(dots["poll_id"]) == set(expected["poll_id"])
    assert year_2024.facts["polls"] == len(expected) == dots["poll_id"].nunique()
    labour = dots[dots["party"] == "Lab"].set_index("poll_id")["share"]
    assert labour.to_dict() == expected.set_index("poll_id")["Lab"].dropna().to_dict()
    assert year_2024.kind == "polls" and year_2024.title == "GB polls, 1 Jan 2024 to 31 Dec 2024"


def test_the_last_averages_are_poll_average_the_day_after_the_last_poll(data, year_2024) -> None:
    line = year_2024.table[year_2024.table["series"] == "average"]
    last_poll = datetime.date.fromisoformat(year_2024.facts["latest_poll"])
    day = (last_poll + datetime.timedelta(days=1)).isoformat()
    average = poll_average(data.polls, day, "GB")
    last = line.groupby("party").last()
    assert set(last["date"]) == {day}
    for party in year_2024.facts["parties"]:
        share, sd = average.shares[party], average.sd[party]
        assert last.loc[party, "share"] == pytest.approx(share)
        assert last.loc[party, ["low", "high"]].tolist() == pytest.approx(
            [share - 1.645 * sd, share + 1.645 * sd])
    assert year_2024.facts["method"] == "kalman" and year_2024.facts["step_days"] == 2
    assert line["date"].nunique() <= 250


def test_the_general_election_is_marked_with_its_gb_result(data, year_2024) -> None:
    results = year_2024.table[year_2024.table["series"] == "result"]
    official = history_shares(data, ELECTION, "pcon2024").national()
    assert set(results["election_id"]) == {ELECTION} and set(results["date"]) == {"2024-07-04"}
    shares = results.set_index("party")["share"]
    for party in ["Con", "Lab", "LD", "Green", "SNP", "RUK"]:
        assert shares[party] == pytest.approx(official[party], abs=0.005)
    assert shares["Oth"] == pytest.approx(official["Oth"] + official["Ind"], abs=0.005)
    [election] = year_2024.facts["elections"]
    assert election["label"] == "2024 general election" and election["shares"]["Lab"] == 34.64
    assert year_2024.source.startswith("Source: House of Commons Library election results")
    assert year_2024.source.endswith(f"; polls: {POLLS_CREDIT}; average: swingometer, kalman "
                                     f"method")


def test_the_default_range_is_the_two_years_to_the_latest_poll(data) -> None:
    chart = charts.polls_chart_data(data)
    latest = poll_frame(data.polls, "GB").ends[-1]
    two_years = (pd.Timestamp(latest) - pd.DateOffset(years=2)).date().isoformat()
    assert (chart.facts["since"], chart.facts["until"]) == (two_years, latest)
    assert chart.facts["polls"] == len(standard_polls(data, "GB", two_years, latest))
    assert chart.display.columns.tolist() == ["party", "polls", "first", "latest", "change"]


def test_svg_is_accessible_and_the_same_every_time(data, year_2024, tmp_path: Path) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    figure = charts.draw(year_2024, first)
    charts.polls_chart(data, since="2024-01-01", until="2024-12-31", path=second)
    assert first.read_bytes() == second.read_bytes()
    assert [float(v) for v in figure.get_size_inches()] == [8.0, 5.0]
    root = ET.parse(first).getroot()
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == year_2024.title
    assert root.find(f"{SVG}desc").text == year_2024.description
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert {"polls-Lab", "average-Lab", "band-Lab", f"election-{ELECTION}",
            f"result-Lab-{ELECTION}", "average-SNP"} <= ids
    texts = " ".join(e.text or "" for e in root.iter(f"{SVG}text"))
    assert "2024 general election" in texts and "CC BY-SA 4.0" in texts


def test_scotland_marks_the_election_but_not_a_gb_result(data, tmp_path: Path) -> None:
    chart = charts.polls_chart_data(data, "Scotland", since="2024-01-01")
    assert chart.title.startswith("Scotland polls, 1 Jan 2024 to ")
    assert "SNP" in chart.facts["parties"]
    assert chart.facts["polls"] == len(standard_polls(data, "Scotland", "2024-01-01",
                                                      chart.facts["until"]))
    assert (chart.table["series"] == "result").sum() == 0
    assert chart.facts["elections"] == [{"election_id": ELECTION, "date": "2024-07-04",
                                         "label": "2024 general election", "shares": {}}]
    assert chart.source == f"Polls: {POLLS_CREDIT}; average: swingometer, kalman method"
    charts.polls_chart(data, "Scotland", path=tmp_path / "scotland.png")
    assert (tmp_path / "scotland.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_method_without_standard_errors_has_no_band(data) -> None:
    chart = charts.polls_chart_data(data, since="2024-05-01", until="2024-06-30", method="mean")
    line = chart.table[chart.table["series"] == "average"]
    assert len(line) and line["low"].isna().all() and line["high"].isna().all()
    assert chart.source.endswith("average: swingometer, mean method")


def test_errors(data) -> None:
    frame = poll_frame(data.polls, "GB")
    cases = [
        ({"area": "Narnia"}, "area must be one of GB, UK, Scotland, Wales, London (got 'Narnia')"),
        ({"since": "1960-01-01", "until": "1960-12-31"},
         f"no GB polls ended from 1960-01-01 to 1960-12-31; the GB polls run from "
         f"{frame.ends[0]} to {frame.ends[-1]}"),
        ({"since": "2025-01-01", "until": "2024-01-01"},
         "a polls chart must start on or before its last day (got since 2025-01-01, until "
         "2024-01-01)"),
        ({"since": "2024-13-01"},
         "the since date of a polls chart must be YYYY-MM-DD (got '2024-13-01')"),
        ({"method": "median", "since": "2024-01-01", "until": "2024-01-31"},
         "the poll average method must be one of kalman, mean, weighted (got 'median')"),
    ]
    for arguments, message in cases:
        with pytest.raises(swingometer.AnalysisError) as error:
            charts.polls_chart_data(data, **arguments)
        assert str(error.value) == message, arguments
