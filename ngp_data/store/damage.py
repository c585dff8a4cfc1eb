"""A damaged database file, named: DuckDB's read failures recognised, the newest good backup, the cure.

A file truncated, with altered blocks, overwritten or emptied still "opens" in some cases and fails
later, on the first read of a bad block. Wherever the store opens and reads, :func:`reading` turns
those failures into one :class:`DatabaseDamaged` whose message names the file, the newest backup that
opens, and the exact ``restore`` command. Nothing here writes: the damaged file is evidence.

The backup folder, one convention for ``backup`` (with no folder given) and for this message:
``$NGP_BACKUP_DIR`` when set, else ``backup/`` beside the database (``data/backup/`` by default).
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
from datetime import datetime
from pathlib import Path

import duckdb

from .errors import DatabaseDamaged, first_line, is_disk_full

BACKUP_DIR_ENV = "NGP_BACKUP_DIR"
BACKUP_GLOB = "ngp_backup_*.duckdb"
_STAMP_RE = re.compile(r"^ngp_backup_(\d{8}_\d{6})(?:_(\d+))?\.duckdb$")
_MAX_TRIED = 20                       # backups opened at most, newest first, to name a good one

# DuckDB's words for a file it cannot read (IOException, or its base Error for checksums).
_KINDS = (
    ("not a valid duckdb database file", "non è un file DuckDB valido (intestazione illeggibile, file vuoto o "
                                         "sovrascritto)"),
    ("could not read enough bytes", "il file è più corto del dovuto (troncato)"),
    ("corrupt database file", "alcuni blocchi di dati sono alterati (checksum errato)"),
    ("checksum", "alcuni blocchi di dati sono alterati (checksum errato)"),
    ("database has been invalidated", "DuckDB ha dovuto interrompere la lettura per un errore interno"),
)


def is_damage(exc: BaseException) -> bool:
    """True for DuckDB's "this file cannot be read" failures; not for a lock, a full disk, a missing table."""
    if not isinstance(exc, duckdb.Error) or is_disk_full(exc):
        return False
    if isinstance(exc, (duckdb.InternalException, duckdb.FatalException)):
        return True
    text = str(exc).lower()
    return any(marker in text for marker, _ in _KINDS)


def backup_dir(db: str | os.PathLike) -> Path:
    """Where backups of ``db`` are kept: ``$NGP_BACKUP_DIR``, else ``backup/`` beside the database."""
    configured = os.environ.get(BACKUP_DIR_ENV)
    return Path(configured) if configured else Path(db).parent / "backup"


def latest_good_backup(db: str | os.PathLike, directory: str | os.PathLike | None = None) -> Path | None:
    """The newest ``ngp_backup_*.duckdb`` in the backup folder that opens and holds versions (read-only)."""
    folder = Path(directory) if directory is not None else backup_dir(db)
    try:
        candidates = sorted(folder.glob(BACKUP_GLOB), key=_stamp, reverse=True)
    except OSError:
        return None
    own = _resolved(Path(db))
    for candidate in [c for c in candidates if _resolved(c) != own][:_MAX_TRIED]:
        if backup_summary(candidate) is not None:
            return candidate
    return None


def backup_summary(path: Path) -> tuple[int, int | None] | None:
    """(number of versions, active version) of a backup opened read-only; None when it does not open."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except (duckdb.Error, OSError):
        return None
    try:
        n = con.execute("SELECT count(*) FROM versions").fetchone()[0]
        active = con.execute("SELECT max(version_id) FROM active").fetchone()[0]
        return (n, active) if n else None
    except duckdb.Error:
        return None
    finally:
        con.close()


def damaged(path: str | os.PathLike, exc: BaseException) -> DatabaseDamaged:
    """The :class:`DatabaseDamaged` for ``path``, naming the newest good backup and the restore command."""
    path = Path(path)
    text = str(exc).lower()
    kind = next((words for marker, words in _KINDS if marker in text),
                "DuckDB non riesce a leggerlo (errore interno)")
    backup = latest_good_backup(path)
    cure = "a dashboard ferma (il file danneggiato viene conservato accanto, con un altro nome)"
    if backup is not None:
        summary = backup_summary(backup)
        what = f" ({summary[0]} versioni, attiva la {summary[1]})" if summary else ""
        advice = (f"L'ultimo backup valido è {backup}{what}. Per ripristinarlo, {cure}: "
                  f"{restore_command(backup, path)}")
    else:
        advice = (f"Nessun backup valido trovato in {backup_dir(path)}. Se ne hai uno altrove, ripristinalo "
                  f"{cure}: {restore_command(None, path)}")
    message = f"Il database {path} è danneggiato: {kind}. Non è stato modificato. {advice}"
    return DatabaseDamaged(message, path=path, backup=backup, kind=kind, detail=first_line(exc))


def restore_command(backup: Path | None, db: Path) -> str:
    """The command line that puts ``backup`` in place of ``db``."""
    source = shlex.quote(str(backup)) if backup is not None else "FILE_DI_BACKUP"
    return f"python -m ngp_data restore {source} --db {shlex.quote(str(db))}"


@contextlib.contextmanager
def reading(path: str | os.PathLike):
    """Turn DuckDB's damage failures inside the block into :class:`DatabaseDamaged` for ``path``."""
    try:
        yield
    except duckdb.Error as exc:
        if is_damage(exc):
            raise damaged(path, exc) from exc
        raise


def _stamp(path: Path) -> tuple[str, int]:
    """A backup's date and time: from its name (ngp_backup_YYYYmmdd_HHMMSS[_n]), else from its mtime."""
    match = _STAMP_RE.match(path.name)
    if match:
        return match.group(1), int(match.group(2) or 0)
    with contextlib.suppress(OSError):
        return f"{datetime.fromtimestamp(path.stat().st_mtime):%Y%m%d_%H%M%S}", 0
    return "", 0


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()
