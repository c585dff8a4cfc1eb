"""Da seguire, Prossimi fondi and the Panoramica's block through AppTest: on the demo (its official snapshot
is the real Prato sample) and on the crafted portfolio, with and without an official snapshot."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ngp_data.analytics import attention, funds
from ngp_data.analytics.filters import NO_FILTERS
from ngp_data.store import Store
from ngp_data.store import official as store_official
from tests.apptest_helpers import TODAY, run_app, texts
from tests.attention_fixtures import attention_store
from tests.store_helpers import copy_of, demo_database

DAY = dt.date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    return demo_database(tmp_path_factory.mktemp("att_demo"))


@pytest.fixture(scope="module")
def demo_expected(demo_db, tmp_path_factory):
    """The demo's lines and open calls, from the analytics (tested on their own in test_attention.py)."""
    store = Store(copy_of(demo_db, tmp_path_factory.mktemp("att_copy")))
    vid, sid = store.active_version(), store_official.active_snapshot(store)
    out = (attention.attention(store, vid, sid, NO_FILTERS, DAY),
           funds.open_calls(store, vid, NO_FILTERS, DAY), funds.candidates(store, vid, NO_FILTERS, DAY))
    store.close()
    return out


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_da_seguire_lists_the_demo_lines_grouped_by_reason(demo_db, demo_expected, tmp_path):
    lines, _, _ = demo_expected
    assert {"targets_behind", "little_paid", "amount_differs", "scorrimento"} <= set(lines["code"])
    at = run_app(copy_of(demo_db, tmp_path), "attenzione")
    assert not at.exception
    assert [t.value for t in at.title] == ["Da seguire"]
    got = metrics(at)
    assert got["Segnalazioni"] == str(len(lines))
    assert got["Schede coinvolte"] == str(lines["project_id"].nunique())
    counts = attention.counts(lines)
    assert got["Target in ritardo"] == str(counts["targets_behind"]) == "1"
    assert got["Possibile scorrimento"] == str(counts["scorrimento"])
    heads = [s.value for s in at.subheader]
    assert heads[:2] == ["Target in ritardo · 1", "Concesso ma poco pagato · 1"]
    body = texts(at)
    for card in lines["project_id"]:
        assert f"(/scheda?progetto={card})" in body
    assert "C31C22000130006" in body and "Dati ufficiali: istantanea" in body
    assert "NGP_PENDING_DAYS" in body


def test_da_seguire_in_english_and_without_the_official_record(tmp_path):
    store, _, _ = attention_store(tmp_path / "bare.duckdb", official=False)
    store.close()
    at = run_app(tmp_path / "bare.duckdb", "attenzione", demo=False, lang="en")
    assert not at.exception
    body = texts(at)
    assert "Official record not imported" in body
    got = metrics(at)
    assert got["Flags"] == "4" and got["Targets behind"] == "0" and got["Granted, little paid"] == "1"
    assert "[A\\-01](/scheda?progetto=A-01)" in body and "Waiting too long for an outcome · 2" in body


def test_prossimi_fondi_shows_the_demo_calls_by_source_with_their_cards(demo_db, demo_expected, tmp_path):
    _, calls, found = demo_expected
    assert {"FESR", "FSC", "Regione"} <= set(calls["source"]) and len(found)
    at = run_app(copy_of(demo_db, tmp_path), "fondi")
    assert not at.exception
    assert [t.value for t in at.title] == ["Prossimi fondi"]
    assert metrics(at)["Bandi aperti o in apertura"] == str(len(calls))
    heads = [s.value for s in at.subheader]
    assert heads[0].startswith("FESR – Fondo europeo di sviluppo regionale")
    assert any(h.startswith("FSC – Fondo per lo sviluppo e la coesione") for h in heads)
    body = texts(at)
    for call in calls["call_id"]:
        assert f"**{call.replace('-', chr(92) + '-')}**" in body
    for card in found["project_id"].unique():
        assert f"(/scheda?progetto={card})" in body
    assert "scadenza 15/12/2026 (tra 22 giorni)" in body
    expanders = [e.label for e in at.expander]
    b21 = found[found["call_id"] == "B-21"]
    assert f"{len(b21)} schede candidabili" in expanders
    assert at.get("plotly_chart")


def test_panoramica_ends_with_the_attention_block(demo_db, demo_expected, tmp_path):
    lines, _, _ = demo_expected
    at = run_app(copy_of(demo_db, tmp_path))
    assert not at.exception
    heads = [s.value for s in at.subheader]
    assert heads[-1] == f"Da seguire: {len(lines)} segnalazioni"
    block = at.markdown[-1].value
    assert len(re.findall(r"^- \*\*", block, flags=re.M)) == min(5, len(lines))
    assert block.startswith(f"- **{attention.t('att_' + lines['code'].iloc[0])}**")
    assert [p.proto.page for p in at.main.get("page_link")][-1] == "attenzione"       # the sidebar aside
