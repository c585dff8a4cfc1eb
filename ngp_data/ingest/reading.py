"""Uploaded files -> raw sheets: format checks, sheet and header matching, Italian numbers and dates.

Nothing here guesses like pandas does: a text ``2.000`` is two thousand, ``01/02/2024`` is 1 February,
a hidden sheet is never data, and every cell keeps the row number the officer sees in the spreadsheet.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import PurePath

from ..schema import AUXILIARY_SHEETS, TABLE_BY_NAME, TABLES, fold, header_lookup, sheet_lookup
from . import guard
from .problems import INFO, WARNING, Problem

HEADER_SEARCH_ROWS = 20
_AUXILIARY = {fold(name) for name in AUXILIARY_SHEETS}


@dataclass
class RawSheet:
    """One sheet matched to a table: the header as written and the data rows with their row numbers."""

    file: str
    sheet: str                        # the sheet's name in the file (or the CSV's file name)
    table: str                        # schema table name
    columns: dict[str, int]           # schema column name -> position in the row
    headers: dict[str, str]           # schema column name -> header as written
    rows: list[list] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)


@dataclass
class RawUpload:
    sheets: list[RawSheet] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def tables(self) -> set[str]:
        return {s.table for s in self.sheets}


def read_files(files: list[tuple[str, bytes]]) -> RawUpload:
    """Read every uploaded file; problems (also of unreadable files) are collected, never raised."""
    upload = RawUpload()
    for name, data in files:
        try:
            _read_one(name, data, upload)
        except guard.Unreadable as exc:
            upload.problems.append(Problem(str(exc), file=name))
    seen: dict[str, RawSheet] = {}
    for sheet in upload.sheets:
        if sheet.table in seen:
            first = seen[sheet.table]
            upload.problems.append(Problem(
                f"il foglio {TABLE_BY_NAME[sheet.table].sheet} compare due volte (anche in {first.file} › "
                f"{first.sheet}): caricane uno solo.", file=sheet.file, sheet=sheet.sheet))
        else:
            seen[sheet.table] = sheet
    if not upload.sheets and not any(p.is_error for p in upload.problems):
        expected = ", ".join(t.sheet for t in TABLES)
        upload.problems.append(Problem(f"nessun foglio riconosciuto. Fogli attesi: {expected} (oppure file CSV "
                                       f"con questi nomi, es. candidature.csv).",
                                       file=", ".join(n for n, _ in files)))
    return upload


def _read_one(name: str, data: bytes, upload: RawUpload) -> None:
    fmt = guard.sniff_format(name, data)
    if fmt == guard.CSV:
        table = sheet_lookup().get(fold(PurePath(name).stem))
        if table is None:
            raise guard.Unreadable("il nome del file CSV deve essere quello di un foglio (es. candidature.csv, "
                                   "progetti.csv, esiti.csv).")
        text, encoding, delimiter = decode_csv(data)
        upload.problems.append(Problem(f"file CSV letto con codifica {encoding} e separatore «{delimiter}».",
                                       file=name, severity=INFO))
        rows = [[cell if cell.strip() != "" else None for cell in row]
                for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
        if len(rows) > guard.MAX_SHEET_ROWS:
            raise guard.Unreadable(f"il file ha {len(rows)} righe, oltre il limite di {guard.MAX_ROWS}.")
        _add_sheet(upload, name, PurePath(name).stem, table, rows)
        return

    pre = guard.preflight(data, fmt)
    if pre.has_macros:
        upload.problems.append(Problem("il file contiene macro: sono state ignorate (vengono letti solo i dati).",
                                       file=name, severity=INFO))
    parsed = guard.parse_isolated(data, fmt)
    lookup = sheet_lookup()
    for sheet in parsed:
        table = lookup.get(fold(sheet["name"]))
        if table is None and fold(sheet["name"]) in _AUXILIARY:
            continue                                      # our own instructions, lists, filters
        if not sheet["visible"]:
            upload.problems.append(Problem("foglio nascosto ignorato.", file=name, sheet=sheet["name"],
                                           severity=WARNING))
            continue
        if table is None:
            if any(any(v is not None for v in row) for row in sheet["rows"]):
                upload.problems.append(Problem("foglio non riconosciuto, ignorato.", file=name,
                                               sheet=sheet["name"], severity=WARNING))
            continue
        info = pre.sheets.get(sheet["name"])
        if info and info.formulas_without_value:
            cells = ", ".join(info.formulas_without_value[:10])
            more = f" e altre {len(info.formulas_without_value) - 10}" if len(info.formulas_without_value) > 10 else ""
            upload.problems.append(Problem(
                f"le celle {cells}{more} contengono formule non calcolate: apri il file in Excel o LibreOffice, "
                f"salvalo e ricaricalo.", file=name, sheet=sheet["name"]))
        elif info and info.formulas_all_zero:
            upload.problems.append(Problem(
                "tutte le formule del foglio valgono 0: forse non sono mai state ricalcolate. Apri il file, "
                "salvalo e ricaricalo se i valori non sono giusti.", file=name, sheet=sheet["name"],
                severity=WARNING))
        _add_sheet(upload, name, sheet["name"], table, sheet["rows"])


def _add_sheet(upload: RawUpload, file: str, sheet_name: str, table_name: str, rows: list[list]) -> None:
    """Find the header row, map headers to columns, keep the non-blank data rows with their numbers."""
    table = TABLE_BY_NAME[table_name]
    lookup = header_lookup(table)
    best_index, best_hits = None, 0
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for v in row if isinstance(v, str) and fold(v) in lookup)
        if hits > best_hits:
            best_index, best_hits = i, hits
    if best_index is None:
        expected = ", ".join(c.it for c in table.columns if c.required)
        upload.problems.append(Problem(f"intestazioni non trovate nelle prime {HEADER_SEARCH_ROWS} righe. Colonne "
                                       f"obbligatorie: {expected}.", file=file, sheet=sheet_name))
        return
    header = rows[best_index]
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    for pos, value in enumerate(header):
        if value is None or str(value).strip() == "":
            if any(pos < len(r) and r[pos] is not None for r in rows[best_index + 1:]):
                upload.problems.append(Problem(f"colonna {_col_letter(pos)} senza intestazione: ignorata.",
                                               file=file, sheet=sheet_name, row=best_index + 1,
                                               severity=WARNING))
            continue
        written = str(value).strip()
        name = lookup.get(fold(written))
        if name is None:
            upload.problems.append(Problem("colonna sconosciuta, ignorata.", file=file, sheet=sheet_name,
                                           column=written, severity=WARNING))
        elif name in columns:
            upload.problems.append(Problem(f"colonna ripetuta: «{headers[name]}» e «{written}» indicano la "
                                           f"stessa colonna ({table.column(name).it}).", file=file,
                                           sheet=sheet_name, column=written))
        else:
            columns[name], headers[name] = pos, written
    for col in table.columns:
        if col.required and col.name not in columns:
            upload.problems.append(Problem("colonna obbligatoria mancante.", file=file, sheet=sheet_name,
                                           column=col.it))
    raw = RawSheet(file, sheet_name, table.name, columns, headers)
    for i in range(best_index + 1, len(rows)):
        row = rows[i]
        if all(v is None or (isinstance(v, str) and v.strip() == "") for v in row):
            continue
        raw.rows.append(row)
        raw.row_numbers.append(i + 1)
    if not raw.rows:
        upload.problems.append(Problem("il foglio non ha righe di dati: la tabella risulterà vuota.", file=file,
                                       sheet=sheet_name, severity=WARNING))
    upload.sheets.append(raw)


def _col_letter(pos: int) -> str:
    letters = ""
    pos += 1
    while pos:
        pos, rem = divmod(pos - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# --- CSV ---------------------------------------------------------------------------------------------

def decode_csv(data: bytes) -> tuple[str, str, str]:
    """Text, encoding used and delimiter. UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252."""
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            text, encoding = data[3:].decode("utf-8", errors="strict"), "UTF-8 (con BOM)"
        elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            text, encoding = data.decode("utf-16"), "UTF-16"
        else:
            try:
                text, encoding = data.decode("utf-8"), "UTF-8"
            except UnicodeDecodeError:
                text, encoding = data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:      # also a BOM followed by bytes that are not in its encoding
        raise guard.Unreadable("codifica del testo non riconosciuta: salva come «CSV UTF-8».") from None
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    if first.count(delimiter) == 0:
        delimiter = ";"
    return text, encoding, delimiter


# --- Italian values ------------------------------------------------------------------------------------

class BadValue(ValueError):
    """A cell that cannot be converted; ``str()`` is the Italian reason."""


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_IT_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_IT_PLAIN = re.compile(r"^\d+(,\d+)?$")
_DOT_DECIMAL = re.compile(r"^\d+\.\d{1,2}$")
_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T]00:00(?::00)?)?$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
DATE_MIN, DATE_MAX = date(1990, 1, 1), date(2060, 12, 31)
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_amount(value) -> float | None:
    """Euro amount from a number or Italian text (``1.234,56``, ``€ 3.500``, ``2.000`` = 2000)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadValue("importo non valido: è un valore sì/no, non un numero.")
    if isinstance(value, (int, float)):
        if value != value:  # NaN
            return None
        amount = float(value)
    elif isinstance(value, (date, datetime, timedelta)):
        raise BadValue("importo non valido: la cella contiene una data.")
    else:
        text = str(value).strip()
        if text in ("", "-", "—"):
            return None
        cleaned = _SPACES.sub("", text.replace("€", "").replace("EUR", "").replace("eur", ""))
        negative = cleaned.startswith("-")
        cleaned = cleaned.lstrip("-+")
        if _IT_THOUSANDS.match(cleaned) or _IT_PLAIN.match(cleaned):
            amount = float(cleaned.replace(".", "").replace(",", "."))
        elif _DOT_DECIMAL.match(cleaned):
            amount = float(cleaned)
        else:
            raise BadValue(f"importo non valido «{text}»: scrivi per esempio 1.234.567,89.")
        if negative:
            amount = -amount
    return check_amount(amount)


