"""Every interface label in Italian and English, and the number/date formats of each language.

One table (``LABELS``) so that no page or chart carries strings of its own; closed-list values and
column headers come from the schema. Italian is the default: ``1.234.567 €``, ``gg/mm/aaaa``.
"""

from __future__ import annotations

import datetime as dt
import math

from .schema import COMPONENTS, MISSIONS, TABLE_BY_NAME, choice_label

LANGS = ("it", "en")

LABELS: dict[str, tuple[str, str]] = {
    # app and navigation
    "app_title": ("NGP Monitor", "NGP Monitor"),
    "app_subtitle": ("Next Generation Prato · monitoraggio delle schede e dei bandi",
                     "Next Generation Prato · monitoring of project cards and calls"),
    "nav_committee": ("Comitato", "Committee"),
    "nav_data": ("Dati", "Data"),
    "page_overview": ("Panoramica", "Overview"),
    "page_missions": ("Missioni", "Missions"),
    "page_partners": ("Partner", "Partners"),
    "page_budget": ("Budget", "Budget"),
    "page_calls": ("Bandi ed esiti", "Calls and outcomes"),
    "page_project": ("Scheda progetto", "Project card"),
    "page_changes": ("Novità", "What changed"),
    "page_data": ("Dati", "Data"),
    "page_export": ("Esporta", "Export"),
    # sidebar
    "language": ("Lingua", "Language"),
    "meeting_mode": ("Modalità riunione", "Meeting mode"),
    "meeting_help": ("Caratteri grandi e un grafico per schermata, per il proiettore.",
                     "Large type and one chart per screen, for the projector."),
    "filters": ("Filtri", "Filters"),
    "f_mission": ("Missione", "Mission"),
    "f_component": ("Componente", "Component"),
    "f_partner": ("Partner", "Partner"),
    "f_state": ("Stato della scheda", "Card state"),
    "f_call": ("Bando", "Call"),
    "f_outcome": ("Esito", "Outcome"),
    "f_from": ("Presentate dal", "Submitted from"),
    "f_to": ("Presentate al", "Submitted to"),
    "f_reset": ("Azzera i filtri", "Clear filters"),
    "f_active": ("Filtri attivi: {n}", "Active filters: {n}"),
    "f_none": ("Nessun filtro: tutto il portafoglio.", "No filter: the whole portfolio."),
    "f_link": ("Il link della pagina riproduce questa vista.", "The page link reproduces this view."),
    "all": ("Tutti", "All"),
    # banners and states
    "demo_banner": ("**Dati dimostrativi (illustrativi)**: il portafoglio mostrato è un esempio costruito con "
                    "i partner e le misure PNRR reali, non i dati ufficiali delle schede.",
                    "**Illustrative demo data**: this portfolio is an example built with the real partners and "
                    "PNRR measures, not the official figures of the cards."),
    "no_data": ("Non ci sono ancora dati: carica un file nella pagina Dati.",
                "There is no data yet: upload a file on the Data page."),
    "no_match": ("Nessun dato corrisponde ai filtri scelti.", "No data matches the chosen filters."),
    "version_line": ("Dati: versione {n} del {date}, caricata da {author}.",
                     "Data: version {n} of {date}, uploaded by {author}."),
    "version_comment": ("Nota della versione: {comment}", "Version note: {comment}"),
    # KPIs
    "kpi_cards": ("Schede", "Cards"),
    "kpi_budget": ("Budget totale", "Total budget"),
    "kpi_requested": ("Richiesto", "Requested"),
    "kpi_granted": ("Concesso", "Granted"),
    "kpi_disbursed": ("Erogato", "Disbursed"),
    "kpi_rate_count": ("Successo (numero)", "Success (count)"),
    "kpi_rate_amount": ("Successo (importo)", "Success (amount)"),
    "kpi_pending": ("In attesa di esito", "Awaiting outcome"),
    "kpi_eligible": ("Idonee non finanziate", "Eligible, not financed"),
    "kpi_rate_help": ("Finanziate su decise: {fin} su {dec}.", "Financed over decided: {fin} of {dec}."),
    "kpi_rate_amount_help": ("Concesso su richiesto, tra le candidature decise.",
                             "Granted over requested, among decided applications."),
    "kpi_pending_help": ("{n} candidature presentate o in istruttoria, per {amount}.",
                         "{n} applications submitted or under review, for {amount}."),
    "kpi_budget_help": ("{n} schede senza budget indicato non sono sommate.",
                        "{n} cards without a budget are not added up."),
    "kpi_n_requests": ("{n} candidature", "{n} applications"),
    "not_available": ("n.d.", "n/a"),
    # chart titles and axes
    "ch_progress_mission": ("Avanzamento per missione: concesso sul budget",
                            "Progress by mission: granted over budget"),
    "ch_money_mission": ("Budget, richiesto e concesso per missione", "Budget, requested and granted by mission"),
    "ch_money_component": ("Budget, richiesto e concesso per componente",
                           "Budget, requested and granted by component"),
    "ch_outcome_mix": ("Esiti delle candidature", "Application outcomes"),
    "ch_treemap": ("Missione → componente → scheda (budget)", "Mission → component → card (budget)"),
    "ch_partner_money": ("Richiesto e concesso per partner", "Requested and granted by partner"),
    "ch_partner_mission": ("Schede per partner e missione", "Cards by partner and mission"),
    "ch_budget_cards": ("Budget, richiesto e concesso per scheda", "Budget, requested and granted by card"),
    "ch_gap": ("Copertura del budget", "Budget coverage"),
    "ch_calls_timeline": ("Bandi: dalla pubblicazione alla scadenza", "Calls: from publication to deadline"),
    "ch_funnel": ("Dalla presentazione al finanziamento", "From submission to funding"),
    "ch_decisions": ("Decisioni nel tempo", "Decisions over time"),
    "ch_project_timeline": ("Cronologia delle candidature", "Application timeline"),
    "budget": ("Budget", "Budget"),
    "requested": ("Richiesto", "Requested"),
    "granted": ("Concesso", "Granted"),
    "cofinancing": ("Cofinanziamento", "Co-financing"),
    "gap": ("Da coprire", "Still to fund"),
    "coverage": ("Copertura", "Coverage"),
    "euro": ("Euro", "Euro"),
    "n_cards": ("Schede", "Cards"),
    "n_requests": ("Candidature", "Applications"),
    "n_decisions": ("Decisioni", "Decisions"),
    "month": ("Mese", "Month"),
    "today": ("oggi", "today"),
    "submitted_on": ("Presentata", "Submitted"),
    "decided_on": ("Esito", "Decided"),
    "deadline": ("Scadenza", "Deadline"),
    "days_left": ("Giorni", "Days"),
    "no_outcome": ("senza esito", "no outcome"),
    # tables
    "export_xlsx": ("Esporta in Excel", "Export to Excel"),
    "deadlines_title": ("Scadenze dei prossimi 60 giorni", "Deadlines in the next 60 days"),
    "deadlines_none": ("Nessun bando scade nei prossimi 60 giorni.", "No call closes in the next 60 days."),
    "col_call_id": ("ID bando", "Call ID"),
    "col_project_id": ("ID progetto", "Project ID"),
    "col_request_id": ("ID candidatura", "Application ID"),
    "col_title": ("Titolo", "Title"),
    "col_source": ("Fonte", "Source"),
    "col_allocation": ("Dotazione", "Allocation"),
    "col_mission": ("Missione", "Mission"),
    "col_component": ("Componente", "Component"),
    "col_measure": ("Misura", "Measure"),
    "col_state": ("Stato", "State"),
    "col_lead": ("Capofila", "Lead partner"),
    "col_partner": ("Partner", "Partner"),
    "col_applicant": ("Proponente", "Applicant"),
    "col_outcome": ("Esito", "Outcome"),
    "col_call": ("Bando", "Call"),
    "col_project": ("Scheda", "Card"),
    "col_kind": ("Tipo", "Type"),
    "col_signatory": ("Firmatario", "Signatory"),
    "col_led": ("Schede da capofila", "Cards led"),
    "col_joined": ("Schede da partner", "Cards joined"),
    "col_success": ("Tasso di successo", "Success rate"),
    "col_gap": ("Da coprire", "Still to fund"),
}


