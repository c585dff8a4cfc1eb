"""Outcome charts: the mix of outcomes, the funnel from submitted to financed, decisions over time."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from ...formats import fmt_eur_short
from ...labels import MONEY_COLORS, OUTCOME_COLORS, t, value_label
from ..calls import FUNNEL_STAGES
from .style import eur_axis, layout


def outcome_mix(outcome_counts: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Applications by outcome, as a donut in the fixed outcome palette (zero slices left out)."""
    df = outcome_counts[outcome_counts["n_requests"] > 0]
    fig = go.Figure(go.Pie(
        labels=[value_label(o, lang) for o in df["outcome"]], values=df["n_requests"], hole=0.5, sort=False,
        marker={"colors": [OUTCOME_COLORS.get(o, "#888") for o in df["outcome"]]},
        textinfo="value", hovertemplate="%{label}: %{value} (%{percent})<extra></extra>",
    ))
    fig = layout(fig, t("ch_outcome_mix", lang), lang, big)
    # Legend under the donut: beside it, it squeezes the donut in a narrow column.
    fig.update_layout(legend={"orientation": "h", "y": -0.02, "yanchor": "top", "x": 0, "xanchor": "left"})
    return fig


# The funnel's stages in the outcomes' colours: waiting blues, then amber (admitted), green (financed).
_FUNNEL_COLORS = ("In preparazione", "Presentata", "Ammessa non finanziata", "Ammessa e finanziata")


def outcome_funnel(funnel: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Submitted → reviewed → admitted → financed (counts), the committee's pipeline."""
    names = {key: (en if lang == "en" else it) for key, it, en in FUNNEL_STAGES}
    fig = go.Figure(go.Funnel(
        y=[names[s] for s in funnel["stage"]], x=funnel["n_requests"], textinfo="value+percent initial",
        marker={"color": [OUTCOME_COLORS[o] for o in _FUNNEL_COLORS][: len(funnel)]},
    ))
    return layout(fig, t("ch_funnel", lang), lang, big)


def _quarter(d: dt.date) -> dt.date:
    return dt.date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def decisions_over_time(decisions: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Decisions per month (per quarter when they span more than two years), financed and other outcomes
    stacked, and the amount granted so far (cumulative line, right axis, from zero)."""
    df = decisions.sort_values("month")
    months = list(df["month"])
    quarterly = bool(months) and (months[-1].year - months[0].year) * 12 + months[-1].month - months[0].month > 24
    periods = [_quarter(m) if quarterly else m for m in months]
    df = (df.assign(period=periods).groupby("period", as_index=False)[["n_decisions", "n_financed", "granted"]]
          .sum().sort_values("period"))
    x = [p.isoformat() for p in df["period"]]
    names = [t("ch_quarter", lang, q=(p.month - 1) // 3 + 1, y=p.year) if quarterly else p.strftime("%m/%Y")
             for p in df["period"]]
    period = {"xperiod": "M3" if quarterly else "M1", "xperiodalignment": "middle"}
    fig = go.Figure()
    for key, values, color in (("ch_dec_financed", df["n_financed"], MONEY_COLORS["granted"]),
                               ("ch_dec_other", df["n_decisions"] - df["n_financed"], "#afb8c1")):
        fig.add_bar(x=x, y=values, name=t(key, lang), marker_color=color, customdata=names, **period,
                    hovertemplate=f"%{{customdata}}<br>{t(key, lang)}: %{{y}}<extra></extra>")
    cumulative = df["granted"].cumsum()
    fig.add_scatter(x=x, y=cumulative, name=t("ch_granted_cumulative", lang), yaxis="y2", mode="lines+markers",
                    line={"color": MONEY_COLORS["requested"], "width": 3}, **period,
                    customdata=[[n, fmt_eur_short(v, lang)] for n, v in zip(names, cumulative, strict=True)],
                    hovertemplate=f"%{{customdata[0]}}<br>{t('ch_granted_cumulative', lang)}: %{{customdata[1]}}"
                                  "<extra></extra>")
    top = int(df["n_decisions"].max()) if len(df) else 1
    fig.update_layout(barmode="stack", yaxis2={"overlaying": "y", "side": "right", "showgrid": False,
                                               "rangemode": "tozero", "tickmode": "auto", **eur_axis(lang)})
    fig.update_layout(yaxis={"title": t("n_decisions", lang), "rangemode": "tozero", "tickformat": "d",
                             "dtick": max(1, -(-top // 6))})
    fig.update_xaxes(type="date", tickformat="%Y" if quarterly else "%m/%Y")
    fig = layout(fig, t("ch_decisions", lang), lang, big)
    # Under the plot: three entries wrap in a half-width column and would run into the title.
    fig.update_layout(legend={"y": -0.12, "yanchor": "top", "traceorder": "normal"})
    return fig
