"""The state's own record, declared once: the official open-data files NGP Monitor reads and the
tables their rows are kept in.

Each :class:`~ngp_data.schema.Table` here is one official file (Italia Domani's ``PNRR_*.csv`` and
PA digitale 2026's ``candidature_*.csv``) and one store table. A column's ``it`` is the header the
portal writes in the current release; ``aliases`` are the spellings of older releases (matched the
way workbook headers are: ``schema.fold`` ignores case, accents and spacing). ``required`` columns
are the ones a file is recognised by: a file missing one is refused with the missing names.

The rows of every official file are kept per *snapshot* (``snapshot_id``), independent of the
committee's own versions: a snapshot is one official import, dated, never overwritten.
"""

from __future__ import annotations

from .kinds import AMOUNT, CODE, CUP_KIND, DATE, INT, NUMBER, PCT, TEXT
from .schema import Column, Table

ITALIA_DOMANI = "italia_domani"
PA_DIGITALE = "pa_digitale"

ATTRIBUTION = {
    ITALIA_DOMANI: {
        "it": "Fonte: Italia Domani – Presidenza del Consiglio dei Ministri / MEF-RGS, dati ReGiS, "
              "licenza CC BY 4.0",
        "en": "Source: Italia Domani – Presidency of the Council of Ministers / MEF-RGS, ReGiS data, "
              "licence CC BY 4.0",
    },
    PA_DIGITALE: {
        "it": "Fonte: Dipartimento per la trasformazione digitale, PA digitale 2026, licenza CC BY 4.0",
        "en": "Source: Department for Digital Transformation, PA digitale 2026, licence CC BY 4.0",
    },
}

# A CUP's public page. OpenCUP (Presidenza del Consiglio, DIPE) is the registry of the CUP itself and
# addresses its pages by CUP; OpenCoesione's project pages are keyed by its own project code instead.
PUBLIC_PAGE = "https://www.opencup.gov.it/portale/web/opencup/home/progetto/-/cup/{cup}"
DEFAULT_COMUNE = "100005"          # ISTAT code of the Comune di Prato (province 100, comune 005)
PLACEHOLDERS = ("N/A", "N/A2", "N/D", "00/01/1900")   # the portal's ways of writing "empty"


def _c(name, it, en, kind, *aliases, required=False) -> Column:
    return Column(name=name, it=it, en=en, kind=kind, required=required, aliases=tuple(aliases))


def _cup(required=True) -> Column:
    return _c("cup", "CUP", "CUP", CUP_KIND, "codice cup", required=required)


def _local(required=False) -> Column:
    return _c("local_code", "Codice Locale Progetto", "Local project code", CODE, required=required)


def _submeasure(required=False) -> Column:
    return _c("submeasure", "Codice Univoco Submisura", "Sub-measure code", CODE, required=required)


_SUBMEASURE_DESC = _c("submeasure_desc", "Descrizione Submisura", "Sub-measure", TEXT)
_EXTRACTED = _c("extracted_on", "Data di Estrazione", "Extraction date", DATE,
                "data aggiornamento", "data di aggiornamento")

