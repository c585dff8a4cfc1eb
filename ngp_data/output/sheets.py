"""A frame as one formatted sheet: bold frozen header, autofilter, widths fitted to the content, each
column written as its kind says (``kinds.KINDS``: a typed number or date in the kind's number format, or
the text the screen shows), and an optional bold totals row under the columns the kinds total.

Columns are built whole before anything is written (``Column``: every cell's payload and how it departs
from the column's writer), so the per-cell work runs once per column, and a sheet can then be written
column by column (in memory) or row by row (XlsxWriter's constant_memory mode).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..kinds import AMOUNT_FORMAT, INT_FORMAT, KINDS, TEXT, Kind
from ..labels import t
from ..schema import Table
from .cells import (
    MAX_WIDTH,
    MIN_WIDTH,
    QUOTE,
    SPECIAL_FIRST,
    TEXT_IN_NUMBERS,
    Formats,
    clean_text,
    date_text,
    excel_serial,
    finite_number,
    is_number,
    put_text,
    sheet_title,
    text_special,
)

_LINE_BREAK_RE = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")   # what str.splitlines splits on
# How wide a number looks in a number format, in characters (a reader's own separators are as wide).
_NUMBER_TEXT = {AMOUNT_FORMAT: "{:,.2f} €".format, INT_FORMAT: "{:,.0f}".format}


@dataclass(frozen=True)
class ViewColumn:
    """A displayed column: frame column, header as shown, kind (a ``kinds`` name), and whether to total it."""

    name: str
    header: str
    kind: str = TEXT
    total: bool | None = None          # None: as the kind says (amounts are totalled, other kinds not)


@dataclass
class Column:
    """One column ready to write: its cells as XlsxWriter will receive them.

    ``values[i]`` is the payload of data row i (None: leave empty) for ``method`` ("s" string, "n"
    number) with style ``fmt``; ``special`` maps a data row to how it departs from that (QUOTE: string
    with quotePrefix, RICH: string written as a rich string, TEXT_IN_NUMBERS: a string in a number
    column); ``total`` is written in the totals row.
    """

    header: str
    values: list
    method: str
    fmt: str | None
    width: int
    special: dict[int, str] = field(default_factory=dict)
    total: float | None = None
    total_fmt: tuple[str, ...] = ()


@dataclass
class Sheet:
    name: str
    columns: list[Column]
    n_rows: int
    totals: bool = False              # a totals row under the data (amount/summed columns)


def table_sheet(table: Table, frame: pd.DataFrame, lang: str) -> Sheet:
    """A schema table with the template's headers (in ``lang``): missing columns empty, extra ones ignored."""
    frame = frame.reindex(columns=table.names)
    columns = [kind_column(col.label(lang), frame[col.name], KINDS[col.kind], lang) for col in table.columns]
    return Sheet(table.label(lang), columns, len(frame))


def as_view_column(c: ViewColumn | tuple) -> ViewColumn:
    return c if isinstance(c, ViewColumn) else ViewColumn(*c)


def view_sheet(name: str, frame: pd.DataFrame, columns: list[ViewColumn], lang: str, totals: bool) -> Sheet:
    """Columns as shown on screen; with ``totals``, the sums of the totalled number columns under them."""
    built = []
    for c in columns:
        kind = KINDS[c.kind]
        col = kind_column(c.header, frame[c.name], kind, lang)
        wants_total = kind.total if c.total is None else c.total
        if totals and wants_total and col.method == "n":
            known = [v for i, v in enumerate(col.values) if v is not None and i not in col.special]
            if known:
                col.total = math.fsum(known)
                col.total_fmt = ("total", kind.name)
                col.width = max(col.width, _number_width([col.total], kind))
        built.append(col)
    has_totals = totals and any(c.total is not None for c in built)
    return Sheet(sheet_title(name), built, len(frame), has_totals)


# --- columns: values -> cells ------------------------------------------------------------------------

def kind_column(header: str, series: pd.Series, kind: Kind, lang: str) -> Column:
    """A column as its kind is written: a number, a date or a date-time, or text."""
    if kind.excel == "number":
        return _number_column(header, series, kind)
    if kind.excel in ("date", "datetime"):
        return _date_column(header, series, kind, lang)
    return _text_column(header, series, kind, lang)


def _empty_mask(series: pd.Series) -> np.ndarray:
    return series.isna().to_numpy(dtype=bool)


def _text_column(header: str, series: pd.Series, kind: Kind, lang: str) -> Column:
    """Text cells as the screen shows them: control characters removed, quotePrefix on formula triggers,
    <r>…</r> as rich text."""
    empty = _empty_mask(series)
    values: list[str | None] = []
    special: dict[int, str] = {}
    width = 0
    show = kind.show
    for i, (value, is_empty) in enumerate(zip(series.tolist(), empty, strict=True)):
        if is_empty:
            values.append(None)
            continue
        text = clean_text(show(value, lang))
        values.append(text)
        if text and text[0] in SPECIAL_FIRST:
            how = text_special(text)
            if how:
                special[i] = how
        n = len(text)
        if n >= width:
            if _LINE_BREAK_RE.search(text):
                n = max((len(line) for line in text.splitlines()), default=0)
            width = max(width, n)
    return Column(header, values, "s", None, _fit(header, width + 1 if values and width else 0), special)


