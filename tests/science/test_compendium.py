"""Tests for runlean.science.compendium (physiology.md §2.2–§2.3; §12 T8)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from runlean.science.compendium import (
    ACTIVITY_MET_CODES,
    M_PER_S_PER_MPH,
    activity_met,
    compendium_met,
    load_compendium,
    running_met,
    walking_met,
)
from runlean.science.exercise import met_kcal


@pytest.mark.parametrize(("code", "met_2024", "met_2011"), [
    ("12050", 9.3, 9.8), ("12030", 8.5, 8.3), ("12120", 14.8, 14.5), ("12135", 23.0, 23.0),
    ("12150", 8.0, 8.0), ("17200", 4.8, 4.3), ("01030", 8.0, 8.0), ("01060", 16.8, 15.8),
    ("02048", 5.0, 5.0), ("02050", 6.0, 6.0), ("02054", 3.5, 3.5), ("02040", 7.5, 8.0),
    ("02070", 7.3, 6.0), ("02074", 14.0, 12.0), ("18230", 9.8, 9.8), ("18290", 8.0, 8.3),
])
def test_lookup_both_editions(code: str, met_2024: float, met_2011: float) -> None:
    assert compendium_met(code) == met_2024
    assert compendium_met(code, edition=2011) == met_2011


@pytest.mark.parametrize(("code", "met"), [
    ("12026", 3.3), ("12145", 10.5), ("01228", 8.0), ("01248", 16.3), ("02214", 11.0),
    ("02210", 7.0), ("18294", 14.5), ("01305", 8.8),
])
def test_2024_only_codes(code: str, met: float) -> None:
    assert compendium_met(code) == met
    with pytest.raises(KeyError, match="2011"):
        compendium_met(code, edition=2011)


def test_2011_only_codes() -> None:
    assert compendium_met("12200", edition=2011) == 13.3
    assert compendium_met("02013", edition=2011) == 8.8
    with pytest.raises(KeyError, match="2024"):
        compendium_met("12200")
    with pytest.raises(KeyError, match="not in the bundled table"):
        compendium_met("99999")


def test_table_is_complete_and_consistent() -> None:
    table = load_compendium()
    assert load_compendium() is table  # cached
    assert len(table) >= 90
    for entry in table.values():
        assert len(entry.code) == 5 and entry.code.isdigit()
        assert entry.met_2024 is not None or entry.met_2011 is not None
        for met in (entry.met_2024, entry.met_2011):
            assert met is None or 2.0 <= met <= 24.0


def test_t8_worked_examples() -> None:
    assert met_kcal(compendium_met("12050"), 70, 30) == pytest.approx(341.775, abs=0.01)
    assert met_kcal(compendium_met("12050"), 70, 30, form="kcal_per_kg_h") == pytest.approx(
        325.5, abs=0.01)
    assert met_kcal(compendium_met("12050"), 70, 30, net=True) == pytest.approx(305.0, abs=0.05)
    assert met_kcal(compendium_met("12050", 2011), 75, 30) == pytest.approx(385.9, abs=0.05)
    assert met_kcal(compendium_met("01228"), 70, 30) == pytest.approx(294.0, abs=0.01)


def test_running_met_at_row_mid_speeds_and_between() -> None:
    assert running_met(6.15 * M_PER_S_PER_MPH) == pytest.approx(9.3)
    assert running_met(7.0 * M_PER_S_PER_MPH) == pytest.approx(11.0)
    assert running_met(10.0 * M_PER_S_PER_MPH) == pytest.approx(14.8)
    # halfway between 7 mph (11.0) and 7.5 mph (11.8)
    assert running_met(7.25 * M_PER_S_PER_MPH) == pytest.approx(11.4)
    # clamping at the ends
    assert running_met(0.5) == pytest.approx(3.3)
    assert running_met(20.0) == pytest.approx(23.0)
    out = running_met(np.array([6.15, 7.0]) * M_PER_S_PER_MPH)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, [9.3, 11.0])


def test_walking_met() -> None:
    assert walking_met(3.7 * M_PER_S_PER_MPH) == pytest.approx(4.8)
    assert walking_met(2.0 * M_PER_S_PER_MPH) == pytest.approx(2.8)
    assert walking_met(2.25 * M_PER_S_PER_MPH) == pytest.approx(2.9)
    assert walking_met(0.2) == pytest.approx(2.8)


@given(st.floats(0.0, 8.0), st.floats(0.0, 8.0))
def test_running_met_non_decreasing(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assert float(running_met(lo)) <= float(running_met(hi))


def test_activity_met_modes() -> None:
    assert activity_met("running", "moderate") == (9.3, "12050")
    assert activity_met("resistance", "light") == (3.5, "02054")
    assert activity_met("hiit", "vigorous") == (11.0, "02214")
    assert activity_met("swimming", "vigorous") == (9.8, "18230")
    assert activity_met("elliptical", "vigorous") == (9.0, "02049")
    for mode, levels in ACTIVITY_MET_CODES.items():
        mets = [activity_met(mode, level)[0] for level in ("light", "moderate", "vigorous")]
        assert mets == sorted(mets), mode
        assert set(levels) == {"light", "moderate", "vigorous"}
    with pytest.raises(KeyError, match="mode"):
        activity_met("skiing")
    with pytest.raises(KeyError, match="intensity"):
        activity_met("running", "extreme")  # type: ignore[arg-type]


PHYSIOLOGY_MD = Path(__file__).resolve().parents[2].parent / "shared" / "science" / "physiology.md"


def _spec_mets() -> dict[str, dict[int, float | None]]:
    """Code → {edition: MET} from the tables of physiology.md §2.2–§2.3."""
    text = PHYSIOLOGY_MD.read_text(encoding="utf-8").split("### 2.2")[1].split("### 2.4")[0]

    def num(cell: str) -> float | None:
        return None if cell in ("—", "") else float(cell)

    spec: dict[str, dict[int, float | None]] = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("| ") or not re.fullmatch(r"\d{5}|—", cells[0]):
            continue
        if len(cells) == 4:              # code | activity | 2011 | 2024
            spec[cells[0]] = {2011: num(cells[2]), 2024: num(cells[3])}
        elif len(cells) == 5:            # cycling: 2011 code | 2011 | 2024 code(s) | 2024 | …
            if cells[0] != "—":
                spec.setdefault(cells[0], {})[2011] = num(cells[1])
            for code, met in zip(cells[2].split("/"), cells[3].split("/"), strict=True):
                if code.strip() != "—":
                    spec.setdefault(code.strip(), {})[2024] = num(met.strip())
    return spec


@pytest.mark.skipif(not PHYSIOLOGY_MD.exists(), reason="../shared/science is not present")
def test_every_row_matches_the_physiology_tables() -> None:
    """Each code and MET of the bundled CSV equals physiology.md §2.2–§2.3 (both editions)."""
    spec = _spec_mets()
    table = load_compendium()
    assert len(spec) >= 90
    assert set(table) == set(spec)
    for code, editions in spec.items():
        entry = table[code]
        # A code present in only one edition's column of the tables has no value in the other.
        assert entry.met_2011 == editions.get(2011), code
        assert entry.met_2024 == editions.get(2024), code
