"""The portfolio's headline figures as the committee reads them, written once for every place that shows
them: the Panoramica page (and the four that open Missioni, Partner, Budget), the presenter's first screen
and the meeting pack. Each figure is its label, its value in the interface's formats, the help that says
where it comes from, and the one line under it that says what a rate divides by what.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..formats import fmt_date, fmt_eur, fmt_eur_short, fmt_number, fmt_pct
from ..labels import t, tn
from .followup import MoneyStages
from .queries import Kpis


@dataclass(frozen=True)
class Figure:
    label_key: str
    value: str
    help: str | None = None
    note: str | None = None          # one line under the figure: what a rate divides by what

    @property
    def caption(self) -> str | None:
        """What a page without tooltips (the PDF) writes under the figure: its note, else its help."""
        return self.note or self.help


def headline(k: Kpis, lang: str = "it") -> list[Figure]:
    """The four figures every portfolio page opens with: cards, budget, requested, granted."""
    budget_help = (tn("kpi_budget_help", k.n_budget_unknown, lang) if k.n_budget_unknown
                   else fmt_eur(k.budget_total, lang))
    return [
        Figure("kpi_cards", fmt_number(k.n_cards, lang), tn("kpi_n_requests", k.n_requests, lang)),
        Figure("kpi_budget", fmt_eur_short(k.budget_total, lang), budget_help),
        Figure("kpi_requested", fmt_eur_short(k.amount_requested, lang), fmt_eur(k.amount_requested, lang)),
        Figure("kpi_granted", fmt_eur_short(k.amount_granted, lang), fmt_eur(k.amount_granted, lang)),
    ]


def money(m: MoneyStages, lang: str = "it", *, snapshot: bool = False,
          extracted_on: dt.date | None = None) -> list[Figure]:
    """Erogato (ours; with an official snapshot, the PNRR paid of the linked CUPs in its help) and Da erogare."""
    help_paid = t("kpi_disbursed_help", lang, amount=fmt_eur(m.disbursed, lang))
    if snapshot:
        if m.official_paid is not None:
            help_paid += tn("kpi_disbursed_official", m.n_cups_paid, lang,
                            date=fmt_date(extracted_on) if extracted_on else "—", paid=fmt_eur(m.official_paid, lang))
        else:
            help_paid += t("kpi_disbursed_no_official", lang)
    return [
        Figure("kpi_disbursed", fmt_eur_short(m.disbursed, lang), help_paid,
               note=t("kpi_disbursed_note", lang, pct=fmt_pct(m.paid_share, lang))),
        Figure("kpi_to_disburse", fmt_eur_short(m.to_disburse, lang),
               t("kpi_to_disburse_help", lang, granted=fmt_eur(m.granted, lang), disbursed=fmt_eur(m.disbursed, lang)),
               note=t("kpi_to_disburse_note", lang)),
    ]


def outcomes(k: Kpis, lang: str = "it") -> list[Figure]:
    """The two success rates (each with what it divides by what), the applications waiting, the eligible
    ones not financed."""
    return [
        Figure("kpi_rate_count", fmt_pct(k.success_rate_count, lang),
               t("kpi_rate_help", lang, fin=k.n_financed, dec=k.n_decided),
               note=t("kpi_rate_note", lang, fin=fmt_number(k.n_financed, lang), dec=fmt_number(k.n_decided, lang))),
        Figure("kpi_rate_amount", fmt_pct(k.success_rate_amount, lang), t("kpi_rate_amount_help", lang),
               note=t("kpi_rate_amount_note", lang)),
        Figure("kpi_pending", fmt_number(k.n_pending, lang),
               tn("kpi_pending_help", k.n_pending, lang, amount=fmt_eur(k.amount_pending, lang))),
        Figure("kpi_eligible", fmt_number(k.n_eligible_not_financed, lang)),
    ]


def portfolio(k: Kpis, m: MoneyStages, lang: str = "it", *, snapshot: bool = False,
              extracted_on: dt.date | None = None) -> list[Figure]:
    """The Panoramica's ten figures, in its order."""
    return [*headline(k, lang), *money(m, lang, snapshot=snapshot, extracted_on=extracted_on), *outcomes(k, lang)]
