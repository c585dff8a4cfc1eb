"""Formatted Excel files derived from the schema: the export of the tables and the empty template.

Both are written with XlsxWriter and never let user text become a formula, a link or a number, so a
file we hand out is safe to open and reads back through the import exactly as it was written.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from decimal import Decimal
from typing import IO, Any

import numpy as np
import pandas as pd
import xlsxwriter

from .schema import (
    AMOUNT,
    BOOL,
    CHOICE,
    CODE,
    COMPONENT,
    COMPONENTS,
    CUP_KIND,
    DATE,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    MEASURE,
    MISSION,
    MISSIONS,
    PARTNER,
    TABLE_BY_NAME,
    TABLES,
    TEXT,
    Column,
    Table,
    choice_label,
)

Target = str | os.PathLike | IO[bytes]

AMOUNT_FORMAT = '#,##0.00\\ "€"'       # Excel's own spelling of "1.234,56 €" (shown with local separators)
DATE_FORMAT = "dd/mm/yyyy"
TEMPLATE_ROWS = 5000                    # drop-downs and formats cover rows 2..TEMPLATE_ROWS
YES_NO = {"it": ("sì", "no"), "en": ("yes", "no")}

_WORKBOOK_OPTIONS = {
    "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "in_memory": True,
}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EXCEL_MAX_TEXT = 32767
_MIN_WIDTH, _MAX_WIDTH = 8, 60

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

_KIND_HELP_IT = {
    TEXT: "testo",
    CODE: "codice (testo)",
    CUP_KIND: "CUP: 15 caratteri, es. C34E21000450006",
    MISSION: "missione: M1…M7 (elenco)",
    COMPONENT: "componente: es. M5C2 (elenco)",
    MEASURE: "misura PNRR, es. M5C2 I2.1 o M2C1 I1.2 Linea D",
    CHOICE: "elenco",
    AMOUNT: "importo in euro: numero o testo come 1.234,56",
    DATE: "data: gg/mm/aaaa",
    BOOL: "sì / no",
    PARTNER: "ID o nome esatto di un partner",
}


# --- public API ------------------------------------------------------------------------------------

def write_tables(frames: dict[str, pd.DataFrame], target: Target, lang: str = "it", *,
                 created: dt.datetime | None = None) -> None:
    """Write one formatted sheet per table (schema order, only the tables in ``frames``).

    Frames use the schema's English column names; missing columns are written empty, extra ones
    ignored. ``created`` fixes the workbook's creation date so the same data gives the same bytes.
    """
    workbook = _workbook(target, created)
    fmt = _Formats(workbook)
    for table in TABLES:
        if table.name in frames:
            _write_table_sheet(workbook, fmt, table, frames[table.name], lang)
    workbook.close()


def write_template(target: Target, *, created: dt.datetime | None = None) -> None:
    """Write the empty upload template: instructions, one sheet per table with headers, drop-downs."""
    workbook = _workbook(target, created or dt.datetime(2026, 1, 1))
    fmt = _Formats(workbook)
    instructions = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    sheets = {t.name: workbook.add_worksheet(t.sheet) for t in TABLES}
    lists = workbook.add_worksheet(LISTS_SHEET)
    list_ranges = _write_lists(lists, fmt)
    lists.hide()
    _write_instructions(instructions, fmt)
    for table in TABLES:
        _write_template_sheet(sheets[table.name], fmt, table, list_ranges)
    instructions.activate()
    workbook.close()


# Kinds of a displayed (not schema) column, for write_view.
VIEW_TEXT, VIEW_AMOUNT, VIEW_DATE, VIEW_INT, VIEW_PCT = "text", "amount", "date", "int", "pct"


def write_view(sheets: dict[str, tuple[pd.DataFrame, list[tuple[str, str, str]]]], target: Target,
               lang: str = "it") -> None:
    """Write tables as shown on screen: ``{sheet: (frame, [(column, header, kind), ...])}``.

    Kinds: text, amount (euro format), date (gg/mm/aaaa), int, pct (a ratio shown as a percentage).
    The same safety as write_tables: text is never a formula, control characters are removed.
    """
    workbook = _workbook(target, None)
    fmt = _Formats(workbook)
    integer = workbook.add_format({"num_format": "#,##0"})
    percent = workbook.add_format({"num_format": "0.0%"})
    kinds = {VIEW_TEXT: TEXT, VIEW_AMOUNT: AMOUNT, VIEW_DATE: DATE}
    for sheet, (frame, columns) in sheets.items():
        ws = workbook.add_worksheet(clean_text(sheet)[:31] or "Dati")
        widths = []
        for c, (name, header, kind) in enumerate(columns):
            ws.write_string(0, c, clean_text(header), fmt.header)
            width = len(header) + 2
            col = Column(name=name, it=header, en=header, kind=kinds.get(kind, TEXT))
            for r, value in enumerate(frame[name].tolist(), start=1):
                if kind in (VIEW_INT, VIEW_PCT) and not _is_empty(value):
                    ws.write_number(r, c, float(value), integer if kind == VIEW_INT else percent)
                    width = max(width, 8)
                else:
                    width = max(width, _write_cell(ws, fmt, r, c, col, value, lang))
            widths.append(width)
        for c, width in enumerate(widths):
            ws.set_column(c, c, min(max(width, _MIN_WIDTH), _MAX_WIDTH))
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(frame), 1), max(len(columns) - 1, 0))
    workbook.close()


def column_list(col: Column) -> tuple[str, ...]:
    """The closed list of values a column accepts in the template's drop-down (empty: free input)."""
    if col.kind == CHOICE:
        return tuple(it for it, _ in col.choices)
    if col.kind == MISSION:
        return tuple(MISSIONS)
    if col.kind == COMPONENT:
        return tuple(COMPONENTS)
    if col.kind == BOOL:
        return YES_NO["it"]
    return ()


