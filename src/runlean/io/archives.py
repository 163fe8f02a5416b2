"""Walk files, folders and archives, yielding the activity files inside.

:func:`iter_activity_sources` accepts files, folders (searched recursively), ``.zip``
archives (a Strava bulk export with its ``activities/`` folder and ``activities.csv``, a
Garmin export, nested zips) and ``.gz`` files. It yields ``(display_name, source)`` where
``source`` is a :class:`~pathlib.Path` for a plain file on disk, the ``bytes`` of an
archive member, or an :class:`~runlean.errors.ActivityFileError` for a file or member that
cannot be read (a damaged or encrypted member, a damaged archive, a file above the size
limit): the walk goes on with the next one, and the caller records the error as one failed
source. ``.gz`` content is left compressed: :func:`runlean.io.read_activity_file` unpacks it.
Members that are not activity files (CSV, JSON, images...) are skipped silently.

Resources are bounded by :class:`runlean.io.limits.ImportLimits` (defaults in
:mod:`runlean.io.limits`, overridable by environment variables): the size of each file and
member, the compression ratio of each member, the number of members and the bytes
decompressed in one walk, the nesting depth. A zip whose central directory names
overlapping entries (a "non-recursive zip bomb": a few kilobytes naming terabytes) is
refused as a whole. Nested archives are spilled to a temporary file, not held in memory.
Display names are cleaned of control characters and cut to
:data:`runlean.io.limits.MAX_NAME_CHARS`.
"""

from __future__ import annotations

import itertools
import stat
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from runlean.errors import ActivityFileError
from runlean.io.limits import RATIO_FREE_BYTES, ImportLimits, current_limits
from runlean.io.sanitise import clean_name

#: Name endings of activity files (compared lowercase).
ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz")
#: Size of a zip local file header without its name and extra field [bytes].
_LOCAL_HEADER_BYTES = 30
#: Encrypted-member flag of the zip general purpose bits.
_ENCRYPTED = 0x1
#: Copy chunk when spilling a nested archive to disk [bytes].
_CHUNK = 1024 * 1024

Source = tuple[str, "bytes | Path | ActivityFileError"]


def is_activity_name(name: str) -> bool:
    """True when a file name looks like an activity file (by its ending)."""
    return name.lower().endswith(ACTIVITY_SUFFIXES)


@dataclass
class _Budget:
    """What one walk has used of the per-import limits."""

    limits: ImportLimits
    members: int = 0
    total_bytes: int = 0
    temp_files: list[IO[bytes]] = field(default_factory=list)


def _encoded_name_length(info: zipfile.ZipInfo) -> int:
    try:
        return len(info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437"))
    except UnicodeEncodeError:
        return 0


def overlapping_entry(infos: list[zipfile.ZipInfo]) -> str | None:
    """Name of an entry whose data overlaps the next entry's, or None.

    Each entry occupies at least its local header, its name and its compressed data from its
    header offset on (a lower bound: the extra field and data descriptor only add to it), so
    a well-formed archive never has an entry starting inside the previous one.
    """
    spans = sorted((i.header_offset, i.header_offset + _LOCAL_HEADER_BYTES
                    + _encoded_name_length(i) + i.compress_size, i.filename) for i in infos)
    for (_, end_a, name_a), (start_b, _, _) in itertools.pairwise(spans):
        if start_b < end_a:
            return name_a
    return None


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, inner: str, cap: int,
                 sink: IO[bytes] | None = None) -> bytes:
    """The member's bytes (or, with ``sink``, copied into it), at most ``cap`` bytes.

    The central directory's sizes are not trusted: reading stops one byte past ``cap``.
    """
    try:
        with zf.open(info) as f:
            if sink is None:
                content = f.read(cap + 1)
                if len(content) > cap:
                    raise ActivityFileError(inner, "archive member larger than its stated size "
                                            "or the size limit")
                return content
            copied = 0
            while chunk := f.read(min(_CHUNK, cap + 1 - copied)):
                copied += len(chunk)
                if copied > cap:
                    raise ActivityFileError(inner, "nested archive larger than its stated "
                                            "size or the size limit")
                sink.write(chunk)
            return b""
    except ActivityFileError:
        raise
    except Exception as exc:  # zlib, bz2, lzma, zipfile errors: all mean "damaged"
        raise ActivityFileError(inner, f"cannot read the archive member ({exc})") from None


