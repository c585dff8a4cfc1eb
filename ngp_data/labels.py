"""Every interface label in Italian and English, and the number/date formats of each language.

One table (``LABELS``) so that no page or chart carries strings of its own; closed-list values and
column headers come from the schema. Italian is the default: ``1.234.567 €``, ``gg/mm/aaaa``.
"""

from __future__ import annotations

from .formats import (  # noqa: F401 - re-exported until every caller imports ngp_data.formats
    fmt_date,
    fmt_eur,
    fmt_eur_short,
    fmt_number,
    fmt_pct,
)
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
    "kpi_cofinancing": ("Cofinanziamento", "Co-financing"),
    "kpi_gap": ("Da coprire", "Still to fund"),
    "kpi_budget_unknown": ("Senza budget", "No budget"),
    "kpi_known_budget_help": ("Sulle {n} schede con budget indicato: {amount}.",
                              "Over the {n} cards with a budget: {amount}."),
    "kpi_gap_help": ("Budget − concesso − cofinanziamento delle candidature finanziate, sulle schede con "
                     "budget indicato: {amount}.",
                     "Budget − granted − co-financing of financed applications, over the cards with a "
                     "budget: {amount}."),
    "kpi_budget_unknown_help": ("Non entrano nel calcolo di quanto resta da coprire; hanno ottenuto {amount}.",
                                "Left out of the still-to-fund figure; they obtained {amount}."),
    "kpi_partners": ("Partner", "Partners"),
    "kpi_partners_help": ("{n} coinvolti nelle schede mostrate (capofila, partner o proponenti).",
                          "{n} involved in the cards shown (lead, partner or applicant)."),
    "kpi_signatories": ("Firmatari del protocollo", "Protocol signatories"),
    "kpi_signatories_help": ("{n} coinvolti nelle schede mostrate.", "{n} involved in the cards shown."),
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
    "ch_money_where": ("Dove sono i soldi: il budget di ogni missione", "Where the money sits: each mission's budget"),
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
    "pct_of": ("{pct} di {total}", "{pct} of {total}"),
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
    "table_truncated": ("Sono mostrate le prime {shown} righe su {total}: il file Excel le contiene tutte.",
                        "The first {shown} of {total} rows are shown: the Excel file holds them all."),
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
    "col_decided": ("Decise", "Decided"),
    "col_financed": ("Finanziate", "Financed"),
    "col_budget": ("Budget", "Budget"),
    "col_requested": ("Richiesto", "Requested"),
    "col_granted": ("Concesso", "Granted"),
    "col_cofinancing": ("Cofinanziamento", "Co-financing"),
    # Missioni, Partner, Budget pages
    "missions_table_title": ("Per missione", "By mission"),
    "missions_drill_help": ("Clic su una missione per aprirne le componenti e le schede; clic sulla barra in "
                            "alto per risalire.",
                            "Click a mission to open its components and cards; click the bar at the top to go "
                            "back."),
    "missions_drill_unknown": ("Schede senza budget, che non compaiono nella mappa: {n}.",
                               "Cards without a budget, not in the map: {n}."),
    "missions_drill_none": ("Nessuna delle schede mostrate ha un budget indicato: la mappa è vuota.",
                            "None of the cards shown has a budget: the map is empty."),
    "missions_cards_title": ("Le schede delle missioni selezionate", "Cards of the selected missions"),
    "missions_cards_all": ("Tutte le schede", "All cards"),
    "partners_groups_title": ("Partner e attori", "Partners and actors"),
    "partners_signatories": ("Firmatari del protocollo", "Protocol signatories"),
    "partners_others": ("Altri attori", "Other actors"),
    "partners_group_empty": ("Nessun partner in questo gruppo.", "No partner in this group."),
    "partners_success_help": ("Tasso di successo: candidature finanziate su candidature decise, per proponente.",
                              "Success rate: financed over decided applications, by applicant."),
    "partners_money_none": ("Nessun partner ha presentato candidature con importo tra quelle mostrate.",
                            "No partner submitted an application with an amount among those shown."),
    "budget_none_known": ("Nessuna delle schede mostrate ha un budget indicato: non si può calcolare quanto resta "
                          "da coprire.",
                          "None of the cards shown has a budget: what is still to fund cannot be worked out."),
    "budget_cards_title": ("Quanto resta da coprire, scheda per scheda", "Still to fund, card by card"),
    # Bandi ed esiti, Scheda progetto, Novità pages (views/bandi.py, scheda.py, novita.py; ngp_data/changes.py)
    "val_yes": ("sì", "yes"),
    "val_no": ("no", "no"),
    "col_administration": ("Amministrazione", "Administration"),
    "col_published": ("Pubblicazione", "Published"),
    "col_act": ("Atto", "Act"),
    "col_call_title": ("Titolo del bando", "Call title"),
    "col_project_title": ("Titolo della scheda", "Card title"),
    "col_role": ("Ruolo", "Role"),
    "col_name": ("Nome", "Name"),
    "calls_kpi_calls": ("Bandi", "Calls"),
    "calls_kpi_open": ("Bandi aperti", "Open calls"),
    "calls_kpi_open_help": ("Bandi con scadenza da oggi in poi.", "Calls whose deadline is today or later."),
    "calls_kpi_soon": ("Scadenze entro 60 giorni", "Deadlines within 60 days"),
    "calls_kpi_next": ("Prossima: {call} il {date}.", "Next: {call} on {date}."),
    "calls_no_deadline": ("{n} bandi senza scadenza non compaiono nella cronologia.",
                          "{n} calls without a deadline are not shown in the timeline."),
    "calls_table_title": ("Candidature per bando", "Applications per call"),
    "calls_outcomes_title": ("Dalla presentazione all'esito", "From submission to outcome"),
    "calls_no_requests": ("Nessuna candidatura tra i dati filtrati.", "No application in the filtered data."),
    "calls_no_decisions": ("Nessuna decisione (data esito) registrata tra le candidature filtrate.",
                           "No decision (decision date) recorded among the filtered applications."),
    "calls_eligible_title": ("Ammesse ma non finanziate: possibili scorrimenti",
                             "Admitted but not financed: may still be funded"),
    "calls_eligible_help": ("Candidature giudicate ammissibili ma rimaste fuori dai fondi disponibili. Se la "
                            "graduatoria scorre (rinunce, revoche o nuove risorse) possono ancora essere "
                            "finanziate: vanno seguite con l'amministrazione del bando.",
                            "Applications judged eligible but left outside the available funds. If the ranking "
                            "moves on (\u201cscorrimento\u201d: withdrawals, revocations or new funds) they may "
                            "still be funded: worth following up with the call's administration."),
    "calls_eligible_none": ("Nessuna candidatura ammessa e non finanziata tra i dati filtrati.",
                            "No admitted-but-not-financed application in the filtered data."),
    "card_pick": ("Scheda (ID)", "Card (ID)"),
    "card_pick_help": ("Digita l'ID per cercare. Il link della pagina apre questa scheda.",
                       "Type the ID to search. The page link opens this card."),
    "card_unknown": ("La scheda «{id}» non esiste nei dati attivi: scegline una dall'elenco.",
                     "Card \u201c{id}\u201d does not exist in the active data: choose one from the list."),
    "card_outside_filters": ("Questa scheda non rientra nei filtri attivi.",
                             "This card is outside the active filters."),
    "card_list": ("Elenco delle schede ({n})", "List of cards ({n})"),
    "card_details": ("Dati della scheda", "Card details"),
    "card_field": ("Voce", "Field"),
    "card_value": ("Valore", "Value"),
    "card_description": ("Descrizione", "Description"),
    "card_no_description": ("Nessuna descrizione.", "No description."),
    "card_partners": ("Partenariato", "Partnership"),
    "card_requests": ("Candidature ed esiti", "Applications and outcomes"),
    "card_no_requests": ("Nessuna candidatura per questa scheda.", "No application for this card."),
    "chg_old": ("Versione di partenza", "From version"),
    "chg_new": ("Versione di arrivo", "To version"),
    "chg_one_version": ("C'è una sola versione dei dati: dopo il prossimo caricamento qui si vedrà cosa è "
                        "cambiato.", "There is only one version of the data: after the next upload this page "
                        "shows what changed."),
    "chg_same": ("Scegli due versioni diverse da confrontare.", "Choose two different versions to compare."),
    "chg_between": ("Dalla versione {old} del {old_date} alla versione {new} del {new_date}.",
                    "From version {old} of {old_date} to version {new} of {new_date}."),
    "chg_filtered": ("Con i filtri attivi sono elencate solo le modifiche che riguardano le schede e le "
                     "candidature filtrate.", "With the active filters, only changes about the filtered cards "
                     "and applications are listed."),
    "chg_nothing": ("Nessuna differenza tra le due versioni.", "No difference between the two versions."),
    "chg_new_card_1": ("{n} nuova scheda", "{n} new card"),
    "chg_new_card_n": ("{n} nuove schede", "{n} new cards"),
    "chg_removed_card_1": ("{n} scheda tolta", "{n} card removed"),
    "chg_removed_card_n": ("{n} schede tolte", "{n} cards removed"),
    "chg_updated_card_1": ("{n} scheda aggiornata", "{n} card updated"),
    "chg_updated_card_n": ("{n} schede aggiornate", "{n} cards updated"),
    "chg_new_request_1": ("{n} nuova candidatura", "{n} new application"),
    "chg_new_request_n": ("{n} nuove candidature", "{n} new applications"),
    "chg_removed_request_1": ("{n} candidatura tolta", "{n} application removed"),
    "chg_removed_request_n": ("{n} candidature tolte", "{n} applications removed"),
    "chg_outcome_1": ("{n} esito cambiato", "{n} outcome changed"),
    "chg_outcome_n": ("{n} esiti cambiati", "{n} outcomes changed"),
    "chg_amount_1": ("{n} importo modificato", "{n} amount changed"),
    "chg_amount_n": ("{n} importi modificati", "{n} amounts changed"),
    "chg_new_call_1": ("{n} nuovo bando", "{n} new call"),
    "chg_new_call_n": ("{n} nuovi bandi", "{n} new calls"),
    "chg_removed_call_1": ("{n} bando tolto", "{n} call removed"),
    "chg_removed_call_n": ("{n} bandi tolti", "{n} calls removed"),
    "chg_requested_delta": ("importi richiesti {delta}", "amounts requested {delta}"),
    "chg_granted_delta": ("importi concessi {delta}", "amounts granted {delta}"),
    "chg_table_counts": ("{added} aggiunte · {removed} tolte · {changed} modificate",
                         "{added} added · {removed} removed · {changed} changed"),
    "chg_added": ("Righe aggiunte: {n}", "Rows added: {n}"),
    "chg_removed": ("Righe tolte: {n}", "Rows removed: {n}"),
    "chg_changed": ("Valori modificati: {n}", "Values changed: {n}"),
    "chg_unchanged": ("Senza modifiche: {tables}.", "Unchanged: {tables}."),
    "chg_col_column": ("Colonna", "Column"),
    "chg_col_before": ("Prima", "Before"),
    "chg_col_after": ("Dopo", "After"),
    "ch_calls_open": ("Aperto", "Open"),
    "ch_calls_closed": ("Chiuso", "Closed"),
    "ch_published": ("Pubblicazione", "Published"),
    "ch_dec_financed": ("Finanziate", "Financed"),
    "ch_dec_other": ("Altri esiti", "Other outcomes"),
    "ch_granted_cumulative": ("Concesso, cumulato", "Granted, cumulative"),
    "ch_quarter": ("{q}° trim. {y}", "Q{q} {y}"),
    "ch_pending_until_today": ("in attesa fino a oggi", "pending until today"),
    # Dati (views/dati.py, ui/auth.py, ngp_data/preview.py)
    "dati_yes": ("sì", "yes"),
    "dati_no": ("no", "no"),
    "dati_local_mode": ("**Modalità locale**: il server risponde solo a questo computer (127.0.0.1), quindi puoi "
                        "aggiornare i dati senza accedere. Le versioni che salvi sono firmate «locale».",
                        "**Local mode**: the server answers this computer only (127.0.0.1), so you can update the "
                        "data without logging in. The versions you save are signed \u201clocale\u201d."),
    "dati_edit_off": ("**Aggiornamento dei dati disattivato**: il server è raggiungibile da altri computer e non è "
                      "configurato alcun accesso. Per abilitarlo configura il login del Comune (sezione `[auth]` e "
                      "l'elenco `editors` in `.streamlit/secrets.toml`, vedi il README, «Accesso e login»), oppure "
                      "avvia il server solo su 127.0.0.1. La cronologia resta consultabile.",
                      "**Data updates are off**: the server can be reached from other computers and no login is "
                      "configured. To turn them on, configure the Comune's login (the `[auth]` section and the "
                      "`editors` list in `.streamlit/secrets.toml`, see the README, \u201cAccesso e login\u201d), or "
                      "bind the server to 127.0.0.1 only. The history stays readable."),
    "dati_login_needed": ("Per aggiornare i dati accedi con l'account del Comune. Senza accesso puoi scaricare il "
                          "modello e consultare la cronologia.",
                          "Log in with the Comune's account to update the data. Without logging in you can "
                          "download the template and read the history."),
    "dati_login": ("Accedi", "Log in"),
    "dati_login_with": ("Accedi con {provider}", "Log in with {provider}"),
    "dati_logout": ("Esci", "Log out"),
    "dati_login_failed": ("Accesso non riuscito: la configurazione del login (`[auth]` in secrets.toml) è "
                          "incompleta. Dettaglio: {error}",
                          "Login failed: the login configuration (`[auth]` in secrets.toml) is incomplete. "
                          "Detail: {error}"),
    "dati_logged_editor": ("Accesso come {email}: puoi aggiornare i dati.",
                           "Logged in as {email}: you can update the data."),
    "dati_logged_reader": ("Accesso come {email}, che non è tra gli editori: puoi consultare la cronologia ma non "
                           "caricare dati né ripristinare versioni. Chiedi all'ufficio Europa di aggiungerti.",
                           "Logged in as {email}, who is not an editor: you can read the history but not upload "
                           "data or restore versions. Ask the Europe office to add you."),
    "dati_download_title": ("1 · Scarica, modifica, ricarica", "1 · Download, edit, upload"),
    "dati_download_help": ("Scarica il modello vuoto oppure i dati attuali, modificali in Excel o LibreOffice e "
                           "ricaricali qui sotto. Puoi caricare anche solo i fogli che cambiano.",
                           "Download the empty template or the current data, edit them in Excel or LibreOffice "
                           "and upload them below. You may upload only the sheets that change."),
    "dati_template": ("Modello vuoto (.xlsx)", "Empty template (.xlsx)"),
    "dati_current": ("Dati attuali da modificare (versione {n}, .xlsx)", "Current data to edit (version {n}, .xlsx)"),
    "dati_upload_title": ("2 · Carica e controlla", "2 · Upload and check"),
    "dati_upload_label": ("Cartella di lavoro o un file per foglio", "One workbook or one file per sheet"),
    "dati_upload_help": (".xlsx, .xlsm (le macro sono ignorate), .xls, .ods o .csv con il nome del foglio "
                         "(es. esiti.csv); al massimo 20 MB per file. Nulla viene salvato prima della conferma.",
                         ".xlsx, .xlsm (macros are ignored), .xls, .ods or .csv named after its sheet "
                         "(e.g. esiti.csv); up to 20 MB a file. Nothing is saved before you confirm."),
    "dati_checking": ("Controllo in corso ({n} file)…", "Checking ({n} files)…"),
    "dati_checked_ok": ("Controllo completato: nessun errore.", "Check complete: no errors."),
    "dati_checked_bad": ("Controllo completato: ci sono errori da correggere.",
                         "Check complete: there are errors to fix."),
    "dati_data_moved": ("I dati attivi sono cambiati nel frattempo (ora versione {n}): file ricontrollati e "
                        "anteprima ricalcolata.",
                        "The active data changed meanwhile (now version {n}): files checked again and preview "
                        "recomputed."),
    "dati_errors": ("{n} errori: il caricamento non può essere salvato. Correggi il file e ricaricalo; nulla è "
                    "stato scritto.",
                    "{n} errors: the upload cannot be saved. Fix the file and upload it again; nothing was "
                    "written."),
    "dati_warnings": ("{n} avvisi: da controllare, non bloccano il caricamento.",
                      "{n} warnings: worth checking, they do not block the upload."),
    "dati_problems_download": ("Scarica i problemi con le celle evidenziate (.xlsx)",
                               "Download the problems with the cells highlighted (.xlsx)"),
    "dati_rejected": ("Il caricamento ha errori: nulla è stato salvato.", "The upload has errors: nothing was saved."),
    "dati_col_file": ("File", "File"),
    "dati_col_sheet": ("Foglio", "Sheet"),
    "dati_col_row": ("Riga", "Row"),
    "dati_col_column": ("Colonna", "Column"),
    "dati_col_message": ("Problema", "Problem"),
    "dati_preview_title": ("3 · Anteprima delle modifiche", "3 · Preview of the changes"),
    "dati_no_changes": ("Nessuna differenza rispetto ai dati attivi.", "No difference from the active data."),
    "dati_figures_title": ("**Cifre principali dopo la conferma** (tutto il portafoglio; sotto ogni cifra la "
                           "variazione):",
                           "**Headline figures after confirming** (whole portfolio; the change below each):"),
    "dati_fig_pending_amount": ("Importo in attesa", "Amount awaiting outcome"),
    "dati_fig_help": ("Prima: {before} · dopo: {after}", "Before: {before} · after: {after}"),
    "dati_table_counts": ("{added} righe aggiunte · {removed} tolte · {changed} modificate",
                          "{added} rows added · {removed} removed · {changed} changed"),
    "dati_tables_same": ("Senza modifiche: {tables}.", "Unchanged: {tables}."),
    "dati_added": ("**Righe aggiunte: {n}**", "**Rows added: {n}**"),
    "dati_removed": ("**Righe tolte: {n}**", "**Rows removed: {n}**"),
    "dati_changed": ("**Valori modificati: {n}**", "**Values changed: {n}**"),
    "dati_col_changed": ("Colonna", "Column"),
    "dati_col_before": ("Prima", "Before"),
    "dati_col_after": ("Dopo", "After"),
    "dati_carried": ("Fogli non caricati, restano come nella versione attiva: {tables}.",
                     "Sheets not uploaded, kept as in the active version: {tables}."),
    "dati_comment": ("Nota della versione", "Version note"),
    "dati_comment_placeholder": ("aggiornamento esiti bando X", "outcomes of call X updated"),
    "dati_confirm": ("Conferma e salva la nuova versione", "Confirm and save the new version"),
    "dati_saved": ("Versione {n} salvata: è quella attiva e ogni pagina la mostra da ora.",
                   "Version {n} saved: it is the active one and every page shows it from now on."),
    "dati_restored": ("Versione {source} di nuovo attiva, registrata come versione {n}.",
                      "Version {source} active again, recorded as version {n}."),
    "dati_now_figures": ("Ora: richiesto {requested}, concesso {granted}, {pending} candidature in attesa di esito.",
                         "Now: requested {requested}, granted {granted}, {pending} applications awaiting outcome."),
    "dati_history_title": ("Cronologia delle versioni", "Version history"),
    "dati_history_empty": ("Nessuna versione salvata.", "No version saved yet."),
    "dati_col_version": ("Versione", "Version"),
    "dati_col_active": ("Attiva", "Active"),
    "dati_col_date": ("Data", "Date"),
    "dati_col_author": ("Autore", "Author"),
    "dati_col_kind": ("Tipo", "Kind"),
    "dati_col_comment": ("Nota", "Note"),
    "dati_col_files": ("File", "Files"),
    "dati_kind_import": ("caricamento", "upload"),
    "dati_kind_demo": ("dati dimostrativi", "demo data"),
    "dati_kind_rollback": ("ripristino della versione {n}", "restore of version {n}"),
    "dati_version_option": ("Versione {n} · {date} · {author}", "Version {n} · {date} · {author}"),
    "dati_files_pick": ("File di una versione", "Files of a version"),
    "dati_original": ("File originale: {name}", "Original file: {name}"),
    "dati_original_withheld": ("{name}: il file originale non viene riconsegnato (può contenere macro o "
                               "oggetti incorporati); scarica i dati della versione qui sotto.",
                               "{name}: the original file is not handed out (it may contain macros or embedded "
                               "objects); download the version's data below."),
    "dati_version_data": ("Dati della versione {n} (.xlsx)", "Data of version {n} (.xlsx)"),
    "dati_rollback_title": ("Rendere di nuovo attiva una versione precedente",
                            "Make an earlier version active again"),
    "dati_rollback_pick": ("Versione da ripristinare", "Version to restore"),
    "dati_rollback_ask": ("Ripristina la versione {n}…", "Restore version {n}…"),
    "dati_rollback_warning": ("La versione {n} tornerà attiva al posto della versione {active}, che resta nella "
                              "cronologia (il ripristino è registrato come nuova versione). Differenze rispetto ai "
                              "dati attivi:",
                              "Version {n} will become active instead of version {active}, which stays in the "
                              "history (the restore is recorded as a new version). Differences from the active "
                              "data:"),
    "dati_rollback_confirm": ("Conferma il ripristino della versione {n}", "Confirm the restore of version {n}"),
    "dati_cancel": ("Annulla", "Cancel"),
    # Esporta (views/esporta.py, the "Filtri" and summary sheets of ngp_data/excel.py)
    "exp_title": ("NGP Monitor – esportazione", "NGP Monitor – export"),
    "exp_filters_title": ("Filtri applicati", "Filters applied"),
    "exp_col_filter": ("Filtro", "Filter"),
    "exp_col_values": ("Valori", "Values"),
    "exp_none": ("nessuno", "none"),
    "exp_data_title": ("Dati esportati", "Data exported"),
    "exp_version": ("Versione dei dati", "Data version"),
    "exp_version_date": ("Versione del", "Version of"),
    "exp_version_author": ("Caricata da", "Uploaded by"),
    "exp_version_comment": ("Commento della versione", "Version comment"),
    "exp_version_files": ("File caricati", "Files uploaded"),
    "exp_demo": ("Dati dimostrativi", "Demo data"),
    "exp_demo_yes": ("sì: dati dimostrativi (illustrativi), non i dati ufficiali delle schede",
                     "yes: illustrative demo data, not the official figures of the cards"),
    "exp_demo_no": ("no", "no"),
    "exp_export_title": ("Esportazione", "Export"),
    "exp_exported_at": ("Esportato il", "Exported on"),
    "exp_exported_by": ("Esportato da", "Exported by"),
    "exp_col_sheet": ("Foglio", "Sheet"),
    "exp_col_rows": ("Righe", "Rows"),
    "exp_col_content": ("Contenuto", "Contents"),
    "exp_total": ("Totale", "Total"),
    "exp_mission_name": ("Nome della missione", "Mission name"),
    "exp_coverage": ("Concesso sul budget", "Granted over budget"),
    "exp_partner_id": ("ID partner", "Partner ID"),
    "exp_reupload_note": ("I fogli delle tabelle hanno le intestazioni del modello: se non li modifichi, il file "
                          "si può ricaricare nella pagina Dati. I fogli di riepilogo e questo foglio sono ignorati "
                          "al caricamento.",
                          "The table sheets have the template's headers: if you do not edit them, the file can be "
                          "uploaded again on the Data page. The summary sheets and this sheet are ignored on "
                          "upload."),
    "exp_too_large": ("Il foglio «{sheet}» avrebbe {n} righe di dati, ma in un foglio Excel ne entrano al massimo "
                      "{max}: restringi i filtri (missione, partner, bando, date) ed esporta di nuovo.",
                      "Sheet \u201c{sheet}\u201d would have {n} data rows, but an Excel sheet holds at most {max}: "
                      "narrow the filters (mission, partner, call, dates) and export again."),
    "exp_intro": ("Un file Excel con un foglio per tabella (le righe dei filtri attivi), un riepilogo per missione e "
                  "per partner, e il foglio «Filtri» che registra filtri, versione dei dati e data "
                  "dell'esportazione.",
                  "One Excel file with a sheet per table (the rows of the active filters), a summary by mission "
                  "and by partner, and the \u201cFilters\u201d sheet recording the filters, the data version and "
                  "when it was exported."),
    "exp_contents_title": ("Cosa contiene il file", "What the file contains"),
    "exp_kind_table": ("tabella (si può ricaricare)", "table (can be uploaded again)"),
    "exp_kind_summary": ("riepilogo con totali", "summary with totals"),
    "exp_kind_filters": ("filtri, versione, esportazione", "filters, version, export"),
    "exp_button": ("Scarica il file Excel", "Download the Excel file"),
    "exp_button_help": ("Il file viene preparato al clic, con i filtri attivi.",
                        "The file is built when you click, with the active filters."),
    "exp_reupload_filtered": ("Con filtri attivi il file contiene solo le righe filtrate: se lo ricarichi nella "
                              "pagina Dati, ogni tabella del file sostituisce quella attuale e le righe escluse dai "
                              "filtri non sarebbero nella nuova versione (si può sempre tornare alla precedente).",
                              "With active filters the file holds only the filtered rows: uploaded again on the "
                              "Data page, each table in it replaces the current one, so the rows left out by the "
                              "filters would not be in the new version (you can always go back to the previous "
                              "one)."),
    "exp_reupload_all": ("Le intestazioni dei fogli tabella sono quelle del modello: se non lo modifichi, il file si "
                         "può ricaricare così com'è nella pagina Dati (riepiloghi e «Filtri» vengono ignorati).",
                         "The table sheets have the template's headers: unedited, the file can be uploaded as it is "
                         "on the Data page (the summaries and \u201cFilters\u201d are ignored)."),
}


def t(key: str, lang: str = "it", **values) -> str:
    """The label ``key`` in ``lang``, with ``{placeholders}`` filled."""
    it, en = LABELS[key]
    text = en if lang == "en" else it
    return text.format(**values) if values else text


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


def md_plain(text) -> str:
    """User text made inert for Streamlit Markdown (titles, headings, messages): every ASCII punctuation
    mark is backslash-escaped, so no link, image, HTML, emphasis, LaTeX or bare ``www.`` autolink can
    come out of it; newlines become spaces."""
    out = " ".join(str("" if text is None else text).split())
    return "".join("\\" + ch if ch in _MD_PUNCT else ch for ch in out)


_MD_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


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
