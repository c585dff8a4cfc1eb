"""The official record as shown: which snapshot a page uses, the attribution, and the Riscontro's tables
(flags, cards beside the official figures, totals by mission, suggestions) in the interface language.

The figures come from ``ngp_data.analytics.official`` (one pinned version and one snapshot); here they
only get their headers, links and words.
"""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

from ngp_data.analytics import official
from ngp_data.formats import fmt_date, fmt_number
from ngp_data.labels import md_plain
from ngp_data.official import suggest
from ngp_data.official_schema import ATTRIBUTION, ITALIA_DOMANI, PA_DIGITALE, PUBLIC_PAGE
from ngp_data.store.official import Snapshot

from .tables import Col, Shown, card_link, shown


def card_md(project_id: str, title: str | None = None) -> str:
    """A card as a Markdown link to its Scheda (``NGP-05``), with its title after it when given."""
    link = f"[{md_plain(project_id)}]({card_link(project_id)})"
    return f"{link} · {md_plain(title)}" if title else link


def cup_link(cup: str | None) -> str | None:
    """A CUP's public page (OpenCUP)."""
    return PUBLIC_PAGE.format(cup=quote(cup)) if cup else None


def attribution(lang: str, sources: tuple[str, ...] = (ITALIA_DOMANI, PA_DIGITALE)) -> str:
    """The CC BY 4.0 attribution line(s) of the official figures shown."""
    return " · ".join(ATTRIBUTION[s][lang] for s in sources)


def snapshot_line(snapshot: Snapshot, t) -> str:
    """``Dati ufficiali: istantanea 3 del 01/12/2026, estratti dal portale il 31/03/2025 (7 file).``"""
    extracted = fmt_date(snapshot.extracted_on) if snapshot.extracted_on else "—"
    return t("off_snapshot_line", n=snapshot.snapshot_id, date=f"{snapshot.created_at:%d/%m/%Y}",
             extracted=extracted, files=fmt_number(len(snapshot.files)))


def flags_table(flags: pd.DataFrame, lang: str, t) -> Shown:
    """One row a flag: its name, the card (a link to its Scheda), the CUP (a link to its public page), why."""
    frame = pd.DataFrame({
        "flag_label": [t(f"flag_{code}") for code in flags["code"]],
        "card_link": [card_link(p) for p in flags["project_id"]],
        "cup_link": [cup_link(c) if c and "," not in c else None for c in flags["cup"]],
        "cups": [c if c and "," in c else None for c in flags["cup"]],
        "flag_reason": [official.describe_flag(r, lang) for r in flags.to_dict("records")],
    })
    cols = [Col("flag_label"), Col("card_link"), Col("cup_link")]
    if frame["cups"].notna().any():                    # a card's several CUPs, where a flag is about them all
        cols.append(Col("cups"))
    return shown(frame, [*cols, Col("flag_reason")], lang)


def flag_lines(flags: pd.DataFrame, lang: str, t, limit: int) -> str:
    """The first ``limit`` flags as a Markdown list, one sentence each: **what** · card (a link) · why.
    The reasons carry user and official text: made inert (``md_plain``); the links are ours."""
    lines = []
    for row in flags.head(limit).to_dict("records"):
        card = row["project_id"]
        where = card_md(card) if card else t("off_no_card")
        lines.append(f"- **{t('flag_' + row['code'])}** · {where} · {md_plain(official.describe_flag(row, lang))}")
    return "\n".join(lines)


def cards_table(cards: pd.DataFrame, lang: str) -> Shown:
    """Each card shown, ours beside the official figures of its CUPs (amounts, payments, state, end)."""
    frame = pd.DataFrame({
        "card_link": [card_link(p) for p in cards["project_id"]],
        "title": cards["title"],
        "cups": [", ".join(c) if len(c) else None for c in cards["cups"]],
        "granted": cards["granted"],
        "official_financing": cards["financing_pnrr"],
        "disbursed": cards["disbursed"],
        "official_paid": cards["paid_pnrr"],
        "state": cards["state"],
        "official_state": [_state(p, ph) for p, ph in zip(cards["progress_state"], cards["phase"], strict=True)],
        "end_date": cards["end_date"],
        "official_end": cards["end_planned"],
    })
    return shown(frame, [Col("card_link"), Col("title", "projects"), Col("cups"), Col("granted"),
                         Col("official_financing"), Col("disbursed"), Col("official_paid"), Col("state", "projects"),
                         Col("official_state"), Col("end_date", "projects"), Col("official_end")], lang)


def card_cups_table(rows: pd.DataFrame, lang: str) -> Shown:
    """A card's CUPs and their official projects: title, financing, payments, state, planned end."""
    frame = pd.DataFrame({
        "cup_link": [cup_link(c) for c in rows["cup"]],
        "official_title": rows["official_title"].where(rows["found"].astype(bool), None),
        "official_financing": rows["financing_pnrr"], "official_paid": rows["paid_pnrr"],
        "official_state": [_state(p, ph) for p, ph in zip(rows["progress_state"], rows["phase"], strict=True)],
        "official_end": rows["end_planned"],
    })
    return shown(frame, [Col("cup_link"), Col("official_title"), Col("official_financing"), Col("official_paid"),
                         Col("official_state"), Col("official_end")], lang)


def totals_table(totals: pd.DataFrame, lang: str) -> Shown:
    """Official financing and payments in the Comune by mission, and how much of it the cards claim."""
    paid_share = totals["paid_pnrr"] / totals["financing_pnrr"].where(totals["financing_pnrr"] > 0)
    frame = pd.DataFrame({
        "mission": totals["mission"], "n_cups": totals["n_cups"], "n_cups_linked": totals["n_cups_linked"],
        "financing_pnrr": totals["financing_pnrr"], "paid_pnrr": totals["paid_pnrr"],
        "share_paid": paid_share, "share_linked": totals["financing_share_linked"],
    })
    return shown(frame, [Col("mission", "projects"), Col("n_cups"), Col("n_cups_linked"),
                         Col("financing_pnrr", "official_projects"), Col("paid_pnrr", "official_payments"),
                         Col("share_paid"), Col("share_linked")], lang)


def suggestions_table(found: pd.DataFrame, lang: str) -> Shown:
    """Suggested links: the card, the official project (a link), its title, the score and why."""
    frame = pd.DataFrame({
        "card_link": [card_link(p) for p in found["project_id"]],
        "cup_link": [cup_link(c) for c in found["cup"]],
        "official_title": found["official_title"],
        "score": found["score"],
        "reasons": ["; ".join(suggest.reasons(r, lang)) for r in found.to_dict("records")],
    })
    return shown(frame, [Col("card_link"), Col("cup_link"), Col("official_title"), Col("score"), Col("reasons")],
                 lang)


@st.cache_data(show_spinner=False, max_entries=64)
def suggestions(_store, db: str, version_id: int | None, snapshot_id: int | None, filters, top: int) -> pd.DataFrame:
    """The suggested links for the cards shown without a CUP (``official.suggest``), cached like the queries:
    on the database, the version, the snapshot and the filters."""
    cards = official.unlinked_cards(_store, version_id, snapshot_id, filters)
    candidates = official.unclaimed_projects(_store, version_id, snapshot_id)
    return suggest.suggest(cards, candidates, top=top)


def _state(progress, phase) -> str | None:
    parts = [str(x) for x in (progress, phase) if x is not None and not pd.isna(x) and str(x).strip()]
    return " · ".join(parts) or None
