"""The Dati page's workbooks: the problems of an upload with their cells marked, a version's data, the
empty template. No Streamlit.

(The preview of an upload is ``ingest/preview.py``, which originals may be handed back
``ingest/originals.py``; the page's tables are drawn by ``ui/upload.py``.)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import PurePath

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from .ingest import guard
from .ingest.problems import ERROR, WARNING, Problem
from .ingest.reading import HEADER_SEARCH_ROWS, decode_csv
from .output import excel
from .schema import TABLE_BY_NAME, TABLES, fold, header_lookup, sheet_lookup
from .store import SourceFile, Store

# --- the problems workbook -------------------------------------------------------------------------------

PROBLEMS_SHEET = "Problemi"
_ERROR_FILL, _WARNING_FILL = "#F8CBAD", "#FFE699"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def problems_workbook(files: list[SourceFile], problems: list[Problem]) -> bytes:
    """A workbook an officer fixes the upload with: a "Problemi" sheet listing every problem with its cell
    (a link to it), then a values-only copy of every visible sheet uploaded, the problem cells coloured
    (red: error, yellow: warning) with the messages as cell comments.

    Nothing of the original is carried but cell values: no macros, formulas, links or embedded objects;
    text is always written as text (never a formula). A file that cannot be read gets no copy.
    """
    copies = {f.name: _read_grid(f) for f in files}
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False,
                                      "strings_to_numbers": False, "in_memory": True})
    wb.set_properties({"title": "NGP Monitor: problemi del caricamento", "company": "Comune di Prato"})
    header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "border_color": "#A6A6A6"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    link = wb.add_format({"font_color": "blue", "underline": 1, "valign": "top"})
    cells = _CellFormats(wb)
    fills = {ERROR: cells.get(ERROR), WARNING: cells.get(WARNING)}
    summary = wb.add_worksheet(PROBLEMS_SHEET)
    used = {PROBLEMS_SHEET.casefold()}

    # Where each problem sits, and the name of the copied sheet it sits in.
    copy_names: dict[tuple[str, str], str] = {}
    located: list[tuple[Problem, str | None]] = []
    marks: dict[tuple[str, str], dict[tuple[int, int], list[Problem]]] = {}
    for file in files:
        for sheet in (copies.get(file.name) or {}):
            copy_names[(file.name, sheet)] = _unique_sheet_name(sheet, used)
    for p in problems:
        grid = (copies.get(p.file) or {}).get(p.sheet)
        cell = _locate(p, grid, p.file) if grid is not None else None
        ref = None
        if cell is not None:
            name = copy_names[(p.file, p.sheet)]
            marks.setdefault((p.file, p.sheet), {}).setdefault(cell, []).append(p)
            ref = f"{name}!{xl_col_to_name(cell[1])}{cell[0] + 1}"
        located.append((p, ref))

    # The summary sheet.
    summary.write_string(0, 0, "Problemi trovati nel caricamento", wb.add_format({"bold": True, "font_size": 14}))
    summary.merge_range(1, 0, 1, 6, "Nulla è stato salvato. Correggi le celle indicate (nel tuo file o nei fogli "
                                    "copiati qui dopo, che contengono solo i valori) e ricarica. Rosso: errore, da "
                                    "correggere; giallo: avviso, da controllare. Il link della colonna Cella porta "
                                    "alla cella, il commento della cella spiega il problema.", wrap)
    summary.set_row(1, 48)
    columns = ["Gravità", "File", "Foglio", "Riga", "Colonna", "Cella", "Problema"]
    for c, name in enumerate(columns):
        summary.write_string(3, c, name, header)
    for r, (p, ref) in enumerate(located, start=4):
        summary.write_string(r, 0, p.severity, fills.get(p.severity, wrap))
        for c, text in ((1, p.file), (2, p.sheet), (4, p.column), (6, p.message)):
            _put_text(summary, r, c, text, cells, wrap=True)
        if p.row is not None:
            summary.write_number(r, 3, p.row, wrap)
        if ref:
            sheet_part, cell_part = ref.rsplit("!", 1)
            quoted = sheet_part.replace("'", "''")
            summary.write_url(r, 5, f"internal:'{quoted}'!{cell_part}", link, string=excel.clean_text(ref))
    for c, width in enumerate((9, 22, 16, 6, 22, 18, 90)):
        summary.set_column(c, c, width)
    summary.freeze_panes(4, 0)
    summary.autofilter(3, 0, max(3 + len(located), 4), len(columns) - 1)
    summary.activate()

    # The values-only copies, problem cells marked.
    for file in files:
        for sheet, grid in (copies.get(file.name) or {}).items():
            ws = wb.add_worksheet(copy_names[(file.name, sheet)])
            sheet_marks = marks.get((file.name, sheet), {})
            for r, row in enumerate(grid):
                for c, value in enumerate(row):
                    found = sheet_marks.get((r, c))
                    _write_value(ws, r, c, value, cells, _worst(found) if found else None)
            for (r, c), found in sheet_marks.items():
                if not grid or r >= len(grid) or c >= len(grid[r]):
                    ws.write_blank(r, c, None, fills[_worst(found)])
                text = "\n".join(f"{'ERRORE' if p.is_error else 'AVVISO'}: {p.message}" for p in found)
                ws.write_comment(r, c, excel.clean_text(text), {"x_scale": 3, "y_scale": 2})
            ws.set_column(0, max(max((len(r) for r in grid), default=1) - 1, 0), 16)
    wb.close()
    return buffer.getvalue()


def _worst(found: list[Problem]) -> str:
    return ERROR if any(p.is_error for p in found) else WARNING


def _unique_sheet_name(name: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("_", name).strip("'")[:31] or "Foglio"
    candidate, n = base, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(candidate.casefold())
    return candidate


def _read_grid(file: SourceFile) -> dict[str, list[list]] | None:
    """Every visible sheet of a file as rows of plain values (row 0 = spreadsheet row 1), read as the import
    reads it (the guarded child process for workbooks); None when it cannot be read."""
    try:
        fmt = guard.sniff_format(file.name, file.content)
        if fmt == guard.CSV:
            text, _, delimiter = decode_csv(file.content)
            rows = [[cell if cell.strip() != "" else None for cell in row]
                    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
            return {PurePath(file.name).stem: rows}
        guard.preflight(file.content, fmt)
        return {s["name"]: s["rows"] for s in guard.parse_isolated(file.content, fmt) if s["visible"]}
    except guard.Unreadable:
        return None


def _locate(p: Problem, grid: list[list], file: str) -> tuple[int, int] | None:
    """The (row, column) index of a problem's cell in its sheet, or of its row's first cell."""
    col = _column_index(p, grid, file) if p.column else None
    if p.row is not None:
        return (p.row - 1, col if col is not None else 0)
    if col is not None:
        return (_header_row(grid, file, p.sheet) or 0, col)
    return None


def _header_row(grid: list[list], file: str, sheet: str) -> int | None:
    """The header row as the reader finds it: the first of the top rows with the most known headers."""
    table = sheet_lookup().get(fold(PurePath(file).stem if file.lower().endswith(".csv") else sheet))
    if table is None:
        return None
    lookup = header_lookup(TABLE_BY_NAME[table])
    best, hits_best = None, 0
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for v in row if isinstance(v, str) and fold(v) in lookup)
        if hits > hits_best:
            best, hits_best = i, hits
    return best


def _column_index(p: Problem, grid: list[list], file: str) -> int | None:
    row = _header_row(grid, file, p.sheet)
    if row is None:
        return None
    for c, value in enumerate(grid[row]):
        if value is not None and str(value).strip() == p.column:
            return c
    return None


class _CellFormats:
    """The copy's cell formats, made on first use: (fill: error | warning | None, kind: plain | date | quote)."""

    _FILLS = {ERROR: {"bg_color": _ERROR_FILL, "border": 1, "border_color": "#C00000"},
              WARNING: {"bg_color": _WARNING_FILL, "border": 1, "border_color": "#BF8F00"}}

    def __init__(self, wb):
        self.wb, self.cache = wb, {}

    def get(self, fill: str | None = None, kind: str = "plain", wrap: bool = False):
        key = (fill, kind, wrap)
        if key not in self.cache:
            props = dict(self._FILLS.get(fill, {}))
            if kind == "date":
                props["num_format"] = excel.DATE_FORMAT
            elif kind == "quote":
                props["quote_prefix"] = True
            if wrap:
                props.update(text_wrap=True, valign="top")
            self.cache[key] = self.wb.add_format(props) if props or kind == "rich" else None
        return self.cache[key]


