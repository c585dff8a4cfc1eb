"""The illustrative demo portfolio ("dati dimostrativi"), built in code and deterministic.

It uses the real partners, the real PNRR codes and the cards known from the press (DOMAIN.md), but
titles, amounts, dates and acts are illustrative. Three versions (May, September and November 2026)
give the "what changed" page something to show; every version is marked ``demo=True`` in the store.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from pathlib import Path

import numpy as np
import pandas as pd

from . import output
from .schema import AMOUNT, CUP_RE, DATE, MEASURE_RE, TABLES, Table
from .store import SourceFile, Store

DEMO_AUTHOR = "dati dimostrativi"
DEMO_PREFIX = "Dati dimostrativi (illustrativi): "
DEMO_FILE = "ngp_demo.xlsx"
TEMPLATE_FILE = "ngp_template.xlsx"

# (comment, date written into that version's workbook)
_VERSIONS: tuple[tuple[str, dt.datetime], ...] = (
    (DEMO_PREFIX + "situazione a maggio 2026", dt.datetime(2026, 5, 20, 9, 0)),
    (DEMO_PREFIX + "aggiornamento settembre 2026 (nuovi bandi 2021-27, revoca del progetto sport e "
     "inclusione)", dt.datetime(2026, 9, 28, 9, 0)),
    (DEMO_PREFIX + "aggiornamento novembre 2026", dt.datetime(2026, 11, 20, 9, 0)),
)

COMUNE = "COMUNE-PO"

# --- partners: (partner_id, name, kind, signatory) ------------------------------------------------
_PARTNERS = (
    (COMUNE, "Comune di Prato", "ente pubblico", True),
    ("PIN", "PIN – Polo Universitario Città di Prato", "università", True),
    ("CCIAA-PTPO", "Camera di Commercio Pistoia-Prato", "ente pubblico", True),
    ("CONFIND-TN", "Confindustria Toscana Nord", "associazione di categoria", True),
    ("CNA-TC", "CNA Toscana Centro", "associazione di categoria", True),
    ("CONFART-PO", "Confartigianato Prato", "associazione di categoria", True),
    ("CONFESERC-PO", "Confesercenti Prato", "associazione di categoria", True),
    ("CONFCOMM-PO", "Confcommercio Prato", "associazione di categoria", True),
    ("CONFCOOP", "Confcooperative", "associazione di categoria", True),
    ("LEGACOOP", "Legacoop", "associazione di categoria", True),
    ("CGIL-PO", "CGIL Prato", "sindacato", True),
    ("CISL", "CISL", "sindacato", True),
    ("UIL", "UIL", "sindacato", True),
    ("ALIA", "Alia Servizi Ambientali spa", "impresa", False),
    ("GIDA", "G.I.D.A. spa", "impresa", False),
    ("INTERPORTO", "Interporto della Toscana Centrale", "impresa", False),
    ("FOND-CRPO", "Fondazione CR Prato", "altro", False),
    ("USL-TC", "Azienda USL Toscana Centro", "ente pubblico", False),
    ("CNR-IBE", "CNR – Istituto per la BioEconomia (IBE)", "ente pubblico", False),
    ("FUB", "Fondazione Ugo Bordoni", "altro", False),
    ("UNIFI-DIDA", "Università di Firenze – Dipartimento di Architettura (DIDA)", "università", False),
    ("ESTRA", "Estra spa", "impresa", False),
    ("TECNOTESSILE", "Next Technology Tecnotessile", "impresa", False),
    ("CONSIAG", "Consiag spa", "impresa", False),
)

# --- project cards -----------------------------------------------------------------------------------
# (id, title, PNRR code, lead, budget, axis, state, start, end, shovel-ready, partners, description).
# The code is a measure ("M5C2 I2.1"), a component ("M2C4") or a mission ("M2"). The CUP is taken
# from the card's first financed application.
_PROJECTS = (
    ("NGP-01", "Textile Hub europeo per il riciclo dei rifiuti tessili", "M2C1 I1.2 Linea D", "ALIA",
     18_700_000, "circolare", "In esecuzione", "2022-11-01", "2026-12-31", True,
     ("CONFIND-TN", "TECNOTESSILE", "PIN", COMUNE),
     "Polo per la raccolta, la selezione e il riciclo degli scarti tessili pre e post consumo del distretto, "
     "candidato al bando del Ministero della Transizione Ecologica sui progetti faro di economia circolare."),
    ("NGP-02", "Essiccatore dei fanghi di depurazione all'impianto Gida", "M2C1 I1.1 Linea C", "GIDA",
     6_200_000, "circolare", "Concluso", "2022-11-15", "2026-06-30", True, (COMUNE, "CONSIAG"),
     "Impianto di essiccamento dei fanghi del depuratore tessile per ridurne il volume da smaltire e "
     "recuperarne energia."),
    ("NGP-03", "Prato Forest City – forestazione urbana", "M2C4", COMUNE,
     4_500_000, "ecologica", "In esecuzione", "2021-03-01", "2030-12-31", False,
     ("CNR-IBE", "UNIFI-DIDA", "FOND-CRPO"),
     "Nuovi alberi in parchi, scuole, aree produttive e lungo le strade per assorbire CO2 e inquinanti e "
     "mitigare le isole di calore."),
    ("NGP-04", "Tramvia Peretola–Pecci con pista ciclabile", "M2C2 I4.2", COMUNE,
     60_000_000, "ecologica", "In progettazione", "2023-01-01", "2031-12-31", False,
     ("UNIFI-DIDA", "CONFESERC-PO"),
     "Linea tranviaria dall'aeroporto di Peretola al Centro Pecci, con pista ciclabile lungo il tracciato, "
     "per collegare Prato alla rete tranviaria fiorentina."),
    ("NGP-05", "Polo dell'innovazione all'ex Banci", "M4C2", COMUNE,
     12_000_000, "digitale", "In progettazione", "2024-06-01", "2029-12-31", False,
     ("PIN", "CCIAA-PTPO", "CONFIND-TN", "CNA-TC"),
     "Recupero dell'area ex Banci come polo per l'innovazione del distretto: laboratori, incubatore di "
     "imprese, spazi per l'università e la formazione."),
    ("NGP-06", "5G e tecnologie avanzate per il distretto tessile", "M1C2 I3", "CCIAA-PTPO",
     8_000_000, "digitale", "Sospeso", "2022-09-01", None, False,
     ("FUB", "CONFIND-TN", "TECNOTESSILE", "CNA-TC"),
     "Copertura 5G delle aree produttive e sperimentazioni di manifattura connessa con le imprese del "
     "distretto."),
    ("NGP-07", "Demolizione del Tribunale e ricostruzione verde", "M2C3", COMUNE,
     25_000_000, "ecologica", "Non avviato", None, None, False, ("UNIFI-DIDA", "FOND-CRPO"),
     "Demolizione dell'edificio del Tribunale e sua sostituzione con un edificio a energia quasi zero "
     "circondato da verde pubblico."),
    ("NGP-08", "Parco delle Cascine di Tavola", "M1C3 I2.3", COMUNE,
     2_000_000, "ecologica", "Rendicontato", "2022-12-01", "2026-03-31", True, ("UNIFI-DIDA", "FOND-CRPO"),
     "Restauro e valorizzazione del parco storico mediceo delle Cascine di Tavola: percorsi, canali, "
     "alberature e servizi di accoglienza."),
    ("NGP-09", "Nuove scuole sostenibili", "M2C3 I1.1", COMUNE,
     9_800_000, "ecologica", "Concluso", "2022-09-01", "2026-06-30", True, ("UNIFI-DIDA", "ESTRA"),
     "Sostituzione di un edificio scolastico vetusto con una nuova scuola a energia quasi zero, sicura e con "
     "spazi didattici innovativi."),
    ("NGP-10", "Sanità digitale e telemedicina", "M6C1 I1.2.3", "USL-TC",
     3_500_000, "digitale", "In esecuzione", "2023-03-01", "2026-12-31", True, (COMUNE, "PIN", "CISL"),
     "Televisita e telemonitoraggio per i pazienti cronici del territorio pratese, integrati con i servizi "
     "sociali del Comune."),
    ("NGP-11", "SMART AIR – sensori per la qualità dell'aria in 77 scuole", "M2", COMUNE,
     1_200_000, "digitale", "Concluso", "2023-01-09", "2025-06-30", True, ("CNR-IBE", "PIN", "ESTRA"),
     "Rete di sensori che misura CO2, particolato e microclima in 77 edifici scolastici e guida il ricambio "
     "d'aria; dati aperti e attività didattiche."),
    ("NGP-12", "Rigenerazione urbana del Macrolotto zero", "M5C2 I2.1", COMUNE,
     8_000_000, "ecologica", "Rendicontato", "2022-03-01", "2026-03-31", True,
     ("CONFCOMM-PO", "CONFESERC-PO"),
     "Nuova piazza, mercato coperto e spazi pubblici nel quartiere del Macrolotto zero, con il riuso di "
     "edifici ex industriali e nuovo verde."),
    ("NGP-13", "Rigenerazione urbana di San Giusto", "M5C2 I2.1", COMUNE,
     7_600_000, "ecologica", "Concluso", "2022-03-01", "2026-06-30", True, ("LEGACOOP", "CONFCOOP"),
     "Riqualificazione di spazi pubblici, impianti sportivi e percorsi pedonali nel quartiere di "
     "San Giusto."),
    ("NGP-14", "Rigenerazione urbana del Soccorso", "M5C2 I2.1", COMUNE,
     6_000_000, "ecologica", "Concluso", "2022-03-01", "2026-09-30", True, ("CONFESERC-PO", "CONFART-PO"),
     "Rifacimento di strade, marciapiedi e verde nel quartiere del Soccorso, con nuovi spazi per i servizi "
     "di prossimità."),
    ("NGP-15", "PINQuA – qualità dell'abitare a Prato", "M5C2 I2.3", COMUNE,
     18_000_000, "ecologica", "In esecuzione", "2022-01-10", "2026-12-31", True,
     ("LEGACOOP", "CONFCOOP", "CGIL-PO"),
     "Riqualificazione di alloggi di edilizia residenziale pubblica, servizi di quartiere e spazi comuni."),
    ("NGP-16", "Nuovi asili nido", "M4C1 I1.1", COMUNE,
     7_000_000, "ecologica", "In esecuzione", "2022-10-01", "2026-12-31", True, ("CONFCOOP", "CISL"),
     "Nuovi asili nido e ampliamento di quelli esistenti per aumentare i posti per i bambini da 0 a 3 anni."),
    ("NGP-17", "Case della comunità", "M6C1 I1.1", "USL-TC",
     6_500_000, None, "In esecuzione", "2022-09-01", "2026-12-31", True, (COMUNE, "CGIL-PO", "UIL"),
     "Nuove Case della comunità: medici di famiglia, infermieri, specialisti e servizi sociali in un unico "
     "punto di accesso."),
    ("NGP-18", "Ciclovie urbane", "M2C2 I4.1", COMUNE,
     5_600_000, "ecologica", "Concluso", "2022-10-01", "2026-06-30", True, ("CONFCOMM-PO",),
     "Nuovi tratti di piste ciclabili tra il centro, le stazioni, le scuole e le aree produttive."),
    ("NGP-19", "Servizi digitali per i cittadini", "M1C1 I1.4.1", COMUNE,
     900_000, "digitale", "Rendicontato", "2022-12-01", "2025-12-31", False, ("PIN",),
     "Nuovo sito e servizi online del Comune secondo il modello nazionale, pagamenti con pagoPA e app IO."),
    ("NGP-20", "Migrazione al cloud dei servizi comunali", "M1C1 I1.2", COMUNE,
     450_000, "digitale", "Rendicontato", "2022-12-01", "2025-09-30", False, ("PIN",),
     "Trasferimento degli applicativi comunali su infrastrutture cloud qualificate."),
    ("NGP-21", "Sport e inclusione sociale nei quartieri", "M5C2 I3.1", COMUNE,
     2_500_000, None, "Revocato", "2022-11-01", None, True, ("UIL",),
     "Impianto sportivo polivalente di quartiere aperto alle associazioni, per l'inclusione di giovani e "
     "persone fragili. Finanziamento PNRR revocato per il mancato rispetto dei tempi."),
    ("NGP-22", "Messa in sicurezza degli edifici scolastici", "M4C1 I3.3", COMUNE,
     3_900_000, "ecologica", "In affidamento", "2023-01-01", "2027-06-30", True, ("UNIFI-DIDA",),
     "Adeguamento sismico e antincendio di edifici scolastici comunali."),
    ("NGP-23", "Nodo logistico digitale dell'Interporto", "M3C2 I2.1", "INTERPORTO",
     9_500_000, "digitale", "Scheda (idea)", None, None, False, ("CONFIND-TN", "CNA-TC", COMUNE),
     "Piattaforma digitale per la logistica delle merci del distretto e migliore collegamento ferroviario "
     "con l'Interporto della Toscana Centrale."),
    ("NGP-24", "Competenze per la transizione del distretto tessile", "M5C1", "PIN",
     None, "digitale", "Scheda (idea)", None, None, False, ("CGIL-PO", "CISL", "UIL", "CONFART-PO"),
     "Formazione e riqualificazione di lavoratori e imprese del tessile su digitale, sostenibilità e "
     "riciclo. Budget ancora da stimare."),
)

# --- calls: (call_id, title, source, administration, measure, published, deadline, allocation, link) ---
_MIT = "Ministero delle Infrastrutture e della Mobilità Sostenibili"
_MITE = "Ministero della Transizione Ecologica"
_MI = "Ministero dell'Istruzione"
_DTD = "Dipartimento per la trasformazione digitale"
_RT = "Regione Toscana"
_PADIGITALE = "https://padigitale2026.gov.it"
_CALLS = (
    ("B-01", "Rigenerazione urbana – contributi ai Comuni sopra i 15.000 abitanti", "PNRR",
     "Ministero dell'Interno", "M5C2 I2.1", "2021-01-21", "2021-06-04", 3_400_000_000, None),
    ("B-02", "PINQuA – Programma innovativo nazionale per la qualità dell'abitare", "PNRR", _MIT,
     "M5C2 I2.3", "2020-11-16", "2021-03-16", 2_800_000_000, None),
    ("B-03", "Trasporto rapido di massa – sistemi tranviari", "PNRR", _MIT, "M2C2 I4.2",
     "2020-12-10", "2021-01-15", 3_600_000_000, None),
    ("B-04", "Progetti faro di economia circolare – Linea D: infrastrutture per il tessile (textile hub)",
     "PNRR", _MITE, "M2C1 I1.2 Linea D", "2021-10-15", "2022-03-14", 150_000_000, None),
    ("B-05", "Impianti di gestione dei rifiuti – Linea C: impianti innovativi", "PNRR", _MITE,
     "M2C1 I1.1 Linea C", "2021-10-15", "2022-03-14", 450_000_000, None),
    ("B-06", "Nuove scuole – sostituzione di edifici scolastici", "PNRR", _MI, "M2C3 I1.1",
     "2021-12-02", "2022-02-08", 800_000_000, None),
    ("B-07", "Asili nido e scuole dell'infanzia", "PNRR", _MI, "M4C1 I1.1", "2021-12-02", "2022-03-31",
     3_000_000_000, None),
    ("B-08", "Messa in sicurezza e riqualificazione delle scuole", "PNRR", _MI, "M4C1 I3.3",
     "2022-04-08", "2022-05-27", 500_000_000, None),
    ("B-09", "Parchi e giardini storici", "PNRR", "Ministero della Cultura", "M1C3 I2.3",
     "2022-03-30", "2022-06-15", 190_000_000, None),
    ("B-10", "Sport e inclusione sociale", "PNRR", "Dipartimento per lo Sport", "M5C2 I3.1",
     "2022-03-23", "2022-05-22", 700_000_000, None),
    ("B-11", "Ciclovie urbane", "PNRR", _MIT, "M2C2 I4.1", "2022-02-15", "2022-04-30", 200_000_000, None),
    ("B-12", "Esperienza del cittadino nei servizi pubblici – Comuni", "PNRR", _DTD, "M1C1 I1.4.1",
     "2022-04-26", "2022-09-02", 400_000_000, _PADIGITALE),
    ("B-13", "Abilitazione al cloud per le PA locali – Comuni", "PNRR", _DTD, "M1C1 I1.2",
     "2022-04-19", "2022-09-02", 500_000_000, _PADIGITALE),
    ("B-14", "Adozione di pagoPA e app IO – Comuni", "PNRR", _DTD, "M1C1 I1.4.3",
     "2022-04-19", "2022-09-02", 200_000_000, _PADIGITALE),
    ("B-15", "Case della comunità", "PNRR", "Ministero della Salute – Regione Toscana", "M6C1 I1.1",
     "2022-01-10", "2022-02-28", 2_000_000_000, None),
    ("B-16", "Telemedicina – progetti regionali", "PNRR", "Ministero della Salute – Regione Toscana",
     "M6C1 I1.2.3", "2022-11-15", "2023-01-31", 1_000_000_000, None),
    ("B-17", "Tutela e valorizzazione del verde urbano ed extraurbano", "PNRR", _MITE, "M2C4 I3.1",
     "2022-03-30", "2022-06-21", 330_000_000, None),
    ("B-18", "Piano Italia 5G – aree a fallimento di mercato", "PNRR", _DTD, "M1C2 I3",
     "2022-03-15", "2022-05-16", 2_000_000_000, None),
    ("B-19", "Ecosistemi dell'innovazione", "PNRR", "Ministero dell'Università e della Ricerca", "M4C2 I1.5",
     "2021-12-30", "2022-02-24", 1_300_000_000, None),
    ("B-20", "Sicuro, verde e sociale – riqualificazione dell'edilizia residenziale pubblica", "PNC",
     _MIT + " – Regione Toscana", None, "2021-11-10", "2022-01-31", 2_000_000_000, None),
    ("B-21", "PR FESR Toscana 2021-27 – Verde urbano e forestazione", "FESR", _RT, None,
     "2026-09-15", "2026-12-15", 20_000_000, "https://www.regione.toscana.it"),
    ("B-22", "PR FESR Toscana 2021-27 – Infrastrutture per la ricerca e l'innovazione", "FESR", _RT, None,
     "2026-01-20", "2026-06-30", 45_000_000, None),
    ("B-23", "PR FSE+ Toscana 2021-27 – Competenze per la transizione digitale e verde", "FSE+", _RT, None,
     "2026-10-01", "2027-02-26", 12_000_000, None),
    ("B-24", "Accordo per la coesione FSC 2021-27 – Mobilità sostenibile e logistica", "FSC",
     _RT + " – Dipartimento per le politiche di coesione", None, "2026-07-01", "2027-03-31", 80_000_000,
     None),
    ("B-25", "Qualità dell'aria negli edifici scolastici – edizione 2026", "Regione", _RT, None,
     "2026-10-15", "2026-12-05", 5_000_000, None),
    ("B-26", "Rigenerazione urbana – bando regionale 2023", "Regione", _RT, None,
     "2023-03-01", "2023-06-30", 30_000_000, None),
    ("B-27", "Comunità e territorio 2027", "altro", "Fondazione CR Prato", None,
     "2026-11-02", "2027-01-15", 1_500_000, None),
    ("B-28", "Qualità dell'aria negli edifici scolastici – edizione 2022", "Regione", _RT, None,
     "2022-06-01", "2022-09-30", 3_000_000, None),
)

# --- applications: (request_id, project, call, applicant, submitted, requested, co-financing) --------
_REQUESTS = (
    ("C-001", "NGP-12", "B-01", COMUNE, "2021-06-03", 7_200_000, 800_000),
    ("C-002", "NGP-13", "B-01", COMUNE, "2021-06-03", 6_400_000, None),
    ("C-003", "NGP-14", "B-01", COMUNE, "2021-06-03", 5_445_000, 555_000),
    ("C-004", "NGP-15", "B-02", COMUNE, "2021-03-15", 15_000_000, 3_000_000),
    ("C-005", "NGP-04", "B-03", COMUNE, "2021-01-14", 52_000_000, 8_000_000),
    ("C-006", "NGP-01", "B-04", "ALIA", "2022-03-10", 16_500_000, 2_200_000),
    ("C-007", "NGP-02", "B-05", "GIDA", "2022-03-11", 5_000_000, 1_200_000),
    ("C-008", "NGP-09", "B-06", COMUNE, "2022-02-07", 8_500_000, 1_300_000),
    ("C-009", "NGP-09", "B-06", COMUNE, "2022-02-07", 7_900_000, None),
    ("C-010", "NGP-16", "B-07", COMUNE, "2022-03-30", 2_400_000, None),
    ("C-011", "NGP-16", "B-07", COMUNE, "2022-03-30", 2_100_000, None),
    ("C-012", "NGP-16", "B-07", COMUNE, "2022-03-30", 1_900_000, 600_000),
    ("C-013", "NGP-22", "B-08", COMUNE, "2022-05-26", 1_500_000, None),
    ("C-014", "NGP-22", "B-08", COMUNE, "2022-05-26", 2_200_000, 400_000),
    ("C-015", "NGP-08", "B-09", COMUNE, "2022-06-14", 2_000_000, None),
    ("C-016", "NGP-21", "B-10", COMUNE, "2022-05-20", 2_500_000, None),
    ("C-017", "NGP-18", "B-11", COMUNE, "2022-04-28", 3_200_000, None),
    ("C-018", "NGP-19", "B-12", COMUNE, "2022-09-01", 579_000, None),
    ("C-019", "NGP-20", "B-13", COMUNE, "2022-09-01", 452_000, None),
    ("C-020", "NGP-19", "B-14", COMUNE, "2022-09-01", 210_000, None),
    ("C-021", "NGP-17", "B-15", "USL-TC", "2022-02-25", 4_800_000, 1_700_000),
    ("C-022", "NGP-10", "B-16", "USL-TC", "2023-01-30", 1_900_000, None),
    ("C-023", "NGP-03", "B-17", COMUNE, "2022-06-20", 3_000_000, None),
    ("C-024", "NGP-06", "B-18", "CCIAA-PTPO", "2022-05-16", 6_000_000, 1_000_000),
    ("C-025", "NGP-05", "B-19", "PIN", "2022-02-24", 9_000_000, None),
    ("C-026", "NGP-15", "B-20", COMUNE, "2022-01-28", 3_000_000, None),
    ("C-027", "NGP-03", "B-21", COMUNE, None, 1_800_000, 400_000),
    ("C-028", "NGP-05", "B-22", COMUNE, "2026-06-25", 6_000_000, 2_000_000),
    ("C-029", "NGP-24", "B-23", "PIN", "2026-11-12", 900_000, None),
    ("C-030", "NGP-24", "B-23", "CGIL-PO", None, 350_000, None),
    ("C-031", "NGP-04", "B-24", COMUNE, None, 40_000_000, 12_000_000),
    ("C-032", "NGP-18", "B-24", COMUNE, "2026-10-20", 2_500_000, 500_000),
    ("C-033", "NGP-23", "B-24", "INTERPORTO", "2026-09-15", 7_000_000, 2_500_000),
    ("C-034", "NGP-11", "B-28", COMUNE, "2022-09-28", 1_000_000, 200_000),
    ("C-035", "NGP-11", "B-25", COMUNE, "2026-11-10", 600_000, 150_000),
    ("C-036", "NGP-07", "B-26", COMUNE, "2023-06-28", 4_000_000, 1_000_000),
    ("C-037", "NGP-13", "B-26", COMUNE, "2023-06-28", 1_200_000, 300_000),
    ("C-038", "NGP-14", "B-26", COMUNE, "2023-06-28", 900_000, None),
    ("C-039", "NGP-03", "B-27", COMUNE, None, 250_000, None),
    ("C-040", "NGP-21", "B-27", "CONFCOOP", "2026-11-18", 300_000, None),
    ("C-041", "NGP-01", "B-22", "TECNOTESSILE", "2026-06-20", 2_400_000, 600_000),
    ("C-042", "NGP-12", "B-21", COMUNE, None, 500_000, None),
    ("C-043", "NGP-17", "B-15", "USL-TC", "2022-02-25", 1_700_000, None),
    ("C-044", "NGP-12", "B-26", COMUNE, "2023-06-28", 800_000, 200_000),
    ("C-045", "NGP-06", "B-22", "CCIAA-PTPO", "2026-06-28", 3_000_000, None),
    ("C-046", "NGP-10", "B-23", "PIN", "2026-10-28", 250_000, None),
    ("C-047", "NGP-04", "B-11", COMUNE, "2022-04-28", 1_500_000, None),
    ("C-048", "NGP-08", "B-27", COMUNE, None, 120_000, None),
)

# --- outcomes: (request_id, outcome, decided, granted, disbursed, act, CUP year) ----------------------
# C-029, C-033, C-040 and C-046 have no outcome row: submitted, nothing heard yet.
_FIN = "Ammessa e finanziata"
_RIGENERAZIONE_ACT = "Decreto Min. Interno–MEF del 04/01/2022 (graduatoria rigenerazione urbana)"
_CIS_ACT = "Contratto istituzionale di sviluppo PNRR Salute – Regione Toscana del 31/05/2022"
_RT_2023_ACT = "Decreto dirigenziale Regione Toscana n. 28410 del 14/12/2023"
_OUTCOMES = (
    ("C-001", _FIN, "2022-01-04", 7_200_000, 7_200_000, _RIGENERAZIONE_ACT, 22),
    ("C-002", _FIN, "2022-01-04", 6_400_000, 5_760_000, _RIGENERAZIONE_ACT, 22),
    ("C-003", _FIN, "2022-01-04", 5_445_000, 4_900_500, _RIGENERAZIONE_ACT, 22),
    ("C-004", _FIN, "2021-10-07", 15_000_000, 10_500_000, "Decreto MIMS n. 383 del 07/10/2021", 21),
    ("C-005", "Ammessa non finanziata", "2021-11-16", None, None, "Decreto MIMS n. 448 del 16/11/2021", None),
    ("C-006", _FIN, "2022-10-28", 16_500_000, 9_900_000, "Decreto MiTE n. 257 del 28/10/2022", 22),
    ("C-007", "Finanziata parzialmente", "2022-10-28", 3_800_000, 3_800_000,
     "Decreto MiTE n. 256 del 28/10/2022", 22),
    ("C-008", _FIN, "2022-06-08", 8_500_000, 8_075_000, "Decreto MI n. 134 del 08/06/2022", 22),
    ("C-009", "Ammessa non finanziata", "2022-06-08", None, None, "Decreto MI n. 134 del 08/06/2022", None),
    ("C-010", _FIN, "2022-08-08", 2_400_000, 1_920_000, "Decreto MI n. 343 del 08/08/2022", 22),
    ("C-011", _FIN, "2023-02-15", 2_100_000, 1_050_000, "Decreto MIM n. 32 del 15/02/2023 (scorrimento)", 23),
    ("C-012", "Ritirata / Rinuncia", "2023-05-10", None, None,
     "Delibera di Giunta n. 178 del 10/05/2023 (rinuncia)", None),
    ("C-013", "Non ammessa", "2022-09-21", None, None, "Decreto MI n. 257 del 21/09/2022", None),
    ("C-014", _FIN, "2022-09-21", 2_200_000, 440_000, "Decreto MI n. 257 del 21/09/2022", 22),
    ("C-015", _FIN, "2022-12-20", 2_000_000, 2_000_000, "Decreto MiC n. 505 del 20/12/2022", 22),
    ("C-016", "Revocata", "2026-07-15", None, None, "Decreto Dip. Sport n. 112 del 15/07/2026 (revoca)", 22),
    ("C-017", _FIN, "2022-07-29", 3_200_000, 3_200_000, "Decreto MIMS n. 509 del 29/07/2022", 22),
    ("C-018", _FIN, "2022-11-14", 579_000, 579_000, "Decreto DTD n. 28-2/2022 del 14/11/2022", 22),
    ("C-019", _FIN, "2022-11-14", 452_000, 452_000, "Decreto DTD n. 29-1/2022 del 14/11/2022", 22),
    ("C-020", _FIN, "2022-11-14", 210_000, 210_000, "Decreto DTD n. 30-3/2022 del 14/11/2022", 22),
    ("C-021", _FIN, "2022-05-31", 4_800_000, 3_600_000, _CIS_ACT, 22),
    ("C-022", _FIN, "2023-06-27", 1_900_000, 1_140_000,
     "Delibera Giunta regionale n. 720 del 27/06/2023", 23),
    ("C-023", "Non ammessa", "2022-10-06", None, None,
     "Decreto MiTE n. 201 del 06/10/2022 (misura riservata alle città metropolitane)", None),
    ("C-024", "Non ammessa", "2022-07-12", None, None, "Esito Infratel Italia del 12/07/2022", None),
    ("C-025", "Ammessa non finanziata", "2022-06-22", None, None, "Decreto MUR n. 1049 del 22/06/2022", None),
    ("C-026", _FIN, "2022-04-20", 3_000_000, 1_800_000,
     "Decreto dirigenziale Regione Toscana n. 7520 del 20/04/2022", 22),
    ("C-027", "In preparazione", None, None, None, None, None),
    ("C-028", "In istruttoria", None, None, None, None, None),
    ("C-030", "In preparazione", None, None, None, None, None),
    ("C-031", "In preparazione", None, None, None, None, None),
    ("C-032", "Presentata", None, None, None, None, None),
    ("C-034", _FIN, "2022-12-12", 1_000_000, 1_000_000,
     "Decreto dirigenziale Regione Toscana n. 24561 del 12/12/2022", 22),
    ("C-035", "Presentata", None, None, None, None, None),
    ("C-036", "Ritirata / Rinuncia", "2023-11-07", None, None,
     "Nota del Comune prot. 231456 del 07/11/2023 (rinuncia)", None),
    ("C-037", _FIN, "2023-12-14", 1_200_000, 1_200_000, _RT_2023_ACT, 23),
    ("C-038", "Ammessa non finanziata", "2023-12-14", None, None, _RT_2023_ACT, None),
    ("C-039", "In preparazione", None, None, None, None, None),
    ("C-041", "In istruttoria", None, None, None, None, None),
    ("C-042", "In preparazione", None, None, None, None, None),
    ("C-043", _FIN, "2022-05-31", 1_700_000, 1_020_000, _CIS_ACT, 22),
    ("C-044", "Non ammessa", "2023-12-14", None, None, _RT_2023_ACT, None),
    ("C-045", "Non ammessa", "2026-10-30", None, None,
     "Decreto dirigenziale Regione Toscana n. 21877 del 30/10/2026", None),
    ("C-047", _FIN, "2022-07-29", 1_500_000, 1_200_000, "Decreto MIMS n. 509 del 29/07/2022", 22),
    ("C-048", "In preparazione", None, None, None, None, None),
)

# --- history: how the two earlier versions differed ----------------------------------------------------
# Rows first present in a later version: (table, key) -> index of the first version holding them.
# An outcome row follows its application unless listed itself.
_ADDED_IN: dict[tuple[str, str], int] = {
    **{("calls", k): 1 for k in ("B-21", "B-24")},
    **{("calls", k): 2 for k in ("B-23", "B-25", "B-27")},
    **{("requests", k): 1 for k in ("C-027", "C-031", "C-032", "C-033", "C-042", "C-045")},
    **{("requests", k): 2 for k in ("C-029", "C-030", "C-035", "C-039", "C-040", "C-046", "C-048")},
    ("project_partners", "NGP-21|CONFCOOP"): 2,
}
# Rows removed later: (last version index holding them, table, row).
_DROPPED: tuple[tuple[int, str, dict], ...] = (
    (0, "project_partners", {"project_id": "NGP-18", "partner_id": "ESTRA", "role": "partner"}),
)
# Field values as they were: _EARLIER[1] is how September differed from November, _EARLIER[0] how May
# differed from September. Version i = the current rows with every _EARLIER[k >= i] applied, latest first.
_EARLIER: dict[int, dict[tuple[str, str], dict]] = {
    1: {
        ("projects", "NGP-14"): {"state": "In esecuzione"},
        ("calls", "B-24"): {"allocation": 60_000_000},
        ("requests", "C-032"): {"submitted_on": None},
        ("outcomes", "C-028"): {"outcome": "Presentata"},
        ("outcomes", "C-032"): {"outcome": "In preparazione"},
        ("outcomes", "C-045"): {"outcome": "In istruttoria", "decided_on": None, "act": None},
        ("outcomes", "C-003"): {"amount_disbursed": 3_267_000},
        ("outcomes", "C-006"): {"amount_disbursed": 8_250_000},
        ("outcomes", "C-022"): {"amount_disbursed": 855_000},
    },
    0: {
        ("projects", "NGP-02"): {"state": "In esecuzione"},
        ("projects", "NGP-09"): {"state": "In esecuzione"},
        ("projects", "NGP-21"): {"state": "Sospeso"},
        ("projects", "NGP-03"): {"budget_total": 4_000_000},
        ("calls", "B-22"): {"deadline": "2026-06-15"},
        ("requests", "C-028"): {"submitted_on": None, "amount_requested": 5_500_000},
        ("requests", "C-041"): {"submitted_on": None},
        ("outcomes", "C-028"): {"outcome": "In preparazione"},
        ("outcomes", "C-041"): {"outcome": "In preparazione"},
        ("outcomes", "C-016"): {"outcome": _FIN, "decided_on": "2022-10-18", "amount_granted": 2_500_000,
                                "amount_disbursed": 500_000,
                                "act": "Decreto Dip. Sport n. 74 del 18/10/2022"},
        ("outcomes", "C-003"): {"amount_disbursed": 2_178_000},
        ("outcomes", "C-004"): {"amount_disbursed": 9_000_000},
        ("outcomes", "C-006"): {"amount_disbursed": 6_600_000},
        ("outcomes", "C-008"): {"amount_disbursed": 6_800_000},
        ("outcomes", "C-010"): {"amount_disbursed": 1_440_000},
        ("outcomes", "C-022"): {"amount_disbursed": 570_000},
    },
}


# --- public API ------------------------------------------------------------------------------------------

def demo_versions() -> list[tuple[str, dict[str, pd.DataFrame]]]:
    """(comment, full frames of the six tables) for each demo version, oldest first."""
    current = _current_rows()
    return [(comment, _frames_at(current, i)) for i, (comment, _) in enumerate(_VERSIONS)]


def demo_frames() -> dict[str, pd.DataFrame]:
    """The current (latest) demo version."""
    return demo_versions()[-1][1]


def workbook_bytes(frames: dict[str, pd.DataFrame], created: dt.datetime = _VERSIONS[-1][1]) -> bytes:
    """The Italian workbook of ``frames``; the same frames always give the same bytes."""
    buffer = io.BytesIO()
    output.write_tables(frames, buffer, lang="it", created=created)
    return buffer.getvalue()


def load_demo(store: Store) -> list[int]:
    """Commit every demo version (oldest first) as demo data; returns the new version ids."""
    ids = []
    for (comment, frames), (_, created) in zip(demo_versions(), _VERSIONS, strict=True):
        files = [SourceFile(DEMO_FILE, workbook_bytes(frames, created))]
        ids.append(store.commit(frames, author=DEMO_AUTHOR, comment=comment, kind="demo", demo=True,
                                files=files, created_at=created))
    return ids


_ENSURE_LOCK = threading.Lock()


def ensure_demo(store: Store) -> bool:
    """Load the demo on first start (a store with no version at all); True when it did."""
    with _ENSURE_LOCK:                     # two sessions starting together must not load it twice
        if store.versions():
            return False
        load_demo(store)
        return True


def write_files(data_dir: str | Path) -> tuple[Path, Path]:
    """Write data/ngp_demo.xlsx (current demo version) and data/ngp_template.xlsx; returns both paths."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    demo_path, template_path = data_dir / DEMO_FILE, data_dir / TEMPLATE_FILE
    demo_path.write_bytes(workbook_bytes(demo_frames()))
    buffer = io.BytesIO()
    output.write_template(buffer, created=dt.datetime(2026, 11, 20, 9, 0))
    template_path.write_bytes(buffer.getvalue())
    return demo_path, template_path


