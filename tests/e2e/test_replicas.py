"""Two dashboard replicas on one PostgreSQL database: what one confirms, the other shows; no lost update.

Two ``streamlit run dashboard.py`` processes (A and B) share one database of a throwaway cluster, each with
its own Streamlit caches. Both run in local mode (no [auth], opened on 127.0.0.1): the local user edits.

* Both show the same Panoramica figure (Concesso) at the start.
* An editor on B checks an upload and sees its preview (made on version 3); meanwhile another editor
  uploads and confirms a different change through A's Dati page (version 4).
* A new page load on B (its next run) shows A's figure and version 4, with B never restarted: B's caches are
  keyed on the active version it reads from the store, not on anything it remembers.
* B's editor then confirms the preview made on version 3: refused with the Italian stale-version message,
  and no version is added (the lost update does not happen).

The uploads are the demo workbook (data/ngp_demo.xlsx, the data the app loads on first start) with one
outcome changed, so the preview needs no removal tick. Expected figures come from the workbooks with
openpyxl (sum of the granted amount of the financed outcomes), and a direct SQL sum over the database.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect

from ngp_data.store import Store
from tests.e2e.conftest import ROOT, WORKBOOK_UPLOADER, full_screenshot, start_streamlit, stop, wait_idle

SHOTS = ROOT / "docs" / "screenshots"
FINANCED = ("Ammessa e finanziata", "Finanziata parzialmente")       # the outcomes whose grant counts
CHANGED = "C-028"                                                     # "In istruttoria" in the demo
STALE = re.compile(r"Un altro caricamento è stato confermato nel frattempo \(versione attiva 4, "
                   r"l'anteprima era sulla 3\): ricontrolla l'anteprima aggiornata\.")

pytestmark = pytest.mark.slow


def demo_workbook() -> openpyxl.Workbook:
    return openpyxl.load_workbook(ROOT / "data" / "ngp_demo.xlsx")


def granted_in(wb: openpyxl.Workbook) -> float:
    """Concesso as the Panoramica defines it: the granted amounts of the financed outcomes, from the sheet."""
    ws = wb["Esiti"]
    header = [c.value for c in ws[1]]
    outcome, amount = header.index("Esito"), header.index("Importo concesso")
    return float(sum(row[amount] or 0 for row in ws.iter_rows(min_row=2, values_only=True)
                     if row[outcome] in FINANCED))


def short_eur(value: float) -> str:
    """The Italian short form of an amount in millions: ``91,2 M€``."""
    assert 1e6 <= value < 1e9
    return f"{value / 1e6:.1f}".replace(".", ",") + " M€"


def financed_workbook(path: Path, granted: int) -> tuple[Path, str]:
    """The demo workbook with CHANGED financed for ``granted``; its path and the Concesso it implies."""
    wb = demo_workbook()
    ws = wb["Esiti"]
    (r,) = [c.row for c in ws["A"] if c.value == CHANGED]
    assert ws.cell(r, 2).value not in FINANCED                    # the change moves the figure
    ws.cell(r, 2).value = "Ammessa e finanziata"
    ws.cell(r, 4).value = granted
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path, short_eur(granted_in(openpyxl.load_workbook(path)))


def sql_granted(url: str) -> tuple[list[int], int, float]:
    """(version ids, active version, Concesso of the active version) read with plain SQL from the database."""
    store = Store(url)
    try:
        with store.reading():
            cur = store.cursor()
            ids = [r[0] for r in cur.execute("SELECT version_id FROM versions ORDER BY version_id").fetchall()]
            (active,) = cur.execute("SELECT version_id FROM active").fetchone()
            (total,) = cur.execute(
                "SELECT coalesce(sum(o.amount_granted), 0)::DOUBLE FROM outcomes o JOIN requests r "
                "ON r.version_id = o.version_id AND r.request_id = o.request_id "
                "WHERE o.version_id = ? AND o.outcome IN (?, ?)", [active, *FINANCED]).fetchone()
    finally:
        store.close()
    return ids, active, total


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, pg_cluster, chromium_path):
    """Replicas A and B (two Streamlit processes, local mode) on one new PostgreSQL database: (url_a, url_b, db)."""
    work = tmp_path_factory.mktemp("replicas")
    secrets = work / "secrets.toml"                    # no [auth], and no secrets of the machine's user
    secrets.write_text("editors = []\n")
    db = pg_cluster.database()
    args = {"extra_args": ["--secrets.files", str(secrets)], "env": {"NGP_TRUST_PROXY_LOCAL": "0"}}
    proc_a, url_a = start_streamlit(db, work / "a.log", **args)
    try:
        proc_b, url_b = start_streamlit(db, work / "b.log", **args)
    except Exception:
        stop(proc_a)
        raise
    try:
        yield url_a, url_b, db
    finally:
        stop(proc_b)
        stop(proc_a)


@pytest.fixture
def new_page(browser: Browser):
    """A page in a browser context of its own (a separate session), closed at the end."""
    contexts = []

    def make() -> Page:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="it-IT")
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def open_at(page: Page, url: str) -> None:
    page.goto(url)
    wait_idle(page, timeout=120_000)                   # the first run on A loads the demo into PostgreSQL
    assert page.get_by_test_id("stException").count() == 0


def concesso(page: Page):
    label = page.get_by_test_id("stMetricLabel").get_by_text("Concesso", exact=True)
    return page.get_by_test_id("stMetric").filter(has=label).get_by_test_id("stMetricValue")


def version_line(n: int) -> re.Pattern:
    return re.compile(rf"^Dati: versione {n} del \d\d/\d\d/\d{{4}}, caricata da ")


def upload(page: Page, path: Path, note: str) -> None:
    """On the Dati page: the file into the workbook uploader, its preview, the version's note typed."""
    expect(page.get_by_text("Modalità locale")).to_be_visible()             # the local user may edit
    uploader = page.get_by_test_id("stFileUploader").filter(has_text=WORKBOOK_UPLOADER)
    uploader.locator('input[type="file"]').set_input_files(str(path))
    expect(page.get_by_role("heading", name="3 · Anteprima delle modifiche")).to_be_visible()
    wait_idle(page)
    expect(page.get_by_text("Esiti · 0 righe aggiunte · 0 tolte · 1 modificata")).to_be_visible()
    page.get_by_label("Nota della versione").fill(note)
    page.get_by_label("Nota della versione").press("Enter")
    wait_idle(page)


