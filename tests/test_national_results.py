"""The national_results table: general election results 1970-2019 from the poll source, kept
leakage-free in historical views."""

from __future__ import annotations

import pandas as pd
import pytest

import swingometer
from swingometer.data.tables import read_table
from tests.conftest import RAW

GENERAL_ELECTIONS = ["1970-06-18", "1974-02-28", "1974-10-10", "1979-05-03", "1983-06-09",
                     "1987-06-11", "1992-04-09", "1997-05-01", "2001-06-07", "2005-05-05",
                     "2010-05-06", "2015-05-07", "2017-06-08", "2019-12-12"]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return read_table("national_results")


def test_every_general_election_from_1970_to_2019(table: pd.DataFrame) -> None:
    assert sorted(set(table["date"])) == GENERAL_ELECTIONS
    assert set(table["area"]) == {"GB", "UK"}
    assert not table.duplicated(["date", "area"]).any()
    # a row that gives others sums to 100 give or take rounding; one that does not (before
    # 1997) lists only the main parties
    total = table.drop(columns=["date", "area", "source_line"]).sum(axis=1)
    others = table["Oth"].notna()
    assert total[others].between(99.5, 100.5).all()
    assert total[~others].between(90, 98).all()
    assert (table.loc[~others, "date"] < "1997").all()


@pytest.mark.parametrize(("year", "area"), [("2010", "GB"), ("2015", "GB"), ("2017", "GB"),
                                            ("2017", "UK"), ("2019", "GB"), ("2019", "UK")])
def test_rows_match_the_official_results(data: swingometer.Dataset, table: pd.DataFrame,
                                         year: str, area: str) -> None:
    """The source rounds to 0.1 points; the shipped HoC results give the exact shares."""
    official = data.totals(year, area.lower()).parties.set_index("party")["share"]
    row = table[table["date"].str.startswith(year) & (table["area"] == area)].iloc[0]
    for party in ("Con", "Lab", "LD"):
        assert row[party] == pytest.approx(official[party], abs=0.2)


def test_known_historic_figures(table: pd.DataFrame) -> None:
    rows = table.set_index(["date", "area"])
    # 1992, GB: Con 42.8, Lab 35.2, LD 18.3 (the source dates this row 8 April; polling day was 9th)
    assert rows.loc[("1992-04-09", "GB"), ["Con", "Lab", "LD"]].tolist() == [42.8, 35.2, 18.3]
    assert rows.loc[("1992-04-09", "GB"), "source_line"] == 5469
    # 1983, UK: the SDP-Liberal Alliance's 25.4%
    assert rows.loc[("1983-06-09", "UK"), "All"] == 25.4
    # 1997 is given only for the UK, where Labour's 43.2% is lower than its 44.3% in GB
    assert rows.loc[("1997-05-01", "UK"), "Lab"] == 43.2
    assert ("1997-05-01", "GB") not in rows.index


def test_a_historical_view_hides_results_on_and_after_its_cutoff(
        data: swingometer.Dataset) -> None:
    full = data.national_results
    for cutoff in ("1992-04-09", "2015-05-07", "2019-12-12"):
        view = data.before(cutoff)
        assert (view.national_results["date"] < cutoff).all()
        assert len(view.national_results) == (full["date"] < cutoff).sum()
    # polling day itself is hidden: the result is not known before the polls close
    assert "1992-04-09" not in set(data.before("1992-04-09").national_results["date"])
    assert "1992-04-09" in set(data.before("1992-04-10").national_results["date"])
    # a view of a view never widens
    assert data.before("1987-01-01").before("2024-01-01").national_results["date"].max() < "1987"


@pytest.mark.skipif(not RAW.is_dir(), reason=f"raw data not present at {RAW}")
def test_a_result_row_with_no_known_area_stops_the_build() -> None:
    from tools.build.polls import Log, _national_results

    row = {"source_file": "poll_database.csv", "date_end": "2005-05-05", "area_raw": "",
           "Con": 33.3, "Lab": 36.1}
    with pytest.raises(ValueError) as caught:
        _national_results(pd.DataFrame([row], index=[4802]), Log())
    assert str(caught.value) == ("poll_database.csv: result rows with no area and none in "
                                 "RESULT_AREAS (date, Con, Lab): [('2005-05-05', 33.3, 36.1)]")
