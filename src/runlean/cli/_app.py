"""The Typer application object and helpers shared by the command modules."""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(
    name="runlean",
    help="Plan, simulate and track running for fat loss, with numbers you can act on.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

#: Console for normal output (stdout).
console = Console(highlight=False)
#: Console for warnings (stderr), so that output piped to a file or another program stays clean.
err_console = Console(highlight=False, stderr=True)

#: The ``--data-dir`` option every command that opens the store takes.
DATA_DIR_OPTION = typer.Option(None, "--data-dir", help="Data directory (default: "
                               "$RUNLEAN_HOME or the platform's user data folder).")


def _print_version(value: bool) -> None:
    """Eager ``--version`` callback: runs before Typer asks for a command."""
    if value:
        from runlean import __version__

        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Show the version and exit.",
                                 callback=_print_version, is_eager=True),
) -> None:
    """runlean: a local-first planner and tracker for people who run to lose fat."""
