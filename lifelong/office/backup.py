"""Backup and restore of a whole site: one tar archive that holds everything a new server
needs besides the code and its settings (docs/deployment.md, "Backups").

    database.dump | database.sqlite3   one snapshot of the database (pg_dump's custom
                                       format, or an SQLite file: backup_database.py)
    credential-keys.json               the signing keys (private keys: keep the archive safe)
    media/<path>                       every file under MEDIA_ROOT
    manifest.json                      last: format, time, release, migrations, rows per
                                       table, and the sha256 and size of every file above

The archive is written under a hidden temporary name with mode 0600 and renamed when it is
complete, so a killed backup never leaves a file that looks like one. A restore goes into an
empty database and an empty MEDIA_ROOT only; it checks every file against the manifest
before it changes anything, and the rows and files it restored afterwards.
"""

import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from lifelong.office.backup_database import (
    BackupError,
    database_dump,
    database_is_empty,
    database_load,
    database_state,
    require_vendor,
    vendor,
)

FORMAT = 1
MANIFEST = "manifest.json"
KEYS = "credential-keys.json"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA = "media"
CHUNK = 1024 * 1024

Progress = Callable[[str], None]
Checksums = dict[str, dict[str, Any]]  # archive name -> {"sha256": …, "size": …}


@dataclass(frozen=True)
class Written:
    path: Path
    manifest: dict[str, Any]
    pruned: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Restored:
    manifest: dict[str, Any]
    rows: int
    files: int
    unapplied: int  # migrations of this release the archive's database has not applied


# --- backup ----------------------------------------------------------------------------------


def backup_write(*, target: Path, keep: int | None, progress: Progress) -> Written:
    keys = _keys_path()
    if not keys.is_file():
        raise BackupError("keys_missing", f"The signing keys file {keys} does not exist.")
    if keep is not None:
        _siblings(target)  # a name --keep can find its siblings by, before the long work
    partial = _partial(target)
    try:
        with (
            tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.name}.") as work,
            partial.open("wb") as out,
        ):
            manifest = _write(out, Path(work), keys, progress)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    _sync_directory(target.parent)
    pruned = _prune(target, keep) if keep is not None else []
    return Written(target, manifest, pruned)


def _partial(target: Path) -> Path:
    """An empty file beside the target, readable by its owner only, or why there can't be."""
    if not target.parent.is_dir():
        raise BackupError("target_unwritable", f"The directory {target.parent} does not exist.")
    try:
        handle, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
        )
    except OSError as error:
        raise BackupError(
            "target_unwritable", f"Cannot write to {target.parent}: {error.strerror}."
        ) from None
    os.close(handle)  # mkstemp made it with mode 0600
    return Path(name)


def _write(out: IO[bytes], work: Path, keys: Path, progress: Progress) -> dict[str, Any]:
    files: Checksums = {}
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as archive:
        dump = work / DUMPS[vendor()]
        progress(f"database ({vendor()}): taking the snapshot …")
        snapshot = database_dump(dump)
        progress(f"database: {sum(snapshot.tables.values())} rows in {len(snapshot.tables)} tables")
        files[dump.name] = _add(archive, dump.name, dump)
        dump.unlink()
        files[KEYS] = _add(archive, KEYS, keys)
        media = _media_files()
        progress(f"media: {len(media)} files …")
        for name, path in media.items():
            try:
                files[name] = _add(archive, name, path)
            except FileNotFoundError:
                continue  # deleted since the listing: it is no longer part of the site
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "lifelong_version": _release(),
            "database": {
                "vendor": snapshot.vendor,
                "file": dump.name,
                "migrations": snapshot.migrations,
                "tables": snapshot.tables,
            },
            "files": files,
        }
        text = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(text), int(timezone.now().timestamp()), 0o600
        archive.addfile(info, io.BytesIO(text))
    return manifest


