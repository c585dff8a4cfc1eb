"""Opening the DuckDB file (waiting a little while another process holds it) and reading one row.

DuckDB locks a file against other processes only; the count of the files this process has open
(``mark_open`` / ``mark_closed`` / ``is_open_here``) lets a restore refuse a file open here too.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import duckdb

from .damage import damaged, is_damage
from .errors import DatabaseBusy, StoreError, first_line

_LOCK_RE = re.compile(r"Conflicting lock is held in (.*?) \(PID (\d+)\)")

_NEWER_RE = re.compile(r"created with an? newer version of DuckDB|can only read versions between", re.IGNORECASE)

_OPEN_HERE: dict[Path, int] = {}          # files this process has open (DuckDB only locks across processes)
_OPEN_LOCK = threading.Lock()


def connect(path: Path, wait_seconds: float, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to ``path``; :class:`DatabaseBusy` when another process still holds it after the wait,
    :class:`~.errors.DatabaseDamaged` when the file cannot be read."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            match = _LOCK_RE.search(str(exc))
            if not match:
                if _NEWER_RE.search(str(exc)):
                    raise newer_file(path) from None
                if is_damage(exc):
                    raise damaged(path, exc) from exc
                raise StoreError(f"Impossibile aprire il database {path}: {first_line(exc)}") from None
            if time.monotonic() >= deadline:
                raise DatabaseBusy(
                    f"Database in uso: {path} è aperto da un altro processo (PID {match.group(2)}), per "
                    "esempio la dashboard. Riprova tra poco, o fermala e ripeti il comando.") from None
            time.sleep(0.2)
        except duckdb.Error as exc:
            if is_damage(exc):
                raise damaged(path, exc) from exc
            raise StoreError(f"Impossibile aprire il database {path}: {first_line(exc)}") from None


def newer_file(path: Path) -> StoreError:
    """A file written by a newer DuckDB than the pinned one (NGP Monitor's releases before the PostgreSQL
    store used DuckDB 2.0): nothing is changed; the message gives the way across (docs/OPERATIONS.md)."""
    return StoreError(
        f"Il database {path} è stato scritto da una versione di DuckDB più recente di quella installata "
        f"({duckdb.__version__}): va convertito una volta, nulla è stato modificato. Esportalo con la versione "
        f"che l'ha scritto (pip install duckdb==2.0.0 in un ambiente a parte, poi EXPORT DATABASE 'cartella') e "
        f"importalo con: python -m ngp_data migrate --from cartella --to nuovo.duckdb — i passi esatti sono in "
        f"docs/OPERATIONS.md, «Cambio di versione di DuckDB».")


def mark_open(path: Path) -> None:
    with _OPEN_LOCK:
        _OPEN_HERE[path.resolve()] = _OPEN_HERE.get(path.resolve(), 0) + 1


def mark_closed(path: Path) -> None:
    with _OPEN_LOCK:
        key = path.resolve()
        _OPEN_HERE[key] = _OPEN_HERE.get(key, 1) - 1
        if _OPEN_HERE[key] <= 0:
            del _OPEN_HERE[key]


def is_open_here(path: Path) -> bool:
    """True while a Store of this process has ``path`` open."""
    return path.resolve() in _OPEN_HERE


def one(cur, sql: str, params=()):
    """The first row of a query, fetched whole: DuckDB refuses other work on a half-read result."""
    rows = cur.execute(sql, params).fetchall()
    return rows[0] if rows else None
