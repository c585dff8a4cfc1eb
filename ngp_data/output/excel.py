"""Formatted Excel files derived from the schema: the exports and the empty template.

Every workbook is written with XlsxWriter and no user text ever becomes a formula, a link or a number:
formula/URL/number conversion is off, text is always written with the string type, text that starts
with a formula trigger (``= + - @``, tab, CR, LF) also carries Excel's quotePrefix style (so pressing
F2+Enter on it cannot turn it into a formula either), control characters Excel rejects are removed,
and text XlsxWriter would copy into the XML unescaped (``<r>…</r>``, its rich-string marker) is written
as a rich string of the same text. A file we hand out is safe to open and reads back as written.

Three exports share one cell writer (bold frozen header, autofilter, widths fitted to the content,
euro amounts and dates as real typed cells, percentages as percentages):

* ``write_tables``: one sheet per schema table with the template's headers, re-uploadable as it is
  (no totals row on these sheets: they must stay importable);
* ``write_view``: tables as shown on screen (displayed headers and order), with a totals row under the
  amount columns;
* ``write_export``: the Esporta page and ``python -m ngp_data export``: the six table sheets of the
  filtered view, a summary by mission and one by partner (with totals), and the "Filtri" sheet.

``write_view`` and ``write_export`` add the "Filtri" sheet (filters applied, data version, who and
when exported, rows per sheet, demo flag) when given an ``ExportInfo``. More rows than an Excel sheet
holds raise ``ExportTooLarge`` (an Italian message) before anything is written. Workbooks above
``STREAM_CELLS`` cells are streamed row by row (XlsxWriter's constant_memory mode); smaller ones are
built in memory, so the same data gives the same bytes (the committed demo workbook relies on it).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

import numpy as np
import pandas as pd
import xlsxwriter

from ..analytics import queries
from ..analytics.queries import NO_FILTERS, Filters
from ..labels import mission_label, t, value_label
from ..schema import (
    AMOUNT,
    AUXILIARY_SHEETS,
    BOOL,
    CHOICE,
    CODE,
    COMPONENT,
    COMPONENTS,
    CUP_KIND,
    DATE,
    FILTERS_SHEET,
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
from ..store import LOCAL_AUTHOR, Version

Target = str | os.PathLike | IO[bytes]

AMOUNT_FORMAT = '#,##0.00\\ "€"'       # Excel's own spelling of "1.234,56 €" (shown with local separators)
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INT_FORMAT = "#,##0"
PCT_FORMAT = "0.0%"
TEMPLATE_ROWS = 5000                    # drop-downs and formats cover rows 2..TEMPLATE_ROWS
YES_NO = {"it": ("sì", "no"), "en": ("yes", "no")}
EXCEL_MAX_ROWS = 1_048_576              # rows of one Excel sheet, header included (read at call time)
# Above this many cells a workbook is streamed (XlsxWriter's constant_memory: rows go to a temporary
# file as they are written) instead of built in memory: 100k applications cost ~+12 MB instead of
# ~+190 MB of RAM, in the same time (docs/PERFORMANCE.md, "Export"). Smaller workbooks stay in memory,
# with shared strings, and the same data always gives the same bytes.
STREAM_CELLS = 200_000

_WORKBOOK_OPTIONS = {
    "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "in_memory": True,
    "remove_timezone": True,
}
# Characters XML 1.0 (so Excel) does not accept in a cell: C0 controls but tab/LF/CR, lone surrogates,
# U+FFFE/U+FFFF. Removed from every text we write.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAK_RE = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")   # what str.splitlines splits on
_EXCEL_MAX_TEXT = 32767
_MIN_WIDTH, _MAX_WIDTH = 8, 60
# OWASP's formula triggers: text starting with one of them gets the quotePrefix style.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_SPECIAL_FIRST = frozenset(FORMULA_TRIGGERS) | {"<"}
_EPOCH_ORDINAL = dt.date(1899, 12, 31).toordinal()
_FIRST_SERIAL_DATE = dt.date(1900, 3, 1)   # before it Excel's calendar is wrong (1900 leap-year bug)

# Kinds of a displayed (not schema) column, for write_view.
VIEW_TEXT, VIEW_AMOUNT, VIEW_DATE, VIEW_INT, VIEW_PCT = "text", "amount", "date", "int", "pct"
VIEW_DATETIME = "datetime"

# The summary sheets of the Esporta workbook, (Italian, English): skipped on upload like "Filtri".
SUMMARY_SHEETS: dict[str, tuple[str, str]] = {
    "missions": ("Riepilogo missioni", "Missions summary"),
    "partners": ("Riepilogo partner", "Partners summary"),
}
FILTERS_SHEETS = (FILTERS_SHEET, "Filters")
if not {n for pair in (*SUMMARY_SHEETS.values(), FILTERS_SHEETS) for n in pair} <= set(AUXILIARY_SHEETS):
    raise RuntimeError("excel.py: the summary/filters sheet names must be in schema.AUXILIARY_SHEETS")

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


class ExportTooLarge(ValueError):
    """A sheet would need more rows than Excel allows; ``str()`` says so (Italian, or the export's language)."""

    def __init__(self, sheet: str, rows: int, lang: str = "it", *, totals: bool = False):
        self.sheet, self.rows = sheet, rows
        limit = EXCEL_MAX_ROWS - 1 - int(totals)          # the header, and the totals row if any
        super().__init__(t("exp_too_large", lang, sheet=sheet, n=_thousands(rows, lang),
                           max=_thousands(limit, lang)))


@dataclass(frozen=True)
class ViewColumn:
    """A displayed column: frame column, header as shown, kind (VIEW_*), and whether to total it."""

    name: str
    header: str
    kind: str = VIEW_TEXT
    total: bool | None = None          # None: amounts are totalled, other kinds are not


@dataclass(frozen=True)
class ExportInfo:
    """What the "Filtri" sheet records about an export.

    ``names`` maps "partners" and "calls" to {id: name} so the filters read as names, not codes;
    ``exported_by`` is the logged-in e-mail, or "locale"; ``exported_at`` defaults to now.
    """

    filters: Filters = NO_FILTERS
    version: Version | None = None
    exported_by: str = LOCAL_AUTHOR
    exported_at: dt.datetime | None = None
    names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportData:
    """Everything the Esporta workbook holds for one filtered view (see ``collect_export``)."""

    tables: dict[str, pd.DataFrame]   # schema table name -> frame with the schema's columns
    missions: pd.DataFrame            # queries.by_mission
    partners: pd.DataFrame            # queries.by_partner, restricted to the partners of the Partner sheet


# --- public API ------------------------------------------------------------------------------------

def write_tables(frames: dict[str, pd.DataFrame], target: Target, lang: str = "it", *,
                 created: dt.datetime | None = None, info: ExportInfo | None = None,
                 constant_memory: bool | None = None) -> dict[str, int]:
    """Write one formatted sheet per table (schema order, only the tables in ``frames``).

    Frames use the schema's English column names; missing columns are written empty, extra ones
    ignored. ``created`` fixes the workbook's creation date so the same data gives the same bytes.
    With ``info``, a "Filtri" sheet is added. Returns the data rows written per sheet.
    """
    sheets = [_table_sheet(table, frames[table.name], lang) for table in TABLES if table.name in frames]
    return _write_workbook(sheets, target, lang, info=info, created=created, constant_memory=constant_memory)


def write_view(sheets: dict[str, tuple[pd.DataFrame, Sequence[ViewColumn | tuple]]], target: Target,
               lang: str = "it", *, info: ExportInfo | None = None, totals: bool = True,
               constant_memory: bool | None = None) -> dict[str, int]:
    """Write tables as shown on screen: ``{sheet: (frame, [(column, header, kind), ...])}``.

    Kinds: text, amount (euro format), date (gg/mm/aaaa), datetime, int, pct (a ratio shown as a
    percentage). Columns may also be ``ViewColumn``s. With ``totals``, a bold totals row sums the
    amount columns (unknown amounts left out). With ``info``, a "Filtri" sheet is added. Returns the
    data rows written per sheet.
    """
    specs = [_view_sheet(name, frame, [_as_view_column(c) for c in columns], lang, totals)
             for name, (frame, columns) in sheets.items()]
    return _write_workbook(specs, target, lang, info=info, constant_memory=constant_memory)


def collect_export(store, version_id: int | None, filters: Filters = NO_FILTERS) -> ExportData:
    """Query what the Esporta workbook holds: the filtered tables and the two summaries."""
    tables = queries.filtered_tables(store, version_id, filters)
    return ExportData(tables, queries.by_mission(store, version_id, filters),
                      queries.by_partner(store, version_id, filters))


def export_sheets(data: ExportData, lang: str = "it") -> list[tuple[str, int]]:
    """(sheet name, data rows) of the Esporta workbook, in order (the "Filtri" sheet not included).
    Cheap: nothing is formatted, so a page can show it on every run."""
    return [(name, len(frame)) for name, frame, _ in _export_parts(data, lang)]


def check_export(data: ExportData, lang: str = "it") -> None:
    """Raise ExportTooLarge if a sheet of the Esporta workbook would not fit (before building anything)."""
    for name, frame, layout in _export_parts(data, lang):
        check_size([(name, len(frame))], lang, totals=not isinstance(layout, Table))


def check_size(sheets: Iterable[tuple[str, int]], lang: str = "it", *, totals: bool = False) -> None:
    """Raise ExportTooLarge when a sheet's data rows (plus header and totals) exceed an Excel sheet."""
    for name, rows in sheets:
        if rows + 1 + int(totals) > EXCEL_MAX_ROWS:
            raise ExportTooLarge(name, rows, lang, totals=totals)


def write_export(data: ExportData, target: Target, lang: str = "it", *, info: ExportInfo | None = None,
                 constant_memory: bool | None = None) -> dict[str, int]:
    """The Esporta workbook: the six table sheets (re-uploadable: template headers, no totals), the
    summary by mission and by partner (with totals), then the "Filtri" sheet. Returns rows per sheet."""
    return _write_workbook(_export_specs(data, lang), target, lang, info=info or ExportInfo(),
                           constant_memory=constant_memory, reuploadable=True)


def export_workbook(store, version: Version, filters: Filters, target: Target, lang: str = "it", *,
                    exported_by: str = LOCAL_AUTHOR, constant_memory: bool | None = None) -> dict[str, int]:
    """Query and write the Esporta workbook of ``version`` under ``filters`` (the command line's export)."""
    data = collect_export(store, version.version_id, filters)
    options = queries.filter_options(store, version.version_id)
    info = ExportInfo(filters, version, exported_by,
                      names={"partners": dict(options["partners"]), "calls": dict(options["calls"])})
    return write_export(data, target, lang, info=info, constant_memory=constant_memory)


def write_template(target: Target, *, created: dt.datetime | None = None) -> None:
    """Write the empty upload template: instructions, one sheet per table with headers, drop-downs."""
    workbook = _workbook(target, created or dt.datetime(2026, 1, 1))
    fmt = _Formats(workbook)
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


def sheet_title(name: str) -> str:
    """A valid sheet name: no []:*?/\\ nor control characters, no leading/trailing ', at most 31 chars."""
    text = re.sub(r"[\[\]:*?/\\]", "-", clean_text(name)).strip().strip("'")[:31].strip()
    if text.casefold() == "history":            # reserved by Excel
        text += "-"
    return text or "Dati"


# --- sheet specifications ----------------------------------------------------------------------------

@dataclass
class _Column:
    """One column ready to write: its cells as XlsxWriter will receive them.

    ``values[i]`` is the payload of data row i (None: leave empty) for ``method`` ("s" string, "n"
    number) with format ``fmt``; ``special`` maps a data row to how it departs from that ("quote":
    string with quotePrefix, "rich": string written as a rich string, "text": a string in a number
    column); ``total`` is written in the totals row.
    """

    header: str
    values: list
    method: str
    fmt: str | None
    width: int
    special: dict[int, str] = field(default_factory=dict)
    total: float | None = None
    total_fmt: str | None = None


@dataclass
class _Sheet:
    name: str
    columns: list[_Column]
    n_rows: int
    totals: bool = False              # a totals row under the data (amount/summed columns)


def _table_sheet(table: Table, frame: pd.DataFrame, lang: str) -> _Sheet:
    frame = frame.reindex(columns=table.names)
    columns = []
    for col in table.columns:
        header = col.label(lang)
        series = frame[col.name]
        if col.kind == AMOUNT:
            built = _number_column(header, series, "amount")
        elif col.kind == DATE:
            built = _date_column(header, series, "date", with_time=False)
        elif col.kind == BOOL:
            yes, no = YES_NO.get(lang, YES_NO["it"])
            built = _text_column(header, series, lambda v, y=yes, n=no: (y if v else n)
                                 if isinstance(v, (bool, np.bool_)) else str(v))
        elif col.kind == CHOICE:
            built = _text_column(header, series, lambda v: str(choice_label(str(v), lang)))
        else:
            built = _text_column(header, series, str)
        columns.append(built)
    return _Sheet(table.label(lang), columns, len(frame))


def _as_view_column(c: ViewColumn | tuple) -> ViewColumn:
    return c if isinstance(c, ViewColumn) else ViewColumn(*c)


def _view_sheet(name: str, frame: pd.DataFrame, columns: list[ViewColumn], lang: str, totals: bool) -> _Sheet:
    built = []
    for c in columns:
        series = frame[c.name]
        if c.kind in (VIEW_AMOUNT, VIEW_INT, VIEW_PCT):
            col = _number_column(c.header, series, c.kind)
        elif c.kind in (VIEW_DATE, VIEW_DATETIME):
            col = _date_column(c.header, series, c.kind, with_time=c.kind == VIEW_DATETIME)
        else:
            col = _text_column(c.header, series, str)
        wants_total = c.kind == VIEW_AMOUNT if c.total is None else c.total
        if totals and wants_total and col.method == "n":
            known = [v for i, v in enumerate(col.values) if v is not None and i not in col.special]
            if known:
                col.total = math.fsum(known)
                col.total_fmt = "total_" + c.kind
                width = _number_width([col.total], c.kind)
                col.width = max(col.width, width)
        built.append(col)
    has_totals = totals and any(c.total is not None for c in built)
    return _Sheet(sheet_title(name), built, len(frame), has_totals)


def _export_parts(data: ExportData, lang: str) -> list[tuple[str, pd.DataFrame, Table | list[ViewColumn]]]:
    """The Esporta workbook's sheets before formatting: (name, frame, schema table or summary columns)."""
    parts: list[tuple[str, pd.DataFrame, Table | list[ViewColumn]]] = [
        (t_.label(lang), data.tables[t_.name], t_) for t_ in TABLES]
    missions = data.missions.assign(
        mission_name=[MISSIONS[m][1 if lang == "en" else 0] if m in MISSIONS else None
                      for m in data.missions["mission"]],
        coverage=[g / b if b else None for g, b in zip(data.missions["granted"], data.missions["budget"],
                                                        strict=True)])
    partner_ids = set(data.tables["partners"]["partner_id"])
    partners = data.partners[data.partners["partner_id"].isin(partner_ids)]
    partners = partners.assign(
        kind=[value_label(v, lang) if isinstance(v, str) else None for v in partners["kind"]],
        signatory=[YES_NO.get(lang, YES_NO["it"])[0 if v else 1] if isinstance(v, (bool, np.bool_)) else None
                   for v in partners["signatory"]])

    def h(key: str) -> str:
        return t(key, lang)

    parts.append((SUMMARY_SHEETS["missions"][lang == "en"], missions, [
        ViewColumn("mission", h("col_mission")), ViewColumn("mission_name", h("exp_mission_name")),
        ViewColumn("n_cards", h("n_cards"), VIEW_INT, True), ViewColumn("n_requests", h("n_requests"), VIEW_INT, True),
        ViewColumn("n_financed", h("col_financed"), VIEW_INT, True),
        ViewColumn("budget", h("col_budget"), VIEW_AMOUNT), ViewColumn("requested", h("col_requested"), VIEW_AMOUNT),
        ViewColumn("granted", h("col_granted"), VIEW_AMOUNT), ViewColumn("coverage", h("exp_coverage"), VIEW_PCT),
    ]))
    parts.append((SUMMARY_SHEETS["partners"][lang == "en"], partners, [
        ViewColumn("partner_id", h("exp_partner_id")), ViewColumn("name", h("col_name")),
        ViewColumn("kind", h("col_kind")), ViewColumn("signatory", h("col_signatory")),
        ViewColumn("n_led", h("col_led"), VIEW_INT, True), ViewColumn("n_joined", h("col_joined"), VIEW_INT),
        ViewColumn("n_requests", h("n_requests"), VIEW_INT, True),
        ViewColumn("requested", h("col_requested"), VIEW_AMOUNT), ViewColumn("granted", h("col_granted"), VIEW_AMOUNT),
        ViewColumn("n_decided", h("col_decided"), VIEW_INT, True),
        ViewColumn("n_financed", h("col_financed"), VIEW_INT, True),
        ViewColumn("success_rate", h("col_success"), VIEW_PCT),
    ]))
    return parts


def _export_specs(data: ExportData, lang: str) -> list[_Sheet]:
    return [_table_sheet(layout, frame, lang) if isinstance(layout, Table)
            else _view_sheet(name, frame, layout, lang, True)
            for name, frame, layout in _export_parts(data, lang)]


# --- columns: values -> cells ------------------------------------------------------------------------

def _empty_mask(series: pd.Series) -> np.ndarray:
    return series.isna().to_numpy(dtype=bool)


def _text_column(header: str, series: pd.Series, convert) -> _Column:
    """Text cells: control characters removed, quotePrefix on formula triggers, <r>…</r> as rich text."""
    empty = _empty_mask(series)
    values: list[str | None] = []
    special: dict[int, str] = {}
    width = 0
    sub = _CONTROL_RE.sub
    plain = convert is str
    for i, (value, is_empty) in enumerate(zip(series.tolist(), empty, strict=True)):
        if is_empty:
            values.append(None)
            continue
        text = sub("", value if plain and value.__class__ is str else convert(value))[:_EXCEL_MAX_TEXT]
        values.append(text)
        if text and text[0] in _SPECIAL_FIRST:
            how = _text_special(text)
            if how:
                special[i] = how
        n = len(text)
        if n >= width:
            if _LINE_BREAK_RE.search(text):
                n = max((len(line) for line in text.splitlines()), default=0)
            width = max(width, n)
    return _Column(header, values, "s", None, _fit(header, width + 1 if values and width else 0), special)


def _text_special(text: str) -> str | None:
    if text[0] in FORMULA_TRIGGERS:
        return "quote"
    if text.startswith("<r>") and text.endswith("</r>"):
        return "rich"          # XlsxWriter would copy it into the XML as raw rich-string markup
    return None


def _number_column(header: str, series: pd.Series, kind: str) -> _Column:
    """Amounts, integers, ratios: finite numbers as numbers; NaN/None empty; anything else as text."""
    fmt = {"amount": "amount", VIEW_INT: "int", VIEW_PCT: "pct"}[kind]
    arr = series.to_numpy()
    special: dict[int, str] = {}
    if arr.dtype.kind in "fiu":
        floats = arr.astype("float64", copy=False)
        finite = np.isfinite(floats)
        values = np.where(finite, floats, None).tolist() if not finite.all() else floats.tolist()
        numbers = floats[finite]
    else:
        values, numbers = [], []
        empty = _empty_mask(series)
        for i, (value, is_empty) in enumerate(zip(arr.tolist(), empty, strict=True)):
            if is_empty:
                values.append(None)
            elif isinstance(value, (int, float, Decimal, np.number)) and not isinstance(value, (bool, np.bool_)):
                number = float(value)
                values.append(number if math.isfinite(number) else None)
                if math.isfinite(number):
                    numbers.append(number)
            else:
                text = clean_text(str(value))
                values.append(text)
                special[i] = "text"
    width = _number_width(numbers, kind)
    for i in special:
        width = max(width, len(values[i]) + 1)
    return _Column(header, values, "n", fmt, _fit(header, width), special)


def _number_width(numbers, kind: str) -> int:
    if len(numbers) == 0:
        return 0
    low, high = float(np.min(numbers)), float(np.max(numbers))
    if kind == "amount":
        return max(len(f"{x:,.2f} €") for x in (low, high)) + 1
    if kind == VIEW_INT:
        return max(8, max(len(f"{x:,.0f}") for x in (low, high)) + 1)
    return 8


def _date_column(header: str, series: pd.Series, kind: str, *, with_time: bool) -> _Column:
    """Dates as Excel serial numbers in gg/mm/aaaa (time zones dropped, wall-clock time kept)."""
    empty = _empty_mask(series)
    values: list = []
    special: dict[int, str] = {}
    width = 0
    for i, (value, is_empty) in enumerate(zip(series.tolist(), empty, strict=True)):
        serial = None if is_empty else _excel_serial(value, with_time)
        if serial is not None:
            values.append(serial)
            width = max(width, 17 if with_time else 11)
        elif is_empty:
            values.append(None)
        else:                                        # not a date, or before 1900-03-01: as text
            text = (f"{value:%d/%m/%Y}" if isinstance(value, dt.date) else clean_text(str(value)))
            values.append(text)
            special[i] = "text"
            width = max(width, len(text) + 1)
    return _Column(header, values, "n", "datetime" if with_time else "date", _fit(header, width), special)


def _excel_serial(value: Any, with_time: bool) -> float | None:
    """A date (or datetime) as Excel's 1900-system serial number; None when not a (supported) date."""
    if isinstance(value, pd.Timestamp):
        value = value.tz_localize(None) if value.tzinfo else value
        value = value.to_pydatetime()
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value).to_pydatetime()
    if isinstance(value, dt.datetime):
        value = value.replace(tzinfo=None)
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        return None
    if day < _FIRST_SERIAL_DATE:
        return None
    serial = float(day.toordinal() - _EPOCH_ORDINAL + 1)     # +1: Excel's phantom 29/02/1900
    if with_time and isinstance(value, dt.datetime):
        serial += (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400
    return serial


def _fit(header: str, width: int) -> int:
    return min(max(len(header) + 2, width, _MIN_WIDTH), _MAX_WIDTH)


# --- writing -----------------------------------------------------------------------------------------

class _Formats:
    """The cell formats of one workbook, created on first use (an unused format is not written)."""

    _PROPS: dict[str, dict] = {
        "header": {"bold": True, "text_wrap": True, "valign": "top", "border": 1, "border_color": "#A6A6A6",
                   "bg_color": "#DDEBF7"},
        "header_required": {"bold": True, "text_wrap": True, "valign": "top", "border": 1,
                            "border_color": "#A6A6A6", "bg_color": "#F8CBAD"},
        "amount": {"num_format": AMOUNT_FORMAT},
        "date": {"num_format": DATE_FORMAT},
        "datetime": {"num_format": DATETIME_FORMAT},
        "int": {"num_format": INT_FORMAT},
        "pct": {"num_format": PCT_FORMAT},
        "text": {"num_format": "@"},
        "title": {"bold": True, "font_size": 14},
        "bold": {"bold": True},
        "wrap": {"text_wrap": True, "valign": "top"},
        "total_label": {"bold": True, "top": 1},
        "total_amount": {"bold": True, "top": 1, "num_format": AMOUNT_FORMAT},
        "total_int": {"bold": True, "top": 1, "num_format": INT_FORMAT},
        "total_pct": {"bold": True, "top": 1, "num_format": PCT_FORMAT},
        "plain": {},
    }

    def __init__(self, wb: xlsxwriter.Workbook):
        self._wb = wb
        self._made: dict[tuple[str | None, bool], Any] = {}

    def get(self, name: str | None, quote: bool = False):
        """The format ``name`` (None: no format), with the quotePrefix style when ``quote``."""
        key = (name, quote)
        if key not in self._made:
            if name is None and not quote:
                self._made[key] = None
            else:
                props = dict(self._PROPS[name or "plain"])
                if quote:
                    props["quote_prefix"] = True
                self._made[key] = self._wb.add_format(props)
        return self._made[key]

    def __getattr__(self, name: str):          # fmt.header, fmt.amount, ... (the template's spelling)
        if name.startswith("_") or name not in self._PROPS:
            raise AttributeError(name)
        return self.get(name)


def _workbook(target: Target, created: dt.datetime | None, constant_memory: bool = False) -> xlsxwriter.Workbook:
    name = os.fspath(target) if isinstance(target, (str, os.PathLike)) else target
    options = dict(_WORKBOOK_OPTIONS)
    if constant_memory:          # rows streamed to a temporary file: in_memory would switch it off
        options.update(constant_memory=True, in_memory=False)
    workbook = xlsxwriter.Workbook(name, options)
    workbook.set_properties({"title": "NGP Monitor", "company": "Comune di Prato",
                             **({"created": created} if created else {})})
    return workbook


def _write_workbook(sheets: list[_Sheet], target: Target, lang: str, *, info: ExportInfo | None = None,
                    created: dt.datetime | None = None, constant_memory: bool | None = None,
                    reuploadable: bool = False) -> dict[str, int]:
    """Every writer ends here. ``constant_memory``: True streams rows (XlsxWriter's constant_memory mode),
    False builds the workbook in memory, None (default) streams above STREAM_CELLS cells."""
    check_size(((s.name, s.n_rows) for s in sheets if not s.totals), lang)
    check_size(((s.name, s.n_rows) for s in sheets if s.totals), lang, totals=True)
    if constant_memory is None:
        constant_memory = sum(s.n_rows * len(s.columns) for s in sheets) > STREAM_CELLS
    names = _unique_names([s.name for s in sheets] + ([_filters_sheet_name(lang)] if info else []))
    counts = {name: s.n_rows for name, s in zip(names, sheets, strict=False)}
    workbook = _workbook(target, created, constant_memory)
    fmt = _Formats(workbook)
    for name, sheet in zip(names, sheets, strict=False):
        _write_sheet(workbook.add_worksheet(name), fmt, sheet, lang, row_major=constant_memory)
    if info is not None:
        _write_filters(workbook.add_worksheet(names[-1]), fmt, info, counts, lang, reuploadable)
    workbook.close()
    return counts


def _unique_names(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        candidate, n = name, 2
        while candidate.casefold() in {o.casefold() for o in out}:
            suffix = f" ({n})"
            candidate, n = name[:31 - len(suffix)] + suffix, n + 1
        out.append(candidate)
    return out


def _filters_sheet_name(lang: str) -> str:
    return FILTERS_SHEETS[1] if lang == "en" else FILTERS_SHEETS[0]


def _write_sheet(ws, fmt: _Formats, sheet: _Sheet, lang: str, *, row_major: bool) -> None:
    """Header, cells, totals; column by column (stable shared-string order) or, for XlsxWriter's
    constant_memory mode, which silently drops cells written out of order, row by row."""
    columns = sheet.columns
    for c, col in enumerate(columns):
        ws.set_column(c, c, col.width)
    if row_major:
        for c, col in enumerate(columns):
            _put_text(ws, fmt, 0, c, col.header, "header")
        writers = [(c, col.values, col.special, _method(ws, col.method), fmt.get(col.fmt))
                   for c, col in enumerate(columns)]
        for i in range(sheet.n_rows):
            r = i + 1
            for c, values, special, write, cell_format in writers:
                value = values[i]
                if value is None:
                    continue
                how = special.get(i)
                if how is None:
                    write(r, c, value, cell_format)
                else:
                    _put_special(ws, fmt, r, c, value, how)
    else:
        for c, col in enumerate(columns):
            _put_text(ws, fmt, 0, c, col.header, "header")
            write, cell_format, special = _method(ws, col.method), fmt.get(col.fmt), col.special
            for i, value in enumerate(col.values):
                if value is None:
                    continue
                how = special.get(i)
                if how is None:
                    write(i + 1, c, value, cell_format)
                else:
                    _put_special(ws, fmt, i + 1, c, value, how)
    last = sheet.n_rows
    if sheet.totals:
        total_row = sheet.n_rows + 1
        label_col = next((c for c, col in enumerate(columns) if col.total is None), None)
        for c, col in enumerate(columns):
            if col.total is not None:
                ws.write_number(total_row, c, col.total, fmt.get(col.total_fmt))
            elif c == label_col:
                ws.write_string(total_row, c, t("exp_total", lang), fmt.get("total_label"))
            else:
                ws.write_blank(total_row, c, None, fmt.get("total_label"))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(last, 1), max(len(columns) - 1, 0))


def _method(ws, method: str):
    return ws.write_string if method == "s" else ws.write_number


def _put_special(ws, fmt: _Formats, row: int, col: int, text: str, how: str) -> None:
    """A cell the column's own method cannot write: "quote", "rich", or "text" (in a number column)."""
    if how == "quote":
        ws.write_string(row, col, text, fmt.get(None, quote=True))
    else:
        _put_text(ws, fmt, row, col, text, None)


def _put_text(ws, fmt: _Formats, row: int, col: int, text: str, name: str | None) -> None:
    """Any one text cell, safely: cleaned, quotePrefix on triggers, rich-string markers neutralised."""
    text = clean_text(text)
    how = _text_special(text) if text else None
    if how == "rich":
        # Split so no fragment is itself "<r>…</r>"; a rich string's fragments are XML-escaped.
        cell_format = fmt.get(name)
        ws.write_rich_string(row, col, text[:1], fmt.get("plain"), text[1:],
                             *((cell_format,) if cell_format is not None else ()))
    else:
        ws.write_string(row, col, text, fmt.get(name, quote=how == "quote"))


def _put_value(ws, fmt: _Formats, row: int, col: int, value: Any, kind: str = VIEW_TEXT,
               name: str | None = None) -> None:
    """One cell of the "Filtri" sheet: numbers, dates and date-times typed, anything else safe text."""
    if value is None:
        return
    if kind in (VIEW_DATE, VIEW_DATETIME):
        serial = _excel_serial(value, kind == VIEW_DATETIME)
        if serial is not None:
            ws.write_number(row, col, serial, fmt.get(kind))
            return
    if (kind == VIEW_INT and isinstance(value, (int, float, np.integer, np.floating))
            and not isinstance(value, bool) and math.isfinite(value)):
        ws.write_number(row, col, value, fmt.get("int"))
        return
    _put_text(ws, fmt, row, col, str(value), name)


# --- the "Filtri" sheet -----------------------------------------------------------------------------------

def filter_rows(filters: Filters, lang: str = "it",
                names: Mapping[str, Mapping[str, str]] | None = None) -> list[tuple[str, str | dt.date]]:
    """(filter label, its values) for every filter, "nessuno" when unset; dates stay dates."""
    names = names or {}
    none = t("exp_none", lang)

    def named(code: str, kind: str) -> str:
        name = names.get(kind, {}).get(code)
        return f"{code} · {name}" if name else code

    rows: list[tuple[str, str | dt.date]] = [
        (t("f_mission", lang), "; ".join(mission_label(m, lang, long=True) for m in filters.missions)),
        (t("f_component", lang), "; ".join(filters.components)),
        (t("f_partner", lang), "; ".join(named(p, "partners") for p in filters.partners)),
        (t("f_state", lang), "; ".join(value_label(s, lang) for s in filters.states)),
        (t("f_call", lang), "; ".join(named(c, "calls") for c in filters.calls)),
        (t("f_outcome", lang), "; ".join(value_label(o, lang) for o in filters.outcomes)),
        (t("f_from", lang), filters.date_from),
        (t("f_to", lang), filters.date_to),
    ]
    return [(label, value if value else none) for label, value in rows]


def _write_filters(ws, fmt: _Formats, info: ExportInfo, counts: dict[str, int], lang: str,
                   reuploadable: bool) -> None:
    """The filters applied, the data version, who/when exported, rows per sheet, the demo flag."""
    row = 0
    _put_text(ws, fmt, row, 0, t("exp_title", lang), "title")
    row += 2

    def section(title: str, right: str = "") -> None:
        nonlocal row
        _put_text(ws, fmt, row, 0, title, "header")
        _put_text(ws, fmt, row, 1, right, "header")
        row += 1

    def line(label: str, value: Any, kind: str = VIEW_TEXT) -> None:
        nonlocal row
        _put_text(ws, fmt, row, 0, label, "bold")
        _put_value(ws, fmt, row, 1, value, kind)
        row += 1

    section(t("exp_filters_title", lang), t("exp_col_values", lang))
    for label, value in filter_rows(info.filters, lang, info.names):
        line(label, value, VIEW_DATE if isinstance(value, dt.date) else VIEW_TEXT)
    row += 1
    section(t("exp_data_title", lang))
    v = info.version
    if v is None:
        line(t("exp_version", lang), t("exp_none", lang))
    else:
        line(t("exp_version", lang), v.version_id, VIEW_INT)
        line(t("exp_version_date", lang), v.created_at, VIEW_DATETIME)
        line(t("exp_version_author", lang), v.author)
        line(t("exp_version_comment", lang), v.comment or None)
        line(t("exp_version_files", lang), v.file_names or None)
        line(t("exp_demo", lang), t("exp_demo_yes" if v.demo else "exp_demo_no", lang))
    row += 1
    section(t("exp_export_title", lang))
    line(t("exp_exported_at", lang), info.exported_at or dt.datetime.now().replace(microsecond=0), VIEW_DATETIME)
    line(t("exp_exported_by", lang), info.exported_by or LOCAL_AUTHOR)
    row += 1
    section(t("exp_col_sheet", lang), t("exp_col_rows", lang))
    for name, n in counts.items():
        _put_text(ws, fmt, row, 0, name, None)
        _put_value(ws, fmt, row, 1, n, VIEW_INT)
        row += 1
    if reuploadable:
        row += 1
        _put_text(ws, fmt, row, 0, t("exp_reupload_note", lang), None)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 70)


def _thousands(n: int, lang: str) -> str:
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "it" else text


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
