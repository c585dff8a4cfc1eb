"""The follow-up as shown: the Erogato / Da erogare KPIs with their sources, the payments-over-time chart with
its attribution, and the official targets' tables (figures from ``ngp_data.analytics.followup``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ngp_data.analytics import charts
from ngp_data.formats import fmt_number
from ngp_data.official_schema import ITALIA_DOMANI

from .context import PageContext
from .official import attribution, cup_link
from .tables import Col, Shown, shown
from .widgets import Kpi, chart


def payments_chart(ctx: PageContext, series: pd.DataFrame | None, disbursed: float | None, n_cups: int, *,
                   key: str, card: bool = False, n_cards: int = 1) -> None:
    """Official payments at each snapshot and our disbursed today (of the card; for the portfolio, of the
    ``n_cards`` linked cards); says when there is nothing to follow (no snapshot: nothing at all) and when
    one snapshot gives one point."""
    if ctx.snapshot is None or series is None:
        return
    if not n_cups:
        st.caption(ctx.t("payments_no_cup"))
        return
    chart(charts.payments_over_time(series, disbursed, ctx.today, ctx.lang, card=card), key)
    with_paid = series[series["paid_pnrr"].notna()]
    n_paid = int(with_paid["n_cups_paid"].iloc[-1]) if len(with_paid) else 0
    note = ctx.tn("payments_help", n_paid) if n_paid else ctx.t("kpi_disbursed_no_official").strip()
    note += " " + (ctx.t("payments_diamond_card") if card else ctx.tn("payments_diamond_linked", n_cards))
    if len(with_paid) == 1:
        note += " " + ctx.t("payments_one_point")
    st.caption(f"{note} {attribution(ctx.lang, (ITALIA_DOMANI,))}")


def status_label(ctx: PageContext, status: str) -> str:
    return ctx.t(f"target_{status}")


def card_targets_table(ctx: PageContext, targets: pd.DataFrame) -> Shown:
    """A card's official targets: CUP (a link), indicator, status, planned, achieved, unit, due month."""
    frame = pd.DataFrame({
        "cup_link": [cup_link(c) for c in targets["cup"]],
        "indicator": targets["indicator"], "unit": targets["unit"],
        "planned": targets["planned"], "achieved": targets["achieved"],
        "due_month": targets["due_month"],
        "target_status": [status_label(ctx, s) for s in targets["status"]],
    })
    return shown(frame, [Col("cup_link"), Col("indicator", "official_targets"), Col("target_status"),
                         Col("planned", "official_targets"), Col("achieved", "official_targets"),
                         Col("unit", "official_targets"), Col("due_month")], ctx.lang)


def targets_kpis(ctx: PageContext, targets: pd.DataFrame) -> list[Kpi]:
    """Targets met and not met over all targets of the linked CUPs, each with its division."""
    lang = ctx.lang
    n, met, not_met = (int(targets[c].sum()) for c in ("n_targets", "n_met", "n_not_met"))
    return [
        Kpi("kpi_targets_met", fmt_number(met, lang), ctx.t("targets_rule"),
            note=ctx.t("kpi_targets_met_note", met=fmt_number(met, lang), n=fmt_number(n, lang))),
        Kpi("kpi_targets_not_met", fmt_number(not_met, lang), ctx.t("targets_rule"),
            note=ctx.t("kpi_targets_not_met_note", k=fmt_number(not_met, lang), n=fmt_number(n, lang))),
    ]