def _put_text(ws, r: int, c: int, text, cells: _CellFormats, fill: str | None = None, wrap: bool = False) -> None:
    """Text as text, whatever it says: control characters removed, a leading formula sign kept as text
    (quotePrefix), and XlsxWriter's raw rich-string marker ``<r>…</r>`` neutralised by writing a real
    rich string (whose fragments it escapes)."""
    text = excel.clean_text(str(text or ""))
    if not text:
        if fill:
            ws.write_blank(r, c, None, cells.get(fill))
        return
    if text.startswith("<r>") and text.endswith("</r>"):
        ws.write_rich_string(r, c, text[:1], cells.get(None, "rich"), text[1:], cells.get(fill, wrap=wrap)
                             or cells.get(None, "rich"))
    elif text[0] in excel.FORMULA_TRIGGERS:
        ws.write_string(r, c, text, cells.get(fill, "quote", wrap))
    else:
        ws.write_string(r, c, text, cells.get(fill, wrap=wrap))


def _write_value(ws, r: int, c: int, value, cells: _CellFormats, fill: str | None) -> None:
    if value is None:
        if fill is not None:
            ws.write_blank(r, c, None, cells.get(fill))
        return
    if isinstance(value, bool):
        ws.write_boolean(r, c, value, cells.get(fill))
    elif isinstance(value, (int, float)) and value == value and value not in (float("inf"), float("-inf")):
        ws.write_number(r, c, value, cells.get(fill))
    elif isinstance(value, (dt.datetime, dt.date)):
        ws.write_datetime(r, c, value, cells.get(fill, "date"))
    else:
        _put_text(ws, r, c, value, cells, fill)


def tables_workbook(store: Store, version_id: int, tables: list[str] | None = None, lang: str = "it") -> bytes:
    """The data of one version as the formatted workbook the import reads back (values only)."""
    names = [tb.name for tb in TABLES if not tables or tb.name in tables]
    frames = {name: store.table(name, version_id) for name in names}
    buffer = io.BytesIO()
    excel.write_tables(frames, buffer, lang)
    return buffer.getvalue()


def template_workbook() -> bytes:
    buffer = io.BytesIO()
    excel.write_template(buffer)
    return buffer.getvalue()

