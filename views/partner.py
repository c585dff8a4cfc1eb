"""Partner: who does what in the portfolio. Per partner: cards led and joined, applications submitted,
requested against granted, success rate; the partner × mission matrix; the signatories of the protocol
shown apart from the other actors.
"""

import streamlit as st

from ngp_data.analytics import charts
from ngp_data.labels import fmt_eur, fmt_eur_short, fmt_number, t
from ui.context import context, query
from ui.widgets import Col, Kpi, chart, data_table, kpi_row, no_match, page_header, require_data

ctx = context()
page_header(ctx, "page_partners")
if require_data(ctx):
    lang = ctx.lang
    k = query(ctx, "kpis")
    partners = query(ctx, "by_partner")
    if k.n_cards == 0 or partners.empty:
        no_match(ctx)
        st.stop()
    involved = (partners["n_led"] + partners["n_joined"] + partners["n_requests"]) > 0
    signatory = partners["signatory"].eq(True)
    kpi_row(ctx, [
        Kpi("kpi_partners", fmt_number(len(partners), lang), t("kpi_partners_help", lang, n=int(involved.sum()))),
        Kpi("kpi_signatories", fmt_number(int(signatory.sum()), lang),
            t("kpi_signatories_help", lang, n=int((signatory & involved).sum()))),
        Kpi("kpi_requested", fmt_eur_short(k.amount_requested, lang),
            t("kpi_n_requests", lang, n=fmt_number(k.n_requests, lang)) + " · " + fmt_eur(k.amount_requested, lang)),
        Kpi("kpi_granted", fmt_eur_short(k.amount_granted, lang), fmt_eur(k.amount_granted, lang)),
    ])

    if (partners["requested"] > 0).any():
        chart(charts.partner_money(partners, lang, big=ctx.big), "partner_money")
    else:
        st.info(t("partners_money_none", lang), icon=":material/filter_alt_off:")
    matrix = query(ctx, "partner_mission_matrix")
    if matrix.empty:
        no_match(ctx)
    else:
        chart(charts.partner_mission_heatmap(matrix, lang, big=ctx.big), "partner_mission")

    st.subheader(t("partners_groups_title", lang))
    st.caption(t("partners_success_help", lang))
    columns = [
        Col("name", t("col_partner", lang)), Col("kind", t("col_kind", lang), "choice"),
        Col("n_led", t("col_led", lang), "int"), Col("n_joined", t("col_joined", lang), "int"),
        Col("n_requests", t("n_requests", lang), "int"), Col("success_rate", t("col_success", lang), "pct"),
        Col("requested", t("col_requested", lang), "amount"), Col("granted", t("col_granted", lang), "amount"),
        Col("n_decided", t("col_decided", lang), "int"), Col("n_financed", t("col_financed", lang), "int"),
    ]
    groups = [("partners_signatories", partners[signatory], "firmatari"),
              ("partners_others", partners[~signatory], "altri_attori")]
    tabs = st.tabs([f"{t(key, lang)} ({fmt_number(len(frame), lang)})" for key, frame, _ in groups])
    for tab, (key, frame, stem) in zip(tabs, groups, strict=True):
        with tab:
            if frame.empty:
                st.caption(t("partners_group_empty", lang))
            else:
                data_table(ctx, frame, columns, key=stem, file_stem=stem, sheet=t(key, lang)[:31])
