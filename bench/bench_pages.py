"""Page benchmark: each page's script time (AppTest), at demo scale and on a portfolio 100× larger.

For every page it prints, measured in the same run, the warm time (queries cached, the usual case
for the committee clicking around) and the cold time (caches cleared before the run: every query
executed), as the median of several runs. The 100× portfolio has 2,400 cards and 100,000 applications,
and its official snapshot is the real Prato sample grown 30 times (about 1,000 project rows, what a
national import keeps for Prato).

The same pages can be timed on each store: the embedded DuckDB file and PostgreSQL (through DuckDB's
postgres extension, as the app runs with ``NGP_DB=postgresql://…``) on a throwaway cluster started in a
temporary folder (Debian's ``postgresql``, as the tests do) and stopped at the end.

    .venv/bin/python bench/bench_pages.py                  # demo and 100×, embedded file
    .venv/bin/python bench/bench_pages.py --scales 1 --runs 3
    .venv/bin/python bench/bench_pages.py --stores duckdb postgresql --runs 3
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
import warnings
from datetime import timedelta
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ngp_data.demo import demo_frames, load_demo  # noqa: E402
from ngp_data.store import Store  # noqa: E402
from ngp_data.store import official as store_official  # noqa: E402

PAGES = ["panoramica", "attenzione", "missioni", "partner", "budget", "bandi", "fondi", "scheda", "novita",
         "riscontro", "dati", "esporta"]
OUTCOMES = ["Ammessa e finanziata", "Finanziata parzialmente", "Ammessa non finanziata", "Non ammessa",
            "In istruttoria", "Presentata", "Ritirata / Rinuncia", "Revocata"]


def scaled_frames(cards: int = 2_400, applications: int = 100_000) -> dict[str, pd.DataFrame]:
    """The demo portfolio grown to ``cards`` cards and ``applications`` applications (calls ×10)."""
    base = demo_frames()
    copies = -(-cards // len(base["projects"]))
    projects = pd.concat([base["projects"].assign(project_id=base["projects"]["project_id"] + f"-{k:03d}")
                          for k in range(copies)], ignore_index=True).head(cards)
    pp = pd.concat([base["project_partners"].assign(project_id=base["project_partners"]["project_id"] + f"-{k:03d}")
                    for k in range(copies)], ignore_index=True)
    pp = pp[pp["project_id"].isin(projects["project_id"])]
    calls = pd.concat([base["calls"].assign(call_id=base["calls"]["call_id"] + f"-{k}") for k in range(10)],
                      ignore_index=True)
    partners = base["partners"]
    ids = [f"C-{i:06d}" for i in range(applications)]
    start = pd.Timestamp("2021-01-01").date()
    requests = pd.DataFrame({
        "request_id": ids,
        "project_id": [projects["project_id"].iat[i % cards] for i in range(applications)],
        "call_id": [calls["call_id"].iat[i % len(calls)] for i in range(applications)],
        "applicant": [partners["partner_id"].iat[i % len(partners)] for i in range(applications)],
        "submitted_on": [start + timedelta(days=i % 1500) for i in range(applications)],
        "amount_requested": [float(50_000 + (i * 7919) % 5_000_000) for i in range(applications)],
        "cofinancing": [float((i * 31) % 200_000) if i % 3 else None for i in range(applications)],
    })
    decided = [i for i in range(applications) if i % 10]
    outcomes = pd.DataFrame({
        "request_id": [ids[i] for i in decided],
        "outcome": [OUTCOMES[i % len(OUTCOMES)] for i in decided],
        "decided_on": [start + timedelta(days=i % 1500 + 120) for i in decided],
        "amount_granted": [float(50_000 + (i * 7919) % 5_000_000) if OUTCOMES[i % len(OUTCOMES)].startswith(
            ("Ammessa e", "Finanziata")) else None for i in decided],
        "amount_disbursed": [None] * len(decided), "act": [None] * len(decided), "cup": [None] * len(decided),
    })
    return {"partners": partners, "projects": projects, "project_partners": pp, "calls": calls,
            "requests": requests, "outcomes": outcomes}


def scaled_official(store: Store, copies: int) -> dict[str, pd.DataFrame]:
    """The demo's official snapshot (the real Prato sample) grown ``copies`` times, each copy under new CUPs:
    at 30 copies about the 1,000 project rows a national import keeps for Prato."""
    out = {}
    for table in ("official_projects", "official_locations", "official_payments", "official_targets"):
        base = store_official.official_table(store, table)
        grown = []
        for k in range(copies):
            copy = base.copy()
            copy["cup"] = copy["cup"].str[:-3] + f"{k:03d}"
            grown.append(copy)
        out[table] = pd.concat(grown, ignore_index=True)
    return out


def build_db(path: Path | str, scale: int) -> None:
    store = Store(path)
    load_demo(store)
    if scale > 1:
        frames = scaled_frames(cards=24 * scale, applications=1_000 * scale)
        store.commit(frames, comment=f"portafoglio ×{scale} per il benchmark")
        store_official.commit_snapshot(store, scaled_official(store, 30), [], comune="100005",
                                       comment="istantanea ×30 per il benchmark")
    store.close()


def time_pages(db: Path | str, runs: int, pages: list[str] = PAGES) -> dict[str, tuple[float, float]]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()          # a new database: nothing of the previous one is kept
    os.environ.update({"NGP_DB": str(db), "NGP_TODAY": "2026-11-23", "NGP_DEMO": "0"})
    results = {}
    for page in pages:
        warm, cold = [], []
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.user = {"is_logged_in": False}
        at.run()
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, at.exception)
        for _ in range(runs):
            t0 = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - t0)
            st.cache_data.clear()
            t0 = time.perf_counter()
            at.run()
            cold.append(time.perf_counter() - t0)
        results[page] = (statistics.median(warm), statistics.median(cold))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 100])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", nargs="+", default=PAGES, choices=PAGES)
    parser.add_argument("--stores", nargs="+", default=["duckdb"], choices=["duckdb", "postgresql"])
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    import logging
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    table = {}
    with tempfile.TemporaryDirectory() as tmp, _postgres(args) as new_pg_database:
        for kind in args.stores:
            for scale in args.scales:
                db = Path(tmp) / f"x{scale}.duckdb" if kind == "duckdb" else new_pg_database(f"bench_x{scale}")
                t0 = time.perf_counter()
                build_db(db, scale)
                print(f"{kind} ×{scale}: database built in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
                table[kind, scale] = time_pages(db, args.runs, args.pages)
    columns = [(k, s) for k in args.stores for s in args.scales]
    short = {"duckdb": "file", "postgresql": "pg"}
    print("page".ljust(12) + "".join(f"{f'{short[k]} ×{s} warm':>16}{f'{short[k]} ×{s} cold':>16}"
                                     for k, s in columns))
    for page in args.pages:
        print(page.ljust(12) + "".join(f"{table[c][page][0]:>15.3f}s{table[c][page][1]:>15.3f}s" for c in columns))


@contextlib.contextmanager
def _postgres(args):
    """Yields ``new_database(name) -> URL`` on a throwaway cluster (tests/pg_cluster.py), stopped at the end."""
    if "postgresql" not in args.stores:
        yield None
        return
    from tests.pg_cluster import Cluster, available

    why = available()
    if why:
        sys.exit(f"PostgreSQL: {why}")
    cluster = Cluster().start()
    try:
        yield lambda name: cluster.database(name)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