class _Hashing:
    """A file read once: into the archive, and through sha256 on the way."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.digest.update(data)
        return data


def _add(archive: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    with path.open("rb") as file:
        info = archive.gettarinfo(arcname=name, fileobj=file)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o600
        hashing = _Hashing(file)
        archive.addfile(info, hashing)  # reads exactly info.size bytes
    return {"sha256": hashing.digest.hexdigest(), "size": info.size}


def _media_files() -> dict[str, Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return {}
    return {
        f"{MEDIA}/{path.relative_to(root).as_posix()}": path
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _release() -> str:
    try:
        return package_version("lifelong")
    except PackageNotFoundError:
        return "unknown"


def _sync_directory(directory: Path) -> None:
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


# --- keeping the last N ----------------------------------------------------------------------


def _siblings(target: Path) -> re.Pattern[str]:
    """Names like the target's with other numbers: lifelong-2026-12-01.tar finds
    lifelong-2026-11-30.tar."""
    parts = re.split(r"(\d+)", target.name)
    if len(parts) == 1:
        raise BackupError(
            "keep_needs_date",
            f"--keep needs a dated archive name (e.g. lifelong-2026-12-01.tar), not {target.name}.",
        )
    return re.compile("".join(r"\d+" if part.isdigit() else re.escape(part) for part in parts))


def _prune(target: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` last archives named like the target (by name, so dates in
    ISO order), and what killed backups of such names left behind."""
    pattern = _siblings(target)
    archives = sorted(p for p in target.parent.iterdir() if pattern.fullmatch(p.name))
    old = [p for p in archives[: max(len(archives) - keep, 0)] if p != target]
    leftover = re.compile(rf"\.{pattern.pattern}\..+")  # .<name>.<random>[.partial]
    leftovers = [p for p in target.parent.iterdir() if leftover.fullmatch(p.name)]
    for path in old + leftovers:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    return old


# --- restore ---------------------------------------------------------------------------------


def backup_restore(*, archive_path: Path, progress: Progress) -> Restored:
    try:
        archive = tarfile.open(archive_path, mode="r:")  # noqa: SIM115 (closed by the `with`)
    except (OSError, tarfile.TarError) as error:
        raise BackupError("archive_unreadable", f"Cannot read {archive_path}: {error}.") from None
    with archive:
        manifest = _manifest(archive)
        require_vendor(manifest["database"]["vendor"])
        _require_empty_target(manifest)
        media_root = Path(settings.MEDIA_ROOT)
        media_root.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=media_root.parent, prefix=".lifelong-restore-"))
        try:
            progress("checking and unpacking the archive …")
            _unpack(archive, manifest["files"], staging)
            progress("database: restoring …")
            database_load(staging / manifest["database"]["file"])
            _place_keys(staging / KEYS)
            if (staging / MEDIA).is_dir():
                # Into the (empty) folder as it is: it may be a mount point of shared storage,
                # which can be neither removed nor replaced, and on another file system.
                media_root.mkdir(parents=True, exist_ok=True)
                for entry in (staging / MEDIA).iterdir():
                    shutil.move(entry, media_root / entry.name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    progress("checking what was restored …")
    return _verify(manifest)


def _manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
        file = archive.extractfile(member)
        manifest: dict[str, Any] = json.loads(file.read()) if file else {}
        files = manifest["files"]
        database = manifest["database"]
    except (KeyError, ValueError, tarfile.TarError):
        raise BackupError(
            "archive_incomplete", "This is not a complete Lifelong backup: no manifest."
        ) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            "format_unknown", f"Backup format {manifest.get('format')} is not known here."
        )
    expected = {DUMPS.get(database.get("vendor"), ""), KEYS}
    if not expected <= set(files) or not all(map(_safe_name, files)):
        raise BackupError("archive_damaged", "The manifest's list of files is damaged.")
    return manifest


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    if name in (*DUMPS.values(), KEYS):
        return True
    return len(path.parts) > 1 and path.parts[0] == MEDIA and ".." not in path.parts


