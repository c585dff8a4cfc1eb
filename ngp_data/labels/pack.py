"""Labels of the meeting pack (the PDF dossier: ngp_data/output/pack.py, the Esporta page's section, the CLI)."""

from __future__ import annotations

from ._plural import Label, plural

LABELS: dict[str, Label] = {
    # the document
    "pack_title": ("Dossier della riunione", "Meeting pack"),
    "pack_subtitle": ("Next Generation Prato · tavolo di coordinamento", "Next Generation Prato · coordination table"),
    "pack_date": ("Data", "Date"),
    "pack_version": ("Dati", "Data"),
    "pack_version_value": ("versione {n} del {date}, caricata da {author}",
                           "version {n} of {date}, uploaded by {author}"),
    "pack_official": ("Dati ufficiali", "Official data"),
    "pack_official_value": ("istantanea {n} del {date}, estratti dal portale il {extracted}",
                            "snapshot {n} of {date}, extracted from the portal on {extracted}"),
    "pack_official_none": ("nessuna istantanea importata", "no snapshot imported"),
    "pack_since": ("Confronto con", "Compared with"),
    "pack_since_meeting": ("versione {n} del {date}, mostrata alla riunione del {held} ({title})",
                           "version {n} of {date}, shown at the meeting of {held} ({title})"),
    "pack_since_version": ("versione {n} del {date} (la precedente)", "version {n} of {date} (the previous one)"),
    "pack_since_none": ("nessuna versione precedente", "no earlier version"),
    "pack_filters": ("Filtri applicati", "Filters applied"),
    "pack_filters_none": ("Nessun filtro: tutto il portafoglio.", "No filter: the whole portfolio."),
    "pack_demo": ("Dati dimostrativi (illustrativi): il portafoglio mostrato è un esempio costruito con i partner e "
                  "le misure PNRR reali, non i dati ufficiali delle schede.",
                  "Illustrative demo data: this portfolio is an example built with the real partners and PNRR "
                  "measures, not the cards' official data."),
    "pack_contents": ("Contenuto", "Contents"),
    "pack_page": ("Pagina", "Page"),
    "pack_of": ("di", "of"),
    "pack_footer": ("NGP Monitor · dossier del {date} · dati versione {n}",
                    "NGP Monitor · pack of {date} · data version {n}"),
    "pack_col_table": ("Tabella", "Table"),
    "pack_col_changes": ("Modifiche", "Changes"),
    "pack_changes_same": ("La versione confrontata è quella attiva: nessuna modifica da mostrare.",
                          "The version compared is the active one: no change to show."),
    "pack_unchanged": ("Tabelle senza modifiche: {tables}.", "Tables without changes: {tables}."),
    "pack_more_lines": plural(("… e ancora {n} segnalazione (pagina Da seguire).",
                               "… e ancora {n} segnalazioni (pagina Da seguire)."),
                              ("… and {n} more flag (Needs attention page).",
                               "… and {n} more flags (Needs attention page).")),
    "pack_targets_note": ("Target ufficiali dei CUP collegati alle schede.",
                          "Official targets of the CUPs linked to the cards."),
    "pack_no_charts": ("Nessun dato da rappresentare per la selezione.", "Nothing to chart for the selection."),
    # stages (the page's progress bar, the CLI's lines)
    "pack_stage_data": ("Lettura dei dati", "Reading the data"),
    "pack_stage_charts": ("Preparazione dei grafici", "Preparing the charts"),
    "pack_stage_export": ("Esportazione dei grafici ({i} di {n})", "Exporting the charts ({i} of {n})"),
    "pack_stage_typeset": ("Impaginazione del PDF", "Typesetting the PDF"),
    "pack_stage_done": ("Dossier pronto", "Pack ready"),
    # errors (PackError's message)
    "pack_err_browser": ("Impossibile esportare i grafici: il browser Chromium usato da kaleido non si avvia o non è "
                         "installato ({detail}). Installare il pacchetto di sistema chromium, oppure indicare il "
                         "percorso del browser nella variabile BROWSER_PATH.",
                         "The charts cannot be exported: the Chromium browser kaleido uses does not start or is not "
                         "installed ({detail}). Install the system package chromium, or set BROWSER_PATH to the "
                         "browser's path."),
    "pack_err_missing": ("Impossibile creare il dossier: manca il pacchetto Python {name} (vedi requirements.txt).",
                         "The pack cannot be made: the Python package {name} is missing (see requirements.txt)."),
    "pack_err_typeset": ("Impossibile impaginare il dossier: errore di typst ({detail}).",
                         "The pack cannot be typeset: typst error ({detail})."),
    "pack_err_no_data": ("Nessuna versione dei dati: caricare prima un file nella pagina Dati.",
                         "No data version yet: upload a file on the Data page first."),
    "pack_cli_done": ("dossier della versione {n} scritto in {path} ({size} KB).",
                      "pack of version {n} written to {path} ({size} KB)."),
    # the Esporta page's section
    "pack_section": ("Dossier della riunione (PDF)", "Meeting pack (PDF)"),
    "pack_intro": ("Un PDF da proiettare o allegare al verbale: copertina con versione, filtri e istantanea "
                   "ufficiale, gli indicatori della Panoramica, i grafici del comitato, le novità dall'ultima "
                   "riunione, le schede da seguire, le scadenze e il riscontro ufficiale.",
                   "A PDF to project or attach to the minutes: a cover with version, filters and official "
                   "snapshot, the Overview's figures, the committee's charts, what changed since the last "
                   "meeting, the cards needing attention, deadlines and the official record."),
    "pack_button": ("Scarica il dossier della riunione", "Download the meeting pack"),
    "pack_save": ("Salva il PDF", "Save the PDF"),
    "pack_ready": ("Dossier pronto ({size}): salvarlo con il pulsante qui sotto.",
                   "Pack ready ({size}): save it with the button below."),
}
