"""Export benchmark: our formatted, safe writer beside a bare XlsxWriter write of the same DataFrame.

A synthetic version with N applications (default 100,000; 0.7 outcomes per application, 1 card per
50 applications) is committed to a temporary DuckDB store. Then, in this one process and alternating
the two so that the shared machine's noise hits both alike, it times:

* ``sheet``: the Candidature sheet alone (N rows × 7 columns): ``output.write_tables`` against the
  bare write (XlsxWriter with the same safety options, bold header, € and date column formats,
  frozen header, autofilter, ``write_row`` per row of the DataFrame);
* ``workbook``: the whole Esporta workbook of the version (six table sheets, two summaries, "Filtri";
  ``output.write_export`` on data already queried) against the bare write of the same six DataFrames;

each with XlsxWriter's ``constant_memory`` off and on (the bare write goes row by row, as that mode
needs; ours too when the mode is on). It prints the best of ``--repeat`` runs and the ratio
ours / bare (target: within 1.5×), and checks every file by counting its rows back.

    .venv/bin/python bench/bench_export.py                     # 100k applications, 3 runs each
    .venv/bin/python bench/bench_export.py --rows 10000 --repeat 1 --only sheet
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ngp_data import kinds, output  # noqa: E402
from ngp_data.analytics.queries import NO_FILTERS  # noqa: E402
from ngp_data.schema import AMOUNT, DATE, MISSIONS, OUTCOMES, TABLE_BY_NAME  # noqa: E402
from ngp_data.store import Store  # noqa: E402


def synthetic_frames(n_requests: int, seed: int = 7) -> dict[str, pd.DataFrame]:
    """A plausible portfolio with ``n_requests`` applications (schema columns, store-like types)."""
    rng = np.random.default_rng(seed)
    n_partners, n_cards, n_calls = 60, max(n_requests // 50, 10), max(n_requests // 500, 10)
    partners = pd.DataFrame({
        "partner_id": [f"P-{i:03d}" for i in range(n_partners)],
        "name": [f"Soggetto {i} di Prato" for i in range(n_partners)],
        "kind": rng.choice(["ente pubblico", "impresa", "università", "altro"], n_partners),
        "signatory": rng.random(n_partners) < 0.4,
    })
    missions = list(MISSIONS)[:6]
    day0 = dt.date(2021, 1, 1)

    def days(n, span=2000):
        return [day0 + dt.timedelta(days=int(d)) for d in rng.integers(0, span, n)]

    projects = pd.DataFrame({
        "project_id": [f"NGP-{i:05d}" for i in range(n_cards)],
        "title": [f"Scheda progetto numero {i} per la transizione" for i in range(n_cards)],
        "mission": rng.choice(missions, n_cards), "component": None, "measure": None,
        "lead_partner": rng.choice(partners["partner_id"], n_cards),
        "budget_total": rng.integers(1, 500, n_cards) * 100_000.0,
        "axis": rng.choice(["ecologica", "digitale", "circolare"], n_cards), "state": "In esecuzione",
        "start_date": days(n_cards), "end_date": days(n_cards), "shovel_ready": rng.random(n_cards) < 0.5,
        "cup": None, "description": "Descrizione sintetica della scheda, una riga di testo.",
    })
    project_partners = pd.DataFrame({
        "project_id": projects["project_id"], "partner_id": rng.choice(partners["partner_id"], n_cards),
        "role": "partner"}).drop_duplicates(["project_id", "partner_id"])
    calls = pd.DataFrame({
        "call_id": [f"B-{i:04d}" for i in range(n_calls)], "title": [f"Bando {i}" for i in range(n_calls)],
        "source": "PNRR", "administration": "Ministero", "measure": None, "published_on": days(n_calls),
        "deadline": days(n_calls), "allocation": rng.integers(1, 900, n_calls) * 1_000_000.0, "link": None,
    })
    requested = rng.integers(10_000, 5_000_000, n_requests).astype("float64")
    requested[rng.random(n_requests) < 0.03] = np.nan                     # a few unknown amounts
    requests = pd.DataFrame({
        "request_id": [f"C-{i:07d}" for i in range(n_requests)],
        "project_id": rng.choice(projects["project_id"], n_requests),
        "call_id": rng.choice(calls["call_id"], n_requests),
        "applicant": rng.choice(partners["partner_id"], n_requests),
        "submitted_on": days(n_requests), "amount_requested": requested,
        "cofinancing": np.where(rng.random(n_requests) < 0.5, requested * 0.2, np.nan),
    })
    decided = requests.sample(frac=0.7, random_state=seed).sort_values("request_id")
    n_out = len(decided)
    outcomes = pd.DataFrame({
        "request_id": decided["request_id"].to_numpy(),
        "outcome": rng.choice([it for it, _ in OUTCOMES[2:]], n_out), "decided_on": days(n_out),
        "amount_granted": decided["amount_requested"].to_numpy() * 0.8, "amount_disbursed": np.nan,
        "act": [f"Decreto n. {i}" for i in range(n_out)], "cup": None,
    })
    return {"partners": partners, "projects": projects, "project_partners": project_partners, "calls": calls,
            "requests": requests, "outcomes": outcomes}


def bare_write(frames: dict[str, pd.DataFrame], path: Path, constant_memory: bool) -> None:
    """What a careful developer writes with XlsxWriter alone: no fitting, no per-cell safety."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})
    bold = wb.add_format({"bold": True})
    amount = wb.add_format({"num_format": kinds.AMOUNT_FORMAT})
    date = wb.add_format({"num_format": kinds.DATE_FORMAT})
    for name, frame in frames.items():
        table = TABLE_BY_NAME[name]
        ws = wb.add_worksheet(table.sheet)
        for c, col in enumerate(table.columns):
            ws.set_column(c, c, 16, amount if col.kind == AMOUNT else date if col.kind == DATE else None)
        ws.write_row(0, 0, [col.it for col in table.columns], bold)
        rows = frame[table.names].astype(object).where(frame[table.names].notna(), None)
        for r, row in enumerate(rows.itertuples(index=False, name=None), start=1):
            ws.write_row(r, 0, row)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, len(frame), len(table.columns) - 1)
    wb.close()


