"""Opening the local database: data directory, URL, engine, migrations, stream files.

* Data directory: the ``data_dir`` argument (CLI ``--data-dir``), else ``$RUNLEAN_HOME``, else
  ``platformdirs.user_data_dir("runlean")``.
* Database URL: the ``url`` argument, else ``$RUNLEAN_DATABASE_URL``, else
  ``sqlite:///<data_dir>/runlean.db``.
* SQLite connections enable foreign keys, WAL journaling and a busy timeout.
* :func:`open_store` migrates the schema to the newest Alembic revision (migrations ship inside
  the package; no ``alembic.ini`` is read) and tidies stream files left by a killed import.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url, select, text
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from runlean.errors import StoreError

#: Folder of the Alembic environment and revisions shipped inside the package.
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: Newest Alembic revision shipped in ``migrations/versions`` (a test checks that it is the
#: scripts' head). A database already there is opened without loading Alembic at all, which
#: keeps every command's start-up fast.
HEAD_REVISION = "0002_logs"
STREAM_SUFFIX = ".parquet"
TMP_SUFFIX = ".parquet.tmp"


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
    """
    resolved = make_url(database_url(default_data_dir(data_dir), url))
    if resolved.get_backend_name() != "sqlite" or resolved.database in (None, "", ":memory:"):
        return True
    return Path(resolved.database).is_file()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _shown_url(url: str) -> str:
    """``url`` for an error message, with any password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:  # not a URL at all: nothing to mask
        return url


def create_db_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout on every connection."""
    try:
        engine = create_engine(url, future=True)
    except Exception as exc:  # bad URL, missing driver
        raise StoreError(f"cannot open database {_shown_url(url)!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
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
    except Exception as exc:
        raise StoreError(f"cannot migrate database {engine.url!r}: {exc}") from exc


def is_at_head(engine: Engine) -> bool:
    """True when the database's recorded Alembic revision is :data:`HEAD_REVISION`."""
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:  # no version table yet, or an unreadable database
        return False
    return version == HEAD_REVISION


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at (``None`` for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


class Store:
    """An open runlean database plus its data directory (stream files live there).

    Use :meth:`transaction` for a unit of work that commits on success and rolls back on any
    exception. Service functions (:mod:`runlean.store.activities`, :mod:`runlean.store.profile`,
    :mod:`runlean.tracking.importing`) take a ``Store``.
    """

    def __init__(self, data_dir: Path, engine: Engine) -> None:
        self.data_dir = data_dir
        self.engine = engine
        self.streams_dir = data_dir / "streams"
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: commit on success, roll back on any exception."""
        with self._sessions() as session, session.begin():
            yield session

    def session(self) -> Session:
        """A plain session (caller manages the transaction)."""
        return self._sessions()

    def stream_file(self, stream_path: str) -> Path:
        """Absolute path of a stream file named in ``ActivityRow.stream_path``."""
        return self.streams_dir / stream_path

    def recover_streams(self) -> tuple[int, int]:
        """Finish or undo stream files of an import that was killed.

        A stream is written to ``<uuid>.parquet.tmp`` before its database transaction commits
        and renamed to ``<uuid>.parquet`` after. On open: a temporary file whose row exists
        was committed, so it is renamed; a temporary or final file without a row is removed.

        Returns
        -------
        (promoted, removed)
            Number of files renamed and deleted.
        """
        from runlean.store.models import ActivityRow

        if not self.streams_dir.is_dir():
            return 0, 0
        with self.session() as session:
            known = {p for (p,) in session.execute(
                select(ActivityRow.stream_path).where(ActivityRow.stream_path.is_not(None)))}
        promoted = removed = 0
        for path in self.streams_dir.iterdir():
            if path.name.endswith(TMP_SUFFIX):
                final = path.name[: -len(".tmp")]
                if final in known:
                    os.replace(path, self.streams_dir / final)
                    promoted += 1
                else:
                    path.unlink(missing_ok=True)
                    removed += 1
            elif path.name.endswith(STREAM_SUFFIX) and path.name not in known:
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
    try:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "streams").mkdir(exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create data directory {str(directory)!r}: {exc}") from None
    engine = create_db_engine(database_url(directory, url))
    if not is_at_head(engine):
        migrate(engine)
    store = Store(directory, engine)
    store.recover_streams()
    return store
