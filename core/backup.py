"""Backup and restore of the whole platform: the database and the stored files, in one archive.

An archive is a tar file (gzip-compressed when its name ends in `.gz` or `.tgz`) holding

- `database.json` — every record, soft-deleted ones included, in Django's fixture format
  (foreign keys to content types, permissions and users by natural key, so it loads with
  `loaddata` into any freshly migrated database);
- `files/<name>` — every file a record points to, read through the configured storage
  (local folder or S3), under the name the record stores;
- `manifest.json` — what is inside: the files with their SHA-256 and size, the number of
  records of each type and the migrations the database had.

Left out, because they are rebuilt or transient: content types and permissions (made by
`migrate`), sessions, the task queue and its leases, the API's rate-limit counts, and the
search index (rebuilt after a restore). Documents still waiting for processing are queued again by the next worker.

`restore` accepts only an empty database (migrated, no records in any table the backup holds
except those `migrate` fills) and refuses to
overwrite a different file already in the storage; every file is checked against its
SHA-256 before it is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command, get_commands
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "smart-platform-backup"
VERSION = 1
# Rebuilt (content types, permissions, search index) or transient (sessions, task queue,
# the API's rate-limit windows: counts of the last minute).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "django_tasks_database",
            "core.tasklease", "search", "api.ratewindow"]
# Filled by a data migration in every newly migrated database (SDGs and technologies).
FILLED_BY_MIGRATE = {"concept.sdg", "concept.technology"}
CHUNK = 1024 * 1024

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class StoredFile:
    name: str
    sha256: str
    size: int


@dataclass
class Summary:
    records: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    skipped_files: int = 0


# --- what a backup holds --------------------------------------------------------------------

def _included_models() -> list[type[models.Model]]:
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    return [model for model in apps.get_models()
            if model._meta.app_label not in excluded_apps
            and model._meta.label_lower not in excluded_models
            and model._meta.managed and not model._meta.proxy]


def _record_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count()
            for model in _included_models()}


def _file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in _included_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                yield model, model_field


def _stored_names() -> dict[str, Any]:
    """Every stored file a record points to, with the storage that holds it."""
    names: dict[str, Any] = {}
    for model, model_field in _file_fields():
        values = (model._base_manager.exclude(**{model_field.name: ""})
                  .values_list(model_field.name, flat=True).distinct())
        for name in values:
            if name:
                names.setdefault(name, model_field.storage)
    return dict(sorted(names.items()))


def _applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection)
                  .applied_migrations())


@contextmanager
def _snapshot() -> Iterator[None]:
    """One consistent view of the database for the whole dump, without blocking writers."""
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor == "sqlite":
        # A deferred transaction reads one WAL snapshot and takes no write lock, so workers
        # and web requests keep writing while the backup runs.
        connection.ensure_connection()
        mode = getattr(connection, "transaction_mode", None)
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                yield
        finally:
            connection.transaction_mode = mode  # type: ignore[attr-defined]
        return
    with transaction.atomic():
        yield


class _PreciseEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a restore keeps them exactly."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _dump(target: Path) -> None:
    """What `dumpdata --all --natural-foreign` writes (soft-deleted rows included, foreign
    keys to content types, permissions and users by natural key), times to the microsecond."""
    by_app: dict[Any, list[type[models.Model]]] = {}
    for model in _included_models():
        by_app.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    ordered = serializers.sort_dependencies(by_app.items(), allow_cycles=True)

    def rows() -> Iterator[models.Model]:
        for model in ordered:
            yield from model._base_manager.order_by(model._meta.pk.name).iterator(
                chunk_size=2000)

    with target.open("w", encoding="utf-8") as stream:
        serializers.serialize("json", rows(), stream=stream, use_natural_foreign_keys=True,
                              cls=_PreciseEncoder)


class _HashingReader:
    def __init__(self, handle: IO[bytes]):
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(dt.datetime.now().timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


def _open_for_writing(target: Path, name: str) -> tarfile.TarFile:
    """The archive is created readable by its owner only (0600, whatever the umask): it
    holds password and token hashes, e-mail addresses and private budgets."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # also when a stale file of that name was left behind
    finally:
        os.close(descriptor)
    # tarfile reopens the file with "wb", which truncates it and keeps its mode
    if name.endswith((".gz", ".tgz")):
        return tarfile.open(target, "w:gz")
    return tarfile.open(target, "w")


