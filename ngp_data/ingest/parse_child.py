"""Child process entry: parse one workbook from stdin under a memory limit, pickle plain rows to stdout.

Run only by guard.parse_isolated. A reader that aborts or exhausts memory kills this process alone.
"""

from __future__ import annotations

import io
import pickle
import resource
import sys


def _plain(value):
    """Cells as builtins/datetime only (the parent refuses anything else); '' means empty."""
    if value == "" or value is None:
        return None
    return value


class TooLarge(Exception):
    """A sheet beyond the limits; ``str()`` is the Italian message."""


def parse(data: bytes, max_rows: int | None = None, max_columns: int | None = None, shown_rows: int = 0) -> dict:
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = []
    for meta in wb.sheets_metadata:
        visible = str(meta.visible).rsplit(".", 1)[-1].lower() == "visible"
        if not visible:
            sheets.append({"name": meta.name, "visible": False, "rows": []})
            continue
        sheet = wb.get_sheet_by_name(meta.name)
        # The sheet's range is known before its cells become Python values (the pre-flight counted the
        # .xlsx and .ods cells already; an .xls has no pre-flight: 65,536 rows x 256 columns at most).
        if (max_rows and sheet.height > max_rows) or (max_columns and sheet.width > max_columns):
            raise TooLarge(f"foglio troppo grande: «{meta.name}» ha celle fino alla riga {sheet.height} e alla "
                           f"colonna {sheet.width} (limiti: {shown_rows} righe, {max_columns} colonne). Elimina "
                           f"le celle usate oltre la tabella e ricarica.")
        rows = sheet.to_python(skip_empty_area=False)
        sheets.append({"name": meta.name, "visible": True,
                       "rows": [[_plain(v) for v in row] for row in rows]})
    return {"sheets": sheets}


def main() -> int:
    memory = int(sys.argv[2])
    limits = [int(a) for a in sys.argv[3:6]]         # rows a sheet may hold, columns, data rows (optional)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    data = sys.stdin.buffer.read()
    try:
        answer = parse(data, *limits)
    except BaseException as exc:  # noqa: BLE001 - Rust panics derive from BaseException
        name = type(exc).__name__
        if isinstance(exc, TooLarge):
            message = str(exc)
        elif name == "PasswordError":
            message = "il file è protetto da password: salvalo senza password e ricaricalo."
        elif name == "MemoryError":
            message = "il file è troppo grande per essere letto."
        else:
            message = "il file è danneggiato o non valido e non può essere letto."
        answer = {"error": message, "exception": name}
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    sys.exit(main())