def t(key: str, lang: str = "it", **values) -> str:
    """The label ``key`` in ``lang``, with ``{placeholders}`` filled."""
    it, en = LABELS[key]
    text = en if lang == "en" else it
    return text.format(**values) if values else text


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value: float | None, lang: str = "it", decimals: int = 0) -> str:
    """``1.234.567,89`` in Italian, ``1,234,567.89`` in English."""
    if _missing(value):
        return t("not_available", lang)
    text = f"{value:,.{decimals}f}"
    if lang == "it":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def fmt_eur(value: float | None, lang: str = "it", decimals: int = 0) -> str:
    """``1.234.567 €`` (Italian) or ``€1,234,567`` (English)."""
    if _missing(value):
        return t("not_available", lang)
    number = fmt_number(value, lang, decimals)
    return f"{number} €" if lang == "it" else f"€{number}"


def fmt_eur_short(value: float | None, lang: str = "it") -> str:
    """Compact amounts for KPI cards: ``18,7 M€`` / ``€18.7M``."""
    if _missing(value):
        return t("not_available", lang)
    for factor, it_unit, en_unit in ((1e9, "Mld €", "bn"), (1e6, "M€", "M"), (1e3, "k€", "k")):
        if abs(value) >= factor:
            number = fmt_number(value / factor, lang, 1)
            return f"{number} {it_unit}" if lang == "it" else f"€{number}{en_unit}"
    return fmt_eur(value, lang)


