"""Bandi ed esiti: the calls and their deadlines, applications per call, the outcome funnel, decisions over
time, and the applications admitted but not financed (candidates for a "scorrimento")."""

import streamlit as st

from ngp_data.analytics import charts
from ngp_data.labels import column_label, fmt_date, fmt_number, md_plain, t
from ui.context import context, query
from ui.widgets import Col, Kpi, chart, data_table, kpi_row, no_match, page_header, require_data, side_by_side

ctx = context()
page_header(ctx, "page_calls")
if require_data(ctx):
    lang, big = ctx.lang, ctx.big
    calls = query(ctx, "calls_overview")
    if calls.empty:
        no_match(ctx)
        st.stop()
    soon = query(ctx, "deadlines_ahead", ctx.today, 60)
    open_calls = calls["deadline"].map(lambda d: d is not None and d >= ctx.today)
    kpi_row(ctx, [
        Kpi("calls_kpi_calls", fmt_number(len(calls), lang)),
        Kpi("calls_kpi_open", fmt_number(int(open_calls.sum()), lang), t("calls_kpi_open_help", lang)),
        Kpi("calls_kpi_soon", fmt_number(len(soon), lang),
            t("calls_kpi_next", lang, call=md_plain(soon["call_id"].iloc[0]),
              date=fmt_date(soon["deadline"].iloc[0], lang)) if len(soon) else t("deadlines_none", lang)),
        Kpi("n_requests", fmt_number(int(calls["n_requests"].sum()), lang)),
    ])

    chart(charts.calls_timeline(calls, ctx.today, lang, big=big), "calls_timeline")
    undated = int(calls["deadline"].isna().sum())
    if undated:
        st.caption(t("calls_no_deadline", lang, n=undated))

    st.subheader(t("calls_table_title", lang))
    data_table(ctx, calls, [
        Col("call_id", t("col_call_id", lang)), Col("title", t("col_title", lang)),
        Col("source", t("col_source", lang), "choice"), Col("administration", t("col_administration", lang)),
        Col("published_on", t("col_published", lang), "date"), Col("deadline", t("deadline", lang), "date"),
        Col("allocation", t("col_allocation", lang), "amount"), Col("n_requests", t("n_requests", lang), "int"),
        Col("n_financed", t("col_financed", lang), "int"), Col("requested", t("col_requested", lang), "amount"),
        Col("granted", t("col_granted", lang), "amount"),
    ], key="calls", file_stem="bandi")

    st.subheader(t("calls_outcomes_title", lang))
    funnel = query(ctx, "outcome_funnel")
    decisions = query(ctx, "decisions_over_time")
    if int(funnel["n_requests"].max()) == 0:
        st.info(t("calls_no_requests", lang), icon=":material/filter_alt_off:")
    else:
        left, right = side_by_side(ctx)
        with left:
            chart(charts.outcome_funnel(funnel, lang, big=big), "funnel")
        with right:
            if decisions.empty:
                st.caption(t("calls_no_decisions", lang))
            else:
                chart(charts.decisions_over_time(decisions, lang, big=big), "decisions")

    st.subheader(t("calls_eligible_title", lang))
    st.caption(t("calls_eligible_help", lang))
    eligible = query(ctx, "eligible_not_financed")
    if eligible.empty:
        st.caption(t("calls_eligible_none", lang))
    else:
        data_table(ctx, eligible, [
            Col("request_id", t("col_request_id", lang)), Col("project_id", t("col_project_id", lang)),
            Col("project_title", t("col_project_title", lang)), Col("call_id", t("col_call_id", lang)),
            Col("call_title", t("col_call_title", lang)), Col("applicant_name", t("col_applicant", lang)),
            Col("submitted_on", column_label("requests", "submitted_on", lang), "date"),
            Col("decided_on", column_label("outcomes", "decided_on", lang), "date"),
            Col("amount_requested", t("col_requested", lang), "amount"), Col("act", t("col_act", lang)),
        ], key="eligible", file_stem="ammesse_non_finanziate")
