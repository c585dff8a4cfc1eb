"""The next funds: the open calls on a timeline, one colour per source (analytics.funds.open_calls)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from ...labels import t, value_label
from ...lists import SOURCES
from .style import esc, layout, wrapped
from .timelines import call_bars, date_axis

# One colour per source (Okabe-Ito and greys: safe for colour-blind readers); EU funds in blues and greens.
SOURCE_COLORS = {
    "PNRR": "#0072B2", "PNC": "#56B4E9", "REPowerEU": "#8C7B00", "FESR": "#009E73", "FSE+": "#CC79A7",
    "FSC": "#E69F00", "Regione": "#6A3D9A", "altro": "#6e7781",
}
UNDATED_START = 30          # days before the deadline a bar starts when the call has no publication date


def funds_timeline(calls: pd.DataFrame, today: dt.date, lang: str = "it", big: bool = False) -> go.Figure:
    """Each open call with a deadline as a bar from publication to deadline, one colour (and legend entry)
    per source, in the order of ``calls`` (source, then deadline) from the top; the deadline written at
    the end of the bar, today marked. Calls without a deadline are left out (the page lists them)."""
    df = calls[calls["deadline"].notna()]
    start = [p if p is not None and not pd.isna(p) else d - dt.timedelta(days=UNDATED_START)
             for p, d in zip(df["published_on"], df["deadline"], strict=True)]
    y = [wrapped(f"{esc(c)} · {esc(str(title))}", 44) for c, title in zip(df["call_id"], df["title"], strict=True)]
    fig = go.Figure()
    order = [s for s, _ in SOURCES] + sorted({str(s) for s in df["source"]} - {s for s, _ in SOURCES})
    for source in order:
        rows = [i for i, s in enumerate(df["source"]) if str(s) == source]
        if not rows:
            continue
        deadlines = [df["deadline"].iloc[i] for i in rows]
        call_bars(fig, rows, start, y, deadlines, lang=lang, color=SOURCE_COLORS.get(source, "#afb8c1"),
                  name=esc(value_label(source, lang) if source != "None" else t("fund_source_none", lang)))
    date_axis(fig, start, list(df["deadline"]), today, lang, right=0.3 if big else 0.22)
    fig.update_yaxes(automargin=True, categoryorder="array", categoryarray=y, autorange="reversed")
    fig.update_layout(barmode="overlay", legend={"traceorder": "normal"})
    row = 40 if big else 30
    return layout(fig, t("ch_funds_timeline", lang), lang, big, height=max(320, row * len(df) + 160))
