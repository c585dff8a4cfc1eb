"""Labels of "Da seguire" (analytics.attention: each reason's name and sentence, keyed by its stable code)
and of "Prossimi fondi" (analytics.funds: the calls open or opening, by source, and the cards that could apply)."""

from __future__ import annotations

from ._plural import Label, plural

LABELS: dict[str, Label] = {
    # the reasons (analytics.attention.REASONS), most severe first
    "att_end_passed": ("Fine prevista superata", "Planned end passed"),
    "att_targets_behind": ("Target in ritardo", "Targets behind"),
    "att_little_paid": ("Concesso ma poco pagato", "Granted, little paid"),
    "att_amount_differs": ("Importo diverso dai dati ufficiali", "Amount differs from the official record"),
    "att_pending_long": ("In attesa di esito da troppo", "Waiting too long for an outcome"),
    "att_scorrimento": ("Possibile scorrimento", "Possible ranking slide"),
    # their sentences
    "att_end_passed_why": (
        "Secondo i dati ufficiali il progetto doveva finire il {date} ({days} giorni fa), ma non risulta una data "
        "di fine effettiva e la scheda è «{state}».",
        "According to the official record the project was to end on {date} ({days} days ago), but no actual end "
        "date is recorded and the card is \u201c{state}\u201d."),
    "att_no_state": ("senza stato", "without state"),
    "att_targets_behind_why": ("{n} in ritardo nei dati ufficiali (realizzato sotto il programmato, scadenza "
                               "passata): {items}.",
                               "{n} behind in the official record (achieved below planned, due date passed): "
                               "{items}."),
    "att_n_targets": plural(("{n} indicatore target", "{n} indicatori target"),
                            ("{n} target indicator", "{n} target indicators")),
    "att_target_item": ("{indicator} (CUP {cup}): {achieved} su {planned}{unit}, entro {due}",
                        "{indicator} (CUP {cup}): {achieved} of {planned}{unit}, due {due}"),
    "att_little_paid_why": (
        "Concesso {granted} con esiti di oltre {months} mesi fa (dal {date}), ma pagato meno del {share}: {paid}.",
        "{granted} granted by decisions over {months} months old (from {date}), but less than {share} paid: "
        "{paid}."),
    "att_paid_ours": ("secondo il comitato erogato {paid} ({share})",
                      "according to the committee {paid} disbursed ({share})"),
    "att_paid_official": ("secondo i dati ufficiali pagato PNRR {paid} su {financing} ({share})",
                          "according to the official record {paid} PNRR paid of {financing} ({share})"),
    "att_pending_long_why": ("{n} in attesa di esito da oltre {days} giorni: {items}.",
                             "{n} waiting for an outcome for over {days} days: {items}."),
    "att_n_requests": plural(("{n} candidatura", "{n} candidature"), ("{n} application", "{n} applications")),
    "att_pending_item": ("{request} al bando {call}, presentata il {date} ({days} giorni fa, {outcome})",
                         "{request} to call {call}, submitted on {date} ({days} days ago, {outcome})"),
    "att_scorrimento_why": ("Ammessa ma non finanziata: se la graduatoria scorre può ancora ottenere i fondi. "
                            "{items}.",
                            "Eligible but not financed: if the ranking moves it may still get the funds. {items}."),
    "att_scorrimento_item": ("{request} al bando {call} «{call_title}», esito del {date}",
                             "{request} to call {call} \u201c{call_title}\u201d, outcome of {date}"),
    "att_more": plural(("e ancora {n}", "e ancora {n}"), ("and {n} more", "and {n} more")),
    "att_source_ours": ("comitato", "committee"),
    "att_source_official": ("dati ufficiali", "official record"),
    "att_source_both": ("comitato e dati ufficiali", "committee and official record"),
    # the page (views/attenzione.py) and its block on the Panoramica
    "page_attention": ("Da seguire", "Needs attention"),
    "att_intro": ("Le schede da guardare per prime, dalle segnalazioni più gravi: ogni riga dice perché ed è un "
                  "collegamento alla scheda.",
                  "The cards to look at first, most serious first: each line says why and links to the card."),
    "att_kpi_total": ("Segnalazioni", "Flags"),
    "att_kpi_cards": ("Schede coinvolte", "Cards concerned"),
    "att_none": ("Nessuna segnalazione per le schede filtrate.", "Nothing to flag for the filtered cards."),
    "att_no_official": ("Dati ufficiali non importati: le segnalazioni che vengono dal riscontro ufficiale (fine "
                        "prevista superata, target in ritardo, importi diversi) non compaiono. Un editor li importa "
                        "dalla pagina Dati.",
                        "Official record not imported: the flags that come from it (planned end passed, targets "
                        "behind, amounts that differ) do not appear. An editor imports it from the Data page."),
    "att_rules": ("Poco pagato: meno del {share} del concesso, con esito di almeno {months} mesi fa. In attesa da "
                  "troppo: oltre {days} giorni dalla presentazione (impostazione NGP_PENDING_DAYS). Importo diverso: "
                  "la stessa regola del Riscontro ufficiale.",
                  "Little paid: less than {share} of the grant, decided at least {months} months ago. Waiting too "
                  "long: over {days} days since submission (setting NGP_PENDING_DAYS). Amount differs: the same "
                  "rule as the Official record."),
    "att_group_more": plural(("Ancora {n} segnalazione nella tabella qui sotto.",
                              "Ancora {n} segnalazioni nella tabella qui sotto."),
                             ("{n} more flag in the table below.", "{n} more flags in the table below.")),
    "att_table": ("Tutte le segnalazioni in tabella", "Every flag as a table"),
    "att_overview_title": plural(("Da seguire: {n} segnalazione", "Da seguire: {n} segnalazioni"),
                                 ("Needs attention: {n} flag", "Needs attention: {n} flags")),
    "att_overview_link": ("Tutte le segnalazioni", "Every flag"),
    # Prossimi fondi (views/fondi.py)
    "page_funds": ("Prossimi fondi", "Next funds"),
    "fund_intro": ("I bandi aperti o in apertura, per fonte, con le schede che potrebbero candidarsi: per "
                   "programmare il dopo PNRR.",
                   "The calls open or opening, by source, with the cards that could apply: to plan what comes "
                   "after the PNRR."),
    "fund_rules": ("Aperto: scadenza da oggi in poi (in apertura se pubblicato dopo oggi); senza scadenza, "
                   "pubblicato negli ultimi {days} giorni o dopo. Candidabili: le schede della stessa componente "
                   "o missione della misura del bando; per un bando senza misura, le schede non ancora "
                   "finanziate. Escluse le schede già candidate al bando e quelle concluse, rendicontate o revocate.",
                   "Open: deadline today or later (opening when published after today); without a deadline, "
                   "published in the last {days} days or later. Candidates: the cards of the call's measure's "
                   "component or mission; for a call without a measure, the cards not yet financed. Left out: "
                   "cards that already applied to the call, and completed, reported or revoked ones."),
    "fund_kpi_calls": ("Bandi aperti o in apertura", "Calls open or opening"),
    "fund_kpi_allocation": ("Dotazione dei bandi aperti", "Allocation of the open calls"),
    "fund_kpi_next": ("Prossima scadenza", "Next deadline"),
    "fund_kpi_unfunded": ("Schede senza finanziamento", "Cards without funding"),
    "fund_none": ("Nessun bando aperto o in apertura tra quelli registrati.", "No call open or opening among those "
                  "recorded."),
    "fund_status_open": ("aperto", "open"),
    "fund_status_opening": ("in apertura", "opening"),
    "fund_status_no_deadline": ("aperto, senza scadenza", "open, no deadline"),
    "fund_deadline": ("scadenza {date} (tra {days} giorni)", "deadline {date} (in {days} days)"),
    "fund_opens": ("apre il {date}", "opens on {date}"),
    "fund_allocation": ("dotazione {amount}", "allocation {amount}"),
    "fund_applied": plural(("{n} candidatura già presentata", "{n} candidature già presentate"),
                           ("{n} application already made", "{n} applications already made")),
    "fund_candidates": plural(("{n} scheda candidabile", "{n} schede candidabili"),
                              ("{n} candidate card", "{n} candidate cards")),
    "fund_no_candidates": ("Nessuna scheda candidabile tra quelle filtrate.", "No candidate card among the "
                           "filtered ones."),
    "fund_match_component": ("stessa componente ({code})", "same component ({code})"),
    "fund_match_mission": ("stessa missione ({code})", "same mission ({code})"),
    "fund_match_unfunded": ("non ancora finanziata", "not yet financed"),
    "fund_table_title": ("Bandi aperti e schede candidabili", "Open calls and candidate cards"),
    "fund_unfunded_title": ("Schede non ancora finanziate", "Cards not yet financed"),
    "fund_unfunded_help": ("Le schede filtrate senza una candidatura finanziata, escluse quelle concluse, "
                           "rendicontate o revocate: il portafoglio che cerca ancora fondi.",
                           "The filtered cards without a financed application, leaving out completed, reported "
                           "or revoked ones: the portfolio still looking for funds."),
    "ch_funds_timeline": ("Bandi aperti per fonte: dalla pubblicazione alla scadenza",
                          "Open calls by source: from publication to deadline"),
    # each source's name (lists.SOURCES)
    "fund_source_PNRR": ("PNRR – Piano nazionale di ripresa e resilienza", "PNRR – National Recovery and "
                         "Resilience Plan"),
    "fund_source_PNC": ("PNC – Piano nazionale per gli investimenti complementari", "PNC – National plan for "
                        "complementary investments"),
    "fund_source_REPowerEU": ("REPowerEU", "REPowerEU"),
    "fund_source_FESR": ("FESR – Fondo europeo di sviluppo regionale (PR FESR Toscana 2021-27)",
                         "ERDF – European Regional Development Fund (PR FESR Toscana 2021-27)"),
    "fund_source_FSE+": ("FSE+ – Fondo sociale europeo Plus (PR FSE+ Toscana 2021-27)",
                         "ESF+ – European Social Fund Plus (PR FSE+ Toscana 2021-27)"),
    "fund_source_FSC": ("FSC – Fondo per lo sviluppo e la coesione 2021-27", "FSC – Development and Cohesion "
                        "Fund 2021-27"),
    "fund_source_Regione": ("Regione Toscana – fondi regionali", "Tuscany Region – regional funds"),
    "fund_source_altro": ("Altre fonti", "Other sources"),
    "fund_source_none": ("Fonte non indicata", "Source not given"),
}
