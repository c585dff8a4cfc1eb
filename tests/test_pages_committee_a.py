"""Missioni, Partner and Budget pages through AppTest, on the demo and on an empty database.

Every figure checked here is recomputed in the test with pandas over the stored tables
(``Store(db).tables()``), never by calling the query that feeds the page.
"""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pandas as pd
import pytest

from ngp_data.demo import demo_frames
from ngp_data.formats import fmt_eur, fmt_eur_short, fmt_number
from ngp_data.labels import value_label
from ngp_data.schema import OUTCOME_GROUPS
from ngp_data.store import Store
from tests.apptest_helpers import run_app, table_with, texts

NO_DATA = "Non ci sono ancora dati: carica un file nella pagina Dati."
NO_MATCH = "Nessun dato corrisponde ai filtri scelti."
NOTHING = {"missione": ["M3"], "esito": ["Revocata"]}          # no card of M3 has a revoked application


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("committee_a") / "demo.duckdb"
    run_app(db)                                                 # the first start loads the demo
    return db


@pytest.fixture(scope="session")
def tables(demo_db) -> dict[str, pd.DataFrame]:
    store = Store(demo_db)
    try:
        return store.tables()
    finally:
        store.close()


# --- reading what the page drew -----------------------------------------------------------------------

def _plain(value):
    """Plotly's JSON keeps numeric arrays as base64 typed arrays; give them back as lists."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        if "shape" in value:                                   # "24, 6" for a 2-d array
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return array.tolist()
    return value


def figures(at) -> dict[str, dict]:
    """The page's Plotly figures by title, with data arrays as plain lists."""
    out = {}
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        for trace in spec["data"]:
            for key in ("x", "y", "z", "values", "base", "customdata"):
                if key in trace:
                    trace[key] = _plain(trace[key])
        out[spec["layout"]["title"]["text"]] = spec
    return out


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def metric_help(at, label: str) -> str:
    return next(m.proto.help for m in at.metric if m.label == label)


# --- the same figures, recomputed by hand -------------------------------------------------------------

def cards_of(tables, missions=None) -> pd.DataFrame:
    projects = tables["projects"]
    return projects[projects["mission"].isin(missions)] if missions else projects


def financed_requests(tables, project_ids) -> pd.DataFrame:
    """Applications of those cards whose outcome is in the financed group (granted = their grant)."""
    merged = tables["requests"].merge(tables["outcomes"], on="request_id", how="left")
    merged = merged[merged["project_id"].isin(project_ids)]
    return merged[merged["outcome"].isin(OUTCOME_GROUPS["financed"])]


def funding(tables, missions=None) -> dict[str, float]:
    """Budget, granted, co-financing and gap over the cards with a known budget; cards without one."""
    cards = cards_of(tables, missions)
    known = cards[cards["budget_total"].notna()]
    fin = financed_requests(tables, known["project_id"])
    granted = float(fin["amount_granted"].fillna(0).sum())
    cofin = float(fin["cofinancing"].fillna(0).sum())
    budget = float(known["budget_total"].sum())
    return {"budget": budget, "granted": granted, "cofinancing": cofin, "gap": budget - granted - cofin,
            "n_unknown": int(cards["budget_total"].isna().sum())}


def involvement(tables) -> pd.DataFrame:
    """(partner, card) pairs: lead partner, listed partner or applicant."""
    pairs = pd.concat([
        tables["projects"][["project_id", "lead_partner"]].rename(columns={"lead_partner": "partner_id"}),
        tables["project_partners"][["project_id", "partner_id"]],
        tables["requests"][["project_id", "applicant"]].rename(columns={"applicant": "partner_id"}),
    ]).drop_duplicates()
    return pairs.merge(tables["projects"][["project_id", "mission"]], on="project_id")


# --- Missioni ------------------------------------------------------------------------------------------

