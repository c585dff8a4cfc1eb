"""Meetings in the app (AppTest): Novità's default "since the last meeting" and its fallbacks, the Dati
page's "Riunioni" section (an editor records and removes one; a reader sees no form)."""

from __future__ import annotations

from datetime import date

import pytest

from ngp_data.formats import fmt_eur_short
from ngp_data.labels import md_plain
from ngp_data.store import Store
from ngp_data.store.meetings import delete_meeting, meetings, record_meeting
from tests.apptest_helpers import TODAY, run_app, texts
from tests.store_helpers import copy_of, demo_database

AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "test-cookie-secret-0123456789",
        "client_id": "ngp", "client_secret": "ngp-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
READER = {"is_logged_in": True, "email": "lettore@comune.prato.it"}
EVIL = "[clic](http://evil.example) <b>grassetto</b> **x**"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    return demo_database(tmp_path_factory.mktemp("meet_pages"))


@pytest.fixture
def db(pristine, tmp_path):
    return copy_of(pristine, tmp_path)


def changed(db, old: int, new: int) -> tuple[int, float]:
    """New applications and the change of the amount requested between two versions, from the store."""
    store = Store(db)
    try:
        d = store.diff(old, new)
        before, after = store.table("requests", old), store.table("requests", new)
    finally:
        store.close()
    return len(d["requests"].added), float(after["amount_requested"].sum() - before["amount_requested"].sum())


def meetings_shown(at):
    """The Riunioni table (AppTest does not expose a dataframe's key)."""
    [frame] = [df.value for df in at.dataframe if "Istantanea ufficiale" in df.value.columns]
    return frame


def caption_text(at) -> str:
    return "\n".join(c.value.replace("\\", "") for c in at.caption)


def test_novita_defaults_to_since_the_last_meeting(db):
    at = run_app(db, "novita")
    assert not at.exception
    assert at.segmented_control(key="novita_confronto").value == "meeting"
    assert ("Dalla riunione del 24/09/2026 «Tavolo di coordinamento 24/09/2026» (versione 1) alla versione "
            "attiva 3.") in caption_text(at)
    added, requested = changed(db, 1, 3)                       # the demo's meeting saw version 1 (May)
    [line] = [i.value.replace("\u00a0", " ") for i in at.info]
    assert f"{added} nuove candidature" in line and f"importi richiesti +{fmt_eur_short(requested)}" in line
    assert "novita_da" not in [s.key for s in at.selectbox]
    # the two other comparisons, one click away
    at.segmented_control(key="novita_confronto").set_value("previous").run()
    assert "Dalla versione 2 del 28/09/2026 alla versione 3 del 20/11/2026." in caption_text(at)
    assert f"{changed(db, 2, 3)[0]} nuove candidature" in at.info[0].value
    at.segmented_control(key="novita_confronto").set_value("chosen").run()
    assert (at.selectbox(key="novita_da").value, at.selectbox(key="novita_a").value) == (2, 3)


def test_novita_without_a_meeting_compares_with_the_previous_upload(db):
    store = Store(db)
    delete_meeting(store, 1, author="test")
    store.close()
    at = run_app(db, "novita")
    assert not at.exception
    assert ("Nessuna riunione registrata: confronto con il caricamento precedente. Dalla versione 2 del 28/09/2026 "
            "alla versione 3 del 20/11/2026.") in caption_text(at)
    assert f"{changed(db, 2, 3)[0]} nuove candidature" in at.info[0].value


def test_novita_when_nothing_changed_since_the_meeting(db):
    store = Store(db)
    record_meeting(store, held_on=date.fromisoformat(TODAY), title=EVIL, author="test",
                   today=date.fromisoformat(TODAY))
    store.close()
    at = run_app(db, "novita")
    assert not at.exception
    [said] = [s.value for s in at.success]
    assert said == (f"Nessuna modifica dall'ultima riunione del 23/11/2026 «{md_plain(EVIL)}»: la versione attiva 3 "
                    f"è quella mostrata quel giorno.")
    assert not at.info and not at.dataframe                    # nothing to list
    assert "](" not in said.replace("\\](", "").replace("\\]\\(", "")


def test_an_editor_records_and_removes_a_meeting_on_the_dati_page(db, loopback):
    at = run_app(db, "dati", secrets={"editors": []})
    assert not at.exception
    assert "Riunioni" in [s.value for s in at.subheader]
    assert at.text_input(key="meet_dati_title").value == "Tavolo di coordinamento 23/11/2026"
    assert at.date_input(key="meet_dati_date").value == date(2026, 11, 23)
    assert ("per una riunione di oggi, la versione 3 e l'istantanea ufficiale 1.") in caption_text(at)
    at.text_input(key="meet_dati_title").set_value("Tavolo di novembre")
    at.text_area(key="meet_dati_decisions").set_value("Rinviare il bando B-25.")
    next(b for b in at.button if b.label == "Registra la riunione").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Riunione del 23/11/2026 «Tavolo di novembre» registrata (versione dei dati 3, istantanea ufficiale 1)."]
    store = Store(db)
    try:
        new = meetings(store)[0]
        versions = len(store.versions())
    finally:
        store.close()
    assert (new.title, new.decisions, new.version_id, new.snapshot_id, new.author) == (
        "Tavolo di novembre", "Rinviare il bando B-25.", 3, 1, "locale")
    assert versions == 3                                       # recording a meeting wrote no version
    table = meetings_shown(at)
    assert list(table["Titolo"]) == ["Tavolo di novembre", "Tavolo di coordinamento 24/09/2026"]
    assert list(table["Versione dei dati"]) == ["3", "1"]
    assert list(table["Istantanea ufficiale"].fillna("—")) == ["1", "—"]  # demo: before official data
    # removal asks first
    at.selectbox(key="meet_dati_pick").set_value(new.meeting_id).run()
    at.button(key="meet_dati_ask").click().run()
    assert any("La riunione del 23/11/2026 «Tavolo di novembre» sarà tolta dall'elenco" in w.value for w in at.warning)
    at.button(key="meet_dati_confirm").click().run()
    assert not at.exception
    assert "Riunione del 23/11/2026 «Tavolo di novembre» eliminata." in [s.value for s in at.success]
    assert list(meetings_shown(at)["Titolo"]) == ["Tavolo di coordinamento 24/09/2026"]


def test_a_reader_sees_the_meetings_but_no_form(db, loopback):
    at = run_app(db, "dati", user=READER, secrets={"editors": ["anna@comune.prato.it"], "auth": AUTH})
    assert not at.exception
    assert "Registra la riunione" not in [b.label for b in at.button]
    assert not [w for w in at.text_input if (w.key or "").startswith("meet_")]
    assert not [b for b in at.button if (b.key or "").startswith("meet_")]
    assert "Solo chi può modificare i dati può registrare una riunione." in texts(at)
    assert list(meetings_shown(at)["Titolo"]) == ["Tavolo di coordinamento 24/09/2026"]
