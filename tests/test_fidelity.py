"""Nothing silently changed (issue 12, items 8-12): what an officer typed is stored as typed, or refused.

Each test builds its file here (CSV bytes, or an .xlsx through ``hostile_files``), runs the real import
(``pipeline.prepare`` and ``commit`` against a store in ``tmp_path``, or the command line in a
subprocess) and checks the Italian message and that nothing was written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ngp_data.ingest import pipeline
from ngp_data.ingest.problems import WARNING, Problem, UploadRejected
from ngp_data.store import Store
from tests import hostile_files as hf
from tests.store_helpers import base_store, snapshot

ROOT = Path(__file__).resolve().parent.parent


# --- helpers -------------------------------------------------------------------------------------------------

@pytest.fixture
def store(db_target):
    """A store whose first version is the valid two-sheet workbook ``base.xlsx``, on each kind of store."""
    s = base_store(db_target("t"))
    yield s
    s.close()


def refused(store: Store, name: str, data: bytes) -> list[str]:
    """The upload's errors (as printed); asserts it is refused and that the store is unchanged."""
    before = snapshot(store)
    prepared = pipeline.prepare([(name, data)], store)
    errors = [str(p) for p in prepared.checked.errors]
    assert errors, f"{name} was accepted: {[str(p) for p in prepared.problems]}"
    with pytest.raises(UploadRejected):
        pipeline.commit(prepared, store)
    assert snapshot(store) == before
    return errors


def imported(store: Store, name: str, data: bytes):
    """(prepared, tables of the new active version): the upload is accepted and committed."""
    prepared = pipeline.prepare([(name, data)], store)
    assert prepared.ok, [str(p) for p in prepared.problems]
    version = pipeline.commit(prepared, store)
    assert store.active_version() == version
    return prepared, store.tables(version)


def projects_xlsx(*rows: list, header: list[str] | None = None) -> bytes:
    """The valid Partner sheet plus a Progetti sheet with these rows, written by openpyxl."""
    return hf.xlsx_bytes({"Partner": hf.partner_rows(), "Progetti": [header or hf.PROJECT_HEADER, *rows]})


def projects_xml_xlsx(*rows: list) -> bytes:
    """As projects_xlsx, but the Progetti sheet hand-written: openpyxl itself cuts a text to 32,767."""
    return hf.with_progetti_xml(hf.sheet_xml(hf.rows_xml([hf.PROJECT_HEADER, *rows])))


