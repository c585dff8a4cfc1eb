"""The official import on the real Prato sample and on crafted files: recognised, kept, converted, refused.

Expected values are computed here from the raw CSV text with Python's csv module (decimal commas parsed
by hand), never with the import's own code.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from ngp_data.ingest import pipeline
from ngp_data.ingest.problems import UploadRejected
from ngp_data.official import files as official_files
from ngp_data.official import import_official
from ngp_data.store import Store
from ngp_data.store import official as so
from tests import builders

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "official_sample"
PA = SAMPLE / "padigitale2026"
ITALIA = sorted(SAMPLE.glob("PNRR_*.csv"))
PADIG = sorted(PA.glob("candidature_*.csv"))
TABLE_OF = {"PNRR_Progetti.csv": "official_projects", "PNRR_Localizzazione.csv": "official_locations",
            "PNRR_Pagamenti_di_Progetto.csv": "official_payments", "PNRR_Indicatori_Target.csv": "official_targets",
            "PNRR_Gare.csv": "official_tenders", "PNRR_Aggiudicatari_Gare.csv": "official_winners",
            "PNRR_Soggetti.csv": "official_subjects"}
NOT_PRATO_CUP = "Z99E24000010001"          # crafted: a CUP nowhere in the sample


# --- independent readings of the raw files ---------------------------------------------------------
def rows_of(path: Path) -> tuple[list[str], list[dict]]:
    text = path.read_text(encoding="utf-8-sig")
    delim = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delim)
    return list(reader.fieldnames), list(reader)


def prato_cups() -> set[str]:
    _, rows = rows_of(SAMPLE / "PNRR_Localizzazione.csv")
    return {r["CUP"].strip().upper() for r in rows
            if r["Provincia"].zfill(3) + r["Comune"].zfill(3) == "100005"}


def it_amount(text: str) -> Decimal:
    text = text.strip()
    return Decimal(0) if text in ("", "N/A", "N/D") else Decimal(text.replace(",", "."))


def as_bytes(header: list[str], rows: list[list[str]], *, sep=";", bom=True, encoding="utf-8") -> bytes:
    text = "\n".join(sep.join(r) for r in [header, *rows]) + "\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def sample_bytes(name: str, edit=None) -> bytes:
    header, rows = rows_of(SAMPLE / name)
    body = [[r[h] for h in header] for r in rows]
    if edit:
        edit(header, body)
    return as_bytes(header, body)


@pytest.fixture
def store(db_target):
    s = Store(db_target())
    yield s
    s.close()


def n_snapshots(store) -> int:
    return len(so.snapshots(store))


def rejected(store, files, **kw) -> list[str]:
    before = n_snapshots(store)
    with pytest.raises(UploadRejected) as exc:
        import_official(store, files, **kw)
    assert n_snapshots(store) == before, "a refused import wrote a snapshot"
    return [str(p) for p in exc.value.problems]


# --- the real sample ---------------------------------------------------------------------------
def test_sample_recognised_and_kept_as_counted_independently(store):
    seen = []
    result = import_official(store, [(p.name, p) for p in ITALIA + PADIG], author="test",
                             progress=lambda *a: seen.append(a))
    kept_set = prato_cups()
    by_file = {(f.name, f.table): f for f in result.files}
    for path in ITALIA:
        _, rows = rows_of(path)
        f = by_file[(path.name, TABLE_OF[path.name])]
        assert f.rows_read == len(rows)
        assert f.rows_kept == sum(r["CUP"].strip().upper() in kept_set for r in rows)
    for path in PADIG:
        _, rows = rows_of(path)
        f = by_file[(path.name, "official_padigitale")]
        assert f.rows_read == len(rows)
        assert f.rows_kept == sum(r["cod_comune"] == "100005" or r["codice_cup"] in kept_set for r in rows)
    assert result.snapshot_id == 1 and so.active_snapshot(store) == 1
    for table in {t for _, t in by_file}:
        stored = so.official_table(store, table)
        assert len(stored) == sum(g.rows_kept for g in result.files if g.table == table)
    stages = {(name, stage) for name, stage, *_ in seen}
    assert all((p.name, st) in stages for p in ITALIA + PADIG for st in ("checked", "read", "kept", "committed"))


def test_amounts_sum_as_the_raw_text_says(store):
    import_official(store, [(p.name, p) for p in ITALIA + PADIG])
    kept_set = prato_cups()
    for file, table, header, column in [
            ("PNRR_Pagamenti_di_Progetto.csv", "official_payments", "Pagamento PNRR", "paid_pnrr"),
            ("PNRR_Pagamenti_di_Progetto.csv", "official_payments", "Pagamento Totale", "paid_total"),
            ("PNRR_Progetti.csv", "official_projects", "Finanziamento PNRR", "financing_pnrr"),
            ("PNRR_Gare.csv", "official_tenders", "Importo Complessivo Gara", "tender_amount")]:
        _, rows = rows_of(SAMPLE / file)
        expected = sum(it_amount(r[header]) for r in rows if r["CUP"].upper() in kept_set)
        stored = so.official_table(store, table)[column].sum()
        assert Decimal(str(round(stored, 2))) == expected, (file, header)
    expected = sum(Decimal(r["importo_finanziamento"]) for p in PADIG for r in rows_of(p)[1])
    assert Decimal(str(round(so.official_table(store, "official_padigitale")["amount"].sum(), 2))) == expected


def test_values_months_dates_and_codes_converted(store):
    import_official(store, [(p.name, p) for p in ITALIA + PADIG])
    targets = so.official_table(store, "official_targets")
    row = targets[(targets.cup == "C31C22000130006") & (targets.indicator_code == "T0079")].iloc[0]
    assert row.month == 8 and row.year == 2024 and row.planned == 1.0           # "Agosto", "1,00"
    assert 7000.0 in set(targets.planned)                                         # "7.000,00"
    projects = so.official_table(store, "official_projects")
    assert "00337360978" in set(projects.implementer_tax_code)                    # written 337360978
    assert all(len(t) == 11 for t in projects.implementer_tax_code if t.isdigit())
    assert set(so.official_table(store, "official_locations").comune_code) == {"100005"}
    pa = so.official_table(store, "official_padigitale")
    assert str(pa[pa.cup == "C31F22003790006"].iloc[0].sent_on) == "2023-01-19"   # ISO with a time


# --- layouts, encodings, separators ------------------------------------------------------------
PAYMENTS_2025 = ("Codice Univoco Submisura|Descrizione Submisura|CUP|Codice Locale Progetto|Finanziamento Totale|"
                 "Finanziamento PNRR|Pagamenti Totali|Pagamenti Totali PNRR|Pagamenti totali Stato - FOI|"
                 "Pagamento - Stato|Data di Estrazione").split("|")


def test_2025_payments_headers_recognised(store):
    data = as_bytes(PAYMENTS_2025, [["M1C1I1.02.00", "Cloud", "C31C22000130006", "X1", "797874", "797874",
                                     "1000,5", "900,25", "0", "0", "31/03/2025"]])
    checked = official_files.recognise(rows_of_bytes(data)[0])
    assert [t.name for t in checked.tables] == ["official_payments"]
    import_official(store, [("PNRR_Localizzazione.csv", SAMPLE / "PNRR_Localizzazione.csv"),
                            ("pagamenti_2025.csv", data)])
    paid = so.official_table(store, "official_payments")
    assert list(paid.paid_pnrr) == [900.25] and list(paid.paid_total) == [1000.5]


def rows_of_bytes(data: bytes) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    return rows[0], rows[1:]


LOC_2023 = ("Codice Univoco submisura|Descrizione Submisura|CUP |Codice Locale Progetto|Regione|Descrizione Regione|"
            "Provincia|Descrizione Provincia|Comune|Descrizione Comune|Indirizzo|CAP|Data di Estrazione").split("|")


@pytest.mark.parametrize("bom", [True, False])
def test_2023_locations_in_windows_1252_zeros_restored(store, bom):
    rows = [["M5C2I2.01.00", "Rigenerazione", "C31B21000590004", "L1", "9", "TOSCANA", "100", "PRATO", "5",
             "PRATO", "VIA DELL\u2019UNIT\u00c0 1", "59100", "01/03/2023"],
            ["M5C2I2.01.00", "Rigenerazione", "C31B21000590004", "L1", "9", "TOSCANA", "48", "FIRENZE", "17",
             "FIRENZE", "", "50100", "01/03/2023"],
            ["M5C2I2.01.00", "Altro", "C31B21000590999", "L2", "9", "TOSCANA", "48", "FIRENZE", "17",
             "FIRENZE", "", "50100", "N/A"]]
    data = as_bytes(LOC_2023, rows, bom=False, encoding="cp1252")
    if bom:                                  # a BOM on a UTF-8 copy of the same rows
        data = as_bytes(LOC_2023, rows)
    result = import_official(store, [("loc.csv", data)])
    assert result.encodings["loc.csv"] == ("UTF-8" if bom else "Windows-1252")
    assert (result.files[0].rows_read, result.files[0].rows_kept) == (3, 2)     # both places of the Prato CUP
    loc = so.official_table(store, "official_locations")
    assert set(loc.comune_code) == {"100005", "048017"} and set(loc.region_code) == {"009"}
    assert "VIA DELL\u2019UNIT\u00c0 1" in set(loc.address)


def test_comma_separated_italia_domani_file(store):
    header, rows = rows_of(SAMPLE / "PNRR_Localizzazione.csv")
    data = as_bytes(header, [[r[h] for h in header] for r in rows[:3]], sep=",", bom=False)
    assert import_official(store, [("loc.csv", data)]).files[0].rows_kept == 3


# --- refusals: nothing written, an Italian message that says where and why --------------------------
def test_not_an_official_file(store):
    msgs = rejected(store, [("elenco.csv", b"nome;cognome\nMario;Rossi\n")])
    assert "non è un file dei dati ufficiali" in msgs[0] and msgs[0].startswith("elenco.csv")


def test_truncated_mid_line_and_mid_quote(store):
    data = (SAMPLE / "PNRR_Progetti.csv").read_bytes()
    cut = data[:data.index(b"\n", len(data) // 2) + 40]
    msgs = rejected(store, [("PNRR_Progetti.csv", cut)])
    assert "malformato alla riga" in msgs[0] and "campi invece dei 63" in msgs[0]
    pa = (PA / "candidature_altrienti_finanziate_prato.csv").read_bytes()
    cut = pa[:pa.rindex(b'"Decreto') + 5]
    msgs = rejected(store, [("candidature.csv", cut)])
    assert "virgolette non viene mai chiuso" in msgs[0] or "campi invece" in msgs[0]


def test_wrong_encoding_bytes(store):
    mixed = sample_bytes("PNRR_Localizzazione.csv") + "M;Città;C31B21000590004;X\n".encode("cp1252")
    assert "mescola due codifiche" in rejected(store, [("loc.csv", mixed)])[0]
    utf16 = "CUP;Regione\nX;1\n".encode("utf-16")
    assert "UTF-16" in rejected(store, [("loc.csv", utf16)])[0]
    nul = sample_bytes("PNRR_Localizzazione.csv") + b"\x00\x00"
    assert "byte nulli" in rejected(store, [("loc.csv", nul)])[0]


def test_header_missing_a_key_column_is_named(store):
    def drop(header, body):
        i = header.index("Pagamento PNRR")
        header.pop(i)
        for r in body:
            r.pop(i)
    msgs = rejected(store, [("pag.csv", sample_bytes("PNRR_Pagamenti_di_Progetto.csv", drop))])
    assert "PNRR_Pagamenti_di_Progetto" in msgs[0] and "«Pagamento PNRR»" in msgs[0]


def test_amount_not_a_number_names_row_and_column(store):
    def spoil(header, body):
        body[1][header.index("Pagamento PNRR")] = "abc"
        body[4][header.index("Pagamento Totale")] = "1.234.5"
    msgs = rejected(store, [("PNRR_Localizzazione.csv", SAMPLE / "PNRR_Localizzazione.csv"),
                            ("pag.csv", sample_bytes("PNRR_Pagamenti_di_Progetto.csv", spoil))])
    assert any(m.startswith("pag.csv › riga 3 › Pagamento PNRR: «abc» non è un importo") for m in msgs), msgs
    assert any(m.startswith("pag.csv › riga 6 › Pagamento Totale: «1.234.5»") for m in msgs), msgs


def test_problems_are_capped_and_counted(store):
    def spoil(header, body):
        for r in body:
            r[header.index("Pagamento PNRR")] = "x"
    msgs = rejected(store, [("PNRR_Localizzazione.csv", SAMPLE / "PNRR_Localizzazione.csv"),
                            ("pag.csv", sample_bytes("PNRR_Pagamenti_di_Progetto.csv", spoil))], cap=5)
    assert len(msgs) == 6 and "e altri 32 valori non validi" in msgs[-1]


def test_another_comune_only(store):
    def elsewhere(header, body):
        for r in body:
            r[header.index("Provincia")] = "048"
    msgs = rejected(store, [("loc.csv", sample_bytes("PNRR_Localizzazione.csv", elsewhere))])
    assert any("nessuna riga dei file riguarda il Comune 100005" in m for m in msgs)
    assert any("nessuna riga riguarda il Comune 100005" in m for m in msgs)


def test_over_the_size_limit(store, monkeypatch):
    monkeypatch.setattr(official_files, "MAX_OFFICIAL_BYTES", 1000)
    msgs = rejected(store, [(p.name, p) for p in ITALIA])
    assert any("PNRR_Progetti.csv" in m and "oltre il limite" in m for m in msgs)


def test_empty_file_and_header_only(store):
    assert "vuoto" in rejected(store, [("vuoto.csv", b"")])[0]
    header, _ = rows_of(SAMPLE / "PNRR_Gare.csv")
    msgs = rejected(store, [("gare.csv", as_bytes(header, []))])
    assert any("solo l'intestazione" in m for m in msgs)


def test_same_italia_domani_table_twice_and_already_imported(store):
    p = SAMPLE / "PNRR_Gare.csv"
    assert "importa un solo file per tabella" in rejected(store, [("a.csv", p), ("b.csv", p)])[0]
    import_official(store, [(x.name, x) for x in ITALIA])
    assert "già importati" in rejected(store, [("PNRR_Gare.csv", p)])[0]


# --- the kept set: the active snapshot's places, the cards' CUPs ------------------------------------
def test_a_later_import_of_payments_only_carries_the_rest_over(store):
    import_official(store, [(p.name, p) for p in ITALIA])
    def more(header, body):
        body[0][header.index("Pagamento PNRR")] = "1"
        body.append(list(body[0]))
        body[-1][header.index("CUP")] = NOT_PRATO_CUP
    result = import_official(store, [("pag2.csv", sample_bytes("PNRR_Pagamenti_di_Progetto.csv", more))])
    assert result.snapshot_id == 2
    first, second = so.snapshots(store)
    assert second.tables_replaced == ("official_payments",)
    for table in ("official_projects", "official_locations", "official_targets"):
        assert second.counts[table] == first.counts[table] > 0
    paid = so.official_table(store, "official_payments")
    assert NOT_PRATO_CUP not in set(paid.cup) and 1.0 in set(paid.paid_pnrr)    # kept by the active places


def test_a_cup_on_a_card_is_kept(db_target):
    sheets = builders.valid_rows()
    sheets["Progetti"][1][sheets["Progetti"][0].index("CUP")] = NOT_PRATO_CUP
    store = Store(db_target("cards"))
    prepared = pipeline.prepare([("portafoglio.xlsx", builders.workbook_bytes(sheets))], store)
    assert prepared.ok, [str(p) for p in prepared.problems]
    pipeline.commit(prepared, store)

    def more(header, body):
        body.append(list(body[0]))
        body[-1][header.index("CUP")] = NOT_PRATO_CUP.lower() + " "
    result = import_official(store, [("PNRR_Localizzazione.csv", SAMPLE / "PNRR_Localizzazione.csv"),
                                     ("pag.csv", sample_bytes("PNRR_Pagamenti_di_Progetto.csv", more))])
    pag = next(f for f in result.files if f.name == "pag.csv")
    assert pag.rows_kept == pag.rows_read
    assert NOT_PRATO_CUP in set(so.official_table(store, "official_payments").cup)
    store.close()


# --- the command line ------------------------------------------------------------------------------
def _cli(*args, db: Path | str):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "ngp_data", "official", "--db", str(db), *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_cli_end_to_end(tmp_path, db_target):
    db = db_target("cli")
    dry = _cli("--dry-run", *ITALIA, db=db)
    assert dry.returncode == 0 and "nulla scritto" in dry.stdout, dry.stderr
    ok = _cli(*ITALIA, *PADIG, db=db)
    assert ok.returncode == 0, ok.stderr
    assert "importata l'istantanea ufficiale 1." in ok.stdout
    assert "PNRR_Progetti.csv: PNRR_Progetti, 35 righe lette" in ok.stdout
    assert "PNRR_Progetti.csv: salvato" in ok.stderr                     # progress
    listed = _cli("--list", db=db)
    assert listed.returncode == 0 and listed.stdout.startswith("1\t") and "PNRR_Gare.csv" in listed.stdout
    bad = tmp_path / "elenco.csv"
    bad.write_text("nome;cognome\nMario;Rossi\n")
    refused = _cli(bad, db=db)
    assert refused.returncode == 1 and "elenco.csv: non è un file dei dati ufficiali" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert _cli(tmp_path / "manca.csv", db=db).returncode == 2
    assert _cli("--comune", "Prato", *ITALIA, db=db).returncode == 1


# Older layouts (HEADERS.md, /work/shared/official): each recognised as its table, every header it has mapped.
OLD_LAYOUTS = {
    "official_projects": "Programma|Missione|Descrizione Missione|Componente|Descrizione Componente|ID Misura|Codice "
    "Univoco Misura|Descrizione Misura|ID Submisura|Codice CID|Codice Univoco Submisura|Descrizione Submisura|"
    "Amministrazione Titolare|Codice identificativo Procedura di Attivazione|Titolo procedura|Tipologia procedura di "
    "attivazione|CUP|Codice Locale Progetto|Stato CUP|Titolo progetto|Sintesi progetto|Finanziamento PNRR|"
    "Finanziamento PNC|Finanziamento Totale|Soggetto attuatore|Codice fiscale soggetto attuatore|Flag progetti in "
    "essere|Data aggiornamento",
    "official_subjects": "Descrizione Submisura|CUP|Codice Locale Progetto|Ruolo soggetto|Descrizione del ruolo del "
    "soggetto|Codice fiscale soggetto|Denominazione|Forma giuridica|Descrizione forma giuridica|Codice ATECO|Data di "
    "aggiornamento",
    "official_payments": "|".join(PAYMENTS_2025),
    "official_locations": "|".join(LOC_2023),
}


@pytest.mark.parametrize("table", sorted(OLD_LAYOUTS))
def test_older_layouts_recognised(table):
    headers = OLD_LAYOUTS[table].split("|")
    found = official_files.recognise(headers)
    assert [t.name for t in found.tables] == [table]
    assert "extracted_on" in found.positions[table]
    assert "cup" in found.positions[table]


def test_combined_2023_tenders_and_winners_file_feeds_both():
    headers = ("Codice Univoco Submisura|Descrizione Submisura|CUP|Codice Locale Progetto|CIG|Modalità di "
               "realizzazione|Codice interno PDA|Oggetto Gara|Importo complessivo gara|Importo aggiudicazione|Codice "
               "Fiscale - P IVA Aggiudicatario|Denominazione Aggiudicatario|Data di Estrazione").split("|")
    found = official_files.recognise(headers)
    assert [t.name for t in found.tables] == ["official_tenders", "official_winners"]
    assert found.positions["official_winners"]["tax_code"] == headers.index("Codice Fiscale - P IVA Aggiudicatario")


def test_over_the_time_budget(store, monkeypatch):
    monkeypatch.setattr(official_files, "READ_SECONDS", 0)
    msgs = rejected(store, [(p.name, p) for p in ITALIA])
    assert any("la lettura ha superato 0 secondi" in m for m in msgs)
