"""The versioned DuckDB store: open/migrate, commit a new version, rollback, history and diff.

Every version holds a complete copy of every table under its own ``version_id``, so a version is
immutable once written: readers pin a version id and can never see a mix of two uploads, and a
rollback is a new version that copies an old one. Writes go through one lock and one transaction.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import hashlib
import os
import re
import shutil
import threading
import time
import weakref
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from ..schema import TABLE_BY_NAME, TABLES, Table

DEFAULT_DB = Path(__file__).resolve().parents[2] / "data" / "ngp.duckdb"
SCHEMA_VERSION = 1
LOCAL_AUTHOR = "locale"


class StoreError(Exception):
    """A problem the user can act on; ``str()`` is an Italian message. ``exit_code`` for the CLI."""

    exit_code = 1


class DatabaseBusy(StoreError):
    exit_code = 2


class StaleVersion(StoreError):
    """Another upload was committed after the caller read the active version."""


class DuplicateUpload(StoreError):
    """The same file(s) as the active version, byte for byte."""


class DiskFull(StoreError):
    pass


class UnknownVersion(StoreError):
    pass


@dataclass(frozen=True)
class SourceFile:
    """An uploaded file as received: kept whole in the version it produced."""

    name: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class Version:
    version_id: int
    created_at: datetime
    author: str
    comment: str
    kind: str                      # import | rollback | demo
    file_names: str
    sha256: str
    tables_replaced: tuple[str, ...]
    source_version: int | None     # for a rollback: the version made active again
    demo: bool                     # True while any table comes from the illustrative demo data
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class TableDiff:
    """Rows added, removed and changed between two versions of one table."""

    table: str
    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame          # columns: key columns..., column, old, new

    @property
    def empty(self) -> bool:
        return self.added.empty and self.removed.empty and self.changed.empty

    @property
    def n_changed_rows(self) -> int:
        key = [c for c in self.changed.columns if c not in ("column", "old", "new")]
        return len(self.changed.drop_duplicates(subset=key)) if len(self.changed) else 0

    def summary(self) -> str:
        """``3 aggiunte, 1 tolta, 2 modificate`` (rows)."""
        return (f"{len(self.added)} righe aggiunte, {len(self.removed)} tolte, "
                f"{self.n_changed_rows} modificate")


def default_db_path() -> Path:
    return Path(os.environ.get("NGP_DB") or DEFAULT_DB)


def _create_sql(table: Table) -> str:
    cols = ", ".join(f"{c.name} {c.sql_type}" for c in table.columns)
    return f"CREATE TABLE IF NOT EXISTS {table.name} (version_id INTEGER NOT NULL, {cols})"


_COUNT_COLS = [f"n_{t.name}" for t in TABLES]

_META_DDL = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE TABLE IF NOT EXISTS versions (version_id INTEGER PRIMARY KEY, created_at TIMESTAMP NOT NULL, "
    "author VARCHAR NOT NULL, comment VARCHAR, kind VARCHAR NOT NULL, file_names VARCHAR, sha256 VARCHAR, "
    "tables_replaced VARCHAR, source_version INTEGER, demo BOOLEAN NOT NULL, "
    + ", ".join(f"{c} INTEGER" for c in _COUNT_COLS) + ")",
    "CREATE TABLE IF NOT EXISTS version_files (version_id INTEGER NOT NULL, position INTEGER NOT NULL, "
    "file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, size BIGINT NOT NULL, content BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS active (one INTEGER PRIMARY KEY CHECK (one = 1), version_id INTEGER)",
]

_LOCK_RE = re.compile(r"Conflicting lock is held in (.*?) \(PID (\d+)\)")


class Store:
    """One DuckDB database file. Use :func:`open_store` to share one instance per process."""

    def __init__(self, path: str | os.PathLike, *, wait_seconds: float = 5.0):
        self.path = Path(path)
        self._write_lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con = _connect(self.path, wait_seconds)
        _ALL_STORES.add(self)
        with _OPEN_LOCK:
            _OPEN_HERE[self.path.resolve()] = _OPEN_HERE.get(self.path.resolve(), 0) + 1
        self._migrate()

    # --- plumbing -------------------------------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for one thread/call: the base connection is never shared across threads."""
        return self._con.cursor()

    def close(self) -> None:
        self._con.close()
        with _OPEN_LOCK:
            key = self.path.resolve()
            _OPEN_HERE[key] = _OPEN_HERE.get(key, 1) - 1
            if _OPEN_HERE[key] <= 0:
                del _OPEN_HERE[key]

    def _migrate(self) -> None:
        cur = self.cursor()
        for ddl in _META_DDL:
            cur.execute(ddl)
        for table in TABLES:
            cur.execute(_create_sql(table))
            present = {r[0] for r in cur.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table.name]
            ).fetchall()}
            for col in table.columns:                         # a column added to the schema later
                if col.name not in present:
                    cur.execute(f"ALTER TABLE {table.name} ADD COLUMN {col.name} {col.sql_type}")
        cur.execute("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET "
                    "value = excluded.value", [str(SCHEMA_VERSION)])
        cur.execute("INSERT INTO active VALUES (1, NULL) ON CONFLICT (one) DO NOTHING")

    # --- reading ----------------------------------------------------------------------------------
    def active_version(self) -> int | None:
        row = _one(self.cursor(), "SELECT version_id FROM active")
        return row[0] if row else None

    def versions(self) -> list[Version]:
        """Every version, oldest first."""
        rows = self.cursor().execute(
            "SELECT * FROM versions ORDER BY version_id").fetchdf().to_dict("records")
        return [_version_from_row(r) for r in rows]

    def version(self, version_id: int | None = None) -> Version:
        """One version (default: the active one)."""
        vid = self.active_version() if version_id is None else version_id
        if vid is None:
            raise UnknownVersion("Il database non contiene ancora dati: importa un file o i dati dimostrativi.")
        rows = self.cursor().execute(
            "SELECT * FROM versions WHERE version_id = ?", [vid]).fetchdf().to_dict("records")
        if not rows:
            raise UnknownVersion(f"La versione {vid} non esiste.")
        return _version_from_row(rows[0])

    def table(self, name: str, version_id: int | None = None) -> pd.DataFrame:
        """One table of a version (default: active), with the schema's columns, sorted by key."""
        table = TABLE_BY_NAME[name]
        vid = self.active_version() if version_id is None else version_id
        cols = ", ".join(table.names)
        order = ", ".join(table.key)
        frame = self.cursor().execute(
            f"SELECT {cols} FROM {table.name} WHERE version_id = ? ORDER BY {order}", [vid]).fetchdf()
        return _to_python_types(frame, table)

    def tables(self, version_id: int | None = None) -> dict[str, pd.DataFrame]:
        vid = self.active_version() if version_id is None else version_id
        return {t.name: self.table(t.name, vid) for t in TABLES}

    def files(self, version_id: int) -> list[SourceFile]:
        rows = self.cursor().execute(
            "SELECT file_name, content FROM version_files WHERE version_id = ? ORDER BY position",
            [version_id]).fetchall()
        return [SourceFile(name, bytes(content)) for name, content in rows]

    # --- writing ----------------------------------------------------------------------------------
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
        digest = _combined_sha(files)
        with self._transaction() as cur:
            active = _one(cur, "SELECT version_id FROM active")[0]
            if expected_active != "any" and expected_active != active:
                raise StaleVersion(
                    f"Un altro caricamento è stato confermato nel frattempo (versione attiva {active}, "
                    f"l'anteprima era sulla {expected_active}): ricontrolla l'anteprima aggiornata.")
            if files and not allow_duplicate and active is not None:
                same = _one(cur, "SELECT sha256 FROM versions WHERE version_id = ?", [active])
                if same and same[0] == digest:
                    raise DuplicateUpload(
                        f"Questo file è già stato caricato: è la versione attiva {active}. Nulla da fare.")
            new_id = _one(cur, "SELECT coalesce(max(version_id), 0) + 1 FROM versions")[0]
            carried_demo = False
            counts = {}
            for table in TABLES:
                if table.name in frames:
                    counts[table.name] = _insert_frame(cur, table, frames[table.name], new_id)
                else:
                    counts[table.name] = _copy_table(cur, table, active, new_id)
                    carried_demo |= active is not None and counts[table.name] > 0
            if carried_demo and not demo:
                row = _one(cur, "SELECT demo FROM versions WHERE version_id = ?", [active])
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
            src = _one(cur, "SELECT demo FROM versions WHERE version_id = ?", [version_id])
            if src is None:
                raise UnknownVersion(f"La versione {version_id} non esiste.")
            active = _one(cur, "SELECT version_id FROM active")[0]
            if expected_active != "any" and expected_active != active:
                raise StaleVersion(f"Un'altra modifica è stata confermata nel frattempo (versione attiva "
                                   f"{active}): ricarica la cronologia e riprova.")
            if active == version_id:
                raise StoreError(f"La versione {version_id} è già quella attiva.")
            new_id = _one(cur, "SELECT coalesce(max(version_id), 0) + 1 FROM versions")[0]
            counts = {t.name: _copy_table(cur, t, version_id, new_id) for t in TABLES}
            self._insert_version(cur, new_id, author=author,
                                 comment=comment or f"Ripristino della versione {version_id}",
                                 kind="rollback", files=[], digest="", replaced=[], source=version_id,
                                 demo=bool(src[0]), counts=counts)
            cur.execute("UPDATE active SET version_id = ?", [new_id])
        return new_id

    @contextlib.contextmanager
    def _transaction(self):
        """The one write path: the process-wide writer lock, one transaction, Italian I/O errors."""
        with self._write_lock, _translate_write_errors():
            cur = self.cursor()
            cur.begin()
            try:
                yield cur
                cur.commit()
            except BaseException:
                _rollback_quietly(cur)
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


    # --- operations -----------------------------------------------------------------------------------
    def backup(self, directory: str | os.PathLike) -> Path:
        """A consistent copy of the whole database in ``directory``, named with date and time.

        Taken under the write lock, inside DuckDB (``COPY FROM DATABASE``), so it holds exactly the
        committed versions even while the dashboard is running.
        """
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / f"ngp_backup_{datetime.now():%Y%m%d_%H%M%S}.duckdb"
        n = 1
        while target.exists():
            target = directory / f"ngp_backup_{datetime.now():%Y%m%d_%H%M%S}_{n}.duckdb"
            n += 1
        with self._write_lock, _translate_write_errors():
            cur = self.cursor()
            source = _one(cur, "SELECT current_database()")[0]
            quoted = str(target).replace("'", "''")            # ATTACH takes a literal, not a parameter
            cur.execute(f"ATTACH '{quoted}' AS ngp_backup")
            try:
                cur.execute(f'COPY FROM DATABASE "{source}" TO ngp_backup')
            finally:
                cur.execute("DETACH ngp_backup")
        return target

    def check(self) -> list[str]:
        """Integrity problems (empty list = all good): versions readable, counts and checksums as recorded."""
        problems = []
        cur = self.cursor()
        active = _one(cur, "SELECT count(*), max(version_id) FROM active")
        ids = {v.version_id for v in self.versions()}
        if active[0] != 1:
            problems.append(f"la tabella active ha {active[0]} righe invece di 1.")
        elif active[1] is not None and active[1] not in ids:
            problems.append(f"la versione attiva {active[1]} non esiste.")
        for v in self.versions():
            for table in TABLES:
                try:
                    n = len(self.table(table.name, v.version_id))
                except Exception as exc:  # noqa: BLE001 - report any unreadable table
                    problems.append(f"versione {v.version_id}, {table.sheet}: illeggibile ({_first_line(exc)}).")
                    continue
                if n != v.counts.get(table.name, 0):
                    problems.append(f"versione {v.version_id}, {table.sheet}: {n} righe, registrate "
                                    f"{v.counts.get(table.name, 0)}.")
            rows = cur.execute("SELECT file_name, sha256, size, content FROM version_files WHERE version_id = ? "
                               "ORDER BY position", [v.version_id]).fetchall()
            for name, digest, size, content in rows:
                content = bytes(content)
                if len(content) != size or hashlib.sha256(content).hexdigest() != digest:
                    problems.append(f"versione {v.version_id}: il file originale {name} non corrisponde al suo "
                                    f"SHA-256.")
        orphans = [t.name for t in TABLES if _one(
            cur, f"SELECT count(*) FROM {t.name} WHERE version_id NOT IN (SELECT version_id FROM versions)")[0]]
        if orphans:
            problems.append(f"righe senza versione nelle tabelle: {', '.join(orphans)}.")
        return problems


