"""The partners' Codice fiscale: read and checked like every kind, its control character verified."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from ngp_data.ingest import pipeline
from ngp_data.ingest.cells import READERS, BadValue
from ngp_data.kinds import TAX_CODE, normalise_tax_code
from ngp_data.store import Store
from tests.builders import valid_rows, workbook_bytes

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "official_sample"
read = READERS[TAX_CODE].parse


def _sample_tax_codes() -> set[str]:
    with open(SAMPLE / "PNRR_Progetti.csv", encoding="utf-8-sig", newline="") as fh:
        return {r["Codice Fiscale Soggetto Attuatore"] for r in csv.DictReader(fh, delimiter=";")}


@pytest.mark.parametrize("value, stored", [
    ("84006890481", "84006890481"),           # Comune di Prato's codice fiscale (the sample's ente, Localizzazione)
    (" 840 068 904 81 ", "84006890481"),
    ("IT00337360978", "00337360978"),         # its partita IVA, with the country prefix
    (337360978, "00337360978"),               # typed as a number: Excel dropped the zeros
    (1386030488.0, "01386030488"),            # Regione Toscana, as the older official files write it
    ("1386030488", "01386030488"),
    ("rssmra85t10a562s", "RSSMRA85T10A562S"),  # a person's 16 characters
    (None, None), ("", None),
])
def test_valid_tax_codes_are_stored_normalised(value, stored):
    assert read(value) == stored


def test_every_implementer_tax_code_of_the_sample_is_valid_once_its_zeros_are_back():
    codes = _sample_tax_codes()
    assert len(codes) > 5 and any(len(c) < 11 for c in codes)      # the sample has lost zeros
    for code in codes:
        assert read(code) == code.zfill(11) == normalise_tax_code(code)


@pytest.mark.parametrize("value, message", [
    ("01386030489", "il codice fiscale 01386030489 non è valido: la cifra di controllo dovrebbe essere 8"),
    ("84006890482", "la cifra di controllo dovrebbe essere 1"),
    ("RSSMRA85T10A562T", "il carattere di controllo dovrebbe essere S"),
    ("8400689048", "la cifra di controllo dovrebbe essere"),       # one digit lost: zero-padded, then wrong
    ("ABC", "11 cifre (ente o impresa) o 16 caratteri"),
    ("840068904810", "11 cifre"),
    (True, "sì/no"),
    (12.5, "codice fiscale non valido"),
    ("８4006890481", "cifra non ammessa"),
])
def test_wrong_tax_codes_say_why(value, message):
    with pytest.raises(BadValue, match=re.escape(message)):
        read(value)


def _partners_with(codes: list) -> dict[str, list[list]]:
    sheets = valid_rows()
    partners = sheets["Partner"]
    partners[0] = [*partners[0], "P.IVA"]                  # an alias of the header
    for row, code in zip(partners[1:], codes, strict=True):
        row.append(code)
    return sheets


def test_an_upload_stores_the_tax_code_and_refuses_a_wrong_one(tmp_path):
    store = Store(tmp_path / "ngp.duckdb")
    ok = pipeline.prepare([("ok.xlsx", workbook_bytes(_partners_with([337360978, "01386030488", None])))], store)
    assert ok.ok, [str(p) for p in ok.problems]
    pipeline.commit(ok, store)
    assert store.table("partners").set_index("partner_id")["tax_code"].to_dict() == {
        "COMUNE-PO": "00337360978", "ALIA": "01386030488", "PIN": None}
    bad = pipeline.prepare([("bad.xlsx", workbook_bytes(_partners_with(["84006890481", "01386030489", None])))],
                           store)
    assert not bad.ok
    assert any("la cifra di controllo dovrebbe essere 8" in str(p) for p in bad.problems)


def test_an_older_database_gains_the_column(tmp_path):
    path = tmp_path / "old.duckdb"
    store = Store(path)
    pipeline.commit(pipeline.prepare([("ok.xlsx", workbook_bytes(valid_rows()))], store), store)
    store.cursor().execute("ALTER TABLE partners DROP COLUMN tax_code")
    store.close()
    reopened = Store(path)
    try:
        assert reopened.table("partners")["tax_code"].isna().all()
        assert len(reopened.table("partners")) == 3
    finally:
        reopened.close()
