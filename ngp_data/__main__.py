"""The command line: python -m ngp_data import|export|pack|versions|rollback|template|demo|official|meetings|meeting.

Exit codes: 0 done; 1 input rejected, or the database damaged, or ``check`` found problems (one per
line on standard error, nothing written); 2 usage error, database busy, or an output that cannot be
written there. A user's mistake never prints a Python traceback. While a dashboard holds the database, the
commands of ``cli_served.SERVED`` are run by it (same code: :func:`run`), the others answer "Database in uso".
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

from .cli_meetings import MEETING_COMMANDS, add_meeting_commands, it_date
from .cli_migrate import MIGRATE_COMMANDS, add_migrate_command
from .cli_served import Io, ask_dashboard, dashboard_serves
from .ingest.problems import UploadRejected, escape_controls
from .schema import TABLE_BY_NAME
from .store import (
    LOCAL_AUTHOR,
    CannotWrite,
    DatabaseDamaged,
    StoreError,
    cannot_write,
    database_arg,
    default_db_path,
    open_store,
    restore,
    version_summary,
)

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and an Italian hint, never a traceback."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        print(f"errore: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m ngp_data", description="NGP Monitor: dati del portafoglio Next Generation "
                     "Prato (import, export, versioni).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def with_db(p):
        p.add_argument("--db", type=database_arg, default=None,
                       help="file DuckDB o URL postgresql://utente:password@host:porta/database "
                            "(predefinito: $NGP_DB, altrimenti data/ngp.duckdb)")
        return p

    p = with_db(sub.add_parser("import", help="controlla e importa uno o più file (.xlsx .xlsm .xls .ods .csv)"))
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="solo controllo: non scrive nulla")
    p.add_argument("--author", default=LOCAL_AUTHOR, help="autore della versione (predefinito: locale)")
    p.add_argument("--comment", default="", help="commento della versione")
    p.add_argument("--replace-all", action="store_true", help="accetta un'esportazione filtrata: sostituisce "
                   "tutto il portafoglio con la sola parte filtrata")

    p = with_db(sub.add_parser("export", help="esporta in un file .xlsx le tabelle filtrate, i riepiloghi e "
                                             "il foglio Filtri"))
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.add_argument("--mission", nargs="+", default=[], metavar="M", help="missioni, es. M2 M5")
    p.add_argument("--partner", nargs="+", default=[], metavar="ID", help="ID dei partner")
    p.add_argument("--version", type=int, default=None, metavar="N", help="versione (predefinita: attiva)")

    p = with_db(sub.add_parser("pack", help="scrive il dossier della riunione in PDF (copertina, indicatori, grafici, "
                                           "novità, da seguire, scadenze, riscontro ufficiale)"))
    p.add_argument("out", type=Path, metavar="OUT.pdf")
    p.add_argument("--mission", "--missione", nargs="+", default=[], metavar="M", help="missioni, es. M2 M5")
    p.add_argument("--partner", nargs="+", default=[], metavar="ID", help="ID dei partner")
    p.add_argument("--dal", type=_cli_date, default=None, metavar="GG/MM/AAAA", help="candidature presentate dal")
    p.add_argument("--al", type=_cli_date, default=None, metavar="GG/MM/AAAA", help="candidature presentate fino al")
    p.add_argument("--version", type=int, default=None, metavar="N", help="versione (predefinita: attiva)")
    p.add_argument("--since", type=int, default=None, metavar="N",
                   help="versione con cui confrontare (predefinita: quella dell'ultima riunione, o la precedente)")
    p.add_argument("--lingua", choices=("it", "en"), default="it", help="lingua del dossier (predefinita: it)")

    with_db(sub.add_parser("versions", help="elenca le versioni, dalla più vecchia"))

    p = with_db(sub.add_parser("rollback", help="rende di nuovo attiva la versione N"))
    p.add_argument("version", type=int, metavar="N")

    p = sub.add_parser("template", help="scrive il modello vuoto da compilare")
    p.add_argument("out", type=Path, metavar="OUT.xlsx")

    with_db(sub.add_parser("demo", help="carica i dati dimostrativi (illustrativi)"))

    p = with_db(sub.add_parser("backup", help="copia coerente e verificata del database in DIR (nome con data e "
                                             "ora; predefinita: $NGP_BACKUP_DIR o backup/ accanto al database)"))
    p.add_argument("directory", type=Path, metavar="DIR", nargs="?", default=None)

    p = with_db(sub.add_parser("restore", help="sostituisce il database con un backup controllato "
                                              "(a dashboard ferma; il file sostituito viene conservato)"))
    p.add_argument("backup", type=Path, metavar="FILE")

    with_db(sub.add_parser("check", help="controlla l'integrità: versioni leggibili, conteggi, SHA-256"))

    p = with_db(sub.add_parser("official", help="importa i file dei dati ufficiali PNRR (Italia Domani, PA digitale "
                                               "2026) come nuova istantanea ufficiale; --list le elenca"))
    p.add_argument("files", nargs="*", type=Path, metavar="FILE")
    p.add_argument("--comune", default=None, help="codice ISTAT del Comune (predefinito: $NGP_COMUNE o 100005)")
    p.add_argument("--dry-run", action="store_true", help="solo controllo: non scrive nulla")
    p.add_argument("--list", action="store_true", help="elenca le istantanee ufficiali, dalla più vecchia")
    p.add_argument("--author", default=LOCAL_AUTHOR, help="autore dell'istantanea (predefinito: locale)")
    p.add_argument("--comment", default="", help="commento dell'istantanea")

    add_meeting_commands(sub, with_db, _cli_date)
    add_migrate_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if dashboard_serves(args):                    # the dashboard holds the file: it runs the command
        return ask_dashboard(args, sys.stdout, sys.stderr)
    return run(args, Io(sys.stdout, sys.stderr, lambda: open_store(args.db)))


def run(args, io: Io) -> int:
    """One parsed command, its messages and exit code: the same path on the command line and in the dashboard."""
    try:
        return _COMMANDS[args.command](args, io)
    except UploadRejected as exc:
        for problem in exc.problems:
            io.print(problem, file=io.err)
        return EXIT_REJECTED
    except StoreError as exc:
        io.print(f"errore: {exc}", file=io.err)
        return exc.exit_code
    except KeyboardInterrupt:
        io.print("interrotto: nulla è stato scritto.", file=io.err)
        return EXIT_USAGE


def _import(args, io: Io) -> int:
    from .ingest.pipeline import commit, prepare
    from .ingest.preview import removals

    files = []
    for path in args.files:
        try:
            files.append((path.name, _read_input(path)))
        except OSError as exc:
            io.print(f"errore: {path}: file non leggibile ({exc.strerror or exc}).", file=io.err)
            return EXIT_USAGE
    store = io.store()
    prepared = prepare(files, store)
    for problem in prepared.problems:
        if not problem.is_error:
            io.print(f"{problem.severity}: {problem}", file=io.err)
    if not prepared.ok:
        raise UploadRejected(prepared.checked.errors)
    summary = "; ".join(f"{TABLE_BY_NAME[name].sheet}: {d.summary()}" for name, d in prepared.changes.items())
    if prepared.base_version is not None and not prepared.has_changes and not store.duplicate_of_active(prepared.files):
        io.print(f"nessuna differenza rispetto ai dati attivi (versione {prepared.base_version}): nulla scritto.")
        return EXIT_OK
    for export in [] if args.replace_all else prepared.filtered:
        io.print(escape_controls(f"errore: {export.file} è un'esportazione filtrata ({export.describe()}): importarlo "
                              "sostituirebbe tutto il portafoglio con la sola parte filtrata. Importa i dati "
                              "completi, oppure aggiungi --replace-all se è proprio ciò che vuoi."), file=io.err)
    if prepared.filtered and not args.replace_all:
        return EXIT_REJECTED
    for removal in removals(prepared):
        io.print(escape_controls(f"tolte da {TABLE_BY_NAME[removal.table].sheet} ({len(removal.rows)}): "
                              + ", ".join(removal.lines())))
    if args.dry_run:
        io.print(f"controllo superato, nulla scritto ({summary}).")
        return EXIT_OK
    version = commit(prepared, store, author=args.author, comment=args.comment)
    io.print(f"importata la versione {version} ({summary}).")
    return EXIT_OK


def _read_input(path: Path) -> bytes:
    """The file's bytes, never more than the upload limit: a regular file is sized before it is read, and
    anything else (``/dev/zero``, a pipe) is read up to one byte past the limit, never to its end."""
    from .ingest.guard import MAX_UPLOAD_BYTES
    from .ingest.problems import Problem

    limit_mb = MAX_UPLOAD_BYTES // 1024 // 1024
    with open(path, "rb") as f:
        info = os.fstat(f.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_UPLOAD_BYTES:
            message = f"il file pesa {info.st_size / 1024 / 1024:.1f} MB, oltre il limite di {limit_mb} MB."
        else:
            data = f.read(MAX_UPLOAD_BYTES + 1)
            if len(data) <= MAX_UPLOAD_BYTES:
                return data
            message = f"il file supera il limite di {limit_mb} MB: la lettura si è fermata lì."
    raise UploadRejected([Problem(message, file=path.name)])


def _export(args, io: Io) -> int:
    """The Esporta page's workbook: the filtered tables, the summaries and the "Filtri" sheet."""
    from .analytics.queries import Filters
    from .output import ExportTooLarge, export_workbook

    store = io.store()
    version = store.version(args.version)
    filters = Filters(missions=tuple(m.upper() for m in args.mission), partners=tuple(p.upper() for p in args.partner))
    try:
        with store.reading():                     # the queries read the store's cursors directly
            counts = _write_file(args.out, lambda f: export_workbook(store, version, filters, f),
                                 example="esportazione.xlsx")
    except ExportTooLarge as exc:
        io.print(f"errore: {exc}", file=io.err)
        return EXIT_REJECTED
    summary = ", ".join(f"{sheet}={n}" for sheet, n in counts.items())
    io.print(f"esportata la versione {version.version_id} in {args.out} ({summary}).")
    return EXIT_OK


