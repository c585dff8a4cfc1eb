"""Exports in a real browser: click the button on a FILTERED page, open the downloaded file, check its rows.

The server runs on the demo data (deterministic), so the expected rows are computed here on a demo
database of our own (the server's file is locked by its process). Each test opens the home page, goes
to its page through the sidebar's navigation, then picks the filters in the sidebar's own widgets, as a
user does: what is tested is that the button exports the rows of the filters chosen on screen (the
filters also land in the URL, checked on the way). Deep links with filters in the URL are tested in
test_deep_link.py and test_committee_pages.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from ngp_data.analytics import queries
from ngp_data.analytics.queries import Filters
from ngp_data.demo import load_demo
from ngp_data.schema import TABLES
from ngp_data.store import Store
from tests.e2e.conftest import wait_idle


def open_filtered(page: Page, link: str, filter_label: str, values: list[str], *, english: bool = False) -> None:
    """Home page, sidebar link ``link``, then ``values`` chosen in the sidebar multiselect ``filter_label``."""
    page.set_default_timeout(30_000)
    page.goto("/")
    wait_idle(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("link", name=link).click()
    wait_idle(page)
    if english:
        sidebar.get_by_role("radio", name="English").click()
        wait_idle(page)
    box = sidebar.get_by_test_id("stMultiSelect").filter(has_text=filter_label)
    for value in values:
        box.locator("input").click()
        page.get_by_role("option", name=value, exact=True).click()
        page.keyboard.press("Escape")
        wait_idle(page)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("e2e_export") / "demo.duckdb")
    load_demo(store)
    yield store
    store.close()


def download(page: Page, button, tmp_path: Path) -> tuple[str, openpyxl.Workbook]:
    """Click a download button and open the file. The file of a deferred download_button is registered
    by the script run that drew the button; a click that lands on the button of a run just superseded
    (the multiselect may rerun once more after closing) finds nothing server-side, so click again."""
    for attempt in range(3):
        wait_idle(page)
        try:
            with page.expect_download(timeout=10_000) as info:
                button.click()
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
    d = info.value
    path = tmp_path / d.suggested_filename
    d.save_as(path)
    return d.suggested_filename, openpyxl.load_workbook(path)


def filtri(wb: openpyxl.Workbook, name: str = "Filtri") -> tuple[dict, dict]:
    """({label: value}, {sheet: rows}) of the "Filtri" sheet (the rows-per-sheet block comes last)."""
    info: dict = {}
    counts: dict = {}
    target = None
    for label, value in wb[name].iter_rows(values_only=True, max_col=2):
        if label in ("Foglio", "Sheet"):
            target = counts
        elif label is not None and value is not None:
            (info if target is None else target)[label] = value
    return info, counts


def test_esporta_page_downloads_the_filtered_workbook(page: Page, tmp_path, demo_store):
    open_filtered(page, "Esporta", "Missione", ["M2", "M5"])
    expect(page).to_have_url(re.compile(r"/esporta\?.*missione=M2.*missione=M5"))
    expect(page.get_by_role("heading", name="Esporta", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Cosa contiene il file")).to_be_visible()
    expect(page.get_by_text("Con filtri attivi il file contiene solo le righe filtrate")).to_be_visible()
    wait_idle(page)
    assert page.get_by_test_id("stException").count() == 0

    name, wb = download(page, page.get_by_role("button", name="Scarica il file Excel"), tmp_path)
    vid = demo_store.active_version()
    assert name == f"ngp_esportazione_v{vid}_filtrata.xlsx"
    assert wb.sheetnames == [t.sheet for t in TABLES] + ["Riepilogo missioni", "Riepilogo partner", "Filtri"]
    f = Filters(missions=("M2", "M5"))
    expected = queries.filtered_tables(demo_store, vid, f)
    assert len(expected["projects"]) < len(demo_store.table("projects", vid))          # the filter bites
    for table in TABLES:
        ws = wb[table.sheet]
        assert [c.value for c in ws[1]] == [c.it for c in table.columns]
        ids = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
        assert ids == list(expected[table.name][table.key[0]]), table.sheet
    assert {r[2] for r in wb["Progetti"].iter_rows(min_row=2, values_only=True)} == {"M2", "M5"}
    missions = [r[0] for r in wb["Riepilogo missioni"].iter_rows(min_row=2, values_only=True)]
    assert missions == ["M2", "M5", "Totale"]
    info, counts = filtri(wb)
    assert info["Missione"].startswith("M2 · ") and "; M5 · " in info["Missione"]
    assert info["Partner"] == "nessuno" and info["Esportato da"] == "locale"
    assert info["Versione dei dati"] == vid
    assert info["Dati dimostrativi"].startswith("sì")
    assert counts["Candidature"] == len(expected["requests"]) and counts["Progetti"] == len(expected["projects"])


def test_a_table_button_on_a_filtered_page_exports_the_rows_shown(page: Page, tmp_path, demo_store):
    open_filtered(page, "Missioni", "Mission", ["M2"], english=True)
    expect(page.get_by_role("heading", name="Missions", exact=True)).to_be_visible()
    # shown only once the filter is applied: a click on a button of the previous run finds no file
    expect(page.get_by_role("heading", name="Cards of the selected missions")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/missioni\?.*missione=M2"))
    wait_idle(page)
    table = page.get_by_test_id("stDataFrame").last
    expect(table).to_be_visible()
    name, wb = download(page, page.get_by_test_id("stDownloadButton").last.get_by_role("button"), tmp_path)
    assert name == "schede_per_missione.xlsx"
    ws = wb.worksheets[0]
    assert wb.sheetnames[1] == "Filters"
    head = [c.value for c in ws[1]]
    assert head[:3] == ["Project ID", "Title", "Mission"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    body, total = rows[:-1], rows[-1]
    cards = queries.projects_table(demo_store, demo_store.active_version(), Filters(missions=("M2",)))
    assert [r[0] for r in body] == list(cards["project_id"])
    assert {r[2] for r in body} == {"M2"}
    assert total[0] == "Total"
    budget = head.index("Total budget")          # the schema's English header of budget_total
    assert total[budget] == pytest.approx(cards["budget_total"].sum())
    assert ws.cell(2, budget + 1).number_format == '#,##0.00\\ "€"'
    info, counts = filtri(wb, "Filters")
    assert counts == {ws.title: len(body)}
    assert info["Mission"].startswith("M2 · ") and info["Exported by"] == "locale"
