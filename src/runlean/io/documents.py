"""Reading profile and scenario files (JSON or TOML) within bounds.

:func:`load_document` is the one reader of user-written structured files. Whatever the file
holds, it returns a dict or raises one :class:`~runlean.errors.InvalidInputError` (one line,
naming the option and the limit); it never raises ``RecursionError``, ``MemoryError`` or
Python's "exceeds the limit for integer string conversion".

Limits (:mod:`runlean.io.limits`): a regular file of at most
:data:`~runlean.io.limits.MAX_DOCUMENT_BYTES`, UTF-8; arrays and objects (tables) nested at
most :data:`~runlean.io.limits.MAX_DOCUMENT_DEPTH` deep; number literals of at most
:data:`~runlean.io.limits.MAX_NUMBER_CHARS` characters and whole numbers of at most
``2**63 - 1`` in size; in JSON, the non-standard ``NaN`` and ``Infinity`` are refused.
"""

from __future__ import annotations

import json
import os
import stat
import tomllib
from pathlib import Path
from typing import Any, Literal

from runlean.errors import InvalidInputError
from runlean.io.limits import MAX_DOCUMENT_BYTES, MAX_DOCUMENT_DEPTH, MAX_NUMBER_CHARS

#: Largest whole number accepted in a document (SQLite's and NumPy's int64 range).
MAX_INT = 2**63 - 1

Kind = Literal["json", "toml"]


class _LimitExceeded(ValueError):
    """A document breaks one of the limits (the message says which)."""


def _json_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _LimitExceeded(f"a number of {len(text):,} digits (at most {MAX_NUMBER_CHARS} "
                             "characters per number)")
    return int(text)


def _json_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _LimitExceeded(f"a number of {len(text):,} characters (at most "
                             f"{MAX_NUMBER_CHARS} per number)")
    return float(text)


def _json_constant(name: str) -> float:
    raise _LimitExceeded(f"{name} is not a JSON number")


def _toml_float(text: str) -> float:
    return _json_float(text)


def check_structure(data: object) -> None:
    """Refuse nesting deeper than the limit and whole numbers beyond ``±MAX_INT``.

    Walks the parsed document without recursion (a deep document must not overflow the
    stack of the check meant to refuse it).
    """
    stack: list[tuple[object, int, str]] = [(data, 0, "")]
    while stack:
        value, depth, where = stack.pop()
        if isinstance(value, dict | list):
            if depth >= MAX_DOCUMENT_DEPTH:
                raise _LimitExceeded(f"nested more than {MAX_DOCUMENT_DEPTH} levels deep "
                                     f"(at {where or 'the top'})")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                path = f"{where}.{key}" if where else str(key)
                stack.append((item, depth + 1, path if len(path) <= 60 else path[:57] + "..."))
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            raise _LimitExceeded(f"the whole number at {where or 'the top'} is beyond "
                                 f"±{MAX_INT}")


def parse_document(text: str, kind: Kind) -> Any:
    """Parse JSON or TOML text within the limits; raises ``ValueError`` saying why not."""
    try:
        if kind == "json":
            data = json.loads(text, parse_int=_json_int, parse_float=_json_float,
                              parse_constant=_json_constant)
        else:
            data = tomllib.loads(text, parse_float=_toml_float)
    except RecursionError:
        raise _LimitExceeded(f"nested more than {MAX_DOCUMENT_DEPTH} levels deep") from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):  # Python's own 4300-digit guard
            raise _LimitExceeded(f"a number of thousands of digits (at most "
                                 f"{MAX_NUMBER_CHARS} characters per number)") from None
        raise
    check_structure(data)
    return data


def _kind_of(path: Path, text: str) -> Kind:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix == ".toml":
        return "toml"
    return "json" if text.lstrip()[:1] in ("{", "[") else "toml"


def _read_text(path: Path, field: str, error: type[InvalidInputError]) -> str:
    try:
        with path.open("rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise error(field, str(path), "a regular file (not a device, pipe or folder)")
            if st.st_size > MAX_DOCUMENT_BYTES:
                raise error(field, str(path), f"a file of at most {MAX_DOCUMENT_BYTES:,} bytes "
                            f"(it has {st.st_size:,})")
            raw = f.read(MAX_DOCUMENT_BYTES + 1)
    except IsADirectoryError:
        raise error(field, str(path), "a readable file, not a folder") from None
    except OSError as exc:
        raise error(field, str(path), f"a readable file ({exc.strerror})") from None
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise error(field, str(path), f"a file of at most {MAX_DOCUMENT_BYTES:,} bytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(field, str(path), "a UTF-8 encoded text file") from None


def load_document(path: str | Path, *, field: str = "--profile", kind: Kind | None = None,
                  error: type[InvalidInputError] = InvalidInputError) -> dict[str, Any]:
    """Read a JSON or TOML file holding one object (table) at the top level, within bounds.

    Parameters
    ----------
    path
        The file.
    field
        The option or argument the user gave it with, named in errors (``--profile``,
        ``SCENARIO``).
    kind
        ``"json"`` or ``"toml"``; default from the suffix (``.json``, ``.toml``), else JSON
        when the text starts with ``{`` and TOML otherwise.
    error
        The :class:`~runlean.errors.InvalidInputError` subclass raised (e.g.
        :class:`~runlean.errors.ScenarioError`).

    Raises
    ------
    InvalidInputError
        Unreadable, not UTF-8, too large, malformed, nested too deeply, a number too long,
        or not an object at the top level; the message names ``field`` and the reason.
    """
    p = Path(path)
    text = _read_text(p, field, error)
    doc_kind = kind or _kind_of(p, text)
    name = doc_kind.upper()
    try:
        data = parse_document(text, doc_kind)
    except _LimitExceeded as exc:
        raise error(field, str(p), f"a {name} file within runlean's limits: {exc}") from None
    except json.JSONDecodeError as exc:
        raise error(field, str(p), f"valid JSON (line {exc.lineno}, column {exc.colno}: "
                    f"{exc.msg})") from None
    except ValueError as exc:  # tomllib.TOMLDecodeError, int() digit limit
        raise error(field, str(p), f"valid {name} ({' '.join(str(exc).split())[:200]})"
                    ) from None
    if not isinstance(data, dict):
        raise error(field, str(p), f"a {name} object at the top level")
    return data


__all__ = ["MAX_INT", "check_structure", "load_document", "parse_document"]
