"""The values the store hands out: an uploaded file, a version's record, the diff of one table."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from ..labels import tn
from ..schema import TABLE_BY_NAME, TABLES, Table


@dataclass(frozen=True)
class SourceFile:
    """An uploaded file as received: kept whole in the version it produced."""

    name: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class Version:
    version_id: int
    created_at: datetime
    author: str
    comment: str
    kind: str                      # import | rollback | demo
    file_names: str
    sha256: str
    tables_replaced: tuple[str, ...]
    source_version: int | None     # for a rollback: the version made active again
    demo: bool                     # True while any table comes from the illustrative demo data
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class TableDiff:
    """Rows added, removed and changed between two versions of one table."""

    table: str
    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame          # columns: key columns..., column, old, new

    @property
    def empty(self) -> bool:
        return self.added.empty and self.removed.empty and self.changed.empty

    @property
    def n_changed_rows(self) -> int:
        key = [c for c in self.changed.columns if c not in ("column", "old", "new")]
        return len(self.changed.drop_duplicates(subset=key)) if len(self.changed) else 0

    def summary(self, lang: str = "it", sep: str = ", ") -> str:
        """``7 righe aggiunte, 0 tolte, 1 modificata`` (rows; the plural forms of the language)."""
        return sep.join(tn(key, n, lang) for key, n in (("rows_added", len(self.added)),
                                                        ("rows_removed", len(self.removed)),
                                                        ("rows_changed", self.n_changed_rows)))


def version_summary(v: Version) -> str:
    """One line per version, starting with its number (the CLI's `versions` output)."""
    counts = " ".join(f"{TABLE_BY_NAME[k].sheet}={n}" for k, n in v.counts.items())
    flags = " [dimostrativi]" if v.demo else ""
    return (f"{v.version_id}\t{v.created_at:%d/%m/%Y %H:%M}\t{v.author}\t{v.kind}{flags}\t"
            f"{v.file_names or '-'}\t{counts}\t{v.comment}")


def version_from_row(r: dict) -> Version:
    def opt_int(v):
        return None if v is None or pd.isna(v) else int(v)
    return Version(
        version_id=int(r["version_id"]), created_at=pd.Timestamp(r["created_at"]).to_pydatetime(),
        author=r["author"], comment=r["comment"] or "", kind=r["kind"], file_names=r["file_names"] or "",
        sha256=r["sha256"] or "", tables_replaced=tuple(x for x in (r["tables_replaced"] or "").split(",") if x),
        source_version=opt_int(r["source_version"]), demo=bool(r["demo"]),
        counts={t.name: opt_int(r[f"n_{t.name}"]) or 0 for t in TABLES},
    )


def to_python_types(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """DECIMAL -> float; everything else as Python objects with None for empty (dates as datetime.date)."""
    for col in table.columns:
        values = frame[col.name]
        if col.kind == "amount":
            frame[col.name] = pd.to_numeric(values, errors="coerce").astype("float64")
            continue
        if col.kind == "date":
            values = pd.to_datetime(values).dt.date
        frame[col.name] = values.astype(object).where(values.notna(), None)
    return frame


def combined_sha(files: list[SourceFile]) -> str:
    """The SHA-256 that identifies an upload: its one file's, or that of the files' names and digests."""
    if not files:
        return ""
    if len(files) == 1:
        return files[0].sha256
    h = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.name):
        h.update(f.name.encode() + b"\0" + f.sha256.encode())
    return h.hexdigest()
