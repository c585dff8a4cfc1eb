"""Bandi ed esiti, Scheda progetto and Novità through AppTest: figures checked against values recomputed
here with pandas over the stored tables (Store.tables / Store.diff), never through queries.py or
ngp_data.changes."""

from __future__ import annotations

import base64
from datetime import date

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest

from ngp_data.demo import demo_frames
from ngp_data.formats import fmt_eur_short, fmt_number
from ngp_data.labels import md_plain
from ngp_data.schema import DECIDED_OUTCOMES, OUTCOME_GROUPS
from ngp_data.store import Store
from tests.apptest_helpers import OPEN_CHANGES, run_app, table_with, texts

TODAY = date(2026, 11, 23)
NO_MATCH = "Nessun dato corrisponde ai filtri scelti."
NO_DATA = "Non ci sono ancora dati: carica un file nella pagina Dati."
EMPTY_FILTER = {"missione": ["M3"], "esito": ["Revocata"]}       # M3's only card has no revoked application


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("committee_b") / "demo.duckdb"
    run_app(db)                                                   # first start loads the 3 demo versions
    return db


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory):
    return tmp_path_factory.mktemp("committee_b_empty") / "empty.duckdb"


def stored(db, version=None) -> dict[str, pd.DataFrame]:
    store = Store(db)
    try:
        return store.tables(version)
    finally:
        store.close()


def applications(tables, missions=None) -> pd.DataFrame:
    """Applications with their outcome row and effective outcome, optionally of the cards of ``missions``."""
    requests = tables["requests"]
    if missions:
        cards = tables["projects"].loc[tables["projects"]["mission"].isin(missions), "project_id"]
        requests = requests[requests["project_id"].isin(cards)]
    merged = requests.merge(tables["outcomes"], on="request_id", how="left")
    merged["effective"] = merged["outcome"].where(
        merged["outcome"].notna(), merged["submitted_on"].map(lambda d: "Presentata" if d else "In preparazione"))
    return merged


def figures(at) -> dict:
    """Plotly figures shown (go.Figure, typed arrays decoded), by title."""
    out = {}
    for element in at.get("plotly_chart"):
        fig = pio.from_json(element.proto.spec, skip_invalid=True)
        out[fig.layout.title.text] = fig
    return out