def backup(path: Path, progress: Progress | None = None) -> Summary:
    """Write the database and every stored file to the archive at `path`."""
    say = progress or (lambda message: None)
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists; choose a new file name.")
    partial = path.with_name(path.name + ".partial")
    summary = Summary()
    try:
        with tempfile.TemporaryDirectory() as work, _open_for_writing(
                partial, path.name) as archive:
            dump = Path(work) / "database.json"
            with _snapshot():
                say("database …")
                _dump(dump)
                summary.records = _record_counts()
                names = _stored_names()
                migrations = _applied_migrations()
            archive.add(dump, arcname="database.json")
            say(f"{len(names)} files …")
            stored: list[StoredFile] = []
            for number, (name, storage) in enumerate(names.items(), 1):
                try:
                    size = storage.size(name)
                    with storage.open(name, "rb") as handle:
                        info = tarfile.TarInfo(f"files/{name}")
                        info.size, info.mode = size, 0o600
                        info.mtime = int(dt.datetime.now().timestamp())
                        reader = _HashingReader(handle)
                        archive.addfile(info, reader)
                except OSError as error:
                    raise BackupError(f"The stored file {name} cannot be read ({error}); "
                                      "the backup was not written.") from error
                stored.append(StoredFile(name, reader.digest.hexdigest(), reader.size))
                summary.files += 1
                summary.bytes += reader.size
                if number % 100 == 0:
                    say(f"  {number}/{len(names)} files")
            manifest = {"format": FORMAT, "version": VERSION,
                        "created_at": dt.datetime.now(dt.UTC).isoformat(),
                        "database": connection.vendor, "migrations": migrations,
                        "records": summary.records,
                        "files": [vars(item) for item in stored]}
            _add_bytes(archive, "manifest.json",
                       json.dumps(manifest, indent=1, ensure_ascii=False).encode())
        os.replace(partial, path)
    finally:
        if partial.exists():
            partial.unlink()
    return summary


# --- restore --------------------------------------------------------------------------------

