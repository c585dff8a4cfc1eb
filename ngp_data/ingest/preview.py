"""What a checked upload would do, as data: per table the rows added, removed and changed, the tables it
leaves as they are, and every table as the new version would hold it. No text for the screen
(``ui/upload.py`` writes it) and no Streamlit.

(The headline figures before and after are analytics: ``analytics.changes.figure_changes`` over
``would_be_tables``.)
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..schema import TABLE_BY_NAME, TABLES
from ..store import Store, TableDiff
from .pipeline import Prepared
from .problems import ERROR, WARNING, Problem


def split_problems(problems: list[Problem]) -> tuple[list[Problem], list[Problem], list[Problem]]:
    """(errors, warnings, notes): errors block the upload, warnings let it through, notes just inform."""
    errors = [p for p in problems if p.severity == ERROR]
    warnings = [p for p in problems if p.severity == WARNING]
    notes = [p for p in problems if p.severity not in (ERROR, WARNING)]
    return errors, warnings, notes


@dataclass(frozen=True)
class TableChange:
    """What an upload does to one table."""

    table: str
    n_rows: int                      # rows of the table after the upload
    diff: TableDiff

    @property
    def n_added(self) -> int:
        return len(self.diff.added)

    @property
    def n_removed(self) -> int:
        return len(self.diff.removed)

    @property
    def n_changed_rows(self) -> int:
        return self.diff.n_changed_rows

    @property
    def empty(self) -> bool:
        return not (self.n_added or self.n_removed or self.n_changed_rows)


@dataclass
class UploadPreview:
    base_version: int | None
    tables: list[TableChange]                      # the uploaded tables, schema order
    carried: list[str]                             # tables not in the upload (kept from the active version)

    @property
    def has_changes(self) -> bool:
        return any(not tc.empty for tc in self.tables)


def would_be_tables(prepared: Prepared, store: Store) -> dict[str, pd.DataFrame]:
    """Every table as the new version would hold it: the uploaded ones replaced, the others carried over."""
    current = store.tables(prepared.base_version) if prepared.base_version is not None else {}
    frames = prepared.checked.frames
    return {tb.name: frames[tb.name] if tb.name in frames else current.get(tb.name, _empty(tb.name))
            for tb in TABLES}


def build_preview(prepared: Prepared) -> UploadPreview:
    """Rows added, removed and changed per uploaded table, and the tables the upload leaves as they are."""
    if not prepared.ok:
        raise ValueError("build_preview needs an upload without errors")
    tables = [TableChange(name, len(prepared.checked.frames[name]), prepared.changes[name])
              for name in prepared.tables]
    carried = [tb.name for tb in TABLES if tb.name not in prepared.checked.frames]
    return UploadPreview(prepared.base_version, tables, carried)


# More rows than this removed from one table, and the confirm asks the officer to name them as removed
# (a tick that lists them); from a filtered export (``Prepared.filtered``) any removal asks it.
REMOVALS_WITHOUT_CONFIRM = 3
# The columns that name a removed row beside its key («title»): the tables whose key is a bare code.
NAMED_BY = {"partners": "name", "projects": "title", "calls": "title"}


@dataclass(frozen=True)
class Removal:
    """The rows an upload removes from one table: each as its key (``NGP-05``, ``NGP-05 · ALIA``) and its
    name where the table has one (the card's title), else empty."""

    table: str
    rows: tuple[tuple[str, str], ...]

    def lines(self) -> list[str]:
        """``NGP-05 «Forestazione urbana»``, ``C-012``: one text a row (user text, shown as plain text)."""
        return [f"{key} «{name}»" if name else key for key, name in self.rows]


def removals(prepared: Prepared) -> list[Removal]:
    """The rows the upload removes, per table (schema order), tables with none left out."""
    out = []
    for name in prepared.tables:
        removed = prepared.changes[name].removed if name in prepared.changes else None
        if removed is None or removed.empty:
            continue
        table = TABLE_BY_NAME[name]
        named = NAMED_BY.get(name)
        rows = tuple((" · ".join(str(row[k]) for k in table.key),
                      "" if named is None or pd.isna(row.get(named)) else str(row[named]))
                     for row in removed.to_dict("records"))
        out.append(Removal(name, rows))
    return out


def removals_to_confirm(prepared: Prepared) -> list[Removal]:
    """The removals the officer must confirm by name before the upload is saved: all of them when one table
    loses more than ``REMOVALS_WITHOUT_CONFIRM`` rows or the file is a filtered export; else none."""
    found = removals(prepared)
    if any(len(r.rows) > REMOVALS_WITHOUT_CONFIRM for r in found) or (prepared.filtered and found):
        return found
    return []


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in TABLE_BY_NAME[name].names})
