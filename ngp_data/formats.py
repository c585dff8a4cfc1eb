"""Numbers, amounts, percentages, dates and plural forms in Italian and English.

The locale data (decimal and grouping symbols, where the euro sign goes, the plural rule) comes from
Babel's CLDR tables, read once per language. The formatting itself is Python's own ``format`` with
those symbols: Babel's ``format_currency`` costs about 80-130 µs a call here against 2 µs, and a table
of a thousand rows with five amount columns would spend half a second in it on every rerun
(docs/PERFORMANCE.md). ``tests/test_formats.py`` checks every function against Babel itself.

Italian: ``1.234.567,89 €``, ``45,2%``, ``gg/mm/aaaa``. English: ``€1,234,567.89``, ``45.2%``, and
``gg/mm/aaaa`` too (the committee's habit).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale

LANGS = ("it", "en")
LOCALES = {"it": "it_IT", "en": "en_GB"}
NOT_AVAILABLE = {"it": "n.d.", "en": "n/a"}   # a figure that is not known (a KPI, a total)
EMPTY = "—"                                     # an empty cell in a table shown on screen
MINUS = "−"                                     # U+2212, for signed amounts shown to people


@dataclass(frozen=True)
class _Symbols:
    decimal: str
    group: str
    percent: str
    euro_before: bool          # ``€1,234`` (English) or ``1.234 €`` (Italian)
    euro_space: str            # what stands between number and sign


@cache
def _symbols(lang: str) -> _Symbols:
    locale = Locale.parse(LOCALES.get(lang, LOCALES["it"]))
    numbers = locale.number_symbols.get("latn", locale.number_symbols)
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    before = pattern.index("¤") < pattern.index("0")
    # Babel writes a no-break space between number and sign; we write an ordinary one (the text is
    # searched, copied and compared by people and tests alike, and st.metric does not wrap it).
    space = " " if any(f"{sp}¤" in pattern or f"¤{sp}" in pattern for sp in (" ", "\u00a0")) else ""
    return _Symbols(numbers["decimal"], numbers["group"], numbers["percentSign"], before, space)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is _NA


try:                                              # pandas' NA/NaT, without importing pandas here
    import pandas as _pd

    _NA = _pd.NA
except ImportError:                               # pragma: no cover - pandas is a dependency
    _NA = object()


def _half_up(value: float, decimals: int) -> Decimal:
    """``value`` rounded as people round (2,25 -> 2,3), on its shortest decimal spelling: binary floats
    would round 2.25 (really 2.2499…) down, and Python's own rounding is half to even."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _number(value: float, lang: str, decimals: int) -> str:
    s = _symbols(lang)
    text = f"{_half_up(value, decimals) if math.isfinite(value) else value:,.{decimals}f}"
    if (s.group, s.decimal) != (",", "."):
        text = text.translate({ord(","): "\0", ord("."): s.decimal}).replace("\0", s.group)
    return text


def fmt_number(value: float | None, lang: str = "it", decimals: int = 0) -> str:
    """``1.234.567,89`` in Italian, ``1,234,567.89`` in English; ``n.d.`` when not known."""
    if _missing(value):
        return NOT_AVAILABLE.get(lang, NOT_AVAILABLE["it"])
    return _number(float(value), lang, decimals)


def _euro(number: str, lang: str) -> str:
    s = _symbols(lang)
    return f"€{s.euro_space}{number}" if s.euro_before else f"{number}{s.euro_space}€"


def fmt_eur(value: float | None, lang: str = "it", decimals: int = 0) -> str:
    """``1.234.567 €`` (Italian) or ``€1,234,567`` (English)."""
    if _missing(value):
        return NOT_AVAILABLE.get(lang, NOT_AVAILABLE["it"])
    value = float(value)
    text = _euro(_number(abs(value), lang, decimals), lang)
    return "-" + text if value < 0 and round(abs(value), decimals) else text


def fmt_eur_cents(value: float | None, lang: str = "it") -> str:
    """An amount as stored: with cents when it has them (``1.234,50 €``), whole euro otherwise."""
    if _missing(value):
        return NOT_AVAILABLE.get(lang, NOT_AVAILABLE["it"])
    return fmt_eur(value, lang, 0 if float(value).is_integer() else 2)


_SHORT_UNITS = ((1e9, "Mld €", "bn"), (1e6, "M€", "M"), (1e3, "k€", "k"))


def fmt_eur_short(value: float | None, lang: str = "it") -> str:
    """Compact amounts for KPI cards: ``18,7 M€`` / ``€18.7M``."""
    if _missing(value):
        return NOT_AVAILABLE.get(lang, NOT_AVAILABLE["it"])
    value = float(value)
    for factor, it_unit, en_unit in _SHORT_UNITS:
        if abs(value) >= factor:
            number = _number(value / factor, lang, 1)
            return f"{number} {it_unit}" if lang == "it" else f"€{number}{en_unit}"
    return fmt_eur(value, lang)


def fmt_signed_eur(delta: float, lang: str = "it") -> str:
    """``+2,3 M€`` / ``−450 k€`` with no-break spaces, so it never splits over two lines."""
    return ("+" if delta >= 0 else MINUS) + fmt_eur_short(abs(delta), lang).replace(" ", "\u00a0")


def fmt_pct(value: float | None, lang: str = "it", decimals: int = 1) -> str:
    """A ratio (0.452) as ``45,2%`` / ``45.2%``."""
    if _missing(value):
        return NOT_AVAILABLE.get(lang, NOT_AVAILABLE["it"])
    return f"{_number(float(value) * 100, lang, decimals)}{_symbols(lang).percent}"


def fmt_date(value: dt.date | None, lang: str = "it") -> str:
    """``gg/mm/aaaa`` in both languages; empty text for no date."""
    if _missing(value) or value is _NAT:
        return ""
    return value.strftime("%d/%m/%Y")


def fmt_datetime(value: dt.datetime | None, lang: str = "it") -> str:
    """``gg/mm/aaaa hh:mm``; empty text for no time."""
    if _missing(value) or value is _NAT:
        return ""
    return value.strftime("%d/%m/%Y %H:%M")


try:
    _NAT = _pd.NaT
except NameError:                                 # pragma: no cover
    _NAT = object()


@cache
def _plural_rule(lang: str):
    return Locale.parse(LOCALES.get(lang, LOCALES["it"])).plural_form


def plural_form(n: float, lang: str = "it") -> str:
    """CLDR's plural category of ``n`` in ``lang``: ``one`` or ``other`` for Italian and English."""
    return _plural_rule(lang)(abs(n))
