"""A real login (st.login over OpenID Connect) against a local mock provider, then an upload from the browser.

The provider is oidc-provider-mock on 127.0.0.1 (any subject typed at its form logs in; recipe:
shared/LOGIN_TESTS.md); the claims it signs for a subject are set beforehand with ``PUT /users/<sub>``, so
a test chooses ``email`` and ``email_verified`` as an identity provider would send them. The app runs with a
test-only secrets file (editors + [auth]) passed through ``--secrets.files``. 127.0.0.1 everywhere: the
OAuth state cookie is per host. Issue 12 items 1 and 2 (a claim other than ``true``, a look-alike address)
end read-only here; the same cases without a browser are in tests/test_access.py.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from ngp_data.analytics import changes
from ngp_data.demo import load_demo
from ngp_data.formats import fmt_eur_short
from ngp_data.ingest import pipeline
from ngp_data.ingest.preview import would_be_tables
from ngp_data.store import Store
from tests.e2e.conftest import ROOT, WORKBOOK_UPLOADER, free_port, start_streamlit, stop, wait_idle

EDITOR = "editor@comune.prato.it"
READER = "lettore@comune.prato.it"
MAYOR = "sindaco@comune.prato.it"
GRANTED = 1_000_000
MOCK_CMD = os.environ.get("OIDC_MOCK_CMD", f"{sys.executable} -m oidc_provider_mock")


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def issuer(tmp_path_factory, chromium_path):
    port = free_port()
    log = (tmp_path_factory.mktemp("oidc") / "mock.log").open("w")
    proc = subprocess.Popen([*MOCK_CMD.split(), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{url}/.well-known/openid-configuration", proc)
        yield url
    finally:
        stop(proc)
        log.close()


@pytest.fixture(scope="module")
def app_url(issuer, tmp_path_factory):
    """The dashboard on the demo data, login configured, editors = [EDITOR]."""
    work = tmp_path_factory.mktemp("login_app")
    secrets = work / "secrets.toml"                    # test-only, outside the repository
    # Top-level keys before [auth]; Streamlit puts the server's port in place of "{port}".
    secrets.write_text(f"""\
editors = ["{EDITOR}", "{MAYOR}"]

