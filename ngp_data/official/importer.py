"""The official import: files recognised, read once each, kept for the Comune, converted, saved as a snapshot.

Which rows are kept: every row, in every file, whose CUP is in the *kept set*, the union of
* the CUPs located in the Comune by Localizzazione (this import's, or else the active snapshot's);
* every CUP written on a card (``projects.cup``) or an outcome (``outcomes.cup``) of the active version;
* the CUPs whose ``Codice Fiscale Soggetto Attuatore`` is a partner's tax code (when the partners
  table has a ``tax_code`` column), from this import's Progetti or else the active snapshot's.
Localizzazione keeps all the places of a kept CUP (a project "located elsewhere too" stays visible);
PA digitale keeps the rows whose ``cod_comune`` is the Comune's, as well as those of kept CUPs.

Nothing is written if any file is refused or any kept value cannot be converted: all the problems
are raised together (:class:`~ngp_data.ingest.problems.UploadRejected`), the first ``cap`` of them
with file, row, column and value.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..ingest.limits import Unreadable
from ..ingest.problems import ERROR, WARNING, Problem, UploadRejected
from ..official_schema import (
    DEFAULT_COMUNE,
    LOCATIONS,
    OFFICIAL_TABLES,
    PA_DIGITALE,
    PA_DIGITALE_APPLICATIONS,
    PROJECTS,
    SOURCE_OF,
)
from ..schema import Table
from ..store import official as store_official
from ..store.versioned import LOCAL_AUTHOR
from . import files as _files
from . import reading
from .files import CheckedFile

Progress = Callable[[str, str, int, int], None]
STAGES = ("checked", "read", "kept", "converted", "committed")
CAP = 50                                     # problems listed; the others are counted


@dataclass(frozen=True)
class ImportResult:
    """What an official import did (``snapshot_id`` None on a dry run)."""

    snapshot_id: int | None
    comune: str
    files: list[store_official.OfficialFile]
    warnings: list[Problem] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)       # file name -> "UTF-8" | "Windows-1252"


def comune_code(value: str | None = None) -> str:
    """The Comune's ISTAT code: the one given, else ``$NGP_COMUNE``, else Prato's; 6 digits or refused."""
    code = (value or os.environ.get("NGP_COMUNE") or DEFAULT_COMUNE).strip()
    if re.fullmatch(r"[0-9]{1,6}", code):
        return code.zfill(6)
    raise UploadRejected([Problem(f"codice ISTAT del Comune non valido: «{code}» (6 cifre, per esempio "
                                  f"{DEFAULT_COMUNE} per Prato).")])


def import_official(store, files: list[tuple[str, Path | str | bytes]], *, comune: str | None = None,
                    author: str = LOCAL_AUTHOR, comment: str = "", progress: Progress | None = None,
                    dry_run: bool = False, cap: int = CAP, demo: bool = False,
                    created_at: datetime | None = None) -> ImportResult:
    """Read, check, filter and convert the official files; commit them as a new snapshot.

    ``files`` are (name, path or bytes). Raises :class:`UploadRejected` with every problem (nothing
    written); the result lists per file its table, rows read and kept and extraction date. ``demo``
    marks the snapshot as the demo's (kind "demo"), ``created_at`` dates it (default: now).
    """
    comune = comune_code(comune)
    say = progress or (lambda *_: None)
    with tempfile.TemporaryDirectory(prefix="ngp-official-") as tmp:
        checked = _check_all(files, Path(tmp), say)
        con = reading.connect(str(Path(tmp) / "spill"))
        try:
            return _import(store, con, checked, comune, author, comment, say, dry_run, cap,
                           {"kind": "demo", "demo": True, "created_at": created_at} if demo
                           else {"created_at": created_at})
        except Unreadable as exc:            # the time budget ran out past the reading (filtering, converting)
            raise UploadRejected([Problem(str(exc))]) from None
        finally:
            con.close()


# --- 1. the files sized up and recognised ---------------------------------------------------------
def _check_all(files, tmp: Path, say: Progress) -> list[CheckedFile]:
    problems, checked = [], []
    if not files:
        raise UploadRejected([Problem("nessun file da importare.")])
    for pos, (name, source) in enumerate(files):
        try:
            path = _as_path(source, tmp / f"upload-{pos}.csv")
            checked.append(_files.check_file(name, path, tmp / f"upload-{pos}.utf8.csv"))
        except Unreadable as exc:
            problems.append(Problem(str(exc), file=name))
            continue
        except OSError as exc:
            problems.append(Problem(f"file non leggibile ({exc.strerror or exc}).", file=name))
            continue
        say(name, "checked", 0, 0)
    seen: dict[str, str] = {}
    for c in checked:
        for table in c.recognised.tables:
            if SOURCE_OF[table.name] == PA_DIGITALE:
                continue                      # PA digitale publishes one file per call: they add up
            if table.name in seen:
                problems.append(Problem(f"è di nuovo il file «{table.sheet}», già dato con «{seen[table.name]}»: "
                                        "importa un solo file per tabella di Italia Domani.", file=c.name))
            seen.setdefault(table.name, c.name)
    if problems:
        raise UploadRejected(problems)
    return checked


def _as_path(source, spare: Path) -> Path:
    if isinstance(source, bytes | bytearray | memoryview):
        if len(source) > _files.MAX_OFFICIAL_BYTES:
            raise Unreadable(f"il file pesa {len(source) / 1024 / 1024:.0f} MB, oltre il limite di "
                             f"{_files.limit_mb()} MB per un file ufficiale.")
        spare.write_bytes(source)
        return spare
    return Path(source)


# --- 2. read, keep, convert, commit ---------------------------------------------------------------
def _import(store, con, checked: list[CheckedFile], comune: str, author: str, comment: str, say: Progress,
            dry_run: bool, cap: int, recorded: dict) -> ImportResult:
    active = store_official.active_snapshot(store)
    if active is not None and checked:
        old = {f.sha256 for f in store_official.snapshot(store, active).files}
        if all(c.sha256 in old for c in checked):
            raise UploadRejected([Problem(f"questi file sono già importati nell'istantanea ufficiale attiva "
                                          f"({active}): nulla da aggiornare.")])
    budget = reading.Budget()
    jobs = [(no, c, t) for no, c in enumerate(checked) for t in c.recognised.tables]
    by_table = {t.name for _, _, t in jobs}
    read: dict[tuple[int, str], tuple[int, object]] = {}
    problems: list[Problem] = []

    def run_scan(no, c, table, keep="TRUE", params=None):
        try:
            read[(no, table.name)] = reading.scan(con, budget, c, table, no, keep, params)
        except Unreadable as exc:
            problems.append(Problem(str(exc), file=c.name))
            return
        say(c.name, "read", read[(no, table.name)][0], 0)

    con.execute("CREATE TEMP TABLE kept_cups (cup VARCHAR)")
    con.execute("CREATE TEMP TABLE partner_tax (tax VARCHAR)")
    # Localizzazione first, whole (its kept rows depend on CUPs found in the other files too).
    for no, c, t in jobs:
        if t is LOCATIONS:
            run_scan(no, c, t)
    if problems:
        raise UploadRejected(problems)
    _fill_kept_set(store, con, comune, active, LOCATIONS.name in by_table, PROJECTS.name in by_table)
    cup = reading.norm_cup("cup")
    for no, c, t in jobs:                       # Progetti next: a partner's projects join the set
        if t is PROJECTS:
            run_scan(no, c, t, f"{cup} IN (SELECT cup FROM kept_cups) OR "
                     f"{reading.norm_tax('implementer_tax_code')} IN (SELECT tax FROM partner_tax)")
    if PROJECTS.name in by_table and not problems:
        con.execute(f"INSERT INTO kept_cups SELECT DISTINCT {cup} FROM raw_{PROJECTS.name} WHERE {cup} IS NOT NULL")
    for no, c, t in jobs:
        if t is PA_DIGITALE_APPLICATIONS:
            run_scan(no, c, t, f"{reading.norm_comune(t)} = ? OR {cup} IN (SELECT cup FROM kept_cups)", [comune])
        elif t not in (LOCATIONS, PROJECTS):
            run_scan(no, c, t, f"{cup} IN (SELECT cup FROM kept_cups)")
    if problems:
        raise UploadRejected(problems)
    if LOCATIONS.name in by_table:
        # rebuilt with IN, a hash join (a NULL in kept_cups can only drop a row, never keep one)
        con.execute(f"CREATE OR REPLACE TEMP TABLE raw_{LOCATIONS.name} AS SELECT * FROM raw_{LOCATIONS.name} "
                    f"WHERE {cup} IN (SELECT cup FROM kept_cups)")
    kept = {(no, name): n for name in by_table for no, n in
            con.execute(f"SELECT _file, count(*) FROM raw_{name} GROUP BY _file").fetchall()}
    records, warnings = [], []
    for no, c, t in jobs:
        n_read, extracted = read[(no, t.name)]
        n_kept = kept.get((no, t.name), 0)
        say(c.name, "kept", n_read, n_kept)
        records.append(store_official.OfficialFile(name=c.name, table=t.name, sha256=c.sha256, size=c.size,
                                                   rows_read=n_read, rows_kept=n_kept, extracted_on=extracted))
        if n_read == 0:
            warnings.append(Problem("il file non ha righe di dati, solo l'intestazione.", file=c.name,
                                    severity=WARNING))
        elif n_kept == 0:
            warnings.append(Problem(f"nessuna riga riguarda il Comune {comune} ({n_read} righe lette, nessuna "
                                    "con un CUP localizzato nel Comune, su una scheda o di un partner).",
                                    file=c.name, severity=WARNING))
    if sum(r.rows_kept for r in records) == 0:
        raise UploadRejected([Problem(f"nessuna riga dei file riguarda il Comune {comune}: nulla da importare. "
                                      "Controlla il codice ISTAT del Comune (--comune) e i file scelti.")]
                             + warnings)
    frames = _convert(con, budget, checked, jobs, by_table, cap)
    for r in records:
        say(r.name, "converted", r.rows_read, r.rows_kept)
    snapshot_id = None
    if not dry_run:
        snapshot_id = store_official.commit_snapshot(store, frames, records, comune=comune, author=author,
                                                     comment=comment, expected_active=active, **recorded)
        for r in records:
            say(r.name, "committed", r.rows_read, r.rows_kept)
    return ImportResult(snapshot_id=snapshot_id, comune=comune, files=records, warnings=warnings,
                        encodings={c.name: c.encoding for c in checked})


def _fill_kept_set(store, con, comune: str, active: int | None, has_locations: bool, has_projects: bool) -> None:
    """kept_cups: located in the Comune, or on a card or an outcome; partner_tax: the partners' tax codes."""
    cup = reading.norm_cup("cup")
    if has_locations:
        con.execute(f"INSERT INTO kept_cups SELECT DISTINCT {cup} FROM raw_{LOCATIONS.name} "
                    f"WHERE {reading.norm_comune(LOCATIONS)} = ? AND {cup} IS NOT NULL", [comune])
    elif active is not None:
        located = store_official.official_table(store, LOCATIONS.name, active)
        _insert(con, "kept_cups", located.loc[located["comune_code"] == comune, "cup"])
    tables = store.tables() if store.active_version() is not None else {}
    for name in ("projects", "outcomes"):
        frame = tables.get(name)
        if frame is not None and "cup" in frame:
            _insert(con, "kept_cups", frame["cup"].dropna().astype(str).str.strip().str.upper())
    partners = tables.get("partners")
    tax = partners.get("tax_code") if partners is not None else None
    if tax is None:
        return
    taxes = {v.zfill(11) if v.isdigit() else v for v in tax.dropna().astype(str).str.strip() if v}
    _insert(con, "partner_tax", sorted(taxes))
    if not has_projects and active is not None:
        projects = store_official.official_table(store, PROJECTS.name, active)
        _insert(con, "kept_cups", projects.loc[projects["implementer_tax_code"].isin(taxes), "cup"])


