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
from .errors import DatabaseDamaged, first_line


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


def check(store, *, advise: bool = True) -> list[str]:
    """Integrity problems (empty list = all good): versions readable, counts and checksums as recorded.

    A part that cannot be read because the file is damaged is one finding per part; with ``advise``
    the last finding is the damage message (newest good backup, restore command).
    """
    problems: list[str] = []
    damage: list[DatabaseDamaged] = []
    damaged_sheets: set[str] = set()

    def unreadable(where: str, exc: DatabaseDamaged, sheet: str = "") -> None:
        damage.append(exc)
        damaged_sheets.add(sheet)
        problems.append(f"{where}: illeggibile, {exc.kind}.")

    cur = store.cursor()
    with store.reading():                                # read at open already: a failure here is news
        active = one(cur, "SELECT count(*), max(version_id) FROM active")
    versions = store.versions()
    ids = {v.version_id for v in versions}
    if active[0] != 1:
        problems.append(f"la tabella active ha {active[0]} righe invece di 1.")
    elif active[1] is not None and active[1] not in ids:
        problems.append(f"la versione attiva {active[1]} non esiste.")
    for v in versions:
        for table in TABLES:
            try:
                n = len(store.table(table.name, v.version_id))
            except DatabaseDamaged as exc:
                unreadable(f"versione {v.version_id}, {table.sheet}", exc, table.sheet)
                continue
            except Exception as exc:  # noqa: BLE001 - report any unreadable table
                problems.append(f"versione {v.version_id}, {table.sheet}: illeggibile ({first_line(exc)}).")
                continue
            if n != v.counts.get(table.name, 0):
                problems.append(f"versione {v.version_id}, {table.sheet}: {n} righe, registrate "
                                f"{v.counts.get(table.name, 0)}.")
        try:
            with store.reading():
                rows = cur.execute("SELECT file_name, sha256, size, content FROM version_files WHERE "
                                   "version_id = ? ORDER BY position", [v.version_id]).fetchall()
        except DatabaseDamaged as exc:
            unreadable(f"versione {v.version_id}, file originali", exc)
            continue
        for name, digest, size, content in rows:
            content = bytes(content)
            if len(content) != size or hashlib.sha256(content).hexdigest() != digest:
                problems.append(f"versione {v.version_id}: il file originale {name} non corrisponde al suo "
                                f"SHA-256.")
    orphans = []
    for t in TABLES:
        try:
            with store.reading():
                if one(cur, f"SELECT count(*) FROM {t.name} WHERE version_id NOT IN "
                            f"(SELECT version_id FROM versions)")[0]:
                    orphans.append(t.name)
        except DatabaseDamaged as exc:
            if t.sheet not in damaged_sheets:
                unreadable(f"tabella {t.sheet}", exc, t.sheet)
    if orphans:
        problems.append(f"righe senza versione nelle tabelle: {', '.join(orphans)}.")
    if damage and advise:
        problems.append(str(damage[0]))
    return problems
