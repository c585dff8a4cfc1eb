"""Operations on a whole open store: a checked, consistent backup copy, and the integrity check.

``Store.backup`` and ``Store.check`` call these; :func:`~ngp_data.store.database.restore` puts a
checked backup back in place of the database file.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import os
from datetime import datetime
from pathlib import Path

import duckdb

from ..schema import TABLES
from .connection import one
from .damage import backup_dir, damaged, is_damage
from .errors import DatabaseDamaged, DiskFull, StoreError, cannot_write, first_line, is_disk_full
from .meetings import TABLE_NAMES as MEETING_TABLE_NAMES
from .official import TABLE_NAMES as OFFICIAL_TABLE_NAMES

_ALIASES = itertools.count(1)            # a fresh ATTACH name each time: a failed DETACH cannot block the next
_COUNTED = ("meta", "versions", "version_files", "active", *(t.name for t in TABLES), *OFFICIAL_TABLE_NAMES,
            *MEETING_TABLE_NAMES)


def backup(store, directory: str | os.PathLike | None = None) -> Path:
    """A checked, consistent copy of the whole database in ``directory``, named with date and time.

    ``directory`` defaults to the backup folder (``$NGP_BACKUP_DIR``, else backup/ beside the
    database). Taken under the write lock, inside DuckDB (``COPY FROM DATABASE``), so it holds
    exactly the committed versions even while the dashboard is running. The copy is written under a
    hidden temporary name, reopened and compared (row counts of every table), and only then renamed:
    a backup under its final name is always whole. On any failure the temporary file is removed and
    the error says what failed; the database itself is only read.
    """
    directory = Path(directory) if directory is not None else backup_dir(store.path)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write(directory, exc, "il backup in") from None
    with store.exclusive() as cur:
        target = _free_name(directory)
        partial = directory / f".{target.name}.partial"
        try:
            _remove(partial)                             # a crash's leftover: ATTACH would open it, not start anew
            _copy(cur, partial)
            _verify(cur, partial)
            os.replace(partial, target)
        except BaseException as exc:
            _remove(partial)
            if isinstance(exc, Exception) and not isinstance(exc, StoreError):
                raise _backup_failure(store.path, directory, exc) from exc
            raise
    _sync_directory(directory)
    return target


def _free_name(directory: Path) -> Path:
    stamp = f"{datetime.now():%Y%m%d_%H%M%S}"
    target = directory / f"ngp_backup_{stamp}.duckdb"
    for n in itertools.count(1):
        if not target.exists():
            return target
        target = directory / f"ngp_backup_{stamp}_{n}.duckdb"
    raise AssertionError("unreachable")


def _copy(cur, partial: Path) -> None:
    """``COPY FROM DATABASE`` into a new file; a failure here is the source's (read) or the disk's."""
    source = one(cur, "SELECT current_database()")[0]
    alias = f"ngp_backup_{next(_ALIASES)}"
    quoted = str(partial).replace("'", "''")             # ATTACH takes a literal, not a parameter
    try:
        cur.execute(f"ATTACH '{quoted}' AS {alias}")
    except duckdb.Error as exc:
        refused = _os_error_in(exc)
        if refused is not None:
            raise cannot_write(partial.parent, refused, "il backup in") from exc
        raise
    try:
        cur.execute(f'COPY FROM DATABASE "{source}" TO {alias}')
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            cur.execute(f"DETACH {alias}")
        raise
    cur.execute(f"DETACH {alias}")                       # writes the copy out and closes it


def _verify(cur, partial: Path) -> None:
    """Reopen the copy read-only: every table must hold as many rows as the database's."""
    try:
        copy = duckdb.connect(str(partial), read_only=True)
    except duckdb.Error as exc:
        raise _unreadable_copy(partial.parent, exc) from exc
    try:
        for name in _COUNTED:
            expected = one(cur, f"SELECT count(*) FROM {name}")[0]
            try:
                found = copy.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            except duckdb.Error as exc:
                raise _unreadable_copy(partial.parent, exc) from exc
            if found != expected:
                raise StoreError(f"Backup non riuscito: la copia ha {found} righe nella tabella {name} invece di "
                                 f"{expected}; è stata eliminata. Il database non è cambiato.")
    finally:
        copy.close()


def _backup_failure(db: Path, directory: Path, exc: BaseException) -> StoreError:
    """What failed, in Italian: the disk, the place, the database's own blocks, or something else."""
    if is_disk_full(exc):
        return DiskFull(f"Spazio su disco esaurito durante il backup in {directory}: la copia parziale è stata "
                        f"eliminata e nessun backup è stato scritto; il database non è cambiato. Libera spazio e "
                        f"riprova.")
    if isinstance(exc, OSError):
        return cannot_write(directory, exc, "il backup in")
    if is_damage(exc):
        return damaged(db, exc)
    return StoreError(f"Backup non riuscito ({first_line(exc)}): la copia parziale è stata eliminata e nessun "
                      f"backup è stato scritto; il database non è cambiato.")


def _os_error_in(exc: duckdb.Error) -> OSError | None:
    """The OS refusal DuckDB reports only in words when it cannot create a file, as an OSError."""
    for words, code in (("Permission denied", errno.EACCES), ("Read-only file system", errno.EROFS),
                        ("Not a directory", errno.ENOTDIR), ("Operation not permitted", errno.EPERM)):
        if words in str(exc):
            return OSError(code, words)
    return None


def _unreadable_copy(directory: Path, exc: BaseException) -> StoreError:
    return StoreError(f"Backup non riuscito: la copia scritta in {directory} non si rilegge ({first_line(exc)}); "
                      f"è stata eliminata. Il database non è cambiato: controlla il disco e riprova.")


def _remove(partial: Path) -> None:
    for path in (partial, partial.with_name(partial.name + ".wal")):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _sync_directory(directory: Path) -> None:
    """Make the rename durable (a crash right after must not lose the new name)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


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
    problems += _meeting_problems(store, cur, ids)
    if damage and advise:
        problems.append(str(damage[0]))
    return problems


def _meeting_problems(store, cur, ids: set[int]) -> list[str]:
    """Meetings pointing at a version that does not exist (a backup older than meetings has no table)."""
    try:
        with store.reading():
            rows = cur.execute("SELECT meeting_id, version_id FROM meetings WHERE version_id IS NOT NULL "
                               "ORDER BY meeting_id").fetchall()
    except DatabaseDamaged as exc:
        return [f"tabella meetings: illeggibile, {exc.kind}."]
    except duckdb.CatalogException:
        return []
    return [f"riunione {mid}: la versione {vid} non esiste." for mid, vid in rows if vid not in ids]
