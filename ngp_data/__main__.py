"""The command line: python -m ngp_data import|export|versions|rollback|template|demo.

Exit codes: 0 done; 1 input rejected (one problem per line on standard error, nothing written);
2 usage error or database busy. A user's mistake never prints a Python traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .problems import UploadRejected
from .schema import TABLE_BY_NAME
from .store import LOCAL_AUTHOR, StoreError, default_db_path, open_store, version_summary

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
        p.add_argument("--db", type=Path, default=None,
                       help=f"file DuckDB (predefinito: $NGP_DB o {default_db_path()})")
        return p

    p = with_db(sub.add_parser("import", help="controlla e importa uno o più file (.xlsx .xlsm .xls .ods .csv)"))
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="solo controllo: non scrive nulla")
    p.add_argument("--author", default=LOCAL_AUTHOR, help="autore della versione (predefinito: locale)")
    p.add_argument("--comment", default="", help="commento della versione")

    p = with_db(sub.add_parser("export", help="esporta le tabelle (filtrate) in un file .xlsx"))
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.add_argument("--mission", nargs="+", default=[], metavar="M", help="missioni, es. M2 M5")
    p.add_argument("--partner", nargs="+", default=[], metavar="ID", help="ID dei partner")
    p.add_argument("--version", type=int, default=None, metavar="N", help="versione (predefinita: attiva)")

    with_db(sub.add_parser("versions", help="elenca le versioni, dalla più vecchia"))

    p = with_db(sub.add_parser("rollback", help="rende di nuovo attiva la versione N"))
    p.add_argument("version", type=int, metavar="N")

    p = sub.add_parser("template", help="scrive il modello vuoto da compilare")
    p.add_argument("out", type=Path, metavar="OUT.xlsx")

    with_db(sub.add_parser("demo", help="carica i dati dimostrativi (illustrativi)"))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except UploadRejected as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_REJECTED
    except StoreError as exc:
        print(f"errore: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrotto: nulla è stato scritto.", file=sys.stderr)
        return EXIT_USAGE


def _import(args) -> int:
    from .imports import commit, prepare

    files = []
    for path in args.files:
        try:
            files.append((path.name, path.read_bytes()))
        except OSError as exc:
            print(f"errore: {path}: file non leggibile ({exc.strerror or exc}).", file=sys.stderr)
            return EXIT_USAGE
    store = open_store(args.db)
    prepared = prepare(files, store)
    for problem in prepared.problems:
        if not problem.is_error:
            print(f"{problem.severity}: {problem}", file=sys.stderr)
    if not prepared.ok:
        raise UploadRejected(prepared.checked.errors)
    summary = "; ".join(f"{TABLE_BY_NAME[name].sheet}: {d.summary()}" for name, d in prepared.changes.items())
    if args.dry_run:
        print(f"controllo superato, nulla scritto ({summary}).")
        return EXIT_OK
    version = commit(prepared, store, author=args.author, comment=args.comment)
    print(f"importata la versione {version} ({summary}).")
    return EXIT_OK


def _export(args) -> int:
    from .excel import write_tables
    from .queries import Filters, filtered_tables

    store = open_store(args.db)
    version = store.version(args.version)
    filters = Filters(missions=tuple(m.upper() for m in args.mission), partners=tuple(p.upper() for p in args.partner))
    frames = filtered_tables(store, version.version_id, filters)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_tables(frames, args.out)
    counts = ", ".join(f"{k}={len(v)}" for k, v in frames.items())
    print(f"esportata la versione {version.version_id} in {args.out} ({counts}).")
    return EXIT_OK


def _versions(args) -> int:
    store = open_store(args.db)
    for version in store.versions():
        print(version_summary(version))
    return EXIT_OK


def _rollback(args) -> int:
    store = open_store(args.db)
    new = store.rollback(args.version)
    print(f"ripristinata la versione {args.version} come nuova versione {new}.")
    return EXIT_OK


def _template(args) -> int:
    from .excel import write_template

    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_template(args.out)
    print(f"modello scritto in {args.out}.")
    return EXIT_OK


def _demo(args) -> int:
    from .demo import load_demo

    versions = load_demo(open_store(args.db))
    print(f"dati dimostrativi caricati: versioni {', '.join(map(str, versions))}.")
    return EXIT_OK


_COMMANDS = {"import": _import, "export": _export, "versions": _versions, "rollback": _rollback,
             "template": _template, "demo": _demo}

if __name__ == "__main__":
    sys.exit(main())
