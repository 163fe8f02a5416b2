"""Uploaded files: written into a private temporary folder before any service reads them."""

from __future__ import annotations

import shutil
from pathlib import Path

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from runlean.errors import InvalidInputError


async def save_uploads(request: Request, form: FormData, field: str, folder: Path
                       ) -> list[Path]:
    """Write the uploaded files of ``field`` into ``folder`` (names made safe); enforce the
    per-request file count."""
    files = [v for v in form.getlist(field) if isinstance(v, UploadFile) and v.filename]
    limit = int(request.app.state.max_upload_files)
    if not files:
        raise InvalidInputError("files", None, "at least one file")
    if len(files) > limit:
        raise InvalidInputError("files", f"{len(files)} files",
                                f"at most {limit} files per upload (zip a larger export, "
                                "or use 'runlean import')")
    paths = []
    for i, up in enumerate(files):
        name = Path(up.filename or "").name.replace("\x00", "")
        if name in ("", ".", ".."):
            name = f"upload-{i}"
        target = folder / f"{i:04d}" / name
        target.parent.mkdir(parents=True)
        with target.open("wb") as out:
            shutil.copyfileobj(up.file, out)
        paths.append(target)
    return paths
