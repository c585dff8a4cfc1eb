"""The exports: the data people take away as formatted workbooks, written through ``sheets`` and ``cells``.

* ``write_tables``: one sheet per schema table with the template's headers, re-uploadable as it is
  (no totals row on these sheets: they must stay importable); ``tables_workbook`` gives a version's
  tables as bytes (the Dati page's downloads);
* ``write_view``: tables as shown on screen (displayed headers and order), with a totals row under the
  amount columns;
* ``write_export``: the Esporta page and ``python -m ngp_data export``: the six table sheets of the
  filtered view (``collect_export`` queries them), a summary by mission and one by partner (with
  totals), and the "Filtri" sheet.

``write_view`` and ``write_export`` add the "Filtri" sheet (filters applied, data version, who and
when exported, rows per sheet, demo flag) when given an ``ExportInfo``. More rows than an Excel sheet
holds raise ``ExportTooLarge`` (an Italian message) before anything is written. Workbooks above
``STREAM_CELLS`` cells are streamed row by row (XlsxWriter's constant_memory mode); smaller ones are
built in memory, so the same data gives the same bytes (the committed demo workbook relies on it).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..analytics import queries
from ..analytics.queries import NO_FILTERS, Filters
from ..formats import fmt_number
from ..kinds import AMOUNT, BOOL, CHOICE, DATE, DATETIME, INT, PCT, TEXT
from ..labels import author_label, mission_label, t, value_label
from ..schema import AUXILIARY_SHEETS, EXCEL_MAX_ROWS, FILTERS_SHEET, MISSIONS, TABLES, Table
from ..store import LOCAL_AUTHOR, Store, Version
from .cells import Formats, Target, new_workbook, put_text, put_value, unique_names
from .sheets import Sheet, ViewColumn, as_view_column, table_sheet, view_sheet, write_sheet

# Above this many cells a workbook is streamed (XlsxWriter's constant_memory: rows go to a temporary
# file as they are written) instead of built in memory: 100k applications cost ~+12 MB instead of
# ~+190 MB of RAM, in the same time (docs/PERFORMANCE.md, "Export"). Smaller workbooks stay in memory,
# with shared strings, and the same data always gives the same bytes.
STREAM_CELLS = 200_000

# The summary sheets of the Esporta workbook, (Italian, English): skipped on upload like "Filtri".
SUMMARY_SHEETS: dict[str, tuple[str, str]] = {
    "missions": ("Riepilogo missioni", "Missions summary"),
    "partners": ("Riepilogo partner", "Partners summary"),
}
FILTERS_SHEETS = (FILTERS_SHEET, "Filters")
if not {n for pair in (*SUMMARY_SHEETS.values(), FILTERS_SHEETS) for n in pair} <= set(AUXILIARY_SHEETS):
    raise RuntimeError("export.py: the summary/filters sheet names must be in schema.AUXILIARY_SHEETS")


class ExportTooLarge(ValueError):
    """A sheet would need more rows than Excel allows; ``str()`` says so (Italian, or the export's language)."""

    def __init__(self, sheet: str, rows: int, lang: str = "it", *, totals: bool = False):
        self.sheet, self.rows = sheet, rows
        limit = EXCEL_MAX_ROWS - 1 - int(totals)          # the header, and the totals row if any
        super().__init__(t("exp_too_large", lang, sheet=sheet, n=fmt_number(rows, lang),
                           max=fmt_number(limit, lang)))


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
    sheets = [table_sheet(table, frames[table.name], lang) for table in TABLES if table.name in frames]
    return _write_workbook(sheets, target, lang, info=info, created=created, constant_memory=constant_memory)


def tables_workbook(store: Store, version_id: int, tables: list[str] | None = None, lang: str = "it") -> bytes:
    """The data of one version as the formatted workbook the import reads back (values only)."""
    names = [tb.name for tb in TABLES if not tables or tb.name in tables]
    frames = {name: store.table(name, version_id) for name in names}
    buffer = io.BytesIO()
    write_tables(frames, buffer, lang)
    return buffer.getvalue()


def write_view(sheets: dict[str, tuple[pd.DataFrame, Sequence[ViewColumn | tuple]]], target: Target,
               lang: str = "it", *, info: ExportInfo | None = None, totals: bool = True,
               constant_memory: bool | None = None) -> dict[str, int]:
    """Write tables as shown on screen: ``{sheet: (frame, [(column, header, kind), ...])}``.

    Kinds are ``kinds`` names: text, amount (euro format), date (gg/mm/aaaa), datetime, int, pct (a
    ratio shown as a percentage), choice and bool (their labels in ``lang``). Columns may also be
    ``ViewColumn``s. With ``totals``, a bold totals row sums the amount columns (unknown amounts left
    out). With ``info``, a "Filtri" sheet is added. Returns the data rows written per sheet.
    """
    specs = [view_sheet(name, frame, [as_view_column(c) for c in columns], lang, totals)
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
    specs = [table_sheet(layout, frame, lang) if isinstance(layout, Table)
             else view_sheet(name, frame, layout, lang, True)
             for name, frame, layout in _export_parts(data, lang)]
    return _write_workbook(specs, target, lang, info=info or ExportInfo(),
                           constant_memory=constant_memory, reuploadable=True)


def export_workbook(store, version: Version, filters: Filters, target: Target, lang: str = "it", *,
                    exported_by: str = LOCAL_AUTHOR, constant_memory: bool | None = None) -> dict[str, int]:
    """Query and write the Esporta workbook of ``version`` under ``filters`` (the command line's export)."""
    data = collect_export(store, version.version_id, filters)
    options = queries.filter_options(store, version.version_id)
    info = ExportInfo(filters, version, exported_by,
                      names={"partners": dict(options["partners"]), "calls": dict(options["calls"])})
    return write_export(data, target, lang, info=info, constant_memory=constant_memory)


# --- the Esporta workbook's sheets ----------------------------------------------------------------------

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

    def h(key: str) -> str:
        return t(key, lang)

    parts.append((SUMMARY_SHEETS["missions"][lang == "en"], missions, [
        ViewColumn("mission", h("col_mission")), ViewColumn("mission_name", h("exp_mission_name")),
        ViewColumn("n_cards", h("n_cards"), INT, True), ViewColumn("n_requests", h("n_requests"), INT, True),
        ViewColumn("n_financed", h("col_financed"), INT, True),
        ViewColumn("budget", h("col_budget"), AMOUNT), ViewColumn("requested", h("col_requested"), AMOUNT),
        ViewColumn("granted", h("col_granted"), AMOUNT), ViewColumn("coverage", h("exp_coverage"), PCT),
    ]))
    parts.append((SUMMARY_SHEETS["partners"][lang == "en"], partners, [
        ViewColumn("partner_id", h("exp_partner_id")), ViewColumn("name", h("col_name")),
        ViewColumn("kind", h("col_kind"), CHOICE), ViewColumn("signatory", h("col_signatory"), BOOL),
        ViewColumn("n_led", h("col_led"), INT, True), ViewColumn("n_joined", h("col_joined"), INT),
        ViewColumn("n_requests", h("n_requests"), INT, True),
        ViewColumn("requested", h("col_requested"), AMOUNT), ViewColumn("granted", h("col_granted"), AMOUNT),
        ViewColumn("n_decided", h("col_decided"), INT, True),
        ViewColumn("n_financed", h("col_financed"), INT, True),
        ViewColumn("success_rate", h("col_success"), PCT),
    ]))
    return parts


def _write_workbook(sheets: list[Sheet], target: Target, lang: str, *, info: ExportInfo | None = None,
                    created: dt.datetime | None = None, constant_memory: bool | None = None,
                    reuploadable: bool = False) -> dict[str, int]:
    """Every export ends here. ``constant_memory``: True streams rows (XlsxWriter's constant_memory mode),
    False builds the workbook in memory, None (default) streams above STREAM_CELLS cells."""
    check_size(((s.name, s.n_rows) for s in sheets if not s.totals), lang)
    check_size(((s.name, s.n_rows) for s in sheets if s.totals), lang, totals=True)
    if constant_memory is None:
        constant_memory = sum(s.n_rows * len(s.columns) for s in sheets) > STREAM_CELLS
    names = unique_names([s.name for s in sheets] + ([FILTERS_SHEETS[lang == "en"]] if info else []))
    counts = {name: s.n_rows for name, s in zip(names, sheets, strict=False)}
    workbook = new_workbook(target, created=created, constant_memory=constant_memory)
    fmt = Formats(workbook)
    for name, sheet in zip(names, sheets, strict=False):
        write_sheet(workbook.add_worksheet(name), fmt, sheet, lang, row_major=constant_memory)
    if info is not None:
        _write_filters(workbook.add_worksheet(names[-1]), fmt, info, counts, lang, reuploadable)
    workbook.close()
    return counts


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


def _write_filters(ws, fmt: Formats, info: ExportInfo, counts: dict[str, int], lang: str,
                   reuploadable: bool) -> None:
    """The filters applied, the data version, who/when exported, rows per sheet, the demo flag."""
    row = 0
    put_text(ws, fmt, row, 0, t("exp_title", lang), "title")
    row += 2

    def section(title: str, right: str = "") -> None:
        nonlocal row
        put_text(ws, fmt, row, 0, title, "header")
        put_text(ws, fmt, row, 1, right, "header")
        row += 1

    def line(label: str, value: Any, kind: str = TEXT) -> None:
        nonlocal row
        put_text(ws, fmt, row, 0, label, "bold")
        put_value(ws, fmt, row, 1, value, kind)
        row += 1

    section(t("exp_filters_title", lang), t("exp_col_values", lang))
    for label, value in filter_rows(info.filters, lang, info.names):
        line(label, value, DATE if isinstance(value, dt.date) else TEXT)
    row += 1
    section(t("exp_data_title", lang))
    v = info.version
    if v is None:
        line(t("exp_version", lang), t("exp_none", lang))
    else:
        line(t("exp_version", lang), v.version_id, INT)
        line(t("exp_version_date", lang), v.created_at, DATETIME)
        line(t("exp_version_author", lang), author_label(v.author, v.kind, lang))
        line(t("exp_version_comment", lang), v.comment or None)
        line(t("exp_version_files", lang), v.file_names or None)
        line(t("exp_demo", lang), t("exp_demo_yes" if v.demo else "exp_demo_no", lang))
    row += 1
    section(t("exp_export_title", lang))
    line(t("exp_exported_at", lang), info.exported_at or dt.datetime.now().replace(microsecond=0), DATETIME)
    line(t("exp_exported_by", lang), info.exported_by or LOCAL_AUTHOR)
    row += 1
    section(t("exp_col_sheet", lang), t("exp_col_rows", lang))
    for name, n in counts.items():
        put_text(ws, fmt, row, 0, name)
        put_value(ws, fmt, row, 1, n, INT)
        row += 1
    if reuploadable:
        row += 1
        put_text(ws, fmt, row, 0, t("exp_reupload_note", lang))
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 70)
