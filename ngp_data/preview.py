"""The Dati page's data side: an upload's problems and changes as display tables, the headline figures
before and after, the problems workbook, the version history and which originals are safe to hand out.

Pure functions over ``imports.Prepared`` and the store; no Streamlit. The "after" figures are the very
``queries.kpis`` SQL run on a throw-away in-memory store that holds the would-be version, so the preview
can never disagree with what the dashboard will show once the upload is confirmed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from .analytics import queries
from .ingest import guard
from .ingest.pipeline import Prepared
from .ingest.problems import ERROR, WARNING, Problem
from .ingest.reading import HEADER_SEARCH_ROWS, decode_csv
from .labels import fmt_date, fmt_eur, fmt_number, t, value_label
from .output import excel
from .schema import AMOUNT, BOOL, CHOICE, DATE, TABLE_BY_NAME, TABLES, Column, fold, header_lookup, sheet_lookup
from .store import SourceFile, Store, Version

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The headline figures the preview compares: (label key, Kpis field, kind).
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("kpi_cards", "n_cards", "int"),
    ("n_requests", "n_requests", "int"),
    ("kpi_budget", "budget_total", "eur"),
    ("kpi_requested", "amount_requested", "eur"),
    ("kpi_granted", "amount_granted", "eur"),
    ("kpi_pending", "n_pending", "int"),
    ("dati_fig_pending_amount", "amount_pending", "eur"),
)


# --- problems ------------------------------------------------------------------------------------------

def split_problems(problems: list[Problem]) -> tuple[list[Problem], list[Problem], list[Problem]]:
    """(errors, warnings, notes): errors block the upload, warnings let it through, notes just inform."""
    errors = [p for p in problems if p.severity == ERROR]
    warnings = [p for p in problems if p.severity == WARNING]
    notes = [p for p in problems if p.severity not in (ERROR, WARNING)]
    return errors, warnings, notes


def problems_frame(problems: list[Problem], lang: str = "it") -> pd.DataFrame:
    """One row a problem: file, sheet, spreadsheet row, column as written, message (Italian)."""
    return pd.DataFrame({
        t("dati_col_file", lang): [p.file for p in problems],
        t("dati_col_sheet", lang): [p.sheet for p in problems],
        t("dati_col_row", lang): pd.array([p.row for p in problems], dtype="Int64"),
        t("dati_col_column", lang): [p.column for p in problems],
        t("dati_col_message", lang): [p.message for p in problems],
    })


# --- preview of changes ----------------------------------------------------------------------------------

@dataclass
class TableChange:
    """What an upload does to one table, ready to show (values formatted as text)."""

    table: str
    label: str
    n_rows: int                      # rows of the table after the upload
    n_added: int
    n_removed: int
    n_changed_rows: int
    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame            # key columns..., column, before, after

    @property
    def empty(self) -> bool:
        return not (self.n_added or self.n_removed or self.n_changed_rows)


@dataclass(frozen=True)
class FigureChange:
    label_key: str
    kind: str                        # int | eur
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass
class UploadPreview:
    base_version: int | None
    tables: list[TableChange]                      # the uploaded tables, schema order
    carried: list[str]                             # tables not in the upload (kept from the active version)
    figures: list[FigureChange] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return any(not tc.empty for tc in self.tables)


def display_value(col: Column, value, lang: str = "it") -> str:
    """A stored value as the interface shows it (``1.234,56 €``, ``gg/mm/aaaa``, sì/no); empty -> ''."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if col.kind == AMOUNT:
        return fmt_eur(float(value), lang, 2)
    if col.kind == DATE:
        return fmt_date(value, lang)
    if col.kind == BOOL:
        return t("dati_yes" if value else "dati_no", lang)
    if col.kind == CHOICE:
        return value_label(str(value), lang)
    return str(value)


