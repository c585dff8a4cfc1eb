"""Panoramica: where the portfolio stands at a glance (KPIs, progress by mission, outcomes, deadlines)."""

import streamlit as st

from ngp_data.analytics import charts
from ngp_data.labels import fmt_eur, fmt_number, fmt_pct, t
from ui.context import context, query
from ui.widgets import (
    Col,
    Kpi,
    chart,
    data_table,
    headline_kpis,
    kpi_row,
    no_match,
    page_header,
    require_data,
    side_by_side,
)

ctx = context()
page_header(ctx, "page_overview")
if require_data(ctx):
    k = query(ctx, "kpis")
    lang = ctx.lang
    if k.n_cards == 0:
        no_match(ctx)
        st.stop()
    kpi_row(ctx, [
        *headline_kpis(ctx, k),
        Kpi("kpi_rate_count", fmt_pct(k.success_rate_count, lang),
            t("kpi_rate_help", lang, fin=k.n_financed, dec=k.n_decided)),
        Kpi("kpi_rate_amount", fmt_pct(k.success_rate_amount, lang), t("kpi_rate_amount_help", lang)),
        Kpi("kpi_pending", fmt_number(k.n_pending, lang),
            t("kpi_pending_help", lang, n=k.n_pending, amount=fmt_eur(k.amount_pending, lang))),
        Kpi("kpi_eligible", fmt_number(k.n_eligible_not_financed, lang)),
    ])
    missions = query(ctx, "by_mission")
    outcomes = query(ctx, "outcome_counts")
    left, right = side_by_side(ctx, (3, 2))
    with left:
        chart(charts.mission_progress(missions, lang, big=ctx.big), "progress")
    with right:
        chart(charts.outcome_mix(outcomes, lang, big=ctx.big), "outcomes")
    st.subheader(t("deadlines_title", lang))
    deadlines = query(ctx, "deadlines_ahead", ctx.today, 60)
    if deadlines.empty:
        st.caption(t("deadlines_none", lang))
    else:
        data_table(ctx, deadlines, [
            Col("deadline", t("deadline", lang), "date"), Col("days_left", t("days_left", lang), "int"),
            Col("call_id", t("col_call_id", lang)), Col("title", t("col_title", lang)),
            Col("source", t("col_source", lang)), Col("allocation", t("col_allocation", lang), "amount"),
            Col("n_requests", t("n_requests", lang), "int"),
        ], key="deadlines", file_stem="scadenze")
