"""Every workbook the app writes, through one safe cell writer.

The rooms, from the cell up:

* ``cells``: the one safe cell writer (no text ever becomes a formula, a link or a number; control
  characters removed; dates and numbers typed in their kind's format) and the workbook it writes into;
* ``sheets``: a frame as one formatted sheet, each column written as its kind says, with a totals row;
* ``export``: the exports (schema tables, tables as shown on screen, the Esporta workbook with its
  summaries and "Filtri" sheet) and their size check;
* ``template``: the empty upload template with its instructions and drop-downs;
* ``problems``: the workbook that marks the cells of a rejected upload;
* ``pack`` (with ``pack_render`` and the ``pack.typ`` template): the meeting pack, a PDF typeset by typst
  with the charts exported as SVG by kaleido.

Callers import from here: ``from ngp_data import output`` then ``output.write_view(...)``.
"""

from .cells import clean_text, sheet_title
from .export import (
    FILTERS_SHEETS,
    SUMMARY_SHEETS,
    ExportData,
    ExportInfo,
    ExportTooLarge,
    check_export,
    check_size,
    collect_export,
    export_sheets,
    export_workbook,
    filter_rows,
    tables_workbook,
    write_export,
    write_tables,
    write_view,
)
from .pack import PackError, build_pack, pack_file_name, pick_since
from .problems import PROBLEMS_SHEET, problems_workbook
from .sheets import ViewColumn
from .template import TEMPLATE_ROWS, template_workbook, write_template

__all__ = [
    "FILTERS_SHEETS", "PROBLEMS_SHEET", "SUMMARY_SHEETS", "TEMPLATE_ROWS", "ExportData", "ExportInfo",
    "ExportTooLarge", "PackError", "ViewColumn", "build_pack", "check_export", "check_size", "clean_text",
    "collect_export", "export_sheets", "export_workbook", "filter_rows", "pack_file_name", "pick_since",
    "problems_workbook", "sheet_title", "tables_workbook", "template_workbook", "write_export", "write_tables",
    "write_template", "write_view",
]