def display_rows(table: str, frame: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """A table's rows with its headers in ``lang`` and every value formatted as text."""
    schema = TABLE_BY_NAME[table]
    return pd.DataFrame({c.label(lang): [display_value(c, v, lang) for v in frame[c.name].tolist()]
                         if c.name in frame else [""] * len(frame) for c in schema.columns})


def display_changed(table: str, changed: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """The changed cells: key, column, value before, value after (one row a cell)."""
    schema = TABLE_BY_NAME[table]
    out = {schema.column(k).label(lang): changed[k].astype(object).tolist() for k in schema.key}
    cols = [schema.column(c) for c in changed["column"]]
    out[t("dati_col_changed", lang)] = [c.label(lang) for c in cols]
    out[t("dati_col_before", lang)] = [display_value(c, v, lang) for c, v in zip(cols, changed["old"], strict=True)]
    out[t("dati_col_after", lang)] = [display_value(c, v, lang) for c, v in zip(cols, changed["new"], strict=True)]
    return pd.DataFrame(out)


def would_be_tables(prepared: Prepared, store: Store) -> dict[str, pd.DataFrame]:
    """Every table as the new version would hold it: the uploaded ones replaced, the others carried over."""
    current = store.tables(prepared.base_version) if prepared.base_version is not None else {}
    frames = prepared.checked.frames
    return {tb.name: frames[tb.name] if tb.name in frames else current.get(tb.name, _empty(tb.name))
            for tb in TABLES}


def kpis_after(prepared: Prepared, store: Store) -> queries.Kpis:
    """The headline figures the dashboard would show once the upload is confirmed (nothing is written)."""
    scratch = Store(":memory:")
    try:
        version = scratch.commit(would_be_tables(prepared, store), author="anteprima")
        return queries.kpis(scratch, version)
    finally:
        scratch.close()


def build_preview(prepared: Prepared, store: Store, lang: str = "it") -> UploadPreview:
    """Rows added, removed and changed per uploaded table, and the figures before and after."""
    if not prepared.ok:
        raise ValueError("build_preview needs an upload without errors")
    tables = []
    for name in prepared.tables:
        diff = prepared.changes[name]
        tables.append(TableChange(
            table=name, label=TABLE_BY_NAME[name].label(lang), n_rows=len(prepared.checked.frames[name]),
            n_added=len(diff.added), n_removed=len(diff.removed), n_changed_rows=diff.n_changed_rows,
            added=display_rows(name, diff.added, lang), removed=display_rows(name, diff.removed, lang),
            changed=display_changed(name, diff.changed, lang)))
    carried = [tb.label(lang) for tb in TABLES if tb.name not in prepared.checked.frames]
    after = kpis_after(prepared, store)
    figures = []
    if prepared.base_version is not None:
        before = queries.kpis(store, prepared.base_version)
        figures = [FigureChange(key, kind, float(getattr(before, f)), float(getattr(after, f)))
                   for key, f, kind in FIGURES]
    else:
        figures = [FigureChange(key, kind, 0.0, float(getattr(after, f))) for key, f, kind in FIGURES]
    return UploadPreview(prepared.base_version, tables, carried, figures)


def fmt_figure(kind: str, value: float, lang: str = "it") -> str:
    return fmt_eur(value, lang) if kind == "eur" else fmt_number(value, lang)


def fmt_delta(kind: str, value: float, lang: str = "it") -> str:
    """``+1.234 €`` / ``-3`` (ASCII minus: st.metric reads the sign from it); ``=`` when nothing changes."""
    if round(value, 2) == 0:
        return "="
    sign = "+" if value > 0 else "-"
    return sign + fmt_figure(kind, abs(value), lang)


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


# --- history ---------------------------------------------------------------------------------------------

def history_frame(versions: list[Version], active: int | None, lang: str = "it") -> pd.DataFrame:
    """Every version, newest first: number, date, author, what it was, comment, files, rows per table."""
    rows = []
    for v in reversed(versions):
        if v.kind == "rollback":
            kind = t("dati_kind_rollback", lang, n=v.source_version)
        elif v.kind == "demo":
            kind = t("dati_kind_demo", lang)
        else:
            kind = t("dati_kind_import", lang)
        row = {
            t("dati_col_version", lang): v.version_id,
            t("dati_col_active", lang): "●" if v.version_id == active else "",
            t("dati_col_date", lang): f"{v.created_at:%d/%m/%Y %H:%M}",
            t("dati_col_author", lang): v.author,
            t("dati_col_kind", lang): kind,
            t("dati_col_comment", lang): v.comment,
            t("dati_col_files", lang): v.file_names,
        }
        for tb in TABLES:
            row[tb.label(lang)] = v.counts.get(tb.name, 0)
        rows.append(row)
    return pd.DataFrame(rows)


_MACRO_MEMBERS = ("vbaproject.bin", "xl/macrosheets/", "xl/dialogsheets/", "xl/activex/", "xl/embeddings/",
                  "basic/", "scripts/")


def safe_to_serve(file: SourceFile) -> bool:
    """True when an original upload may be handed out as it is: a CSV, or an .xlsx/.ods with no macro,
    ActiveX control or embedded object. Never an .xlsm, .xls or anything we cannot inspect
    (RELIABILITY.md 1.6): for those the page offers the data re-written instead."""
    suffix = PurePath(file.name).suffix.lower()
    try:
        fmt = guard.sniff_format(file.name, file.content)
    except guard.Unreadable:
        return False
    if fmt == guard.CSV:
        return suffix == ".csv"
    if fmt not in (guard.XLSX, guard.ODS) or suffix not in (".xlsx", ".ods"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(file.content)) as zf:
            names = [n.lower() for n in zf.namelist()]
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return not any(m in n for n in names for m in _MACRO_MEMBERS)


def safe_file_name(name: str, fallback: str = "file") -> str:
    """A download name without folders or control characters."""
    base = PurePath(name.replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f\x7f\"<>|:*?]", "_", base).strip(" .")
    return base or fallback


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


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in TABLE_BY_NAME[name].names})
