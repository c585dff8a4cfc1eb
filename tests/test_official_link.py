"""Linking cards to the official record: the partners' Codice fiscale (read and checked like every kind,
its control character verified), the suggestions for cards without CUP, and accepting one."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from ngp_data.analytics import official as riscontro
from ngp_data.ingest import pipeline
from ngp_data.ingest.cells import READERS, BadValue
from ngp_data.kinds import TAX_CODE, normalise_tax_code
from ngp_data.official import suggest as sg
from ngp_data.official.link import LinkRefused, accept_suggestion
from ngp_data.store import Store
from ngp_data.store.errors import StaleVersion
from tests.builders import valid_rows, workbook_bytes
from tests.official_fixtures import ALSO_ELSEWHERE_CUP, ELSEWHERE_CUP, riscontro_store

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "official_sample"
read = READERS[TAX_CODE].parse


def _rows(name: str) -> list[dict[str, str]]:
    with open(SAMPLE / name, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


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


def test_an_upload_stores_the_tax_code_and_refuses_a_wrong_one(db_target):
    store = Store(db_target())
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


# --- suggestions and accepting one ------------------------------------------------------------------------


@pytest.fixture
def linked(db_target):
    store, vid, sid = riscontro_store(db_target("l"))
    yield store, vid, sid
    store.close()


def test_a_card_close_to_a_real_project_finds_its_cup_first(linked):
    store, vid, sid = linked
    cards = riscontro.unlinked_cards(store, vid, sid)
    assert list(cards["project_id"]) == ["NGP-04", "NGP-06"]          # no CUP on the card or its outcomes
    candidates = riscontro.unclaimed_projects(store, vid, sid)
    assert not {ALSO_ELSEWHERE_CUP, "D34E22000300002", ELSEWHERE_CUP} & set(candidates["cup"])   # claimed/elsewhere
    found = sg.suggest(cards, candidates, top=3)
    best = found[found["project_id"] == "NGP-04"].iloc[0]
    pegaso = next(r["CUP"] for r in _rows("PNRR_Progetti.csv") if "PEGASO" in r["Titolo Progetto"])
    assert (best["cup"], best["rank"], best["measure_match"], best["body_match"]) == (pegaso, 1, "measure", "tax_code")
    assert 0 <= found["score"].min() and found["score"].max() <= 100 and best["score"] > 90
    assert found.groupby("project_id").size().max() == 3
    assert sg.reasons(best.to_dict())[0].startswith("titolo simile")
    assert "same measure" in sg.reasons(best.to_dict(), "en")[1]


def test_measures_are_compared_normalised():
    official = {"submeasure": "M5C2I2.01.00"}
    assert sg.measure_match({"measure": "M5C2 I2.1"}, official) == "measure"
    assert sg.measure_match({"measure": "M5C2 I2"}, official) == "measure"
    assert sg.measure_match({"component": "M5C2", "measure": "M5C2 I3.1"}, official) == "component"
    assert sg.measure_match({"mission": "M5"}, official) == "mission"
    assert sg.measure_match({"mission": "M1", "measure": "azione FESR 2.1"}, official) is None
    body = sg.body_match({"lead_partner_tax_code": "00337360978"}, {"implementer_tax_code": "337360978"})
    assert body == ("tax_code", 1.0)


def test_accepting_a_suggestion_writes_a_new_version_that_a_rollback_undoes(linked):
    store, vid, sid = linked
    new = accept_suggestion(store, "NGP-04", "d38i22000080002", author="tester@comune.prato.it", expected_active=vid)
    assert new == vid + 1 and store.active_version() == new
    version = store.version(new)
    assert version.author == "tester@comune.prato.it" and version.kind == "link"
    assert version.comment == "CUP D38I22000080002 collegato alla scheda NGP-04 (suggerimento)"
    after = store.table("projects", new).set_index("project_id")
    before = store.table("projects", vid).set_index("project_id")
    assert after.loc["NGP-04", "cup"] == "D38I22000080002"
    assert after.drop(index="NGP-04").equals(before.drop(index="NGP-04"))
    assert store.table("outcomes", new).equals(store.table("outcomes", vid))
    assert "NGP-04" not in set(riscontro.unlinked_cards(store, new, sid)["project_id"])
    store.rollback(vid)
    assert store.table("projects").set_index("project_id").loc["NGP-04", "cup"] is None


@pytest.mark.parametrize("card, cup, message", [
    ("NGP-01", "D38I22000080002", "ha già il CUP C35B22000140005"),
    ("NGP-06", "D34E22000300002", "già collegato alla scheda NGP-02"),    # on NGP-02's outcome
    ("NGP-06", ALSO_ELSEWHERE_CUP, "già collegato alla scheda NGP-01"),
    ("NGP-99", "D38I22000080002", "La scheda NGP-99 non esiste"),
    ("NGP-06", "D38I2200008", "CUP non valido"),
])
def test_accepting_is_refused_in_italian_and_writes_nothing(linked, card, cup, message):
    store, vid, _ = linked
    with pytest.raises(LinkRefused, match=message):
        accept_suggestion(store, card, cup, author="x", expected_active=vid)
    assert store.active_version() == vid and len(store.versions()) == 1


def test_accepting_on_a_stale_version_is_refused(linked):
    store, vid, _ = linked
    accept_suggestion(store, "NGP-04", "D38I22000080002", author="x", expected_active=vid)
    with pytest.raises(StaleVersion):
        accept_suggestion(store, "NGP-06", "D34E22000360002", author="x", expected_active=vid)
