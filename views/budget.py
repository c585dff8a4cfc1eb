"""Budget: what the cards cost against what they have secured. The funding gap (budget − granted −
co-financing) in total and per card, where each mission's budget sits, and budget / requested /
granted card by card.
"""

import streamlit as st

from ngp_data.analytics import charts, followup, queries
from ngp_data.formats import fmt_eur, fmt_eur_short, fmt_number
from ui.context import context
from ui.tables import Col, data_table
from ui.widgets import Kpi, chart, kpi_row, no_match, page_header, require_data, side_by_side

ctx = context()
page_header(ctx, "page_budget")
if require_data(ctx):
    lang = ctx.lang
    budget = ctx.q(queries.budget_by_project)
    if budget.empty:
        no_match(ctx)
        st.stop()
    funding = ctx.q(queries.funding_by_mission)
    total = funding[["n_cards", "n_budget_unknown", "budget", "granted", "cofinancing", "funding_gap",
                     "granted_budget_unknown"]].sum()
    n_known = int(total["n_cards"] - total["n_budget_unknown"])

    def known(column: str) -> float | None:
        """A total over the cards with a budget; not known (n.d.) when no card has one, never 0."""
        return float(total[column]) if n_known else None

    def over_known(column: str) -> str:
        return ctx.tn("kpi_known_budget_help", n_known, amount=fmt_eur(known(column), lang))

    def gap_kpi(gap: float | None) -> Kpi:
        """Still to fund; or, when more is secured than the budget, how much beyond it (good news)."""
        if gap is not None and gap < 0:
            return Kpi("kpi_over_budget", "+" + fmt_eur_short(-gap, lang),
                       ctx.t("kpi_over_help", amount=fmt_eur(-gap, lang)))
        return Kpi("kpi_gap", fmt_eur_short(gap, lang), ctx.t("kpi_gap_help", amount=fmt_eur(gap, lang)))

    kpi_row(ctx, [
        Kpi("kpi_budget", fmt_eur_short(known("budget"), lang), over_known("budget")),
        Kpi("kpi_granted", fmt_eur_short(known("granted"), lang), over_known("granted")),
        Kpi("kpi_cofinancing", fmt_eur_short(known("cofinancing"), lang), over_known("cofinancing")),
        gap_kpi(known("funding_gap")),
        Kpi("kpi_budget_unknown", fmt_number(int(total["n_budget_unknown"]), lang),
            ctx.t("kpi_budget_unknown_help", amount=fmt_eur(total["granted_budget_unknown"], lang))),
    ], per_row=5)

    if not n_known:
        st.info(ctx.t("budget_none_known"), icon=":material/info:")
    else:
        left, right = side_by_side(ctx)
        with left:
            chart(charts.funding_gap(budget, lang), "gap")
        with right:
            chart(charts.funding_by_mission(funding, lang), "where")

    chart(charts.budget_by_card(budget, lang), "cards")

    st.subheader(ctx.t("budget_cards_title"))
    paid = ctx.q_official(followup.money_by_card)[["project_id", "disbursed", "paid_share", "to_disburse"]]
    budget = budget.merge(paid, on="project_id", how="left")
    # The gap's terms first: the table is wider than the screen.
    data_table(ctx, budget, [
        Col("project_id"), Col("title"), Col("budget_total"), Col("granted"), Col("cofinancing"), Col("funding_gap"),
        Col("disbursed"), Col("paid_share"), Col("to_disburse"), Col("requested"), Col("n_requests"), Col("mission"),
        Col("component"),
    ], key="budget_cards", file_stem="budget_per_scheda")
    st.caption(ctx.t("paid_share_cards_note"))
