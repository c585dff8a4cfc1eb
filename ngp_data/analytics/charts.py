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

from ..labels import (
    MISSION_COLORS,
    MONEY_COLORS,
    OUTCOME_COLORS,
    fmt_eur,
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
        title={"text": esc(title), "font": {"size": size + 6}, "y": 0.98, "yanchor": "top"},
        font={"family": FONT, "size": size},
        template="plotly_white",
        separators=",." if lang == "it" else ".,",
        margin={"l": 10, "r": 10, "t": 110 if big else 80, "b": 10},     # title, then the legend under it
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "left", "x": 0},
        height=height or (620 if big else 420),
        hoverlabel={"font": {"size": size}},
    )
    # Streamlit's chart theme sets its own small tick and legend fonts: say ours explicitly, so that the
    # meeting mode's large type reaches the axes and the legend too.
    fig.update_layout(legend_font_size=size)
    fig.update_xaxes(tickfont_size=size, title_font_size=size)
    fig.update_yaxes(tickfont_size=size, title_font_size=size)
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
    text = [t("pct_of", lang, pct=fmt_pct(r, lang, 0), total=fmt_eur_short(b, lang))
            for r, b in zip(ratio, df["budget"], strict=True)]      # short: it must fit beside the bar
    hover = [f"{fmt_pct(r, lang, 0)} · {fmt_eur_short(g, lang)} / {fmt_eur_short(b, lang)}"
             for r, g, b in zip(ratio, df["granted"], df["budget"], strict=True)]
    fig = go.Figure(go.Bar(
        x=ratio, y=labels, orientation="h", text=text, textposition="outside", customdata=hover,
        marker_color=[MISSION_COLORS.get(m, "#888") for m in df["mission"]],
        hovertemplate="%{y}<br>%{customdata}<extra></extra>", cliponaxis=False,
    ))
    fig.update_xaxes(tickformat=".0%", range=[0, 1.6 * max([1.0, *ratio])], title=t("coverage", lang),
                     tickvals=[0, 0.25, 0.5, 0.75, 1.0])
    fig.update_yaxes(automargin=True)
    return _layout(fig, t("ch_progress_mission", lang), lang, big, height=max(300, 70 * len(df) + 120))


def money_by_group(df: pd.DataFrame, key: str, lang: str = "it", big: bool = False) -> go.Figure:
    """Budget, requested and granted side by side per mission (``key='mission'``) or component."""
    if key == "mission":
        x = [mission_label(v, lang) for v in df[key]]
    else:   # a card without component: "M2 · n.d." (NaN is truthy, and two missions' blanks must not merge)
        x = [f"{mission_label(m, lang)} · {t('not_available', lang)}" if v is None or pd.isna(v) else v
             for m, v in zip(df["mission"], df[key], strict=True)]
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
    # Legend under the donut: beside it, it squeezes the donut in a narrow column.
    fig.update_layout(legend={"orientation": "h", "y": -0.02, "yanchor": "top", "x": 0, "xanchor": "left"})
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
        marker={"colors": colors}, customdata=hover, maxdepth=2,
        hovertemplate="%{label}<br>%{customdata}<extra></extra>", texttemplate="%{label}<br>%{customdata}",
    ))
    return _layout(fig, t("ch_treemap", lang), lang, big, height=700 if big else 520)


def _money_hbars(y: list[str], series: list[tuple[str, pd.Series]], lang: str) -> go.Figure:
    """Horizontal grouped bars, one series per money measure (budget, requested, granted…) in its colour."""
    fig = go.Figure()
    for measure, values in series:
        fig.add_bar(y=y, x=values, name=t(measure, lang), orientation="h", marker_color=MONEY_COLORS[measure],
                    hovertemplate=f"%{{y}}<br>{t(measure, lang)}: {_eur_hover_x(lang)}<extra></extra>")
    fig.update_layout(barmode="group")
    fig.update_xaxes(**_eur_axis(lang))
    fig.update_yaxes(automargin=True)
    return fig


def partner_money(by_partner: pd.DataFrame, lang: str = "it", big: bool = False, top: int = 15) -> go.Figure:
    """Requested and granted per partner (as applicant), the ``top`` partners by amount requested."""
    df = by_partner[by_partner["requested"] > 0].nlargest(top, "requested").iloc[::-1]
    names = [esc(n) for n in df["name"]]
    fig = _money_hbars(names, [("requested", df["requested"]), ("granted", df["granted"])], lang)
    return _layout(fig, t("ch_partner_money", lang), lang, big,
                   height=max(360, (56 if big else 38) * len(df) + 140))


