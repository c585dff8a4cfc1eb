"""Bandi ed esiti: the calls and their deadlines, applications per call, the outcome funnel, decisions over
time, and the applications admitted but not financed (candidates for a "scorrimento")."""

import streamlit as st

from ngp_data.analytics import charts, queries
from ngp_data.formats import fmt_date, fmt_number
from ngp_data.labels import md_plain
from ui.context import context
from ui.tables import Col, data_table
from ui.widgets import Kpi, chart, kpi_row, no_match, page_header, require_data, side_by_side

ctx = context()
page_header(ctx, "page_calls")
if require_data(ctx):
    lang = ctx.lang
    calls = ctx.q(queries.calls_overview)
    if calls.empty:
        no_match(ctx)
        st.stop()
    soon = ctx.q(queries.deadlines_ahead, ctx.today, 60)
    open_calls = calls["deadline"].map(lambda d: d is not None and d >= ctx.today)
    next_deadline = (ctx.t("calls_kpi_next", call=md_plain(soon["call_id"].iloc[0]),
                           date=fmt_date(soon["deadline"].iloc[0], lang)) if len(soon) else ctx.t("deadlines_none"))
    kpi_row(ctx, [
        Kpi("calls_kpi_calls", fmt_number(len(calls), lang)),
        Kpi("calls_kpi_open", fmt_number(int(open_calls.sum()), lang), ctx.t("calls_kpi_open_help")),
        Kpi("calls_kpi_soon", fmt_number(len(soon), lang), next_deadline),
        Kpi("n_requests", fmt_number(int(calls["n_requests"].sum()), lang)),
    ])

    chart(charts.calls_timeline(calls, ctx.today, lang), "calls_timeline")
    undated = int(calls["deadline"].isna().sum())
    if undated:
        st.caption(ctx.tn("calls_no_deadline", undated))

    st.subheader(ctx.t("calls_table_title"))
    data_table(ctx, calls, [
        Col("call_id"), Col("title"), Col("source"), Col("administration"), Col("published_on"), Col("deadline"),
        Col("allocation"), Col("n_requests"), Col("n_financed"), Col("requested"), Col("granted"),
    ], key="calls", file_stem="bandi")

    st.subheader(ctx.t("calls_outcomes_title"))
    funnel = ctx.q(queries.outcome_funnel)
    decisions = ctx.q(queries.decisions_over_time)
    if int(funnel["n_requests"].max()) == 0:
        st.info(ctx.t("calls_no_requests"), icon=":material/filter_alt_off:")
    else:
        left, right = side_by_side(ctx)
        with left:
            chart(charts.outcome_funnel(funnel, lang), "funnel")
            st.caption(ctx.t("funnel_note"))
        with right:
            if decisions.empty:
                st.caption(ctx.t("calls_no_decisions"))
            else:
                chart(charts.decisions_over_time(decisions, lang), "decisions")

    st.subheader(ctx.t("calls_eligible_title"))
    st.caption(ctx.t("calls_eligible_help"))
    eligible = ctx.q(queries.eligible_not_financed)
    if eligible.empty:
        st.caption(ctx.t("calls_eligible_none"))
    else:
        data_table(ctx, eligible, [
            Col("request_id"), Col("project_id"), Col("project_title"), Col("call_id"), Col("call_title"),
            Col("applicant_name"), Col("submitted_on"), Col("decided_on"), Col("amount_requested"), Col("act"),
        ], key="eligible", file_stem="ammesse_non_finanziate")
