"""Panoramica: where the portfolio stands at a glance (KPIs, progress by mission, outcomes, deadlines)."""

import streamlit as st

from ngp_data.analytics import charts, figures, followup, queries
from ui.context import context
from ui.followup import payments_chart
from ui.tables import Col, data_table
from ui.widgets import chart, kpi_row, no_match, page_header, require_data, side_by_side

ctx = context()
page_header(ctx, "page_overview")
if require_data(ctx):
    k = ctx.q(queries.kpis)
    lang = ctx.lang
    if k.n_cards == 0:
        no_match(ctx)
        st.stop()
    money = ctx.q_official(followup.money_stages)
    kpi_row(ctx, figures.portfolio(k, money, lang, snapshot=ctx.snapshot is not None,
                                   extracted_on=ctx.snapshot.extracted_on if ctx.snapshot else None), per_row=5)
    left, right = side_by_side(ctx, (3, 2))
    with left:
        chart(charts.mission_progress(ctx.q(queries.by_mission), lang), "progress")
    with right:
        chart(charts.outcome_mix(ctx.q(queries.outcome_counts), lang), "outcomes")
    payments_chart(ctx, ctx.q_official(followup.payments_over_time) if ctx.snapshot else None,
                   money.disbursed_linked, money.n_cups, key="payments", n_cards=money.n_cards_linked)
    st.subheader(ctx.t("deadlines_title"))
    deadlines = ctx.q(queries.deadlines_ahead, ctx.today, 60)
    if deadlines.empty:
        st.caption(ctx.t("deadlines_none"))
    else:
        data_table(ctx, deadlines, [
            Col("deadline"), Col("days_left"), Col("call_id"), Col("title"), Col("source"), Col("allocation"),
            Col("n_requests"),
        ], key="deadlines", file_stem="scadenze")

# Da seguire: how many flags, the five most serious, and the way to all of them (views/attenzione.py).
if ctx.version is not None:
    from ngp_data.analytics import attention
    from ui.attention import attention_lines

    flagged = ctx.q_official(attention.attention, ctx.today, attention.pending_days_setting())
    st.subheader(ctx.tn("att_overview_title", len(flagged)))
    if flagged.empty:
        st.caption(ctx.t("att_none"))
    else:
        st.markdown(attention_lines(flagged, ctx.lang, 5, reason=True))
    st.page_link("views/attenzione.py", label=ctx.t("att_overview_link"), icon=":material/priority_high:")
