"""Labels of the Dati page (upload, preview, history, login) and of Esporta (page and workbook sheets)."""

from __future__ import annotations

from ._plural import Label, plural

LABELS: dict[str, Label] = {
    # Dati (views/dati.py, ui/auth.py, ui/upload.py)
    "dati_local_mode": ("**Modalità locale**: il server risponde solo a questo computer (127.0.0.1), quindi puoi "
                        "aggiornare i dati senza accedere. Le versioni che salvi sono firmate «locale». Attraverso "
                        "un proxy la modalità locale si spegne da sola: per pubblicare la dashboard serve il login "
                        "(README, «Accesso e login»).",
                        "**Local mode**: the server answers this computer only (127.0.0.1), so you can update the "
                        "data without logging in. The versions you save are signed \u201clocale\u201d. Through a "
                        "proxy, local mode turns itself off: publishing the dashboard needs the login (README, "
                        "\u201cAccesso e login\u201d)."),
    "dati_edit_off": ("**Aggiornamento dei dati disattivato**: il server è raggiungibile da altri computer e non è "
                      "configurato alcun accesso. Per abilitarlo configura il login del Comune (sezione `[auth]` e "
                      "l'elenco `editors` in `.streamlit/secrets.toml`, vedi il README, «Accesso e login»), oppure "
                      "avvia il server solo su 127.0.0.1. La cronologia resta consultabile.",
                      "**Data updates are off**: the server can be reached from other computers and no login is "
                      "configured. To turn them on, configure the Comune's login (the `[auth]` section and the "
                      "`editors` list in `.streamlit/secrets.toml`, see the README, \u201cAccesso e login\u201d), or "
                      "bind the server to 127.0.0.1 only. The history stays readable."),
    "dati_edit_off_proxy": ("**Aggiornamento dei dati disattivato**: il server risponde solo a questo computer, ma "
                            "questa richiesta è arrivata attraverso un proxy (intestazione `{header}`): senza "
                            "login chiunque raggiunga il proxy potrebbe modificare i dati. Per abilitarlo configura "
                            "il login del Comune (sezione `[auth]` e l'elenco `editors` in "
                            "`.streamlit/secrets.toml`, vedi il README, «Accesso e login»). Se il proxy serve solo "
                            "te, avvia il server con `NGP_TRUST_PROXY_LOCAL=1`. La cronologia resta consultabile.",
                            "**Data updates are off**: the server answers this computer only, but this request came "
                            "through a proxy (header `{header}`): without a login, anyone who reaches the proxy could "
                            "change the data. To turn updates on, configure the Comune's login (the `[auth]` section "
                            "and the `editors` list in `.streamlit/secrets.toml`, see the README, \u201cAccesso e "
                            "login\u201d). If the proxy serves only you, start the server with "
                            "`NGP_TRUST_PROXY_LOCAL=1`. The history stays readable."),
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
    "dati_logged_unverified": ("Accesso come {email}: il fornitore di identità non conferma che questo indirizzo "
                               "è verificato (`email_verified`), quindi puoi consultare la cronologia ma non "
                               "aggiornare i dati. Se il fornitore verifica sempre gli indirizzi senza dirlo "
                               "(Microsoft Entra ID), l'amministratore lo indica con `email_always_verified` in "
                               "secrets.toml (README, «Accesso e login»).",
                               "Logged in as {email}: the identity provider does not confirm that this address is "
                               "verified (`email_verified`), so you can read the history but not update the data. "
                               "If the provider always verifies addresses without saying so (Microsoft Entra ID), "
                               "the administrator says so with `email_always_verified` in secrets.toml (README, "
                               "\u201cAccesso e login\u201d)."),
    "dati_download_title": ("1 · Scarica, modifica, ricarica", "1 · Download, edit, upload"),
    "dati_download_help": ("Scarica il modello vuoto oppure i dati attuali, modificali in Excel o LibreOffice e "
                           "ricaricali qui sotto. Puoi caricare anche solo i fogli che cambiano.",
                           "Download the empty template or the current data, edit them in Excel or LibreOffice "
                           "and upload them below. You may upload only the sheets that change."),
    "dati_template": ("Modello vuoto (.xlsx)", "Empty template (.xlsx)"),
    "dati_current": ("Dati attuali da modificare (versione {n}, .xlsx)", "Current data to edit (version {n}, .xlsx)"),
    "dati_upload_title": ("2 · Carica e controlla", "2 · Upload and check"),
    "dati_upload_label": ("Cartella di lavoro o un file per foglio", "One workbook or one file per sheet"),
    "dati_upload_help": (".xlsx, .xlsm (le macro sono ignorate), .xls, .ods o .csv (un foglio per file, riconosciuto "
                         "dal nome, es. esiti.csv, o dalle intestazioni); al massimo 20 MB per file. Nulla viene "
                         "salvato prima della conferma.",
                         ".xlsx, .xlsm (macros are ignored), .xls, .ods or .csv (one sheet a file, recognised by "
                         "its name, e.g. esiti.csv, or by its headers); up to 20 MB a file. Nothing is saved "
                         "before you confirm."),
    "upload_limits": ("Trascina i file nel riquadro qui sopra, o usa il suo pulsante: {types}, al massimo {mb} MB "
                      "per file.",
                      "Drag the files into the box above, or use its button: {types}, up to {mb} MB a file."),
    "dati_checking": plural(("Controllo in corso ({n} file)…",) * 2, ("Checking ({n} file)…", "Checking ({n} files)…")),
    "dati_checked_ok": ("Controllo completato: nessun errore.", "Check complete: no errors."),
    "dati_checked_bad": ("Controllo completato: ci sono errori da correggere.",
                         "Check complete: there are errors to fix."),
    "dati_data_moved": ("I dati attivi sono cambiati nel frattempo (ora versione {n}): file ricontrollati e "
                        "anteprima ricalcolata.",
                        "The active data changed meanwhile (now version {n}): files checked again and preview "
                        "recomputed."),
    "dati_errors": plural(("{n} errore: il caricamento non può essere salvato. Correggi il file e ricaricalo; nulla "
                            "è stato scritto.",
                            "{n} errori: il caricamento non può essere salvato. Correggi il file e ricaricalo; nulla "
                            "è stato scritto."),
                           ("{n} error: the upload cannot be saved. Fix the file and upload it again; nothing was "
                            "written.",
                            "{n} errors: the upload cannot be saved. Fix the file and upload it again; nothing was "
                            "written.")),
    "dati_warnings": plural(("{n} avviso: da controllare, non blocca il caricamento.",
                              "{n} avvisi: da controllare, non bloccano il caricamento."),
                             ("{n} warning: worth checking, it does not block the upload.",
                              "{n} warnings: worth checking, they do not block the upload.")),
    "dati_problems_download": ("Scarica i problemi con le celle evidenziate (.xlsx)",
                               "Download the problems with the cells highlighted (.xlsx)"),
    "dati_problems_more": plural(("…e ancora {n} problema: li trovi tutti nel file scaricabile qui sotto.",
                                  "…e ancora {n} problemi: li trovi tutti nel file scaricabile qui sotto."),
                                 ("…and {n} more problem: the file to download below lists them all.",
                                  "…and {n} more problems: the file to download below lists them all.")),
    "dati_rejected": ("Il caricamento ha errori: nulla è stato salvato.", "The upload has errors: nothing was saved."),
    "dati_col_file": ("File", "File"),
    "dati_col_sheet": ("Foglio", "Sheet"),
    "dati_col_row": ("Riga", "Row"),
    "dati_col_message": ("Problema", "Problem"),
    "dati_preview_title": ("3 · Anteprima delle modifiche", "3 · Preview of the changes"),
    "dati_no_changes": ("Nessuna differenza rispetto ai dati attivi (versione {n}): i valori del file sono già "
                        "quelli salvati, non c'è nulla da confermare.",
                        "No difference from the active data (version {n}): the file's values are already the "
                        "saved ones, there is nothing to confirm."),
    "dati_replaced": ("«{name}» è stato caricato di nuovo: vale il file più recente, quello precedente con lo "
                      "stesso nome è ignorato (puoi toglierlo dall'elenco con la ×).",
                      "«{name}» was uploaded again: the newest file counts, the earlier one with the same name is "
                      "ignored (you can remove it from the list with the ×)."),
    "dati_filtered_export": ("**Questo file è un'esportazione filtrata** ({filters}): caricarlo sostituirebbe tutto "
                             "il portafoglio con la sola parte filtrata, e le righe fuori dai filtri verrebbero "
                             "tolte da ogni foglio del file. Per aggiornare i dati parti dai dati completi («Dati "
                             "attuali da modificare», qui sopra) o da un'esportazione senza filtri.",
                             "**This file is a filtered export** ({filters}): uploading it would replace the whole "
                             "portfolio with the filtered part alone, and the rows outside the filters would be "
                             "removed from every sheet of the file. To update the data, start from the full data "
                             "(\u201cCurrent data to edit\u201d, above) or from an export without filters."),
    "dati_removals": plural(("**Questo caricamento toglie {n} riga.** Controlla che sia voluto:",
                             "**Questo caricamento toglie {n} righe.** Controlla che sia voluto:"),
                            ("**This upload removes {n} row.** Check that it is meant:",
                             "**This upload removes {n} rows.** Check that it is meant:")),
    "dati_removals_check": ("Confermo di togliere: {rows}", "I confirm removing: {rows}"),
    "dati_removals_more": plural(("e {n} altra riga", "e altre {n} righe"), ("and {n} more row", "and {n} more rows")),
    "dati_removals_unticked": ("Le righe tolte non sono state confermate: spunta «Confermo di togliere…» sopra il "
                               "pulsante, poi conferma. Nulla è stato salvato.",
                               "The removed rows were not confirmed: tick \u201cI confirm removing…\u201d above the "
                               "button, then confirm. Nothing was saved."),
    "dati_summary_title": ("**In sintesi**, foglio per foglio:", "**In short**, sheet by sheet:"),
    "dati_details_title": ("**Il dettaglio**, riga per riga (apri un foglio per vederlo):",
                           "**The details**, row by row (open a sheet to see them):"),
    "dati_figures_title": ("**Cifre principali dopo la conferma** (tutto il portafoglio; sotto ogni cifra la "
                           "variazione):",
                           "**Headline figures after confirming** (whole portfolio; the change below each):"),
    "dati_fig_pending_amount": ("Importo in attesa", "Amount awaiting outcome"),
    "dati_fig_help": ("Prima: {before} · dopo: {after}", "Before: {before} · after: {after}"),
    "dati_carried": ("Fogli non caricati, restano come nella versione attiva: {tables}.",
                     "Sheets not uploaded, kept as in the active version: {tables}."),
    "dati_comment": ("Nota della versione", "Version note"),
    "dati_comment_placeholder": ("aggiornamento esiti bando X", "outcomes of call X updated"),
    "dati_confirm": ("Conferma e salva la nuova versione", "Confirm and save the new version"),
    "dati_saved": ("Versione {n} salvata: è quella attiva e ogni pagina la mostra da ora.",
                   "Version {n} saved: it is the active one and every page shows it from now on."),
    "dati_restored": ("Versione {source} di nuovo attiva, registrata come versione {n}.",
                      "Version {source} active again, recorded as version {n}."),
    "dati_now_figures": plural(("Ora: richiesto {requested}, concesso {granted}, {n} candidatura in attesa di esito.",
                                 "Ora: richiesto {requested}, concesso {granted}, {n} candidature in attesa di esito."),
                                ("Now: requested {requested}, granted {granted}, {n} application awaiting outcome.",
                                 "Now: requested {requested}, granted {granted}, {n} applications awaiting outcome.")),
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
    "author_local": ("locale", "local"),
    "dati_kind_link": ("CUP collegato (Riscontro ufficiale)", "CUP linked (Official record)"),
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
    # Esporta (views/esporta.py, the "Filtri" and summary sheets of ngp_data/output/excel.py)
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
