"""Plotly figures from query results: pure functions (a frame in, a figure out), no Streamlit.

Built with ``graph_objects`` rather than Plotly Express: a 6-bar chart costs ~7 ms instead of ~137 ms
here (PERFORMANCE.md). Missions and outcomes keep one colour everywhere; text that users typed
(titles, names) is HTML-escaped, because Plotly renders a subset of HTML in labels and hovers.
``big=True`` is the meeting mode: large type for a projector.
"""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import plotly.graph_objects as go

from .labels import (
    MISSION_COLORS,
    MONEY_COLORS,
    OUTCOME_COLORS,
    fmt_eur_short,
    fmt_pct,
    mission_label,
    t,
    value_label,
)
from .queries import FUNNEL_STAGES

FONT = "Source Sans Pro, Arial, sans-serif"


def esc(text) -> str:
    """User text as literal text in a figure (no tags, no links)."""
    return html.escape("" if text is None else str(text), quote=False)


def _layout(fig: go.Figure, title: str, lang: str, big: bool, height: int | None = None) -> go.Figure:
    size = 22 if big else 14
    fig.update_layout(
        title={"text": esc(title), "font": {"size": size + 6}},
        font={"family": FONT, "size": size},
        template="plotly_white",
        separators=",." if lang == "it" else ".,",
        margin={"l": 10, "r": 10, "t": 60 if big else 50, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
        height=height or (620 if big else 420),
        hoverlabel={"font": {"size": size}},
    )
    return fig


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _eur_axis(lang: str) -> dict:
    return {"tickformat": "~s", "ticksuffix": " €" if lang == "it" else "", "tickprefix": "" if lang == "it" else "€"}


def _eur_hover(lang: str) -> str:
    return "%{y:,.0f} €" if lang == "it" else "€%{y:,.0f}"


def _eur_hover_x(lang: str) -> str:
    return "%{x:,.0f} €" if lang == "it" else "€%{x:,.0f}"


def mission_progress(by_mission: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Granted over budget per mission, one bar each in the mission's colour (the overview's progress)."""
    df = by_mission.iloc[::-1]
    ratio = [g / b if b else 0.0 for g, b in zip(df["granted"], df["budget"], strict=True)]
    labels = [_short(mission_label(m, lang, long=True), 34) for m in df["mission"]]
    text = [f"{fmt_pct(r, lang, 0)} · {fmt_eur_short(g, lang)} / {fmt_eur_short(b, lang)}"
            for r, g, b in zip(ratio, df["granted"], df["budget"], strict=True)]
    fig = go.Figure(go.Bar(
        x=ratio, y=labels, orientation="h", text=text, textposition="outside",
        marker_color=[MISSION_COLORS.get(m, "#888") for m in df["mission"]],
        hovertemplate="%{y}<br>%{text}<extra></extra>", cliponaxis=False,
    ))
    fig.update_xaxes(tickformat=".0%", range=[0, 1.6 * max([1.0, *ratio])], title=t("coverage", lang),
                     tickvals=[0, 0.25, 0.5, 0.75, 1.0])
    fig.update_yaxes(automargin=True)
    return _layout(fig, t("ch_progress_mission", lang), lang, big, height=max(300, 70 * len(df) + 120))


def money_by_group(df: pd.DataFrame, key: str, lang: str = "it", big: bool = False) -> go.Figure:
    """Budget, requested and granted side by side per mission (``key='mission'``) or component."""
    x = [mission_label(v, lang) if key == "mission" else (v or t("not_available", lang)) for v in df[key]]
    fig = go.Figure()
    for measure, column in (("budget", "budget"), ("requested", "requested"), ("granted", "granted")):
        fig.add_bar(x=x, y=df[column], name=t(measure, lang), marker_color=MONEY_COLORS[measure],
                    hovertemplate=f"%{{x}}<br>{t(measure, lang)}: {_eur_hover(lang)}<extra></extra>")
    fig.update_layout(barmode="group")
    fig.update_yaxes(**_eur_axis(lang))
    title = t("ch_money_mission" if key == "mission" else "ch_money_component", lang)
    return _layout(fig, title, lang, big)


def outcome_mix(outcome_counts: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Applications by outcome, as a donut in the fixed outcome palette (zero slices left out)."""
    df = outcome_counts[outcome_counts["n_requests"] > 0]
    fig = go.Figure(go.Pie(
        labels=[value_label(o, lang) for o in df["outcome"]], values=df["n_requests"], hole=0.5, sort=False,
        marker={"colors": [OUTCOME_COLORS.get(o, "#888") for o in df["outcome"]]},
        textinfo="value", hovertemplate="%{label}: %{value} (%{percent})<extra></extra>",
    ))
    fig = _layout(fig, t("ch_outcome_mix", lang), lang, big)
    fig.update_layout(legend={"orientation": "v", "y": 0.5, "yanchor": "middle", "x": 1.02, "xanchor": "left"})
    return fig


def mission_treemap(projects: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Mission → component → card sized by budget (cards with an unknown budget are left out)."""
    df = projects[projects["budget_total"].notna() & (projects["budget_total"] > 0)]
    ids, parents, labels, values, colors, hover = [], [], [], [], [], []
    for mission, by_m in df.groupby("mission", sort=True):
        ids.append(mission)
        parents.append("")
        labels.append(mission_label(mission, lang, long=True))
        values.append(float(by_m["budget_total"].sum()))
        colors.append(MISSION_COLORS.get(mission, "#888"))
        hover.append(fmt_eur_short(values[-1], lang))
        for component, by_c in by_m.groupby(by_m["component"].fillna("—"), sort=True):
            cid = f"{mission}/{component}"
            ids.append(cid)
            parents.append(mission)
            labels.append(component)
            values.append(float(by_c["budget_total"].sum()))
            colors.append(MISSION_COLORS.get(mission, "#888"))
            hover.append(fmt_eur_short(values[-1], lang))
            for row in by_c.itertuples(index=False):
                ids.append(f"{cid}/{row.project_id}")
                parents.append(cid)
                labels.append(f"{esc(row.project_id)} · {esc(row.title)}")
                values.append(float(row.budget_total))
                colors.append(MISSION_COLORS.get(mission, "#888"))
                hover.append(fmt_eur_short(row.budget_total, lang))
    fig = go.Figure(go.Treemap(
        ids=ids, parents=parents, labels=labels, values=values, branchvalues="total",
        marker={"colors": colors}, customdata=hover, maxdepth=3,
        hovertemplate="%{label}<br>%{customdata}<extra></extra>", texttemplate="%{label}<br>%{customdata}",
    ))
    return _layout(fig, t("ch_treemap", lang), lang, big, height=700 if big else 520)


def partner_money(by_partner: pd.DataFrame, lang: str = "it", big: bool = False, top: int = 15) -> go.Figure:
    """Requested and granted per partner (as applicant), the ``top`` partners by amount requested."""
    df = by_partner[by_partner["requested"] > 0].nlargest(top, "requested").iloc[::-1]
    names = [esc(n) for n in df["name"]]
    fig = go.Figure()
    for measure in ("requested", "granted"):
        fig.add_bar(y=names, x=df[measure], name=t(measure, lang), orientation="h",
                    marker_color=MONEY_COLORS[measure],
                    hovertemplate=f"%{{y}}<br>{t(measure, lang)}: {_eur_hover_x(lang)}<extra></extra>")
    fig.update_layout(barmode="group")
    fig.update_xaxes(**_eur_axis(lang))
    fig.update_yaxes(automargin=True)
    return _layout(fig, t("ch_partner_money", lang), lang, big, height=max(360, 38 * len(df) + 140))


def partner_mission_heatmap(matrix: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Partner × mission: number of cards each partner is involved in."""
    table = matrix.pivot_table(index="name", columns="mission", values="n_cards", aggfunc="sum", fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values().index]
    fig = go.Figure(go.Heatmap(
        z=table.values, x=[mission_label(m, lang) for m in table.columns], y=[esc(n) for n in table.index],
        colorscale="Blues", text=table.values, texttemplate="%{text}", showscale=False,
        hovertemplate=f"%{{y}} · %{{x}}: %{{z}} {t('n_cards', lang).lower()}<extra></extra>",
    ))
    fig.update_yaxes(automargin=True)
    return _layout(fig, t("ch_partner_mission", lang), lang, big, height=max(360, 28 * len(table) + 140))


def budget_by_card(budget: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Budget, requested and granted per card, horizontal, cards in id order from the top."""
    df = budget.iloc[::-1]
    y = [f"{esc(p)} · {esc(str(title)[:40])}" for p, title in zip(df["project_id"], df["title"], strict=True)]
    fig = go.Figure()
    for measure, column in (("budget", "budget_total"), ("requested", "requested"), ("granted", "granted")):
        fig.add_bar(y=y, x=df[column], name=t(measure, lang), orientation="h", marker_color=MONEY_COLORS[measure],
                    hovertemplate=f"%{{y}}<br>{t(measure, lang)}: {_eur_hover_x(lang)}<extra></extra>")
    fig.update_layout(barmode="group")
    fig.update_xaxes(**_eur_axis(lang))
    fig.update_yaxes(automargin=True)
    return _layout(fig, t("ch_budget_cards", lang), lang, big, height=max(400, 42 * len(df) + 140))


def funding_gap(budget: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Waterfall of the cards with a known budget: budget − granted − co-financing = still to fund."""
    known = budget[budget["budget_total"].notna()]
    total = float(known["budget_total"].sum())
    granted = float(known["granted"].fillna(0).sum())
    cofin = float(known["cofinancing"].fillna(0).sum())
    gap = total - granted - cofin
    steps = [(t("budget", lang), total, "absolute"), (t("granted", lang), -granted, "relative"),
             (t("cofinancing", lang), -cofin, "relative"), (t("gap", lang), gap, "total")]
    fig = go.Figure(go.Waterfall(
        x=[s[0] for s in steps], y=[s[1] for s in steps], measure=[s[2] for s in steps],
        text=[fmt_eur_short(abs(s[1]), lang) for s in steps], textposition="outside",
        decreasing={"marker": {"color": MONEY_COLORS["granted"]}},
        increasing={"marker": {"color": MONEY_COLORS["budget"]}},
        totals={"marker": {"color": MONEY_COLORS["gap"]}},
        connector={"line": {"color": "#bbb"}}, hovertemplate="%{x}: %{text}<extra></extra>",
    ))
    fig.update_yaxes(**_eur_axis(lang))
    return _layout(fig, t("ch_gap", lang), lang, big)


def calls_timeline(calls: pd.DataFrame, today: dt.date, lang: str = "it", big: bool = False) -> go.Figure:
    """Each call as a bar from publication to deadline (a Gantt), with today's date marked."""
    df = calls[calls["deadline"].notna()].sort_values("deadline", ascending=False)
    start = [p if p is not None and not pd.isna(p) else d - dt.timedelta(days=30)
             for p, d in zip(df["published_on"], df["deadline"], strict=True)]
    duration_ms = [max((d - s).days, 1) * 86_400_000 for s, d in zip(start, df["deadline"], strict=True)]
    y = [f"{esc(c)} · {esc(str(title)[:45])}" for c, title in zip(df["call_id"], df["title"], strict=True)]
    colors = ["#3b6ea5" if d >= today else "#afb8c1" for d in df["deadline"]]
    fig = go.Figure(go.Bar(
        base=[s.isoformat() for s in start], x=duration_ms, y=y, orientation="h", marker_color=colors,
        customdata=[d.strftime("%d/%m/%Y") for d in df["deadline"]],
        hovertemplate=f"%{{y}}<br>{t('deadline', lang)}: %{{customdata}}<extra></extra>",
    ))
    fig.add_vline(x=today.isoformat(), line_dash="dash", line_color="#cf222e")
    fig.add_annotation(x=today.isoformat(), y=1, yref="paper", text=t("today", lang), showarrow=False,
                       font={"color": "#cf222e"}, yanchor="bottom")
    fig.update_xaxes(type="date", tickformat="%m/%Y")
    fig.update_yaxes(automargin=True)
    return _layout(fig, t("ch_calls_timeline", lang), lang, big, height=max(360, 30 * len(df) + 140))


def outcome_funnel(funnel: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Submitted → reviewed → admitted → financed (counts), the committee's pipeline."""
    names = {key: (en if lang == "en" else it) for key, it, en in FUNNEL_STAGES}
    fig = go.Figure(go.Funnel(
        y=[names[s] for s in funnel["stage"]], x=funnel["n_requests"], textinfo="value+percent initial",
        marker={"color": ["#afb8c1", "#8c959f", "#d4a72c", "#1a7f37"][: len(funnel)]},
    ))
    return _layout(fig, t("ch_funnel", lang), lang, big)


def decisions_over_time(decisions: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Decisions per month (bars) and the amount granted (line, right axis)."""
    x = [m.isoformat() for m in decisions["month"]]
    fig = go.Figure()
    fig.add_bar(x=x, y=decisions["n_decisions"], name=t("n_decisions", lang), marker_color="#8c959f",
                hovertemplate="%{x|%m/%Y}: %{y}<extra></extra>")
    fig.add_scatter(x=x, y=decisions["granted"], name=t("granted", lang), yaxis="y2", mode="lines+markers",
                    line={"color": MONEY_COLORS["granted"]},
                    hovertemplate=f"%{{x|%m/%Y}}: {_eur_hover(lang)}<extra></extra>")
    fig.update_layout(yaxis2={"overlaying": "y", "side": "right", "showgrid": False, **_eur_axis(lang)})
    fig.update_xaxes(type="date", tickformat="%m/%Y")
    return _layout(fig, t("ch_decisions", lang), lang, big)


def project_timeline(requests: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """One card's applications: a line from submission to decision, coloured by outcome."""
    fig = go.Figure()
    for row in requests.itertuples(index=False):
        dates = [d for d in (row.submitted_on, row.decided_on) if d is not None and not pd.isna(d)]
        if not dates:
            continue
        label = f"{esc(row.request_id)} · {esc(str(row.call_title or row.call_id)[:40])}"
        fig.add_scatter(x=[d.isoformat() for d in dates], y=[label] * len(dates), mode="lines+markers",
                        marker={"size": 14 if big else 10, "color": OUTCOME_COLORS.get(row.effective_outcome, "#888")},
                        line={"color": OUTCOME_COLORS.get(row.effective_outcome, "#888"), "width": 4},
                        name=value_label(row.effective_outcome, lang), showlegend=False,
                        hovertemplate=f"{label}<br>%{{x|%d/%m/%Y}}<br>{esc(value_label(row.effective_outcome, lang))}"
                                      "<extra></extra>")
    fig.update_xaxes(type="date", tickformat="%m/%Y")
    fig.update_yaxes(automargin=True)
    return _layout(fig, t("ch_project_timeline", lang), lang, big, height=max(260, 50 * len(requests) + 120))
