"""Meeting pack benchmark: the demo portfolio's PDF, the time of each stage (target: under 20 s in all).

The demo (3 versions and the official snapshot) is loaded into a temporary DuckDB store; then the pack
is built ``--repeat`` times in this process, Italian and without filters, and for each run the time
between successive ``progress`` calls is printed:

* ``data``: every query of the document (KPIs, changes, attention, deadlines, charts' frames, official);
* ``start``: Chromium started by kaleido and the first chart exported;
* ``charts``: the other charts, one by one in the same browser (their mean is printed too);
* ``typeset``: typst reading the JSON and the SVGs and writing the PDF.

The first run also pays Python's imports (kaleido, typst, plotly's first figure). It also times one
figure exported with a plain ``fig.to_image`` (a browser per figure: what reusing one browser saves).

    .venv/bin/python bench/bench_pack.py                  # 3 runs
    .venv/bin/python bench/bench_pack.py --repeat 1 --out /tmp/dossier.pdf
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ngp_data import output  # noqa: E402
from ngp_data.demo import load_demo  # noqa: E402
from ngp_data.labels import t  # noqa: E402
from ngp_data.store import Store  # noqa: E402


def one_run(store: Store, today: dt.date) -> tuple[dict[str, float], int, bytes]:
    marks: list[tuple[float, str]] = []
    start = time.perf_counter()
    pdf = output.build_pack(store, today=today, progress=lambda f, m: marks.append((time.perf_counter(), m)))
    end = time.perf_counter()
    times = [m for m, _ in marks]
    names = [m for _, m in marks]
    charts_at = names.index(t("pack_stage_charts"))
    typeset_at = names.index(t("pack_stage_typeset"))
    n_charts = typeset_at - charts_at - 1
    stages = {
        "data": times[charts_at] - start,
        "start": times[charts_at + 1] - times[charts_at],
        "charts": times[typeset_at] - times[charts_at + 1],
        "typeset": end - times[typeset_at],
        "total": end - start,
    }
    return stages, n_charts, pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="write the last PDF here")
    args = parser.parse_args()
    today = dt.date(2026, 11, 23)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "demo.duckdb")
        load_demo(store)
        pdf = b""
        for run in range(1, args.repeat + 1):
            stages, n, pdf = one_run(store, today)
            each = stages["charts"] / max(n - 1, 1)
            print(f"run {run}: data {stages['data']:.2f} s · Chromium start + chart 1 {stages['start']:.2f} s · "
                  f"charts 2-{n} {stages['charts']:.2f} s ({each:.2f} s each) · typeset {stages['typeset']:.2f} s · "
                  f"total {stages['total']:.2f} s · {len(pdf) / 1024:.0f} KB")
        import plotly.graph_objects as go
        fig = go.Figure(go.Bar(x=["M1", "M2"], y=[1, 2]))
        began = time.perf_counter()
        fig.to_image(format="svg", width=1000, height=420)
        print(f"one figure with fig.to_image (a new browser): {time.perf_counter() - began:.2f} s")
        store.close()
    if args.out:
        args.out.write_bytes(pdf)
        print(f"written {args.out}")


if __name__ == "__main__":
    main()