MAX_AMOUNT = 1e15        # a thousand billion euro: beyond it a cell is a typo (and DECIMAL(18,2) overflows)


def check_amount(amount: float) -> float:
    """A finite, non-negative, plausible amount rounded to cents, or BadValue."""
    if not math.isfinite(amount) or amount >= MAX_AMOUNT:
        raise BadValue("importo non valido: troppo grande o non numerico.")
    if amount < 0:
        raise BadValue("importo negativo: gli importi devono essere zero o positivi.")
    return round(amount, 2)


def parse_date(value) -> date | None:
    """A real date cell, ``gg/mm/aaaa`` text (day first, always) or ``aaaa-mm-gg``; plausible years only."""
    if value is None:
        return None
    if isinstance(value, datetime):
        result = value.date()
    elif isinstance(value, date):
        result = value
    elif isinstance(value, bool):
        raise BadValue("data non valida: è un valore sì/no.")
    elif isinstance(value, (int, float)):
        if value != value:
            return None
        if not math.isfinite(value) or abs(value) > 10 ** 7:
            raise BadValue(f"data non valida «{value}»: scrivi gg/mm/aaaa.")
        shown = int(value) if float(value).is_integer() else value
        if float(value) != int(value):
            raise BadValue(f"data non valida «{shown}»: scrivi gg/mm/aaaa.")
        try:
            result = _EXCEL_EPOCH + timedelta(days=int(value))      # a date serial in an unformatted cell
        except OverflowError:
            raise BadValue(f"data non valida «{shown}»: scrivi gg/mm/aaaa.") from None
    elif isinstance(value, str):
        text = value.strip()
        if text == "":
            return None
        m = _DATE_DMY.match(text)
        iso = _DATE_ISO.match(text)
        try:
            if m:
                result = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            elif iso:
                result = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            else:
                raise BadValue(f"data non valida «{text}»: scrivi gg/mm/aaaa.")
        except ValueError as exc:
            if isinstance(exc, BadValue):
                raise
            raise BadValue(f"data inesistente «{text}».") from None
    else:
        raise BadValue(f"data non valida «{value}»: scrivi gg/mm/aaaa.")
    if not (DATE_MIN <= result <= DATE_MAX):
        raise BadValue(f"data fuori dall'intervallo plausibile ({result:%d/%m/%Y}): ammesse dal "
                       f"{DATE_MIN:%d/%m/%Y} al {DATE_MAX:%d/%m/%Y}.")
    return result


_TRUE = {"si", "sì", "s", "x", "vero", "true", "yes", "y", "1", "ok"}
_FALSE = {"no", "n", "falso", "false", "0"}


def parse_bool(value) -> bool | None:
    """sì/si/no/x/vero/falso/true/false/1/0 (and real booleans)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = fold(str(value)) if isinstance(value, str) else ""
    if text == "":
        if isinstance(value, str):
            return None
    elif text in {fold(t) for t in _TRUE}:
        return True
    elif text in _FALSE:
        return False
    raise BadValue(f"valore non valido «{value}»: scrivi sì o no.")


def format_amount_it(amount: float | None) -> str:
    """``1234567.89`` -> ``1.234.567,89`` (the inverse of parse_amount for text)."""
    if amount is None:
        return ""
    text = f"{amount:,.2f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")

