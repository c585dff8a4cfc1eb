"""The demo portfolio's partners, project cards and calls, as plain tuples (columns above each one).

Real partners, real PNRR codes and the cards known from the press (DOMAIN.md); titles, amounts,
dates and links are illustrative. These are the rows of the latest demo version.
"""

from __future__ import annotations

COMUNE = "COMUNE-PO"

# --- partners: (partner_id, name, kind, signatory) ------------------------------------------------
PARTNERS = (
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

# Real tax codes, as the official record writes them (Soggetto Attuatore): they link a partner to its projects.
TAX_CODES = {COMUNE: "00337360978"}

# --- project cards -----------------------------------------------------------------------------------
# (id, title, PNRR code, lead, budget, axis, state, start, end, shovel-ready, partners, description).
# The code is a measure ("M5C2 I2.1"), a component ("M2C4") or a mission ("M2"). The CUP is taken
# from the card's first financed application.
PROJECTS = (
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
     800_000, "digitale", "Rendicontato", "2022-12-01", "2025-09-30", False, ("PIN",),
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
CALLS = (
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
