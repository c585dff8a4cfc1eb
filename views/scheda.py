"""Scheda progetto: one card with everything about it. ``?progetto=NGP-07`` opens that card.

The picker's options are the plain card IDs (no format_func): a bound selectbox puts the *formatted*
option in the URL, so IDs keep the link short and stable. The list honours the filters, but the card
asked for (link or earlier choice) stays available even outside them. Titles and descriptions are user
text: headings go through ``md_plain``, the description through ``st.text``, tables through dataframes.
"""

import pandas as pd
import streamlit as st

from ngp_data.analytics import charts, queries
from ngp_data.labels import (
    column_label,
    component_label,
    fmt_date,
    fmt_eur,
    fmt_eur_short,
    md_plain,
    mission_label,
    t,
    value_label,
)
from ui.context import context, query, query_unfiltered
from ui.widgets import Col, Kpi, chart, data_table, kpi_row, no_match, page_header, require_data

KEY = "progetto"                       # widget key = URL parameter

ctx = context()
page_header(ctx, "page_project")
if require_data(ctx):
    lang = ctx.lang
    shown = query(ctx, "projects_table")
    every = query(ctx, "projects_table", filters=queries.NO_FILTERS)
    known = set(every["project_id"])
    asked = st.session_state.get(KEY) or st.query_params.get(KEY)
    if asked and asked not in known:
        st.warning(t("card_unknown", lang, id=md_plain(asked)), icon=":material/search_off:")
    options = list(shown["project_id"])
    if asked in known and asked not in options:
        options = sorted([*options, asked])
    if not options:
        no_match(ctx)
        st.stop()

    pick, listing = st.columns([1, 3], vertical_alignment="bottom")
    pid = pick.selectbox(t("card_pick", lang), options, key=KEY, bind="query-params",
                         help=t("card_pick_help", lang))
    with listing.expander(t("card_list", lang, n=len(shown))):
        st.dataframe(pd.DataFrame({t("col_project_id", lang): shown["project_id"],
                                   t("col_title", lang): shown["title"],
                                   t("col_mission", lang): shown["mission"],
                                   t("col_state", lang): [value_label(s, lang) for s in shown["state"]]}),
                     hide_index=True, key="card_list", placeholder="")

    record = query_unfiltered(ctx, "project_record", pid)
    p = record.project
    st.subheader(md_plain(f"{pid} · {p['title']}"))
    if pid not in set(shown["project_id"]):
        st.caption(t("card_outside_filters", lang))
    totals = record.totals
    kpi_row(ctx, [
        Kpi("kpi_budget", fmt_eur_short(p["budget_total"], lang), fmt_eur(p["budget_total"], lang)),
        Kpi("kpi_requested", fmt_eur_short(totals["requested"], lang), fmt_eur(totals["requested"], lang)),
        Kpi("kpi_granted", fmt_eur_short(totals["granted"], lang), fmt_eur(totals["granted"], lang)),
        Kpi("kpi_disbursed", fmt_eur_short(totals["disbursed"], lang), fmt_eur(totals["disbursed"], lang)),
    ])

    def label(col: str) -> str:
        return column_label("projects", col, lang)

    yes_no = {True: t("val_yes", lang), False: t("val_no", lang)}
    lead = p["lead_partner_name"] or p["lead_partner"]
    facts = [
        (label("mission"), mission_label(p["mission"], lang, long=True)),
        (label("component"), component_label(p["component"], lang, long=True) if p["component"] else ""),
        (label("measure"), p["measure"] or ""),
        (label("lead_partner"), f"{lead} ({p['lead_partner']})" if lead != p["lead_partner"] else lead),
        (label("state"), value_label(p["state"], lang)),
        (label("axis"), value_label(p["axis"], lang)),
        (label("start_date"), fmt_date(p["start_date"], lang)),
        (label("end_date"), fmt_date(p["end_date"], lang)),
        (label("shovel_ready"), yes_no.get(p["shovel_ready"], "")),
        (label("cup"), p["cup"] or ""),
    ]
    left, right = (st.container(), st.container()) if ctx.big else st.columns(2, gap="large")
    with left:
        st.markdown(f"**{t('card_details', lang)}**")
        st.markdown("  \n".join(f"{name}: **{md_plain(value) or '—'}**" for name, value in facts))
    with right:
        st.markdown(f"**{t('card_description', lang)}**")
        st.text(p["description"] or t("card_no_description", lang))
        st.markdown(f"**{t('card_partners', lang)}**")
        data_table(ctx, record.partners, [
            Col("name", t("col_name", lang)), Col("role", t("col_role", lang), "choice"),
            Col("kind", t("col_kind", lang), "choice"), Col("partner_id", column_label("partners", "partner_id", lang)),
        ], key="card_partners", file_stem=f"partner_{pid}")

    st.subheader(t("card_requests", lang))
    requests = record.requests
    if requests.empty:
        st.caption(t("card_no_requests", lang))
    else:
        data_table(ctx, requests, [
            Col("request_id", t("col_request_id", lang)), Col("call_id", t("col_call_id", lang)),
            Col("call_title", t("col_call_title", lang)), Col("applicant_name", t("col_applicant", lang)),
            Col("submitted_on", column_label("requests", "submitted_on", lang), "date"),
            Col("amount_requested", t("col_requested", lang), "amount"),
            Col("cofinancing", t("col_cofinancing", lang), "amount"),
            Col("effective_outcome", t("col_outcome", lang), "choice"),
            Col("decided_on", column_label("outcomes", "decided_on", lang), "date"),
            Col("amount_granted", t("col_granted", lang), "amount"),
            Col("amount_disbursed", t("kpi_disbursed", lang), "amount"),
            Col("act", t("col_act", lang)), Col("cup", label("cup")),
        ], key="card_requests", file_stem=f"candidature_{pid}")
        if requests["submitted_on"].notna().any() or requests["decided_on"].notna().any():
            chart(charts.project_timeline(requests, lang, big=ctx.big, today=ctx.today), "card_timeline")
