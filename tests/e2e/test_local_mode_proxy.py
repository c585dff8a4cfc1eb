"""Local mode is for this computer's own browser, not for everyone behind a reverse proxy (issue 12, item 3).

The app runs as the README's first command leaves it: no [auth], bound to 127.0.0.1. In front of it, a small
reverse proxy started here on another loopback port passes every request on the way a proxy set up for
Streamlit does (nginx with ``proxy_set_header Host $host``, ``X-Forwarded-For $proxy_add_x_forwarded_for``
and the websocket upgrade passed through); it is real traffic, websocket included, not a header injected by
the browser. Through it, the Dati page is read-only and says why; opened directly, the local user edits.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import CHROMIUM_ARGS, WORKBOOK_UPLOADER, full_screenshot, start_streamlit, stop, wait_idle

PUBLIC_NAME = "ngp.comune.prato.test"          # what a browser elsewhere would type; mapped to 127.0.0.1 below


class ReverseProxy:
    """An HTTP/1.1 reverse proxy on a free loopback port in front of ``127.0.0.1:upstream``.

    Each request goes upstream on its own connection with the forwarding headers added (``Connection:
    close``, so no second request passes unseen); a websocket upgrade is piped through both ways.
    """

    def __init__(self, upstream: int, *, forward_headers: bool = True):
        self.upstream = upstream
        self.forward_headers = forward_headers
        self.port = 0
        self.requests: list[str] = []
        self._open: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> ReverseProxy:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the proxy did not start")
        return self

    def __exit__(self, *exc) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        server.close()
        for writer in self._open:                      # connections still open (the websocket): end them
            writer.close()
        tasks = asyncio.all_tasks(self._loop)
        if tasks:
            self._loop.run_until_complete(asyncio.wait(tasks, timeout=5))
        self._loop.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        request, *fields = head.decode("latin-1").split("\r\n")[:-2]
        self.requests.append(request)
        upgrade = any(f.lower().startswith("upgrade:") for f in fields)
        if not upgrade:
            fields = [f for f in fields if not f.lower().startswith(("connection:", "keep-alive:"))]
            fields.append("Connection: close")
        if self.forward_headers:
            client = writer.get_extra_info("peername")[0]
            fields += [f"X-Forwarded-For: {client}", "X-Forwarded-Proto: http", f"X-Real-IP: {client}"]
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream)
        except OSError:
            writer.close()
            return
        up_writer.write(("\r\n".join([request, *fields]) + "\r\n\r\n").encode("latin-1"))
        self._open |= {writer, up_writer}
        try:
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        finally:
            self._open -= {writer, up_writer}

    @staticmethod
    async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        except ConnectionError:
            pass
        finally:
            with contextlib.suppress(Exception):
                sink.close()


@pytest.fixture(scope="module")
def local_app(tmp_path_factory, chromium_path):
    """The dashboard with no [auth] on 127.0.0.1: its port, and its URL opened directly."""
    work = tmp_path_factory.mktemp("local_app")
    secrets = work / "secrets.toml"                    # no [auth]; and no secrets of the machine's user either
    secrets.write_text("editors = []\n")
    proc, url = start_streamlit(work / "ngp.duckdb", work / "server.log",
                                extra_args=["--secrets.files", str(secrets)], env={"NGP_TRUST_PROXY_LOCAL": "0"})
    yield url
    stop(proc)


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def open_dati(page: Page, url: str) -> None:
    page.goto(f"{url}/dati")
    wait_idle(page)
    expect(page.get_by_text("Cronologia delle versioni")).to_be_visible()


def assert_read_only(page: Page) -> None:
    """No upload and no rollback, checked once the whole run is drawn (see test_login_upload.assert_read_only:
    the uploader widget loads lazily, its ``st-key-`` container comes with the run)."""
    wait_idle(page)
    expect(page.locator('[class*="st-key-dati_dl_version_"]')).to_have_count(1)
    expect(page.locator('[class*="st-key-dati_upload_"]')).to_have_count(0)
    expect(page.locator('[class*="st-key-dati_rb_"]')).to_have_count(0)
    expect(page.get_by_test_id("stFileUploader").filter(has_text=WORKBOOK_UPLOADER)).to_have_count(0)
    expect(page.locator('input[type="file"]')).to_have_count(0)
    expect(page.get_by_role("button", name="Ripristina", exact=False)).to_have_count(0)
    expect(page.get_by_text("Modalità locale")).to_have_count(0)
    assert page.get_by_test_id("stException").count() == 0


def test_03_through_a_reverse_proxy_the_dati_page_is_read_only_and_says_why(page: Page, local_app, tmp_path):
    with ReverseProxy(port_of(local_app)) as proxy:
        open_dati(page, f"http://127.0.0.1:{proxy.port}")
        assert_read_only(page)
        warning = page.get_by_test_id("stAlert").filter(has_text="Aggiornamento dei dati disattivato")
        expect(warning).to_contain_text("attraverso un proxy (intestazione X-Forwarded-For)")
        expect(warning).to_contain_text("[auth]")
        expect(warning).to_contain_text("NGP_TRUST_PROXY_LOCAL=1")
        full_screenshot(page, tmp_path / "dati_via_proxy.png")
        assert any(r.startswith("GET /_stcore/stream") for r in proxy.requests)   # the websocket went through it


def test_03_opened_directly_the_local_user_edits_with_zero_set_up(page: Page, local_app, tmp_path):
    open_dati(page, local_app)
    expect(page.get_by_text("Modalità locale")).to_be_visible()
    expect(page.locator('[class*="st-key-dati_upload_"]')).to_have_count(1)
    expect(page.get_by_test_id("stFileUploader").filter(has_text=WORKBOOK_UPLOADER)).to_have_count(1)
    expect(page.get_by_role("button", name="Ripristina", exact=False)).to_be_visible()
    expect(page.get_by_text("Aggiornamento dei dati disattivato")).to_have_count(0)
    full_screenshot(page, tmp_path / "dati_local.png")


def test_03_a_proxy_adding_no_header_is_caught_by_the_name_the_browser_used(browser_type, chromium_path, local_app):
    # The browser opens the proxy by a name that is not this computer's (mapped to 127.0.0.1 only here).
    browser = browser_type.launch(executable_path=chromium_path,
                                  args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {PUBLIC_NAME} 127.0.0.1"])
    try:
        with ReverseProxy(port_of(local_app), forward_headers=False) as proxy:
            page = browser.new_page(locale="it-IT", viewport={"width": 1400, "height": 900})
            page.set_default_timeout(30_000)
            open_dati(page, f"http://{PUBLIC_NAME}:{proxy.port}")
            assert_read_only(page)
            expect(page.get_by_text("attraverso un proxy (intestazione Host)")).to_be_visible()
    finally:
        browser.close()
