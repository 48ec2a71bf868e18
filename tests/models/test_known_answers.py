"""Known answers: toy elections small enough to work by hand.

The toy: three English seats, A, B and C, with equal votes (so national shares are plain means)::

    seat    Con   Lab   LD
    A        70    20   10
    B        35    50   15
    C        15    20   65
    GB       40    30   30      (120/3, 90/3, 90/3)

Every other party is at 0 and stays there.
"""

from __future__ import annotations

import numpy as np
import pytest

from swingometer.forecast.models import (
    MODEL_PARTIES,
    ProportionalSwing,
    SeatModel,
    SeatShares,
    StrongTransition,
    Transition,
    UniformSwing,
    resolve_targets,
)

CON, LAB, LD, SNP = (MODEL_PARTIES.index(p) for p in ("Con", "Lab", "LD", "SNP"))


def toy(rows: dict[str, tuple[str, dict[str, float], float]]) -> SeatShares:
    """A share matrix from {seat: (nation, {party: share}, votes)}."""
    shares = np.zeros((len(rows), len(MODEL_PARTIES)))
    for i, (_, given, _) in enumerate(rows.values()):
        for party, share in given.items():
            shares[i, MODEL_PARTIES.index(party)] = share
    n = len(rows)
    return SeatShares(
        election_id="parl.toy",
        gss_codes=np.array([f"E1400000{i}" for i in range(n)], dtype=object),
        names=np.array(list(rows), dtype=object),
        nations=np.array([nation for nation, _, _ in rows.values()], dtype=object),
        shares=shares,
        votes=np.array([votes for _, _, votes in rows.values()], dtype=float),
        frozen=np.zeros(n, dtype=bool),
        fixed_winner=np.array([""] * n, dtype=object),
    )


THREE = toy({
    "A": ("England", {"Con": 70, "Lab": 20, "LD": 10}, 1000),
    "B": ("England", {"Con": 35, "Lab": 50, "LD": 15}, 1000),
    "C": ("England", {"Con": 15, "Lab": 20, "LD": 65}, 1000),
})


def project(model: SeatModel, shares: dict[str, float]) -> SeatShares:
    return model.fit().predict(THREE, resolve_targets(THREE, shares))


def con_lab_ld(result: SeatShares) -> np.ndarray:
    others = np.delete(result.shares, [CON, LAB, LD], axis=1)
    assert (others == 0).all()
    return result.shares[:, [CON, LAB, LD]]


def test_the_toy_national_shares() -> None:
    national = THREE.national()
    assert national["Con"] == pytest.approx(40)
    assert national["Lab"] == pytest.approx(30)
    assert national["LD"] == pytest.approx(30)
    assert list(THREE.winners) == ["Con", "Lab", "LD"]


# Target one: Con 40 -> 30 (-10), Lab 30 -> 36 (+6), LD 30 -> 34 (+4).
TARGET = {"Con": 30, "Lab": 36, "LD": 34}


def test_uniform_swing_by_hand() -> None:
    # every seat: Con -10, Lab +6, LD +4
    expected = [[70 - 10, 20 + 6, 10 + 4],   # A: 60, 26, 14
                [35 - 10, 50 + 6, 15 + 4],   # B: 25, 56, 19
                [15 - 10, 20 + 6, 65 + 4]]   # C:  5, 26, 69
    result = project(UniformSwing(), TARGET)
    np.testing.assert_allclose(con_lab_ld(result), expected, rtol=0, atol=1e-9)
    assert list(result.winners) == ["Con", "Lab", "LD"]


def test_uniform_swing_clips_at_zero_and_rescales() -> None:
    # Con 40 -> 15 (-25), Lab 30 -> 50 (+20), LD 30 -> 35 (+5)
    # A: 45, 40, 15 (sum 100)   B: 10, 70, 20 (sum 100)
    # C: 15 - 25 = -10 -> 0; Lab 40, LD 70: sum 110, so 0, 40/1.1, 70/1.1
    expected = [[45, 40, 15], [10, 70, 20], [0, 400 / 11, 700 / 11]]
    result = project(UniformSwing(), {"Con": 15, "Lab": 50, "LD": 35})
    np.testing.assert_allclose(con_lab_ld(result), expected, rtol=0, atol=1e-9)
    assert list(result.winners) == ["Con", "Lab", "LD"]


def test_proportional_swing_by_hand() -> None:
    # ratios: Con 30/40 = 0.75, Lab 36/30 = 1.2, LD 34/30 = 17/15; then each row rescaled to 100
    # A: 52.5, 24, 34/3  (sum 263.5/3 = 87.8333...)
    # B: 26.25, 60, 17   (sum 103.25)
    # C: 11.25, 24, 221/3 (sum 108.9166...)
    raw = np.array([[70 * 0.75, 20 * 1.2, 10 * 17 / 15],
                    [35 * 0.75, 50 * 1.2, 15 * 17 / 15],
                    [15 * 0.75, 20 * 1.2, 65 * 17 / 15]])
    np.testing.assert_allclose(raw.sum(axis=1), [263.5 / 3, 103.25, 326.75 / 3])
    expected = 100 * raw / raw.sum(axis=1, keepdims=True)
    # e.g. A: Con 52.5 / 87.8333 = 59.772%
    assert expected[0, 0] == pytest.approx(59.772, abs=1e-3)
    result = project(ProportionalSwing(), TARGET)
    np.testing.assert_allclose(con_lab_ld(result), expected, rtol=0, atol=1e-9)
    assert list(result.winners) == ["Con", "Lab", "LD"]


