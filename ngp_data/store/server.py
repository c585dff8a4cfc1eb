"""The server store: the same tables and SQL on PostgreSQL, through DuckDB's postgres extension.

``NGP_DB=postgresql://user:password@host:port/database`` (or ``--db`` with such a URL) makes the app,
the command line and the queries run on a PostgreSQL database instead of a DuckDB file. DuckDB stays
the one SQL dialect: an in-memory DuckDB attaches the PostgreSQL database (``ATTACH … (TYPE
postgres)``) and every cursor works in it (``USE``), so the queries do not change. What was measured
and why this route: ../shared/STORE.md and docs/OPERATIONS.md ("Più repliche su PostgreSQL").

The guarantees the file store has, kept here:

* one transaction per version: DuckDB's transaction is one PostgreSQL transaction on one connection;
* no lost update between replicas: the attach uses READ COMMITTED and every write transaction first
  takes one PostgreSQL advisory lock (:func:`lock_writes`), so "max + 1" is read after the previous
  writer committed; a key or serialisation conflict that still slips through is the usual "another
  upload was confirmed meanwhile" (:func:`is_conflict`);
* backups by the server's own tool (``pg_dump``, online) and ``pg_restore`` (:mod:`.pg_tools`).

The extension ships as a Python wheel (``duckdb-extension-postgres``) pinned to DuckDB's version; it
is installed from the wheel's file and never downloaded (auto-install off).
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import duckdb

from .errors import ServerUnavailable, StoreError, first_line

SCHEMES = ("postgresql://", "postgres://")
ALIAS = "ngp"                          # the attached database's name inside DuckDB
LOCK_KEY = 727_401_001                 # the advisory lock every writer of an NGP database takes
POOL_ENV = "NGP_PG_POOL"               # connections each process keeps open to PostgreSQL
POOL_DEFAULT = 4

_EXTENSION_LOCK = threading.Lock()


def is_server(target: object) -> bool:
    """True for a PostgreSQL URL (``postgresql://…`` or ``postgres://…``)."""
    return isinstance(target, str) and target.strip().lower().startswith(SCHEMES)


def display(url: str) -> str:
    """The URL as shown to people and written in logs: the password replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


def _hide(text: str, url: str) -> str:
    """DuckDB's error text with the password (if any) masked."""
    password = urlsplit(url).password
    return text.replace(password, "***") if password else text


def pool_size() -> int:
    raw = os.environ.get(POOL_ENV, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else POOL_DEFAULT


def extension_file() -> Path:
    """The postgres extension's binary inside the ``duckdb-extension-postgres`` wheel."""
    try:
        import duckdb_extension_postgres
    except ImportError:
        raise StoreError("Per usare un database PostgreSQL serve il pacchetto duckdb-extension-postgres "
                         "(è in requirements.txt): installalo con pip.") from None
    folder = Path(duckdb_extension_postgres.__file__).parent / "extensions"
    found = sorted(folder.glob(f"v{duckdb.__version__}/*.duckdb_extension"))
    if not found:
        raise StoreError(f"Il pacchetto duckdb-extension-postgres non corrisponde a DuckDB {duckdb.__version__}: "
                         f"installa le versioni indicate in requirements.txt.")
    return found[0]


def connect(url: str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the PostgreSQL database attached as ``ngp`` and in use."""
    con = connect_engine()
    try:
        attach(con, url, ALIAS, read_only=read_only)
        con.execute(f"USE {ALIAS}")
    except BaseException:
        con.close()
        raise
    return con


def connect_engine() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the postgres extension loaded (from the wheel, never downloaded)."""
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False})
    try:
        with _EXTENSION_LOCK:                           # INSTALL writes into ~/.duckdb: one at a time
            con.execute(f"INSTALL '{_literal(str(extension_file()))}'")
        con.execute("LOAD postgres")
        con.execute(f"SET pg_pool_max_connections = {pool_size()}")
        con.execute("SET pg_pool_acquire_mode = 'wait'")          # never more than the pool: the budget holds
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"Impossibile caricare l'estensione postgres di DuckDB: {first_line(exc)}") from None
    return con


def attach(con: duckdb.DuckDBPyConnection, url: str, alias: str, *, read_only: bool = False) -> None:
    """Attach the PostgreSQL database ``url`` as ``alias`` (READ COMMITTED: see the module's notes)."""
    options = "TYPE postgres, ISOLATION_LEVEL 'READ COMMITTED'" + (", READ_ONLY" if read_only else "")
    try:
        con.execute(f"ATTACH '{_literal(url)}' AS {alias} ({options})")
    except duckdb.Error as exc:          # not answering, refused, unknown database, wrong password: exit 2
        kind = ServerUnavailable if isinstance(exc, duckdb.IOException) else StoreError
        raise kind(f"Impossibile collegarsi al database PostgreSQL {display(url)}: "
                   f"{_hide(first_line(exc), url)}") from None


def cursor(con: duckdb.DuckDBPyConnection, url: str) -> duckdb.DuckDBPyConnection:
    """A cursor working in the attached database (a new cursor starts in DuckDB's own memory). A server that
    does not answer (stopped, restarting, out of reach) is :class:`ServerUnavailable`, said in Italian."""
    cur = con.cursor()
    try:
        cur.execute(f"USE {ALIAS}")
    except duckdb.IOException as exc:
        cur.close()
        raise unavailable(url, exc) from None
    return cur


@contextlib.contextmanager
def reading(url: str):
    """A server lost in the middle of a read (a page's queries) is :class:`ServerUnavailable` too."""
    try:
        yield
    except duckdb.IOException as exc:
        raise unavailable(url, exc) from None


def unavailable(url: str, exc: BaseException) -> ServerUnavailable:
    return ServerUnavailable(f"Il database PostgreSQL {display(url)} non risponde. Riprova tra qualche istante "
                             "ricaricando la pagina; se dura, avvisa chi gestisce il server. Dettaglio tecnico: "
                             f"{_hide(first_line(exc), url)}")


def lock_writes(cur) -> None:
    """Inside a write transaction: wait for the other writers (every replica, every command) to finish."""
    cur.execute(f"CALL postgres_execute('{ALIAS}', 'SELECT pg_advisory_xact_lock({LOCK_KEY})')")


_CONFLICT = re.compile(r"duplicate key value|could not serialize|deadlock detected|"
                       r"violates unique constraint|PRIMARY KEY or UNIQUE constraint", re.IGNORECASE)


def is_conflict(exc: BaseException) -> bool:
    """A write refused because another writer got there first (a key taken, a serialisation failure)."""
    return isinstance(exc, duckdb.Error) and bool(_CONFLICT.search(str(exc)))


def conflict_error() -> StoreError:
    from .errors import StaleVersion
    return StaleVersion("Un altro caricamento è stato confermato nel frattempo: nulla è stato scritto; "
                        "ricontrolla l'anteprima aggiornata e riprova.")


def _literal(text: str) -> str:
    return text.replace("'", "''")
