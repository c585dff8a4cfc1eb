"""The one declaration of NGP Monitor's data: tables, columns, types, labels, aliases, closed lists.

The template, the reader, the validation, the DuckDB tables and the export formats are all derived
from the ``TABLES`` declared here, so adding a column is a change in this file alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .kinds import (  # noqa: F401 - the kinds of the columns below (re-exported for the readers)
    AMOUNT,
    BOOL,
    CHOICE,
    CODE,
    COMPONENT,
    CUP_KIND,
    DATE,
    INT,
    KINDS,
    LINK,
    MEASURE,
    MISSION,
    NUMBER,
    PARTNER,
    PCT,
    TAX_CODE,
    TEXT,
)
from .lists import (  # noqa: F401 - the closed lists the columns use (re-exported)
    AXES,
    CHOICE_ALIASES,
    COMPONENTS,
    DECIDED_OUTCOMES,
    MISSIONS,
    OUTCOME_GROUPS,
    OUTCOMES,
    PARTNER_KINDS,
    PROJECT_STATES,
    ROLES,
    SOURCES,
    choice_label,
)

CUP_RE = re.compile(r"^[A-Z][0-9]{2}[A-Z][0-9]{11}$")
MEASURE_RE = re.compile(   # groups: mission, component, I/R prefix, investment number, line letter
    r"^M\s*([1-7])\s*(?:C\s*([1-9])(?:\.[0-9]+)?)?\s*(?:(INVESTIMENTO|INV\.?|I|RIFORMA|R)?\s*"
    r"([0-9]+(?:\s*\.\s*[0-9]+)*))?\s*(?:(?:LINEA|LINE)\s*([A-Z]))?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Column:
    """One column of a sheet/table."""

    name: str                     # English snake_case: database column and English header
    it: str                       # Italian header (the template's)
    en: str                       # English label
    kind: str
    required: bool = False        # the column must be present in an uploaded sheet
    nonempty: bool = False        # every row must have a value
    choices: tuple[tuple[str, str], ...] = ()
    ref: str | None = None        # referenced table name (its key)
    aliases: tuple[str, ...] = ()
    help_it: str = ""             # one line for the template's instructions

    @property
    def sql_type(self) -> str:
        return KINDS[self.kind].sql_type

    def label(self, lang: str = "it") -> str:
        return self.it if lang == "it" else self.en


@dataclass(frozen=True)
class Table:
    """One sheet of the workbook and one table of the store."""

    name: str                      # database table and English sheet/CSV name
    sheet: str                     # Italian sheet name
    en: str                        # English label
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    column_by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_by_name", {c.name: c for c in self.columns})

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return self.column_by_name[name]

    def label(self, lang: str = "it") -> str:
        return self.sheet if lang == "it" else self.en


def _c(name, it, en, kind, **kw) -> Column:
    return Column(name=name, it=it, en=en, kind=kind, **kw)


YES_NO_HELP = "sì / no"

PARTNERS = Table(
    name="partners", sheet="Partner", en="Partners", key=("partner_id",), aliases=("soggetti",),
    columns=(
        _c("partner_id", "ID partner", "Partner ID", CODE, required=True, nonempty=True,
           aliases=("id", "codice partner", "id soggetto"), help_it="Codice breve e unico, es. COMUNE-PO"),
        _c("name", "Nome", "Name", TEXT, required=True, nonempty=True,
           aliases=("denominazione", "ragione sociale", "partner"), help_it="Denominazione completa"),
        _c("kind", "Tipo", "Type", CHOICE, choices=PARTNER_KINDS, aliases=("tipologia", "kind")),
        _c("signatory", "Firmatario protocollo", "Protocol signatory", BOOL,
           aliases=("firmatario", "firmatario del protocollo"), help_it=YES_NO_HELP),
        _c("tax_code", "Codice fiscale", "Tax code", TAX_CODE,
           aliases=("cf", "partita iva", "p.iva", "codice fiscale/p.iva"),
           help_it="Codice fiscale o partita IVA (11 cifre; 16 caratteri per una persona)"),
    ),
)

PROJECTS = Table(
    name="projects", sheet="Progetti", en="Projects", key=("project_id",), aliases=("schede", "scheda"),
    columns=(
        _c("project_id", "ID progetto", "Project ID", CODE, required=True, nonempty=True,
           aliases=("id scheda", "codice progetto", "scheda"), help_it="Codice della scheda, es. NGP-01"),
        _c("title", "Titolo", "Title", TEXT, required=True, nonempty=True,
           aliases=("titolo progetto", "nome progetto", "progetto")),
        _c("mission", "Missione", "Mission", MISSION, required=True, nonempty=True,
           help_it="M1…M7 (basta la missione; componente e misura la precisano)"),
        _c("component", "Componente", "Component", COMPONENT, help_it="es. M5C2"),
        _c("measure", "Misura", "Measure", MEASURE, aliases=("investimento", "submisura"),
           help_it="es. M5C2 I2.1"),
        _c("lead_partner", "Capofila", "Lead partner", PARTNER, required=True, nonempty=True, ref="partners",
           aliases=("soggetto capofila", "lead"), help_it="ID o nome esatto di un partner"),
        _c("budget_total", "Budget totale", "Total budget", AMOUNT, required=True,
           aliases=("budget", "costo totale", "importo totale"), help_it="Euro; vuoto se non noto"),
        _c("axis", "Asse", "Axis", CHOICE, choices=AXES, aliases=("transizione",)),
        _c("state", "Stato", "State", CHOICE, choices=PROJECT_STATES, aliases=("stato progetto",)),
        _c("start_date", "Data inizio", "Start date", DATE, help_it="gg/mm/aaaa"),
        _c("end_date", "Data fine", "End date", DATE, help_it="gg/mm/aaaa"),
        _c("shovel_ready", "Cantierabile", "Shovel-ready", BOOL, help_it=YES_NO_HELP),
        _c("cup", "CUP", "CUP", CUP_KIND, aliases=("codice cup",), help_it="15 caratteri, se già assegnato"),
        _c("description", "Descrizione", "Description", TEXT, aliases=("note",)),
    ),
)

PROJECT_PARTNERS = Table(
    name="project_partners", sheet="Partner progetto", en="Project partners",
    key=("project_id", "partner_id"), aliases=("partner progetti", "partenariato"),
    columns=(
        _c("project_id", "ID progetto", "Project ID", CODE, required=True, nonempty=True, ref="projects",
           aliases=("scheda",)),
        _c("partner_id", "ID partner", "Partner ID", PARTNER, required=True, nonempty=True, ref="partners",
           aliases=("partner",), help_it="ID o nome esatto di un partner"),
        _c("role", "Ruolo", "Role", CHOICE, choices=ROLES),
    ),
)

CALLS = Table(
    name="calls", sheet="Bandi", en="Calls", key=("call_id",), aliases=("avvisi", "bando"),
    columns=(
        _c("call_id", "ID bando", "Call ID", CODE, required=True, nonempty=True,
           aliases=("codice bando", "id avviso"), help_it="Codice breve e unico, es. B-M5C2-21"),
        _c("title", "Titolo", "Title", TEXT, required=True, nonempty=True,
           aliases=("titolo bando", "avviso")),
        _c("source", "Fonte", "Source", CHOICE, choices=SOURCES, aliases=("fonte di finanziamento", "fondo")),
        _c("administration", "Amministrazione", "Administration", TEXT,
           aliases=("amministrazione titolare", "ente erogatore", "ministero")),
        _c("measure", "Misura", "Measure", MEASURE, help_it="per i bandi PNRR, es. M2C1 I1.2"),
        _c("published_on", "Data pubblicazione", "Publication date", DATE, aliases=("pubblicazione",)),
        _c("deadline", "Scadenza", "Deadline", DATE, aliases=("data scadenza", "termine")),
        _c("allocation", "Dotazione", "Allocation", AMOUNT, required=True,
           aliases=("dotazione finanziaria", "stanziamento", "budget bando")),
        _c("link", "Link", "Link", TEXT, aliases=("url", "sito")),
    ),
)

REQUESTS = Table(
    name="requests", sheet="Candidature", en="Applications", key=("request_id",),
    aliases=("domande", "richieste", "candidatura", "applications"),
    columns=(
        _c("request_id", "ID candidatura", "Application ID", CODE, required=True, nonempty=True,
           aliases=("codice candidatura", "id domanda", "application_id"), help_it="es. C-001"),
        _c("project_id", "ID progetto", "Project ID", CODE, required=True, nonempty=True, ref="projects",
           aliases=("scheda",)),
        _c("call_id", "ID bando", "Call ID", CODE, required=True, nonempty=True, ref="calls",
           aliases=("bando",)),
        _c("applicant", "Proponente", "Applicant", PARTNER, required=True, nonempty=True, ref="partners",
           aliases=("soggetto proponente", "richiedente"), help_it="ID o nome esatto di un partner"),
        _c("submitted_on", "Data presentazione", "Submission date", DATE,
           aliases=("data candidatura", "data invio")),
        _c("amount_requested", "Importo richiesto", "Amount requested", AMOUNT, required=True,
           aliases=("richiesto", "contributo richiesto", "finanziamento richiesto")),
        _c("cofinancing", "Cofinanziamento", "Co-financing", AMOUNT, required=True,
           aliases=("quota cofinanziamento", "cofinanziamento comunale"), help_it="Euro; vuoto se nessuno"),
    ),
)

OUTCOMES_TABLE = Table(
    name="outcomes", sheet="Esiti", en="Outcomes", key=("request_id",), aliases=("esito",),
    columns=(
        _c("request_id", "ID candidatura", "Application ID", CODE, required=True, nonempty=True,
           ref="requests", aliases=("codice candidatura", "application_id")),
        _c("outcome", "Esito", "Outcome", CHOICE, required=True, nonempty=True, choices=OUTCOMES,
           aliases=("stato candidatura", "esito candidatura")),
        _c("decided_on", "Data esito", "Decision date", DATE, aliases=("data decreto", "data decisione")),
        _c("amount_granted", "Importo concesso", "Amount granted", AMOUNT, required=True,
           aliases=("concesso", "finanziamento concesso", "contributo concesso")),
        _c("amount_disbursed", "Importo erogato", "Amount disbursed", AMOUNT,
           aliases=("erogato", "liquidato")),
        _c("act", "Atto", "Act", TEXT, aliases=("decreto", "riferimento atto")),
        _c("cup", "CUP", "CUP", CUP_KIND, aliases=("codice cup",)),
    ),
)

# Sheets our own workbooks add beside the tables (template, export): skipped silently on upload.
INSTRUCTIONS_SHEET = "Istruzioni"
LISTS_SHEET = "Liste"
FILTERS_SHEET = "Filtri"
AUXILIARY_SHEETS = (INSTRUCTIONS_SHEET, LISTS_SHEET, FILTERS_SHEET, "Instructions", "Lists", "Filters",
                    "Riepilogo missioni", "Riepilogo partner", "Missions summary", "Partners summary")

# Rows of one Excel sheet, header included: the most a workbook we read may declare, the most we write;
# and the characters one cell holds.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_TEXT = 32_767
# Characters no workbook cell may hold: XML 1.0 (so Excel) refuses C0 controls but tab/LF/CR, lone
# surrogates, U+FFFE/U+FFFF.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Invisible characters that change how text looks, never what it says: the bidi controls (U+202E turns
# "\u202egnp.xlsx" into "xslx.png" on screen), zero-width spaces and joiners, the word joiner and a BOM
# inside the text. Stripped from every text value and file name at import.
INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
INVISIBLE_CHARS = re.compile(f"[{INVISIBLE}]")

# Order matters: a table only references tables before it.
TABLES: tuple[Table, ...] = (PARTNERS, PROJECTS, PROJECT_PARTNERS, CALLS, REQUESTS, OUTCOMES_TABLE)
TABLE_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


# --- columns the queries compute (never in an uploaded sheet) ---------------------------------------
# Declared like the tables' columns, so a page shows them by name: header and kind come from here.
DERIVED: tuple[Column, ...] = (
    _c("n_cards", "Schede", "Cards", INT),
    _c("n_requests", "Candidature", "Applications", INT),
    _c("n_decided", "Decise", "Decided", INT),
    _c("n_financed", "Finanziate", "Financed", INT),
    _c("n_led", "Schede da capofila", "Cards led", INT),
    _c("n_joined", "Schede da partner", "Cards joined", INT),
    _c("success_rate", "Tasso di successo", "Success rate", PCT),
    _c("budget", "Budget", "Budget", AMOUNT),
    _c("requested", "Richiesto", "Requested", AMOUNT),
    _c("granted", "Concesso", "Granted", AMOUNT),
    _c("funding_gap", "Da coprire", "Still to fund", AMOUNT),
    _c("disbursed", "Erogato", "Disbursed", AMOUNT),
    # the follow-up (analytics.followup): money through its stages, official targets
    _c("to_disburse", "Da erogare", "Still to disburse", AMOUNT),
    _c("paid_share", "Quota erogata", "Share disbursed", PCT),
    _c("target_status", "Esito del target", "Target status", TEXT),
    _c("due_month", "Scadenza (mese)", "Due (month)", TEXT),
    _c("n_targets", "Target", "Targets", INT),
    _c("n_met", "Raggiunti", "Met", INT),
    _c("n_not_met", "Non raggiunti", "Not met", INT),
    _c("n_in_progress", "In corso", "In progress", INT),
    _c("n_not_reported", "Non rilevati", "Not reported", INT),
    # the Riscontro ufficiale (analytics.official): links, flags, official figures beside ours
    _c("card_link", "Scheda", "Card", LINK),
    _c("cup_link", "CUP (OpenCUP)", "CUP (OpenCUP)", LINK),
    _c("cups", "CUP", "CUPs", TEXT),
    _c("flag_label", "Segnalazione", "Flag", TEXT),
    _c("flag_reason", "Perché", "Why", TEXT),
    _c("official_title", "Titolo ufficiale", "Official title", TEXT),
    _c("official_financing", "Finanziamento PNRR ufficiale", "Official PNRR financing", AMOUNT),
    _c("official_paid", "Pagato PNRR ufficiale", "Official PNRR paid", AMOUNT),
    _c("official_state", "Stato ufficiale", "Official state", TEXT),
    _c("official_end", "Fine prevista (ufficiale)", "Planned end (official)", DATE),
    _c("n_cups", "Progetti (CUP)", "Projects (CUP)", INT),
    _c("n_cups_linked", "Collegati a una scheda", "Linked to a card", INT),
    _c("share_linked", "Quota collegata alle schede", "Share linked to cards", PCT),
    _c("share_paid", "Quota pagata", "Share paid", PCT),
    _c("score", "Punteggio", "Score", NUMBER),
    _c("reasons", "Perché", "Why", TEXT),
    # Da seguire (analytics.attention) and Prossimi fondi (analytics.funds)
    _c("attention_reason", "Motivo", "Reason", TEXT),
    _c("attention_source", "Fonte del dato", "Data source", TEXT),
    _c("attention_amount", "Importo in gioco", "Amount at stake", AMOUNT),
    _c("attention_since", "Dal", "Since", DATE),
    _c("attention_why", "Perché", "Why", TEXT),
    _c("call_status", "Stato del bando", "Call status", TEXT),
    _c("n_candidates", "Schede candidabili", "Candidate cards", INT),
    _c("candidate_cards", "Quali schede", "Which cards", TEXT),
    _c("match_reason", "Perché candidabile", "Why a candidate", TEXT),
    _c("n_pending", "In attesa di esito", "Awaiting outcome", INT),
    _c("days_left", "Giorni", "Days", INT),
    _c("mission_name", "Missione", "Mission", TEXT),
    _c("project_title", "Titolo della scheda", "Card title", TEXT),
    _c("call_title", "Titolo del bando", "Call title", TEXT),
    _c("applicant_name", "Proponente", "Applicant", TEXT),
    _c("lead_partner_name", "Capofila", "Lead partner", TEXT),
    _c("effective_outcome", "Esito", "Outcome", CHOICE, choices=OUTCOMES),
    _c("card", "Scheda", "Card", TEXT),          # "NGP-05 · title": which card a row is about
)
DERIVED_BY_NAME: dict[str, Column] = {c.name: c for c in DERIVED}


def _shared_columns() -> dict[str, Column]:
    """Name -> column, for the names whose every table column has the same header (``title``, ``cup``)."""
    found: dict[str, list[Column]] = {}
    for table in TABLES:
        for col in table.columns:
            found.setdefault(col.name, []).append(col)
    clash = DERIVED_BY_NAME.keys() & found.keys()
    if clash:
        raise ValueError(f"derived columns named like a table column: {sorted(clash)}")
    return {name: cols[0] for name, cols in found.items() if len({(c.it, c.en) for c in cols}) == 1}


_SHARED = _shared_columns()


def column(name: str, table: str | None = None) -> Column:
    """The declaration of column ``name``: of ``table`` when given, else a derived column, else the one
    meaning the tables give that name (``project_id`` is "ID progetto" in every table that has it)."""
    if table is not None:
        return TABLE_BY_NAME[table].column(name)
    found = DERIVED_BY_NAME.get(name) or _SHARED.get(name)
    if found is None:
        raise KeyError(f"no column {name!r}: declare it in schema.DERIVED, or name its table")
    return found


# --- normalisation helpers shared by reader, validation and lookups ------------------------------

def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form used to match headers, sheet names and choices."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("€", " ")
    text = re.sub(r"\((eur|euro)?\s*\)", " ", text)
    text = re.sub(r"[\s_/\-.:]+", " ", text)
    return text.strip()


def header_lookup(table: Table) -> dict[str, str]:
    """Folded header spelling -> column name (Italian, English name, English label, aliases)."""
    out: dict[str, str] = {}
    for col in table.columns:
        for spelling in (col.it, col.name, col.en, *col.aliases):
            out.setdefault(fold(spelling), col.name)
    return out


def sheet_lookup() -> dict[str, str]:
    """Folded sheet (or CSV file stem) spelling -> table name."""
    out: dict[str, str] = {}
    for table in TABLES:
        for spelling in (table.sheet, table.name, table.en, *table.aliases):
            out.setdefault(fold(spelling), table.name)
    return out


def choice_lookup(choices: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Folded spelling (Italian, English or alias) -> stored Italian value."""
    stored = {it for it, _ in choices}
    out: dict[str, str] = {}
    for it, en in choices:
        out[fold(it)] = it
        out.setdefault(fold(en), it)
    for alias, value in CHOICE_ALIASES.items():
        if value in stored:
            out.setdefault(fold(alias), value)
    return out
