"""The command line as scripts use it: real subprocesses, exit codes, messages, nothing half-written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ngp_data.store import Store
from tests.builders import valid_rows, workbook_bytes

ROOT = Path(__file__).resolve().parents[1]


def cli(*args, env=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "ngp_data", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=timeout)


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "portafoglio.xlsx"
    good.write_bytes(workbook_bytes(valid_rows()))
    rows = valid_rows()
    rows["Progetti"][1][6] = "tanti"
    rows["Candidature"][1][3] = "Sconosciuto srl"
    rows["Esiti"][2][1] = "Boh"
    bad = tmp_path / "sbagliato.xlsx"
    bad.write_bytes(workbook_bytes(rows))
    return good, bad


def versions_in(db):
    s = Store(db)
    try:
        return [v.version_id for v in s.versions()]
    finally:
        s.close()


def test_import_then_versions_then_rollback(tmp_path, files):
    good, _ = files
    db = tmp_path / "c.duckdb"
    out = cli("import", good, "--db", db, "--author", "anna", "--comment", "prima")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("importata la versione 1 (Partner: 3 righe aggiunte, 0 tolte, 0 modificate;")
    rows = valid_rows()
    rows["Progetti"][1][1] = "Textile Hub europeo"
    second = tmp_path / "v2.xlsx"
    second.write_bytes(workbook_bytes(rows))
    out = cli("import", second, "--db", db)
    assert out.returncode == 0, out.stderr
    assert "Progetti: 0 righe aggiunte, 0 tolte, 1 modificata" in out.stdout
    listing = cli("versions", "--db", db).stdout.splitlines()
    assert [line.split("\t")[0] for line in listing] == ["1", "2"]
    assert listing[0].split("\t")[2:5] == ["anna", "import", "portafoglio.xlsx"]
    assert listing[0].endswith("\tprima")
    out = cli("rollback", "1", "--db", db)
    assert (out.returncode, out.stdout.strip()) == (0, "ripristinata la versione 1 come nuova versione 3.")
    assert Store(db).table("projects")["title"].tolist()[0] == "Textile Hub"


def test_rejected_import_lists_every_problem_and_writes_nothing(tmp_path, files):
    good, bad = files
    db = tmp_path / "c.duckdb"
    assert cli("import", good, "--db", db).returncode == 0
    out = cli("import", bad, "--db", db)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert lines[0].startswith("sbagliato.xlsx › Progetti › riga 2 › Budget totale: importo non valido «tanti»")
    assert lines[1].startswith("sbagliato.xlsx › Candidature › riga 2 › Proponente: partner sconosciuto")
    assert lines[2].startswith("sbagliato.xlsx › Esiti › riga 3 › Esito: valore non ammesso «Boh»")
    assert len(lines) == 3
    assert versions_in(db) == [1]


def test_dry_run_checks_only(tmp_path, files):
    good, _ = files
    db = tmp_path / "c.duckdb"
    out = cli("import", good, "--db", db, "--dry-run")
    assert out.returncode == 0
    assert out.stdout.startswith("controllo superato, nulla scritto")
    assert versions_in(db) == []


def test_database_path_from_environment(tmp_path, files):
    good, _ = files
    db = tmp_path / "env.duckdb"
    assert cli("import", good, env={"NGP_DB": str(db)}).returncode == 0
    assert versions_in(db) == [1]


@pytest.mark.parametrize("args, fragment", [
    (["frobnicate"], "invalid choice"), (["rollback"], "the following arguments are required"),
    (["rollback", "abc"], "invalid int value"), (["import"], "the following arguments are required"),
])
def test_usage_errors_exit_2_without_traceback(args, fragment):
    out = cli(*args)
    assert out.returncode == 2
    assert fragment in out.stderr and "Traceback" not in out.stderr


def test_missing_file_and_unknown_version_are_clear(tmp_path):
    db = tmp_path / "c.duckdb"
    out = cli("import", tmp_path / "nope.xlsx", "--db", db)
    assert out.returncode == 2 and "nope.xlsx: file non leggibile" in out.stderr
    out = cli("rollback", "7", "--db", db)
    assert out.returncode == 1 and out.stderr.strip() == "errore: La versione 7 non esiste."


def test_busy_database_exits_2(tmp_path, files):
    good, _ = files
    db = tmp_path / "busy.duckdb"
    holder = Store(db)
    try:
        out = cli("import", good, "--db", db)
    finally:
        holder.close()
    assert out.returncode == 2
    assert out.stderr.startswith("errore: Database in uso:") and "Traceback" not in out.stderr
    assert versions_in(db) == []


def test_demo_template_and_filtered_export(tmp_path):
    import openpyxl

    from ngp_data.analytics.queries import Filters, filtered_tables

    db = tmp_path / "d.duckdb"
    out = cli("demo", "--db", db)
    assert (out.returncode, out.stdout.strip()) == (0, "dati dimostrativi caricati: versioni 1, 2, 3.")
    listing = cli("versions", "--db", db).stdout.splitlines()
    assert len(listing) == 3 and all("[dimostrativi]" in line for line in listing)

    xlsx = tmp_path / "out" / "m2.xlsx"
    out = cli("export", xlsx, "--db", db, "--mission", "m2", "--partner", "alia")
    assert out.returncode == 0, out.stderr
    store = Store(db)
    expected = filtered_tables(store, 3, Filters(missions=("M2",), partners=("ALIA",)))
    store.close()
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["Partner", "Progetti", "Partner progetto", "Bandi", "Candidature", "Esiti",
                             "Riepilogo missioni", "Riepilogo partner", "Filtri"]
    assert wb["Progetti"]["A1"].value == "ID progetto"
    for sheet, name in zip(wb.sheetnames[:6], expected, strict=True):
        assert wb[sheet].max_row - 1 == len(expected[name]), sheet
    assert 0 < len(expected["projects"]) < 24
    assert set(expected["projects"]["mission"]) == {"M2"}

    template = tmp_path / "modello.xlsx"
    out = cli("template", template)
    assert out.returncode == 0
    assert openpyxl.load_workbook(template).sheetnames[:2] == ["Istruzioni", "Partner"]


def test_export_of_a_missing_version_is_an_error_not_a_traceback(tmp_path):
    out = cli("export", tmp_path / "x.xlsx", "--db", tmp_path / "e.duckdb")
    assert out.returncode == 1
    assert out.stderr.strip() == ("errore: Il database non contiene ancora dati: importa un file o i dati "
                                  "dimostrativi.")


def test_backup_check_restore_commands(tmp_path, files):
    good, _ = files
    db = tmp_path / "ops.duckdb"
    assert cli("import", good, "--db", db).returncode == 0
    out = cli("check", "--db", db)
    assert (out.returncode, out.stdout.strip()) == (
        0, "integrità verificata: 1 versioni, conteggi e SHA-256 corrispondono.")
    out = cli("backup", tmp_path / "bk", "--db", db)
    assert out.returncode == 0
    backup = next((tmp_path / "bk").glob("ngp_backup_*.duckdb"))
    assert out.stdout.strip() == f"backup scritto in {backup}."
    assert cli("rollback", "1", "--db", db).returncode == 1          # already active: a clear refusal
    out = cli("restore", backup, "--db", db)
    assert out.returncode == 0 and "il database precedente è in" in out.stdout
    out = cli("restore", tmp_path / "nessuno.duckdb", "--db", db)
    assert (out.returncode, out.stderr.strip()) == (
        1, f"errore: Il file di backup {tmp_path / 'nessuno.duckdb'} non esiste.")


def test_versions_escape_control_characters_of_user_text(tmp_path, files):
    """A comment or author with terminal escapes (ESC, a bidi override) is printed escaped, never raw."""
    good, _ = files
    db = tmp_path / "c.duckdb"
    out = cli("import", good, "--db", db, "--author", "anna\x1b[2J", "--comment", "nota\u202eevil\x07")
    assert out.returncode == 0, out.stderr
    listing = cli("versions", "--db", db)
    assert listing.returncode == 0, listing.stderr
    assert "\x1b" not in listing.stdout and "\u202e" not in listing.stdout and "\x07" not in listing.stdout
    fields = listing.stdout.splitlines()[0].split("\t")
    assert fields[2] == "anna\\x1b[2J" and fields[-1] == "nota\\u202eevil\\x07"
