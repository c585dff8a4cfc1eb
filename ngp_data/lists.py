"""The closed lists of NGP Monitor, declared once: missions, components, partner types, roles, axes,
card states, outcomes and funding sources, each value with its English label; the aliases people type;
how the analytics group the outcomes.
"""

from __future__ import annotations

# --- closed lists --------------------------------------------------------------------------------
# Each entry is (Italian value stored in the database, English label). Input accepts either,
# ignoring case, accents and spacing, plus the aliases listed in CHOICE_ALIASES.

MISSIONS: dict[str, tuple[str, str]] = {
    "M1": ("Digitalizzazione, innovazione, competitività, cultura e turismo",
           "Digitalisation, innovation, competitiveness, culture and tourism"),
    "M2": ("Rivoluzione verde e transizione ecologica", "Green revolution and ecological transition"),
    "M3": ("Infrastrutture per una mobilità sostenibile", "Infrastructure for sustainable mobility"),
    "M4": ("Istruzione e ricerca", "Education and research"),
    "M5": ("Inclusione e coesione", "Inclusion and cohesion"),
    "M6": ("Salute", "Health"),
    "M7": ("REPowerEU", "REPowerEU"),
}

COMPONENTS: dict[str, tuple[str, str]] = {
    "M1C1": ("Digitalizzazione, innovazione e sicurezza nella PA",
             "Digitalisation, innovation and security in the PA"),
    "M1C2": ("Digitalizzazione, innovazione e competitività nel sistema produttivo",
             "Digitalisation, innovation and competitiveness in the production system"),
    "M1C3": ("Turismo e cultura 4.0", "Tourism and culture 4.0"),
    "M2C1": ("Economia circolare e agricoltura sostenibile", "Circular economy and sustainable agriculture"),
    "M2C2": ("Energia rinnovabile, idrogeno, rete e mobilità sostenibile",
             "Renewable energy, hydrogen, grid and sustainable mobility"),
    "M2C3": ("Efficienza energetica e riqualificazione degli edifici",
             "Energy efficiency and building renovation"),
    "M2C4": ("Tutela del territorio e della risorsa idrica", "Land and water resources protection"),
    "M3C1": ("Investimenti sulla rete ferroviaria", "Investments in the railway network"),
    "M3C2": ("Intermodalità e logistica integrata", "Intermodality and integrated logistics"),
    "M4C1": ("Potenziamento dell'offerta dei servizi di istruzione: dagli asili nido alle università",
             "Strengthening education services: from nurseries to universities"),
    "M4C2": ("Dalla ricerca all'impresa", "From research to business"),
    "M5C1": ("Politiche per il lavoro", "Labour policies"),
    "M5C2": ("Infrastrutture sociali, famiglie, comunità e terzo settore",
             "Social infrastructure, families, communities and third sector"),
    "M5C3": ("Interventi speciali per la coesione territoriale", "Special interventions for territorial cohesion"),
    "M6C1": ("Reti di prossimità, strutture e telemedicina per l'assistenza sanitaria territoriale",
             "Proximity networks, facilities and telemedicine for community healthcare"),
    "M6C2": ("Innovazione, ricerca e digitalizzazione del servizio sanitario nazionale",
             "Innovation, research and digitalisation of the national health service"),
}

PARTNER_KINDS = (
    ("ente pubblico", "public body"),
    ("università", "university"),
    ("associazione di categoria", "business association"),
    ("sindacato", "trade union"),
    ("impresa", "company"),
    ("altro", "other"),
)
# A partner's role in a project; code refers to the two by these names.
LEAD_ROLE, PARTNER_ROLE = "capofila", "partner"
ROLES = ((LEAD_ROLE, "lead"), (PARTNER_ROLE, "partner"))
AXES = (("ecologica", "ecological"), ("digitale", "digital"), ("circolare", "circular"))
PROJECT_STATES = (
    ("Scheda (idea)", "Card (idea)"),
    ("Non avviato", "Not started"),
    ("In progettazione", "In design"),
    ("In affidamento", "In procurement"),
    ("In esecuzione", "In progress"),
    ("Concluso", "Completed"),
    ("Rendicontato", "Reported"),
    ("Sospeso", "Suspended"),
    ("Revocato", "Revoked"),
)
# An application's outcomes, by name, so that code never spells one out.
PREPARING = "In preparazione"            # also the effective outcome of one neither decided nor submitted
SUBMITTED = "Presentata"                 # ... and of one submitted with no outcome row
UNDER_REVIEW = "In istruttoria"
FINANCED = "Ammessa e finanziata"
PARTIALLY_FINANCED = "Finanziata parzialmente"
ELIGIBLE_NOT_FINANCED = "Ammessa non finanziata"
NOT_ADMITTED = "Non ammessa"
WITHDRAWN = "Ritirata / Rinuncia"
REVOKED = "Revocata"
OUTCOMES = (
    (PREPARING, "In preparation"),
    (SUBMITTED, "Submitted"),
    (UNDER_REVIEW, "Under review"),
    (FINANCED, "Admitted and financed"),
    (PARTIALLY_FINANCED, "Partially financed"),
    (ELIGIBLE_NOT_FINANCED, "Eligible, not financed"),
    (NOT_ADMITTED, "Not admitted"),
    (WITHDRAWN, "Withdrawn"),
    (REVOKED, "Revoked"),
)
SOURCES = (
    ("PNRR", "PNRR"), ("PNC", "PNC"), ("REPowerEU", "REPowerEU"), ("FESR", "ERDF"),
    ("FSE+", "ESF+"), ("FSC", "FSC"), ("Regione", "Region"), ("altro", "other"),
)

# How the analytics group the outcomes. An application with no outcome row counts as pending.
OUTCOME_GROUPS: dict[str, tuple[str, ...]] = {
    "financed": (FINANCED, PARTIALLY_FINANCED),
    "pending": (SUBMITTED, UNDER_REVIEW),
    "eligible_not_financed": (ELIGIBLE_NOT_FINANCED,),
    "rejected": (NOT_ADMITTED,),
    "withdrawn": (WITHDRAWN, REVOKED),
    "preparing": (PREPARING,),
}
# Decided = the call's administration has answered (used for success rates).
DECIDED_OUTCOMES = (OUTCOME_GROUPS["financed"] + OUTCOME_GROUPS["eligible_not_financed"]
                    + OUTCOME_GROUPS["rejected"] + (REVOKED,))

# Extra spellings people use for closed-list values (normalised form -> stored value).
CHOICE_ALIASES: dict[str, str] = {
    "finanziata": FINANCED,
    "ammessa finanziata": FINANCED,
    "ritirata": WITHDRAWN,
    "rinuncia": WITHDRAWN,
    "ritirata rinuncia": WITHDRAWN,
    "idonea non finanziata": ELIGIBLE_NOT_FINANCED,
    "scheda": "Scheda (idea)",
    "idea": "Scheda (idea)",
    "universita": "università",
    "ente": "ente pubblico",
    "associazione": "associazione di categoria",
    "lead partner": LEAD_ROLE,
    "fse": "FSE+",
    "regionale": "Regione",
}


CHOICE_LABELS: dict[str, str] = {   # stored Italian value -> English label, every closed list
    it: en for lst in (PARTNER_KINDS, ROLES, AXES, PROJECT_STATES, OUTCOMES, SOURCES) for it, en in lst
}


def choice_label(value: str | None, lang: str = "it") -> str | None:
    """The English label of a stored closed-list value (or the value itself in Italian)."""
    if value is None or lang == "it":
        return value
    return CHOICE_LABELS.get(value, value)

