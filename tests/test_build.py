"""The shipped tables are exactly what the build script makes from the raw public files."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from tests.conftest import RAW

pytestmark = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw data not present at {RAW}")


def test_rebuild_is_byte_identical_to_the_installed_tables(tmp_path: Path) -> None:
    from tools.build_data import write_all

    rebuilt = {p.name: p.read_bytes() for p in write_all(RAW, tmp_path)}
    installed = {p.name: p.read_bytes()
                 for p in resources.files("swingometer").joinpath("data").iterdir()
                 if p.name.endswith(".gz")}
    assert sorted(rebuilt) == sorted(installed)
    changed = [name for name in rebuilt if rebuilt[name] != installed[name]]
    assert changed == []


def _by_election(party_votes: str, candidate_votes: list[tuple[str, str]]):
    import pandas as pd

    seats = pd.DataFrame({"gss_code": ["E14001174"], "by_election_date": ["13/08/2026"],
                          "constituency": ["Clacton"], "majority": ["12784"],
                          "ruk": [party_votes], "con": ["0"], "all_other_candidates": ["12872"]})
    cands = pd.DataFrame({"gss_code": ["E14001174"] * len(candidate_votes),
                          "election_date": ["13/08/2026"] * len(candidate_votes),
                          "party_abbreviation": [p for p, _ in candidate_votes],
                          "votes": [v for _, v in candidate_votes]})
    return cands, seats


def test_party_columns_must_agree_with_the_candidates_but_for_the_recorded_exceptions() -> None:
    from tools.build.results import _check_party_columns

    # Clacton 2026 as the HoC files have it: the Reform column 22,379, its candidate 22,239
    _check_party_columns("parliament-59", *_by_election("22379", [("RUK", "22239"),
                                                                  ("CBP", "9595")]))
    with pytest.raises(ValueError) as error:  # corrected: the recorded exception no longer holds
        _check_party_columns("parliament-59", *_by_election("22239", [("RUK", "22239")]))
    assert str(error.value) == (
        "parliament-59: party columns disagree with the candidates' votes: {} (recorded: "
        "{('parliament-59', 'Clacton', 'ruk'): (22379, 22239)})")
    with pytest.raises(ValueError) as error:  # an unrecorded disagreement fails the build
        _check_party_columns("parliament-58", *_by_election("100", [("RUK", "90")]))
    assert str(error.value) == (
        "parliament-58: party columns disagree with the candidates' votes: "
        "{('parliament-58', 'Clacton', 'ruk'): (100, 90)} (recorded: {})")