def test_a_version_confirmed_on_replica_a_shows_on_b_and_b_cannot_overwrite_it(new_page, replicas, tmp_path):
    url_a, url_b, db = replicas
    demo = granted_in(demo_workbook())
    path_a, after_a = financed_workbook(tmp_path / "esiti_da_a.xlsx", 1_000_000)
    path_b, after_b = financed_workbook(tmp_path / "esiti_da_b.xlsx", 3_000_000)
    before = short_eur(demo)
    assert len({before, after_a, after_b}) == 3                       # three figures the page can tell apart

    a = new_page()                                                    # A first: its first run loads the demo
    open_at(a, url_a)
    ids, active, total = sql_granted(db)
    assert (ids, active, total) == ([1, 2, 3], 3, demo)               # the demo, as the workbook says
    expect(concesso(a)).to_have_text(before)
    b = new_page()
    open_at(b, url_b)
    expect(concesso(b)).to_have_text(before)                          # B: the same figure from the same data
    expect(b.get_by_text(version_line(3))).to_be_visible()

    # An editor on B checks an upload: its preview is made on version 3.
    b.goto(f"{url_b}/dati")
    wait_idle(b)
    upload(b, path_b, "modifica preparata sulla replica B")
    expect(concesso(b)).to_have_text(after_b)                         # the figure after, in B's preview

    # Meanwhile another editor uploads a different change through A's Dati page and confirms it.
    a.goto(f"{url_a}/dati")
    wait_idle(a)
    upload(a, path_a, "modifica confermata sulla replica A")
    expect(concesso(a)).to_have_text(after_a)
    a.get_by_role("button", name="Conferma e salva la nuova versione").click()
    expect(a.get_by_text("Versione 4 salvata")).to_be_visible()
    ids, active, total = sql_granted(db)
    assert (ids, active, short_eur(total)) == ([1, 2, 3, 4], 4, after_a)

    # B's next run (a new page load, B not restarted) shows A's version and figure.
    b2 = new_page()
    open_at(b2, url_b)
    expect(b2.get_by_role("heading", name="Panoramica", exact=True)).to_be_visible()
    expect(concesso(b2)).to_have_text(after_a)
    expect(b2.get_by_text(version_line(4))).to_be_visible()
    full_screenshot(b2, SHOTS / "replica_b.png")

    # The page left open on B says newer data exist (its live check), and its preview is still on version 3.
    expect(b.get_by_text("Sono disponibili dati aggiornati (versione 4).")).to_be_visible()
    expect(concesso(b)).to_have_text(after_b)

    # B's editor confirms the preview made on version 3: refused, in Italian; nothing written.
    b.get_by_role("button", name="Conferma e salva la nuova versione").click()
    wait_idle(b)
    expect(b.get_by_test_id("stAlertContentError").filter(has_text=STALE)).to_be_visible()
    expect(b.get_by_text("Versione 5 salvata")).to_have_count(0)
    assert b.get_by_test_id("stException").count() == 0
    ids, active, total = sql_granted(db)
    assert (ids, active, short_eur(total)) == ([1, 2, 3, 4], 4, after_a)   # no version 5; A's data stand

    # Both replicas still show A's figure.
    for page, url in ((a, url_a), (b2, url_b)):
        open_at(page, url)
        expect(concesso(page)).to_have_text(after_a)
        expect(page.get_by_text(version_line(4))).to_be_visible()
