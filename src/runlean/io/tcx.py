"""TCX (Garmin Training Center XML) reader, written on lxml.

Namespace-agnostic: elements are matched by local name (``{*}Name``), so files with other or
missing namespace prefixes read the same. Malformed XML (e.g. an undeclared prefix) is parsed
again with ``XMLParser(recover=True)``; what is recovered is kept and a warning says so.
libxml2's own safety limits stay on (no ``huge_tree``: a text node of at most 10 MB, at most
256 levels of nesting); entities are not resolved and nothing is fetched from the network.

- Times: ``Z`` and ``±hh:mm`` offsets are honoured; naive times are taken as UTC (warning).
- Trackpoints without a position are kept (treadmill, indoor); trackpoints without a time
  are dropped (warning).
- Each ``Track`` element is one segment (``segment`` stream); GPS distance is never bridged.
- TPX extension ``Speed``, ``RunCadence``, ``Watts``; the ``Cadence`` element. For running,
  walking and hiking the cadence (strides per minute in Garmin and Polar files) is doubled
  to steps per minute, as for FIT.
- Device energy is the sum of lap ``Calories``; device distance and timer time are lap sums.
- One :class:`~runlean.domain.Activity` per ``Activity`` element.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
from lxml import etree

from runlean.domain import Activity, Lap
from runlean.errors import ActivityFileError
from runlean.io._common import NAN, Columns, normalise_sport, read_source

#: Root elements accepted: the TCX root, or a bare <Activities>/<Activity> (damaged exports).
TCX_ROOTS = frozenset({"TrainingCenterDatabase", "Activities", "Activity"})
STRIDE_SPORTS = frozenset({"running", "walking", "hiking"})
COLUMNS = ("time_s", "distance_m", "speed_m_per_s", "hr_bpm", "cadence_spm", "power_w",
           "altitude_m", "lat_deg", "lon_deg", "segment")


def parse_xml(path: Path, data: bytes, what: str) -> tuple[etree._Element, list[str]]:
    """Parse XML strictly, else in lxml recover mode; (root, warnings)."""
    try:
        strict = etree.XMLParser(resolve_entities=False, no_network=True)
        return etree.fromstring(data, strict), []
    except etree.XMLSyntaxError as exc:
        strict_error = str(exc)
    try:
        lenient = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
        root = etree.fromstring(data, lenient)
    except etree.XMLSyntaxError as exc:
        raise ActivityFileError(str(path), f"damaged {what} XML ({exc})") from None
    if root is None:
        raise ActivityFileError(str(path), f"damaged {what} XML ({strict_error})")
    _strip_undeclared_prefixes(root)
    return root, [f"malformed XML ({strict_error}); read in recovery mode, some data may be "
                  "missing"]


def _strip_undeclared_prefixes(root: etree._Element) -> None:
    """Rename ``bad:tag`` / ``bad:attr`` left by recovery (undeclared prefix) to local names,
    so the tree can be serialised and parsed again."""
    for el in root.iter():
        tag = el.tag
        if isinstance(tag, str) and not tag.startswith("{") and ":" in tag:
            el.tag = tag.rsplit(":", 1)[-1]
        for raw_key in list(el.attrib):
            key = raw_key if isinstance(raw_key, str) else raw_key.decode()
            if not key.startswith("{") and ":" in key:
                value = el.attrib.pop(raw_key)
                el.attrib[key.rsplit(":", 1)[-1]] = value


def _float(el: etree._Element | None) -> float:
    if el is None or el.text is None:
        return NAN
    try:
        return float(el.text.strip())
    except ValueError:
        return NAN


def _child(el: etree._Element, *names: str) -> etree._Element | None:
    cur: etree._Element | None = el
    for name in names:
        if cur is None:
            return None
        cur = cur.find("{*}" + name)  # any namespace, or none
    return cur


def parse_time(text: str | None, naive: list[int]) -> dt.datetime | None:
    """ISO 8601 time as aware UTC; naive times count as UTC (``naive[0]`` is incremented)."""
    if not text:
        return None
    text = text.strip()
    try:
        ts = dt.datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z")
                                       else text)
    except ValueError:
        return None
    if ts.tzinfo is None:
        naive[0] += 1
        return ts.replace(tzinfo=dt.UTC)
    return ts.astimezone(dt.UTC)


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def read_tcx(path: Path, *, data: bytes | None = None,
             default_timezone: str = "UTC") -> list[Activity]:
    """Read a TCX file: one :class:`Activity` per ``Activity`` element.

    Raises
    ------
    ActivityFileError
        Not a TCX file, no activity, or no trackpoint with a time and no lap.
    """
    del default_timezone
    data = read_source(path, data)
    root, warnings = parse_xml(path, data, "TCX")
    if _local(root) not in TCX_ROOTS:
        raise ActivityFileError(str(path), f"XML root <{_local(root)}> is not a TCX "
                                "<TrainingCenterDatabase>")
    if _local(root) != "TrainingCenterDatabase":
        warnings.append(f"TCX without its <TrainingCenterDatabase> root (root is "
                        f"<{_local(root)}>)")
    activities = list(root.iter("{*}Activity"))
    if not activities:
        raise ActivityFileError(str(path), "TCX file holds no <Activity>")
    out = [_activity(path, el, warnings, i, len(activities)) for i, el in enumerate(activities)]
    return out


def _activity(path: Path, act: etree._Element, file_warnings: list[str], index: int,
              count: int) -> Activity:
    warnings = list(file_warnings)
    naive = [0]
    sport_raw = act.get("Sport")
    sport = normalise_sport(sport_raw)
    cols = Columns(COLUMNS)
    laps: list[Lap] = []
    first_lap_start: dt.datetime | None = None
    segment = -1
    no_time = 0
    for lap_el in act.iter("{*}Lap"):
        start = parse_time(lap_el.get("StartTime"), naive)
        if first_lap_start is None:
            first_lap_start = start
        laps.append(Lap(
            start_utc=start,
            timer_s=_opt(_child(lap_el, "TotalTimeSeconds")),
            distance_m=_opt(_child(lap_el, "DistanceMeters")),
            avg_hr_bpm=_opt(_child(lap_el, "AverageHeartRateBpm", "Value"), zero_none=True),
            max_hr_bpm=_opt(_child(lap_el, "MaximumHeartRateBpm", "Value"), zero_none=True),
            energy_kcal=_opt(_child(lap_el, "Calories")),
        ))
        for track in lap_el.iter("{*}Track"):
            segment += 1
            for tp in track.iter("{*}Trackpoint"):
                values = _trackpoint(tp, naive)
                if values is None:
                    no_time += 1
                    continue
                values["segment"] = float(segment)
                cols.append(values)
    if no_time:
        warnings.append(f"{no_time} trackpoints without a time were dropped")
    if naive[0]:
        warnings.append(f"{naive[0]} times without a zone were taken as UTC")
    if cols.n == 0 and not laps:
        raise ActivityFileError(str(path), "TCX activity has no lap and no trackpoint with a "
                                "time")
    streams = cols.arrays()
    if "segment" in streams and bool(np.all(streams["segment"] == streams["segment"][0])):
        del streams["segment"]
    t = streams["time_s"]
    start_utc = first_lap_start
    if len(t):
        t0 = float(t[0])
        if start_utc is None:
            start_utc = dt.datetime.fromtimestamp(t0, tz=dt.UTC)
        streams["time_s"] = t - t0
    if sport in STRIDE_SPORTS and "cadence_spm" in streams:
        streams["cadence_spm"] = 2.0 * streams["cadence_spm"]
    creator = _child(act, "Creator", "Name")
    device = creator.text.strip() if creator is not None and creator.text else None

    def lap_sum(values: list[float | None]) -> float | None:
        vals = [v for v in values if v is not None]
        return float(sum(vals)) if vals else None

    max_hrs = [lp.max_hr_bpm for lp in laps if lp.max_hr_bpm is not None]
    return Activity(
        sport=sport,
        source_format="tcx",
        start_utc=start_utc,
        streams=streams,
        laps=laps,
        device=device,
        device_energy_kcal=lap_sum([lp.energy_kcal for lp in laps]),
        device_distance_m=lap_sum([lp.distance_m for lp in laps]),
        device_timer_s=lap_sum([lp.timer_s for lp in laps]),
        device_max_hr_bpm=max(max_hrs) if max_hrs else None,
        warnings=warnings,
        session_index=index,
        session_count=count,
        sport_raw=sport_raw,
    )


def _opt(el: etree._Element | None, zero_none: bool = False) -> float | None:
    v = _float(el)
    if math.isnan(v) or (zero_none and v == 0):
        return None
    return v


def _trackpoint(tp: etree._Element, naive: list[int]) -> dict[str, float] | None:
    values: dict[str, float] = {}
    ts: dt.datetime | None = None
    for el in tp.iter():
        name = _local(el)
        if name == "Time":
            ts = parse_time(el.text, naive)
        elif name == "LatitudeDegrees":
            values["lat_deg"] = _float(el)
        elif name == "LongitudeDegrees":
            values["lon_deg"] = _float(el)
        elif name == "AltitudeMeters":
            values["altitude_m"] = _float(el)
        elif name == "DistanceMeters":
            values["distance_m"] = _float(el)
        elif name == "Value" and _local(el.getparent()) == "HeartRateBpm":  # type: ignore[arg-type]
            hr = _float(el)
            values["hr_bpm"] = NAN if hr == 0 else hr
        elif name in ("Cadence", "RunCadence"):
            values["cadence_spm"] = _float(el)
        elif name == "Speed":
            values["speed_m_per_s"] = _float(el)
        elif name == "Watts":
            values["power_w"] = _float(el)
    if ts is None:
        return None
    values["time_s"] = ts.timestamp()
    return values
