"""Uploaded files -> raw sheets: format checks, sheet and header matching, CSV encodings and separators.

Nothing here guesses like pandas does: a hidden sheet is never data, cells keep the type the file gave
them (``cells`` parses them, the Italian way), and every row keeps the number the officer sees in the
spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from ..formats import fmt_number
from ..schema import (
    AUXILIARY_SHEETS,
    EXCEL_MAX_TEXT,
    INVISIBLE,
    TABLE_BY_NAME,
    TABLES,
    fold,
    header_lookup,
    sheet_lookup,
)
from . import columnar, guard
from .exported import ExportFilters, is_filters_sheet, read_filters
from .limits import check_budget
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
    data: list | None = None          # instead of rows: the columns by position (pyarrow Array or list)


@dataclass
class RawUpload:
    sheets: list[RawSheet] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    filtered: list[ExportFilters] = field(default_factory=list)   # our exports made with filters (exported.py)

    @property
    def tables(self) -> set[str]:
        return {s.table for s in self.sheets}


# What a file name may not keep: controls (a terminal escape), lone surrogates (undecodable bytes of the
# file system), bidi controls and invisible characters ("\u202egnp.xlsx" shows as "xslx.png").
_NAME_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{INVISIBLE}]")


def clean_file_names(files: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[Problem]]:
    """The files under the names they are read, stored and shown by, and a warning for each name cleaned."""
    out, problems = [], []
    for name, data in files:
        clean = _NAME_UNSAFE.sub("", name)
        if clean != name:
            clean = clean.strip() or "file senza nome"
            removed = ", ".join(dict.fromkeys(f"U+{ord(ch):04X}" for ch in _NAME_UNSAFE.findall(name)))
            problems.append(Problem(f"nome del file ripulito da caratteri invisibili o di controllo ({removed}): "
                                    f"viene registrato e mostrato come «{clean}».", file=clean, severity=WARNING))
        out.append((clean, data))
    return out, problems


def read_files(files: list[tuple[str, bytes]]) -> RawUpload:
    """Read every uploaded file; problems (also of unreadable files) are collected, never raised."""
    upload = RawUpload()
    for name, data in files:
        check_budget()
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
                                       f"con questi nomi, es. candidature.csv, o con le intestazioni del modello).",
                                       file=", ".join(n for n, _ in files)))
    return upload


def _read_one(name: str, data: bytes, upload: RawUpload) -> None:
    fmt = guard.sniff_format(name, data)
    if fmt == guard.CSV:
        text, encoding, delimiter = decode_csv(data)
        rows = _csv_rows(text, delimiter)
        table = csv_table(name, rows)
        upload.problems.append(Problem(f"file CSV letto con codifica {encoding} e separatore «{delimiter}».",
                                       file=name, severity=INFO))
        if table_by_name(PurePath(name).stem) is None:
            upload.problems.append(Problem(f"foglio {TABLE_BY_NAME[table].sheet} riconosciuto dalle intestazioni "
                                           f"(il nome del file non lo indica).", file=name, severity=INFO))
        _add_sheet(upload, name, PurePath(name).stem, table, rows)
        return

    pre = guard.preflight(data, fmt)
    parsed = guard.parse_isolated(data, fmt, columns=_by_columns(data))
    if pre.has_macros:
        upload.problems.append(Problem("il file contiene macro: sono state ignorate (vengono letti solo i dati).",
                                       file=name, severity=INFO))
    lookup = sheet_lookup()
    for sheet in parsed:
        table = lookup.get(fold(sheet["name"]))
        if table is None and fold(sheet["name"]) in _AUXILIARY:
            if is_filters_sheet(sheet["name"]):           # our export's "Filtri": was it filtered?
                filtered = read_filters(name, sheet["rows"] if "rows" in sheet else sheet["columns"]["head"])
                if filtered is not None:
                    upload.filtered.append(filtered)
            continue                                      # our own instructions, lists, filters
        if not sheet["visible"]:
            upload.problems.append(Problem("foglio nascosto ignorato.", file=name, sheet=sheet["name"],
                                           severity=WARNING))
            continue
        if table is None:
            if _has_values(sheet):
                upload.problems.append(Problem("foglio non riconosciuto, ignorato.", file=name,
                                               sheet=sheet["name"], severity=WARNING))
            continue
        info = pre.sheets.get(sheet["name"])
        if info and info.formulas_without_value:
            cells = ", ".join(info.formulas_without_value)
            others = info.formulas_without_value_count - len(info.formulas_without_value)
            more = f" e altre {others}" if others > 0 else ""
            upload.problems.append(Problem(
                f"le celle {cells}{more} contengono formule non calcolate: apri il file in Excel o LibreOffice, "
                f"salvalo e ricaricalo.", file=name, sheet=sheet["name"]))
        elif info and info.formulas_all_zero:
            upload.problems.append(Problem(
                "tutte le formule del foglio valgono 0: forse non sono mai state ricalcolate. Apri il file, "
                "salvalo e ricaricalo se i valori non sono giusti.", file=name, sheet=sheet["name"],
                severity=WARNING))
        _add_sheet(upload, name, sheet["name"], table, sheet.get("rows"), sheet.get("columns"))


COLUMNS_FROM_BYTES = 1024 * 1024   # from here the child sends typed columns (docs/PERFORMANCE.md, import)


def _by_columns(data: bytes) -> bool:
    """Whether the upload is large enough for the whole-column path to pay for loading Arrow in the child
    (0.3 s): from about 30,000 rows of 7 columns (1 MB of .xlsx) it is the faster, below it the slower."""
    return len(data) >= COLUMNS_FROM_BYTES


def _has_values(sheet: dict) -> bool:
    if "rows" in sheet:
        return any(any(v is not None for v in row) for row in sheet["rows"])
    cols = sheet["columns"]
    return any(any(v is not None for v in row) for row in cols["head"]) or any(
        columnar.non_null(values) for values in cols["data"])


def _add_sheet(upload: RawUpload, file: str, sheet_name: str, table_name: str, rows: list[list] | None,
               cols: dict | None = None) -> None:
    """Find the header row, map headers to columns, keep the non-blank data rows with their numbers.

    ``cols`` (instead of ``rows``): the child's columnar answer, its first rows plain (the header is among
    them) and the others by column; the same rows are kept, each column read as a whole."""
    if cols is not None:
        rows = cols["head"]
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
            if any(pos < len(r) and r[pos] is not None for r in rows[best_index + 1:]) or (
                    cols is not None and pos < cols["width"] and columnar.non_null(cols["data"][pos])):
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
    if cols is not None:
        raw.data, numbers = columnar.body(raw.rows, cols)
        raw.row_numbers += [len(rows) + k + 1 for k in numbers]
        raw.rows = []
    if not raw.row_numbers:
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

# A copy's marks: "Candidature (1)", "Copia di esiti", "esiti - Copia", "esiti - Copy (2)".
_COPY_MARKS = re.compile(r"\s*[(\[]\d+[)\]]\s*$|^\s*(copia di|copy of)\s+|\s+-\s+(copia|copy)\b.*$", re.IGNORECASE)
_NAME_WORDS = re.compile(r"[\s_\-]+")


def table_by_name(stem: str) -> str | None:
    """The table a CSV's file name names: the whole name (case, accents and spacing aside), else its longest
    leading words that name one, copies' marks ignored: ``Candidature (1)``, ``candidature_cp1252``,
    ``CANDIDATURE``, ``Partner progetto - Copia``, ``esiti_2024_finale``."""
    lookup = sheet_lookup()
    name = stem
    for _ in range(3):
        name = _COPY_MARKS.sub("", name)
    words = [w for w in _NAME_WORDS.split(name) if w]
    for k in range(len(words), 0, -1):
        table = lookup.get(fold(" ".join(words[:k])))
        if table is not None:
            return table
    return None


def table_by_headers(rows: list[list]) -> list[str]:
    """The tables whose columns the CSV's header row matches best (the most distinct columns, in the first
    ``HEADER_SEARCH_ROWS`` rows): one when it is clear, two or more when equally plausible, none when no
    header is a template's column."""
    folded = [[fold(v) for v in row if isinstance(v, str) and v.strip()] for row in rows[:HEADER_SEARCH_ROWS]]
    scores = {}
    for table in TABLES:
        lookup = header_lookup(table)
        scores[table.name] = max((len({lookup[v] for v in row if v in lookup}) for row in folded), default=0)
    top = max(scores.values(), default=0)
    return [name for name, score in scores.items() if score == top] if top else []