# --- building the rows ------------------------------------------------------------------------------------

def _current_rows() -> dict[str, list[dict]]:
    """The latest version as plain rows (column name -> Python value; dates still ISO text)."""
    partners = [dict(zip(("partner_id", "name", "kind", "signatory"), p, strict=True)) for p in _PARTNERS]
    projects, project_partners = [], []
    for (pid, title, code, lead, budget, axis, state, start, end, ready, others, description) in _PROJECTS:
        mission, component, measure = _split_code(code)
        projects.append({
            "project_id": pid, "title": title, "mission": mission, "component": component, "measure": measure,
            "lead_partner": lead, "budget_total": budget, "axis": axis, "state": state, "start_date": start,
            "end_date": end, "shovel_ready": ready, "cup": None, "description": description,
        })
        project_partners.append({"project_id": pid, "partner_id": lead, "role": "capofila"})
        project_partners += [{"project_id": pid, "partner_id": p, "role": "partner"} for p in others]
    # CONFCOOP joined the sport card in November, when it applied for it (see _ADDED_IN).
    project_partners.append({"project_id": "NGP-21", "partner_id": "CONFCOOP", "role": "partner"})
    call_cols = ("call_id", "title", "source", "administration", "measure", "published_on", "deadline",
                 "allocation", "link")
    calls = [dict(zip(call_cols, c, strict=True)) for c in _CALLS]
    req_cols = ("request_id", "project_id", "call_id", "applicant", "submitted_on", "amount_requested",
                "cofinancing")
    requests = [dict(zip(req_cols, r, strict=True)) for r in _REQUESTS]
    applicant = {r["request_id"]: r["applicant"] for r in requests}
    outcomes = []
    for rid, outcome, decided, granted, disbursed, act, cup_year in _OUTCOMES:
        outcomes.append({
            "request_id": rid, "outcome": outcome, "decided_on": decided, "amount_granted": granted,
            "amount_disbursed": disbursed, "act": act,
            "cup": _cup(rid, applicant[rid], cup_year) if cup_year else None,
        })
    return {"partners": partners, "projects": projects, "project_partners": project_partners,
            "calls": calls, "requests": requests, "outcomes": outcomes}


