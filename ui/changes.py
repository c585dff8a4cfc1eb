"""Differences between two versions as the pages show them: the summary line, the counts of a table, and
the rows added, removed and changed as tables (Novità, the Dati page's preview and rollback warning).

The data comes from ``ngp_data.analytics.changes`` and ``Store.diff``; every value is shown by its
column's kind (``kinds.display``), every header comes from the schema.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ngp_data import kinds
from ngp_data.analytics.changes import CHOSEN, SINCE_MEETING, SINCE_PREVIOUS, Key, summary_text  # noqa: F401
from ngp_data.formats import fmt_date
from ngp_data.labels import author_label, column_label, md_plain, t
from ngp_data.schema import TABLE_BY_NAME, column
from ngp_data.store import TableDiff, Version
from ngp_data.store.meetings import Meeting

from .tables import Shown


def version_label(v: Version, lang: str = "it", limit: int = 70) -> str:
    """``3 · 20/11/2026 · mario.rossi@comune.prato.it · comment`` for a version picker (plain text)."""
    comment = " ".join((v.comment or "").split())
    if len(comment) > limit:
        comment = comment[: limit - 1].rstrip() + "…"
    parts = [str(v.version_id), f"{v.created_at:%d/%m/%Y}", author_label(v.author, v.kind, lang)]
    return " · ".join(p for p in (*parts, comment) if p)


# The Novità page's comparisons, as its switch names them.
MODE_LABELS = {SINCE_MEETING: "meet_mode_meeting", SINCE_PREVIOUS: "meet_mode_previous", CHOSEN: "meet_mode_chosen"}


def comparison_note(reason: str, meeting: Meeting | None, versions: Mapping[int, Version], lang: str = "it",
                    old: int | None = None, new: int | None = None) -> str:
    """What is compared, as Markdown: ``Dalla riunione del 24/09/2026 «Tavolo…» (versione 1) alla versione
    attiva 3.``, or why "since the last meeting" fell back to the previous upload, then which versions.

    ``reason`` is :class:`ngp_data.analytics.changes.Choice`'s; ``same`` needs no versions.
    """
    about = {}
    if meeting is not None:
        about = {"date": fmt_date(meeting.held_on), "title": md_plain(meeting.title)}
    if reason == "same":
        return t("meet_same", lang, n=meeting.version_id, **about)
    if reason == SINCE_MEETING:
        return t("meet_since", lang, old=old, new=new, **about)
    between = t("chg_between", lang, old=old, old_date=f"{versions[old].created_at:%d/%m/%Y}", new=new,
                new_date=f"{versions[new].created_at:%d/%m/%Y}")
    if reason == "no_meeting":
        return f"{t('meet_no_meeting', lang)} {between}"
    if reason == "no_version":
        return f"{t('meet_no_version', lang, **about)} {between}"
    if reason == "gone":
        return f"{t('meet_gone', lang, old=meeting.version_id, **about)} {between}"
    return between


def table_counts(d: TableDiff, lang: str = "it") -> str:
    """``7 righe aggiunte · 0 tolte · 1 modificata``."""
    return d.summary(lang, " · ")


def format_value(table: str, name: str, value, lang: str = "it") -> str:
    """One stored value as text in the interface language, by its column's kind; empty -> "—"."""
    return kinds.display(column(name, table).kind, value, lang)


def _description_header(table: str, lang: str) -> str:
    if table in ("requests", "outcomes"):
        return column_label(None, "card", lang)
    if table in ("partners", "project_partners"):
        return column_label("partners", "name", lang)
    return column_label(table, "title", lang)


# After which column of an added/removed row a reference goes, and which table of descriptions it uses.
_ROW_REFERENCE = {"requests": ("project_id", "projects"), "outcomes": ("request_id", "outcomes"),
                  "project_partners": ("partner_id", "partners")}


def _reference_header(table: str, lang: str) -> str:
    return column_label(None, "project_title", lang) if table == "requests" else _description_header(table, lang)


def rows_frame(frame: pd.DataFrame, table: str, lang: str = "it",
               described: Mapping[str, Mapping[Key, str]] | None = None) -> Shown:
    """Added or removed rows: every column of the table under its header; amounts and dates keep their
    value (formatted on display), yes/no becomes text. With ``described`` (see
    ``analytics.changes.descriptions``) the rows of applications, outcomes and card partners also say
    which card or partner they are about."""
    spec = TABLE_BY_NAME[table]
    data: dict[str, list] = {}
    kinds_by_header: dict[str, str] = {}
    after, source = _ROW_REFERENCE.get(table, (None, None))
    for col in spec.columns:
        header = col.label(lang)
        values = list(frame[col.name]) if col.name in frame else [None] * len(frame)
        kind = col.kind
        if kind == kinds.BOOL:
            values, kind = [None if kinds.is_empty(v) else kinds.display(kind, v, lang) for v in values], kinds.TEXT
        data[header] = values
        kinds_by_header[header] = kind
        if described is not None and col.name == after:
            lookup = described.get(source, {})
            ref = _reference_header(table, lang)
            data[ref] = [lookup.get((v,), "") for v in values]
            kinds_by_header[ref] = kinds.TEXT
    return Shown(pd.DataFrame(data, columns=list(data)), kinds_by_header)


def changes_frame(changed: pd.DataFrame, table: str, lang: str = "it",
                  described: Mapping[str, Mapping[Key, str]] | None = None) -> Shown:
    """Changed values, one line each: key columns, what the row is about, the column, before and after
    (as text in the interface language)."""
    spec = TABLE_BY_NAME[table]
    key = list(spec.key)
    data: dict[str, list] = {spec.column(k).label(lang): list(changed[k]) if len(changed) else [] for k in key}
    if described is not None:
        lookup = described.get(table, {})
        keys = list(changed[key].itertuples(index=False, name=None)) if len(changed) else []
        data[_description_header(table, lang)] = [lookup.get(k, "") for k in keys]
    rows = list(changed.itertuples(index=False)) if len(changed) else []
    data[t("column", lang)] = [spec.column(r.column).label(lang) for r in rows]
    data[t("before", lang)] = [format_value(table, r.column, r.old, lang) for r in rows]
    data[t("after", lang)] = [format_value(table, r.column, r.new, lang) for r in rows]
    return Shown(pd.DataFrame(data, columns=list(data)), dict.fromkeys(data, kinds.TEXT))
