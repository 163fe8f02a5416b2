"""Builders of hostile inputs (each made in the test, nothing large on disk) and the store's
invariants, shared by the hostile-input tests."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from pathlib import Path

from tests.io import fitwriter as fw

T0 = fw.fit_time(dt.datetime(2021, 7, 1, 6, 0, tzinfo=dt.UTC))


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx(*, sport: str = "running", creator: str = "t", start: str = "2021-07-01T08:00:00Z",
        times: list[str] | None = None, lats: list[float] | None = None) -> bytes:
    """A GPX track; by default 11 points 10 s and about 30 m apart (a 3 m/s run)."""
    t0 = dt.datetime.fromisoformat(start.replace("Z", "+00:00"))
    times = times or [iso(t0 + dt.timedelta(seconds=10 * i)) for i in range(11)]
    lats = lats or [48.0 + 0.00027 * i for i in range(len(times))]
    pts = "".join(f'<trkpt lat="{lat}" lon="2.0"><time>{t}</time></trkpt>'
                  for t, lat in zip(times, lats, strict=True))
    return (f'<?xml version="1.0"?><gpx version="1.1" creator="{creator}" '
            f'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>{sport}</type><trkseg>'
            f"{pts}</trkseg></trk></gpx>").encode()


def tcx(*, sport: str = "Running", creator: str = "Forerunner", distances: list[str] | None = None,
        lap_distance: str = "300", start: str = "2021-07-01T08:00:00Z", step_s: int = 10) -> bytes:
    """A TCX activity; by default 11 trackpoints 10 s apart with a 0-300 m distance field."""
    t0 = dt.datetime.fromisoformat(start.replace("Z", "+00:00"))
    distances = distances or [str(30 * i) for i in range(11)]
    pts = "".join(
        f"<Trackpoint><Time>{iso(t0 + dt.timedelta(seconds=step_s * i))}</Time>"
        f"<DistanceMeters>{d}</DistanceMeters><HeartRateBpm><Value>140</Value></HeartRateBpm>"
        "</Trackpoint>" for i, d in enumerate(distances))
    return ('<?xml version="1.0"?><TrainingCenterDatabase '
            'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities>'
            f'<Activity Sport="{sport}"><Id>{start}</Id><Lap StartTime="{start}">'
            f"<TotalTimeSeconds>{step_s * (len(distances) - 1)}</TotalTimeSeconds>"
            f"<DistanceMeters>{lap_distance}</DistanceMeters><Calories>30</Calories>"
            f"<Track>{pts}</Track></Lap><Creator><Name>{creator}</Name></Creator></Activity>"
            "</Activities></TrainingCenterDatabase>").encode()


def fit(*, start: int = T0, n: int = 11, product: bytes | None = None,
        times: list[int] | None = None, distance_cm: list[int] | None = None,
        kcal: int | None = None, sport: int = 1) -> bytes:
    """A FIT run: ``n`` records 1 s apart, 3 m/s (or the given times and distances)."""
    times = times if times is not None else [start + i for i in range(n)]
    distance_cm = distance_cm if distance_cm is not None else [300 * i for i in range(len(times))]
    recs = [fw.record(t, hr=130, distance_cm=d) for t, d in zip(times, distance_cm, strict=True)]
    head = fw.file_id(4) if product is None else fw.file_id_named(product)
    end = min(max(times), times[0] + 4_000_000)  # a damaged record, not a damaged session
    sess = (fw.session(times[0], end, sport, 0) if kcal is None
            else fw.session_totals(times[0], end, sport, distance_cm[-1], kcal))
    return fw.fit_file([head, *recs, sess])


def zip_bytes(members: dict[str, bytes], *, stored: bool = False) -> bytes:
    buf = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def mark_encrypted(data: bytes, name: str) -> bytes:
    """The zip with member ``name`` flagged as encrypted (general purpose bit 0) in both its
    local and its central header, as a password-protected export would be."""
    out = bytearray(data)
    raw = name.encode()
    for signature, flag_at, name_len_at, name_at in ((b"PK\x03\x04", 6, 26, 30),
                                                      (b"PK\x01\x02", 8, 28, 46)):
        pos = out.find(signature)
        while pos >= 0:
            (length,) = struct.unpack_from("<H", out, pos + name_len_at)
            if bytes(out[pos + name_at: pos + name_at + length]) == raw:
                (flags,) = struct.unpack_from("<H", out, pos + flag_at)
                struct.pack_into("<H", out, pos + flag_at, flags | 0x1)
            pos = out.find(signature, pos + 4)
    return bytes(out)


def _block(data: bytes) -> bytes:
    """``data`` as fully flushed, non-final deflate blocks: such blocks can be concatenated
    (and repeated) into one stream."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return comp.compress(data) + comp.flush(zlib.Z_FULL_FLUSH)


