"""Import benchmark: our whole import of a Candidature sheet beside bare reads of the same file.

For 1k, 10k and 100k rows it prints, measured in the same run, each in a fresh process (so peak
memory is that step's own, parser child included): our import (read in the guarded child + validate +
commit), the same import by the cell-by-cell path (the child's rows pickled, every cell converted in
Python: how it was before typed columns, issue 11 item 3), the bare
fastexcel read (Rust calamine into Arrow, the fastest reader we know) and the bare
``pandas.read_excel(engine="openpyxl")`` read, with the ratios against fastexcel. "seconds" excludes
importing the libraries (the dashboard has them loaded already); "+imports" is that extra cost.

    .venv/bin/python bench/bench_import.py                 # 1k, 10k, 100k
    .venv/bin/python bench/bench_import.py --rows 1000 10000 --repeat 3
    .venv/bin/python bench/bench_import.py --rows 10000 100000 --repeat 3 --no-openpyxl --before /tmp/old
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ngp_data.schema import REQUESTS  # noqa: E402
from tests.builders import valid_rows, workbook_bytes  # noqa: E402

STEP_TEMPLATE = textwrap.dedent("""
    import json, resource, sys, time
    sys.path.insert(0, {root!r})
    kind, path, db = sys.argv[1], sys.argv[2], sys.argv[3]
    t_start = time.perf_counter()
    if kind in ("ours", "ours-cells"):
        from ngp_data.ingest.pipeline import commit, prepare
        from ngp_data.store import Store
        if kind == "ours-cells":         # the cell-by-cell path: plain rows pickled, every cell read in Python
            from ngp_data.ingest import guard
            real = guard.parse_isolated
            guard.parse_isolated = lambda data, fmt, **kw: real(data, fmt, **{{**kw, "columns": False}})
    elif kind == "fastexcel":
        import fastexcel
    else:
        import pandas as pd
    t0 = time.perf_counter()
    if kind in ("ours", "ours-cells"):
        store = Store(db)
        prepared = prepare([("candidature.xlsx", open(path, "rb").read())], store)
        assert prepared.ok, [str(p) for p in prepared.problems][:5]
        commit(prepared, store)
        rows = store.version().counts["requests"]
    elif kind == "fastexcel":
        rows = fastexcel.read_excel(path).load_sheet("Candidature").to_arrow().num_rows
    else:
        rows = len(pd.read_excel(path, sheet_name="Candidature", engine="openpyxl"))
    seconds = time.perf_counter() - t0
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(json.dumps({{"seconds": seconds, "imports": t0 - t_start, "rows": rows, "peak_mb": peak / 1024}}))
""")
STEP = STEP_TEMPLATE.format(root=str(ROOT))


def write_candidature(path: Path, n: int) -> None:
    """n applications on the small valid portfolio's cards and calls, typed cells as Excel writes them."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Candidature")
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, [c.it for c in REQUESTS.columns])
    cards, calls, partners = ["NGP-01", "NGP-02"], ["B-FARO", "B-RIG"], ["ALIA", "COMUNE-PO", "PIN"]
    start = date(2021, 1, 1)
    for i in range(n):
        r = i + 1
        ws.write_string(r, 0, f"C-{r:06d}")
        ws.write_string(r, 1, cards[i % 2])
        ws.write_string(r, 2, calls[i % 2])
        ws.write_string(r, 3, partners[i % 3])
        ws.write_datetime(r, 4, start + timedelta(days=i % 150), date_fmt)
        ws.write_number(r, 5, 10_000 + (i * 37) % 5_000_000)
        if i % 4:
            ws.write_number(r, 6, 1_000 + (i * 13) % 100_000)
    wb.close()


def run_step(kind: str, path: Path, db: Path, before: str | None = None) -> dict:
    step = STEP
    if kind == "before":                 # our import as another checkout of the code does it (--before)
        step, kind = STEP_TEMPLATE.format(root=before), "ours"
    out = subprocess.run([sys.executable, "-c", step, kind, str(path), str(db)], capture_output=True, text=True,
                         check=True, cwd=before or ROOT, env={**os.environ, "PYTHONPATH": before or str(ROOT)})
    return json.loads(out.stdout.strip().splitlines()[-1])


def base_db(path: Path) -> None:
    """A database whose active version holds the cards, calls and partners the applications refer to."""
    from ngp_data.ingest.pipeline import commit, prepare
    from ngp_data.store import Store

    rows = valid_rows()
    del rows["Candidature"], rows["Esiti"]
    store = Store(path)
    commit(prepare([("base.xlsx", workbook_bytes(rows))], store), store)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=1, help="runs per step (the best is kept)")
    parser.add_argument("--no-openpyxl", action="store_true", help="skip the slow openpyxl baseline")
    parser.add_argument("--before", metavar="DIR",
                        help="also time the import of another checkout (e.g. `git archive <commit> | tar -x -C DIR`)")
    parser.add_argument("--no-cells", action="store_true",
                        help="skip our import by the cell-by-cell path (the child's rows pickled: before issue 11.3)")
    args = parser.parse_args()
    print(f"{'rows':>8} {'step':<34} {'seconds':>8} {'× fastexcel':>12} {'+imports':>9} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in args.rows:
            xlsx = tmp / f"candidature_{n}.xlsx"
            write_candidature(xlsx, n)
            results = {}
            steps = ["fastexcel", "ours"] + ([] if args.no_cells else ["ours-cells"]) + \
                (["before"] if args.before else []) + ([] if args.no_openpyxl else ["openpyxl"])
            for kind in steps:
                best = None
                for r in range(args.repeat):
                    db = tmp / f"{kind}_{n}_{r}.duckdb"
                    base_db(db)
                    res = run_step(kind, xlsx, db, args.before)
                    assert res["rows"] == n, res
                    best = res if best is None or res["seconds"] < best["seconds"] else best
                results[kind] = best
            names = {"fastexcel": "bare read: fastexcel", "ours": "our import (read+validate+commit)",
                     "ours-cells": "our import, cell by cell", "before": "our import, --before checkout",
                     "openpyxl": "bare read: pandas + openpyxl"}
            for kind in steps:
                res = results[kind]
                ratio = res["seconds"] / results["fastexcel"]["seconds"]
                print(f"{n:>8} {names[kind]:<34} {res['seconds']:>8.2f} {ratio:>11.1f}× {res['imports']:>8.2f}s "
                      f"{res['peak_mb']:>8.0f}")
            print(f"{'':>8} file size {xlsx.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
