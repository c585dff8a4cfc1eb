"""Labels of the follow-up: money through its stages (erogato, da erogare), official payments over time and
the official targets (``analytics.followup``)."""

from __future__ import annotations

from ._plural import Label, plural

LABELS: dict[str, Label] = {
    # KPIs: which source each figure comes from (help) and what it is (note)
    "kpi_to_disburse": ("Da erogare", "Still to disburse"),
    "kpi_disbursed_help": (
        "Fonte: il comitato, somma dell'«Importo erogato» delle candidature filtrate (foglio Esiti): {amount}.",
        "Source: the committee, sum of the «Amount disbursed» of the filtered applications (Outcomes sheet): "
        "{amount}."),
    "kpi_disbursed_official": plural(
        (" Dati ufficiali (Italia Domani, estratti il {date}): pagato PNRR {paid} sull'unico CUP collegato "
         "con pagamenti.",
         " Dati ufficiali (Italia Domani, estratti il {date}): pagato PNRR {paid} sui {n} CUP collegati "
         "con pagamenti."),
        (" Official data (Italia Domani, extracted on {date}): PNRR paid {paid} on the one linked CUP with "
         "payments.",
         " Official data (Italia Domani, extracted on {date}): PNRR paid {paid} on the {n} linked CUPs with "
         "payments.")),
    "kpi_disbursed_no_official": (" Nessun CUP collegato ha pagamenti nei dati ufficiali.",
                                  " No linked CUP has payments in the official data."),
    "kpi_disbursed_note": ("= somma «Importo erogato»: {pct} del concesso",
                           "= sum of «Amount disbursed»: {pct} of granted"),
    "kpi_to_disburse_help": ("Fonte: il comitato. Concesso − erogato: {granted} − {disbursed}.",
                             "Source: the committee. Granted − disbursed: {granted} − {disbursed}."),
    "kpi_to_disburse_note": ("= concesso − erogato", "= granted − disbursed"),
    # payments over time
    "ch_payments_portfolio": ("Pagamenti nel tempo: CUP collegati alle schede",
                              "Payments over time: CUPs linked to the cards"),
    "ch_payments_card": ("Pagamenti nel tempo: CUP della scheda", "Payments over time: the card's CUPs"),
    "series_official_paid": ("Pagato PNRR (ufficiale)", "PNRR paid (official)"),
    "series_official_paid_total": ("Pagato totale (ufficiale)", "Total paid (official)"),
    "series_disbursed": ("Erogato (comitato, oggi)", "Disbursed (committee, today)"),
    "series_disbursed_linked": ("Erogato alle schede collegate (comitato, oggi)",
                                "Disbursed to the linked cards (committee, today)"),
    "payments_axis_date": ("Data di estrazione dei dati ufficiali", "Extraction date of the official data"),
    "payments_one_point": ("Una sola istantanea ufficiale: un solo punto (ogni nuova importazione ne aggiunge uno).",
                           "One official snapshot only: a single point (every new import adds one)."),
    "payments_help": plural(
        ("Ogni punto è un'istantanea ufficiale, alla sua data di estrazione: il pagato PNRR dell'unico CUP "
         "collegato oggi con pagamenti.",
         "Ogni punto è un'istantanea ufficiale, alla sua data di estrazione: il pagato PNRR dei {n} CUP "
         "collegati oggi con pagamenti."),
        ("Each point is an official snapshot, at its extraction date: PNRR paid on the one CUP linked today "
         "with payments.",
         "Each point is an official snapshot, at its extraction date: PNRR paid on the {n} CUPs linked today "
         "with payments.")),
    "payments_diamond_card": ("Il rombo è l'erogato della scheda secondo il comitato.",
                              "The diamond is the card's amount disbursed according to the committee."),
    "payments_diamond_linked": plural(
        ("Il rombo è l'erogato secondo il comitato all'unica scheda con un CUP nei dati ufficiali.",
         "Il rombo è l'erogato secondo il comitato alle {n} schede con un CUP nei dati ufficiali."),
        ("The diamond is the amount disbursed according to the committee to the one card with a CUP in the "
         "official data.",
         "The diamond is the amount disbursed according to the committee to the {n} cards with a CUP in the "
         "official data.")),
    "payments_no_cup": ("Nessun CUP collegato: nessun pagamento ufficiale da seguire.",
                        "No linked CUP: no official payment to follow."),
    # paid share by mission
    "ch_paid_mission": ("Concesso ed erogato per missione", "Granted and disbursed by mission"),
    "paid_share_of": ("{pct} erogato", "{pct} disbursed"),
    "paid_share_note": ("Quota erogata = erogato ÷ concesso (dati del comitato); pagato PNRR ufficiale: CUP "
                        "collegati alle schede della missione.",
                        "Share disbursed = disbursed ÷ granted (committee's data); official PNRR paid: CUPs "
                        "linked to the mission's cards."),
    "partners_paid_help": ("Erogato: somma dell'«Importo erogato» delle candidature presentate dal partner; "
                           "quota erogata = erogato ÷ concesso.",
                           "Disbursed: sum of the «Amount disbursed» of the partner's applications; share "
                           "disbursed = disbursed ÷ granted."),
    "paid_share_cards_note": ("Erogato: somma dell'«Importo erogato» delle candidature della scheda; quota "
                              "erogata = erogato ÷ concesso; da erogare = concesso − erogato.",
                              "Disbursed: sum of the «Amount disbursed» of the card's applications; share "
                              "disbursed = disbursed ÷ granted; still to disburse = granted − disbursed."),
    # targets
    "targets_title": ("Target ufficiali", "Official targets"),
    "targets_card_none": ("Nessun indicatore target nei dati ufficiali per i CUP della scheda.",
                          "No target indicator in the official data for the card's CUPs."),
    "targets_missions_title": ("Target ufficiali per missione", "Official targets by mission"),
    "targets_missions_none": ("Nessun indicatore target ufficiale per i CUP delle schede mostrate.",
                              "No official target indicator for the CUPs of the cards shown."),
    "ch_targets_mission": ("Target raggiunti e non raggiunti per missione", "Targets met and not met by mission"),
    "target_met": ("Raggiunto", "Met"),
    "target_not_met": ("Non raggiunto", "Not met"),
    "target_in_progress": ("In corso", "In progress"),
    "target_not_reported": ("Non rilevato", "Not reported"),
    "targets_rule": (
        "Raggiunto: realizzato ≥ programmato. Non raggiunto: realizzato < programmato e scadenza (fine del mese "
        "indicato; senza mese, 31/08/2026) passata. In corso: non ancora scaduto. Non rilevato: nessun valore "
        "realizzato, o nessun programmato da confrontare.",
        "Met: achieved ≥ planned. Not met: achieved < planned and the due date (end of the month given; "
        "without one, 31/08/2026) passed. In progress: not due yet. Not reported: no achieved value, or no "
        "planned value to compare with."),
    "kpi_targets_met": ("Target raggiunti", "Targets met"),
    "kpi_targets_met_note": ("= raggiunti ÷ target ({met} ÷ {n})", "= met ÷ targets ({met} ÷ {n})"),
    "kpi_targets_not_met": ("Target non raggiunti", "Targets not met"),
    "kpi_targets_not_met_note": ("= non raggiunti ÷ target ({k} ÷ {n})", "= not met ÷ targets ({k} ÷ {n})"),
}
