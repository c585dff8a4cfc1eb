"""Panoramica and the shared frame (sidebar filters in the URL, language, demo banner)."""

from __future__ import annotations

import pandas as pd
import pytest

from ngp_data.formats import fmt_eur_short, fmt_number, fmt_pct
from ngp_data.schema import OUTCOME_GROUPS
from ngp_data.store import Store
from tests.apptest_helpers import OPEN_CHANGES, run_app, texts


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("overview") / "demo.duckdb"
    run_app(db)                                   # first start loads the demo
    return db


def expected_kpis(db, missions=None):
    """The headline figures recomputed with pandas over the stored tables (not through queries.py)."""
    store = Store(db)
    try:
        tables = store.tables()
    finally:
        store.close()
    projects, requests, outcomes = tables["projects"], tables["requests"], tables["outcomes"]
    if missions:
        projects = projects[projects["mission"].isin(missions)]
        requests = requests[requests["project_id"].isin(projects["project_id"])]
    merged = requests.merge(outcomes, on="request_id", how="left")
    effective = merged["outcome"].where(merged["outcome"].notna(),
                                        merged["submitted_on"].map(lambda d: "Presentata" if d else "In preparazione"))
    financed = effective.isin(OUTCOME_GROUPS["financed"])
    decided = effective.isin(("Ammessa e finanziata", "Finanziata parzialmente", "Ammessa non finanziata",
                              "Non ammessa", "Revocata"))
    return {
        "Schede": fmt_number(len(projects)),
        "Budget totale": fmt_eur_short(projects["budget_total"].sum()),
        "Richiesto": fmt_eur_short(merged["amount_requested"].sum()),
        "Concesso": fmt_eur_short(merged.loc[financed, "amount_granted"].sum()),
        "Successo (numero)": fmt_pct(financed.sum() / decided.sum()),
        "In attesa di esito": fmt_number(int(effective.isin(OUTCOME_GROUPS["pending"]).sum())),
        "Idonee non finanziate": fmt_number(int((effective == "Ammessa non finanziata").sum())),
    }


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_overview_on_the_demo_shows_the_portfolio_figures(demo_db):
    at = run_app(demo_db)
    assert not at.exception
    shown = metrics(at)
    for label, value in expected_kpis(demo_db).items():
        assert shown[label] == value, label
    assert "Dati dimostrativi (illustrativi)" in texts(at)
    assert "Dati: versione 3 del 20/11/2026, caricata da dati dimostrativi." in texts(at)
    assert len(at.get("plotly_chart")) == 3        # progress, outcomes, payments over time


def test_filters_from_the_url_apply_to_the_figures(demo_db):
    at = run_app(demo_db, params={"missione": ["M2", "M5"]})
    assert not at.exception
    assert at.query_params["missione"] == ["M2", "M5"]
    assert at.multiselect(key="missione").value == ["M2", "M5"]
    shown = metrics(at)
    for label, value in expected_kpis(demo_db, missions=["M2", "M5"]).items():
        assert shown[label] == value, label
    assert "Filtri attivi: 1" in texts(at)


def test_filters_survive_switching_page(demo_db):
    at = run_app(demo_db, state={"missione": ["M6"]})
    at.switch_page("views/missioni.py").run()
    assert at.session_state["missione"] == ["M6"]
    at.switch_page("views/panoramica.py").run()
    assert at.session_state["missione"] == ["M6"]
    assert metrics(at)["Schede"] == expected_kpis(demo_db, missions=["M6"])["Schede"]


def test_a_filter_matching_nothing_says_so(demo_db):
    at = run_app(demo_db, state={"missione": ["M3"], "esito": ["Revocata"]})
    assert not at.exception
    assert "Nessun dato corrisponde ai filtri scelti." in texts(at)
    assert len(at.get("plotly_chart")) == 0


def test_english_switch_changes_labels_and_number_format(demo_db):
    at = run_app(demo_db, lang="en")
    assert not at.exception
    shown = metrics(at)
    assert "Total budget" in shown and "Budget totale" not in shown
    assert shown["Success (count)"] == fmt_pct(
        float(expected_kpis(demo_db)["Successo (numero)"].rstrip("%").replace(",", ".")) / 100, "en")
    assert "Illustrative demo data" in texts(at)
    assert [t.value for t in at.title] == ["Overview"]
    version_line = [c.value for c in at.caption if c.value.startswith("Data: version")]
    assert version_line and "uploaded by demo data" in version_line[0]          # not "by dati dimostrativi"


def test_empty_database_says_there_is_no_data(tmp_path):
    at = run_app(tmp_path / "empty.duckdb", demo=False)
    assert not at.exception
    assert "Non ci sono ancora dati: carica un file nella pagina Dati." in texts(at)
    assert not at.metric
    assert "Dati dimostrativi" not in texts(at)


def test_deadlines_table_lists_calls_closing_in_60_days(demo_db):
    at = run_app(demo_db)
    store = Store(demo_db)
    calls = store.table("calls")
    store.close()
    today = pd.Timestamp("2026-11-23").date()
    soon = calls[calls["deadline"].map(lambda d: d is not None and today <= d <= today + pd.Timedelta(days=60))]
    tables = at.dataframe
    assert len(tables) == 1
    shown = tables[0].value
    assert sorted(shown["ID bando"]) == sorted(soon["call_id"])


def test_long_tables_draw_their_first_rows_and_say_so(tmp_path):
    """Regression: 100k new applications crashed Novità (pandas' Styler stops at 262,144 cells)."""
    from ngp_data.ingest.pipeline import commit, prepare
    from tests.builders import valid_rows, workbook_bytes
    from ui.tables import DISPLAY_ROWS

    db = tmp_path / "long.duckdb"
    store = Store(db)
    commit(prepare([("base.xlsx", workbook_bytes(valid_rows()))], store), store)
    rows = valid_rows()
    n = DISPLAY_ROWS + 500
    rows["Candidature"] += [[f"C-{i:05d}", "NGP-01", "B-FARO", "ALIA", None, 1000.0, None] for i in range(n)]
    commit(prepare([("lungo.xlsx", workbook_bytes(rows))], store), store)
    store.close()
    at = run_app(db, page="novita", demo=False, state=OPEN_CHANGES)
    assert not at.exception
    assert len(at.dataframe[0].value) == DISPLAY_ROWS
    assert (f"Sono mostrate le prime {fmt_number(DISPLAY_ROWS)} righe su {fmt_number(n)}: il file Excel le "
            "contiene tutte.") in texts(at)


def test_each_success_rate_says_what_it_divides_by_what(demo_db):
    """Three "success" figures (by count, by amount, the funnel's) each carry a visible one-line definition,
    and the count's numerator and denominator are the ones computed here from the stored outcomes."""
    at = run_app(demo_db)
    assert not at.exception
    store = Store(demo_db)
    try:
        outcomes = store.tables()["outcomes"]["outcome"]
    finally:
        store.close()
    decided = outcomes.isin(("Ammessa e finanziata", "Finanziata parzialmente", "Ammessa non finanziata",
                             "Non ammessa", "Revocata"))
    financed = outcomes.isin(OUTCOME_GROUPS["financed"])
    assert 0 < financed.sum() < decided.sum()
    captions = [c.value for c in at.caption]
    assert f"= finanziate ÷ decise ({financed.sum()} ÷ {decided.sum()})" in captions
    assert "= concesso ÷ richiesto, candidature decise" in captions
    calls = run_app(demo_db, "bandi")
    assert any(c.value.startswith("Percentuali sul primo stadio") for c in calls.caption)