def test_missions_on_the_demo(demo_db, tables):
    at = run_app(demo_db, page="missioni")
    assert not at.exception
    assert [t.value for t in at.title] == ["Missioni"]
    cards = cards_of(tables)
    shown = metrics(at)
    assert shown["Schede"] == fmt_number(len(cards))
    assert shown["Budget totale"] == fmt_eur_short(cards["budget_total"].sum())
    figs = figures(at)
    assert set(figs) == {"Budget, richiesto e concesso per missione", "Budget, richiesto e concesso per componente",
                         "Missione → componente → scheda (budget)", "Concesso ed erogato per missione",
                         "Target raggiunti e non raggiunti per missione"}
    by_mission = figs["Budget, richiesto e concesso per missione"]
    budget_trace = next(tr for tr in by_mission["data"] if tr["name"] == "Budget")
    want = cards.groupby("mission")["budget_total"].sum()
    assert budget_trace["x"] == list(want.index)
    assert budget_trace["y"] == pytest.approx(want.tolist())
    granted_trace = next(tr for tr in by_mission["data"] if tr["name"] == "Concesso")
    fin = financed_requests(tables, cards["project_id"]).merge(cards[["project_id", "mission"]], on="project_id")
    assert granted_trace["y"] == pytest.approx(
        fin.groupby("mission")["amount_granted"].sum().reindex(want.index, fill_value=0).tolist())
    # the treemap: a mission's box is the sum of its cards' known budgets
    tree = figs["Missione → componente → scheda (budget)"]["data"][0]
    boxes = dict(zip(tree["ids"], tree["values"], strict=True))
    assert {m: boxes[m] for m in want.index if want[m] > 0} == pytest.approx(want[want > 0].to_dict())
    # the cards table: every card, its budget
    table = table_with(at, "ID progetto")
    assert list(table["ID progetto"]) == sorted(cards["project_id"])
    assert table.set_index("ID progetto")["Budget totale"].to_dict() == pytest.approx(
        cards.set_index("project_id")["budget_total"].to_dict(), nan_ok=True)
    assert "Tutte le schede" in texts(at)
    n_unknown = int(cards["budget_total"].isna().sum())
    if n_unknown:
        assert f"Schede senza budget, che non compaiono nella mappa: {n_unknown}." in texts(at)


def test_missions_filtered_to_m2(demo_db, tables):
    at = run_app(demo_db, page="missioni", state={"missione": ["M2"]})
    assert not at.exception
    m2 = cards_of(tables, ["M2"])
    shown = metrics(at)
    assert shown["Schede"] == fmt_number(len(m2))
    assert shown["Budget totale"] == fmt_eur_short(m2["budget_total"].sum())
    figs = figures(at)
    budget_trace = figs["Budget, richiesto e concesso per missione"]["data"][0]
    assert budget_trace["x"] == ["M2"] and budget_trace["y"] == pytest.approx([m2["budget_total"].sum()])
    by_component = figs["Budget, richiesto e concesso per componente"]["data"][0]
    codes = [label.split(" · ")[0] if label != "M2 · n.d." else label for label in by_component["y"]]
    assert sorted(codes) == sorted(m2["component"].fillna("M2 · n.d.").unique())
    assert sum(by_component["x"]) == pytest.approx(m2["budget_total"].sum())
    assert set(table_with(at, "ID progetto")["ID progetto"]) == set(m2["project_id"])
    by_mission = table_with(at, "Candidature")
    assert list(by_mission["Missione"]) == ["M2 · Rivoluzione verde e transizione ecologica"]
    assert by_mission["Budget"].tolist() == pytest.approx([m2["budget_total"].sum()])
    assert "Le schede delle missioni selezionate" in texts(at)


def test_missions_in_english(demo_db, tables):
    at = run_app(demo_db, page="missioni", lang="en", state={"missione": ["M5"]})
    assert not at.exception
    assert [t.value for t in at.title] == ["Missions"]
    m5 = cards_of(tables, ["M5"])
    assert metrics(at)["Total budget"] == fmt_eur_short(m5["budget_total"].sum(), "en")
    assert "By mission" in texts(at) and "Cards of the selected missions" in texts(at)
    assert "Budget, requested and granted by mission" in figures(at)
    table = table_with(at, "Project ID")
    assert {"Title", "Mission", "State", "Lead partner", "Granted"} <= set(table.columns)
    assert set(table["State"]) == {value_label(s, "en") for s in m5["state"]}     # closed lists translated
    assert set(table["State"]) != set(m5["state"])


