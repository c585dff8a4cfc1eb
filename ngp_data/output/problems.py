"""The problems workbook of a rejected upload: what an officer fixes the upload with.

A "Problemi" sheet lists every problem with its cell (a link to it), then a values-only copy of every
visible sheet uploaded follows, the problem cells coloured (red: error, yellow: warning) with the
messages as cell comments. Every cell goes through the one safe writer (``cells``): a copied value keeps
its type, and uploaded text stays text, whatever it says.
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePath

from xlsxwriter.utility import xl_col_to_name

from ..ingest import guard
from ..ingest.problems import ERROR, WARNING, Problem
from ..ingest.reading import HEADER_SEARCH_ROWS, decode_csv
from ..schema import TABLE_BY_NAME, fold, header_lookup, sheet_lookup
from ..store import SourceFile
from .cells import Formats, clean_text, new_workbook, put_text, put_value, sheet_title, unique_names

PROBLEMS_SHEET = "Problemi"
_STYLES = {
    ERROR: {"bg_color": "#F8CBAD", "border": 1, "border_color": "#C00000"},
    WARNING: {"bg_color": "#FFE699", "border": 1, "border_color": "#BF8F00"},
    "list_header": {"bold": True, "bg_color": "#DDEBF7", "border": 1, "border_color": "#A6A6A6"},
    "link": {"font_color": "blue", "underline": 1, "valign": "top"},
}
_INTRO = ("Nulla è stato salvato. Correggi le celle indicate (nel tuo file o nei fogli copiati qui dopo, che "
          "contengono solo i valori) e ricarica. Rosso: errore, da correggere; giallo: avviso, da controllare. "
          "Il link della colonna Cella porta alla cella, il commento della cella spiega il problema.")
_COLUMNS = (("Gravità", 9), ("File", 22), ("Foglio", 16), ("Riga", 6), ("Colonna", 22), ("Cella", 18),
            ("Problema", 90))


def problems_workbook(files: list[SourceFile], problems: list[Problem]) -> bytes:
    """The problems sheet and the marked values-only copies (see the module's docstring).

    Nothing of the original is carried but cell values: no macros, formulas, links or embedded objects.
    A file that cannot be read gets no copy.
    """
    copies = {f.name: _read_grid(f) for f in files}
    sheets = [(file.name, sheet) for file in files for sheet in (copies.get(file.name) or {})]
    names = unique_names([PROBLEMS_SHEET, *(sheet_title(sheet) for _, sheet in sheets)])
    copy_names = dict(zip(sheets, names[1:], strict=True))

    # Where each problem sits, and the name of the copied sheet it sits in.
    located: list[tuple[Problem, str | None]] = []
    marks: dict[tuple[str, str], dict[tuple[int, int], list[Problem]]] = {}
    for p in problems:
        grid = (copies.get(p.file) or {}).get(p.sheet)
        cell = _locate(p, grid, p.file) if grid is not None else None
        ref = None
        if cell is not None:
            marks.setdefault((p.file, p.sheet), {}).setdefault(cell, []).append(p)
            ref = f"{copy_names[(p.file, p.sheet)]}!{xl_col_to_name(cell[1])}{cell[0] + 1}"
        located.append((p, ref))

    buffer = io.BytesIO()
    wb = new_workbook(buffer, title="NGP Monitor: problemi del caricamento")
    fmt = Formats(wb, _STYLES)
    _write_summary(wb.add_worksheet(PROBLEMS_SHEET), fmt, located)
    for key, name in copy_names.items():
        _write_copy(wb.add_worksheet(name), fmt, copies[key[0]][key[1]], marks.get(key, {}))
    wb.close()
    return buffer.getvalue()


def _write_summary(ws, fmt: Formats, located: list[tuple[Problem, str | None]]) -> None:
    """One row a problem: severity, file, sheet, row, column, a link to the cell, the message."""
    put_text(ws, fmt, 0, 0, "Problemi trovati nel caricamento", "title")
    ws.merge_range(1, 0, 1, len(_COLUMNS) - 1, _INTRO, fmt.get("wrap"))
    ws.set_row(1, 48)
    for c, (name, width) in enumerate(_COLUMNS):
        put_text(ws, fmt, 3, c, name, "list_header")
        ws.set_column(c, c, width)
    for r, (p, ref) in enumerate(located, start=4):
        fill = p.severity if p.severity in (ERROR, WARNING) else None
        _put(ws, fmt, r, 0, p.severity, fill, wrap=fill is None)
        for c, value in ((1, p.file), (2, p.sheet), (3, p.row), (4, p.column), (6, p.message)):
            _put(ws, fmt, r, c, value, wrap=True)
        if ref:
            sheet_part, cell_part = ref.rsplit("!", 1)
            quoted = sheet_part.replace("'", "''")
            ws.write_url(r, 5, f"internal:'{quoted}'!{cell_part}", fmt.get("link"), string=clean_text(ref))
    ws.freeze_panes(4, 0)
    ws.autofilter(3, 0, max(3 + len(located), 4), len(_COLUMNS) - 1)
    ws.activate()


def _write_copy(ws, fmt: Formats, grid: list[list], marks: dict[tuple[int, int], list[Problem]]) -> None:
    """The values of one uploaded sheet, the problem cells coloured and commented."""
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            found = marks.get((r, c))
            _put(ws, fmt, r, c, value, _worst(found) if found else None)
    for (r, c), found in marks.items():
        if not grid or r >= len(grid) or c >= len(grid[r]):
            ws.write_blank(r, c, None, fmt.get(_worst(found)))
        text = "\n".join(f"{'ERRORE' if p.is_error else 'AVVISO'}: {p.message}" for p in found)
        ws.write_comment(r, c, clean_text(text), {"x_scale": 3, "y_scale": 2})
    ws.set_column(0, max(max((len(r) for r in grid), default=1) - 1, 0), 16)


def _put(ws, fmt: Formats, r: int, c: int, value, fill: str | None = None, wrap: bool = False) -> None:
    """A value as read (its own type) or a problem's field; no text is an empty cell, coloured when marked."""
    if value is None or (isinstance(value, str) and not clean_text(value)):
        ws.write_blank(r, c, None, fmt.get(fill))
    else:
        put_value(ws, fmt, r, c, value, None, fill, "wrap" if wrap else None)


def _worst(found: list[Problem]) -> str:
    return ERROR if any(p.is_error for p in found) else WARNING


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
