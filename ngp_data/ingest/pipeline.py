"""The import pipeline: read -> validate -> preview -> commit, shared by the command line and the Dati page.

An upload is checked in full before anything is written; the commit is one transaction and refuses
if another upload became active after the preview was made (no lost update).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..schema import TABLE_BY_NAME, TABLES
from ..store import LOCAL_AUTHOR, DuplicateUpload, SourceFile, Store, TableDiff, diff_frames
from .exported import ExportFilters
from .limits import OverBudget, budget, check_budget
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
    filtered: list[ExportFilters] = field(default_factory=list)   # our exports made with filters, if any

    @property
    def ok(self) -> bool:
        return self.checked.ok

    @property
    def problems(self) -> list[Problem]:
        return self.checked.problems

    @property
    def tables(self) -> list[str]:
        return [t.name for t in TABLES if t.name in self.checked.frames]

    @property
    def has_changes(self) -> bool:
        """Whether committing would change any data (the values compared, not the bytes: the same file
        saved again by Excel changes nothing)."""
        return any(not d.empty for d in self.changes.values())


class NoChanges(DuplicateUpload):
    """A valid upload whose data equal the active version's: no version is written."""


def prepare(files: list[tuple[str, bytes]], store: Store) -> Prepared:
    """Read and validate the files against the active version; nothing is written.

    The whole of it runs under one wall-clock budget (``limits.PREPARE_SECONDS``): the pre-flight and the
    parser child get only what is left of it, validation and the diff check it between steps; past it the
    upload is refused with one message naming the limit (docs/RELIABILITY.md, 11.2)."""
    base = store.active_version()
    current = store.tables(base) if base is not None else {}
    files, renamed = clean_file_names(files)       # the names stored and shown, not the ones received
    sources = [SourceFile(n, b) for n, b in files]
    with budget():
        try:
            upload = read_files(files)
            upload.problems[:0] = renamed
            checked = validate(upload, current)
            changes = {}
            if checked.ok:
                for name, frame in checked.frames.items():
                    check_budget()
                    old = current.get(name)
                    if old is None:
                        old = frame.iloc[0:0]
                    changes[name] = diff_frames(TABLE_BY_NAME[name], old, frame)
                check_budget()
        except OverBudget as exc:
            refused = Checked({}, [Problem(str(exc), file=", ".join(n for n, _ in files))])
            return Prepared(sources, refused, base, {})
    return Prepared(sources, checked, base, changes, upload.filtered)


def commit(prepared: Prepared, store: Store, *, author: str = LOCAL_AUTHOR, comment: str = "") -> int:
    """Write the prepared upload as a new version; raises UploadRejected if it had errors, DuplicateUpload
    if its files are the active version's byte for byte, NoChanges if only its data equal the active
    version's (an empty version would only lengthen the history)."""
    if not prepared.ok:
        raise UploadRejected(prepared.problems)
    if prepared.base_version is not None and not prepared.has_changes:
        raise store.duplicate_of_active(prepared.files) or NoChanges(
            f"Nessuna differenza rispetto ai dati attivi (versione {prepared.base_version}): "
            "nessuna nuova versione salvata.")
    return store.commit(prepared.checked.frames, author=author, comment=comment, files=prepared.files,
                        expected_active=prepared.base_version)
