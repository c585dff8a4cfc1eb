"""The presenter in Chromium at 1280×720 (and 1920×1080): every screen fits without scrolling in large type,
the keyboard and a clicker move it, "Esci" leaves it, a link reopens a screen with its filters; and the live
projector: pages left open see a newly confirmed version within 10 seconds, without a click.

One Streamlit server for the module, on its own copy of the demo (the last test writes a version).
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import start_streamlit, stop, wait_idle
from ui.screens import SCREENS

TITLE = "ngp-pres-title"
FRAME = "ngp-pres-frame"
# Everything on the screen within the viewport, and the smallest type of the text (plots apart).
MEASURE = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const frame = document.querySelector('[data-testid=ngp-pres-frame]');
  const sizes = [...document.querySelectorAll('[data-testid=stMainBlockContainer] :is(p, li, td, th)')]
    .filter(e => e.offsetParent !== null && e.innerText.trim() && !e.closest('.st-key-pres_clicker'))
    .map(e => parseFloat(getComputedStyle(e).fontSize) * (parseFloat(getComputedStyle(
      document.querySelector('[data-testid=stMainBlockContainer]')).zoom) || 1));
  return {height: innerHeight, scroll: Math.max(document.scrollingElement.scrollHeight, main.scrollHeight),
          frameBottom: frame.getBoundingClientRect().bottom, width: innerWidth,
          scrollWidth: Math.max(document.scrollingElement.scrollWidth, main.scrollWidth), minFont: Math.min(...sizes)};
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory, chromium_path):
    root = tmp_path_factory.mktemp("presenter")
    proc, url = start_streamlit(root / "ngp.duckdb", root / "server.log")
    yield url
    stop(proc)


@pytest.fixture
def open_page(browser, server):
    contexts = []

    def make(path: str, width: int = 1280, height: int = 720) -> Page:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="it-IT")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(server + path)
        wait_idle(page)
        return page

    yield make
    for context in contexts:
        context.close()


def settle(page: Page) -> None:
    wait_idle(page)
    for chart in page.get_by_test_id("stPlotlyChart").all():
        chart.locator(".main-svg").first.wait_for()
    page.wait_for_timeout(300)


def check_fits(page: Page, where: str) -> None:
    m = page.evaluate(MEASURE)
    assert m["scroll"] <= m["height"], f"{where}: {m}"
    assert m["frameBottom"] <= m["height"], f"{where}: the filters line is cut: {m}"
    assert m["scrollWidth"] <= m["width"], f"{where}: wider than the screen: {m}"
    assert m["minFont"] >= 22, f"{where}: type under 22 px: {m}"


def press(page: Page, key: str, screen: int) -> None:
    page.keyboard.press(key)
    expect(page).to_have_url(re.compile(rf"schermo={screen}(&|$)"))
    expect(page.get_by_test_id(TITLE)).to_have_text(titles()[screen - 1])
    settle(page)


def titles() -> list[str]:
    from ngp_data.labels import t
    return [t(s.title_key) for s in SCREENS]


def test_every_screen_fits_at_1280_and_1920(open_page):
    page = open_page("/presentazione")
    expect(page.get_by_test_id(TITLE)).to_have_text(titles()[0])
    settle(page)
    check_fits(page, "1280×720 screen 1")
    for n in range(2, len(SCREENS) + 1):                     # forward with the arrow key
        press(page, "ArrowRight", n)
        check_fits(page, f"1280×720 screen {n}")
    page.set_viewport_size({"width": 1920, "height": 1080})
    for n in range(len(SCREENS), 0, -1):                     # and back at 1920×1080 with the clicker's key
        if n < len(SCREENS):
            press(page, "PageUp", n)
        settle(page)
        check_fits(page, f"1920×1080 screen {n}")


def test_keys_link_filters_and_exit(open_page):
    page = open_page("/presentazione?missione=M2&schermo=3")    # a link reopens the meeting where it was
    expect(page.get_by_test_id(TITLE)).to_have_text(titles()[2])
    expect(page.get_by_test_id("ngp-pres-counter")).to_have_text(f"3 / {len(SCREENS)}")
    expect(page.get_by_test_id(FRAME)).to_contain_text("Filtri: Missione M2")
    press(page, "PageDown", 4)
    expect(page.get_by_test_id(FRAME)).to_contain_text("Filtri: Missione M2")
    press(page, "ArrowLeft", 3)
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    page.get_by_role("link", name="Esci").click()
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/\?missione=M2$"))       # the filters stay, the screen goes
    page.get_by_role("link", name="Presenta alla riunione").click()
    wait_idle(page)
    expect(page.get_by_test_id(TITLE)).to_have_text(titles()[0])
    expect(page.get_by_test_id(FRAME)).to_contain_text("Filtri: Missione M2")


def test_open_pages_see_a_new_version_within_10_seconds(open_page):
    """Page A (a normal page) says so and offers "Aggiorna"; the presenter refreshes itself. The new version
    is a rollback confirmed on the Dati page of a third browser page (the server holds the database)."""
    normal = open_page("/missioni")
    presenter = open_page("/presentazione")
    expect(presenter.get_by_test_id(FRAME)).to_contain_text("versione 3 del")
    editor = open_page("/dati", 1400, 900)
    editor.get_by_role("button", name="Ripristina la versione 2…").click()
    wait_idle(editor)
    editor.get_by_role("button", name="Conferma il ripristino della versione 2").click()
    confirmed = time.monotonic()
    wait_idle(editor)
    expect(normal.get_by_text("Sono disponibili dati aggiornati (versione 4).")).to_be_visible(timeout=10_000)
    seen_normal = time.monotonic() - confirmed
    expect(presenter.get_by_test_id(FRAME)).to_contain_text("versione 4 del", timeout=10_000)
    seen_presenter = time.monotonic() - confirmed
    print(f"new version seen after {seen_normal:.1f} s (normal page), {seen_presenter:.1f} s (presenter)")
    normal.get_by_role("button", name="Aggiorna").click()
    wait_idle(normal)
    expect(normal.get_by_text(re.compile(r"Dati: versione 4 del"))).to_be_visible()
    expect(normal.get_by_text("Sono disponibili dati aggiornati")).to_have_count(0)