def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember("manifest.json")
        handle = archive.extractfile(member)
        manifest = json.loads(handle.read()) if handle else None
    except (KeyError, ValueError) as error:
        raise BackupError("This is not a backup of the platform (no readable "
                          "manifest.json).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("This is not a backup of the platform.")
    if manifest.get("version") != VERSION:
        raise BackupError(f"Backup format version {manifest.get('version')} is not "
                          f"supported (this platform reads version {VERSION}).")
    return manifest


def _safe_name(name: Any) -> str:
    path = PurePosixPath(str(name))
    if not name or path.is_absolute() or ".." in path.parts:
        raise BackupError(f"The backup holds a file with an unsafe name: {name!r}.")
    return str(path)


def _check_database_is_empty(manifest: dict[str, Any]) -> None:
    applied = {tuple(item) for item in _applied_migrations()}
    if not applied:
        raise BackupError("The database has no tables yet: run `manage.py migrate` first.")
    newer = sorted({tuple(item) for item in manifest.get("migrations", [])} - applied)
    if newer:
        listed = ", ".join(f"{app}.{name}" for app, name in newer[:5])
        raise BackupError("The backup comes from a newer version of the platform (migrations "
                          f"{listed} are missing here): update the code and migrate first.")
    # Every table the backup holds must be empty (the restore flushes them), except those a
    # fresh `migrate` fills, whose rows the backup's replace.
    filled = sorted(label for label, count in _record_counts().items()
                    if count and label not in FILLED_BY_MIGRATE)
    if filled:
        listed = ", ".join(filled[:8]) + (f" and {len(filled) - 8} more" if len(filled) > 8
                                          else "")
        raise BackupError(f"The database is not empty (records in {listed}). Restore only "
                          "into a newly created, migrated database; nothing was changed.")


def _sha256_of(storage: Any, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def restore(path: Path, progress: Progress | None = None) -> Summary:
    """Load the archive at `path` into an empty database and storage, then rebuild the search
    index. Checks everything it can before it changes anything."""
    say = progress or (lambda message: None)
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    summary = Summary()
    try:
        archive = tarfile.open(path, "r:*")  # noqa: SIM115 - closed by the `with` below
    except tarfile.TarError as error:
        raise BackupError(f"{path} is not a readable backup archive ({error}).") from error
    with archive, tempfile.TemporaryDirectory() as work:
        manifest = _read_manifest(archive)
        files = {_safe_name(item["name"]): item for item in manifest.get("files", [])}
        _check_database_is_empty(manifest)
        in_archive = {member.name for member in archive.getmembers()}
        missing = sorted(({"database.json"} | {f"files/{name}" for name in files}) - in_archive)
        if missing:
            raise BackupError(f"The backup is incomplete ({missing[0]} is missing).")
        to_store = {}
        for name, item in files.items():
            if default_storage.exists(name):
                if _sha256_of(default_storage, name) != item["sha256"]:
                    raise BackupError(f"The storage already holds a different file named "
                                      f"{name}; restore into an empty storage.")
                summary.skipped_files += 1
            else:
                to_store[name] = item
        say(f"{len(to_store)} files …")
        dump = Path(work) / "database.json"
        for member in archive:
            if member.name == "database.json":
                source = archive.extractfile(member)
                if source is None:
                    raise BackupError("database.json in the backup is not a file.")
                with source, dump.open("wb") as target:
                    shutil.copyfileobj(source, target, CHUNK)
            elif member.name.startswith("files/"):
                name = _safe_name(member.name.removeprefix("files/"))
                if name not in files:
                    raise BackupError(f"The backup holds {name}, which its manifest does "
                                      "not list; it may have been tampered with.")
                if name in to_store:
                    _store(archive, member, name, files[name])
                    summary.files += 1
                    summary.bytes += member.size
        say("database …")
        with transaction.atomic():  # all or nothing
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(dump), verbosity=0)
            summary.records = _record_counts()
            differing = {label: (count, summary.records.get(label))
                         for label, count in manifest.get("records", {}).items()
                         if summary.records.get(label) != count}
            if differing:
                label, (expected, found) = next(iter(differing.items()))
                raise BackupError(f"After loading, {label} has {found} records where the "
                                  f"backup has {expected}; nothing was loaded.")
    if "reindex_search" in get_commands():
        say("search index …")
        call_command("reindex_search", verbosity=0)
    return summary


def _store(archive: tarfile.TarFile, member: tarfile.TarInfo, name: str,
           item: dict[str, Any]) -> None:
    source = archive.extractfile(member)
    if source is None:
        raise BackupError(f"{name} in the backup is not a file.")
    with source, tempfile.SpooledTemporaryFile(max_size=16 * CHUNK) as spool:
        digest = hashlib.sha256()
        for chunk in iter(lambda: source.read(CHUNK), b""):
            digest.update(chunk)
            spool.write(chunk)
        if digest.hexdigest() != item["sha256"]:
            raise BackupError(f"The file {name} in the backup is damaged (its SHA-256 "
                              "differs from the manifest); nothing was loaded into the "
                              "database.")
        spool.seek(0)
        saved = default_storage.save(name, File(spool, name=name))
    if saved != name:
        raise BackupError(f"The storage stored {name} as {saved}; restore into an empty "
                          "storage.")
