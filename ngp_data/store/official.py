"""The official record's snapshots: dated copies of the state's open data, independent of versions.

A snapshot is one official import (one or several files read together). Like a version it holds a
complete copy of every official table under its own ``snapshot_id``: the tables the import brought
are replaced, the others are carried over from the active snapshot. Nothing is ever updated in
place, and the committee's versions and the official snapshots have separate ids and separate
"active" pointers: rolling back one never touches the other.

The national files themselves are not kept (hundreds of MB); each snapshot records every file's
name, size, SHA-256, the portal's extraction date and the rows read and kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd

from ..official_schema import OFFICIAL_BY_NAME, OFFICIAL_TABLES
from ..schema import Table
from .connection import one
from .errors import StaleVersion, StoreError, UnknownVersion

DDL = {
    "official_snapshots": "CREATE TABLE IF NOT EXISTS official_snapshots (snapshot_id INTEGER PRIMARY KEY, "
    "created_at TIMESTAMP NOT NULL, author VARCHAR NOT NULL, comment VARCHAR, kind VARCHAR NOT NULL, "
    "comune VARCHAR NOT NULL, tables_replaced VARCHAR, source_snapshot INTEGER, demo BOOLEAN NOT NULL, "
    "extracted_on DATE)",
    "official_files": "CREATE TABLE IF NOT EXISTS official_files (snapshot_id INTEGER NOT NULL, position INTEGER "
    "NOT NULL, file_name VARCHAR NOT NULL, table_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, size BIGINT NOT "
    "NULL, extracted_on DATE, rows_read BIGINT NOT NULL, rows_kept BIGINT NOT NULL)",
    "official_active": "CREATE TABLE IF NOT EXISTS official_active (one INTEGER PRIMARY KEY CHECK (one = 1), "
    "snapshot_id INTEGER)",
}
for _t in OFFICIAL_TABLES:
    DDL[_t.name] = (f"CREATE TABLE IF NOT EXISTS {_t.name} (snapshot_id INTEGER NOT NULL, "
                    + ", ".join(f"{c.name} {c.sql_type}" for c in _t.columns) + ")")
TABLE_NAMES = tuple(DDL)                 # every table of the official record, for backup and check


@dataclass(frozen=True)
class OfficialFile:
    """One official file as read: what a snapshot records of it (the bytes are not kept)."""

    name: str
    table: str                     # which official table its rows went to
    sha256: str
    size: int
    rows_read: int
    rows_kept: int
    extracted_on: date | None = None


@dataclass(frozen=True)
class Snapshot:
    snapshot_id: int
    created_at: datetime
    author: str
    comment: str
    kind: str                      # import | rollback | demo
    comune: str                    # the ISTAT code the rows were kept for
    tables_replaced: tuple[str, ...]
    source_snapshot: int | None
    demo: bool
    extracted_on: date | None      # the newest "Data di Estrazione" of its files
    files: tuple[OfficialFile, ...] = field(default=())
    counts: dict[str, int] = field(default_factory=dict)


def migrate(cur, present: set[str]) -> None:
    """Create the official record's tables that are missing (called by ``Store._migrate``)."""
    for name, ddl in DDL.items():
        if name not in present:
            cur.execute(ddl)
    if one(cur, "SELECT count(*) FROM official_active")[0] == 0:
        cur.execute("INSERT INTO official_active VALUES (1, NULL) ON CONFLICT (one) DO NOTHING")


# --- reading ----------------------------------------------------------------------------------------------
def active_snapshot(store) -> int | None:
    with store.reading():
        row = one(store.cursor(), "SELECT snapshot_id FROM official_active")
    return row[0] if row else None


def snapshots(store) -> list[Snapshot]:
    """Every snapshot, oldest first, with its files and row counts."""
    with store.reading():
        cur = store.cursor()
        rows = cur.execute("SELECT * FROM official_snapshots ORDER BY snapshot_id").fetchdf().to_dict("records")
        files = cur.execute("SELECT * FROM official_files ORDER BY snapshot_id, position").fetchdf()
        counts = {}
        for t in OFFICIAL_TABLES:
            for sid, n in cur.execute(f"SELECT snapshot_id, count(*) FROM {t.name} GROUP BY ALL").fetchall():
                counts.setdefault(sid, {})[t.name] = n
    by_id = {sid: tuple(_file(r) for r in group.to_dict("records"))
             for sid, group in files.groupby("snapshot_id")} if len(files) else {}
    return [_snapshot(r, by_id.get(r["snapshot_id"], ()), counts.get(r["snapshot_id"], {})) for r in rows]


def snapshot(store, snapshot_id: int | None = None) -> Snapshot:
    """One snapshot (default: the active one)."""
    sid = active_snapshot(store) if snapshot_id is None else snapshot_id
    found = [s for s in snapshots(store) if s.snapshot_id == sid] if sid is not None else []
    if not found:
        raise UnknownVersion("Nessun dato ufficiale importato." if sid is None
                             else f"L'istantanea ufficiale {sid} non esiste.")
    return found[0]


def official_table(store, name: str, snapshot_id: int | None = None) -> pd.DataFrame:
    """One official table of a snapshot (default: active), sorted by key; empty if none is active."""
    table = OFFICIAL_BY_NAME[name]
    sid = active_snapshot(store) if snapshot_id is None else snapshot_id
    with store.reading():
        frame = store.cursor().execute(
            f"SELECT {', '.join(table.names)} FROM {name} WHERE snapshot_id = ? ORDER BY {', '.join(table.key)}",
            [sid]).fetchdf()
    for col in table.columns:
        if col.kind == "amount":
            frame[col.name] = pd.to_numeric(frame[col.name], errors="coerce").astype("float64")
        elif col.kind == "date":
            frame[col.name] = pd.to_datetime(frame[col.name]).dt.date
    return frame


