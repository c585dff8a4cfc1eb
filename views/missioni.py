"""Missioni: where the portfolio stands by PNRR mission and component, down to the single card.

First screen: the headline figures of the selection and budget / requested / granted by mission.
Then the components, the drill-down mission → component → card, the figures by mission in numbers
and the cards of the selected missions (each table with its Excel export).
"""

import streamlit as st

from ngp_data.analytics import charts, followup, queries
from ngp_data.labels import mission_label
from ngp_data.official_schema import ITALIA_DOMANI
from ui.context import context
from ui.followup import targets_kpis
from ui.official import attribution
from ui.tables import Col, data_table
from ui.widgets import chart, headline_kpis, kpi_row, no_match, page_header, require_data

ctx = context()
page_header(ctx, "page_missions")
if require_data(ctx):
    lang = ctx.lang
    k = ctx.q(queries.kpis)
    if k.n_cards == 0:
        no_match(ctx)
        st.stop()
    kpi_row(ctx, headline_kpis(ctx, k))

    missions = ctx.q(queries.by_mission)
    # One under the other in both modes: the components need the width, and the missions' chart is the
    # answer of the first screen.
    chart(charts.money_by_group(missions, "mission", lang), "money_mission")
    money = ctx.q_official(followup.money_by_mission)
    if (money["granted"] > 0).any():
        chart(charts.paid_by_mission(money, lang), "paid_mission")
        st.caption(ctx.t("paid_share_note"))
    chart(charts.money_by_group(ctx.q(queries.by_component), "component", lang), "money_component")

    cards = ctx.q(queries.projects_table)
    n_unknown = int(cards["budget_total"].isna().sum())
    if not cards["budget_total"].gt(0).any():             # nothing to size the boxes with
        st.info(ctx.t("missions_drill_none"), icon=":material/info:")
    else:
        chart(charts.mission_treemap(cards, lang), "treemap")
        note = ctx.t("missions_drill_help")
        if n_unknown:
            note += " " + ctx.t("missions_drill_unknown", n=n_unknown)
        st.caption(note)

    st.subheader(ctx.t("missions_table_title"))
    missions = missions.assign(mission_name=[mission_label(m, lang, long=True) for m in missions["mission"]])
    missions = missions.merge(money[["mission", "disbursed", "to_disburse", "paid_share", "official_paid"]],
                              on="mission", how="left")
    data_table(ctx, missions, [
        Col("mission_name"), Col("n_cards"), Col("n_requests"), Col("budget"), Col("requested"), Col("granted"),
        Col("disbursed"), Col("paid_share"), Col("to_disburse"), Col("official_paid"),
    ], key="missions", file_stem="missioni")

    if ctx.snapshot is not None:                  # the official targets of the linked CUPs, by mission
        st.subheader(ctx.t("targets_missions_title"))
        targets = ctx.q_official(followup.targets_by_mission, ctx.today)
        if targets.empty:
            st.caption(ctx.t("targets_missions_none"))
        else:
            kpi_row(ctx, targets_kpis(ctx, targets))
            chart(charts.targets_by_mission(targets, lang), "targets_mission")
            targets = targets.assign(mission_name=[mission_label(m, lang, long=True) for m in targets["mission"]])
            data_table(ctx, targets, [
                Col("mission_name"), Col("n_targets"), Col("n_met"), Col("n_not_met"), Col("n_in_progress"),
                Col("n_not_reported"),
            ], key="targets_missions", file_stem="target_per_missione")
            st.caption(f"{ctx.t('targets_rule')} {attribution(lang, (ITALIA_DOMANI,))}")

    st.subheader(ctx.t("missions_cards_title" if ctx.filters.missions else "missions_cards_all"))
    # The amounts before the long text columns: the table is wider than the screen. A card's requested and
    # granted are the totals of its applications, as in the tables by mission.
    totals = cards.rename(columns={"amount_requested": "requested", "amount_granted": "granted"})
    data_table(ctx, totals, [
        Col("project_id"), Col("title"), Col("mission"), Col("component"), Col("state"), Col("budget_total"),
        Col("requested"), Col("granted"), Col("lead_partner_name"), Col("measure"),
    ], key="cards", file_stem="schede_per_missione")
