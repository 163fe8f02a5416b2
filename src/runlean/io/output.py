"""Writing output files into a user-chosen folder, all or nothing.

Output files hold personal figures (weights, plans, progress), so they are created readable by
their owner only (mode 0600), and a folder created for them is 0700; a folder that already
existed keeps its mode.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from runlean.errors import InvalidInputError

#: Mode of the output files written (owner only).
FILE_MODE = 0o600
#: Mode of an output folder runlean creates (owner only).
DIR_MODE = 0o700


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file ``path`` created with mode 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                 FILE_MODE)
    with os.fdopen(fd, "wb") as sink:
        sink.write(data)


def check_output_folder(out_dir: Path, field: str = "--out") -> None:
    """Refuse, before any work is done, an output folder that cannot be one.

    Raises
    ------
    InvalidInputError
        When ``out_dir`` is an existing file, or a file stands somewhere in its path.
    """
    for path in (out_dir, *out_dir.parents):
        if path.exists():
            if not path.is_dir():
                what = ("a file of that name exists" if path == out_dir
                        else "part of the path is a file")
                raise InvalidInputError(field, str(out_dir), f"a folder ({what})")
            return


def write_files(out_dir: Path, files: dict[str, bytes], field: str = "--out") -> list[Path]:
    """Write ``files`` (name -> content) into ``out_dir`` (created if needed).

    Every file is first written to a temporary directory inside ``out_dir`` and then renamed
    into place, so a failure leaves no half-written file behind.

    Raises
    ------
    InvalidInputError
        When ``out_dir`` cannot be created or written to (an existing file, a read-only
        location...), naming ``field`` (the option the user gave).
    """
    try:
        if not out_dir.is_dir():
            out_dir.mkdir(mode=DIR_MODE, parents=True)
            out_dir.chmod(DIR_MODE)
        written: list[Path] = []
        with tempfile.TemporaryDirectory(dir=out_dir, prefix=".runlean-") as tmp:
            for name, data in files.items():
                _write_private(Path(tmp) / name, data)
            for name in files:
                os.replace(Path(tmp) / name, out_dir / name)
                written.append(out_dir / name)
    except FileExistsError:
        raise InvalidInputError(field, str(out_dir), "a folder (a file of that name exists)"
                                ) from None
    except NotADirectoryError:
        raise InvalidInputError(field, str(out_dir), "a folder (part of the path is a file)"
                                ) from None
    except OSError as exc:
        raise InvalidInputError(field, str(out_dir), f"a folder you can write to "
                                f"({exc.strerror or exc})") from None
    return written


def write_file(path: Path, data: bytes, field: str = "--out") -> Path:
    """Write one file (mode 0600), all or nothing: a temporary file beside it, then a rename.

    Raises
    ------
    InvalidInputError
        When the file cannot be written (a folder of that name, a read-only location...),
        naming ``field``.
    """
    tmp = path.with_name(f".{path.name}.runlean-tmp")
    try:
        tmp.unlink(missing_ok=True)
        _write_private(tmp, data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidInputError(field, str(path), f"a writable file path "
                                f"({exc.strerror or exc})") from None
    return path


__all__ = ["write_file", "write_files"]
