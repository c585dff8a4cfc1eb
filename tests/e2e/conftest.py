"""Browser tests: the real app (`streamlit run`) driven by Playwright in Debian's Chromium.

`playwright install` cannot work offline, so the pytest-playwright fixtures are pointed at
/usr/bin/chromium (recipe: shared/BROWSER_TESTS.md). Without Chromium these tests skip, except in CI.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IDLE = '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'
TODAY = "2026-11-23"
WORKBOOK_UPLOADER = "Cartella di lavoro o un file per foglio"     # not the official files' uploader
# The default 5 s of expect() is short on a loaded 2-core machine (a page's table appears after its queries):
# every assertion may wait up to 20 s; a passing one returns as soon as it holds.
expect.set_options(timeout=20_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(db: Path, log_path: Path, *, extra_args=(), env=None) -> tuple[subprocess.Popen, str]:
    """`streamlit run dashboard.py` on a free loopback port; returns the process and its URL."""
    port = free_port()
    log = log_path.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", *extra_args],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "NGP_DB": str(db), "NGP_TODAY": TODAY, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return proc, url
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"streamlit did not start, see {log_path}")
        time.sleep(0.3)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def chromium_path():
    if not Path(CHROMIUM).exists():
        skip_or_fail("Chromium is not installed (apt-get install -y chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, chromium_path):
    """The app on the demo data, once per test session."""
    root = tmp_path_factory.mktemp("e2e")
    proc, url = start_streamlit(root / "ngp.duckdb", root / "server.log")
    yield url
    stop(proc)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_path):
    return {**browser_type_launch_args, "executable_path": chromium_path, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(app_server):
    return app_server


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 900}, "locale": "it-IT"}


def wait_idle(page: Page, timeout: float = 30_000) -> None:
    """The script finished its run and no 'Running…' indicator is shown."""
    page.locator(IDLE).wait_for(timeout=timeout)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout)


def full_screenshot(page: Page, path: Path, width: int = 1400) -> None:
    """Streamlit scrolls inside stMain: grow the viewport to the content, then take the picture."""
    height = page.evaluate("() => Math.max(...['stMain','stAppViewContainer','stMainBlockContainer']"
                           ".map(t => document.querySelector(`[data-testid=${t}]`)?.scrollHeight || 0),"
                           " document.documentElement.scrollHeight)")
    page.set_viewport_size({"width": width, "height": min(height + 80, 8000)})
    wait_idle(page)
    for chart in page.get_by_test_id("stPlotlyChart").all():      # charts draw once they are in view
        chart.locator(".main-svg").first.wait_for()
    page.wait_for_timeout(800)
    page.screenshot(path=str(path), full_page=True)
