"""Charts: the numbers drawn are the official ones, the files are valid SVG and PNG, the same
chart gives the same bytes, and bad requests get clear errors."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import swingometer
from swingometer import charts
from swingometer.forecast.projection import project
from swingometer.forecast.simulate import ErrorModel, simulate
from swingometer.pictures.charts._distribution import DEFAULT_PARTIES

SVG = "{http://www.w3.org/2000/svg}"
SHARES = {"Lab": 30.0, "RUK": 25.0, "Con": 18.0, "LD": 13.0, "Green": 9.0}
OFFICIAL_2024 = {"Lab": 411, "Con": 121, "LD": 72, "SNP": 9, "RUK": 5, "Green": 4, "PC": 4}
GENERAL = ["parl.2010-05-06", "parl.2015-05-07", "parl.2017-06-08", "parl.2019-12-12",
           "parl.2019-12-12.notional", "parl.2024-07-04"]


@pytest.fixture(scope="module")
def projection(data: swingometer.Dataset):
    return project(data, shares=SHARES)


@pytest.fixture(scope="module")
def simulation(data: swingometer.Dataset, projection):
    return simulate(projection, ErrorModel.estimate(data.before("2024-07-04")), 2_000, seed=5)


def by_gid(figure, prefix: str) -> dict[str, object]:
    """Every artist of ``figure`` whose gid starts with ``prefix``, by gid."""
    return {a.get_gid(): a for a in figure.findobj(lambda a: str(a.get_gid()).startswith(prefix))}


def svg_ids(path: Path) -> set[str]:
    return {e.get("id") for e in ET.parse(path).iter() if e.get("id")}


# -- seat totals -----------------------------------------------------------------------------------

def test_the_2024_bars_are_the_official_totals(data) -> None:
    chart = charts.totals_data(data, "2024")
    seats = chart.table.set_index("party")["seats"]
    assert {p: seats[p] for p in OFFICIAL_2024} == OFFICIAL_2024
    assert seats.sum() == 650 and (seats > 0).all()
    assert chart.facts == {"election_id": "parl.2024-07-04", "compared_with": None, "area": "UK",
                           "seats": 650, "majority": 326}
    assert chart.table["colour"].tolist()[:3] == ["#E4003B", "#0087DC", "#FAA61A"]
    figure = charts.draw(chart)
    bars = by_gid(figure, "seats-")
    assert {p: bars[f"seats-{p}"].get_width() for p in OFFICIAL_2024} == OFFICIAL_2024
    assert len(bars) == len(chart.table)
    line = by_gid(figure, "majority-line")["majority-line"]
    assert list(line.get_xdata()) == [326, 326]
    labels = [t.get_text() for t in figure.axes[0].texts]
    assert {"411", "121", "72", " 326 for a majority"} <= set(labels)


def test_vertical_bars_have_the_same_heights(data) -> None:
    figure = charts.totals(data, "2024", horizontal=False)
    bars = by_gid(figure, "seats-")
    assert {p: bars[f"seats-{p}"].get_height() for p in OFFICIAL_2024} == OFFICIAL_2024
    assert list(by_gid(figure, "majority-line")["majority-line"].get_ydata()) == [326, 326]


def test_2024_gains_are_against_the_notional_2019_result(data) -> None:
    chart = charts.totals_data(data, "2024", gains=True)
    assert chart.kind == "gains"
    assert chart.facts["compared_with"] == "parl.2019-12-12.notional"
    table = chart.table.set_index("party")
    assert table.loc["Lab", ["before", "seats", "change"]].tolist() == [200, 411, 211]
    assert table.loc["Con", ["before", "seats", "change"]].tolist() == [372, 121, -251]
    assert table.loc["RUK", ["before", "seats", "change"]].tolist() == [0, 5, 5]
    # the same changes the totals command reports
    official = data.totals("2024").parties.set_index("party")
    for party in ["Lab", "Con", "LD", "SNP", "Green", "PC"]:
        assert table.loc[party, "change"] == official.loc[party, "seats_change"]
    figure = charts.draw(chart)
    before, after = by_gid(figure, "before-"), by_gid(figure, "seats-")
    assert before["before-Con"].get_width() == 372 and after["seats-Con"].get_width() == 121
    labels = {t.get_text() for t in figure.axes[0].texts}
    assert {"411 (+211)", "121 (-251)", "372"} <= labels
    assert chart.display.set_index("party").loc["Con", "change"] == "-251"


def test_gains_from_a_chosen_election_map_the_brexit_party_to_reform(data) -> None:
    chart = charts.totals_data(data, "2019", before="2017")
    table = chart.table.set_index("party")
    assert table.loc["Con", ["before", "seats", "change"]].tolist() == [317, 365, 48]
    assert table.loc["Lab", ["before", "seats", "change"]].tolist() == [262, 202, -60]
    assert "BRX" not in table.index and "RUK" not in table.index  # no seats either side
    across = charts.totals_data(data, "2024", before="2019").table.set_index("party")
    assert across.loc["Lab", ["before", "seats", "change"]].tolist() == [202, 411, 209]


@settings(max_examples=12, deadline=None)
@given(pair=st.lists(st.sampled_from(GENERAL), min_size=2, max_size=2, unique=True))
def test_gains_add_up(data, pair: list[str]) -> None:
    table = charts.totals_data(data, pair[0], before=pair[1]).table
    assert (table["seats"] - table["before"] == table["change"]).all()
    assert table["seats"].sum() == table["before"].sum() == 650
    assert ((table["seats"] > 0) | (table["before"] > 0)).all()


@given(seats=st.integers(min_value=1, max_value=5_000))
def test_a_majority_is_more_than_half_and_no_more_than_needed(seats: int) -> None:
    needed = charts.majority_needed(seats)
    assert 2 * needed > seats >= 2 * (needed - 1)


def test_a_projection_is_charted_against_its_baseline(data, projection) -> None:
    chart = charts.totals_data(data, projection=projection, gains=True)
    expected = projection.totals.set_index("party")
    table = chart.table.set_index("party")
    for party, row in table.iterrows():
        assert (row["seats"], row["before"]) == (expected.loc[party, "seats"],
                                                 expected.loc[party, "baseline"])
    assert chart.facts["compared_with"] == "parl.2024-07-04"
    assert chart.facts["model"] == projection.model and chart.facts["majority"] == 326
    assert chart.title == ("Seats in the tactical projection from the shares given, against the "
                           "2024 general election")


def test_totals_errors(data, projection) -> None:
    with pytest.raises(swingometer.AnalysisError) as error:
        charts.totals_data(data, "parl.batley-and-spen.by.2021-07-01")
    assert str(error.value) == ("a seat totals chart needs a general election; "
                                "parl.batley-and-spen.by.2021-07-01 is a by-election")
    with pytest.raises(swingometer.AnalysisError) as error:
        charts.totals_data(data, "notional", gains=True)
    assert str(error.value) == ("parl.2019-12-12.notional has no earlier general election on "
                                "its boundaries to compare with; give one with before=")
    with pytest.raises(swingometer.AnalysisError) as error:
        charts.totals_data(data, "2019", before="2019")
    assert str(error.value) == ("compare parl.2019-12-12 with another election (got the same "
                                "election twice)")
    with pytest.raises(swingometer.AnalysisError) as error:
        charts.totals_data(data, "2024", projection=projection)
    assert str(error.value) == ("give an election or a projection to chart, not both (a "
                                "projection is compared with its own baseline)")
    with pytest.raises(swingometer.ElectionNotFoundError) as error:
        charts.totals_data(data, "1997")
    assert str(error.value) == ("no election matches '1997'; list them with "
                                "Dataset.election_table()")


# -- files -----------------------------------------------------------------------------------------

def test_svg_parses_carries_its_title_and_is_the_same_every_time(data, tmp_path: Path) -> None:
    chart = charts.totals_data(data, "2024", gains=True)
    first, second = tmp_path / "a.svg", tmp_path / "b.SVG"
    charts.draw(chart, first)
    charts.draw(chart, second)
    assert first.read_bytes() == second.read_bytes()
    root = ET.parse(first).getroot()
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == chart.title
    assert root.find(f"{SVG}desc").text == chart.description
    assert {"seats-Lab", "before-Lab", "seats-RUK", "majority-line"} <= svg_ids(first)
    text = first.read_text(encoding="utf-8")
    assert "<dc:date>" not in text and "Matplotlib v" not in text
    assert "411 (+211)" in text  # text is kept as text, for search and screen readers


def test_svg_title_and_description_are_escaped(data, tmp_path: Path) -> None:
    chart = dataclasses.replace(charts.totals_data(data, "2024"), title='Lab & Con <"2024">',
                                description="A < B & C")
    charts.draw(chart, tmp_path / "x.svg")
    root = ET.parse(tmp_path / "x.svg").getroot()
    assert root.find(f"{SVG}title").text == 'Lab & Con <"2024">'
    assert root.find(f"{SVG}desc").text == "A < B & C"


@pytest.mark.parametrize(("width", "height", "dpi"), [(8.0, 5.0, 100), (6.0, 4.0, 50),
                                                      (3.5, 7.25, 80)])
def test_png_has_the_requested_pixel_size(data, tmp_path: Path, width, height, dpi) -> None:
    from PIL import Image

    path = tmp_path / "chart.png"
    charts.totals(data, "2024", path=path, width=width, height=height, dpi=dpi)
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (round(width * dpi), round(height * dpi))


def test_save_writes_a_drawn_figure(data, tmp_path: Path) -> None:
    chart = charts.totals_data(data, "2019")
    figure = charts.draw(chart)
    assert charts.save(figure, tmp_path / "x.svg", chart) == tmp_path / "x.svg"
    charts.draw(chart, tmp_path / "y.svg")
    assert (tmp_path / "x.svg").read_bytes() == (tmp_path / "y.svg").read_bytes()


def test_bad_files_and_sizes_are_refused_before_drawing(data, tmp_path: Path) -> None:
    chart = charts.totals_data(data, "2024")
    cases = [
        ({"path": tmp_path / "x.pdf"}, ("a chart is written as SVG or PNG: the file name must end "
                                       f"in .svg or .png (got '{tmp_path / 'x.pdf'}')")),
        ({"path": tmp_path / "no" / "x.svg"}, (f"cannot write '{tmp_path / 'no' / 'x.svg'}': the "
                                              f"folder '{tmp_path / 'no'}' does not exist")),
        ({"width": 0}, "width must be a number of inches above 0 and at most 100 (got 0)"),
        ({"height": -2.0}, ("height must be a number of inches above 0 and at most 100 "
                           "(got -2.0)")),
        ({"dpi": 5}, "dpi must be a whole number from 10 to 1200 (got 5)"),
        ({"width": 90, "dpi": 300}, ("a chart is at most 20,000 pixels on a side (got 27,000 x "
                                    "1,500: width and height in inches times dpi)")),
    ]
    for options, message in cases:
        with pytest.raises(swingometer.AnalysisError) as error:
            charts.draw(chart, **options)
        assert str(error.value) == message
    assert list(tmp_path.iterdir()) == []


def test_chart_names(data) -> None:
    assert [charts.check_kind(k) for k in ["totals", " History", "SCATTER"]] == [
        "totals", "history", "scatter"]
    with pytest.raises(swingometer.AnalysisError) as error:
        charts.check_kind("distrbution")
    assert str(error.value) == ("chart must be one of distribution, history, scatter, totals "
                                "(got 'distrbution'); did you mean 'distribution'?")
    with pytest.raises(swingometer.AnalysisError) as error:
        charts.check_kind("pie")
    assert str(error.value) == ("chart must be one of distribution, history, scatter, totals "
                                "(got 'pie')")


def test_colours_come_from_the_parties_table(data) -> None:
    table = data.parties.set_index("code")["colour"]
    colours = charts.party_colours(data, ["Lab", "RUK", "BRX", "Oth", "Nobody"])
    assert colours == {"Lab": table["Lab"], "RUK": table["RUK"], "BRX": table["BRX"],
                       "Oth": "#B3B3B3", "Nobody": "#B3B3B3"}


def test_json_of_a_chart_is_plain_data(data) -> None:
    payload = charts.totals_data(data, "2024", gains=True).to_dict()
    assert payload["chart"] == "gains" and payload["majority"] == 326
    assert payload["data"][0] == {"party": "Lab", "name": "Labour", "before": 200, "seats": 411,
                                  "change": 211, "colour": "#E4003B"}


# -- distribution ----------------------------------------------------------------------------------

def test_distribution_counts_every_simulation(data, simulation) -> None:
    chart = charts.distribution_data(data, simulation)
    table = chart.table
    columns = list(simulation.parties)
    shown = list(dict.fromkeys(table["party"]))
    assert 1 <= len(shown) <= DEFAULT_PARTIES
    for party in shown:
        rows = table[table["party"] == party]
        counts = np.bincount(simulation.totals[:, columns.index(party)])
        assert rows["simulations"].sum() == simulation.sims == 2_000
        assert dict(zip(rows["seats"], rows["simulations"])) == {
            s: c for s, c in enumerate(counts) if c}
    summary = simulation.seat_totals().set_index("party")
    for interval in chart.facts["intervals"]:
        row = summary.loc[interval["party"]]
        assert (interval["p5"], interval["p50"], interval["p95"]) == (row["p5"], row["p50"],
                                                                      row["p95"])
    assert chart.facts["majority"] == 326 and chart.facts["seed"] == 5
    # parties whose total never moves (Northern Ireland's, the Speaker) are not drawn
    assert not {"SF", "DUP", "Spk"} & set(shown)
    assert shown == [p for p in summary.index if p in shown]  # largest mean first


def test_distribution_figure_marks_the_interval_and_the_majority(data, simulation) -> None:
    chart = charts.distribution_data(data, simulation, ["labour", "brexit"])
    assert list(dict.fromkeys(chart.table["party"])) == ["Lab", "RUK"]
    figure = charts.draw(chart)
    assert len(figure.axes) == 2
    for interval in chart.facts["intervals"]:
        party = interval["party"]
        span = by_gid(figure, f"interval-{party}")[f"interval-{party}"]
        xs = span.get_patch_transform().transform(span.get_path().vertices)[:, 0]
        assert (xs.min(), xs.max()) == (interval["p5"] - 0.5, interval["p95"] + 0.5)
        line = by_gid(figure, f"majority-{party}")[f"majority-{party}"]
        assert list(line.get_xdata()) == [326, 326]
        steps = by_gid(figure, f"distribution-{party}")[f"distribution-{party}"]
        rows = chart.table[chart.table["party"] == party]
        values = steps.get_data().values
        assert values.sum() == pytest.approx(rows["percent"].sum())
        assert rows["percent"].sum() == pytest.approx(100)


def test_distribution_party_errors(data, simulation) -> None:
    with pytest.raises(swingometer.AnalysisError) as error:
        charts.distribution_data(data, simulation, ["wpb"])
    assert str(error.value) == (
        "WPB is not modelled on its own (it counts among others); the parties modelled are "
        "APNI, Con, DUP, Green, Ind, LD, Lab, PC, RUK, SDLP, SF, SNP, Spk, TUV, UKIP, UUP")
    with pytest.raises(swingometer.PartyNotFoundError) as error:
        charts.distribution_data(data, simulation, ["Monster Raving Loonies"])
    assert str(error.value).startswith("no party matches 'Monster Raving Loonies'")


def test_distribution_with_no_error_has_nothing_to_draw(data, projection) -> None:
    still = simulate(projection, ErrorModel.zero(), 100, seed=0)
    with pytest.raises(swingometer.AnalysisError) as error:
        charts.distribution_data(data, still)
    assert str(error.value) == ("no party's seat total varies in this simulation: there is no "
                                "distribution to draw")
    chart = charts.distribution_data(data, still, ["Lab"])  # asked for, a single spike
    assert chart.table[["seats", "simulations"]].values.tolist() == [
        [int(projection.totals.set_index("party").loc["Lab", "seats"]), 100]]


# -- scatter ---------------------------------------------------------------------------------------

def test_scatter_points_are_each_seats_share_and_change(data) -> None:
    chart = charts.scatter_data(data, "Labour", "2024", seats=["Dewsbury and Batley"])
    assert chart.facts["compared_with"] == "parl.2019-12-12.notional"
    table = chart.table.set_index("name")
    row = table.loc["Dewsbury and Batley"]
    now = data.seat("Dewsbury and Batley", "2024")
    before = data.seat("Dewsbury and Batley", "parl.2019-12-12.notional")
    assert row["after"] == round(now.shares["Lab"], 2) == 22.87
    assert row["before"] == round(before.shares["Lab"], 2) == 59.09
    assert row["change"] == pytest.approx(22.87 - 59.09, abs=0.011)
    assert row["winner"] == "Ind" and row["colour"] == "#DDDDDD"
    assert chart.facts["labelled"] == [now.gss_code]
    # every seat where Labour stood at both, nowhere else
    assert len(table) == chart.facts["seats"] == 631
    assert (chart.table["before"] > 0).all() and (chart.table["after"] > 0).all()
    figure = charts.draw(chart)
    points = np.concatenate([c.get_offsets() for c in by_gid(figure, "seats-").values()])
    assert sorted(map(tuple, points.tolist())) == sorted(
        zip(chart.table["before"], chart.table["change"]))
    assert "Dewsbury and Batley" in {t.get_text() for t in figure.axes[0].texts}
    # people see the labelled seat and the largest falls and rises; machines get every seat
    assert chart.display["name"].iloc[0] == "Dewsbury and Batley"
    extremes = chart.table.sort_values("change")["name"]
    assert set(chart.display["name"]) == {"Dewsbury and Batley", *extremes.head(5),
                                          *extremes.tail(5)}
    assert chart.note.startswith("631 seats plotted")


def test_scatter_of_a_projection_leaves_out_the_held_seats(data, projection) -> None:
    chart = charts.scatter_data(data, "reform", projection=projection)
    frozen = set(projection.projected.gss_codes[projection.projected.frozen])
    assert not frozen & set(chart.table["gss_code"])
    projected = pd.Series(projection.projected.winners, index=projection.projected.gss_codes)
    assert (chart.table["winner"] == chart.table["gss_code"].map(projected)).all()
    assert chart.facts["party"] == "RUK" and chart.facts["compared_with"] == "parl.2024-07-04"


def test_scatter_errors(data) -> None:
    cases = [
        (lambda: charts.scatter_data(data, "Lab", "2024", before="2019"),
         ("a scatter compares seats on the same boundaries: parl.2024-07-04 is on pcon2024 and "
         "parl.2019-12-12 on pcon2010; compare with the notional result, "
         "parl.2019-12-12.notional")),
        (lambda: charts.scatter_data(data, "Lab", "2017", before="2019"),
         ("the election compared with must come first: parl.2019-12-12 is not before "
         "parl.2017-06-08")),
        (lambda: charts.scatter_data(data, "Lab", "parl.2005-05-05.notional"),
         ("parl.2005-05-05.notional has no earlier general election on its boundaries to compare "
          "with")),
        (lambda: charts.scatter_data(data, "Lab", "parl.batley-and-spen.by.2021-07-01"),
         ("a scatter compares general elections; parl.batley-and-spen.by.2021-07-01 is a "
         "by-election")),
        (lambda: charts.scatter_data(data, "WPB", "2024"),
         ("WPB is not modelled on its own (it counts among others); the parties modelled are "
         "Con, Lab, LD, Green, SNP, PC, UKIP, RUK, Ind")),
        (lambda: charts.scatter_data(data, "Lab", "2024", seats=["Chorley"]),
         "Chorley is not on the scatter: the party did not stand there at both elections"),
    ]
    for call, message in cases:
        with pytest.raises(swingometer.AnalysisError) as error:
            call()
        assert str(error.value) == message
    with pytest.raises(swingometer.SeatNotFoundError) as error:
        charts.scatter_data(data, "Lab", "2024", seats=["Batley and Spen"])
    assert str(error.value) == (
        "no constituency matches 'Batley and Spen' on the pcon2024 boundaries (it is a pcon2010 "
        "seat; its successors are listed); did you mean 'Spen Valley', 'Dewsbury and Batley'?")


# -- history ---------------------------------------------------------------------------------------

def test_history_points_are_the_seats_shares(data) -> None:
    chart = charts.history_data(data, "Spen Valley")
    assert [s["name"] for s in chart.facts["seats"]] == ["Spen Valley", "Batley and Spen"]
    assert chart.facts["seats"][1]["weight"] == pytest.approx(0.7536)
    for row in chart.table.itertuples():
        result = data.seat(row.gss_code, row.election_id)
        if row.party == "Ind":
            expected = max(c.share for c in result.candidates if c.party_code == "Ind")
        else:
            expected = result.shares[row.party]
        assert row.share == round(expected, 2), (row.election_id, row.party)
    figure = charts.draw(chart)
    drawn = []
    for gid, line in by_gid(figure, "history-").items() | by_gid(figure, "byelection-").items():
        party, code = gid.split("-", 2)[1:]
        drawn += [(party, code, round(y, 2)) for y in line.get_ydata()]
    assert sorted(drawn) == sorted(zip(chart.table["party"], chart.table["gss_code"],
                                       chart.table["share"]))
    own = by_gid(figure, "history-Lab-E14001506")["history-Lab-E14001506"]
    assert list(own.get_ydata()) == [33.51, 39.15]
    assert [str(x)[:10] for x in own.get_xdata()] == ["2019-12-12", "2024-07-04"]
    by = by_gid(figure, "byelection-WPB-E14000548")["byelection-WPB-E14000548"]
    assert list(by.get_ydata()) == [21.92]  # Galloway, 2021


def test_history_shows_the_independent_who_won_dewsbury_and_batley(data) -> None:
    table = charts.history_data(data, "Dewsbury and Batley", ["ind", "lab"]).table
    ind = table[(table["party"] == "Ind") & (table["election_id"] == "parl.2024-07-04")]
    assert ind["share"].tolist() == [41.08]
    assert set(table["party"]) == {"Ind", "Lab"}


def test_history_linked_seats(data) -> None:
    everything = charts.history_data(data, "Spen Valley", linked="all")
    assert {s["name"] for s in everything.facts["seats"]} == {
        "Spen Valley", "Batley and Spen", "Dewsbury", "Huddersfield"}
    alone = charts.history_data(data, "Spen Valley", linked="none")
    assert set(alone.table["gss_code"]) == {"E14001506"}
    assert set(alone.table["election_id"]) == {"parl.2019-12-12.notional", "parl.2024-07-04"}


def test_history_errors(data) -> None:
    with pytest.raises(swingometer.SeatNotFoundError) as error:
        charts.history_data(data, "Nowhere")
    assert str(error.value) == "no constituency matches 'Nowhere'; did you mean 'Gower'?"
    with pytest.raises(swingometer.PartyNotFoundError) as error:
        charts.history_data(data, "Spen Valley", ["zzz"])
    assert str(error.value) == ("no party matches 'zzz'; party codes are those of the House of "
                                "Commons Library (Con, Lab, LD, SNP, PC, Green, RUK, ...)")
    with pytest.raises(swingometer.AnalysisError) as error:
        charts.history_data(data, "Spen Valley", ["snp"])
    assert str(error.value) == (
        "SNP has no share of 5% or more in the history of Spen Valley; the parties with one are "
        "Lab, Con, LD, Green, UKIP, BNP, RUK, WPB, HWDI, Ind")
    with pytest.raises(swingometer.AnalysisError) as error:
        charts.history_data(data, "Spen Valley", linked="some")
    assert str(error.value) == "linked must be one of largest, all, none (got 'some')"


# -- shared with the maps ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def poll_projection(data: swingometer.Dataset):
    return project(data, as_of="2024-07-04")


POLLS_CREDIT = "polls: " + __import__("swingometer.forecast.polls", fromlist=["POLLS_CREDIT"]).POLLS_CREDIT


def test_charts_of_poll_averages_credit_the_polls_licence(data, poll_projection,
                                                          tmp_path: Path) -> None:
    """The maps credited the polls (CC BY-SA 4.0); the charts of the same projection did not."""

    simulation = simulate(poll_projection, ErrorModel.estimate(data.before("2024-07-04")), 200,
                          seed=5)
    made = [charts.totals_data(data, projection=poll_projection, gains=True),
            charts.scatter_data(data, "Lab", projection=poll_projection),
            charts.distribution_data(data, simulation)]
    for chart in made:
        assert chart.source.endswith(f"; {POLLS_CREDIT}"), chart.kind
    assert ", seed 5; polls: Wikipedia" in made[2].source
    # projections from shares given are not from the polls, and say nothing of them
    assert "polls:" not in charts.totals_data(data, projection=project(data, shares=SHARES)).source
    # the whole line is printed: wrapped inside the figure, not cut off at its edge
    figure = charts.draw(made[2], tmp_path / "seats.svg")
    source = figure.texts[-1]
    assert source.get_text().replace("\n", " ") == made[2].source
    assert source.get_text().count("\n") >= 1
    box = source.get_window_extent(figure.canvas.get_renderer())
    assert 0 <= box.x0 and box.x1 <= figure.bbox.x1 and box.y0 >= 0
    texts = " ".join(e.text or "" for e in ET.parse(tmp_path / "seats.svg").iter(f"{SVG}text"))
    assert "CC BY-SA 4.0" in texts


def test_maps_and_charts_name_parties_from_one_helper(data, poll_projection, simulation) -> None:
    from swingometer.data.parties import party_styles
    from swingometer.pictures.maps import colour_by_probability

    codes = ["Lab", "SNP", "Ind", "Oth", "Nobody"]
    styles = party_styles(data.parties, codes)
    assert charts.party_colours(data, codes) == {c: styles[c].colour for c in codes}
    assert (styles["Oth"], styles["Nobody"]) == (("Others", "#B3B3B3"), ("Nobody", "#B3B3B3"))
    # "Oth" (the models' others) is "Others" on a chart and on a map, in the same grey
    table = charts.totals_data(data, projection=poll_projection, gains=True).table
    row = table.set_index("party").loc["Oth"]  # a seat projected for an unmodelled party
    assert (row["name"], row["colour"]) == ("Others", "#B3B3B3")
    favourites = set(simulation.seat_table()["favourite"])
    legend = colour_by_probability(simulation, data.parties).legend
    assert {row.label: row.colours[-1] for row in legend.rows} == {
        style.name: style.colour for style in party_styles(data.parties, favourites).values()}


def test_outlines_of_light_colours_use_the_maps_luminance(data) -> None:
    from swingometer.pictures.charts._chart import edge_colour
    from swingometer.pictures.maps.scales import LIGHT, luminance

    colours = set(data.parties["colour"])
    light = {c for c in colours if edge_colour(c) != c}
    assert light == {c for c in colours if luminance(c) > LIGHT}
    assert light == {"#DDDDDD", "#FDF38E", "#F6CB2F"}  # independents, SNP, Alliance
    assert edge_colour("#FAA61A") == "#FAA61A"  # the Lib Dems' orange shows on white


def test_maps_and_charts_name_elections_alike(data) -> None:
    """One spelling: the maps wrote "notional 2019", the charts "2019 notional result" and the
    scatter "2019 (notional)"."""
    from swingometer.pictures.maps import build_map
    from swingometer.pictures.maps.facts import election_label

    notional, general = data.election("notional"), data.election("2024")
    assert [election_label(notional), election_label(notional, short=True)] == [
        "2019 notional result", "2019 notional"]
    assert [election_label(general), election_label(general, short=True)] == [
        "2024 general election", "2024"]
    titles = [build_map(data, "2024", "change:lab").title,
              build_map(data, "2024", "swing:con:lab").title,
              charts.totals_data(data, "2024", gains=True).title,
              charts.scatter_data(data, "Lab", "2024").title]
    assert titles == [
        "Change in the Labour share, 2024 against 2019 notional",
        "Butler swing from Conservative to Labour, 2024 against 2019 notional",
        "Seats won at the 2024 general election, against the 2019 notional result",
        "Labour by seat: share in 2019 notional and change to 2024"]


def test_each_notional_result_is_credited_to_its_maker(data) -> None:
    """A chart or map of 2010 against the 2005 notional result credits that result, not 2019's."""
    from swingometer.pictures.charts._chart import election_source
    from swingometer.pictures.maps import build_map

    assert election_source("parl.2010-05-06", "parl.2005-05-05.notional").endswith(
        "; notional 2005 results: House of Commons Library")
    assert election_source("parl.2024-07-04", "parl.2019-12-12.notional").endswith(
        "; notional 2019 results: Rallings & Thrasher")
    assert "notional" not in election_source("parl.2019-12-12", "parl.2017-06-08")
    sources = build_map(data, "2010", "change:lab").colouring.sources
    assert "Notional 2005 results: House of Commons Library, used with attribution" in sources
    assert not any("2019" in s for s in sources)


def test_any_chart_by_its_kind(data) -> None:
    routed = charts.chart_data(data, "totals", election="2024", gains=True)
    direct = charts.totals_data(data, "2024", gains=True)
    assert routed.to_dict() == direct.to_dict()
    with pytest.raises(charts.ChartSettingError) as caught:
        charts.chart_data(data, "history", election="2024", seats=["Spen Valley"])
    assert (caught.value.unused, caught.value.accepted) == (("election",),
                                                            ("seats", "parties", "linked"))
    assert str(caught.value) == ("election does not apply to the history chart (it takes seats, "
                                 "parties, linked)")
