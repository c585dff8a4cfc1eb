"""Riscontro ufficiale through AppTest: the snapshot named, the KPIs equal to sums recomputed here from the
sample CSV text, the flags as sentences with links to the Scheda, the one-click link for editors (a new
version, reversible), and the page with no snapshot yet."""

from __future__ import annotations

import pytest

from ngp_data.demo import load_demo
from ngp_data.formats import fmt_eur_short
from ngp_data.store import Store
from tests.apptest_helpers import run_app, texts
from tests.official_fixtures import ELSEWHERE_CUP, amount, riscontro_store, sample_rows


@pytest.fixture(scope="module")
def official_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("riscontro_page") / "r.duckdb"
    store, _, _ = riscontro_store(db)
    store.close()
    return db


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expected_totals() -> tuple[float, float]:
    """Official PNRR financing and payments of the projects not located only elsewhere, from the CSV text."""
    fin = sum(amount(r["Finanziamento PNRR"]) or 0 for r in sample_rows("PNRR_Progetti.csv")
              if r["CUP"] != ELSEWHERE_CUP)
    paid = sum(amount(r["Pagamento PNRR"]) or 0 for r in sample_rows("PNRR_Pagamenti_di_Progetto.csv")
               if r["CUP"] != ELSEWHERE_CUP)
    return fin, paid


def test_the_page_names_its_snapshot_and_shows_the_official_totals(official_db):
    at = run_app(official_db, "riscontro", demo=False)
    assert not at.exception
    assert [t.value for t in at.title] == ["Riscontro ufficiale"]
    shown = metrics(at)
    fin, paid = expected_totals()
    assert shown["Finanziamento PNRR nel Comune"] == fmt_eur_short(fin)
    assert shown["Pagato PNRR"] == fmt_eur_short(paid)
    text = texts(at)
    assert "Dati ufficiali: istantanea 1 del" in text
    assert "licenza CC BY 4.0" in text                              # the attribution under the figures


def test_flags_are_sentences_that_link_to_the_card(official_db):
    at = run_app(official_db, "riscontro", demo=False)
    lines = [line for m in at.markdown if m.value.startswith("- **") for line in m.value.splitlines()]
    assert lines, texts(at)
    assert int(metrics(at)["Da verificare"]) == len(lines)
    assert [e.label for e in at.expander][:3] == ["CUP non trovato · 1", "Localizzato altrove · 1",
                                                  "Importo diverso · 1"]
    not_found = [x for x in lines if x.startswith("- **CUP non trovato**")]
    assert len(not_found) == 1 and "(/scheda?progetto=NGP-03)" in not_found[0]
    elsewhere = [x for x in lines if x.startswith("- **Localizzato altrove**")]
    assert elsewhere and "(/scheda?progetto=NGP-05)" in elsewhere[0]


def test_an_editor_links_a_suggested_cup_with_one_click(tmp_path):
    db = tmp_path / "r.duckdb"
    store, before, _ = riscontro_store(db)
    store.close()
    at = run_app(db, "riscontro", demo=False)              # local mode: the local user edits
    button = at.button(key="off_accept_NGP-04")
    assert "D38I22000080002" in texts(at)
    button.click().run()
    assert not at.exception
    assert any("D38I22000080002" in s.value and "NGP-04" in s.value for s in at.success)
    store = Store(db)
    try:
        active = store.active_version()
        assert active == before + 1 and store.version(active).kind == "link"
        cups = store.table("projects").set_index("project_id")["cup"]
        assert cups["NGP-04"] == "D38I22000080002"
        store.rollback(before)                                # reversible like any version
        assert store.table("projects").set_index("project_id")["cup"].get("NGP-04") is None
    finally:
        store.close()


def test_without_official_data_the_page_says_where_to_import_it(tmp_path):
    store = Store(tmp_path / "demo.duckdb")
    try:
        load_demo(store, official=False)
    finally:
        store.close()
    at = run_app(tmp_path / "demo.duckdb", "riscontro")
    assert not at.exception
    assert any("Nessun dato ufficiale importato" in i.value for i in at.info)


def test_english(official_db):
    at = run_app(official_db, "riscontro", demo=False, lang="en")
    assert not at.exception
    assert [t.value for t in at.title] == ["Official record"]
    assert "PNRR financing in the Comune" in metrics(at)
    assert "licence CC BY 4.0" in texts(at)


def test_the_scheda_shows_the_card_in_the_official_data(official_db):
    """NGP-02's outcome carries D34E22000300002: its official financing (from the CSV text) on the card's page,
    and the card's own flag (granted 600.000 € against the official figure)."""
    at = run_app(official_db, "scheda", demo=False, params={"progetto": "NGP-02"})
    assert not at.exception
    assert "Nei dati ufficiali" in [s.value for s in at.subheader]
    frame = next(df.value for df in at.dataframe if "Finanziamento PNRR ufficiale" in df.value.columns)
    official = sum(amount(r["Finanziamento PNRR"]) or 0 for r in sample_rows("PNRR_Progetti.csv")
                   if r["CUP"] == "D34E22000300002")
    assert list(frame["Finanziamento PNRR ufficiale"]) == pytest.approx([official])
    assert any(m.value.startswith("- **Importo diverso**") for m in at.markdown)
