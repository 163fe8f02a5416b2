"""Small helpers shared by the activity readers: column buffers, sport names, XML recovery."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from runlean.domain import FloatArray
from runlean.errors import ActivityFileError

NAN = math.nan

#: Normalised sport names (lowercase, FIT profile spelling) for words found in GPX/TCX files.
SPORT_WORDS: dict[str, str] = {
    "run": "running",
    "running": "running",
    "trail_run": "running",
    "treadmill": "running",
    "virtualrun": "running",
    "ride": "cycling",
    "biking": "cycling",
    "bike": "cycling",
    "cycling": "cycling",
    "road_biking": "cycling",
    "mountain_biking": "cycling",
    "virtualride": "cycling",
    "ebikeride": "cycling",
    "walk": "walking",
    "walking": "walking",
    "hike": "hiking",
    "hiking": "hiking",
    "swim": "swimming",
    "swimming": "swimming",
    "nordicski": "cross_country_skiing",
    "cross_country_skiing": "cross_country_skiing",
    "rowing": "rowing",
    "row": "rowing",
    "workout": "training",
    "training": "training",
    "other": "generic",
    "generic": "generic",
}

#: Strava's numeric activity type codes as written in ``<trk><type>`` of its GPX exports.
STRAVA_CODES: dict[str, str] = {"1": "cycling", "4": "hiking", "9": "running", "10": "walking"}


def normalise_sport(raw: object, default: str = "generic", *, keep_words: bool = False) -> str:
    """Map a raw sport value (FIT enum name or number, GPX type, TCX Sport) to a lowercase name.

    Unknown strings are lowercased with spaces replaced by ``_``; unknown FIT enum numbers
    become ``"unknown_<n>"``. With ``keep_words`` (sub-sports) only the spelling is
    normalised, no synonym mapping.
    """
    if raw is None:
        return default
    if isinstance(raw, int):
        return f"unknown_{raw}"
    text = str(raw).strip()
    if not text:
        return default
    if text in STRAVA_CODES:
        return STRAVA_CODES[text]
    key = text.lower().replace(" ", "_").replace("-", "_")
    if keep_words:
        return key
    return SPORT_WORDS.get(key, key)


class Columns:
    """Column-wise sample buffer: one Python list of floats per stream, arrays built once."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = tuple(names)
        self.data: dict[str, list[float]] = {n: [] for n in self.names}
        self.n = 0

    def append(self, values: dict[str, float]) -> None:
        for name in self.names:
            self.data[name].append(values.get(name, NAN))
        self.n += 1

    def arrays(self) -> dict[str, FloatArray]:
        """Arrays of the columns that hold at least one finite value (``time_s`` always)."""
        out: dict[str, FloatArray] = {}
        for name in self.names:
            arr = np.asarray(self.data[name], dtype=np.float64)
            if name == "time_s" or bool(np.isfinite(arr).any()):
                out[name] = arr
        return out


def to_float(value: object) -> float:
    """A number as float, anything else (None, tuples, strings) as NaN."""
    if isinstance(value, bool):
        return NAN
    if isinstance(value, int | float):
        return float(value)
    return NAN


def utc(ts: dt.datetime) -> dt.datetime:
    """An aware datetime in UTC (naive datetimes are taken as UTC)."""
    if ts.tzinfo is None:
        return ts.replace(tzinfo=dt.UTC)
    return ts.astimezone(dt.UTC)


def read_source(path: Path, data: bytes | None) -> bytes:
    """``data``, else the bytes of ``path``; unreadable or empty (blank) files raise
    :class:`~runlean.errors.ActivityFileError`."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ActivityFileError(str(path), f"cannot read the file ({exc.strerror})") from None
    if not data.strip():
        raise ActivityFileError(str(path), "the file is empty")
    return data
