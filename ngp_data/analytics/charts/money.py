"""Money charts: requested and granted per partner, budget per card, the funding gap and where each
mission's budget sits."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ...formats import fmt_eur, fmt_eur_short
from ...labels import MONEY_COLORS, mission_label, t
from .style import esc, eur_axis, eur_hover_x, layout, wrapped


def money_hbars(y: list[str], series: list[tuple[str, pd.Series]], lang: str) -> go.Figure:
    """Horizontal grouped bars, one series per money measure (budget, requested, granted…) in its colour."""
    fig = go.Figure()
    for measure, values in series:
        fig.add_bar(y=y, x=values, name=t(measure, lang), orientation="h", marker_color=MONEY_COLORS[measure],
                    hovertemplate=f"%{{y}}<br>{t(measure, lang)}: {eur_hover_x(lang)}<extra></extra>")
    fig.update_layout(barmode="group")
    fig.update_xaxes(**eur_axis(lang))
    fig.update_yaxes(automargin=True)
    return fig


# A partner whose request is more than this many times the next one's gets a panel of its own: on one
# scale the Comune's 189 M€ left every other partner a sliver (issue 17, item 9).
SPLIT_RATIO = 3.0


def partner_split(requested: list[float]) -> int:
    """How many of the partners (largest request first) go in the upper panel: 1 or 2 when they dwarf
    the next one (more than ``SPLIT_RATIO`` times its request), else 0 (one panel, one scale)."""
    for k in (1, 2):
        if len(requested) > k and requested[k] > 0 and requested[k - 1] > SPLIT_RATIO * requested[k]:
            return k
    return 0


def partner_money(by_partner: pd.DataFrame, lang: str = "it", big: bool = False, top: int = 15) -> go.Figure:
    """Requested and granted per partner (as applicant), the ``top`` partners by amount requested, each bar
    labelled with its amount. When one or two partners dwarf the others they get a panel of their own, and
    the others a second panel on their own scale (said above it), so that every partner reads."""
    df = by_partner[by_partner["requested"] > 0].nlargest(top, "requested")
    k = partner_split(list(df["requested"]))
    groups = [df.iloc[:k], df.iloc[k:]] if k else [df]
    fig = make_subplots(rows=len(groups), cols=1, vertical_spacing=0.12 if k else 0.0,
                        row_heights=[max(len(g), 1) for g in groups],
                        subplot_titles=["", t("ch_partner_others", lang)] if k else None)
    for row, group in enumerate(groups, 1):
        part = group.iloc[::-1]
        names = [esc(n) for n in part["name"]]
        for measure in ("requested", "granted"):
            values = part[measure].fillna(0.0)
            fig.add_bar(y=names, x=values, name=t(measure, lang), orientation="h", row=row, col=1,
                        marker_color=MONEY_COLORS[measure], legendgroup=measure, showlegend=row == 1,
                        text=[fmt_eur_short(v, lang) if v > 0 else "" for v in values], textposition="outside",
                        cliponaxis=False,
                        hovertemplate=f"%{{y}}<br>{t(measure, lang)}: {eur_hover_x(lang)}<extra></extra>")
        fig.update_xaxes(**eur_axis(lang), range=[0, 1.25 * float(group["requested"].max())], row=row, col=1)
    fig.update_layout(barmode="group")
    fig.update_yaxes(automargin=True)
    fig = layout(fig, t("ch_partner_money", lang), lang, big,
                 height=max(360, (56 if big else 38) * len(df) + 140 + (60 if k else 0)))
    fig.update_annotations(font_size=20 if big else 13, xanchor="left", x=0)
    return fig


def budget_by_card(budget: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Budget, requested and granted per card, horizontal, cards in id order from the top."""
    df = budget.iloc[::-1]
    limit = 30 if big else 40                      # large type: shorter titles leave room for the bars
    y = [wrapped(f"{esc(p)} · {esc(str(title))}", limit)
         for p, title in zip(df["project_id"], df["title"], strict=True)]
    fig = money_hbars(y, [("budget", df["budget_total"]), ("requested", df["requested"]),
                           ("granted", df["granted"])], lang)
    return layout(fig, t("ch_budget_cards", lang), lang, big,
                   height=max(400, (60 if big else 42) * len(df) + 140))


def _two_lines(label: str) -> str:
    """A long category label on two lines (at its middle space), so that neighbours never overlap."""
    if len(label) <= 12 or " " not in label:
        return label
    middle = len(label) // 2
    cut = min((i for i, ch in enumerate(label) if ch == " "), key=lambda i: abs(i - middle))
    return f"{label[:cut]}<br>{label[cut + 1:]}"


