"""FIT activity reader (fitdecode, lenient).

Decoding is lenient on purpose: CRCs are not checked and fitdecode's ``ErrorHandling.IGNORE``
is used, so a damaged file keeps every message decoded before the damage (a warning says
so). Chained FIT files (several headers in one file) are read whole.

Choices worth knowing:

- One :class:`~runlean.domain.Activity` per ``session`` message; records are split by the
  session start times. Distance is rebased per session when a multisport file keeps one
  cumulative distance across its sessions.
- Heart rate from ``hr`` messages (HRM-Swim/HRM-Tri buffered HR: ``event_timestamp`` arrays
  with ``filtered_bpm``) fills records that have no heart rate, matched to the nearest
  ``hr`` sample within :data:`HR_MATCH_S`. If the records do not overlap the ``hr`` samples
  at all (or there are no records), the ``hr`` samples inside the session become samples.
- Developer fields are ignored: a Connect IQ "Power" field is not native power, and keeping
  it would mix incomparable running-power models. ``power_w`` is the native ``power`` only.
- Running cadence in FIT counts one foot (strides per minute). For running, walking and
  hiking it is converted to steps per minute: ``2 × (cadence + fractional_cadence)``.
  Cycling cadence stays in revolutions per minute.
- 0 is a value (0 W, 0 rpm); only a heart rate of 0 is treated as missing.
- Timestamps below ``0x10000000`` are device-relative "system time": ``start_utc`` is None
  and a warning says so; the streams are still relative seconds.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import fitdecode
import numpy as np
from fitdecode.types import DevFieldDefinition

from runlean.domain import Activity, FloatArray, Lap
from runlean.errors import ActivityFileError
from runlean.io._common import NAN, Columns, normalise_sport, read_source, to_float
from runlean.io.limits import MAX_SAMPLES

#: Largest gap between a record and an ``hr`` message sample that still counts as a match [s].
HR_MATCH_S = 2.0
#: Sports whose FIT cadence counts one leg (strides/min) and is doubled to steps/min.
STRIDE_SPORTS = frozenset({"running", "walking", "hiking"})
#: Data messages of all kinds accepted per allowed record (device info, events, laps, HRV
#: and buffered heart rate come on top of the records: a Forerunner 645 run with HRV logging
#: has 3.7 messages per record). Decoding costs about 60 µs per message, so the default
#: limits bound a hostile FIT file to about a minute of CPU.
MESSAGES_PER_SAMPLE = 5
#: Largest gap between a session's start time and its first record [s] that is believed; a
#: session start further away (a flipped bit) gives way to the first record's time.
SESSION_START_SLACK_S = 48 * 3600.0
#: Degrees per FIT semicircle.
SEMICIRCLE_DEG = 180.0 / 2**31
#: FIT timestamps below this are seconds of device "system time", not since the FIT epoch.
RELATIVE_LIMIT = 0x10000000
#: The FIT epoch, 1989-12-31T00:00Z, in Unix seconds.
FIT_EPOCH_UNIX = 631065600.0

STREAM_NAMES = ("time_s", "distance_m", "speed_m_per_s", "hr_bpm", "cadence_spm", "power_w",
                "altitude_m", "lat_deg", "lon_deg", "temperature_c")

DEVICE_TOTALS = {
    "device_energy_kcal": "total_calories",
    "device_distance_m": "total_distance",
    "device_timer_s": "total_timer_time",
    "device_elapsed_s": "total_elapsed_time",
    "device_ascent_m": "total_ascent",
    "device_avg_hr_bpm": "avg_heart_rate",
    "device_max_hr_bpm": "max_heart_rate",
}


def is_fit(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a file) starts with a FIT file header."""
    return len(head) >= 12 and head[8:12] == b".FIT" and head[0] in (12, 14)


def _seconds(value: object) -> tuple[float, bool] | None:
    """A FIT timestamp as (seconds, is_relative); None when absent."""
    if isinstance(value, dt.datetime):
        return value.timestamp(), False
    if isinstance(value, int) and not isinstance(value, bool):
        if value < RELATIVE_LIMIT:
            return float(value), True
        return float(value) + FIT_EPOCH_UNIX, False
    return None


def _native(frame: fitdecode.FitDataMessage) -> dict[str, Any]:
    """Native (non-developer) fields by name; a field repeated as None keeps its value."""
    return {fd.name: fd.value for fd in frame.fields
            if fd.value is not None and not isinstance(fd.field_def, DevFieldDefinition)}


