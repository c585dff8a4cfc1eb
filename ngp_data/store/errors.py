"""What can go wrong in the store, as exceptions whose ``str()`` is an Italian message for the user.

Also the one translation of DuckDB's write failures (a full disk, an I/O error) into those messages.
"""

from __future__ import annotations

import os

import duckdb


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


class translate_write_errors:
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
                         f"{first_line(exc)}") from None


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type's name when it has none)."""
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