# --- writing ----------------------------------------------------------------------------------------------
def commit_snapshot(store, frames: dict[str, pd.DataFrame], files: list[OfficialFile], *, comune: str,
                    author: str = "locale", comment: str = "", expected_active: int | None | str = "any",
                    kind: str = "import", demo: bool = False, created_at: datetime | None = None) -> int:
    """Write a new snapshot: the given official tables replaced, the others carried over; its id.

    ``frames`` hold each table's columns (``official_schema``), already converted; in one
    transaction under the store's writer lock, like a version. ``expected_active`` guards against
    another import confirmed since the caller looked (:class:`StaleVersion`, nothing written).
    """
    unknown = set(frames) - set(OFFICIAL_BY_NAME)
    if unknown:
        raise ValueError(f"unknown official tables {sorted(unknown)}")
    if not frames:
        raise StoreError("Nessun file ufficiale da importare.")
    extracted = [f.extracted_on for f in files if f.extracted_on]
    with store._transaction() as cur:
        active = _active(cur, expected_active)
        new_id = one(cur, "SELECT coalesce(max(snapshot_id), 0) + 1 FROM official_snapshots")[0]
        for table in OFFICIAL_TABLES:
            if table.name in frames:
                _insert(cur, table, frames[table.name], new_id)
            elif active is not None:
                _copy(cur, table, active, new_id)
        replaced = ",".join(t.name for t in OFFICIAL_TABLES if t.name in frames)
        cur.execute("INSERT INTO official_snapshots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [new_id, created_at or datetime.now().replace(microsecond=0), author or "locale", comment,
                     kind, comune, replaced, None, demo, max(extracted) if extracted else None])
        for pos, f in enumerate(files):
            cur.execute("INSERT INTO official_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [new_id, pos, f.name, f.table, f.sha256, f.size, f.extracted_on, f.rows_read, f.rows_kept])
        cur.execute("UPDATE official_active SET snapshot_id = ?", [new_id])
    return new_id


def rollback_snapshot(store, snapshot_id: int, *, author: str = "locale", comment: str = "",
                      expected_active: int | None | str = "any") -> int:
    """Make an older snapshot active again, as a new snapshot copying it (the versions are untouched)."""
    with store._transaction() as cur:
        src = one(cur, "SELECT comune, demo, extracted_on FROM official_snapshots WHERE snapshot_id = ?",
                  [snapshot_id])
        if src is None:
            raise UnknownVersion(f"L'istantanea ufficiale {snapshot_id} non esiste.")
        active = _active(cur, expected_active)
        if active == snapshot_id:
            raise StoreError(f"L'istantanea ufficiale {snapshot_id} è già quella attiva.")
        new_id = one(cur, "SELECT coalesce(max(snapshot_id), 0) + 1 FROM official_snapshots")[0]
        for table in OFFICIAL_TABLES:
            _copy(cur, table, snapshot_id, new_id)
        cur.execute("INSERT INTO official_snapshots VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [new_id, datetime.now().replace(microsecond=0), author or "locale",
                     comment or f"Ripristino dell'istantanea ufficiale {snapshot_id}", "rollback", src[0], "",
                     snapshot_id, src[1], src[2]])
        cur.execute("INSERT INTO official_files SELECT ?, position, file_name, table_name, sha256, size, "
                    "extracted_on, rows_read, rows_kept FROM official_files WHERE snapshot_id = ?",
                    [new_id, snapshot_id])
        cur.execute("UPDATE official_active SET snapshot_id = ?", [new_id])
    return new_id


def _active(cur, expected_active) -> int | None:
    active = one(cur, "SELECT snapshot_id FROM official_active")[0]
    if expected_active != "any" and expected_active != active:
        raise StaleVersion(f"Un'altra importazione ufficiale è stata confermata nel frattempo (istantanea "
                           f"attiva {active}, l'anteprima era sulla {expected_active}): riprova.")
    return active


def _insert(cur, table: Table, frame: pd.DataFrame, snapshot_id: int) -> None:
    frame = frame.reindex(columns=table.names)
    cur.register("_ngp_official", frame)
    try:
        select = ", ".join(f"CAST({c.name} AS {c.sql_type})" for c in table.columns)
        cur.execute(f"INSERT INTO {table.name} SELECT ?, {select} FROM _ngp_official", [snapshot_id])
    finally:
        cur.unregister("_ngp_official")


def _copy(cur, table: Table, source: int, target: int) -> None:
    cols = ", ".join(table.names)
    cur.execute(f"INSERT INTO {table.name} SELECT ?, {cols} FROM {table.name} WHERE snapshot_id = ?",
                [target, source])


def _file(r: dict) -> OfficialFile:
    return OfficialFile(name=r["file_name"], table=r["table_name"], sha256=r["sha256"], size=int(r["size"]),
                        rows_read=int(r["rows_read"]), rows_kept=int(r["rows_kept"]),
                        extracted_on=_opt_date(r["extracted_on"]))


def _snapshot(r: dict, files, counts) -> Snapshot:
    src = r["source_snapshot"]
    return Snapshot(
        snapshot_id=int(r["snapshot_id"]), created_at=pd.Timestamp(r["created_at"]).to_pydatetime(),
        author=r["author"], comment=r["comment"] or "", kind=r["kind"], comune=r["comune"],
        tables_replaced=tuple(x for x in (r["tables_replaced"] or "").split(",") if x),
        source_snapshot=None if src is None or pd.isna(src) else int(src), demo=bool(r["demo"]),
        extracted_on=_opt_date(r["extracted_on"]), files=tuple(files),
        counts={t.name: int(counts.get(t.name, 0)) for t in OFFICIAL_TABLES})


def _opt_date(value) -> date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()
