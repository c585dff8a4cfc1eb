"""The command line's ``migrate``: a whole database copied to another store, then checked on both sides.

``python -m ngp_data migrate --from data/ngp.duckdb --to postgresql://…`` (and back, or into a new
DuckDB file, or from the folder of an ``EXPORT DATABASE``). The copy itself: ``store/migrate.py``.
"""

from __future__ import annotations

from .formats import fmt_number
from .store import database_arg
from .store.migrate import migrate

EXIT_OK, EXIT_REJECTED = 0, 1


def add_migrate_command(sub) -> None:
    p = sub.add_parser("migrate", help="copia tutto il database (versioni, file originali, istantanee ufficiali, "
                                       "riunioni) in un database vuoto, DuckDB o PostgreSQL, e li controlla entrambi")
    p.add_argument("--from", dest="source", required=True, type=database_arg, metavar="ORIGINE",
                   help="file DuckDB, URL postgresql://… o cartella di un EXPORT DATABASE")
    p.add_argument("--to", dest="target", required=True, type=database_arg, metavar="DESTINAZIONE",
                   help="file DuckDB nuovo o vuoto, o URL postgresql://… di un database vuoto")


def _migrate(args, io) -> int:
    report = migrate(args.source, args.target, progress=lambda message: io.print(message, file=io.err))
    width = max(len(name) for name in report.tables) if report.tables else 10
    io.print(f"{'tabella':<{width}}  {'righe':>10}  SHA-256 (origine = destinazione)")
    for name, (rows, digest) in report.tables.items():
        same = "=" if report.copied.get(name) == (rows, digest) else "≠"
        io.print(f"{name:<{width}}  {fmt_number(rows):>10}  {digest[:16]}… {same}")
    problems = [*(f"origine: {p}" for p in report.source_problems),
                *(f"destinazione: {p}" for p in report.target_problems), *report.differences]
    for problem in problems:
        io.print(problem, file=io.err)
    if problems:
        return EXIT_REJECTED
    io.print(f"migrazione completata: {fmt_number(report.versions)} versioni copiate da {report.source} a "
             f"{report.target}; check superato su entrambi, righe e SHA-256 uguali in "
             f"{len(report.tables)} tabelle.")
    return EXIT_OK


MIGRATE_COMMANDS = {"migrate": _migrate}
