"""Operations on a whole open store: a consistent backup copy, and the integrity check.

``Store.backup`` and ``Store.check`` call these; :func:`~ngp_data.store.database.restore` puts a
checked backup back in place of the database file.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

from ..schema import TABLES
from .connection import one
from .errors import first_line


def backup(store, directory: str | os.PathLike) -> Path:
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
    with store.exclusive() as cur:
        source = one(cur, "SELECT current_database()")[0]
        quoted = str(target).replace("'", "''")            # ATTACH takes a literal, not a parameter
        cur.execute(f"ATTACH '{quoted}' AS ngp_backup")
        try:
            cur.execute(f'COPY FROM DATABASE "{source}" TO ngp_backup')
        finally:
            cur.execute("DETACH ngp_backup")
    return target


def check(store) -> list[str]:
    """Integrity problems (empty list = all good): versions readable, counts and checksums as recorded."""
    problems = []
    cur = store.cursor()
    active = one(cur, "SELECT count(*), max(version_id) FROM active")
    ids = {v.version_id for v in store.versions()}
    if active[0] != 1:
        problems.append(f"la tabella active ha {active[0]} righe invece di 1.")
    elif active[1] is not None and active[1] not in ids:
        problems.append(f"la versione attiva {active[1]} non esiste.")
    for v in store.versions():
        for table in TABLES:
            try:
                n = len(store.table(table.name, v.version_id))
            except Exception as exc:  # noqa: BLE001 - report any unreadable table
                problems.append(f"versione {v.version_id}, {table.sheet}: illeggibile ({first_line(exc)}).")
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
    orphans = [t.name for t in TABLES if one(
        cur, f"SELECT count(*) FROM {t.name} WHERE version_id NOT IN (SELECT version_id FROM versions)")[0]]
    if orphans:
        problems.append(f"righe senza versione nelle tabelle: {', '.join(orphans)}.")
    return problems