def _cli_date(text: str):
    """``gg/mm/aaaa`` or ``aaaa-mm-gg``; argparse turns the ValueError into a usage error (exit 2)."""
    import datetime as dt

    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"data non valida: {text!r} (scrivere gg/mm/aaaa o aaaa-mm-gg)")


def _pack(args, io: Io) -> int:
    """The meeting pack as a PDF: the stages on standard error, the file written whole or not at all."""
    import datetime as dt

    from .analytics.queries import Filters
    from .labels import t
    from .output import PackError, build_pack

    if args.out.suffix.lower() != ".pdf":
        io.print(f"errore: {args.out}: il dossier è un PDF, il nome deve finire in .pdf.", file=io.err)
        return EXIT_USAGE
    store = io.store()
    version = store.version(args.version)
    if args.since is not None:
        store.version(args.since)                 # an unknown version: its Italian message, exit 2
    filters = Filters(missions=tuple(m.upper() for m in args.mission), partners=tuple(p.upper() for p in args.partner),
                      date_from=args.dal, date_to=args.al)
    pinned = os.environ.get("NGP_TODAY")
    today = dt.date.fromisoformat(pinned) if pinned else dt.date.today()

    def progress(fraction: float, message: str) -> None:
        io.print(f"{fraction:4.0%} {message}", file=io.err)

    try:
        pdf = build_pack(store, version_id=version.version_id, filters=filters, lang=args.lingua, today=today,
                         since_version=args.since, progress=progress)
    except PackError as exc:
        io.print(f"errore: {exc}", file=io.err)
        return EXIT_REJECTED
    _write_file(args.out, lambda f: f.write(pdf), example="dossier.pdf")
    io.print(t("pack_cli_done", args.lingua, path=args.out, n=version.version_id, size=f"{len(pdf) / 1024:.0f}"))
    return EXIT_OK


