"""The shipped tables: schemas, the field's rules, identity and joins across boundary sets."""

from __future__ import annotations

import pandas as pd
import pytest

import swingometer
from swingometer.data.tables import SCHEMAS, hexmap, is_gss_code, read_table
from swingometer.data.validate import KNOWN_EXCEPTIONS, result_problems


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_table_matches_its_schema(name: str) -> None:
    table = read_table(name)
    schema = SCHEMAS[name]
    assert list(table.columns) == [c.name for c in schema.columns]
    text = table.astype(object).where(table.notna(), "").astype(str)
    schema.coerce(text, f"{name}.csv.gz", first_row=2)  # raises DataError on a bad cell


def test_results_break_no_rule_except_the_recorded_ones(data: swingometer.Dataset) -> None:
    assert result_problems(data.elections, data.contests, data.candidacies) == []
    # the recorded exceptions are real: without the record they are reported
    found = {(p.check, p.election_id, p.gss_code)
             for p in result_problems(data.elections, data.contests, data.candidacies, known={})}
    assert found == set(KNOWN_EXCEPTIONS)


def test_sheffield_brightside_2016_anomaly_is_shown_not_hidden(data: swingometer.Dataset) -> None:
    result = data.seat("Sheffield Brightside and Hillsborough", election="2016")
    assert result.valid_votes == 22_581
    assert result.total_votes == 23_481
    assert "22,581" in result.notes[0] and "23,481" in result.notes[0]


def test_elections_table(data: swingometer.Dataset) -> None:
    elections = data.elections.set_index("election_id")
    general = elections[elections["type"] == "general"]
    assert list(general["date"]) == ["2010-05-06", "2015-05-07", "2017-06-08", "2019-12-12",
                                     "2024-07-04"]
    assert elections.loc["parl.2019-12-12.notional", "boundary_set"] == "pcon2024"
    assert elections.loc["parl.batley-and-spen.by.2021-07-01", "type"] == "by-election"
    assert (elections["type"] == "by-election").sum() == 65


@pytest.mark.parametrize("election_id", [
    "parl.2010-05-06", "parl.2015-05-07", "parl.2017-06-08", "parl.2019-12-12",
    "parl.2019-12-12.notional", "parl.2024-07-04", "parl.2005-05-05.notional",
])
def test_general_elections_have_650_seats_with_codes_of_their_boundary_set(
        data: swingometer.Dataset, election_id: str) -> None:
    seats = data.contests[data.contests["election_id"] == election_id]
    boundary = data.election(election_id).boundary_set
    assert len(seats) == 650
    assert seats["gss_code"].map(lambda c: is_gss_code(c, boundary)).all()


def test_notional_uses_the_2024_results_codes_for_the_five_recoded_scottish_seats(
        data: swingometer.Dataset) -> None:
    notional = set(data.contests.loc[data.contests["election_id"] == "parl.2019-12-12.notional",
                                     "gss_code"])
    actual = set(data.contests.loc[data.contests["election_id"] == "parl.2024-07-04", "gss_code"])
    assert notional == actual
    assert {"S14000107", "S14000111"} <= notional and "S14000006" not in notional


def test_notional_2019_drops_the_aggregate_rows(data: swingometer.Dataset) -> None:
    rows = data.candidacies[data.candidacies["election_id"] == "parl.2019-12-12.notional"]
    assert int(rows["votes"].sum()) == 32_014_119


def test_notional_2005_is_the_source_file_on_the_2010_boundaries(
        data: swingometer.Dataset) -> None:
    election = data.election("parl.2005-05-05.notional")
    assert (election.type, election.date, election.boundary_set) == (
        "notional", "2005-05-05", "pcon2010")
    rows = data.candidacies[data.candidacies["election_id"] == election.election_id]
    contests = data.contests[data.contests["election_id"] == election.election_id]
    # the HoC Library file: 27,148,510 votes, every seat's rows summing to its total
    assert int(rows["votes"].sum()) == 27_148_510
    assert (rows.groupby("gss_code")["votes"].sum().sort_index()
            == contests.set_index("gss_code")["valid_votes"].sort_index()).all()
    aberavon = rows[rows["gss_code"] == "W07000049"].set_index("party_code")["votes"]
    assert aberavon.to_dict() == {"Lab": 18_077, "LD": 4_140, "PC": 3_545, "Con": 3_064,
                                  "Oth": 768, "Green": 510}
    # the parties the file does not name are pooled in one row per seat, as others
    others = rows[rows["party_code"] == "Oth"]
    assert set(others["party_name"]) == {"Others"} and not others["gss_code"].duplicated().any()
    # the Speaker's seat (Glasgow North East) is the Speaker's
    assert rows.loc[rows["party_code"] == "Spk", "gss_code"].tolist() == ["S14000032"]
    # it is what 2010 is compared with, as the field compares a first election on new boundaries
    aberavon_2010 = data.seat("Aberavon", election="2010")
    assert aberavon_2010.baseline.election_id == election.election_id
    # the pooled others are no party: they neither "did not stand" in 2010 nor lose a deposit
    assert aberavon_2010.did_not_stand == {"Green": pytest.approx(1.694, abs=1e-3)}
    lost = [c.party_code for c in data.seat("Aberavon", election="2005").candidates
            if c.deposit_lost]
    assert lost == ["Green"]
    assert data.parties.set_index("code").loc["Oth", "name"] == "Others"
    # "2005" names it (there is no 2005 general election in the data); "notional" is still 2019's
    for query in ("2005", "notional2005", "2005n", "parl.2005-05-05.notional"):
        assert data.election(query) == election
    assert data.election("notional").election_id == "parl.2019-12-12.notional"


