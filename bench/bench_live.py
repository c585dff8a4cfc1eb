"""The live projector's tick (ui/live.py): the check itself (the two active ids) and one fragment round trip
in Chromium (script state "running" -> "notRunning" of a tick, seen by the browser). Prints figures.

    python bench/bench_live.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ngp_data.store import Store  # noqa: E402
from tests.store_helpers import demo_database  # noqa: E402
from ui.live import active_ids  # noqa: E402

OBSERVE = """() => new Promise(done => {
  const app = document.querySelector('[data-testid=stApp]'); const spans = []; let start = null;
  new MutationObserver(() => {
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running' && start === null) start = performance.now();
    if (state === 'notRunning' && start !== null) { spans.push(performance.now() - start); start = null;
      if (spans.length === 5) done(spans); }
  }).observe(app, {attributes: true});
})"""


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    store = Store(demo_database(folder))
    active_ids(store)
    times = []
    for _ in range(1000):
        start = time.perf_counter()
        active_ids(store)
        times.append(time.perf_counter() - start)
    store.close()
    print(f"check (active version + snapshot): median {statistics.median(times) * 1e3:.2f} ms, "
          f"p95 {sorted(times)[949] * 1e3:.2f} ms over 1000")

    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_streamlit, stop, wait_idle
    proc, url = start_streamlit(folder / "ngp.duckdb", folder / "server.log", env={"NGP_LIVE_SECONDS": "2"})
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for path in ("/missioni", "/presentazione"):
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                page.goto(url + path)
                wait_idle(page)
                spans = page.evaluate(OBSERVE)
                print(f"fragment round trip on {path}: median {statistics.median(spans):.0f} ms "
                      f"({', '.join(f'{s:.0f}' for s in spans)} ms)")
            browser.close()
    finally:
        stop(proc)


if __name__ == "__main__":
    main()
