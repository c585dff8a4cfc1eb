"""What can go wrong in the store, as exceptions whose ``str()`` is an Italian message for the user.

Also the one translation of DuckDB's write failures (a full disk, an I/O error) into those messages,
and of an output path that cannot be written (:func:`cannot_write`).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import duckdb


class StoreError(Exception):
    """A problem the user can act on; ``str()`` is an Italian message. ``exit_code`` for the CLI."""

    exit_code = 1


class DatabaseBusy(StoreError):
    exit_code = 2


class ServerUnavailable(StoreError):
    """The database server (PostgreSQL) does not answer: stopped, restarting, or out of reach."""

    exit_code = 2


class StaleVersion(StoreError):
    """Another upload was committed after the caller read the active version."""


class DuplicateUpload(StoreError):
    """The same file(s) as the active version, byte for byte."""


class DiskFull(StoreError):
    pass


class UnknownVersion(StoreError):
    pass


class DatabaseDamaged(StoreError):
    """The database file cannot be read (truncated, altered blocks, not a DuckDB file).

    ``str()`` is the whole message: the file, the newest good backup found, the exact restore command.
    Exit code 1, as a finding of ``check``. Built by :func:`ngp_data.store.damage.damaged`.
    """

    def __init__(self, message: str, *, path: Path, backup: Path | None, kind: str, detail: str):
        super().__init__(message)
        self.path = path
        self.backup = backup
        self.kind = kind                          # what is wrong, in Italian ("il file è … troncato")
        self.detail = detail                      # DuckDB's own words, for the logs; never shown to users


class CannotWrite(StoreError):
    """An output (export, template, backup) whose place cannot be written: a usage problem, exit 2."""

    exit_code = 2


class translate_write_errors:
    """Turn DuckDB's disk-full and I/O failures into an Italian message (the transaction is rolled back)."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if os.environ.get("NGP_DEBUG"):
            return False
        if exc is None or isinstance(exc, StoreError) or not isinstance(exc, (duckdb.Error, OSError)):
            return False
        if is_disk_full(exc):
            raise DiskFull("Spazio su disco esaurito: la nuova versione non è stata salvata e i dati restano "
                           "quelli di prima. Libera spazio e riprova.") from None
        raise StoreError(f"Scrittura nel database non riuscita, nulla è stato modificato: "
                         f"{first_line(exc)}") from None


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type's name when it has none)."""
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def is_disk_full(exc: BaseException) -> bool:
    """A full disk (ENOSPC) or a file-size limit reached (EFBIG), from DuckDB or the OS."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return True
    text = str(exc)
    return "No space left" in text or "File too large" in text or "ENOSPC" in text or "Disk quota" in text


_WRITE_REASONS = {
    errno.EROFS: "il file system è in sola lettura",
    errno.EACCES: "permesso negato",
    errno.EPERM: "permesso negato",
    errno.ENOTDIR: "una parte del percorso non è una cartella",
    errno.ENOENT: "la cartella non esiste",
    errno.ENOSPC: "spazio su disco esaurito",
    errno.EFBIG: "spazio su disco esaurito (file troppo grande)",
    errno.EDQUOT: "spazio su disco esaurito (quota superata)",
    errno.EISDIR: "è una cartella",
    errno.ENAMETOOLONG: "il nome è troppo lungo",
    errno.EEXIST: "esiste già un file con questo nome",
}


def cannot_write(path: str | os.PathLike, exc: OSError, what: str = "il file") -> CannotWrite:
    """An Italian "cannot write here" for ``path``: the reason from the errno, nothing half-written."""
    reason = _WRITE_REASONS.get(exc.errno or 0) or (exc.strerror or first_line(exc))
    return CannotWrite(f"Impossibile scrivere {what} {path}: {reason}. Nulla è stato scritto; scegli un'altra "
                       f"posizione.")