def _require_empty_target(manifest: dict[str, Any]) -> None:
    empty, where = database_is_empty()
    if not empty:
        raise BackupError(
            "database_not_empty",
            f"The {where} is not empty. A restore goes into an empty database only: make a "
            "new one (PostgreSQL: createdb; SQLite: a new file name), point DATABASE_URL at "
            "it, and run restore again.",
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and (not media_root.is_dir() or any(media_root.iterdir())):
        raise BackupError(
            "media_not_empty",
            f"MEDIA_ROOT ({media_root}) is not empty. A restore needs it empty or absent.",
        )
    keys = _keys_path()
    if keys.exists() and _sha256(keys) != manifest["files"][KEYS]["sha256"]:
        raise BackupError(
            "keys_differ",
            f"{keys} holds other signing keys than the archive. Move it away first: "
            "certificates signed with the archive's keys verify only with them.",
        )


def _unpack(archive: tarfile.TarFile, files: Checksums, staging: Path) -> None:
    """Every file of the manifest into `staging`, each checked on the way: a damaged
    archive stops the restore before anything is changed."""
    seen = set()
    for member in archive:
        if member.name == MANIFEST:
            continue
        if member.name not in files or not member.isfile() or member.name in seen:
            raise BackupError("archive_damaged", f"{member.name}: not in the manifest.")
        source = archive.extractfile(member)
        if source is None:
            raise BackupError("archive_damaged", f"{member.name}: not a file.")
        path = staging / member.name
        hashing = _Hashing(source)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as out:
                shutil.copyfileobj(hashing, out, CHUNK)
        except (IsADirectoryError, NotADirectoryError, FileExistsError):
            # A file and a folder of the same name: not an archive `backup` wrote.
            raise BackupError(
                "archive_damaged", f"{member.name}: clashes with another file of the archive."
            ) from None
        got = {"sha256": hashing.digest.hexdigest(), "size": member.size}
        if got != files[member.name]:
            raise BackupError(
                "archive_damaged",
                f"{member.name}: its checksum differs from the manifest's; the archive is "
                "damaged. Nothing was restored.",
            )
        seen.add(member.name)
    if missing := sorted(set(files) - seen):
        raise BackupError("archive_damaged", f"Missing from the archive: {', '.join(missing[:5])}.")


def _place_keys(source: Path) -> None:
    keys = _keys_path()
    if keys.exists():
        return  # the same keys: _require_empty_target compared them
    keys.parent.mkdir(parents=True, exist_ok=True)
    placed = keys.with_name(f".{keys.name}.restoring")
    placed.unlink(missing_ok=True)
    # Private keys: readable by the owner only from the moment the file exists.
    descriptor = os.open(placed, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out, source.open("rb") as keys_in:
        shutil.copyfileobj(keys_in, out)
    os.replace(placed, keys)


def _verify(manifest: dict[str, Any]) -> Restored:
    """The restored rows and files against the manifest; any difference is an error."""
    problems = []
    tables, _ = database_state()
    expected: dict[str, int] = manifest["database"]["tables"]
    for table in sorted(set(tables) | set(expected)):
        if tables.get(table) != expected.get(table):
            problems.append(
                f"table {table}: {tables.get(table)} rows, the backup had {expected.get(table)}"
            )
    on_disk = _media_files()
    on_disk[KEYS] = _keys_path()
    for name, checksum in manifest["files"].items():
        if name == manifest["database"]["file"]:
            continue
        path = on_disk.pop(name, None)
        if path is None or _sha256(path) != checksum["sha256"]:
            problems.append(f"{name}: missing or different after the restore")
    problems += [f"{name}: not in the backup" for name in on_disk]
    if problems:
        raise BackupError("restore_differs", "The restore differs:\n" + "\n".join(problems))
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    unapplied = len(set(loader.graph.nodes) - set(loader.applied_migrations))
    return Restored(
        manifest=manifest,
        rows=sum(tables.values()),
        files=len(manifest["files"]) - 2,
        unapplied=unapplied,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _keys_path() -> Path:
    if not settings.CREDENTIAL_KEYS_FILE:
        raise BackupError("keys_unset", "Set CREDENTIAL_KEYS_FILE to the signing keys file.")
    return Path(settings.CREDENTIAL_KEYS_FILE)
