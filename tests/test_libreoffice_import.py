"""Acceptance check of the issue: `python -m ngp_data import` on workbooks SAVED BY LIBREOFFICE.

The source workbooks are written with openpyxl the way officers fill them in: Italian amounts and dates
typed as text, headers in another case and order, a blank row, an extra column. LibreOffice then opens and
re-saves them as .xlsx (so the bytes are LibreOffice's, not openpyxl's), and the command line imports them.
"""

from __future__ import annotations

import io
import math
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from ngp_data.store import Store
from tests import hostile_files as hf
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent
PROBLEM_LINE = re.compile(r"^(?P<file>[^›\n]+?) › (?P<sheet>[^›\n]+?) › riga (?P<row>\d+) › "
                          r"(?P<column>[^›\n]+?): (?P<message>\S.*)$")

PARTNER = [["NOME", "id PARTNER", "tipo", "FIRMATARIO protocollo"],
           ["Comune di Prato", "comune-po", "Ente pubblico", "SI"],
           ["PIN Polo universitario", "pin", "Universita", "no"]]
PROJECT_HEADER = ["Budget Totale (€)", "capofila", "ID Progetto", "titolo", "MISURA", "missione",
                  "data inizio", "Responsabile interno"]
CALLS = [["dotazione", "Scadenza", "id bando", "TITOLO", "fonte"],
         ["10.000.000", "30/06/2026", "b-rig", "Rigenerazione urbana", "pnrr"]]
REQUESTS = [["ID candidatura", "id progetto", "ID BANDO", "proponente", "Importo richiesto",
             "Cofinanziamento", "Data presentazione"],
            ["c-001", "ngp-01", "B-RIG", "Comune di Prato", "1.000.000,00", "", "15/01/2024"]]
OUTCOMES = [["ID candidatura", "esito", "Importo concesso", "data esito"],
            ["C-001", "finanziata", "€ 900.000", "01/03/2024"]]


def good_projects() -> list[list]:
    return [PROJECT_HEADER,
            ["1.234.567,89", "Comune di Prato", "ngp-01", "Hub dell'inclusione", "m5c2 i2.1", "m5",
             "01/02/2024", "Rossi"],
            [None] * len(PROJECT_HEADER),                                       # a blank row (row 3)
            ["€ 250.000", "pin", "NGP-02", "Parco fluviale", "M2C4 I2.2", "M2", "13/02/2024", "Bianchi"]]


def broken_projects() -> list[list]:
    return [PROJECT_HEADER,
            ["1.234.567,89", "Comune di Prato", "NGP-01", "Hub", "m5c2 i2.1", "m5", "01/02/2024", ""],
            [None] * len(PROJECT_HEADER),                                       # row 3: blank
            ["tanti", "COMUNE-PO", "NGP-02", "Parco", "M2C4 I2.2", "M2", "13/02/2024", ""],          # row 4
            ["1.000", "ACME srl", "NGP-03", "Scuole", "M4C1 I1.1", "M4", "01/03/2024", ""],        # row 5
            ["2.000", "PIN", "NGP-04", "Ciclovie", "M2C2 I4.1", "M2", "31/02/2024", ""],          # row 6
            ["3.000", "PIN", "ngp-01", "Doppione", "M5C2 I2.1", "M5", "01/04/2024", ""]]          # row 7


EXPECTED_BROKEN = [
    ("4", "Budget Totale (€)", "importo non valido «tanti»"),
    ("5", "capofila", "partner sconosciuto «ACME srl»"),
    ("6", "data inizio", "data inesistente «31/02/2024»"),
    ("7", "ID Progetto", "identificativo duplicato «NGP-01» (già alla riga 2)"),
]


def workbook(projects: list[list]) -> bytes:
    return hf.xlsx_bytes({"partner": PARTNER, "PROGETTI": projects, "Bandi": CALLS, "candidature": REQUESTS,
                          "Esiti ": OUTCOMES})


@pytest.fixture(scope="session")
def saved_by_libreoffice(tmp_path_factory):
    """The good and the broken workbook, opened and re-saved as .xlsx by LibreOffice (one soffice run)."""
    if hf.soffice() is None:
        skip_or_fail("LibreOffice (soffice) is not installed: cannot make files saved by LibreOffice")
    root = tmp_path_factory.mktemp("lo_import")
    src = root / "src"
    src.mkdir()
    (src / "ngp_lo.xlsx").write_bytes(workbook(good_projects()))
    (src / "ngp_rotto.xlsx").write_bytes(workbook(broken_projects()))
    good, broken = hf.soffice_convert([src / "ngp_lo.xlsx", src / "ngp_rotto.xlsx"], "xlsx", root / "out",
                                      root / "profile")
    for path in (good, broken):
        data = path.read_bytes()
        assert hf.saved_by_libreoffice(data), f"{path.name} was not re-saved by LibreOffice"
        assert data != (src / path.name).read_bytes()
    return good, broken


