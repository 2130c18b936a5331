"""`manage.py backup` and `manage.py restore`: a site's database, signing keys and uploaded
files through one archive into an empty database on a new "server", and back exactly.

The real commands, in subprocesses, on databases of their own: new SQLite files, or, when
DATABASE_URL names a PostgreSQL server (`make test-postgres`), new databases on that server
(bench/rush.py's `fresh_database`), each with its own MEDIA_ROOT and keys file. The world is
counted and checked through the ORM and the site's pages (backup_world.py), not through the
code under test.
"""

import hashlib
import io
import json
import os
import re
import sqlite3
import stat
import subprocess
import tarfile
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bench.harness import PYTHON, ROOT
from bench.rush import fresh_database
from lifelong.office import backup_database
from lifelong.office.backup_database import BackupError

ARCHIVE = "lifelong-2026-12-01.tar"


@dataclass(frozen=True)
class Site:
    url: str
    env: dict[str, str]
    media: Path
    keys: Path


def site_in(url: str, directory: Path) -> Site:
    media, keys = directory / "media", directory / "keys" / "credential-keys.json"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media),
        "CREDENTIAL_KEYS_FILE": str(keys),
        "TESTING": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PYTHONPATH": str(ROOT),
    }
    return Site(url, env, media, keys)


def run(site: Site, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, *args], env=site.env, cwd=ROOT, input=stdin, capture_output=True, text=True
    )


def ok(site: Site, *args: str, stdin: str = "") -> str:
    done = run(site, *args, stdin=stdin)
    assert done.returncode == 0, f"{args} failed:\n{done.stderr[-3000:]}"
    return done.stdout


def world(site: Site, command: str, stdin: str = "") -> Any:
    return json.loads(ok(site, "-m", "tests.office.backup_world", command, stdin=stdin))


