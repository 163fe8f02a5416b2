"""Opening the local database: data directory, URL, engine, migrations, stream files.

* Data directory: the ``data_dir`` argument (CLI ``--data-dir``), else ``$RUNLEAN_HOME``, else
  ``platformdirs.user_data_dir("runlean")``.
* Database URL: the ``url`` argument, else ``$RUNLEAN_DATABASE_URL``, else
  ``sqlite:///<data_dir>/runlean.db``.
* SQLite connections enable foreign keys, WAL journaling and a busy timeout
  (:data:`BUSY_TIMEOUT_MS`). :meth:`Store.transaction` is a *write* unit of work: on SQLite it
  takes the write lock at its start (``BEGIN IMMEDIATE``), on PostgreSQL a transaction-level
  advisory lock, so that write transactions run one at a time and a check-then-insert (the
  import's duplicate checks) cannot race with another command. Keep them short: compute
  first, then open the transaction for the writes.
* Every operational error of the database (busy, full, unreachable) is raised as a one-line
  :class:`~runlean.errors.StoreError`; no message shows a password from the URL
  (:func:`shown_url`).
* :func:`open_store` migrates the schema to the newest Alembic revision (migrations ship inside
  the package; no ``alembic.ini`` is read) and tidies stream files left by a killed import
  (:meth:`Store.recover_streams`), unless an import is running (:mod:`runlean.store.lock`).

Privacy: the data directory holds weights, a profile and GPS tracks. A data directory that
runlean creates is made mode 0700, and so are the platform's default location (runlean's own,
tightened when an older version left it looser) and the ``streams`` folder; the SQLite
database (and its ``-wal``/``-shm`` files) and every stream file are 0600. A data directory the
person chose (``--data-dir``, ``RUNLEAN_HOME``) that already existed keeps its mode: what
runlean puts in it is private anyway. On Windows the permission bits do not apply;
the user profile's access rules keep the default location private.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, column, create_engine, event, make_url, select, table, text
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from runlean.errors import StoreError
from runlean.store.lock import DataDirLock

#: Folder of the Alembic environment and revisions shipped inside the package.
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: Newest Alembic revision shipped in ``migrations/versions`` (a test checks that it is the
#: scripts' head). A database already there is opened without loading Alembic at all, which
#: keeps every command's start-up fast.
HEAD_REVISION = "0003_import_batches"
#: Mode of the folders runlean creates (owner only).
PRIVATE_DIR_MODE = 0o700
#: Mode of the database files runlean creates (owner only).
PRIVATE_FILE_MODE = 0o600
#: Key of the PostgreSQL advisory lock that serialises runlean's write transactions.
PG_WRITE_LOCK_KEY = 0x72756E6C65616E  # "runlean"
#: The activities' stream file names, as :meth:`Store.recover_streams` reads them: a Core
#: view of ``ActivityRow.stream_path`` (:mod:`runlean.store.models`; a test checks that the
#: names agree), so that opening the store does not load the ORM models.
ACTIVITY_STREAMS = table("activities", column("stream_path"))


def default_data_dir(data_dir: Path | str | None = None) -> Path:
    """The data directory: ``data_dir``, else ``$RUNLEAN_HOME``, else the platform default."""
    if data_dir is not None:
        return Path(data_dir).expanduser()
    env = os.environ.get("RUNLEAN_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("runlean"))


def database_url(data_dir: Path, url: str | None = None) -> str:
    """The database URL: ``url``, else ``$RUNLEAN_DATABASE_URL``, else SQLite in ``data_dir``."""
    if url:
        return url
    env = os.environ.get("RUNLEAN_DATABASE_URL")
    if env:
        return env
    return f"sqlite:///{data_dir / 'runlean.db'}"


def store_exists(data_dir: Path | None = None, url: str | None = None) -> bool:
    """Whether there is a database to read, without creating one.

    Read-only commands (``runlean profile show``) check this first, so that looking does not
    leave an empty data directory behind. A non-SQLite URL names a server: assumed to exist.

    Raises
    ------
    StoreError
        When the URL does not parse (the message masks any password in it).
    """
    raw = database_url(default_data_dir(data_dir), url)
    try:
        resolved = make_url(raw)
    except Exception as exc:
        raise StoreError(mask_secrets(f"cannot open database {shown_url(raw)}: "
                                      f"{_one_line(str(exc))}", raw)) from None
    if resolved.get_backend_name() != "sqlite" or resolved.database in (None, "", ":memory:"):
        return True
    return Path(resolved.database).is_file()


#: How long a command waits for another one's write to finish before giving up [ms]. Write
#: transactions are kept short (an import analyses and writes its streams before it takes the
#: write lock), so a wait is normally a few milliseconds.
BUSY_TIMEOUT_MS = 15_000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")  # first: the others may wait
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _on_connect(dbapi_connection: Any, record: Any) -> None:
    # Looked up at each connection so that tests can wrap the pragmas.
    _sqlite_pragmas(dbapi_connection, record)


# --- database URLs in messages: never a password ---------------------------------------------

#: Query-string keys whose values are secrets (``?password=``, ``sslpassword``, ``token``...).
_SECRET_KEY = re.compile(r"pass|pwd|secret|token|credential", re.IGNORECASE)
_USERINFO = re.compile(r"([^\s:/@]+:)([^\s@/]+)@")
_SECRET_PARAM = re.compile(r"((?:\w*pass\w*|pwd|\w*secret\w*|\w*token\w*)\s*=\s*)"
                           r"([^&\s;'\"]+)", re.IGNORECASE)
#: Secrets shorter than this are masked only inside the URL itself (replacing a two-letter
#: password everywhere in a message would garble it).
_MIN_SCRUBBED = 4


def _url_secrets(url: str) -> list[str]:
    """Every secret in ``url`` (password, secret query values), longest first."""
    from urllib.parse import unquote

    found: set[str] = set()
    try:
        parsed = make_url(url)
    except Exception:  # not a URL: the patterns below still find the secrets
        parsed = None
    if parsed is not None:
        if parsed.password:
            found.add(str(parsed.password))
        for key, value in parsed.query.items():
            if _SECRET_KEY.search(key):
                found.update([value] if isinstance(value, str) else value)
    found.update(m.group(2) for m in _USERINFO.finditer(url))
    found.update(m.group(2) for m in _SECRET_PARAM.finditer(url))
    found |= {unquote(s) for s in found}
    return sorted((s for s in found if s), key=len, reverse=True)


def mask_secrets(message: str, url: str) -> str:
    """``message`` with every secret of ``url`` (and any ``user:secret@`` or
    ``password=...`` in it) replaced by ``***``."""
    for secret in _url_secrets(url):
        if len(secret) >= _MIN_SCRUBBED:
            message = message.replace(secret, "***")
    message = _USERINFO.sub(r"\1***@", message)
    return _SECRET_PARAM.sub(r"\1***", message)


def shown_url(url: str | URL) -> str:
    """``url`` for a message: the password and secret query values masked, even when the
    URL does not parse."""
    text = url if isinstance(url, str) else url.render_as_string(hide_password=False)
    try:
        parsed = make_url(text)
        query = {k: ("***" if _SECRET_KEY.search(k) else v) for k, v in parsed.query.items()}
        shown = parsed.set(query=query).render_as_string(hide_password=True)
    except Exception:  # not a URL: mask what looks like a secret
        shown = text
    return mask_secrets(shown, text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _database_error(message: str, url: str) -> StoreError:
    """A :class:`StoreError` for a database-level failure (busy, full, unreachable)."""
    low = message.lower()
    if "database is locked" in low or "is locked" in low or "database is busy" in low:
        text = ("the database is busy: another runlean command is writing to it; try again "
                "when it has finished")
    elif "database or disk is full" in low or "no space left" in low or "disk full" in low:
        text = ("the disk is full: the database cannot grow (database or disk is full); "
                "nothing of this change was written; free some space and try again")
    elif "readonly database" in low or "read-only" in low:
        text = f"cannot write the database {shown_url(url)}: {_one_line(message)}"
    else:
        text = f"database {shown_url(url)}: {_one_line(message)}"
    return StoreError(mask_secrets(text, url))


def _raise_store_errors(url: str) -> Callable[[ExceptionContext], None]:
    """An engine ``handle_error`` hook: every operational error of the database (busy,
    full, unreachable, unreadable) becomes a one-line :class:`StoreError`, with no password
    in it. Integrity errors and programming errors are left as they are."""

    def handler(context: ExceptionContext) -> None:
        if isinstance(context.sqlalchemy_exception, OperationalError) or (
                type(context.original_exception).__name__ == "OperationalError"):
            message = str(context.original_exception).split("\n")[0]
            raise _database_error(message, url) from None

    return handler


def create_db_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout on every connection.

    Operational errors of the database (busy, full, unreachable) are raised as one-line
    :class:`StoreError` s naming the URL with its password masked.
    """
    try:
        engine = create_engine(url, future=True)
    except Exception as exc:  # bad URL, missing driver
        raise StoreError(mask_secrets(f"cannot open database {shown_url(url)}: "
                                      f"{_one_line(str(exc))}", url)) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_connect)
    event.listen(engine, "handle_error", _raise_store_errors(url))
    return engine


