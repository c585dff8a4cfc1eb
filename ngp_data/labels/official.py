"""Labels of the official import (the Dati page's progress and summary, the command line's words)."""

from __future__ import annotations

from ._plural import Label, plural

LABELS: dict[str, Label] = {
    # the stages of ngp_data.official.import_official, as its progress callback names them
    "official_stage_checked": ("riconosciuto", "recognised"),
    "official_stage_read": ("letto", "read"),
    "official_stage_kept": ("filtrato per il Comune", "filtered for the Comune"),
    "official_stage_converted": ("convertito", "converted"),
    "official_stage_committed": ("salvato", "saved"),
    "official_progress": ("{file}: {stage} ({read}, {kept})", "{file}: {stage} ({read}, {kept})"),
    "official_file_summary": ("{file}: {table}, {read}, {kept} per il Comune {comune}, estrazione {extracted}",
                              "{file}: {table}, {read}, {kept} for the Comune {comune}, extracted on {extracted}"),
    "official_rows_read": plural(("{n} riga letta", "{n} righe lette"), ("{n} row read", "{n} rows read")),
    "official_rows_kept": plural(("{n} tenuta", "{n} tenute"), ("{n} kept", "{n} kept")),
    "official_imported": ("importata l'istantanea ufficiale {snapshot}.", "official snapshot {snapshot} imported."),
    "official_dry_run": ("controllo superato, nulla scritto.", "check passed, nothing written."),
    "official_snapshot_rows": plural(("{n} riga", "{n} righe"), ("{n} row", "{n} rows")),
}
