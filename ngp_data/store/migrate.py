"""Moving a whole database between stores: a DuckDB file ⇄ PostgreSQL, or a file into a new DuckDB.

``python -m ngp_data migrate --from A --to B`` copies every table (versions, original files, official
snapshots, meetings, the active pointers) from A into an empty B in one transaction, then runs
``check`` on both sides and compares each table's row count and SHA-256 (of its rows in a canonical
text form, sorted): the report lists them, and any difference is an error. The source is only read.

A is a DuckDB file, a PostgreSQL URL, or the folder written by DuckDB's ``EXPORT DATABASE`` — the
way across a change of the DuckDB pin whose file format the new version cannot read (the steps:
docs/OPERATIONS.md, "Cambio di versione di DuckDB"). B is a new or empty DuckDB file or an empty
PostgreSQL database: a destination that already holds versions is refused, nothing is written.
"""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..schema import TABLES
from . import server
from .connection import connect as connect_file
from .errors import StoreError, first_line
from .meetings import TABLE_NAMES as MEETING_TABLE_NAMES
from .official import TABLE_NAMES as OFFICIAL_TABLE_NAMES
from .versioned import Store

TABLE_NAMES = ("meta", "versions", "version_files", "active", *(t.name for t in TABLES), *OFFICIAL_TABLE_NAMES,
               *MEETING_TABLE_NAMES)
_ALIASES = itertools.count(1)


@dataclass
class Migration:
    """What was copied: per table (rows, SHA-256) on each side, and ``check``'s findings on each side."""

    source: str
    target: str
    tables: dict[str, tuple[int, str]] = field(default_factory=dict)          # the source's
    copied: dict[str, tuple[int, str]] = field(default_factory=dict)          # the target's
    source_problems: list[str] = field(default_factory=list)
    target_problems: list[str] = field(default_factory=list)

    @property
    def versions(self) -> int:
        return self.tables.get("versions", (0, ""))[0]

    @property
    def differences(self) -> list[str]:
        return [f"tabella {name}: {self.tables[name][0]} righe nell'origine, {self.copied.get(name, (0, ''))[0]} "
                f"nella destinazione" + ("" if self.tables[name][0] != self.copied.get(name, (0, ""))[0]
                                         else " (contenuto diverso: SHA-256 non corrispondente)")
                for name in self.tables if self.tables[name] != self.copied.get(name)]


def is_export_folder(source: str | Path) -> bool:
    """A folder written by DuckDB's ``EXPORT DATABASE`` (schema.sql and load.sql)."""
    if server.is_server(source):
        return False
    folder = Path(source)
    return folder.is_dir() and (folder / "schema.sql").is_file() and (folder / "load.sql").is_file()


def migrate(source: str | Path, target: str | Path, *, progress=lambda message: None) -> Migration:
    """Copy the whole database ``source`` into the empty ``target``; check and compare both sides."""
    source_name = _name(source)
    target_name = _name(target)
    if _same(source, target):
        raise StoreError("Origine e destinazione sono lo stesso database: scegline due diversi.")
    if not server.is_server(source) and not is_export_folder(source) and not Path(source).is_file():
        raise StoreError(f"Il database di origine {source_name} non esiste.")
    progress(f"Preparo la destinazione {target_name}…")
    destination = Store(target)                          # the tables, created as today's schema has them
    try:
        _refuse_if_not_empty(destination)
    finally:
        destination.close()
    con = _engine(source, target)
    try:
        src, dst = _attach(con, source, "src", read_only=True), _attach(con, target, "dst", read_only=False)
        names = [n for n in TABLE_NAMES if _exists(con, src, n)]
        report = Migration(source_name, target_name)
        progress(f"Copio {len(names)} tabelle da {source_name}…")
        cur = con.cursor()
        cur.begin()
        try:
            if server.is_server(target):
                cur.execute(f"CALL postgres_execute('{dst[0]}', 'SELECT pg_advisory_xact_lock({server.LOCK_KEY})')")
            for name in TABLE_NAMES:
                if _exists(con, dst, name):
                    cur.execute(f"DELETE FROM {_qualified(dst, name)}")   # the bookkeeping rows a new store has
            for name in names:
                columns = [c for c in _columns(con, src, name) if c in set(_columns(con, dst, name))]
                cols = ", ".join(f'"{c}"' for c in columns)
                cur.execute(f"INSERT INTO {_qualified(dst, name)} ({cols}) SELECT {cols} FROM {_qualified(src, name)}")
            cur.commit()
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                cur.rollback()
            raise
        progress("Confronto origine e destinazione…")
        for name in names:
            report.tables[name] = _fingerprint(con, src, name, _columns(con, src, name))
            report.copied[name] = _fingerprint(con, dst, name, _columns(con, src, name))
    except duckdb.Error as exc:
        raise StoreError(f"Migrazione non riuscita ({server._hide(first_line(exc), str(target))}): la "
                         f"destinazione {target_name} non è stata modificata.") from None
    finally:
        con.close()
    progress("Controllo di integrità dei due database…")
    if not is_export_folder(source):
        report.source_problems = _check(source, read_only=True)
    report.target_problems = _check(target, read_only=False)
    return report