def funding_gap(budget: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Waterfall of the cards with a known budget: budget − granted − co-financing = still to fund.

    Drawn as floating bars (``base``) rather than ``go.Waterfall``, so that each step keeps its own
    colour (co-financing amber, as in every other chart; a waterfall colours all decreases alike).
    More secured than the budget is good news: granted and co-financing stack up from zero and the
    part above the budget is a green "Coperto oltre il budget" bar (never a red negative one).
    """
    known = budget[budget["budget_total"].notna()]
    total = float(known["budget_total"].sum())
    granted = float(known["granted"].fillna(0).sum())
    cofin = float(known["cofinancing"].fillna(0).sum())
    gap = total - granted - cofin
    # (measure, height, base): each bar spans [base, base + height]
    if gap >= 0:
        steps = [("budget", total, 0.0), ("granted", granted, total - granted),
                 ("cofinancing", cofin, total - granted - cofin), ("gap", gap, 0.0)]
        levels = ((0, total), (1, total - granted), (2, gap))
    else:                  # more secured than the budget: good news, drawn upwards above the budget line
        steps = [("budget", total, 0.0), ("granted", granted, 0.0), ("cofinancing", cofin, granted),
                 ("over_budget", -gap, total)]
        levels = ((0, total), (2, total - gap))
    fig = go.Figure(go.Bar(
        x=[_two_lines(t(m, lang)) for m, _, _ in steps], y=[h for _, h, _ in steps], base=[b for _, _, b in steps],
        marker_color=[MONEY_COLORS[m] for m, _, _ in steps],
        text=[("+" if m == "over_budget" else "") + fmt_eur_short(h, lang) for m, h, _ in steps],
        textposition="outside", cliponaxis=False, customdata=[fmt_eur(h, lang) for _, h, _ in steps],
        textfont={"size": 22 if big else 14},
        hovertemplate="%{x}: %{customdata}<extra></extra>", showlegend=False,
    ))
    for i, level in levels:                                             # connectors between the steps
        fig.add_shape(type="line", x0=i + 0.4, x1=i + 1.6 if gap < 0 and i == 0 else i + 0.6, y0=level, y1=level,
                      xref="x", yref="y", line={"color": "#8c959f", "width": 1, "dash": "dot"})
    fig.update_xaxes(tickangle=0)
    fig.update_yaxes(**eur_axis(lang), range=[0.0, max(total, total - gap, 1.0) * 1.15])
    return layout(fig, t("ch_gap", lang), lang, big)


def funding_by_mission(funding: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Where each mission's budget sits: granted + co-financing + still to fund, stacked, one bar a
    mission (M1 at the top), with a tick at the budget. A negative gap (more secured than the budget)
    draws no red segment: the stack then passes the tick. Hovers give the exact amounts."""
    df = funding.iloc[::-1]
    y = [wrapped(mission_label(m, lang, long=True), 30, 3) for m in df["mission"]]
    fig = go.Figure()
    for measure, column in (("granted", "granted"), ("cofinancing", "cofinancing"), ("gap", "funding_gap")):
        values = [float(v) for v in df[column].fillna(0)]
        shown = [max(v, 0.0) for v in values]
        fig.add_bar(
            y=y, x=shown, name=t(measure, lang), orientation="h", marker_color=MONEY_COLORS[measure],
            text=[fmt_eur_short(v, lang) if v > 0 else "" for v in shown], textposition="inside",
            insidetextanchor="middle", textangle=0, customdata=[fmt_eur(v, lang) for v in values],
            hovertemplate=f"%{{y}}<br>{t(measure, lang)}: %{{customdata}}<extra></extra>",
        )
    budget = [float(v) for v in df["budget"].fillna(0)]
    fig.add_scatter(
        y=y, x=budget, name=t("budget", lang), mode="markers+text", cliponaxis=False,
        marker={"symbol": "line-ns", "size": 44 if big else 34, "line": {"width": 4 if big else 3, "color": "#24292f"}},
        text=[fmt_eur_short(v, lang) for v in budget], textposition="middle right",
        textfont={"size": 22 if big else 14},
        customdata=[fmt_eur(v, lang) for v in budget],
        hovertemplate=f"%{{y}}<br>{t('budget', lang)}: %{{customdata}}<extra></extra>",
    )
    stacked = (df["granted"].fillna(0) + df["cofinancing"].fillna(0) + df["funding_gap"].fillna(0).clip(lower=0))
    top = max([1.0, *budget, *stacked.tolist()])
    fig.update_layout(barmode="stack", uniformtext={"mode": "hide", "minsize": 18 if big else 12})
    fig.update_xaxes(**eur_axis(lang), range=[0, top * 1.5])         # room for the budget labels
    fig.update_yaxes(automargin=True)
    fig = layout(fig, t("ch_money_where", lang), lang, big, height=max(340, (95 if big else 64) * len(df) + 170))
    # Below the axis (four entries and a long title), in the order of the stack: anchored to the bottom
    # of the figure with its own margin, so it never covers the axis's tick labels.
    fig.update_layout(legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom",
                              "traceorder": "normal"},
                      margin={"b": 90 if big else 60})
    return fig
