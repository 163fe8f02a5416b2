"""The ``runlean`` command line (Typer + Rich).

Commands are thin: each parses options, converts units at the edge, calls the service
function that is also the public Python API, and renders the result. Heavy libraries are
imported inside the commands so that ``runlean --help`` starts fast.

Any :class:`~runlean.errors.RunleanError` is shown as one line on stderr and the process exits
non-zero; a traceback is never shown for a user error.
"""

from __future__ import annotations

import sys

import typer

from runlean.errors import RunleanError

app = typer.Typer(
    name="runlean",
    help="Plan, simulate and track running for fat loss, with numbers you can act on.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Show the version and exit."),
) -> None:
    """runlean: a local-first planner and tracker for people who run to lose fat."""
    if version:
        from importlib.metadata import version as pkg_version

        typer.echo(pkg_version("runlean"))
        raise typer.Exit()


def fail(message: str, code: int = 2) -> None:
    """Print a one-line error to stderr and exit with ``code``."""
    typer.echo(f"runlean: error: {message}", err=True)
    raise SystemExit(code)


def main() -> None:
    """Entry point of the ``runlean`` console script and ``python -m runlean``."""
    try:
        app(standalone_mode=True)
    except RunleanError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except BrokenPipeError:
        sys.exit(0)
