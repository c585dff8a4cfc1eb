"""How a cell of each column kind is read: parsed the Italian way and checked, declared once per kind.

``READERS`` is keyed by the names of ``ngp_data.kinds`` (which declares what a kind is stored, shown and
exported as). A reader turns what the officer typed (or what calamine or the CSV gave) into the stored
value, ``None`` for an empty cell, or raises ``BadValue`` with the Italian reason.

Nothing is changed silently: digits other than 0-9 (Arabic-Indic ``١``, full-width ``１``), which Python's
``int()``, ``float()`` and ``\\d`` would all take for numbers, are refused wherever a number, a date or a
code is read (text keeps them as typed); a text longer than an Excel cell holds is refused, since every
export would cut it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

import pandas as pd

from .. import kinds
from ..formats import fmt_number
from ..kinds import AMOUNT, BOOL, CHOICE, CODE, COMPONENT, CUP_KIND, DATE, MEASURE, MISSION, PARTNER, TEXT
from ..lists import COMPONENTS
from ..schema import CONTROL_CHARS, CUP_RE, EXCEL_MAX_TEXT, MEASURE_RE, Column, choice_lookup, fold

Parse = Callable[[object], object]
PartnerIndex = dict[str, str]      # partner ID -> ID, "name:<folded name>" -> ID (or "ambiguous")


class BadValue(ValueError):
    """A cell that cannot be converted; ``str()`` is the Italian reason."""


def ascii_digits(text: str) -> str:
    """``text``, unless it holds a digit other than 0-9: then BadValue naming that character."""
    if not text.isascii():
        for ch in text:
            if ch.isdigit() and not ch.isascii():
                raise BadValue(f"cifra non ammessa «{ch}»: usa le cifre 0-9.")
    return text


# --- amounts -------------------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_IT_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$", re.ASCII)    # ASCII: \d is 0-9 only
_IT_PLAIN = re.compile(r"^\d+(,\d+)?$", re.ASCII)
_DOT_DECIMAL = re.compile(r"^\d+\.\d{1,2}$", re.ASCII)
MAX_AMOUNT = 1e15        # a thousand billion euro: beyond it a cell is a typo (and DECIMAL(18,2) overflows)


def parse_amount(value) -> float | None:
    """Euro amount from a number or Italian text (``1.234,56``, ``€ 3.500``, ``2.000`` = 2000)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadValue("importo non valido: è un valore sì/no, non un numero.")
    if isinstance(value, (int, float)):
        if value != value:  # NaN
            return None
        amount = float(value)
    elif isinstance(value, (date, datetime, timedelta)):
        raise BadValue("importo non valido: la cella contiene una data.")
    else:
        text = ascii_digits(str(value).strip())
        if text in ("", "-", "—"):
            return None
        cleaned = _SPACES.sub("", text.replace("€", "").replace("EUR", "").replace("eur", ""))
        negative = cleaned.startswith("-")
        cleaned = cleaned.lstrip("-+")
        if _IT_THOUSANDS.match(cleaned) or _IT_PLAIN.match(cleaned):
            amount = float(cleaned.replace(".", "").replace(",", "."))
        elif _DOT_DECIMAL.match(cleaned):
            amount = float(cleaned)
        else:
            raise BadValue(f"importo non valido «{text}»: scrivi per esempio 1.234.567,89.")
        if negative:
            amount = -amount
    return check_amount(amount)


def check_amount(amount: float) -> float:
    """A finite, non-negative, plausible amount rounded to cents, or BadValue."""
    if not math.isfinite(amount) or amount >= MAX_AMOUNT:
        raise BadValue("importo non valido: troppo grande o non numerico.")
    if amount < 0:
        raise BadValue("importo negativo: gli importi devono essere zero o positivi.")
    return round(amount, 2)


