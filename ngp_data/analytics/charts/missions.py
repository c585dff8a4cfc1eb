"""Charts by mission: progress over the budget, money by mission or component, the budget treemap,
and partner × mission."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ...formats import fmt_eur_short, fmt_pct
from ...labels import MISSION_COLORS, MONEY_COLORS, component_label, mission_label, t
from .money import money_hbars
from .style import esc, eur_axis, eur_hover, layout, wrapped


def mission_progress(by_mission: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Granted over budget per mission, one bar each in the mission's colour (the overview's progress)."""
    df = by_mission.iloc[::-1]
    ratio = [g / b if b else 0.0 for g, b in zip(df["granted"], df["budget"], strict=True)]
    labels = [wrapped(mission_label(m, lang, long=True), 30, 3) for m in df["mission"]]
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
    return layout(fig, t("ch_progress_mission", lang), lang, big, height=max(300, 70 * len(df) + 120))


def money_by_group(df: pd.DataFrame, key: str, lang: str = "it", big: bool = False) -> go.Figure:
    """Budget, requested and granted side by side per mission (``key='mission'``, columns) or per component
    (bars across, each component by its name: "M2C2 · Energia rinnovabile, idrogeno…", on two lines)."""
    if key == "mission":
        x = [mission_label(v, lang) for v in df[key]]
        fig = go.Figure()
        for measure, column in (("budget", "budget"), ("requested", "requested"), ("granted", "granted")):
            fig.add_bar(x=x, y=df[column], name=t(measure, lang), marker_color=MONEY_COLORS[measure],
                        hovertemplate=f"%{{x}}<br>{t(measure, lang)}: {eur_hover(lang)}<extra></extra>")
        fig.update_layout(barmode="group")
        fig.update_yaxes(**eur_axis(lang))
        return layout(fig, t("ch_money_mission", lang), lang, big)
    df = df.iloc[::-1]
    # a card without component: "M2 · n.d." (NaN is truthy, and two missions' blanks must not merge)
    y = [f"{mission_label(m, lang)} · {t('not_available', lang)}" if v is None or pd.isna(v)
         else wrapped(component_label(v, lang, long=True), 40) for m, v in zip(df["mission"], df[key], strict=True)]
    fig = money_hbars(y, [("budget", df["budget"]), ("requested", df["requested"]), ("granted", df["granted"])], lang)
    return layout(fig, t("ch_money_component", lang), lang, big, height=max(360, (70 if big else 52) * len(df) + 140))


def mission_treemap(projects: pd.DataFrame, lang: str = "it", big: bool = False) -> go.Figure:
    """Mission → component → card sized by budget (cards with an unknown budget are left out).

    Built on whole columns and handed to Plotly as arrays: at 100× (2,400 cards) a loop per card and lists
    took 131 ms a run, this about a third of it (docs/PERFORMANCE.md)."""
    df = projects.loc[projects["budget_total"].notna() & (projects["budget_total"] > 0),
                      ["mission", "component", "project_id", "title", "budget_total"]]
    df = df.assign(component=df["component"].fillna("—").astype(str), mission=df["mission"].astype(str),
                   budget_total=df["budget_total"].astype(float)).sort_values(["mission", "component"], kind="stable")
    missions = df.groupby("mission", sort=True)["budget_total"].sum()
    components = df.groupby(["mission", "component"], sort=True)["budget_total"].sum()
    m_ids = list(missions.index)
    c_missions = [m for m, _ in components.index]
    c_ids = [f"{m}/{c}" for m, c in components.index]
    ids = [*m_ids, *c_ids, *(df["mission"] + "/" + df["component"] + "/" + df["project_id"].astype(str))]
    parents = ["" for _ in m_ids] + c_missions + list(df["mission"] + "/" + df["component"])
    labels = ([wrapped(mission_label(m, lang, long=True), 36, 2) for m in m_ids]
              + [wrapped(component_label(c, lang, long=True), 28, 3) if c != "—" else c for _, c in components.index]
              + [f"{esc(p)} · {esc(t_)}" for p, t_ in zip(df["project_id"], df["title"], strict=True)])
    values = [*missions.tolist(), *components.tolist(), *df["budget_total"].tolist()]
    colors = [MISSION_COLORS.get(m, "#888") for m in [*m_ids, *c_missions, *df["mission"]]]
    hover = [fmt_eur_short(v, lang) for v in values]
    fig = go.Figure(go.Treemap(
        ids=np.array(ids, dtype=object), parents=np.array(parents, dtype=object),
        labels=np.array(labels, dtype=object), values=np.array(values, dtype=float), branchvalues="total",
        marker={"colors": np.array(colors, dtype=object)}, customdata=np.array(hover, dtype=object), maxdepth=2,
        hovertemplate="%{label}<br>%{customdata}<extra></extra>", texttemplate="%{label}<br>%{customdata}",
    ))
    # A box too small for its name hides it (its hover still says it) rather than printing it unreadably small.
    fig.update_layout(uniformtext={"minsize": 16 if big else 11, "mode": "hide"})
    return layout(fig, t("ch_treemap", lang), lang, big, height=700 if big else 520)


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
    return layout(fig, t("ch_partner_mission", lang), lang, big,
                   height=max(360, (38 if big else 28) * len(table) + 140))