def _record_values(v: dict[str, Any]) -> dict[str, float]:
    speed = v.get("enhanced_speed")
    if speed is None:
        speed = v.get("speed")
    alt = v.get("enhanced_altitude")
    if alt is None:
        alt = v.get("altitude")
    hr = to_float(v.get("heart_rate"))
    cad = to_float(v.get("cadence"))
    frac = to_float(v.get("fractional_cadence"))
    return {
        "distance_m": to_float(v.get("distance")),
        "speed_m_per_s": to_float(speed),
        "hr_bpm": NAN if hr == 0 else hr,
        "cadence_spm": cad,
        "cadence_frac": frac,
        "power_w": to_float(v.get("power")),
        "altitude_m": to_float(alt),
        "lat_deg": to_float(v.get("position_lat")) * SEMICIRCLE_DEG,
        "lon_deg": to_float(v.get("position_long")) * SEMICIRCLE_DEG,
        "temperature_c": to_float(v.get("temperature")),
    }


def _event_times(frame: fitdecode.FitDataMessage) -> list[tuple[float, bool]]:
    """``event_timestamp`` values of an ``hr`` message as (seconds, is_absolute).

    fitdecode turns values expanded from ``event_timestamp_12`` into datetimes (absolute when
    the device counts from the FIT epoch); plain ``event_timestamp`` arrays stay floats, in
    device time, to be anchored on a ``timestamp`` (FIT SDK "HR to record" rule).
    """
    out: list[tuple[float, bool]] = []
    for fd in frame.fields:
        if fd.name != "event_timestamp" or fd.value is None:
            continue
        values = fd.value if isinstance(fd.value, tuple | list) else (fd.value,)
        for value in values:
            if isinstance(value, dt.datetime):
                unix = value.timestamp()
                if unix >= FIT_EPOCH_UNIX + RELATIVE_LIMIT:
                    out.append((unix, True))
                else:
                    out.append((unix - FIT_EPOCH_UNIX, False))
            elif isinstance(value, int | float) and not isinstance(value, bool):
                out.append((float(value), False))
    return out


def _hr_samples(v: dict[str, Any], frame: fitdecode.FitDataMessage,
                anchor: list[float]) -> list[tuple[float, float]]:
    """(time, bpm) pairs of one ``hr`` message.

    ``anchor`` holds at most one number, ``timestamp − event_timestamp`` [s] of the last
    ``hr`` message carrying both; device-time event timestamps are shifted by it.
    """
    bpm = v.get("filtered_bpm")
    bpms = list(bpm) if isinstance(bpm, tuple | list) else [bpm]
    frac_raw = v.get("fractional_timestamp")
    frac = float(frac_raw) if isinstance(frac_raw, float) else 0.0
    ts = _seconds(v.get("timestamp"))
    events = _event_times(frame)
    relative = [t for t, absolute in events if not absolute]
    if ts is not None and not ts[1] and relative:
        anchor[:] = [ts[0] + frac - relative[0]]
    times: list[float] = []
    for t, absolute in events:
        if absolute:
            times.append(t)
        elif anchor:
            times.append(t + anchor[0])
    if not events and ts is not None and not ts[1]:
        times = [ts[0] + frac]
    return [(t, float(b)) for t, b in zip(times, bpms, strict=False)
            if isinstance(b, int | float) and b > 0]


def _opt(value: object, zero_is_none: bool = False) -> float | None:
    f = to_float(value)
    if f != f or (zero_is_none and f == 0):
        return None
    return f


def _device(file_id: dict[str, Any]) -> str | None:
    maker = file_id.get("manufacturer")
    product = (file_id.get("product_name") or file_id.get("garmin_product")
               or file_id.get("product"))
    parts = [str(p) for p in (maker, product) if p is not None]
    return " ".join(parts) or None