def format_amount_it(amount: float | None) -> str:
    """``1234567.89`` -> ``1.234.567,89`` (the inverse of parse_amount for text)."""
    return "" if amount is None else fmt_number(amount, "it", 2)


# --- dates and yes/no ----------------------------------------------------------------------------------

_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T]00:00(?::00)?)?$", re.ASCII)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$", re.ASCII)
DATE_MIN, DATE_MAX = date(1990, 1, 1), date(2060, 12, 31)


def parse_date(value) -> date | None:
    """A real date cell, ``gg/mm/aaaa`` text (day first, always) or ``aaaa-mm-gg``; plausible years only."""
    if value is None:
        return None
    if isinstance(value, datetime):
        result = value.date()
    elif isinstance(value, date):
        result = value
    elif isinstance(value, bool):
        raise BadValue("data non valida: è un valore sì/no.")
    elif isinstance(value, (int, float)):
        if value != value:
            return None
        if not math.isfinite(value) or abs(value) > 10 ** 7:
            raise BadValue(f"data non valida «{value}»: scrivi gg/mm/aaaa.")
        shown = int(value) if float(value).is_integer() else value
        if float(value) != int(value):
            raise BadValue(f"data non valida «{shown}»: scrivi gg/mm/aaaa.")
        result = _serial_date(int(value))
    elif isinstance(value, str):
        text = ascii_digits(value.strip())
        if text == "":
            return None
        m = _DATE_DMY.match(text)
        iso = _DATE_ISO.match(text)
        try:
            if m:
                result = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            elif iso:
                result = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            else:
                raise BadValue(f"data non valida «{text}»: scrivi gg/mm/aaaa.")
        except ValueError as exc:
            if isinstance(exc, BadValue):
                raise
            raise BadValue(f"data inesistente «{text}».") from None
    else:
        raise BadValue(f"data non valida «{value}»: scrivi gg/mm/aaaa.")
    if not (DATE_MIN <= result <= DATE_MAX):
        raise BadValue(f"data fuori dall'intervallo plausibile ({result:%d/%m/%Y}): ammesse dal "
                       f"{DATE_MIN:%d/%m/%Y} al {DATE_MAX:%d/%m/%Y}.")
    return result


def _serial_date(serial: int) -> date:
    """A date serial in an unformatted cell, by Excel's 1900 calendar (openpyxl's conversion)."""
    from openpyxl.utils.datetime import from_excel  # here: openpyxl costs 0.2 s to import, few cells need it

    try:
        moment = from_excel(serial)
    except OverflowError:                            # beyond the year 9999 (or before the year 1)
        moment = None
    if not isinstance(moment, datetime):             # also serial 0, Excel's "0 January 1900": a time, no day
        raise BadValue(f"data non valida «{serial}»: scrivi gg/mm/aaaa.")
    return moment.date()


_TRUE = {fold(t) for t in ("si", "sì", "s", "x", "vero", "true", "yes", "y", "1", "ok")}
_FALSE = {"no", "n", "falso", "false", "0"}


