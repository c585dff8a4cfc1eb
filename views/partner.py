"""Partner: who does what in the portfolio. Per partner: cards led and joined, applications submitted,
requested against granted, success rate; the partner × mission matrix; the signatories of the protocol
shown apart from the other actors.
"""

import streamlit as st

from ngp_data.analytics import charts, followup, queries
from ngp_data.formats import fmt_eur, fmt_eur_short, fmt_number
from ui.context import context
from ui.tables import Col, data_table
from ui.widgets import Kpi, chart, kpi_row, no_match, page_header, require_data

ctx = context()
page_header(ctx, "page_partners")
if require_data(ctx):
    lang = ctx.lang
    k = ctx.q(queries.kpis)
    partners = ctx.q(queries.by_partner)
    if k.n_cards == 0 or partners.empty:
        no_match(ctx)
        st.stop()
    involved = (partners["n_led"] + partners["n_joined"] + partners["n_requests"]) > 0
    signatory = partners["signatory"].eq(True).fillna(False).astype(bool)    # unknown: not a signatory
    kpi_row(ctx, [
        Kpi("kpi_partners", fmt_number(len(partners), lang), ctx.tn("kpi_partners_help", int(involved.sum()))),
        Kpi("kpi_signatories", fmt_number(int(signatory.sum()), lang),
            ctx.tn("kpi_signatories_help", int((signatory & involved).sum()))),
        Kpi("kpi_requested", fmt_eur_short(k.amount_requested, lang),
            ctx.tn("kpi_n_requests", k.n_requests) + " · " + fmt_eur(k.amount_requested, lang)),
        Kpi("kpi_granted", fmt_eur_short(k.amount_granted, lang), fmt_eur(k.amount_granted, lang)),
    ])

    if (partners["requested"] > 0).any():
        chart(charts.partner_money(partners, lang), "partner_money")
    else:
        st.info(ctx.t("partners_money_none"), icon=":material/filter_alt_off:")
    matrix = ctx.q(queries.partner_mission_matrix)
    if matrix.empty:
        no_match(ctx)
    else:
        chart(charts.partner_mission_heatmap(matrix, lang), "partner_mission")

    st.subheader(ctx.t("partners_groups_title"))
    st.caption(ctx.t("partners_success_help") + " " + ctx.t("partners_paid_help"))
    paid = ctx.q(followup.money_by_partner)[["partner_id", "disbursed", "paid_share"]]
    partners = partners.merge(paid, on="partner_id", how="left")
    columns = [Col("name"), Col("kind"), Col("n_led"), Col("n_joined"), Col("n_requests"), Col("success_rate"),
               Col("requested"), Col("granted"), Col("disbursed"), Col("paid_share"), Col("n_decided"),
               Col("n_financed")]
    groups = [("partners_signatories", partners[signatory], "firmatari"),
              ("partners_others", partners[~signatory], "altri_attori")]
    tabs = st.tabs([f"{ctx.t(key)} ({fmt_number(len(frame), lang)})" for key, frame, _ in groups])
    for tab, (key, frame, stem) in zip(tabs, groups, strict=True):
        with tab:
            if frame.empty:
                st.caption(ctx.t("partners_group_empty"))
            else:
                data_table(ctx, frame, columns, key=stem, file_stem=stem, sheet=ctx.t(key)[:31])
