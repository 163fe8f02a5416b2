"""Time zone of an activity: IANA zone and UTC offset at the start.

Sources, in order:

1. the FIT ``activity.local_timestamp`` offset. When a GPS fix exists, the zone found there
   (timezonefinder) is used if its offset at the start matches; if it does not, the GPS zone
   wins (a device clock can be wrong, e.g. COROS writes UTC as local time) and a note says
   so. Without a fix, a zone with that offset is chosen (the profile default if it matches,
   else ``Etc/GMT±h``, else the first IANA zone with that offset at that instant);
2. the first GPS fix, through timezonefinder (offline);
3. the default zone of the profile.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

ZoneSource = Literal["fit_local_timestamp", "gps", "default"]


@dataclass(frozen=True)
class ZoneResolution:
    """The zone chosen for an activity, its offset at the start [s] and where it came from."""

    timezone: str
    utc_offset_s: int | None
    source: ZoneSource
    #: Why a source was overruled (empty when none was).
    note: str = ""


@lru_cache(maxsize=1)
def _finder() -> Any:
    """The offline zone finder, created once.

    timezonefinder JIT-compiles its point-in-polygon code with numba whenever numba is
    importable (runlean's optional ``fast`` extra installs it). For the one or two lookups an
    import makes, that costs about 1 s of compilation and maps ~110 MB of LLVM into the process,
    for no gain. So numba is hidden while timezonefinder is first imported, unless something
    has already loaded numba in this process. Lookups are file-backed (``in_memory=False``).
    """
    hide = "numba" not in sys.modules
    if hide:
        sys.modules["numba"] = None  # type: ignore[assignment]  # makes `import numba` fail
    try:
        from timezonefinder import TimezoneFinder
    finally:
        if hide:
            del sys.modules["numba"]
    return TimezoneFinder(in_memory=False)


def zone_at(lat_deg: float, lon_deg: float) -> str | None:
    """IANA zone at a position (timezonefinder, offline), or None (open sea, bad fix)."""
    if not (math.isfinite(lat_deg) and math.isfinite(lon_deg)):
        return None
    if not (-90 <= lat_deg <= 90 and -180 <= lon_deg <= 180):
        return None
    zone: str | None = _finder().timezone_at(lng=lon_deg, lat=lat_deg)
    return zone


def offset_of(zone: str, instant: dt.datetime) -> int | None:
    """UTC offset of ``zone`` at ``instant`` [s]; None for an unknown zone."""
    try:
        off = instant.astimezone(ZoneInfo(zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return None if off is None else int(off.total_seconds())


def _zone_with_offset(offset_s: int, instant: dt.datetime, default: str) -> str:
    if offset_of(default, instant) == offset_s:
        return default
    if offset_s % 3600 == 0 and abs(offset_s) <= 12 * 3600:
        hours = offset_s // 3600
        # POSIX sign convention: Etc/GMT-2 is two hours AHEAD of UTC.
        return "Etc/UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
    for zone in sorted(available_timezones()):
        if offset_of(zone, instant) == offset_s:
            return zone
    return default


def resolve_timezone(start_utc: dt.datetime | None, *, utc_offset_s: int | None = None,
                     lat_deg: float = math.nan, lon_deg: float = math.nan,
                     default_timezone: str = "UTC") -> ZoneResolution:
    """Choose the IANA zone of an activity (see the module notes for the order).

    Parameters
    ----------
    start_utc
        Start instant (aware); None for device-relative files (then only the default or the
        GPS zone can be given, without an offset).
    utc_offset_s
        Offset of local time from UTC reported by the file [s] (FIT ``local_timestamp``).
    lat_deg, lon_deg
        First GPS fix [deg], NaN when there is none.
    default_timezone
        The profile's zone.
    """
    gps_zone = zone_at(lat_deg, lon_deg)
    if utc_offset_s is not None and start_utc is not None:
        if gps_zone is not None:
            gps_offset = offset_of(gps_zone, start_utc)
            if gps_offset == utc_offset_s:
                return ZoneResolution(gps_zone, utc_offset_s, "fit_local_timestamp")
            # The position is stronger evidence than a device clock (some devices write UTC
            # as local time): keep the zone of the fix and say so.
            return ZoneResolution(
                gps_zone, gps_offset, "gps",
                f"device local-time offset {utc_offset_s / 3600:+g} h disagrees with the "
                f"zone of the first GPS fix ({gps_zone}, {(gps_offset or 0) / 3600:+g} h); "
                "used the GPS zone")
        zone = _zone_with_offset(utc_offset_s, start_utc, default_timezone)
        return ZoneResolution(zone, utc_offset_s, "fit_local_timestamp")
    if gps_zone is not None:
        off = None if start_utc is None else offset_of(gps_zone, start_utc)
        return ZoneResolution(gps_zone, off, "gps")
    off = None if start_utc is None else offset_of(default_timezone, start_utc)
    return ZoneResolution(default_timezone, off, "default")