def parse_bool(value) -> bool | None:
    """sì/si/no/x/vero/falso/true/false/1/0 (and real booleans)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = fold(ascii_digits(value)) if isinstance(value, str) else ""    # fold() would turn １ into 1
    if text == "":
        if isinstance(value, str):
            return None
    elif text in _TRUE:
        return True
    elif text in _FALSE:
        return False
    raise BadValue(f"valore non valido «{value}»: scrivi sì o no.")


# --- text and codes ------------------------------------------------------------------------------------

MAX_SAFE_INT = 2 ** 53
_CLEAN_CODE = re.compile(r"[A-Z0-9][A-Z0-9._/-]*")


def clean_text(value) -> str | None:
    """Any cell as text: control characters removed, trimmed; a date as ``gg/mm/aaaa``.

    A text longer than an Excel cell holds is refused: every export would cut it (and a re-import of the
    export would then show changed rows).
    """
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "strftime") and not isinstance(value, str):
        value = value.strftime("%d/%m/%Y")
    text = CONTROL_CHARS.sub("", str(value)).strip()
    if len(text) > EXCEL_MAX_TEXT:
        raise BadValue(f"testo di {fmt_number(len(text))} caratteri: una cella di Excel ne contiene al massimo "
                       f"{fmt_number(EXCEL_MAX_TEXT)}.")
    return text or None


def clean_code(value) -> str | None:
    """An identifier: trimmed, upper case; a whole number typed as a number becomes its digits."""
    if type(value) is str and _CLEAN_CODE.fullmatch(value):
        return value                                     # already clean: the common case, kept cheap
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadValue("codice non valido: è un valore sì/no.")
    if isinstance(value, (int, float)):
        if value != value:
            return None
        if not math.isfinite(value) or not float(value).is_integer():
            raise BadValue(f"codice non valido «{value}»: deve essere testo, es. NGP-01.")
        if abs(value) >= MAX_SAFE_INT:
            raise BadValue("il codice deve essere testo: un numero così lungo perde cifre in Excel.")
        return str(int(value))
    text = clean_text(value)
    return ascii_digits(re.sub(r"\s+", " ", text).upper()) if text else None


def clean_cup(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise BadValue("il CUP deve essere testo (15 caratteri, es. C31B21004560006).")
    text = ascii_digits(re.sub(r"\s+", "", str(value)).upper())
    if not text:
        return None
    if not CUP_RE.match(text):
        raise BadValue(f"CUP non valido «{value}»: 15 caratteri, una lettera, due cifre, una lettera, "
                       f"undici cifre (es. C31B21004560006).")
    return text


_MISSION_RE = re.compile(r"^(?:M|MISSIONE)?\s*([1-7])\b", re.IGNORECASE)


def clean_mission(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value in range(1, 8):
        return f"M{int(value)}"
    text = ascii_digits(clean_text(value) or "")
    m = _MISSION_RE.match(text)
    if not m:
        if not text:
            return None
        raise BadValue(f"missione non valida «{text}»: scrivi M1, M2, … M7.")
    return f"M{m.group(1)}"


_COMPONENT_RE = re.compile(r"^M\s*([1-7])\s*C\s*([0-9])\b", re.IGNORECASE)


def clean_component(value) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    m = _COMPONENT_RE.match(ascii_digits(text))
    code = f"M{m.group(1)}C{m.group(2)}" if m else None
    if code not in COMPONENTS:
        raise BadValue(f"componente non valida «{text}»: scrivi per esempio M5C2.")
    return code


def parse_measure(value) -> tuple[str, str | None, str | None] | None:
    """Loose PNRR measure -> (normalised measure, mission, component); free text -> (text, None, None).

    ``M5C2 I2.1`` -> (``M5C2 I2.1``, M5, M5C2); ReGiS ``M5C2I2.01.00`` -> the same; ``M2C1.1 I1.2
    Linea D`` -> (``M2C1 I1.2 Linea D``, M2, M2C1). Text that starts like a code but does not parse is
    an error; other text (e.g. a FESR action) is kept as written.
    """
    text = clean_text(value)
    if not text:
        return None
    if re.match(r"^M\s*\d", text, re.IGNORECASE):      # a measure code (\d: any digit), not free text
        ascii_digits(text)
    m = MEASURE_RE.match(text)
    if not m:
        if re.match(r"^M\s*[0-9]", text, re.IGNORECASE):
            raise BadValue(f"misura non riconosciuta «{text}»: scrivi per esempio M5C2 I2.1.")
        return text, None, None
    mission = f"M{m.group(1)}"
    component = f"{mission}C{m.group(2)}" if m.group(2) else None
    if component and component not in COMPONENTS:
        raise BadValue(f"componente inesistente nella misura «{text}».")
    parts = [str(int(p)) for p in re.split(r"\s*\.\s*", m.group(4))] if m.group(4) else []
    while len(parts) > 1 and parts[-1] == "0":
        parts.pop()
    measure = component or mission
    if parts:
        measure += (" R" if (m.group(3) or "I").upper().startswith("R") else " I") + ".".join(parts)
    if m.group(5):
        measure += f" Linea {m.group(5).upper()}"
    return measure, mission, component


def clean_measure(value) -> str | None:
    """The normalised measure alone (mission and component are checked against it per row)."""
    return (parse_measure(value) or (None,))[0]


# --- kinds that need more than the cell: the column's closed list, the partners ---------------------------

def _choice_parser(column: Column, partners: PartnerIndex) -> Parse:
    lookup = choice_lookup(column.choices)
    allowed = ", ".join(it for it, _ in column.choices)

    def parse(value) -> str | None:
        text = clean_text(value)
        if text is None:
            return None
        found = lookup.get(fold(text))
        if found is None:
            raise BadValue(f"valore non ammesso «{text}». Valori ammessi: {allowed}.")
        return found
    return parse


_BY_NAME, _AMBIGUOUS = "name:", "ambiguous"       # the partner index's name keys, and a name two share


def partner_index(partners: pd.DataFrame) -> PartnerIndex:
    """ID -> ID and 'name:<folded name>' -> ID ('ambiguous' when two partners share a name)."""
    index: PartnerIndex = {}
    for pid, name in zip(partners["partner_id"], partners["name"], strict=False):
        if pid is None:
            continue
        index[pid] = pid
        if name:
            key = _BY_NAME + fold(name)
            index[key] = _AMBIGUOUS if key in index and index[key] != pid else pid
    return index


def _partner_parser(column: Column, partners: PartnerIndex) -> Parse:
    def parse(value) -> str | None:
        try:
            code = clean_code(value)
        except BadValue:                       # not an ID (e.g. a digit other than 0-9): maybe a name
            found = partners.get(_BY_NAME + fold(value)) if isinstance(value, str) else None
            if found is None:
                raise
        else:
            if code is None:
                return None
            found = partners.get(code) or partners.get(_BY_NAME + fold(str(value)))
        if found is None:
            raise BadValue(f"partner sconosciuto «{clean_text(value)}»: usa l'ID o il nome esatto di un partner "
                           f"del foglio Partner.")
        if found == _AMBIGUOUS:
            raise BadValue(f"più partner si chiamano «{clean_text(value)}»: usa l'ID.")
        return found
    return parse


# --- the readers, by kind --------------------------------------------------------------------------------

@dataclass(frozen=True)
class CellReader:
    """How a cell of one kind is read."""

    parse: Parse | None = None                                   # cell -> stored value | None, or BadValue
    bind: Callable[[Column, PartnerIndex], Parse] | None = None  # instead of parse: needs the column/partners
    number: Callable[[float], object] | None = None   # a column of typed numbers only: each one through this
    resolves_ref: bool = False        # the value is looked up among the referenced rows as it is read

    def parser(self, column: Column, partners: PartnerIndex) -> Parse:
        return self.bind(column, partners) if self.bind is not None else self.parse


READERS: dict[str, CellReader] = {
    TEXT: CellReader(clean_text),
    CODE: CellReader(clean_code),
    CUP_KIND: CellReader(clean_cup),
    MISSION: CellReader(clean_mission),
    COMPONENT: CellReader(clean_component),
    MEASURE: CellReader(clean_measure),
    CHOICE: CellReader(bind=_choice_parser),
    PARTNER: CellReader(bind=_partner_parser, resolves_ref=True),
    kinds.TAX_CODE: CellReader(partial(kinds.parse_tax_code, error=BadValue)),   # the rule: kinds (analytics too)
    AMOUNT: CellReader(parse_amount, number=check_amount),
    DATE: CellReader(parse_date),
    BOOL: CellReader(parse_bool),
}