def _versions(args, io: Io) -> int:
    store = io.store()
    for version in store.versions():              # fields tab-separated; user text (author, comment,
        fields = version_summary(version).split("\t")  # file names) with its control characters escaped
        io.print("\t".join(escape_controls(f) for f in fields))
    return EXIT_OK


def _rollback(args, io: Io) -> int:
    store = io.store()
    new = store.rollback(args.version)
    io.print(f"ripristinata la versione {args.version} come nuova versione {new}.")
    return EXIT_OK


def _template(args, io: Io) -> int:
    from .output import write_template

    _write_file(args.out, write_template, example="modello.xlsx")
    io.print(f"modello scritto in {args.out}.")
    return EXIT_OK


def _demo(args, io: Io) -> int:
    from .demo import load_demo

    versions = load_demo(io.store())
    io.print(f"dati dimostrativi caricati: versioni {', '.join(map(str, versions))}.")
    return EXIT_OK


def _backup(args, io: Io) -> int:
    target = io.store().backup(args.directory)          # no DIR: the backup folder (see store.damage)
    io.print(f"backup scritto in {target}.")
    return EXIT_OK


def _restore(args, io: Io) -> int:
    kept = restore(args.backup, args.db or default_db_path())
    where = f" (il database precedente è in {kept})" if kept else ""
    io.print(f"database ripristinato da {args.backup}{where}.")
    return EXIT_OK


