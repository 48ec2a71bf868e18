"""Shares as typed: every share given is used exactly, the parties not given share what is left of
100, and the outputs say which were filled in (issue 13, item 1)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from functools import cache

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import swingometer
from swingometer import AnalysisError
from swingometer.forecast.models import MODEL_PARTIES, SeatShares, resolve_targets
from swingometer.forecast.projection import baseline_shares, project

EXE = shutil.which("swingometer")


@cache
def start_2024() -> SeatShares:
    """The 2024 baseline a projection starts from (loaded once for every example)."""
    data = swingometer.Dataset(include_imported=False)
    return baseline_shares(data, data.election("parl.2024-07-04")).standing()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=dict(os.environ),
                          timeout=120)


def shares_line(output: str) -> str:
    """The "GB shares:" line of a table output, unwrapped."""
    text = " ".join(output.split())
    return text[text.index("GB shares:"):]


# at most 9.9 points each, so that any subset stays at or below 100, and Scotland's and Wales's
# parties within their nations' part of the GB vote
SHARE = st.floats(0, 9.9, allow_nan=False).map(lambda v: round(v, 2))
LIMIT = {"SNP": 2.5, "PC": 0.7}


@st.composite
def typed(draw) -> dict[str, float]:
    parties = draw(st.lists(st.sampled_from(MODEL_PARTIES), min_size=1, max_size=9, unique=True))
    return {p: min(draw(SHARE), LIMIT.get(p, 100)) for p in parties}


@settings(max_examples=150, deadline=None)
@given(typed())
def test_any_subset_of_parties_keeps_what_was_typed(shares: dict[str, float]) -> None:
    base = start_2024()
    covered = "Oth" in shares and "Ind" not in shares  # Oth alone covers the independents
    expected = [p for p in MODEL_PARTIES if p not in shares and not (covered and p == "Ind")]
    if not expected:  # every party given, short of 100: nobody to take the rest
        with pytest.raises(AnalysisError, match=r"^the GB shares given sum to .*, not 100"):
            resolve_targets(base, shares)
        return
    try:
        targets = resolve_targets(base, shares)
    except AnalysisError as error:  # the SNP or Plaid left to take all that the others leave
        assume(not str(error).startswith(("SNP's GB share", "PC's GB share")))
        raise
    gb = targets.filled["GB"]
    # the shares given come back exactly, in what is shown and in what is projected
    assert {p: gb.used[p] for p in shares} == shares
    for party, share in shares.items():
        projected = targets.gb[party] + (targets.gb["Ind"] if covered and party == "Oth" else 0)
        assert projected == pytest.approx(share, abs=1e-9)
    assert sum(targets.gb.values()) == pytest.approx(100)
    # every party not given is filled in, and only those
    assert list(gb.filled_in) == expected
    assert sum(gb.used.values()) == pytest.approx(100)
    assert all(v >= 0 for v in targets.gb.values())


@settings(max_examples=60, deadline=None)
@given(typed())
def test_nation_shares_follow_the_same_rule(shares: dict[str, float]) -> None:
    covered = "Oth" in shares and "Ind" not in shares
    assume(set(MODEL_PARTIES) - set(shares) - ({"Ind"} if covered else set()))
    targets = resolve_targets(start_2024(), {"Lab": 30}, {"Scotland": shares})
    scotland = targets.filled["Scotland"]
    assert {p: scotland.used[p] for p in shares} == shares
    assert sum(targets.nations["Scotland"].values()) == pytest.approx(100)
    assert set(scotland.filled_in) == {p for p in MODEL_PARTIES if p not in shares
                                       and not (covered and p == "Ind")}


def test_the_rest_goes_to_the_parties_not_given_in_proportion() -> None:
    """Reform on 30 of a 2024 baseline (RUK 14.9): the other 70 points are shared by the parties
    not given in proportion to their 2024 shares, after the SNP and Plaid keep theirs."""
    base = start_2024()
    national = base.national()
    targets = resolve_targets(base, {"RUK": 30})
    assert targets.gb["RUK"] == pytest.approx(30)
    home = national["SNP"] + national["PC"]
    rest = [p for p in MODEL_PARTIES if p not in ("RUK", "SNP", "PC")]
    kept = sum(national[p] for p in rest)
    for party in rest:
        assert targets.gb[party] == pytest.approx((70 - home) * national[party] / kept)
    assert (targets.gb["SNP"], targets.gb["PC"]) == pytest.approx((national["SNP"], national["PC"]))


def test_a_five_party_contest_leaves_the_snp_at_its_baseline() -> None:
    """The typed five-party shares leave 9 points: the SNP keeps its 2024 share rather than
    taking a proportional part of them (which made it 4.3% of the GB vote and 53 seats)."""
    result = project(swingometer.Dataset(include_imported=False),
                     shares={"Lab": 21, "RUK": 29, "Con": 17, "LD": 13, "Green": 11})
    national = result.baseline.standing().national()
    assert result.targets.gb["SNP"] == pytest.approx(national["SNP"])
    assert result.inputs["filled_in"] == ["SNP", "PC", "UKIP", "Ind", "Oth"]


def test_normalise_scales_the_given_shares_and_says_by_how_much() -> None:
    base = start_2024()
    national = base.national()
    targets = resolve_targets(base, {"Lab": 60, "Con": 40, "LD": 30}, normalise=True)
    gb = targets.filled["GB"]
    room = 100 - sum(national[p] for p in MODEL_PARTIES if p not in ("Lab", "Con", "LD"))
    assert gb.scale == pytest.approx(room / 130)
    assert gb.used["Lab"] == pytest.approx(60 * room / 130)
    assert gb.to_dict()["scaled_by"] == round(room / 130, 6)
    # not needed, not applied: shares within 100 are used as typed
    assert resolve_targets(base, {"Lab": 30}, normalise=True).filled["GB"].scale is None


@pytest.mark.parametrize(("shares", "message"), [
    ({"Lab": 60, "Con": 45}, "the GB shares given sum to 105.0, more than 100; pass "
                             "normalise=True to rescale them"),
    ({"RUK": 20, "BRX": 5}, "the GB shares give RUK twice (as RUK and BRX); give each party once"),
    ({p: 9.0 for p in MODEL_PARTIES}, "the GB shares given sum to 90.0, not 100; pass "
                                      "normalise=True to rescale them"),
])
def test_bad_shares_are_refused(shares: dict[str, float], message: str) -> None:
    with pytest.raises(AnalysisError) as caught:
        resolve_targets(start_2024(), shares)
    assert str(caught.value) == message


# -- through the installed command ---------------------------------------------------------------
def test_project_on_reform_30_projects_reform_on_30() -> None:
    result = run("project", "--shares", "ruk=30")
    assert result.returncode == 0, result.stderr
    line = shares_line(result.stdout)
    assert line.startswith("GB shares: RUK 30.0, Lab 28.7*, Con 20.1*, ")
    assert "(* filled in, in proportion to the baseline)" in line
    payload = json.loads(run("project", "--shares", "ruk=30", "--format", "json").stdout)
    assert payload["inputs"]["shares"] == {"RUK": 30.0}
    assert payload["inputs"]["shares_used"]["RUK"] == 30.0
    assert "RUK" not in payload["inputs"]["filled_in"]
    assert payload["targets"]["gb"]["RUK"] == 30.0
    ruk = next(row for row in payload["totals"] if row["party"] == "RUK")
    assert ruk["seats"] > ruk["baseline"]


def test_every_decimal_typed_is_shown() -> None:
    line = shares_line(run("project", "--shares", "lab=34.65,ruk=30").stdout)
    assert line.startswith("GB shares: Lab 34.65, RUK 30.0, ")


def test_simulate_and_seat_chances_show_the_shares_used() -> None:
    simulated = run("simulate", "--shares", "ruk=30", "--sims", "200", "--format", "json")
    assert simulated.returncode == 0, simulated.stderr
    assert json.loads(simulated.stdout)["inputs"]["shares_used"]["RUK"] == 30.0
    chances = run("seat", "Spen Valley", "--probabilities", "--shares", "ruk=30", "--sims", "200")
    assert shares_line(chances.stdout).startswith("GB shares: RUK 30.0, Lab 28.7*")


@pytest.mark.parametrize(("args", "message"), [
    (["--shares", "lab=60,con=45"],
     "error: the GB shares given sum to 105.0, more than 100; pass --normalise to rescale them"),
    (["--shares", "lab=30,labour=5"],
     "error: --shares gives Lab twice (lab=30 and labour=5); give each party once"),
    (["--shares", "lab=30", "--scotland", "snp=30,snp=5"],
     "error: --scotland gives SNP twice (snp=30 and snp=5); give each party once"),
    (["--shares", "lab=30", "--wales", "pc=70,lab=40"],
     "error: the Wales shares given sum to 110.0, more than 100; pass --normalise to rescale "
     "them"),
])
def test_bad_shares_on_the_command_line(args: list[str], message: str) -> None:
    result = run("project", *args)
    assert result.returncode == 1
    assert result.stderr == message + "\n"
    assert result.stdout == ""


def test_normalise_on_the_command_line_says_so() -> None:
    result = run("project", "--shares", "lab=40,con=40,ruk=30", "--normalise")
    assert result.returncode == 0, result.stderr
    line = shares_line(result.stdout)
    assert line.startswith("GB shares: Con 27.2, Lab 27.2, RUK 20.4, LD 12.7*")
    assert "the given shares scaled by 0.680 (normalised)" in line
