"""The presenter (views/presentazione.py, ui/presenter.py) with AppTest: every screen in Italian and English,
the filters and the data on every screen, the buttons, the screen in the URL, the old ?riunione=true link."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ngp_data.labels import md_plain, t
from ngp_data.store import Store
from ngp_data.store.meetings import delete_meeting, meetings, record_meeting
from tests.apptest_helpers import TODAY, run_app, texts
from tests.store_helpers import copy_of, demo_database
from ui.screens import SCREENS

TITLES = {s.slug: s.title_key for s in SCREENS}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    return demo_database(tmp_path_factory.mktemp("pres_demo"))


@pytest.fixture(scope="module")
def demo_db(pristine, tmp_path_factory):
    return copy_of(pristine, tmp_path_factory.mktemp("pres_run"))


@pytest.fixture(scope="module")
def demo_facts(pristine, tmp_path_factory):
    """What the screens must show, read from the tables themselves (not from the queries the screens use)."""
    store = Store(copy_of(pristine, tmp_path_factory.mktemp("pres_facts")))
    projects, calls = store.table("projects"), store.table("calls")
    versions = [v.version_id for v in store.versions()]
    on_record = meetings(store)                     # the demo's meeting, newest first
    store.close()
    today = dt.date.fromisoformat(TODAY)
    deadline = calls["deadline"].map(lambda d: d if isinstance(d, dt.date) else d.date() if d == d else None)
    soon = calls[[d is not None and today <= d <= today + dt.timedelta(days=60) for d in deadline]]
    return {"n_cards": len(projects), "soon": sorted(soon["call_id"]), "versions": versions,
            "m2_cards": int((projects["mission"] == "M2").sum()), "meeting": on_record[0] if on_record else None}


def htmls(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def screen_title(at) -> str:
    found = re.search(r'data-testid="ngp-pres-title">([^<]*)<', htmls(at))
    return found.group(1) if found else ""


def go(at, n: int):
    at.query_params["schermo"] = str(n)
    return at.run()


@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_screen_draws_its_title_counter_and_frame(demo_db, demo_facts, lang):
    at = run_app(demo_db, "presentazione", lang=lang)
    total = len(SCREENS)
    for n, screen in enumerate(SCREENS, start=1):
        go(at, n)
        assert not at.exception, screen.slug
        assert screen_title(at) == t(screen.title_key, lang).replace("'", "&#x27;"), screen.slug
        body = htmls(at)
        assert f"{n} / {total}" in body
        version = demo_facts["versions"][-1]
        assert (f"Dati: versione {version} del" if lang == "it" else f"Data: version {version} of") in body
        assert t("pres_no_filters", lang) in body
    # the buttons, in the language: Indietro/Avanti/Esci
    labels = {b.proto.label for b in at.button}
    assert {t("pres_prev", lang), t("pres_next", lang)} <= labels


def test_kpis_deadlines_and_changes_screens(demo_db, demo_facts):
    at = run_app(demo_db, "presentazione")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Schede"] == str(demo_facts["n_cards"])
    go(at, [s.slug for s in SCREENS].index("scadenze") + 1)
    body = htmls(at)
    assert demo_facts["soon"] and all(f">{call}<" in body for call in demo_facts["soon"])
    go(at, [s.slug for s in SCREENS].index("novita") + 1)
    meeting = demo_facts["meeting"]                         # the demo's meeting: from its version to the active
    assert meeting is not None
    title = md_plain(meeting.title)
    assert (f"Dalla riunione del {meeting.held_on:%d/%m/%Y} («{title}», versione {meeting.version_id}) "
            f"alla versione {demo_facts['versions'][-1]} del") in texts(at)


def test_the_changes_screen_without_a_meeting_compares_the_previous_version(pristine, tmp_path):
    db = copy_of(pristine, tmp_path)
    store = Store(db)
    for m in meetings(store):
        delete_meeting(store, m.meeting_id, author="locale")
    versions = [v.version_id for v in store.versions()]
    store.close()
    at = run_app(db, "presentazione", params={"schermo": [s.slug for s in SCREENS].index("novita") + 1})
    assert not at.exception
    old, new = versions[-2:]
    assert f"Nessuna riunione registrata: confronto con la versione precedente, dalla {old}" in texts(at)
    assert f"alla {new} del" in texts(at)


def test_a_new_meeting_moves_the_start_of_the_changes(pristine, tmp_path):
    db = copy_of(pristine, tmp_path)
    store = Store(db)
    active = store.active_version()
    record_meeting(store, held_on=dt.date(2026, 11, 21), title="Tavolo di novembre", author="locale",
                   version_id=active, today=dt.date.fromisoformat(TODAY))
    store.close()
    at = run_app(db, "presentazione", params={"schermo": [s.slug for s in SCREENS].index("novita") + 1})
    assert not at.exception
    assert f"Nessun dato nuovo dalla riunione del 21/11/2026: si mostra ancora la versione {active}." in texts(at)


def test_buttons_move_and_the_screen_lives_in_the_url(demo_db):
    at = run_app(demo_db, "presentazione", params={"schermo": "3"})
    assert screen_title(at) == t(SCREENS[2].title_key)
    at.button(key="pres_next").click().run()
    assert at.query_params["schermo"] == "4"
    assert screen_title(at) == t(SCREENS[3].title_key)
    at.button(key="pres_page_up").click().run()            # the clicker's key
    at.button(key="pres_prev").click().run()
    assert at.query_params["schermo"] == "2"
    go(at, 99)                                              # out of range: the last screen, never an error
    assert not at.exception and screen_title(at) == t("pres_s_end")
    assert at.button(key="pres_next").proto.disabled
    go(at, "due")
    assert not at.exception and screen_title(at) == t(SCREENS[0].title_key)


def test_a_filtered_view_says_its_filters_on_every_screen(demo_db, demo_facts):
    at = run_app(demo_db, "presentazione", state={"missione": ["M2"]})
    assert "Filtri: Missione M2 · Rivoluzione verde" in htmls(at)
    assert {m.label: m.value for m in at.metric}["Schede"] == str(demo_facts["m2_cards"])
    go(at, 2)
    assert "Filtri: Missione M2" in htmls(at)


def test_an_old_meeting_link_opens_the_presenter(demo_db):
    at = run_app(demo_db, params={"riunione": "true"}, lang="en")
    assert not at.exception
    assert screen_title(at) == "The portfolio in figures"
    assert "1 / " in htmls(at)
    at.button(key="pres_exit").click().run()              # Esci: back to the normal page
    assert "riunione" not in at.query_params
    assert [x.value for x in at.title] == ["Overview"]


def test_the_sidebar_offers_the_presenter(demo_db):
    at = run_app(demo_db)
    links = [p.proto.label for p in at.get("page_link")]
    assert "Presenta alla riunione" in links
    assert not at.get("toggle")                             # the old meeting-mode switch is gone
