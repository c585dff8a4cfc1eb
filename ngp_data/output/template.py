"""The empty upload template, derived from the schema: an instructions sheet, one sheet per table with
its headers (required ones coloured, a note on each), drop-downs for the closed lists (kept on a hidden
"Liste" sheet) and suggestions for references to other sheets.
"""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter

from .. import kinds
from ..schema import COMPONENTS, INSTRUCTIONS_SHEET, LISTS_SHEET, MISSIONS, TABLE_BY_NAME, TABLES, Column, Table
from .cells import MAX_WIDTH, Formats, Target, new_workbook, put_text

TEMPLATE_ROWS = 5000                    # drop-downs and formats cover rows 2..TEMPLATE_ROWS

# What each sheet is for, shown on the template's instructions sheet.
TABLE_HELP_IT: dict[str, str] = {
    "partners": "I soggetti: firmatari del protocollo e altri attori dei progetti.",
    "projects": "Le schede progetto di Next Generation Prato (una riga per scheda).",
    "project_partners": "Chi partecipa a ogni scheda: una riga per coppia scheda–partner, con il ruolo.",
    "calls": "I bandi e le altre opportunità di finanziamento (PNRR, PNC, fondi 2021–27, Regione…).",
    "requests": "Le candidature: quale scheda, su quale bando, chi la presenta e quanto chiede.",
    "outcomes": "L'esito di ogni candidatura (al più una riga per candidatura); "
                "senza riga la candidatura è in attesa.",
}

# How each kind is to be typed, on the column notes and the instructions sheet.
_KIND_HELP_IT = {
    kinds.TEXT: "testo",
    kinds.CODE: "codice (testo)",
    kinds.CUP_KIND: "CUP: 15 caratteri, es. C34E21000450006",
    kinds.MISSION: "missione: M1…M7 (elenco)",
    kinds.COMPONENT: "componente: es. M5C2 (elenco)",
    kinds.MEASURE: "misura PNRR, es. M5C2 I2.1 o M2C1 I1.2 Linea D",
    kinds.CHOICE: "elenco",
    kinds.AMOUNT: "importo in euro: numero o testo come 1.234,56",
    kinds.DATE: "data: gg/mm/aaaa",
    kinds.BOOL: "sì / no",
    kinds.PARTNER: "ID o nome esatto di un partner",
    kinds.TAX_CODE: "codice fiscale o partita IVA: 11 cifre (16 caratteri per una persona)",
}
# Identifiers: their cells are formatted as text, so Excel keeps what is typed (0123 stays 0123).
_IDENTIFIERS = frozenset({kinds.CODE, kinds.CUP_KIND, kinds.PARTNER, kinds.TAX_CODE})
# A partner column takes a partner's exact name as well as its ID; its help already says where from.
_BY_NAME_TOO = frozenset({kinds.PARTNER})
# The drop-down of the kinds with a closed list of their own (a choice column has its own choices).
_KIND_LISTS: dict[str, tuple[str, ...]] = {
    kinds.MISSION: tuple(MISSIONS), kinds.COMPONENT: tuple(COMPONENTS), kinds.BOOL: kinds.YES_NO["it"],
}


def write_template(target: Target, *, created: dt.datetime | None = None) -> None:
    """Write the empty upload template: instructions, one sheet per table with headers, drop-downs."""
    workbook = new_workbook(target, created=created or dt.datetime(2026, 1, 1))
    fmt = Formats(workbook)
    instructions = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    sheets = {t_.name: workbook.add_worksheet(t_.sheet) for t_ in TABLES}
    lists = workbook.add_worksheet(LISTS_SHEET)
    list_ranges = _write_lists(lists, fmt)
    lists.hide()
    _write_instructions(instructions, fmt)
    for table in TABLES:
        _write_template_sheet(sheets[table.name], fmt, table, list_ranges)
    instructions.activate()
    workbook.close()


def template_workbook() -> bytes:
    """The template as bytes (the Dati page's download)."""
    buffer = io.BytesIO()
    write_template(buffer)
    return buffer.getvalue()


def column_list(col: Column) -> tuple[str, ...]:
    """The closed list of values a column accepts in the template's drop-down (empty: free input)."""
    if col.choices:
        return tuple(it for it, _ in col.choices)
    return _KIND_LISTS.get(col.kind, ())


def _write_lists(ws, fmt: Formats) -> dict[tuple[str, ...], str]:
    """Every distinct closed list in its own column of the hidden sheet; values -> range reference."""
    ranges: dict[tuple[str, ...], str] = {}
    for table in TABLES:
        for col in table.columns:
            values = column_list(col)
            if not values or values in ranges:
                continue
            c = len(ranges)
            put_text(ws, fmt, 0, c, col.it, "bold")
            for r, value in enumerate(values, start=1):
                put_text(ws, fmt, r, c, value)
            letter = xlsxwriter.utility.xl_col_to_name(c)
            ranges[values] = f"={LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
            ws.set_column(c, c, max(len(v) for v in values) + 2)
    return ranges


