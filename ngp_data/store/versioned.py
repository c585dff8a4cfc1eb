"""The versioned store: one database (a DuckDB file or PostgreSQL), its tables, and the one write path.

Every version holds a complete copy of every table under its own ``version_id``, so a version is
immutable once written: readers pin a version id and can never see a mix of two uploads, and a
rollback is a new version that copies an old one. Writes go through one lock and one transaction.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import threading
import weakref
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from ..schema import TABLE_BY_NAME, TABLES, Table
from . import backup as _backup
from . import meetings as _meetings
from . import official as _official
from . import pg_tools
from . import server as _server
from .connection import connect, mark_closed, mark_open, one
from .damage import reading
from .diff import diff_frames
from .errors import DuplicateUpload, StaleVersion, StoreError, UnknownVersion, translate_write_errors
from .model import SourceFile, TableDiff, Version, combined_sha, to_python_types, version_from_row

SCHEMA_VERSION = 1
LOCAL_AUTHOR = "locale"


def _create_sql(table: Table) -> str:
    cols = ", ".join(f"{c.name} {c.sql_type}" for c in table.columns)
    return f"CREATE TABLE IF NOT EXISTS {table.name} (version_id INTEGER NOT NULL, {cols})"


_COUNT_COLS = [f"n_{t.name}" for t in TABLES]

_META_DDL = {
    "meta": "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "versions": "CREATE TABLE IF NOT EXISTS versions (version_id INTEGER PRIMARY KEY, created_at TIMESTAMP NOT "
    "NULL, author VARCHAR NOT NULL, comment VARCHAR, kind VARCHAR NOT NULL, file_names VARCHAR, sha256 VARCHAR, "
    "tables_replaced VARCHAR, source_version INTEGER, demo BOOLEAN NOT NULL, "
    + ", ".join(f"{c} INTEGER" for c in _COUNT_COLS) + ")",
    "version_files": "CREATE TABLE IF NOT EXISTS version_files (version_id INTEGER NOT NULL, position INTEGER NOT "
    "NULL, file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, size BIGINT NOT NULL, content BLOB NOT NULL)",
    "active": "CREATE TABLE IF NOT EXISTS active (one INTEGER PRIMARY KEY CHECK (one = 1), version_id INTEGER)",
}


class Store:
    """One database: a DuckDB file, or a PostgreSQL URL (:mod:`.server`). Use :func:`open_store` to share
    one instance per process.

    Opening reads the history first, and writes (the schema) only when something is missing: a
    damaged file raises :class:`~.errors.DatabaseDamaged` and is left exactly as it was. ``read_only``
    opens a database only to read it (a backup being checked, a migration's source): nothing is
    created or migrated. ``path`` is the file (None on a server), ``name`` what messages call it.
    """

    def __init__(self, target: str | os.PathLike, *, wait_seconds: float = 5.0, read_only: bool = False):
        self.server = _server.is_server(target)
        self.path = None if self.server else Path(target)
        self.target = str(target).strip() if self.server else str(self.path)
        self.name = _server.display(self.target) if self.server else str(self.path)
        self._write_lock = threading.Lock()
        if self.server:
            self._con = _server.connect(self.target, read_only=read_only)
        else:
            if not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._con = connect(self.path, wait_seconds, read_only=read_only)
        try:
            with self.reading():
                self._probe()
                if not read_only:
                    with self._migration_lock() as cur:
                        self._migrate(cur)
        except BaseException:
            self._con.close()
            raise
        _ALL_STORES.add(self)
        if self.path is not None:
            mark_open(self.path)

    # --- plumbing -------------------------------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for one thread/call: the base connection is never shared across threads."""
        return _server.cursor(self._con, self.target) if self.server else self._con.cursor()

    def close(self) -> None:
        from .service import stop_service  # here: service.py reads database.py, which builds Stores

        if self.path is not None:
            stop_service(self)                  # its command-line service, if this process serves one
        self._con.close()
        if self.path is not None:
            mark_closed(self.path)

    def reading(self):
        """A context in which DuckDB's "file cannot be read" failures become :class:`DatabaseDamaged`.

        The store's own reads use it; wrap any other read of :meth:`cursor` (the analytics queries, a
        page render) in it to get the same Italian message instead of DuckDB's error. On a server: a
        connection lost mid-read becomes :class:`ServerUnavailable`.
        """
        if self.server:
            return _server.reading(self.target)
        return reading(self.path) if self.path is not None else contextlib.nullcontext()

    @contextlib.contextmanager
    def _migration_lock(self):
        """Creating the tables at open: on a server, one replica at a time (the writers' lock, committed)."""
        cur = self.cursor()
        if not self.server:
            yield cur
            return
        cur.begin()
        try:
            _server.lock_writes(cur)
            yield cur
            cur.commit()
        except BaseException:
            _rollback_quietly(cur)
            raise

    def _tables_present(self, cur) -> set[str]:
        return {r[0] for r in cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() "
            "AND table_schema = current_schema()").fetchall()}

    def _probe(self) -> None:
        """Read the small tables every command needs: a damaged file is named here, before any write."""
        cur = self.cursor()
        present = self._tables_present(cur)
        for name in ("meta", "versions", "active"):
            if name in present:
                cur.execute(f"SELECT * FROM {name}").fetchall()

    def _migrate(self, cur) -> None:
        """Create what is missing (tables, columns added to the schema later); write nothing otherwise."""
        present = self._tables_present(cur)
        for name, ddl in _META_DDL.items():
            if name not in present:
                cur.execute(ddl)
        for table in TABLES:
            if table.name not in present:
                cur.execute(_create_sql(table))
                continue
            columns = {r[0] for r in cur.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() "
                "AND table_schema = current_schema() AND table_name = ?", [table.name]).fetchall()}
            for col in table.columns:                         # a column added to the schema later
                if col.name not in columns:
                    cur.execute(f"ALTER TABLE {table.name} ADD COLUMN {col.name} {col.sql_type}")
        stored = one(cur, "SELECT value FROM meta WHERE key = 'schema_version'")
        if stored is None or stored[0] != str(SCHEMA_VERSION):
            cur.execute("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET "
                        "value = excluded.value", [str(SCHEMA_VERSION)])
        if one(cur, "SELECT count(*) FROM active")[0] == 0:
            cur.execute("INSERT INTO active VALUES (1, NULL) ON CONFLICT (one) DO NOTHING")
        _official.migrate(cur, present)
        _meetings.migrate(cur, present)

    # --- reading ----------------------------------------------------------------------------------
    def active_version(self) -> int | None:
        with self.reading():
            row = one(self.cursor(), "SELECT version_id FROM active")
        return row[0] if row else None

    def versions(self) -> list[Version]:
        """Every version, oldest first."""
        with self.reading():
            rows = self.cursor().execute(
                "SELECT * FROM versions ORDER BY version_id").fetchdf().to_dict("records")
        return [version_from_row(r) for r in rows]

    def version(self, version_id: int | None = None) -> Version:
        """One version (default: the active one)."""
        vid = self.active_version() if version_id is None else version_id
        if vid is None:
            raise UnknownVersion("Il database non contiene ancora dati: importa un file o i dati dimostrativi.")
        with self.reading():
            rows = self.cursor().execute(
                "SELECT * FROM versions WHERE version_id = ?", [vid]).fetchdf().to_dict("records")
        if not rows:
            raise UnknownVersion(f"La versione {vid} non esiste.")
        return version_from_row(rows[0])

    def table(self, name: str, version_id: int | None = None) -> pd.DataFrame:
        """One table of a version (default: active), with the schema's columns, sorted by key."""
        table = TABLE_BY_NAME[name]
        vid = self.active_version() if version_id is None else version_id
        cols = ", ".join(table.names)
        order = ", ".join(table.key)
        with self.reading():
            frame = self.cursor().execute(
                f"SELECT {cols} FROM {table.name} WHERE version_id = ? ORDER BY {order}", [vid]).fetchdf()
        return to_python_types(frame, table)

    def tables(self, version_id: int | None = None) -> dict[str, pd.DataFrame]:
        vid = self.active_version() if version_id is None else version_id
        return {t.name: self.table(t.name, vid) for t in TABLES}

    def files(self, version_id: int) -> list[SourceFile]:
        with self.reading():
            rows = self.cursor().execute(
                "SELECT file_name, content FROM version_files WHERE version_id = ? ORDER BY position",
                [version_id]).fetchall()
        return [SourceFile(name, bytes(content)) for name, content in rows]

    # --- writing ----------------------------------------------------------------------------------
    def duplicate_of_active(self, files: list[SourceFile]) -> DuplicateUpload | None:
        """The refusal to give when ``files`` are, byte for byte, the active version's files (else None)."""
        active = self.active_version()
        if not files or active is None:
            return None
        same = one(self.cursor(), "SELECT sha256 FROM versions WHERE version_id = ?", [active])
        return _duplicate(active) if same and same[0] == combined_sha(list(files)) else None

    def commit(self, frames: dict[str, pd.DataFrame], *, author: str = LOCAL_AUTHOR, comment: str = "",
               files: list[SourceFile] | tuple = (), expected_active: int | None | str = "any",
               kind: str = "import", demo: bool = False, allow_duplicate: bool = False,
               created_at: datetime | None = None) -> int:
        """Write a new version: the given tables replaced, the others carried over; returns its id.

        ``expected_active`` is the active version the caller's preview was made on: if another
        commit happened since, :class:`StaleVersion` is raised and nothing is written. ``created_at``
        (default: now) lets the illustrative demo date its versions.
        """
        unknown = set(frames) - set(TABLE_BY_NAME)
        if unknown:
            raise ValueError(f"unknown tables {sorted(unknown)}")
        files = list(files)
        digest = combined_sha(files)
        with self._transaction() as cur:
            active = one(cur, "SELECT version_id FROM active")[0]
            if expected_active != "any" and expected_active != active:
                raise StaleVersion(
                    f"Un altro caricamento è stato confermato nel frattempo (versione attiva {active}, "
                    f"l'anteprima era sulla {expected_active}): ricontrolla l'anteprima aggiornata.")
            if files and not allow_duplicate and active is not None:
                same = one(cur, "SELECT sha256 FROM versions WHERE version_id = ?", [active])
                if same and same[0] == digest:
                    raise _duplicate(active)
            new_id = one(cur, "SELECT coalesce(max(version_id), 0) + 1 FROM versions")[0]
            carried_demo = False
            counts = {}
            for table in TABLES:
                if table.name in frames:
                    counts[table.name] = _insert_frame(cur, table, frames[table.name], new_id)
                else:
                    counts[table.name] = _copy_table(cur, table, active, new_id)
                    carried_demo |= active is not None and counts[table.name] > 0
            if carried_demo and not demo:
                row = one(cur, "SELECT demo FROM versions WHERE version_id = ?", [active])
                demo = bool(row and row[0])
            self._insert_version(cur, new_id, author=author, comment=comment, kind=kind,
                                 files=files, digest=digest, replaced=sorted(frames, key=_table_order),
                                 source=None, demo=demo, counts=counts, created_at=created_at)
            cur.execute("UPDATE active SET version_id = ?", [new_id])
        return new_id

    def rollback(self, version_id: int, *, author: str = LOCAL_AUTHOR, comment: str = "",
                 expected_active: int | None | str = "any") -> int:
        """Make an older version active again, as a new version that copies it (recorded in history)."""
        with self._transaction() as cur:
            src = one(cur, "SELECT demo FROM versions WHERE version_id = ?", [version_id])
            if src is None:
                raise UnknownVersion(f"La versione {version_id} non esiste.")
            active = one(cur, "SELECT version_id FROM active")[0]
            if expected_active != "any" and expected_active != active:
                raise StaleVersion(f"Un'altra modifica è stata confermata nel frattempo (versione attiva "
                                   f"{active}): ricarica la cronologia e riprova.")
            if active == version_id:
                raise StoreError(f"La versione {version_id} è già quella attiva.")
            new_id = one(cur, "SELECT coalesce(max(version_id), 0) + 1 FROM versions")[0]
            counts = {t.name: _copy_table(cur, t, version_id, new_id) for t in TABLES}
            self._insert_version(cur, new_id, author=author,
                                 comment=comment or f"Ripristino della versione {version_id}",
                                 kind="rollback", files=[], digest="", replaced=[], source=version_id,
                                 demo=bool(src[0]), counts=counts)
            cur.execute("UPDATE active SET version_id = ?", [new_id])
        return new_id

    @contextlib.contextmanager
    def exclusive(self):
        """A cursor under the process-wide writer lock, with Italian I/O errors (no transaction).

        A bad block met while writing is named as damage, not as a failed write."""
        with self._write_lock, translate_write_errors(), self.reading():
            yield self.cursor()

    @contextlib.contextmanager
    def _transaction(self):
        """The one write path: the process-wide writer lock, one transaction, Italian I/O errors."""
        with self.exclusive() as cur:
            cur.begin()
            try:
                if self.server:
                    _server.lock_writes(cur)     # every replica's writers, one at a time
                yield cur
                cur.commit()
            except BaseException as exc:
                _rollback_quietly(cur)
                if self.server and _server.is_conflict(exc):
                    raise _server.conflict_error() from None
                raise

    def _insert_version(self, cur, new_id, *, author, comment, kind, files, digest, replaced, source,
                        demo, counts, created_at=None) -> None:
        cur.execute(
            "INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + ", ".join("?" * len(TABLES)) + ")",
            [new_id, created_at or datetime.now().replace(microsecond=0), author or LOCAL_AUTHOR, comment, kind,
             ", ".join(f.name for f in files), digest, ",".join(replaced), source, demo,
             *[counts[t.name] for t in TABLES]])
        for pos, f in enumerate(files):
            cur.execute("INSERT INTO version_files VALUES (?, ?, ?, ?, ?, ?)",
                        [new_id, pos, f.name, f.sha256, len(f.content), f.content])
        # Belt and braces: the rows written must be the rows counted (a mismatch aborts the commit).
        for table in TABLES:
            cur.execute(f"SELECT CASE WHEN count(*) <> ? THEN error('conteggio righe errato in {table.name}') "
                        f"END FROM {table.name} WHERE version_id = ?", [counts[table.name], new_id]).fetchall()

    # --- comparing ----------------------------------------------------------------------------------
    def diff(self, old: int, new: int) -> dict[str, TableDiff]:
        """Added, removed and changed rows for every table between two versions."""
        for vid in (old, new):
            self.version(vid)
        return {t.name: diff_frames(t, self.table(t.name, old), self.table(t.name, new)) for t in TABLES}

    # --- operations ---------------------------------------------------------------------------------------
    def backup(self, directory: str | os.PathLike | None = None) -> Path:
        """A checked, consistent copy of the whole database in ``directory`` (see :func:`.backup.backup`;
        on a server ``pg_dump``, :func:`.pg_tools.dump`)."""
        return pg_tools.dump(self, directory) if self.server else _backup.backup(self, directory)

    def check(self, *, advise: bool = True) -> list[str]:
        """Integrity problems, empty when all is good (see :func:`.backup.check`)."""
        return _backup.check(self, advise=advise)