# --- Partner ------------------------------------------------------------------------------------------

def test_partners_on_the_demo(demo_db, tables):
    at = run_app(demo_db, page="partner")
    assert not at.exception
    partners = tables["partners"]
    signatories = partners[partners["signatory"].eq(True)]
    others = partners[~partners["signatory"].eq(True)]
    shown = metrics(at)
    assert shown["Partner"] == fmt_number(len(partners))
    assert shown["Firmatari del protocollo"] == fmt_number(len(signatories))
    assert [tab.label for tab in at.tabs] == [f"Firmatari del protocollo ({len(signatories)})",
                                              f"Altri attori ({len(others)})"]
    first, second = (d.value for d in at.dataframe)
    assert set(first["Nome"]) == set(signatories["name"])
    assert set(second["Nome"]) == set(others["name"])
    # cards led, from the projects table
    both = pd.concat([first, second]).set_index("Nome")
    led = tables["projects"]["lead_partner"].value_counts()
    names = partners.set_index("partner_id")["name"]
    for partner_id, n in led.items():
        assert both.loc[names[partner_id], "Schede da capofila"] == n
    # the heatmap counts every (partner, card) involvement once
    figs = figures(at)
    heat = figs["Schede per partner e missione"]["data"][0]
    assert int(np.sum(heat["z"])) == len(involvement(tables))
    money = figs["Richiesto e concesso per partner"]["data"]          # one panel or two: every requested bar
    requested = tables["requests"].groupby("applicant")["amount_requested"].sum()
    assert sum(sum(tr["x"]) for tr in money if tr["name"] == "Richiesto") == pytest.approx(requested.nlargest(15).sum())


def test_partners_filtered_to_one_partner(demo_db, tables):
    partners = tables["partners"].set_index("partner_id")
    at = run_app(demo_db, page="partner", state={"partner": ["ALIA"]})
    assert not at.exception
    assert not partners.loc["ALIA", "signatory"]
    shown = metrics(at)
    assert shown["Partner"] == "1" and shown["Firmatari del protocollo"] == "0"
    assert [tab.label for tab in at.tabs] == ["Firmatari del protocollo (0)", "Altri attori (1)"]
    assert "Nessun partner in questo gruppo." in texts(at)
    assert list(at.dataframe[0].value["Nome"]) == [partners.loc["ALIA", "name"]]
    heat = figures(at)["Schede per partner e missione"]["data"][0]
    pairs = involvement(tables)
    assert heat["y"] == [partners.loc["ALIA", "name"]]
    assert int(np.sum(heat["z"])) == int((pairs["partner_id"] == "ALIA").sum())


def test_partners_filtered_by_mission_and_in_english(demo_db, tables):
    at = run_app(demo_db, page="partner", lang="en", state={"missione": ["M6"]})
    assert not at.exception
    assert [t.value for t in at.title] == ["Partners"]
    signatories = int(tables["partners"]["signatory"].eq(True).sum())
    assert at.tabs[0].label == f"Protocol signatories ({signatories})"
    assert at.tabs[1].label.startswith("Other actors")
    pairs = involvement(tables)
    m6 = pairs[pairs["mission"] == "M6"]
    heat = figures(at)["Cards by partner and mission"]["data"][0]
    assert heat["x"] == ["M6"] and int(np.sum(heat["z"])) == len(m6)
    assert "Protocol signatories" in metrics(at)


# --- Budget -------------------------------------------------------------------------------------------

