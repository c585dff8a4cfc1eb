"""Timelines: the calls from publication to deadline, and one card's applications from submission to
decision."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from ...labels import OUTCOME_COLORS, t, value_label
from ...lists import OUTCOME_GROUPS
from .style import esc, layout, short, wrapped


def calls_timeline(calls: pd.DataFrame, today: dt.date, lang: str = "it", big: bool = False) -> go.Figure:
    """Each call as a bar from publication to deadline (a Gantt), latest deadline at the bottom, today
    marked. Open calls (deadline today or later) are blue and carry their deadline as text; closed ones
    are grey. Calls without a deadline are left out; without a publication date, the bar is 30 days."""
    df = calls[calls["deadline"].notna()].sort_values(["deadline", "call_id"], ascending=False)
    start = [p if p is not None and not pd.isna(p) else d - dt.timedelta(days=30)
             for p, d in zip(df["published_on"], df["deadline"], strict=True)]
    y = [wrapped(f"{esc(c)} · {esc(str(title))}", 48) for c, title in zip(df["call_id"], df["title"], strict=True)]
    fig = go.Figure()
    for is_open, key, color in ((False, "ch_calls_closed", "#afb8c1"), (True, "ch_calls_open", "#3b6ea5")):
        rows = [i for i, d in enumerate(df["deadline"]) if (d >= today) == is_open]
        deadlines = [df["deadline"].iloc[i] for i in rows]
        call_bars(fig, rows, start, y, deadlines, name=t(key, lang), color=color, lang=lang, dates=is_open)
    date_axis(fig, start, list(df["deadline"]), today, lang, right=0.28 if big else 0.2)
    fig.update_yaxes(automargin=True, categoryorder="array", categoryarray=y[::-1], autorange="reversed")
    fig.update_layout(barmode="overlay")
    row = 40 if big else 30
    fig = layout(fig, t("ch_calls_timeline", lang), lang, big, height=max(360, row * len(df) + 160))
    return _legend_below_title(fig, big)


def _legend_below_title(fig: go.Figure, big: bool) -> go.Figure:
    """A horizontal legend on its own line between the title and the plot (they overlap otherwise)."""
    fig.update_layout(margin={"t": 110 if big else 80}, legend={"traceorder": "normal"})
    return fig


def project_timeline(requests: pd.DataFrame, lang: str = "it", big: bool = False,
                     today: dt.date | None = None) -> go.Figure:
    """One card's applications: a line from submission to decision, coloured by outcome, the outcome
    written at the end. With ``today``, a submitted application still pending runs dashed to today."""
    fig = go.Figure()
    shown = 0
    all_dates: list[dt.date] = []
    for row in requests.itertuples(index=False):
        dates = [d for d in (row.submitted_on, row.decided_on) if d is not None and not pd.isna(d)]
        if not dates:
            continue
        shown += 1
        all_dates += dates
        color = OUTCOME_COLORS.get(row.effective_outcome, "#888")
        outcome = esc(value_label(row.effective_outcome, lang))
        title = row.call_title if isinstance(row.call_title, str) and row.call_title else row.call_id
        label = f"{esc(row.request_id)} · {esc(short(str(title), 40))}"
        text = [""] * (len(dates) - 1) + [outcome]
        fig.add_scatter(x=[d.isoformat() for d in dates], y=[label] * len(dates), mode="lines+markers+text",
                        marker={"size": 14 if big else 10, "color": color}, line={"color": color, "width": 4},
                        text=text, textposition="top center", textfont={"color": color}, cliponaxis=False,
                        name=outcome, showlegend=False,
                        hovertemplate=f"{label}<br>%{{x|%d/%m/%Y}}<br>{outcome}<extra></extra>")
        pending = row.effective_outcome in OUTCOME_GROUPS["pending"]
        if today is not None and pending and len(dates) == 1 and dates[0] < today:
            fig.add_scatter(x=[dates[0].isoformat(), today.isoformat()], y=[label, label], mode="lines",
                            line={"color": color, "width": 3, "dash": "dot"}, showlegend=False,
                            hovertemplate=f"{label}<br>{t('ch_pending_until_today', lang)}<extra></extra>")
            all_dates.append(today)
    if all_dates:                     # room on both sides for the outcome written over the last point
        first, last = min(all_dates), max(all_dates)
        pad = dt.timedelta(days=max((last - first).days, 30) * 0.15)
        fig.update_xaxes(range=[(first - pad).isoformat(), (last + pad).isoformat()])
    fig.update_xaxes(type="date", tickformat="%m/%Y", nticks=6 if big else 10)
    fig.update_yaxes(automargin=True, autorange="reversed")
    row_height = 90 if big else 56
    return layout(fig, t("ch_project_timeline", lang), lang, big,
                   height=max(320 if big else 260, row_height * shown + 150))


def call_bars(fig: go.Figure, rows: list[int], start: list, y: list[str], deadlines: list, *, name: str, color: str,
              lang: str, dates: bool = True) -> None:
    """One trace of calls as bars from publication (``start``) to deadline, the deadline written at the end."""
    fig.add_bar(
        base=[start[i].isoformat() for i in rows], y=[y[i] for i in rows], orientation="h",
        x=[max((d - start[i]).days, 1) * 86_400_000 for i, d in zip(rows, deadlines, strict=True)],
        name=name, marker_color=color, cliponaxis=False,
        text=[d.strftime("%d/%m/%Y") for d in deadlines] if dates else None, textposition="outside",
        customdata=[[start[i].strftime("%d/%m/%Y"), d.strftime("%d/%m/%Y")]
                    for i, d in zip(rows, deadlines, strict=True)],
        hovertemplate=f"%{{y}}<br>{t('ch_published', lang)}: %{{customdata[0]}}<br>"
                      f"{t('deadline', lang)}: %{{customdata[1]}}<extra></extra>",
    )


def date_axis(fig: go.Figure, start: list, deadlines: list, today: dt.date, lang: str, right: float) -> None:
    """The dates axis of a calls chart: "today" marked, from the first start to the last deadline plus
    ``right`` of the span for the deadline labels."""
    fig.add_vline(x=today.isoformat(), line_dash="dash", line_color="#24292f")
    fig.add_annotation(x=today.isoformat(), y=1, yref="paper", text=t("today", lang), showarrow=False,
                       font={"color": "#24292f"}, yanchor="bottom")
    if deadlines:
        first, last = min([*start, today]), max([*deadlines, today])
        pad = max((last - first).days, 60)
        fig.update_xaxes(range=[(first - dt.timedelta(days=pad * 0.02)).isoformat(),
                                (last + dt.timedelta(days=pad * right)).isoformat()])
    fig.update_xaxes(type="date", tickformat="%m/%Y")