def alembic_config(engine_url: str | None = None) -> Any:
    """An Alembic ``Config`` pointing at the migrations inside the package."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine_url:
        cfg.set_main_option("sqlalchemy.url", engine_url.replace("%", "%%"))
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database behind ``engine`` to ``revision`` (default: the newest)."""
    from alembic import command

    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    except StoreError:
        raise
    except Exception as exc:
        url = engine.url.render_as_string(hide_password=False)
        raise StoreError(mask_secrets(f"cannot migrate database {shown_url(url)}: "
                                      f"{_one_line(str(exc))}", url)) from None


def is_at_head(engine: Engine) -> bool:
    """True when the database's recorded Alembic revision is :data:`HEAD_REVISION`."""
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (SQLAlchemyError, StoreError):  # no version table yet, or an unreadable database
        return False
    return version == HEAD_REVISION


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at (``None`` for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


class Store:
    """An open runlean database plus its data directory (stream files live there).

    Use :meth:`transaction` for a unit of work that writes: it commits on success and rolls
    back on any exception. Service functions (:mod:`runlean.store.activities`,
    :mod:`runlean.store.profile`, :mod:`runlean.tracking.importing`) take a ``Store``.
    """

    def __init__(self, data_dir: Path, engine: Engine) -> None:
        self.data_dir = data_dir
        self.engine = engine
        self.streams_dir = data_dir / "streams"
        self.lock = DataDirLock(data_dir)
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction: commit on success, roll back on any exception.

        It holds the database's write lock from its start (see the module docstring), so
        keep it to the writes: read files and compute before opening it.
        """
        with self._sessions() as session, session.begin():
            dialect = self.engine.dialect.name
            if dialect == "sqlite":
                session.execute(text("BEGIN IMMEDIATE"))
            elif dialect == "postgresql":
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                {"key": PG_WRITE_LOCK_KEY})
            yield session

    def session(self) -> Session:
        """A plain session (caller manages the transaction)."""
        return self._sessions()

    def stream_file(self, stream_path: str) -> Path:
        """Absolute path of a stream file named in ``ActivityRow.stream_path``."""
        return self.streams_dir / stream_path

    @contextlib.contextmanager
    def import_lock(self) -> Iterator[None]:
        """Hold the data directory's lock shared for an import (see :mod:`runlean.store.lock`):
        no recovery tidies the streams folder meanwhile; other imports may run too."""
        with self.lock.shared():
            yield

    def recover_streams(self) -> tuple[int, int]:
        """Finish or undo stream files of an import that was killed (or of a deletion that
        was interrupted after its commit).

        A stream is written to ``<uuid>.parquet.tmp`` before its database transaction commits
        and renamed to ``<uuid>.parquet`` after. When no import is running (the data
        directory's lock is free): a temporary file whose row exists was committed, so it is
        renamed; a temporary file without a row is removed, and so is a final file without a
        row that runlean wrote (its footer says so). Only runlean's own files are touched
        (:func:`runlean.store.streams.runlean_stream_name`): any other file in the folder is
        left as it is. While an import runs, nothing is done (the next command tidies).

        Returns
        -------
        (promoted, removed)
            Number of files renamed and deleted.
        """
        from runlean.store import streams as stream_files

        if not self.streams_dir.is_dir():
            return 0, 0
        with self.lock.exclusive_if_free() as alone:
            if not alone:
                return 0, 0
            candidates = []
            for path in self.streams_dir.iterdir():
                kind = stream_files.runlean_stream_name(path.name)
                if kind is not None and not path.is_symlink() and path.is_file():
                    candidates.append((path, kind))
            if not candidates:
                return 0, 0
            paths = ACTIVITY_STREAMS.c.stream_path
            with self.engine.connect() as conn:
                known = {p for (p,) in conn.execute(select(paths).where(paths.is_not(None)))}
            promoted = removed = 0
            for path, kind in candidates:
                if kind == "tmp":
                    final = self.streams_dir / path.name[: -len(".tmp")]
                    if final.name in known and not final.exists():
                        os.replace(path, final)
                        promoted += 1
                    else:  # never committed (or committed and already renamed)
                        path.unlink(missing_ok=True)
                        removed += 1
                elif path.name not in known and stream_files.written_by_runlean(path):
                    path.unlink(missing_ok=True)
                    removed += 1
            return promoted, removed

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _private_dir(path: Path, *, ours: bool) -> None:
    """Create ``path`` (and missing parents) with mode 0700.

    An existing folder is tightened to 0700 only when it is ``ours`` (runlean's own
    ``streams`` folder); a folder the person made keeps its mode.
    """
    created = False
    if not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.mkdir(mode=PRIVATE_DIR_MODE)
            created = True
        except FileExistsError:  # made by another command meanwhile, or a file is there
            if not path.is_dir():
                raise
    if created or (ours and stat.S_IMODE(path.stat().st_mode) & 0o077):
        with contextlib.suppress(OSError):  # not the owner: leave it
            path.chmod(PRIVATE_DIR_MODE)


def _private_database_file(url: str, data_dir: Path) -> None:
    """Create a SQLite database file 0600 before SQLite does (SQLite would make it 0644
    under the usual umask; its ``-wal`` and ``-shm`` files copy the database's mode). An
    existing database in the data directory is tightened to 0600; one elsewhere (a URL the
    person gave) keeps its mode."""
    try:
        parsed = make_url(url)
    except Exception:  # create_db_engine reports it
        return
    database = parsed.database
    if (parsed.get_backend_name() != "sqlite" or not database or database == ":memory:"
            or database.startswith("file:")):
        return
    path = Path(database)
    if not path.exists():
        if path.parent.is_dir():
            with contextlib.suppress(FileExistsError):
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                                 PRIVATE_FILE_MODE))
        return
    try:
        inside = path.resolve().parent == data_dir.resolve()
    except OSError:
        return
    if not inside:
        return
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):
            if file.is_file() and stat.S_IMODE(file.stat().st_mode) & 0o077:
                file.chmod(PRIVATE_FILE_MODE)


def open_store(data_dir: Path | None = None, url: str | None = None) -> Store:
    """Open (create if needed) and migrate the runlean database.

    Parameters
    ----------
    data_dir
        Data directory; default ``$RUNLEAN_HOME`` or the platform's user data directory.
    url
        SQLAlchemy URL; default ``$RUNLEAN_DATABASE_URL`` or ``sqlite:///<data_dir>/runlean.db``.
    """
    directory = default_data_dir(data_dir)
    platform_default = data_dir is None and not os.environ.get("RUNLEAN_HOME")
    try:
        _private_dir(directory, ours=platform_default)
        _private_dir(directory / "streams", ours=True)
    except OSError as exc:
        raise StoreError(f"cannot create data directory {str(directory)!r}: "
                         f"{exc.strerror or exc}") from None
    resolved_url = database_url(directory, url)
    try:
        _private_database_file(resolved_url, directory)
    except OSError as exc:
        raise StoreError(f"cannot create the database in {str(directory)!r}: "
                         f"{exc.strerror or exc}") from None
    engine = create_db_engine(resolved_url)
    try:
        if not is_at_head(engine):
            migrate(engine)
        store = Store(directory, engine)
        store.recover_streams()
    except BaseException:
        engine.dispose()
        raise
    return store
