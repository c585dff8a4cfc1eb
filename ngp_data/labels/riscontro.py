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
}