def restore(backup: str | os.PathLike, target: str | os.PathLike) -> Path | None:
    """Replace the database ``target`` with a checked backup; the replaced file is kept aside.

    Run with the dashboard stopped (the file must not be open). Returns where the old file was moved.
    """
    backup, target = Path(backup), Path(target)
    if not backup.is_file():
        raise StoreError(f"Il file di backup {backup} non esiste.")
    probe = Store(backup, wait_seconds=0)
    try:
        problems = probe.check()
        if not probe.versions():
            problems.append("il backup non contiene versioni.")
    finally:
        probe.close()
    if problems:
        raise StoreError("Backup non valido, nulla è stato ripristinato: " + " ".join(problems))
    if target.resolve() in _OPEN_HERE:
        raise DatabaseBusy(f"Database in uso: {target} è aperto da questo stesso processo; chiudilo prima.")
    if target.exists():
        _connect(target, 0).close()                      # DatabaseBusy while another process holds it
    kept = None
    if target.exists():
        kept = target.with_name(f"{target.stem}.prima-del-ripristino-{datetime.now():%Y%m%d_%H%M%S}{target.suffix}")
        target.rename(kept)
        wal = target.with_name(target.name + ".wal")
        if wal.exists():
            wal.rename(kept.with_name(kept.name + ".wal"))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(backup, target)
    return kept


