"""Prossimi fondi: the calls open or opening, by source (PNRR, PNC, FESR, FSE+, FSC, Regione…), with their
deadlines and allocation, the cards that could apply to each, and the cards not yet financed: the table
plans what comes after the PNRR."""

import streamlit as st

from ngp_data.analytics import charts, funds
from ngp_data.formats import fmt_date, fmt_eur, fmt_eur_short, fmt_number
from ngp_data.labels import md_plain
from ui.attention import call_line, calls_table, candidate_lines, source_name, unfunded_table
from ui.context import context
from ui.tables import show_table
from ui.widgets import Kpi, chart, kpi_row, page_header, require_data

CANDIDATE_LINES = 12                  # candidate cards listed under a call; all of them are in the table
OPEN_UP_TO = 8                        # a call's list of candidates starts open when it is this short

ctx = context()
page_header(ctx, "page_funds")
if require_data(ctx):
    lang, t = ctx.lang, ctx.t
    st.caption(t("fund_intro"))
    calls = ctx.q(funds.open_calls, ctx.today)
    found = ctx.q(funds.candidates, ctx.today)
    unfunded = ctx.q(funds.unfunded_cards, ctx.today)
    dated = calls[calls["deadline"].notna()].sort_values("deadline")
    allocation = float(calls["allocation"].sum())
    next_help = (t("calls_kpi_next", call=md_plain(dated["call_id"].iloc[0]), date=fmt_date(dated["deadline"].iloc[0],
                                                                                             lang))
                 if len(dated) else None)
    kpi_row(ctx, [
        Kpi("fund_kpi_calls", fmt_number(len(calls), lang)),
        Kpi("fund_kpi_allocation", fmt_eur_short(allocation, lang), fmt_eur(allocation, lang)),
        Kpi("fund_kpi_next", fmt_date(dated["deadline"].iloc[0], lang) if len(dated) else "—", next_help),
        Kpi("fund_kpi_unfunded", fmt_number(len(unfunded), lang)),
    ])
    st.caption(t("fund_rules", days=fmt_number(funds.UNDATED_OPEN_DAYS, lang)))
    if calls.empty:
        st.info(t("fund_none"), icon=":material/event_busy:")
    else:
        if len(dated):
            chart(charts.funds_timeline(calls, ctx.today, lang), "funds_timeline")
        by_call = candidate_lines(found, lang, CANDIDATE_LINES)
        for source, group in calls.groupby(calls["source"].fillna(""), sort=False):
            st.subheader(source_name(source or None, lang))
            for call in group.to_dict("records"):
                st.markdown(call_line(call, lang))
                n, lines = by_call.get(call["call_id"], (0, ""))
                with st.expander(ctx.tn("fund_candidates", n), expanded=0 < n <= OPEN_UP_TO):
                    if not n:
                        st.caption(t("fund_no_candidates"))
                    else:
                        st.markdown(lines)
                        if n > CANDIDATE_LINES:
                            st.caption(ctx.tn("att_group_more", n - CANDIDATE_LINES))
        st.subheader(t("fund_table_title"))
        show_table(ctx, calls_table(calls, found, lang), key="fund_calls", file_stem="prossimi_fondi")
    st.subheader(t("fund_unfunded_title"))
    st.caption(t("fund_unfunded_help"))
    if unfunded.empty:
        st.caption(t("fund_no_candidates"))
    else:
        show_table(ctx, unfunded_table(unfunded, lang), key="fund_unfunded", file_stem="schede_non_finanziate")