def _write_template_sheet(ws, fmt: Formats, table: Table, list_ranges: dict[tuple[str, ...], str]) -> None:
    last = TEMPLATE_ROWS - 1
    for c, col in enumerate(table.columns):
        put_text(ws, fmt, 0, c, col.it, "header_required" if col.required else "header")
        ws.write_comment(0, c, _column_note(col), {"x_scale": 2, "y_scale": 1.2})
        width = max(len(col.it) + 4, 12, *(len(v) + 2 for v in column_list(col)))
        ws.set_column(c, c, min(width, MAX_WIDTH), _cell_format(fmt, col))
        values = column_list(col)
        if values:
            ws.data_validation(1, c, last, c, {
                "validate": "list", "source": list_ranges[values], "ignore_blank": True,
                "error_type": "warning", "error_title": "Valore fuori elenco",
                "error_message": "Scegli un valore dall'elenco (l'importazione accetta anche le forme "
                                 "indicate nel foglio Istruzioni).",
            })
        elif col.ref:
            ref = _ref_range(col)
            if ref:                      # suggest the keys typed in the referenced sheet, never refuse
                ws.data_validation(1, c, last, c, {
                    "validate": "list", "source": ref, "ignore_blank": True, "error_type": "information",
                    "error_title": "Riferimento", "error_message": _ref_message(col),
                })
    ws.set_row(0, 30)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, 0, len(table.columns) - 1)


def _cell_format(fmt: Formats, col: Column):
    """The format of the column's empty cells: the kind's number format, or text for identifiers."""
    kind = kinds.KINDS[col.kind]
    if kind.excel_format:
        return fmt.get(kind.name)
    return fmt.get("keep_text") if col.kind in _IDENTIFIERS else None


def _ref_range(col: Column) -> str | None:
    """The referenced table's key column in its own sheet, e.g. ='Partner'!$A$2:$A$5000."""
    target = TABLE_BY_NAME[col.ref]
    if len(target.key) != 1:
        return None
    letter = xlsxwriter.utility.xl_col_to_name(target.names.index(target.key[0]))
    return f"='{target.sheet}'!${letter}$2:${letter}${TEMPLATE_ROWS}"


def _ref_message(col: Column) -> str:
    target = TABLE_BY_NAME[col.ref]
    key = target.column(target.key[0]).it
    extra = " o il nome esatto" if col.kind in _BY_NAME_TOO else ""
    return f"Scrivi un {key}{extra} presente nel foglio {target.sheet}."


def _column_note(col: Column) -> str:
    parts = [_requirement(col), _format_help(col)]
    if col.help_it and col.help_it not in parts:
        parts.append(col.help_it)
    return "\n".join(parts)


def _requirement(col: Column) -> str:
    if col.required and col.nonempty:
        return "Obbligatoria, da compilare in ogni riga"
    if col.required:
        return "Obbligatoria (la colonna deve esserci; la cella può restare vuota)"
    return "Facoltativa"


def _format_help(col: Column) -> str:
    if col.choices:
        return "elenco: " + " · ".join(it for it, _ in col.choices)
    text = _KIND_HELP_IT[col.kind]
    if col.ref and col.kind not in _BY_NAME_TOO:
        target = TABLE_BY_NAME[col.ref]
        text += f"; deve esistere nel foglio {target.sheet}"
    return text


def _write_instructions(ws, fmt: Formats) -> None:
    lines = [
        "Modello per il caricamento dei dati di Next Generation Prato (NGP Monitor).",
        "Ogni foglio è una tabella: compila una riga per elemento, senza cambiare le intestazioni "
        "(l'ordine delle colonne non conta; le colonne sconosciute sono ignorate con un avviso).",
        "Puoi caricare il file intero o solo alcuni fogli: i fogli assenti restano come sono.",
        "Intestazioni in arancione: colonne obbligatorie. Le note sulle intestazioni spiegano ogni colonna.",
        "Importi: numeri o testo all'italiana (1.234,56 · € 1.234 · 1.234.567); "
        "cella vuota = non noto, mai 0.",
        "Date: date vere di Excel o testo gg/mm/aaaa.",
        "Sì/no: sì, si, no, x, vero, falso.",
        "Partner (Capofila, Proponente, ID partner): l'ID del partner o il suo nome esatto.",
        "Misure PNRR: anche nelle forme M5C2 I2.1, m5c2 i 2.1, M2C1.1 I1.2 Linea D.",
        "I fogli nascosti (come «Liste», che contiene gli elenchi a discesa) sono ignorati.",
        "Formati accettati: .xlsx, .xlsm, .xls, .ods, oppure un .csv per foglio (es. candidature.csv).",
    ]
    put_text(ws, fmt, 0, 0, "NGP Monitor – istruzioni", "title")
    for r, line in enumerate(lines, start=2):
        put_text(ws, fmt, r, 0, line)
    row = len(lines) + 3
    for c, head in enumerate(("Foglio", "Colonna", "Obbligatoria", "Formato", "Note")):
        put_text(ws, fmt, row, c, head, "header")
    for table in TABLES:
        row += 1
        put_text(ws, fmt, row, 0, table.sheet, "bold")
        put_text(ws, fmt, row, 1, TABLE_HELP_IT.get(table.name, ""))
        for col in table.columns:
            row += 1
            put_text(ws, fmt, row, 0, table.sheet)
            put_text(ws, fmt, row, 1, col.it, "header_required" if col.required else "wrap")
            put_text(ws, fmt, row, 2, _requirement(col), "wrap")
            put_text(ws, fmt, row, 3, _format_help(col), "wrap")
            if col.help_it and col.help_it != _format_help(col):
                put_text(ws, fmt, row, 4, col.help_it, "wrap")
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 24)
    ws.set_column(2, 2, 34)
    ws.set_column(3, 3, 60)
    ws.set_column(4, 4, 45)
