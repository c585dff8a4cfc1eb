"""Da seguire: the first thing the committee reads. The cards to look at, most serious first, grouped by
reason (money granted but little paid, targets behind, official end passed, amounts that differ from the
official record, outcomes pending too long, possible scorrimento); each line says why and links to its Scheda."""

import streamlit as st

from ngp_data.analytics import attention
from ngp_data.formats import fmt_number, fmt_pct
from ui.attention import attention_lines, attention_table
from ui.context import context
from ui.official import snapshot_line
from ui.tables import show_table
from ui.widgets import Kpi, kpi_row, page_header, require_data

GROUP_LINES = 30                      # lines of one reason listed as sentences; all of them are in the table

ctx = context()
page_header(ctx, "page_attention")
if require_data(ctx):
    lang, t = ctx.lang, ctx.t
    st.caption(t("att_intro"))
    days = attention.pending_days_setting()
    lines = ctx.q_official(attention.attention, ctx.today, days)
    counts = attention.counts(lines)
    kpi_row(ctx, [
        Kpi("att_kpi_total", fmt_number(len(lines), lang)),
        Kpi("att_kpi_cards", fmt_number(lines["project_id"].nunique(), lang)),
        *(Kpi("att_" + code, fmt_number(n, lang)) for code, n in counts.items()),
    ])
    if ctx.snapshot is None:
        st.info(t("att_no_official"), icon=":material/cloud_upload:")
    else:
        st.caption(snapshot_line(ctx.snapshot, t))
    st.caption(t("att_rules", share=fmt_pct(attention.PAID_SHARE_MIN, lang, 0), months=attention.GRANT_AGE_MONTHS,
                 days=fmt_number(days, lang)))
    if lines.empty:
        st.success(t("att_none"), icon=":material/task_alt:")
        st.stop()
    for code in attention.REASONS:
        group = lines[lines["code"] == code]
        if group.empty:
            continue
        st.subheader(f"{t('att_' + code)} · {fmt_number(len(group), lang)}")
        st.markdown(attention_lines(group, lang, GROUP_LINES))
        if len(group) > GROUP_LINES:
            st.caption(ctx.tn("att_group_more", len(group) - GROUP_LINES))
    with st.expander(t("att_table")):
        show_table(ctx, attention_table(lines, lang), key="attention", file_stem="da_seguire")