def _frames_at(current: dict[str, list[dict]], index: int) -> dict[str, pd.DataFrame]:
    """The frames of version ``index``: later rows left out, earlier values put back."""
    rows: dict[str, list[dict]] = {}
    for table in TABLES:
        kept = []
        for row in current[table.name]:
            key = _key(table, row)
            added = _ADDED_IN.get((table.name, key))
            if added is None and table.name == "outcomes":
                added = _ADDED_IN.get(("requests", key), 0)
            if (added or 0) > index:
                continue
            row = dict(row)
            for step in sorted(_EARLIER, reverse=True):
                if index <= step:
                    row.update(_EARLIER[step].get((table.name, key), {}))
            kept.append(row)
        kept += [dict(r) for last, name, r in _DROPPED if name == table.name and index <= last]
        rows[table.name] = sorted(kept, key=lambda r, t=table: _key(t, r))
    cup_by_project: dict[str, str] = {}
    requests = {r["request_id"]: r for r in rows["requests"]}
    for outcome in rows["outcomes"]:
        if outcome["cup"]:
            cup_by_project.setdefault(requests[outcome["request_id"]]["project_id"], outcome["cup"])
    for project in rows["projects"]:
        project["cup"] = cup_by_project.get(project["project_id"])
    return {t.name: _frame(t, rows[t.name]) for t in TABLES}