[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "e2e-cookie-secret-0123456789abcdef"
client_id = "ngp-e2e"
client_secret = "ngp-e2e-secret"
server_metadata_url = "{issuer}/.well-known/openid-configuration"
""")
    proc, url = start_streamlit(work / "ngp.duckdb", work / "server.log",
                                extra_args=["--secrets.files", str(secrets)])
    yield url
    stop(proc)


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="it-IT")
    context.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())   # the mock's CSS, offline
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def updated_workbook(tmp_path_factory) -> tuple[Path, str]:
    """The demo workbook with one outcome changed (C-028 financed), and Concesso as Panoramica will show it."""
    wb = openpyxl.load_workbook(ROOT / "data" / "ngp_demo.xlsx")
    ws = wb["Esiti"]
    r = next(c.row for c in ws["A"] if c.value == "C-028")
    ws.cell(r, 2).value = "Ammessa e finanziata"
    ws.cell(r, 4).value = GRANTED
    buffer = io.BytesIO()
    wb.save(buffer)
    path = tmp_path_factory.mktemp("upload") / "ngp_aggiornato.xlsx"
    path.write_bytes(buffer.getvalue())
    store = Store(path.parent / "expected.duckdb")            # the same demo, to predict the figure
    try:
        load_demo(store)
        prepared = pipeline.prepare([(path.name, path.read_bytes())], store)
        after = changes.kpis_of(would_be_tables(prepared, store))
    finally:
        store.close()
    return path, fmt_eur_short(after.amount_granted)


def set_claims(issuer: str, sub: str, claims: dict) -> None:
    """What the provider will sign for ``sub`` (oidc-provider-mock's ``PUT /users/<sub>``)."""
    request = urllib.request.Request(f"{issuer}/users/{urllib.parse.quote(sub, safe='')}", method="PUT",
                                     data=json.dumps(claims).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as r:
        assert r.status == 204


def login(page: Page, app_url: str, sub: str) -> None:
    """Log in as ``sub`` at the provider's form (its claims: ``{"email": sub}`` unless set_claims said more)."""
    page.goto(f"{app_url}/dati")
    wait_idle(page)
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_url("**/oauth2/authorize?**")
    page.locator('input[name="sub"]').fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(f"{app_url}/")
    page.goto(f"{app_url}/dati")
    wait_idle(page)


def concesso(page: Page):
    label = page.get_by_test_id("stMetricLabel").get_by_text("Concesso", exact=True)
    return page.get_by_test_id("stMetric").filter(has=label).get_by_test_id("stMetricValue")


def assert_read_only(page: Page) -> None:
    """No upload and no rollback on the Dati page, checked once the whole run is drawn.

    The uploader widget itself is loaded lazily, half a second after the run: a bare "no stFileUploader"
    would pass before it appears. Each widget's container (class ``st-key-<key>``) is drawn with the run,
    so once the history's last button is there, a missing container is really missing.
    """
    wait_idle(page)
    expect(page.get_by_role("button", name="Esci")).to_be_visible()
    expect(page.locator('[class*="st-key-dati_dl_version_"]')).to_have_count(1)
    expect(page.locator('[class*="st-key-dati_upload_"]')).to_have_count(0)
    expect(page.locator('[class*="st-key-dati_rb_"]')).to_have_count(0)
    expect(page.get_by_text("puoi aggiornare i dati.")).to_have_count(0)
    expect(page.get_by_test_id("stFileUploader").filter(has_text=WORKBOOK_UPLOADER)).to_have_count(0)
    expect(page.locator('input[type="file"]')).to_have_count(0)
    expect(page.get_by_role("button", name="Ripristina", exact=False)).to_have_count(0)
    assert page.get_by_test_id("stException").count() == 0


def test_editor_logs_in_uploads_previews_confirms_and_panoramica_shows_it(page: Page, app_url, issuer,
                                                                           updated_workbook):
    path, expected = updated_workbook
    set_claims(issuer, EDITOR, {"email": EDITOR, "email_verified": True})
    page.goto(app_url)
    wait_idle(page)
    before = concesso(page).inner_text()
    assert before != expected

    login(page, app_url, EDITOR)
    expect(page.get_by_text(f"Accesso come {EDITOR}")).to_be_visible()
    page.get_by_test_id("stFileUploader").filter(has_text=WORKBOOK_UPLOADER).locator('input[type="file"]').set_input_files(str(path))
    expect(page.get_by_role("heading", name="3 · Anteprima delle modifiche")).to_be_visible()
    wait_idle(page)
    expect(concesso(page)).to_have_text(expected)                 # the figure after, in the preview
    expect(page.get_by_text("Esiti · 0 righe aggiunte · 0 tolte · 1 modificata")).to_be_visible()
    page.get_by_label("Nota della versione").fill("aggiornamento esiti bando X")
    page.get_by_label("Nota della versione").press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Conferma e salva la nuova versione").click()
    expect(page.get_by_text("Versione 4 salvata")).to_be_visible()
    expect(page.get_by_text("caricata da editor@comune.prato.it")).to_be_visible()
    expect(page.get_by_role("button", name="Ripristina", exact=False)).to_be_visible()
    assert page.get_by_test_id("stException").count() == 0

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Panoramica").click()
    wait_idle(page)
    expect(concesso(page)).to_have_text(expected)


def test_non_editor_logs_in_and_finds_no_upload_control(page: Page, app_url):
    login(page, app_url, READER)
    assert_read_only(page)
    expect(page.get_by_text(f"Accesso come {READER}, che non è tra gli editori")).to_be_visible()


@pytest.mark.parametrize("claim", ["false", 0, "absent"], ids=["string false", "number 0", "absent"])
def test_01_an_editor_whose_provider_does_not_say_verified_true_stays_read_only(page: Page, app_url, issuer, claim):
    # The editor's own address, as a provider would send it unverified: email_verified "false" (a string),
    # 0, or no claim at all (this server has no email_always_verified). Before: an editor.
    sub = f"unverified-{claim}"
    set_claims(issuer, sub, {"email": EDITOR} if claim == "absent" else {"email": EDITOR, "email_verified": claim})
    login(page, app_url, sub)
    assert_read_only(page)
    expect(page.get_by_text(f"Accesso come {EDITOR}: il fornitore di identità non conferma che questo indirizzo "
                            "è verificato")).to_be_visible()


def test_02_a_look_alike_of_an_editors_address_stays_read_only(page: Page, app_url, issuer):
    # U+017F LATIN SMALL LETTER LONG S case-folds to "s": before, this matched sindaco@ and made an editor.
    lookalike = "\u017findaco@comune.prato.it"
    set_claims(issuer, lookalike, {"email": lookalike, "email_verified": True})
    login(page, app_url, lookalike)
    assert_read_only(page)
    expect(page.get_by_text(f"Accesso come {lookalike}, che non è tra gli editori")).to_be_visible()
