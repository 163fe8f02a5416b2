"""Mutation fuzzing of the file readers: strategies, seeds and the properties every outcome
must have. Used by ``tests/io/test_robustness.py`` (a small, deterministic budget in CI) and
``benchmarks/fuzz_readers.py`` (a long run).

A mutated file must give either activities (or log records) that satisfy every invariant
below, or the reader's own error (``ActivityFileError`` / ``LogFormatError``) naming the
file. Anything else, an exception of another type or an invariant broken, is a bug.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import strategies as st

from runlean.domain import Activity
from runlean.errors import ActivityFileError, LogFormatError
from runlean.io import read_activity_file
from runlean.io.csv_logs import read_log_csv
from runlean.io.limits import MAX_TEXT_CHARS
from runlean.io.plausibility import (
    DEVICE_TOTAL_RANGES,
    EARLIEST_START,
    MAX_DURATION_S,
    MAX_FUTURE_S,
)
from runlean.io.sanitise import VALID_RANGES
from tests import hostile as h

#: The clock the plausibility checks use during fuzzing.
NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

#: Byte strings worth inserting: markup, escapes, special numbers, XML syntax, dates far away.
TOKENS: tuple[bytes, ...] = (
    b"[/]", b"[bold]", b"\x1b[2J", b"\x1b]0;x\x07", b"\x00", b"\xff\xfe", b"NaN", b"-1",
    b"1e309", b"-inf", b"4.9e-324", b"9" * 30, b"<", b">", b"&amp;", b"&#0;", b"]]>",
    b"<!ENTITY e SYSTEM 'file:///etc/passwd'>", b'"', b"'", b"\n", b",", b"=HYPERLINK(1)",
    b"2149-01-01T00:00:00Z", b"1985-01-01T00:00:00Z", "\u0667\u0662".encode(), b"7_2",
    b"\xef\xbb\xbf", b"\r\n", b"<trkpt lat='91' lon='200'>", b"<Trackpoint>",
)


def seeds() -> dict[str, tuple[str, bytes]]:
    """Small synthetic files of every format (kind, bytes) that always exist."""
    return {
        "fit": ("activity", h.fit(n=30, product=b"Forerunner")),
        "fit_kcal": ("activity", h.fit(n=10, kcal=300)),
        "gpx": ("activity", h.gpx()),
        "tcx": ("activity", h.tcx()),
        "gpx.gz": ("activity", h.gzip_repeat(b"", h.gpx(), 1)),
        "csv": ("log", b"date,weight_kg,intake_kcal,sleep_h\n2023-05-01,72.4,1850,7.5\n"
                       b"2023-05-02,72.1,,\n"),
        "withings.csv": ("log", b'Date,"Weight (kg)","Fat mass (kg)",Comments\n'
                                b'"2023-05-01 07:32:10",72.4,14.1,\n'),
    }


@st.composite
def mutations(draw: st.DrawFn) -> list[tuple[str, float, int, bytes]]:
    """A short list of edits: (operation, position as a fraction, length, payload)."""
    ops = st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate", "token"])
    edit = st.tuples(ops, st.floats(0.0, 1.0), st.integers(1, 64),
                     st.one_of(st.binary(min_size=1, max_size=8), st.sampled_from(TOKENS)))
    return draw(st.lists(edit, min_size=1, max_size=6))


def mutate(data: bytes, edits: list[tuple[str, float, int, bytes]]) -> bytes:
    """Apply ``edits`` (see :func:`mutations`) to ``data``."""
    b = bytearray(data)
    for op, frac, length, payload in edits:
        if not b:
            break
        i = min(int(frac * len(b)), len(b) - 1)
        if op == "flip":
            b[i] ^= 1 << (length % 8)
        elif op == "delete":
            del b[i: i + length]
        elif op in ("insert", "token"):
            b[i:i] = payload
        elif op == "truncate":
            del b[max(i, 1):]
        else:
            b[i:i] = b[i: i + length]
    return bytes(b)


def _clean(text: str | None) -> bool:
    return text is None or (len(text) <= MAX_TEXT_CHARS and not any(
        unicodedata.category(ch) == "Cc" for ch in text))


def check_activity(act: Activity) -> None:
    """Every invariant a read activity must have (see the module notes)."""
    t = act.streams["time_s"]
    assert np.all(np.isfinite(t)) and np.all(np.diff(t) >= 0)
    if len(t) > 1:
        assert float(t[-1] - t[0]) <= MAX_DURATION_S
    if act.start_utc is not None:
        assert act.start_utc >= EARLIEST_START
        assert (act.start_utc - NOW).total_seconds() <= MAX_FUTURE_S
    for name, arr in act.streams.items():
        assert not np.any(np.isinf(arr)), name
        low_high = VALID_RANGES.get(name)
        if low_high is not None:
            vals = arr[np.isfinite(arr)]
            assert np.all((vals >= low_high[0]) & (vals <= low_high[1])), name
    d = act.streams.get("distance_m")
    if d is not None:
        vals = d[np.isfinite(d)]
        assert np.all(vals >= 0) and np.all(np.diff(vals) >= 0)
    for attr, (low, high, _) in DEVICE_TOTAL_RANGES.items():
        value = getattr(act, attr)
        assert value is None or (math.isfinite(value) and low <= value <= high), attr
    for text in (act.sport, act.sub_sport, act.device, act.sport_raw):
        assert _clean(text), text
    assert all(_clean(w[:MAX_TEXT_CHARS]) for w in act.warnings)


def render_row(act: Activity) -> str:
    """Summarise the activity and render it as ``runlean activities`` and ``activity`` would
    (the formatters must total over whatever the summary holds)."""
    from rich.console import Console

    from runlean.cli.activities import _pace_text, activities_table
    from runlean.io.metrics import summarise

    s = summarise(act)
    row: dict[str, Any] = {
        "id": 1, "start_utc": act.start_utc, "timezone": act.timezone,
        "utc_offset_s": act.utc_offset_s, "sport": act.sport, "duration_s": s.elapsed_s,
        "moving_time_s": s.moving_s, "distance_m": s.distance_m, "avg_hr_bpm": s.avg_hr_bpm,
        "energy_kcal": act.device_energy_kcal, "device_energy_kcal": act.device_energy_kcal,
        "load": None, "source_file": "x!" + act.sport}
    buf = io.StringIO()
    Console(file=buf, width=140).print(activities_table([row], wide=True))
    return buf.getvalue() + _pace_text(row)


def outcome_of_activity(name: str, data: bytes) -> str:
    """Read a (mutated) activity file; ``"ok"`` or ``"refused"``, or raise on a bug."""
    try:
        acts = read_activity_file(Path(name), data=data, now=NOW)
    except ActivityFileError as exc:
        assert str(exc).startswith(name), str(exc)
        return "refused"
    assert acts
    for act in acts:
        check_activity(act)
        render_row(act)
    return "ok"


def outcome_of_log(name: str, data: bytes) -> str:
    """Read a (mutated) log CSV; ``"ok"`` or ``"refused"``, or raise on a bug."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            records = read_log_csv(path)
        except LogFormatError as exc:
            assert str(exc).startswith(name), str(exc)
            return "refused"
    for rec in records:
        assert isinstance(rec.date, dt.date)
        assert all(v is None or math.isfinite(v) for v in rec.values.values())
    return "ok"


def outcome(kind: str, name: str, data: bytes) -> str:
    return outcome_of_log(name, data) if kind == "log" else outcome_of_activity(name, data)