def count_rows(path: Path) -> dict[str, int]:
    """Data rows of each sheet, counted in the XML (<row> elements minus the header)."""
    out = {}
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        for n in sorted(names, key=lambda s: int(s.rsplit("sheet", 1)[1].split(".")[0])):
            out[n] = z.read(n).count(b"<row ") - 1
    return out


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="applications (default 100000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure; the best is kept")
    parser.add_argument("--only", choices=("sheet", "workbook"), default=None)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ngp_bench_export_"))
    frames = synthetic_frames(args.rows)
    store = Store(tmp / "bench.duckdb")
    t0 = time.perf_counter()
    version = store.commit(frames, comment=f"benchmark {args.rows} candidature")
    commit_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    data = output.collect_export(store, version, NO_FILTERS)
    collect_s = time.perf_counter() - t0
    info = output.ExportInfo(NO_FILTERS, store.version(version))
    requests = data.tables["requests"]
    print(f"{len(requests):,} applications, {len(data.tables['outcomes']):,} outcomes, "
          f"{len(data.tables['projects']):,} cards; commit {commit_s:.1f} s, queries for the workbook "
          f"{collect_s:.2f} s (not in the times below)")
    print(f"xlsxwriter {xlsxwriter.__version__}, pandas {pd.__version__}, numpy {np.__version__}, "
          f"python {sys.version.split()[0]}; best of {args.repeat}\n")

    cases = []
    if args.only in (None, "sheet"):
        cases.append(("sheet", lambda p, cm: output.write_tables({"requests": requests}, p, constant_memory=cm),
                      lambda p, cm: bare_write({"requests": requests}, p, cm)))
    if args.only in (None, "workbook"):
        cases.append(("workbook", lambda p, cm: output.write_export(data, p, info=info, constant_memory=cm),
                      lambda p, cm: bare_write(data.tables, p, cm)))
    print(f"{'what':<10} {'constant_memory':<16} {'ours s':>8} {'bare s':>8} {'ratio':>6}  {'ours MB':>8} "
          f"{'bare MB':>8}")
    for what, ours, bare in cases:
        for cm in (False, True):
            best = {"ours": float("inf"), "bare": float("inf")}
            paths = {"ours": tmp / f"ours_{what}_{cm}.xlsx", "bare": tmp / f"bare_{what}_{cm}.xlsx"}
            for _ in range(args.repeat):
                best["ours"] = min(best["ours"], timed(lambda: ours(paths["ours"], cm)))       # noqa: B023
                best["bare"] = min(best["bare"], timed(lambda: bare(paths["bare"], cm)))       # noqa: B023
            got = count_rows(paths["ours"])
            expected_rows = len(requests)
            assert max(got.values()) == expected_rows, (what, cm, got)   # nothing silently dropped
            assert max(count_rows(paths["bare"]).values()) == expected_rows
            size = {k: p.stat().st_size / 2**20 for k, p in paths.items()}
            print(f"{what:<10} {'on' if cm else 'off':<16} {best['ours']:>8.2f} {best['bare']:>8.2f} "
                  f"{best['ours'] / best['bare']:>5.2f}×  {size['ours']:>8.1f} {size['bare']:>8.1f}", flush=True)
    store.close()


if __name__ == "__main__":
    main()
