"""The presenter's screens, one idea each, each drawn to fit a 1280×720 projector without scrolling.

Every screen has a fixed budget: the frame (ui/presenter.py: counter, title and buttons on top, filters and
data at the bottom) takes about 170 px of 720, a screen's content the rest. So a chart is drawn
``CHART_HEIGHT`` high whatever the page would use, a list shows its first few items and "… e altre K", a
table its first rows in large type with short amounts. The screens reuse the pages' queries and charts
(``ctx.q``, ``ngp_data.analytics.charts``, large type: ``big=True``).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from ngp_data import kinds
from ngp_data.analytics import attention, changes, charts, figures, followup, official, queries
from ngp_data.analytics.charts.style import short
from ngp_data.analytics.queries import Filters
from ngp_data.formats import fmt_date, fmt_eur, fmt_eur_short, fmt_number, fmt_pct
from ngp_data.labels import md_plain, t
from ngp_data.official_schema import ITALIA_DOMANI
from ngp_data.store import Store
from ngp_data.store.meetings import Meeting, last_meeting

from .attention import attention_lines
from .changes import summary_text
from .context import PageContext, db_key
from .meetings import meeting_form
from .official import attribution, totals_table
from .pack import pack_section
from .tables import Col, Shown, shown
from .widgets import Kpi, chart

CHART_HEIGHT = 540                # px at 1280×720, under the frame
LIST_ITEMS = 4                    # lines of "Da seguire" on one screen
TABLE_ROWS = 6                    # rows of a table on one screen
WHY_CHARS = 150                   # a line's reason, shortened to stay within two lines


@dataclass(frozen=True)
class Screen:
    slug: str                                    # stable name (tests, anchors)
    title_key: str
    draw: Callable[[PageContext], None]


def more_line(ctx: PageContext, key: str, n: int) -> None:
    if n > 0:
        st.caption(ctx.tn(key, n))


# --- pieces ------------------------------------------------------------------------------------------------

def big_chart(fig: go.Figure, key: str, height: int = CHART_HEIGHT) -> None:
    """A chart drawn for the screen: its height from the screen's budget, whatever the page would use."""
    fig.update_layout(height=height)
    chart(fig, key)


def html_table(table: Shown, lang: str, rows: int = TABLE_ROWS) -> str:
    """The first ``rows`` rows of a table as an HTML table in large type (every cell escaped: user text)."""
    head = "".join(f'<th class="{_align(k)}">{html.escape(h)}</th>' for h, k in table.kinds.items())
    body = []
    for record in table.frame.head(rows).itertuples(index=False):
        cells = "".join(f'<td class="{_align(k)}">{html.escape(_cell(k, v, lang))}</td>'
                        for v, k in zip(record, table.kinds.values(), strict=True))
        body.append(f"<tr>{cells}</tr>")
    return f'<table class="ngp-pres-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _cell(kind: str, value, lang: str) -> str:
    """A cell's text: as its kind shows it, amounts short (``13,8 M€``: read from the back of the room)."""
    if kind == kinds.AMOUNT and not kinds.is_empty(value):
        return fmt_eur_short(value, lang)
    return kinds.display(kind, value, lang)


def _align(kind: str) -> str:
    return "num" if kinds.KINDS[kind].excel not in ("text",) and kind not in (kinds.CHOICE, kinds.BOOL) else ""


