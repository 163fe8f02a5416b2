"""Writing output files into a user-chosen folder, all or nothing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from runlean.errors import InvalidInputError


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
        out_dir.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        with tempfile.TemporaryDirectory(dir=out_dir, prefix=".runlean-") as tmp:
            for name, data in files.items():
                (Path(tmp) / name).write_bytes(data)
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


__all__ = ["write_files"]