def clean_text(value: str) -> str:
    """Text as Excel accepts it: control characters removed, cut at Excel's cell limit."""
    return _CONTROL_RE.sub("", value)[:_EXCEL_MAX_TEXT]


# --- export ---------------------------------------------------------------------------------------

class _Formats:
    """The few cell formats shared by every sheet of one workbook."""

    def __init__(self, wb: xlsxwriter.Workbook):
        header = {"bold": True, "text_wrap": True, "valign": "top", "border": 1, "border_color": "#A6A6A6"}
        self.header = wb.add_format({**header, "bg_color": "#DDEBF7"})
        self.header_required = wb.add_format({**header, "bg_color": "#F8CBAD"})
        self.amount = wb.add_format({"num_format": AMOUNT_FORMAT})
        self.date = wb.add_format({"num_format": DATE_FORMAT})
        self.text = wb.add_format({"num_format": "@"})
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.bold = wb.add_format({"bold": True})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})


def _workbook(target: Target, created: dt.datetime | None) -> xlsxwriter.Workbook:
    name = os.fspath(target) if isinstance(target, (str, os.PathLike)) else target
    workbook = xlsxwriter.Workbook(name, _WORKBOOK_OPTIONS)
    workbook.set_properties({"title": "NGP Monitor", "company": "Comune di Prato",
                             **({"created": created} if created else {})})
    return workbook


def _write_table_sheet(wb: xlsxwriter.Workbook, fmt: _Formats, table: Table, frame: pd.DataFrame,
                       lang: str) -> None:
    ws = wb.add_worksheet(table.label(lang))
    frame = frame.reindex(columns=table.names)
    widths = []
    for c, col in enumerate(table.columns):
        header = col.label(lang)
        ws.write_string(0, c, header, fmt.header)
        width = len(header) + 2
        for r, value in enumerate(frame[col.name].tolist(), start=1):
            width = max(width, _write_cell(ws, fmt, r, c, col, value, lang))
        widths.append(width)
    for c, width in enumerate(widths):
        ws.set_column(c, c, min(max(width, _MIN_WIDTH), _MAX_WIDTH))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(frame), 1), len(table.columns) - 1)


