"""Scheda progetto: one card with everything about it. ``?progetto=NGP-07`` opens that card.

The picker's options are the plain card IDs (no format_func): a bound selectbox puts the *formatted*
option in the URL, so IDs keep the link short and stable. The list honours the filters, but the card
asked for (link or earlier choice) stays available even outside them. Titles and descriptions are user
text: headings go through ``md_plain``, the description through ``st.text``, tables through dataframes.
"""

import streamlit as st

from ngp_data import kinds
from ngp_data.analytics import charts, followup, official, queries
from ngp_data.formats import EMPTY, fmt_eur, fmt_eur_short, fmt_pct
from ngp_data.labels import component_label, md_plain, mission_label
from ngp_data.schema import PROJECTS
from ui.context import context
from ui.followup import card_targets_table, payments_chart
from ui.official import attribution, card_cups_table, flag_lines
from ui.tables import Col, data_table, show_table, shown
from ui.widgets import Kpi, chart, kpi_row, no_match, page_header, require_data

KEY = "progetto"                       # widget key = URL parameter

ctx = context()
page_header(ctx, "page_project")
if require_data(ctx):
    lang = ctx.lang
    listed = ctx.q(queries.projects_table)
    every = ctx.q(queries.projects_table, filters=queries.NO_FILTERS)
    known = set(every["project_id"])
    asked = st.session_state.get(KEY) or st.query_params.get(KEY)
    if asked and asked not in known:
        st.warning(ctx.t("card_unknown", id=md_plain(asked)), icon=":material/search_off:")
    options = list(listed["project_id"])
    if asked in known and asked not in options:
        options = sorted([*options, asked])
    if not options:
        no_match(ctx)
        st.stop()

    pick, listing = st.columns([1, 3], vertical_alignment="bottom")
    # No default (index=None): a bound widget leaves its default out of the URL, so a card that happened
    # to be first in the list (?progetto=NGP-07&missione=M5) would vanish from a copied link.
    pid = pick.selectbox(ctx.t("card_pick"), options, key=KEY, bind="query-params", index=None,
                         placeholder=options[0], help=ctx.t("card_pick_help"))
    pid = pid or options[0]
    with listing.expander(ctx.t("card_list", n=len(listed))):
        show_table(ctx, shown(listed, [Col("project_id"), Col("title"), Col("mission"), Col("state")], lang),
                   key="card_list")

    record = ctx.q_version(queries.project_record, pid)
    p = record.project
    st.subheader(md_plain(f"{pid} · {p['title']}"))
    if pid not in set(listed["project_id"]):
        st.caption(ctx.t("card_outside_filters"))
    totals = record.totals
    kpi_row(ctx, [
        Kpi("kpi_budget", fmt_eur_short(p["budget_total"], lang), fmt_eur(p["budget_total"], lang)),
        Kpi("kpi_requested", fmt_eur_short(totals["requested"], lang), fmt_eur(totals["requested"], lang)),
        Kpi("kpi_granted", fmt_eur_short(totals["granted"], lang), fmt_eur(totals["granted"], lang)),
        Kpi("kpi_disbursed", fmt_eur_short(totals["disbursed"], lang), fmt_eur(totals["disbursed"], lang),
            note=ctx.t("kpi_disbursed_note", pct=fmt_pct(totals["disbursed"] / totals["granted"]
                                                         if totals["granted"] else None, lang))),
        Kpi("kpi_to_disburse", fmt_eur_short(totals["granted"] - totals["disbursed"], lang),
            ctx.t("kpi_to_disburse_help", granted=fmt_eur(totals["granted"], lang),
                  disbursed=fmt_eur(totals["disbursed"], lang)), note=ctx.t("kpi_to_disburse_note")),
    ], per_row=5)

    def fact(name: str) -> tuple[str, str]:
        """A field of the card: its header, and its value as shown (an empty one as "—")."""
        col = PROJECTS.column(name)
        return col.label(lang), kinds.display(col.kind, p[name], lang)

    lead = p["lead_partner_name"] or p["lead_partner"]
    facts = [
        (PROJECTS.column("mission").label(lang), mission_label(p["mission"], lang, long=True)),
        (PROJECTS.column("component").label(lang),
         component_label(p["component"], lang, long=True) if p["component"] else EMPTY),
        fact("measure"),
        (PROJECTS.column("lead_partner").label(lang), f"{lead} ({p['lead_partner']})" if lead != p["lead_partner"]
         else lead),
        fact("state"), fact("axis"), fact("start_date"), fact("end_date"), fact("shovel_ready"), fact("cup"),
    ]
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(f"**{ctx.t('card_details')}**")
        st.markdown("  \n".join(f"{name}: **{md_plain(value)}**" for name, value in facts))
    with right:
        st.markdown(f"**{ctx.t('card_description')}**")
        st.text(p["description"] or ctx.t("card_no_description"))
        st.markdown(f"**{ctx.t('card_partners')}**")
        data_table(ctx, record.partners, [Col("name"), Col("role"), Col("kind"), Col("partner_id")],
                   key="card_partners", file_stem=f"partner_{pid}")

    st.subheader(ctx.t("card_requests"))
    requests = record.requests
    if requests.empty:
        st.caption(ctx.t("card_no_requests"))
    else:
        data_table(ctx, requests, [
            Col("request_id"), Col("call_id"), Col("call_title"), Col("applicant_name"), Col("submitted_on"),
            Col("amount_requested"), Col("cofinancing"), Col("effective_outcome"), Col("decided_on"),
            Col("amount_granted"), Col("amount_disbursed"), Col("act"), Col("cup"),
        ], key="card_requests", file_stem=f"candidature_{pid}")
        if requests["submitted_on"].notna().any() or requests["decided_on"].notna().any():
            chart(charts.project_timeline(requests, lang, today=ctx.today), "card_timeline")

    if ctx.snapshot is not None:                  # the card in the state's own record, by its CUPs
        st.subheader(ctx.t("card_official_title"))
        cups = ctx.q_official(official.link_by_cup, filters=queries.NO_FILTERS)
        cups = cups[cups["project_id"] == pid]
        if cups.empty:
            st.caption(ctx.t("card_official_no_cup"))
        else:
            show_table(ctx, card_cups_table(cups, lang), key="card_official", file_stem=f"riscontro_{pid}")
        payments_chart(ctx, ctx.q_official(followup.payments_over_time, pid, filters=queries.NO_FILTERS),
                       totals["disbursed"], len(cups), key="card_payments", card=True)
        if not cups.empty:
            st.markdown(f"**{ctx.t('targets_title')}**")
            targets = ctx.q_official(followup.card_targets, ctx.today, pid, filters=queries.NO_FILTERS)
            if targets.empty:
                st.caption(ctx.t("targets_card_none"))
            else:
                show_table(ctx, card_targets_table(ctx, targets), key="card_targets", file_stem=f"target_{pid}")
                st.caption(ctx.t("targets_rule"))
        card_flags = ctx.q_official(official.flags, filters=queries.NO_FILTERS)
        card_flags = card_flags[card_flags["project_id"] == pid]
        if not card_flags.empty:
            st.markdown(flag_lines(card_flags, lang, ctx.t, limit=len(card_flags)))
        st.caption(attribution(lang))