def fmt_pct(value: float | None, lang: str = "it", decimals: int = 1) -> str:
    """A ratio (0.452) as ``45,2%`` / ``45.2%``."""
    if _missing(value):
        return t("not_available", lang)
    return f"{fmt_number(value * 100, lang, decimals)}%"


def fmt_date(value: dt.date | None, lang: str = "it") -> str:
    """``gg/mm/aaaa`` in both languages (the committee's habit); empty for no date."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value.strftime("%d/%m/%Y")


def mission_label(code: str | None, lang: str = "it", long: bool = False) -> str:
    """``M2`` or, with ``long``, ``M2 · Rivoluzione verde e transizione ecologica``."""
    if not code:
        return t("not_available", lang)
    names = MISSIONS.get(code)
    if not long or names is None:
        return code
    return f"{code} · {names[1] if lang == 'en' else names[0]}"


def component_label(code: str | None, lang: str = "it", long: bool = False) -> str:
    if not code:
        return t("not_available", lang)
    names = COMPONENTS.get(code)
    if not long or names is None:
        return code
    return f"{code} · {names[1] if lang == 'en' else names[0]}"


def value_label(value: str | None, lang: str = "it") -> str:
    """A closed-list value (outcome, state, kind, …) in the interface language."""
    return choice_label(value, lang) or ""


def column_label(table: str, column: str, lang: str = "it") -> str:
    """The header of a schema column, as in the template (Italian) or in English."""
    return TABLE_BY_NAME[table].column(column).label(lang)


# Colours: each mission keeps one colour everywhere; outcomes use a fixed palette.
MISSION_COLORS = {
    "M1": "#1f77b4", "M2": "#2ca02c", "M3": "#8c564b", "M4": "#9467bd", "M5": "#ff7f0e", "M6": "#d62728",
    "M7": "#17becf",
}
OUTCOME_COLORS = {
    "Ammessa e finanziata": "#1a7f37",        # financed: green
    "Finanziata parzialmente": "#57ab5a",
    "Ammessa non finanziata": "#d4a72c",      # not financed (eligible): amber
    "Non ammessa": "#cf222e",                 # rejected: red
    "Revocata": "#a40e26",
    "Ritirata / Rinuncia": "#6e7781",
    "Presentata": "#afb8c1",                  # pending: grey
    "In istruttoria": "#8c959f",
    "In preparazione": "#d0d7de",
}
MONEY_COLORS = {"budget": "#9fb3c8", "requested": "#3b6ea5", "granted": "#1a7f37", "cofinancing": "#d4a72c",
                "gap": "#cf222e"}