def partner_mission_heatmap(matrix: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Partner × mission: number of cards each partner is involved in."""
    # Rows keyed by partner ID (two partners may share a name), labelled with the name.
    table = matrix.pivot_table(index="partner_id", columns="mission", values="n_cards", aggfunc="sum",
                               fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values().index]
    names = dict(zip(matrix["partner_id"], matrix["name"], strict=False))
    labels = [esc(names.get(pid) or pid) for pid in table.index]
    if len(set(labels)) < len(labels):                      # same name twice: tell them apart by ID
        labels = [f"{label} ({esc(pid)})" for label, pid in zip(labels, table.index, strict=True)]
    fig = go.Figure(go.Heatmap(
        z=table.values, x=[mission_label(m, lang) for m in table.columns], y=labels,
        colorscale="Blues", showscale=False, texttemplate="%{text}",
        text=[[str(v) if v else "" for v in row] for row in table.values.tolist()],   # zeros left blank
        hovertemplate=f"%{{y}} · %{{x}}: %{{z}} {t('n_cards', lang).lower()}<extra></extra>",
    ))
    fig.update_yaxes(automargin=True)
    return _layout(fig, t("ch_partner_mission", lang), lang, big,
                   height=max(360, (38 if big else 28) * len(table) + 140))


def budget_by_card(budget: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Budget, requested and granted per card, horizontal, cards in id order from the top."""
    df = budget.iloc[::-1]
    limit = 30 if big else 40                      # large type: shorter titles leave room for the bars
    y = [f"{esc(p)} · {esc(_short(str(title), limit))}" for p, title in zip(df["project_id"], df["title"], strict=True)]
    fig = _money_hbars(y, [("budget", df["budget_total"]), ("requested", df["requested"]),
                           ("granted", df["granted"])], lang)
    return _layout(fig, t("ch_budget_cards", lang), lang, big,
                   height=max(400, (60 if big else 42) * len(df) + 140))


def funding_gap(budget: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Waterfall of the cards with a known budget: budget − granted − co-financing = still to fund.

    Drawn as floating bars (``base``) rather than ``go.Waterfall``, so that each step keeps its own
    colour (co-financing amber, as in every other chart; a waterfall colours all decreases alike).
    A negative gap (more secured than the budget) is a bar below zero.
    """
    known = budget[budget["budget_total"].notna()]
    total = float(known["budget_total"].sum())
    granted = float(known["granted"].fillna(0).sum())
    cofin = float(known["cofinancing"].fillna(0).sum())
    gap = total - granted - cofin
    # (measure, height, base): each bar spans [base, base + height]
    steps = [("budget", total, 0.0), ("granted", granted, total - granted),
             ("cofinancing", cofin, total - granted - cofin), ("gap", gap, 0.0)]
    fig = go.Figure(go.Bar(
        x=[t(m, lang) for m, _, _ in steps], y=[h for _, h, _ in steps], base=[b for _, _, b in steps],
        marker_color=[MONEY_COLORS[m] for m, _, _ in steps], text=[fmt_eur_short(h, lang) for _, h, _ in steps],
        textposition="outside", cliponaxis=False, customdata=[fmt_eur(h, lang) for _, h, _ in steps],
        textfont={"size": 22 if big else 14},
        hovertemplate="%{x}: %{customdata}<extra></extra>", showlegend=False,
    ))
    for i, level in enumerate((total, total - granted, gap)):          # connectors between the steps
        fig.add_shape(type="line", x0=i + 0.4, x1=i + 0.6, y0=level, y1=level, xref="x", yref="y",
                      line={"color": "#8c959f", "width": 1, "dash": "dot"})
    fig.update_xaxes(tickangle=0)
    fig.update_yaxes(**_eur_axis(lang), range=[min(0.0, gap) * 1.2, max(total, 1.0) * 1.15])
    return _layout(fig, t("ch_gap", lang), lang, big)


def funding_by_mission(funding: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Where each mission's budget sits: granted + co-financing + still to fund, stacked, one bar a
    mission (M1 at the top), with a tick at the budget. A negative gap (more secured than the budget)
    draws no red segment: the stack then passes the tick. Hovers give the exact amounts."""
    df = funding.iloc[::-1]
    y = [_short(mission_label(m, lang, long=True), 30) for m in df["mission"]]
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
    fig.update_xaxes(**_eur_axis(lang), range=[0, top * 1.5])         # room for the budget labels
    fig.update_yaxes(automargin=True)
    fig = _layout(fig, t("ch_money_where", lang), lang, big, height=max(340, (95 if big else 64) * len(df) + 170))
    # Below the plot (four entries and a long title), in the order of the stack.
    fig.update_layout(legend={"y": -0.08, "yanchor": "top", "traceorder": "normal"})
    return fig


def calls_timeline(calls: pd.DataFrame, today: dt.date, lang: str = "it", big: bool = False) -> go.Figure:
    """Each call as a bar from publication to deadline (a Gantt), latest deadline at the bottom, today
    marked. Open calls (deadline today or later) are blue and carry their deadline as text; closed ones
    are grey. Calls without a deadline are left out; without a publication date, the bar is 30 days."""
    df = calls[calls["deadline"].notna()].sort_values(["deadline", "call_id"], ascending=False)
    start = [p if p is not None and not pd.isna(p) else d - dt.timedelta(days=30)
             for p, d in zip(df["published_on"], df["deadline"], strict=True)]
    y = [f"{esc(c)} · {esc(_short(str(title), 48))}" for c, title in zip(df["call_id"], df["title"], strict=True)]
    fig = go.Figure()
    for is_open, key, color in ((False, "ch_calls_closed", "#afb8c1"), (True, "ch_calls_open", "#3b6ea5")):
        rows = [i for i, d in enumerate(df["deadline"]) if (d >= today) == is_open]
        deadlines = [df["deadline"].iloc[i] for i in rows]
        fig.add_bar(
            base=[start[i].isoformat() for i in rows], y=[y[i] for i in rows], orientation="h",
            x=[max((d - start[i]).days, 1) * 86_400_000 for i, d in zip(rows, deadlines, strict=True)],
            name=t(key, lang), marker_color=color, cliponaxis=False,
            text=[d.strftime("%d/%m/%Y") for d in deadlines] if is_open else None, textposition="outside",
            customdata=[[start[i].strftime("%d/%m/%Y"), d.strftime("%d/%m/%Y")]
                        for i, d in zip(rows, deadlines, strict=True)],
            hovertemplate=f"%{{y}}<br>{t('ch_published', lang)}: %{{customdata[0]}}<br>"
                          f"{t('deadline', lang)}: %{{customdata[1]}}<extra></extra>",
        )
    fig.add_vline(x=today.isoformat(), line_dash="dash", line_color="#cf222e")
    fig.add_annotation(x=today.isoformat(), y=1, yref="paper", text=t("today", lang), showarrow=False,
                       font={"color": "#cf222e"}, yanchor="bottom")
    if len(df):
        first, last = min([*start, today]), max([*df["deadline"], today])
        pad = max((last - first).days, 60)
        fig.update_xaxes(range=[(first - dt.timedelta(days=pad * 0.02)).isoformat(),
                                (last + dt.timedelta(days=pad * (0.28 if big else 0.2))).isoformat()])
    fig.update_xaxes(type="date", tickformat="%m/%Y")
    fig.update_yaxes(automargin=True, categoryorder="array", categoryarray=y[::-1], autorange="reversed")
    fig.update_layout(barmode="overlay")
    row = 40 if big else 30
    fig = _layout(fig, t("ch_calls_timeline", lang), lang, big, height=max(360, row * len(df) + 160))
    return _legend_below_title(fig, big)


def _legend_below_title(fig: go.Figure, big: bool) -> go.Figure:
    """A horizontal legend on its own line between the title and the plot (they overlap otherwise)."""
    fig.update_layout(margin={"t": 110 if big else 80}, legend={"traceorder": "normal"})
    return fig


def outcome_funnel(funnel: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Submitted → reviewed → admitted → financed (counts), the committee's pipeline."""
    names = {key: (en if lang == "en" else it) for key, it, en in FUNNEL_STAGES}
    fig = go.Figure(go.Funnel(
        y=[names[s] for s in funnel["stage"]], x=funnel["n_requests"], textinfo="value+percent initial",
        marker={"color": ["#afb8c1", "#8c959f", "#d4a72c", "#1a7f37"][: len(funnel)]},
    ))
    return _layout(fig, t("ch_funnel", lang), lang, big)


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
                                               "rangemode": "tozero", "tickmode": "auto", **_eur_axis(lang)})
    fig.update_layout(yaxis={"title": t("n_decisions", lang), "rangemode": "tozero", "tickformat": "d",
                             "dtick": max(1, -(-top // 6))})
    fig.update_xaxes(type="date", tickformat="%Y" if quarterly else "%m/%Y")
    fig = _layout(fig, t("ch_decisions", lang), lang, big)
    # Under the plot: three entries wrap in a half-width column and would run into the title.
    fig.update_layout(legend={"y": -0.12, "yanchor": "top", "traceorder": "normal"})
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
        label = f"{esc(row.request_id)} · {esc(_short(str(title), 40))}"
        text = [""] * (len(dates) - 1) + [outcome]
        fig.add_scatter(x=[d.isoformat() for d in dates], y=[label] * len(dates), mode="lines+markers+text",
                        marker={"size": 14 if big else 10, "color": color}, line={"color": color, "width": 4},
                        text=text, textposition="top center", textfont={"color": color}, cliponaxis=False,
                        name=outcome, showlegend=False,
                        hovertemplate=f"{label}<br>%{{x|%d/%m/%Y}}<br>{outcome}<extra></extra>")
        pending = row.effective_outcome in ("Presentata", "In istruttoria")
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
    return _layout(fig, t("ch_project_timeline", lang), lang, big,
                   height=max(320 if big else 260, row_height * shown + 150))
