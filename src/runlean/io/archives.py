"""Walk files, folders and archives, yielding the activity files inside.

:func:`iter_activity_sources` accepts files, folders (searched recursively), ``.zip``
archives (a Strava bulk export with its ``activities/`` folder and ``activities.csv``, a
Garmin export, nested zips) and ``.gz`` files. It yields ``(display_name, source)`` where
``source`` is a :class:`~pathlib.Path` for a plain file on disk or the ``bytes`` of an
archive member. ``.gz`` content is left compressed: :func:`runlean.io.read_activity_file`
unpacks it. Members that are not activity files (CSV, JSON, images...) are skipped silently;
an archive that cannot be opened raises :class:`~runlean.errors.ActivityFileError`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from runlean.errors import ActivityFileError

#: Name endings of activity files (compared lowercase).
ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz")
#: Deepest nesting of zip archives inside zip archives that is followed.
MAX_ZIP_DEPTH = 3
#: Largest archive member read into memory [bytes].
MAX_MEMBER_BYTES = 512 * 1024 * 1024

Source = tuple[str, bytes | Path]


def is_activity_name(name: str) -> bool:
    """True when a file name looks like an activity file (by its ending)."""
    return name.lower().endswith(ACTIVITY_SUFFIXES)


def _iter_zip(display: str, data: bytes | Path, depth: int) -> Iterator[Source]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ActivityFileError(display, f"cannot open the zip archive ({exc})") from None
    with zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            name = info.filename
            lower = name.lower()
            inner = f"{display}!{name}"
            if not (is_activity_name(lower) or lower.endswith(".zip")):
                continue
            if info.file_size > MAX_MEMBER_BYTES:
                raise ActivityFileError(inner, "archive member larger than 512 MiB")
            try:
                content = zf.read(info)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError,
                    RuntimeError) as exc:
                raise ActivityFileError(inner, f"cannot read the archive member ({exc})") from None
            if lower.endswith(".zip"):
                if depth >= MAX_ZIP_DEPTH:
                    raise ActivityFileError(inner, "zip archives nested too deeply")
                yield from _iter_zip(inner, content, depth + 1)
            else:
                yield inner, content


def _iter_path(path: Path) -> Iterator[Source]:
    lower = path.name.lower()
    if lower.endswith(".zip"):
        yield from _iter_zip(str(path), path, 1)
    elif is_activity_name(lower):
        yield str(path), path


def iter_activity_sources(paths: Iterable[Path]) -> Iterator[Source]:
    """Yield ``(display_name, bytes | Path)`` for every activity file under ``paths``.

    Folders are searched recursively (sorted, hidden entries skipped). A path given
    explicitly that does not exist raises :class:`ActivityFileError`; a file given explicitly
    is yielded even without an activity ending (its content decides), unless it is a zip.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or not child.is_file():
                    continue
                yield from _iter_path(child)
        elif path.is_file():
            if path.name.lower().endswith(".zip") or zipfile.is_zipfile(path):
                yield from _iter_zip(str(path), path, 1)
            else:
                yield str(path), path
        else:
            raise ActivityFileError(str(path), "no such file or folder")