def _frame(table: Table, rows: list[dict]) -> pd.DataFrame:
    """Rows -> the frame ``Store.commit`` expects: floats for amounts, ``date`` objects, object text."""
    data = {}
    for col in table.columns:
        values = [row.get(col.name) for row in rows]
        if col.kind == AMOUNT:
            data[col.name] = pd.Series([np.nan if v is None else float(v) for v in values], dtype="float64")
        elif col.kind == DATE:
            dates = [dt.date.fromisoformat(v) if isinstance(v, str) else v for v in values]
            data[col.name] = pd.Series(dates, dtype=object)
        else:
            data[col.name] = pd.Series(values, dtype=object)
    return pd.DataFrame(data, columns=table.names)


def _key(table: Table, row: dict) -> str:
    return "|".join(str(row[k]) for k in table.key)


def _split_code(code: str) -> tuple[str, str | None, str | None]:
    """'M2C1 I1.2 Linea D' -> ('M2', 'M2C1', 'M2C1 I1.2 Linea D'); 'M2C4' -> ('M2', 'M2C4', None)."""
    match = MEASURE_RE.match(code)
    if not match:
        raise ValueError(f"codice PNRR non valido nei dati dimostrativi: {code}")
    mission = f"M{match.group(1)}"
    component = f"{mission}C{match.group(2)}" if match.group(2) else None
    return mission, component, code if match.group(4) else None


def _cup(request_id: str, applicant: str, year: int) -> str:
    """An illustrative CUP: 15 characters, the financing year at positions 5–6."""
    number = int(request_id.split("-")[1])
    head = f"{'C' if applicant == COMUNE else 'D'}3{number % 10}{'JHEI'[number % 4]}"
    cup = f"{head}{year:02d}{number * 10_007:09d}"
    if not CUP_RE.match(cup):
        raise ValueError(cup)
    return cup

