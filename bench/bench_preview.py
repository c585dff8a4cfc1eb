"""Upload preview benchmark: from "file chosen" to "preview shown" for a 10,000-row Candidature workbook.

Against the demo database (3 versions) it times, in this process (libraries already loaded, as in the
running dashboard):

* ``prepare``: pipeline.prepare, i.e. the guarded read in a child process, validation and the diff;
* ``preview``: preview.build_preview, i.e. the display tables and the figures after (queries.kpis on an
  in-memory store holding the would-be version);
* ``apptest``: the Dati page itself in Streamlit's AppTest, from ``file_uploader.set_value`` to the run
  that shows the preview (everything above plus rendering a 10k-row table); skip with ``--no-apptest``;
* ``browser`` (with ``--browser``): the real app (``streamlit run``, local mode) in headless Chromium, from
  choosing the file in the uploader to the preview on screen (upload, run, rendering).

The workbook keeps the demo's 48 applications (the outcomes still refer to them) and adds new ones on
the demo's cards, calls and partners, as typed cells the way Excel writes them.

    .venv/bin/python bench/bench_preview.py                   # 10,000 rows, 3 repeats
    .venv/bin/python bench/bench_preview.py --rows 1000 10000 --repeat 5 --no-apptest
    .venv/bin/python bench/bench_preview.py --browser           # also in a real browser (needs chromium)
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ngp_data.analytics.changes import figure_changes  # noqa: E402
from ngp_data.demo import demo_frames, load_demo  # noqa: E402
from ngp_data.ingest import pipeline  # noqa: E402
from ngp_data.ingest import preview as pv  # noqa: E402
from ngp_data.schema import REQUESTS  # noqa: E402
from ngp_data.store import Store, close_store, open_store  # noqa: E402

TARGET_S = 3.0


def candidature_workbook(n: int) -> bytes:
    """The demo's applications, then new ones up to ``n`` rows."""
    frames = demo_frames()
    cards = list(frames["projects"]["project_id"])
    calls = list(frames["calls"]["call_id"])
    partners = list(frames["partners"]["partner_id"])
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = wb.add_worksheet("Candidature")
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, [c.it for c in REQUESTS.columns])
    r = 0
    for r, row in enumerate(frames["requests"].itertuples(index=False), start=1):
        ws.write_string(r, 0, row.request_id)
        ws.write_string(r, 1, row.project_id)
        ws.write_string(r, 2, row.call_id)
        ws.write_string(r, 3, row.applicant)
        if row.submitted_on:
            ws.write_datetime(r, 4, row.submitted_on, date_fmt)
        if row.amount_requested == row.amount_requested:
            ws.write_number(r, 5, row.amount_requested)
        if row.cofinancing == row.cofinancing:
            ws.write_number(r, 6, row.cofinancing)
    start = date(2024, 1, 1)
    for i in range(n - r):
        r += 1
        ws.write_string(r, 0, f"C-B{i:06d}")
        ws.write_string(r, 1, cards[i % len(cards)])
        ws.write_string(r, 2, calls[i % len(calls)])
        ws.write_string(r, 3, partners[i % len(partners)])
        ws.write_datetime(r, 4, start + timedelta(days=i % 300), date_fmt)
        ws.write_number(r, 5, 10_000 + (i * 37) % 5_000_000)
        if i % 4:
            ws.write_number(r, 6, 1_000 + (i * 13) % 100_000)
    wb.close()
    return buffer.getvalue()


def time_pipeline(store: Store, files: list[tuple[str, bytes]]) -> tuple[float, float, int]:
    t0 = time.perf_counter()
    prepared = pipeline.prepare(files, store)
    t1 = time.perf_counter()
    assert prepared.ok, [str(p) for p in prepared.problems][:5]
    view = pv.build_preview(prepared)
    figure_changes(store, prepared.base_version, pv.would_be_tables(prepared, store))   # the figures after
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, sum(tc.n_added for tc in view.tables)


def time_apptest(db: Path, files: list[tuple[str, bytes]]) -> float:
    from streamlit import config

    from tests.apptest_helpers import run_app
    config.set_option("server.address", "127.0.0.1")            # local mode: the uploader is shown
    at = run_app(db, page="dati", secrets={"editors": []}, timeout=120)
    t0 = time.perf_counter()
    at.file_uploader[0].set_value([(n, b, "application/octet-stream") for n, b in files])
    at.run()
    seconds = time.perf_counter() - t0
    assert not at.exception and any(b.label.startswith("Conferma") for b in at.button), "no preview shown"
    return seconds


def time_browser(data: bytes, name: str, repeat: int) -> float:
    from playwright.sync_api import expect, sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, start_streamlit, stop, wait_idle
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        proc, url = start_streamlit(Path(tmp) / "ngp.duckdb", Path(tmp) / "server.log")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.set_default_timeout(120_000)
                page.goto(url)                                         # the demo loads on the first visit
                wait_idle(page)
                times = []
                for _ in range(repeat + 1):                            # the first one warms up
                    page.goto(f"{url}/dati")
                    wait_idle(page)
                    t0 = time.perf_counter()
                    page.get_by_test_id("stFileUploader").locator('input[type="file"]').set_input_files(str(path))
                    expect(page.get_by_role("button", name="Conferma e salva la nuova versione")).to_be_visible()
                    wait_idle(page)
                    times.append(time.perf_counter() - t0)
                browser.close()
        finally:
            stop(proc)
    return statistics.median(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-apptest", action="store_true")
    parser.add_argument("--browser", action="store_true", help="also time the real app in headless Chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ngp.duckdb"
        store = open_store(db)                                        # the instance the app's runs share
        load_demo(store)
        os.environ["NGP_DEMO"] = "1"
        print(f"{'rows':>7} {'MB':>5} {'prepare s':>10} {'preview s':>10} {'total s':>8} {'apptest s':>10} "
              f"{'browser s':>10}  (median of {args.repeat}; target {TARGET_S:.0f} s)")
        for n in args.rows:
            data = candidature_workbook(n)
            files = [(f"candidature_{n}.xlsx", data)]
            time_pipeline(store, files)                               # warm-up (first child start, imports)
            runs = [time_pipeline(store, files) for _ in range(args.repeat)]
            prep = statistics.median(r[0] for r in runs)
            view = statistics.median(r[1] for r in runs)
            apptest = "-"
            if not args.no_apptest:
                apptest = f"{statistics.median(time_apptest(db, files) for _ in range(args.repeat)):.2f}"
            browser = f"{time_browser(data, files[0][0], args.repeat):.2f}" if args.browser else "-"
            print(f"{n:>7} {len(data) / 1e6:>5.2f} {prep:>10.2f} {view:>10.2f} {prep + view:>8.2f} {apptest:>10} "
                  f"{browser:>10}  ({runs[0][2]} rows added)")
        close_store(db)


if __name__ == "__main__":
    main()
