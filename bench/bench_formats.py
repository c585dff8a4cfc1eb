"""How long the screen text of a table's amounts takes: ngp_data.formats against Babel's own functions.

A page draws up to 1,000 rows (ui.tables.DISPLAY_ROWS); the widest tables have five amount columns, so
one rerun formats 5,000 amounts. Prints, for each function, the time per rerun and the ratio to ours.

    .venv/bin/python bench/bench_formats.py             # 5,000 values, best of 5
    .venv/bin/python bench/bench_formats.py --values 50000 --repeat 3
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from babel.numbers import format_currency, format_decimal

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ngp_data.formats import fmt_eur_cents, fmt_number  # noqa: E402


def best(fn, values, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for v in values:
            fn(v)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(7)
    amounts = [rng.randrange(0, 10**11) / 100 for _ in range(args.values)]
    rows = [
        ("amount, ours (fmt_eur_cents)", lambda v: fmt_eur_cents(v, "it")),
        ("amount, Babel format_currency", lambda v: format_currency(v, "EUR", locale="it_IT")),
        ("number, ours (fmt_number)", lambda v: fmt_number(v, "it")),
        ("number, Babel format_decimal", lambda v: format_decimal(v, format="#,##0", locale="it_IT")),
    ]
    results = [(name, best(fn, amounts, args.repeat)) for name, fn in rows]
    ours = {"amount": results[0][1], "number": results[2][1]}
    print(f"{args.values:,} values, best of {args.repeat}")
    for name, seconds in results:
        base = ours[name.split(",")[0]]
        print(f"  {name:32s} {seconds * 1000:8.1f} ms   {seconds / base:5.1f}x ours")


if __name__ == "__main__":
    main()
