"""Every workbook the app writes: one safe cell writer, the export, the template."""
