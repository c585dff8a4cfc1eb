"""Temporary: removed when ui/ and views/ import ngp_data.output.

The old names ``ui/widgets.py`` and ``views/esporta.py`` use; the view kinds are the ``kinds`` names.
"""

from .. import kinds
from . import export
from .cells import sheet_title  # noqa: F401

VIEW_TEXT, VIEW_AMOUNT, VIEW_DATE = kinds.TEXT, kinds.AMOUNT, kinds.DATE
VIEW_INT, VIEW_PCT, VIEW_DATETIME = kinds.INT, kinds.PCT, kinds.DATETIME
ExportData, ExportInfo, ExportTooLarge = export.ExportData, export.ExportInfo, export.ExportTooLarge
SUMMARY_SHEETS, FILTERS_SHEETS, filter_rows = export.SUMMARY_SHEETS, export.FILTERS_SHEETS, export.filter_rows
check_export, check_size, export_sheets = export.check_export, export.check_size, export.export_sheets
write_export, write_view = export.write_export, export.write_view