def _number_column(header: str, series: pd.Series, kind: Kind) -> Column:
    """Amounts, integers, ratios: finite numbers as numbers; NaN/None empty; anything else as text."""
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
            elif is_number(value):
                number = finite_number(value)            # an infinite number is left empty
                values.append(number)
                if number is not None:
                    numbers.append(number)
            else:
                values.append(clean_text(str(value)))
                special[i] = TEXT_IN_NUMBERS
    width = _number_width(numbers, kind)
    for i in special:
        width = max(width, len(values[i]) + 1)
    return Column(header, values, "n", kind.name, _fit(header, width), special)


def _number_width(numbers, kind: Kind) -> int:
    text = _NUMBER_TEXT.get(kind.excel_format)
    if text is None or len(numbers) == 0:
        return 0
    return max(len(text(float(x))) for x in (np.min(numbers), np.max(numbers))) + 1


def _date_column(header: str, series: pd.Series, kind: Kind, lang: str) -> Column:
    """Dates as Excel serial numbers in the kind's format (time zones dropped, wall-clock time kept)."""
    with_time = kind.excel == "datetime"
    empty = _empty_mask(series)
    values: list = []
    special: dict[int, str] = {}
    width = 0
    for i, (value, is_empty) in enumerate(zip(series.tolist(), empty, strict=True)):
        serial = None if is_empty else excel_serial(value, with_time)
        if serial is not None:
            values.append(serial)
            width = max(width, 17 if with_time else 11)
        elif is_empty:
            values.append(None)
        else:                                        # not a date, or before 1900-03-01: as text
            text = date_text(value, lang)
            values.append(text)
            special[i] = TEXT_IN_NUMBERS
            width = max(width, len(text) + 1)
    return Column(header, values, "n", kind.name, _fit(header, width), special)


def _fit(header: str, width: int) -> int:
    return min(max(len(header) + 2, width, MIN_WIDTH), MAX_WIDTH)


# --- writing -----------------------------------------------------------------------------------------

def write_sheet(ws, fmt: Formats, sheet: Sheet, lang: str, *, row_major: bool) -> None:
    """Header, cells, totals; column by column (stable shared-string order) or, for XlsxWriter's
    constant_memory mode, which silently drops cells written out of order, row by row."""
    columns = sheet.columns
    for c, col in enumerate(columns):
        ws.set_column(c, c, col.width)
    if row_major:
        for c, col in enumerate(columns):
            put_text(ws, fmt, 0, c, col.header, "header")
        writers = [(c, col.values, col.special, _method(ws, col.method), fmt.get(col.fmt))
                   for c, col in enumerate(columns)]
        for i in range(sheet.n_rows):
            r = i + 1
            for c, values, special, write, cell_format in writers:
                _put(ws, fmt, r, c, values[i], special.get(i), write, cell_format)
    else:
        for c, col in enumerate(columns):
            put_text(ws, fmt, 0, c, col.header, "header")
            write, cell_format, special = _method(ws, col.method), fmt.get(col.fmt), col.special
            for i, value in enumerate(col.values):
                _put(ws, fmt, i + 1, c, value, special.get(i), write, cell_format)
    if sheet.totals:
        _write_totals(ws, fmt, sheet, lang)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(sheet.n_rows, 1), max(len(columns) - 1, 0))


def _put(ws, fmt: Formats, row: int, col: int, value, how: str | None, write, cell_format) -> None:
    """One data cell: by the column's own writer, or (quote, rich, text in a number column) as safe text."""
    if value is None:
        return
    if how is None:
        write(row, col, value, cell_format)
    elif how == QUOTE:
        ws.write_string(row, col, value, fmt.get(quote=True))
    else:
        put_text(ws, fmt, row, col, value)


def _write_totals(ws, fmt: Formats, sheet: Sheet, lang: str) -> None:
    """The bold totals row: the sums, "Totale" in the first column without one."""
    row = sheet.n_rows + 1
    label_col = next((c for c, col in enumerate(sheet.columns) if col.total is None), None)
    for c, col in enumerate(sheet.columns):
        if col.total is not None:
            ws.write_number(row, c, col.total, fmt.get(*col.total_fmt))
        elif c == label_col:
            ws.write_string(row, c, t("exp_total", lang), fmt.get("total"))
        else:
            ws.write_blank(row, c, None, fmt.get("total"))


def _method(ws, method: str):
    return ws.write_string if method == "s" else ws.write_number