def read_fit(path: Path, *, data: bytes | None = None, default_timezone: str = "UTC",
             merge_hr_messages: bool = True, max_samples: int = MAX_SAMPLES) -> list[Activity]:
    """Read a FIT activity file: one :class:`Activity` per session.

    Parameters
    ----------
    path
        The file (used for messages, and read when ``data`` is None).
    data
        The file's bytes, when already in memory (e.g. from an archive).
    default_timezone
        Unused by this reader (time zones are resolved by :func:`runlean.io.read_activity_file`);
        accepted for a uniform reader signature.
    merge_hr_messages
        Fill record heart rate from FIT ``hr`` messages (see the module notes).
    max_samples
        Most ``record`` messages accepted; a file may hold at most
        :data:`MESSAGES_PER_SAMPLE` times as many data messages of all kinds (decoding stops
        there instead of spending minutes on a flood of messages).

    Raises
    ------
    ActivityFileError
        Empty, not FIT, not an activity, no usable message before the damage, or above a
        limit.
    """
    del default_timezone
    raw = read_source(path, data)
    if not is_fit(raw[:12]):
        raise ActivityFileError(str(path), "not a FIT file (no '.FIT' header signature)")

    warnings: list[str] = []
    cols = Columns(("time_s", *STREAM_NAMES[1:], "cadence_frac"))
    relative = False
    hr_pairs: list[tuple[float, float]] = []
    hr_anchor: list[float] = []
    sessions: list[dict[str, Any]] = []
    laps: list[dict[str, Any]] = []
    file_ids: list[dict[str, Any]] = []
    sport_msgs: list[dict[str, Any]] = []
    activity_msg: dict[str, Any] | None = None
    timer_events: list[tuple[float, bool]] = []  # (time, is_stop)
    headers = 0
    no_time = 0
    messages = 0
    max_messages = MESSAGES_PER_SAMPLE * max_samples
    reader = fitdecode.FitReader(
        io.BytesIO(raw), check_crc=fitdecode.CrcCheck.DISABLED,
        error_handling=fitdecode.ErrorHandling.IGNORE, keep_raw_chunks=False)
    try:
        for frame in reader:
            if isinstance(frame, fitdecode.FitHeader):
                headers += 1
                continue
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            messages += 1
            if cols.n > max_samples or messages > max_messages:
                raise ActivityFileError(
                    str(path), f"more than {max_samples:,} records or {max_messages:,} "
                    "messages in the FIT file (limit max_samples; set "
                    "RUNLEAN_LIMIT_MAX_SAMPLES to raise it)")
            name = frame.name
            if name == "record":
                v = _native(frame)
                ts = _seconds(v.get("timestamp"))
                if ts is None:
                    no_time += 1
                    continue
                relative = relative or ts[1]
                values = _record_values(v)
                values["time_s"] = ts[0]
                cols.append(values)
            elif name == "hr":
                hr_pairs.extend(_hr_samples(_native(frame), frame, hr_anchor))
            elif name == "session":
                sessions.append(_native(frame))
            elif name == "lap":
                laps.append(_native(frame))
            elif name == "file_id":
                file_ids.append(_native(frame))
            elif name == "sport":
                sport_msgs.append(_native(frame))
            elif name == "activity":
                activity_msg = _native(frame)
            elif name == "event":
                ev = _native(frame)
                ts_ev = _seconds(ev.get("timestamp"))
                etype = str(ev.get("event_type", ""))
                if ev.get("event") == "timer" and ts_ev is not None and (
                        etype == "start" or etype.startswith("stop")):
                    timer_events.append((ts_ev[0], etype != "start"))
    except ActivityFileError:
        raise
    except Exception as exc:  # any decoder failure on damaged content
        # fitdecode raises FitError subclasses, but also AssertionError, struct.error,
        # ValueError... on some corrupt inputs; all mean "damaged from here on".
        if cols.n == 0 and not sessions:
            raise ActivityFileError(
                str(path), f"damaged FIT file, nothing readable before the damage ({exc})"
            ) from None
        warnings.append(f"FIT file damaged ({type(exc).__name__}: {exc}); kept the "
                        f"{cols.n} records decoded before the damage")
    finally:
        reader.close()

    if file_ids:
        ftype = file_ids[0].get("type")
        if ftype is not None and ftype != "activity":
            raise ActivityFileError(
                str(path), f"FIT file of type {ftype!r}, not an activity")
    if cols.n == 0 and not sessions and not hr_pairs:
        raise ActivityFileError(str(path), "FIT file holds no activity records or sessions")
    if headers > 1:
        warnings.append(f"chained FIT file: {headers} FIT headers, all read")
    if no_time:
        warnings.append(f"{no_time} FIT records without a timestamp were skipped")
    if relative:
        warnings.append("timestamps are device-relative (FIT system time); no absolute "
                        "start time")

    arrays = {k: np.asarray(cols.data[k], dtype=np.float64) for k in cols.names}
    order = np.argsort(arrays["time_s"], kind="stable")
    if not bool(np.all(order == np.arange(len(order)))):
        warnings.append("FIT records out of time order were sorted")
        arrays = {k: a[order] for k, a in arrays.items()}
    hr_t = np.array([p[0] for p in hr_pairs], dtype=np.float64)
    hr_b = np.array([p[1] for p in hr_pairs], dtype=np.float64)
    if not merge_hr_messages:
        hr_t = hr_t[:0]
        hr_b = hr_b[:0]
    if len(hr_t):
        o = np.argsort(hr_t, kind="stable")
        hr_t, hr_b = hr_t[o], hr_b[o]

    device = _device(file_ids[0]) if file_ids else None
    utc_offset = _utc_offset(activity_msg)
    if not sessions:
        pseudo: dict[str, Any] = {}
        if sport_msgs:
            pseudo["sport"] = sport_msgs[0].get("sport")
            pseudo["sub_sport"] = sport_msgs[0].get("sub_sport")
        sessions = [pseudo]
        warnings.append("FIT file has no session message; one activity made from all records")

    starts = np.array([(_seconds(s.get("start_time")) or (np.inf, False))[0] for s in sessions])
    if len(sessions) > 1 and bool(np.all(np.isfinite(starts))):
        sess_of = np.clip(np.searchsorted(starts, arrays["time_s"], side="right") - 1,
                          0, len(sessions) - 1)
    else:
        sess_of = np.zeros(len(arrays["time_s"]), dtype=np.int64)

    out: list[Activity] = []
    prev_last_dist = NAN
    for i, sess in enumerate(sessions):
        mask = sess_of == i
        part = {k: a[mask] for k, a in arrays.items()}
        s_warn = list(warnings)
        end_t = _seconds(sess.get("timestamp"))
        start_t = _seconds(sess.get("start_time"))
        part, merged = _merge_hr(part, hr_t, hr_b,
                                 None if start_t is None else start_t[0],
                                 None if end_t is None else end_t[0])
        if merged:
            s_warn.append(merged)
        sport = normalise_sport(sess.get("sport"))
        if isinstance(sess.get("sport"), int):
            s_warn.append(f"FIT sport {sess.get('sport')} is not in the FIT profile; "
                          "imported as generic")
            sport = "generic"
        sub = sess.get("sub_sport")
        _fix_cadence(part, sport)
        prev_last_dist = _rebase_distance(part, prev_last_dist, i, s_warn)
        streams = _finish(part)
        start_utc: dt.datetime | None = None
        if not relative:
            first = float(part["time_s"][0]) if len(part["time_s"]) else None
            t0 = start_t[0] if start_t is not None and not start_t[1] else first
            if t0 is not None and first is not None and abs(t0 - first) > SESSION_START_SLACK_S:
                s_warn.append("session start time is far from the first record's time "
                              "(damaged?); the first record's time is used")
                t0 = first
            if t0 is not None:
                start_utc = dt.datetime.fromtimestamp(t0, tz=dt.UTC)
        pauses: list[tuple[float, float]] = []
        if len(streams["time_s"]):
            base = float(streams["time_s"][0])
            last = float(streams["time_s"][-1])
            streams["time_s"] = streams["time_s"] - base
            pauses = [(a - base, b - base) for a, b in _pauses(timer_events)
                      if base <= a < last]
        tot = {attr: _opt(sess.get(key), zero_is_none=key.endswith("heart_rate"))
               for attr, key in DEVICE_TOTALS.items()}
        out.append(Activity(
            sport=sport,
            source_format="fit",
            start_utc=start_utc,
            streams=streams,
            sub_sport=None if sub is None else normalise_sport(sub, keep_words=True),
            utc_offset_s=utc_offset,
            laps=_laps_for(laps, starts, i, len(sessions)),
            device=device,
            warnings=s_warn,
            session_index=i,
            session_count=len(sessions),
            sport_raw=None if sess.get("sport") is None else str(sess.get("sport")),
            device_energy_kcal=tot["device_energy_kcal"],
            device_distance_m=tot["device_distance_m"],
            device_timer_s=tot["device_timer_s"],
            device_elapsed_s=tot["device_elapsed_s"],
            device_ascent_m=tot["device_ascent_m"],
            device_avg_hr_bpm=tot["device_avg_hr_bpm"],
            device_max_hr_bpm=tot["device_max_hr_bpm"],
            pauses=pauses,
        ))
    return out


