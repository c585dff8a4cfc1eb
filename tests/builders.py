"""Small builders of spreadsheets for the tests: a complete valid portfolio, and workbook bytes."""

from __future__ import annotations

from datetime import date

HEADERS = {
    "Partner": ["ID partner", "Nome", "Tipo", "Firmatario protocollo"],
    "Progetti": ["ID progetto", "Titolo", "Missione", "Componente", "Misura", "Capofila", "Budget totale",
                 "Asse", "Stato", "Data inizio", "Data fine", "Cantierabile", "CUP", "Descrizione"],
    "Partner progetto": ["ID progetto", "ID partner", "Ruolo"],
    "Bandi": ["ID bando", "Titolo", "Fonte", "Amministrazione", "Misura", "Data pubblicazione", "Scadenza",
              "Dotazione", "Link"],
    "Candidature": ["ID candidatura", "ID progetto", "ID bando", "Proponente", "Data presentazione",
                    "Importo richiesto", "Cofinanziamento"],
    "Esiti": ["ID candidatura", "Esito", "Data esito", "Importo concesso", "Importo erogato", "Atto", "CUP"],
}


def valid_rows() -> dict[str, list[list]]:
    """A small complete portfolio (header row first) that passes validation."""
    return {
        "Partner": [HEADERS["Partner"],
                    ["COMUNE-PO", "Comune di Prato", "ente pubblico", "sì"],
                    ["ALIA", "Alia Servizi Ambientali", "impresa", "no"],
                    ["PIN", "PIN – Polo Universitario Città di Prato", "università", "sì"]],
        "Progetti": [HEADERS["Progetti"],
                     ["NGP-01", "Textile Hub", "M2", "M2C1", "M2C1 I1.2 Linea D", "ALIA", 18_700_000.0,
                      "circolare", "In esecuzione", date(2022, 3, 1), date(2026, 6, 30), "sì",
                      "C31B21004560006", "Hub per il riciclo tessile"],
                     ["NGP-02", "Rigenerazione urbana", "M5", "M5C2", "M5C2 I2.1", "COMUNE-PO", 5_000_000.0,
                      "ecologica", "Concluso", date(2021, 6, 1), date(2025, 12, 31), "no", None, None]],
        "Partner progetto": [HEADERS["Partner progetto"],
                             ["NGP-01", "ALIA", "capofila"], ["NGP-01", "PIN", "partner"],
                             ["NGP-02", "COMUNE-PO", "capofila"]],
        "Bandi": [HEADERS["Bandi"],
                  ["B-FARO", "Progetti faro economia circolare", "PNRR", "MiTE", "M2C1 I1.2", date(2021, 10, 15),
                   date(2022, 3, 14), 600_000_000.0, None],
                  ["B-RIG", "Rigenerazione urbana", "PNRR", "Ministero dell'Interno", "M5C2 I2.1",
                   date(2021, 4, 1), date(2021, 6, 4), 3_400_000_000.0, None]],
        "Candidature": [HEADERS["Candidature"],
                        ["C-001", "NGP-01", "B-FARO", "ALIA", date(2022, 3, 10), 18_000_000.0, 700_000.0],
                        ["C-002", "NGP-02", "B-RIG", "COMUNE-PO", date(2021, 6, 1), 5_000_000.0, None]],
        "Esiti": [HEADERS["Esiti"],
                  ["C-001", "Ammessa e finanziata", date(2022, 6, 15), 18_000_000.0, 9_000_000.0,
                   "Decreto MiTE n. 123", "C31B21004560006"],
                  ["C-002", "In istruttoria", None, None, None, None, None]],
    }


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx holding the given sheets (rows as lists), written by openpyxl; equal rows give equal bytes."""
    from tests.hostile_files import xlsx_bytes  # the one openpyxl builder (fixed timestamps)

    return xlsx_bytes(sheets)