def _check_member(info: zipfile.ZipInfo, inner: str, nested: bool, budget: _Budget) -> int:
    """Raise if the member breaks a limit; return the most bytes it may decompress to."""
    limits = budget.limits
    if info.flag_bits & _ENCRYPTED:
        raise ActivityFileError(inner, "encrypted (password-protected) archive member")
    budget.members += 1
    if budget.members > limits.max_archive_members:
        raise ActivityFileError(inner, "too many archive members in one import ("
                                + limits.hint("max_archive_members") + ")")
    left = limits.max_total_bytes - budget.total_bytes
    cap = left if nested else min(limits.max_file_bytes, left)
    if info.file_size > cap:
        which = "max_total_bytes" if info.file_size > left else "max_file_bytes"
        raise ActivityFileError(inner, f"archive member of {info.file_size:,} bytes is above "
                                f"the size limit ({limits.hint(which)})")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FREE_BYTES and ratio > limits.max_compression_ratio:
        raise ActivityFileError(inner, f"archive member compressed {ratio:,.0f}:1, a "
                                "decompression bomb? ("
                                + limits.hint("max_compression_ratio") + ")")
    return max(cap, 0)


def _iter_zip(display: str, data: Path | IO[bytes], depth: int,
              budget: _Budget) -> Iterator[Source]:
    try:
        zf = zipfile.ZipFile(data)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        yield display, ActivityFileError(display, f"cannot open the zip archive ({exc})")
        return
    with zf:
        infos = zf.infolist()
        bad = overlapping_entry(infos)
        if bad is not None:
            yield display, ActivityFileError(
                display, f"zip archive with overlapping entries ({clean_name(bad)!r}): a zip "
                "bomb or a damaged archive; nothing read from it")
            return
        for info in sorted(infos, key=lambda i: i.filename):
            if info.is_dir():
                continue
            lower = info.filename.lower()
            nested = lower.endswith(".zip")
            if not (is_activity_name(lower) or nested):
                continue
            inner = clean_name(f"{display}!{info.filename}")
            try:
                if nested and depth >= budget.limits.max_zip_depth:
                    raise ActivityFileError(inner, "zip archives nested too deeply ("
                                            + budget.limits.hint("max_zip_depth") + ")")
                cap = _check_member(info, inner, nested, budget)
                if nested:
                    spill = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the walk)
                    budget.temp_files.append(spill)
                    _read_member(zf, info, inner, cap, spill)
                    budget.total_bytes += spill.tell()
                    spill.seek(0)
                else:
                    content = _read_member(zf, info, inner, cap)
                    budget.total_bytes += len(content)
            except ActivityFileError as exc:
                yield inner, exc
                continue
            if nested:
                yield from _iter_zip(inner, spill, depth + 1, budget)
                spill.close()
            else:
                yield inner, content


def _plain_file(path: Path, limits: ImportLimits) -> Source:
    """A file on disk, or the reason it cannot be imported (checked before reading)."""
    name = clean_name(str(path))
    try:
        st = path.stat()
    except OSError as exc:
        return name, ActivityFileError(name, f"cannot read the file ({exc.strerror})")
    if not stat.S_ISREG(st.st_mode):
        return name, ActivityFileError(name, "not a regular file (a device, pipe or socket)")
    if st.st_size > limits.max_file_bytes:
        return name, ActivityFileError(name, f"file of {st.st_size:,} bytes is above the size "
                                       f"limit ({limits.hint('max_file_bytes')})")
    return name, path


def _iter_path(path: Path, budget: _Budget) -> Iterator[Source]:
    lower = path.name.lower()
    if lower.endswith(".zip"):
        yield from _iter_zip(clean_name(str(path)), path, 1, budget)
    elif is_activity_name(lower):
        yield _plain_file(path, budget.limits)


def iter_activity_sources(paths: Iterable[Path], *,
                          limits: ImportLimits | None = None) -> Iterator[Source]:
    """Yield ``(display_name, bytes | Path | ActivityFileError)`` for every activity file
    under ``paths`` (see the module notes).

    Folders are searched recursively (sorted, hidden entries skipped). A path given
    explicitly that does not exist raises :class:`ActivityFileError`; a file given explicitly
    is yielded even without an activity ending (its content decides), unless it is a zip.
    ``limits`` defaults to :func:`runlean.io.limits.current_limits`; one budget of members
    and decompressed bytes covers the whole walk.
    """
    budget = _Budget(limits or current_limits())
    try:
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    rel = child.relative_to(path)
                    if any(part.startswith(".") for part in rel.parts) or not child.is_file():
                        continue
                    yield from _iter_path(child, budget)
            elif path.is_file():
                if path.name.lower().endswith(".zip") or zipfile.is_zipfile(path):
                    yield from _iter_zip(clean_name(str(path)), path, 1, budget)
                else:
                    yield _plain_file(path, budget.limits)
            elif path.exists():
                yield _plain_file(path, budget.limits)
            else:
                raise ActivityFileError(clean_name(str(path)), "no such file or folder")
    finally:
        for f in budget.temp_files:
            f.close()


__all__ = ["ACTIVITY_SUFFIXES", "Source", "is_activity_name", "iter_activity_sources",
           "overlapping_entry"]
