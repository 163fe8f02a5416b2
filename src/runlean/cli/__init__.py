"""The ``runlean`` command line (Typer + Rich).

Commands are thin: each parses options, converts units at the edge, calls the service
function that is also the public Python API, and renders the result. Each area's commands
live in their own module here and register on the shared :data:`app`; heavy libraries are
imported inside the commands so that ``runlean --help`` starts fast.

Any :class:`~runlean.errors.RunleanError` is shown as one line on stderr and the process exits
non-zero; a traceback is never shown for a user error. Command-line mistakes caught by Typer
itself (a word where a number is expected, an unknown option or command) are shown the same
way, as one ``runlean: error: ...`` line.
"""

from __future__ import annotations

import os
import sys

import typer

from runlean.cli._app import app, quiet_broken_pipe
from runlean.errors import RunleanError

__all__ = ["app", "main"]

# Command modules register themselves on `app` when imported (one line per area).
from runlean.cli import activities as _activities  # noqa: F401
from runlean.cli import cohort as _cohort  # noqa: F401
from runlean.cli import log_table as _log_table  # noqa: F401
from runlean.cli import plan as _plan  # noqa: F401
from runlean.cli import profile as _profile  # noqa: F401
from runlean.cli import serve as _serve  # noqa: F401
from runlean.cli import simulate as _simulate  # noqa: F401
from runlean.cli import track as _track  # noqa: F401


def fail(message: str, code: int = 2) -> None:
    """Print a one-line error to stderr and exit with ``code``."""
    typer.echo(f"runlean: error: {message}", err=True)
    raise SystemExit(code)


#: Click's base exception (vendored by recent Typer, the ``click`` package before); found
#: through a public class so as not to import a private module.
_CLICK_EXCEPTION: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def main() -> None:
    """Entry point of the ``runlean`` console script and ``python -m runlean``."""
    # NumPy's OpenBLAS starts a pool of busy-waiting threads when it loads: ~0.07 CPU-s per
    # command for nothing, since runlean's linear algebra is 2x2 (the weight trend's filter).
    # Set before any command imports NumPy; a value the person set is kept.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        code = app(standalone_mode=False)
    except RunleanError as exc:
        fail(str(exc), exc.exit_code)
    except typer.Abort:
        fail("aborted", 1)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except BrokenPipeError:
        quiet_broken_pipe()
    except _CLICK_EXCEPTION as exc:
        exit_code = int(getattr(exc, "exit_code", 2))
        message = str(getattr(exc, "format_message", exc.__str__)())
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare ``runlean``: the help text
            typer.echo(message, err=True)
            raise SystemExit(exit_code) from None
        # Typer's choice check says "Value error, 'x' is not one of ..."; the prefix is noise.
        fail(" ".join(message.replace("Value error, ", "").split()), exit_code)
    # Without standalone mode, Typer returns the exit code of ``--help``, ``--version`` and
    # ``typer.Exit``; commands themselves return None.
    if isinstance(code, int) and code:
        sys.exit(code)