def test_transition_by_hand() -> None:
    # Con declines from W = 40 to P = 30: it loses 1 - P/W = 25% of its vote in every seat.
    # Lab and LD gain 6 and 4 nationally: they take 6/10 and 4/10 of each seat's lost votes.
    # A: Con loses 70 * 0.25 = 17.5 -> 52.5; Lab 20 + 0.6 * 17.5 = 30.5; LD 10 + 0.4 * 17.5 = 17
    # B: Con loses 8.75 -> 26.25;            Lab 50 + 5.25 = 55.25;    LD 15 + 3.5 = 18.5
    # C: Con loses 3.75 -> 11.25;            Lab 20 + 2.25 = 22.25;    LD 65 + 1.5 = 66.5
    expected = [[52.5, 30.5, 17], [26.25, 55.25, 18.5], [11.25, 22.25, 66.5]]
    result = project(Transition(), TARGET)
    np.testing.assert_allclose(con_lab_ld(result), expected, rtol=0, atol=1e-9)
    assert list(result.winners) == ["Con", "Lab", "LD"]
    # it reproduces the national targets: Con (52.5 + 26.25 + 11.25) / 3 = 30, and so on
    national = result.national()
    assert [national[p] for p in ("Con", "Lab", "LD")] == pytest.approx([30, 36, 34])


def test_transition_with_two_losers() -> None:
    # Con 40 -> 30 loses 25%; LD 30 -> 25 loses 1 - 25/30 = 1/6; Lab, the only gainer, takes all
    # A: Con 52.5, LD 10 - 10/6 = 8.3333, Lab 20 + 17.5 + 10/6 = 39.1667
    # B: Con 26.25, LD 15 - 2.5 = 12.5,   Lab 50 + 8.75 + 2.5 = 61.25
    # C: Con 11.25, LD 65 - 65/6 = 54.1667, Lab 20 + 3.75 + 65/6 = 34.5833
    expected = [[52.5, 20 + 17.5 + 10 / 6, 10 - 10 / 6],
                [26.25, 61.25, 12.5],
                [11.25, 20 + 3.75 + 65 / 6, 65 - 65 / 6]]
    result = project(Transition(), {"Con": 30, "Lab": 45, "LD": 25})
    np.testing.assert_allclose(con_lab_ld(result), expected, rtol=0, atol=1e-9)
    assert list(result.winners) == ["Con", "Lab", "LD"]


def test_strong_transition_takes_the_weak_vote_first() -> None:
    # Weak vote: a party's share up to 20 points. Con's weak vote: A 20, B 20, C 15 (national
    # 55/3 = 18.33); its strong vote: A 50, B 15, C 0 (national 65/3 = 21.67).
    # Con must lose 10 points, less than its weak vote: it loses 10 / (55/3) = 6/11 of the weak
    # vote in every seat and none of the strong.
    # A: loses 20 * 6/11 = 120/11 -> Con 650/11; Lab 20 + 0.6 * 120/11 = 292/11; LD 158/11
    # B: loses 120/11             -> Con 265/11; Lab 50 + 72/11 = 622/11;        LD 213/11
    # C: loses 15 * 6/11 = 90/11  -> Con  75/11; Lab 20 + 54/11 = 274/11;        LD 751/11
    expected = np.array([[650, 292, 158], [265, 622, 213], [75, 274, 751]]) / 11
    result = project(StrongTransition(), TARGET)
    np.testing.assert_allclose(con_lab_ld(result), expected, rtol=0, atol=1e-9)
    assert list(result.winners) == ["Con", "Lab", "LD"]
    # national check: Con (650 + 265 + 75) / 33 = 30
    assert result.national()["Con"] == pytest.approx(30)


def test_strong_transition_reaches_the_strong_vote_once_the_weak_is_gone() -> None:
    # Con 40 -> 15 (-25), Lab 30 -> 50 (+20), LD 30 -> 35 (+5): gains split 0.8 / 0.2.
    # The loss (25) exceeds Con's weak vote (55/3): all the weak vote goes, then
    # (25 - 55/3) / (65/3) = 4/13 of the strong vote.
    # A: loses 20 + 50 * 4/13 = 460/13 -> Con 450/13; Lab 20 + 0.8 * 460/13 = 628/13; LD 222/13
    # B: loses 20 + 15 * 4/13 = 320/13 -> Con 135/13; Lab 50 + 256/13 = 906/13;       LD 259/13
    # C: loses 15 (all weak)          -> Con 0;      Lab 20 + 12 = 32;               LD 68
    expected = np.array([[450 / 13, 628 / 13, 222 / 13],
                         [135 / 13, 906 / 13, 259 / 13],
                         [0, 32, 68]])
    result = project(StrongTransition(), {"Con": 15, "Lab": 50, "LD": 35})
    np.testing.assert_allclose(con_lab_ld(result), expected, rtol=0, atol=1e-9)
    assert list(result.winners) == ["Lab", "Lab", "LD"]


