"""The versioned DuckDB store: open/migrate, commit a new version, rollback, history and diff.

Every version holds a complete copy of every table under its own ``version_id``, so a version is
immutable once written: readers pin a version id and can never see a mix of two uploads, and a
rollback is a new version that copies an old one. Writes go through one lock and one transaction.

The room, one module a concern (import from here: ``from ngp_data.store import Store``):

* ``versioned`` — :class:`Store`: the schema's tables and the version bookkeeping, reading a
  version, and the one write path (``commit``, ``rollback``) under the writer lock.
* ``database`` — the database file: its default place, one shared Store per file and process
  (``open_store``, ``close_store``), and ``restore`` of a checked backup.
* ``backup`` — a consistent copy of an open store and its integrity check (``Store.backup``/``check``).
* ``diff`` — ``diff_frames``: two frames of one table compared by key.
* ``model`` — the values handed out: ``SourceFile``, ``Version``, ``TableDiff``, ``version_summary``.
* ``errors`` — ``StoreError`` and its kinds, each with an Italian message for the user.
* ``connection`` — opening the DuckDB file (waiting while another process holds it).
* ``server`` — a PostgreSQL database instead of the file (``NGP_DB=postgresql://…``), through DuckDB's
  postgres extension: the same SQL, a writers' lock across replicas; ``pg_tools`` — its backups
  (``pg_dump``/``pg_restore``).
* ``migrate`` — every version, original file, snapshot and meeting copied from one database to another.
* ``damage`` — a damaged file named: DuckDB's read failures as ``DatabaseDamaged``, the backup
  folder (``$NGP_BACKUP_DIR`` or backup/ beside the database), its newest good backup.
"""

from .damage import backup_dir, latest_good_backup
from .database import DEFAULT_DB, close_store, database_arg, database_key, default_db_path, open_store, restore
from .diff import diff_frames
from .errors import (
    CannotWrite,
    DatabaseBusy,
    DatabaseDamaged,
    DiskFull,
    DuplicateUpload,
    ServerUnavailable,
    StaleVersion,
    StoreError,
    UnknownVersion,
    cannot_write,
)
from .model import SourceFile, TableDiff, Version, version_summary
from .versioned import LOCAL_AUTHOR, SCHEMA_VERSION, Store

__all__ = [
    "DEFAULT_DB", "LOCAL_AUTHOR", "SCHEMA_VERSION", "CannotWrite", "DatabaseBusy", "DatabaseDamaged", "DiskFull",
    "DuplicateUpload", "ServerUnavailable", "SourceFile", "StaleVersion", "Store", "StoreError", "TableDiff",
    "UnknownVersion", "Version",
    "backup_dir", "cannot_write", "close_store", "database_arg", "database_key",
    "default_db_path", "diff_frames", "latest_good_backup",
    "open_store", "restore", "version_summary",
]
