"""Every committee page in a real browser: it renders, charts draw, filters travel in the URL."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import full_screenshot, wait_idle

PAGES = [("", "Panoramica"), ("attenzione", "Da seguire"), ("missioni", "Missioni"), ("partner", "Partner"),
         ("budget", "Budget"), ("bandi", "Bandi ed esiti"), ("fondi", "Prossimi fondi"), ("scheda", "Scheda progetto"),
         ("novita", "Novità"), ("riscontro", "Riscontro ufficiale"), ("dati", "Dati"), ("esporta", "Esporta")]
SHOTS = Path("test-results/screenshots")


@pytest.mark.parametrize("slug, title", PAGES)
def test_page_renders_without_error(page: Page, slug, title):
    page.set_default_timeout(30_000)
    page.goto(f"/{slug}")
    wait_idle(page)
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    expect(page.get_by_test_id("stAlertContentWarning").get_by_text("Dati dimostrativi (illustrativi)")).to_be_visible()
    assert page.get_by_test_id("stException").count() == 0
    charts = page.get_by_test_id("stPlotlyChart")
    if charts.count():
        charts.first.locator(".main-svg").first.wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    full_screenshot(page, SHOTS / f"{slug or 'panoramica'}.png")


def test_a_link_reproduces_the_filtered_view_and_survives_page_switch(page: Page):
    page.set_default_timeout(30_000)
    page.goto("/?missione=M2&missione=M5")
    wait_idle(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Filtri attivi: 1")).to_be_visible()
    cards = page.get_by_test_id("stMetric").filter(has_text="Schede").get_by_test_id("stMetricValue")
    filtered = cards.inner_text()
    sidebar.get_by_role("link", name="Missioni").click()
    expect(page).to_have_url(re.compile(r"/missioni\?.*missione=M2.*missione=M5"))
    wait_idle(page)
    sidebar.get_by_role("link", name="Panoramica").click()
    wait_idle(page)
    assert cards.inner_text() == filtered
    page.goto("/")
    wait_idle(page)
    assert int(cards.inner_text()) > int(filtered)


def test_english_switch_and_an_old_meeting_link(page: Page):
    page.set_default_timeout(30_000)
    page.goto("/?lingua=English&riunione=true")                       # the old meeting mode: the presenter
    wait_idle(page)
    expect(page.get_by_test_id("ngp-pres-title")).to_have_text("The portfolio in figures")
    expect(page.get_by_text("demo data")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    page.get_by_role("button", name="Exit").click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    expect(page.get_by_text("Illustrative demo data")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_be_visible()


def test_table_export_downloads_the_rows_shown(page: Page, tmp_path):
    page.set_default_timeout(30_000)
    page.goto("/")
    wait_idle(page)
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").first.get_by_role("button").click()
    download = info.value
    assert download.suggested_filename == "scadenze.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    ws = openpyxl.load_workbook(path).active
    assert [c.value for c in ws[1]][:3] == ["Scadenza", "Giorni", "ID bando"]
    assert ws.max_row - 2 == 3                                          # the three calls closing in 60 days
    assert ws.cell(ws.max_row, 1).value == "Totale"                     # + the totals row of the amounts


def test_lists_of_cards_and_calls_are_drawn_whole_not_in_a_ten_row_box(page: Page):
    """Issue 17, item 10: the Missioni page's 24 cards and the Bandi page's calls, every row on the page."""
    page.set_default_timeout(30_000)
    for slug in ("missioni", "bandi"):
        page.goto(f"/{slug}")
        wait_idle(page)
        grids = page.get_by_test_id("stDataFrame")
        grids.first.locator("[role=grid]").first.wait_for(state="attached")
        longest = 0
        for i in range(grids.count()):
            grid = grids.nth(i)
            rows = int(grid.locator("[role=grid]").first.get_attribute("aria-rowcount")) - 1   # less the header
            longest = max(longest, rows)
            if rows <= 50:
                assert grid.bounding_box()["height"] >= 34 * (rows + 1), (slug, i, rows)
        assert longest > 10, (slug, longest)          # there is a list longer than the old ten-row box


def test_a_hand_written_language_code_opens_the_page_in_that_language(page: Page):
    """Issue 17, item 13: ?lingua=en and ?lingua=it, as people write them, not only the option's name."""
    page.set_default_timeout(30_000)
    page.goto("/missioni?lingua=en")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Missions", exact=True)).to_be_visible()
    page.get_by_test_id("stSidebarNav").get_by_text("Budget", exact=True).click()     # and it stays English
    wait_idle(page)
    expect(page.get_by_role("heading", name="Budget", exact=True)).to_be_visible()
    expect(page.get_by_text("Illustrative demo data")).to_be_visible()
    page.goto("/missioni?lingua=it")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Missioni", exact=True)).to_be_visible()


def test_novita_draws_a_folded_table_when_it_is_opened(page: Page):
    """Novità's detail tables are drawn only when their fold is opened (a rerun): clicking "Candidature" shows
    its table, with the demo's new applications, and closing it again hides it."""
    page.set_default_timeout(30_000)
    page.goto("/novita")
    wait_idle(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_test_id("stExpander").first).to_be_visible()
    assert main.get_by_test_id("stDataFrame").count() == 0
    main.get_by_test_id("stExpander").filter(has_text="Candidature").locator("summary").click()
    wait_idle(page)
    expect(main.get_by_test_id("stDataFrame").first).to_be_visible()
    expect(main.get_by_text(re.compile(r"^Righe aggiunte: \d+$")).first).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    full_screenshot(page, SHOTS / "novita_aperta.png")
    assert page.get_by_test_id("stException").count() == 0
