"""Problems found in an upload, and the one error type the import raises.

A problem says where (file, sheet, spreadsheet row, column) and why, in Italian, in the form
``FILE › SHEET › riga N › COLONNA: message`` that the command line prints and the Dati page tabulates.
User text reaches a problem as written (a value, a header, a sheet or file name), so what a problem shows
goes through ``escape_controls``: a terminal escape or a right-to-left override is shown, never obeyed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..schema import INVISIBLE

ERROR = "errore"
WARNING = "avviso"
INFO = "info"

# C0 and C1 controls, DEL, line and paragraph separators, lone surrogates (which cannot even be printed)
# and the invisible/bidi characters: none belongs in a message, all can hide or fake what it says.
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{INVISIBLE}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match) -> str:
    ch = match.group()
    code = ord(ch)
    return _NAMED.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def escape_controls(text: str) -> str:
    """``text`` with every control or invisible character written as its escape, as repr() does: ESC
    becomes ``\\x1b``, U+202E becomes ``\\u202e``. Idempotent (the escapes are plain characters)."""
    return _UNSAFE.sub(_escape, text)


@dataclass(frozen=True)
class Problem:
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None       # the row number the officer sees in the spreadsheet (1-based)
    column: str = ""             # the header as written in the file (or the template's)
    severity: str = ERROR

    def __post_init__(self) -> None:
        # The message is shown as it is (the Dati page's table); file, sheet and column stay as written,
        # since they locate the cell, and are escaped when the problem is printed (``str()``).
        object.__setattr__(self, "message", escape_controls(self.message))

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.sheet) if p]
        if self.row is not None:
            parts.append(f"riga {self.row}")
        if self.column:
            parts.append(self.column)
        where = " › ".join(parts)
        return escape_controls(f"{where}: {self.message}" if where else self.message)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class UploadRejected(Exception):
    """The upload has errors: nothing was written. ``problems`` lists all of them (and the warnings)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.is_error]
        super().__init__(f"{len(errors)} errori nel caricamento")