# --- plumbing ------------------------------------------------------------------------------------------
def _name(where) -> str:
    return server.display(str(where)) if server.is_server(where) else str(where)


def _same(a, b) -> bool:
    if server.is_server(a) or server.is_server(b):
        return str(a).strip() == str(b).strip()
    return Path(a).resolve() == Path(b).resolve()


def _refuse_if_not_empty(store: Store) -> None:
    cur = store.cursor()
    held = {name: cur.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name in ("versions", "official_snapshots", "meetings")}
    if any(held.values()):
        counts = ", ".join(_count(held[key], one, many) for key, one, many in (
            ("versions", "versione", "versioni"),
            ("official_snapshots", "istantanea ufficiale", "istantanee ufficiali"),
            ("meetings", "riunione", "riunioni")))
        raise StoreError(f"Il database di destinazione {store.name} contiene già dati ({counts}): la migrazione "
                         f"scrive solo in un database vuoto. Nulla è stato modificato.")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _engine(*places) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB able to attach both sides (with the postgres extension when one is a server)."""
    if any(server.is_server(p) for p in places):
        con = server.connect_engine()
    else:
        con = duckdb.connect(":memory:")
    return con


def _attach(con, where, role: str, *, read_only: bool) -> tuple[str, str]:
    """Attach ``where`` and return (catalog, schema) to name its tables."""
    alias = f"{role}_{next(_ALIASES)}"
    if server.is_server(where):
        server.attach(con, str(where).strip(), alias, read_only=read_only)
        return alias, "public"
    if is_export_folder(where):                          # a folder of EXPORT DATABASE: imported into memory
        folder = str(Path(where).resolve()).replace("'", "''")
        con.execute(f"ATTACH ':memory:' AS {alias}")
        con.execute(f"USE {alias}")
        try:
            con.execute(f"IMPORT DATABASE '{folder}'")
        finally:
            con.execute("USE memory")
        return alias, "main"
    probe = connect_file(Path(where), 5.0, read_only=read_only)   # its Italian messages: busy, damaged, newer
    probe.close()
    path = str(Path(where).resolve()).replace("'", "''")
    con.execute(f"ATTACH '{path}' AS {alias}" + (" (READ_ONLY)" if read_only else ""))
    return alias, "main"


def _exists(con, place: tuple[str, str], name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? "
                            "AND table_name = ?", [place[0], place[1], name]).fetchone()[0])


def _columns(con, place: tuple[str, str], name: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = ? AND table_name = ? "
        "ORDER BY column_index", [place[0], place[1], name]).fetchall()]


def _qualified(place: tuple[str, str], name: str) -> str:
    return f'{place[0]}.{place[1]}."{name}"'


def _fingerprint(con, place: tuple[str, str], name: str, columns: list[str]) -> tuple[int, str]:
    """(rows, SHA-256 of the rows as text, sorted): equal on both sides when the copy is faithful."""
    row = "CAST(list_value(" + ", ".join(f'CAST("{c}" AS VARCHAR)' for c in columns) + ") AS VARCHAR)"
    n, digest = con.execute(
        f"SELECT count(*), sha256(coalesce(string_agg(r, chr(10) ORDER BY r), '')) FROM "
        f"(SELECT {row} AS r FROM {_qualified(place, name)})").fetchone()
    return int(n), digest


def _check(where, *, read_only: bool) -> list[str]:
    store = Store(where, read_only=read_only)
    try:
        return store.check(advise=False)
    finally:
        store.close()
