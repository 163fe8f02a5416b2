"""GPX reader (gpxpy).

- Times with a zone or offset are normalised to UTC; naive times are taken as UTC (warning).
- Heart rate, cadence, temperature and power are read from any extension element named
  ``hr``, ``cad``/``cadence``, ``atemp``/``temp`` and ``power`` (local name, any namespace:
  Garmin TrackPointExtension v1/v2, Strava's non-standard ``<power>``).
- Every ``trkseg`` of every ``trk`` is one segment (``segment`` stream); distance is never
  bridged across segments.
- Sport from the first ``<trk><type>``: Strava codes (``1`` = cycling, ``9`` = running) and
  words; "generic" when absent.
- Points without a time are dropped with a warning; no timed point at all is an error.
- When the strict parse fails the XML is recovered with lxml (``recover=True``) and parsed
  again, with a warning.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import gpxpy
import gpxpy.gpx
from lxml import etree

from runlean.domain import Activity
from runlean.errors import ActivityFileError
from runlean.io._common import NAN, Columns, normalise_sport, read_source, to_float, utc
from runlean.io.tcx import parse_xml

COLUMNS = ("time_s", "hr_bpm", "cadence_spm", "power_w", "altitude_m", "lat_deg", "lon_deg",
           "temperature_c", "segment")
EXTENSION_NAMES = {"hr": "hr_bpm", "heartrate": "hr_bpm", "cad": "cadence_spm",
                   "cadence": "cadence_spm", "power": "power_w", "watts": "power_w",
                   "atemp": "temperature_c", "temp": "temperature_c"}


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _extensions(point: gpxpy.gpx.GPXTrackPoint, values: dict[str, float]) -> None:
    for ext in point.extensions:
        for el in ext.iter():
            key = EXTENSION_NAMES.get(_local(el.tag))
            if key is None or el.text is None:
                continue
            try:
                values[key] = float(el.text.strip())
            except ValueError:
                continue


def _parse(path: Path, data: bytes) -> tuple[gpxpy.gpx.GPX, list[str]]:
    try:
        return gpxpy.parse(data.decode("utf-8", errors="replace")), []
    except (gpxpy.gpx.GPXException, ValueError, etree.LxmlError) as exc:
        strict_error = str(exc)
    root, _ = parse_xml(path, data, "GPX")
    try:
        gpx = gpxpy.parse(etree.tostring(root, encoding="unicode"))
    except (gpxpy.gpx.GPXException, ValueError, etree.LxmlError) as exc:
        raise ActivityFileError(str(path), f"damaged GPX file ({exc})") from None
    return gpx, [f"malformed GPX ({strict_error}); read in recovery mode, some data may "
                 "be missing"]


def read_gpx(path: Path, *, data: bytes | None = None,
             default_timezone: str = "UTC") -> list[Activity]:
    """Read a GPX file's tracks as one :class:`Activity`.

    Routes (``<rte>``) and waypoints are ignored: they are plans, not recordings, and carry
    no times. A file with only routes or waypoints is rejected with a reason saying so.

    Raises
    ------
    ActivityFileError
        Not GPX, no track point, or no track point with a time.
    """
    del default_timezone
    data = read_source(path, data)
    gpx, warnings = _parse(path, data)
    cols = Columns(COLUMNS)
    no_time = 0
    naive = 0
    total = 0
    segment = -1
    for track in gpx.tracks:
        for seg in track.segments:
            segment += 1
            for p in seg.points:
                total += 1
                if p.time is None:
                    no_time += 1
                    continue
                if p.time.tzinfo is None:
                    naive += 1
                values: dict[str, Any] = {
                    "time_s": utc(p.time).timestamp(),
                    "lat_deg": to_float(p.latitude),
                    "lon_deg": to_float(p.longitude),
                    "altitude_m": to_float(p.elevation),
                    "segment": float(segment),
                }
                if p.extensions:
                    _extensions(p, values)
                cols.append(values)
    if total == 0 and (gpx.routes or gpx.waypoints):
        raise ActivityFileError(
            str(path), f"GPX file holds a route or waypoints only ({len(gpx.routes)} "
            f"route(s), {len(gpx.waypoints)} waypoint(s)), no recorded track (<trk>): a "
            "planned route is not an activity")
    if total == 0:
        raise ActivityFileError(str(path), "GPX file has no track points (no <trkpt>)")
    if cols.n == 0:
        raise ActivityFileError(str(path), f"none of the {total} GPX track points has a time")
    if no_time:
        warnings.append(f"{no_time} of {total} track points without a time were dropped")
    if naive:
        warnings.append(f"{naive} times without a zone were taken as UTC")
    streams = cols.arrays()
    if "hr_bpm" in streams:
        hr = streams["hr_bpm"]
        hr[hr == 0] = NAN
    if "segment" in streams and float(streams["segment"].max()) == float(
            streams["segment"].min()):
        del streams["segment"]
    t0 = float(streams["time_s"][0])
    streams["time_s"] = streams["time_s"] - t0
    raw_type = next((tr.type for tr in gpx.tracks if tr.type), None)
    return [Activity(
        sport=normalise_sport(raw_type),
        source_format="gpx",
        start_utc=dt.datetime.fromtimestamp(t0, tz=dt.UTC),
        streams=streams,
        device=gpx.creator or None,
        warnings=warnings,
        sport_raw=raw_type,
    )]
