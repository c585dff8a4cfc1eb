"""Missioni: where the portfolio stands by PNRR mission and component, down to the single card.

First screen: the headline figures of the selection and budget / requested / granted by mission.
Then the components, the drill-down mission → component → card, the figures by mission in numbers
and the cards of the selected missions (each table with its Excel export).
"""

import streamlit as st

from ngp_data.analytics import charts
from ngp_data.labels import mission_label, t
from ui.context import context, query
from ui.widgets import Col, chart, data_table, headline_kpis, kpi_row, no_match, page_header, require_data

ctx = context()
page_header(ctx, "page_missions")
if require_data(ctx):
    lang = ctx.lang
    k = query(ctx, "kpis")
    if k.n_cards == 0:
        no_match(ctx)
        st.stop()
    kpi_row(ctx, headline_kpis(ctx, k))

    missions = query(ctx, "by_mission")
    components = query(ctx, "by_component")
    # One under the other in both modes: the components need the width, and the missions' chart is the
    # answer of the first screen.
    chart(charts.money_by_group(missions, "mission", lang, big=ctx.big), "money_mission")
    chart(charts.money_by_group(components, "component", lang, big=ctx.big), "money_component")

    cards = query(ctx, "projects_table")
    n_unknown = int(cards["budget_total"].isna().sum())
    if not cards["budget_total"].gt(0).any():             # nothing to size the boxes with
        st.info(t("missions_drill_none", lang), icon=":material/info:")
    else:
        chart(charts.mission_treemap(cards, lang, big=ctx.big), "treemap")
        note = t("missions_drill_help", lang)
        if n_unknown:
            note += " " + t("missions_drill_unknown", lang, n=n_unknown)
        st.caption(note)

    st.subheader(t("missions_table_title", lang))
    missions = missions.assign(mission_name=[mission_label(m, lang, long=True) for m in missions["mission"]])
    data_table(ctx, missions, [
        Col("mission_name", t("col_mission", lang)), Col("n_cards", t("n_cards", lang), "int"),
        Col("n_requests", t("n_requests", lang), "int"),
        Col("budget", t("col_budget", lang), "amount"), Col("requested", t("col_requested", lang), "amount"),
        Col("granted", t("col_granted", lang), "amount"),
    ], key="missions", file_stem="missioni")

    st.subheader(t("missions_cards_title" if ctx.filters.missions else "missions_cards_all", lang))
    # The amounts before the long text columns: the table is wider than the screen.
    data_table(ctx, cards, [
        Col("project_id", t("col_project_id", lang)), Col("title", t("col_title", lang)),
        Col("mission", t("col_mission", lang)), Col("component", t("col_component", lang)),
        Col("state", t("col_state", lang), "choice"), Col("budget_total", t("col_budget", lang), "amount"),
        Col("amount_requested", t("col_requested", lang), "amount"),
        Col("amount_granted", t("col_granted", lang), "amount"),
        Col("lead_partner_name", t("col_lead", lang)), Col("measure", t("col_measure", lang)),
    ], key="cards", file_stem="schede_per_missione")
