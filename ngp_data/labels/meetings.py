"""Labels of the meetings on record: the Novità page's "since the last meeting", and the Dati page's
"Riunioni" section (ui/meetings.py: the form, the list, removing a record)."""

from __future__ import annotations

from ._plural import Label

LABELS: dict[str, Label] = {
    # Novità: which comparison
    "meet_mode": ("Confronto", "Comparison"),
    "meet_mode_meeting": ("Dall'ultima riunione", "Since the last meeting"),
    "meet_mode_previous": ("Dal caricamento precedente", "Since the previous upload"),
    "meet_mode_chosen": ("Scegli le versioni", "Choose the versions"),
    "meet_since": ("Dalla riunione del {date} «{title}» (versione {old}) alla versione attiva {new}.",
                   "From the meeting of {date} «{title}» (version {old}) to the active version {new}."),
    "meet_no_meeting": ("Nessuna riunione registrata: confronto con il caricamento precedente.",
                        "No meeting on record: compared with the previous upload."),
    "meet_no_version": ("La riunione del {date} «{title}» non ha una versione dei dati registrata: confronto con il "
                        "caricamento precedente.",
                        "The meeting of {date} «{title}» has no data version on record: compared with the "
                        "previous upload."),
    "meet_gone": ("La versione {old} della riunione del {date} «{title}» non esiste più: confronto con il "
                  "caricamento precedente.",
                  "Version {old} of the meeting of {date} «{title}» no longer exists: compared with the previous "
                  "upload."),
    "meet_same": ("Nessuna modifica dall'ultima riunione del {date} «{title}»: la versione attiva {n} è quella "
                  "mostrata quel giorno.",
                  "No change since the last meeting of {date} «{title}»: the active version {n} is the one shown "
                  "that day."),
    # Dati: the section
    "meet_title": ("Riunioni", "Meetings"),
    "meet_help": ("Le riunioni del tavolo di coordinamento, con la versione dei dati e l'istantanea ufficiale "
                  "mostrate quel giorno. La pagina **Novità** mostra cosa è cambiato dall'ultima riunione. "
                  "Registrare una riunione non cambia i dati.",
                  "The coordination table's meetings, with the data version and the official snapshot shown that "
                  "day. The **What changed** page shows what changed since the last meeting. Recording a meeting "
                  "does not change the data."),
    "meet_form_title": ("Registra una riunione", "Record a meeting"),
    "meet_date": ("Data della riunione", "Meeting date"),
    "meet_name": ("Titolo", "Title"),
    "meet_default_name": ("Tavolo di coordinamento {date}", "Tavolo di coordinamento {date}"),
    "meet_notes": ("Note", "Notes"),
    "meet_decisions": ("Decisioni", "Decisions"),
    "meet_will_record": ("Saranno registrate la versione dei dati e l'istantanea ufficiale attive alla data della "
                         "riunione: per una riunione di oggi, la versione {version} e l'istantanea ufficiale "
                         "{snapshot}.",
                         "The data version and the official snapshot active on the meeting's date will be recorded: "
                         "for a meeting held today, version {version} and official snapshot {snapshot}."),
    "meet_none": ("nessuna", "none"),
    "meet_submit": ("Registra la riunione", "Record the meeting"),
    "meet_saved": ("Riunione del {date} «{title}» registrata (versione dei dati {version}, istantanea ufficiale "
                   "{snapshot}).",
                   "Meeting of {date} «{title}» recorded (data version {version}, official snapshot {snapshot})."),
    "meet_readonly": ("Solo chi può modificare i dati può registrare una riunione.",
                      "Only those who can edit the data can record a meeting."),
    "meet_empty": ("Nessuna riunione registrata.", "No meeting on record."),
    "meet_col_date": ("Data", "Date"),
    "meet_col_title": ("Titolo", "Title"),
    "meet_col_version": ("Versione dei dati", "Data version"),
    "meet_col_snapshot": ("Istantanea ufficiale", "Official snapshot"),
    "meet_col_author": ("Registrata da", "Recorded by"),
    "meet_col_notes": ("Note e decisioni", "Notes and decisions"),
    "meet_details": ("{date} · {title}", "{date} · {title}"),
    "meet_nothing_written": ("Nessuna nota né decisione.", "No notes or decisions."),
    "meet_delete_pick": ("Riunione da eliminare (registrata per errore)", "Meeting to remove (recorded by mistake)"),
    "meet_delete_ask": ("Elimina la riunione…", "Remove the meeting…"),
    "meet_delete_warning": ("La riunione del {date} «{title}» sarà tolta dall'elenco; i dati non cambiano. "
                            "Confermi?",
                            "The meeting of {date} «{title}» will be removed from the list; the data do not change. "
                            "Confirm?"),
    "meet_delete_confirm": ("Sì, elimina", "Yes, remove"),
    "meet_cancel": ("Annulla", "Cancel"),
    "meet_deleted": ("Riunione del {date} «{title}» eliminata.", "Meeting of {date} «{title}» removed."),
}
