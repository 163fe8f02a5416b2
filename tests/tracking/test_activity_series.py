"""Drawable activity series: speed from distance when the file records none."""

from __future__ import annotations

import numpy as np
import pytest

from runlean.tracking.activity_series import speed_from_distance


def test_constant_speed_is_recovered() -> None:
    t = np.arange(0.0, 300.0, 5.0)
    steps = np.full(t.size - 1, 3.0 * 5.0)  # 3 m/s
    v = speed_from_distance(t, steps, np.ones(t.size - 1, dtype=bool))
    assert v == pytest.approx(np.full(t.size, 3.0))


def test_a_pause_and_a_segment_break_do_not_count() -> None:
    t = np.array([0.0, 10.0, 20.0, 620.0, 630.0, 640.0])
    steps = np.array([30.0, 30.0, 5000.0, 30.0, 30.0])  # 3 m/s; a jump across segments
    same = np.array([True, True, False, True, True])
    v = speed_from_distance(t, steps, same)
    assert v[:3] == pytest.approx([3.0, 3.0, 3.0])
    assert v[3:] == pytest.approx([3.0, 3.0, 3.0])


def test_one_sample_has_no_speed() -> None:
    assert np.isnan(speed_from_distance(np.array([0.0]), np.zeros(0), np.zeros(0, bool))).all()