PROJECTS = Table(
    name="official_projects", sheet="PNRR_Progetti", en="Projects", key=("cup", "local_code", "submeasure"),
    columns=(
        _cup(), _local(required=True), _submeasure(required=True), _SUBMEASURE_DESC,
        _c("mission", "Missione", "Mission", CODE, required=True),
        _c("component", "Componente", "Component", CODE),
        _c("measure_code", "Codice Univoco Misura", "Measure code", CODE),
        _c("measure_desc", "Descrizione Misura", "Measure", TEXT),
        _c("owner_admin", "Amministrazione Titolare", "Owning administration", TEXT),
        _c("procedure_title", "Titolo Procedura", "Procedure", TEXT),
        _c("title", "Titolo Progetto", "Project title", TEXT, required=True),
        _c("summary", "Sintesi Progetto", "Summary", TEXT),
        _c("cup_state", "Stato CUP", "CUP state", TEXT),
        _c("progress_state", "Stato Avanzamento Progetto", "Progress", TEXT),
        _c("implementer", "Soggetto Attuatore", "Implementing body", TEXT, required=True),
        _c("implementer_tax_code", "Codice Fiscale Soggetto Attuatore", "Implementer tax code", CODE,
           required=True),
        _c("financing_pnrr", "Finanziamento PNRR", "PNRR financing", AMOUNT, required=True),
        _c("financing_pnc", "Finanziamento PNC", "PNC financing", AMOUNT),
        _c("financing_total", "Finanziamento Totale", "Total financing", AMOUNT, required=True),
        _c("start_planned", "Data Inizio Progetto Prevista", "Planned start", DATE),
        _c("start_actual", "Data Inizio Progetto Effettiva", "Actual start", DATE),
        _c("end_planned", "Data Fine Progetto Prevista", "Planned end", DATE),
        _c("end_actual", "Data Fine Progetto Effettiva", "Actual end", DATE),
        _c("phase", "Descrizione Fase Iter di Progetto", "Phase", TEXT),
        _c("phase_state", "Stato Fase Iter di Progetto", "Phase state", TEXT),
        _EXTRACTED,
    ),
)

LOCATIONS = Table(
    name="official_locations", sheet="PNRR_Localizzazione", en="Locations",
    key=("cup", "local_code", "submeasure", "comune_code", "address"),
    columns=(
        _cup(), _local(required=True), _submeasure(),
        _c("region_code", "Regione", "Region code", CODE, required=True),
        _c("region", "Descrizione Regione", "Region", TEXT),
        _c("province_code", "Provincia", "Province code", CODE, required=True),
        _c("province", "Descrizione Provincia", "Province", TEXT),
        # The ISTAT code (province 3 digits + comune 3 digits, zeros restored): "100005" for Prato.
        _c("comune_code", "Comune", "Municipality code", CODE, required=True),
        _c("comune", "Descrizione Comune", "Municipality", TEXT),
        _c("address", "Indirizzo", "Address", TEXT),
        _c("postcode", "CAP", "Postcode", CODE),
        _c("share", "Percentuale di Localizzazione", "Share of the project", PCT),
        _EXTRACTED,
    ),
)

PAYMENTS = Table(
    name="official_payments", sheet="PNRR_Pagamenti_di_Progetto", en="Payments",
    key=("cup", "local_code", "submeasure"),
    columns=(
        _cup(), _local(required=True), _submeasure(),
        _c("financing_total", "Finanziamento Totale", "Total financing", AMOUNT),
        _c("financing_pnrr", "Finanziamento PNRR", "PNRR financing", AMOUNT),
        _c("paid_total", "Pagamento Totale", "Total paid", AMOUNT, "pagamenti totali", required=True),
        _c("paid_pnrr", "Pagamento PNRR", "PNRR paid", AMOUNT, "pagamenti totali pnrr", required=True),
        _c("paid_pnc", "Pagamento PNC", "PNC paid", AMOUNT, "pagamenti totali pnc"),
        _EXTRACTED,
    ),
)

TARGETS = Table(
    name="official_targets", sheet="PNRR_Indicatori_Target", en="Target indicators",
    key=("cup", "local_code", "submeasure", "indicator_code"),
    columns=(
        _cup(), _local(required=True), _submeasure(), _SUBMEASURE_DESC,
        _c("indicator_code", "Codice Indicatore", "Indicator code", CODE, required=True),
        _c("indicator", "Descrizione Indicatore", "Indicator", TEXT),
        _c("unit", "Descrizione Unità di Misura", "Unit", TEXT),
        _c("indicator_type", "Descrizione Tipo indicatore", "Indicator type", TEXT),
        _c("achieved", "Valore Realizzato", "Achieved", NUMBER, required=True),
        _c("planned", "Valore Programmato", "Planned", NUMBER, required=True),
        _c("month", "Mese", "Month", INT),        # 1..12 (the file writes Italian month names)
        _c("year", "Anno", "Year", INT),
        _EXTRACTED,
    ),
)

