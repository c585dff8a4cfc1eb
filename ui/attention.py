"""Da seguire and Prossimi fondi as shown: the attention lines and the calls' candidate cards as Markdown
(links to the Scheda; user and official text made inert), and their tables under the schema's headers.

The figures come from ``ngp_data.analytics.attention`` and ``ngp_data.analytics.funds``; here they only
get their words, links and headers.
"""

from __future__ import annotations

import pandas as pd

from ngp_data.analytics import funds
from ngp_data.formats import fmt_date, fmt_eur_short, fmt_number
from ngp_data.labels import md_plain, t, tn

from .official import card_link, card_md
from .tables import Col, Shown, shown


def attention_lines(lines: pd.DataFrame, lang: str, limit: int, *, reason: bool = False) -> str:
    """The first ``limit`` lines as a Markdown list: the card (a link) and its title, then why; with
    ``reason``, the reason's name first (where the lines of several reasons are listed together)."""
    out = []
    for row in lines.head(limit).to_dict("records"):
        head = f"**{t('att_' + row['code'], lang)}** · " if reason else ""
        out.append(f"- {head}{card_md(row['project_id'], row['title'])} · {md_plain(row['why_' + lang])}")
    return "\n".join(out)


def attention_table(lines: pd.DataFrame, lang: str) -> Shown:
    """Every line: reason, card (a link), title, which data it comes from, the amount at stake, since when, why."""
    frame = pd.DataFrame({
        "attention_reason": [t("att_" + c, lang) for c in lines["code"]],
        "card_link": [card_link(p) for p in lines["project_id"]],
        "project_title": lines["title"],
        "attention_source": [t("att_source_" + s, lang) if isinstance(s, str) else None for s in lines["source"]],
        "attention_amount": lines["amount"],
        "attention_since": lines["since"],
        "attention_why": lines["why_" + lang],
    })
    return shown(frame, [Col(c) for c in frame.columns], lang)


def source_name(source: str | None, lang: str) -> str:
    """A call's source by its full name (``FESR – Fondo europeo di sviluppo regionale …``)."""
    key = f"fund_source_{source}"
    try:
        return t(key, lang)
    except KeyError:
        return md_plain(source) if source else t("fund_source_none", lang)


def call_line(call: dict, lang: str) -> str:
    """``**B-21** · title`` and, under it, status and deadline · allocation · administration · measure."""
    facts = []
    if call["status"] == funds.OPENING:
        facts.append(t("fund_opens", lang, date=fmt_date(call["published_on"], lang)))
    if call["deadline"] is not None and not pd.isna(call["deadline"]):
        facts.append(t("fund_deadline", lang, date=fmt_date(call["deadline"], lang),
                       days=fmt_number(call["days_left"], lang)))
    else:
        facts.append(t("fund_status_no_deadline", lang))
    if call["allocation"] is not None and not pd.isna(call["allocation"]):
        facts.append(t("fund_allocation", lang, amount=fmt_eur_short(call["allocation"], lang)))
    facts += [md_plain(x) for x in (call["administration"], call["measure"]) if isinstance(x, str) and x]
    if call["n_requests"]:
        facts.append(tn("fund_applied", call["n_requests"], lang))
    return f"**{md_plain(call['call_id'])}** · {md_plain(call['title'])}  \n" + " · ".join(facts)


def candidate_lines(found: pd.DataFrame, lang: str, limit: int) -> dict[str, tuple[int, str]]:
    """Each call's candidate cards: how many, and the first ``limit`` as a Markdown list (the card as a link,
    its title, why it is a candidate). One pass over ``found``: a page lists hundreds of calls at 100×."""
    counts = found.groupby("call_id", sort=False).size()
    lines: dict[str, list[str]] = {}
    for row in found.groupby("call_id", sort=False).head(limit).to_dict("records"):
        lines.setdefault(row["call_id"], []).append(
            f"- {card_md(row['project_id'], row['title'])} · {match_text(row, lang)}")
    return {call: (int(n), "\n".join(lines[call])) for call, n in counts.items()}


def match_text(row: dict, lang: str) -> str:
    if row["match"] == funds.COMPONENT:
        return t("fund_match_component", lang, code=md_plain(row["component"]))
    if row["match"] == funds.MISSION:
        return t("fund_match_mission", lang, code=md_plain(row["mission"]))
    return t("fund_match_unfunded", lang)


def calls_table(calls: pd.DataFrame, found: pd.DataFrame, lang: str) -> Shown:
    """The open calls with their status and candidate cards (their ids, in the order of the match)."""
    ids = found.groupby("call_id", sort=False)["project_id"].agg(", ".join)
    frame = calls.assign(call_status=[t("fund_status_" + s, lang) for s in calls["status"]],
                         candidate_cards=calls["call_id"].map(ids))
    return shown(frame, [Col("call_id"), Col("title", "calls"), Col("source"), Col("call_status"),
                         Col("published_on"), Col("deadline"), Col("days_left"), Col("allocation"),
                         Col("n_requests"), Col("n_candidates"), Col("candidate_cards")], lang)


def unfunded_table(cards: pd.DataFrame, lang: str) -> Shown:
    frame = cards.assign(card_link=[card_link(p) for p in cards["project_id"]])
    return shown(frame, [Col("card_link"), Col("title", "projects"), Col("mission", "projects"),
                         Col("component", "projects"), Col("state", "projects"), Col("budget_total", "projects"),
                         Col("n_requests"), Col("n_pending")], lang)

