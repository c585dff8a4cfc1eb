"""Labels of the presenter (views/presentazione.py: one screen per idea for the projector) and of the live
notice every page shows when newer data is confirmed while it is open (ui/live.py)."""

from __future__ import annotations

from ._plural import Label, plural

LABELS: dict[str, Label] = {
    "page_presenter": ("Presentazione", "Presentation"),
    "pres_open": ("Presenta alla riunione", "Present at the meeting"),
    "pres_open_help": ("Una schermata per idea, a caratteri grandi, per il proiettore; si scorre con le frecce "
                       "o con il telecomando (Pagina giù / Pagina su). I filtri restano quelli scelti.",
                       "One screen per idea, in large type, for the projector; move with the arrow keys or "
                       "a clicker (Page Down / Page Up). The chosen filters stay."),
    "pres_prev": ("Indietro", "Back"),
    "pres_next": ("Avanti", "Next"),
    "pres_exit": ("Esci", "Exit"),
    "pres_counter": ("{n} / {total}", "{n} / {total}"),
    # the screens' titles
    "pres_s_kpis": ("Il portafoglio in cifre", "The portfolio in figures"),
    "pres_s_missions": ("Avanzamento per missione", "Progress by mission"),
    "pres_s_outcomes": ("Esiti delle candidature", "Outcomes of the applications"),
    "pres_s_payments": ("Pagamenti nel tempo", "Payments over time"),
    "pres_s_coverage": ("Copertura del budget", "Budget coverage"),
    "pres_s_where": ("Il budget di ogni missione", "Each mission's budget"),
    "pres_s_partners": ("Partner: richiesto e concesso", "Partners: requested and granted"),
    "pres_s_attention": ("Da seguire", "To follow up"),
    "pres_s_changes": ("Novità dall'ultima riunione", "What changed since the last meeting"),
    "pres_s_deadlines": ("Scadenze dei prossimi 60 giorni", "Deadlines in the next 60 days"),
    "pres_s_official": ("Il riscontro ufficiale", "The official record"),
    "pres_s_end": ("Fine", "End"),
    # the frame of every screen
    "pres_filters": ("Filtri: {filters}", "Filters: {filters}"),
    "pres_no_filters": ("Tutto il portafoglio (nessun filtro)", "The whole portfolio (no filter)"),
    "pres_version": ("Dati: versione {n} del {date}", "Data: version {n} of {date}"),
    "pres_snapshot": ("dati ufficiali del {date}", "official data of {date}"),
    "pres_demo": ("dati dimostrativi", "demo data"),
    "pres_more": plural(("… e {n} altra", "… e altre {n}"), ("… and {n} more", "… and {n} more")),
    "pres_more_rows": plural(("… e {n} altra riga", "… e altre {n} righe"),
                             ("… and {n} more row", "… and {n} more rows")),
    # screens' text
    "pres_no_snapshot": ("Nessun dato ufficiale importato: questa schermata si riempie dopo l'import nella pagina "
                         "Dati.", "No official data imported: this screen fills in after an import on the Data page."),
    "pres_no_cup": ("Nessuna scheda ha un CUP collegato ai dati ufficiali: non ci sono pagamenti da seguire.",
                    "No card has a CUP linked to the official data: there are no payments to follow."),
    "pres_att_counts": ("Segnalazioni: {counts}", "Flags: {counts}"),
    "pres_att_none": ("Nessuna scheda da seguire: tutto in regola.", "No card to follow up: all in order."),
    "pres_chg_since_meeting": ("Dalla riunione del {date} («{title}», versione {old}) alla versione {new} del "
                               "{new_date}.",
                               "From the meeting of {date} (\u201c{title}\u201d, version {old}) to version {new} "
                               "of {new_date}."),
    "pres_chg_no_meeting": ("Nessuna riunione registrata: confronto con la versione precedente, dalla {old} del "
                            "{old_date} alla {new} del {new_date}.",
                            "No meeting on record: compared with the previous version, from {old} of {old_date} "
                            "to {new} of {new_date}."),
    "pres_chg_same": ("Nessun dato nuovo dalla riunione del {date}: si mostra ancora la versione {n}.",
                      "No new data since the meeting of {date}: version {n} is still shown."),
    "pres_chg_one": ("C'è una sola versione dei dati: non c'è ancora nulla da confrontare.",
                     "There is only one data version: nothing to compare yet."),
    "pres_chg_nothing": ("Nessuna differenza nelle schede mostrate.", "No difference in the cards shown."),
    "pres_deadlines_none": ("Nessuna scadenza nei prossimi 60 giorni.", "No deadline in the next 60 days."),
    "pres_partners_top": ("I {n} partner con più richieste, come proponenti.",
                          "The {n} partners with the most requested, as applicants."),
    "pres_end_thanks": ("Grazie. I dati mostrati sono la versione {n} del {date}.",
                        "Thank you. The data shown is version {n} of {date}."),
    "pres_end_record": ("Registra la riunione", "Record the meeting"),
    "pres_end_last": ("Ultima riunione registrata: {date}, «{title}».", "Last meeting on record: {date}, "
                      "\u201c{title}\u201d."),
    # the live notice (every page)
    "live_new_version": ("Sono disponibili dati aggiornati (versione {n}).",
                         "Updated data is available (version {n})."),
    "live_new_snapshot": ("Sono disponibili dati ufficiali aggiornati (istantanea {n}).",
                          "Updated official data is available (snapshot {n})."),
    "live_refresh": ("Aggiorna", "Refresh"),
}
