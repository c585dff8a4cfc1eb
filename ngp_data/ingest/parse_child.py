"""Child process entry: parse one workbook from stdin under a memory limit, pickle plain rows to stdout.

Run only by guard.parse_isolated. A reader that aborts or exhausts memory kills this process alone.

In the columnar answer (``columnar``), a sheet's first ``HEAD_ROWS`` rows travel as plain rows (the header
is looked for there) and the rest as one column per position: an Arrow array when every cell of the column
has one Python type (text, number, whole number, yes/no, date, date and time: Arrow IPC bytes, data and
never code), a plain list when the column mixes types (a typed 1234.567 beside the text "1.234,567" stays
a number beside a text, each cell read by the cell-by-cell path).
"""

from __future__ import annotations

import io
import pickle
import resource
import sys
from datetime import date, datetime
from operator import itemgetter


def _plain(value):
    """Cells as builtins/datetime only (the parent refuses anything else); '' means empty."""
    if value == "" or value is None:
        return None
    return value


HEAD_ROWS = 20             # reading.HEADER_SEARCH_ROWS: the rows the header is looked for in


def _arrow_type(values: list):
    """The Arrow type for a column whose cells (None aside) all have one Python type, else None."""
    import pyarrow as pa

    kinds = set(map(type, values))
    kinds.discard(type(None))
    if len(kinds) != 1:
        return pa.null() if not kinds else None
    return {str: pa.string(), float: pa.float64(), int: pa.int64(), bool: pa.bool_(), date: pa.date32(),
            datetime: pa.timestamp("us")}.get(kinds.pop())


def columnar(rows: list[list], width: int) -> dict:
    """``rows`` (as calamine gives them) as the head (plain rows) and the body's columns (Arrow IPC bytes,
    or plain lists)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    head, body = [[_plain(v) for v in row] for row in rows[:HEAD_ROWS]], rows[HEAD_ROWS:]
    if any(len(r) != width for r in body):
        body = [r + [None] * (width - len(r)) for r in body]
    arrays, names, mixed = [], [], {}
    for j in range(width):
        values = list(map(itemgetter(j), body))
        kind = _arrow_type(values)
        if kind is None:
            values = [None if v == "" else v for v in values]       # _plain, where a cell can be text
            kind = _arrow_type(values)
        try:
            if kind is None:
                raise TypeError("mixed")
            array = pa.array(values, type=kind)
            if kind == pa.string():                                  # _plain, as one pass of C
                array = pc.if_else(pc.equal(array, ""), pa.scalar(None, pa.string()), array)
        except (TypeError, ValueError, OverflowError, pa.ArrowException):
            mixed[j] = values                              # the cell-by-cell path reads these
            continue
        arrays.append(array)
        names.append(str(j))
    sink = pa.BufferOutputStream()
    if arrays:
        batch = pa.RecordBatch.from_arrays(arrays, names=names)
        with pa.ipc.new_stream(sink, batch.schema) as writer:
            writer.write_batch(batch)
    return {"head": head, "body_rows": len(body), "width": width,
            "arrow": sink.getvalue().to_pybytes() if arrays else b"", "mixed": mixed}


class _NoPandas:
    """The child has no use for pandas, which pyarrow imports at its first array if it can (0.5 s)."""

    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(name)


class TooLarge(Exception):
    """A sheet beyond the limits; ``str()`` is the Italian message."""


def parse(data: bytes, max_rows: int | None = None, max_columns: int | None = None, shown_rows: int = 0,
          as_columns: bool = False) -> dict:
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
        if as_columns:
            width = max((len(r) for r in rows), default=0)
            sheets.append({"name": meta.name, "visible": True, "columns": columnar(rows, width)})
        else:
            sheets.append({"name": meta.name, "visible": True, "rows": [[_plain(v) for v in row] for row in rows]})
    return {"sheets": sheets}


def main() -> int:
    memory = int(sys.argv[2])
    limits = [int(a) for a in sys.argv[3:6]]         # rows a sheet may hold, columns, data rows (optional)
    as_columns = sys.argv[6:7] == ["columns"]
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    if as_columns:
        sys.meta_path.insert(0, _NoPandas())
        import pyarrow.compute  # noqa: F401 - loaded while the parent writes the bytes
    data = sys.stdin.buffer.read()
    try:
        answer = parse(data, *limits, as_columns=True) if as_columns else parse(data, *limits)
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
