"""Follow-up charts: official payments over time (the successive snapshots) beside our disbursed, granted
and disbursed by mission with the share disbursed, and the official targets' status by mission."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from ...formats import fmt_date, fmt_eur, fmt_eur_short, fmt_pct
from ...labels import MONEY_COLORS, mission_label, t
from .style import esc, eur_axis, eur_hover_x, layout, wrapped

# The money palette, continued along the stages: granted (dark blue, as everywhere), disbursed by the
# committee (green: cash received), paid according to the state (teal, a separate source).
PAID_COLORS = {**MONEY_COLORS, "disbursed": "#1a7f37", "official_paid": "#0e7c86", "official_paid_total": "#7fbfc4"}
TARGET_COLORS = {"met": "#1a7f37", "not_met": "#cf222e", "in_progress": "#6f9fd8", "not_reported": "#8c959f"}


def payments_over_time(series: pd.DataFrame, disbursed: float | None, today: dt.date, lang: str = "it",
                       big: bool = False, card: bool = False) -> go.Figure:
    """The official PNRR paid (and total paid) at each snapshot's extraction date, a line through the
    points; our disbursed (of the linked cards, or of the card) as a diamond at ``today``. One snapshot
    still draws: one point (the page says so under the chart)."""
    df = series[series["paid_pnrr"].notna() | series["paid_total"].notna()]
    fig = go.Figure()
    mode = "lines+markers+text" if len(df) <= 6 else "lines+markers"
    # the total first, so that the PNRR line and its labels sit on top where the two coincide
    for key, column, dash in (("official_paid_total", "paid_total", "dot"), ("official_paid", "paid_pnrr", None)):
        values = df[column].astype(float)
        name = t(f"series_{key}", lang)
        fig.add_scatter(
            x=list(df["point_date"]), y=values, name=name, mode=mode if key == "official_paid" else "lines+markers",
            line={"color": PAID_COLORS[key], "width": 4 if big else 3, "dash": dash},
            marker={"size": 14 if big else 10}, cliponaxis=False,
            text=[fmt_eur_short(v, lang) for v in values], textposition="top center",
            customdata=[f"{fmt_date(d, lang)}: {fmt_eur(v, lang)}" for d, v in zip(df["point_date"], values,
                                                                                  strict=True)],
            hovertemplate=f"{esc(name)}<br>%{{customdata}}<extra></extra>")
    if disbursed is not None:
        name = t("series_disbursed" if card else "series_disbursed_linked", lang)
        fig.add_scatter(x=[today], y=[disbursed], name=name, mode="markers+text", cliponaxis=False,
                        marker={"symbol": "diamond", "size": 18 if big else 14, "color": PAID_COLORS["disbursed"]},
                        text=[fmt_eur_short(disbursed, lang)], textposition="top center",
                        customdata=[f"{fmt_date(today, lang)}: {fmt_eur(disbursed, lang)}"],
                        hovertemplate=f"{esc(name)}<br>%{{customdata}}<extra></extra>")
    top = max([1.0, *df["paid_pnrr"].fillna(0), *df["paid_total"].fillna(0), disbursed or 0.0])
    fig.update_yaxes(**eur_axis(lang), range=[0, top * 1.25], rangemode="tozero")
    fig.update_xaxes(title=t("payments_axis_date", lang), tickformat="%d/%m/%Y")
    title = t("ch_payments_card" if card else "ch_payments_portfolio", lang)
    return layout(fig, title, lang, big, height=480 if big else 380)


def paid_by_mission(money: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Granted and disbursed (ours) per mission, and the official PNRR paid of the mission's linked CUPs;
    the share disbursed written beside the disbursed bar. Missions without grant are left out."""
    df = money[money["granted"] > 0].iloc[::-1]
    y = [wrapped(mission_label(m, lang, long=True), 30, 3) for m in df["mission"]]
    fig = go.Figure()
    series = [("granted", "granted"), ("disbursed", "disbursed"), ("official_paid", "official_paid")]
    for measure, column in series:
        values = [float(v) if not pd.isna(v) else None for v in df[column]]
        name = t({"granted": "granted", "disbursed": "kpi_disbursed", "official_paid": "series_official_paid"}[measure],
                 lang)
        text = ([t("paid_share_of", lang, pct=fmt_pct(s, lang, 0)) if s is not None and not pd.isna(s) else ""
                 for s in df["paid_share"]] if measure == "disbursed" else None)
        fig.add_bar(y=y, x=values, name=name, orientation="h", marker_color=PAID_COLORS[measure],
                    text=text, textposition="outside", cliponaxis=False,
                    hovertemplate=f"%{{y}}<br>{esc(name)}: {eur_hover_x(lang)}<extra></extra>")
    top = max([1.0, *df["granted"], *df["disbursed"]])
    fig.update_layout(barmode="group")
    fig.update_xaxes(**eur_axis(lang), range=[0, top * 1.3])
    fig.update_yaxes(automargin=True)
    return layout(fig, t("ch_paid_mission", lang), lang, big, height=max(340, (110 if big else 72) * len(df) + 150))


def targets_by_mission(targets: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Per mission, the official targets of the linked CUPs stacked by status (met, not met, in progress,
    not reported), each segment with its count."""
    df = targets.iloc[::-1]
    y = [wrapped(mission_label(m, lang, long=True), 30, 3) for m in df["mission"]]
    fig = go.Figure()
    for status in ("met", "not_met", "in_progress", "not_reported"):
        values = [int(v) for v in df[f"n_{status}"]]
        name = t(f"target_{status}", lang)
        fig.add_bar(y=y, x=values, name=name, orientation="h", marker_color=TARGET_COLORS[status],
                    text=[str(v) if v else "" for v in values], textposition="inside", insidetextanchor="middle",
                    hovertemplate=f"%{{y}}<br>{esc(name)}: %{{x}}<extra></extra>")
    fig.update_layout(barmode="stack")
    fig = layout(fig, t("ch_targets_mission", lang), lang, big, height=max(300, (90 if big else 60) * len(df) + 150))
    fig.update_layout(legend_traceorder="normal")            # met first, as stacked from the left
    fig.update_xaxes(dtick=1 if int(df["n_targets"].max() or 0) <= 10 else None)
    fig.update_yaxes(automargin=True)
    return fig
