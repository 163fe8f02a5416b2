"""Tests for runlean.science.regional_fat (physiology.md §6.3–§6.5; §12 T30, T31)."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from runlean.science.regional_fat import (
    AGE_RANGE_YEARS,
    K_LEG_ALLOMETRIC,
    LIMB_SHARE_AGE_DECLINE_PER_YEAR,
    REFERENCE_AGE_YEARS,
    REFERENCE_FAT_MASS_KG,
    XIAO_2020_APPENDICULAR_FAT,
    allometric_regional_fat,
    appendicular_fat_age_decline_rate,
    fat_mass_for_leg_fat_goal_kg,
    fat_mass_for_regional_fat_kg,
    hall_hallgreen_vat,
    leg_fat_range_kg,
    regional_fat_shares,
)


def test_shares_sum_to_one() -> None:
    for male in (True, False):
        shares = regional_fat_shares(male)
        assert sum(shares) == pytest.approx(1.0)
        assert all(s > 0 for s in shares)
    assert regional_fat_shares(True)[0] == 0.30
    assert regional_fat_shares(False)[0] == 0.39


def test_t30_leg_fat() -> None:
    leg0 = 0.38 * 30.0
    assert leg0 == pytest.approx(11.40)
    assert allometric_regional_fat(leg0, 30, 25) == pytest.approx(9.50, abs=0.01)
    assert allometric_regional_fat(leg0, 30, 25, k=0.86) == pytest.approx(9.75, abs=0.01)
    assert allometric_regional_fat(leg0, 30, 25, k=0.87) == pytest.approx(9.73, abs=0.01)
    # man, FM 20 -> 16, s_leg 0.30
    assert allometric_regional_fat(6.0, 20, 16) == pytest.approx(4.80, abs=0.01)
    assert allometric_regional_fat(6.0, 20, 16, k=K_LEG_ALLOMETRIC) == pytest.approx(4.94,
                                                                                     abs=0.01)


def test_treuth_1994_leg_share_preserved() -> None:
    # Treuth 1994: legs 7.583 of 23.8 kg before; total 21.8 after; observed legs 6.945
    predicted = allometric_regional_fat(7.583, 23.8, 21.8)
    assert predicted == pytest.approx(6.945, rel=0.01)


def test_trajectory_is_vectorised() -> None:
    fm = np.linspace(30.0, 25.0, 6)
    out = allometric_regional_fat(11.4, 30.0, fm)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, 11.4 * fm / 30.0)


def test_t31_vat_allometry() -> None:
    change_pct = (float(hall_hallgreen_vat(100.0, 30.0, 24.0)) / 100.0 - 1.0) * 100.0
    assert change_pct == pytest.approx(-25.2, abs=0.1)


def test_no_exercise_mode_parameter() -> None:
    # spot reduction does not exist (§6.5): nothing in the leg-fat model may depend on mode
    params = inspect.signature(allometric_regional_fat).parameters
    assert set(params) == {"region_fat0_kg", "fat_mass0_kg", "fat_mass_kg", "k"}
    for fn in (allometric_regional_fat, hall_hallgreen_vat, regional_fat_shares,
               leg_fat_range_kg, fat_mass_for_leg_fat_goal_kg, fat_mass_for_regional_fat_kg):
        assert not any("mode" in name or "sport" in name
                       for name in inspect.signature(fn).parameters)


@given(
    leg0=st.floats(1.0, 20.0), fm0=st.floats(5.0, 60.0), fm1=st.floats(2.0, 60.0),
    k=st.sampled_from([1.0, K_LEG_ALLOMETRIC]),
    path=st.lists(st.floats(2.0, 60.0), min_size=0, max_size=5),
)
def test_leg_fat_depends_only_on_total_fat(
    leg0: float, fm0: float, fm1: float, k: float, path: list[float]
) -> None:
    """Leg fat is a function of the current total fat only: any route to FM1 ends equal."""
    direct = float(allometric_regional_fat(leg0, fm0, fm1, k))
    # chain the rule through arbitrary intermediate fat masses (e.g. a detour of weight
    # regain and loss through different training blocks)
    leg, fm = leg0, fm0
    for step in [*path, fm1]:
        leg = float(allometric_regional_fat(leg, fm, step, k))
        fm = step
    assert leg == pytest.approx(direct, rel=1e-9)
    # equal total fat -> equal leg fat; more total fat -> more leg fat
    assert float(allometric_regional_fat(leg0, fm0, fm0, k)) == pytest.approx(leg0)
    if fm1 > fm0:
        assert direct > leg0


# --- baseline shares by sex, age and total fat ----------------------------------------------
# Published numbers (each test says which): Xiao Z et al. BMJ Open 2020;10:e032268 Table 1
# (appendicular and whole-body fat of younger/older men and pre-/post-menopausal women) and
# Table 2 (gynoid and whole-body fat by decade); Hinton BJ et al. PLoS One 2017;12:e0174180
# (women vs men at 30-50 y: arm, leg, trunk FMI +39 %, +83 %, +47 %); Li C et al. Am J Clin
# Nutr 2009;90:1457 (NHANES total fat 25.4 kg men, 30.8 kg women); the 1-year lifestyle
# intervention PMC2828653 Table 1; Treuth MS et al. J Appl Physiol 1994;77:614.


def test_reference_point_gives_the_published_default_shares() -> None:
    for male, sex in ((True, "male"), (False, "female")):
        default = regional_fat_shares(male)
        at_ref = regional_fat_shares(male, REFERENCE_AGE_YEARS, REFERENCE_FAT_MASS_KG[sex])
        assert at_ref == pytest.approx(default, abs=1e-12)
    assert REFERENCE_FAT_MASS_KG == {"male": 25.4, "female": 30.8}  # Li et al. 2009
    assert REFERENCE_AGE_YEARS == 40.0  # middle of Hinton's 30-50 y band


def test_women_vs_men_leg_share_matches_hinton_derivation() -> None:
    men = regional_fat_shares(True)[0]
    women = regional_fat_shares(False)[0]
    # Hinton: leg FMI x1.83; Li 2009 with heights 1.76/1.62 m: total FMI x1.43
    total_fmi_ratio = (30.8 / 1.62**2) / (25.4 / 1.76**2)
    assert total_fmi_ratio == pytest.approx(1.43, abs=0.005)
    assert women / men == pytest.approx(1.83 / total_fmi_ratio, abs=0.03)
    # Treuth 1994 older men: legs 7.583 and arms 2.383 of 23.8 kg total fat
    assert men == pytest.approx(7.583 / 23.8, abs=0.02)
    assert regional_fat_shares(True)[1] == pytest.approx(2.383 / 23.8, abs=0.005)


def test_age_rate_reproduces_xiao_2020_appendicular_shares() -> None:
    """The model's limbs share (legs + arms) changes between Xiao's younger and older groups
    exactly as observed (men 0.365 -> 0.349, women 0.437 -> 0.397)."""
    observed = {"male": (5.0 / 13.7, 5.3 / 15.2), "female": (7.3 / 16.7, 7.5 / 18.9)}
    for male, sex in ((True, "male"), (False, "female")):
        (a0, f0, _), (a1, f1, _) = XIAO_2020_APPENDICULAR_FAT[sex]
        legs0, arms0, _ = regional_fat_shares(male, a0, f0)
        legs1, arms1, _ = regional_fat_shares(male, a1, f1)
        ratio = (legs1 + arms1) / (legs0 + arms0)
        assert ratio == pytest.approx(observed[sex][1] / observed[sex][0], rel=1e-9)
    assert observed["male"][1] / observed["male"][0] == pytest.approx(0.9554, abs=1e-4)
    assert observed["female"][1] / observed["female"][0] == pytest.approx(0.9078, abs=1e-4)
    # net of the extra fat of the older groups, the limbs' share declines with age
    assert LIMB_SHARE_AGE_DECLINE_PER_YEAR["male"] == pytest.approx(0.00122, abs=1e-5)
    assert LIMB_SHARE_AGE_DECLINE_PER_YEAR["female"] == pytest.approx(0.00316, abs=1e-5)
    assert appendicular_fat_age_decline_rate((40, 20, 8), (60, 20, 8), 0.3, 0.1, 25) == 0.0


def test_age_trend_has_the_sign_of_xiao_gynoid_data_and_is_the_slower() -> None:
    """Xiao 2020 Table 2: gynoid/whole-body fat falls from the 20s to the 50s-60s in both
    sexes, also net of the extra fat; the leg age factor falls more slowly (conservative)."""
    gynoid = {"male": ((25.0, 2.4, 12.1), (65.0, 2.5, 15.5)),
              "female": ((25.0, 3.2, 15.5), (55.0, 3.4, 19.0))}
    for male, sex in ((True, "male"), (False, "female")):
        (a0, g0, f0), (a1, g1, f1) = gynoid[sex]
        net_of_fat = (g1 / f1) / (g0 / f0) / (f1 / f0) ** (K_LEG_ALLOMETRIC - 1.0)
        gynoid_rate = -np.log(net_of_fat) / (a1 - a0)
        assert gynoid_rate > 0.003
        legs_young = regional_fat_shares(male, a0, 25.0)[0]
        legs_old = regional_fat_shares(male, a1, 25.0)[0]
        assert legs_old < legs_young
        assert -np.log(legs_old / legs_young) / (a1 - a0) < gynoid_rate


def test_adiposity_factor_is_the_allometric_exponent_of_pmc2828653() -> None:
    # gluteofemoral fat 8.2 -> 6.2 kg (men) and 12.1 -> 10.6 kg (women) as total fat fell
    # 30.3 -> 22.0 and 37.1 -> 31.8 kg: k = ln(R1/R0)/ln(F1/F0)
    k_men = np.log(6.2 / 8.2) / np.log(22.0 / 30.3)
    k_women = np.log(10.6 / 12.1) / np.log(31.8 / 37.1)
    assert k_men == pytest.approx(0.87, abs=0.005)
    assert k_women == pytest.approx(0.86, abs=0.005)
    for male in (True, False):
        lo = regional_fat_shares(male, 40.0, 20.0)[0]
        hi = regional_fat_shares(male, 40.0, 40.0)[0]
        assert hi / lo == pytest.approx(2.0 ** (K_LEG_ALLOMETRIC - 1.0), rel=1e-12)
        # arms keep their share whatever the total fat
        assert regional_fat_shares(male, 40.0, 20.0)[1] == regional_fat_shares(male, 40.0,
                                                                               40.0)[1]


@given(st.booleans(), st.floats(18.0, 95.0), st.floats(18.0, 95.0), st.floats(3.0, 90.0),
       st.floats(3.0, 90.0))
def test_shares_are_valid_and_monotone(male: bool, a: float, b: float, f: float,
                                       g: float) -> None:
    young, old = sorted((a, b))
    lean, fat = sorted((f, g))
    for age in (young, old):
        for fm in (lean, fat):
            shares = regional_fat_shares(male, age, fm)
            assert all(0.0 < s < 1.0 for s in shares)
            assert sum(shares) == pytest.approx(1.0, abs=1e-12)
    # the leg share never rises with age (at equal fat) nor with total fat (at equal age)
    assert regional_fat_shares(male, old, lean)[0] <= regional_fat_shares(male, young,
                                                                          lean)[0]
    assert regional_fat_shares(male, young, fat)[0] <= regional_fat_shares(male, young,
                                                                           lean)[0]
    # women keep more of their fat in the legs than men of the same age and fat
    assert regional_fat_shares(False, young, lean)[0] > regional_fat_shares(True, young,
                                                                            lean)[0]


def test_age_is_clipped_to_the_data_range() -> None:
    lo, hi = AGE_RANGE_YEARS
    assert regional_fat_shares(False, lo - 5.0, 30.0) == regional_fat_shares(False, lo, 30.0)
    assert regional_fat_shares(True, hi + 10.0, 30.0) == regional_fat_shares(True, hi, 30.0)
    assert regional_fat_shares(True, hi, 30.0)[0] < regional_fat_shares(True, lo, 30.0)[0]


def test_shares_vectorised_and_bad_fat_rejected() -> None:
    male = np.array([True, False, False])
    legs, arms, trunk = regional_fat_shares(male, np.array([30.0, 30.0, 70.0]), 25.0)
    assert isinstance(legs, np.ndarray) and legs.shape == (3,)
    for i in range(3):
        one = regional_fat_shares(bool(male[i]), [30.0, 30.0, 70.0][i], 25.0)
        assert (legs[i], arms[i], trunk[i]) == pytest.approx(one)
    with pytest.raises(ValueError, match="fat_mass_kg"):
        regional_fat_shares(True, 40.0, 0.0)


def test_leg_fat_range_between_proportional_and_allometric() -> None:
    low, high = leg_fat_range_kg(11.40, 30.0, 25.0)  # T30 woman
    assert (low, high) == pytest.approx((9.50, 9.73), abs=0.01)
    fm = np.linspace(30.0, 20.0, 11)
    low_a, high_a = leg_fat_range_kg(11.40, 30.0, fm)
    assert isinstance(low_a, np.ndarray)
    np.testing.assert_allclose(low_a, 11.40 * fm / 30.0)  # losing fat: k = 1 is the low end
    np.testing.assert_allclose(high_a, allometric_regional_fat(11.40, 30.0, fm,
                                                               K_LEG_ALLOMETRIC))
    assert np.all(high_a >= low_a)
    gain_low, gain_high = leg_fat_range_kg(6.0, 20.0, 24.0)  # gaining fat: the ends swap
    assert gain_high == pytest.approx(6.0 * 24 / 20)
    assert gain_low == pytest.approx(6.0 * (24 / 20) ** K_LEG_ALLOMETRIC)


def test_leg_fat_goal_checked_at_the_slower_end() -> None:
    # inverse of the allometric rule
    assert fat_mass_for_regional_fat_kg(9.50, 11.40, 30.0) == pytest.approx(25.0)
    fm87 = fat_mass_for_regional_fat_kg(9.50, 11.40, 30.0, K_LEG_ALLOMETRIC)
    assert allometric_regional_fat(11.40, 30.0, fm87, K_LEG_ALLOMETRIC) == pytest.approx(9.50)
    assert fm87 == pytest.approx(24.33, abs=0.01)
    # a loss goal is met only when both rules have reached it: the lower total fat
    need = fat_mass_for_leg_fat_goal_kg(9.50, 11.40, 30.0)
    assert need == pytest.approx(fm87)
    low, high = leg_fat_range_kg(11.40, 30.0, need)
    assert high == pytest.approx(9.50) and low < 9.50
    # a gain goal: the higher total fat
    assert fat_mass_for_leg_fat_goal_kg(7.0, 6.0, 20.0) == pytest.approx(
        20.0 * (7.0 / 6.0) ** (1 / K_LEG_ALLOMETRIC))
    vec = fat_mass_for_leg_fat_goal_kg(np.array([9.5, 12.0]), 11.40, 30.0)
    assert isinstance(vec, np.ndarray) and vec[0] < 25.0 < 30.0 < vec[1]
