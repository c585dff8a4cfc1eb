"""The database file as a whole: where it lives, one shared Store per file, and restoring a backup."""

from __future__ import annotations

import os
import shutil
import threading
from datetime import datetime
from pathlib import Path

from .connection import connect, is_open_here
from .errors import DatabaseBusy, StoreError
from .versioned import Store

DEFAULT_DB = Path(__file__).resolve().parents[2] / "data" / "ngp.duckdb"

_STORES: dict[Path, Store] = {}
_STORES_LOCK = threading.Lock()


def default_db_path() -> Path:
    return Path(os.environ.get("NGP_DB") or DEFAULT_DB)


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
    if is_open_here(target):
        raise DatabaseBusy(f"Database in uso: {target} è aperto da questo stesso processo; chiudilo prima.")
    if target.exists():
        connect(target, 0).close()                       # DatabaseBusy while another process holds it
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

