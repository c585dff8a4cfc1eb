"""The meeting pack: one PDF with what the committee looks at (``python -m ngp_data pack``, the Esporta page).

Cover (date, data version, official snapshot, filters, the version compared with, the demo notice),
the Panoramica's figures, what changed since the last meeting, the cards needing attention, the
deadlines ahead, every committee chart as a vector image (the pages' own ``analytics.charts``), and the
official record with its attribution; page numbers on every page, in the interface language.

Every figure comes from the same query functions the pages call, on one pinned version, snapshot and
filters; every word from ``labels``, every number and date from ``formats``/``kinds``. The document is
data (plain strings in a JSON file) typeset by ``pack.typ``; see ``pack_render`` for the engines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from .. import kinds
from ..analytics import attention, changes, charts, figures, followup, funds, official, queries
from ..analytics.queries import Filters
from ..formats import fmt_date, fmt_eur_short, fmt_number, fmt_pct
from ..labels import author_label, mission_label, t, tn
from ..official_schema import ATTRIBUTION, ITALIA_DOMANI, OFFICIAL_BY_NAME, PA_DIGITALE
from ..schema import TABLE_BY_NAME, column
from ..store import UnknownVersion
from ..store import official as store_official
from ..store.meetings import Meeting, last_meeting
from .export import filter_rows
from .pack_render import PackError, figures_to_svg, typeset

__all__ = ["PackError", "build_pack", "pack_file_name", "pick_since"]

PAGE_WIDTH_MM, CHART_MAX_HEIGHT_MM = 174, 225     # A4 less the margins; the tallest a chart may be drawn
ATTENTION_LINES = 12                              # lines of one reason written out; the rest counted
DEADLINE_DAYS = 60                                # as on the Panoramica

Progress = Callable[[float, str], None]


def pack_file_name(day: dt.date) -> str:
    return f"dossier_riunione_{day:%Y-%m-%d}.pdf"


def pick_since(store, version_id: int | None) -> tuple[int | None, Meeting | None]:
    """The version to compare with: the one shown at the last meeting on record, else the one before
    ``version_id`` (``changes.default_pair``); None when there is no earlier version."""
    meeting = last_meeting(store)
    if meeting is not None and meeting.version_id is not None:
        try:
            store.version(meeting.version_id)
            return meeting.version_id, meeting
        except UnknownVersion:
            pass
    pair = changes.default_pair([v.version_id for v in store.versions()], version_id)
    return (pair[0], None) if pair and pair[1] == version_id and pair[0] != version_id else (None, None)


def build_pack(store, *, version_id: int | None = None, snapshot_id: int | None = None,
               filters: Filters | None = None, lang: str = "it", today: dt.date | None = None,
               since_version: int | None = None, progress: Progress | None = None) -> bytes:
    """The PDF's bytes for one version (default: the active one), official snapshot (default: the active
    one), filters and language. ``since_version``: the version "what changed" compares with (default:
    :func:`pick_since`). ``progress(fraction, message)`` is called at each stage. Raises :class:`PackError`."""
    filters = filters or Filters()
    today = today or dt.date.today()
    say = progress or (lambda fraction, message: None)
    say(0.02, t("pack_stage_data", lang))
    if version_id is None and store.active_version() is None:
        raise PackError(t("pack_err_no_data", lang))
    with store.reading():
        version = store.version(version_id)
        if snapshot_id is None:
            snapshot_id = store_official.active_snapshot(store)
        snapshot = store_official.snapshot(store, snapshot_id) if snapshot_id is not None else None
        meeting = None
        if since_version is None:
            since_version, meeting = pick_since(store, version.version_id)
        else:
            found = last_meeting(store)
            meeting = found if found is not None and found.version_id == since_version else None
        doc = _Doc(store, version, snapshot, filters, lang, today)
        data = doc.build(since_version, meeting)
    say(0.2, t("pack_stage_charts", lang))
    span = 0.7

    def step(i: int, n: int) -> None:
        say(0.2 + span * i / n, t("pack_stage_export", lang, i=i, n=n))

    svgs = figures_to_svg([fig for fig, _ in doc.figures], lang, step)
    say(0.92, t("pack_stage_typeset", lang))
    pdf = typeset(data, {name: svg for (_, name), svg in zip(doc.figures, svgs, strict=True)}, lang)
    say(1.0, t("pack_stage_done", lang))
    return pdf


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


class _Doc:
    """The document as data: sections of blocks (kpis, text, note, table, chart, list); the figures to export."""

    def __init__(self, store, version, snapshot, filters: Filters, lang: str, today: dt.date):
        self.store, self.version, self.snapshot, self.f, self.lang, self.today = (
            store, version, snapshot, filters, lang, today)
        self.vid = version.version_id
        self.sid = snapshot.snapshot_id if snapshot else None
        self.figures: list[tuple[object, str]] = []

    # --- helpers ---------------------------------------------------------------------------------------------
    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def q(self, fn, *args):
        return fn(self.store, self.vid, self.f, *args)

    def qo(self, fn, *args):
        return fn(self.store, self.vid, self.sid, self.f, *args)

    def chart(self, fig) -> dict:
        name = f"chart_{len(self.figures) + 1:02d}.svg"
        self.figures.append((fig, name))
        width_px, height_px = 1000, float(fig.layout.height or 420)
        width = min(PAGE_WIDTH_MM, CHART_MAX_HEIGHT_MM * width_px / height_px)
        return {"type": "chart", "path": name, "width": round(width, 1)}

    def table(self, frame: pd.DataFrame, cols: list[tuple[str, str | None]], wide: str | None = None) -> dict:
        """``frame``'s columns under their schema headers, each value as its kind shows it."""
        declared = [OFFICIAL_BY_NAME[table].column(name) if table in OFFICIAL_BY_NAME else column(name, table)
                    for name, table in cols]
        numeric = [kinds.KINDS[c.kind].numeric for c in declared]
        return {"type": "table", "columns": [c.label(self.lang) for c in declared],
                "widths": ["1fr" if name == wide else "auto" for name, _ in cols],
                "align": ["right" if n else "left" for n in numeric],
                "rows": [[kinds.display(c.kind, row[name], self.lang) for (name, _), c in zip(cols, declared,
                                                                                              strict=True)]
                         for row in frame.to_dict("records")]}

    def kpi(self, key: str, value: str, note: str | None = None) -> dict:
        return {"label": self.t(key), "value": value, "note": note or ""}

    # --- the document ----------------------------------------------------------------------------------------
    def build(self, since: int | None, meeting: Meeting | None) -> dict:
        lang = self.lang
        k = self.q(queries.kpis)
        sections = [self.overview(k), self.changes(since), self.attention(), self.deadlines()]
        if k.n_cards:
            sections += [self.missions(), self.partners(), self.budget(), self.calls()]
        sections += [self.funds()]
        if self.snapshot is not None:
            sections.append(self.official())
        v = self.version
        return {"lang": lang, "title": self.t("pack_title"),
                "labels": {key: self.t("pack_" + key) for key in ("page", "of", "contents", "filters")},
                "footer": self.t("pack_footer", date=fmt_date(self.today, lang), n=v.version_id),
                "cover": self.cover(since, meeting), "sections": [s for s in sections if s]}

    def cover(self, since: int | None, meeting: Meeting | None) -> dict:
        lang, v, s = self.lang, self.version, self.snapshot
        lines = [[self.t("pack_date"), fmt_date(self.today, lang)],
                 [self.t("pack_version"), self.t("pack_version_value", n=v.version_id, date=fmt_date(v.created_at,
                                                                                                      lang),
                                                 author=author_label(v.author, v.kind, lang))]]
        if s is not None:
            lines.append([self.t("pack_official"), self.t(
                "pack_official_value", n=s.snapshot_id, date=fmt_date(s.created_at, lang),
                extracted=fmt_date(s.extracted_on, lang) if s.extracted_on else "—")])
        else:
            lines.append([self.t("pack_official"), self.t("pack_official_none")])
        if since is None:
            compared = self.t("pack_since_none")
        else:
            old = self.store.version(since)
            date = fmt_date(old.created_at, lang)
            compared = (self.t("pack_since_meeting", n=since, date=date, held=fmt_date(meeting.held_on, lang),
                               title=meeting.title) if meeting is not None
                        else self.t("pack_since_version", n=since, date=date))
        lines.append([self.t("pack_since"), compared])
        options = queries.filter_options(self.store, self.vid)
        names = {"partners": dict(options["partners"]), "calls": dict(options["calls"])}
        rows = [[label, value if isinstance(value, str) else fmt_date(value, lang)]
                for label, value in filter_rows(self.f, lang, names)]
        return {"title": self.t("pack_title"), "subtitle": self.t("pack_subtitle"), "lines": lines,
                "filters": rows, "filters_note": self.t("pack_filters_none") if self.f.is_empty else "",
                "demo": self.t("pack_demo") if v.demo else ""}

    def overview(self, k) -> dict:
        """The Panoramica's KPI cards (``analytics.figures.portfolio``, as on the page: each with its note, or
        its help where it has no note) and its charts."""
        lang = self.lang
        money = self.qo(followup.money_stages)
        shown = figures.portfolio(k, money, lang, snapshot=self.snapshot is not None,
                                  extracted_on=self.snapshot.extracted_on if self.snapshot is not None else None)
        cards = [self.kpi(f.label_key, f.value, f.caption) for f in shown]
        blocks: list[dict] = [{"type": "kpis", "items": cards}]
        if not k.n_cards:
            return {"title": self.t("page_overview"), "blocks": [*blocks, self.note(self.t("no_match"))]}
        blocks.append(self.chart(charts.mission_progress(self.q(queries.by_mission), lang)))
        blocks.append(self.chart(charts.outcome_mix(self.q(queries.outcome_counts), lang)))
        if self.snapshot is not None and money.n_cups:
            series = self.qo(followup.payments_over_time)
            blocks.append(self.chart(charts.payments_over_time(series, money.disbursed_linked, self.today, lang)))
            blocks.append(self.note(ATTRIBUTION[ITALIA_DOMANI][lang]))
        return {"title": self.t("page_overview"), "blocks": blocks}

    def note(self, text: str) -> dict:
        return {"type": "note", "text": text}

    def changes(self, since: int | None) -> dict:
        lang = self.lang
        title = self.t("page_changes")
        if since is None:
            return {"title": title, "blocks": [self.note(self.t("chg_one_version"))]}
        if since == self.vid:
            return {"title": title, "blocks": [self.note(self.t("pack_changes_same"))]}
        old = self.store.version(since)
        blocks = [self.note(self.t("chg_between", old=since, old_date=fmt_date(old.created_at, lang), new=self.vid,
                                   new_date=fmt_date(self.version.created_at, lang)))]
        cmp = changes.compare(self.store, since, self.vid, self.f)
        if not cmp.in_scope:
            return {"title": title, "blocks": [*blocks, self.note(self.t("no_match"))]}
        if not self.f.is_empty:
            blocks.append(self.note(self.t("chg_filtered")))
        blocks.append({"type": "text", "text": changes.summary_text(cmp.summary, lang), "strong": True})
        rows, unchanged = [], []
        for diff in changes.ordered(cmp.diffs):
            label = TABLE_BY_NAME[diff.table].label(lang)
            if diff.empty:
                unchanged.append(label)
            else:
                rows.append([label, diff.summary(lang, " · ")])
        if rows:
            blocks.append({"type": "table", "columns": [self.t("pack_col_table"), self.t("pack_col_changes")],
                           "widths": ["auto", "1fr"], "align": ["left", "left"], "rows": rows})
        if unchanged:
            blocks.append(self.note(self.t("pack_unchanged", tables=", ".join(unchanged))))
        return {"title": title, "blocks": blocks, "break": True}

    def attention(self) -> dict:
        """Da seguire as on its page (views/attenzione.py): per reason, most severe first, card · title · why."""
        lang = self.lang
        lines = self.qo(attention.attention, self.today, attention.pending_days_setting())
        counts = attention.counts(lines)
        items = [self.kpi("att_kpi_total", fmt_number(len(lines), lang)),
                 self.kpi("att_kpi_cards", fmt_number(lines["project_id"].nunique(), lang)),
                 *(self.kpi("att_" + code, fmt_number(n, lang)) for code, n in counts.items())]
        blocks: list[dict] = [{"type": "kpis", "items": items}]
        if self.snapshot is None:
            blocks.append(self.note(self.t("att_no_official")))
        if lines.empty:
            blocks.append(self.note(self.t("att_none")))
        for code in attention.REASONS:
            group = lines[lines["code"] == code]
            if group.empty:
                continue
            blocks.append({"type": "subtitle", "text": f"{self.t('att_' + code)} · {fmt_number(len(group), lang)}"})
            blocks.append({"type": "list", "items": [
                {"head": f"{row['project_id']} · {_text(row['title'])}", "body": _text(row["why_" + lang])}
                for row in group.head(ATTENTION_LINES).to_dict("records")]})
            if len(group) > ATTENTION_LINES:
                blocks.append(self.note(tn("pack_more_lines", len(group) - ATTENTION_LINES, lang)))
        return {"title": self.t("page_attention"), "blocks": blocks, "break": True}

    def deadlines(self) -> dict:
        frame = self.q(queries.deadlines_ahead, self.today, DEADLINE_DAYS)
        if frame.empty:
            return {"title": self.t("deadlines_title"), "break": False, "blocks": [self.note(self.t("deadlines_none"))]}
        return {"title": self.t("deadlines_title"), "break": False, "blocks": [self.table(frame, [
            ("deadline", None), ("days_left", None), ("call_id", None), ("title", None), ("source", None),
            ("allocation", None), ("n_requests", None)], wide="title")]}

    def missions(self) -> dict:
        lang, blocks = self.lang, []
        blocks.append(self.chart(charts.money_by_group(self.q(queries.by_mission), "mission", lang)))
        money = self.qo(followup.money_by_mission)
        if (money["granted"] > 0).any():
            blocks += [self.chart(charts.paid_by_mission(money, lang)), self.note(self.t("paid_share_note"))]
        blocks.append(self.chart(charts.money_by_group(self.q(queries.by_component), "component", lang)))
        cards = self.q(queries.projects_table)
        if cards["budget_total"].gt(0).any():
            blocks.append(self.chart(charts.mission_treemap(cards, lang)))
        if self.snapshot is not None:
            targets = followup.targets_by_mission(self.store, self.vid, self.sid, self.f, self.today)
            if not targets.empty:
                blocks += [self.chart(charts.targets_by_mission(targets, lang)),
                           self.note(f"{self.t('targets_rule')} {ATTRIBUTION[ITALIA_DOMANI][lang]}")]
        return {"title": self.t("page_missions"), "blocks": blocks, "break": True}

    def partners(self) -> dict:
        lang, blocks = self.lang, []
        partners = self.q(queries.by_partner)
        if not partners.empty and (partners["requested"] > 0).any():
            blocks.append(self.chart(charts.partner_money(partners, lang)))
        matrix = self.q(queries.partner_mission_matrix)
        if not matrix.empty:
            blocks.append(self.chart(charts.partner_mission_heatmap(matrix, lang)))
        return {"title": self.t("page_partners"), "blocks": blocks or [self.note(self.t("pack_no_charts"))],
                "break": True}

    def budget(self) -> dict:
        lang, blocks = self.lang, []
        budget = self.q(queries.budget_by_project)
        if budget.empty:
            return {"title": self.t("page_budget"), "blocks": [self.note(self.t("pack_no_charts"))], "break": True}
        funding = self.q(queries.funding_by_mission)
        if int(funding["n_cards"].sum() - funding["n_budget_unknown"].sum()):
            blocks += [self.chart(charts.funding_gap(budget, lang)), self.chart(charts.funding_by_mission(funding,
                                                                                                         lang))]
        else:
            blocks.append(self.note(self.t("budget_none_known")))
        blocks.append(self.chart(charts.budget_by_card(budget, lang)))
        return {"title": self.t("page_budget"), "blocks": blocks, "break": True}

    def calls(self) -> dict:
        lang, blocks = self.lang, []
        calls = self.q(queries.calls_overview)
        if calls.empty:
            return {"title": self.t("page_calls"), "blocks": [self.note(self.t("no_match"))], "break": True}
        if calls["deadline"].notna().any():
            blocks.append(self.chart(charts.calls_timeline(calls, self.today, lang)))
        funnel = self.q(queries.outcome_funnel)
        if int(funnel["n_requests"].max()) > 0:
            blocks += [self.chart(charts.outcome_funnel(funnel, lang)), self.note(self.t("funnel_note"))]
            decisions = self.q(queries.decisions_over_time)
            if not decisions.empty:
                blocks.append(self.chart(charts.decisions_over_time(decisions, lang)))
        return {"title": self.t("page_calls"), "blocks": blocks, "break": True}

    def funds(self) -> dict:
        open_calls = self.q(funds.open_calls, self.today)
        blocks = [self.note(self.t("fund_intro"))]
        if open_calls["deadline"].notna().any():
            blocks.append(self.chart(charts.funds_timeline(open_calls, self.today, self.lang)))
        else:
            blocks.append(self.note(self.t("fund_none")))
        return {"title": self.t("page_funds"), "blocks": blocks, "break": True}

    def official(self) -> dict:
        """The Riscontro's figures (views/riscontro.py) with the attribution of the official data."""
        lang, s = self.lang, self.snapshot
        totals = self.qo(official.totals_by_mission)
        flags = self.qo(official.flags)
        cards = self.qo(official.link_cards)
        fin, paid, linked = (float(totals[c].sum()) for c in ("financing_pnrr", "paid_pnrr", "financing_pnrr_linked"))
        n_linked = int((cards["n_found"] > 0).sum()) if len(cards) else 0
        extracted = fmt_date(s.extracted_on, lang) if s.extracted_on else "—"
        blocks: list[dict] = [self.note(self.t("off_snapshot_line", n=s.snapshot_id, date=fmt_date(s.created_at, lang),
                                               extracted=extracted, files=fmt_number(len(s.files), lang))),
                              {"type": "kpis", "items": [
            self.kpi("off_kpi_financing", fmt_eur_short(fin, lang), self.t("off_kpi_financing_note")),
            self.kpi("off_kpi_paid", fmt_eur_short(paid, lang),
                     self.t("off_kpi_paid_note", share=fmt_pct(paid / fin if fin else None, lang))),
            self.kpi("off_kpi_linked", fmt_pct(linked / fin if fin else None, lang),
                     self.t("off_kpi_linked_note", n=fmt_number(n_linked, lang), total=fmt_number(len(cards), lang))),
            self.kpi("off_kpi_flags", fmt_number(len(flags), lang)),
        ]}]
        if not totals.empty:
            shown = totals.assign(
                mission=[mission_label(m, lang) if m else None for m in totals["mission"]],
                share_paid=totals["paid_pnrr"] / totals["financing_pnrr"].where(totals["financing_pnrr"] > 0),
                share_linked=totals["financing_share_linked"])
            blocks += [{"type": "subtitle", "text": self.t("off_totals_title")}, self.table(shown, [
                ("mission", "projects"), ("n_cups", None), ("n_cups_linked", None),
                ("financing_pnrr", "official_projects"), ("paid_pnrr", "official_payments"), ("share_paid", None),
                ("share_linked", None)])]
        blocks.append(self.note(" · ".join(ATTRIBUTION[src][lang] for src in (ITALIA_DOMANI, PA_DIGITALE))))
        return {"title": self.t("page_official"), "blocks": blocks, "break": True}