_ALL_STORES: weakref.WeakSet[Store] = weakref.WeakSet()


@atexit.register
def _close_all_stores() -> None:
    """Close every connection before the interpreter tears DuckDB down (else it reports 'leaks')."""
    for store in list(_ALL_STORES):
        with contextlib.suppress(Exception):
            store._con.close()
    gc.collect()


def _duplicate(active: int) -> DuplicateUpload:
    return DuplicateUpload(f"Questo file è già stato caricato: è la versione attiva {active}. Nulla da fare.")


def _rollback_quietly(cur) -> None:
    """Roll back if a transaction is still open: a failed COMMIT has already rolled back by itself,
    and a second error must not hide the first."""
    with contextlib.suppress(duckdb.Error):
        cur.rollback()


def _table_order(name: str) -> int:
    return [t.name for t in TABLES].index(name)


def _insert_frame(cur, table: Table, frame: pd.DataFrame, version_id: int) -> int:
    frame = frame.reindex(columns=table.names)
    cur.register("_ngp_frame", frame)
    try:
        select = ", ".join(f"CAST({c.name} AS {c.sql_type})" for c in table.columns)
        cur.execute(f"INSERT INTO {table.name} SELECT ?, {select} FROM _ngp_frame", [version_id])
    finally:
        cur.unregister("_ngp_frame")
    return len(frame)


def _copy_table(cur, table: Table, source: int | None, target: int) -> int:
    if source is None:
        return 0
    cols = ", ".join(table.names)
    cur.execute(f"INSERT INTO {table.name} SELECT ?, {cols} FROM {table.name} WHERE version_id = ?",
                [target, source])
    return one(cur, f"SELECT count(*) FROM {table.name} WHERE version_id = ?", [target])[0]