def _final(data: bytes = b"") -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return comp.compress(data) + comp.flush()


def deflate_repeat(chunk: bytes, count: int) -> bytes:
    """A raw deflate stream of ``chunk`` repeated ``count`` times, built in O(len(chunk))
    time: one flushed block, repeated (what a decompression bomb carries)."""
    return _block(chunk) * count + _final()


def deflate_zeros(size: int) -> bytes:
    """A raw deflate stream of ``size`` zero bytes (whole MiB)."""
    return deflate_repeat(b"\0" * (1 << 20), size >> 20)


def gzip_repeat(prefix: bytes, chunk: bytes, count: int, suffix: bytes = b"") -> bytes:
    """A valid .gz of ``prefix + chunk * count + suffix``, built without ever holding it."""
    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    total = len(prefix) + len(chunk) * count + len(suffix)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return (header + _block(prefix) + _block(chunk) * count + _final(suffix)
            + struct.pack("<II", crc, total & 0xFFFFFFFF))


def gzip_bomb(size: int, prefix: bytes = b"") -> bytes:
    """A valid .gz whose content is ``prefix`` followed by zeros (whole MiB, about
    ``size`` bytes in all)."""
    return gzip_repeat(prefix, b"\0" * (1 << 20), max(size - len(prefix), 0) >> 20)


def gpx_bomb(points: int) -> bytes:
    """A .gpx.gz of ``points`` identical track points (about 80 bytes each inflated, a few
    hundred times smaller compressed): parsed whole, it needs gigabytes of memory."""
    head = h_gpx_head()
    point = b'<trkpt lat="48.0" lon="2.0"><time>2021-07-01T08:00:00Z</time></trkpt>'
    per_chunk = (1 << 20) // len(point)
    return gzip_repeat(head, point * per_chunk, max(points // per_chunk, 1),
                       b"</trkseg></trk></gpx>")


def h_gpx_head() -> bytes:
    return (b'<?xml version="1.0"?><gpx version="1.1" creator="t" '
            b'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>')


def overlapping_zip(name: str, size: int, copies: int) -> bytes:
    """A "non-recursive" zip bomb (Fifield 2019): ``copies`` central-directory entries all
    pointing at one local entry whose data inflates to ``size`` zero bytes."""
    data = deflate_zeros(size)
    crc = 0
    for _ in range(size // (1 << 20)):
        crc = zlib.crc32(b"\0" * (1 << 20), crc)
    raw = name.encode()
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data),
                        size, len(raw), 0) + raw
    central = b"".join(
        struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data),
                    size, len(raw), 0, 0, 0, 0, 0, 0) + raw for _ in range(copies))
    offset = len(local) + len(data)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, copies, copies, len(central), offset, 0)
    return local + data + central + end


def store_invariants(data_dir: Path) -> list[dict[str, object]]:
    """Check that every stored activity row with samples has its stream file and every stream
    file belongs to a row; return the rows."""
    from runlean.store.activities import list_activities
    from runlean.store.db import open_store

    with open_store(data_dir) as store:
        rows = list_activities(store)
        named = {str(r["stream_path"]) for r in rows if r["stream_path"]}
        for r in rows:
            if r["n_samples"]:
                assert r["stream_path"], r
                assert store.stream_file(str(r["stream_path"])).is_file(), r
        on_disk = ({p.name for p in store.streams_dir.iterdir()}
                   if store.streams_dir.is_dir() else set())
    assert on_disk == named, (on_disk ^ named)
    return rows
