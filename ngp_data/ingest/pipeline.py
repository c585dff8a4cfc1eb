"""The import pipeline: read -> validate -> preview -> commit, shared by the command line and the Dati page.

An upload is checked in full before anything is written; the commit is one transaction and refuses
if another upload became active after the preview was made (no lost update).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..schema import TABLE_BY_NAME, TABLES
from ..store import LOCAL_AUTHOR, SourceFile, Store, TableDiff, diff_frames
from .problems import Problem, UploadRejected
from .reading import clean_file_names, read_files
from .validation import Checked, validate


@dataclass
class Prepared:
    """A checked upload, ready to show (problems, changes) and to commit."""

    files: list[SourceFile]
    checked: Checked
    base_version: int | None                 # the active version the preview was computed on
    changes: dict[str, TableDiff]            # per uploaded table: added, removed, changed vs base

    @property
    def ok(self) -> bool:
        return self.checked.ok

    @property
    def problems(self) -> list[Problem]:
        return self.checked.problems

    @property
    def tables(self) -> list[str]:
        return [t.name for t in TABLES if t.name in self.checked.frames]


def prepare(files: list[tuple[str, bytes]], store: Store) -> Prepared:
    """Read and validate the files against the active version; nothing is written."""
    base = store.active_version()
    current = store.tables(base) if base is not None else {}
    files, renamed = clean_file_names(files)       # the names stored and shown, not the ones received
    upload = read_files(files)
    upload.problems[:0] = renamed
    checked = validate(upload, current)
    changes = {}
    if checked.ok:
        for name, frame in checked.frames.items():
            old = current.get(name)
            if old is None:
                old = frame.iloc[0:0]
            changes[name] = diff_frames(TABLE_BY_NAME[name], old, frame)
    return Prepared([SourceFile(n, b) for n, b in files], checked, base, changes)


def commit(prepared: Prepared, store: Store, *, author: str = LOCAL_AUTHOR, comment: str = "") -> int:
    """Write the prepared upload as a new version; raises UploadRejected if it had errors."""
    if not prepared.ok:
        raise UploadRejected(prepared.problems)
    return store.commit(prepared.checked.frames, author=author, comment=comment, files=prepared.files,
                        expected_active=prepared.base_version)
