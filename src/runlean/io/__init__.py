"""Reading and writing files: activity files (FIT, GPX, TCX), CSV logs, archives, iCalendar.

Knows nothing about the database. Every activity reader returns a
:class:`runlean.domain.Activity`; :func:`read_activity_file` is the entry point that detects
the format from the content, unpacks ``.gz``, sanitises the streams and resolves the zone.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import struct
import zlib
from pathlib import Path
from typing import Literal

import numpy as np

from runlean.domain import Activity
from runlean.errors import ActivityFileError
from runlean.io.limits import RATIO_FREE_BYTES, ImportLimits, current_limits

__all__ = ["detect_format", "read_activity_file"]

_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(gpx|TrainingCenterDatabase|Activities)[\s>/]")

#: Exception types a decoder may raise on damaged content (turned into ActivityFileError).
DECODER_ERRORS: tuple[type[Exception], ...] = (
    ValueError, TypeError, KeyError, IndexError, AssertionError, OverflowError, EOFError,
    UnicodeError, ArithmeticError, AttributeError, struct.error)

#: Warning attached to an activity whose file names no sport. The sport is not guessed from
#: speed: e-bikes ride at running speeds' multiples, slow runs overlap fast walks and hikes,
#: and a wrong sport would silently pick a wrong energy equation.
SPORT_UNKNOWN_WARNING = ("sport unknown: the file names none, so energy uses a generic "
                         "moderate effort; set it with 'runlean activity ID --sport SPORT' "
                         "(running, cycling, walking, hiking, swimming, rowing, "
                         "cross_country_skiing)")


def detect_format(head: bytes) -> Literal["fit", "gpx", "tcx"] | None:
    """The activity format of a file from its first bytes (≥ 4 KiB advised), or None."""
    from runlean.io.fit import is_fit

    if is_fit(head[:12]):
        return "fit"
    text = head[:8192]
    if text.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"<":
        return None
    # Skip comments and processing instructions: the first matching element decides.
    m = _XML_ROOT.search(text)
    if m is None:
        return None
    if m.group(1) == b"Activities" and b"Activity" not in text[m.end():]:
        return None
    return "gpx" if m.group(1) == b"gpx" else "tcx"


_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"), (b"\x00<\x00?", "utf-16-be"))
_XML_DECL_ENCODING = re.compile(rb"^(<\?xml[^>]*?encoding\s*=\s*)([\"'])[^\"']*\2")


def normalise_xml_bytes(data: bytes) -> tuple[bytes, str]:
    """XML bytes as UTF-8 without BOM or leading whitespace; (bytes, note).

    UTF-16/32 files (with a BOM, or UTF-16 without one) are re-encoded to UTF-8 and their
    ``encoding`` declaration rewritten; the note says so (empty when nothing but a UTF-8 BOM or
    whitespace was removed). Anything else is returned unchanged.
    """
    if is_fit_header(data):
        return data, ""
    note = ""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            skip = 0 if b"<" in bom else len(bom)  # BOM-less UTF-16 keeps its first '<'
            try:
                text = data[skip:].decode(codec)
            except UnicodeDecodeError:
                return data, ""
            data = text.encode("utf-8")
            note = f"file encoded as {codec.upper()}, read as UTF-8"
            break
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    stripped = data.lstrip(b" \t\r\n")
    if stripped[:1] != b"<":
        return data, note
    if note:
        stripped = _XML_DECL_ENCODING.sub(rb"\1\2UTF-8\2", stripped, count=1)
    return stripped, note


def is_fit_header(data: bytes) -> bool:
    from runlean.io.fit import is_fit

    return is_fit(data[:12])


def gunzip(path: Path, raw: bytes, limits: ImportLimits | None = None) -> bytes:
    """Decompress gzip bytes within the limits; a damaged stream, content above
    ``limits.max_file_bytes`` or a compression ratio above ``limits.max_compression_ratio``
    (past :data:`~runlean.io.limits.RATIO_FREE_BYTES`) raises :class:`ActivityFileError`.

    At most the allowed size (plus one byte) is ever decompressed, so a gzip bomb costs
    neither memory nor time.
    """
    limits = limits or current_limits()
    by_ratio = max(RATIO_FREE_BYTES, int(limits.max_compression_ratio * len(raw)))
    cap = min(limits.max_file_bytes, by_ratio)
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(raw, cap + 1)
    except (zlib.error, gzip.BadGzipFile, EOFError) as exc:
        raise ActivityFileError(str(path), f"damaged gzip file ({exc})") from None
    if len(out) > cap:
        consumed = max(len(raw) - len(d.unconsumed_tail), 1)
        if len(out) / consumed <= limits.max_compression_ratio:
            raise ActivityFileError(str(path), "gzip content above the size limit ("
                                    + limits.hint("max_file_bytes") + ")")
        raise ActivityFileError(str(path), f"gzip file inflates more than "
                                f"{limits.max_compression_ratio:g} times, a decompression "
                                f"bomb? ({limits.hint('max_compression_ratio')})")
    return out


#: Start tags of the samples of each XML format (any namespace prefix), counted before
#: parsing so that an oversized file is refused before it costs memory.
_XML_SAMPLE_TAGS = {"gpx": re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?trkpt[\s>/]"),
                    "tcx": re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Trackpoint[\s>/]")}


def _read_bounded(path: Path, limits: ImportLimits) -> bytes:
    """The bytes of a regular file of at most ``limits.max_file_bytes`` (size checked first)."""
    import stat

    try:
        with path.open("rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise ActivityFileError(str(path), "not a regular file (a device, pipe or "
                                        "socket)")
            if st.st_size > limits.max_file_bytes:
                raise ActivityFileError(str(path), f"file of {st.st_size:,} bytes is above "
                                        f"the size limit ({limits.hint('max_file_bytes')})")
            data = f.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise ActivityFileError(str(path), f"cannot read the file ({exc.strerror})") from None
    if len(data) > limits.max_file_bytes:
        raise ActivityFileError(str(path), "file grew above the size limit while read ("
                                + limits.hint("max_file_bytes") + ")")
    return data


def check_size(path: Path, fmt: str, data: bytes, limits: ImportLimits) -> None:
    """Refuse content above the size limit, or an XML file with too many samples."""
    if len(data) > limits.max_file_bytes:
        raise ActivityFileError(str(path), f"{len(data):,} bytes of {fmt.upper()} content, "
                                f"above the size limit ({limits.hint('max_file_bytes')})")
    tag = _XML_SAMPLE_TAGS.get(fmt)
    if tag is None:
        return
    for count, _ in enumerate(tag.finditer(data), 1):
        if count > limits.max_samples:
            raise ActivityFileError(str(path), f"more than {limits.max_samples:,} samples "
                                    f"in the {fmt.upper()} file ({limits.hint('max_samples')})")


def read_activity_file(path: Path, *, data: bytes | None = None,
                       default_timezone: str = "UTC", limits: ImportLimits | None = None,
                       now: dt.datetime | None = None) -> list[Activity]:
    """Read one activity file (FIT, GPX or TCX, optionally gzip-compressed).

    The format is detected from the content, not the name. Returns one :class:`Activity`
    per session (several for a multisport FIT), each sanitised
    (:func:`runlean.io.sanitise.sanitise`), checked for plausibility
    (:func:`runlean.io.plausibility.check_plausible`) and with its time zone resolved
    (:func:`runlean.io.timezones.resolve_timezone`). Sizes, sample counts and the gzip
    ratio are bounded by ``limits`` (:mod:`runlean.io.limits`).

    Parameters
    ----------
    path
        The file, or only its display name when ``data`` is given.
    data
        The file's bytes, when already in memory (archive members).
    default_timezone
        The profile's IANA zone, used when the file and its GPS give none.
    limits
        Resource limits; default :func:`runlean.io.limits.current_limits`.
    now
        The current time for the "starts in the future" check (default: the clock).

    Raises
    ------
    ActivityFileError
        Empty, not an activity, damaged beyond recovery, above a limit, or impossible (see
        :mod:`runlean.io.plausibility`).
    """
    from runlean.io.fit import read_fit
    from runlean.io.gpx import read_gpx
    from runlean.io.plausibility import check_plausible
    from runlean.io.sanitise import sanitise
    from runlean.io.tcx import read_tcx
    from runlean.io.timezones import resolve_timezone

    path = Path(path)
    limits = limits or current_limits()
    if data is None:
        data = _read_bounded(path, limits)
    if not data:
        raise ActivityFileError(str(path), "the file is empty")
    if data[:2] == b"\x1f\x8b":
        data = gunzip(path, data, limits)
        if not data:
            raise ActivityFileError(str(path), "the gzip file is empty")
    data, encoding_note = normalise_xml_bytes(data)
    fmt = detect_format(data[:8192])
    if fmt is None:
        raise ActivityFileError(
            str(path), "not an activity file (no FIT header, no <gpx> or "
            "<TrainingCenterDatabase> root element)")
    check_size(path, fmt, data, limits)
    try:
        if fmt == "fit":
            activities = read_fit(path, data=data, max_samples=limits.max_samples)
        else:
            reader = read_gpx if fmt == "gpx" else read_tcx
            activities = reader(path, data=data, default_timezone=default_timezone)
    except ActivityFileError:
        raise
    except DECODER_ERRORS as exc:
        # Third-party decoders (gpxpy, lxml, fitdecode) may fail on damaged content with
        # their own or built-in exception types: report them as a damaged file.
        raise ActivityFileError(
            str(path), f"damaged {fmt.upper()} file ({type(exc).__name__}: {exc})") from None
    except RecursionError:
        raise ActivityFileError(str(path), f"{fmt.upper()} file nested too deeply") from None
    for act in activities:
        if encoding_note:
            act.warnings.append(encoding_note)
        sanitise(act)
    check_plausible(str(path), activities, now)
    for act in activities:
        if act.sport == "generic":
            act.warnings.append(SPORT_UNKNOWN_WARNING)
        lat = act.streams.get("lat_deg")
        lon = act.streams.get("lon_deg")
        first_lat = first_lon = float("nan")
        if lat is not None and lon is not None:
            ok = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
            if len(ok):
                first_lat, first_lon = float(lat[ok[0]]), float(lon[ok[0]])
        res = resolve_timezone(act.start_utc, utc_offset_s=act.utc_offset_s,
                               lat_deg=first_lat, lon_deg=first_lon,
                               default_timezone=default_timezone)
        act.timezone = res.timezone
        act.utc_offset_s = res.utc_offset_s
        if res.note:
            act.warnings.append(res.note)
    return activities
