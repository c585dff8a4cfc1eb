"""Issue 17, items 2 and 7, in Chromium: no English word of Streamlit's that we could remove shows on the Italian
Panoramica and Dati pages, and a filtered export uploaded on the Dati page is stated before the preview.

What remains English (the uploader's "Upload" button, the date fields' "dd/mm/yyyy") is listed in
docs/ARCHITECTURE.md, "Streamlit's own words". One server (the session's), three page loads.
"""

from __future__ import annotations

import io

from playwright.sync_api import Page, expect

from ngp_data.analytics.queries import Filters
from ngp_data.output import export_workbook
from ngp_data.store import Store
from tests.e2e.conftest import wait_idle

REMOVED = ("Select all", "Choose an option", "Drag and drop", "Limit 20MB", "20MB per file")


def m2_export(tmp_path) -> bytes:
    store = Store(tmp_path / "demo.duckdb")
    try:
        from ngp_data.demo import load_demo
        load_demo(store)
        buffer = io.BytesIO()
        export_workbook(store, store.version(store.active_version()), Filters(missions=("M2",)), buffer)
        return buffer.getvalue()
    finally:
        store.close()


def test_italian_pages_show_none_of_streamlits_english_words(page: Page, base_url, tmp_path):
    page.goto(base_url)
    wait_idle(page)
    expect(page.get_by_text("Schede", exact=True).first).to_be_visible()
    page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first.get_by_role("combobox").click()
    expect(page.get_by_role("option").first).to_be_visible()          # the drop-down is open
    body = page.inner_text("body")
    assert not [w for w in REMOVED if w in body]
    page.keyboard.press("Escape")

    page.goto(base_url + "/dati")
    wait_idle(page)
    expect(page.get_by_text("al massimo 20 MB per file").first).to_be_visible()
    body = page.inner_text("body")
    assert not [w for w in REMOVED if w in body]

    path = tmp_path / "ngp_esportazione_M2.xlsx"
    path.write_bytes(m2_export(tmp_path))
    page.get_by_test_id("stFileUploader").first.locator('input[type="file"]').set_input_files(path)
    expect(page.get_by_text("Questo file è un'esportazione filtrata")).to_be_visible(timeout=60_000)
    wait_idle(page)
    confirm = page.get_by_role("button", name="Conferma")
    expect(confirm).to_be_disabled()
    page.get_by_text("Confermo di togliere:").click()
    expect(confirm).to_be_enabled()