def test_lineage_weights_add_up(data: swingometer.Dataset) -> None:
    lineage = data.lineage
    assert lineage.groupby("from_code")["from_population"].sum().between(0.999, 1.001).all()
    assert lineage.groupby("to_code")["to_population"].sum().between(0.999, 1.001).all()
    assert set(lineage["to_code"]) == set(
        data.constituencies.loc[data.constituencies["boundary_set"] == "pcon2024", "gss_code"])


def test_parties_have_colours_and_lineage(data: swingometer.Dataset) -> None:
    parties = data.parties.set_index("code")
    assert parties.loc["Lab", "colour"] == "#E4003B"
    assert parties.loc["BRX", "lineage"] == "RUK"
    assert parties.loc["UKIP", "lineage"] == "UKIP"
    assert "Labour and Co-operative" not in set(parties["name"])
    assert parties["nations"].str.contains("Northern Ireland").loc["SF"]


def test_demographics_cover_gb_on_both_boundary_sets() -> None:
    demographics = read_table("demographics").set_index(["gss_code", "boundary_set"])
    assert demographics.xs("pcon2024", level="boundary_set").shape[0] == 632
    assert demographics.xs("pcon2010", level="boundary_set").shape[0] == 632
    dewsbury = demographics.loc[("E14001196", "pcon2024")]
    assert dewsbury["muslim_pct"] == pytest.approx(43.7, abs=0.05)
    assert not dewsbury["estimated"]
    old = demographics.loc[("E14000548", "pcon2010")]
    assert old["estimated"] and 18 < old["muslim_pct"] < 22
    religion = [c for c in demographics.columns if c.endswith("_pct") and c in {
        "christian_pct", "buddhist_pct", "hindu_pct", "jewish_pct", "muslim_pct", "sikh_pct",
        "other_religion_pct", "no_religion_pct", "religion_not_stated_pct"}]
    assert demographics[religion].sum(axis=1).between(99.8, 100.2).all()


@pytest.mark.parametrize("boundary_set", ["pcon2010", "pcon2024"])
def test_hex_layouts_are_keyed_by_the_results_codes(data: swingometer.Dataset,
                                                   boundary_set: str) -> None:
    layout = hexmap(boundary_set)
    codes = set(data.constituencies.loc[data.constituencies["boundary_set"] == boundary_set,
                                        "gss_code"])
    assert layout["layout"] == "odd-r"
    assert set(layout["hexes"]) == codes
    positions = [(h["q"], h["r"]) for h in layout["hexes"].values()]
    assert len(set(positions)) == 650


def test_polls_are_clean() -> None:
    polls = read_table("polls")
    assert not polls.empty
    started = polls["date_start"].notna()
    assert (polls.loc[started, "date_start"] <= polls.loc[started, "date_end"]).all()
    # only the nation files that record no fieldwork start leave it out
    assert set(polls.loc[~started, "area"].fillna("NA")) <= {"Scotland", "Wales", "NA"}
    shares = polls[[c for c in ("Con", "Lab", "LD") if c in polls]]
    assert ((shares >= 0) & (shares <= 100) | shares.isna()).all().all()
    assert "General Election" not in set(polls["pollster"])
    cleaning = read_table("poll_cleaning")
    assert {"dropped", "kept"} <= set(cleaning["action"])


def test_final_week_2024_polls_overstate_labour() -> None:
    polls = read_table("polls")
    final = polls[(polls["date_end"] >= "2024-06-27") & (polls["date_end"] < "2024-07-04")
                  & (polls["area"] == "GB")]
    assert len(final) >= 10
    assert 37 < final["Lab"].mean() < 42  # against 34.6% GB on the day
    assert pd.to_datetime(final["date_end"]).max() < pd.Timestamp("2024-07-04")


def test_2010_ucunf_candidates_count_as_the_uup(data: swingometer.Dataset) -> None:
    ni = data.totals("2010", "ni").parties.set_index("party")
    assert ni.loc["UUP", "votes"] == 102_361
    assert ni.loc["Ind", "votes"] == 44_842  # Sylvia Hermon and the true independents
    empey = data.seat("South Antrim", election="2010").candidates
    assert [(c.name, c.party_code, c.party_name) for c in empey if c.name == "Reg Empey"] == [
        ("Reg Empey", "UUP", "Ulster Conservatives and Unionists - New Force")]