def diff_frames(table: Table, old: pd.DataFrame, new: pd.DataFrame) -> TableDiff:
    """Compare two frames of one table by key (also used by the upload preview)."""
    key = list(table.key)
    o = old.set_index(key)
    n = new.set_index(key)
    added = new[~n.index.isin(o.index)].reset_index(drop=True)
    removed = old[~o.index.isin(n.index)].reset_index(drop=True)
    common = o.index.intersection(n.index)
    records = []
    if len(common):
        oc, nc = o.loc[common], n.loc[common]
        for col in [c for c in table.names if c not in key]:
            a, b = oc[col], nc[col]
            differs = ~((a == b) | (a.isna() & b.isna()))
            for idx in differs[differs.fillna(True).astype(bool)].index:
                idx_t = idx if isinstance(idx, tuple) else (idx,)
                records.append({**dict(zip(key, idx_t, strict=False)), "column": col,
                                "old": _none(a.loc[idx]), "new": _none(b.loc[idx])})
    changed = pd.DataFrame.from_records(records, columns=[*key, "column", "old", "new"])
    return TableDiff(table.name, added, removed, changed)


# --- helpers -----------------------------------------------------------------------------------------

_STORES: dict[Path, Store] = {}
_STORES_LOCK = threading.Lock()
_OPEN_HERE: dict[Path, int] = {}          # files this process has open (DuckDB only locks across processes)
_OPEN_LOCK = threading.Lock()
_ALL_STORES: weakref.WeakSet[Store] = weakref.WeakSet()


