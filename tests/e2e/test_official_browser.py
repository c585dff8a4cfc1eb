"""The officer's official import in a real browser: the files uploaded on the Dati page (local mode: the
local user edits), the progress, the snapshot; then Riscontro ufficiale shows the linked cards and the
flags, and a card's CUP links to its public page. The database holds the demo portfolio without its
official snapshot, as a Comune's would before its first official import."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from ngp_data.demo import OFFICIAL_SAMPLE, load_demo
from ngp_data.store import Store
from tests.e2e.conftest import full_screenshot, start_streamlit, stop, wait_idle

SHOTS = Path("test-results/screenshots")


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium_path):
    root = tmp_path_factory.mktemp("official_e2e")
    store = Store(root / "ngp.duckdb")
    try:
        load_demo(store, official=False)
    finally:
        store.close()
    proc, url = start_streamlit(root / "ngp.duckdb", root / "server.log")
    yield url
    stop(proc)


def test_an_officer_imports_the_official_files_and_the_committee_sees_the_riscontro(browser: Browser, server,
                                                                                   tmp_path):
    url = server
    files = sorted(OFFICIAL_SAMPLE.rglob("*.csv"))
    upload = []
    for f in files:                            # the names an officer's browser sends: no folders
        target = tmp_path / f.name
        shutil.copy(f, target)
        upload.append(str(target))
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="it-IT")
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(url + "/riscontro")
        wait_idle(page, timeout=60_000)
        expect(page.get_by_text("Nessun dato ufficiale importato")).to_be_visible()

        page.goto(url + "/dati")
        wait_idle(page, timeout=60_000)
        uploader = page.get_by_test_id("stFileUploader").filter(has_text="File dei dati ufficiali")
        uploader.locator('input[type="file"]').set_input_files(upload)
        page.get_by_role("button", name="Importa i dati ufficiali").click()
        expect(page.get_by_text("Istantanea ufficiale 1 salvata: ora la usano tutte le pagine.")).to_be_visible()
        n_projects = sum(1 for line in (OFFICIAL_SAMPLE / "PNRR_Progetti.csv").read_text(encoding="utf-8-sig")
                         .splitlines()[1:] if line.strip())
        expect(page.get_by_text(re.compile(rf"PNRR_Progetti\.csv: PNRR_Progetti, {n_projects} righe lette, "
                                           rf"{n_projects} tenute per il Comune 100005"))).to_be_visible()
        assert page.get_by_test_id("stException").count() == 0
        full_screenshot(page, SHOTS / "dati_ufficiali.png")

        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Riscontro ufficiale").click()
        wait_idle(page, timeout=60_000)
        expect(page.get_by_role("heading", name="Riscontro ufficiale", exact=True)).to_be_visible()
        expect(page.get_by_text("Dati ufficiali: istantanea 1 del")).to_be_visible()
        expect(page.get_by_text("Importo diverso · 1")).to_be_visible()              # NGP-19, see the demo
        cards = page.get_by_test_id("stDataFrame").filter(has_text="Finanziamento PNRR ufficiale").first
        expect(cards).to_be_visible()
        assert page.get_by_test_id("stException").count() == 0
        full_screenshot(page, SHOTS / "riscontro.png")
    finally:
        context.close()
