"""Resource limits of every file runlean reads: sizes, counts, compression ratio, nesting.

An activity file, an archive or a log is data from anywhere (a download, a friend's export, a
damaged card). These limits keep one file from taking the machine's memory or an afternoon of
CPU (a 1.5 MB ``.gpx.gz`` that inflates to 500 MB of XML, a zip whose entries overlap so that
a few kilobytes name terabytes, a 200 000-deep JSON). Each limit is far above what a real
recording needs; the reason a file was refused names the limit and how to raise it.

The defaults are the module constants below. Each can be overridden for one run with an
environment variable (``RUNLEAN_LIMIT_`` + the field name in capitals, e.g.
``RUNLEAN_LIMIT_MAX_FILE_BYTES=536870912``), or from Python by passing an
:class:`ImportLimits` to :func:`runlean.io.read_activity_file` and
:func:`runlean.io.archives.iter_activity_sources`. :func:`current_limits` reads the
environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from runlean.errors import InvalidInputError

#: Largest activity file accepted [bytes]: a plain file on disk (checked before it is read),
#: the content of a ``.gz`` file, or one archive member, after decompression. 64 MiB holds a
#: 48-hour TCX recorded every second with every channel (about 40 MB).
MAX_FILE_BYTES = 64 * 1024 * 1024

#: Most samples (FIT ``record`` messages, GPX ``trkpt``, TCX ``Trackpoint``) in one file:
#: 48 hours at one per second is 172 800.
MAX_SAMPLES = 200_000

#: Largest compression ratio (decompressed / compressed size) of a ``.gz`` file or an archive
#: member, once the content is above :data:`RATIO_FREE_BYTES`. Real activity files compress
#: 3-30×; decompression bombs reach 1 000× per layer.
MAX_COMPRESSION_RATIO = 100.0

#: Decompressed size below which the compression ratio is not checked [bytes] (a tiny file of
#: repeated lines may compress well without being a bomb).
RATIO_FREE_BYTES = 1024 * 1024

#: Most archive entries opened in one walk (:func:`runlean.io.archives.iter_activity_sources`:
#: every archive and nested archive under one path given to ``runlean import``).
MAX_ARCHIVE_MEMBERS = 100_000

#: Most bytes decompressed from archives in one walk (every member, nested archives included)
#: [bytes]. A ten-year Strava export is a few GB.
MAX_TOTAL_BYTES = 16 * 1024**3

#: Deepest nesting of archives inside archives followed (a Garmin export nests one level).
MAX_ZIP_DEPTH = 3

#: Largest log CSV [bytes] (ten years of daily rows are under 1 MB).
MAX_LOG_BYTES = 16 * 1024 * 1024

#: Longest cell of a log CSV [characters] (a date or a number needs under 30).
MAX_CSV_CELL_CHARS = 64

#: Largest profile or scenario file (JSON or TOML) [bytes]; a 100-year scenario with daily
#: lists for every input is about 4 MB.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024

#: Deepest nesting of arrays and objects (tables) in a profile or scenario file.
MAX_DOCUMENT_DEPTH = 32

#: Longest number literal in a profile or scenario file [characters].
MAX_NUMBER_CHARS = 40

#: Longest text kept from an activity file (sport, device, creator name) [characters];
#: longer text is cut and ends with "…".
MAX_TEXT_CHARS = 200

#: Longest file or archive member name kept for display and the import records [characters].
MAX_NAME_CHARS = 1024

ENV_PREFIX = "RUNLEAN_LIMIT_"


@dataclass(frozen=True)
class ImportLimits:
    """The limits in force for one import (defaults: the module constants)."""

    max_file_bytes: int = MAX_FILE_BYTES
    max_samples: int = MAX_SAMPLES
    max_compression_ratio: float = MAX_COMPRESSION_RATIO
    max_archive_members: int = MAX_ARCHIVE_MEMBERS
    max_total_bytes: int = MAX_TOTAL_BYTES
    max_zip_depth: int = MAX_ZIP_DEPTH
    max_log_bytes: int = MAX_LOG_BYTES

    @staticmethod
    def env_name(field: str) -> str:
        """The environment variable overriding ``field``."""
        return ENV_PREFIX + field.upper()

    def hint(self, field: str) -> str:
        """How to raise one limit, for error messages."""
        value = getattr(self, field)
        shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
        return f"limit {field} = {shown}; set {self.env_name(field)} to raise it"


def current_limits(environ: Mapping[str, str] | None = None) -> ImportLimits:
    """The default limits with any ``RUNLEAN_LIMIT_*`` environment overrides applied.

    Raises
    ------
    InvalidInputError
        An override that is not a positive number (the message names the variable).
    """
    env = os.environ if environ is None else environ
    changes: dict[str, Any] = {}
    for f in fields(ImportLimits):
        name = ImportLimits.env_name(f.name)
        raw = env.get(name)
        if raw is None or not raw.strip():
            continue
        try:
            value = float(raw) if f.type == "float" else int(raw.strip())
        except ValueError:
            raise InvalidInputError(name, raw, "a positive whole number") from None
        if not value > 0 or value != value or value == float("inf"):
            raise InvalidInputError(name, raw, "a positive finite number")
        changes[f.name] = value
    return replace(ImportLimits(), **changes)
