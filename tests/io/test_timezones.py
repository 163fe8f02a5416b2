"""Zone resolution: DST, offsets, GPS versus device clock, defaults."""

from __future__ import annotations

import datetime as dt
import math

from runlean.io.timezones import offset_of, resolve_timezone, zone_at

PARIS = (48.8566, 2.3522)
SUMMER = dt.datetime(2021, 7, 1, 6, tzinfo=dt.UTC)
WINTER = dt.datetime(2021, 1, 15, 6, tzinfo=dt.UTC)


def test_gps_fix_in_paris_summer_and_winter() -> None:
    s = resolve_timezone(SUMMER, lat_deg=PARIS[0], lon_deg=PARIS[1])
    w = resolve_timezone(WINTER, lat_deg=PARIS[0], lon_deg=PARIS[1])
    assert (s.timezone, s.utc_offset_s, s.source) == ("Europe/Paris", 7200, "gps")
    assert (w.timezone, w.utc_offset_s) == ("Europe/Paris", 3600)


def test_dst_change_night() -> None:
    # 2021-03-28 clocks go 02:00 -> 03:00 in Paris at 01:00 UTC.
    before = dt.datetime(2021, 3, 28, 0, 59, tzinfo=dt.UTC)
    after = dt.datetime(2021, 3, 28, 1, 1, tzinfo=dt.UTC)
    assert offset_of("Europe/Paris", before) == 3600
    assert offset_of("Europe/Paris", after) == 7200


def test_device_offset_agrees_with_gps() -> None:
    r = resolve_timezone(SUMMER, utc_offset_s=7200, lat_deg=PARIS[0], lon_deg=PARIS[1])
    assert (r.timezone, r.utc_offset_s, r.source) == ("Europe/Paris", 7200,
                                                      "fit_local_timestamp")


def test_device_offset_disagreeing_with_gps_loses_with_note() -> None:
    r = resolve_timezone(SUMMER, utc_offset_s=0, lat_deg=PARIS[0], lon_deg=PARIS[1])
    assert r.timezone == "Europe/Paris" and r.utc_offset_s == 7200 and r.note


def test_offset_without_gps() -> None:
    r = resolve_timezone(WINTER, utc_offset_s=-5 * 3600, default_timezone="Europe/Paris")
    assert r.timezone == "Etc/GMT+5" and r.utc_offset_s == -18000
    r = resolve_timezone(WINTER, utc_offset_s=-5 * 3600, default_timezone="America/New_York")
    assert r.timezone == "America/New_York"
    r = resolve_timezone(WINTER, utc_offset_s=5 * 3600 + 1800, default_timezone="UTC")
    assert offset_of(r.timezone, WINTER) == 19800  # e.g. Asia/Kolkata


def test_default_when_nothing_known() -> None:
    r = resolve_timezone(WINTER, default_timezone="America/Chicago")
    assert (r.timezone, r.utc_offset_s, r.source) == ("America/Chicago", -21600, "default")
    r = resolve_timezone(None, default_timezone="America/Chicago")
    assert r.utc_offset_s is None


def test_zone_at_rejects_bad_fixes() -> None:
    assert zone_at(math.nan, 2.0) is None
    assert zone_at(95.0, 2.0) is None


def test_zone_finder_does_not_pull_in_numba() -> None:
    """The lookup must stay light: no numba JIT (and its ~110 MB of LLVM) for a few lookups."""
    import subprocess
    import sys

    from ..conftest import REPO

    code = ("import sys; from runlean.io.timezones import zone_at; "
            "print(zone_at(52.0, 4.5), 'numba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(REPO / "src")}).stdout.split()
    assert out == ["Europe/Amsterdam", "False"]