def csv_table(name: str, rows: list[list]) -> str:
    """The table a CSV holds: named by its file name, else recognised by its header row; a file that says
    neither, or fits two sheets equally, is refused naming what it could be."""
    table = table_by_name(PurePath(name).stem)
    if table is not None:
        return table
    found = table_by_headers(rows)
    if len(found) == 1:
        return found[0]
    if found:
        sheets = [TABLE_BY_NAME[n].sheet for n in found]
        options = ", ".join(sheets[:-1]) + f" o {sheets[-1]}"
        raise guard.Unreadable(f"non si capisce quale foglio contenga il file: le intestazioni vanno bene per "
                               f"{options}. Rinomina il file come il foglio (es. {sheets[0].lower()}.csv) o "
                               f"aggiungi le altre colonne del modello.")
    raise guard.Unreadable("né il nome del file né le intestazioni indicano un foglio: chiama il file come il "
                           "foglio (es. candidature.csv, progetti.csv, esiti.csv) o usa le intestazioni del "
                           "modello.")


def _csv_rows(text: str, delimiter: str) -> list[list]:
    """The CSV's rows, counted as they are read: reading stops at the first line past the row limit, or
    the first row past the column limit, with one message (a file of newlines, a header of a million
    fields), so the rows kept never pass the limits."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            if len(row) > guard.MAX_COLUMNS:
                raise guard.Unreadable(f"riga {reader.line_num}: {fmt_number(len(row))} colonne, oltre il limite di "
                                       f"{guard.MAX_COLUMNS}.")
            if len(rows) == guard.MAX_SHEET_ROWS:
                raise guard.Unreadable(f"il file ha più di {fmt_number(guard.MAX_SHEET_ROWS)} righe, oltre il limite "
                                       f"di {fmt_number(guard.MAX_ROWS)}: la lettura si è fermata lì.")
            rows.append([cell if cell.strip() != "" else None for cell in row])
            if not len(rows) % 8192:
                check_budget()
    except csv.Error:   # in practice only a field over csv's limit (131,072 characters)
        raise guard.Unreadable(f"riga {reader.line_num}: un campo supera i {fmt_number(csv.field_size_limit())} "
                               f"caratteri (una cella di Excel ne contiene al massimo "
                               f"{fmt_number(EXCEL_MAX_TEXT)}), o il file non è un CSV valido.") from None
    return rows


_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_LINE_END = re.compile(rb"\r\n|\r|\n")


def _has_utf8_sequence(data: bytes) -> bool:
    """Whether the bytes hold at least one well-formed UTF-8 sequence of two to four bytes (two C passes:
    the bytes that are not UTF-8 become lone surrogates, which alone encode back to ASCII-with-escapes)."""
    try:
        data.decode("utf-8", errors="surrogateescape").encode("ascii", errors="surrogateescape")
    except UnicodeEncodeError:          # a character beyond ASCII: it came from a valid UTF-8 sequence
        return True
    return False


def decode_csv(data: bytes) -> tuple[str, str, str]:
    """Text, encoding used and delimiter; a file that is not consistently one encoding is refused.

    UTF-8 (BOM or not) when the whole file is valid UTF-8; UTF-16 only with its BOM; Windows-1252 only when
    the file holds no valid UTF-8 sequence of two or more bytes at all. A file with both (a UTF-8 file with
    lines pasted from a Windows-1252 one) is refused naming its first line that is not UTF-8: decoding it
    either way would store wrong letters ("CittÃ di Prato"). UTF-32 is refused by its BOM. Linear in the
    size of the file.
    """
    unknown = "codifica del testo non riconosciuta: salva il file come CSV UTF-8."
    if data.startswith(_UTF32_BOMS):            # before UTF-16: FF FE 00 00 starts like a UTF-16 BOM
        raise guard.Unreadable("codifica UTF-32 non supportata: salva il file come CSV UTF-8.")
    if data.startswith(_UTF16_BOMS):
        try:
            text, encoding = data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:             # e.g. a lone surrogate
            raise guard.Unreadable(unknown) from None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if _has_utf8_sequence(data):
                line = len(_LINE_END.findall(data, 0, exc.start)) + 1
                raise guard.Unreadable(f"il file mescola due codifiche: è in parte UTF-8, ma la riga {line} non lo "
                                       f"è (forse Windows-1252). Salva il file come CSV UTF-8.") from None
            try:
                text, encoding = data.decode("cp1252"), "Windows-1252"
            except UnicodeDecodeError:         # bytes that Windows-1252 leaves undefined (0x81, 0x8D…)
                raise guard.Unreadable(unknown) from None
        else:
            text, encoding = (text[1:], "UTF-8 (con BOM)") if text.startswith("\ufeff") else (text, "UTF-8")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    if first.count(delimiter) == 0:
        delimiter = ";"
    return text, encoding, delimiter
