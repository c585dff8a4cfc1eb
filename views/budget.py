"""Budget: what the cards cost against what they have secured. The funding gap (budget − granted −
co-financing) in total and per card, where each mission's budget sits, and budget / requested /
granted card by card.
"""

import streamlit as st

from ngp_data.analytics import charts
from ngp_data.labels import fmt_eur, fmt_eur_short, fmt_number, t
from ui.context import context, query
from ui.widgets import Col, Kpi, chart, data_table, kpi_row, no_match, page_header, require_data, side_by_side

ctx = context()
page_header(ctx, "page_budget")
if require_data(ctx):
    lang = ctx.lang
    budget = query(ctx, "budget_by_project")
    if budget.empty:
        no_match(ctx)
        st.stop()
    funding = query(ctx, "funding_by_mission")
    total = funding[["n_cards", "n_budget_unknown", "budget", "granted", "cofinancing", "funding_gap",
                     "granted_budget_unknown"]].sum()
    n_known = int(total["n_cards"] - total["n_budget_unknown"])

    def known(column: str) -> float | None:
        """A total over the cards with a budget; not known (n.d.) when no card has one, never 0."""
        return float(total[column]) if n_known else None

    kpi_row(ctx, [
        Kpi("kpi_budget", fmt_eur_short(known("budget"), lang),
            t("kpi_known_budget_help", lang, n=n_known, amount=fmt_eur(known("budget"), lang))),
        Kpi("kpi_granted", fmt_eur_short(known("granted"), lang),
            t("kpi_known_budget_help", lang, n=n_known, amount=fmt_eur(known("granted"), lang))),
        Kpi("kpi_cofinancing", fmt_eur_short(known("cofinancing"), lang),
            t("kpi_known_budget_help", lang, n=n_known, amount=fmt_eur(known("cofinancing"), lang))),
        Kpi("kpi_gap", fmt_eur_short(known("funding_gap"), lang),
            t("kpi_gap_help", lang, amount=fmt_eur(known("funding_gap"), lang))),
        Kpi("kpi_budget_unknown", fmt_number(int(total["n_budget_unknown"]), lang),
            t("kpi_budget_unknown_help", lang, amount=fmt_eur(total["granted_budget_unknown"], lang))),
    ], per_row=5)

    if not n_known:
        st.info(t("budget_none_known", lang), icon=":material/info:")
    else:
        left, right = side_by_side(ctx)
        with left:
            chart(charts.funding_gap(budget, lang, big=ctx.big), "gap")
        with right:
            chart(charts.funding_by_mission(funding, lang, big=ctx.big), "where")

    chart(charts.budget_by_card(budget, lang, big=ctx.big), "cards")

    st.subheader(t("budget_cards_title", lang))
    # The gap's terms first: the table is wider than the screen.
    data_table(ctx, budget, [
        Col("project_id", t("col_project_id", lang)), Col("title", t("col_title", lang)),
        Col("budget_total", t("col_budget", lang), "amount"), Col("granted", t("col_granted", lang), "amount"),
        Col("cofinancing", t("col_cofinancing", lang), "amount"), Col("funding_gap", t("col_gap", lang), "amount"),
        Col("requested", t("col_requested", lang), "amount"), Col("n_requests", t("n_requests", lang), "int"),
        Col("mission", t("col_mission", lang)), Col("component", t("col_component", lang)),
    ], key="budget_cards", file_stem="budget_per_scheda")