def _short(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters (the charts' rule, on the text's words)."""
    return short(" ".join(str(text).split()), limit)


def kpi_cards(ctx: PageContext, kpis: list[Kpi], per_row: int = 4) -> None:
    for start in range(0, len(kpis), per_row):
        for col, kpi in zip(st.columns(per_row), kpis[start:start + per_row], strict=False):
            col.metric(ctx.t(kpi.label_key), kpi.value, help=kpi.help, border=True)
            if kpi.note:
                col.caption(kpi.note)


# --- the screens -------------------------------------------------------------------------------------------

# The presenter's first screen: eight of the Panoramica's ten figures (two rows of four fit 1280×720).
SCREEN_FIGURES = ("kpi_cards", "kpi_budget", "kpi_requested", "kpi_granted", "kpi_disbursed", "kpi_rate_count",
                  "kpi_pending", "kpi_eligible")


def _kpis(ctx: PageContext) -> None:
    snap = ctx.snapshot
    every = {f.label_key: f for f in figures.portfolio(ctx.q(queries.kpis), ctx.q_official(followup.money_stages),
                                                        ctx.lang, snapshot=snap is not None,
                                                        extracted_on=snap.extracted_on if snap else None)}
    kpi_cards(ctx, [every[key] for key in SCREEN_FIGURES])


def _missions(ctx: PageContext) -> None:
    big_chart(charts.mission_progress(ctx.q(queries.by_mission), ctx.lang, big=True), "pres_progress")


def _outcomes(ctx: PageContext) -> None:
    left, right = st.columns(2)
    with left:
        fig = charts.outcome_mix(ctx.q(queries.outcome_counts), ctx.lang, big=True)
        fig.update_layout(legend={"orientation": "v", "x": 1.0, "xanchor": "left", "y": 0.5, "yanchor": "middle"})
        big_chart(fig, "pres_outcomes")
    with right:
        big_chart(charts.outcome_funnel(ctx.q(queries.outcome_funnel), ctx.lang, big=True), "pres_funnel")


def _payments(ctx: PageContext) -> None:
    if ctx.snapshot is None:
        st.markdown(ctx.t("pres_no_snapshot"))
        return
    money = ctx.q_official(followup.money_stages)
    if not money.n_cups:
        st.markdown(ctx.t("pres_no_cup"))
        return
    series = ctx.q_official(followup.payments_over_time)
    fig = charts.payments_over_time(series, money.disbursed_linked, ctx.today, ctx.lang, big=True)
    big_chart(fig, "pres_payments", CHART_HEIGHT - 40)
    st.caption(attribution(ctx.lang, (ITALIA_DOMANI,)))


def _coverage(ctx: PageContext) -> None:
    big_chart(charts.funding_gap(ctx.q(queries.budget_by_project), ctx.lang, big=True), "pres_gap")


def _where(ctx: PageContext) -> None:
    big_chart(charts.funding_by_mission(ctx.q(queries.funding_by_mission), ctx.lang, big=True), "pres_where")


PARTNERS_TOP = 7


def _partners(ctx: PageContext) -> None:
    partners = ctx.q(queries.by_partner)
    fig = charts.partner_money(partners, ctx.lang, big=True, top=PARTNERS_TOP)
    big_chart(fig, "pres_partners", CHART_HEIGHT - 40)
    n = int((partners["requested"] > 0).sum())
    st.caption(ctx.t("pres_partners_top", n=fmt_number(min(n, PARTNERS_TOP), ctx.lang))
               + ("  " + ctx.tn("pres_more", n - PARTNERS_TOP) if n > PARTNERS_TOP else ""))


def _attention(ctx: PageContext) -> None:
    flagged = ctx.q_official(attention.attention, ctx.today, attention.pending_days_setting())
    if flagged.empty:
        st.markdown(f'**{ctx.t("pres_att_none")}**')
        return
    counts = [f"{t('att_' + code, ctx.lang)} {fmt_number(n, ctx.lang)}"
              for code, n in attention.counts(flagged).items() if n]
    st.markdown(md_plain(ctx.t("pres_att_counts", counts=" · ".join(counts))))
    head = flagged.head(LIST_ITEMS).copy()
    col = "why_" + ctx.lang
    head[col] = [_short(w, WHY_CHARS) for w in head[col]]
    head["title"] = [_short(x or "", 50) for x in head["title"]]
    st.markdown(attention_lines(head, ctx.lang, LIST_ITEMS, reason=True))
    more_line(ctx, "pres_more", len(flagged) - LIST_ITEMS)


# cache_resource: versions are immutable, so (database, old, new, filters) is a complete key (as on Novità).
@st.cache_resource(show_spinner=False, max_entries=32)
def _compare(_store: Store, db: str, old: int, new: int, filters: Filters) -> changes.Comparison:
    return changes.compare(_store, old, new, filters)


def since_when(ctx: PageContext) -> tuple[int | None, Meeting | None]:
    """The version to compare the active one with: the last meeting's, else the previous version."""
    meeting = last_meeting(ctx.store)
    if meeting is not None and meeting.version_id is not None:
        return meeting.version_id, meeting
    versions = [v.version_id for v in ctx.store.versions()]
    pair = changes.default_pair(versions, ctx.version_id)
    return (pair[0] if pair else None), None


def _changes(ctx: PageContext) -> None:
    old, meeting = since_when(ctx)
    new = ctx.version_id
    if old is None:
        st.markdown(ctx.t("pres_chg_one"))
        return
    if meeting is not None and old == new:
        st.markdown(ctx.t("pres_chg_same", date=fmt_date(meeting.held_on, ctx.lang), n=new))
        return
    versions = {v.version_id: v for v in ctx.store.versions()}
    new_date = f"{versions[new].created_at:%d/%m/%Y}"
    if meeting is not None:
        st.markdown(ctx.t("pres_chg_since_meeting", date=fmt_date(meeting.held_on, ctx.lang),
                          title=md_plain(_short(meeting.title, 60)), old=old, new=new, new_date=new_date))
    else:
        st.markdown(ctx.t("pres_chg_no_meeting", old=old, old_date=f"{versions[old].created_at:%d/%m/%Y}",
                          new=new, new_date=new_date))
    cmp = _compare(ctx.store, db_key(ctx.store), old, new, ctx.filters)
    text = summary_text(cmp.summary, ctx.lang) if cmp.in_scope else ""
    if not text:
        st.markdown(f'**{ctx.t("pres_chg_nothing")}**')
        return
    items = "".join(f"<li>{html.escape(part)}</li>" for part in _split(text))
    st.html(f'<ul class="ngp-pres-big">{items}</ul>')


def _split(summary: str) -> list[str]:
    """The summary line's parts, one a line (they are joined by ", "; an amount's decimal comma has no space)."""
    return [p.strip() for p in summary.split(", ") if p.strip()]


def _deadlines(ctx: PageContext) -> None:
    found = ctx.q(queries.deadlines_ahead, ctx.today, 60)
    if found.empty:
        st.markdown(ctx.t("pres_deadlines_none"))
        return
    found = found.assign(title=[_short(x or "", 48) for x in found["title"]])
    table = shown(found, [Col("deadline"), Col("days_left"), Col("call_id"), Col("title"), Col("source"),
                          Col("allocation")], ctx.lang)
    st.html(html_table(table, ctx.lang, TABLE_ROWS + 2))
    more_line(ctx, "pres_more_rows", len(found) - TABLE_ROWS - 2)


def _official(ctx: PageContext) -> None:
    if ctx.snapshot is None:
        st.markdown(ctx.t("pres_no_snapshot"))
        return
    lang = ctx.lang
    cards = ctx.q_official(official.link_cards)
    totals = ctx.q_official(official.totals_by_mission)
    fin, paid, linked = (float(totals[c].sum()) for c in ("financing_pnrr", "paid_pnrr", "financing_pnrr_linked"))
    n_linked = int((cards["n_found"] > 0).sum()) if not cards.empty else 0
    flags = ctx.q_official(official.flags)
    kpi_cards(ctx, [
        Kpi("off_kpi_financing", fmt_eur_short(fin, lang), fmt_eur(fin, lang)),
        Kpi("off_kpi_paid", fmt_eur_short(paid, lang), fmt_eur(paid, lang),
            note=ctx.t("off_kpi_paid_note", share=fmt_pct(paid / fin if fin else None, lang))),
        Kpi("off_kpi_linked", fmt_pct(linked / fin if fin else None, lang), fmt_eur(linked, lang),
            note=ctx.t("off_kpi_linked_note", n=fmt_number(n_linked, lang), total=fmt_number(len(cards), lang))),
        Kpi("off_kpi_flags", fmt_number(len(flags), lang)),
    ])
    table = totals_table(totals, lang)
    keep = [h for h, k in table.kinds.items()][:6]                 # the share claimed by the cards: a KPI above
    st.html(html_table(Shown(table.frame[keep], {h: table.kinds[h] for h in keep}), lang, 7))
    st.caption(attribution(lang))


def _end(ctx: PageContext) -> None:
    v = ctx.version
    if v is not None:
        thanks = ctx.t("pres_end_thanks", n=v.version_id, date=f"{v.created_at:%d/%m/%Y}")
        st.html(f'<p class="ngp-pres-big">{html.escape(thanks)}</p>')
    meeting = last_meeting(ctx.store)
    if meeting is not None:
        st.markdown(ctx.t("pres_end_last", date=fmt_date(meeting.held_on, ctx.lang),
                          title=md_plain(_short(meeting.title, 80))))
    with st.expander(ctx.t("pres_end_record"), icon=":material/event_note:"):
        meeting_form(ctx, key="presenter")            # editors record; others are told who can
    with st.expander(ctx.t("pack_section"), icon=":material/picture_as_pdf:"):
        pack_section(ctx, key="presenter", title=False)


SCREENS: tuple[Screen, ...] = (
    Screen("indicatori", "pres_s_kpis", _kpis),
    Screen("missioni", "pres_s_missions", _missions),
    Screen("esiti", "pres_s_outcomes", _outcomes),
    Screen("pagamenti", "pres_s_payments", _payments),
    Screen("copertura", "pres_s_coverage", _coverage),
    Screen("missioni-budget", "pres_s_where", _where),
    Screen("partner", "pres_s_partners", _partners),
    Screen("seguire", "pres_s_attention", _attention),
    Screen("novita", "pres_s_changes", _changes),
    Screen("scadenze", "pres_s_deadlines", _deadlines),
    Screen("ufficiale", "pres_s_official", _official),
    Screen("fine", "pres_s_end", _end),
)

