"""The Typer application object and helpers shared by the command modules."""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

import typer
from rich.console import Console
from typer.core import TyperArgument, TyperGroup


class _NamedArgument(TyperArgument):
    """An argument shown in help by its metavar alone (``WEIGHT``, not ``WEIGHT <str>``)."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


class RunleanGroup(TyperGroup):
    """A command group whose commands show each argument with a metavar by that name alone.

    Typer adds the Python type of an argument (``<str>``, ``<list[Path]>``) after its name
    in ``--help``; an argument that has a metavar says what it is already.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            for param in command.params:
                if type(param) is TyperArgument and param.metavar is not None:
                    param.__class__ = _NamedArgument


app = typer.Typer(
    name="runlean",
    cls=RunleanGroup,
    help="Plan, simulate and track running for fat loss, with numbers you can act on.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def quiet_broken_pipe() -> NoReturn:
    """The reader of standard output went away (``runlean plan | head -1``): stop quietly.

    Whatever the command wrote to disk is already there (commands write files before they
    print). Standard output is pointed at the null device so that Python's final flush does
    not fail again with a second message. The exit status is 0 and nothing is printed: the
    reader chose to stop, nothing the command was asked to store failed (a failure to write a
    file is an error, raised before any output).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (output captured in-process)
        pass
    sys.exit(0)


class _Console(Console):
    """Rich's console, stopping quietly like the rest of the program on a closed pipe."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        quiet_broken_pipe()


#: Console for normal output (stdout).
console = _Console(highlight=False)
#: Console for warnings (stderr), so that output piped to a file or another program stays clean.
err_console = _Console(highlight=False, stderr=True)

#: The ``--data-dir`` option every command that opens the store takes.
DATA_DIR_OPTION = typer.Option(None, "--data-dir", metavar="DIR",
                               help="Data directory (default: "
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