def checksums(directory: Path) -> dict[str, str]:
    return {
        path.relative_to(directory).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def tables_in(url: str) -> list[str]:
    """The tables of a database, read without Django."""
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if not Path(path).exists():
            return []
        with closing(sqlite3.connect(path)) as db:
            return [row[0] for row in db.execute("SELECT name FROM sqlite_master")]
    import psycopg

    with psycopg.connect(url) as db:
        query = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        return [row[0] for row in db.execute(query).fetchall()]


def people_in(url: str) -> int:
    """The rows of accounts_user, read without Django (quicker than a subprocess)."""
    query = "SELECT count(*) FROM accounts_user"
    if url.startswith("sqlite"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"), timeout=20)) as db:
            return int(db.execute(query).fetchone()[0])
    import psycopg

    with psycopg.connect(url) as db:
        row = db.execute(query).fetchone()
        assert row is not None
        return int(row[0])


@dataclass(frozen=True)
class BackedUp:
    source: Site
    archive: Path
    codes: dict[str, list[str]]
    counts: dict[str, int]
    files: dict[str, str]


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory) -> Iterator[BackedUp]:
    directory = tmp_path_factory.mktemp("source")
    with fresh_database(os.environ.get("DATABASE_URL"), directory) as url:
        source = site_in(url, directory)
        ok(source, "manage.py", "migrate", "-v0")
        ok(source, "manage.py", "credential_keys", "--rotate")
        codes = world(source, "seed")
        counts = world(source, "counts")
        files = checksums(source.media)
        (directory / "backups").mkdir()
        archive = directory / "backups" / ARCHIVE
        ok(source, "manage.py", "backup", str(archive))
        yield BackedUp(source, archive, codes, counts, files)


@pytest.fixture
def target(tmp_path) -> Iterator[Site]:
    """A new server: an empty database, no MEDIA_ROOT, no keys file."""
    with fresh_database(os.environ.get("DATABASE_URL"), tmp_path) as url:
        yield site_in(url, tmp_path)


@pytest.fixture(scope="module")
def restored(backed_up, tmp_path_factory) -> Iterator[tuple[Site, str]]:
    directory = tmp_path_factory.mktemp("target")
    with fresh_database(os.environ.get("DATABASE_URL"), directory) as url:
        site = site_in(url, directory)
        yield site, ok(site, "manage.py", "restore", str(backed_up.archive))


def test_the_world_has_a_bit_of_everything(backed_up):
    counts = backed_up.counts
    for model in [
        "catalogue.Institution",
        "catalogue.Document",
        "enrolment.Application",
        "attendance.Attendance",
        "certificates.Certificate",
        "certificates.CertificateDocument",
        "audit.AuditEvent",
    ]:
        assert counts[model] > 0, model
    assert any(name.startswith("logos/") for name in backed_up.files)
    assert any(name.startswith("documents/") for name in backed_up.files)


def test_the_archive_holds_the_dump_the_keys_the_files_and_a_manifest_for_its_owner_only(
    backed_up,
):
    archive = backed_up.archive
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert [p.name for p in archive.parent.iterdir()] == [ARCHIVE]  # no leftovers
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest_file = tar.extractfile("manifest.json")
        assert manifest_file is not None
        manifest = json.load(manifest_file)
    dump = "database.sqlite3" if backed_up.source.url.startswith("sqlite") else "database.dump"
    assert names == [dump, "credential-keys.json", *(f"media/{n}" for n in backed_up.files)] + [
        "manifest.json"
    ]
    assert manifest["format"] == 1
    assert manifest["database"]["file"] == dump
    assert manifest["database"]["migrations"]["certificates"].startswith("00")
    assert manifest["files"]["credential-keys.json"]["sha256"] == (
        hashlib.sha256(backed_up.source.keys.read_bytes()).hexdigest()
    )
    assert {n: f["sha256"] for n, f in manifest["files"].items() if n.startswith("media/")} == {
        f"media/{n}": digest for n, digest in backed_up.files.items()
    }
    tables = manifest["database"]["tables"]
    assert tables["certificates_certificate"] == backed_up.counts["certificates.Certificate"]
    assert tables["accounts_user"] == backed_up.counts["accounts.User"]


def test_it_restores_every_row_file_and_key_into_an_empty_database(backed_up, restored):
    site, report = restored
    assert "Every row count and checksum matches" in report
    assert world(site, "counts") == backed_up.counts
    assert checksums(site.media) == backed_up.files
    assert site.keys.read_bytes() == backed_up.source.keys.read_bytes()
    assert stat.S_IMODE(site.keys.stat().st_mode) == 0o600


def test_certificates_issued_before_the_backup_still_verify_after_the_restore(backed_up, restored):
    site, _ = restored
    codes = json.dumps(backed_up.codes)
    after = world(site, "check", stdin=codes)
    assert after == world(backed_up.source, "check", stdin=codes)
    for code in backed_up.codes["valid"]:
        assert after[code] == {"page": "Valid", "service": "valid", "revoked_bit": False}
    for code in backed_up.codes["revoked"]:
        assert after[code] == {"page": "Revoked", "service": "revoked", "revoked_bit": True}


def test_it_refuses_a_database_that_is_not_empty(backed_up):
    source = backed_up.source
    done = run(source, "manage.py", "restore", str(backed_up.archive))
    assert done.returncode != 0
    assert "is not empty" in done.stderr
    assert world(source, "counts") == backed_up.counts


def test_it_refuses_a_media_folder_that_is_not_empty(backed_up, target):
    (target.media / "logos").mkdir(parents=True)
    done = run(target, "manage.py", "restore", str(backed_up.archive))
    assert done.returncode != 0
    assert "MEDIA_ROOT" in done.stderr
    assert tables_in(target.url) == []


def test_it_refuses_to_overwrite_other_signing_keys(backed_up, target):
    target.keys.parent.mkdir(parents=True)
    target.keys.write_text('{"keys": []}')
    done = run(target, "manage.py", "restore", str(backed_up.archive))
    assert done.returncode != 0
    assert "other signing keys" in done.stderr
    assert target.keys.read_text() == '{"keys": []}'
    assert tables_in(target.url) == []


def test_it_detects_a_flipped_byte_and_restores_nothing(backed_up, target, tmp_path):
    damaged = tmp_path / "damaged.tar"
    damaged.write_bytes(backed_up.archive.read_bytes())
    with tarfile.open(damaged) as tar:
        logo = next(m for m in tar.getmembers() if m.name.startswith("media/logos/"))
    with damaged.open("r+b") as file:
        file.seek(logo.offset_data + logo.size // 2)
        byte = file.read(1)
        file.seek(-1, io.SEEK_CUR)
        file.write(bytes([byte[0] ^ 0x01]))
    done = run(target, "manage.py", "restore", str(damaged))
    assert done.returncode != 0
    assert f"{logo.name}: its checksum differs" in done.stderr
    assert tables_in(target.url) == []
    assert not target.media.exists()
    assert not target.keys.exists()


def test_it_restores_into_an_empty_media_folder_that_is_already_there(backed_up, target):
    """MEDIA_ROOT is a mount point of shared storage on a new server: it exists, empty, and
    can be neither removed nor replaced: it must be filled as it is."""
    target.media.mkdir()
    mount_point = target.media.stat().st_ino
    ok(target, "manage.py", "restore", str(backed_up.archive))
    assert target.media.stat().st_ino == mount_point  # the same folder, filled
    assert checksums(target.media) == checksums(backed_up.source.media)


def test_it_refuses_an_archive_that_writes_outside_its_folders(backed_up, target, tmp_path):
    hostile = tmp_path / "hostile.tar"
    with tarfile.open(backed_up.archive) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        manifest = json.load(member)
    manifest["files"]["media/../../escaped.txt"] = {"sha256": "0" * 64, "size": 1}
    with tarfile.open(backed_up.archive) as source, tarfile.open(hostile, "w") as tar:
        for info in source.getmembers():
            if info.name != "manifest.json":
                tar.addfile(info, source.extractfile(info))
        text = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(text)
        tar.addfile(info, io.BytesIO(text))
    done = run(target, "manage.py", "restore", str(hostile))
    assert done.returncode != 0
    assert "damaged" in done.stderr
    assert tables_in(target.url) == []
    assert not (tmp_path / "escaped.txt").exists()


def test_it_refuses_an_archive_of_the_other_kind_of_database(backed_up, target, tmp_path):
    with tarfile.open(backed_up.archive) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        manifest = json.load(member)
    other = "postgresql" if manifest["database"]["vendor"] == "sqlite" else "sqlite"
    dump = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}[other]
    manifest["files"][dump] = manifest["files"].pop(manifest["database"]["file"])
    manifest["database"].update(vendor=other, file=dump)
    text = json.dumps(manifest).encode()
    foreign = tmp_path / "foreign.tar"
    with tarfile.open(foreign, "w") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(text)
        tar.addfile(info, io.BytesIO(text))
    done = run(target, "manage.py", "restore", str(foreign))
    assert done.returncode != 0
    assert f"holds a {other} database" in done.stderr
    assert tables_in(target.url) == []


def test_a_backup_taken_during_writes_counts_exactly_the_rows_it_holds(tmp_path):
    """A writer adds people while the backup runs: the restore finds exactly the rows the
    manifest counted in the snapshot (it fails on any difference)."""
    with fresh_database(os.environ.get("DATABASE_URL"), tmp_path / "busy") as url:
        (tmp_path / "busy").mkdir(exist_ok=True)
        source = site_in(url, tmp_path / "busy")
        ok(source, "manage.py", "migrate", "-v0")
        ok(source, "manage.py", "credential_keys", "--rotate")
        writer = subprocess.Popen(
            [PYTHON, "-m", "tests.office.backup_world", "write"],
            env=source.env,
            cwd=ROOT,
            stderr=subprocess.PIPE,
        )
        try:
            while people_in(url) < 20:
                assert writer.poll() is None, writer.stderr and writer.stderr.read()
                time.sleep(0.05)
            ok(source, "manage.py", "backup", str(tmp_path / ARCHIVE))
            written = people_in(url)
        finally:
            writer.kill()
            writer.wait(timeout=30)
        with tarfile.open(tmp_path / ARCHIVE) as tar:
            member = tar.extractfile("manifest.json")
            assert member is not None
            in_backup = json.load(member)["database"]["tables"]["accounts_user"]
        assert 20 <= in_backup < written  # taken while people were being added
        with fresh_database(os.environ.get("DATABASE_URL"), tmp_path / "new") as new_url:
            (tmp_path / "new").mkdir(exist_ok=True)
            target = site_in(new_url, tmp_path / "new")
            ok(target, "manage.py", "restore", str(tmp_path / ARCHIVE))
            assert world(target, "counts")["accounts.User"] == in_backup


def test_it_keeps_the_newest_archives(backed_up, tmp_path):
    for name in [
        "lifelong-2026-11-28.tar",
        "lifelong-2026-11-29.tar",
        "lifelong-2026-11-30.tar",
        ".lifelong-2026-11-29.tar.x1y2z3.partial",  # left by a killed backup
        "other-2026-11-27.tar",
        "notes.txt",
    ]:
        (tmp_path / name).write_text("old")
    done = ok(backed_up.source, "manage.py", "backup", str(tmp_path / ARCHIVE), "--keep", "2")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "lifelong-2026-11-30.tar",
        ARCHIVE,
        "notes.txt",
        "other-2026-11-27.tar",
    ]
    assert "lifelong-2026-11-29.tar" in done


