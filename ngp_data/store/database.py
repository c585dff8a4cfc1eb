"""The database as a whole: where it lives, one shared Store per database, and restoring a backup.

The database is a DuckDB file (the default, data/ngp.duckdb) or a PostgreSQL URL (:mod:`.server`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from datetime import datetime
from pathlib import Path

import duckdb

from . import pg_tools
from .connection import connect, is_open_here
from .errors import DatabaseBusy, DatabaseDamaged, StoreError, cannot_write, first_line
from .server import is_server
from .versioned import Store

DEFAULT_DB = Path(__file__).resolve().parents[2] / "data" / "ngp.duckdb"

_STORES: dict[Path | str, Store] = {}
_STORES_LOCK = threading.Lock()


def database_arg(value: str | os.PathLike) -> Path | str:
    """A database named by the user: a PostgreSQL URL as it is, anything else a file path."""
    return str(value).strip() if is_server(value) else Path(value)


def default_db_path() -> Path | str:
    """The configured database: ``NGP_DB`` (a file or a PostgreSQL URL), else data/ngp.duckdb."""
    return database_arg(os.environ.get("NGP_DB") or DEFAULT_DB)


def database_key(target: str | os.PathLike | None) -> Path | str:
    """One name per database: a resolved file path, or the URL itself."""
    target = database_arg(target or default_db_path())
    return target if isinstance(target, str) else target.resolve()


def open_store(path: str | os.PathLike | None = None, *, wait_seconds: float = 5.0) -> Store:
    """The process-wide Store for ``path`` (default: ``NGP_DB`` or data/ngp.duckdb)."""
    resolved = database_key(path)
    with _STORES_LOCK:
        store = _STORES.get(resolved)
        if store is None:
            store = _STORES[resolved] = Store(resolved, wait_seconds=wait_seconds)
        return store


def close_store(path: str | os.PathLike | None = None) -> None:
    """Close and forget the process-wide Store for ``path`` (tests, CLI shutdown)."""
    resolved = database_key(path)
    with _STORES_LOCK:
        store = _STORES.pop(resolved, None)
    if store is not None:
        store.close()


def restore(backup: str | os.PathLike, target: str | os.PathLike) -> Path | None:
    """Replace the database ``target`` with a checked backup; the replaced file is kept aside.

    Run with the dashboard stopped: a file open here or held by another process (DuckDB's lock) is
    refused. A target that cannot be read at all (damaged, not a database, empty) is no reason to
    refuse: restoring is its cure, and it is kept aside like any replaced file. The backup is copied
    under a temporary name first, so a failed copy changes nothing. Returns where the old file went.
    A PostgreSQL target takes a ``pg_dump`` backup instead (:func:`.pg_tools.restore`).
    """
    if is_server(target):
        return pg_tools.restore(Path(backup), str(target).strip())
    backup, target = Path(backup), Path(target)
    if not backup.is_file():
        raise StoreError(f"Il file di backup {backup} non esiste.")
    problems = _backup_problems(backup)
    if problems:
        raise StoreError("Backup non valido, nulla è stato ripristinato: " + " ".join(problems))
    if is_open_here(target):
        raise DatabaseBusy(f"Database in uso: {target} è aperto da questo stesso processo; chiudilo prima.")
    if target.exists():
        _refuse_if_held(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.with_name(f".{target.name}.ripristino.partial")
    try:
        shutil.copyfile(backup, incoming)
        with open(incoming, "rb+") as f:
            os.fsync(f.fileno())
    except OSError as exc:
        incoming.unlink(missing_ok=True)
        raise cannot_write(target, exc, "il database ripristinato in") from None
    kept = None
    try:
        if target.exists():
            kept = target.with_name(
                f"{target.stem}.prima-del-ripristino-{datetime.now():%Y%m%d_%H%M%S}{target.suffix}")
            target.rename(kept)
            wal = target.with_name(target.name + ".wal")
            if wal.exists():
                wal.rename(kept.with_name(kept.name + ".wal"))
        os.replace(incoming, target)
    except OSError as exc:
        incoming.unlink(missing_ok=True)
        if kept is not None and not target.exists():     # put the old file back where it was
            with contextlib.suppress(OSError):
                kept.rename(target)
                wal = kept.with_name(kept.name + ".wal")
                if wal.exists():
                    wal.rename(target.with_name(target.name + ".wal"))
        raise cannot_write(target, exc, "il database ripristinato in") from None
    return kept


def _backup_problems(backup: Path) -> list[str]:
    """Why ``backup`` cannot be restored (empty: it can). Opened read-only: the backup is never changed."""
    try:
        probe = Store(backup, wait_seconds=0, read_only=True)
    except DatabaseDamaged as exc:
        return [f"il file {backup} è danneggiato: {exc.kind}."]
    except DatabaseBusy:
        raise
    except StoreError as exc:
        return [str(exc)]
    try:
        problems = probe.check(advise=False)
        if not probe.versions():
            problems.append("il backup non contiene versioni.")
        return problems
    except DatabaseDamaged as exc:
        return [f"il file {backup} è danneggiato: {exc.kind}."]
    except duckdb.Error as exc:
        return [f"il file {backup} non è un database di NGP Monitor ({first_line(exc)})."]
    finally:
        probe.close()


def _refuse_if_held(target: Path) -> None:
    """:class:`DatabaseBusy` while another process holds ``target``, whatever the file's content.

    DuckDB locks the file it opens (read-write: exclusive; read-only: shared), so a lock we cannot take
    is a holder. The lock is probed directly: opening a damaged file with DuckDB would fail for
    another reason, and "unreadable" must not be mistaken for "in use", nor the reverse.
    """
    if not _locked_elsewhere(target):
        return
    try:
        connect(target, 0).close()                       # DuckDB's own words name the holder (PID)
    except DatabaseBusy:
        raise
    except StoreError:
        pass
    else:
        return                                           # released in the meantime
    raise DatabaseBusy(f"Database in uso: {target} è aperto da un altro processo, per esempio la dashboard. "
                       "Fermala e ripeti il comando.")


def _locked_elsewhere(path: Path) -> bool:
    try:
        import fcntl
    except ImportError:                                  # not POSIX: DuckDB's open is the only probe
        try:
            connect(path, 0).close()
        except DatabaseBusy:
            return True
        except StoreError:
            return False
        return False
    try:
        fd, kind = os.open(path, os.O_RDWR), fcntl.LOCK_EX
    except OSError:
        try:
            fd, kind = os.open(path, os.O_RDONLY), fcntl.LOCK_SH  # a read-write holder's lock still shows
        except OSError:
            return False                                 # not even readable: nobody's database holds it
    try:
        fcntl.lockf(fd, kind | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)                                     # closing releases our probe lock
    return False
