"""A store for the Da seguire and Prossimi fondi tests: a small portfolio crafted so that each attention
reason and each candidate rule is hit (and missed) once, over the real sample's official snapshot with end
dates and the target indicators read here with the csv module (not the import's code)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from ngp_data.official_schema import TARGETS
from ngp_data.store import Store
from ngp_data.store import official as store_official
from tests.official_fixtures import COMUNE, _table, official_frames, sample_rows

TODAY = date(2026, 11, 23)
CLOUD_CUP = "C31C22000130006"           # in the sample: financing 797.874, no payment row, a target behind
DIFF_CUP = "D34E22000300002"            # in the sample: financing 523.000
CLOSED_CUP = "E31B21008400006"          # planned end passed, but the card is "Concluso"
ENDED_CUP = "E31B21008610006"           # planned end passed, actual end recorded
# CUP -> (planned end, actual end) written into the sample's project rows
ENDS = {DIFF_CUP: ("30/06/2026", ""), CLOSED_CUP: ("31/12/2025", ""), ENDED_CUP: ("31/03/2026", "15/04/2026"),
        CLOUD_CUP: ("31/12/2027", "")}
MONTHS = {m: i for i, m in enumerate(("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
                                      "agosto", "settembre", "ottobre", "novembre", "dicembre"), 1)}

# card -> (mission, component, state, card CUP)
CARDS = {
    "A-01": ("M1", "M1C1", "In esecuzione", None),          # little paid, ours
    "A-02": ("M1", "M1C1", "In esecuzione", None),          # half paid: nothing
    "A-03": ("M2", "M2C1", "In esecuzione", None),          # nothing paid, but decided recently
    "A-04": ("M1", "M1C1", "In esecuzione", CLOUD_CUP),     # little paid, official; target behind
    "A-05": ("M6", "M6C2", None, None),                     # amount differs, end passed (CUP on its outcome)
    "A-06": ("M5", "M5C2", "Concluso", CLOSED_CUP),         # end passed but completed: nothing
    "A-07": ("M5", "M5C2", "In esecuzione", ENDED_CUP),     # end passed with an actual end: nothing
    "P-01": ("M2", "M2C1", "In progettazione", None),       # pending 317 days; candidate by component
    "P-02": ("M2", "M2C3", "In progettazione", None),       # under review 83 days: nothing; candidate by mission
    "P-03": ("M4", "M4C1", "Scheda (idea)", None),          # under review 357 days
    "S-01": ("M3", "M3C1", "Non avviato", None),            # eligible, not financed
    "Z-01": ("M2", "M2C1", "Concluso", None),               # closed: never a candidate
}
# request -> (card, call, submitted, requested, outcome, decided, granted, disbursed, outcome CUP)
REQUESTS = {
    "R-01": ("A-01", "B1", date(2022, 10, 1), 1_000_000, "Ammessa e finanziata", date(2023, 1, 10), 1_000_000,
             50_000, None),
    "R-02": ("A-02", "B1", date(2022, 10, 1), 1_000_000, "Ammessa e finanziata", date(2023, 1, 10), 1_000_000,
             500_000, None),
    "R-03": ("A-03", "B1", date(2026, 3, 1), 800_000, "Ammessa e finanziata", date(2026, 6, 1), 800_000, None,
             None),
    "R-04": ("A-04", "B1", date(2022, 9, 1), 797_874, "Ammessa e finanziata", date(2022, 11, 14), 797_874,
             638_299, None),
    "R-05": ("A-05", "B1", date(2025, 9, 1), 600_000, "Ammessa e finanziata", date(2026, 1, 10), 600_000, None,
             DIFF_CUP),
    "R-06": ("A-06", "B1", date(2021, 9, 1), 120_000, "Ammessa e finanziata", date(2025, 12, 1), 120_000,
             120_000, None),
    "R-07": ("A-07", "B1", date(2021, 9, 1), 200_000, "Ammessa e finanziata", date(2025, 12, 1), 200_000,
             200_000, None),
    "R-08": ("P-01", "B1", date(2026, 1, 10), 300_000, None, None, None, None, None),
    "R-09": ("P-02", "K2", date(2026, 9, 1), 400_000, "In istruttoria", None, None, None, None),
    "R-10": ("P-03", "B1", date(2025, 12, 1), 500_000, "In istruttoria", None, None, None, None),
    "R-11": ("S-01", "B1", date(2022, 2, 1), 2_000_000, "Ammessa non finanziata", date(2022, 6, 1), None, None,
             None),
    "R-12": ("P-01", "K1", date(2026, 11, 1), 100_000, "In preparazione", None, None, None, None),
}
# call -> (source, measure, published, deadline)
CALLS = {
    "B1": ("PNRR", None, date(2021, 6, 1), date(2022, 3, 1)),
    "K1": ("PNRR", "M2C1 I1.2", date(2026, 9, 1), date(2027, 2, 1)),     # open, measure: M2C1 / M2
    "K2": ("FESR", None, date(2026, 10, 1), date(2026, 12, 15)),         # open, no measure: not financed cards
    "K3": ("FSC", None, date(2026, 1, 1), date(2026, 11, 1)),            # closed
    "K4": ("Regione", None, date(2026, 10, 24), None),                   # no deadline, published 30 days ago
    "K5": ("Regione", None, date(2026, 5, 7), None),                     # no deadline, published 200 days ago
    "K6": ("FSC", "M4", date(2026, 12, 10), date(2027, 3, 31)),          # opening; mission M4
}


def committee_frames() -> dict[str, pd.DataFrame]:
    projects = [{"project_id": pid, "title": f"Scheda {pid}", "mission": m, "component": c, "state": s,
                 "lead_partner": "COMUNE-PO", "cup": cup, "budget_total": 1e6}
                for pid, (m, c, s, cup) in CARDS.items()]
    requests, outcomes = [], []
    for rid, (pid, call, sub, req, outcome, decided, granted, paid, cup) in REQUESTS.items():
        requests.append({"request_id": rid, "project_id": pid, "call_id": call, "applicant": "COMUNE-PO",
                         "submitted_on": sub, "amount_requested": req})
        if outcome:
            outcomes.append({"request_id": rid, "outcome": outcome, "decided_on": decided, "amount_granted": granted,
                             "amount_disbursed": paid, "cup": cup})
    calls = [{"call_id": cid, "title": f"Bando {cid}", "source": src, "measure": measure, "published_on": pub,
              "deadline": deadline, "allocation": 1e7} for cid, (src, measure, pub, deadline) in CALLS.items()]
    return {"partners": _table("partners", [{"partner_id": "COMUNE-PO", "name": "Comune di Prato"}]),
            "projects": _table("projects", projects), "project_partners": _table("project_partners", []),
            "calls": _table("calls", calls), "requests": _table("requests", requests),
            "outcomes": _table("outcomes", outcomes)}


def target_rows() -> list[dict]:
    """The sample's target indicators as plain values (months by name made numbers)."""
    def num(text):
        return float(text.replace(".", "").replace(",", ".")) if text else None

    return [{"cup": r["CUP"], "local_code": r["Codice Locale Progetto"], "submeasure": r["Codice Univoco Submisura"],
             "indicator_code": r["Codice Indicatore"], "indicator": r["Descrizione Indicatore"],
             "unit": r["Descrizione Unità di Misura"], "achieved": num(r["Valore Realizzato"]),
             "planned": num(r["Valore Programmato"]), "month": MONTHS.get(r["Mese"].strip().lower()),
             "year": int(r["Anno"]) if r["Anno"].strip() else None}
            for r in sample_rows("PNRR_Indicatori_Target.csv")]


def project_rows() -> list[dict]:
    rows = sample_rows("PNRR_Progetti.csv")
    for r in rows:
        if r["CUP"] in ENDS:
            r["Data Fine Progetto Prevista"], r["Data Fine Progetto Effettiva"] = ENDS[r["CUP"]]
    return rows


def attention_store(path: Path, *, official: bool = True) -> tuple[Store, int, int | None]:
    """(store, version id, snapshot id or None)."""
    store = Store(path)
    vid = store.commit(committee_frames(), comment="schede di prova")
    if not official:
        return store, vid, None
    frames = official_frames(project_rows())
    frames[TARGETS.name] = pd.DataFrame(target_rows(), columns=TARGETS.names)
    sid = store_official.commit_snapshot(store, frames, [], comune=COMUNE)
    return store, vid, sid