def test_given_a_folder_it_names_the_archive_by_date_and_keeps_the_newest(backed_up, tmp_path):
    for name in ["lifelong-2026-11-29T023000.tar", "lifelong-2026-11-30T023000.tar"]:
        (tmp_path / name).write_text("old")
    ok(backed_up.source, "manage.py", "backup", str(tmp_path), "--keep", "2")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 2
    assert names[0] == "lifelong-2026-11-30T023000.tar"
    assert re.fullmatch(r"lifelong-\d{4}-\d\d-\d\dT\d{6}\.tar", names[1])
    assert names[1] > names[0]


def test_it_explains_a_missing_keys_file_and_an_unwritable_target(backed_up, tmp_path):
    source = backed_up.source
    no_keys = Site(
        source.url,
        {**source.env, "CREDENTIAL_KEYS_FILE": str(tmp_path / "nowhere.json")},
        source.media,
        tmp_path / "nowhere.json",
    )
    done = run(no_keys, "manage.py", "backup", str(tmp_path / ARCHIVE))
    assert done.returncode != 0
    assert "nowhere.json does not exist" in done.stderr
    done = run(source, "manage.py", "backup", str(tmp_path / "missing" / ARCHIVE))
    assert done.returncode != 0
    assert "missing does not exist" in done.stderr
    done = run(source, "manage.py", "backup", str(tmp_path / "notes"), "--keep", "3")
    assert done.returncode != 0
    assert "--keep needs a dated archive name" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_it_explains_that_the_postgresql_client_is_missing(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    monkeypatch.setattr("glob.glob", lambda pattern: [])
    with pytest.raises(BackupError) as error:
        backup_database._program("pg_dump")
    assert "apt install postgresql-client" in error.value.message