def test_strong_transition_weak_share_is_a_parameter() -> None:
    # With weak_share = 100 every vote is weak: Con loses 10 / 40 = 25% everywhere, as transition.
    wide = project(StrongTransition(weak_share=100.0), TARGET)
    np.testing.assert_allclose(wide.shares, project(Transition(), TARGET).shares, atol=1e-9)


# -- Scotland: the SNP's GB share scaled to Scotland ---------------------------------------------
# Two English seats of 40,000 votes and one Scottish seat of 20,000: Scotland casts 20% of GB votes.
#
#   seat     nation     votes    Con   Lab   SNP
#   E1       England    40,000    50    50     0
#   E2       England    40,000    40    60     0
#   S1       Scotland   20,000    30    20    50
#   GB                           42    48    10     (Con: (50*4 + 40*4 + 30*2) / 10 = 42)
SCOTTISH = toy({
    "E1": ("England", {"Con": 50, "Lab": 50}, 40_000),
    "E2": ("England", {"Con": 40, "Lab": 60}, 40_000),
    "S1": ("Scotland", {"Con": 30, "Lab": 20, "SNP": 50}, 20_000),
})


def nation_vectors(shares: dict[str, float]) -> dict[str, tuple[dict, dict]]:
    out = SeatModel.nation_targets(SCOTTISH, resolve_targets(SCOTTISH, shares))
    return {n: tuple(dict(zip(MODEL_PARTIES, v)) for v in pair) for n, pair in out.items()}


def test_the_scottish_toy() -> None:
    national = SCOTTISH.national()
    assert (national["Con"], national["Lab"], national["SNP"]) == pytest.approx((42, 48, 10))


def test_scotland_follows_the_gb_change_when_the_snp_holds_its_share() -> None:
    # GB: Con 42 -> 39 (-3), Lab 48 -> 51 (+3), SNP 10 -> 10.
    # Scotland: SNP = GB SNP x (GB votes / Scottish votes) = 10 x 5 = 50; Con 30 - 3 = 27;
    # Lab 20 + 3 = 23. England: Con 45 - 3 = 42, Lab 55 + 3 = 58, SNP 0.
    vectors = nation_vectors({"Con": 39, "Lab": 51, "SNP": 10})
    assert set(vectors) == {"England", "Scotland"}  # no Welsh seats, no Welsh targets
    (scot_base, scot), (eng_base, eng) = vectors["Scotland"], vectors["England"]
    assert (scot_base["Con"], scot_base["Lab"], scot_base["SNP"]) == pytest.approx((30, 20, 50))
    assert (scot["Con"], scot["Lab"], scot["SNP"]) == pytest.approx((27, 23, 50))
    assert (eng_base["Con"], eng_base["Lab"], eng_base["SNP"]) == pytest.approx((45, 55, 0))
    assert (eng["Con"], eng["Lab"], eng["SNP"]) == pytest.approx((42, 58, 0))


def test_the_snps_gb_share_is_scaled_to_scotland_by_its_share_of_gb_votes() -> None:
    # GB: SNP 10 -> 5, Con 42 -> 40, Lab 48 -> 55.
    # Scotland casts 20,000 of 100,000 GB votes, so the SNP's Scottish share is 5 x 5 = 25%.
    vectors = nation_vectors({"Con": 40, "Lab": 55, "SNP": 5})
    scot = vectors["Scotland"][1]
    assert sum(scot.values()) == pytest.approx(100)
    assert scot["SNP"] == pytest.approx(25)
    assert vectors["England"][1]["SNP"] == 0
    # The transition model reproduces the national targets: with S1 at SNP 25%, the SNP's GB
    # share is 25 x 0.2 = 5, the share asked for.
    result = Transition().predict(SCOTTISH, resolve_targets(SCOTTISH, {"Con": 40, "Lab": 55,
                                                                       "SNP": 5}))
    assert result.shares[2, SNP] == pytest.approx(25)
    national = result.national()
    assert (national["Con"], national["Lab"], national["SNP"]) == pytest.approx((40, 55, 5))


def test_scotlands_own_shares_override_the_rule() -> None:
    # Given Scotland's own shares, they are used as they are (parties not given keep their own).
    out = SeatModel.nation_targets(SCOTTISH, resolve_targets(
        SCOTTISH, {"Con": 40, "Lab": 55, "SNP": 5}, {"Scotland": {"SNP": 40, "Lab": 30}}))
    scot = dict(zip(MODEL_PARTIES, out["Scotland"][1]))
    assert (scot["Con"], scot["Lab"], scot["SNP"]) == pytest.approx((30, 30, 40))
