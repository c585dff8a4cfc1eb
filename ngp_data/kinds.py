"""What a column's *kind* means, declared once: its store type, how a value is shown on screen (Italian or
English, an empty cell as "—") and how it is written to Excel (number format, number or text).

A kind is the same whether the column is one of the schema's (``schema.Column.kind``) or one that a
query computes (``granted``, ``n_requests``, ``success_rate``: ``schema.DERIVED``). How a cell
is *read* (parsed and checked) lives with the reader, ``ingest.cells``, keyed by the same names.
"""

from __future__ import annotations

import datetime as dt
import re
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
TAX_CODE = "tax_code"    # Italian codice fiscale / partita IVA (11 digits, or 16 characters for a person)
# Kinds of computed columns only (never in an uploaded sheet).
INT = "int"              # a count
PCT = "pct"              # a ratio 0..1, shown as 45,2%
LINK = "link"            # an address (a page of the app, a public page): a link on screen, its text in Excel
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
    Kind(TAX_CODE, "VARCHAR", _text),
    Kind(AMOUNT, "DECIMAL(18,2)", _amount, "number", AMOUNT_FORMAT, total=True),
    Kind(DATE, "DATE", _date, "date", DATE_FORMAT),
    Kind(BOOL, "BOOLEAN", _yes_no),
    Kind(INT, "BIGINT", _int, "number", INT_FORMAT),
    Kind(PCT, "DOUBLE", _pct, "number", PCT_FORMAT),
    Kind(NUMBER, "DOUBLE", _quantity, "number", NUMBER_FORMAT),
    Kind(LINK, "VARCHAR", _text),
    Kind(DATETIME, "TIMESTAMP", _datetime, "datetime", DATETIME_FORMAT),
)}


# --- the codice fiscale / partita IVA: read by ingest.cells, compared by analytics.official -------------------
# The value of each character in an odd (1st, 3rd…) or even position, for a person's control letter.
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CF_ODD = dict(zip(_ALNUM, (1, 0, 5, 7, 9, 13, 15, 17, 19, 21) * 2
                   + (2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23), strict=True))
_CF_EVEN = {ch: (i if i < 10 else i - 10) for i, ch in enumerate(_ALNUM)}
_CF_PERSON = re.compile(r"^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$")
_CF_BODY = re.compile(r"^[0-9]{11}$")


def tax_code_check(code: str) -> str:
    """The control character that a tax code's first 10 (11 digits) or 15 (16 characters) call for."""
    if len(code) == 11:
        odd = sum(int(d) for d in code[0:10:2])
        even = sum(2 * int(d) - (9 if int(d) > 4 else 0) for d in code[1:10:2])
        return str((10 - (odd + even) % 10) % 10)
    total = sum(_CF_ODD[ch] if i % 2 == 0 else _CF_EVEN[ch] for i, ch in enumerate(code[:15]))
    return chr(ord("A") + total % 26)


def normalise_tax_code(value) -> str | None:
    """A tax code as written anywhere, made comparable (not checked): spaces, dots and dashes removed,
    upper case, ``IT`` before 11 digits dropped, and the leading zeros of a number put back
    (``1386030488`` -> ``01386030488``: Excel and older official files lose them)."""
    if is_empty(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = int(value) if float(value).is_integer() else value
    text = re.sub(r"[\s.\-]+", "", str(value)).upper()
    if text.startswith("IT") and len(text) == 13 and text[2:].isascii() and text[2:].isdigit():
        text = text[2:]
    if text.isascii() and text.isdigit() and 8 <= len(text) < 11:
        text = text.zfill(11)
    return text or None


def parse_tax_code(value, error: type[Exception] = ValueError) -> str | None:
    """A codice fiscale / partita IVA, checked: 11 digits (a body or firm) or 16 characters (a person),
    with its control character; zeros a number lost put back. ``error(reason)`` (Italian) otherwise."""
    if isinstance(value, bool):
        raise error("codice fiscale non valido: è un valore sì/no.")
    if isinstance(value, float) and value == value and not value.is_integer():
        raise error(f"codice fiscale non valido «{value}»: 11 cifre, o 16 caratteri per una persona.")
    text = normalise_tax_code(value)
    if text is None:
        return None
    odd_digit = next((ch for ch in text if ch.isdigit() and not ch.isascii()), None)
    if odd_digit:
        raise error(f"cifra non ammessa «{odd_digit}»: usa le cifre 0-9.")
    if not (_CF_BODY.match(text) or _CF_PERSON.match(text)):
        raise error(f"codice fiscale non valido «{text}»: 11 cifre (ente o impresa) o 16 caratteri (persona), "
                    f"es. 84006890481.")
    expected = tax_code_check(text)
    if text[-1] != expected:
        what = "la cifra di controllo" if len(text) == 11 else "il carattere di controllo"
        raise error(f"il codice fiscale {text} non è valido: {what} dovrebbe essere {expected}.")
    return text


def display(kind_name: str, value, lang: str = "it") -> str:
    """``display("amount", 1234.5)`` -> ``1.234,50 €``; an empty value -> "—"."""
    return KINDS[kind_name].display(value, lang)