def project(pid: str, title: str = "Progetto", budget=1000) -> list:
    return [pid, title, "M5", "M5C2", "M5C2 I2.1", "COMUNE-PO", budget]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """``python -m ngp_data ...`` in a subprocess; stdout and stderr as bytes (raw escapes visible)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("NGP_DB", None)
    return subprocess.run([sys.executable, "-m", "ngp_data", *args], cwd=ROOT, env=env, capture_output=True,
                          timeout=120)


# --- 8: a text longer than an Excel cell is refused, never cut on export -----------------------------------

LONG_TEXT = "Relazione tecnica. " * 5263 + "fine"             # 100,001 characters
TOO_LONG = "testo di 100.001 caratteri: una cella di Excel ne contiene al massimo 32.767."


def test_08_text_longer_than_an_excel_cell_in_a_workbook_is_refused_naming_the_cell(store):
    assert len(LONG_TEXT) == 100_001
    errors = refused(store, "lungo.xlsx", projects_xml_xlsx(project("NGP-L", LONG_TEXT)))
    assert errors == [f"lungo.xlsx › Progetti › riga 2 › Titolo: {TOO_LONG}"]


def test_08_text_longer_than_an_excel_cell_in_a_csv_is_refused_naming_the_cell(store):
    data = f"ID bando;Titolo;Dotazione\nB-1;Bando breve;1000\nB-2;{LONG_TEXT};2000\n".encode()
    errors = refused(store, "bandi.csv", data)
    assert errors == [f"bandi.csv › bandi › riga 3 › Titolo: {TOO_LONG}"]


def test_08_a_text_of_exactly_32767_characters_is_stored_whole(store):
    text = ("x" * 32_766) + "é"
    _, tables = imported(store, "limite.xlsx", projects_xml_xlsx(project("NGP-X", text)))
    stored = dict(zip(tables["projects"]["project_id"], tables["projects"]["title"], strict=False))
    assert stored["NGP-X"] == text


def test_08_a_csv_field_beyond_the_csv_readers_limit_is_refused_not_a_crash(store):
    data = ("ID bando;Titolo;Dotazione\nB-1;Bando;1000\nB-2;" + "y" * 200_000 + ";1\n").encode()
    errors = refused(store, "bandi.csv", data)
    assert errors == ["bandi.csv: riga 3: un campo supera i 131.072 caratteri (una cella di Excel ne contiene al "
                      "massimo 32.767), o il file non è un CSV valido."]


# --- 9: a CSV is one encoding, or it is refused ----------------------------------------------------------------

def test_09_csv_mixing_utf8_and_windows_1252_is_refused_naming_the_first_bad_line(store):
    data = (b"ID partner;Nome;Tipo\r\n"
            + "COMUNE-PO;Città di Prato;ente pubblico\r\n".encode()
            + "PIN;PIN Polo universitario;università\r\n".encode("cp1252")
            + b"ALIA;Alia Servizi Ambientali;impresa\r\n")
    errors = refused(store, "partner.csv", data)
    assert errors == ["partner.csv: il file mescola due codifiche: è in parte UTF-8, ma la riga 3 non lo è (forse "
                      "Windows-1252). Salva il file come CSV UTF-8."]


def test_09_csv_in_utf8_with_bom_and_one_windows_1252_line_is_refused_too(store):
    data = (b"\xef\xbb\xbfID partner;Nome\n" + "PIN;Università\n".encode("cp1252"))
    assert refused(store, "partner.csv", data) == [
        "partner.csv: il file mescola due codifiche: è in parte UTF-8, ma la riga 2 non lo è (forse Windows-1252). "
        "Salva il file come CSV UTF-8."]


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-le", "utf-32-be"])
def test_09_csv_in_utf32_is_refused_by_its_bom(store, codec):
    text = "ID partner;Nome\nCOMUNE-PO;Città di Prato\n"
    data = text.encode(codec) if codec == "utf-32" else {"utf-32-le": b"\xff\xfe\x00\x00",
                                                          "utf-32-be": b"\x00\x00\xfe\xff"}[codec] + text.encode(codec)
    assert refused(store, "partner.csv", data) == [
        "partner.csv: codifica UTF-32 non supportata: salva il file come CSV UTF-8."]


def test_09_windows_1252_without_any_utf8_sequence_is_still_read(store):
    data = "ID partner;Nome\nCOMUNE-PO;Città di Prato\nPIN;PIN € Polo\n".encode("cp1252")
    prepared, tables = imported(store, "partner.csv", data)
    assert "Windows-1252" in " ".join(str(p) for p in prepared.problems)
    assert sorted(tables["partners"]["name"]) == ["Città di Prato", "PIN € Polo"]


# --- 10: only the digits 0-9 in numbers, dates and codes -------------------------------------------------------

HEADER_10 = [*hf.PROJECT_HEADER, "Data inizio", "Cantierabile"]


@pytest.mark.parametrize("cell, value, char", [
    ("Budget totale", "١٢٣", "١"),                   # Arabic-Indic digits: float() reads 123
    ("Budget totale", "１２３", "１"),                  # full-width digits
    ("Budget totale", "1.２34,56", "２"),
    ("Data inizio", "０１/０２/２０２４", "０"),           # a full-width date
    ("Data inizio", "2024-0٣-01", "٣"),
    ("ID progetto", "NGP-١٢", "١"),
    ("Missione", "M５", "５"),
    ("Componente", "M5C２", "２"),
    ("Misura", "M5C2 I２.1", "２"),
    ("Cantierabile", "１", "１"),                      # fold() would make it 1, i.e. "sì"
])
def test_10_non_ascii_digits_are_refused_naming_the_character(store, cell, value, char):
    row = [*project("NGP-D"), "01/02/2024", "sì"]
    row[HEADER_10.index(cell)] = value
    errors = refused(store, "cifre.xlsx", projects_xlsx(row, header=HEADER_10))
    assert errors == [f"cifre.xlsx › Progetti › riga 2 › {cell}: cifra non ammessa «{char}»: usa le cifre 0-9."]


def test_10_text_keeps_any_digit_as_typed(store):
    _, tables = imported(store, "cifre.xlsx", projects_xlsx(project("NGP-T", "Lotto ١٢٣ e lotto １２３", 123)))
    row = tables["projects"].set_index("project_id").loc["NGP-T"]
    assert row["title"] == "Lotto ١٢٣ e lotto １２３"
    assert row["budget_total"] == 123


# --- 11: bidi controls and invisible characters are stripped, with a warning ----------------------------------

def test_11_bidi_and_invisible_characters_are_stripped_from_text_with_one_warning_per_column(store):
    data = projects_xlsx(project("NGP-01", "\u202eHub dell'inclusione"),
                         project("NGP-\u200b02", "Parco\u2066 fluviale\u2069\ufeff"),
                         project("NGP-03", "Piazza\u200f"))
    prepared, tables = imported(store, "bidi.xlsx", data)
    stored = dict(zip(tables["projects"]["project_id"], tables["projects"]["title"], strict=False))
    assert stored == {"NGP-01": "Hub dell'inclusione", "NGP-02": "Parco fluviale", "NGP-03": "Piazza"}
    warnings = [str(p) for p in prepared.problems if p.severity == WARNING]
    assert warnings == [
        "bidi.xlsx › Progetti › ID progetto: rimossi caratteri invisibili di controllo della direzione del testo "
        "(U+200B) da 1 cella, la prima alla riga 3.",
        "bidi.xlsx › Progetti › Titolo: rimossi caratteri invisibili di controllo della direzione del testo "
        "(U+202E, U+2066, U+2069, U+FEFF, U+200F) da 3 celle, la prima alla riga 2."]


def test_11_a_required_value_made_only_of_invisible_characters_is_missing(store):
    errors = refused(store, "vuoto.xlsx", projects_xlsx(project("NGP-V", "\u200b\u202e")))
    assert errors == ["vuoto.xlsx › Progetti › riga 2 › Titolo: valore obbligatorio mancante."]


def test_11_bidi_characters_in_a_csv_are_stripped_too(store):
    data = "ID partner;Nome\nCOMUNE-PO;Comune di Prato\u202e\nPIN;\u2067PIN\u2069 Polo\n".encode()
    prepared, tables = imported(store, "partner.csv", data)
    assert sorted(tables["partners"]["name"]) == ["Comune di Prato", "PIN Polo"]
    assert [p.column for p in prepared.problems if p.severity == WARNING] == ["Nome"]


def test_11_a_file_name_with_a_right_to_left_override_is_stored_and_shown_cleaned(store):
    prepared, _ = imported(store, "\u202egnp.xlsx", projects_xlsx(project("NGP-N")))
    assert [str(p) for p in prepared.problems if p.severity == WARNING] == [
        "gnp.xlsx: nome del file ripulito da caratteri invisibili o di controllo (U+202E): viene registrato e "
        "mostrato come «gnp.xlsx»."]
    latest = store.versions()[-1]
    assert latest.file_names == "gnp.xlsx"
    assert [f.name for f in store.files(latest.version_id)] == ["gnp.xlsx"]


# --- 12: problems show user text with its control characters escaped -----------------------------------------

def test_12_problem_text_escapes_controls_bidi_and_invisible_characters():
    problem = Problem("importo non valido «\x1b[2J\x1b]0\x07»", file="a\u202ex.csv", sheet="S\x9b",
                      row=2, column="Col\u200b\x7f")
    shown = str(problem)
    assert shown == "a\\u202ex.csv › S\\x9b › riga 2 › Col\\u200b\\x7f: importo non valido «\\x1b[2J\\x1b]0\\x07»"
    assert problem.message == "importo non valido «\\x1b[2J\\x1b]0\\x07»"     # as the Dati page shows it
    assert str(Problem(problem.message)) == problem.message                 # escaping twice changes nothing


def test_12_terminal_escapes_in_a_csv_never_reach_the_command_lines_stderr_raw(tmp_path):
    db = tmp_path / "ngp.duckdb"
    path = tmp_path / "bandi.csv"
    path.write_bytes(b"ID bando;Titolo;Dotazione;Nota\x1b[31m\nB-1;Bando;\x1b[2J\x1b]0;x\n")
    out = run_cli("import", str(path), "--dry-run", "--db", str(db))
    assert out.returncode == 1, out.stderr
    assert b"\x1b" not in out.stderr and b"\x1b" not in out.stdout
    lines = out.stderr.decode().splitlines()
    assert "avviso: bandi.csv › bandi › Nota\\x1b[31m: colonna sconosciuta, ignorata." in lines
    assert "bandi.csv › bandi › riga 2 › Dotazione: importo non valido «\\x1b[2J\\x1b]0»: scrivi per esempio " \
           "1.234.567,89." in lines
    s = Store(db)
    try:
        assert s.versions() == []
    finally:
        s.close()
