"""Labels: plural forms by CLDR's rules, both languages with the same placeholders, column headers only from
the schema (derived columns included)."""

from __future__ import annotations

import re
import string

import pytest

from ngp_data import schema
from ngp_data.labels import COLUMN_KEYS, LABELS, Plural, t, tn


def test_plural_forms_follow_the_count_in_both_languages():
    assert tn("dati_errors", 1).startswith("1 errore: il caricamento")
    assert tn("dati_errors", 2).startswith("2 errori: il caricamento")
    assert tn("dati_errors", 0).startswith("0 errori")
    assert tn("dati_errors", 1, "en").startswith("1 error: the upload")
    assert tn("dati_errors", 1500, "en").startswith("1,500 errors")           # the count written as a number
    assert tn("rows_added", 1) == "1 riga aggiunta" and tn("rows_added", 3, "en") == "3 rows added"
    assert tn("kpi_n_requests", 1) == "1 candidatura" and tn("kpi_n_requests", 3) == "3 candidature"
    assert tn("dati_now_figures", 1, requested="1 €", granted="2 €").endswith("1 candidatura in attesa di esito.")


def test_a_label_is_read_with_the_right_function():
    with pytest.raises(TypeError, match="tn"):
        t("dati_errors")
    with pytest.raises(TypeError, match="t\\("):
        tn("no_data", 2)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_label_has_both_languages_with_the_same_placeholders():
    for key, entry in LABELS.items():
        if isinstance(entry, Plural):             # "one" may leave the count out ("l'unica scheda")
            assert _fields(entry.it[1]) == _fields(entry.en[1]), key
            assert all(_fields(text) <= _fields(entry.it[1]) | {"n"} for text in (*entry.it, *entry.en)), key
        else:
            assert all(entry) and _fields(entry[0]) == _fields(entry[1]), key


def test_labels_that_name_a_column_read_the_schema():
    for key, (name, table) in COLUMN_KEYS.items():
        column = schema.column(name, table)
        assert (t(key), t(key, "en")) == (column.it, column.en)
    assert t("col_led") == "Schede da capofila" and t("kpi_budget", "en") == "Total budget"


def test_no_label_restates_a_column_header():
    """A ``col_*`` label is either gone or read from the schema (COLUMN_KEYS); never a second copy."""
    restated = [k for k in LABELS if re.match(r"col_", k) and k not in COLUMN_KEYS and k != "col_signatory"]
    assert not restated


def test_column_lookup():
    assert schema.column("granted").kind == "amount"
    assert schema.column("success_rate").kind == "pct"
    assert schema.column("title").it == "Titolo"                       # projects and calls agree
    assert schema.column("name", "partners").label("en") == "Name"
    assert schema.column("effective_outcome").choices == schema.OUTCOMES
    with pytest.raises(KeyError, match="DERIVED"):
        schema.column("no_such_column")
