"""Backups of a PostgreSQL store with the server's own tools: ``pg_dump`` (online) and ``pg_restore``.

A backup is ``pg_dump --format=custom`` of the database, written under a hidden name, listed back by
``pg_restore --list`` (a whole archive or nothing) and only then renamed ``ngp_backup_<date>.dump``
in the backup folder (``$NGP_BACKUP_DIR``, else ``data/backup/``). pg_dump reads one snapshot, so the
copy holds exactly the committed versions while replicas keep writing.

A restore checks the archive, first keeps the database's current content aside (another dump,
``…prima-del-ripristino….dump``), then replaces it in one transaction (``pg_restore --clean
--single-transaction``): a failure midway leaves the database as it was. The programs are looked up
on ``PATH``, then in Debian's ``/usr/lib/postgresql/<version>/bin`` (newest first), or in
``$NGP_PG_BIN``.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

from .errors import StoreError, cannot_write

DUMP_SUFFIX = ".dump"
BIN_ENV = "NGP_PG_BIN"


def program(name: str) -> str:
    """The full path of a PostgreSQL client program (``pg_dump``, ``pg_restore``, ``initdb``…)."""
    configured = os.environ.get(BIN_ENV)
    if configured and (Path(configured) / name).is_file():
        return str(Path(configured) / name)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if candidates:
        return candidates[-1]
    raise StoreError(f"Il programma {name} di PostgreSQL non è installato su questa macchina (pacchetto "
                     f"postgresql-client): serve per i backup del database PostgreSQL.")


def default_dir() -> Path:
    from .damage import BACKUP_DIR_ENV
    from .database import DEFAULT_DB
    configured = os.environ.get(BACKUP_DIR_ENV)
    return Path(configured) if configured else DEFAULT_DB.parent / "backup"


def _run(args: list[str], what: str, url_shown: str, timeout: float = 3600) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "PGCONNECT_TIMEOUT": "10"})
    except subprocess.TimeoutExpired:
        raise StoreError(f"{what} non riuscito: {url_shown} non ha risposto in tempo.") from None
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()
        raise StoreError(f"{what} non riuscito ({url_shown}): {reason[0] if reason else done.returncode}")
    return done


def dump(store, directory: str | os.PathLike | None = None, *, prefix: str = "ngp_backup") -> Path:
    """``pg_dump`` of the store's database into ``directory``, checked, under its final name only when whole."""
    directory = Path(directory) if directory is not None else default_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write(directory, exc, "il backup in") from None
    stamp = f"{datetime.now():%Y%m%d_%H%M%S}"
    target = directory / f"{prefix}_{stamp}{DUMP_SUFFIX}"
    n = 1
    while target.exists():
        target = directory / f"{prefix}_{stamp}_{n}{DUMP_SUFFIX}"
        n += 1
    partial = directory / f".{target.name}.partial"
    try:
        _run([program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}",
              f"--dbname={store.target}"], "Backup", store.name)
        _check_archive(partial)
        os.replace(partial, target)
    except OSError as exc:
        raise cannot_write(directory, exc, "il backup in") from None
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return target


def _check_archive(path: Path) -> int:
    """The number of entries ``pg_restore --list`` reads in ``path`` (refused when it is no archive)."""
    done = subprocess.run([program("pg_restore"), "--list", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        reason = (done.stderr or "").strip().splitlines()
        raise StoreError(f"Il file {path.name} non è un backup di PostgreSQL leggibile"
                         f"{': ' + reason[0] if reason else ''}.")
    entries = [line for line in done.stdout.splitlines() if line and not line.startswith(";")]
    if not any(" TABLE DATA " in line and " versions " in line for line in entries):
        raise StoreError(f"Il file {path.name} non contiene un database di NGP Monitor (manca la tabella "
                         f"versions).")
    return len(entries)


def restore(backup: Path, url: str) -> Path:
    """Replace the PostgreSQL database ``url`` with a checked dump; returns where its old content was kept."""
    from .server import display
    from .versioned import Store

    if not backup.is_file():
        raise StoreError(f"Il file di backup {backup} non esiste.")
    if backup.suffix != DUMP_SUFFIX:
        raise StoreError(f"Il file {backup.name} non è un backup di PostgreSQL (.dump): un database PostgreSQL si "
                         f"ripristina da un backup fatto con «backup» su PostgreSQL. Per portarci un file DuckDB "
                         f"usa «migrate».")
    _check_archive(backup)
    current = Store(url)
    try:
        kept = dump(current, prefix="prima-del-ripristino") if current.versions() else None
    finally:
        current.close()
    _run([program("pg_restore"), "--clean", "--if-exists", "--single-transaction", "--no-owner",
          "--no-privileges", f"--dbname={url}", str(backup)], "Ripristino", display(url))
    return kept