def _pauses(events: list[tuple[float, bool]]) -> list[tuple[float, float]]:
    """(stop, next start) pairs of FIT timer events; a final stop is the end, not a pause."""
    out: list[tuple[float, float]] = []
    stopped_at: float | None = None
    for t, is_stop in sorted(events):
        if is_stop:
            if stopped_at is None:
                stopped_at = t
        elif stopped_at is not None:
            if t > stopped_at:
                out.append((stopped_at, t))
            stopped_at = None
    return out


def _utc_offset(activity_msg: dict[str, Any] | None) -> int | None:
    """Offset of local time from UTC [s], from ``activity.local_timestamp − timestamp``."""
    if not activity_msg:
        return None
    ts = _seconds(activity_msg.get("timestamp"))
    local = _seconds(activity_msg.get("local_timestamp"))
    if ts is None or local is None or ts[1] or local[1]:
        return None
    offset = round((local[0] - ts[0]) / 900.0) * 900
    if abs(offset) > 14 * 3600:
        return None
    return offset


def _merge_hr(part: dict[str, FloatArray], hr_t: FloatArray, hr_b: FloatArray,
              start: float | None, end: float | None) -> tuple[dict[str, FloatArray], str]:
    """Fill missing record HR from ``hr`` message samples (see the module notes)."""
    if not len(hr_t):
        return part, ""
    t = part["time_s"]
    hr = part["hr_bpm"]
    if len(t):
        idx = np.clip(np.searchsorted(hr_t, t), 1, max(len(hr_t) - 1, 1))
        left = hr_t[idx - 1]
        right = hr_t[np.minimum(idx, len(hr_t) - 1)]
        use_right = np.abs(right - t) < np.abs(t - left)
        nearest = np.where(use_right, np.minimum(idx, len(hr_t) - 1), idx - 1)
        close = np.abs(hr_t[nearest] - t) <= HR_MATCH_S
        fill = close & ~np.isfinite(hr)
        if bool(close.any()):
            if bool(fill.any()):
                hr = hr.copy()
                hr[fill] = hr_b[nearest[fill]]
                part = {**part, "hr_bpm": hr}
                return part, (f"heart rate of {int(fill.sum())} records taken from FIT 'hr' "
                              "messages (chest strap buffered HR)")
            return part, ""
    lo = -np.inf if start is None else start
    hi = np.inf if end is None else end
    sel = (hr_t >= lo) & (hr_t <= hi)
    if not bool(sel.any()):
        return part, ""
    sec = np.floor(hr_t[sel])
    uniq, inv = np.unique(sec, return_inverse=True)
    bpm = np.bincount(inv, weights=hr_b[sel]) / np.bincount(inv)
    extra = {k: np.full(len(uniq), NAN) for k in part}
    extra["time_s"] = uniq
    extra["hr_bpm"] = bpm
    merged = {k: np.concatenate([part[k], extra[k]]) for k in part}
    order = np.argsort(merged["time_s"], kind="stable")
    merged = {k: a[order] for k, a in merged.items()}
    return merged, (f"{len(uniq)} heart-rate samples from FIT 'hr' messages added (they do "
                    "not overlap the records)")


