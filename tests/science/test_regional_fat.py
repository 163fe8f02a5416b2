"""Tests for runlean.science.regional_fat (physiology.md §6.3–§6.5; §12 T30, T31)."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from runlean.science.regional_fat import (
    K_LEG_ALLOMETRIC,
    allometric_regional_fat,
    hall_hallgreen_vat,
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
    for fn in (allometric_regional_fat, hall_hallgreen_vat, regional_fat_shares):
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