@atexit.register
def _close_all_stores() -> None:
    """Close every connection before the interpreter tears DuckDB down (else it reports 'leaks')."""
    for store in list(_ALL_STORES):
        with contextlib.suppress(Exception):
            store._con.close()
    gc.collect()


def open_store(path: str | os.PathLike | None = None, *, wait_seconds: float = 5.0) -> Store:
    """The process-wide Store for ``path`` (default: ``NGP_DB`` or data/ngp.duckdb)."""
    resolved = Path(path or default_db_path()).resolve()
    with _STORES_LOCK:
        store = _STORES.get(resolved)
        if store is None:
            store = _STORES[resolved] = Store(resolved, wait_seconds=wait_seconds)
        return store


def close_store(path: str | os.PathLike | None = None) -> None:
    """Close and forget the process-wide Store for ``path`` (tests, CLI shutdown)."""
    resolved = Path(path or default_db_path()).resolve()
    with _STORES_LOCK:
        store = _STORES.pop(resolved, None)
    if store is not None:
        store.close()


def _connect(path: Path, wait_seconds: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.IOException as exc:
            match = _LOCK_RE.search(str(exc))
            if not match:
                raise StoreError(f"Impossibile aprire il database {path}: {_first_line(exc)}") from None
            if time.monotonic() >= deadline:
                raise DatabaseBusy(
                    f"Database in uso: {path} è aperto da un altro processo (PID {match.group(2)}), per "
                    "esempio la dashboard. Riprova tra poco, o fermala e ripeti il comando.") from None
            time.sleep(0.2)
        except duckdb.Error as exc:
            raise StoreError(f"Impossibile aprire il database {path}: {_first_line(exc)}") from None


class _translate_write_errors:
    """Turn DuckDB's disk-full and I/O failures into an Italian message (the transaction is rolled back)."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if os.environ.get("NGP_DEBUG"):
            return False
        if exc is None or isinstance(exc, StoreError) or not isinstance(exc, (duckdb.Error, OSError)):
            return False
        text = str(exc)
        if "No space left" in text or "File too large" in text or "ENOSPC" in text:
            raise DiskFull("Spazio su disco esaurito: la nuova versione non è stata salvata e i dati restano "
                           "quelli di prima. Libera spazio e riprova.") from None
        raise StoreError(f"Scrittura nel database non riuscita, nulla è stato modificato: "
                         f"{_first_line(exc)}") from None


def _rollback_quietly(cur) -> None:
    """Roll back if a transaction is still open: a failed COMMIT has already rolled back by itself,
    and a second error must not hide the first."""
    with contextlib.suppress(duckdb.Error):
        cur.rollback()


def _one(cur, sql: str, params=()):
    """The first row of a query, fetched whole: DuckDB refuses other work on a half-read result."""
    rows = cur.execute(sql, params).fetchall()
    return rows[0] if rows else None


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _combined_sha(files: list[SourceFile]) -> str:
    if not files:
        return ""
    if len(files) == 1:
        return files[0].sha256
    h = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.name):
        h.update(f.name.encode() + b"\0" + f.sha256.encode())
    return h.hexdigest()


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
    return _one(cur, f"SELECT count(*) FROM {table.name} WHERE version_id = ?", [target])[0]


def _version_from_row(r: dict) -> Version:
    def opt_int(v):
        return None if v is None or pd.isna(v) else int(v)
    return Version(
        version_id=int(r["version_id"]), created_at=pd.Timestamp(r["created_at"]).to_pydatetime(),
        author=r["author"], comment=r["comment"] or "", kind=r["kind"], file_names=r["file_names"] or "",
        sha256=r["sha256"] or "", tables_replaced=tuple(x for x in (r["tables_replaced"] or "").split(",") if x),
        source_version=opt_int(r["source_version"]), demo=bool(r["demo"]),
        counts={t.name: opt_int(r[f"n_{t.name}"]) or 0 for t in TABLES},
    )


def _to_python_types(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """DECIMAL -> float; everything else as Python objects with None for empty (dates as datetime.date)."""
    for col in table.columns:
        values = frame[col.name]
        if col.kind == "amount":
            frame[col.name] = pd.to_numeric(values, errors="coerce").astype("float64")
            continue
        if col.kind == "date":
            values = pd.to_datetime(values).dt.date
        frame[col.name] = values.astype(object).where(values.notna(), None)
    return frame


def _none(value):
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def version_summary(v: Version) -> str:
    """One line per version, starting with its number (the CLI's `versions` output)."""
    counts = " ".join(f"{TABLE_BY_NAME[k].sheet}={n}" for k, n in v.counts.items())
    flags = " [dimostrativi]" if v.demo else ""
    return (f"{v.version_id}\t{v.created_at:%d/%m/%Y %H:%M}\t{v.author}\t{v.kind}{flags}\t"
            f"{v.file_names or '-'}\t{counts}\t{v.comment}")