def _check(args, io: Io) -> int:
    try:
        store = io.store()
        problems = store.check()
    except DatabaseDamaged as exc:                # a finding, like any other: exit 1
        problems = [str(exc)]
    for problem in problems:
        io.print(problem, file=io.err)
    if problems:
        return EXIT_REJECTED
    io.print(f"integrità verificata: {len(store.versions())} versioni, conteggi e SHA-256 corrispondono.")
    return EXIT_OK


def _official(args, io: Io) -> int:
    """Official files read, kept for the Comune and saved as a snapshot; or, with --list, the snapshots."""
    from .labels import t, tn
    from .official import import_official
    from .official_schema import OFFICIAL_BY_NAME
    from .store import official as store_official

    if args.list:
        if args.files:
            io.print("errore: --list non accetta file.", file=io.err)
            return EXIT_USAGE
        for s in store_official.snapshots(io.store()):
            files = ", ".join(escape_controls(f.name) for f in s.files)
            rows = tn("official_snapshot_rows", sum(s.counts.values()))
            io.print("\t".join([str(s.snapshot_id), s.created_at.strftime("%d/%m/%Y %H:%M"),
                             it_date(s.extracted_on), s.kind, s.comune, rows, files or "—"]))
        return EXIT_OK
    if not args.files:
        io.print("errore: indica almeno un file (o --list).", file=io.err)
        return EXIT_USAGE
    for path in args.files:
        if not path.is_file():
            io.print(f"errore: {path}: file non trovato o non è un file.", file=io.err)
            return EXIT_USAGE

    def progress(name, stage, rows_read, rows_kept):
        io.print(t("official_progress", file=escape_controls(name), stage=t(f"official_stage_{stage}"),
                read=tn("official_rows_read", rows_read), kept=tn("official_rows_kept", rows_kept)), file=io.err)

    store = io.store()
    result = import_official(store, [(p.name, p) for p in args.files], comune=args.comune, author=args.author,
                             comment=args.comment, progress=progress, dry_run=args.dry_run)
    for w in result.warnings:
        io.print(f"{w.severity}: {w}", file=io.err)
    for f in result.files:
        io.print(t("official_file_summary", file=escape_controls(f.name), table=OFFICIAL_BY_NAME[f.table].sheet,
                read=tn("official_rows_read", f.rows_read), kept=tn("official_rows_kept", f.rows_kept),
                comune=result.comune, extracted=it_date(f.extracted_on)))
    io.print(t("official_dry_run") if args.dry_run else t("official_imported", snapshot=result.snapshot_id))
    return EXIT_OK


def _write_file(out: Path, write: Callable, *, example: str):
    """``write(file)`` into ``out`` under a hidden temporary name, then rename: never a half-written file.

    A place that cannot be written (a directory, a read-only disk, a path through a file) is a
    :class:`CannotWrite` (exit 2) and leaves nothing behind.
    """
    if out.is_dir():
        raise CannotWrite(f"{out} è una cartella: indica il nome del file da scrivere, per esempio {out / example}.")
    partial = out.with_name(f".{out.stem}.parziale{out.suffix}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as f:
            result = write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(partial, out)
        return result
    except OSError as exc:
        raise cannot_write(out, exc) from None
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


_COMMANDS = {"import": _import, "export": _export, "pack": _pack, "versions": _versions, "rollback": _rollback,
             "template": _template, "demo": _demo, "backup": _backup, "restore": _restore, "check": _check,
             "official": _official, **MEETING_COMMANDS, **MIGRATE_COMMANDS}

if __name__ == "__main__":
    sys.exit(main())
