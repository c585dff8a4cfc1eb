"""The one safe cell writer: every workbook the app hands out is created and filled through here.

No text ever becomes a formula, a link or a number: the workbook is opened with XlsxWriter's formula,
URL and number conversion off and text is always written with the string type; text that starts with a
formula trigger (``= + - @``, tab, CR, LF) also carries Excel's quotePrefix style (so F2+Enter on it
cannot turn it into a formula either); the characters no cell may hold are removed (``CONTROL_CHARS``);
and text XlsxWriter would copy into the XML unescaped (``<r>…</r>``, its rich-string marker) is written
as a rich string of the same text. Numbers and dates are written typed, in the number format their kind
declares (``kinds.KINDS``); dates before 1900-03-01, where Excel's calendar is wrong, are written as text.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import IO, Any

import numpy as np
import pandas as pd
import xlsxwriter
from openpyxl.utils.datetime import to_excel

from ..kinds import DATE, KINDS
from ..schema import CONTROL_CHARS, EXCEL_MAX_TEXT

Target = str | os.PathLike | IO[bytes]

_WORKBOOK_OPTIONS = {
    "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "in_memory": True,
    "remove_timezone": True,
}
MIN_WIDTH, MAX_WIDTH = 8, 60            # column widths, in characters
# OWASP's formula triggers: text starting with one of them gets the quotePrefix style.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
SPECIAL_FIRST = frozenset(FORMULA_TRIGGERS) | {"<"}      # a first character that may need care
QUOTE, RICH, TEXT_IN_NUMBERS = "quote", "rich", "text"   # how a cell departs from its column's writer
_FIRST_SERIAL_DATE = dt.date(1900, 3, 1)   # before it Excel's calendar is wrong (1900 leap-year bug)
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

# The named cell styles; a kind's name (``amount``, ``date``, …) also names its number format.
STYLES: dict[str, dict] = {
    "header": {"bold": True, "text_wrap": True, "valign": "top", "border": 1, "border_color": "#A6A6A6",
               "bg_color": "#DDEBF7"},
    "header_required": {"bold": True, "text_wrap": True, "valign": "top", "border": 1,
                        "border_color": "#A6A6A6", "bg_color": "#F8CBAD"},
    "keep_text": {"num_format": "@"},       # what is typed in stays text (codes: 0123 is not 123)
    "title": {"bold": True, "font_size": 14},
    "bold": {"bold": True},
    "wrap": {"text_wrap": True, "valign": "top"},
    "total": {"bold": True, "top": 1},
    "plain": {},
}


class Formats:
    """The cell formats of one workbook, created on first use (an unused format is not written).

    ``get("total", "amount")`` is the union of the named styles (``STYLES``, the workbook's own
    ``extra`` ones, or a kind's number format); ``quote`` adds the quotePrefix style.
    """

    def __init__(self, wb: xlsxwriter.Workbook, extra: Mapping[str, dict] | None = None):
        self._wb = wb
        self._styles = {**STYLES, **(extra or {})}
        self._made: dict[tuple[tuple[str, ...], bool], Any] = {}

    def get(self, *names: str | None, quote: bool = False):
        """The format of ``names`` (None and no quote: no format at all)."""
        key = (tuple(n for n in names if n), quote)
        if key not in self._made:
            if not key[0] and not quote:
                self._made[key] = None
            else:
                props: dict = {}
                for name in key[0] or ("plain",):
                    props.update(self._style(name))
                if quote:
                    props["quote_prefix"] = True
                self._made[key] = self._wb.add_format(props)
        return self._made[key]

    def _style(self, name: str) -> dict:
        if name in self._styles:
            return self._styles[name]
        return {"num_format": KINDS[name].excel_format}


def new_workbook(target: Target, *, created: dt.datetime | None = None, constant_memory: bool = False,
                 title: str = "NGP Monitor") -> xlsxwriter.Workbook:
    """A workbook with every conversion of text off; ``created`` fixes its date (same data, same bytes)."""
    name = os.fspath(target) if isinstance(target, (str, os.PathLike)) else target
    options = dict(_WORKBOOK_OPTIONS)
    if constant_memory:          # rows streamed to a temporary file: in_memory would switch it off
        options.update(constant_memory=True, in_memory=False)
    workbook = xlsxwriter.Workbook(name, options)
    workbook.set_properties({"title": title, "company": "Comune di Prato",
                             **({"created": created} if created else {})})
    return workbook


# --- text -----------------------------------------------------------------------------------------------

def clean_text(value: str) -> str:
    """Text as Excel accepts it: control characters removed, cut at Excel's cell limit."""
    return CONTROL_CHARS.sub("", value)[:EXCEL_MAX_TEXT]


def text_special(text: str) -> str | None:
    """How a non-empty cleaned text must be written: QUOTE (a formula trigger first), RICH (XlsxWriter
    would copy it into the XML as raw rich-string markup), or None (as it is)."""
    if text[0] in FORMULA_TRIGGERS:
        return QUOTE
    if text.startswith("<r>") and text.endswith("</r>"):
        return RICH
    return None


def put_text(ws, fmt: Formats, row: int, col: int, text: str, *styles: str | None) -> None:
    """Any one text cell, safely: cleaned, quotePrefix on triggers, rich-string markers neutralised."""
    text = clean_text(text)
    how = text_special(text) if text else None
    if how == RICH:
        # Split so no fragment is itself "<r>…</r>"; a rich string's fragments are XML-escaped.
        cell_format = fmt.get(*styles)
        ws.write_rich_string(row, col, text[:1], fmt.get("plain"), text[1:],
                             *((cell_format,) if cell_format is not None else ()))
    else:
        ws.write_string(row, col, text, fmt.get(*styles, quote=how == QUOTE))


def sheet_title(name: str) -> str:
    """A valid sheet name: no []:*?/\\ nor control characters, no leading/trailing ', at most 31 chars."""
    text = _BAD_SHEET_CHARS.sub("-", clean_text(name)).strip().strip("'")[:31].strip()
    if text.casefold() == "history":            # reserved by Excel
        text += "-"
    return text or "Dati"


def unique_names(names: list[str]) -> list[str]:
    """Sheet names made unique ignoring case, as Excel requires: ``Esiti``, ``Esiti (2)``, …"""
    out: list[str] = []
    for name in names:
        candidate, n = name, 2
        while candidate.casefold() in {o.casefold() for o in out}:
            suffix = f" ({n})"
            candidate, n = name[:31 - len(suffix)] + suffix, n + 1
        out.append(candidate)
    return out


# --- numbers and dates ----------------------------------------------------------------------------------

def is_number(value: Any) -> bool:
    """A number of any numeric type, finite or not; a boolean is not one."""
    return isinstance(value, (int, float, Decimal, np.number)) and not isinstance(value, (bool, np.bool_))


def finite_number(value: Any) -> float | None:
    """A number a cell can hold (not NaN or infinite) as a float; None for anything else."""
    if is_number(value):
        number = float(value)
        return number if math.isfinite(number) else None
    return None


def excel_serial(value: Any, with_time: bool) -> float | None:
    """A date (or date-time) as Excel's serial number, by openpyxl's conversion; None when it is not a
    date or falls before 1900-03-01. Time zones are dropped, the wall-clock time kept."""
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        value = value.replace(tzinfo=None) if with_time else value.date()
    elif not isinstance(value, dt.date):
        return None
    day = value.date() if isinstance(value, dt.datetime) else value
    return None if day < _FIRST_SERIAL_DATE else float(to_excel(value))


def date_text(value: Any, lang: str = "it") -> str:
    """A date Excel cannot hold as a date (before 1900-03-01), or a value that is no date: its day as the
    screen shows it, or its text."""
    return clean_text(KINDS[DATE].show(value, lang))


def put_value(ws, fmt: Formats, row: int, col: int, value: Any, kind: str | None = None,
              *styles: str | None) -> None:
    """One cell of any value. With ``kind``, numbers and dates are typed as the kind says (its number
    format), anything else is safe text. Without, the value keeps the type it has (a value read from a
    file): booleans, numbers, dates and date-times (gg/mm/aaaa), text. None leaves the cell empty."""
    if value is None:
        ws.write_blank(row, col, None, fmt.get(*styles))
        return
    how = KINDS[kind].excel if kind else _excel_of(value)
    if how == "bool":
        ws.write_boolean(row, col, value, fmt.get(*styles))
        return
    if how == "number" and finite_number(value) is not None:
        ws.write_number(row, col, value, fmt.get(*styles, kind))
        return
    if how in ("date", "datetime") and (serial := excel_serial(value, how == "datetime")) is not None:
        ws.write_number(row, col, serial, fmt.get(*styles, kind or DATE))
        return
    put_text(ws, fmt, row, col, date_text(value) if how in ("date", "datetime") else str(value), *styles)


def _excel_of(value: Any) -> str:
    """How a value read from a file is written: "bool", "number", "datetime", "date" or "text"."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (dt.datetime, np.datetime64)):
        return "datetime"                   # its time kept, shown gg/mm/aaaa like a date
    if isinstance(value, dt.date):
        return "date"
    return "number" if finite_number(value) is not None else "text"
