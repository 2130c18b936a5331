"""The database half of a backup: one consistent snapshot, and what it held, table by table.

PostgreSQL: a REPEATABLE READ transaction exports its snapshot (`pg_export_snapshot`), and
`pg_dump --snapshot` dumps exactly that snapshot while the same transaction counts the rows,
so the counts in the manifest are the rows in the dump, however busy the site is.
SQLite: Python's online backup API copies the database page by page under one read lock
(writers go on, in WAL mode), and the rows are counted in the copy.

The connection comes from `settings.DATABASES["default"]`; a password goes to pg_dump and
pg_restore through PGPASSWORD in their environment, never on their command line.
"""

import glob
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import connection, transaction


class BackupError(Exception):
    """What stops a backup or a restore, with a code and a message for the operator."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Snapshot:
    vendor: str  # "postgresql" or "sqlite"
    tables: dict[str, int]  # rows per table
    migrations: dict[str, str]  # the latest migration applied, per app


class Cursor(Protocol):
    def execute(self, sql: str, params: Any = ..., /) -> Any: ...
    def fetchall(self) -> Any: ...


# Every table of the site's own schema (the models', django_migrations, the cache table).
_TABLES_SQL = {
    "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
}


def vendor() -> str:
    if connection.vendor not in _TABLES_SQL:
        raise BackupError("vendor_unsupported", f"Cannot back up a {connection.vendor} database.")
    return connection.vendor


def _read(cursor: Cursor, vendor: str) -> tuple[dict[str, int], dict[str, str]]:
    cursor.execute(_TABLES_SQL[vendor])
    names = sorted(str(row[0]) for row in cursor.fetchall())
    tables = {}
    for name in names:
        cursor.execute('SELECT count(*) FROM "{}"'.format(name.replace('"', '""')))  # noqa: S608
        tables[name] = int(cursor.fetchall()[0][0])
    migrations: dict[str, str] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations")
        for app, name in cursor.fetchall():
            migrations[app] = max(name, migrations.get(app, ""))  # 0001_…, 0002_…: by number
    return tables, dict(sorted(migrations.items()))


def database_state() -> tuple[dict[str, int], dict[str, str]]:
    """Rows per table and the latest migrations, as the site's database holds them now."""
    with connection.cursor() as cursor:
        return _read(cursor, vendor())


# --- dump ------------------------------------------------------------------------------------


def database_dump(target: Path) -> Snapshot:
    """Write the database to `target` (pg_dump's custom format, or an SQLite file)."""
    if vendor() == "postgresql":
        return _postgres_dump(target)
    return _sqlite_dump(target)


def _sqlite_dump(target: Path) -> Snapshot:
    source = Path(settings.DATABASES["default"]["NAME"])
    if not source.is_file():
        raise BackupError("database_missing", f"There is no SQLite database at {source}.")
    with (
        closing(sqlite3.connect(source, timeout=20)) as live,
        closing(sqlite3.connect(target)) as copy,
    ):
        live.backup(copy)  # all pages in one step: one snapshot
    with closing(sqlite3.connect(target)) as copy:
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        tables, migrations = _read(copy.cursor(), "sqlite")
    return Snapshot("sqlite", tables, migrations)


def _postgres_dump(target: Path) -> Snapshot:
    pg_dump = _program("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchall()[0][0]
        # pg_dump adopts the snapshot while this transaction is open, then both read the same.
        dump = subprocess.Popen(  # noqa: S603 (our settings' values, no shell)
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            env=_libpq_environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            tables, migrations = _read(cursor, "postgresql")
            _, errors = dump.communicate()
        except BaseException:  # stopped, or the count failed: no pg_dump outlives the backup
            dump.kill()
            dump.wait()
            raise
    if dump.returncode:
        raise BackupError("pg_dump_failed", f"pg_dump failed: {errors.strip()}")
    return Snapshot("postgresql", tables, migrations)


# --- restore ---------------------------------------------------------------------------------


def database_is_empty() -> tuple[bool, str]:
    """Whether the target holds no table at all, and where it is, for messages."""
    if vendor() == "postgresql":
        tables, _ = database_state()
        return not tables, f"PostgreSQL database {connection.settings_dict['NAME']}"
    path = Path(settings.DATABASES["default"]["NAME"])
    if not path.exists() or path.stat().st_size == 0:
        return True, f"SQLite database {path}"
    # Read-only and without Django: its connection would set up WAL files beside the file.
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as existing:
        return not existing.execute(_TABLES_SQL["sqlite"]).fetchall(), f"SQLite database {path}"


def database_load(dump: Path) -> None:
    """Put the dump into the (empty) database: all of it, or on failure nothing."""
    if vendor() == "postgresql":
        _postgres_load(dump)
    else:
        _sqlite_load(dump)
    connection.close()  # the next query opens the restored database


def _postgres_load(dump: Path) -> None:
    pg_restore = _program("pg_restore")
    name = connection.settings_dict["NAME"]
    connection.close()
    done = subprocess.run(  # noqa: S603 (our settings' values, no shell)
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={name}",
            str(dump),
        ],
        env=_libpq_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise BackupError(
            "pg_restore_failed", f"pg_restore failed, nothing was restored: {done.stderr.strip()}"
        )


def _sqlite_load(dump: Path) -> None:
    path = Path(settings.DATABASES["default"]["NAME"])
    connection.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    # An empty file left by an earlier start may have WAL files that would be replayed into
    # the restored one.
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    placed = path.with_name(f".{path.name}.restoring")
    shutil.copyfile(dump, placed)
    with placed.open("rb") as file:
        os.fsync(file.fileno())
    os.replace(placed, path)


# --- the PostgreSQL client programs ----------------------------------------------------------


def _program(name: str) -> str:
    """pg_dump or pg_restore: on the PATH, or the newest in Debian's /usr/lib/postgresql."""
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise BackupError(
            f"{name}_missing",
            f"{name} is not installed; on Debian: apt install postgresql-client "
            "(the same major version as the server or newer).",
        )
    return found


def _libpq_environment() -> dict[str, str]:
    """The site's connection as libpq's variables, for pg_dump and pg_restore."""
    database = connection.settings_dict
    options = database.get("OPTIONS", {})
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
    }
    return {**os.environ, **{name: str(value) for name, value in values.items() if value}}


def require_vendor(archived: str) -> None:
    """Refuse an archive of the other kind of database, before anything is touched."""
    here = vendor()
    if archived != here:
        raise BackupError(
            "vendor_mismatch",
            f"This archive holds a {archived} database and the site uses {here}: a backup "
            "restores only into the same kind of database.",
        )
