"""Labels of the committee pages: Missioni, Partner, Budget, Bandi ed esiti, Scheda progetto, Novità."""

from __future__ import annotations

from ._plural import Label, plural

LABELS: dict[str, Label] = {
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
    # Bandi ed esiti, Scheda progetto, Novità pages (views/bandi.py, scheda.py, novita.py; ui/changes.py)
    "calls_kpi_calls": ("Bandi", "Calls"),
    "calls_kpi_open": ("Bandi aperti", "Open calls"),
    "calls_kpi_open_help": ("Bandi con scadenza da oggi in poi.", "Calls whose deadline is today or later."),
    "calls_kpi_soon": ("Scadenze entro 60 giorni", "Deadlines within 60 days"),
    "calls_kpi_next": ("Prossima: {call} il {date}.", "Next: {call} on {date}."),
    "calls_no_deadline": plural(("{n} bando senza scadenza non compare nella cronologia.",
                                  "{n} bandi senza scadenza non compaiono nella cronologia."),
                                 ("{n} call without a deadline is not shown in the timeline.",
                                  "{n} calls without a deadline are not shown in the timeline.")),
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
    "chg_new_card": plural(("{n} nuova scheda", "{n} nuove schede"), ("{n} new card", "{n} new cards")),
    "chg_removed_card": plural(("{n} scheda tolta", "{n} schede tolte"), ("{n} card removed", "{n} cards removed")),
    "chg_updated_card": plural(("{n} scheda aggiornata", "{n} schede aggiornate"),
                               ("{n} card updated", "{n} cards updated")),
    "chg_new_request": plural(("{n} nuova candidatura", "{n} nuove candidature"),
                              ("{n} new application", "{n} new applications")),
    "chg_removed_request": plural(("{n} candidatura tolta", "{n} candidature tolte"),
                                  ("{n} application removed", "{n} applications removed")),
    "chg_outcome": plural(("{n} esito cambiato", "{n} esiti cambiati"),
                          ("{n} outcome changed", "{n} outcomes changed")),
    "chg_amount": plural(("{n} importo modificato", "{n} importi modificati"),
                         ("{n} amount changed", "{n} amounts changed")),
    "chg_new_call": plural(("{n} nuovo bando", "{n} nuovi bandi"), ("{n} new call", "{n} new calls")),
    "chg_removed_call": plural(("{n} bando tolto", "{n} bandi tolti"), ("{n} call removed", "{n} calls removed")),
    "chg_requested_delta": ("importi richiesti {delta}", "amounts requested {delta}"),
    "chg_granted_delta": ("importi concessi {delta}", "amounts granted {delta}"),
}
