"""A shared link opened on a freshly started server: the page, its filters, its language and the demo banner.

A ``pages/`` folder beside dashboard.py made Streamlit route the first deep link after a server restart
around the entry script (no filters, no language, no demo banner); the pages now live in ``views/``
(tests/test_house.py keeps it so). This test reproduces the case: its own server on a new database (the
app loads the demo on first start), a new browser context, and the deep link as the browser's very
first request, with no visit to the home page before. The expected figures are computed here, with
pandas, on a demo database of our own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from ngp_data.demo import load_demo
from ngp_data.store import Store
from tests.e2e.conftest import start_streamlit, stop, wait_idle

DEEP_LINK = "/missioni?missione=M2"
SCREENSHOT = Path("/tmp/deeplink.png")


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory, chromium_path):
    """A server of its own on a database that does not exist yet; nobody has opened it before the test."""
    root = tmp_path_factory.mktemp("deep_link")
    db = root / "ngp.duckdb"
    assert not db.exists()
    proc, url = start_streamlit(db, root / "server.log")
    yield url
    stop(proc)


@pytest.fixture(scope="module")
def expected_m2(tmp_path_factory) -> dict:
    """Cards of mission M2 and their budget, from the demo tables with plain pandas."""
    store = Store(tmp_path_factory.mktemp("deep_link_expected") / "demo.duckdb")
    try:
        load_demo(store)
        projects = store.tables()["projects"]
    finally:
        store.close()
    m2 = projects[projects["mission"] == "M2"]
    budget = float(m2["budget_total"].sum())
    assert 0 < len(m2) < len(projects) and 1e6 <= budget < 1e9       # the filter bites; a figure in M€
    return {"n_cards": len(m2), "n_all": len(projects), "budget": f"{budget / 1e6:.1f}".replace(".", ",") + " M€"}


def metric(page, label: str):
    name = page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    return page.get_by_test_id("stMetric").filter(has=name).get_by_test_id("stMetricValue")


def test_first_request_is_a_deep_link_with_filters(browser: Browser, fresh_server, expected_m2):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="it-IT")
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(fresh_server + DEEP_LINK)
        wait_idle(page, timeout=60_000)
        assert requests[0] == fresh_server + DEEP_LINK                  # no home page first

        expect(page.get_by_role("heading", name="Missioni", exact=True)).to_be_visible()
        expect(page).to_have_url(re.compile(r"/missioni\?missione=M2$"))
        banner = page.get_by_test_id("stAlertContentWarning")
        expect(banner.get_by_text("Dati dimostrativi (illustrativi)")).to_be_visible()
        expect(page.get_by_role("heading", name="Schede delle missioni selezionate")).to_be_visible()
        assert page.get_by_test_id("stException").count() == 0

        expect(metric(page, "Schede")).to_have_text(str(expected_m2["n_cards"]))      # not all 24 cards
        assert expected_m2["n_cards"] != expected_m2["n_all"]
        expect(metric(page, "Budget totale")).to_have_text(expected_m2["budget"])

        sidebar = page.get_by_test_id("stSidebar")
        missione = sidebar.get_by_test_id("stMultiSelect").filter(has_text="Missione")
        expect(missione.get_by_role("group", name="Selected values")).to_have_text("M2")    # M2 alone
        expect(missione.get_by_role("button", name=re.compile("^Remove "))).to_have_count(1)
        expect(sidebar.get_by_text("Filtri attivi: 1")).to_be_visible()

        page.get_by_test_id("stPlotlyChart").first.locator(".main-svg").first.wait_for()
        page.screenshot(path=str(SCREENSHOT))
    finally:
        context.close()


def _open(browser: Browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="it-IT")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    wait_idle(page, timeout=60_000)
    return context, page


def test_the_home_page_answers_to_its_own_name(browser: Browser, fresh_server, expected_m2):
    """/panoramica (the name in the menu) opens Panoramica with its filters, not "Page not found"."""
    context, page = _open(browser, fresh_server + "/panoramica?missione=M2")
    try:
        expect(page.get_by_role("heading", name="Panoramica", exact=True)).to_be_visible()
        assert page.get_by_text("Page not found").count() == 0
        expect(page).to_have_url(re.compile(r"/panoramica\?missione=M2$"))
        expect(metric(page, "Schede")).to_have_text(str(expected_m2["n_cards"]))
    finally:
        context.close()


def test_a_card_link_keeps_the_card_when_it_is_first_in_the_list(browser: Browser, fresh_server):
    """?progetto=NGP-07&missione=M5: NGP-07 is outside M5, so it joins the list first; the URL keeps it
    (a bound widget drops its default value from the URL, and the first option used to be the default)."""
    context, page = _open(browser, fresh_server + "/scheda?progetto=NGP-07&missione=M5")
    try:
        expect(page.get_by_role("heading", name=re.compile(r"^NGP-07 · "))).to_be_visible()
        expect(page).to_have_url(re.compile(r"progetto=NGP-07"))
    finally:
        context.close()