def _fix_cadence(part: dict[str, FloatArray], sport: str) -> None:
    cad = part["cadence_spm"]
    frac = np.nan_to_num(part.pop("cadence_frac"), nan=0.0)
    if sport in STRIDE_SPORTS:
        part["cadence_spm"] = 2.0 * (cad + frac)
    else:
        part["cadence_spm"] = cad + frac


def _rebase_distance(part: dict[str, FloatArray], prev_last: float, i: int,
                     warnings: list[str]) -> float:
    """Make distance start from this session when a multisport file keeps one total."""
    d = part["distance_m"]
    finite = d[np.isfinite(d)]
    if not len(finite):
        return prev_last
    last = float(finite[-1])
    if i > 0 and np.isfinite(prev_last) and prev_last > 0 and float(finite[0]) >= prev_last:
        part["distance_m"] = d - prev_last
        warnings.append(f"distance rebased by {prev_last:.1f} m (cumulative across sessions)")
    return last


def _finish(part: dict[str, FloatArray]) -> dict[str, FloatArray]:
    return {k: a for k, a in part.items() if k == "time_s" or bool(np.isfinite(a).any())}


def _laps_for(laps: list[dict[str, Any]], starts: FloatArray, i: int, n: int) -> list[Lap]:
    out: list[Lap] = []
    for lap in laps:
        ts = _seconds(lap.get("start_time"))
        if n > 1 and ts is not None and bool(np.all(np.isfinite(starts))):
            j = int(np.clip(np.searchsorted(starts, ts[0] + 0.5, side="right") - 1, 0, n - 1))
            if j != i:
                continue
        start = (dt.datetime.fromtimestamp(ts[0], tz=dt.UTC)
                 if ts is not None and not ts[1] else None)
        out.append(Lap(
            start_utc=start,
            elapsed_s=_opt(lap.get("total_elapsed_time")),
            timer_s=_opt(lap.get("total_timer_time")),
            distance_m=_opt(lap.get("total_distance")),
            avg_hr_bpm=_opt(lap.get("avg_heart_rate"), zero_is_none=True),
            max_hr_bpm=_opt(lap.get("max_heart_rate"), zero_is_none=True),
            energy_kcal=_opt(lap.get("total_calories")),
        ))
    return out
