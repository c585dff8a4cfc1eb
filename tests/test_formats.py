"""ngp_data.formats and ngp_data.kinds: every format checked against Babel itself (the CLDR data it is
built from) and against hand-written expectations; every kind's screen text and Excel cell declared once."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent
from hypothesis import assume, given
from hypothesis import strategies as st

from ngp_data import kinds
from ngp_data.formats import (
    EMPTY,
    fmt_date,
    fmt_eur,
    fmt_eur_cents,
    fmt_eur_short,
    fmt_number,
    fmt_pct,
    fmt_signed_eur,
    plural_form,
)
from ngp_data.schema import TABLES

LOCALE = {"it": "it_IT", "en": "en_GB"}


def _plain(text: str) -> str:
    """Babel writes a no-break space before the euro sign; we write an ordinary one (documented)."""
    return text.replace("\u00a0", " ")


@pytest.mark.parametrize("lang", ["it", "en"])
@given(cents=st.integers(min_value=0, max_value=10**15))
def test_amounts_agree_with_babel(lang, cents):
    """Amounts are stored as DECIMAL(18,2): whole cents, up to the largest amount the import accepts."""
    value = cents / 100
    expected = _plain(format_currency(value, "EUR", locale=LOCALE[lang]))
    assert fmt_eur(value, lang, 2) == expected


@pytest.mark.parametrize("lang", ["it", "en"])
@given(value=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_numbers_agree_with_babel(lang, value):
    expected = format_decimal(round(value), format="#,##0", locale=LOCALE[lang])
    assert fmt_number(round(value), lang) == expected


@pytest.mark.parametrize("lang", ["it", "en"])
@given(value=st.floats(min_value=0, max_value=10, allow_nan=False))
def test_percentages_agree_with_babel(lang, value):
    """Babel rounds a tie to even, we round it up (as people do, issue 17 item 12): ties are tested apart."""
    assume((Decimal(repr(value)) * 1000) % 1 != Decimal("0.5"))     # 12.25% is a tie at one decimal
    expected = format_percent(value, format="#,##0.0%", locale=LOCALE[lang])
    assert fmt_pct(value, lang) == expected


@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_are_dd_mm_yyyy_in_both_languages(day):
    expected = format_date(day, "dd/MM/yyyy", locale="it_IT")
    assert fmt_date(day, "it") == fmt_date(day, "en") == expected


def test_hand_written_examples():
    assert fmt_eur(1234567.891, "it", 2) == "1.234.567,89 €"
    assert fmt_eur(1234567.891, "en", 2) == "€1,234,567.89"
    assert fmt_eur_short(18_700_000, "it") == "18,7 M€"
    assert fmt_eur_short(18_700_000, "en") == "€18.7M"
    assert fmt_eur_short(2_500_000_000, "it") == "2,5 Mld €"
    assert fmt_eur_short(950, "it") == "950 €"
    assert fmt_signed_eur(-450_000, "it") == "−450,0\u00a0k€"
    assert fmt_signed_eur(2_300_000, "en") == "+€2.3M"
    assert fmt_eur_cents(1500, "it") == "1.500 €"
    assert fmt_eur_cents(1500.5, "it") == "1.500,50 €"
    assert fmt_pct(0.452, "it") == "45,2%"


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_unknown_figures_say_so(missing):
    assert fmt_eur(missing, "it") == "n.d."
    assert fmt_eur_short(missing, "en") == "n/a"
    assert fmt_pct(missing, "it") == "n.d."
    assert fmt_date(missing, "it") == ""


@pytest.mark.parametrize(("lang", "n", "form"), [("it", 0, "other"), ("it", 1, "one"), ("it", 2, "other"),
                                                  ("en", 1, "one"), ("en", 0, "other"), ("en", 21, "other")])
def test_plural_forms_follow_cldr(lang, n, form):
    assert plural_form(n, lang) == form


# --- kinds ------------------------------------------------------------------------------------------------

def test_every_schema_kind_is_declared():
    used = {c.kind for t in TABLES for c in t.columns}
    assert used <= set(kinds.KINDS), used - set(kinds.KINDS)
    for table in TABLES:
        for col in table.columns:
            assert col.sql_type == kinds.KINDS[col.kind].sql_type


@pytest.mark.parametrize("name", sorted(kinds.KINDS))
@pytest.mark.parametrize("empty", [None, float("nan")])
def test_empty_cells_show_a_dash_for_every_kind(name, empty):
    assert kinds.display(name, empty, "it") == EMPTY == "—"


@pytest.mark.parametrize(("kind", "value", "it", "en"), [
    (kinds.AMOUNT, 1234.5, "1.234,50 €", "€1,234.50"),
    (kinds.AMOUNT, 2000.0, "2.000 €", "€2,000"),
    (kinds.DATE, dt.date(2026, 8, 31), "31/08/2026", "31/08/2026"),
    (kinds.BOOL, True, "sì", "yes"),
    (kinds.BOOL, False, "no", "no"),
    (kinds.CHOICE, "Ammessa e finanziata", "Ammessa e finanziata", "Admitted and financed"),
    (kinds.INT, 12345, "12.345", "12,345"),
    (kinds.PCT, 0.5, "50,0%", "50.0%"),
    (kinds.NUMBER, 7000.0, "7.000", "7,000"),
    (kinds.NUMBER, 1234.5, "1.234,50", "1,234.50"),
    (kinds.TEXT, "Città di Prato", "Città di Prato", "Città di Prato"),
    (kinds.DATETIME, dt.datetime(2026, 11, 3, 9, 5), "03/11/2026 09:05", "03/11/2026 09:05"),
])
def test_each_kind_shows_its_values(kind, value, it, en):
    assert kinds.display(kind, value, "it") == it
    assert kinds.display(kind, value, "en") == en


def test_numeric_kinds_have_an_excel_number_format_and_text_kinds_none():
    for k in kinds.KINDS.values():
        assert (k.excel_format is None) == (k.excel == "text"), k.name
    assert kinds.KINDS[kinds.AMOUNT].total and not kinds.KINDS[kinds.INT].total


def test_is_empty_recognises_pandas_missing_values():
    import pandas as pd

    assert kinds.is_empty(pd.NA) and kinds.is_empty(pd.NaT) and kinds.is_empty(math.nan)
    assert not kinds.is_empty("") and not kinds.is_empty(0) and not kinds.is_empty(False)


@pytest.mark.parametrize(("value", "it", "en"), [
    (226_350_000, "226,4 M€", "€226.4M"),      # half up, though the float is 226.3499… in binary
    (2_250_000, "2,3 M€", "€2.3M"),
    (2_249_999, "2,2 M€", "€2.2M"),
    (1_050, "1,1 k€", "€1.1k"),
])
def test_short_amounts_round_half_up_as_people_do(value, it, en):
    assert fmt_eur_short(value, "it") == it
    assert fmt_eur_short(value, "en") == en


def test_percentages_and_whole_euro_round_half_up():
    assert fmt_pct(0.1225, "it") == "12,3%"          # Babel (half to even) would say 12,2%
    assert fmt_eur(2.5, "it") == "3 €"
    assert fmt_number(0.5, "it") == "1"