def _write_cell(ws, fmt: _Formats, row: int, col_idx: int, col: Column, value: Any, lang: str) -> int:
    """Write one value typed as its column says; returns the width it needs (0 when empty)."""
    if _is_empty(value):
        return 0
    if col.kind == AMOUNT and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = float(value)
        if not math.isfinite(number):
            return 0
        ws.write_number(row, col_idx, number, fmt.amount)
        return len(f"{number:,.2f} €") + 1
    if col.kind == DATE and isinstance(value, (dt.date, pd.Timestamp)):
        day = value.date() if isinstance(value, dt.datetime) else value   # Timestamp is a datetime
        ws.write_datetime(row, col_idx, day, fmt.date)
        return 11
    if col.kind == BOOL and isinstance(value, (bool, np.bool_)):
        text = YES_NO.get(lang, YES_NO["it"])[0 if value else 1]
    elif col.kind == CHOICE:
        text = str(choice_label(str(value), lang))
    else:
        text = str(value)
    text = clean_text(text)
    ws.write_string(row, col_idx, text)
    return max((len(line) for line in text.splitlines()), default=0) + 1


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# --- template ---------------------------------------------------------------------------------------

def _write_lists(ws, fmt: _Formats) -> dict[tuple[str, ...], str]:
    """Every distinct closed list in its own column of the hidden sheet; values -> range reference."""
    ranges: dict[tuple[str, ...], str] = {}
    for table in TABLES:
        for col in table.columns:
            values = column_list(col)
            if not values or values in ranges:
                continue
            c = len(ranges)
            ws.write_string(0, c, col.it, fmt.bold)
            for r, value in enumerate(values, start=1):
                ws.write_string(r, c, value)
            letter = xlsxwriter.utility.xl_col_to_name(c)
            ranges[values] = f"={LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
            ws.set_column(c, c, max(len(v) for v in values) + 2)
    return ranges


def _write_template_sheet(ws, fmt: _Formats, table: Table, list_ranges: dict[tuple[str, ...], str]) -> None:
    last = TEMPLATE_ROWS - 1
    for c, col in enumerate(table.columns):
        ws.write_string(0, c, col.it, fmt.header_required if col.required else fmt.header)
        ws.write_comment(0, c, _column_note(col), {"x_scale": 2, "y_scale": 1.2})
        cell_format = {AMOUNT: fmt.amount, DATE: fmt.date, CODE: fmt.text, CUP_KIND: fmt.text,
                       PARTNER: fmt.text}.get(col.kind)
        width = max(len(col.it) + 4, 12, *(len(v) + 2 for v in column_list(col)))
        ws.set_column(c, c, min(width, _MAX_WIDTH), cell_format)
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
    extra = " o il nome esatto" if col.kind == PARTNER else ""
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
    if col.kind == CHOICE:
        return "elenco: " + " · ".join(it for it, _ in col.choices)
    text = _KIND_HELP_IT[col.kind]
    if col.ref and col.kind != PARTNER:
        target = TABLE_BY_NAME[col.ref]
        text += f"; deve esistere nel foglio {target.sheet}"
    return text


def _write_instructions(ws, fmt: _Formats) -> None:
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
    ws.write_string(0, 0, "NGP Monitor – istruzioni", fmt.title)
    for r, line in enumerate(lines, start=2):
        ws.write_string(r, 0, line)
    row = len(lines) + 3
    for c, head in enumerate(("Foglio", "Colonna", "Obbligatoria", "Formato", "Note")):
        ws.write_string(row, c, head, fmt.header)
    for table in TABLES:
        row += 1
        ws.write_string(row, 0, table.sheet, fmt.bold)
        ws.write_string(row, 1, TABLE_HELP_IT.get(table.name, ""))
        for col in table.columns:
            row += 1
            ws.write_string(row, 0, table.sheet)
            ws.write_string(row, 1, col.it, fmt.header_required if col.required else fmt.wrap)
            ws.write_string(row, 2, _requirement(col), fmt.wrap)
            ws.write_string(row, 3, _format_help(col), fmt.wrap)
            if col.help_it and col.help_it != _format_help(col):
                ws.write_string(row, 4, col.help_it, fmt.wrap)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 24)
    ws.set_column(2, 2, 34)
    ws.set_column(3, 3, 60)
    ws.set_column(4, 4, 45)