def cli(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("NGP_DB", None)
    return subprocess.run([sys.executable, "-m", "ngp_data", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def db_state(db: Path):
    s = Store(db)
    try:
        versions = [(v.version_id, v.sha256, v.counts) for v in s.versions()]
        active = s.active_version()
        tables = {n: f.astype(object).where(f.notna(), None).to_dict("records")
                  for n, f in s.tables().items()}
        return versions, active, tables
    finally:
        s.close()


def test_libreoffice_kept_the_typed_text(saved_by_libreoffice):
    """Guard for the test itself: the amounts and dates are still text cells after LibreOffice saved them."""
    import openpyxl

    good, _ = saved_by_libreoffice
    ws = openpyxl.load_workbook(io.BytesIO(good.read_bytes()))["PROGETTI"]
    assert ws["A2"].value == "1.234.567,89" and ws["A2"].data_type == "s"
    assert ws["G2"].value == "01/02/2024" and ws["G2"].data_type == "s"


def test_import_of_a_file_saved_by_libreoffice(saved_by_libreoffice, tmp_path):
    good, _ = saved_by_libreoffice
    db = tmp_path / "ngp.duckdb"
    proc = cli("import", good, "--db", db, "--author", "ufficio europa")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("importata la versione 1 ")
    assert "Traceback" not in proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("avviso: ")]
    assert warnings == ["avviso: ngp_lo.xlsx › PROGETTI › Responsabile interno: colonna sconosciuta, "
                        "ignorata."]

    s = Store(db)
    try:
        version = s.version()
        assert (version.version_id, version.author, version.file_names) == (1, "ufficio europa",
                                                                            "ngp_lo.xlsx")
        assert version.counts == {"partners": 2, "projects": 2, "project_partners": 0, "calls": 1,
                                  "requests": 1, "outcomes": 1}
        partners = {r["partner_id"]: r for r in s.table("partners").to_dict("records")}
        projects = {r["project_id"]: r for r in s.table("projects").to_dict("records")}
        calls = s.table("calls").to_dict("records")
        requests = s.table("requests").to_dict("records")
        outcomes = s.table("outcomes").to_dict("records")
    finally:
        s.close()

    assert set(partners) == {"COMUNE-PO", "PIN"}                       # codes upper-cased
    assert partners["COMUNE-PO"]["kind"] == "ente pubblico" and partners["COMUNE-PO"]["signatory"] is True
    assert partners["PIN"]["kind"] == "università" and partners["PIN"]["signatory"] is False

    assert set(projects) == {"NGP-01", "NGP-02"}                       # the blank row is skipped
    p1, p2 = projects["NGP-01"], projects["NGP-02"]
    assert p1["budget_total"] == 1_234_567.89 and p2["budget_total"] == 250_000.0
    assert p1["start_date"] == date(2024, 2, 1) and p2["start_date"] == date(2024, 2, 13)
    assert (p1["mission"], p1["component"], p1["measure"]) == ("M5", "M5C2", "M5C2 I2.1")
    assert (p2["mission"], p2["component"], p2["measure"]) == ("M2", "M2C4", "M2C4 I2.2")
    assert p1["lead_partner"] == "COMUNE-PO" and p2["lead_partner"] == "PIN"   # by exact name, by ID
    assert p1["title"] == "Hub dell'inclusione"
    assert "Rossi" not in repr(projects)                                # the extra column is not stored

    assert calls == [{**calls[0], "call_id": "B-RIG", "allocation": 10_000_000.0,
                      "deadline": date(2026, 6, 30), "source": "PNRR"}]
    assert requests == [{**requests[0], "request_id": "C-001", "project_id": "NGP-01", "call_id": "B-RIG",
                         "applicant": "COMUNE-PO", "amount_requested": 1_000_000.0,
                         "submitted_on": date(2024, 1, 15)}]
    assert math.isnan(requests[0]["cofinancing"])                       # empty: not known, never 0
    assert outcomes == [{**outcomes[0], "request_id": "C-001", "outcome": "Ammessa e finanziata",
                         "amount_granted": 900_000.0, "decided_on": date(2024, 3, 1)}]


def test_broken_file_saved_by_libreoffice_lists_every_problem(saved_by_libreoffice, tmp_path):
    good, broken = saved_by_libreoffice
    db = tmp_path / "ngp.duckdb"
    assert cli("import", good, "--db", db).returncode == 0
    before = db_state(db)

    proc = cli("import", broken, "--db", db)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    errors = [line for line in proc.stderr.splitlines()
              if line.strip() and not line.startswith(("avviso: ", "info: "))]
    parsed = []
    for line in errors:
        m = PROBLEM_LINE.match(line)
        assert m, f"not one problem per line with `riga N`: {line!r}"
        assert (m["file"], m["sheet"]) == ("ngp_rotto.xlsx", "PROGETTI"), line
        parsed.append((m["row"], m["column"], m["message"]))
    assert len(parsed) == len(EXPECTED_BROKEN), proc.stderr
    for (row, column, message), (exp_row, exp_column, fragment) in zip(parsed, EXPECTED_BROKEN, strict=True):
        assert (row, column) == (exp_row, exp_column)
        assert fragment in message, (message, fragment)

    assert db_state(db) == before                                       # nothing written
    dry = cli("import", broken, "--db", db, "--dry-run")
    assert dry.returncode == 1 and dry.stderr == proc.stderr
    assert db_state(db) == before
