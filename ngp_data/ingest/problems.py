"""Problems found in an upload, and the one error type the import raises.

A problem says where (file, sheet, spreadsheet row, column) and why, in Italian, in the form
``FILE › SHEET › riga N › COLONNA: message`` that the command line prints and the Dati page tabulates.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "errore"
WARNING = "avviso"
INFO = "info"


@dataclass(frozen=True)
class Problem:
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None       # the row number the officer sees in the spreadsheet (1-based)
    column: str = ""             # the header as written in the file (or the template's)
    severity: str = ERROR

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.sheet) if p]
        if self.row is not None:
            parts.append(f"riga {self.row}")
        if self.column:
            parts.append(self.column)
        where = " › ".join(parts)
        return f"{where}: {self.message}" if where else self.message

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class UploadRejected(Exception):
    """The upload has errors: nothing was written. ``problems`` lists all of them (and the warnings)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.is_error]
        super().__init__(f"{len(errors)} errori nel caricamento")