def test_budget_on_the_demo(demo_db, tables):
    at = run_app(demo_db, page="budget")
    assert not at.exception
    want = funding(tables)
    shown = metrics(at)
    assert shown["Budget totale"] == fmt_eur_short(want["budget"])
    assert shown["Concesso"] == fmt_eur_short(want["granted"])
    assert shown["Cofinanziamento"] == fmt_eur_short(want["cofinancing"])
    assert shown["Da coprire"] == fmt_eur_short(want["gap"])
    assert fmt_eur(want["gap"]) in metric_help(at, "Da coprire")
    assert shown["Senza budget"] == fmt_number(want["n_unknown"])
    figs = figures(at)
    steps = figs["Copertura del budget"]["data"][0]
    assert steps["y"] == pytest.approx([want["budget"], want["granted"], want["cofinancing"], want["gap"]])
    where = {tr["name"]: tr for tr in figs["Dove sono i soldi: il budget di ogni missione"]["data"]}
    assert sum(where["Budget"]["x"]) == pytest.approx(want["budget"])
    assert sum(where["Concesso"]["x"]) == pytest.approx(want["granted"])
    # per card: the gap column, card by card
    table = table_with(at, "Da coprire").set_index("ID progetto")
    cards = cards_of(tables).set_index("project_id")
    fin = financed_requests(tables, cards.index)
    secured = fin.groupby("project_id")[["amount_granted", "cofinancing"]].sum().sum(axis=1)
    gap = cards["budget_total"] - secured.reindex(cards.index).fillna(0)
    assert table["Da coprire"].to_dict() == pytest.approx(gap.to_dict(), nan_ok=True)
    assert table["Da coprire"].sum() == pytest.approx(want["gap"])


def test_budget_filtered_to_m2_and_in_english(demo_db, tables):
    at = run_app(demo_db, page="budget", lang="en", state={"missione": ["M2"]})
    assert not at.exception
    assert [t.value for t in at.title] == ["Budget"]
    want = funding(tables, ["M2"])
    shown = metrics(at)
    assert shown["Still to fund"] == fmt_eur_short(want["gap"], "en")
    assert shown["Total budget"] == fmt_eur_short(want["budget"], "en")
    assert shown["No budget"] == fmt_number(want["n_unknown"], "en")
    figs = figures(at)
    assert "Where the money sits: each mission's budget" in figs
    steps = figs["Budget coverage"]["data"][0]
    assert steps["x"] == ["Budget", "Granted", "Co-financing", "Still<br>to fund"]
    assert steps["y"][-1] == pytest.approx(want["gap"])
    assert set(table_with(at, "Still to fund")["Project ID"]) == set(cards_of(tables, ["M2"])["project_id"])


# --- every page: nothing matching, no data, user text --------------------------------------

PAGES = ["missioni", "partner", "budget"]


@pytest.mark.parametrize("page", PAGES)
def test_a_filter_matching_nothing_says_so(demo_db, page):
    at = run_app(demo_db, page=page, state=NOTHING)
    assert not at.exception
    assert NO_MATCH in texts(at)
    assert not at.get("plotly_chart") and not at.dataframe


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang, message", [("it", NO_DATA), ("en", "There is no data yet")])
def test_empty_database_says_there_is_no_data(tmp_path, page, lang, message):
    at = run_app(tmp_path / "empty.duckdb", page=page, lang=lang, demo=False)
    assert not at.exception
    assert message in texts(at)
    assert not at.get("plotly_chart") and not at.dataframe and not at.metric


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """The demo with a partner name and a card title that would be a link and bold as Markdown."""
    frames = demo_frames()
    frames["partners"].loc[frames["partners"]["partner_id"] == "ALIA", "name"] = "[Alia](http://x.example) **spa**"
    frames["projects"].loc[frames["projects"]["project_id"] == "NGP-01", "title"] = "<b>Textile</b> *Hub*"
    db = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    store = Store(db)
    try:
        store.commit(frames, comment="testo ostile")
    finally:
        store.close()
    return db


@pytest.mark.parametrize("page", PAGES)
def test_user_text_is_never_markdown(hostile_db, page):
    at = run_app(hostile_db, page=page, demo=False)
    assert not at.exception
    written = texts(at) + "".join(str(t.label) for t in at.tabs)
    assert "http://x.example" not in written and "Textile" not in written
    shown = pd.concat([d.value.astype(str) for d in at.dataframe]).to_string()
    charts = "".join(json.dumps(json.loads(e.proto.spec), ensure_ascii=False) for e in at.get("plotly_chart"))
    if page == "partner":
        assert "[Alia](http://x.example) **spa**" in shown
        assert "[Alia](http://x.example) **spa**" in charts
    else:
        assert "<b>Textile</b> *Hub*" in shown
        assert "&lt;b&gt;Textile&lt;/b&gt; *Hub*" in charts.replace("<br>", " ") and "<b>Textile</b>" not in charts


