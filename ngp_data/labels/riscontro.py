"""Labels of the Riscontro (the committee's cards against the state's official record): the flags' names
and reasons, keyed by the flags' stable codes (``analytics.official.FLAGS``)."""

from __future__ import annotations

from ._plural import Label

LABELS: dict[str, Label] = {
    "flag_cup_not_found": ("CUP non trovato", "CUP not found"),
    "flag_cup_not_found_reason": (
        "Il CUP {cup} della scheda {card} non è tra i progetti ufficiali dell'istantanea: controlla che sia "
        "scritto bene, o il progetto non è (ancora) nei dati ufficiali del Comune.",
        "CUP {cup} of card {card} is not among the official projects of the snapshot: check how it is "
        "written, or the project is not (yet) in the Comune's official data."),
    "flag_located_elsewhere": ("Localizzato altrove", "Located elsewhere"),
    "flag_located_elsewhere_reason": (
        "Il CUP {cup} della scheda {card} è nei dati ufficiali, ma nessuna delle sue localizzazioni è nel "
        "Comune ({places}).",
        "CUP {cup} of card {card} is in the official data, but none of its locations is in the Comune "
        "({places})."),
    "flag_amount_differs": ("Importo diverso", "Amount differs"),
    "flag_amount_differs_reason": (
        "Scheda {card}: concesso secondo il comitato {ours}, finanziamento PNRR ufficiale dei suoi CUP "
        "{official} (differenza {difference}, oltre la tolleranza di {tolerance}).",
        "Card {card}: granted according to the committee {ours}, official PNRR financing of its CUPs "
        "{official} (difference {difference}, beyond the tolerance of {tolerance})."),
    "flag_financed_without_official": ("Finanziata senza riscontro", "Financed, no official match"),
    "flag_financed_without_official_reason": (
        "La scheda {card} ha una candidatura finanziata, ma {why}.",
        "Card {card} has a financed application, but {why}."),
    "flag_why_no_cup": ("né la scheda né i suoi esiti hanno un CUP", "neither the card nor its outcomes have a CUP"),
    "flag_why_not_found": ("nessuno dei suoi CUP ({cups}) è tra i progetti ufficiali",
                           "none of its CUPs ({cups}) is among the official projects"),
    "flag_partner_project_unclaimed": ("Progetto di un partner non collegato", "Partner's project not linked"),
    "flag_partner_project_unclaimed_reason": (
        "Il progetto ufficiale {cup} («{title}») è attuato da {partner} (codice fiscale {tax_code}), ma "
        "nessuna scheda ne riporta il CUP.",
        "Official project {cup} (\u201c{title}\u201d) is implemented by {partner} (tax code {tax_code}), but no "
        "card carries its CUP."),
    # suggestions (official.suggest.reasons)
    "suggest_title": ("titolo simile ({score}%)", "similar title ({score}%)"),
    "suggest_measure": ("stessa misura ({measure})", "same measure ({measure})"),
    "suggest_component": ("stessa componente ({measure})", "same component ({measure})"),
    "suggest_mission": ("stessa missione ({measure})", "same mission ({measure})"),
    "suggest_body_tax_code": ("il capofila è il soggetto attuatore ({body})",
                              "the lead partner is the implementing body ({body})"),
    "suggest_body_name": ("capofila con nome simile al soggetto attuatore ({body})",
                          "lead partner named like the implementing body ({body})"),
    # the page (views/riscontro.py)
    "page_official": ("Riscontro ufficiale", "Official record"),
    "off_snapshot_line": ("Dati ufficiali: istantanea {n} del {date}, estratti dal portale il {extracted} "
                          "({files} file).",
                          "Official data: snapshot {n} of {date}, extracted from the portal on {extracted} "
                          "({files} files)."),
    "off_snapshot_help": ("Le istantanee si importano e si ripristinano dalla pagina Dati, indipendenti dalle "
                          "versioni del comitato.",
                          "Snapshots are imported and restored from the Data page, independent of the committee's "
                          "versions."),
    "off_none": ("Nessun dato ufficiale importato. Un editor carica i file di Italia Domani (ReGiS) e di PA "
                 "digitale 2026 dalla pagina Dati: le schede vi sono poi collegate per CUP.",
                 "No official data imported yet. An editor uploads the Italia Domani (ReGiS) and PA digitale 2026 "
                 "files on the Data page: the cards are then linked to them by CUP."),
    "off_go_data": ("Vai alla pagina Dati", "Go to the Data page"),
    "off_kpi_financing": ("Finanziamento PNRR nel Comune", "PNRR financing in the Comune"),
    "off_kpi_financing_note": ("progetti ufficiali localizzati nel Comune", "official projects located in the Comune"),
    "off_kpi_paid": ("Pagato PNRR", "PNRR paid"),
    "off_kpi_paid_note": ("= {share} del finanziamento", "= {share} of the financing"),
    "off_kpi_linked": ("Quota collegata alle schede", "Share linked to cards"),
    "off_kpi_linked_note": ("{n} schede su {total} hanno un progetto ufficiale",
                            "{n} of {total} cards have an official project"),
    "off_kpi_flags": ("Da verificare", "To check"),
    "off_kpi_flags_help": ("Le segnalazioni qui sotto: CUP non trovati, importi diversi, progetti altrove, progetti "
                           "dei partner non collegati.",
                           "The flags below: CUPs not found, amounts that differ, projects elsewhere, partners' "
                           "projects not linked."),
    "off_flags_title": ("Da verificare", "To check"),
    "off_flags_more": ("E altre {n}: tutte nella tabella qui sotto.", "And {n} more: all in the table below."),
    "off_flags_table": ("Tabella delle segnalazioni ed esportazione in Excel", "Table of the flags and Excel export"),
    "off_no_card": ("nessuna scheda", "no card"),
    "off_flags_none": ("Nessuna segnalazione: le schede mostrate concordano con i dati ufficiali.",
                       "No flags: the cards shown agree with the official data."),
    "off_cards_title": ("Le schede accanto ai dati ufficiali", "The cards beside the official data"),
    "off_cards_help": ("Concesso ed erogato secondo il comitato; finanziamento e pagato PNRR ufficiali, sommati sui "
                       "CUP della scheda trovati nell'istantanea.",
                       "Granted and disbursed according to the committee; official PNRR financing and paid, summed "
                       "over the card's CUPs found in the snapshot."),
    "off_totals_title": ("Il Comune nei dati ufficiali, per missione", "The Comune in the official data, by mission"),
    "off_totals_help": ("Ogni progetto localizzato nel Comune conta per intero, anche se localizzato anche altrove; la "
                        "quota collegata è quella dei CUP riportati da una scheda mostrata.",
                        "Each project located in the Comune counts whole, even when located elsewhere too; the "
                        "linked share is that of the CUPs carried by a card shown."),
    "off_suggest_title": ("Collegamenti suggeriti", "Suggested links"),
    "off_suggest_none": ("Nessun suggerimento: ogni scheda mostrata ha un CUP, o nessun progetto ufficiale del "
                         "Comune è libero.",
                         "No suggestion: every card shown has a CUP, or no official project of the Comune is "
                         "unclaimed."),
    "off_suggest_help": ("Per le schede senza CUP, i progetti ufficiali del Comune non ancora collegati, per titolo "
                         "simile, stessa misura e stesso soggetto attuatore (punteggio 0-100).",
                         "For the cards without a CUP, the Comune's official projects not yet linked, by similar "
                         "title, same measure and same implementing body (score 0-100)."),
    "off_accept_title": ("Collega con un clic (il CUP entra nella scheda come nuova versione, annullabile)",
                         "Link with one click (the CUP goes into the card as a new version, reversible)"),
    "off_accept_line": ("{card} → {cup} · {title} (punteggio {score})", "{card} → {cup} · {title} (score {score})"),
    "off_accept": ("Collega", "Link"),
    "off_linked": ("Versione {n} salvata: il CUP {cup} è ora sulla scheda {card}. La cronologia della pagina Dati "
                   "permette di annullarlo.",
                   "Version {n} saved: CUP {cup} is now on card {card}. The Data page's history can undo it."),
    "card_official_title": ("Nei dati ufficiali", "In the official data"),
    "card_official_no_cup": ("Né la scheda né i suoi esiti hanno un CUP: la pagina Riscontro ufficiale suggerisce "
                             "i progetti ufficiali più simili.",
                             "Neither the card nor its outcomes have a CUP: the Official record page suggests the "
                             "most similar official projects."),
    # the Dati page's official section (ui/official_upload.py)
    "off_data_title": ("Dati ufficiali (Italia Domani, PA digitale 2026)",
                       "Official data (Italia Domani, PA digitale 2026)"),
    "off_data_help": (
        "Il registro dello Stato sugli stessi progetti, per CUP: finanziamento, pagamenti, stato, target. Scarica i "
        "file CSV dal catalogo open data di **Italia Domani** (italiadomani.gov.it › Open data: `PNRR_Progetti`, "
        "`PNRR_Localizzazione`, `PNRR_Pagamenti_di_Progetto`, `PNRR_Indicatori_Target`, `PNRR_Gare`, "
        "`PNRR_Aggiudicatari_Gare`, `PNRR_Soggetti`) e, per i bandi digitali, da **PA digitale 2026** (i file "
        "`candidature_*.csv` del repository open data teamdigitale/padigitale2026-opendata). Caricali qui anche "
        "tutti insieme, anche nazionali: il server tiene solo le righe del Comune (e i CUP delle schede) e "
        "registra un'istantanea datata, che non cambia le versioni del comitato.",
        "The State's record of the same projects, by CUP: financing, payments, state, targets. Download the CSV "
        "files from the open data catalogue of **Italia Domani** (italiadomani.gov.it › Open data: "
        "`PNRR_Progetti`, `PNRR_Localizzazione`, `PNRR_Pagamenti_di_Progetto`, `PNRR_Indicatori_Target`, "
        "`PNRR_Gare`, `PNRR_Aggiudicatari_Gare`, `PNRR_Soggetti`) and, for the digital calls, from **PA "
        "digitale 2026** (the `candidature_*.csv` files of the open data repository "
        "teamdigitale/padigitale2026-opendata). Upload them here, all together if you like, national ones too: "
        "the server keeps only the Comune's rows (and the cards' CUPs) and records a dated snapshot, which does "
        "not change the committee's versions."),
    "off_upload_label": ("File dei dati ufficiali (CSV)", "Official data files (CSV)"),
    "off_upload_help": ("Riconosciuti dalle intestazioni, non dal nome. Fino a {mb} MB per file.",
                        "Recognised by their headers, not their names. Up to {mb} MB a file."),
    "off_comment_placeholder": ("es. estrazione del portale di novembre", "e.g. the portal's November extraction"),
    "off_import": ("Importa i dati ufficiali", "Import the official data"),
    "off_importing": ("Importazione di {n} file in corso…", "Importing {n} files…"),
    "off_rejected": ("Importazione rifiutata: nulla è stato scritto.", "Import refused: nothing was written."),
    "off_imported": ("Istantanea ufficiale {n} salvata.", "Official snapshot {n} saved."),
    "off_imported_summary": ("Istantanea ufficiale {n} salvata: ora la usano tutte le pagine.\n\n{files}",
                             "Official snapshot {n} saved: every page uses it now.\n\n{files}"),
    "off_history_title": ("Istantanee ufficiali", "Official snapshots"),
    "off_history_empty": ("Nessuna istantanea ufficiale importata.", "No official snapshot imported."),
    "off_col_kind": ("Tipo", "Kind"),
    "off_col_extracted": ("Estrazione del portale", "Portal extraction"),
    "off_kind_import": ("importazione", "import"),
    "off_kind_rollback": ("ripristino dell'istantanea {n}", "restore of snapshot {n}"),
    "off_restore_pick": ("Istantanea da ripristinare", "Snapshot to restore"),
    "off_restore": ("Ripristina l'istantanea {n}", "Restore snapshot {n}"),
    "off_restore_help": ("Diventa attiva come nuova istantanea (registrata); le versioni del comitato non cambiano.",
                         "It becomes active as a new (recorded) snapshot; the committee's versions do not change."),
    "off_restored": ("Istantanea ufficiale {n} salvata: ripristina la {source}.",
                     "Official snapshot {n} saved: it restores snapshot {source}."),
}
