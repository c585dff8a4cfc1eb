"""What a column's *kind* means, declared once: its store type, how a value is shown on screen (Italian or
English, an empty cell as "—") and how it is written to Excel (number format, number or text).

A kind is the same whether the column is one of the schema's (``schema.Column.kind``) or one that a
query computes (``granted``, ``n_requests``, ``success_rate``: ``schema.DERIVED``). How a cell
is *read* (parsed and checked) lives with the reader, ``ingest.cells``, keyed by the same names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from .formats import EMPTY, fmt_date, fmt_datetime, fmt_eur_cents, fmt_number, fmt_pct
from .lists import choice_label

# --- the kinds -----------------------------------------------------------------------------------------
TEXT = "text"            # free text
CODE = "code"            # an identifier: text, trimmed; whole numbers accepted and written as text
CUP_KIND = "cup"         # Codice Unico di Progetto
MISSION = "mission"      # M1..M7
COMPONENT = "component"  # M1C1..M6C2
MEASURE = "measure"      # loose PNRR measure, normalised
CHOICE = "choice"        # closed list: stored in Italian, shown in the interface language
AMOUNT = "amount"        # euro, >= 0
DATE = "date"
BOOL = "bool"
PARTNER = "partner"      # a partner's ID or exact name, stored as the ID
# Kinds of computed columns only (never in an uploaded sheet).
INT = "int"              # a count
PCT = "pct"              # a ratio 0..1, shown as 45,2%
NUMBER = "number"        # a quantity that is not money (an official target's value), up to 2 decimals
DATETIME = "datetime"    # a moment (a version's time)

YES_NO: dict[str, tuple[str, str]] = {"it": ("sì", "no"), "en": ("yes", "no")}

# Excel number formats (Excel's own spelling; a spreadsheet shows them with the reader's separators).
AMOUNT_FORMAT = '#,##0.00\\ "€"'
INT_FORMAT = "#,##0"
PCT_FORMAT = "0.0%"
NUMBER_FORMAT = "#,##0.##"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


def is_empty(value) -> bool:
    """None, NaN, NaT, pandas' NA: a cell with nothing in it."""
    if value is None:
        return True
    if isinstance(value, str):
        return False
    try:
        return bool(pd.isna(value))                 # NaN, NaT, pandas' NA
    except (TypeError, ValueError):                 # not a scalar
        return False


def _yes_no(value, lang: str) -> str:
    yes, no = YES_NO.get(lang, YES_NO["it"])
    return yes if value else no


def _choice(value, lang: str) -> str:
    return choice_label(str(value), lang)


def _text(value, lang: str) -> str:
    return str(value)


def _date(value, lang: str) -> str:
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    return str(value)


def _datetime(value, lang: str) -> str:
    return fmt_datetime(value, lang) if isinstance(value, dt.datetime) else _date(value, lang)


@dataclass(frozen=True)
class Kind:
    """One kind of column: store type, screen text, Excel cell."""

    name: str
    sql_type: str
    show: Callable[[object, str], str]   # a non-empty value -> text in the interface language
    excel: str = "text"                  # "text" | "number" | "date" | "datetime": how Excel gets it
    excel_format: str | None = None      # the cell's number format
    total: bool = False                  # summed in an export's totals row

    def display(self, value, lang: str = "it") -> str:
        """The value as the interface shows it; an empty cell as "—"."""
        return EMPTY if is_empty(value) else self.show(value, lang)

    @property
    def numeric(self) -> bool:
        return self.excel == "number"


def _amount(value, lang: str) -> str:
    return fmt_eur_cents(float(value), lang)


def _int(value, lang: str) -> str:
    return fmt_number(value, lang)


def _quantity(value, lang: str) -> str:
    value = float(value)
    return fmt_number(value, lang, 0 if value.is_integer() else 2)


def _pct(value, lang: str) -> str:
    return fmt_pct(value, lang)


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind(TEXT, "VARCHAR", _text),
    Kind(CODE, "VARCHAR", _text),
    Kind(CUP_KIND, "VARCHAR", _text),
    Kind(MISSION, "VARCHAR", _text),
    Kind(COMPONENT, "VARCHAR", _text),
    Kind(MEASURE, "VARCHAR", _text),
    Kind(CHOICE, "VARCHAR", _choice),
    Kind(PARTNER, "VARCHAR", _text),
    Kind(AMOUNT, "DECIMAL(18,2)", _amount, "number", AMOUNT_FORMAT, total=True),
    Kind(DATE, "DATE", _date, "date", DATE_FORMAT),
    Kind(BOOL, "BOOLEAN", _yes_no),
    Kind(INT, "BIGINT", _int, "number", INT_FORMAT),
    Kind(PCT, "DOUBLE", _pct, "number", PCT_FORMAT),
    Kind(NUMBER, "DOUBLE", _quantity, "number", NUMBER_FORMAT),
    Kind(DATETIME, "TIMESTAMP", _datetime, "datetime", DATETIME_FORMAT),
)}


def display(kind_name: str, value, lang: str = "it") -> str:
    """``display("amount", 1234.5)`` -> ``1.234,50 €``; an empty value -> "—"."""
    return KINDS[kind_name].display(value, lang)