@pytest.fixture(scope="module")
def no_budget_db(tmp_path_factory):
    """The demo with every budget left empty (not known, never 0)."""
    frames = demo_frames()
    frames["projects"]["budget_total"] = None
    db = tmp_path_factory.mktemp("no_budget") / "no_budget.duckdb"
    store = Store(db)
    try:
        store.commit(frames, comment="budget ignoti")
    finally:
        store.close()
    return db


def test_unknown_budgets_are_said_not_drawn_as_zero(no_budget_db):
    n_cards = len(demo_frames()["projects"])
    at = run_app(no_budget_db, page="missioni", demo=False)
    assert not at.exception
    assert "Nessuna delle schede mostrate ha un budget indicato: la mappa è vuota." in texts(at)
    assert "Missione → componente → scheda (budget)" not in figures(at)
    at = run_app(no_budget_db, page="budget", demo=False)
    assert not at.exception
    shown = metrics(at)
    assert shown["Senza budget"] == fmt_number(n_cards)
    assert shown["Budget totale"] == "n.d." and shown["Da coprire"] == "n.d."          # not known, not 0
    assert "Nessuna delle schede mostrate ha un budget indicato" in texts(at)
    assert set(figures(at)) == {"Budget, richiesto e concesso per scheda"}
    assert table_with(at, "Da coprire")["Da coprire"].isna().all()


def test_budget_covered_beyond_the_budget_is_good_news(demo_db, tables):
    """M5 cards led or joined by the Comune (#17 item 11): more secured than budgeted. The KPI and the chart
    say "Coperto oltre il budget" with a positive amount, not a red negative "Da coprire"."""
    mission_m5 = cards_of(tables, ["M5"])
    comune_cards = set(tables["project_partners"].query("partner_id == 'COMUNE-PO'")["project_id"]) | set(
        tables["projects"].query("lead_partner == 'COMUNE-PO'")["project_id"]) | set(
        tables["requests"].query("applicant == 'COMUNE-PO'")["project_id"])
    known = mission_m5[mission_m5["budget_total"].notna() & mission_m5["project_id"].isin(comune_cards)]
    fin = financed_requests(tables, known["project_id"])
    over = float(fin["amount_granted"].fillna(0).sum() + fin["cofinancing"].fillna(0).sum()
                 - known["budget_total"].sum())
    assert over > 0, "the demo no longer over-covers M5 for the Comune: pick another filter"
    at = run_app(demo_db, page="budget", state={"missione": ["M5"], "partner": ["COMUNE-PO"]})
    assert not at.exception
    shown = metrics(at)
    assert "Da coprire" not in shown
    assert shown["Oltre il budget"] == "+" + fmt_eur_short(over)
    steps = figures(at)["Copertura del budget"]["data"][0]
    assert steps["x"][-1] == "Coperto oltre<br>il budget" and steps["y"][-1] == pytest.approx(over)
    assert min(steps["y"]) >= 0


@pytest.mark.parametrize("page", ["missioni", "budget"])
def test_a_card_in_a_table_opens_its_scheda(demo_db, page):
    """Issue 17, item 10: the card's id is a link to its Scheda (its text the id); the export keeps the id."""
    at = run_app(demo_db, page)
    shown = next(d for d in at.dataframe if "ID progetto" in d.value.columns)
    assert all(re.fullmatch(r"/scheda\?progetto=NGP-\d\d", v) for v in shown.value["ID progetto"])
    config = json.loads(shown.proto.columns)["ID progetto"]["type_config"]
    assert config["type"] == "link"
    assert re.search(config["display_text"], "/scheda?progetto=NGP-05").group(1) == "NGP-05"
