"""A store for the Riscontro tests: the real sample CSVs read here with the csv module (not the import's
code) into an official snapshot, and a small committee portfolio crafted to raise every flag."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from ngp_data.official_schema import LOCATIONS, PAYMENTS, PLACEHOLDERS, PROJECTS, SUBJECTS, TARGETS
from ngp_data.schema import TABLE_BY_NAME
from ngp_data.store import Store
from ngp_data.store import official as store_official

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "official_sample"
COMUNE = "100005"
ELSEWHERE_CUP = "D39J22001550006"      # its location rows are moved to another comune (100001) below
ALSO_ELSEWHERE_CUP = "C35B22000140005"  # gets a second location in 100002 below
MISSING_CUP = "C31B21099990004"         # a well-formed CUP that is not in the sample
PARTNER_TAX = {"COMUNE-PO": "00337360978", "REG": "01386030488"}


def sample_rows(name: str) -> list[dict[str, str]]:
    with open(SAMPLE / name, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def amount(text: str | None) -> float | None:
    return None if not text or text in PLACEHOLDERS else float(text.replace(",", "."))


MONTHS = ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
          "novembre", "dicembre")


def number(text: str | None) -> float | None:
    """An indicator value as the file writes it: thousands dots, decimal comma (``7.000,00``)."""
    return None if not text or text in PLACEHOLDERS else float(text.replace(".", "").replace(",", "."))


def month(text: str | None) -> int | None:
    return MONTHS.index(text.strip().lower()) + 1 if text and text.strip() else None


def target_frame(rows: list[dict[str, str]] | None = None) -> pd.DataFrame:
    """PNRR_Indicatori_Target rows (default: the sample's) as the official_targets table."""
    rows = sample_rows("PNRR_Indicatori_Target.csv") if rows is None else rows
    out = []
    for r in rows:
        row = {c.name: _value(c.kind, r.get(c.it)) for c in TARGETS.columns}
        row.update(achieved=number(r["Valore Realizzato"]), planned=number(r["Valore Programmato"]),
                   month=month(r["Mese"]), year=int(r["Anno"]) if r["Anno"].strip() else None)
        out.append(row)
    return pd.DataFrame(out, columns=TARGETS.names)


def _value(kind: str, text: str | None):
    if text is None or text.strip() == "" or text in PLACEHOLDERS:
        return None
    if kind == "amount":
        return amount(text)
    if kind == "date":
        return datetime.strptime(text, "%d/%m/%Y").date()
    if kind == "pct":
        return float(text.replace(",", ".")) / 100
    return text


def _frame(table, rows) -> pd.DataFrame:
    return pd.DataFrame([{c.name: _value(c.kind, r.get(c.it)) for c in table.columns} for r in rows],
                        columns=table.names)


def location_rows() -> list[dict[str, str]]:
    rows = sample_rows("PNRR_Localizzazione.csv")
    for r in rows:
        r["Comune"] = r["Provincia"].zfill(3) + r["Comune"].zfill(3)
        if r["CUP"] == ELSEWHERE_CUP:
            r["Comune"], r["Descrizione Comune"] = "100001", "CANTAGALLO"
    extra = next(dict(r) for r in rows if r["CUP"] == ALSO_ELSEWHERE_CUP)
    extra.update({"Comune": "100002", "Descrizione Comune": "CARMIGNANO", "Indirizzo": "altrove"})
    return [*rows, extra]


def official_frames(project_rows: list[dict] | None = None) -> dict[str, pd.DataFrame]:
    return {PROJECTS.name: _frame(PROJECTS, project_rows or sample_rows("PNRR_Progetti.csv")),
            LOCATIONS.name: _frame(LOCATIONS, location_rows()),
            PAYMENTS.name: _frame(PAYMENTS, sample_rows("PNRR_Pagamenti_di_Progetto.csv")),
            SUBJECTS.name: _frame(SUBJECTS, sample_rows("PNRR_Soggetti.csv"))}


def _table(name: str, rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=TABLE_BY_NAME[name].names)


# card -> (title, mission, component, measure, lead, card CUP, outcome, granted, disbursed, outcome CUP)
CARDS = {
    "NGP-01": ("Piscina olimpionica a Iolo", "M5", "M5C2", "M5C2 I3.1", "COMUNE-PO", ALSO_ELSEWHERE_CUP,
               "Ammessa e finanziata", 6_500_000.0, 1_000_000.0, None),
    "NGP-02": ("Ospedale Santo Stefano", "M6", "M6C2", None, "REG", None,
               "Ammessa e finanziata", 600_000.0, None, "D34E22000300002"),
    "NGP-03": ("Progetto fantasma", "M1", None, None, "ALIA", MISSING_CUP,
               "Ammessa e finanziata", 100_000.0, None, None),
    "NGP-04": ("Ospedale di comunità Pegaso, via Galciana", "M6", "M6C1", "M6C1 I1.3", "REG", None,
               "Ammessa e finanziata", 2_000_000.0, None, None),
    "NGP-05": ("Centrale operativa territoriale", "M6", None, None, "REG", ELSEWHERE_CUP,
               "In istruttoria", None, None, None),
    "NGP-06": ("Idea senza bando", "M2", None, None, "ALIA", None, None, None, None, None),
}


def committee_frames() -> dict[str, pd.DataFrame]:
    partners = [{"partner_id": "COMUNE-PO", "name": "Comune di Prato", "tax_code": PARTNER_TAX["COMUNE-PO"]},
                {"partner_id": "REG", "name": "Regione Toscana", "tax_code": PARTNER_TAX["REG"]},
                {"partner_id": "ALIA", "name": "Alia Servizi Ambientali"}]
    projects, requests, outcomes = [], [], []
    for i, (pid, (title, mission, comp, measure, lead, cup, outcome, granted, paid, ocup)) in enumerate(
            CARDS.items(), 1):
        projects.append({"project_id": pid, "title": title, "mission": mission, "component": comp,
                         "measure": measure, "lead_partner": lead, "cup": cup, "budget_total": 1e7})
        if outcome:
            rid = f"C-{i:03d}"
            requests.append({"request_id": rid, "project_id": pid, "call_id": "B1", "applicant": lead,
                             "submitted_on": date(2022, 3, 1), "amount_requested": granted or 1e6})
            outcomes.append({"request_id": rid, "outcome": outcome, "amount_granted": granted,
                             "amount_disbursed": paid, "cup": ocup})
    return {"partners": _table("partners", partners), "projects": _table("projects", projects),
            "project_partners": _table("project_partners", []),
            "calls": _table("calls", [{"call_id": "B1", "title": "Bando", "allocation": 1e9}]),
            "requests": _table("requests", requests), "outcomes": _table("outcomes", outcomes)}


def riscontro_store(path: Path | str, project_rows: list[dict] | None = None) -> tuple[Store, int, int]:
    """(store, version id, snapshot id)."""
    store = Store(path)
    vid = store.commit(committee_frames(), comment="schede di prova")
    sid = store_official.commit_snapshot(store, official_frames(project_rows), [], comune=COMUNE)
    return store, vid, sid


# --- the follow-up: targets, and a second snapshot with later payments ---------------------------------
FIRST, SECOND = date(2025, 3, 31), date(2025, 9, 30)
LATER_PAID = {ALSO_ELSEWHERE_CUP: "2000000", "D34E22000300002": "536180"}   # Pagamento PNRR in the 2nd extraction
NOT_REPORTED = (ELSEWHERE_CUP, "T0106")                 # its achieved value emptied here
# card -> its CUPs (card's own + its outcome's), from the crafted portfolio
CARD_CUPS = {pid: {c for c in (row[5], row[9]) if c} for pid, row in CARDS.items()}
LINKED = set().union(*CARD_CUPS.values())
MISSION = {pid: row[1] for pid, row in CARDS.items()}


def payment_rows(later: bool = False) -> list[dict]:
    rows = sample_rows("PNRR_Pagamenti_di_Progetto.csv")
    if later:
        for r in rows:
            if r["CUP"] in LATER_PAID:
                r["Pagamento PNRR"] = LATER_PAID[r["CUP"]]
    return rows


def target_rows() -> list[dict]:
    rows = sample_rows("PNRR_Indicatori_Target.csv")
    for r in rows:
        if (r["CUP"], r["Codice Indicatore"]) == NOT_REPORTED:
            r["Valore Realizzato"] = ""
    return rows


def _file(table: str, extracted: date) -> store_official.OfficialFile:
    return store_official.OfficialFile(name=f"{table}.csv", table=table, sha256="0" * 64, size=1, rows_read=1,
                                       rows_kept=1, extracted_on=extracted)


def followup_store(path: Path | str) -> tuple[Store, int, int, int]:
    """The Riscontro's portfolio and sample with the targets (snapshot 1, extracted 31/03/2025), then a later
    extraction (30/09/2025) whose payments changed (``LATER_PAID``): (store, version, snapshot 1, snapshot 2)."""
    store = Store(path)
    vid = store.commit(committee_frames(), comment="schede di prova")
    frames = {**official_frames(), TARGETS.name: target_frame(target_rows())}
    s1 = store_official.commit_snapshot(store, frames, [_file(PAYMENTS.name, FIRST)], comune=COMUNE)
    s2 = store_official.commit_snapshot(store, {PAYMENTS.name: _frame(PAYMENTS, payment_rows(later=True))},
                                        [_file(PAYMENTS.name, SECOND)], comune=COMUNE)
    return store, vid, s1, s2