def numbers(values) -> list:
    """A figure's numeric array, also when Plotly sent it as a base64 typed array."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])).tolist()
    return list(values)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# --- Bandi ed esiti -------------------------------------------------------------------------------------------

def expected_funnel(apps: pd.DataFrame) -> list[int]:
    eff = apps["effective"]
    financed = eff.isin(OUTCOME_GROUPS["financed"])
    return [int((eff != "In preparazione").sum()), int((eff.isin(DECIDED_OUTCOMES) | (eff == "In istruttoria")).sum()),
            int((financed | (eff == "Ammessa non finanziata")).sum()), int(financed.sum())]


def check_calls_page(at, tables, missions=None):
    apps = applications(tables, missions)
    calls = tables["calls"]
    if missions:
        calls = calls[calls["call_id"].isin(apps["call_id"])]
    per_call = apps.groupby("call_id").size()
    shown = table_with(at, "ID bando", "Candidature", "Dotazione")
    assert sorted(shown["ID bando"]) == sorted(calls["call_id"])
    for call_id, n in zip(shown["ID bando"], shown["Candidature"], strict=True):
        assert n == per_call.get(call_id, 0), call_id
    shown_metrics = metrics(at)
    assert shown_metrics["Bandi"] == fmt_number(len(calls))
    assert shown_metrics["Candidature"] == fmt_number(len(apps))
    assert shown_metrics["Bandi aperti"] == fmt_number(int(calls["deadline"].map(lambda d: d is not None and
                                                                                  d >= TODAY).sum()))
    figs = figures(at)
    funnel = figs["Dalla presentazione al finanziamento"].data[0]
    assert funnel.type == "funnel" and numbers(funnel.x) == expected_funnel(apps)
    bars = [trace for trace in figs["Decisioni nel tempo"].data if trace.type == "bar"]
    assert sum(sum(numbers(trace.y)) for trace in bars) == int(apps["decided_on"].notna().sum())
    timeline = figs["Bandi: dalla pubblicazione alla scadenza"].data
    dated = calls[calls["deadline"].notna()]
    assert sorted(y.split(" · ")[0] for trace in timeline for y in trace.y) == sorted(dated["call_id"])
    eligible = table_with(at, "ID candidatura", "Titolo del bando")
    assert sorted(eligible["ID candidatura"]) == sorted(apps.loc[apps["effective"] == "Ammessa non finanziata",
                                                                 "request_id"])


def test_calls_page_on_the_demo(demo_db):
    at = run_app(demo_db, "bandi")
    assert not at.exception
    assert [t.value for t in at.title] == ["Bandi ed esiti"]
    check_calls_page(at, stored(demo_db))
    assert "Ammesse ma non finanziate: possibili scorrimenti" in texts(at)
    assert "scorre" in texts(at)                                  # the explanation of the scorrimento


def test_calls_page_with_a_mission_filter(demo_db):
    at = run_app(demo_db, "bandi", state={"missione": ["M5"]})
    assert not at.exception
    check_calls_page(at, stored(demo_db), missions=["M5"])


def test_calls_page_filter_matching_nothing(demo_db):
    at = run_app(demo_db, "bandi", state=EMPTY_FILTER)
    assert not at.exception
    assert NO_MATCH in texts(at)
    assert not at.get("plotly_chart") and not at.dataframe


def test_calls_page_in_english(demo_db):
    at = run_app(demo_db, "bandi", lang="en")
    assert not at.exception
    assert [t.value for t in at.title] == ["Calls and outcomes"]
    assert {"Calls", "Open calls", "Applications"} <= set(metrics(at))
    figs = figures(at)
    assert set(figs) == {"Calls: from publication to deadline", "From submission to funding", "Decisions over time"}
    assert all(fig.layout.font.size == 14 for fig in figs.values())          # large type is the presenter's
    assert list(figs["From submission to funding"].data[0].y) == ["Submitted", "Reviewed or decided", "Admitted",
                                                                 "Financed"]
    assert "Admitted but not financed: may still be funded" in texts(at)
    assert "ID bando" not in table_with(at, "Call ID", "Allocation").columns


def test_calls_page_on_an_empty_database(empty_db):
    at = run_app(empty_db, "bandi", demo=False)
    assert not at.exception
    assert NO_DATA in texts(at)
    assert not at.metric and not at.get("plotly_chart")


# --- Scheda progetto ---------------------------------------------------------------------------------------------

def test_the_link_opens_the_card(demo_db):
    at = run_app(demo_db, "scheda", params={"progetto": "NGP-07"})
    assert not at.exception
    tables = stored(demo_db)
    card = tables["projects"].set_index("project_id").loc["NGP-07"]
    assert at.selectbox(key="progetto").value == "NGP-07"
    assert md_plain(f"NGP-07 · {card['title']}") in [s.value for s in at.subheader]
    assert [t.value for t in at.text] == [card["description"]]          # plain text, not Markdown
    apps = applications(tables)
    own = apps[apps["project_id"] == "NGP-07"]
    shown = table_with(at, "ID candidatura", "Esito", "Titolo del bando")
    assert sorted(shown["ID candidatura"]) == sorted(own["request_id"])
    assert dict(zip(shown["ID candidatura"], shown["Esito"], strict=True)) == dict(
        zip(own["request_id"], own["effective"], strict=True))
    financed = own["effective"].isin(OUTCOME_GROUPS["financed"])
    assert metrics(at)["Richiesto"] == fmt_eur_short(own["amount_requested"].sum())
    assert metrics(at)["Concesso"] == fmt_eur_short(own.loc[financed, "amount_granted"].sum())
    assert metrics(at)["Budget totale"] == fmt_eur_short(card["budget_total"])
    partners = tables["project_partners"]
    expected = set(partners.loc[partners["project_id"] == "NGP-07", "partner_id"]) | {card["lead_partner"]}
    assert set(table_with(at, "Nome", "Ruolo")["ID partner"]) == expected
    assert "Cronologia delle candidature" in figures(at)


def test_without_a_link_the_first_card_is_shown(demo_db):
    at = run_app(demo_db, "scheda")
    assert not at.exception
    first = sorted(stored(demo_db)["projects"]["project_id"])[0]
    assert at.selectbox(key="progetto").value is None          # nothing picked: the first card, not in the URL
    assert at.selectbox(key="progetto").placeholder == first
    assert any(h.value.replace("\\", "").startswith(f"{first} · ") for h in at.subheader)
    assert at.selectbox(key="progetto").options == sorted(stored(demo_db)["projects"]["project_id"])


def test_an_unknown_card_says_so(demo_db):
    at = run_app(demo_db, "scheda", params={"progetto": "NGP-99"})
    assert not at.exception
    assert any("NGP\\-99" in w.value and "non esiste" in w.value for w in at.warning)


def test_the_card_list_honours_the_filters_but_keeps_the_linked_card(demo_db):
    projects = stored(demo_db)["projects"]
    m5 = sorted(projects.loc[projects["mission"] == "M5", "project_id"])
    at = run_app(demo_db, "scheda", state={"missione": ["M5"]})
    assert not at.exception
    assert at.selectbox(key="progetto").options == m5
    linked = run_app(demo_db, "scheda", state={"missione": ["M5"]}, params={"progetto": "NGP-07"})
    assert not linked.exception
    assert linked.selectbox(key="progetto").value == "NGP-07"
    assert linked.selectbox(key="progetto").options == sorted([*m5, "NGP-07"])
    assert "Questa scheda non rientra nei filtri attivi." in texts(linked)


def test_card_page_filter_matching_nothing_and_empty_database(demo_db, empty_db):
    at = run_app(demo_db, "scheda", state=EMPTY_FILTER)
    assert not at.exception and NO_MATCH in texts(at)
    empty = run_app(empty_db, "scheda", demo=False)
    assert not empty.exception and NO_DATA in texts(empty)
    assert not empty.selectbox


def test_card_page_in_english(demo_db):
    at = run_app(demo_db, "scheda", lang="en", params={"progetto": "NGP-07"})
    assert not at.exception
    assert figures(at)["Application timeline"].layout.font.size == 14
    assert [t.value for t in at.title] == ["Project card"]
    body = texts(at)
    assert "Mission: **M2 · Green revolution and ecological transition**" in body
    assert "State: **Not started**" in body
    assert "Applications and outcomes" in body
    assert "Outcome" in table_with(at, "Application ID", "Call title").columns


def test_user_text_on_the_card_stays_plain(tmp_path):
    """A title and description written to look like Markdown/HTML are shown literally, never rendered."""
    frames = demo_frames()
    projects = frames["projects"].copy()
    hostile_title = "![x](https://evil.example/x.png) **Hub** <img src=x onerror=alert(1)>"
    hostile_text = "[clic](https://evil.example) www.evil.example <script>alert(1)</script>"
    projects.loc[projects["project_id"] == "NGP-01", ["title", "description"]] = [hostile_title, hostile_text]
    frames["projects"] = projects
    db = tmp_path / "hostile.duckdb"
    store = Store(db)
    store.commit(frames, comment="titoli ostili")
    store.close()
    at = run_app(db, "scheda", params={"progetto": "NGP-01"}, demo=False)
    assert not at.exception
    heading = [s.value for s in at.subheader if "evil" in s.value]
    assert heading == [md_plain(f"NGP-01 · {hostile_title}")]
    assert "](" not in heading[0].replace("\\](", "").replace("\\]\\(", "")
    assert [t.value for t in at.text] == [hostile_text]
    markdown = "\n".join(m.value for m in at.markdown)
    assert "evil" not in markdown                                     # nowhere else as Markdown


# --- Novità ------------------------------------------------------------------------------------------------------

def expected_diff(db, old, new):
    store = Store(db)
    try:
        return store.diff(old, new), store.tables(old), store.tables(new)
    finally:
        store.close()


def granted_total(tables) -> float:
    apps = applications(tables)
    return float(apps.loc[apps["effective"].isin(OUTCOME_GROUPS["financed"]), "amount_granted"].sum())


def outcome_changes(d) -> int:
    out, req = d["outcomes"], d["requests"]
    changed = set(out.changed.loc[out.changed["column"] == "outcome", "request_id"])
    recorded = set(out.added["request_id"]) - set(req.added["request_id"])
    dropped = set(out.removed["request_id"]) - set(req.removed["request_id"])
    return len(changed | recorded | dropped)


def summary_line(at) -> str:
    lines = [i.value for i in at.info]
    assert len(lines) == 1, lines
    return lines[0].replace("\u00a0", " ")


def test_changes_since_the_previous_upload(demo_db):
    """One click from the default (since the last meeting: tests/test_pages_meetings.py)."""
    at = run_app(demo_db, "novita", state=OPEN_CHANGES)
    at.segmented_control(key="novita_confronto").set_value("previous").run()
    assert not at.exception
    store = Store(demo_db)
    ids, active = [v.version_id for v in store.versions()], store.active_version()
    store.close()
    previous = ids[ids.index(active) - 1]
    assert (previous, active) == (2, 3)
    assert "novita_da" not in [s.key for s in at.selectbox]              # the pickers: "Scegli le versioni"
    d, old, new = expected_diff(demo_db, previous, active)
    line = summary_line(at)
    assert f"{len(d['requests'].added)} nuove candidature" in line
    assert f"{outcome_changes(d)} esiti cambiati" in line
    assert f"{len(d['calls'].added)} nuovi bandi" in line
    requested = new["requests"]["amount_requested"].sum() - old["requests"]["amount_requested"].sum()
    assert f"importi richiesti +{fmt_eur_short(requested)}" in line
    assert "importi concessi" not in line or granted_total(new) != granted_total(old)
    added = table_with(at, "ID candidatura", "Importo richiesto", without="Colonna")
    assert sorted(added["ID candidatura"]) == sorted(d["requests"].added["request_id"])
    changed = [t.value for t in at.dataframe if {"ID candidatura", "Colonna"} <= set(t.value.columns)]
    assert sum(map(len, changed)) == len(d["requests"].changed) + len(d["outcomes"].changed)
    assert "Dalla versione 2 del 28/09/2026 alla versione 3 del 20/11/2026." in texts(at)


def test_changes_between_chosen_versions(demo_db):
    at = run_app(demo_db, "novita")
    at.segmented_control(key="novita_confronto").set_value("chosen").run()
    assert (at.selectbox(key="novita_da").value, at.selectbox(key="novita_a").value) == (2, 3)
    at.selectbox(key="novita_da").set_value(1).run()
    assert not at.exception
    d, old, new = expected_diff(demo_db, 1, 3)
    line = summary_line(at)
    assert f"{len(d['requests'].added)} nuove candidature" in line
    assert f"{outcome_changes(d)} esiti cambiati" in line
    delta = granted_total(new) - granted_total(old)
    assert delta < 0 and f"importi concessi −{fmt_eur_short(-delta)}" in line
    at.selectbox(key="novita_a").set_value(1).run()
    assert "Scegli due versioni diverse da confrontare." in texts(at)


def test_changes_with_a_mission_filter(demo_db):
    at = run_app(demo_db, "novita", state={"missione": ["M5"], **OPEN_CHANGES})
    assert not at.exception
    d, old, new = expected_diff(demo_db, 1, 3)                   # since the demo's meeting (version 1)
    cards = set(pd.concat([old["projects"], new["projects"]]).query("mission == 'M5'")["project_id"])
    added = d["requests"].added
    expected = sorted(added.loc[added["project_id"].isin(cards), "request_id"])
    assert expected and len(expected) < len(added)
    shown = table_with(at, "ID candidatura", "Importo richiesto", without="Colonna")
    assert sorted(shown["ID candidatura"]) == expected
    assert f"{len(expected)} nuove candidature" in summary_line(at)
    assert "solo le modifiche che riguardano le schede e le candidature filtrate" in texts(at)


def test_changes_filter_matching_nothing_and_empty_database(demo_db, empty_db):
    at = run_app(demo_db, "novita", state=EMPTY_FILTER)
    assert not at.exception and NO_MATCH in texts(at)
    empty = run_app(empty_db, "novita", demo=False)
    assert not empty.exception and NO_DATA in texts(empty)


def test_changes_with_a_single_version(tmp_path):
    db = tmp_path / "one.duckdb"
    store = Store(db)
    store.commit(demo_frames(), comment="unica")
    store.close()
    at = run_app(db, "novita", demo=False)
    assert not at.exception
    assert "C'è una sola versione dei dati" in texts(at)
    assert not at.selectbox


def test_changes_in_english(demo_db):
    at = run_app(demo_db, "novita", lang="en", state=OPEN_CHANGES)
    assert not at.exception
    assert [t.value for t in at.title] == ["What changed"]
    d, _, _ = expected_diff(demo_db, 1, 3)                       # since the demo's meeting (version 1)
    assert f"{len(d['requests'].added)} new applications" in summary_line(at)
    assert {"Application ID", "Amount requested"} <= set(table_with(at, "Application ID", "Amount requested",
                                                                    without="Column").columns)


def test_changes_lead_with_one_sentence_per_change_and_fold_the_tables(demo_db):
    """Issue 17, item 16: a sentence per change (names, not codes), then the tables, folded."""
    at = run_app(demo_db, "novita")
    at.segmented_control(key="novita_confronto").set_value("previous").run()
    d, old, new = expected_diff(demo_db, 2, 3)
    titles = dict(zip(new["projects"]["project_id"], new["projects"]["title"], strict=True))
    card_of = dict(zip(new["requests"]["request_id"], new["requests"]["project_id"], strict=True))
    said = next(m.value for m in at.markdown if m.value.startswith("- "))
    sentences = said.split("\n")
    n_changes = sum(len(x.added) + len(x.removed) + x.n_changed_rows for x in d.values())
    assert len(sentences) == min(n_changes, 30)
    for rid in d["requests"].added["request_id"][:3]:                # a new application: its card by name
        pid = card_of[rid]
        assert any(s.startswith("- " + md_plain(f"{pid} · {titles[pid]}: nuova candidatura {rid} al bando"))
                   for s in sentences), rid
    assert [e.label.split(" · ")[0] for e in at.expander][:2] == ["Candidature", "Esiti"]
    assert all(e.proto.expanded is False for e in at.expander)
    assert not at.dataframe                          # folded tables are not drawn (nor paid for) until opened
    at.session_state["novita_apri_requests"] = True                  # what opening "Candidature" does
    at.run()
    assert [e.proto.expanded for e in at.expander][:2] == [True, False]
    added = table_with(at, "ID candidatura", "Importo richiesto", without="Colonna")
    assert sorted(added["ID candidatura"]) == sorted(d["requests"].added["request_id"])
    assert not [t for t in at.dataframe if "Esito" in t.value.columns]        # Esiti is still folded