def _insert(con, table: str, values) -> None:
    values = [v for v in dict.fromkeys(values) if v]
    if values:
        con.execute(f"INSERT INTO {table} SELECT unnest(?::VARCHAR[])", [values])


def _convert(con, budget, checked: list[CheckedFile], jobs, by_table: set[str], cap: int) -> dict:
    """Each table's kept rows typed; every failure a Problem (the first ``cap`` listed), raised together."""
    frames, failures, total = {}, [], 0
    for table in OFFICIAL_TABLES:
        if table.name not in by_table:
            continue
        frame, first, n = reading.convert(con, budget, table, cap)
        frames[table.name] = frame
        failures += [(table, *f) for f in first]
        total += n
    if not total:
        return frames
    failures.sort(key=lambda f: (f[1], f[2]))
    problems = [_failure(checked, *f) for f in failures[:cap]]
    if total > len(problems):
        problems.append(Problem(f"… e altri {total - len(problems)} valori non validi (corretti questi, "
                                "ricarica i file per vederli)."))
    raise UploadRejected(problems)


def _failure(checked: list[CheckedFile], table: Table, file_no: int, row: int, col: str, value: str,
             reason: str) -> Problem:
    c = checked[file_no]
    pos = _files.position_of(c.recognised, table, table.column(col))
    header = c.recognised.headers[pos] if pos is not None else table.column(col).it
    return Problem(f"«{value}» {reason}", file=c.name, row=int(row) + 1, column=header, severity=ERROR)