TENDERS = Table(
    name="official_tenders", sheet="PNRR_Gare", en="Tenders", key=("cup", "local_code", "cig"),
    columns=(
        _cup(), _local(), _submeasure(),
        _c("cig", "CIG", "CIG", CODE, required=True),
        _c("procedure", "Descrizione Procedura di Aggiudicazione", "Award procedure", TEXT),
        _c("subject", "Oggetto Gara", "Tender subject", TEXT),
        _c("published_on", "Data Pubblicazione del CIG", "CIG published on", DATE),
        _c("tender_amount", "Importo Complessivo Gara", "Tender amount", AMOUNT, required=True),
        _c("award_amount", "Importo Aggiudicazione", "Award amount", AMOUNT),
        _c("awarded_on", "Data Aggiudicazione Definitiva", "Awarded on", DATE),
        _EXTRACTED,
    ),
)

WINNERS = Table(
    name="official_winners", sheet="PNRR_Aggiudicatari_Gare", en="Tender winners",
    key=("cup", "local_code", "cig", "tax_code"),
    columns=(
        _cup(), _local(), _submeasure(),
        _c("cig", "CIG", "CIG", CODE, required=True),
        _c("tax_code", "Codice Fiscale/P.IVA", "Tax code / VAT no.", CODE,
           "codice fiscale p iva aggiudicatario", required=True),
        _c("name", "Denominazione Aggiudicatario", "Winner", TEXT, required=True),
        _c("role", "Descrizione Ruolo Soggetto", "Role", TEXT),
        _EXTRACTED,
    ),
)

SUBJECTS = Table(
    name="official_subjects", sheet="PNRR_Soggetti", en="Bodies", key=("cup", "local_code", "role", "tax_code"),
    columns=(
        _cup(), _local(),
        _c("role", "Ruolo Soggetto", "Role code", CODE, required=True),
        _c("role_desc", "Descrizione del Ruolo del Soggetto", "Role", TEXT),
        _c("tax_code", "Codice Fiscale Soggetto", "Tax code", CODE, required=True),
        _c("name", "Denominazione", "Name", TEXT, required=True),
        _EXTRACTED,
    ),
)

PA_DIGITALE_APPLICATIONS = Table(
    name="official_padigitale", sheet="candidature", en="PA digitale 2026 applications",
    key=("cup", "call", "ipa_code"),
    columns=(
        _c("cup", "codice_cup", "CUP", CUP_KIND, required=True),
        _c("ipa_code", "codice_ipa", "IPA code", CODE, required=True),
        _c("body", "ente", "Body", TEXT),
        _c("comune_code", "cod_comune", "Municipality code", CODE, required=True),
        _c("amount", "importo_finanziamento", "Amount financed", AMOUNT, required=True),
        _c("call", "avviso", "Call", TEXT, required=True),
        _c("measure", "misura", "Measure", TEXT),
        _c("sent_on", "data_invio_candidatura", "Sent on", DATE),
        _c("financed_on", "data_finanziamento", "Financed on", DATE),
        _c("state", "stato_candidatura", "State", CODE, required=True),   # A, R, E (see lists)
        _c("state_on", "data_stato_candidatura", "State since", DATE),
    ),
)

OFFICIAL_TABLES: tuple[Table, ...] = (PROJECTS, LOCATIONS, PAYMENTS, TARGETS, TENDERS, WINNERS, SUBJECTS,
                                      PA_DIGITALE_APPLICATIONS)
OFFICIAL_BY_NAME: dict[str, Table] = {t.name: t for t in OFFICIAL_TABLES}
SOURCE_OF = {t.name: (PA_DIGITALE if t is PA_DIGITALE_APPLICATIONS else ITALIA_DOMANI) for t in OFFICIAL_TABLES}

# PA digitale 2026's "stato_candidatura" codes.
PA_DIGITALE_STATES = {
    "A": ("finanziamento assegnato", "financing assigned"),
    "R": ("decretata la rinuncia", "withdrawal decreed"),
    "E": ("erogato dopo l'asseverazione", "paid after certification"),
}
