"""The advisory lock of a data directory: imports share it, stream recovery needs it alone.

An import writes stream files before its rows commit and renames them after; a command that
tidied the streams folder meanwhile would take those files for a crashed import's leftovers.
So every import holds a *shared* lock on ``<data_dir>/runlean.lock`` for as long as it runs
(several imports may run at once), and :meth:`runlean.store.db.Store.recover_streams` tidies
only when it can take the *exclusive* lock at once, i.e. when no import is running; otherwise
it leaves the folder alone (the next command will tidy it).

The lock is ``flock`` on POSIX and ``LockFileEx`` on Windows, through ``portalocker``. It is
held by an open file, so it is released when the file is closed, including when the process
dies: a killed import never leaves the directory locked.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from runlean.errors import StoreError

#: Name of the lock file in the data directory.
LOCK_FILE = "runlean.lock"


class DataDirLock:
    """The lock of one data directory (see the module docstring)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_FILE

    def _open(self) -> IO[bytes]:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        return os.fdopen(fd, "r+b")

    @contextlib.contextmanager
    def shared(self) -> Iterator[None]:
        """Hold the lock shared (an import), waiting while a recovery holds it alone.

        Raises
        ------
        StoreError
            When the lock file cannot be created (a read-only or full data directory: the
            import could not write there either).
        """
        import portalocker

        try:
            handle = self._open()
        except OSError as exc:
            raise StoreError(f"cannot lock the data directory {str(self.path.parent)!r}: "
                             f"{exc.strerror or exc}") from None
        with handle:
            # A blocking shared request fails only where the file system has no locks at
            # all; there recovery cannot take the lock either, so it never tidies and the
            # import is safe without it.
            with contextlib.suppress(portalocker.LockException):
                portalocker.lock(handle, portalocker.LockFlags.SHARED)
            yield

    @contextlib.contextmanager
    def exclusive_if_free(self) -> Iterator[bool]:
        """Try to hold the lock alone without waiting; yields whether it is held.

        Yields False (and holds nothing) while an import holds the lock, or when the lock
        file cannot be created (then nothing in the folder can be tidied either).
        """
        import portalocker

        try:
            handle = self._open()
        except OSError:
            yield False
            return
        with handle:
            try:
                portalocker.lock(handle, portalocker.LockFlags.EXCLUSIVE
                                 | portalocker.LockFlags.NON_BLOCKING)
            except portalocker.LockException:
                held = False
            else:
                held = True
            yield held
