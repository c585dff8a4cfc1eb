"""The next funds: the open calls on a timeline, one colour per source (analytics.funds.open_calls)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from ...labels import t, value_label
from ...lists import SOURCES
from .style import esc, layout, short

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
    y = [f"{esc(c)} · {esc(short(str(title), 44))}" for c, title in zip(df["call_id"], df["title"], strict=True)]
    fig = go.Figure()
    order = [s for s, _ in SOURCES] + sorted({str(s) for s in df["source"]} - {s for s, _ in SOURCES})
    for source in order:
        rows = [i for i, s in enumerate(df["source"]) if str(s) == source]
        if not rows:
            continue
        deadlines = [df["deadline"].iloc[i] for i in rows]
        fig.add_bar(
            base=[start[i].isoformat() for i in rows], y=[y[i] for i in rows], orientation="h",
            x=[max((d - start[i]).days, 1) * 86_400_000 for i, d in zip(rows, deadlines, strict=True)],
            name=esc(value_label(source, lang) if source != "None" else t("fund_source_none", lang)),
            marker_color=SOURCE_COLORS.get(source, "#afb8c1"), cliponaxis=False,
            text=[d.strftime("%d/%m/%Y") for d in deadlines], textposition="outside",
            customdata=[[start[i].strftime("%d/%m/%Y"), d.strftime("%d/%m/%Y")]
                        for i, d in zip(rows, deadlines, strict=True)],
            hovertemplate=f"%{{y}}<br>{t('ch_published', lang)}: %{{customdata[0]}}<br>"
                          f"{t('deadline', lang)}: %{{customdata[1]}}<extra></extra>",
        )
    fig.add_vline(x=today.isoformat(), line_dash="dash", line_color="#24292f")
    fig.add_annotation(x=today.isoformat(), y=1, yref="paper", text=t("today", lang), showarrow=False,
                       font={"color": "#24292f"}, yanchor="bottom")
    if len(df):
        first, last = min([*start, today]), max([*df["deadline"], today])
        pad = max((last - first).days, 60)
        fig.update_xaxes(range=[(first - dt.timedelta(days=pad * 0.02)).isoformat(),
                                (last + dt.timedelta(days=pad * (0.3 if big else 0.22))).isoformat()])
    fig.update_xaxes(type="date", tickformat="%m/%Y")
    fig.update_yaxes(automargin=True, categoryorder="array", categoryarray=y, autorange="reversed")
    fig.update_layout(barmode="overlay", legend={"traceorder": "normal"})
    row = 40 if big else 30
    return layout(fig, t("ch_funds_timeline", lang), lang, big, height=max(320, row * len(df) + 160))
